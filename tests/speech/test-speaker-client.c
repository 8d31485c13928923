/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * WwSpeakerClient as the kiosk uses it: against the real helper (killed,
 * stopped, hung, fed hostile text) and against a fake one that writes
 * nonsense. Whatever happens, the test process — the kiosk — goes on, and
 * every utterance ends exactly once.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "speech-test-util.h"
#include "ww-language.h"
#include "ww-speaker-client-private.h"
#include "ww-speaker-client.h"

#define WATCHDOG_MS 1000

#define LONG_TEXT                                                                                                      \
  "Welkom in de bibliotheek van Gemeente Voorbeeld. Hier kunt u hulp krijgen bij uw paspoort, uw rijbewijs en uw "     \
  "verhuizing. Een vrijwilliger helpt u graag. Neem een nummer en wacht tot u wordt geroepen."

typedef struct
{
  guint  id;
  guint  offset;
  guint  length;
  gint64 time;
} WordRecord;

typedef struct
{
  guint           id;
  WwSpeechOutcome outcome;
  gint64          time;
} FinishRecord;

typedef struct
{
  char            *wav_dir;
  WwSpeakerClient *client;
  GHashTable      *texts;     /* id → the text given to speak() */
  GHashTable      *cancelled; /* ids cancel() was called for */
  GArray          *started;
  GArray          *words;
  GArray          *finished;
  guint            running_notifications;
  guint            languages_notifications;
} Fixture;

static void
utterance_started_cb (WwSpeakerClient *client, guint id, Fixture *fixture)
{
  g_assert_nonnull (g_hash_table_lookup (fixture->texts, GUINT_TO_POINTER (id)));
  for (guint i = 0; i < fixture->started->len; i++)
    g_assert_cmpuint (g_array_index (fixture->started, guint, i), !=, id);
  g_array_append_val (fixture->started, id);
}

static void
word_cb (WwSpeakerClient *client, guint id, guint offset, guint length, Fixture *fixture)
{
  const char *text = g_hash_table_lookup (fixture->texts, GUINT_TO_POINTER (id));
  WordRecord  record = { id, offset, length, g_get_monotonic_time () };

  /* Byte offsets into the kiosk's own text, never past it, only growing,
   * never after cancel() or the end. */
  g_assert_nonnull (text);
  g_assert_cmpuint ((gsize)offset + length, <=, strlen (text));
  g_assert_false (g_hash_table_contains (fixture->cancelled, GUINT_TO_POINTER (id)));
  for (guint i = 0; i < fixture->finished->len; i++)
    g_assert_cmpuint (g_array_index (fixture->finished, FinishRecord, i).id, !=, id);
  for (guint i = fixture->words->len; i > 0; i--)
    {
      WordRecord *previous = &g_array_index (fixture->words, WordRecord, i - 1);

      if (previous->id == id)
        {
          g_assert_cmpuint (offset, >, previous->offset);
          break;
        }
    }
  g_array_append_val (fixture->words, record);
}

static void
utterance_finished_cb (WwSpeakerClient *client, guint id, WwSpeechOutcome outcome, Fixture *fixture)
{
  FinishRecord record = { id, outcome, g_get_monotonic_time () };

  g_assert_nonnull (g_hash_table_lookup (fixture->texts, GUINT_TO_POINTER (id)));
  for (guint i = 0; i < fixture->finished->len; i++)
    g_assert_cmpuint (g_array_index (fixture->finished, FinishRecord, i).id, !=, id);
  g_array_append_val (fixture->finished, record);
}

static void
notify_cb (GObject *object, GParamSpec *pspec, Fixture *fixture)
{
  if (g_str_equal (pspec->name, "running"))
    fixture->running_notifications++;
  else if (g_str_equal (pspec->name, "available-languages"))
    fixture->languages_notifications++;
}

static void
fixture_start (Fixture *fixture, const char *const *argv)
{
  fixture->client = ww_speaker_client_new (argv);
  ww_speaker_client_set_watchdog_timeout (fixture->client, WATCHDOG_MS);
  _ww_speaker_client_set_backoff (fixture->client, 50, 1000);
  g_signal_connect (fixture->client, "utterance-started", G_CALLBACK (utterance_started_cb), fixture);
  g_signal_connect (fixture->client, "word", G_CALLBACK (word_cb), fixture);
  g_signal_connect (fixture->client, "utterance-finished", G_CALLBACK (utterance_finished_cb), fixture);
  g_signal_connect (fixture->client, "notify", G_CALLBACK (notify_cb), fixture);
}

static void
fixture_init (Fixture *fixture)
{
  fixture->wav_dir = speech_test_make_tmpdir ();
  fixture->texts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  fixture->cancelled = g_hash_table_new (NULL, NULL);
  fixture->started = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture->words = g_array_new (FALSE, FALSE, sizeof (WordRecord));
  fixture->finished = g_array_new (FALSE, FALSE, sizeof (FinishRecord));
}

static gboolean
is_running (gpointer data)
{
  return ww_speaker_client_get_running (((Fixture *)data)->client);
}

static void
fixture_start_helper (Fixture *fixture, gboolean realtime)
{
  const char *argv[] = { speech_test_helper_path (),     "--wav-dir", fixture->wav_dir, "--test-requests",
                         realtime ? "--realtime" : NULL, NULL };

  fixture_start (fixture, argv);
  ww_speaker_client_start (fixture->client);
  g_assert_true (speech_test_wait (is_running, fixture, 10000));
}

static void
set_up_fast (Fixture *fixture, gconstpointer data)
{
  fixture_init (fixture);
  fixture_start_helper (fixture, FALSE);
}

static void
set_up_realtime (Fixture *fixture, gconstpointer data)
{
  fixture_init (fixture);
  fixture_start_helper (fixture, TRUE);
}

static void
set_up_bare (Fixture *fixture, gconstpointer data)
{
  fixture_init (fixture);
}

static void
tear_down (Fixture *fixture, gconstpointer data)
{
  /* Every utterance ended exactly once (the handler refuses a second). */
  g_assert_cmpuint (fixture->finished->len, ==, g_hash_table_size (fixture->texts));

  if (fixture->client != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_hash_table_unref (fixture->texts);
  g_hash_table_unref (fixture->cancelled);
  g_array_unref (fixture->started);
  g_array_unref (fixture->words);
  g_array_unref (fixture->finished);
  speech_test_remove_tree (fixture->wav_dir);
  g_free (fixture->wav_dir);
}

static guint
speak (Fixture *fixture, const char *language, const char *text)
{
  guint id = ww_speaker_client_speak (fixture->client, language, WW_SPEECH_RATE_NORMAL, text);

  g_assert_cmpuint (id, !=, 0);
  g_assert_false (g_hash_table_contains (fixture->texts, GUINT_TO_POINTER (id)));
  g_hash_table_insert (fixture->texts, GUINT_TO_POINTER (id), g_strdup (text));
  return id;
}

static void
cancel (Fixture *fixture, guint id)
{
  g_hash_table_add (fixture->cancelled, GUINT_TO_POINTER (id));
  ww_speaker_client_cancel (fixture->client, id);
}

typedef struct
{
  Fixture *fixture;
  guint    id;
  guint    n;
} Waiting;

static FinishRecord *
find_finish (Fixture *fixture, guint id)
{
  for (guint i = 0; i < fixture->finished->len; i++)
    if (g_array_index (fixture->finished, FinishRecord, i).id == id)
      return &g_array_index (fixture->finished, FinishRecord, i);
  return NULL;
}

static gboolean
is_finished (gpointer data)
{
  Waiting *waiting = data;

  return find_finish (waiting->fixture, waiting->id) != NULL;
}

static WwSpeechOutcome
wait_finished (Fixture *fixture, guint id, guint timeout_ms)
{
  Waiting waiting = { fixture, id, 0 };

  if (!speech_test_wait (is_finished, &waiting, timeout_ms))
    g_error ("utterance %u did not finish within %u ms", id, timeout_ms);
  return find_finish (fixture, id)->outcome;
}

static guint
count_words (Fixture *fixture, guint id)
{
  guint n = 0;

  for (guint i = 0; i < fixture->words->len; i++)
    n += g_array_index (fixture->words, WordRecord, i).id == id;
  return n;
}

static gboolean
has_words (gpointer data)
{
  Waiting *waiting = data;

  return count_words (waiting->fixture, waiting->id) >= waiting->n;
}

static void
wait_words (Fixture *fixture, guint id, guint n)
{
  Waiting waiting = { fixture, id, n };

  if (!speech_test_wait (has_words, &waiting, 10000))
    g_error ("utterance %u did not reach word %u", id, n);
}

/* WAV files of a long test fill the disk; what was said is checked elsewhere. */
static void
remove_wav_files (Fixture *fixture)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->wav_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->wav_dir, name, NULL);

      unlink (path);
    }
}

static void
test_start (Fixture *fixture, gconstpointer data)
{
  const char *const *languages = ww_speaker_client_get_available_languages (fixture->client);
  g_auto (GStrv) property = NULL;

  g_assert_true (ww_speaker_client_get_running (fixture->client));
  g_assert_false (ww_speaker_client_get_speaking (fixture->client));
  g_assert_cmpuint (fixture->running_notifications, ==, 1);
  g_assert_cmpuint (fixture->languages_notifications, ==, 1);
  g_assert_true (g_strv_equal (languages, ww_language_get_all ()));
  g_object_get (fixture->client, "available-languages", &property, NULL);
  g_assert_true (g_strv_equal ((const char *const *)property, ww_language_get_all ()));
  g_assert_true (ww_speaker_client_has_language (fixture->client, "ar"));
  g_assert_false (ww_speaker_client_has_language (fixture->client, "de"));
  g_assert_cmpint (_ww_speaker_client_get_helper_pid (fixture->client), >, 0);
}

/* Words come back as bytes of the kiosk's text, also where sanitising
 * changed it (double spaces, control and format characters, "!!!"). */
static void
test_words_map_to_original_text (Fixture *fixture, gconstpointer data)
{
  const char *text = "Welkom\u200b  in de\x01 \u202bbibliotheek\u202c!!!\nUw nummer: A-042.";
  const char *expected[] = { "Welkom", "in", "de", "bibliotheek", "Uw", "nummer", "A", "042" };
  g_autoptr (GPtrArray) spoken = g_ptr_array_new_with_free_func (g_free);
  guint id = speak (fixture, "nl", text);

  g_assert_true (ww_speaker_client_get_speaking (fixture->client));
  g_assert_cmpint (wait_finished (fixture, id, 10000), ==, WW_SPEECH_OUTCOME_COMPLETED);
  g_assert_false (ww_speaker_client_get_speaking (fixture->client));
  g_assert_cmpuint (fixture->started->len, ==, 1);

  for (guint i = 0; i < fixture->words->len; i++)
    {
      WordRecord *word = &g_array_index (fixture->words, WordRecord, i);

      g_assert_cmpuint (word->id, ==, id);
      g_ptr_array_add (spoken, g_strndup (text + word->offset, word->length));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < spoken->len && !found; j++)
        found = g_str_equal (g_ptr_array_index (spoken, j), expected[i]);
      if (!found)
        g_error ("no word event for ‘%s’", expected[i]);
    }
}

static void
test_nothing_to_say (Fixture *fixture, gconstpointer data)
{
  guint id = speak (fixture, "nl", "\u200b \x01\u202e  \t");

  /* Not from inside speak(): from the main loop. */
  g_assert_cmpuint (fixture->finished->len, ==, 0);
  g_assert_cmpint (wait_finished (fixture, id, 1000), ==, WW_SPEECH_OUTCOME_COMPLETED);
  g_assert_cmpuint (fixture->started->len, ==, 0);
}

static void
test_queue (Fixture *fixture, gconstpointer data)
{
  guint ids[5];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = speak (fixture, ww_language_get_all ()[i], "Een, twee, drie.");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpint (wait_finished (fixture, ids[i], 10000), ==, WW_SPEECH_OUTCOME_COMPLETED);

  /* In the order they were asked for. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpuint (g_array_index (fixture->finished, FinishRecord, i).id, ==, ids[i]);
}

static void
crash_while_speaking (Fixture *fixture, int signal_number)
{
  pid_t  kiosk = getpid ();
  GPid   helper = _ww_speaker_client_get_helper_pid (fixture->client);
  guint  id = speak (fixture, "nl", LONG_TEXT);
  guint  next;
  gint64 killed;

  wait_words (fixture, id, 2);
  killed = g_get_monotonic_time ();
  g_assert_cmpint (kill (helper, signal_number), ==, 0);

  g_assert_cmpint (wait_finished (fixture, id, 5000), ==, WW_SPEECH_OUTCOME_FAILED);
  g_test_message ("signal %d → failed after %" G_GINT64_FORMAT " ms", signal_number,
                  (find_finish (fixture, id)->time - killed) / 1000);

  next = speak (fixture, "nl", "Het volgende nummer is A-043.");
  g_assert_cmpint (wait_finished (fixture, next, 10000), ==, WW_SPEECH_OUTCOME_COMPLETED);
  g_assert_cmpuint (count_words (fixture, next), >, 3);

  g_assert_cmpint (getpid (), ==, kiosk);
  g_assert_cmpint (_ww_speaker_client_get_helper_pid (fixture->client), !=, helper);
  g_assert_cmpuint (_ww_speaker_client_get_restarts (fixture->client), ==, 1);
  g_assert_true (ww_speaker_client_get_running (fixture->client));
}

static void
test_crash_sigsegv (Fixture *fixture, gconstpointer data)
{
  crash_while_speaking (fixture, SIGSEGV);
}

static void
test_crash_sigkill (Fixture *fixture, gconstpointer data)
{
  crash_while_speaking (fixture, SIGKILL);
}

static void
test_crash_sigabrt (Fixture *fixture, gconstpointer data)
{
  crash_while_speaking (fixture, SIGABRT);
}

/* A stopped helper says nothing: the watchdog kills it. */
static void
test_hang_sigstop (Fixture *fixture, gconstpointer data)
{
  GPid   helper = _ww_speaker_client_get_helper_pid (fixture->client);
  guint  id = speak (fixture, "nl", LONG_TEXT);
  guint  next;
  gint64 stopped, failed_after;

  wait_words (fixture, id, 2);
  stopped = g_get_monotonic_time ();
  g_assert_cmpint (kill (helper, SIGSTOP), ==, 0);

  g_assert_cmpint (wait_finished (fixture, id, 5000), ==, WW_SPEECH_OUTCOME_FAILED);
  failed_after = (find_finish (fixture, id)->time - stopped) / 1000;
  g_test_message ("stopped → failed after %" G_GINT64_FORMAT " ms (watchdog %u ms)", failed_after, WATCHDOG_MS);
  g_assert_cmpint (failed_after, >=, WATCHDOG_MS - 100);
  g_assert_cmpint (failed_after, <, 2 * WATCHDOG_MS + 500);

  next = speak (fixture, "nl", "Dag.");
  g_assert_cmpint (wait_finished (fixture, next, 10000), ==, WW_SPEECH_OUTCOME_COMPLETED);
  g_assert_cmpint (_ww_speaker_client_get_helper_pid (fixture->client), !=, helper);
}

/* A helper whose synthesis loops while its reader still runs. */
static void
test_hang_request (Fixture *fixture, gconstpointer data)
{
  GPid  helper = _ww_speaker_client_get_helper_pid (fixture->client);
  guint id = _ww_speaker_client_test_hang (fixture->client);
  guint next;

  g_hash_table_insert (fixture->texts, GUINT_TO_POINTER (id), g_strdup ("(test-hang)"));
  g_assert_cmpint (wait_finished (fixture, id, 5000), ==, WW_SPEECH_OUTCOME_FAILED);

  next = speak (fixture, "ar", "مرحبا");
  g_assert_cmpint (wait_finished (fixture, next, 10000), ==, WW_SPEECH_OUTCOME_COMPLETED);
  g_assert_cmpint (_ww_speaker_client_get_helper_pid (fixture->client), !=, helper);
}

/* The utterance being spoken when the helper dies fails; those after it
 * are spoken by the next helper. */
static void
test_queue_survives_crash (Fixture *fixture, gconstpointer data)
{
  guint first = speak (fixture, "nl", LONG_TEXT);
  guint second = speak (fixture, "en", "Second.");
  guint third = speak (fixture, "pl", "Trzeci.");

  wait_words (fixture, first, 2);
  g_assert_cmpint (kill (_ww_speaker_client_get_helper_pid (fixture->client), SIGKILL), ==, 0);

  g_assert_cmpint (wait_finished (fixture, first, 5000), ==, WW_SPEECH_OUTCOME_FAILED);
  g_assert_cmpint (wait_finished (fixture, second, 10000), ==, WW_SPEECH_OUTCOME_COMPLETED);
  g_assert_cmpint (wait_finished (fixture, third, 10000), ==, WW_SPEECH_OUTCOME_COMPLETED);
}

/* cancel() and stop() are confirmed within 100 ms, by the helper itself
 * (no kill was needed), and no word follows. */
static void
test_cancel_latency (Fixture *fixture, gconstpointer data)
{
  GPid   helper = _ww_speaker_client_get_helper_pid (fixture->client);
  gint64 worst = 0;

  for (guint round = 0; round < 10; round++)
    {
      guint  id = speak (fixture, round % 2 ? "ar" : "nl", LONG_TEXT);
      gint64 cancelled;

      wait_words (fixture, id, 3);
      cancelled = g_get_monotonic_time ();
      if (round % 3 == 2)
        {
          g_hash_table_add (fixture->cancelled, GUINT_TO_POINTER (id));
          ww_speaker_client_stop (fixture->client);
        }
      else
        {
          cancel (fixture, id);
        }
      g_assert_cmpint (wait_finished (fixture, id, 2000), ==, WW_SPEECH_OUTCOME_CANCELLED);
      worst = MAX (worst, find_finish (fixture, id)->time - cancelled);
    }

  g_test_message ("cancel → utterance-finished: worst %" G_GINT64_FORMAT " µs", worst);
  g_assert_cmpint (worst, <, 100 * 1000);
  g_assert_cmpint (_ww_speaker_client_get_helper_pid (fixture->client), ==, helper);
  g_assert_cmpuint (_ww_speaker_client_get_restarts (fixture->client), ==, 0);
}

static void
test_cancel_waiting (Fixture *fixture, gconstpointer data)
{
  guint first = speak (fixture, "nl", LONG_TEXT);
  guint second = speak (fixture, "nl", LONG_TEXT);

  wait_words (fixture, first, 1);
  cancel (fixture, second);
  /* Not from inside cancel(). */
  g_assert_null (find_finish (fixture, second));
  g_assert_cmpint (wait_finished (fixture, second, 2000), ==, WW_SPEECH_OUTCOME_CANCELLED);
  g_assert_null (find_finish (fixture, first));
  g_assert_true (ww_speaker_client_get_speaking (fixture->client));

  /* Cancelling twice, or what does not exist, does nothing. */
  ww_speaker_client_cancel (fixture->client, second);
  ww_speaker_client_cancel (fixture->client, 123456);

  g_hash_table_add (fixture->cancelled, GUINT_TO_POINTER (first));
  ww_speaker_client_stop (fixture->client);
  g_assert_cmpint (wait_finished (fixture, first, 2000), ==, WW_SPEECH_OUTCOME_CANCELLED);
  g_assert_false (ww_speaker_client_get_speaking (fixture->client));
}

static char *
repeat (const char *piece, guint times)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (text, piece);
  return g_string_free (text, FALSE);
}

/* Texts that have made synthesisers crash, hang or babble; none may take
 * the kiosk down, in any language. */
static void
test_hostile_text (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *const *languages = ww_language_get_all ();
  guint              outcomes[3] = { 0 };

  g_ptr_array_add (texts, repeat ("ha ", 3000));
  g_ptr_array_add (texts, repeat ("😀", 5000));
  g_ptr_array_add (texts, repeat ("aaaaaaaaaa", 1000));
  g_ptr_array_add (texts, repeat ("1234567890", 500));
  g_ptr_array_add (texts, repeat ("!?.,;:-()", 1000));
  g_ptr_array_add (texts, repeat ("A-042 ", 400));
  g_ptr_array_add (texts, repeat ("a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030a", 200));
  g_ptr_array_add (texts, repeat ("👨‍👩‍👧‍👦🇳🇱🏳️‍🌈", 100));
  g_ptr_array_add (texts, repeat ("www.voorbeeld.nl/paspoort?x=1&y=2#z ", 60));
  g_ptr_array_add (texts, g_strdup ("Paspoort جواز السفر Паспорт Pasaport Paszport passport 护照 パスポート 여권 דרכון "
                                    "Διαβατήριο ፓስፖርት पासपोर्ट"));
  g_ptr_array_add (texts, g_strdup ("\u202eevil\u202c \u200fمرحبا\u200e \u2067abc\u2069 \u061c\u200d\u200c"));
  g_ptr_array_add (texts, g_strdup ("\uffff\ufffe x \U0010ffff y \ue000 z \ufffd \U000e0041"));
  g_ptr_array_add (texts, g_strdup ("\xff\xfe\xc3\x28 ok \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf klaar"));
  g_ptr_array_add (texts, g_strdup ("[[a]] <speak>ssml</speak> &amp; %s %n {{x}} \\\\ \" ' `"));
  g_ptr_array_add (texts, g_strdup ("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙 ℌ𝔢𝔩𝔩𝔬 Ⅻ ½ ² ₂ ㎏ ﬁ"));

  for (gsize l = 0; languages[l] != NULL; l++)
    {
      guint check;

      for (guint i = 0; i < texts->len; i++)
        {
          guint           id = speak (fixture, languages[l], g_ptr_array_index (texts, i));
          WwSpeechOutcome outcome = wait_finished (fixture, id, 60000);

          outcomes[outcome]++;
          if (outcome != WW_SPEECH_OUTCOME_COMPLETED)
            g_test_message ("%s, hostile text %u: outcome %d", languages[l], i, outcome);
          remove_wav_files (fixture);
        }

      /* And after all that, the language still speaks. */
      check = speak (fixture, languages[l], "Dit is de laatste zin.");
      g_assert_cmpint (wait_finished (fixture, check, 10000), ==, WW_SPEECH_OUTCOME_COMPLETED);
    }

  g_test_message ("hostile texts: %u completed, %u failed (helper restarted %u times)",
                  outcomes[WW_SPEECH_OUTCOME_COMPLETED], outcomes[WW_SPEECH_OUTCOME_FAILED],
                  _ww_speaker_client_get_restarts (fixture->client));
  g_assert_cmpuint (outcomes[WW_SPEECH_OUTCOME_CANCELLED], ==, 0);
}

static void
test_missing_voice (Fixture *fixture, gconstpointer data)
{
  g_autoptr (SpeechPipe) probe = speech_pipe_new ("--wav-dir", fixture->wav_dir, NULL);
  g_autoptr (json_object) ready = speech_pipe_read (probe, 10000);
  g_autofree char *pruned = speech_test_make_pruned_data (speech_event_string (ready, "data-path"), "uk", "tr");
  const char      *argv[] = { speech_test_helper_path (), "--wav-dir", fixture->wav_dir, "--data-path", pruned, NULL };
  const char      *expected[] = { "nl", "en", "ar", "pl", NULL };
  guint            ukrainian, dutch;

  fixture_start (fixture, argv);
  ww_speaker_client_start (fixture->client);
  g_assert_true (speech_test_wait (is_running, fixture, 10000));
  g_assert_true (g_strv_equal (ww_speaker_client_get_available_languages (fixture->client), expected));

  ukrainian = speak (fixture, "uk", "Ласкаво просимо");
  g_assert_cmpint (wait_finished (fixture, ukrainian, 1000), ==, WW_SPEECH_OUTCOME_FAILED);
  dutch = speak (fixture, "nl", "Welkom");
  g_assert_cmpint (wait_finished (fixture, dutch, 10000), ==, WW_SPEECH_OUTCOME_COMPLETED);
  g_assert_cmpuint (_ww_speaker_client_get_restarts (fixture->client), ==, 0);

  speech_test_remove_tree (pruned);
}

/* Playing on a machine without sound: no language is available, and an
 * utterance fails at once. */
static void
test_no_sound (Fixture *fixture, gconstpointer data)
{
  const char *argv[] = { speech_test_helper_path (), NULL };
  guint       id;

  fixture_start (fixture, argv);
  ww_speaker_client_start (fixture->client);
  g_assert_true (speech_test_wait (is_running, fixture, 10000));
  if (g_strv_length ((char **)ww_speaker_client_get_available_languages (fixture->client)) > 0)
    {
      g_test_skip ("this machine has sound output");
      return;
    }

  id = speak (fixture, "nl", "Hallo");
  g_assert_cmpint (wait_finished (fixture, id, 1000), ==, WW_SPEECH_OUTCOME_FAILED);
}

static gboolean
speaks_dutch (gpointer data)
{
  return ww_speaker_client_has_language (((Fixture *)data)->client, "nl");
}

/* A helper that writes nonsense around its answers. */
static void
test_garbage_helper (Fixture *fixture, gconstpointer data)
{
  const char *argv[] = { speech_test_fake_path (), "garbage", NULL };
  const char *text = "Dag allemaal";

  fixture_start (fixture, argv);
  ww_speaker_client_start (fixture->client);
  /* Its first "ready" names no languages; a later one does. */
  g_assert_true (speech_test_wait (speaks_dutch, fixture, 5000));

  for (guint i = 0; i < 20; i++)
    {
      guint id = speak (fixture, "nl", text);

      g_assert_cmpint (wait_finished (fixture, id, 5000), ==, WW_SPEECH_OUTCOME_COMPLETED);
    }

  /* Only the sane word events got through. */
  g_assert_cmpuint (fixture->words->len, ==, 40);
  g_assert_cmpuint (fixture->started->len, ==, 20);
  g_assert_cmpuint (_ww_speaker_client_get_restarts (fixture->client), ==, 0);
}

static gboolean
restarted_twice (gpointer data)
{
  return _ww_speaker_client_get_restarts (((Fixture *)data)->client) >= 2;
}

/* A line that never ends is cut off, and the helper replaced. */
static void
test_endless_line (Fixture *fixture, gconstpointer data)
{
  const char *argv[] = { speech_test_fake_path (), "long-line", NULL };
  guint       id;

  fixture_start (fixture, argv);
  ww_speaker_client_start (fixture->client);
  id = speak (fixture, "nl", "Hallo");
  g_assert_true (speech_test_wait (restarted_twice, fixture, 5000));
  g_assert_cmpint (wait_finished (fixture, id, 5000), ==, WW_SPEECH_OUTCOME_FAILED);
  g_assert_false (ww_speaker_client_get_running (fixture->client));
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* A helper that dies at once is restarted, with growing pauses; what waits
 * for it fails after the watchdog timeout. */
static void
test_backoff (Fixture *fixture, gconstpointer data)
{
  const char *argv[] = { speech_test_fake_path (), "exit", NULL };
  gint64      spoken = g_get_monotonic_time ();
  guint       restarts;
  guint       id;

  fixture_start (fixture, argv);
  ww_speaker_client_start (fixture->client);
  id = speak (fixture, "nl", "Hallo");
  g_assert_cmpint (wait_finished (fixture, id, 3 * WATCHDOG_MS), ==, WW_SPEECH_OUTCOME_FAILED);
  g_assert_cmpint (find_finish (fixture, id)->time - spoken, >=, (WATCHDOG_MS - 50) * 1000);

  /* 50 + 100 + 200 + 400 + 800 ms: about five restarts in 1.6 s, where a
   * fixed 50 ms would make thirty. */
  {
    gint64 left_ms = 1600 - (g_get_monotonic_time () - spoken) / 1000;

    if (left_ms > 0)
      speech_test_wait (never, NULL, (guint)left_ms);
  }
  restarts = _ww_speaker_client_get_restarts (fixture->client);
  g_test_message ("%u restarts in 1.6 s", restarts);
  g_assert_cmpuint (restarts, >=, 3);
  g_assert_cmpuint (restarts, <=, 7);
  g_assert_false (ww_speaker_client_get_running (fixture->client));
}

static void
test_silent_helper (Fixture *fixture, gconstpointer data)
{
  const char *argv[] = { speech_test_fake_path (), "silent", NULL };
  guint       id;

  fixture_start (fixture, argv);
  id = speak (fixture, "nl", "Hallo");
  g_assert_cmpint (wait_finished (fixture, id, 3 * WATCHDOG_MS), ==, WW_SPEECH_OUTCOME_FAILED);
  g_assert_true (speech_test_wait (restarted_twice, fixture, 3 * WATCHDOG_MS));
  g_assert_false (ww_speaker_client_get_running (fixture->client));
}

static void
test_no_helper (Fixture *fixture, gconstpointer data)
{
  const char *argv[] = { "/nonexistent/wegwijs-speaker", NULL };
  guint       id;

  fixture_start (fixture, argv);
  ww_speaker_client_start (fixture->client);
  id = speak (fixture, "nl", "Hallo");
  g_assert_cmpint (wait_finished (fixture, id, 3 * WATCHDOG_MS), ==, WW_SPEECH_OUTCOME_FAILED);
  g_assert_false (ww_speaker_client_get_running (fixture->client));
  g_assert_cmpuint (g_strv_length ((char **)ww_speaker_client_get_available_languages (fixture->client)), ==, 0);
}

static gboolean
is_gone (gpointer data)
{
  return kill (GPOINTER_TO_INT (data), 0) < 0 && errno == ESRCH;
}

/* Dropping the client while it speaks ends the helper and emits nothing. */
static void
test_dispose_while_speaking (Fixture *fixture, gconstpointer data)
{
  GPid  helper = _ww_speaker_client_get_helper_pid (fixture->client);
  guint id = speak (fixture, "nl", LONG_TEXT);

  wait_words (fixture, id, 1);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  g_assert_true (speech_test_wait (is_gone, GINT_TO_POINTER (helper), 5000));

  /* No signal can come any more; count it as ended for the tear-down. */
  g_hash_table_remove (fixture->texts, GUINT_TO_POINTER (id));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, set_up, test) g_test_add (path, Fixture, NULL, set_up, test, tear_down)
  ADD ("/speaker/client/start", set_up_fast, test_start);
  ADD ("/speaker/client/words-map-to-original-text", set_up_fast, test_words_map_to_original_text);
  ADD ("/speaker/client/nothing-to-say", set_up_fast, test_nothing_to_say);
  ADD ("/speaker/client/queue", set_up_fast, test_queue);
  ADD ("/speaker/client/crash-sigsegv", set_up_realtime, test_crash_sigsegv);
  ADD ("/speaker/client/crash-sigkill", set_up_realtime, test_crash_sigkill);
  ADD ("/speaker/client/crash-sigabrt", set_up_realtime, test_crash_sigabrt);
  ADD ("/speaker/client/hang-sigstop", set_up_realtime, test_hang_sigstop);
  ADD ("/speaker/client/hang-request", set_up_realtime, test_hang_request);
  ADD ("/speaker/client/queue-survives-crash", set_up_realtime, test_queue_survives_crash);
  ADD ("/speaker/client/cancel-latency", set_up_realtime, test_cancel_latency);
  ADD ("/speaker/client/cancel-waiting", set_up_realtime, test_cancel_waiting);
  ADD ("/speaker/client/hostile-text", set_up_fast, test_hostile_text);
  ADD ("/speaker/client/missing-voice", set_up_bare, test_missing_voice);
  ADD ("/speaker/client/no-sound", set_up_bare, test_no_sound);
  ADD ("/speaker/client/garbage-helper", set_up_bare, test_garbage_helper);
  ADD ("/speaker/client/endless-line", set_up_bare, test_endless_line);
  ADD ("/speaker/client/backoff", set_up_bare, test_backoff);
  ADD ("/speaker/client/silent-helper", set_up_bare, test_silent_helper);
  ADD ("/speaker/client/no-helper", set_up_bare, test_no_helper);
  ADD ("/speaker/client/dispose-while-speaking", set_up_realtime, test_dispose_while_speaking);
#undef ADD

  return g_test_run ();
}
