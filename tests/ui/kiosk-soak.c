/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk soak: a scripted resident, session after session, in the real
 * kiosk window against a real hub (wegwijs-hub demo + serve, TLS) and the
 * real wegwijs-speaker (writing WAV files): welcome → language (the six in
 * turn) → home → a category → a service (every category and service in
 * turn) → every step → read aloud (waits for the speaker to finish) → help
 * → a ticket taken and cancelled through the hub → Stop. Nothing but the
 * actions a tap would activate.
 *
 * After each session the old session and shell must be finalized. After
 * the warm-up (the first fifth of the sessions: fonts, catalogues and
 * caches are loaded once) it samples the proportional and resident memory
 * of the kiosk and of its speaker and the number of open descriptors; at
 * the end it fails when the resident memory grew by $WW_SOAK_MAX_GROWTH_KB
 * or more (default 5 MB) or the descriptors grew. $WW_SOAK_SESSIONS
 * sessions (default 50; the test runs 40, tests/bench/kiosk-soak 1,000).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "hub-fixture.h"
#include "kiosk-test-utils.h"
#include "wegwijs-core.h"
#include "wegwijs-kiosk.h"
#include "ww-kiosk-shell-private.h"
#include "ww-kiosk-window-private.h"
#include "ww-speaker-client-private.h"

static const char *const languages[] = { "nl", "en", "ar", "tr", "pl", "uk" };

static WwKioskApplication *app;
static HubFixture         *hub;
static WwHubClient        *volunteer;

/* ------------------------------------------------------------------ */
/* The hub                                                             */

/* A demo hub with a volunteer on duty (the queue is open), and the
 * enrolment the kiosk reads pointing at it. One kiosk taking a ticket
 * every few seconds for an hour is what the hub's rate limit is there to
 * stop (the api suite tests it); here it would only make the soak wait. */
static void
start_hub (void)
{
  hub = hub_fixture_start ("kiosk-soak", HUB_FIXTURE_NO_TICKET_LIMIT);
  hub_fixture_enrol_kiosk (hub, NULL);
  volunteer = hub_fixture_sign_in_volunteer (hub, TRUE);
}

/* ------------------------------------------------------------------ */
/* Measuring                                                           */

typedef struct
{
  guint64 pss_kib;
  guint64 rss_kib;
  guint64 speaker_pss_kib;
  guint64 speaker_rss_kib;
  guint   fds;
} Sample;

static void
read_rollup (GPid pid, guint64 *pss_kib, guint64 *rss_kib)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", (int)pid);
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;

  *pss_kib = *rss_kib = 0;
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Pss:"))
      *pss_kib = g_ascii_strtoull (lines[i] + 4, NULL, 10);
    else if (g_str_has_prefix (lines[i], "Rss:"))
      *rss_kib = g_ascii_strtoull (lines[i] + 4, NULL, 10);
}

static guint
count_fds (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n - 1; /* the GDir's own */
}

static Sample
take_sample (WwSpeakerClient *speaker)
{
  Sample sample = { 0 };
  GPid   helper = _ww_speaker_client_get_helper_pid (speaker);

  read_rollup (getpid (), &sample.pss_kib, &sample.rss_kib);
  if (helper > 0)
    read_rollup (helper, &sample.speaker_pss_kib, &sample.speaker_rss_kib);
  sample.fds = count_fds ();
  return sample;
}

/* The least memory and descriptors of @count samples from @first. */
static Sample
window_floor (GArray *samples, guint first, guint count)
{
  Sample floor = g_array_index (samples, Sample, first);

  for (guint i = first; i < first + count; i++)
    {
      const Sample *sample = &g_array_index (samples, Sample, i);

      floor.pss_kib = MIN (floor.pss_kib, sample->pss_kib);
      floor.rss_kib = MIN (floor.rss_kib, sample->rss_kib);
      floor.speaker_pss_kib = MIN (floor.speaker_pss_kib, sample->speaker_pss_kib);
      floor.speaker_rss_kib = MIN (floor.speaker_rss_kib, sample->speaker_rss_kib);
      /* A leaked descriptor raises the floor; a connection being
       * replaced at the moment of the sample does not. */
      floor.fds = MIN (floor.fds, sample->fds);
    }
  return floor;
}

static void
print_sample (guint session, const Sample *sample)
{
  g_test_message ("after session %5u: kiosk PSS %7.1f MiB RSS %7.1f MiB, speaker PSS %6.1f MiB RSS %6.1f MiB, "
                  "%u open descriptors",
                  session, sample->pss_kib / 1024.0, sample->rss_kib / 1024.0, sample->speaker_pss_kib / 1024.0,
                  sample->speaker_rss_kib / 1024.0, sample->fds);
}

/* ------------------------------------------------------------------ */
/* The resident                                                        */

typedef struct
{
  WwKioskWindow    *window;
  WwKioskHelpQueue *queue;
  WwSpeakerClient  *speaker;
  char             *wav_dir;
  guint             finished;
  gint64            phase_us[4];
} Soak;

static const char *const phase_names[] = { "navigating", "reading aloud", "taking a ticket", "stopping" };

static void
phase_done (Soak *soak, guint phase, gint64 *since)
{
  gint64 now = g_get_monotonic_time ();

  soak->phase_us[phase] += now - *since;
  *since = now;
}

static gboolean
catalog_loaded (gpointer data)
{
  WwKioskCatalogSource *source = data;

  return ww_kiosk_catalog_source_get_catalog (source) != NULL && !ww_kiosk_catalog_source_get_loading (source);
}

static gboolean
speech_available (gpointer data)
{
  return ww_kiosk_window_get_speech_available (data);
}

static gboolean
queue_available (gpointer data)
{
  return ww_kiosk_help_queue_get_available (data);
}

static gboolean
has_ticket (gpointer data)
{
  return ww_kiosk_help_queue_get_ticket (data) != NULL;
}

static gboolean
has_no_ticket (gpointer data)
{
  return ww_kiosk_help_queue_get_ticket (data) == NULL && !ww_kiosk_help_queue_get_busy (data);
}

static gboolean
follows_no_ticket (gpointer data)
{
  return ww_kiosk_help_queue_get_n_tickets (data) == 0;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

typedef struct
{
  Soak *soak;
  guint before;
} Finished;

static gboolean
utterance_done (gpointer data)
{
  Finished *finished = data;

  return finished->soak->finished > finished->before && !ww_speaker_client_get_speaking (finished->soak->speaker);
}

static void
utterance_finished_cb (WwSpeakerClient *client, guint id, gboolean completed, Soak *soak)
{
  soak->finished++;
}

static WwKioskShell *
shell (Soak *soak)
{
  return _ww_kiosk_window_get_shell (soak->window);
}

static void
frame_painted_cb (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

/* As a quick resident taps: the next screen is laid out and painted, the
 * next tap may come during its crossfade. */
static void
activate (Soak *soak, GtkWidget *widget, const char *action, GVariant *parameter)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (soak->window));
  gboolean       painted = FALSE;
  gulong         handler;

  /* gtk_widget_activate_action_variant() does not sink a floating
   * parameter (gtk_widget_activate_action() does, around it). */
  if (parameter != NULL)
    g_variant_ref_sink (parameter);
  if (!gtk_widget_activate_action_variant (widget, action, parameter))
    g_error ("the action %s did nothing", action);
  g_clear_pointer (&parameter, g_variant_unref);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (soak->window));
  g_assert_true (kiosk_test_wait_until (is_true, &painted, 5000));
  g_signal_handler_disconnect (clock, handler);
}

static void
expect_screen (Soak *soak, WwKioskScreen screen)
{
  g_assert_cmpint (ww_kiosk_shell_get_screen (shell (soak)), ==, screen);
}

static void
remove_wav_files (Soak *soak)
{
  g_autoptr (GDir) dir = g_dir_open (soak->wav_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (soak->wav_dir, name, NULL);

      g_unlink (path);
    }
}

static void
one_session (Soak *soak, guint number)
{
  WwCatalog  *catalog = ww_kiosk_catalog_source_get_catalog (ww_kiosk_application_get_catalog_source (app));
  GListModel *categories = ww_catalog_get_categories (catalog);
  g_autoptr (WwCategory) category = g_list_model_get_item (categories, number % g_list_model_get_n_items (categories));
  GListModel *services = ww_category_get_services (category);
  g_autoptr (WwService) service = g_list_model_get_item (services, (number / g_list_model_get_n_items (categories)) %
                                                                       g_list_model_get_n_items (services));
  gpointer   session = ww_kiosk_window_get_session (soak->window);
  gpointer   old_shell;
  GtkWidget *page;
  Finished   finished = { soak, 0 };
  guint      n_steps = g_list_model_get_n_items (ww_service_get_steps (service));
  gint64     since = g_get_monotonic_time ();

  g_object_add_weak_pointer (session, &session);
  expect_screen (soak, WW_KIOSK_SCREEN_WELCOME);

  activate (soak, GTK_WIDGET (shell (soak)), "nav.start-visit", NULL);
  activate (soak, GTK_WIDGET (shell (soak)), "nav.show-languages", NULL);
  expect_screen (soak, WW_KIOSK_SCREEN_LANGUAGE);
  activate (soak, GTK_WIDGET (shell (soak)), "nav.choose-language",
            g_variant_new_string (languages[number % G_N_ELEMENTS (languages)]));
  expect_screen (soak, WW_KIOSK_SCREEN_HOME);

  activate (soak, GTK_WIDGET (shell (soak)), "nav.open-category", g_variant_new_string (ww_category_get_id (category)));
  expect_screen (soak, WW_KIOSK_SCREEN_CATEGORY);
  activate (soak, GTK_WIDGET (shell (soak)), "nav.open-service", g_variant_new_string (ww_service_get_id (service)));
  expect_screen (soak, WW_KIOSK_SCREEN_SERVICE);
  page = ww_kiosk_shell_get_page (shell (soak));
  for (guint i = 1; i < n_steps; i++)
    activate (soak, page, "guide.next-step", NULL);

  phase_done (soak, 0, &since);

  /* Read aloud, to the end: the speaker writes it as WAV. */
  activate (soak, GTK_WIDGET (soak->window), "a11y.read-aloud", NULL);
  finished.before = soak->finished;
  activate (soak, GTK_WIDGET (soak->window), "kiosk.read-page", NULL);
  g_assert_true (kiosk_test_wait_until (utterance_done, &finished, 30000));
  remove_wav_files (soak);
  phase_done (soak, 1, &since);

  /* A number from the help queue, then cancelled, as a resident may. */
  activate (soak, GTK_WIDGET (shell (soak)), "nav.show-help", NULL);
  expect_screen (soak, WW_KIOSK_SCREEN_HELP);
  g_assert_true (kiosk_test_wait_until (queue_available, soak->queue, 10000));
  page = ww_kiosk_shell_get_page (shell (soak));
  activate (soak, page, "help.choose-topic", g_variant_new_string ("digid"));
  activate (soak, page, "help.request-ticket", NULL);
  g_assert_true (kiosk_test_wait_until (has_ticket, soak->queue, 10000));
  kiosk_test_wait_for_frame (GTK_WIDGET (soak->window));
  activate (soak, page, "help.cancel-ticket", NULL);
  g_assert_true (kiosk_test_wait_until (has_no_ticket, soak->queue, 10000));

  phase_done (soak, 2, &since);

  /* Stop: everything of this resident goes, its screens too. */
  old_shell = shell (soak);
  g_object_add_weak_pointer (old_shell, &old_shell);
  activate (soak, GTK_WIDGET (soak->window), "kiosk.stop-visit", NULL);
  expect_screen (soak, WW_KIOSK_SCREEN_WELCOME);
  g_assert_true (kiosk_test_wait_until (is_null, &session, 5000));
  g_assert_true (kiosk_test_wait_until (is_null, &old_shell, 5000));
  /* The cancelled ticket is no longer followed. */
  g_assert_true (kiosk_test_wait_until (follows_no_ticket, soak->queue, 5000));
  phase_done (soak, 3, &since);
}

static void
test_sessions (void)
{
  const char *sessions_env = g_getenv ("WW_SOAK_SESSIONS");
  const char *growth_env = g_getenv ("WW_SOAK_MAX_GROWTH_KB");
  guint       n_sessions = sessions_env != NULL ? (guint)g_ascii_strtoull (sessions_env, NULL, 10) : 50;
  guint64     max_growth_kib = growth_env != NULL ? g_ascii_strtoull (growth_env, NULL, 10) : 5 * 1024;
  /* A fifth of the run: each service seen in each language once fills
   * font, glyph and icon caches (about +10 MB over the first hundred
   * sessions of a long run, flat after that). */
  guint                 warm_up = MAX (1, n_sessions / 5);
  guint                 every = MAX (1, n_sessions / 10);
  WwKioskCatalogSource *source = ww_kiosk_application_get_catalog_source (app);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  Soak soak = { 0 };
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  Sample   base, last;
  guint    window_size;
  guint    max_fds = 0;
  gint64   started;
  gpointer window;

  g_assert_cmpuint (n_sessions, >, warm_up);
  soak.wav_dir = g_dir_make_tmp ("wegwijs-kiosk-soak-XXXXXX", &error);
  g_assert_no_error (error);
  g_ptr_array_add (argv, (gpointer)g_getenv ("WW_TEST_SPEAKER"));
  g_ptr_array_add (argv, (gpointer) "--wav-dir");
  g_ptr_array_add (argv, soak.wav_dir);
  g_ptr_array_add (argv, NULL);
  g_assert_nonnull (g_getenv ("WW_TEST_SPEAKER"));
  soak.speaker = ww_speaker_client_new ((const char *const *)argv->pdata);
  g_signal_connect (soak.speaker, "utterance-finished", G_CALLBACK (utterance_finished_cb), &soak);

  g_assert_true (kiosk_test_wait_until (catalog_loaded, source, 20000));
  soak.queue = ww_kiosk_application_get_help_queue (app);
  soak.window = ww_kiosk_window_new (GTK_APPLICATION (app), ww_kiosk_application_get_settings (app), source,
                                     ww_kiosk_application_get_admin_guard (app));
  ww_kiosk_window_set_speaker (soak.window, soak.speaker);
  ww_kiosk_window_set_help_queue (soak.window, soak.queue, ww_kiosk_application_get_printer (app));
  _ww_kiosk_window_set_screen_size (soak.window, 1280, 800);
  gtk_window_present (GTK_WINDOW (soak.window));
  kiosk_test_wait_for_frame (GTK_WIDGET (soak.window));
  g_assert_true (kiosk_test_wait_until (speech_available, soak.window, 20000));

  started = g_get_monotonic_time ();
  for (guint i = 0; i < warm_up; i++)
    one_session (&soak, i);
  g_test_message ("warm-up: %u sessions", warm_up);

  for (guint i = warm_up; i < n_sessions; i++)
    {
      Sample sample;

      one_session (&soak, i);
      sample = take_sample (soak.speaker);
      g_array_append_val (samples, sample);
      max_fds = MAX (max_fds, sample.fds);
      if ((i + 1 - warm_up) % every == 0 || i + 1 == n_sessions || i == warm_up)
        print_sample (i + 1, &sample);
    }

  /* The heap breathes (a crossfade's surfaces, a TLS connection): compare
   * the least of the first sessions after the warm-up with the least of
   * the last ones, for memory and descriptors alike. */
  window_size = MAX (1, samples->len / 10);
  base = window_floor (samples, 0, window_size);
  last = window_floor (samples, samples->len - window_size, window_size);
  g_test_message ("%u sessions in %.0f s; growth from the first %u sessions after the warm-up to the last %u (least "
                  "of each): kiosk PSS %+.2f MiB RSS %+.2f MiB, speaker PSS %+.2f MiB RSS %+.2f MiB; open "
                  "descriptors %u, then %u (%u at most)",
                  n_sessions, (g_get_monotonic_time () - started) / 1e6, window_size, window_size,
                  ((gint64)last.pss_kib - (gint64)base.pss_kib) / 1024.0,
                  ((gint64)last.rss_kib - (gint64)base.rss_kib) / 1024.0,
                  ((gint64)last.speaker_pss_kib - (gint64)base.speaker_pss_kib) / 1024.0,
                  ((gint64)last.speaker_rss_kib - (gint64)base.speaker_rss_kib) / 1024.0, base.fds, last.fds, max_fds);

  for (guint i = 0; i < G_N_ELEMENTS (phase_names); i++)
    g_test_message ("%s: %.0f ms a session", phase_names[i], soak.phase_us[i] / 1000.0 / n_sessions);

  g_assert_cmpuint (last.fds, <=, base.fds);
#if defined(__SANITIZE_ADDRESS__)
  /* Its quarantine keeps freed memory for a while: what grows is not ours.
   * LeakSanitizer checks the heap at exit instead. */
  g_test_message ("memory growth not checked under AddressSanitizer (max %" G_GUINT64_FORMAT " KiB otherwise)",
                  max_growth_kib);
#else
  /* Judged on RSS: PSS also moves when other processes map the same
   * libraries or let them go. */
  g_assert_cmpuint (last.rss_kib + last.speaker_rss_kib, <, base.rss_kib + base.speaker_rss_kib + max_growth_kib);
#endif

  window = soak.window;
  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (soak.window));
  g_assert_true (kiosk_test_wait_until (is_null, &window, 5000));
  g_clear_object (&soak.speaker);
  remove_wav_files (&soak);
  g_rmdir (soak.wav_dir);
  g_free (soak.wav_dir);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  ww_kiosk_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  start_hub ();
  app = ww_kiosk_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/kiosk-soak/sessions", test_sessions);
  status = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&volunteer);
  hub_fixture_free (hub);
  return status;
}
