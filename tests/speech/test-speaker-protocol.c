/* SPDX-License-Identifier: EUPL-1.2 */

/* wegwijs-speaker on raw pipes: every request, every refusal, every limit. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "speech-test-util.h"
#include "ww-speaker-protocol.h"

#define LONG_TEXT                                                                                                      \
  "Welkom in de bibliotheek van Gemeente Voorbeeld. Hier kunt u hulp krijgen bij uw paspoort, uw rijbewijs en uw "     \
  "verhuizing. Een vrijwilliger helpt u graag. Neem een nummer en wacht tot u wordt geroepen. Dat duurt meestal "      \
  "niet lang."

#define LONG_TEXT_AR                                                                                                                                                                                    \
  "مرحبا بكم في مكتبة البلدية. هنا يمكنكم الحصول على المساعدة في جواز السفر ورخصة القيادة والانتقال إلى عنوان " \
  "جديد. سيساعدكم متطوع بكل سرور. خذوا رقما وانتظروا حتى يتم النداء عليكم."

typedef struct
{
  char       *wav_dir;
  SpeechPipe *pipe;
} Fixture;

static json_object *
expect_ready (SpeechPipe *pipe)
{
  json_object *ready = speech_pipe_read (pipe, 10000);

  g_assert_nonnull (ready);
  g_assert_cmpstr (speech_event_type (ready), ==, "ready");
  return ready;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  gboolean realtime = GPOINTER_TO_INT (data);
  g_autoptr (json_object) ready = NULL;

  fixture->wav_dir = speech_test_make_tmpdir ();
  fixture->pipe =
      speech_pipe_new ("--wav-dir", fixture->wav_dir, "--test-requests", realtime ? "--realtime" : NULL, NULL);
  ready = expect_ready (fixture->pipe);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->pipe, speech_pipe_free);
  speech_test_remove_tree (fixture->wav_dir);
  g_free (fixture->wav_dir);
}

static void
send_speak (SpeechPipe *pipe, guint id, const char *language, const char *text)
{
  g_autoptr (json_object) request = json_object_new_object ();

  json_object_object_add (request, "request", json_object_new_string ("speak"));
  json_object_object_add (request, "id", json_object_new_int64 (id));
  json_object_object_add (request, "language", json_object_new_string (language));
  json_object_object_add (request, "text", json_object_new_string (text));
  speech_pipe_send (pipe, json_object_to_json_string_ext (request, JSON_C_TO_STRING_PLAIN));
}

static void
expect_end (SpeechPipe *pipe, guint id, const char *status)
{
  g_autoptr (json_object) end = speech_pipe_expect (pipe, "end", 20000);

  g_assert_cmpint (speech_event_int (end, "id"), ==, id);
  g_assert_cmpstr (speech_event_string (end, "status"), ==, status);
}

static void
test_ready (void)
{
  g_autofree char *wav_dir = speech_test_make_tmpdir ();
  g_autoptr (SpeechPipe) pipe = speech_pipe_new ("--wav-dir", wav_dir, NULL);
  g_autoptr (json_object) ready = expect_ready (pipe);
  json_object *languages, *missing, *audio;
  const char  *expected[] = { "nl", "en", "ar", "tr", "pl", "uk" };

  g_assert_cmpint (speech_event_int (ready, "protocol"), ==, WW_SPEAKER_PROTOCOL_VERSION);
  g_assert_cmpstr (speech_event_string (ready, "mode"), ==, "wav");
  g_assert_true (json_object_object_get_ex (ready, "audio", &audio));
  g_assert_true (json_object_get_boolean (audio));
  g_assert_nonnull (speech_event_string (ready, "data-path"));
  /* Debian 12's espeak-ng-data has a voice for every kiosk language. */
  g_assert_true (json_object_object_get_ex (ready, "languages", &languages));
  g_assert_cmpuint (json_object_array_length (languages), ==, G_N_ELEMENTS (expected));
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (json_object_get_string (json_object_array_get_idx (languages, i)), ==, expected[i]);
  g_assert_true (json_object_object_get_ex (ready, "missing", &missing));
  g_assert_cmpuint (json_object_array_length (missing), ==, 0);

  speech_pipe_close_input (pipe);
  speech_test_remove_tree (wav_dir);
}

static void
test_speak (Fixture *fixture, gconstpointer data)
{
  const char  *text = "Uw nummer is A-042. U wordt zo geroepen.";
  json_object *event;
  gint64       last_time = 0, last_offset = -1;
  gboolean     started = FALSE;
  guint        n_words = 0;
  struct stat  info;

  send_speak (fixture->pipe, 7, "nl", text);
  while ((event = speech_pipe_read (fixture->pipe, 10000)) != NULL)
    {
      const char *type = speech_event_type (event);

      g_assert_cmpint (speech_event_int (event, "id"), ==, 7);
      g_assert_cmpint (speech_event_int (event, "t"), >=, last_time);
      last_time = speech_event_int (event, "t");

      if (g_str_equal (type, "start"))
        {
          g_assert_false (started);
          started = TRUE;
        }
      else if (g_str_equal (type, "word"))
        {
          g_assert_true (started);
          g_assert_cmpint (speech_event_int (event, "offset"), >, last_offset);
          g_assert_cmpint (speech_event_int (event, "length"), >, 0);
          g_assert_cmpint (speech_event_int (event, "offset") + speech_event_int (event, "length"), <=,
                           g_utf8_strlen (text, -1));
          last_offset = speech_event_int (event, "offset");
          n_words++;
        }
      else if (g_str_equal (type, "end"))
        {
          g_assert_cmpstr (speech_event_string (event, "status"), ==, "completed");
          g_assert_cmpint (speech_event_int (event, "last-audio"), >, 0);
          g_assert_nonnull (speech_event_string (event, "file"));
          g_assert_cmpint (stat (speech_event_string (event, "file"), &info), ==, 0);
          g_assert_cmpint (info.st_size, >, 44);
          json_object_put (event);
          break;
        }
      else
        {
          g_assert_true (g_str_equal (type, "sentence") || g_str_equal (type, "heartbeat"));
        }
      json_object_put (event);
    }

  g_assert_true (started);
  g_assert_cmpuint (n_words, >=, 7);
}

static void
test_invalid_requests (Fixture *fixture, gconstpointer data)
{
  /* Each line, with the id whose "end" (failed) must follow, or 0. */
  static const struct
  {
    const char *line;
    guint       id;
    const char *code;
  } cases[] = {
    { "garbage", 0, "invalid-request" },
    { "{}", 0, "invalid-request" },
    { "[]", 0, "invalid-request" },
    { "\"speak\"", 0, "invalid-request" },
    { "{\"request\":5}", 0, "invalid-request" },
    { "{\"request\":\"speak\"}", 0, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":\"7\",\"language\":\"nl\",\"text\":\"x\"}", 0, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":0,\"language\":\"nl\",\"text\":\"x\"}", 0, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":-3,\"language\":\"nl\",\"text\":\"x\"}", 0, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":4294967296,\"language\":\"nl\",\"text\":\"x\"}", 0, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":1.5,\"language\":\"nl\",\"text\":\"x\"}", 0, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":1e2,\"language\":\"nl\",\"text\":\"x\"}", 0, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":11,\"language\":\"xx\",\"text\":\"x\"}", 11, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":12,\"language\":null,\"text\":\"x\"}", 12, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":13,\"language\":\"nl\"}", 13, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":14,\"language\":\"nl\",\"text\":[\"x\"]}", 14, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":15,\"language\":\"nl\",\"text\":\"x\",\"rate\":\"fast\"}", 15, "invalid-request" },
    { "{'request':'stop'}", 0, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":NaN}", 0, "invalid-request" },
    { "{\"request\":\"stop\"} {\"request\":\"stop\"}", 0, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":16,\"language\":\"nl\",\"text\":\"a\tb\"}", 0, "invalid-request" },
    { "{\"request\":\"speak\",\"id\":17,\"language\":\"nl\",\"text\":\"\xff\xfe\"}", 0, "invalid-request" },
    { "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 0, "invalid-request" },
    { "{\"request\":\"dance\"}", 0, "unknown-request" },
    { "{\"request\":\"cancel\"}", 0, "invalid-request" },
    { "{\"request\":\"cancel\",\"id\":\"all\"}", 0, "invalid-request" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (json_object) error = NULL;

      speech_pipe_send (fixture->pipe, cases[i].line);
      error = speech_pipe_read (fixture->pipe, 5000);
      g_assert_nonnull (error);
      g_assert_cmpstr (speech_event_type (error), ==, "error");
      g_assert_cmpstr (speech_event_string (error, "code"), ==, cases[i].code);
      g_assert_nonnull (speech_event_string (error, "message"));
      if (cases[i].id != 0)
        {
          g_assert_cmpint (speech_event_int (error, "id"), ==, cases[i].id);
          expect_end (fixture->pipe, cases[i].id, "failed");
        }
      else
        {
          g_assert_cmpint (speech_event_int (error, "id"), ==, -1);
        }
    }

  /* Blank lines are no requests and get no answer; a cancel of an unknown
   * id neither. The helper still speaks. */
  speech_pipe_send (fixture->pipe, "");
  speech_pipe_send (fixture->pipe, "  \r");
  speech_pipe_send (fixture->pipe, "{\"request\":\"cancel\",\"id\":4242}");
  speech_pipe_send (fixture->pipe, "{\"request\":\"stop\"}");
  send_speak (fixture->pipe, 99, "nl", "Het werkt nog.");
  expect_end (fixture->pipe, 99, "completed");
}

static void
test_test_hang_is_hidden (void)
{
  g_autofree char *wav_dir = speech_test_make_tmpdir ();
  g_autoptr (SpeechPipe) pipe = speech_pipe_new ("--wav-dir", wav_dir, NULL);
  g_autoptr (json_object) ready = expect_ready (pipe);
  g_autoptr (json_object) error = NULL;

  speech_pipe_send (pipe, "{\"request\":\"test-hang\",\"id\":3}");
  error = speech_pipe_read (pipe, 5000);
  g_assert_cmpstr (speech_event_string (error, "code"), ==, "unknown-request");
  speech_pipe_close_input (pipe);
  speech_test_remove_tree (wav_dir);
}

static void
test_line_too_long (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GString) line = g_string_new ("{\"request\":\"speak\",\"id\":5,\"language\":\"nl\",\"text\":\"");
  g_autoptr (json_object) error = NULL;

  while (line->len <= WW_SPEAKER_MAX_LINE)
    g_string_append (line, "lang lang lang ");
  g_string_append (line, "\"}");
  speech_pipe_send (fixture->pipe, line->str);

  error = speech_pipe_read (fixture->pipe, 5000);
  g_assert_cmpstr (speech_event_string (error, "code"), ==, "line-too-long");
  g_clear_pointer (&error, json_object_put);

  /* The next line is read from its start. */
  send_speak (fixture->pipe, 6, "nl", "Kort.");
  expect_end (fixture->pipe, 6, "completed");
}

static void
test_escapes_and_odd_characters (Fixture *fixture, gconstpointer data)
{
  static const char *const lines[] = {
    "{\"request\":\"speak\",\"id\":21,\"language\":\"nl\",\"text\":\"\\ud800 een \\udc00 twee \\ud800\\u0041\"}",
    "{\"request\":\"speak\",\"id\":22,\"language\":\"en\",\"text\":\"a\\u0000b\\u0000\\u0000 c\"}",
    "{\"request\":\"speak\",\"id\":23,\"language\":\"ar\",\"text\":\"\\uffff\\ufffe\\ufeff\\u200f\\u202e مرحبا\"}",
    "{\"request\":\"speak\",\"id\":24,\"language\":\"tr\",\"text\":\"\\ud83d\\ude00\\ud83d\\ude00 \\u0301\\u0301x\"}",
    "{\"request\":\"speak\",\"id\":25,\"language\":\"uk\",\"text\":\"\\u0001\\u001b[31m\\u007f\\u0085\"}",
    "{\"request\":\"speak\",\"id\":26,\"language\":\"pl\",\"text\":\"\",\"rate\":-100000}",
    "{\"request\":\"speak\",\"id\":27,\"language\":\"nl\",\"text\":\"snel\",\"rate\":9999999999999}",
    "{\"request\":\"speak\",\"id\":28,\"language\":\"nl\",\"text\":\"\\\\\\\"\\/\\b\\f\\n\\r\\t\"}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      speech_pipe_send (fixture->pipe, lines[i]);
      expect_end (fixture->pipe, 21 + (guint)i, "completed");
    }
}

static void
test_cancel_queued (Fixture *fixture, gconstpointer data)
{
  g_autoptr (json_object) start = NULL;

  send_speak (fixture->pipe, 1, "nl", LONG_TEXT);
  send_speak (fixture->pipe, 2, "nl", LONG_TEXT);
  start = speech_pipe_expect (fixture->pipe, "start", 5000);
  g_assert_cmpint (speech_event_int (start, "id"), ==, 1);

  /* The waiting one ends first, without ever starting. */
  speech_pipe_send (fixture->pipe, "{\"request\":\"cancel\",\"id\":2}");
  expect_end (fixture->pipe, 2, "cancelled");
  speech_pipe_send (fixture->pipe, "{\"request\":\"cancel\",\"id\":1}");
  expect_end (fixture->pipe, 1, "cancelled");
}

static void
test_stop (Fixture *fixture, gconstpointer data)
{
  g_autoptr (json_object) start = NULL;
  guint ended = 0;

  for (guint id = 1; id <= 3; id++)
    send_speak (fixture->pipe, id, "nl", LONG_TEXT);
  start = speech_pipe_expect (fixture->pipe, "start", 5000);
  speech_pipe_send (fixture->pipe, "{\"request\":\"stop\"}");

  while (ended < 3)
    {
      g_autoptr (json_object) end = speech_pipe_expect (fixture->pipe, "end", 5000);

      g_assert_cmpstr (speech_event_string (end, "status"), ==, "cancelled");
      ended++;
    }
  send_speak (fixture->pipe, 4, "nl", "Weer stil.");
  expect_end (fixture->pipe, 4, "completed");
}

static void
test_duplicate_id (Fixture *fixture, gconstpointer data)
{
  g_autoptr (json_object) start = NULL;
  g_autoptr (json_object) error = NULL;

  send_speak (fixture->pipe, 5, "nl", LONG_TEXT);
  start = speech_pipe_expect (fixture->pipe, "start", 5000);
  send_speak (fixture->pipe, 5, "nl", "Nog een keer.");
  error = speech_pipe_expect (fixture->pipe, "error", 5000);
  g_assert_cmpstr (speech_event_string (error, "code"), ==, "invalid-request");
  g_assert_cmpint (speech_event_int (error, "id"), ==, -1);

  speech_pipe_send (fixture->pipe, "{\"request\":\"cancel\",\"id\":5}");
  expect_end (fixture->pipe, 5, "cancelled");
}

static void
test_busy (Fixture *fixture, gconstpointer data)
{
  g_autoptr (json_object) start = NULL;
  guint busy = 0, cancelled = 0;

  send_speak (fixture->pipe, 1, "nl", LONG_TEXT);
  start = speech_pipe_expect (fixture->pipe, "start", 5000);
  for (guint id = 2; id < 2 + WW_SPEAKER_MAX_QUEUE + 5; id++)
    send_speak (fixture->pipe, id, "nl", "Wachten.");

  /* Five are refused: an error and a failed end each. */
  while (busy < 5)
    {
      g_autoptr (json_object) error = speech_pipe_expect (fixture->pipe, "error", 5000);

      g_assert_cmpstr (speech_event_string (error, "code"), ==, "busy");
      expect_end (fixture->pipe, (guint)speech_event_int (error, "id"), "failed");
      busy++;
    }

  speech_pipe_send (fixture->pipe, "{\"request\":\"stop\"}");
  while (cancelled < WW_SPEAKER_MAX_QUEUE + 1)
    {
      g_autoptr (json_object) end = speech_pipe_expect (fixture->pipe, "end", 5000);

      g_assert_cmpstr (speech_event_string (end, "status"), ==, "cancelled");
      cancelled++;
    }
}

/* A cancel silences a long utterance within 100 ms: the "end" comes, and
 * the last audio was written, within 100 ms of the request. */
static void
test_cancel_latency (Fixture *fixture, gconstpointer data)
{
  gint64 worst_end = 0, worst_audio = 0;

  for (guint id = 1; id <= 10; id++)
    {
      g_autoptr (json_object) word = NULL;
      g_autoptr (json_object) end = NULL;
      g_autofree char *cancel = g_strdup_printf ("{\"request\":\"cancel\",\"id\":%u}", id);
      struct stat      before, after;
      gint64           requested, answered;

      send_speak (fixture->pipe, id, id % 2 ? "nl" : "ar", id % 2 ? LONG_TEXT : LONG_TEXT_AR);
      /* Well into the utterance. */
      for (int i = 0; i < 3; i++)
        {
          g_clear_pointer (&word, json_object_put);
          word = speech_pipe_expect (fixture->pipe, "word", 5000);
        }

      requested = g_get_monotonic_time ();
      speech_pipe_send (fixture->pipe, cancel);
      end = speech_pipe_expect (fixture->pipe, "end", 5000);
      answered = g_get_monotonic_time ();

      g_assert_cmpstr (speech_event_string (end, "status"), ==, "cancelled");
      worst_end = MAX (worst_end, answered - requested);
      worst_audio = MAX (worst_audio, speech_event_int (end, "last-audio") - requested);

      /* Nothing is written after the end. */
      g_assert_cmpint (stat (speech_event_string (end, "file"), &before), ==, 0);
      g_usleep (150 * 1000);
      g_assert_cmpint (stat (speech_event_string (end, "file"), &after), ==, 0);
      g_assert_cmpint (before.st_size, ==, after.st_size);
    }

  g_test_message ("cancel → end: worst %" G_GINT64_FORMAT " µs; cancel → last audio: worst %" G_GINT64_FORMAT " µs",
                  worst_end, worst_audio);
  g_assert_cmpint (worst_end, <, 100 * 1000);
  g_assert_cmpint (worst_audio, <, 100 * 1000);
}

/* Real-time speech says something at least every heartbeat, so that the
 * kiosk's watchdog can tell slow from stuck. */
static void
test_heartbeat (Fixture *fixture, gconstpointer data)
{
  g_autoptr (json_object) start = NULL;
  gint64 last, worst = 0;
  guint  heartbeats = 0;

  send_speak (fixture->pipe, 1, "nl", "Een. . . . Twee. . . . Drie. . . . Vier.");
  start = speech_pipe_expect (fixture->pipe, "start", 5000);
  last = speech_event_int (start, "t");
  for (;;)
    {
      g_autoptr (json_object) event = speech_pipe_read (fixture->pipe, 5000);

      g_assert_nonnull (event);
      worst = MAX (worst, speech_event_int (event, "t") - last);
      last = speech_event_int (event, "t");
      heartbeats += g_str_equal (speech_event_type (event), "heartbeat");
      if (g_str_equal (speech_event_type (event), "end"))
        break;
    }

  g_test_message ("longest silence %" G_GINT64_FORMAT " µs, %u heartbeats", worst, heartbeats);
  g_assert_cmpuint (heartbeats, >, 0);
  g_assert_cmpint (worst, <, 2 * WW_SPEAKER_HEARTBEAT_MS * 1000);
}

/* The test-only hang goes quiet: no heartbeat betrays it. */
static void
test_hang_is_silent (Fixture *fixture, gconstpointer data)
{
  g_autoptr (json_object) start = NULL;
  json_object *event;

  speech_pipe_send (fixture->pipe, "{\"request\":\"test-hang\",\"id\":9}");
  start = speech_pipe_expect (fixture->pipe, "start", 5000);
  event = speech_pipe_read (fixture->pipe, 1500);
  g_assert_null (event);

  /* Reading requests goes on, but nothing answers; only a kill ends it. */
  speech_pipe_send (fixture->pipe, "{\"request\":\"cancel\",\"id\":9}");
  g_assert_null (speech_pipe_read (fixture->pipe, 500));
  g_subprocess_send_signal (fixture->pipe->process, SIGKILL);
}

static void
test_end_of_input_exits (Fixture *fixture, gconstpointer data)
{
  g_autoptr (json_object) start = NULL;
  gint64 closed;

  send_speak (fixture->pipe, 1, "nl", LONG_TEXT);
  start = speech_pipe_expect (fixture->pipe, "start", 5000);

  closed = g_get_monotonic_time ();
  speech_pipe_close_input (fixture->pipe);
  g_assert_true (speech_test_wait_exit (fixture->pipe->process, 3000));
  g_assert_true (g_subprocess_get_if_exited (fixture->pipe->process));
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->pipe->process), ==, 0);
  g_test_message ("exited %" G_GINT64_FORMAT " µs after its input closed", g_get_monotonic_time () - closed);
}

static void
test_missing_voice (void)
{
  g_autofree char *wav_dir = speech_test_make_tmpdir ();
  g_autofree char *data_path = NULL;
  g_autofree char *pruned = NULL;
  g_autoptr (SpeechPipe) probe = speech_pipe_new ("--wav-dir", wav_dir, NULL);
  g_autoptr (json_object) probe_ready = expect_ready (probe);
  g_autoptr (SpeechPipe) pipe = NULL;
  g_autoptr (json_object) ready = NULL;
  g_autoptr (json_object) error = NULL;
  json_object *languages, *missing;

  data_path = g_strdup (speech_event_string (probe_ready, "data-path"));
  g_assert_nonnull (data_path);
  g_clear_pointer (&probe, speech_pipe_free);

  /* Ukrainian loses its dictionary, Turkish its voice file. */
  pruned = speech_test_make_pruned_data (data_path, "uk", "tr");
  pipe = speech_pipe_new ("--wav-dir", wav_dir, "--data-path", pruned, NULL);
  ready = expect_ready (pipe);

  g_assert_true (json_object_object_get_ex (ready, "languages", &languages));
  g_assert_true (json_object_object_get_ex (ready, "missing", &missing));
  g_assert_cmpuint (json_object_array_length (languages), ==, 4);
  g_assert_cmpuint (json_object_array_length (missing), ==, 2);
  g_assert_cmpstr (json_object_get_string (json_object_array_get_idx (missing, 0)), ==, "tr");
  g_assert_cmpstr (json_object_get_string (json_object_array_get_idx (missing, 1)), ==, "uk");

  send_speak (pipe, 1, "uk", "Ласкаво просимо");
  error = speech_pipe_expect (pipe, "error", 5000);
  g_assert_cmpstr (speech_event_string (error, "code"), ==, "voice-missing");
  g_assert_cmpint (speech_event_int (error, "id"), ==, 1);
  expect_end (pipe, 1, "failed");

  send_speak (pipe, 2, "nl", "Nederlands werkt wel.");
  expect_end (pipe, 2, "completed");

  g_clear_pointer (&pipe, speech_pipe_free);
  speech_test_remove_tree (pruned);
  speech_test_remove_tree (wav_dir);
}

/* Without --wav-dir the helper plays; on a machine without sound that must
 * be a clear error, at once, not a hang. */
static void
test_no_sound_card (void)
{
  g_autoptr (SpeechPipe) pipe = speech_pipe_new (NULL, NULL);
  g_autoptr (json_object) ready = expect_ready (pipe);
  g_autoptr (json_object) error = NULL;
  json_object *audio, *languages;
  gint64       requested;

  g_assert_cmpstr (speech_event_string (ready, "mode"), ==, "audio");
  g_assert_true (json_object_object_get_ex (ready, "audio", &audio));
  if (json_object_get_boolean (audio))
    {
      g_test_skip ("this machine has sound output");
      return;
    }

  g_assert_nonnull (speech_event_string (ready, "audio-error"));
  g_assert_true (json_object_object_get_ex (ready, "languages", &languages));
  g_assert_cmpuint (json_object_array_length (languages), ==, 0);

  requested = g_get_monotonic_time ();
  send_speak (pipe, 1, "nl", "Hallo");
  error = speech_pipe_expect (pipe, "error", 5000);
  g_assert_cmpstr (speech_event_string (error, "code"), ==, "audio-unavailable");
  expect_end (pipe, 1, "failed");
  g_assert_cmpint (g_get_monotonic_time () - requested, <, G_USEC_PER_SEC);
}

/* Playing through espeak-ng's own audio output, into ALSA's null device
 * (PulseAudio made unreachable, so that no test ever makes a sound): words
 * come from espeak-ng's event thread, a cancel goes through
 * espeak_ng_Cancel(), and the next utterance, in another voice, works. */
static void
test_playback (void)
{
  g_autofree char *dir = speech_test_make_tmpdir ();
  g_autofree char *config = g_build_filename (dir, "asound.conf", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SpeechPipe) pipe = NULL;
  g_autoptr (json_object) ready = NULL;
  g_autoptr (GString) long_text = g_string_new (NULL);
  g_autoptr (GString) long_arabic = g_string_new (NULL);
  json_object *audio;

  g_assert_true (
      g_file_set_contents (config, "pcm.!default { type null }\nctl.!default { type hw card 0 }\n", -1, &error));
  g_setenv ("ALSA_CONFIG_PATH", config, TRUE);
  g_setenv ("PULSE_SERVER", "unix:/nonexistent/pulse", TRUE);
  pipe = speech_pipe_new (NULL, NULL);
  g_unsetenv ("ALSA_CONFIG_PATH");
  g_unsetenv ("PULSE_SERVER");

  ready = expect_ready (pipe);
  g_assert_cmpstr (speech_event_string (ready, "mode"), ==, "audio");
  g_assert_true (json_object_object_get_ex (ready, "audio", &audio));
  g_assert_true (json_object_get_boolean (audio));

  send_speak (pipe, 1, "nl", "Uw nummer is A-042.");
  expect_end (pipe, 1, "completed");

  /* Long enough that synthesis is still going when the cancel comes. */
  while (g_utf8_strlen (long_text->str, -1) < 1800)
    g_string_append (long_text, LONG_TEXT " ");
  while (g_utf8_strlen (long_arabic->str, -1) < 1800)
    g_string_append (long_arabic, LONG_TEXT_AR " ");
  for (guint id = 2; id <= 5; id++)
    {
      g_autoptr (json_object) end = NULL;
      g_autofree char *cancel = g_strdup_printf ("{\"request\":\"cancel\",\"id\":%u}", id);
      gint64           requested;

      send_speak (pipe, id, id % 2 ? "ar" : "nl", id % 2 ? long_arabic->str : long_text->str);
      for (int words = 0; words < 3; words++)
        json_object_put (speech_pipe_expect (pipe, "word", 5000));
      requested = g_get_monotonic_time ();
      speech_pipe_send (pipe, cancel);
      end = speech_pipe_expect (pipe, "end", 5000);
      g_assert_cmpstr (speech_event_string (end, "status"), ==, "cancelled");
      g_assert_cmpint (g_get_monotonic_time () - requested, <, 100 * 1000);
    }

  send_speak (pipe, 6, "uk", "Ласкаво просимо до бібліотеки.");
  expect_end (pipe, 6, "completed");

  speech_pipe_close_input (pipe);
  g_assert_true (speech_test_wait_exit (pipe->process, 3000));
  g_assert_true (g_subprocess_get_if_exited (pipe->process));
  g_assert_cmpint (g_subprocess_get_exit_status (pipe->process), ==, 0);
  speech_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/speaker/protocol/ready", test_ready);
  g_test_add ("/speaker/protocol/speak", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_speak,
              fixture_tear_down);
  g_test_add ("/speaker/protocol/invalid-requests", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_invalid_requests, fixture_tear_down);
  g_test_add_func ("/speaker/protocol/test-hang-is-hidden", test_test_hang_is_hidden);
  g_test_add ("/speaker/protocol/line-too-long", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_line_too_long,
              fixture_tear_down);
  g_test_add ("/speaker/protocol/escapes-and-odd-characters", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_escapes_and_odd_characters, fixture_tear_down);
  g_test_add ("/speaker/protocol/cancel-queued", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_cancel_queued,
              fixture_tear_down);
  g_test_add ("/speaker/protocol/stop", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_stop, fixture_tear_down);
  g_test_add ("/speaker/protocol/duplicate-id", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_duplicate_id,
              fixture_tear_down);
  g_test_add ("/speaker/protocol/busy", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_busy, fixture_tear_down);
  g_test_add ("/speaker/protocol/cancel-latency", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_cancel_latency,
              fixture_tear_down);
  g_test_add ("/speaker/protocol/heartbeat", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_heartbeat,
              fixture_tear_down);
  g_test_add ("/speaker/protocol/hang-is-silent", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_hang_is_silent,
              fixture_tear_down);
  g_test_add ("/speaker/protocol/end-of-input-exits", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_end_of_input_exits, fixture_tear_down);
  g_test_add_func ("/speaker/protocol/missing-voice", test_missing_voice);
  g_test_add_func ("/speaker/protocol/no-sound-card", test_no_sound_card);
  g_test_add_func ("/speaker/protocol/playback", test_playback);

  return g_test_run ();
}
