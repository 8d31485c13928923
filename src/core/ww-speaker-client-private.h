/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

/* For the speech tests and the latency benchmark only. */

#include "ww-speaker-client.h"

G_BEGIN_DECLS

GPid  _ww_speaker_client_get_helper_pid (WwSpeakerClient *self);
guint _ww_speaker_client_get_restarts (WwSpeakerClient *self);
void  _ww_speaker_client_set_backoff (WwSpeakerClient *self, guint initial_ms, guint max_ms);
guint _ww_speaker_client_test_hang (WwSpeakerClient *self);

G_END_DECLS
