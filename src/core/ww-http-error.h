/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WW_HTTP_ERROR (ww_http_error_quark ())

/**
 * WwHttpError:
 * @WW_HTTP_ERROR_CONNECT: the hub could not be reached (name lookup, refused, network down)
 * @WW_HTTP_ERROR_TIMEOUT: no answer in time, or the answer came too slowly
 * @WW_HTTP_ERROR_TLS: the hub's certificate is not trusted (unknown CA, wrong host, expired)
 * @WW_HTTP_ERROR_PIN_MISMATCH: the hub's public key is not one of the pinned keys
 * @WW_HTTP_ERROR_NOT_HTTPS: the address, or a redirect, is not https
 * @WW_HTTP_ERROR_TOO_MANY_REDIRECTS: more than 3 redirects, or a loop
 * @WW_HTTP_ERROR_TOO_LARGE: the answer was larger than the client accepts
 * @WW_HTTP_ERROR_INVALID_RESPONSE: the answer was cut off or not what was asked for
 * @WW_HTTP_ERROR_BAD_REQUEST: the hub refused the request as wrong (400, 405, 413, 415, 422)
 * @WW_HTTP_ERROR_UNAUTHORIZED: no valid credentials (401)
 * @WW_HTTP_ERROR_FORBIDDEN: the credentials do not allow this (403)
 * @WW_HTTP_ERROR_NOT_FOUND: no such resource (404)
 * @WW_HTTP_ERROR_CONFLICT: someone else was first, or the state changed (409)
 * @WW_HTTP_ERROR_RATE_LIMITED: too many requests; try again later (429)
 * @WW_HTTP_ERROR_SERVER: the hub failed (5xx)
 * @WW_HTTP_ERROR_FAILED: anything else
 *
 * What went wrong talking to the hub, in codes the UI turns into a
 * plain-language message. An error from an HTTP answer also carries the
 * status and the problem's title and detail (RFC 9457).
 */
typedef enum
{
  WW_HTTP_ERROR_CONNECT,
  WW_HTTP_ERROR_TIMEOUT,
  WW_HTTP_ERROR_TLS,
  WW_HTTP_ERROR_PIN_MISMATCH,
  WW_HTTP_ERROR_NOT_HTTPS,
  WW_HTTP_ERROR_TOO_MANY_REDIRECTS,
  WW_HTTP_ERROR_TOO_LARGE,
  WW_HTTP_ERROR_INVALID_RESPONSE,
  WW_HTTP_ERROR_BAD_REQUEST,
  WW_HTTP_ERROR_UNAUTHORIZED,
  WW_HTTP_ERROR_FORBIDDEN,
  WW_HTTP_ERROR_NOT_FOUND,
  WW_HTTP_ERROR_CONFLICT,
  WW_HTTP_ERROR_RATE_LIMITED,
  WW_HTTP_ERROR_SERVER,
  WW_HTTP_ERROR_FAILED,
} WwHttpError;

GQuark ww_http_error_quark (void);
void
ww_http_error_set_problem (GError **error, guint status, const char *title, const char *detail, gint64 retry_after_ms);
guint       ww_http_error_get_status (const GError *error);
const char *ww_http_error_get_title (const GError *error);
const char *ww_http_error_get_detail (const GError *error);
gint64      ww_http_error_get_retry_after_ms (const GError *error);
WwHttpError ww_http_error_code_for_status (guint status);
gboolean    ww_http_error_is_transient (const GError *error);

G_END_DECLS
