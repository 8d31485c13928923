/* SPDX-License-Identifier: EUPL-1.2 */

/* The speech sanitiser: catalogue texts and anything else the kiosk reads
 * aloud pass through it before espeak-ng sees them. Besides crashes, it
 * checks the promises the kiosk and the speaker rely on: the result is
 * valid UTF-8 within the limit, sanitising it again changes nothing, and
 * every character maps back to bytes inside the original text. */

#include "config.h"

#include <string.h>

#include "wegwijs-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (WwSpeechText) spoken = NULL;
  g_autoptr (WwSpeechText) again = NULL;
  const char *text, *text_again;
  gsize       length, length_again, max_chars;

  if (size < 1)
    return 0;

  /* The first byte picks the limit: 0 is the default, else a small one so
   * that truncation is reached often. */
  max_chars = data[0] == 0 ? 0 : data[0];
  data++;
  size--;

  spoken = ww_speech_sanitize ((const char *)data, (gssize)size, max_chars);
  text = ww_speech_text_get_text (spoken, &length);
  g_assert (text != NULL);
  g_assert (strlen (text) == length);
  g_assert (g_utf8_validate (text, (gssize)length, NULL));
  g_assert_cmpuint (g_utf8_strlen (text, (gssize)length), ==, ww_speech_text_get_n_chars (spoken));
  g_assert_cmpuint (ww_speech_text_get_n_chars (spoken), <=, max_chars == 0 ? WW_SPEECH_MAX_CHARS : max_chars);

  for (gsize i = 0; i < ww_speech_text_get_n_chars (spoken); i++)
    {
      gsize offset, span;

      g_assert (ww_speech_text_map_range (spoken, i, 1 + i % 7, &offset, &span));
      g_assert_cmpuint (offset + span, <=, size);
    }
  g_assert (!ww_speech_text_map_range (spoken, ww_speech_text_get_n_chars (spoken), 1, NULL, NULL));

  /* What the kiosk sends, the speaker sanitises again: it must not change. */
  again = ww_speech_sanitize (text, (gssize)length, 0);
  text_again = ww_speech_text_get_text (again, &length_again);
  if (!ww_speech_text_get_truncated (spoken) && max_chars == 0)
    {
      g_assert_cmpuint (length_again, ==, length);
      g_assert (memcmp (text_again, text, length) == 0);
    }

  return 0;
}
