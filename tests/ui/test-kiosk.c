/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk window, driven as a resident would: welcome → language → home
 * → category → service → every step → back → home; the idle warning and
 * the end of a visit; Stop; the offline note; a newer catalogue; text
 * sizes, high contrast and right-to-left Arabic; the on-screen keyboard;
 * the admin PIN. Screenshots of every screen go to the build directory.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>

#include "kiosk-test-utils.h"
#include "wegwijs-core.h"
#include "wegwijs-kiosk.h"
#include "ww-kiosk-catalog-source-private.h"
#include "ww-kiosk-shell-private.h"
#include "ww-kiosk-window-private.h"

static WwKioskApplication *app;

typedef struct
{
  WwKioskWindow        *window;
  GSettings            *settings;
  WwKioskCatalogSource *source;
  const char           *language;
  int                   width;
  int                   height;
} Fixture;

typedef struct
{
  const char *language;
  int         width;
  int         height;
} FixtureParams;

static const char *const used_keys[] = {
  "default-language", "idle-timeout",   "idle-warning-time", "text-size",
  "high-contrast",    "admin-pin-hash", "admin-allow-exit",  "languages",
};

static gboolean
catalog_loaded (gpointer data)
{
  return ww_kiosk_catalog_source_get_catalog (data) != NULL && !ww_kiosk_catalog_source_get_loading (data);
}

static void
fixture_setup (Fixture *f, gconstpointer user_data)
{
  const FixtureParams *params = user_data;

  f->settings = ww_kiosk_application_get_settings (app);
  f->source = ww_kiosk_application_get_catalog_source (app);
  f->language = params != NULL && params->language != NULL ? params->language : "nl";
  f->width = params != NULL && params->width > 0 ? params->width : 1920;
  f->height = params != NULL && params->height > 0 ? params->height : 1080;

  if (g_getenv ("WW_DEBUG_SIZES") != NULL)
    kiosk_test_allow_criticals ();
  g_assert_true (kiosk_test_wait_until (catalog_loaded, f->source, 20000));
  g_settings_set_string (f->settings, "default-language", f->language);

  f->window =
      ww_kiosk_window_new (GTK_APPLICATION (app), f->settings, f->source, ww_kiosk_application_get_admin_guard (app));
  _ww_kiosk_window_set_screen_size (f->window, f->width, f->height);
  gtk_window_present (GTK_WINDOW (f->window));
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static void
fixture_teardown (Fixture *f, gconstpointer user_data)
{
  gpointer window = f->window;

  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (kiosk_test_wait_until (is_null, &window, 5000));

  for (guint i = 0; i < G_N_ELEMENTS (used_keys); i++)
    g_settings_reset (f->settings, used_keys[i]);
  _ww_kiosk_catalog_source_set_online (f->source, FALSE);
}

static WwKioskShell *
shell (Fixture *f)
{
  return _ww_kiosk_window_get_shell (f->window);
}

static WwKioskScreen
screen (Fixture *f)
{
  return ww_kiosk_shell_get_screen (shell (f));
}

static GtkWidget *
root (Fixture *f)
{
  return GTK_WIDGET (f->window);
}

static GtkWidget *
find (Fixture *f, const char *action, const char *target)
{
  GtkWidget *widget = kiosk_test_find_actionable (root (f), action, target);

  if (widget == NULL)
    g_error ("no visible widget for %s(%s)", action, target != NULL ? target : "");

  return widget;
}

static void
press (Fixture *f, const char *action, const char *target)
{
  kiosk_test_wait_for_frame (root (f));
  kiosk_test_click (find (f, action, target));
  if (g_getenv ("WW_DEBUG_SIZES") != NULL)
    kiosk_test_check_sizes (root (f));
  kiosk_test_wait_for_frame (root (f));
  if (g_getenv ("WW_DEBUG_SIZES") != NULL)
    g_printerr ("after %s(%s): screen %d, %dx%d\n", action, target ? target : "", screen (f),
                gtk_widget_get_width (root (f)), gtk_widget_get_height (root (f)));
  if (g_getenv ("WW_DEBUG_SIZES") != NULL && gtk_widget_get_height (root (f)) > f->height)
    for (GtkWidget *c = gtk_widget_get_first_child (gtk_widget_get_parent (_ww_kiosk_shell_get_top_bar (shell (f))));
         c != NULL; c = gtk_widget_get_next_sibling (c))
      {
        int mh, nh;
        gtk_widget_measure (c, GTK_ORIENTATION_VERTICAL, f->width, &mh, &nh, NULL, NULL);
        g_printerr ("   %s %d (now %d)\n", G_OBJECT_TYPE_NAME (c), mh, gtk_widget_get_height (c));
      }
}

static void
shoot (Fixture *f, const char *name)
{
  g_autofree char *full = g_strdup_printf ("kiosk-%s-%s-%dx%d", name, f->language, f->width, f->height);
  g_autofree char *path = kiosk_test_screenshot (root (f), full);
}

static const char *tr (Fixture *f, const char *msgid) G_GNUC_FORMAT (2);

static const char *
tr (Fixture *f, const char *msgid)
{
  return ww_kiosk_i18n_gettext_for (f->language, msgid);
}

static void
go_home (Fixture *f)
{
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_WELCOME);
  press (f, "nav.start-visit", NULL);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_LANGUAGE);
  press (f, "nav.choose-language", f->language);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_HOME);
}

static WwService *
lookup_service (Fixture *f, const char *id)
{
  return ww_catalog_lookup_service (ww_kiosk_catalog_source_get_catalog (f->source), id);
}

static GtkWidget *
page (Fixture *f)
{
  return ww_kiosk_shell_get_page (shell (f));
}

static void
assert_label_shown (Fixture *f, const char *text)
{
  GtkWidget *label = kiosk_test_find_label (page (f), text);

  if (label == NULL)
    g_error ("no label “%s” on the screen", text);
  g_assert_true (kiosk_test_is_showing (label));
}

/* Nothing is cut off: the window needs no more room than it has. */
static void
print_wide (GtkWidget *widget, int limit, int depth)
{
  int min, natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &natural, NULL, NULL);
  if (min <= limit || !gtk_widget_get_visible (widget))
    return;
  g_printerr ("%*s%s %s: %d\n", depth, "", G_OBJECT_TYPE_NAME (widget),
              GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : "", min);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    print_wide (child, limit, depth + 1);
}

static void
assert_fits (Fixture *f)
{
  int min_width, min_height, natural;

  kiosk_test_wait_for_frame (root (f));
  gtk_widget_measure (root (f), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &natural, NULL, NULL);
  if (min_width > f->width)
    {
      GtkWidget *main_box = gtk_widget_get_parent (_ww_kiosk_shell_get_top_bar (shell (f)));

      for (GtkWidget *child = gtk_widget_get_first_child (main_box); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min;

          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &natural, NULL, NULL);
          g_printerr ("%s: at least %d px wide\n", G_OBJECT_TYPE_NAME (child), child_min);
        }
      print_wide (page (f), 800, 0);
      g_error ("screen %d needs %d px of width, more than %d (text size %u)", screen (f), min_width, f->width,
               ww_kiosk_session_get_text_size (ww_kiosk_window_get_session (f->window)));
    }
  gtk_widget_measure (root (f), GTK_ORIENTATION_VERTICAL, f->width, &min_height, &natural, NULL, NULL);
  if (min_height > f->height)
    g_error ("screen %d needs %d px of height, more than %d (keyboard %s)", screen (f), min_height, f->height,
             _ww_kiosk_shell_get_keyboard_shown (shell (f)) ? "up" : "down");
  g_assert_cmpint (gtk_widget_get_width (root (f)), ==, f->width);
  g_assert_cmpint (gtk_widget_get_height (root (f)), ==, f->height);
}

/* Every label on show gets at least the room it asks for. */
static void
assert_no_clipped_labels (Fixture *f)
{
  g_autoptr (GPtrArray) labels = kiosk_test_collect (root (f), GTK_TYPE_LABEL, TRUE);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      int        width = gtk_widget_get_width (label);
      int        min_width, min_height, natural;

      if (!gtk_widget_get_mapped (label) || width == 0)
        continue;
      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &natural, NULL, NULL);
      gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, &min_height, &natural, NULL, NULL);
      if (width < min_width || gtk_widget_get_height (label) < min_height)
        g_error ("label “%s” is cut off: %dx%d, needs %dx%d", gtk_label_get_text (GTK_LABEL (label)), width,
                 gtk_widget_get_height (label), min_width, min_height);
    }
}

/* The whole path, in one language, with a screenshot of every screen. */
static void
test_path (Fixture *f, gconstpointer user_data)
{
  WwService  *service = lookup_service (f, "paspoort");
  GListModel *steps = ww_service_get_steps (service);
  guint       n_steps = g_list_model_get_n_items (steps);
  GtkWidget  *qr;

  shoot (f, "01-welcome");
  press (f, "nav.start-visit", NULL);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_LANGUAGE);
  assert_label_shown (f, tr (f, "Choose your language"));
  shoot (f, "02-language");

  press (f, "nav.choose-language", f->language);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_HOME);
  g_assert_cmpstr (ww_kiosk_session_get_language (ww_kiosk_window_get_session (f->window)), ==, f->language);
  assert_label_shown (f, tr (f, "What do you need help with?"));
  g_assert_cmpint (gtk_widget_get_direction (page (f)), ==,
                   ww_language_is_rtl (f->language) ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  shoot (f, "03-home");

  press (f, "nav.open-category", "documenten");
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_CATEGORY);
  assert_label_shown (f, ww_text_get (ww_category_get_title (ww_catalog_lookup_category (
                                          ww_kiosk_catalog_source_get_catalog (f->source), "documenten")),
                                      f->language));
  shoot (f, "04-category");

  press (f, "nav.open-service", "paspoort");
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_SERVICE);
  assert_label_shown (f, ww_text_get (ww_service_get_title (service), f->language));
  assert_label_shown (f, ww_text_get (ww_service_get_summary (service), f->language));
  assert_label_shown (f, tr (f, "What to bring"));
  for (guint i = 0; i < ww_service_get_bring (service)->len; i++)
    assert_label_shown (f, ww_text_get (g_ptr_array_index (ww_service_get_bring (service), i), f->language));
  assert_label_shown (f, ww_text_get (ww_service_get_where (service), f->language));
  shoot (f, "05-service");

  for (guint i = 1; i <= n_steps; i++)
    {
      g_autoptr (WwStep) step = g_list_model_get_item (steps, i - 1);
      g_autofree char *count = g_strdup_printf (tr (f, "Step %u of %u"), i, n_steps);
      g_autofree char *name = g_strdup_printf ("06-step-%u", i);

      press (f, "guide.next-step", NULL);
      assert_label_shown (f, count);
      assert_label_shown (f, ww_text_get (ww_step_get_title (step), f->language));
      assert_label_shown (f, ww_text_get (ww_step_get_text (step), f->language));
      if (i <= 2)
        shoot (f, name);
    }

  press (f, "guide.next-step", NULL);
  assert_label_shown (f, tr (f, "Continue on your phone"));
  qr = kiosk_test_find_by_type (page (f), WW_TYPE_KIOSK_QR_CODE);
  g_assert_nonnull (qr);
  g_assert_true (kiosk_test_is_showing (qr));
  g_assert_cmpstr (ww_kiosk_qr_code_get_text (WW_KIOSK_QR_CODE (qr)), ==, ww_service_get_link (service));
  g_assert_cmpuint (ww_kiosk_qr_code_get_modules (WW_KIOSK_QR_CODE (qr)), >=, 21);
  g_assert_null (kiosk_test_find_actionable (root (f), "guide.next-step", NULL));
  shoot (f, "07-finish");

  /* And all the way back. */
  for (guint i = 0; i < n_steps + 1; i++)
    press (f, "guide.previous-step", NULL);
  assert_label_shown (f, ww_text_get (ww_service_get_summary (service), f->language));
  press (f, "guide.previous-step", NULL);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_CATEGORY);
  press (f, "nav.go-home", NULL);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_HOME);

  press (f, "nav.show-help", NULL);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_HELP);
  assert_label_shown (f, tr (f, "Help from a person"));
  shoot (f, "08-help");
  press (f, "nav.go-back", NULL);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_HOME);
}

static gboolean
monitor_warning (gpointer data)
{
  return ww_kiosk_idle_monitor_get_state (data) == WW_KIOSK_IDLE_STATE_WARNING;
}

static gboolean
shell_on_welcome (gpointer data)
{
  Fixture *f = data;

  return screen (f) == WW_KIOSK_SCREEN_WELCOME;
}

static gboolean
keyboard_up (gpointer data)
{
  GtkWidget *keyboard = data;
  GtkWidget *revealer = gtk_widget_get_parent (keyboard);

  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)) && gtk_widget_get_mapped (keyboard) &&
         gtk_widget_get_width (keyboard) > 0;
}

static void
type_on_keyboard (Fixture *f, const char *keys)
{
  GtkWidget *keyboard = _ww_kiosk_shell_get_keyboard (shell (f));

  g_assert_true (kiosk_test_wait_until (keyboard_up, keyboard, 5000));
  kiosk_test_wait_for_frame (root (f));

  for (const char *key = keys; *key != '\0'; key = g_utf8_next_char (key))
    {
      char       text[8] = { 0 };
      GtkWidget *button;

      g_unichar_to_utf8 (g_utf8_get_char (key), text);
      button = NULL;
      {
        /* The keyboard may still be sliding in: it is there, if not yet whole. */
        g_autoptr (GPtrArray) buttons = kiosk_test_collect (keyboard, GTK_TYPE_BUTTON, FALSE);
        for (guint i = 0; i < buttons->len && button == NULL; i++)
          if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), text) == 0 &&
              gtk_widget_get_visible (g_ptr_array_index (buttons, i)))
            button = g_ptr_array_index (buttons, i);
      }
      if (button == NULL)
        g_error ("no key “%s” on the keyboard", text);
      kiosk_test_click (button);
    }
}

static GtkWidget *
search_entry (Fixture *f)
{
  GtkWidget *entry = kiosk_test_find_by_type (page (f), GTK_TYPE_ENTRY);

  g_assert_nonnull (entry);
  return entry;
}

/* Nothing typed is left in any text field of the window. */
static void
assert_nothing_typed (Fixture *f)
{
  g_autoptr (GPtrArray) editables = kiosk_test_collect (root (f), GTK_TYPE_EDITABLE, FALSE);

  for (guint i = 0; i < editables->len; i++)
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (editables, i)), ==, "");
  g_assert_cmpuint (
      gtk_entry_buffer_get_length (ww_kiosk_session_get_search_buffer (ww_kiosk_window_get_session (f->window))), ==,
      0);
}

static gboolean
a11y_bar_back (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_mapped (_ww_kiosk_shell_get_a11y_bar (shell (f)));
}

static void
set_text_size (Fixture *f, guint size)
{
  GtkWidget *button = NULL;
  g_autoptr (GPtrArray) toggles = NULL;

  /* The bar waits for the keyboard to slide away. */
  g_assert_true (kiosk_test_wait_until (a11y_bar_back, f, 5000));
  toggles = kiosk_test_collect (root (f), GTK_TYPE_TOGGLE_BUTTON, TRUE);

  for (guint i = 0; i < toggles->len; i++)
    {
      GtkActionable *actionable = g_ptr_array_index (toggles, i);
      GVariant      *target = gtk_actionable_get_action_target_value (actionable);

      if (g_strcmp0 (gtk_actionable_get_action_name (actionable), "a11y.text-size") == 0 && target != NULL &&
          g_variant_get_uint32 (target) == size)
        button = GTK_WIDGET (actionable);
    }
  kiosk_test_click (button);
  kiosk_test_wait_for_frame (root (f));
  g_assert_cmpint (ww_kiosk_session_get_text_size (ww_kiosk_window_get_session (f->window)), ==, size);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
}

static void
assert_fresh_visit (Fixture *f, gpointer old_session)
{
  WwKioskSession *session = ww_kiosk_window_get_session (f->window);

  g_assert_null (old_session);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_WELCOME);
  g_assert_cmpstr (ww_kiosk_session_get_language (session), ==, f->language);
  g_assert_cmpint (ww_kiosk_session_get_text_size (session), ==, WW_KIOSK_TEXT_SIZE_NORMAL);
  g_assert_false (ww_kiosk_session_get_high_contrast (session));
  g_assert_false (gtk_widget_has_css_class (root (f), "ww-high-contrast"));
  g_assert_true (gtk_widget_has_css_class (root (f), "ww-text-normal"));
  g_assert_null (gdk_clipboard_get_content (gtk_widget_get_clipboard (root (f))));
  assert_nothing_typed (f);
  g_assert_cmpint (ww_kiosk_idle_monitor_get_state (ww_kiosk_window_get_idle_monitor (f->window)), ==,
                   WW_KIOSK_IDLE_STATE_STOPPED);
}

static gpointer
start_messy_visit (Fixture *f)
{
  gpointer session;

  go_home (f);
  gtk_widget_grab_focus (search_entry (f));
  kiosk_test_wait_for_frame (root (f));
  g_assert_true (_ww_kiosk_shell_get_keyboard_shown (shell (f)));
  type_on_keyboard (f, "pas");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search_entry (f))), ==, "pas");
  gdk_clipboard_set_text (gtk_widget_get_clipboard (root (f)), "a secret");

  /* The accessibility bar sits under the keyboard: leave the field. */
  gtk_widget_grab_focus (find (f, "nav.show-help", NULL));
  kiosk_test_wait_for_frame (root (f));
  g_assert_false (_ww_kiosk_shell_get_keyboard_shown (shell (f)));
  set_text_size (f, WW_KIOSK_TEXT_SIZE_LARGER);
  press (f, "a11y.high-contrast", NULL);
  g_assert_true (ww_kiosk_session_get_high_contrast (ww_kiosk_window_get_session (f->window)));
  g_assert_true (gtk_widget_has_css_class (root (f), "ww-high-contrast"));

  session = ww_kiosk_window_get_session (f->window);
  return session;
}

static void
test_idle_reset (Fixture *f, gconstpointer user_data)
{
  WwKioskIdleMonitor *monitor = ww_kiosk_window_get_idle_monitor (f->window);
  GtkWidget          *warning = _ww_kiosk_shell_get_idle_warning (shell (f));
  gpointer            old_session;

  /* The shortest times the settings allow, on a fast clock. */
  g_settings_set_uint (f->settings, "idle-timeout", 30);
  g_settings_set_uint (f->settings, "idle-warning-time", 10);
  g_assert_cmpuint (ww_kiosk_idle_monitor_get_timeout (monitor), ==, 30);
  g_assert_cmpuint (ww_kiosk_idle_monitor_get_warning_time (monitor), ==, 10);
  g_assert_cmpuint (ww_kiosk_idle_monitor_get_state (monitor), ==, WW_KIOSK_IDLE_STATE_STOPPED);

  old_session = start_messy_visit (f);
  g_object_add_weak_pointer (old_session, &old_session);
  g_assert_cmpuint (ww_kiosk_idle_monitor_get_state (monitor), ==, WW_KIOSK_IDLE_STATE_ACTIVE);
  /* Then nobody touches it, on a fast clock. */
  g_object_set (monitor, "tick-length", 40, NULL);

  g_assert_true (kiosk_test_wait_until (monitor_warning, monitor, 5000));
  /* Real seconds while the warning is looked at: on a slow (sanitizer)
   * build the fast countdown could run out before the checks below. */
  g_object_set (monitor, "tick-length", 1000, NULL);
  warning = _ww_kiosk_shell_get_idle_warning (shell (f));
  kiosk_test_wait_for_frame (root (f));
  g_assert_true (kiosk_test_is_showing (warning));
  g_assert_cmpuint (ww_kiosk_idle_monitor_get_remaining (monitor), <=, 10);
  g_assert_true (gtk_widget_has_focus (find (f, "kiosk.confirm-presence", NULL)));
  shoot (f, "09-idle-warning");
  g_object_set (monitor, "tick-length", 40, NULL);

  g_assert_true (kiosk_test_wait_until (shell_on_welcome, f, 5000));
  kiosk_test_wait_for_frame (root (f));
  assert_fresh_visit (f, old_session);
}

static void text_heard_cb (WwKioskWindow *window, const char *text, char **heard);

static void
test_idle_still_here (Fixture *f, gconstpointer user_data)
{
  WwKioskIdleMonitor *monitor = ww_kiosk_window_get_idle_monitor (f->window);
  g_autofree char    *heard = NULL;
  gulong              handler;

  g_settings_set_uint (f->settings, "idle-timeout", 30);
  g_settings_set_uint (f->settings, "idle-warning-time", 10);

  go_home (f);
  press (f, "nav.open-category", "afval");

  /* With speech on (once a speaker exists) the warning is also spoken. */
  ww_kiosk_window_set_speech_available (f->window, TRUE);
  ww_kiosk_session_set_speech_enabled (ww_kiosk_window_get_session (f->window), TRUE);
  handler = g_signal_connect (f->window, "read-aloud-requested", G_CALLBACK (text_heard_cb), &heard);

  g_object_set (monitor, "tick-length", 20, NULL);
  g_assert_true (kiosk_test_wait_until (monitor_warning, monitor, 5000));
  g_object_set (monitor, "tick-length", 1000, NULL);
  g_assert_nonnull (heard);
  g_assert_nonnull (strstr (heard, tr (f, "Are you still there?")));
  g_signal_handler_disconnect (f->window, handler);
  ww_kiosk_window_set_speech_available (f->window, FALSE);
  g_object_set (monitor, "tick-length", 1000, NULL);
  kiosk_test_wait_for_frame (root (f));

  press (f, "kiosk.confirm-presence", NULL);
  g_assert_cmpuint (ww_kiosk_idle_monitor_get_state (monitor), ==, WW_KIOSK_IDLE_STATE_ACTIVE);
  g_assert_false (gtk_widget_get_visible (_ww_kiosk_shell_get_idle_warning (shell (f))));
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_CATEGORY);
}

static void
test_stop (Fixture *f, gconstpointer user_data)
{
  gpointer old_session = start_messy_visit (f);

  g_object_add_weak_pointer (old_session, &old_session);
  press (f, "nav.open-service", "paspoort");
  press (f, "guide.next-step", NULL);
  press (f, "guide.next-step", NULL);

  press (f, "kiosk.stop-visit", NULL);
  kiosk_test_wait_for_frame (root (f));
  assert_fresh_visit (f, old_session);

  /* Stop is on the welcome screen too, and harmless there. */
  press (f, "kiosk.stop-visit", NULL);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_WELCOME);
}

static void
test_offline_banner (Fixture *f, gconstpointer user_data)
{
  GtkWidget *banner = _ww_kiosk_shell_get_offline_banner (shell (f));

  g_assert_false (ww_kiosk_catalog_source_get_online (f->source));
  g_assert_false (ww_kiosk_offline_banner_get_revealed (WW_KIOSK_OFFLINE_BANNER (banner)));
  go_home (f);
  banner = _ww_kiosk_shell_get_offline_banner (shell (f));
  g_assert_true (ww_kiosk_offline_banner_get_revealed (WW_KIOSK_OFFLINE_BANNER (banner)));
  kiosk_test_iterate (400);
  g_assert_true (kiosk_test_is_showing (banner));
  g_assert_nonnull (kiosk_test_find_label (banner, tr (f, "This kiosk works offline. All information here can be used. "
                                                          "For help from a person, please ask at the library desk.")));

  _ww_kiosk_catalog_source_set_online (f->source, TRUE);
  g_assert_false (ww_kiosk_offline_banner_get_revealed (WW_KIOSK_OFFLINE_BANNER (banner)));
  _ww_kiosk_catalog_source_set_online (f->source, FALSE);
  g_assert_true (ww_kiosk_offline_banner_get_revealed (WW_KIOSK_OFFLINE_BANNER (banner)));

  /* In the guide the steps get the room. */
  press (f, "nav.open-category", "wonen");
  g_assert_true (ww_kiosk_offline_banner_get_revealed (WW_KIOSK_OFFLINE_BANNER (banner)));
  press (f, "nav.open-service", "verhuizen");
  g_assert_false (ww_kiosk_offline_banner_get_revealed (WW_KIOSK_OFFLINE_BANNER (banner)));
  press (f, "nav.show-help", NULL);
  g_assert_true (ww_kiosk_offline_banner_get_revealed (WW_KIOSK_OFFLINE_BANNER (banner)));
}

static gboolean
catalog_changed (gpointer data)
{
  gpointer *old = data;

  return ww_kiosk_catalog_source_get_catalog (old[0]) != old[1] && !ww_kiosk_catalog_source_get_loading (old[0]);
}

static void
reload_and_wait (Fixture *f)
{
  gpointer old[2] = { f->source, ww_kiosk_catalog_source_get_catalog (f->source) };

  ww_kiosk_catalog_source_reload (f->source);
  g_assert_true (ww_kiosk_catalog_source_get_loading (f->source));
  g_assert_true (kiosk_test_wait_until (catalog_changed, old, 20000));
  kiosk_test_wait_for_frame (root (f));
}

static void
copy_catalog_without (const char *source_dir, const char *target_dir, const char *left_out)
{
  g_autoptr (GDir) dir = g_dir_open (source_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (source_dir, name, NULL);
      g_autofree char *to = g_build_filename (target_dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize            length;

      if (!g_str_has_suffix (name, ".json") || g_strcmp0 (name, left_out) == 0)
        continue;
      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }
}

static void
test_catalog_replaced (Fixture *f, gconstpointer user_data)
{
  g_autofree char    *dir = g_dir_make_tmp ("wegwijs-catalog-XXXXXX", NULL);
  const char         *catalog_dir = g_getenv ("WEGWIJS_CATALOG_DIR");
  const char         *upl = g_getenv ("WEGWIJS_UPL");
  WwKioskServicePage *guide;

  g_assert_nonnull (dir);
  go_home (f);
  gtk_widget_grab_focus (search_entry (f));
  type_on_keyboard (f, "pas");
  press (f, "nav.open-service", "paspoort");
  press (f, "guide.next-step", NULL);
  press (f, "guide.next-step", NULL);
  press (f, "guide.next-step", NULL);

  /* A newer catalogue with the same service: the resident stays put. */
  reload_and_wait (f);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_SERVICE);
  guide = WW_KIOSK_SERVICE_PAGE (page (f));
  g_assert_cmpstr (ww_service_get_id (ww_kiosk_service_page_get_service (guide)), ==, "paspoort");
  g_assert_true (ww_kiosk_service_page_get_service (guide) == lookup_service (f, "paspoort"));
  g_assert_cmpuint (ww_kiosk_service_page_get_position (guide), ==, 3);
  g_assert_cmpstr (
      gtk_entry_buffer_get_text (ww_kiosk_session_get_search_buffer (ww_kiosk_window_get_session (f->window))), ==,
      "pas");

  /* One without it: up to its category, never a blank screen. */
  copy_catalog_without (catalog_dir, dir, "paspoort.json");
  _ww_kiosk_catalog_source_set_paths (f->source, dir, upl);
  reload_and_wait (f);
  g_assert_null (lookup_service (f, "paspoort"));
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_CATEGORY);
  g_assert_nonnull (kiosk_test_find_actionable (root (f), "nav.open-service", "id-kaart"));
  g_assert_null (kiosk_test_find_actionable (root (f), "nav.open-service", "paspoort"));

  /* A broken one: the good catalogue stays. */
  {
    g_autofree char *broken = g_build_filename (dir, "catalog.json", NULL);
    gpointer         before = ww_kiosk_catalog_source_get_catalog (f->source);

    g_assert_true (g_file_set_contents (broken, "{", 1, NULL));
    ww_kiosk_catalog_source_reload (f->source);
    while (ww_kiosk_catalog_source_get_loading (f->source))
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (ww_kiosk_catalog_source_get_catalog (f->source) == before);
    g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_CATEGORY);
  }

  _ww_kiosk_catalog_source_set_paths (f->source, catalog_dir, upl);
  reload_and_wait (f);
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }
}

static void
check_screen_fits (Fixture *f, const char *name)
{
  assert_fits (f);
  assert_no_clipped_labels (f);
  if (name != NULL)
    shoot (f, name);
}

static void
test_text_sizes (Fixture *f, gconstpointer user_data)
{
  int heights[3];

  go_home (f);
  for (guint size = WW_KIOSK_TEXT_SIZE_NORMAL; size <= WW_KIOSK_TEXT_SIZE_LARGER; size++)
    {
      GtkWidget       *title;
      g_autofree char *name = g_strdup_printf ("10-text-%u-home", size);
      g_autofree char *name_step = g_strdup_printf ("10-text-%u-step", size);
      g_autofree char *name_finish = g_strdup_printf ("10-text-%u-finish", size);

      set_text_size (f, size);
      check_screen_fits (f, size == WW_KIOSK_TEXT_SIZE_NORMAL ? NULL : name);
      title = kiosk_test_find_label (page (f), tr (f, "What do you need help with?"));
      gtk_widget_measure (title, GTK_ORIENTATION_VERTICAL, 10000, &heights[size], NULL, NULL, NULL);

      press (f, "nav.open-category", "geld");
      check_screen_fits (f, NULL);
      press (f, "nav.open-service", "kwijtschelding");
      check_screen_fits (f, NULL);
      press (f, "guide.next-step", NULL);
      check_screen_fits (f, size == WW_KIOSK_TEXT_SIZE_LARGER ? name_step : NULL);
      for (guint i = 0; i < 10 && kiosk_test_find_actionable (root (f), "guide.next-step", NULL) != NULL; i++)
        press (f, "guide.next-step", NULL);
      check_screen_fits (f, size == WW_KIOSK_TEXT_SIZE_LARGER ? name_finish : NULL);
      press (f, "nav.show-help", NULL);
      check_screen_fits (f, NULL);
      press (f, "nav.go-back", NULL);
      press (f, "nav.show-languages", NULL);
      check_screen_fits (f, NULL);
      press (f, "nav.go-back", NULL);
      g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_SERVICE);

      /* Typing, with the keyboard up. */
      press (f, "nav.go-home", NULL);
      gtk_widget_grab_focus (search_entry (f));
      kiosk_test_wait_for_frame (root (f));
      check_screen_fits (f, NULL);
      gtk_widget_grab_focus (find (f, "nav.show-help", NULL));
    }

  /* Body text is at least 24 px at the normal size, and grows. */
  g_assert_cmpint (heights[WW_KIOSK_TEXT_SIZE_LARGE], >, heights[WW_KIOSK_TEXT_SIZE_NORMAL]);
  g_assert_cmpint (heights[WW_KIOSK_TEXT_SIZE_LARGER], >, heights[WW_KIOSK_TEXT_SIZE_LARGE]);
  {
    GtkWidget            *label = kiosk_test_find_label (page (f), tr (f, "What do you need help with?"));
    PangoContext         *context = gtk_widget_get_pango_context (label);
    PangoFontDescription *font = pango_context_get_font_description (context);

    g_assert_true (pango_font_description_get_size_is_absolute (font));
    g_assert_cmpint (pango_font_description_get_size (font) / PANGO_SCALE, ==, 40 * 7 / 4);
  }
}

/* The rows the reading-help bar's groups are on, from where they are. */
static guint
a11y_bar_rows (Fixture *f)
{
  GtkWidget *flow = kiosk_test_find_by_type (_ww_kiosk_shell_get_a11y_bar (shell (f)), WW_TYPE_KIOSK_WRAP_BOX);
  g_autoptr (GArray) tops = g_array_new (FALSE, FALSE, sizeof (float));

  g_assert_nonnull (flow);
  for (GtkWidget *child = gtk_widget_get_first_child (flow); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;
      gboolean        seen = FALSE;

      if (!gtk_widget_get_visible (child))
        continue;
      g_assert_true (gtk_widget_compute_bounds (child, flow, &bounds));
      for (guint i = 0; i < tops->len; i++)
        seen |= ABS (g_array_index (tops, float, i) - bounds.origin.y) < 1;
      if (!seen)
        g_array_append_val (tops, bounds.origin.y);
    }
  return tops->len;
}

/*
 * The reading-help bar in all six languages, at every speech rate: one row
 * at the normal text size (on a 1280 × 800 screen two rows left the page
 * some 360 px), every touch target at least 64 px, and at the larger sizes
 * it may wrap but cuts nothing off.
 */
static void
test_a11y_bar (Fixture *f, gconstpointer user_data)
{
  static const char *const languages[] = { "nl", "en", "ar", "tr", "pl", "uk" };
  WwKioskSession          *session = ww_kiosk_window_get_session (f->window);

  go_home (f);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      ww_kiosk_session_set_language (session, languages[i]);
      f->language = languages[i];
      kiosk_test_wait_for_frame (root (f));
      for (guint size = WW_KIOSK_TEXT_SIZE_NORMAL; size <= WW_KIOSK_TEXT_SIZE_LARGER; size++)
        {
          g_autofree char *name = g_strdup_printf ("11-a11y-bar-%u", size);

          set_text_size (f, size);
          for (WwSpeechRate rate = WW_SPEECH_RATE_SLOW; rate <= WW_SPEECH_RATE_FAST; rate++)
            {
              g_autoptr (GPtrArray) buttons = NULL;

              ww_kiosk_session_set_speech_rate (session, rate);
              kiosk_test_wait_for_frame (root (f));
              check_screen_fits (f, NULL);
              if (size == WW_KIOSK_TEXT_SIZE_NORMAL && a11y_bar_rows (f) != 1)
                g_error ("the reading-help bar takes %u rows in %s at %d px (speech rate %d)", a11y_bar_rows (f),
                         languages[i], f->width, rate);
              buttons = kiosk_test_collect (_ww_kiosk_shell_get_a11y_bar (shell (f)), GTK_TYPE_BUTTON, TRUE);
              for (guint b = 0; b < buttons->len; b++)
                {
                  GtkWidget *button = g_ptr_array_index (buttons, b);

                  if (!gtk_widget_get_mapped (button))
                    continue;
                  g_assert_cmpint (gtk_widget_get_width (button), >=, 64);
                  g_assert_cmpint (gtk_widget_get_height (button), >=, 64);
                }
            }
          ww_kiosk_session_set_speech_rate (session, WW_SPEECH_RATE_NORMAL);
          kiosk_test_wait_for_frame (root (f));
          shoot (f, name);
        }
      set_text_size (f, WW_KIOSK_TEXT_SIZE_NORMAL);
    }
}

static void
check_contrasts (Fixture *f, double minimum, const char *name)
{
  g_autoptr (GdkTexture) texture = kiosk_test_render (root (f));
  struct
  {
    const char *what;
    GtkWidget  *widget;
  } checks[] = {
    { "help button", find (f, "nav.show-help", NULL) },
    { "stop button", find (f, "kiosk.stop-visit", NULL) },
    { "next button", find (f, "guide.next-step", NULL) },
    { "back button", find (f, "guide.previous-step", NULL) },
    { "language button", find (f, "nav.show-languages", NULL) },
    { "contrast button", find (f, "a11y.high-contrast", NULL) },
    { "offline note", _ww_kiosk_shell_get_offline_banner (shell (f)) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      double ratio;

      /* The offline note is not shown in the guide. */
      if (gtk_widget_get_height (checks[i].widget) == 0)
        continue;
      ratio = kiosk_test_contrast_in (texture, root (f), checks[i].widget, NULL);

      g_test_message ("%s: %s contrast %.2f:1", name, checks[i].what, ratio);
      if (ratio < minimum)
        {
          shoot (f, "contrast-failure");
          g_error ("%s: the %s has a contrast of %.2f:1, under %.1f:1", name, checks[i].what, ratio, minimum);
        }
    }

  /* Every line of text of the step itself. */
  {
    g_autoptr (GPtrArray) labels = kiosk_test_collect (page (f), GTK_TYPE_LABEL, TRUE);

    for (guint i = 0; i < labels->len; i++)
      {
        GtkWidget *label = g_ptr_array_index (labels, i);
        double     ratio;

        if (!gtk_widget_get_mapped (label) || gtk_widget_get_width (label) == 0 ||
            *gtk_label_get_text (GTK_LABEL (label)) == '\0')
          continue;
        ratio = kiosk_test_contrast_in (texture, root (f), label, NULL);
        if (ratio < minimum)
          g_error ("%s: “%s” has a contrast of %.2f:1, under %.1f:1", name, gtk_label_get_text (GTK_LABEL (label)),
                   ratio, minimum);
      }
  }
}

static void
test_high_contrast (Fixture *f, gconstpointer user_data)
{
  go_home (f);
  press (f, "nav.open-category", "afval");
  press (f, "nav.open-service", "grofvuil");
  press (f, "guide.next-step", NULL);
  check_contrasts (f, 4.5, "normal");

  press (f, "a11y.high-contrast", NULL);
  g_assert_true (gtk_widget_has_css_class (root (f), "ww-high-contrast"));
  /* Adwaita fades colours over 200 ms. */
  kiosk_test_iterate (500);
  check_contrasts (f, 7.0, "high contrast");
  shoot (f, "11-high-contrast-step");
  press (f, "nav.go-home", NULL);
  kiosk_test_iterate (500);
  {
    g_autoptr (GdkTexture) texture = kiosk_test_render (root (f));
    double ratio = kiosk_test_contrast_in (texture, root (f), _ww_kiosk_shell_get_offline_banner (shell (f)), NULL);

    g_test_message ("high contrast: offline note contrast %.2f:1", ratio);
    g_assert_cmpfloat (ratio, >=, 7.0);
  }
  shoot (f, "11-high-contrast-home");

  press (f, "a11y.high-contrast", NULL);
  g_assert_false (gtk_widget_has_css_class (root (f), "ww-high-contrast"));
}

static double
center_x (Fixture *f, GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, root (f), &bounds));
  return bounds.origin.x + bounds.size.width / 2;
}

static void
test_rtl (Fixture *f, gconstpointer user_data)
{
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
  go_home (f);
  g_assert_cmpint (gtk_widget_get_direction (page (f)), ==, GTK_TEXT_DIR_RTL);

  /* Mirrored: Stop at the left, the logo at the right, Next left of Back. */
  g_assert_cmpfloat (center_x (f, find (f, "kiosk.stop-visit", NULL)), <,
                     center_x (f, find (f, "nav.show-help", NULL)));
  press (f, "nav.open-category", "afval");
  press (f, "nav.open-service", "afvalpas");
  press (f, "guide.next-step", NULL);
  g_assert_cmpfloat (center_x (f, find (f, "guide.next-step", NULL)), <,
                     center_x (f, find (f, "guide.previous-step", NULL)));

  /* Back to Dutch in the same visit: left to right again, same place. */
  press (f, "nav.show-languages", NULL);
  press (f, "nav.choose-language", "nl");
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_SERVICE);
  g_assert_cmpuint (ww_kiosk_service_page_get_position (WW_KIOSK_SERVICE_PAGE (page (f))), ==, 1);
  g_assert_cmpfloat (center_x (f, find (f, "guide.next-step", NULL)), >,
                     center_x (f, find (f, "guide.previous-step", NULL)));

  /* The end of the visit brings back the kiosk's default, Arabic here. */
  press (f, "kiosk.stop-visit", NULL);
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
}

static void
test_language_switch (Fixture *f, gconstpointer user_data)
{
  WwService *service = lookup_service (f, "id-kaart");

  go_home (f);
  press (f, "nav.open-category", "documenten");
  press (f, "nav.open-service", "id-kaart");
  press (f, "guide.next-step", NULL);
  press (f, "guide.next-step", NULL);

  const char *const languages[] = { "en", "uk", "tr", "pl", "ar", "nl" };
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr (WwStep) step = g_list_model_get_item (ww_service_get_steps (service), 1);

      press (f, "nav.show-languages", NULL);
      g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_LANGUAGE);
      press (f, "nav.choose-language", languages[i]);
      g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_SERVICE);
      g_assert_cmpstr (ww_kiosk_session_get_language (ww_kiosk_window_get_session (f->window)), ==, languages[i]);
      assert_label_shown (f, ww_text_get (ww_step_get_title (step), languages[i]));
      g_assert_nonnull (
          kiosk_test_find_label (root (f), ww_kiosk_i18n_gettext_for (languages[i], "Help from a person")));
      /* Every language has its own translation of the interface. */
      if (g_strcmp0 (languages[i], "en") != 0)
        g_assert_cmpstr (ww_kiosk_i18n_gettext_for (languages[i], "Help from a person"), !=, "Help from a person");
    }
}

static GtkWidget *
keyboard_key (GtkWidget *keyboard, const char *tooltip)
{
  g_autoptr (GPtrArray) buttons = kiosk_test_collect (keyboard, GTK_TYPE_BUTTON, FALSE);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)), tooltip) == 0)
      return g_ptr_array_index (buttons, i);

  g_error ("no key “%s”", tooltip);
}

static void
test_keyboard (Fixture *f, gconstpointer user_data)
{
  GtkWidget *keyboard;

  go_home (f);
  keyboard = _ww_kiosk_shell_get_keyboard (shell (f));
  g_assert_false (_ww_kiosk_shell_get_keyboard_shown (shell (f)));
  gtk_widget_grab_focus (search_entry (f));
  kiosk_test_wait_for_frame (root (f));
  g_assert_true (_ww_kiosk_shell_get_keyboard_shown (shell (f)));
  g_assert_false (gtk_widget_get_visible (_ww_kiosk_shell_get_a11y_bar (shell (f))));
  g_assert_cmpint (ww_kiosk_keyboard_get_layout (WW_KIOSK_KEYBOARD (keyboard)), ==,
                   g_strcmp0 (f->language, "ar") == 0 ? WW_KIOSK_KEYBOARD_LAYOUT_ARABIC
                                                      : WW_KIOSK_KEYBOARD_LAYOUT_LATIN);

  if (g_strcmp0 (f->language, "ar") == 0)
    {
      type_on_keyboard (f, "جواز");
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search_entry (f))), ==, "جواز");
      shoot (f, "12-keyboard");
      ww_kiosk_keyboard_set_layout (WW_KIOSK_KEYBOARD (keyboard), WW_KIOSK_KEYBOARD_LAYOUT_LATIN);
      kiosk_test_wait_for_frame (root (f));
      g_assert_nonnull (kiosk_test_find_actionable (root (f), "nav.open-service", "paspoort"));
      return;
    }

  type_on_keyboard (f, "paspoort");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search_entry (f))), ==, "paspoort");
  kiosk_test_wait_for_frame (root (f));
  g_assert_nonnull (kiosk_test_find_actionable (root (f), "nav.open-service", "paspoort"));
  g_assert_null (kiosk_test_find_actionable (root (f), "nav.open-category", "afval"));
  shoot (f, "12-keyboard");

  /* Delete, and hide. */
  for (guint i = 0; i < 4; i++)
    kiosk_test_click (keyboard_key (keyboard, tr (f, "Delete the letter before the cursor")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search_entry (f))), ==, "pasp");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (search_entry (f))))));
  kiosk_test_click (keyboard_key (keyboard, tr (f, "Hide the keyboard")));
  kiosk_test_wait_for_frame (root (f));
  g_assert_false (_ww_kiosk_shell_get_keyboard_shown (shell (f)));
  g_assert_true (gtk_widget_get_visible (_ww_kiosk_shell_get_a11y_bar (shell (f))));
}

static void
test_keyboard_scripts (Fixture *f, gconstpointer user_data)
{
  GtkWidget *keyboard;

  g_settings_set_string (f->settings, "default-language", "uk");
  ww_kiosk_window_end_visit (f->window);
  f->language = "uk";
  go_home (f);
  keyboard = _ww_kiosk_shell_get_keyboard (shell (f));
  gtk_widget_grab_focus (search_entry (f));
  kiosk_test_wait_for_frame (root (f));
  g_assert_cmpint (ww_kiosk_keyboard_get_layout (WW_KIOSK_KEYBOARD (keyboard)), ==, WW_KIOSK_KEYBOARD_LAYOUT_CYRILLIC);
  type_on_keyboard (f, "паспорт");
  kiosk_test_wait_for_frame (root (f));
  g_assert_nonnull (kiosk_test_find_actionable (root (f), "nav.open-service", "paspoort"));

  /* Latin is always there, with the Dutch accents. */
  ww_kiosk_keyboard_set_layout (WW_KIOSK_KEYBOARD (keyboard), WW_KIOSK_KEYBOARD_LAYOUT_LATIN);
  type_on_keyboard (f, "ë");
  g_assert_true (g_str_has_suffix (gtk_editable_get_text (GTK_EDITABLE (search_entry (f))), "ë"));
  shoot (f, "12-keyboard-latin");

  /* No Arabic keys in a Ukrainian session. */
  ww_kiosk_keyboard_set_layout (WW_KIOSK_KEYBOARD (keyboard), WW_KIOSK_KEYBOARD_LAYOUT_ARABIC);
  g_assert_cmpint (ww_kiosk_keyboard_get_layout (WW_KIOSK_KEYBOARD (keyboard)), ==, WW_KIOSK_KEYBOARD_LAYOUT_LATIN);
}

static gboolean
admin_view_is (gpointer data)
{
  gpointer *args = data;
  Fixture  *f = args[0];

  return screen (f) == WW_KIOSK_SCREEN_ADMIN &&
         g_strcmp0 (ww_kiosk_admin_page_get_view (WW_KIOSK_ADMIN_PAGE (page (f))), args[1]) == 0;
}

static gboolean
keypad_ready (gpointer data)
{
  Fixture *f = data;

  return kiosk_test_find_actionable (root (f), "admin.check-pin", NULL) != NULL &&
         gtk_widget_is_sensitive (kiosk_test_find_actionable (root (f), "admin.check-pin", NULL));
}

static void
enter_pin (Fixture *f, const char *pin)
{
  for (const char *digit = pin; *digit != '\0'; digit++)
    {
      char target[2] = { *digit, '\0' };
      press (f, "admin.enter-digit", target);
    }
  press (f, "admin.check-pin", NULL);
}

static void
test_admin (Fixture *f, gconstpointer user_data)
{
  WwKioskAdminGuard *guard = ww_kiosk_application_get_admin_guard (app);
  char               hash[crypto_pwhash_STRBYTES];
  gpointer           args[2] = { f, (gpointer) "pin" };
  /* No PIN set: holding the logo does nothing at all. */
  go_home (f);
  _ww_kiosk_shell_admin_gesture_completed (shell (f));
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_HOME);

  g_assert_cmpint (crypto_pwhash_str (hash, "2468", 4, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), ==, 0);
  g_settings_set_string (f->settings, "admin-pin-hash", hash);
  g_object_set (guard, "lock-seconds", 2, NULL);

  _ww_kiosk_shell_admin_gesture_completed (shell (f));
  g_assert_true (kiosk_test_wait_until (admin_view_is, args, 1000));
  shoot (f, "13-admin-pin");

  for (guint i = 0; i < WW_KIOSK_ADMIN_MAX_FAILURES; i++)
    {
      g_assert_true (kiosk_test_wait_until (keypad_ready, f, 10000));
      enter_pin (f, "1357");
    }
  /* Locked: even the right PIN is refused now. */
  kiosk_test_iterate (300);
  g_assert_cmpuint (ww_kiosk_admin_guard_get_lock_remaining (guard), >, 0);
  g_assert_false (keypad_ready (f));
  g_assert_true (admin_view_is (args));

  kiosk_test_iterate (2200);
  g_assert_true (kiosk_test_wait_until (keypad_ready, f, 10000));
  enter_pin (f, "2468");
  args[1] = (gpointer) "panel";
  g_assert_true (kiosk_test_wait_until (admin_view_is, args, 10000));
  assert_label_shown (f, PACKAGE_VERSION);
  assert_label_shown (f, tr (f, "Not available on this kiosk yet"));
  g_assert_null (kiosk_test_find_actionable (root (f), "app.quit", NULL));
  g_assert_nonnull (kiosk_test_find_actionable (root (f), "app.reload-catalog", NULL));
  shoot (f, "14-admin-panel");

  press (f, "kiosk.stop-visit", NULL);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_WELCOME);
  g_object_set (guard, "lock-seconds", WW_KIOSK_ADMIN_LOCK_SECONDS, NULL);
}

static void
test_no_way_out (Fixture *f, gconstpointer user_data)
{
  gboolean    handled = FALSE;
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint       n_before = g_list_model_get_n_items (toplevels);

  /* Ctrl+Shift+D and Ctrl+Shift+I end up here. */
  g_signal_emit_by_name (f->window, "enable-debugging", TRUE, &handled);
  g_assert_true (handled);
  g_signal_emit_by_name (f->window, "enable-debugging", FALSE, &handled);
  kiosk_test_iterate (100);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, n_before);
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (f->window)));
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (f->window)));
}

static void
text_heard_cb (WwKioskWindow *window, const char *text, char **heard)
{
  g_free (*heard);
  *heard = g_strdup (text);
}

static void
test_reading_text (Fixture *f, gconstpointer user_data)
{
  WwService *service = lookup_service (f, "digid-aanvragen");
  g_autoptr (WwStep) step = g_list_model_get_item (ww_service_get_steps (service), 0);
  g_autofree char *text = NULL;
  const char      *title;
  const char      *body;
  GtkWidget       *speaker;

  go_home (f);
  press (f, "nav.open-category", "digid");
  press (f, "nav.open-service", "digid-aanvragen");
  press (f, "guide.next-step", NULL);

  text = ww_kiosk_window_get_reading_text (f->window);
  title = strstr (text, ww_text_get (ww_step_get_title (step), f->language));
  body = strstr (text, ww_text_get (ww_step_get_text (step), f->language));
  g_assert_nonnull (title);
  g_assert_nonnull (body);
  g_assert_true (title < body);
  g_assert_null (strstr (text, tr (f, "Next")));

  /* Not there yet, and honest about it. */
  speaker = kiosk_test_find_actionable (root (f), "kiosk.read-page", NULL);
  g_assert_nonnull (speaker);
  g_assert_false (gtk_widget_is_sensitive (speaker));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (speaker), ==, tr (f, "Read aloud is not available on this kiosk"));
  g_assert_false (gtk_widget_is_sensitive (kiosk_test_find_actionable (root (f), "a11y.read-aloud", NULL)));

  /* The seam for the speaker: once it exists, the button hands it the text. */
  {
    g_autofree char *heard = NULL;
    gulong           handler = g_signal_connect (f->window, "read-aloud-requested", G_CALLBACK (text_heard_cb), &heard);

    ww_kiosk_window_set_speech_available (f->window, TRUE);
    g_assert_true (gtk_widget_is_sensitive (speaker));
    g_assert_null (gtk_widget_get_tooltip_text (speaker));
    kiosk_test_click (speaker);
    g_assert_cmpstr (heard, ==, text);
    g_signal_handler_disconnect (f->window, handler);
    ww_kiosk_window_set_speech_available (f->window, FALSE);
  }
}

/* Tab and Enter alone get a resident from the welcome screen to the end. */
static gboolean
focus_on (Fixture *f, const char *action, const char *target)
{
  GtkWidget *wanted = kiosk_test_find_actionable (root (f), action, target);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < 300; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

      if (focus == wanted)
        return TRUE;
      if (g_getenv ("WW_DEBUG_FOCUS") != NULL)
        g_printerr ("focus %s %s\n", focus ? G_OBJECT_TYPE_NAME (focus) : "-",
                    focus && GTK_IS_ACTIONABLE (focus) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)) : "");
      /* What GtkWindow does with Tab: at the end, start over. */
      if (!gtk_widget_child_focus (root (f), GTK_DIR_TAB_FORWARD))
        {
          GtkWidget *focus_widget = gtk_root_get_focus (GTK_ROOT (f->window));

          for (GtkWidget *parent = focus_widget != NULL ? gtk_widget_get_parent (focus_widget) : NULL; parent != NULL;
               parent = gtk_widget_get_parent (parent))
            gtk_widget_set_focus_child (parent, NULL);
          gtk_root_set_focus (GTK_ROOT (f->window), NULL);
          gtk_widget_child_focus (root (f), GTK_DIR_TAB_FORWARD);
        }
    }
  return FALSE;
}

static void
keyboard_press (Fixture *f, const char *action, const char *target)
{
  GtkWidget *focus;

  if (!focus_on (f, action, target))
    g_error ("Tab never reaches %s(%s)", action, target != NULL ? target : "");
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (f->window)));
  g_assert_true (gtk_widget_activate (focus));
  /* A key press shows the button pressed for a moment, then clicks. */
  kiosk_test_iterate (300);
  kiosk_test_wait_for_frame (root (f));
}

static void
test_keyboard_only (Fixture *f, gconstpointer user_data)
{
  keyboard_press (f, "nav.start-visit", NULL);
  keyboard_press (f, "nav.choose-language", f->language);
  keyboard_press (f, "nav.open-category", "wonen");
  keyboard_press (f, "nav.open-service", "verhuizen");
  while (kiosk_test_find_actionable (root (f), "guide.next-step", NULL) != NULL)
    keyboard_press (f, "guide.next-step", NULL);
  g_assert_nonnull (kiosk_test_find_by_type (page (f), WW_TYPE_KIOSK_QR_CODE));
  keyboard_press (f, "a11y.text-size", NULL);
  keyboard_press (f, "kiosk.stop-visit", NULL);
  g_assert_cmpint (screen (f), ==, WW_KIOSK_SCREEN_WELCOME);
}

static void
test_session_finalized (Fixture *f, gconstpointer user_data)
{
  WwKioskSession *session = g_object_ref (ww_kiosk_window_get_session (f->window));

  go_home (f);
  press (f, "nav.open-category", "documenten");
  press (f, "nav.open-service", "paspoort");
  press (f, "kiosk.stop-visit", NULL);
  kiosk_test_wait_for_frame (root (f));
  g_assert_true (ww_kiosk_window_get_session (f->window) != session);
  g_assert_finalize_object (session);
}

static void
add (const char *path, const FixtureParams *params, void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, params, fixture_setup, test, fixture_teardown);
}

int
main (int argc, char *argv[])
{
  static const FixtureParams nl = { "nl", 1920, 1080 };
  static const FixtureParams en = { "en", 1920, 1080 };
  static const FixtureParams ar = { "ar", 1920, 1080 };
  static const FixtureParams nl_small = { "nl", 1280, 800 };
  static const FixtureParams en_small = { "en", 1280, 800 };
  static const FixtureParams ar_small = { "ar", 1280, 800 };
  g_autoptr (GError) error = NULL;
  int status;

  ww_kiosk_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  app = ww_kiosk_application_new ();
  /* Not the one kiosk on the bus: other suites start the real one. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  add ("/kiosk/path/nl", &nl, test_path);
  add ("/kiosk/path/en", &en, test_path);
  add ("/kiosk/path/ar", &ar, test_path);
  add ("/kiosk/path/nl-1280x800", &nl_small, test_path);
  add ("/kiosk/path/ar-1280x800", &ar_small, test_path);
  add ("/kiosk/idle/reset", &nl, test_idle_reset);
  add ("/kiosk/idle/still-here", &en, test_idle_still_here);
  add ("/kiosk/stop", &en, test_stop);
  add ("/kiosk/session-finalized", &nl, test_session_finalized);
  add ("/kiosk/offline-banner", &nl, test_offline_banner);
  add ("/kiosk/catalog-replaced", &nl, test_catalog_replaced);
  add ("/kiosk/text-size/1920x1080", &nl, test_text_sizes);
  add ("/kiosk/text-size/1280x800", &nl_small, test_text_sizes);
  add ("/kiosk/text-size/ar-1280x800", &ar_small, test_text_sizes);
  add ("/kiosk/text-size/en-1280x800", &en_small, test_text_sizes);
  add ("/kiosk/text-size/a11y-bar-1280x800", &nl_small, test_a11y_bar);
  add ("/kiosk/text-size/a11y-bar-1920x1080", &nl, test_a11y_bar);
  add ("/kiosk/high-contrast/nl", &nl, test_high_contrast);
  add ("/kiosk/high-contrast/ar", &ar, test_high_contrast);
  add ("/kiosk/rtl", &ar, test_rtl);
  add ("/kiosk/language-switch", &nl, test_language_switch);
  add ("/kiosk/keyboard/nl", &nl, test_keyboard);
  add ("/kiosk/keyboard/ar", &ar, test_keyboard);
  add ("/kiosk/keyboard/scripts", &nl, test_keyboard_scripts);
  add ("/kiosk/admin", &nl, test_admin);
  add ("/kiosk/no-way-out", &nl, test_no_way_out);
  add ("/kiosk/reading-text", &en, test_reading_text);
  add ("/kiosk/keyboard-only", &en, test_keyboard_only);

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
