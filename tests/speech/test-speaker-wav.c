/* SPDX-License-Identifier: EUPL-1.2 */

/* What the helper writes in WAV mode is speech: long enough, loud enough,
 * and its word events walk through the whole text. */

#include "config.h"

#include <string.h>

#include "speech-test-util.h"

typedef struct
{
  const char *name;
  const char *language;
  const char *text;
  guint       n_words;
} Sentence;

static const Sentence sentences[] = {
  { "nl", "nl",
    "Welkom in de bibliotheek van Gemeente Voorbeeld. Hier kunt u hulp krijgen bij uw paspoort en uw rijbewijs.", 17 },
  { "ar", "ar", "مرحبا بكم في مكتبة البلدية. هنا يمكنكم الحصول على المساعدة في جواز السفر.", 12 },
  { "en", "en", "Welcome to the library. A volunteer can help you with your passport.", 12 },
  { "tr", "tr", "Kütüphaneye hoş geldiniz. Bir gönüllü pasaportunuz için size yardım edebilir.", 9 },
  { "pl", "pl", "Witamy w bibliotece. Wolontariusz pomoże Ci w sprawie paszportu.", 9 },
  { "uk", "uk", "Ласкаво просимо до бібліотеки. Волонтер допоможе вам з паспортом.", 9 },
  /* espeak-ng reports some numbers as several words at one position. */
  { "nl-numbers", "nl", "Een paspoort kost € 75,80. Kom op 12-03-2024 tussen 09.00 en 17.00 uur, nummer A-042.", 20 },
};

typedef struct
{
  gint64 offset;
  gint64 length;
} Word;

typedef struct
{
  GArray *words;
  char   *file;
  gint64  start_time;
  gint64  end_time;
  char   *status;
} Utterance;

static void
utterance_clear (Utterance *utterance)
{
  g_clear_pointer (&utterance->words, g_array_unref);
  g_clear_pointer (&utterance->file, g_free);
  g_clear_pointer (&utterance->status, g_free);
}

static void
speak (SpeechPipe *pipe, guint id, const char *language, int rate, const char *text, Utterance *utterance)
{
  g_autoptr (json_object) request = json_object_new_object ();

  json_object_object_add (request, "request", json_object_new_string ("speak"));
  json_object_object_add (request, "id", json_object_new_int64 (id));
  json_object_object_add (request, "language", json_object_new_string (language));
  json_object_object_add (request, "rate", json_object_new_int (rate));
  json_object_object_add (request, "text", json_object_new_string (text));
  speech_pipe_send (pipe, json_object_to_json_string_ext (request, JSON_C_TO_STRING_PLAIN));

  utterance->words = g_array_new (FALSE, FALSE, sizeof (Word));
  for (;;)
    {
      g_autoptr (json_object) event = speech_pipe_read (pipe, 20000);
      const char *type;

      g_assert_nonnull (event);
      g_assert_cmpint (speech_event_int (event, "id"), ==, id);
      type = speech_event_type (event);
      if (g_str_equal (type, "start"))
        {
          utterance->start_time = speech_event_int (event, "t");
        }
      else if (g_str_equal (type, "word"))
        {
          Word word = { speech_event_int (event, "offset"), speech_event_int (event, "length") };

          g_array_append_val (utterance->words, word);
        }
      else if (g_str_equal (type, "end"))
        {
          utterance->end_time = speech_event_int (event, "t");
          utterance->status = g_strdup (speech_event_string (event, "status"));
          utterance->file = g_strdup (speech_event_string (event, "file"));
          return;
        }
    }
}

static gboolean
is_word_character (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Offsets only grow, stay inside the text, and every word of the text is
 * touched by some word event. */
static void
assert_words_cover (const char *text, GArray *words)
{
  glong       n_chars = g_utf8_strlen (text, -1);
  const char *p = text;
  glong       i = 0;
  guint       n_text_words = 0;

  for (guint w = 0; w < words->len; w++)
    {
      Word *word = &g_array_index (words, Word, w);

      g_assert_cmpint (word->length, >, 0);
      g_assert_cmpint (word->offset + word->length, <=, n_chars);
      if (w > 0)
        g_assert_cmpint (word->offset, >, g_array_index (words, Word, w - 1).offset);
    }

  while (i < n_chars)
    {
      glong    start;
      gboolean covered = FALSE;

      if (!is_word_character (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          i++;
          continue;
        }

      start = i;
      while (i < n_chars && is_word_character (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          i++;
        }
      n_text_words++;

      for (guint w = 0; w < words->len && !covered; w++)
        {
          Word *word = &g_array_index (words, Word, w);

          covered = word->offset < i && word->offset + word->length > start;
        }
      if (!covered)
        {
          g_autofree char *missed =
              g_strndup (g_utf8_offset_to_pointer (text, start),
                         (gsize)(g_utf8_offset_to_pointer (text, i) - g_utf8_offset_to_pointer (text, start)));

          g_error ("no word event covers ‘%s’ in ‘%s’", missed, text);
        }
    }

  g_assert_cmpuint (n_text_words, >, 0);
}

static void
assert_speech (const char *path, double min_seconds, double max_seconds, SpeechWav *wav)
{
  g_autoptr (GError) error = NULL;
  guint  window, voiced = 0, windows = 0;
  double seconds;

  g_assert_true (speech_wav_load (path, wav, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wav->rate, ==, 22050);

  seconds = speech_wav_seconds (wav);
  g_test_message ("%s: %.2f s (expected %.2f … %.2f), RMS %.0f", path, seconds, min_seconds, max_seconds,
                  speech_wav_rms (wav));
  g_assert_cmpfloat (seconds, >=, min_seconds);
  g_assert_cmpfloat (seconds, <=, max_seconds);

  /* Not silent: loud enough overall, and sound in a good part of it. */
  g_assert_cmpfloat (speech_wav_rms (wav), >, 1000.0);
  window = wav->rate / 50;
  for (gsize start = 0; start + window <= wav->n_samples; start += window)
    {
      SpeechWav part = { wav->rate, window, wav->samples + start };

      voiced += speech_wav_rms (&part) > 300.0;
      windows++;
    }
  g_assert_cmpuint (voiced * 10, >, windows * 4);
}

static void
test_sentence (gconstpointer data)
{
  const Sentence  *sentence = data;
  g_autofree char *wav_dir = speech_test_make_tmpdir ();
  g_autoptr (SpeechPipe) pipe = speech_pipe_new ("--wav-dir", wav_dir, NULL);
  g_autoptr (json_object) ready = speech_pipe_read (pipe, 10000);
  Utterance utterance = { 0 };
  SpeechWav wav = { 0 };
  int       rate = 145;
  double    expected = sentence->n_words * 60.0 / rate;

  g_assert_cmpstr (speech_event_type (ready), ==, "ready");
  speak (pipe, 1, sentence->language, rate, sentence->text, &utterance);
  g_assert_cmpstr (utterance.status, ==, "completed");
  g_assert_cmpint (utterance.start_time, >, 0);

  assert_speech (utterance.file, expected * 0.5, expected * 2.0 + 1.0, &wav);
  assert_words_cover (sentence->text, utterance.words);
  g_assert_cmpuint (utterance.words->len, >=, sentence->n_words * 2 / 3);

  speech_wav_clear (&wav);
  utterance_clear (&utterance);
  g_clear_pointer (&pipe, speech_pipe_free);
  speech_test_remove_tree (wav_dir);
}

static void
test_rate (void)
{
  g_autofree char *wav_dir = speech_test_make_tmpdir ();
  g_autoptr (SpeechPipe) pipe = speech_pipe_new ("--wav-dir", wav_dir, NULL);
  g_autoptr (json_object) ready = speech_pipe_read (pipe, 10000);
  Utterance slow = { 0 }, fast = { 0 };
  SpeechWav slow_wav = { 0 }, fast_wav = { 0 };
  g_autoptr (GError) error = NULL;

  speak (pipe, 1, "nl", 115, sentences[0].text, &slow);
  speak (pipe, 2, "nl", 180, sentences[0].text, &fast);
  g_assert_true (speech_wav_load (slow.file, &slow_wav, &error));
  g_assert_true (speech_wav_load (fast.file, &fast_wav, &error));
  g_test_message ("115 wpm: %.2f s, 180 wpm: %.2f s", speech_wav_seconds (&slow_wav), speech_wav_seconds (&fast_wav));
  g_assert_cmpfloat (speech_wav_seconds (&slow_wav), >, 1.3 * speech_wav_seconds (&fast_wav));

  speech_wav_clear (&slow_wav);
  speech_wav_clear (&fast_wav);
  utterance_clear (&slow);
  utterance_clear (&fast);
  g_clear_pointer (&pipe, speech_pipe_free);
  speech_test_remove_tree (wav_dir);
}

/* In real time, words arrive as they would be heard, and a cancelled
 * utterance leaves a complete WAV file of what was said until then. */
static void
test_realtime_and_cancel (void)
{
  g_autofree char *wav_dir = speech_test_make_tmpdir ();
  g_autoptr (SpeechPipe) pipe = speech_pipe_new ("--wav-dir", wav_dir, "--realtime", NULL);
  g_autoptr (json_object) ready = speech_pipe_read (pipe, 10000);
  g_autoptr (json_object) start = NULL;
  g_autoptr (json_object) end = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (json_object) request = json_object_new_object ();
  SpeechWav wav = { 0 };
  gint64    first_word = 0, last_word = 0;
  guint     n_words = 0;

  json_object_object_add (request, "request", json_object_new_string ("speak"));
  json_object_object_add (request, "id", json_object_new_int (3));
  json_object_object_add (request, "language", json_object_new_string ("nl"));
  json_object_object_add (request, "text", json_object_new_string (sentences[0].text));
  speech_pipe_send (pipe, json_object_to_json_string (request));
  start = speech_pipe_expect (pipe, "start", 5000);
  while (n_words < 6)
    {
      g_autoptr (json_object) word = speech_pipe_expect (pipe, "word", 5000);

      last_word = speech_event_int (word, "t");
      if (n_words++ == 0)
        first_word = last_word;
    }
  /* Six words take well over a second to say. */
  g_test_message ("6 words in %" G_GINT64_FORMAT " ms", (last_word - first_word) / 1000);
  g_assert_cmpint (last_word - first_word, >, 1000 * 1000);

  speech_pipe_send (pipe, "{\"request\":\"cancel\",\"id\":3}");
  end = speech_pipe_expect (pipe, "end", 5000);
  g_assert_cmpstr (speech_event_string (end, "status"), ==, "cancelled");
  g_assert_true (speech_wav_load (speech_event_string (end, "file"), &wav, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (speech_wav_seconds (&wav), >, 1.0);
  g_assert_cmpfloat (speech_wav_seconds (&wav), <, 5.0);

  speech_wav_clear (&wav);
  g_clear_pointer (&pipe, speech_pipe_free);
  speech_test_remove_tree (wav_dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      g_autofree char *path = g_strdup_printf ("/speaker/wav/%s", sentences[i].name);

      g_test_add_data_func (path, &sentences[i], test_sentence);
    }
  g_test_add_func ("/speaker/wav/rate", test_rate);
  g_test_add_func ("/speaker/wav/realtime-and-cancel", test_realtime_and_cancel);

  return g_test_run ();
}
