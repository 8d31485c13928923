/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "ww-http-client.h"

G_BEGIN_DECLS

#define WW_TYPE_EVENT_STREAM (ww_event_stream_get_type ())

G_DECLARE_FINAL_TYPE (WwEventStream, ww_event_stream, WW, EVENT_STREAM, GObject)

WwEventStream *ww_event_stream_new (WwHttpClient *client, const char *url);
void           ww_event_stream_set_authorization (WwEventStream *self, const char *authorization);
void           ww_event_stream_set_keepalive_interval_ms (WwEventStream *self, guint interval_ms);
void           ww_event_stream_set_reconnect_delays (WwEventStream *self, guint base_ms, guint max_ms);
void           ww_event_stream_set_last_event_id (WwEventStream *self, const char *last_event_id);
const char    *ww_event_stream_get_last_event_id (WwEventStream *self);
gboolean       ww_event_stream_get_connected (WwEventStream *self);
void           ww_event_stream_start (WwEventStream *self);
void           ww_event_stream_stop (WwEventStream *self);

G_END_DECLS
