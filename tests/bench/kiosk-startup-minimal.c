/* SPDX-License-Identifier: EUPL-1.2 */

/* The yardstick of tests/bench/kiosk-startup: the least a GTK 4 program
 * does to put a full-screen window with one label on the screen. It prints
 * the same line as the kiosk when its first frame is painted. */

#include <gtk/gtk.h>

static void
after_paint_cb (GdkFrameClock *clock, gpointer user_data)
{
  g_printerr ("minimal: first frame at %" G_GINT64_FORMAT " us\n", g_get_real_time ());
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, user_data);
}

static void
map_cb (GtkWidget *window, gpointer user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), NULL);
}

static void
activate_cb (GtkApplication *application, gpointer user_data)
{
  GtkWidget *window = gtk_application_window_new (application);

  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Welkom"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_fullscreen (GTK_WINDOW (window));
  g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GtkApplication) application = gtk_application_new ("nl.wegwijs.BenchMinimal", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (application, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (application), argc, argv);
}
