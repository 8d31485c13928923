/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Outside input never makes an event or a line larger than this. */
#define WW_SSE_MAX_LINE (64 * 1024)
#define WW_SSE_MAX_EVENT (256 * 1024)

typedef struct _WwSseParser WwSseParser;

/* An event is complete: @id is the last event id seen so far (it persists
 * across events, as the standard says), @type "message" when none was given. */
typedef void (*WwSseEventFunc) (const char *id, const char *type, const char *data, gpointer user_data);
/* A comment line (": ..."), such as the keep-alive. */
typedef void (*WwSseCommentFunc) (const char *comment, gpointer user_data);
/* The server asked to wait this long before reconnecting. */
typedef void (*WwSseRetryFunc) (guint retry_ms, gpointer user_data);

WwSseParser *ww_sse_parser_new (WwSseEventFunc   event_func,
                                WwSseCommentFunc comment_func,
                                WwSseRetryFunc   retry_func,
                                gpointer         user_data);
void         ww_sse_parser_free (WwSseParser *self);
gboolean     ww_sse_parser_feed (WwSseParser *self, const char *data, gsize length, GError **error);
void         ww_sse_parser_reset (WwSseParser *self);
const char  *ww_sse_parser_get_last_event_id (WwSseParser *self);
void         ww_sse_parser_set_last_event_id (WwSseParser *self, const char *last_event_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwSseParser, ww_sse_parser_free)

G_END_DECLS
