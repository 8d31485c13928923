/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include <string.h>

#include "ww-speech-sanitize.h"

static char *
sanitize_len (const char *text, gssize length, gsize max_chars)
{
  g_autoptr (WwSpeechText) spoken = ww_speech_sanitize (text, length, max_chars);

  return g_strdup (ww_speech_text_get_text (spoken, NULL));
}

static void
assert_sanitized (const char *text, const char *expected)
{
  g_autofree char *result = sanitize_len (text, -1, 0);

  g_assert_cmpstr (result, ==, expected);
}

static void
test_plain_text_unchanged (void)
{
  const char *texts[] = {
    "Welkom in de bibliotheek.",
    "Uw nummer is A-042.",
    "Kosten: € 1.000,50 (incl. btw)",
    "مرحبا بكم في المكتبة.",
    "Ласкаво просимо до бібліотеки!",
    "Kütüphaneye hoş geldiniz.",
    "Zażółć gęślą jaźń?",
    "arbeidsongeschiktheidsverzekering",
    "e-mail: info@voorbeeld.nl",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (WwSpeechText) spoken = ww_speech_sanitize (texts[i], -1, 0);

      g_assert_cmpstr (ww_speech_text_get_text (spoken, NULL), ==, texts[i]);
      g_assert_cmpuint (ww_speech_text_get_n_chars (spoken), ==, g_utf8_strlen (texts[i], -1));
      g_assert_false (ww_speech_text_get_truncated (spoken));
    }
}

static void
test_control_characters_removed (void)
{
  /* C0, DEL and C1 controls. */
  assert_sanitized ("ab\x01\x02"
                    "c\x7f\xc2\x80"
                    "d\x1b[31m",
                    "abcd[31m");
  /* A NUL inside the given length is removed too. */
  {
    g_autofree char *result = sanitize_len ("a\0b", 3, 0);

    g_assert_cmpstr (result, ==, "ab");
  }
  /* Direction marks and embeddings, zero-width characters, BOM, soft hyphen. */
  assert_sanitized ("\u200fمرحبا\u200e \u202bx\u202c\ufeffy\u00adz\u200b!", "مرحبا xyz!");
  /* Noncharacters, private use, unassigned, the replacement character. */
  assert_sanitized ("a\uffffb\ue000c\ufffdd\U000e0001e", "abcde");
  /* Nothing but junk gives nothing. */
  assert_sanitized ("\x01\u200b \t\u202e", "");
  assert_sanitized ("", "");
}

static void
test_invalid_utf8_dropped (void)
{
  assert_sanitized ("a\xff"
                    "b\xc3(c",
                    "ab(c");
  /* An encoded surrogate (CESU-8) and an overlong form are not UTF-8. */
  assert_sanitized ("x\xed\xa0\x80y\xc0\xafz", "xyz");
  /* A sequence cut at the end. */
  assert_sanitized ("ok\xe2\x82", "ok");
}

static void
test_whitespace_normalised (void)
{
  assert_sanitized ("  a \t\u00a0 b\u3000c  ", "a b c");
  assert_sanitized ("\u2002een\u2003twee", "een twee");
}

static void
test_line_breaks_become_pauses (void)
{
  assert_sanitized ("Paspoort aanvragen\nNeem een pasfoto mee", "Paspoort aanvragen. Neem een pasfoto mee");
  assert_sanitized ("Stap 1.\nStap 2", "Stap 1. Stap 2");
  assert_sanitized ("Let op:\r\n\r\nu betaalt vooraf", "Let op: u betaalt vooraf");
  assert_sanitized ("a\u2029b\u2028c\xc2\x85"
                    "d",
                    "a. b. c. d");
  /* A break at the end adds nothing. */
  assert_sanitized ("Klaar\n\n", "Klaar");
}

static void
test_punctuation_runs_collapsed (void)
{
  assert_sanitized ("Hallo!!!!", "Hallo!");
  assert_sanitized ("Wat?!?!", "Wat?");
  assert_sanitized ("Wacht...", "Wacht.");
  assert_sanitized ("(zie hieronder).", "(zie hieronder.");
  assert_sanitized ("\"Paspoort\".", "\"Paspoort.");
  assert_sanitized ("Let op -- belangrijk", "Let op - belangrijk");
  assert_sanitized ("Nee . . . . ja", "Nee . ja");
  assert_sanitized ("Ja,;: nee", "Ja, nee");
  assert_sanitized ("Test‼️ !!!!!", "Test‼");
  assert_sanitized ("هل أنت هنا؟؟؟", "هل أنت هنا؟");
  /* Single marks inside words and numbers stay. */
  assert_sanitized ("A-042 om 09.00-17.00 uur, 1.000,50", "A-042 om 09.00-17.00 uur, 1.000,50");
}

static void
test_symbol_runs_collapsed (void)
{
  assert_sanitized ("★★★★★ service", "★ service");
  assert_sanitized ("€€€ 50", "€ 50");
  assert_sanitized ("😀😀😀😀", "😀");
  /* Different symbols, or symbols apart, are left alone. */
  assert_sanitized ("€ € €", "€ € €");
  assert_sanitized ("+-+=", "+-+=");
}

static void
test_combining_marks_limited (void)
{
  g_autoptr (GString) zalgo = g_string_new ("a");
  g_autofree char *expected = NULL;

  for (int i = 0; i < 50; i++)
    g_string_append (zalgo, "\u0301");
  g_string_append (zalgo, "b");
  expected = g_strconcat ("a", "\u0301\u0301\u0301\u0301", "b", NULL);
  assert_sanitized (zalgo->str, expected);

  /* Decomposed letters and Arabic vowel marks are kept. */
  assert_sanitized ("cafe\u0301", "cafe\u0301");
  assert_sanitized ("مَرْحَبًا بِّ", "مَرْحَبًا بِّ");
  /* A mark without a base, or on punctuation, is removed. */
  assert_sanitized ("\u0301x \u0302y", "x y");
  assert_sanitized ("ja!\u0301", "ja!");
}

static void
test_long_tokens_split (void)
{
  g_autoptr (GString) word = g_string_new (NULL);
  g_autoptr (WwSpeechText) spoken = NULL;
  g_auto (GStrv) tokens = NULL;

  for (int i = 0; i < 100; i++)
    g_string_append (word, i % 2 ? "ä" : "a");
  spoken = ww_speech_sanitize (word->str, -1, 0);
  tokens = g_strsplit (ww_speech_text_get_text (spoken, NULL), " ", -1);

  g_assert_cmpuint (g_strv_length (tokens), ==, 3);
  g_assert_cmpuint (g_utf8_strlen (tokens[0], -1), ==, WW_SPEECH_MAX_TOKEN_CHARS);
  g_assert_cmpuint (g_utf8_strlen (tokens[1], -1), ==, WW_SPEECH_MAX_TOKEN_CHARS);
  g_assert_cmpuint (g_utf8_strlen (tokens[2], -1), ==, 100 - 2 * WW_SPEECH_MAX_TOKEN_CHARS);

  /* A split space maps to no text: a word event on it highlights nothing. */
  {
    gsize offset, length;

    g_assert_true (ww_speech_text_map_range (spoken, WW_SPEECH_MAX_TOKEN_CHARS, 1, &offset, &length));
    g_assert_cmpuint (length, ==, 0);
    g_assert_true (ww_speech_text_map_range (spoken, WW_SPEECH_MAX_TOKEN_CHARS + 1, 2, &offset, &length));
    g_assert_cmpuint (offset, ==, 60); /* 20 × "a" + 20 × "ä" */
    g_assert_cmpuint (length, ==, 3);
  }
}

static void
test_length_capped (void)
{
  g_autoptr (WwSpeechText) short_text = ww_speech_sanitize ("een twee drie vier", -1, 10);
  g_autoptr (WwSpeechText) exact = ww_speech_sanitize ("een twee d  ", -1, 10);
  g_autoptr (WwSpeechText) no_space = ww_speech_sanitize ("aaaaaaaaaaaaaaaaaaaa", -1, 10);
  g_autoptr (GString) long_text = g_string_new (NULL);
  g_autoptr (WwSpeechText) capped = NULL;

  g_assert_cmpstr (ww_speech_text_get_text (short_text, NULL), ==, "een twee");
  g_assert_true (ww_speech_text_get_truncated (short_text));

  g_assert_cmpstr (ww_speech_text_get_text (exact, NULL), ==, "een twee d");
  g_assert_false (ww_speech_text_get_truncated (exact));

  g_assert_cmpstr (ww_speech_text_get_text (no_space, NULL), ==, "aaaaaaaaaa");
  g_assert_true (ww_speech_text_get_truncated (no_space));

  for (int i = 0; i < 2000; i++)
    g_string_append (long_text, "ha ");
  capped = ww_speech_sanitize (long_text->str, -1, 0);
  g_assert_true (ww_speech_text_get_truncated (capped));
  g_assert_cmpuint (ww_speech_text_get_n_chars (capped), <=, WW_SPEECH_MAX_CHARS);
  g_assert_cmpuint (ww_speech_text_get_n_chars (capped), >=, WW_SPEECH_MAX_CHARS - WW_SPEECH_MAX_TOKEN_CHARS);
  g_assert_true (g_str_has_suffix (ww_speech_text_get_text (capped, NULL), "ha"));
}

static void
assert_maps_to (WwSpeechText *spoken, const char *source, gsize char_offset, gsize n_chars, const char *expected)
{
  gsize offset, length;

  g_assert_true (ww_speech_text_map_range (spoken, char_offset, n_chars, &offset, &length));
  g_assert_cmpuint (offset + length, <=, strlen (source));
  {
    g_autofree char *mapped = g_strndup (source + offset, length);

    g_assert_cmpstr (mapped, ==, expected);
  }
}

static void
test_offsets_map_back (void)
{
  const char *source = "Hé  wereld\u200b, dag!!!\nTitel 😀 klaar";
  g_autoptr (WwSpeechText) spoken = ww_speech_sanitize (source, -1, 0);
  gsize offset, length;

  g_assert_cmpstr (ww_speech_text_get_text (spoken, NULL), ==, "Hé wereld, dag! Titel 😀 klaar");
  assert_maps_to (spoken, source, 0, 2, "Hé");
  assert_maps_to (spoken, source, 3, 6, "wereld");
  /* The removed zero-width space lies between "wereld" and ",". */
  assert_maps_to (spoken, source, 3, 7, "wereld\u200b,");
  assert_maps_to (spoken, source, 11, 3, "dag");
  /* The collapsed "!!!" maps to the mark that was kept. */
  assert_maps_to (spoken, source, 14, 1, "!");
  assert_maps_to (spoken, source, 16, 5, "Titel");
  assert_maps_to (spoken, source, 22, 1, "😀");
  assert_maps_to (spoken, source, 24, 5, "klaar");
  /* A range past the end is cut at the end. */
  assert_maps_to (spoken, source, 24, 500, "klaar");
  /* Zero characters are taken as one. */
  assert_maps_to (spoken, source, 24, 0, "k");
  g_assert_false (ww_speech_text_map_range (spoken, 29, 1, &offset, &length));
  g_assert_false (ww_speech_text_map_range (spoken, G_MAXSIZE, 1, &offset, &length));

  /* The full stop made from a line break maps to no text. */
  {
    g_autoptr (WwSpeechText) heading = ww_speech_sanitize ("Titel\nTekst", -1, 0);

    g_assert_true (ww_speech_text_map_range (heading, 5, 1, &offset, &length));
    g_assert_cmpuint (offset, ==, 5);
    g_assert_cmpuint (length, ==, 0);
    assert_maps_to (heading, "Titel\nTekst", 7, 5, "Tekst");
  }
}

static const char *const hostile[] = {
  "\u202e\u2066Ar\u0627\u0644\u202c mixed עברית Ελληνικά 中文 español",
  "a\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301!\u0301?!\u0301 \u0301",
  "👨‍👩‍👧‍👦🏳️‍🌈🇳🇱 \U0001f600\U0001f600 \u2764\ufe0f",
  "\uffff\ufffe\U0010ffff\U000fffff\ue000\ufffd",
  "...!!!???,,,;;;:::---___(((((]]]]]]",
  "http://x.nl/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?b=c&d=e",
  "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
  "x\n\n\n. \n\t!\r\n\u2029\u2028y",
  "€€€€\u0301€ ★ ★★ \u0301★",
  "\xff\xfe\xc3\xed\xa0\x80\xf4\x90\x80\x80 ok",
};

static void
assert_well_formed (WwSpeechText *spoken, const char *source, gsize source_length, gsize max_chars)
{
  gsize       length;
  const char *text = ww_speech_text_get_text (spoken, &length);
  gsize       n_chars = ww_speech_text_get_n_chars (spoken);

  g_assert_true (g_utf8_validate (text, (gssize)length, NULL));
  g_assert_cmpuint (strlen (text), ==, length);
  g_assert_cmpuint ((gsize)g_utf8_strlen (text, -1), ==, n_chars);
  g_assert_cmpuint (n_chars, <=, max_chars);
  g_assert_null (strstr (text, "  "));
  g_assert_true (length == 0 || (text[0] != ' ' && text[length - 1] != ' '));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      GUnicodeType type = g_unichar_type (g_utf8_get_char (p));

      g_assert_true (type != G_UNICODE_CONTROL && type != G_UNICODE_FORMAT && type != G_UNICODE_UNASSIGNED &&
                     type != G_UNICODE_PRIVATE_USE);
    }

  for (gsize i = 0; i < n_chars; i++)
    {
      gsize offset, n;

      g_assert_true (ww_speech_text_map_range (spoken, i, 1, &offset, &n));
      g_assert_cmpuint (offset + n, <=, source_length);
    }
  (void)source;
}

static void
assert_idempotent (const char *source, gsize source_length, gsize max_chars)
{
  g_autoptr (WwSpeechText) once = ww_speech_sanitize (source, (gssize)source_length, max_chars);
  g_autoptr (WwSpeechText) twice = NULL;
  gsize       length;
  const char *text = ww_speech_text_get_text (once, &length);

  assert_well_formed (once, source, source_length, max_chars);
  twice = ww_speech_sanitize (text, (gssize)length, max_chars);
  g_assert_cmpstr (ww_speech_text_get_text (twice, NULL), ==, text);
  g_assert_false (ww_speech_text_get_truncated (twice));

  /* The second pass maps each character to itself. */
  for (gsize i = 0; i < ww_speech_text_get_n_chars (twice); i++)
    {
      gsize offset, n;

      g_assert_true (ww_speech_text_map_range (twice, i, 1, &offset, &n));
      g_assert_cmpuint (offset, ==, (gsize)(g_utf8_offset_to_pointer (text, (glong)i) - text));
    }
}

static void
test_idempotent_on_hostile_text (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      assert_idempotent (hostile[i], strlen (hostile[i]), WW_SPEECH_MAX_CHARS);
      assert_idempotent (hostile[i], strlen (hostile[i]), 7);
    }
}

/* Random bytes and random code points from the ranges that matter. */
static void
test_idempotent_on_random_text (void)
{
  static const gunichar pool[] = { 'a',     'Z',     '0',    ' ',      '\n',   '\t',   '.',    '!',    '?',
                                   ',',     '-',     '(',    ')',      '"',    0x1,    0x7f,   0x85,   0xa0,
                                   0xad,    0x301,   0x64e,  0x627,    0x644,  0x200b, 0x200d, 0x200e, 0x202e,
                                   0x2029,  0x2026,  0x20ac, 0x2605,   0x3000, 0xfe0f, 0xfeff, 0xfffd, 0xffff,
                                   0x1f600, 0x1f44d, 0xe000, 0x10ffff, 0x61f,  0x60c };

  for (int round = 0; round < 2000; round++)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      int length = g_test_rand_int_range (0, 120);

      for (int i = 0; i < length; i++)
        {
          if (round % 4 == 0)
            g_string_append_c (text, (char)g_test_rand_int_range (1, 256));
          else
            g_string_append_unichar (text, pool[g_test_rand_int_range (0, G_N_ELEMENTS (pool))]);
        }
      assert_idempotent (text->str, text->len, round % 3 == 0 ? 17 : WW_SPEECH_MAX_CHARS);
    }
}

static void
test_huge_input (void)
{
  gsize            size = 8 * 1024 * 1024;
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr (WwSpeechText) spoken = NULL;

  for (gsize i = 0; i < size; i++)
    text[i] = "ab !\x01"[i % 5];
  text[size] = '\0';

  spoken = ww_speech_sanitize (text, -1, 0);
  g_assert_true (ww_speech_text_get_truncated (spoken));
  g_assert_cmpuint (ww_speech_text_get_n_chars (spoken), <=, WW_SPEECH_MAX_CHARS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/speech-sanitize/plain-text-unchanged", test_plain_text_unchanged);
  g_test_add_func ("/speech-sanitize/control-characters-removed", test_control_characters_removed);
  g_test_add_func ("/speech-sanitize/invalid-utf8-dropped", test_invalid_utf8_dropped);
  g_test_add_func ("/speech-sanitize/whitespace-normalised", test_whitespace_normalised);
  g_test_add_func ("/speech-sanitize/line-breaks-become-pauses", test_line_breaks_become_pauses);
  g_test_add_func ("/speech-sanitize/punctuation-runs-collapsed", test_punctuation_runs_collapsed);
  g_test_add_func ("/speech-sanitize/symbol-runs-collapsed", test_symbol_runs_collapsed);
  g_test_add_func ("/speech-sanitize/combining-marks-limited", test_combining_marks_limited);
  g_test_add_func ("/speech-sanitize/long-tokens-split", test_long_tokens_split);
  g_test_add_func ("/speech-sanitize/length-capped", test_length_capped);
  g_test_add_func ("/speech-sanitize/offsets-map-back", test_offsets_map_back);
  g_test_add_func ("/speech-sanitize/idempotent-on-hostile-text", test_idempotent_on_hostile_text);
  g_test_add_func ("/speech-sanitize/idempotent-on-random-text", test_idempotent_on_random_text);
  g_test_add_func ("/speech-sanitize/huge-input", test_huge_input);

  return g_test_run ();
}
