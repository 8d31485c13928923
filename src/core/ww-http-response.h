/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>
#include <json-c/json.h>

G_BEGIN_DECLS

#define WW_TYPE_HTTP_RESPONSE (ww_http_response_get_type ())

typedef struct _WwHttpResponse WwHttpResponse;

GType           ww_http_response_get_type (void) G_GNUC_CONST;
WwHttpResponse *ww_http_response_new (guint status);
WwHttpResponse *ww_http_response_ref (WwHttpResponse *self);
void            ww_http_response_unref (WwHttpResponse *self);
guint           ww_http_response_get_status (WwHttpResponse *self);
void            ww_http_response_add_header (WwHttpResponse *self, const char *name, const char *value);
const char     *ww_http_response_get_header (WwHttpResponse *self, const char *name);
void            ww_http_response_set_body (WwHttpResponse *self, GBytes *body);
GBytes         *ww_http_response_get_body (WwHttpResponse *self);
gboolean        ww_http_response_has_content_type (WwHttpResponse *self, const char *media_type);
json_object    *ww_http_response_parse_json (WwHttpResponse *self, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHttpResponse, ww_http_response_unref)

G_END_DECLS
