/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WW_TYPE_HTTP_REQUEST (ww_http_request_get_type ())

typedef struct _WwHttpRequest WwHttpRequest;

/* Receives the body of a streamed answer as it arrives (Server-Sent Events).
 * Returning FALSE ends the transfer. */
typedef gboolean (*WwHttpStreamFunc) (const char *data, gsize length, gpointer user_data);

GType          ww_http_request_get_type (void) G_GNUC_CONST;
WwHttpRequest *ww_http_request_new (const char *method, const char *url);
WwHttpRequest *ww_http_request_ref (WwHttpRequest *self);
void           ww_http_request_unref (WwHttpRequest *self);
const char    *ww_http_request_get_method (WwHttpRequest *self);
const char    *ww_http_request_get_url (WwHttpRequest *self);
gboolean       ww_http_request_set_header (WwHttpRequest *self, const char *name, const char *value);
const char    *ww_http_request_get_header (WwHttpRequest *self, const char *name);
GStrv          ww_http_request_dup_header_lines (WwHttpRequest *self);
void           ww_http_request_set_body (WwHttpRequest *self, GBytes *body, const char *content_type);
GBytes        *ww_http_request_get_body (WwHttpRequest *self);
void           ww_http_request_set_json_body (WwHttpRequest *self, const char *json);
gboolean       ww_http_request_is_retry_safe (WwHttpRequest *self);
void           ww_http_request_set_max_attempts (WwHttpRequest *self, guint max_attempts);
guint          ww_http_request_get_max_attempts (WwHttpRequest *self);
void           ww_http_request_set_timeout_ms (WwHttpRequest *self, guint timeout_ms);
guint          ww_http_request_get_timeout_ms (WwHttpRequest *self);
void           ww_http_request_set_stream_func (WwHttpRequest   *self,
                                                const char      *content_type,
                                                WwHttpStreamFunc func,
                                                gpointer         user_data,
                                                GDestroyNotify   destroy);
const char    *ww_http_request_get_stream_content_type (WwHttpRequest *self);
gboolean       ww_http_request_is_stream (WwHttpRequest *self);
gboolean       _ww_http_request_stream (WwHttpRequest *self, const char *data, gsize length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHttpRequest, ww_http_request_unref)

G_END_DECLS
