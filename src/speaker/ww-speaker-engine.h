/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

#include "ww-speech-sanitize.h"

G_BEGIN_DECLS

typedef struct
{
  const char *data_path; /* espeak-ng data; NULL for the system's */
  const char *wav_dir;   /* write WAV files here; NULL to play */
  gboolean    realtime;  /* WAV: produce audio no faster than it would play */
} WwSpeakerEngineOptions;

/* One utterance. The request reader creates it, the synthesis thread speaks
 * it; `cancelled` is set from the reader and read (atomically) anywhere. */
typedef struct
{
  guint32       id;
  char         *language;
  int           rate;
  char         *text;
  gsize         text_length;
  WwSpeechText *spoken;
  gboolean      hang;
  gint          cancelled;
} WwSpeakerJob;

void ww_speaker_job_free (WwSpeakerJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwSpeakerJob, ww_speaker_job_free)

typedef struct _WwSpeakerEngine WwSpeakerEngine;

WwSpeakerEngine   *ww_speaker_engine_new (const WwSpeakerEngineOptions *options, GError **error);
void               ww_speaker_engine_free (WwSpeakerEngine *self);
const char *const *ww_speaker_engine_get_languages (WwSpeakerEngine *self);
const char *const *ww_speaker_engine_get_missing (WwSpeakerEngine *self);
gboolean           ww_speaker_engine_get_audio (WwSpeakerEngine *self);
const char        *ww_speaker_engine_get_audio_error (WwSpeakerEngine *self);
const char        *ww_speaker_engine_get_data_path (WwSpeakerEngine *self);
void               ww_speaker_engine_speak (WwSpeakerEngine *self, WwSpeakerJob *job);
void               ww_speaker_engine_wake (WwSpeakerEngine *self);

G_END_DECLS
