/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * "Tap on read aloud" to the first audio sample, with a warm helper in WAV
 * mode (budget: 60 ms; ARCHITECTURE.md). Two measurements:
 * - protocol: the speak request written to the pipe → the helper's "start"
 *   event, stamped when espeak-ng's synth callback got the first buffer
 *   (CLOCK_MONOTONIC is shared by both processes);
 * - kiosk: ww_speaker_client_speak() called → ::utterance-started received
 *   in the main loop (an upper bound: includes the way back).
 * A benchmark, not a test: it prints figures and exits 0 unless it breaks.
 */

#include "config.h"

#include <string.h>

#include "speech-test-util.h"
#include "ww-speaker-client.h"

#define ROUNDS 100

static const char *const texts[] = {
  "Paspoort aanvragen. U heeft een pasfoto nodig en uw oude paspoort.",
  "Verhuizen doorgeven. Dat kan tot vier weken voor de verhuizing.",
  "Uw nummer is A-042. Een vrijwilliger roept u zo.",
};

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what, GArray *samples)
{
  gint64 *values = (gint64 *)(void *)samples->data;

  g_array_sort (samples, compare_gint64);
  g_print ("%-58s median %6.2f ms  p90 %6.2f ms  max %6.2f ms  (n=%u)\n", what, values[samples->len / 2] / 1000.0,
           values[samples->len * 9 / 10] / 1000.0, values[samples->len - 1] / 1000.0, samples->len);
}

static gint64
speak_and_time (SpeechPipe *pipe, guint id, const char *language, const char *text)
{
  g_autoptr (json_object) request = json_object_new_object ();
  g_autoptr (json_object) start = NULL;
  g_autoptr (json_object) end = NULL;
  gint64 written;

  json_object_object_add (request, "request", json_object_new_string ("speak"));
  json_object_object_add (request, "id", json_object_new_int64 (id));
  json_object_object_add (request, "language", json_object_new_string (language));
  json_object_object_add (request, "rate", json_object_new_int (145));
  json_object_object_add (request, "text", json_object_new_string (text));

  speech_pipe_send (pipe, json_object_to_json_string_ext (request, JSON_C_TO_STRING_PLAIN));
  written = g_get_monotonic_time ();
  start = speech_pipe_expect (pipe, "start", 10000);
  end = speech_pipe_expect (pipe, "end", 10000);

  return speech_event_int (start, "t") - written;
}

static void
measure_protocol (const char *wav_dir)
{
  g_autoptr (SpeechPipe) pipe = speech_pipe_new ("--wav-dir", wav_dir, NULL);
  g_autoptr (json_object) ready = speech_pipe_read (pipe, 10000);
  g_autoptr (GArray) warm = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) switching = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint id = 1;

  g_assert_cmpstr (speech_event_type (ready), ==, "ready");
  for (guint i = 0; i < 5; i++)
    speak_and_time (pipe, id++, "nl", texts[0]);

  for (guint i = 0; i < ROUNDS; i++)
    {
      gint64 latency = speak_and_time (pipe, id++, "nl", texts[i % G_N_ELEMENTS (texts)]);

      g_array_append_val (warm, latency);
    }
  report ("request written -> first audio buffer (warm, same voice)", warm);

  for (guint i = 0; i < ROUNDS / 4; i++)
    {
      gint64 latency = speak_and_time (pipe, id++, i % 2 ? "nl" : "ar", i % 2 ? texts[0] : "مرحبا بكم في المكتبة.");

      g_array_append_val (switching, latency);
    }
  report ("request written -> first audio buffer (switching voice)", switching);
}

/* For comparison: a helper that was not running yet (the kiosk starts it
 * at start-up, so a resident never waits for this). */
static void
measure_cold (const char *wav_dir)
{
  g_autoptr (GArray) ready_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) first_audio = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < 10; i++)
    {
      gint64 spawned = g_get_monotonic_time ();
      g_autoptr (SpeechPipe) pipe = speech_pipe_new ("--wav-dir", wav_dir, NULL);
      g_autoptr (json_object) ready = speech_pipe_read (pipe, 10000);
      gint64 ready_time = speech_event_int (ready, "t") - spawned;
      gint64 latency = speak_and_time (pipe, 1, "nl", texts[0]);

      g_array_append_val (ready_times, ready_time);
      g_array_append_val (first_audio, latency);
    }
  report ("helper spawned -> ready (cold)", ready_times);
  report ("request written -> first audio buffer (first utterance)", first_audio);
}

typedef struct
{
  guint  id;
  gint64 started;
  gint64 finished;
} Pending;

static void
started_cb (WwSpeakerClient *client, guint id, Pending *pending)
{
  if (id == pending->id)
    pending->started = g_get_monotonic_time ();
}

static void
finished_cb (WwSpeakerClient *client, guint id, WwSpeechOutcome outcome, Pending *pending)
{
  if (id == pending->id)
    pending->finished = g_get_monotonic_time ();
}

static gboolean
is_finished (gpointer data)
{
  return ((Pending *)data)->finished != 0;
}

static gboolean
is_running (gpointer data)
{
  return ww_speaker_client_get_running (data);
}

static void
measure_client (const char *wav_dir)
{
  const char *argv[] = { speech_test_helper_path (), "--wav-dir", wav_dir, NULL };
  g_autoptr (WwSpeakerClient) client = ww_speaker_client_new (argv);
  g_autoptr (GArray) taps = g_array_new (FALSE, FALSE, sizeof (gint64));
  Pending pending = { 0 };

  g_signal_connect (client, "utterance-started", G_CALLBACK (started_cb), &pending);
  g_signal_connect (client, "utterance-finished", G_CALLBACK (finished_cb), &pending);
  ww_speaker_client_start (client);
  g_assert_true (speech_test_wait (is_running, client, 10000));

  for (guint i = 0; i < ROUNDS + 5; i++)
    {
      gint64 tapped = g_get_monotonic_time ();

      pending = (Pending){ 0 };
      pending.id = ww_speaker_client_speak (client, "nl", WW_SPEECH_RATE_NORMAL, texts[i % G_N_ELEMENTS (texts)]);
      g_assert_true (speech_test_wait (is_finished, &pending, 10000));
      g_assert_cmpint (pending.started, >, 0);
      if (i >= 5)
        {
          gint64 latency = pending.started - tapped;

          g_array_append_val (taps, latency);
        }
    }
  report ("speak() -> utterance-started received (warm)", taps);
}

int
main (int argc, char **argv)
{
  g_autofree char *wav_dir = speech_test_make_tmpdir ();

  g_print ("Read-aloud latency, WAV mode, budget 60 ms\n");
  measure_protocol (wav_dir);
  measure_client (wav_dir);
  measure_cold (wav_dir);
  speech_test_remove_tree (wav_dir);

  return 0;
}
