/* SPDX-License-Identifier: EUPL-1.2 */

/* The application: one window, the settings, the style sheet, quit. */

#include "config.h"

#include "ww-desk-application.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <signal.h>

#include "ww-desk-window.h"

struct _WwDeskApplication
{
  AdwApplication parent_instance;
  GSettings     *settings;
  guint          sigterm_source;
};

G_DEFINE_FINAL_TYPE (WwDeskApplication, ww_desk_application, ADW_TYPE_APPLICATION)

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GList          *windows = gtk_application_get_windows (application);

  /* Closing the window ends the session (and the event stream) cleanly. */
  while (windows != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = gtk_application_get_windows (application);
    }
}

/* Logging out of the desktop sends SIGTERM: sign off the hub as Quit does. */
static gboolean
sigterm_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
};

static void
ww_desk_application_startup (GApplication *application)
{
  WwDeskApplication *self = WW_DESK_APPLICATION (application);
  const char        *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (ww_desk_application_parent_class)->startup (application);

  self->settings = g_settings_new ("nl.wegwijs.Desk");
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_window_set_default_icon_name ("nl.wegwijs.Desk");
  self->sigterm_source = g_unix_signal_add (SIGTERM, sigterm_cb, self);
}

static void
ww_desk_application_shutdown (GApplication *application)
{
  WwDeskApplication *self = WW_DESK_APPLICATION (application);

  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  G_APPLICATION_CLASS (ww_desk_application_parent_class)->shutdown (application);
}

static void
ww_desk_application_activate (GApplication *application)
{
  WwDeskApplication *self = WW_DESK_APPLICATION (application);
  GtkWindow         *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (ww_desk_window_new (GTK_APPLICATION (self), self->settings));
  gtk_window_present (window);
}

static void
ww_desk_application_dispose (GObject *object)
{
  WwDeskApplication *self = WW_DESK_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ww_desk_application_parent_class)->dispose (object);
}

static void
ww_desk_application_class_init (WwDeskApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ww_desk_application_dispose;
  application_class->startup = ww_desk_application_startup;
  application_class->activate = ww_desk_application_activate;
  application_class->shutdown = ww_desk_application_shutdown;
}

static void
ww_desk_application_init (WwDeskApplication *self)
{
}

WwDeskApplication *
ww_desk_application_new (void)
{
  /* The resource base path finds style.css and the icons by itself. */
  return g_object_new (WW_TYPE_DESK_APPLICATION, "application-id", DESK_APP_ID, "resource-base-path",
                       "/nl/wegwijs/Desk", "flags", G_APPLICATION_DEFAULT_FLAGS, NULL);
}

int
ww_desk_main (int argc, char *argv[])
{
  g_autoptr (WwDeskApplication) application = NULL;
  const char *localedir = g_getenv ("WEGWIJS_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_ ("Wegwijs Help Desk"));
  application = ww_desk_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
