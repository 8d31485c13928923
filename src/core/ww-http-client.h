/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "ww-http-error.h"
#include "ww-http-request.h"
#include "ww-http-response.h"

G_BEGIN_DECLS

#define WW_TYPE_HTTP_CLIENT (ww_http_client_get_type ())

G_DECLARE_FINAL_TYPE (WwHttpClient, ww_http_client, WW, HTTP_CLIENT, GObject)

WwHttpClient   *ww_http_client_new (void);
void            ww_http_client_send_async (WwHttpClient       *self,
                                           WwHttpRequest      *request,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
WwHttpResponse *ww_http_client_send_finish (WwHttpClient *self, GAsyncResult *result, GError **error);
const char     *ww_http_client_get_ca_file (WwHttpClient *self);
void            ww_http_client_set_ca_file (WwHttpClient *self, const char *ca_file);
const char    **ww_http_client_get_pinned_keys (WwHttpClient *self);
void            ww_http_client_set_pinned_keys (WwHttpClient *self, const char *const *pinned_keys);
guint           ww_http_client_get_connect_timeout_ms (WwHttpClient *self);
void            ww_http_client_set_connect_timeout_ms (WwHttpClient *self, guint connect_timeout_ms);
guint           ww_http_client_get_timeout_ms (WwHttpClient *self);
void            ww_http_client_set_timeout_ms (WwHttpClient *self, guint timeout_ms);
guint           ww_http_client_get_low_speed_time_s (WwHttpClient *self);
void            ww_http_client_set_low_speed_time_s (WwHttpClient *self, guint low_speed_time_s);
guint64         ww_http_client_get_max_response_size (WwHttpClient *self);
void            ww_http_client_set_max_response_size (WwHttpClient *self, guint64 max_response_size);
void            ww_http_client_set_retry_delays (WwHttpClient *self, guint base_ms, guint max_ms);
const char     *ww_http_client_get_user_agent (WwHttpClient *self);

G_END_DECLS
