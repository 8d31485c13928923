/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A 16-bit mono PCM WAV file written as the synthesiser produces it. */
typedef struct _WwSpeakerWav WwSpeakerWav;

WwSpeakerWav *ww_speaker_wav_create (const char *path, guint sample_rate, GError **error);
gboolean      ww_speaker_wav_write (WwSpeakerWav *self, const gint16 *samples, gsize n_samples, GError **error);
gboolean      ww_speaker_wav_close (WwSpeakerWav *self, GError **error);

G_END_DECLS
