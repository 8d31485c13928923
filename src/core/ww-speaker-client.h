/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * WwSpeechRate:
 * @WW_SPEECH_RATE_SLOW: for residents who need time (115 words a minute)
 * @WW_SPEECH_RATE_NORMAL: the default (145 words a minute)
 * @WW_SPEECH_RATE_FAST: for residents who know the way (180 words a minute)
 */
typedef enum
{
  WW_SPEECH_RATE_SLOW,
  WW_SPEECH_RATE_NORMAL,
  WW_SPEECH_RATE_FAST,
} WwSpeechRate;

/**
 * WwSpeechOutcome:
 * @WW_SPEECH_OUTCOME_COMPLETED: spoken to the end (or nothing to say)
 * @WW_SPEECH_OUTCOME_CANCELLED: silenced by cancel() or stop()
 * @WW_SPEECH_OUTCOME_FAILED: not (fully) spoken: the helper crashed or hung,
 *   the language has no voice, or there is no sound output
 */
typedef enum
{
  WW_SPEECH_OUTCOME_COMPLETED,
  WW_SPEECH_OUTCOME_CANCELLED,
  WW_SPEECH_OUTCOME_FAILED,
} WwSpeechOutcome;

#define WW_TYPE_SPEECH_RATE (ww_speech_rate_get_type ())
GType ww_speech_rate_get_type (void) G_GNUC_CONST;
#define WW_TYPE_SPEECH_OUTCOME (ww_speech_outcome_get_type ())
GType ww_speech_outcome_get_type (void) G_GNUC_CONST;

#define WW_TYPE_SPEAKER_CLIENT (ww_speaker_client_get_type ())
G_DECLARE_FINAL_TYPE (WwSpeakerClient, ww_speaker_client, WW, SPEAKER_CLIENT, GObject)

WwSpeakerClient *ww_speaker_client_new (const char *const *helper_argv);
void             ww_speaker_client_start (WwSpeakerClient *self);
guint    ww_speaker_client_speak (WwSpeakerClient *self, const char *language, WwSpeechRate rate, const char *text);
void     ww_speaker_client_cancel (WwSpeakerClient *self, guint id);
void     ww_speaker_client_stop (WwSpeakerClient *self);
gboolean ww_speaker_client_get_running (WwSpeakerClient *self);
gboolean ww_speaker_client_get_speaking (WwSpeakerClient *self);
const char *const *ww_speaker_client_get_available_languages (WwSpeakerClient *self);
gboolean           ww_speaker_client_has_language (WwSpeakerClient *self, const char *language);
guint              ww_speaker_client_get_watchdog_timeout (WwSpeakerClient *self);
void               ww_speaker_client_set_watchdog_timeout (WwSpeakerClient *self, guint timeout_ms);

G_END_DECLS
