/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Everything a resident sees, in one language: the top bar (logo, speech
 * on/off, help, stop), the offline note, the screens, the accessibility bar,
 * the on-screen keyboard and the idle warning over it all.
 *
 * The window builds a new shell when the language changes, so every
 * translated string comes fresh from its template, and puts the resident
 * back where they were with WwKioskPlace. The shell itself handles a newer
 * catalogue the same way, screen by screen.
 */

#include "config.h"

#include "ww-kiosk-shell.h"

#include <glib/gi18n-lib.h>

#include "ww-kiosk-a11y.h"
#include "ww-kiosk-admin-page.h"
#include "ww-kiosk-category-page.h"
#include "ww-kiosk-enum-types.h"
#include "ww-kiosk-help-page.h"
#include "ww-kiosk-home-page.h"
#include "ww-kiosk-idle-warning.h"
#include "ww-kiosk-keyboard.h"
#include "ww-kiosk-language-page.h"
#include "ww-kiosk-offline-banner.h"
#include "ww-kiosk-page.h"
#include "ww-kiosk-reader.h"
#include "ww-kiosk-service-page.h"
#include "ww-kiosk-shell-private.h"
#include "ww-kiosk-trace.h"
#include "ww-kiosk-welcome-page.h"
#include "ww-kiosk-wrap-box.h"
#include "wegwijs-core.h"

/* Holding the logo this long opens the admin screen. */
#define ADMIN_HOLD_MS 5000

struct _WwKioskShell
{
  GtkWidget parent_instance;

  GtkWidget            *main_box;
  GtkWidget            *top_bar;
  GtkLabel             *municipality_label;
  GtkWidget            *speaker_button;
  WwKioskOfflineBanner *offline_banner;
  GtkStack             *pages;
  GtkWidget            *a11y_bar;
  GtkWidget            *a11y_flow;
  GtkLabel             *language_label;
  GtkWidget            *language_button;
  GtkWidget            *read_aloud_button;
  GtkWidget            *speech_rate_button;
  GtkLabel             *speech_rate_label;
  GtkRevealer          *keyboard_revealer;
  WwKioskKeyboard      *keyboard;
  WwKioskIdleWarning   *idle_warning;

  WwKioskSession       *session;
  WwKioskCatalogSource *catalog_source;
  GSettings            *settings;
  WwKioskAdminGuard    *admin_guard;
  WwKioskIdleMonitor   *idle_monitor;
  WwCatalog            *catalog;

  WwKioskScreen screen;
  WwKioskScreen return_screen;
  char         *category_id;
  char         *service_id;

  GtkWidget *welcome_page;
  GtkWidget *language_page;
  GtkWidget *home_page;
  GtkWidget *category_page;
  GtkWidget *service_page;
  GtkWidget *help_page;
  GtkWidget *admin_page;

  GtkRoot   *root;
  GtkWidget *focus_before_warning;
  guint      admin_hold_id;
  gboolean   keyboard_dismissed;
  gboolean   speech_available;
  char      *speech_unavailable_reason;
};

G_DEFINE_FINAL_TYPE (WwKioskShell, ww_kiosk_shell, GTK_TYPE_WIDGET)

G_DEFINE_BOXED_TYPE (WwKioskPlace, ww_kiosk_place, ww_kiosk_place_copy, ww_kiosk_place_free)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_CATALOG_SOURCE,
  PROP_SETTINGS,
  PROP_ADMIN_GUARD,
  PROP_IDLE_MONITOR,
  PROP_SCREEN,
  PROP_SPEECH_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  STEP_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const screen_names[] = {
  [WW_KIOSK_SCREEN_WELCOME] = "welcome",   [WW_KIOSK_SCREEN_LANGUAGE] = "language", [WW_KIOSK_SCREEN_HOME] = "home",
  [WW_KIOSK_SCREEN_CATEGORY] = "category", [WW_KIOSK_SCREEN_SERVICE] = "service",   [WW_KIOSK_SCREEN_HELP] = "help",
  [WW_KIOSK_SCREEN_ADMIN] = "admin",
};

WwKioskPlace *
ww_kiosk_place_copy (const WwKioskPlace *self)
{
  WwKioskPlace *copy = g_new0 (WwKioskPlace, 1);

  *copy = *self;
  copy->category_id = g_strdup (self->category_id);
  copy->service_id = g_strdup (self->service_id);

  return copy;
}

void
ww_kiosk_place_free (WwKioskPlace *self)
{
  g_free (self->category_id);
  g_free (self->service_id);
  g_free (self);
}

static const char *
get_language (WwKioskShell *self)
{
  return ww_kiosk_session_get_language (self->session);
}

static void
replace_page (WwKioskShell *self, GtkWidget **slot, GtkWidget *page, WwKioskScreen screen)
{
  if (*slot != NULL)
    gtk_stack_remove (self->pages, *slot);

  *slot = page;
  if (page != NULL)
    gtk_stack_add_named (self->pages, page, screen_names[screen]);
}

static void
update_admin_speech_status (WwKioskShell *self)
{
  const char *reason = self->speech_unavailable_reason != NULL ? self->speech_unavailable_reason
                                                               : N_ ("Read aloud is not available on this kiosk");

  /* Without a speaker the page keeps its own words. */
  if (!self->speech_available && self->speech_unavailable_reason == NULL)
    return;
  if (self->admin_page != NULL)
    ww_kiosk_admin_page_set_speech_status (WW_KIOSK_ADMIN_PAGE (self->admin_page),
                                           self->speech_available ? _ ("Read aloud works") : _ (reason));
}

static GtkWidget *
ensure_page (WwKioskShell *self, WwKioskScreen screen)
{
  switch (screen)
    {
    case WW_KIOSK_SCREEN_WELCOME:
      if (self->welcome_page == NULL)
        {
          g_auto (GStrv) languages = g_settings_get_strv (self->settings, "languages");
          replace_page (self, &self->welcome_page, ww_kiosk_welcome_page_new ((const char *const *)languages), screen);
          g_object_bind_property (self, "speech-available", self->welcome_page, "speech-available",
                                  G_BINDING_SYNC_CREATE);
        }
      return self->welcome_page;

    case WW_KIOSK_SCREEN_LANGUAGE:
      if (self->language_page == NULL)
        {
          g_auto (GStrv) languages = g_settings_get_strv (self->settings, "languages");
          replace_page (self, &self->language_page,
                        ww_kiosk_language_page_new ((const char *const *)languages, get_language (self)), screen);
        }
      return self->language_page;

    case WW_KIOSK_SCREEN_HOME:
      if (self->home_page == NULL)
        {
          replace_page (
              self, &self->home_page,
              ww_kiosk_home_page_new (get_language (self), ww_kiosk_session_get_search_buffer (self->session)), screen);
          g_object_bind_property (self->catalog_source, "loading", self->home_page, "loading", G_BINDING_SYNC_CREATE);
          ww_kiosk_home_page_set_catalog (WW_KIOSK_HOME_PAGE (self->home_page), self->catalog);
        }
      return self->home_page;

    case WW_KIOSK_SCREEN_HELP:
      if (self->help_page == NULL)
        replace_page (self, &self->help_page, ww_kiosk_help_page_new (), screen);
      return self->help_page;

    case WW_KIOSK_SCREEN_ADMIN:
      /* A fresh one each time: no digit of an earlier try stays. */
      replace_page (self, &self->admin_page,
                    ww_kiosk_admin_page_new (self->settings, self->admin_guard, self->catalog_source), screen);
      update_admin_speech_status (self);
      return self->admin_page;

    case WW_KIOSK_SCREEN_CATEGORY:
      return self->category_page;

    case WW_KIOSK_SCREEN_SERVICE:
      return self->service_page;

    default:
      g_return_val_if_reached (NULL);
    }
}

static void
update_chrome (WwKioskShell *self)
{
  /* The bar comes back only once the keyboard is fully gone: both at once
   * would not fit on a small screen with large text. */
  gboolean keyboard_shown = gtk_revealer_get_reveal_child (self->keyboard_revealer) ||
                            gtk_revealer_get_child_revealed (self->keyboard_revealer);

  gtk_widget_set_visible (self->a11y_bar, self->screen != WW_KIOSK_SCREEN_WELCOME &&
                                              self->screen != WW_KIOSK_SCREEN_ADMIN && !keyboard_shown);
  /* Where a resident looks for something or asks for help; inside the
   * guide every line of the screen goes to the step itself. */
  ww_kiosk_offline_banner_set_revealed (
      self->offline_banner, !ww_kiosk_catalog_source_get_online (self->catalog_source) &&
                                (self->screen == WW_KIOSK_SCREEN_HOME || self->screen == WW_KIOSK_SCREEN_CATEGORY ||
                                 self->screen == WW_KIOSK_SCREEN_HELP));
}

/* The revealer stays hidden while the keyboard is away: a hidden revealer
 * is not measured, and a keyboard's worth of keys is measured on every
 * layout otherwise (the first frame, every change of screen). */
static void
reveal_keyboard (WwKioskShell *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->keyboard_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->keyboard_revealer, TRUE);
}

static void
hide_keyboard (WwKioskShell *self)
{
  gtk_revealer_set_reveal_child (self->keyboard_revealer, FALSE);
  ww_kiosk_keyboard_set_target (self->keyboard, NULL);
  update_chrome (self);
}

static void
show_screen (WwKioskShell *self, WwKioskScreen screen, gboolean move_focus)
{
  GtkWidget *page = ensure_page (self, screen);

  if (page == NULL)
    {
      /* A category or service that is gone: go up, never to a blank screen. */
      screen = WW_KIOSK_SCREEN_HOME;
      page = ensure_page (self, screen);
    }

  hide_keyboard (self);
  gtk_stack_set_visible_child (self->pages, page);
  if (G_UNLIKELY (_ww_kiosk_trace_enabled))
    {
      g_autofree char *shown = g_strdup_printf ("screen %s shown", screen_names[screen]);
      g_autofree char *painted = g_strdup_printf ("screen %s painted", screen_names[screen]);

      _ww_kiosk_trace_mark (shown);
      _ww_kiosk_trace_mark_next_paint (GTK_WIDGET (self), painted);
    }

  if (self->screen != screen)
    {
      self->screen = screen;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCREEN]);
    }

  update_chrome (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "nav.go-back",
                                 screen != WW_KIOSK_SCREEN_WELCOME && screen != WW_KIOSK_SCREEN_HOME);

  if (move_focus)
    ww_kiosk_page_focus_default (WW_KIOSK_PAGE (page));
}

static gboolean
open_category (WwKioskShell *self, const char *id)
{
  WwCategory *category = self->catalog != NULL && id != NULL ? ww_catalog_lookup_category (self->catalog, id) : NULL;

  g_free (self->category_id);
  self->category_id = category != NULL ? g_strdup (id) : NULL;
  replace_page (self, &self->category_page,
                category != NULL ? ww_kiosk_category_page_new (category, get_language (self)) : NULL,
                WW_KIOSK_SCREEN_CATEGORY);

  return category != NULL;
}

static void
service_position_changed_cb (WwKioskServicePage *page, GParamSpec *pspec, WwKioskShell *self)
{
  if (self->screen == WW_KIOSK_SCREEN_SERVICE && GTK_WIDGET (page) == self->service_page)
    g_signal_emit (self, signals[STEP_CHANGED], 0);
}

static gboolean
open_service (WwKioskShell *self, const char *id, guint position)
{
  WwService *service = self->catalog != NULL && id != NULL ? ww_catalog_lookup_service (self->catalog, id) : NULL;

  g_free (self->service_id);
  self->service_id = service != NULL ? g_strdup (id) : NULL;
  replace_page (self, &self->service_page,
                service != NULL ? ww_kiosk_service_page_new (service, get_language (self)) : NULL,
                WW_KIOSK_SCREEN_SERVICE);

  if (service == NULL)
    return FALSE;

  ww_kiosk_service_page_set_position (WW_KIOSK_SERVICE_PAGE (self->service_page), position);
  g_signal_connect_object (self->service_page, "notify::position", G_CALLBACK (service_position_changed_cb), self,
                           G_CONNECT_DEFAULT);
  /* Back from a service found by search leads to its category. */
  if (self->category_id == NULL || g_strcmp0 (self->category_id, ww_service_get_category_id (service)) != 0)
    open_category (self, ww_service_get_category_id (service));

  return TRUE;
}

/* Screens that are not part of the way down to a service. */
static gboolean
is_side_screen (WwKioskScreen screen)
{
  return screen == WW_KIOSK_SCREEN_LANGUAGE || screen == WW_KIOSK_SCREEN_HELP || screen == WW_KIOSK_SCREEN_ADMIN;
}

static void
show_side_screen (WwKioskShell *self, WwKioskScreen screen)
{
  if (!is_side_screen (self->screen))
    self->return_screen = self->screen == WW_KIOSK_SCREEN_WELCOME ? WW_KIOSK_SCREEN_HOME : self->screen;

  show_screen (self, screen, TRUE);
}

static void
start_visit_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskShell *self = WW_KIOSK_SHELL (widget);

  self->return_screen = WW_KIOSK_SCREEN_HOME;
  show_screen (self, WW_KIOSK_SCREEN_LANGUAGE, TRUE);
}

static void
go_home_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  show_screen (WW_KIOSK_SHELL (widget), WW_KIOSK_SCREEN_HOME, TRUE);
}

static void
go_back_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskShell *self = WW_KIOSK_SHELL (widget);

  switch (self->screen)
    {
    case WW_KIOSK_SCREEN_SERVICE:
      show_screen (self, self->category_page != NULL ? WW_KIOSK_SCREEN_CATEGORY : WW_KIOSK_SCREEN_HOME, TRUE);
      break;
    case WW_KIOSK_SCREEN_CATEGORY:
      show_screen (self, WW_KIOSK_SCREEN_HOME, TRUE);
      break;
    case WW_KIOSK_SCREEN_LANGUAGE:
    case WW_KIOSK_SCREEN_HELP:
    case WW_KIOSK_SCREEN_ADMIN:
      show_screen (self, self->return_screen, TRUE);
      break;
    case WW_KIOSK_SCREEN_WELCOME:
    case WW_KIOSK_SCREEN_HOME:
    default:
      break;
    }
}

static void
show_languages_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  show_side_screen (WW_KIOSK_SHELL (widget), WW_KIOSK_SCREEN_LANGUAGE);
}

static void
show_help_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskShell *self = WW_KIOSK_SHELL (widget);
  const char   *subject = NULL;

  if (self->screen == WW_KIOSK_SCREEN_HELP)
    return;

  ensure_page (self, WW_KIOSK_SCREEN_HELP);
  if (self->screen == WW_KIOSK_SCREEN_SERVICE && self->service_page != NULL)
    subject = ww_text_get (
        ww_service_get_title (ww_kiosk_service_page_get_service (WW_KIOSK_SERVICE_PAGE (self->service_page))),
        get_language (self));
  ww_kiosk_help_page_set_subject (WW_KIOSK_HELP_PAGE (self->help_page), subject);

  show_side_screen (self, WW_KIOSK_SCREEN_HELP);
}

static void
open_category_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskShell *self = WW_KIOSK_SHELL (widget);

  open_category (self, g_variant_get_string (parameter, NULL));
  show_screen (self, WW_KIOSK_SCREEN_CATEGORY, TRUE);
}

static void
open_service_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskShell *self = WW_KIOSK_SHELL (widget);

  open_service (self, g_variant_get_string (parameter, NULL), 0);
  show_screen (self, WW_KIOSK_SCREEN_SERVICE, TRUE);
}

static void
choose_language_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskShell *self = WW_KIOSK_SHELL (widget);

  /* Go on first: the new language rebuilds this shell where it stands. */
  show_screen (self, self->return_screen, TRUE);
  gtk_widget_activate_action_variant (widget, "kiosk.set-language", parameter);
}

static void
update_municipality (WwKioskShell *self)
{
  WwText *name = self->catalog != NULL ? ww_catalog_get_municipality (self->catalog) : NULL;

  gtk_label_set_label (self->municipality_label, name != NULL ? ww_text_get (name, get_language (self)) : "");
}

/* A newer catalogue: rebuild what shows catalogue text, keep the place. */
static void
catalog_changed_cb (WwKioskCatalogSource *source, GParamSpec *pspec, WwKioskShell *self)
{
  g_autoptr (WwKioskPlace) place = ww_kiosk_shell_dup_place (self);
  gboolean had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self->pages)) != NULL;

  g_set_object (&self->catalog, ww_kiosk_catalog_source_get_catalog (source));
  update_municipality (self);

  if (self->home_page != NULL)
    ww_kiosk_home_page_set_catalog (WW_KIOSK_HOME_PAGE (self->home_page), self->catalog);

  ww_kiosk_shell_restore_place (self, place);
  if (had_focus && gtk_widget_get_focus_child (GTK_WIDGET (self->pages)) == NULL)
    ww_kiosk_page_focus_default (WW_KIOSK_PAGE (gtk_stack_get_visible_child (self->pages)));
}

static void
online_changed_cb (WwKioskCatalogSource *source, GParamSpec *pspec, WwKioskShell *self)
{
  update_chrome (self);
}

static void
update_speech_hint (WwKioskShell *self)
{
  const char *reason = self->speech_unavailable_reason != NULL ? self->speech_unavailable_reason
                                                               : N_ ("Read aloud is not available on this kiosk");
  const char *hint = self->speech_available ? NULL : _ (reason);
  GtkWidget  *buttons[] = { self->speaker_button, self->read_aloud_button, self->speech_rate_button };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      gtk_widget_set_tooltip_text (buttons[i], hint);
      if (hint != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (buttons[i]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint, -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (buttons[i]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  update_admin_speech_status (self);
}

/* The keyboard follows the focus into and out of text fields. */
static void
focus_widget_changed_cb (GtkRoot *root, GParamSpec *pspec, WwKioskShell *self)
{
  GtkWidget *focus = gtk_root_get_focus (root);

  if (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->keyboard)))
    return;

  if (GTK_IS_TEXT (focus) && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->pages)))
    {
      ww_kiosk_keyboard_set_target (self->keyboard, GTK_EDITABLE (focus));
      if (!self->keyboard_dismissed)
        {
          reveal_keyboard (self);
          update_chrome (self);
        }
      return;
    }

  self->keyboard_dismissed = FALSE;
  if (gtk_revealer_get_reveal_child (self->keyboard_revealer))
    hide_keyboard (self);
}

static void
keyboard_revealed_cb (GtkRevealer *revealer, GParamSpec *pspec, WwKioskShell *self)
{
  if (!gtk_revealer_get_reveal_child (revealer) && !gtk_revealer_get_child_revealed (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
  update_chrome (self);
}

static void
keyboard_hide_requested_cb (WwKioskKeyboard *keyboard, WwKioskShell *self)
{
  self->keyboard_dismissed = TRUE;
  gtk_revealer_set_reveal_child (self->keyboard_revealer, FALSE);
  update_chrome (self);
}

/* A touch on a text field brings a hidden keyboard back. */
static void
pages_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, WwKioskShell *self)
{
  GtkWidget *target = gtk_widget_pick (GTK_WIDGET (self->pages), x, y, GTK_PICK_DEFAULT);

  for (; target != NULL && target != GTK_WIDGET (self->pages); target = gtk_widget_get_parent (target))
    if (GTK_IS_EDITABLE (target))
      {
        GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (target));

        self->keyboard_dismissed = FALSE;
        ww_kiosk_keyboard_set_target (self->keyboard, delegate != NULL ? delegate : GTK_EDITABLE (target));
        reveal_keyboard (self);
        update_chrome (self);
        return;
      }
}

static gboolean
admin_hold_elapsed_cb (gpointer user_data)
{
  WwKioskShell *self = user_data;

  self->admin_hold_id = 0;
  _ww_kiosk_shell_admin_gesture_completed (self);

  return G_SOURCE_REMOVE;
}

static void
logo_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, WwKioskShell *self)
{
  g_clear_handle_id (&self->admin_hold_id, g_source_remove);
  self->admin_hold_id = g_timeout_add (ADMIN_HOLD_MS, admin_hold_elapsed_cb, self);
  g_source_set_name_by_id (self->admin_hold_id, "[wegwijs] admin hold");
}

static void
logo_released_cb (GtkGestureClick *gesture, int n_press, double x, double y, WwKioskShell *self)
{
  g_clear_handle_id (&self->admin_hold_id, g_source_remove);
}

static void
logo_stopped_cb (GtkGestureClick *gesture, WwKioskShell *self)
{
  g_clear_handle_id (&self->admin_hold_id, g_source_remove);
}

static void
idle_state_changed_cb (WwKioskIdleMonitor *monitor, GParamSpec *pspec, WwKioskShell *self)
{
  gboolean warning = ww_kiosk_idle_monitor_get_state (monitor) == WW_KIOSK_IDLE_STATE_WARNING;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (warning == gtk_widget_get_visible (GTK_WIDGET (self->idle_warning)))
    return;

  if (warning)
    {
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      g_set_weak_pointer (&self->focus_before_warning, focus);
      /* Nothing under the warning can take the focus while it is up. */
      gtk_widget_set_can_focus (self->main_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->idle_warning), TRUE);
      ww_kiosk_idle_warning_focus_button (self->idle_warning);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->idle_warning), FALSE);
      gtk_widget_set_can_focus (self->main_box, TRUE);
      if (self->focus_before_warning != NULL)
        gtk_widget_grab_focus (self->focus_before_warning);
      g_clear_weak_pointer (&self->focus_before_warning);
    }
}

static void
speech_rate_changed_cb (WwKioskSession *session, GParamSpec *pspec, WwKioskShell *self)
{
  gtk_label_set_label (self->speech_rate_label,
                       ww_kiosk_reader_get_rate_label (ww_kiosk_session_get_speech_rate (self->session)));
}

static void
language_changed_cb (WwKioskSession *session, GParamSpec *pspec, WwKioskShell *self)
{
  const char      *language = get_language (self);
  g_autofree char *label = g_strdup_printf (_ ("Language: %s"), ww_language_get_native_name (language));

  gtk_label_set_label (self->language_label, ww_language_get_native_name (language));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->language_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  ww_kiosk_keyboard_set_language (self->keyboard, language);
}

static void
ww_kiosk_shell_root (GtkWidget *widget)
{
  WwKioskShell *self = WW_KIOSK_SHELL (widget);

  GTK_WIDGET_CLASS (ww_kiosk_shell_parent_class)->root (widget);

  self->root = gtk_widget_get_root (widget);
  g_signal_connect_object (self->root, "notify::focus-widget", G_CALLBACK (focus_widget_changed_cb), self,
                           G_CONNECT_DEFAULT);
}

static void
ww_kiosk_shell_unroot (GtkWidget *widget)
{
  WwKioskShell *self = WW_KIOSK_SHELL (widget);

  if (self->root != NULL)
    g_signal_handlers_disconnect_by_func (self->root, focus_widget_changed_cb, self);
  self->root = NULL;

  GTK_WIDGET_CLASS (ww_kiosk_shell_parent_class)->unroot (widget);
}

static void
ww_kiosk_shell_constructed (GObject *object)
{
  WwKioskShell *self = WW_KIOSK_SHELL (object);

  G_OBJECT_CLASS (ww_kiosk_shell_parent_class)->constructed (object);

  g_return_if_fail (self->session != NULL && self->catalog_source != NULL && self->settings != NULL &&
                    self->admin_guard != NULL && self->idle_monitor != NULL);

  g_set_object (&self->catalog, ww_kiosk_catalog_source_get_catalog (self->catalog_source));

  g_signal_connect_object (self->catalog_source, "notify::catalog", G_CALLBACK (catalog_changed_cb), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (self->catalog_source, "notify::online", G_CALLBACK (online_changed_cb), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "notify::language", G_CALLBACK (language_changed_cb), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (self->idle_monitor, "notify::state", G_CALLBACK (idle_state_changed_cb), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "notify::speech-rate", G_CALLBACK (speech_rate_changed_cb), self,
                           G_CONNECT_DEFAULT);
  g_object_bind_property (self->idle_monitor, "remaining", self->idle_warning, "remaining", G_BINDING_SYNC_CREATE);

  language_changed_cb (self->session, NULL, self);
  speech_rate_changed_cb (self->session, NULL, self);
  update_municipality (self);
  update_speech_hint (self);
  show_screen (self, WW_KIOSK_SCREEN_WELCOME, FALSE);
  idle_state_changed_cb (self->idle_monitor, NULL, self);
}

static void
ww_kiosk_shell_dispose (GObject *object)
{
  WwKioskShell *self = WW_KIOSK_SHELL (object);

  g_clear_handle_id (&self->admin_hold_id, g_source_remove);
  g_clear_weak_pointer (&self->focus_before_warning);
  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_SHELL);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  self->welcome_page = self->language_page = self->home_page = NULL;
  self->category_page = self->service_page = self->help_page = self->admin_page = NULL;

  g_clear_object (&self->catalog);
  g_clear_object (&self->session);
  g_clear_object (&self->catalog_source);
  g_clear_object (&self->settings);
  g_clear_object (&self->admin_guard);
  g_clear_object (&self->idle_monitor);

  G_OBJECT_CLASS (ww_kiosk_shell_parent_class)->dispose (object);
}

static void
ww_kiosk_shell_finalize (GObject *object)
{
  WwKioskShell *self = WW_KIOSK_SHELL (object);

  g_clear_pointer (&self->category_id, g_free);
  g_clear_pointer (&self->service_id, g_free);
  g_clear_pointer (&self->speech_unavailable_reason, g_free);

  G_OBJECT_CLASS (ww_kiosk_shell_parent_class)->finalize (object);
}

static void
ww_kiosk_shell_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskShell *self = WW_KIOSK_SHELL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CATALOG_SOURCE:
      g_value_set_object (value, self->catalog_source);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ADMIN_GUARD:
      g_value_set_object (value, self->admin_guard);
      break;
    case PROP_IDLE_MONITOR:
      g_value_set_object (value, self->idle_monitor);
      break;
    case PROP_SCREEN:
      g_value_set_enum (value, self->screen);
      break;
    case PROP_SPEECH_AVAILABLE:
      g_value_set_boolean (value, self->speech_available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_shell_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskShell *self = WW_KIOSK_SHELL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_CATALOG_SOURCE:
      self->catalog_source = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_ADMIN_GUARD:
      self->admin_guard = g_value_dup_object (value);
      break;
    case PROP_IDLE_MONITOR:
      self->idle_monitor = g_value_dup_object (value);
      break;
    case PROP_SPEECH_AVAILABLE:
      if (self->speech_available != g_value_get_boolean (value))
        {
          self->speech_available = g_value_get_boolean (value);
          update_speech_hint (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SCREEN:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_shell_class_init (WwKioskShellClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ww_kiosk_shell_constructed;
  object_class->dispose = ww_kiosk_shell_dispose;
  object_class->finalize = ww_kiosk_shell_finalize;
  object_class->get_property = ww_kiosk_shell_get_property;
  object_class->set_property = ww_kiosk_shell_set_property;

  widget_class->root = ww_kiosk_shell_root;
  widget_class->unroot = ww_kiosk_shell_unroot;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, WW_TYPE_KIOSK_SESSION,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG_SOURCE] =
      g_param_spec_object ("catalog-source", NULL, NULL, WW_TYPE_KIOSK_CATALOG_SOURCE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADMIN_GUARD] =
      g_param_spec_object ("admin-guard", NULL, NULL, WW_TYPE_KIOSK_ADMIN_GUARD,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE_MONITOR] =
      g_param_spec_object ("idle-monitor", NULL, NULL, WW_TYPE_KIOSK_IDLE_MONITOR,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCREEN] = g_param_spec_enum ("screen", NULL, NULL, WW_TYPE_KIOSK_SCREEN, WW_KIOSK_SCREEN_WELCOME,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskShell:speech-available:
   *
   * Whether a speaker exists; until then the read-aloud buttons say why
   * they do nothing.
   */
  properties[PROP_SPEECH_AVAILABLE] = g_param_spec_boolean (
      "speech-available", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WwKioskShell::step-changed:
   *
   * The guide on show went to another step: new text on the same screen.
   */
  signals[STEP_CHANGED] =
      g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "nav.start-visit", NULL, start_visit_cb);
  gtk_widget_class_install_action (widget_class, "nav.go-home", NULL, go_home_cb);
  gtk_widget_class_install_action (widget_class, "nav.go-back", NULL, go_back_cb);
  gtk_widget_class_install_action (widget_class, "nav.show-languages", NULL, show_languages_cb);
  gtk_widget_class_install_action (widget_class, "nav.show-help", NULL, show_help_cb);
  gtk_widget_class_install_action (widget_class, "nav.open-category", "s", open_category_cb);
  gtk_widget_class_install_action (widget_class, "nav.open-service", "s", open_service_cb);
  gtk_widget_class_install_action (widget_class, "nav.choose-language", "s", choose_language_cb);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-shell.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, main_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, top_bar);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, municipality_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, speaker_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, offline_banner);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, pages);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, a11y_bar);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, a11y_flow);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, language_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, language_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, read_aloud_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, speech_rate_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, speech_rate_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, keyboard_revealer);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, keyboard);
  gtk_widget_class_bind_template_child (widget_class, WwKioskShell, idle_warning);
  gtk_widget_class_bind_template_callback (widget_class, keyboard_hide_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, keyboard_revealed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pages_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, logo_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, logo_released_cb);
  gtk_widget_class_bind_template_callback (widget_class, logo_stopped_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "shell");
}

static void
ww_kiosk_shell_init (WwKioskShell *self)
{
  g_type_ensure (WW_TYPE_KIOSK_OFFLINE_BANNER);
  g_type_ensure (WW_TYPE_KIOSK_KEYBOARD);
  g_type_ensure (WW_TYPE_KIOSK_IDLE_WARNING);
  g_type_ensure (WW_TYPE_KIOSK_WRAP_BOX);

  gtk_widget_init_template (GTK_WIDGET (self));
  ww_kiosk_a11y_track_stack (self->pages);
  ww_kiosk_a11y_track_revealer (self->keyboard_revealer);

  /* Read aloud and its rate are one group, on and off together. */
  g_object_bind_property (self->read_aloud_button, "sensitive", gtk_widget_get_parent (self->read_aloud_button),
                          "sensitive", G_BINDING_SYNC_CREATE);
}

GtkWidget *
ww_kiosk_shell_new (WwKioskSession       *session,
                    WwKioskCatalogSource *catalog_source,
                    GSettings            *settings,
                    WwKioskAdminGuard    *admin_guard,
                    WwKioskIdleMonitor   *idle_monitor)
{
  return g_object_new (WW_TYPE_KIOSK_SHELL, "session", session, "catalog-source", catalog_source, "settings", settings,
                       "admin-guard", admin_guard, "idle-monitor", idle_monitor, NULL);
}

WwKioskScreen
ww_kiosk_shell_get_screen (WwKioskShell *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SHELL (self), WW_KIOSK_SCREEN_WELCOME);

  return self->screen;
}

WwKioskPlace *
ww_kiosk_shell_dup_place (WwKioskShell *self)
{
  WwKioskPlace place = { 0 };

  g_return_val_if_fail (WW_IS_KIOSK_SHELL (self), NULL);

  place.screen = self->screen;
  place.return_screen = self->return_screen;
  place.category_id = self->category_id;
  place.service_id = self->service_id;
  if (self->service_page != NULL)
    place.position = ww_kiosk_service_page_get_position (WW_KIOSK_SERVICE_PAGE (self->service_page));

  return ww_kiosk_place_copy (&place);
}

/* Puts the resident back at @place as far as the catalogue allows: a
 * service that is gone leads to its category, a category that is gone to
 * home. The admin screen is never restored. */
void
ww_kiosk_shell_restore_place (WwKioskShell *self, const WwKioskPlace *place)
{
  g_autofree char *category_id = NULL;
  g_autofree char *service_id = NULL;
  WwKioskScreen    screen;
  gboolean         move_focus;

  g_return_if_fail (WW_IS_KIOSK_SHELL (self));
  g_return_if_fail (place != NULL);

  category_id = g_strdup (place->category_id);
  service_id = g_strdup (place->service_id);
  screen = place->screen;
  move_focus = screen != self->screen;

  self->return_screen = place->return_screen;
  open_category (self, category_id);
  if (!open_service (self, service_id, place->position))
    {
      if (screen == WW_KIOSK_SCREEN_SERVICE)
        screen = WW_KIOSK_SCREEN_CATEGORY;
      if (self->return_screen == WW_KIOSK_SCREEN_SERVICE)
        self->return_screen = WW_KIOSK_SCREEN_CATEGORY;
    }
  if (self->category_page == NULL)
    {
      if (screen == WW_KIOSK_SCREEN_CATEGORY)
        screen = WW_KIOSK_SCREEN_HOME;
      if (self->return_screen == WW_KIOSK_SCREEN_CATEGORY)
        self->return_screen = WW_KIOSK_SCREEN_HOME;
    }
  if (screen == WW_KIOSK_SCREEN_ADMIN)
    screen = self->return_screen;
  if (screen == WW_KIOSK_SCREEN_HELP && self->screen != WW_KIOSK_SCREEN_HELP)
    {
      ensure_page (self, WW_KIOSK_SCREEN_HELP);
      if (self->service_page != NULL && self->return_screen == WW_KIOSK_SCREEN_SERVICE)
        ww_kiosk_help_page_set_subject (WW_KIOSK_HELP_PAGE (self->help_page),
                                        ww_text_get (ww_service_get_title (ww_kiosk_service_page_get_service (
                                                         WW_KIOSK_SERVICE_PAGE (self->service_page))),
                                                     get_language (self)));
    }

  /* The page under the focus was replaced: give the focus to the new one. */
  show_screen (self, screen, move_focus || screen == WW_KIOSK_SCREEN_CATEGORY || screen == WW_KIOSK_SCREEN_SERVICE);
}

/* Moves the focus to where a resident starts on the page on show. */
gboolean
ww_kiosk_shell_focus_page (WwKioskShell *self)
{
  GtkWidget *page;

  g_return_val_if_fail (WW_IS_KIOSK_SHELL (self), FALSE);

  page = gtk_stack_get_visible_child (self->pages);
  return page != NULL && ww_kiosk_page_focus_default (WW_KIOSK_PAGE (page));
}

/* The page on show. */
GtkWidget *
ww_kiosk_shell_get_page (WwKioskShell *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SHELL (self), NULL);

  return gtk_stack_get_visible_child (self->pages);
}

/* The main text of the page on show, in reading order: what the read-aloud
 * button will hand to the speaker. */
char *
ww_kiosk_shell_get_reading_text (WwKioskShell *self)
{
  GtkWidget *page;

  g_return_val_if_fail (WW_IS_KIOSK_SHELL (self), NULL);

  page = gtk_stack_get_visible_child (self->pages);
  return page != NULL ? ww_kiosk_page_get_reading_text (WW_KIOSK_PAGE (page)) : g_strdup ("");
}

/**
 * ww_kiosk_shell_set_speech_unavailable_reason:
 * @reason: (nullable): an untranslated message (see
 *   ww_kiosk_reader_get_unavailable_reason()), %NULL for the general one
 *
 * What the speech buttons say while they are off.
 */
void
ww_kiosk_shell_set_speech_unavailable_reason (WwKioskShell *self, const char *reason)
{
  g_return_if_fail (WW_IS_KIOSK_SHELL (self));

  if (g_strcmp0 (self->speech_unavailable_reason, reason) == 0)
    return;

  g_free (self->speech_unavailable_reason);
  self->speech_unavailable_reason = g_strdup (reason);
  update_speech_hint (self);
}

char *
ww_kiosk_shell_get_idle_warning_text (WwKioskShell *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SHELL (self), NULL);

  return ww_kiosk_idle_warning_get_text (self->idle_warning);
}

void
_ww_kiosk_shell_admin_gesture_completed (WwKioskShell *self)
{
  g_autofree char *hash = NULL;

  g_return_if_fail (WW_IS_KIOSK_SHELL (self));

  /* With no PIN set the admin screen is off: the gesture does nothing, so
   * a resident who leans on the logo sees nothing odd. */
  hash = g_settings_get_string (self->settings, "admin-pin-hash");
  if (*hash == '\0' || self->screen == WW_KIOSK_SCREEN_ADMIN)
    return;

  show_side_screen (self, WW_KIOSK_SCREEN_ADMIN);
}

GtkWidget *
_ww_kiosk_shell_get_keyboard (WwKioskShell *self)
{
  return GTK_WIDGET (self->keyboard);
}

gboolean
_ww_kiosk_shell_get_keyboard_shown (WwKioskShell *self)
{
  return gtk_revealer_get_reveal_child (self->keyboard_revealer);
}

GtkWidget *
_ww_kiosk_shell_get_offline_banner (WwKioskShell *self)
{
  return GTK_WIDGET (self->offline_banner);
}

GtkWidget *
_ww_kiosk_shell_get_idle_warning (WwKioskShell *self)
{
  return GTK_WIDGET (self->idle_warning);
}

GtkWidget *
_ww_kiosk_shell_get_a11y_bar (WwKioskShell *self)
{
  return self->a11y_bar;
}

GtkWidget *
_ww_kiosk_shell_get_top_bar (WwKioskShell *self)
{
  return self->top_bar;
}
