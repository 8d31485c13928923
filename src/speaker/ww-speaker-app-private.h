/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The helper's request reader on its own (no synthesis thread, no stdin),
 * for the fuzz target of the request lines. Events go wherever
 * ww_speaker_output_init() pointed them. */
typedef struct _WwSpeakerApp WwSpeakerApp;

WwSpeakerApp *_ww_speaker_app_new (gboolean test_requests);
void          _ww_speaker_app_feed (WwSpeakerApp *app, const char *data, gsize length);
void          _ww_speaker_app_free (WwSpeakerApp *app);

G_END_DECLS
