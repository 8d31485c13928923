/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* At most this many characters (code points) are spoken in one utterance; a
 * page with more is read block by block. */
#define WW_SPEECH_MAX_CHARS 2000

/* A token (a run without white space) longer than this is split. Long enough
 * for Dutch compounds ("arbeidsongeschiktheidsverzekering" has 33). */
#define WW_SPEECH_MAX_TOKEN_CHARS 40

/* Combining marks kept after one base character (Arabic needs up to three). */
#define WW_SPEECH_MAX_MARKS 4

/**
 * WwSpeechText:
 *
 * A text as the synthesiser will get it, and the way back from each of its
 * characters to the bytes of the text it was made from, so that a word the
 * synthesiser reports can be highlighted in the text on screen.
 */
typedef struct _WwSpeechText WwSpeechText;

WwSpeechText *ww_speech_sanitize (const char *text, gssize length, gsize max_chars);
const char   *ww_speech_text_get_text (const WwSpeechText *self, gsize *length);
gsize         ww_speech_text_get_n_chars (const WwSpeechText *self);
gboolean      ww_speech_text_get_truncated (const WwSpeechText *self);
gboolean      ww_speech_text_map_range (const WwSpeechText *self,
                                        gsize               char_offset,
                                        gsize               n_chars,
                                        gsize              *source_offset,
                                        gsize              *source_length);
void          ww_speech_text_free (WwSpeechText *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwSpeechText, ww_speech_text_free)

G_END_DECLS
