/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk application: one full-screen window, the settings, the source
 * of the service catalogue, the admin PIN guard, the line to the hub (when
 * the kiosk is enrolled), the help queue and the printer, which outlive
 * every resident's visit. Its actions are the admin panel's: reload the
 * catalogue, restart, and quit when the settings allow it.
 */

#include "config.h"

#include "ww-kiosk-application.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "ww-kiosk-help-queue.h"
#include "ww-kiosk-i18n.h"
#include "ww-kiosk-printer.h"
#include "ww-kiosk-trace.h"
#include "ww-kiosk-window.h"
#include "ww-kiosk-window-private.h"
#include "ww-systemd.h"

#define SCHEMA_ID "nl.wegwijs.Kiosk"

struct _WwKioskApplication
{
  AdwApplication parent_instance;

  GSettings            *settings;
  WwKioskCatalogSource *catalog_source;
  WwKioskAdminGuard    *admin_guard;
  WwKioskHub           *hub;
  WwKioskHelpQueue     *help_queue;
  WwKioskPrinter       *printer;
  GtkWindow            *speakerless_window;
  gboolean              restart_requested;
  gboolean              background_started;
  guint                 background_id;
  guint                 terminate_id;
  guint                 watchdog_id;
};

G_DEFINE_FINAL_TYPE (WwKioskApplication, ww_kiosk_application, ADW_TYPE_APPLICATION)

static void
reload_catalog_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ww_kiosk_catalog_source_reload (WW_KIOSK_APPLICATION (user_data)->catalog_source);
}

static void
restart_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  WwKioskApplication *self = user_data;

  self->restart_requested = TRUE;
  g_application_quit (G_APPLICATION (self));
}

static void
quit_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* systemd stops the kiosk session with SIGTERM: end the visit and quit
 * cleanly rather than die with a resident's data in memory. */
static gboolean
terminate_requested_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));

  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_actions[] = {
  { "reload-catalog", reload_catalog_activated_cb, NULL, NULL, NULL, { 0 } },
  { "restart", restart_activated_cb, NULL, NULL, NULL, { 0 } },
  { "quit", quit_activated_cb, NULL, NULL, NULL, { 0 } },
};

/*
 * What the first screen does not need waits until it is on screen: the
 * speech helper (espeak-ng reads every voice as it starts), the bundled
 * catalogue (parsed and checked in a thread) and the first heartbeat to the
 * hub. On a two-core kiosk they would otherwise take turns with the first
 * frame. Nothing a resident can reach is missing: speech shows itself as
 * unavailable until the helper answers, as it always did, and the home
 * screen says the catalogue is loading.
 */
static void
start_background_work (WwKioskApplication *self)
{
  g_clear_handle_id (&self->background_id, g_source_remove);
  if (self->background_started)
    return;

  self->background_started = TRUE;
  ww_kiosk_trace_mark ("background work");
  if (self->speakerless_window != NULL)
    {
      /* The installed wegwijs-speaker, or $WW_SPEAKER_HELPER. */
      g_autoptr (WwSpeakerClient) speaker = ww_speaker_client_new (NULL);

      ww_kiosk_window_set_speaker (WW_KIOSK_WINDOW (self->speakerless_window), speaker);
      g_clear_weak_pointer (&self->speakerless_window);
    }
  if (self->hub != NULL)
    ww_kiosk_hub_start (self->hub);
  ww_kiosk_catalog_source_reload (self->catalog_source);
}

static gboolean
background_work_due_cb (gpointer user_data)
{
  WwKioskApplication *self = user_data;

  self->background_id = 0;
  start_background_work (self);

  return G_SOURCE_REMOVE;
}

/* The kiosk is ready when its first frame is on screen: that is when the
 * session unit (Type=notify) counts it as started. Benchmarks measure
 * start-up to the same moment. */
static void
first_frame_painted_cb (GdkFrameClock *clock, GtkWidget *window)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (window));

  ww_kiosk_trace_mark ("first frame");
  ww_systemd_notify ("READY=1");
  if (g_getenv ("WEGWIJS_REPORT_FIRST_FRAME") != NULL)
    g_printerr ("wegwijs-kiosk: first frame at %" G_GINT64_FORMAT " us\n", g_get_real_time ());
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, window);

  /* After this frame is out, not in its paint cycle. */
  if (WW_IS_KIOSK_APPLICATION (application))
    {
      WwKioskApplication *self = WW_KIOSK_APPLICATION (application);

      g_clear_handle_id (&self->background_id, g_source_remove);
      if (!self->background_started)
        self->background_id = g_idle_add (background_work_due_cb, self);
    }
}

static void
window_mapped_cb (GtkWidget *window, gpointer user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame_painted_cb), window);
  g_signal_handlers_disconnect_by_func (window, window_mapped_cb, user_data);
}

/* For the demo and for development on a desktop: WEGWIJS_KIOSK_WINDOW=WxH
 * gives an ordinary window of that size instead of taking over the screen.
 * A resident cannot set the environment; the kiosk session never does. */
static gboolean
demo_window (GtkWindow *window)
{
  const char *value = g_getenv ("WEGWIJS_KIOSK_WINDOW");
  g_auto (GStrv) parts = NULL;
  guint64 width = 0;
  guint64 height = 0;

  if (value == NULL || *value == '\0')
    return FALSE;

  parts = g_strsplit (value, "x", 3);
  if (g_strv_length (parts) != 2 || !g_ascii_string_to_unsigned (parts[0], 10, 640, 7680, &width, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 480, 4320, &height, NULL))
    {
      g_printerr ("wegwijs-kiosk: WEGWIJS_KIOSK_WINDOW must be a size such as 1280x800, not \"%s\"\n", value);
      return FALSE;
    }

  _ww_kiosk_window_set_screen_size (WW_KIOSK_WINDOW (window), (int)width, (int)height);
  gtk_window_set_decorated (window, TRUE);
  return TRUE;
}

static char *
catalog_cache_path (WwKioskApplication *self)
{
  g_autofree char *dir = g_settings_get_string (self->settings, "catalog-cache-dir");

  if (*dir == '\0')
    {
      g_free (dir);
      dir = g_build_filename (g_get_user_cache_dir (), "wegwijs", NULL);
    }
  return g_build_filename (dir, "catalog.json", NULL);
}

static void
printer_available_changed_cb (WwKioskPrinter *printer, GParamSpec *pspec, WwKioskApplication *self)
{
  if (self->hub != NULL)
    ww_kiosk_hub_set_printer_status (self->hub, ww_kiosk_printer_get_available (printer) ? "configured" : "none");
}

/* An enrolled kiosk talks to its hub; one that is not (a demo, a kiosk
 * before enrolment) runs on its bundled catalogue and sends residents to
 * the desk for a person's help. */
static void
connect_hub (WwKioskApplication *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cache_path = NULL;

  self->hub = ww_kiosk_hub_new_from_settings (self->settings, &error);
  if (self->hub == NULL)
    g_message ("No hub: %s", error->message);
  self->help_queue = ww_kiosk_help_queue_new (self->hub);
  if (self->hub == NULL)
    return;

  cache_path = catalog_cache_path (self);
  ww_kiosk_catalog_source_set_hub (self->catalog_source, self->hub, cache_path);
  g_signal_connect_object (self->printer, "notify::available", G_CALLBACK (printer_available_changed_cb), self,
                           G_CONNECT_DEFAULT);
  printer_available_changed_cb (self->printer, NULL, self);
  /* Its first heartbeat goes with the background work. */
}

/*
 * The first frame's icons wait for two slow first times: reading the icon
 * themes (Adwaita's and hicolor's index.theme, the resource directories)
 * and loading the SVG renderer (gdk-pixbuf's loader, librsvg, the MIME
 * database). GtkIconTheme allows lookups from another thread once the main
 * thread has set it up, as GtkApplication's startup did; gdk-pixbuf loads
 * in threads too. So a short-lived thread does both while the main thread
 * builds the window, on the kiosk's second core, and GTK finds them warm.
 * It only fills caches: what is drawn does not change.
 */
static gpointer
warm_icons_thread (gpointer data)
{
  g_autoptr (GtkIconTheme) theme = data;
  g_autoptr (GdkPixbuf) pixbuf = NULL;

  gtk_icon_theme_has_icon (theme, "audio-volume-high-symbolic");
  pixbuf = gdk_pixbuf_new_from_resource_at_scale ("/nl/wegwijs/Kiosk/icons/scalable/actions/ww-touch-symbolic.svg", 16,
                                                  16, TRUE, NULL);
  return NULL;
}

static void
warm_icons (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (display != NULL)
    g_thread_unref (
        g_thread_new ("ww-warm-icons", warm_icons_thread, g_object_ref (gtk_icon_theme_get_for_display (display))));
}

static void
ww_kiosk_application_startup (GApplication *application)
{
  WwKioskApplication *self = WW_KIOSK_APPLICATION (application);
  GAction            *quit;

  ww_kiosk_trace_mark ("startup");
  G_APPLICATION_CLASS (ww_kiosk_application_parent_class)->startup (application);
  ww_kiosk_trace_mark ("adwaita started");
  warm_icons ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  quit = g_action_map_lookup_action (G_ACTION_MAP (self), "quit");
  g_settings_bind (self->settings, "admin-allow-exit", quit, "enabled", G_SETTINGS_BIND_GET);

  connect_hub (self);
  /* Without a window (a test that only registers the application) as soon
   * as nothing else is waiting; ww_kiosk_application_activate() puts it
   * after the first frame. */
  self->background_id = g_idle_add_full (G_PRIORITY_LOW, background_work_due_cb, self, NULL);
  self->terminate_id = g_unix_signal_add (SIGTERM, terminate_requested_cb, self);
  /* Pinged from the main loop: a frozen screen stops the pings and the
   * session unit restarts the kiosk. The unit's main process is cage. */
  self->watchdog_id = ww_systemd_watchdog_start (TRUE);
  ww_kiosk_trace_mark ("startup done");
}

static void
ww_kiosk_application_shutdown (GApplication *application)
{
  WwKioskApplication *self = WW_KIOSK_APPLICATION (application);
  GList              *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  g_clear_handle_id (&self->terminate_id, g_source_remove);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_handle_id (&self->background_id, g_source_remove);
  g_clear_weak_pointer (&self->speakerless_window);
  ww_systemd_notify ("STOPPING=1");
  if (self->hub != NULL)
    ww_kiosk_hub_stop (self->hub);
  /* The window ends the visit as it goes: typed text is wiped. */
  while (windows != NULL)
    {
      gtk_window_destroy (windows->data);
      windows = gtk_application_get_windows (GTK_APPLICATION (self));
    }

  G_APPLICATION_CLASS (ww_kiosk_application_parent_class)->shutdown (application);
}

static void
ww_kiosk_application_activate (GApplication *application)
{
  WwKioskApplication *self = WW_KIOSK_APPLICATION (application);
  GtkWindow          *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  ww_kiosk_trace_mark ("activate");
  if (window == NULL)
    {
      window = GTK_WINDOW (
          ww_kiosk_window_new (GTK_APPLICATION (self), self->settings, self->catalog_source, self->admin_guard));
      if (!self->background_started)
        {
          /* Its speaker comes with the rest of the background work: after
           * the first frame, or at the latest in 2 s should no frame come. */
          g_set_weak_pointer (&self->speakerless_window, window);
          g_clear_handle_id (&self->background_id, g_source_remove);
          self->background_id = g_timeout_add (2000, background_work_due_cb, self);
        }
      else
        {
          g_autoptr (WwSpeakerClient) speaker = ww_speaker_client_new (NULL);

          ww_kiosk_window_set_speaker (WW_KIOSK_WINDOW (window), speaker);
        }
      ww_kiosk_window_set_help_queue (WW_KIOSK_WINDOW (window), self->help_queue, self->printer);
      g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
      if (!demo_window (window))
        gtk_window_fullscreen (window);
      ww_kiosk_trace_mark ("window built");
    }

  gtk_window_present (window);
  ww_kiosk_trace_mark ("window presented");
}

static void
ww_kiosk_application_dispose (GObject *object)
{
  WwKioskApplication *self = WW_KIOSK_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->catalog_source);
  g_clear_object (&self->admin_guard);
  g_clear_object (&self->help_queue);
  g_clear_object (&self->hub);
  g_clear_object (&self->printer);

  G_OBJECT_CLASS (ww_kiosk_application_parent_class)->dispose (object);
}

static void
ww_kiosk_application_class_init (WwKioskApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ww_kiosk_application_dispose;

  application_class->startup = ww_kiosk_application_startup;
  application_class->activate = ww_kiosk_application_activate;
  application_class->shutdown = ww_kiosk_application_shutdown;
}

static void
ww_kiosk_application_init (WwKioskApplication *self)
{
  self->settings = g_settings_new (SCHEMA_ID);
  self->catalog_source = ww_kiosk_catalog_source_new ();
  self->admin_guard = ww_kiosk_admin_guard_new ();
  self->printer = ww_kiosk_printer_new (self->settings);
}

WwKioskApplication *
ww_kiosk_application_new (void)
{
  /* The resource path stays the same for the .Devel id, so that
   * AdwApplication finds style.css and the icons there. */
  return g_object_new (WW_TYPE_KIOSK_APPLICATION, "application-id", KIOSK_APP_ID, "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/nl/wegwijs/Kiosk", NULL);
}

GSettings *
ww_kiosk_application_get_settings (WwKioskApplication *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_APPLICATION (self), NULL);

  return self->settings;
}

WwKioskCatalogSource *
ww_kiosk_application_get_catalog_source (WwKioskApplication *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_APPLICATION (self), NULL);

  return self->catalog_source;
}

WwKioskAdminGuard *
ww_kiosk_application_get_admin_guard (WwKioskApplication *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_APPLICATION (self), NULL);

  return self->admin_guard;
}

/* The help queue; it works without a hub too (then it makes no tickets). */
WwKioskHelpQueue *
ww_kiosk_application_get_help_queue (WwKioskApplication *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_APPLICATION (self), NULL);

  return self->help_queue;
}

WwKioskPrinter *
ww_kiosk_application_get_printer (WwKioskApplication *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_APPLICATION (self), NULL);

  return self->printer;
}

gboolean
ww_kiosk_application_get_restart_requested (WwKioskApplication *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_APPLICATION (self), FALSE);

  return self->restart_requested;
}

/*
 * GTK parses its own default theme as it creates its settings (~5 ms on a
 * kiosk), only for libadwaita to replace it with its empty theme moments
 * later, in AdwApplication's startup. Creating the settings first, with
 * $GTK_THEME naming that empty theme, skips the parse; the theme name is
 * then set as libadwaita sets it, and $GTK_THEME is gone before libadwaita
 * looks at it (with $GTK_THEME set it would not load its own style sheet).
 * Done here, before the application registers on the session bus.
 *
 * GTK initialised here must leave the locale as ww_kiosk_i18n_init() set
 * it: its setlocale (LC_ALL, "") would put LC_MESSAGES back to the
 * environment's (C.UTF-8 in a kiosk session) before GLib's first
 * g_dgettext() decides, once, whether to translate at all.
 */
static void
skip_gtk_default_theme (void)
{
  GtkSettings *settings;

  if (g_getenv ("GTK_THEME") != NULL)
    return;

  gtk_disable_setlocale ();
  /* Set before GTK starts its threads (setenv() may move the environment
   * while another thread reads it; unsetenv() only shifts it in place). */
  g_setenv ("GTK_THEME", "Adwaita-empty", TRUE);
  settings = gtk_init_check () ? gtk_settings_get_default () : NULL;
  g_unsetenv ("GTK_THEME");
  if (settings != NULL)
    g_object_set (settings, "gtk-theme-name", "Adwaita-empty", NULL);
}

/* The whole program, for main(). */
int
ww_kiosk_main (int argc, char *argv[])
{
  g_autoptr (WwKioskApplication) application = NULL;
  gboolean restart;
  int      status;

  _ww_kiosk_trace_init ();
  ww_kiosk_trace_mark ("main");
  ww_kiosk_i18n_init ();
  /* GTK_DEBUG=interactive would open the Inspector, a way out of the kiosk. */
  if (g_strcmp0 (PROFILE, "development") != 0)
    g_unsetenv ("GTK_DEBUG");
  /* A kiosk without a GPU draws with cairo (GSK_RENDERER=cairo); then
   * nothing uses OpenGL, yet GDK would still load Mesa to pick a visual:
   * some 50 ms of a 2-core kiosk's start. */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
  skip_gtk_default_theme ();
  ww_kiosk_trace_mark ("gtk initialised");

  application = ww_kiosk_application_new ();
  status = g_application_run (G_APPLICATION (application), argc, argv);
  restart = ww_kiosk_application_get_restart_requested (application);
  g_clear_object (&application);

  if (restart)
    {
      execv ("/proc/self/exe", argv);
      g_printerr ("wegwijs-kiosk: cannot restart: %s\n", g_strerror (errno));
      return 1;
    }

  return status;
}
