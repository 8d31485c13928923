/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Makes a text safe and pleasant to give to the speech synthesiser: the
 * Debian 12 espeak-ng aborts or overflows on some inputs, and a resident
 * should hear words, not a minute of "exclamation mark". Every character of
 * the result remembers the bytes of the text it came from, so the kiosk can
 * highlight the word being spoken in the text it shows.
 *
 * The rules, applied in one pass:
 * - invalid UTF-8, control characters (C0, DEL, C1), format characters
 *   (direction marks, zero-width joiners, BOM, soft hyphen), private-use,
 *   unassigned and non-characters (U+FFFF) and U+FFFD are removed;
 * - white space of any kind becomes one space, none at the start or end;
 *   a line break after text that does not end in punctuation becomes a full
 *   stop, so a heading or a list item is read as a sentence of its own;
 * - a run of punctuation (also with spaces in it) is read as one pause: it
 *   keeps its strongest mark (sentence end, then clause, then any other);
 * - a run of one symbol repeated ("★★★★", "€€€") keeps one;
 * - a letter keeps at most WW_SPEECH_MAX_MARKS combining marks; a mark on
 *   punctuation or without a base character is removed;
 * - a token longer than WW_SPEECH_MAX_TOKEN_CHARS is split with a space;
 * - at most max_chars characters are kept, cut at a space when one is near.
 *
 * Sanitising a sanitised text changes nothing, so the speaker helper can
 * apply the same rules again to what it receives.
 */

#include "config.h"

#include "ww-speech-sanitize.h"

#include <string.h>

typedef struct
{
  gsize start;
  gsize end;
} Span;

struct _WwSpeechText
{
  char    *text;
  gsize    length;
  gsize    n_chars;
  Span    *spans;
  gboolean truncated;
};

typedef enum
{
  STRENGTH_OTHER,
  STRENGTH_CLAUSE,
  STRENGTH_SENTENCE,
} Strength;

typedef struct
{
  GString *text;
  GArray  *spans;
  gsize    max_chars;
  gboolean full;
  gunichar last_char;
  gsize    token_chars;
  guint    marks;
  gboolean have_base;

  gboolean pending_space;
  gboolean pending_break;
  Span     space;

  gboolean in_run;
  gunichar run_char;
  Strength run_strength;
  Span     run;
  gboolean run_space;
  Span     run_space_span;
} Builder;

static gboolean
is_line_break (gunichar c)
{
  return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

static gboolean
is_removed (gunichar c, GUnicodeType type)
{
  return c == 0xfffd || type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT || type == G_UNICODE_UNASSIGNED ||
         type == G_UNICODE_PRIVATE_USE || type == G_UNICODE_SURROGATE;
}

static gboolean
is_mark (GUnicodeType type)
{
  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK;
}

static gboolean
is_punctuation (GUnicodeType type)
{
  return type == G_UNICODE_CONNECT_PUNCTUATION || type == G_UNICODE_DASH_PUNCTUATION ||
         type == G_UNICODE_CLOSE_PUNCTUATION || type == G_UNICODE_FINAL_PUNCTUATION ||
         type == G_UNICODE_INITIAL_PUNCTUATION || type == G_UNICODE_OTHER_PUNCTUATION ||
         type == G_UNICODE_OPEN_PUNCTUATION;
}

static gboolean
is_symbol (GUnicodeType type)
{
  return type == G_UNICODE_CURRENCY_SYMBOL || type == G_UNICODE_MODIFIER_SYMBOL || type == G_UNICODE_MATH_SYMBOL ||
         type == G_UNICODE_OTHER_SYMBOL;
}

static Strength
punctuation_strength (gunichar c)
{
  /* Sentence ends in the scripts of the six kiosk languages, and the
   * full-width forms a copied text may bring along. */
  static const gunichar sentence[] = { '.',    '!',    '?',    0x2026, 0x203c, 0x2047, 0x2048,
                                       0x2049, 0x061f, 0x06d4, 0x3002, 0xff01, 0xff0e, 0xff1f };
  static const gunichar clause[] = { ',', ';', ':', 0x060c, 0x061b, 0xff0c, 0xff1a, 0xff1b, 0x3001 };

  for (gsize i = 0; i < G_N_ELEMENTS (sentence); i++)
    if (c == sentence[i])
      return STRENGTH_SENTENCE;
  for (gsize i = 0; i < G_N_ELEMENTS (clause); i++)
    if (c == clause[i])
      return STRENGTH_CLAUSE;
  return STRENGTH_OTHER;
}

static void
append (Builder *builder, gunichar c, gsize start, gsize end)
{
  Span span = { start, end };

  if (builder->full)
    return;
  if (builder->spans->len >= builder->max_chars)
    {
      builder->full = TRUE;
      return;
    }

  g_string_append_unichar (builder->text, c);
  g_array_append_val (builder->spans, span);
  builder->last_char = c;
}

/* Before a character that can start or continue a token. */
static void
split_long_token (Builder *builder, gsize at)
{
  if (builder->token_chars < WW_SPEECH_MAX_TOKEN_CHARS)
    return;

  append (builder, ' ', at, at);
  builder->token_chars = 0;
}

static void
flush_space (Builder *builder)
{
  if (!builder->pending_space)
    return;

  if (builder->spans->len > 0)
    {
      if (builder->pending_break && !is_punctuation (g_unichar_type (builder->last_char)))
        {
          split_long_token (builder, builder->space.start);
          append (builder, '.', builder->space.start, builder->space.start);
        }
      append (builder, ' ', builder->space.start, builder->space.end);
      builder->token_chars = 0;
      builder->have_base = FALSE;
      builder->marks = 0;
    }

  builder->pending_space = FALSE;
  builder->pending_break = FALSE;
}

static void
flush_run (Builder *builder)
{
  if (!builder->in_run)
    return;

  split_long_token (builder, builder->run.start);
  append (builder, builder->run_char, builder->run.start, builder->run.end);
  builder->token_chars++;
  builder->have_base = FALSE;
  builder->in_run = FALSE;

  if (builder->run_space)
    {
      builder->pending_space = TRUE;
      builder->pending_break = FALSE;
      builder->space = builder->run_space_span;
    }
}

static void
add_space (Builder *builder, gboolean line_break, Span span)
{
  if (builder->in_run)
    {
      if (!builder->run_space)
        builder->run_space_span = span;
      builder->run_space = TRUE;
      return;
    }

  if (!builder->pending_space)
    builder->space = span;
  builder->pending_space = TRUE;
  builder->pending_break |= line_break;
}

static void
add_mark (Builder *builder, gunichar c, Span span)
{
  /* A mark on punctuation (a variation selector after "‼") says nothing,
   * and must not break the run. After white space there is no base. */
  if (builder->in_run || builder->pending_space || !builder->have_base || builder->marks >= WW_SPEECH_MAX_MARKS)
    return;

  append (builder, c, span.start, span.end);
  builder->marks++;
}

static void
add_punctuation (Builder *builder, gunichar c, Span span)
{
  Strength strength = punctuation_strength (c);

  if (builder->in_run)
    {
      if (strength > builder->run_strength)
        {
          builder->run_char = c;
          builder->run_strength = strength;
          builder->run = span;
        }
      return;
    }

  if (builder->pending_break && builder->spans->len > 0 && !is_punctuation (g_unichar_type (builder->last_char)))
    {
      /* The full stop a line break stands for and the marks after it are
       * one run, and so one pause. */
      builder->in_run = TRUE;
      builder->run_char = '.';
      builder->run_strength = STRENGTH_SENTENCE;
      builder->run.start = builder->run.end = builder->space.start;
      builder->run_space = TRUE;
      builder->run_space_span = builder->space;
      builder->pending_space = FALSE;
      builder->pending_break = FALSE;
      add_punctuation (builder, c, span);
      return;
    }

  flush_space (builder);
  builder->in_run = TRUE;
  builder->run_char = c;
  builder->run_strength = strength;
  builder->run = span;
  builder->run_space = FALSE;
}

static void
add_visible (Builder *builder, gunichar c, GUnicodeType type, Span span)
{
  flush_run (builder);

  if (is_symbol (type) && !builder->pending_space && builder->spans->len > 0 && builder->last_char == c)
    return;

  flush_space (builder);
  split_long_token (builder, span.start);
  append (builder, c, span.start, span.end);
  builder->token_chars++;
  builder->have_base = TRUE;
  builder->marks = 0;
}

static void
add_character (Builder *builder, gunichar c, Span span)
{
  GUnicodeType type = g_unichar_type (c);

  if (is_line_break (c))
    add_space (builder, TRUE, span);
  else if (c == '\t' || g_unichar_isspace (c) || type == G_UNICODE_SPACE_SEPARATOR)
    add_space (builder, FALSE, span);
  else if (is_removed (c, type))
    return;
  else if (is_mark (type))
    add_mark (builder, c, span);
  else if (is_punctuation (type))
    add_punctuation (builder, c, span);
  else
    add_visible (builder, c, type, span);
}

/* A cut text ends at a space when one is near, not in the middle of a word. */
static void
cut_at_word (Builder *builder)
{
  gsize n_chars = builder->spans->len;
  gsize keep = n_chars;
  gsize limit = n_chars > WW_SPEECH_MAX_TOKEN_CHARS ? n_chars - WW_SPEECH_MAX_TOKEN_CHARS : 0;

  for (gsize i = n_chars; i > limit; i--)
    {
      const char *p = g_utf8_offset_to_pointer (builder->text->str, (glong)(i - 1));

      if (*p == ' ')
        {
          keep = i - 1;
          break;
        }
    }

  if (keep < n_chars)
    {
      const char *p = g_utf8_offset_to_pointer (builder->text->str, (glong)keep);

      g_string_truncate (builder->text, (gsize)(p - builder->text->str));
      g_array_set_size (builder->spans, (guint)keep);
    }
}

/**
 * ww_speech_sanitize:
 * @text: UTF-8 text (invalid sequences are dropped)
 * @length: length of @text in bytes, or -1 if it ends with a NUL
 * @max_chars: most characters to keep, 0 for %WW_SPEECH_MAX_CHARS
 *
 * Returns: (transfer full): the text to speak, never %NULL (it may be empty)
 */
WwSpeechText *
ww_speech_sanitize (const char *text, gssize length, gsize max_chars)
{
  Builder       builder = { 0 };
  WwSpeechText *self;
  gsize         source_length;
  gsize         pos = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  source_length = length < 0 ? strlen (text) : (gsize)length;
  builder.text = g_string_new (NULL);
  builder.spans = g_array_new (FALSE, FALSE, sizeof (Span));
  builder.max_chars = max_chars > 0 ? max_chars : WW_SPEECH_MAX_CHARS;

  while (pos < source_length && !builder.full)
    {
      gsize    remaining = source_length - pos;
      gunichar c;
      Span     span = { pos, pos + 1 };

      if ((guchar)text[pos] < 0x80)
        {
          c = (guchar)text[pos];
        }
      else
        {
          c = g_utf8_get_char_validated (text + pos, (gssize)MIN (remaining, 4));
          if (c == (gunichar)-1 || c == (gunichar)-2)
            {
              /* Not UTF-8: drop one byte and try again at the next. */
              pos++;
              continue;
            }
          span.end = (gsize)(g_utf8_next_char (text + pos) - text);
        }

      add_character (&builder, c, span);
      pos = span.end;
    }

  if (!builder.full)
    flush_run (&builder);

  self = g_new0 (WwSpeechText, 1);
  self->truncated = builder.full;
  if (self->truncated)
    cut_at_word (&builder);

  /* Nothing after the last word: no space, no full stop made from a break. */
  while (builder.spans->len > 0 && builder.text->len > 0 && builder.text->str[builder.text->len - 1] == ' ')
    {
      g_string_truncate (builder.text, builder.text->len - 1);
      g_array_set_size (builder.spans, builder.spans->len - 1);
    }

  self->n_chars = builder.spans->len;
  self->length = builder.text->len;
  self->text = g_string_free (builder.text, FALSE);
  self->spans = (Span *)(void *)g_array_free (builder.spans, FALSE);

  return self;
}

/* Returns: the sanitised text, NUL-terminated; @length gets its length in bytes */
const char *
ww_speech_text_get_text (const WwSpeechText *self, gsize *length)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (length != NULL)
    *length = self->length;
  return self->text;
}

gsize
ww_speech_text_get_n_chars (const WwSpeechText *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_chars;
}

/* Whether the length cap cut something off. */
gboolean
ww_speech_text_get_truncated (const WwSpeechText *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->truncated;
}

/**
 * ww_speech_text_map_range:
 * @char_offset: first character of a range of the sanitised text
 * @n_chars: number of characters (0 is taken as 1)
 * @source_offset: (out): byte offset of the range in the original text
 * @source_length: (out): its length in bytes
 *
 * Maps characters of the sanitised text (what the synthesiser counts in)
 * back to bytes of the original text (what Pango attributes count in). A
 * range reaching past the end is cut at the end.
 *
 * Returns: %FALSE if @char_offset is not in the text
 */
gboolean
ww_speech_text_map_range (const WwSpeechText *self,
                          gsize               char_offset,
                          gsize               n_chars,
                          gsize              *source_offset,
                          gsize              *source_length)
{
  gsize start, end, last;

  g_return_val_if_fail (self != NULL, FALSE);

  if (char_offset >= self->n_chars)
    return FALSE;

  n_chars = MAX (n_chars, 1);
  last = n_chars > self->n_chars - char_offset ? self->n_chars : char_offset + n_chars;
  start = self->spans[char_offset].start;
  end = self->spans[char_offset].end;
  for (gsize i = char_offset + 1; i < last; i++)
    {
      start = MIN (start, self->spans[i].start);
      end = MAX (end, self->spans[i].end);
    }

  if (source_offset != NULL)
    *source_offset = start;
  if (source_length != NULL)
    *source_length = end - start;
  return TRUE;
}

void
ww_speech_text_free (WwSpeechText *self)
{
  if (self == NULL)
    return;

  g_free (self->text);
  g_free (self->spans);
  g_free (self);
}
