/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

void         ww_speaker_output_init (int fd);
gint64       ww_speaker_output_get_last_time (void);
json_object *ww_speaker_event_new (const char *type, guint32 id);
void         ww_speaker_emit (json_object *event);
void         ww_speaker_emit_error (guint32 id, const char *code, const char *message);
void         ww_speaker_emit_end (guint32 id, const char *status, gint64 last_audio, const char *file);

G_END_DECLS
