/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk's voice, with the real wegwijs-speaker writing WAV files: the
 * word being spoken is highlighted in the label it comes from (also in
 * Arabic, where characters and bytes differ); a tap or a change of screen
 * silences it within 100 ms; a helper killed mid-sentence leaves the kiosk
 * standing and the next reading works; the welcome screen's long touch and
 * Enter turn speech on; the end of a visit turns it off; hostile text on a
 * screen is read without harm; without a helper the buttons say why.
 *
 * With --bench it measures "tap on read aloud" to the first audio instead
 * (tests/bench/kiosk-speech-latency).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sodium.h>
#include <unistd.h>

#include "kiosk-test-utils.h"
#include "wegwijs-core.h"
#include "wegwijs-kiosk.h"
#include "ww-kiosk-shell-private.h"
#include "ww-kiosk-window-private.h"
#include "ww-speaker-client-private.h"

static WwKioskApplication *app;

typedef struct
{
  const char *language;
  gboolean    realtime;
  const char *helper;
} Params;

typedef struct
{
  WwKioskWindow   *window;
  WwSpeakerClient *client;
  GSettings       *settings;
  char            *wav_dir;
  const char      *language;

  /* What the client said. */
  guint  words;
  guint  started;
  gint64 started_time;
  guint  finished_id;
  int    finished_outcome;
  gint64 finished_time;
  char  *requested;
} Fixture;

static const char *
helper_path (void)
{
  const char *path = g_getenv ("WW_TEST_SPEAKER");

  if (path == NULL)
    g_error ("WW_TEST_SPEAKER is not set; run this test with meson test");

  return path;
}

static gboolean
catalog_loaded (gpointer data)
{
  return ww_kiosk_catalog_source_get_catalog (data) != NULL && !ww_kiosk_catalog_source_get_loading (data);
}

static void
word_cb (WwSpeakerClient *client, guint id, guint offset, guint length, Fixture *f)
{
  f->words++;
}

static void
started_cb (WwSpeakerClient *client, guint id, Fixture *f)
{
  if (f->started++ == 0)
    f->started_time = g_get_monotonic_time ();
}

static void
finished_cb (WwSpeakerClient *client, guint id, WwSpeechOutcome outcome, Fixture *f)
{
  /* The first one that did not complete: that is what the tests wait for. */
  if (outcome != WW_SPEECH_OUTCOME_COMPLETED && f->finished_id == 0)
    {
      f->finished_id = id;
      f->finished_outcome = outcome;
      f->finished_time = g_get_monotonic_time ();
    }
}

static void
requested_cb (WwKioskWindow *window, const char *text, Fixture *f)
{
  g_free (f->requested);
  f->requested = g_strdup (text);
}

static gboolean
speech_available (gpointer data)
{
  return ww_kiosk_window_get_speech_available (data);
}

static void
fixture_setup (Fixture *f, gconstpointer user_data)
{
  const Params         *params = user_data;
  WwKioskCatalogSource *source = ww_kiosk_application_get_catalog_source (app);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  f->language = params->language;
  f->settings = ww_kiosk_application_get_settings (app);
  f->wav_dir = g_dir_make_tmp ("wegwijs-kiosk-speech-XXXXXX", &error);
  g_assert_no_error (error);

  g_ptr_array_add (argv, (gpointer)(params->helper != NULL ? params->helper : helper_path ()));
  g_ptr_array_add (argv, (gpointer) "--wav-dir");
  g_ptr_array_add (argv, f->wav_dir);
  /* As fast as it would play: words arrive over time, as on a kiosk. */
  if (params->realtime)
    g_ptr_array_add (argv, (gpointer) "--realtime");
  g_ptr_array_add (argv, NULL);
  f->client = ww_speaker_client_new ((const char *const *)argv->pdata);
  _ww_speaker_client_set_backoff (f->client, 20, 200);
  g_signal_connect (f->client, "word", G_CALLBACK (word_cb), f);
  g_signal_connect (f->client, "utterance-started", G_CALLBACK (started_cb), f);
  g_signal_connect (f->client, "utterance-finished", G_CALLBACK (finished_cb), f);

  g_assert_true (kiosk_test_wait_until (catalog_loaded, source, 20000));
  g_settings_set_string (f->settings, "default-language", f->language);

  f->window =
      ww_kiosk_window_new (GTK_APPLICATION (app), f->settings, source, ww_kiosk_application_get_admin_guard (app));
  ww_kiosk_window_set_speaker (f->window, f->client);
  g_signal_connect (f->window, "read-aloud-requested", G_CALLBACK (requested_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));

  if (params->helper == NULL)
    g_assert_true (kiosk_test_wait_until (speech_available, f->window, 10000));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *f, gconstpointer user_data)
{
  gpointer window = f->window;

  g_signal_handlers_disconnect_by_data (f->client, f);
  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (kiosk_test_wait_until (is_null, &window, 5000));
  g_assert_finalize_object (f->client);

  g_settings_reset (f->settings, "default-language");
  g_settings_reset (f->settings, "speech-auto-read");
  remove_tree (f->wav_dir);
  g_free (f->wav_dir);
  g_free (f->requested);
}

static GtkWidget *
root (Fixture *f)
{
  return GTK_WIDGET (f->window);
}

static WwKioskShell *
shell (Fixture *f)
{
  return _ww_kiosk_window_get_shell (f->window);
}

static void
press (Fixture *f, const char *action, const char *target)
{
  GtkWidget *button;

  kiosk_test_wait_for_frame (root (f));
  button = kiosk_test_find_actionable (root (f), action, target);
  if (button == NULL)
    g_error ("no visible widget for %s(%s)", action, target != NULL ? target : "");
  kiosk_test_click (button);
}

static void
open_service (Fixture *f, const char *category, const char *service)
{
  press (f, "nav.start-visit", NULL);
  press (f, "nav.choose-language", f->language);
  press (f, "nav.open-category", category);
  press (f, "nav.open-service", service);
  press (f, "guide.next-step", NULL);
  kiosk_test_wait_for_frame (root (f));
  g_assert_cmpint (ww_kiosk_shell_get_screen (shell (f)), ==, WW_KIOSK_SCREEN_SERVICE);
}

/* The label on the page with a highlighted word, and where the word is. */
static GtkLabel *
find_highlight (Fixture *f, guint *start, guint *end)
{
  g_autoptr (GPtrArray) labels = kiosk_test_collect (root (f), GTK_TYPE_LABEL, FALSE);

  for (guint i = 0; i < labels->len; i++)
    {
      PangoAttrList *attributes = gtk_label_get_attributes (g_ptr_array_index (labels, i));
      g_autoptr (PangoAttrIterator) iter = NULL;

      if (attributes == NULL)
        continue;

      iter = pango_attr_list_get_iterator (attributes);
      do
        {
          PangoAttribute *background = pango_attr_iterator_get (iter, PANGO_ATTR_BACKGROUND);

          if (background != NULL)
            {
              *start = background->start_index;
              *end = background->end_index;
              return g_ptr_array_index (labels, i);
            }
        }
      while (pango_attr_iterator_next (iter));
    }

  return NULL;
}

static gboolean
has_words (gpointer data)
{
  Fixture *f = data;

  return f->words > 0;
}

static gboolean
has_finished (gpointer data)
{
  Fixture *f = data;

  return f->finished_id != 0;
}

static gboolean
has_started (gpointer data)
{
  Fixture *f = data;

  return f->started > 0;
}

static gboolean
not_speaking (gpointer data)
{
  return !ww_speaker_client_get_speaking (data);
}

static void
reset_events (Fixture *f)
{
  f->words = 0;
  f->started = 0;
  f->finished_id = 0;
  f->finished_outcome = -1;
}

/* The highlighted range is a word of the label: whole UTF-8 characters,
 * beginning with a letter or digit, no space inside. */
static void
assert_word (GtkLabel *label, guint start, guint end)
{
  const char      *text = gtk_label_get_text (label);
  gsize            length = strlen (text);
  g_autofree char *word = NULL;

  g_assert_cmpuint (start, <, end);
  g_assert_cmpuint (end, <=, length);
  g_assert_true (g_utf8_validate (text + start, end - start, NULL));
  g_assert_true (start == 0 || g_utf8_find_prev_char (text, text + start + 1) == text + start);
  g_assert_true (end == length || g_utf8_next_char (g_utf8_find_prev_char (text, text + end)) == text + end);
  word = g_strndup (text + start, end - start);
  g_test_message ("highlighted [%s] at %u in [%s]", word, start, text);
  g_assert_true (g_unichar_isalnum (g_utf8_get_char (word)));
  g_assert_null (strchr (word, ' '));
  /* The word starts a word in the label too. */
  if (start > 0)
    g_assert_false (g_unichar_isalnum (g_utf8_get_char (g_utf8_find_prev_char (text, text + start))));
}

/* With $WW_SPEECH_SCREENSHOT set: the X screen as it is, to a PNG file. */
static void
take_screenshot (Fixture *f)
{
  const char      *path = g_getenv ("WW_SPEECH_SCREENSHOT");
  g_autofree char *command = NULL;
  g_autoptr (GError) error = NULL;

  if (path == NULL)
    return;

  kiosk_test_wait_for_frame (root (f));
  command = g_strdup_printf ("sh -c 'xwd -root -silent | convert xwd:- png:%s'", path);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
test_highlight (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  GtkLabel *last_label = NULL;
  guint     last_start = 0;
  guint     moves = 0;
  gint64    deadline;

  open_service (f, "documenten", "paspoort");
  reset_events (f);
  press (f, "kiosk.read-page", NULL);
  g_assert_nonnull (f->requested);

  /* Watch the highlight walk through the words for a few seconds. */
  deadline = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline && moves < 6)
    {
      guint     start, end;
      GtkLabel *label;

      g_main_context_iteration (NULL, TRUE);
      label = find_highlight (f, &start, &end);
      if (label == NULL || (label == last_label && start == last_start))
        continue;

      assert_word (label, start, end);
      if (label == last_label)
        g_assert_cmpuint (start, >, last_start);
      last_label = label;
      last_start = start;
      moves++;
      if (moves == 3)
        take_screenshot (f);
    }
  g_assert_cmpuint (f->words, >=, 6);
  g_assert_cmpuint (moves, >=, 6);

  /* Silenced: the label looks as before. */
  ww_kiosk_window_end_visit (f->window);
  kiosk_test_iterate (50);
  g_assert_null (find_highlight (f, &last_start, &last_start));
}

static gboolean
reading_done (gpointer data)
{
  Fixture *f = data;

  return f->finished_id != 0;
}

/* A real touch, through the X server, where nothing reacts to it. */
static void
tap_on (GtkWidget *widget)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  g_autoptr (GError) error = NULL;
  graphene_point_t point;
  int              status;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (gtk_widget_get_root (widget)),
                                           &GRAPHENE_POINT_INIT (2, 2), &point));
  x = g_strdup_printf ("%d", (int)point.x);
  y = g_strdup_printf ("%d", (int)point.y);
  {
    const char *argv[] = { "xdotool", "mousemove", x, y, "click", "1", NULL };

    g_assert_true (
        g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
}

static gboolean
tap_seen_cb (GtkEventControllerLegacy *controller, GdkEvent *event, gint64 *seen)
{
  if (gdk_event_get_event_type (event) == GDK_BUTTON_PRESS && *seen == 0)
    *seen = g_get_monotonic_time ();

  return GDK_EVENT_PROPAGATE;
}

static void
test_cancel_tap (Fixture *f, gconstpointer user_data)
{
  GtkWidget       *municipality;
  guint            words;
  gint64           tapped;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is needed for a real touch (build-aux/install-deps installs it)");
      return;
    }

  open_service (f, "documenten", "paspoort");
  reset_events (f);
  press (f, "kiosk.read-page", NULL);
  g_assert_true (kiosk_test_wait_until (has_words, f, 10000));

  /* The brand's subtitle: a touch there does nothing but silence. */
  municipality = gtk_widget_get_first_child (_ww_kiosk_shell_get_top_bar (shell (f)));
  g_assert_nonnull (municipality);
  /* When the kiosk sees the touch: the time xdotool takes to start is not
   * the kiosk's. */
  {
    GtkEventController *seen = gtk_event_controller_legacy_new ();

    gtk_event_controller_set_propagation_phase (seen, GTK_PHASE_CAPTURE);
    g_signal_connect (seen, "event", G_CALLBACK (tap_seen_cb), &tapped);
    gtk_widget_add_controller (root (f), seen);
  }
  tapped = 0;
  tap_on (municipality);
  g_assert_true (kiosk_test_wait_until (reading_done, f, 2000));
  g_assert_cmpint (tapped, >, 0);
  g_test_message ("tap to silence: %.1f ms", (f->finished_time - tapped) / 1000.0);
  g_assert_cmpint (f->finished_outcome, ==, WW_SPEECH_OUTCOME_CANCELLED);
  g_assert_cmpint (f->finished_time - tapped, <, 100 * 1000);

  /* And it stays silent. */
  words = f->words;
  kiosk_test_iterate (300);
  g_assert_cmpuint (f->words, ==, words);
  g_assert_true (kiosk_test_wait_until (not_speaking, f->client, 1000));
  g_assert_cmpint (ww_kiosk_shell_get_screen (shell (f)), ==, WW_KIOSK_SCREEN_SERVICE);
}

static void
test_cancel_navigation (Fixture *f, gconstpointer user_data)
{
  gint64 pressed;
  guint  start, end;

  open_service (f, "documenten", "paspoort");
  reset_events (f);
  press (f, "kiosk.read-page", NULL);
  g_assert_true (kiosk_test_wait_until (has_words, f, 10000));

  pressed = g_get_monotonic_time ();
  press (f, "nav.go-home", NULL);
  g_assert_true (kiosk_test_wait_until (reading_done, f, 2000));
  g_test_message ("back to silence: %.1f ms", (f->finished_time - pressed) / 1000.0);
  g_assert_cmpint (f->finished_outcome, ==, WW_SPEECH_OUTCOME_CANCELLED);
  g_assert_cmpint (f->finished_time - pressed, <, 100 * 1000);
  g_assert_null (find_highlight (f, &start, &end));
}

typedef struct
{
  WwSpeakerClient *client;
  GPid             old_pid;
} Restart;

static gboolean
restarted (gpointer data)
{
  Restart *restart = data;
  GPid     pid = _ww_speaker_client_get_helper_pid (restart->client);

  return pid > 0 && pid != restart->old_pid && ww_speaker_client_has_language (restart->client, "nl");
}

static void
test_crash (Fixture *f, gconstpointer user_data)
{
  const int   signals[] = { SIGKILL, SIGSEGV };
  const pid_t kiosk = getpid ();

  open_service (f, "documenten", "paspoort");

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      Restart restart = { f->client, _ww_speaker_client_get_helper_pid (f->client) };
      guint   start, end;

      reset_events (f);
      press (f, "kiosk.read-page", NULL);
      g_assert_true (kiosk_test_wait_until (has_words, f, 10000));
      g_assert_cmpint (restart.old_pid, >, 0);

      g_assert_cmpint (kill (restart.old_pid, signals[i]), ==, 0);
      g_assert_true (kiosk_test_wait_until (has_finished, f, 5000));
      g_assert_cmpint (f->finished_outcome, ==, WW_SPEECH_OUTCOME_FAILED);
      g_assert_null (find_highlight (f, &start, &end));
      g_assert_cmpint (getpid (), ==, kiosk);

      /* A new helper, and the next reading is heard and highlighted. */
      g_assert_true (kiosk_test_wait_until (restarted, &restart, 10000));
      g_assert_true (ww_kiosk_window_get_speech_available (f->window));
      reset_events (f);
      press (f, "kiosk.read-page", NULL);
      g_assert_true (kiosk_test_wait_until (has_words, f, 10000));
      g_assert_cmpuint (f->started, >, 0);
      kiosk_test_iterate (100);
      g_assert_nonnull (find_highlight (f, &start, &end));

      ww_speaker_client_stop (f->client);
      g_assert_true (kiosk_test_wait_until (not_speaking, f->client, 2000));
      kiosk_test_iterate (50);
    }
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  return NULL;
}

static void
test_welcome (Fixture *f, gconstpointer user_data)
{
  GtkWidget          *welcome = ww_kiosk_shell_get_page (shell (f));
  GtkEventController *long_press = find_controller (welcome, GTK_TYPE_GESTURE_LONG_PRESS);
  GtkEventController *keys = find_controller (welcome, GTK_TYPE_EVENT_CONTROLLER_KEY);
  WwKioskSession     *session = ww_kiosk_window_get_session (f->window);
  gboolean            handled = FALSE;

  g_assert_true (WW_IS_KIOSK_WELCOME_PAGE (welcome));
  g_assert_nonnull (long_press);
  g_assert_nonnull (keys);
  g_assert_false (ww_kiosk_session_get_speech_enabled (session));

  /* The loudspeaker is in the top bar, on the welcome screen too. */
  g_assert_nonnull (kiosk_test_find_actionable (_ww_kiosk_shell_get_top_bar (shell (f)), "a11y.read-aloud", NULL));

  /* A long touch anywhere: speech on, and it says so. */
  reset_events (f);
  g_signal_emit_by_name (long_press, "pressed", 400.0, 400.0);
  g_assert_true (ww_kiosk_session_get_speech_enabled (session));
  g_assert_true (g_str_has_prefix (f->requested, ww_kiosk_i18n_gettext_for (f->language, "Speech is on")));
  g_assert_true (kiosk_test_wait_until (has_started, f, 5000));
  g_assert_cmpint (ww_kiosk_shell_get_screen (shell (f)), ==, WW_KIOSK_SCREEN_WELCOME);

  /* The end of the visit turns it off again. */
  ww_kiosk_window_end_visit (f->window);
  session = ww_kiosk_window_get_session (f->window);
  g_assert_false (ww_kiosk_session_get_speech_enabled (session));
  g_assert_true (kiosk_test_wait_until (not_speaking, f->client, 10000));

  /* Enter does the same. */
  welcome = ww_kiosk_shell_get_page (shell (f));
  keys = find_controller (welcome, GTK_TYPE_EVENT_CONTROLLER_KEY);
  g_clear_pointer (&f->requested, g_free);
  reset_events (f);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Return, 36, 0, &handled);
  g_assert_true (handled);
  g_assert_true (ww_kiosk_session_get_speech_enabled (session));
  g_assert_true (g_str_has_prefix (f->requested, ww_kiosk_i18n_gettext_for (f->language, "Speech is on")));
  g_assert_true (kiosk_test_wait_until (has_started, f, 5000));
  g_assert_cmpint (ww_kiosk_shell_get_screen (shell (f)), ==, WW_KIOSK_SCREEN_WELCOME);

  /* With speech on and auto-read, every new screen is read. */
  g_settings_set_boolean (f->settings, "speech-auto-read", TRUE);
  g_clear_pointer (&f->requested, g_free);
  reset_events (f);
  press (f, "nav.start-visit", NULL);
  g_assert_nonnull (f->requested);
  g_assert_true (kiosk_test_wait_until (has_started, f, 5000));

  /* Each step of the guide too. */
  press (f, "nav.choose-language", f->language);
  press (f, "nav.open-category", "documenten");
  press (f, "nav.open-service", "paspoort");
  g_clear_pointer (&f->requested, g_free);
  press (f, "guide.next-step", NULL);
  g_assert_nonnull (f->requested);
  {
    g_autofree char *counter = g_strdup_printf (ww_kiosk_i18n_gettext_for (f->language, "Step %u of %u"), 1, 5);

    g_assert_true (g_str_has_prefix (f->requested, counter));
  }

  ww_kiosk_window_end_visit (f->window);
  g_assert_false (ww_kiosk_session_get_speech_enabled (ww_kiosk_window_get_session (f->window)));
  g_assert_true (kiosk_test_wait_until (not_speaking, f->client, 1000));
}

static void
test_rate (Fixture *f, gconstpointer user_data)
{
  WwKioskSession *session;

  press (f, "nav.start-visit", NULL);
  press (f, "nav.choose-language", f->language);
  session = ww_kiosk_window_get_session (f->window);
  g_assert_cmpint (ww_kiosk_session_get_speech_rate (session), ==, WW_SPEECH_RATE_NORMAL);

  press (f, "a11y.next-speech-rate", NULL);
  g_assert_cmpint (ww_kiosk_session_get_speech_rate (session), ==, WW_SPEECH_RATE_FAST);
  g_assert_nonnull (kiosk_test_find_label (root (f), ww_kiosk_i18n_gettext_for (f->language, "Speed: fast")));
  reset_events (f);
  press (f, "a11y.next-speech-rate", NULL);
  g_assert_cmpint (ww_kiosk_session_get_speech_rate (session), ==, WW_SPEECH_RATE_SLOW);
  /* Said at the new rate. */
  g_assert_true (kiosk_test_wait_until (has_started, f, 5000));

  /* The ticket number seam speaks only while speech is on. */
  g_assert_false (ww_kiosk_window_speak (f->window, "A-042"));
  ww_kiosk_session_set_speech_enabled (session, TRUE);
  g_assert_true (ww_kiosk_window_speak (f->window, "A-042"));
}

static gboolean
monitor_warning (gpointer data)
{
  return ww_kiosk_idle_monitor_get_state (data) == WW_KIOSK_IDLE_STATE_WARNING;
}

/* The idle warning is heard, with its words highlighted, while speech is
 * on; and a touch on "I am still here" silences it. */
static void
test_idle_warning (Fixture *f, gconstpointer user_data)
{
  WwKioskIdleMonitor *monitor = ww_kiosk_window_get_idle_monitor (f->window);
  GtkLabel           *label;
  guint               start, end;

  g_settings_set_uint (f->settings, "idle-timeout", 30);
  g_settings_set_uint (f->settings, "idle-warning-time", 10);
  press (f, "nav.start-visit", NULL);
  press (f, "nav.choose-language", f->language);
  ww_kiosk_session_set_speech_enabled (ww_kiosk_window_get_session (f->window), TRUE);
  /* Not the page being read, but the warning, is what this is about. */
  ww_speaker_client_stop (f->client);
  g_assert_true (kiosk_test_wait_until (not_speaking, f->client, 5000));

  reset_events (f);
  g_clear_pointer (&f->requested, g_free);
  g_object_set (monitor, "tick-length", 20, NULL);
  g_assert_true (kiosk_test_wait_until (monitor_warning, monitor, 5000));
  g_object_set (monitor, "tick-length", 1000, NULL);
  g_assert_nonnull (f->requested);
  g_assert_nonnull (strstr (f->requested, ww_kiosk_i18n_gettext_for (f->language, "Are you still there?")));
  g_assert_true (kiosk_test_wait_until (has_words, f, 10000));
  kiosk_test_iterate (100);
  label = find_highlight (f, &start, &end);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (label), _ww_kiosk_shell_get_idle_warning (shell (f))));

  press (f, "kiosk.confirm-presence", NULL);
  g_settings_reset (f->settings, "idle-timeout");
  g_settings_reset (f->settings, "idle-warning-time");
}

static void
test_hostile (Fixture *f, gconstpointer user_data)
{
  static const char *const hostile[] = {
    /* Repetition, a very long word, punctuation storms. */
    "la la la la la la la la la la la la la la la la la la la la la la la la la la la la la la",
    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "!!!!!!!!!!!!????????........,,,,,,,;;;;;;;;;;;::::::::::------------((((((((((()))))))))",
    /* Mixed scripts, bidi controls, combining marks, emoji, odd spaces. */
    "Paspoort جواز السفر паспорт pasaport \u202Eevil\u202C \u200B\u200D\u2066x\u2069",
    "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301 \u0628\u064E\u0651\u064F\u0650\u0652\u0653 "
    "\U0001F468\u200D\U0001F469\u200D\U0001F467 \uFEFF\u00A0\u3000",
    "\001\002\007\033[31m tab\there \uFFFD\uFFFD 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ＦＵＬＬ ０１２",
    "1234567890123456789012345678901234567890 € $ ¥ % ‰ ∞ ≠ ≤ 10^99999 1e308 -0 NaN",
  };
  GtkLabel *label;
  g_autoptr (GPtrArray) labels = NULL;
  g_autofree char *long_text = NULL;

  open_service (f, "documenten", "paspoort");
  labels = kiosk_test_collect (ww_kiosk_shell_get_page (shell (f)), GTK_TYPE_LABEL, TRUE);
  g_assert_cmpuint (labels->len, >, 0);
  label = g_ptr_array_index (labels, 0);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      guint start, end;

      /* The catalogue's text as the screen shows it, at its worst. */
      gtk_label_set_text (label, hostile[i]);
      reset_events (f);
      press (f, "kiosk.read-page", NULL);
      g_assert_true (kiosk_test_wait_until (has_started, f, 10000) || f->finished_id != 0);
      if (f->words > 0 && find_highlight (f, &start, &end) == label)
        g_assert_cmpuint (end, <=, strlen (hostile[i]));
    }

  /* Well past one utterance's limit. */
  long_text = g_strnfill (6000, 'a');
  for (guint i = 7; i < 6000; i += 8)
    long_text[i] = ' ';
  gtk_label_set_text (label, long_text);
  reset_events (f);
  press (f, "kiosk.read-page", NULL);
  g_assert_true (kiosk_test_wait_until (has_started, f, 10000));

  /* Still standing, and still speaking. */
  ww_kiosk_window_end_visit (f->window);
  open_service (f, "documenten", "paspoort");
  reset_events (f);
  press (f, "kiosk.read-page", NULL);
  g_assert_true (kiosk_test_wait_until (has_words, f, 10000));
}

static void
test_no_helper (Fixture *f, gconstpointer user_data)
{
  GtkWidget *speaker;
  GtkWidget *read;

  kiosk_test_iterate (300);
  g_assert_false (ww_kiosk_window_get_speech_available (f->window));
  speaker = kiosk_test_find_actionable (_ww_kiosk_shell_get_top_bar (shell (f)), "a11y.read-aloud", NULL);
  g_assert_nonnull (speaker);
  g_assert_false (gtk_widget_is_sensitive (speaker));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (speaker), ==,
                   ww_kiosk_i18n_gettext_for (f->language, "Read aloud is not available on this kiosk"));

  press (f, "nav.start-visit", NULL);
  press (f, "nav.choose-language", f->language);
  read = kiosk_test_find_actionable (root (f), "kiosk.read-page", NULL);
  g_assert_nonnull (read);
  g_assert_false (gtk_widget_is_sensitive (read));
  /* Nothing happens, and nothing breaks. */
  gtk_widget_activate_action (root (f), "kiosk.read-page", NULL);
  gtk_widget_activate_action (root (f), "kiosk.speech-on", NULL);
  g_assert_false (ww_kiosk_session_get_speech_enabled (ww_kiosk_window_get_session (f->window)));
  g_assert_false (ww_kiosk_window_speak (f->window, "A-042"));
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* Tap on "read aloud" → the first audio of the page exists (the helper's
 * "start", as the kiosk receives it). */
static int
run_bench (void)
{
  static const Params params = { "nl", FALSE, NULL };
  Fixture             f = { 0 };
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64     *values;
  const guint rounds = 50;

  fixture_setup (&f, &params);
  open_service (&f, "documenten", "paspoort");
  for (guint i = 0; i < rounds + 3; i++)
    {
      GtkWidget *button = kiosk_test_find_actionable (root (&f), "kiosk.read-page", NULL);
      gint64     tapped;

      reset_events (&f);
      kiosk_test_iterate (20);
      tapped = g_get_monotonic_time ();
      g_signal_emit_by_name (button, "clicked");
      if (!kiosk_test_wait_until (has_started, &f, 10000))
        g_error ("no audio 10 s after a tap on Read aloud");
      /* The first rounds warm the helper and the caches. */
      if (i >= 3)
        {
          gint64 latency = f.started_time - tapped;

          g_array_append_val (samples, latency);
        }
      ww_kiosk_window_end_visit (f.window);
      open_service (&f, "documenten", "paspoort");
    }

  g_array_sort (samples, compare_gint64);
  values = (gint64 *)(void *)samples->data;
  g_print ("kiosk: tap on read aloud → first audio (WAV mode): median %.2f ms  p90 %.2f ms  max %.2f ms  (n=%u)\n",
           values[samples->len / 2] / 1000.0, values[samples->len * 9 / 10] / 1000.0, values[samples->len - 1] / 1000.0,
           samples->len);
  fixture_teardown (&f, &params);

  return 0;
}

static void
add (const char *path, const Params *params, void (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, params, fixture_setup, test, fixture_teardown);
}

int
main (int argc, char *argv[])
{
  static const Params nl = { "nl", TRUE, NULL };
  static const Params ar = { "ar", TRUE, NULL };
  static const Params nl_fast = { "nl", FALSE, NULL };
  static const Params missing = { "nl", FALSE, "/nonexistent/wegwijs-speaker" };
  g_autoptr (GError) error = NULL;
  gboolean bench = argc > 1 && g_strcmp0 (argv[argc - 1], "--bench") == 0;

  if (bench)
    argc--;

  ww_kiosk_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  /* GTest prints every log message, debug ones too, as a TAP comment; a
   * benchmark prints its figures and GLib's usual messages only. */
  if (bench)
    g_log_set_default_handler (g_log_default_handler, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  app = ww_kiosk_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  if (bench)
    {
      int status = run_bench ();

      g_object_unref (app);
      return status;
    }

  add ("/kiosk-speech/highlight/nl", &nl, test_highlight);
  add ("/kiosk-speech/highlight/ar", &ar, test_highlight);
  add ("/kiosk-speech/cancel/tap", &nl, test_cancel_tap);
  add ("/kiosk-speech/cancel/navigation", &nl, test_cancel_navigation);
  add ("/kiosk-speech/crash", &nl, test_crash);
  add ("/kiosk-speech/welcome", &nl_fast, test_welcome);
  add ("/kiosk-speech/rate", &nl_fast, test_rate);
  add ("/kiosk-speech/hostile", &nl_fast, test_hostile);
  add ("/kiosk-speech/idle-warning", &nl, test_idle_warning);
  add ("/kiosk-speech/no-helper", &missing, test_no_helper);

  {
    int status = g_test_run ();

    g_object_unref (app);
    return status;
  }
}
