/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk's only window: full screen, undecorated, sized to the monitor
 * even where full screen does not apply (a bare X server, a headless
 * compositor). It owns the resident's visit:
 *
 * - the WwKioskSession, replaced as a whole when the visit ends (Stop, or
 *   the idle warning running out), together with the clipboard, so nothing
 *   of one resident reaches the next;
 * - the interface language: a new language rebuilds the WwKioskShell so
 *   that every string is translated again, and flips the text direction;
 * - text size and contrast, as style classes and a CSS provider;
 * - the idle monitor, fed by every input event;
 * - speech: with a speaker (ww_kiosk_window_set_speaker()) it reads the
 *   page on show, the idle warning and whatever ww_kiosk_window_speak()
 *   is given, in the session's language and rate; any touch, key or change
 *   of screen silences it. ::read-aloud-requested tells observers what is
 *   about to be read.
 *
 * Keys that would lead out of the kiosk (the GTK Inspector, closing the
 * window) are swallowed here.
 */

#include "config.h"

#include "ww-kiosk-window.h"

#include <glib/gi18n-lib.h>

#include "ww-kiosk-call-banner.h"
#include "ww-kiosk-enum-types.h"
#include "ww-kiosk-i18n.h"
#include "ww-kiosk-reader.h"
#include "ww-kiosk-shell-private.h"
#include "ww-kiosk-shell.h"
#include "ww-kiosk-trace.h"
#include "ww-kiosk-window-private.h"
#include "ww-language.h"

struct _WwKioskWindow
{
  AdwApplicationWindow parent_instance;

  AdwBin            *shell_bin;
  WwKioskCallBanner *call_banner;
  WwKioskHelpQueue  *help_queue;
  WwKioskPrinter    *printer;

  GSettings            *settings;
  WwKioskCatalogSource *catalog_source;
  WwKioskAdminGuard    *admin_guard;
  WwKioskIdleMonitor   *idle_monitor;
  WwKioskSession       *session;
  GBindingGroup        *session_bindings;
  GSignalGroup         *session_signals;
  WwKioskShell         *shell;
  GtkCssProvider       *high_contrast_provider;
  WwKioskReader        *reader;

  guint        text_size;
  gboolean     high_contrast;
  gboolean     speech_enabled;
  WwSpeechRate speech_rate;
  gboolean     speech_available;
  gboolean     high_contrast_applied;
  gboolean     starting_session;
};

G_DEFINE_FINAL_TYPE (WwKioskWindow, ww_kiosk_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_CATALOG_SOURCE,
  PROP_ADMIN_GUARD,
  PROP_SESSION,
  PROP_IDLE_MONITOR,
  PROP_TEXT_SIZE,
  PROP_HIGH_CONTRAST,
  PROP_SPEECH_ENABLED,
  PROP_SPEECH_RATE,
  PROP_SPEECH_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  READ_ALOUD_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const text_size_classes[] = { "ww-text-normal", "ww-text-large", "ww-text-larger" };

static void
apply_text_size (WwKioskWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_size_classes); i++)
    if (i == self->text_size)
      gtk_widget_add_css_class (GTK_WIDGET (self), text_size_classes[i]);
    else
      gtk_widget_remove_css_class (GTK_WIDGET (self), text_size_classes[i]);
}

static void
apply_high_contrast (WwKioskWindow *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));

  if (self->high_contrast == self->high_contrast_applied)
    return;

  if (self->high_contrast)
    {
      /* Read when first asked for: most visits never switch it on. */
      if (self->high_contrast_provider == NULL)
        {
          self->high_contrast_provider = gtk_css_provider_new ();
          gtk_css_provider_load_from_resource (self->high_contrast_provider, "/nl/wegwijs/Kiosk/css/style-hc.css");
        }
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (self->high_contrast_provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
      gtk_widget_add_css_class (GTK_WIDGET (self), "ww-high-contrast");
    }
  else
    {
      gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (self->high_contrast_provider));
      gtk_widget_remove_css_class (GTK_WIDGET (self), "ww-high-contrast");
    }
  self->high_contrast_applied = self->high_contrast;
}

static void
apply_language (WwKioskWindow *self)
{
  const char *language = ww_kiosk_session_get_language (self->session);

  ww_kiosk_i18n_set_language (language);
  gtk_widget_set_default_direction (ww_language_is_rtl (language) ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  if (self->reader != NULL)
    ww_kiosk_reader_set_language (self->reader, language);
  /* The banner lies over the shell and is not rebuilt with it. */
  ww_kiosk_call_banner_update_language (self->call_banner);
}

static void
stop_speech (WwKioskWindow *self)
{
  if (self->reader != NULL)
    ww_kiosk_reader_stop (self->reader);
}

static void
request_reading (WwKioskWindow *self, const char *text)
{
  if (self->speech_available && text != NULL && *text != '\0')
    g_signal_emit (self, signals[READ_ALOUD_REQUESTED], 0, text);
}

/* Reads the page on show, after @preamble (a line of interface text). */
static void
read_page (WwKioskWindow *self, const char *preamble)
{
  g_autofree char *page_text = ww_kiosk_window_get_reading_text (self);
  g_autofree char *text = preamble != NULL ? g_strconcat (preamble, "\n", page_text, NULL) : g_strdup (page_text);

  request_reading (self, text);
  if (self->reader != NULL)
    ww_kiosk_reader_read (self->reader, ww_kiosk_shell_get_page (self->shell), text);
}

/* Says that speech is on, then reads the page: the resident who turned it
 * on may not be able to read that it worked. */
static void
confirm_speech (WwKioskWindow *self)
{
  read_page (self, _ ("Speech is on"));
}

/* What was said about the last page is no use on this one. */
static void
page_changed (WwKioskWindow *self)
{
  stop_speech (self);
  if (self->speech_enabled && self->speech_available && g_settings_get_boolean (self->settings, "speech-auto-read"))
    read_page (self, NULL);
}

static void
step_changed_cb (WwKioskShell *shell, WwKioskWindow *self)
{
  page_changed (self);
}

static void
screen_changed_cb (WwKioskShell *shell, GParamSpec *pspec, WwKioskWindow *self)
{
  gboolean welcome = ww_kiosk_shell_get_screen (shell) == WW_KIOSK_SCREEN_WELCOME;

  /* Nobody's visit to time on the welcome screen. */
  if (welcome)
    ww_kiosk_idle_monitor_stop (self->idle_monitor);
  else if (ww_kiosk_idle_monitor_get_state (self->idle_monitor) == WW_KIOSK_IDLE_STATE_STOPPED)
    ww_kiosk_idle_monitor_start (self->idle_monitor);

  page_changed (self);
}

static void
update_speech_hint (WwKioskWindow *self)
{
  if (self->shell != NULL && self->reader != NULL)
    ww_kiosk_shell_set_speech_unavailable_reason (self->shell, ww_kiosk_reader_get_unavailable_reason (self->reader));
}

static void
rebuild_shell (WwKioskWindow *self, const WwKioskPlace *place)
{
  GtkWidget *shell =
      ww_kiosk_shell_new (self->session, self->catalog_source, self->settings, self->admin_guard, self->idle_monitor);

  g_object_bind_property (self, "speech-available", shell, "speech-available", G_BINDING_SYNC_CREATE);
  adw_bin_set_child (self->shell_bin, shell);
  self->shell = WW_KIOSK_SHELL (shell);
  update_speech_hint (self);

  if (place != NULL)
    ww_kiosk_shell_restore_place (self->shell, place);

  g_signal_connect_object (shell, "notify::screen", G_CALLBACK (screen_changed_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (shell, "step-changed", G_CALLBACK (step_changed_cb), self, G_CONNECT_DEFAULT);
  screen_changed_cb (self->shell, NULL, self);
  ww_kiosk_shell_focus_page (self->shell);
}

static void
session_language_changed_cb (WwKioskSession *session, GParamSpec *pspec, WwKioskWindow *self)
{
  g_autoptr (WwKioskPlace) place = ww_kiosk_shell_dup_place (self->shell);

  apply_language (self);
  rebuild_shell (self, place);
}

static void
start_session (WwKioskWindow *self)
{
  g_autoptr (WwKioskSession) old_session = g_steal_pointer (&self->session);

  stop_speech (self);
  self->session = ww_kiosk_session_new (self->settings);
  /* The new visit's speech setting is not a resident turning speech on. */
  self->starting_session = TRUE;
  g_binding_group_set_source (self->session_bindings, self->session);
  self->starting_session = FALSE;
  g_signal_group_set_target (self->session_signals, self->session);
  apply_language (self);
  rebuild_shell (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  /* The old visit ends here: its session dies with its last screen. Its
   * ticket stays in the queue, but not on the next resident's screen. */
  if (old_session != NULL)
    ww_kiosk_session_wipe (old_session);
  if (old_session != NULL && self->help_queue != NULL)
    ww_kiosk_help_queue_end_visit (self->help_queue);
}

static void
clear_clipboards (WwKioskWindow *self)
{
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)), NULL);
  gdk_clipboard_set_content (gtk_widget_get_primary_clipboard (GTK_WIDGET (self)), NULL);
}

static void
idle_expired_cb (WwKioskIdleMonitor *monitor, WwKioskWindow *self)
{
  ww_kiosk_window_end_visit (self);
}

static void
idle_state_changed_cb (WwKioskIdleMonitor *monitor, GParamSpec *pspec, WwKioskWindow *self)
{
  g_autofree char *text = NULL;

  if (ww_kiosk_idle_monitor_get_state (monitor) != WW_KIOSK_IDLE_STATE_WARNING)
    return;

  /* Seen, heard and spoken: a resident may be looking away. */
  gtk_widget_error_bell (GTK_WIDGET (self));
  if (self->speech_enabled)
    {
      text = ww_kiosk_shell_get_idle_warning_text (self->shell);
      request_reading (self, text);
      if (self->reader != NULL)
        ww_kiosk_reader_read (self->reader, _ww_kiosk_shell_get_idle_warning (self->shell), text);
    }
}

/* Every touch, click, key and scroll means someone is there. */
static gboolean
input_event_cb (GtkEventControllerLegacy *controller, GdkEvent *event, WwKioskWindow *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      /* Any touch silences the kiosk: what the resident does next matters
       * more than what it was saying. */
      stop_speech (self);
      ww_kiosk_idle_monitor_poke (self->idle_monitor);
      break;
    case GDK_KEY_PRESS:
      if (!gdk_key_event_is_modifier (event))
        stop_speech (self);
      ww_kiosk_idle_monitor_poke (self->idle_monitor);
      break;
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
      ww_kiosk_trace_mark ("input release");
      ww_kiosk_idle_monitor_poke (self->idle_monitor);
      break;
    case GDK_MOTION_NOTIFY:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      ww_kiosk_idle_monitor_poke (self->idle_monitor);
      break;
    case GDK_DELETE:
    case GDK_ENTER_NOTIFY:
    case GDK_LEAVE_NOTIFY:
    case GDK_FOCUS_CHANGE:
    case GDK_PROXIMITY_IN:
    case GDK_PROXIMITY_OUT:
    case GDK_DRAG_ENTER:
    case GDK_DRAG_LEAVE:
    case GDK_DRAG_MOTION:
    case GDK_DROP_START:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_BUTTON_RELEASE:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
    case GDK_PAD_GROUP_MODE:
    case GDK_GRAB_BROKEN:
    case GDK_TOUCH_CANCEL:
    case GDK_TOUCHPAD_HOLD:
    case GDK_EVENT_LAST:
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

/* Keys that lead out of the kiosk do nothing; Escape goes back a screen. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                WwKioskWindow         *self)
{
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();
  guint           key = gdk_keyval_to_lower (keyval);

  if ((modifiers & GDK_CONTROL_MASK) && (modifiers & GDK_SHIFT_MASK) && (key == GDK_KEY_d || key == GDK_KEY_i))
    return GDK_EVENT_STOP;
  if (modifiers == GDK_CONTROL_MASK && (key == GDK_KEY_q || key == GDK_KEY_w))
    return GDK_EVENT_STOP;
  if (modifiers == GDK_ALT_MASK && keyval == GDK_KEY_F4)
    return GDK_EVENT_STOP;
  if (keyval == GDK_KEY_F10 || keyval == GDK_KEY_Menu)
    return GDK_EVENT_STOP;

  if (keyval == GDK_KEY_Escape && modifiers == 0)
    {
      if (ww_kiosk_idle_monitor_get_state (self->idle_monitor) == WW_KIOSK_IDLE_STATE_WARNING)
        ww_kiosk_idle_monitor_poke (self->idle_monitor);
      else
        gtk_widget_activate_action (GTK_WIDGET (self->shell), "nav.go-back", NULL);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/* Focus is always shown, also after a touch: a resident with low vision
 * can then see where a keyboard or a switch will act. */
static void
focus_visible_changed_cb (GtkWindow *window, GParamSpec *pspec, gpointer user_data)
{
  if (!gtk_window_get_focus_visible (window))
    gtk_window_set_focus_visible (window, TRUE);
}

static void
stop_visit_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ww_kiosk_window_end_visit (WW_KIOSK_WINDOW (widget));
}

static void
set_language_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskWindow *self = WW_KIOSK_WINDOW (widget);
  const char    *language = g_variant_get_string (parameter, NULL);

  if (ww_language_is_known (language))
    ww_kiosk_session_set_language (self->session, language);
}

static void
read_page_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  read_page (WW_KIOSK_WINDOW (widget), NULL);
}

/* The welcome screen's long touch and Enter: on, and said so (again). */
static void
speech_on_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskWindow *self = WW_KIOSK_WINDOW (widget);

  if (!self->speech_available)
    return;

  if (self->speech_enabled)
    confirm_speech (self);
  else
    ww_kiosk_session_set_speech_enabled (self->session, TRUE);
}

static void
next_speech_rate_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskWindow *self = WW_KIOSK_WINDOW (widget);
  WwSpeechRate   rate = (ww_kiosk_session_get_speech_rate (self->session) + 1) % (WW_SPEECH_RATE_FAST + 1);

  ww_kiosk_session_set_speech_rate (self->session, rate);
  /* Heard at the new rate, so the resident can judge it. */
  if (self->reader != NULL)
    {
      ww_kiosk_reader_stop (self->reader);
      ww_kiosk_reader_speak (self->reader, ww_kiosk_reader_get_rate_label (rate));
    }
}

static void
confirm_presence_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ww_kiosk_idle_monitor_poke (WW_KIOSK_WINDOW (widget)->idle_monitor);
}

static gboolean
ww_kiosk_window_enable_debugging (GtkWindow *window, gboolean toggle)
{
  /* The Inspector would lead out of the kiosk: claim the key, do nothing. */
  return TRUE;
}

static gboolean
text_size_to_uint (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_uint (to, (guint)g_value_get_enum (from));
  return TRUE;
}

static gboolean
uint_to_text_size (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  guint size = g_value_get_uint (from);

  if (size > WW_KIOSK_TEXT_SIZE_LARGER)
    return FALSE;

  g_value_set_enum (to, (int)size);
  return TRUE;
}

static void
update_speech_actions (WwKioskWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.read-page", self->speech_available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.speech-on", self->speech_available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "a11y.read-aloud", self->speech_available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "a11y.next-speech-rate", self->speech_available);
}

static void
size_to_monitor (WwKioskWindow *self)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle geometry;

  if (monitor == NULL)
    return;

  gdk_monitor_get_geometry (monitor, &geometry);
  _ww_kiosk_window_set_screen_size (self, geometry.width, geometry.height);
}

static void
ww_kiosk_window_constructed (GObject *object)
{
  WwKioskWindow *self = WW_KIOSK_WINDOW (object);

  G_OBJECT_CLASS (ww_kiosk_window_parent_class)->constructed (object);

  g_return_if_fail (self->settings != NULL && self->catalog_source != NULL && self->admin_guard != NULL);

  g_settings_bind (self->settings, "idle-timeout", self->idle_monitor, "timeout", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "idle-warning-time", self->idle_monitor, "warning-time", G_SETTINGS_BIND_GET);

  size_to_monitor (self);
  update_speech_actions (self);
  start_session (self);
}

static void
ww_kiosk_window_dispose (GObject *object)
{
  WwKioskWindow *self = WW_KIOSK_WINDOW (object);

  if (self->idle_monitor != NULL)
    ww_kiosk_idle_monitor_stop (self->idle_monitor);
  if (self->high_contrast_applied)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->high_contrast_provider));
  self->high_contrast_applied = FALSE;

  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_WINDOW);
  self->shell = NULL;

  if (self->session_bindings != NULL)
    g_binding_group_set_source (self->session_bindings, NULL);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_bindings);
  g_clear_object (&self->session_signals);
  if (self->reader != NULL)
    g_signal_handlers_disconnect_by_data (self->reader, self);
  g_clear_object (&self->reader);
  g_clear_object (&self->session);
  g_clear_object (&self->help_queue);
  g_clear_object (&self->printer);
  g_clear_object (&self->idle_monitor);
  g_clear_object (&self->high_contrast_provider);
  g_clear_object (&self->settings);
  g_clear_object (&self->catalog_source);
  g_clear_object (&self->admin_guard);

  G_OBJECT_CLASS (ww_kiosk_window_parent_class)->dispose (object);
}

static void
ww_kiosk_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskWindow *self = WW_KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CATALOG_SOURCE:
      g_value_set_object (value, self->catalog_source);
      break;
    case PROP_ADMIN_GUARD:
      g_value_set_object (value, self->admin_guard);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_IDLE_MONITOR:
      g_value_set_object (value, self->idle_monitor);
      break;
    case PROP_TEXT_SIZE:
      g_value_set_uint (value, self->text_size);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_SPEECH_ENABLED:
      g_value_set_boolean (value, self->speech_enabled);
      break;
    case PROP_SPEECH_RATE:
      g_value_set_enum (value, self->speech_rate);
      break;
    case PROP_SPEECH_AVAILABLE:
      g_value_set_boolean (value, self->speech_available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskWindow *self = WW_KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_CATALOG_SOURCE:
      self->catalog_source = g_value_dup_object (value);
      break;
    case PROP_ADMIN_GUARD:
      self->admin_guard = g_value_dup_object (value);
      break;
    case PROP_TEXT_SIZE:
      if (self->text_size != g_value_get_uint (value))
        {
          self->text_size = g_value_get_uint (value);
          apply_text_size (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_HIGH_CONTRAST:
      if (self->high_contrast != g_value_get_boolean (value))
        {
          self->high_contrast = g_value_get_boolean (value);
          apply_high_contrast (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SPEECH_ENABLED:
      if (self->speech_enabled != g_value_get_boolean (value))
        {
          self->speech_enabled = g_value_get_boolean (value);
          if (!self->starting_session && self->speech_enabled)
            confirm_speech (self);
          else if (!self->speech_enabled)
            stop_speech (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SPEECH_RATE:
      if (self->speech_rate != (WwSpeechRate)g_value_get_enum (value))
        {
          self->speech_rate = g_value_get_enum (value);
          if (self->reader != NULL)
            ww_kiosk_reader_set_rate (self->reader, self->speech_rate);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SESSION:
    case PROP_IDLE_MONITOR:
    case PROP_SPEECH_AVAILABLE:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_window_class_init (WwKioskWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ww_kiosk_window_constructed;
  object_class->dispose = ww_kiosk_window_dispose;
  object_class->get_property = ww_kiosk_window_get_property;
  object_class->set_property = ww_kiosk_window_set_property;

  window_class->enable_debugging = ww_kiosk_window_enable_debugging;

  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG_SOURCE] =
      g_param_spec_object ("catalog-source", NULL, NULL, WW_TYPE_KIOSK_CATALOG_SOURCE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADMIN_GUARD] =
      g_param_spec_object ("admin-guard", NULL, NULL, WW_TYPE_KIOSK_ADMIN_GUARD,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskWindow:session:
   *
   * The visit now going on. A new object after every end of a visit.
   */
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, WW_TYPE_KIOSK_SESSION,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE_MONITOR] = g_param_spec_object ("idle-monitor", NULL, NULL, WW_TYPE_KIOSK_IDLE_MONITOR,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /* The session's choices, mirrored here for the a11y.* actions. */
  properties[PROP_TEXT_SIZE] = g_param_spec_uint ("text-size", NULL, NULL, 0, WW_KIOSK_TEXT_SIZE_LARGER, 0,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGH_CONTRAST] = g_param_spec_boolean (
      "high-contrast", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEECH_ENABLED] = g_param_spec_boolean (
      "speech-enabled", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEECH_RATE] =
      g_param_spec_enum ("speech-rate", NULL, NULL, WW_TYPE_SPEECH_RATE, WW_SPEECH_RATE_NORMAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskWindow:speech-available:
   *
   * Whether a speaker can read aloud in the session's language. Until one
   * can, the read-aloud controls are insensitive and say why.
   */
  properties[PROP_SPEECH_AVAILABLE] = g_param_spec_boolean (
      "speech-available", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WwKioskWindow::read-aloud-requested:
   * @text: what to read, in reading order, one paragraph a line
   *
   * Something is about to be read aloud: the page (the resident asked, or
   * a new page while speech and auto-read are on), the idle warning, or
   * text given to ww_kiosk_window_speak(). For observers; the window's
   * speaker, if it has one, reads it.
   */
  signals[READ_ALOUD_REQUESTED] = g_signal_new ("read-aloud-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "kiosk.stop-visit", NULL, stop_visit_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.set-language", "s", set_language_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.read-page", NULL, read_page_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.speech-on", NULL, speech_on_cb);
  gtk_widget_class_install_action (widget_class, "a11y.next-speech-rate", NULL, next_speech_rate_cb);
  gtk_widget_class_install_action (widget_class, "kiosk.confirm-presence", NULL, confirm_presence_cb);
  gtk_widget_class_install_property_action (widget_class, "a11y.text-size", "text-size");
  gtk_widget_class_install_property_action (widget_class, "a11y.high-contrast", "high-contrast");
  gtk_widget_class_install_property_action (widget_class, "a11y.read-aloud", "speech-enabled");

  g_type_ensure (WW_TYPE_KIOSK_CALL_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskWindow, shell_bin);
  gtk_widget_class_bind_template_child (widget_class, WwKioskWindow, call_banner);
  gtk_widget_class_bind_template_callback (widget_class, input_event_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, focus_visible_changed_cb);
}

static void
ww_kiosk_window_init (WwKioskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->idle_monitor = ww_kiosk_idle_monitor_new ();
  g_signal_connect_object (self->idle_monitor, "expired", G_CALLBACK (idle_expired_cb), self, G_CONNECT_DEFAULT);
  /* After the shell has shown the warning: its words are highlighted. */
  g_signal_connect_object (self->idle_monitor, "notify::state", G_CALLBACK (idle_state_changed_cb), self,
                           G_CONNECT_AFTER);

  self->session_bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->session_bindings, "text-size", self, "text-size",
                             G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL, text_size_to_uint, uint_to_text_size,
                             NULL, NULL);
  g_binding_group_bind (self->session_bindings, "high-contrast", self, "high-contrast",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->session_bindings, "speech-enabled", self, "speech-enabled",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->session_bindings, "speech-rate", self, "speech-rate", G_BINDING_SYNC_CREATE);

  self->session_signals = g_signal_group_new (WW_TYPE_KIOSK_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::language", G_CALLBACK (session_language_changed_cb),
                                 self, G_CONNECT_DEFAULT);

  apply_text_size (self);
  gtk_window_set_focus_visible (GTK_WINDOW (self), TRUE);
}

WwKioskWindow *
ww_kiosk_window_new (GtkApplication       *application,
                     GSettings            *settings,
                     WwKioskCatalogSource *catalog_source,
                     WwKioskAdminGuard    *admin_guard)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (catalog_source), NULL);
  g_return_val_if_fail (WW_IS_KIOSK_ADMIN_GUARD (admin_guard), NULL);

  return g_object_new (WW_TYPE_KIOSK_WINDOW, "application", application, "settings", settings, "catalog-source",
                       catalog_source, "admin-guard", admin_guard, NULL);
}

/*
 * The help queue and the printer, which outlive the window's visits. Set
 * once, before the first help screen is shown; without them the help
 * screen sends residents to the desk.
 */
static void
queue_speak_requested_cb (WwKioskHelpQueue *queue, const char *text, WwKioskWindow *self)
{
  ww_kiosk_window_speak (self, text);
}

void
ww_kiosk_window_set_help_queue (WwKioskWindow *self, WwKioskHelpQueue *help_queue, WwKioskPrinter *printer)
{
  g_return_if_fail (WW_IS_KIOSK_WINDOW (self));
  g_return_if_fail (help_queue == NULL || WW_IS_KIOSK_HELP_QUEUE (help_queue));
  g_return_if_fail (printer == NULL || WW_IS_KIOSK_PRINTER (printer));

  g_set_object (&self->help_queue, help_queue);
  g_set_object (&self->printer, printer);
  ww_kiosk_call_banner_set_queue (self->call_banner, help_queue);
  /* A new number and a call are said aloud when the resident has speech on. */
  if (help_queue != NULL)
    g_signal_connect_object (help_queue, "speak-requested", G_CALLBACK (queue_speak_requested_cb), self,
                             G_CONNECT_DEFAULT);
}

WwKioskHelpQueue *
ww_kiosk_window_get_help_queue (WwKioskWindow *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WINDOW (self), NULL);

  return self->help_queue;
}

WwKioskPrinter *
ww_kiosk_window_get_printer (WwKioskWindow *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WINDOW (self), NULL);

  return self->printer;
}

GtkWidget *
_ww_kiosk_window_get_call_banner (WwKioskWindow *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WINDOW (self), NULL);

  return GTK_WIDGET (self->call_banner);
}

WwKioskSession *
ww_kiosk_window_get_session (WwKioskWindow *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WINDOW (self), NULL);

  return self->session;
}

WwKioskIdleMonitor *
ww_kiosk_window_get_idle_monitor (WwKioskWindow *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WINDOW (self), NULL);

  return self->idle_monitor;
}

/*
 * Ends the visit at once: everything typed is wiped, the clipboards are
 * emptied, a new session starts with the settings' defaults (language,
 * text size, contrast, speech) and the welcome screen returns. Every
 * screen is built anew, so no scroll position or tick survives either.
 */
void
ww_kiosk_window_end_visit (WwKioskWindow *self)
{
  g_return_if_fail (WW_IS_KIOSK_WINDOW (self));

  ww_kiosk_idle_monitor_stop (self->idle_monitor);
  ww_kiosk_session_wipe (self->session);
  clear_clipboards (self);
  start_session (self);
}

gboolean
ww_kiosk_window_get_speech_available (WwKioskWindow *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WINDOW (self), FALSE);

  return self->speech_available;
}

/* Without a speaker (ww_kiosk_window_set_speaker()), for whoever reads
 * the text of ::read-aloud-requested: makes the read-aloud controls work. */
void
ww_kiosk_window_set_speech_available (WwKioskWindow *self, gboolean speech_available)
{
  g_return_if_fail (WW_IS_KIOSK_WINDOW (self));

  speech_available = !!speech_available;
  if (self->speech_available == speech_available)
    return;

  self->speech_available = speech_available;
  update_speech_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEECH_AVAILABLE]);
}

static void
reader_available_changed_cb (WwKioskReader *reader, GParamSpec *pspec, WwKioskWindow *self)
{
  ww_kiosk_window_set_speech_available (self, ww_kiosk_reader_get_available (reader));
  update_speech_hint (self);
}

/**
 * ww_kiosk_window_set_speaker:
 * @client: the speaker for the kiosk's whole life
 *
 * Gives the window its voice. @client is started at once, so that the
 * read-aloud controls know which languages have a voice; where the helper
 * is missing or a language has none they stay insensitive and say why.
 * Set once.
 */
void
ww_kiosk_window_set_speaker (WwKioskWindow *self, WwSpeakerClient *client)
{
  g_return_if_fail (WW_IS_KIOSK_WINDOW (self));
  g_return_if_fail (WW_IS_SPEAKER_CLIENT (client));
  g_return_if_fail (self->reader == NULL);

  self->reader = ww_kiosk_reader_new (client);
  ww_kiosk_reader_set_language (self->reader, ww_kiosk_session_get_language (self->session));
  ww_kiosk_reader_set_rate (self->reader, self->speech_rate);
  g_signal_connect_object (self->reader, "notify::available", G_CALLBACK (reader_available_changed_cb), self,
                           G_CONNECT_DEFAULT);
  reader_available_changed_cb (self->reader, NULL, self);
}

/**
 * ww_kiosk_window_speak:
 * @text: interface or catalogue text in the session's language, such as a
 *   ticket number ("Your number is A-042"); never what a resident typed
 *
 * Speaks @text after what is being spoken, if the resident turned speech
 * on and there is a voice for their language. Any touch silences it.
 *
 * Returns: whether @text will be spoken
 */
gboolean
ww_kiosk_window_speak (WwKioskWindow *self, const char *text)
{
  g_return_val_if_fail (WW_IS_KIOSK_WINDOW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!self->speech_enabled || !self->speech_available || *text == '\0')
    return FALSE;

  request_reading (self, text);
  if (self->reader != NULL)
    ww_kiosk_reader_speak (self->reader, text);

  return TRUE;
}

/* The main text of the screen on show, in reading order. */
char *
ww_kiosk_window_get_reading_text (WwKioskWindow *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WINDOW (self), NULL);

  return ww_kiosk_shell_get_reading_text (self->shell);
}

/*
 * The window is the screen: as wide as it, never narrower. GTK works out
 * the smallest height a window needs at its smallest width; at the screen's
 * width that is the height the layout really needs, so without a window
 * manager (a bare X server) the window does not grow past the screen when
 * large text wraps.
 */
void
_ww_kiosk_window_set_screen_size (WwKioskWindow *self, int width, int height)
{
  g_return_if_fail (WW_IS_KIOSK_WINDOW (self));

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  gtk_widget_set_size_request (GTK_WIDGET (self), width, -1);
}

WwKioskShell *
_ww_kiosk_window_get_shell (WwKioskWindow *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WINDOW (self), NULL);

  return self->shell;
}
