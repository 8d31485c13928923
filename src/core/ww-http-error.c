/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-http-error.h"

/* The HTTP details ride along with the GError (an extended error domain),
 * so a caller that only knows GError still gets a readable message. */
typedef struct
{
  guint  status;
  char  *title;
  char  *detail;
  gint64 retry_after_ms;
} WwHttpErrorPrivate;

static void
ww_http_error_private_init (WwHttpErrorPrivate *priv)
{
  priv->retry_after_ms = -1;
}

static void
ww_http_error_private_copy (const WwHttpErrorPrivate *src, WwHttpErrorPrivate *dest)
{
  dest->status = src->status;
  dest->title = g_strdup (src->title);
  dest->detail = g_strdup (src->detail);
  dest->retry_after_ms = src->retry_after_ms;
}

static void
ww_http_error_private_clear (WwHttpErrorPrivate *priv)
{
  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->detail, g_free);
}

/* GLib's macro finds the private data by pointer arithmetic that clang's
 * -Wcast-align cannot see is aligned. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-align"
G_DEFINE_EXTENDED_ERROR (WwHttpError, ww_http_error)
#pragma GCC diagnostic pop

WwHttpError
ww_http_error_code_for_status (guint status)
{
  switch (status)
    {
    case 401:
      return WW_HTTP_ERROR_UNAUTHORIZED;
    case 403:
      return WW_HTTP_ERROR_FORBIDDEN;
    case 404:
    case 410:
      return WW_HTTP_ERROR_NOT_FOUND;
    case 408:
      return WW_HTTP_ERROR_TIMEOUT;
    case 409:
      return WW_HTTP_ERROR_CONFLICT;
    case 413:
      return WW_HTTP_ERROR_TOO_LARGE;
    case 429:
      return WW_HTTP_ERROR_RATE_LIMITED;
    default:
      if (status >= 500 && status <= 599)
        return WW_HTTP_ERROR_SERVER;
      if (status >= 400 && status <= 499)
        return WW_HTTP_ERROR_BAD_REQUEST;
      return WW_HTTP_ERROR_INVALID_RESPONSE;
    }
}

/* Sets an error from an HTTP answer; the message is the problem's title
 * and detail when the hub gave them. */
void
ww_http_error_set_problem (GError **error, guint status, const char *title, const char *detail, gint64 retry_after_ms)
{
  WwHttpErrorPrivate *priv;
  GError             *new_error;

  if (error == NULL)
    return;

  if (title != NULL && detail != NULL)
    new_error = g_error_new (WW_HTTP_ERROR, ww_http_error_code_for_status (status), "%s: %s", title, detail);
  else if (title != NULL)
    new_error = g_error_new_literal (WW_HTTP_ERROR, ww_http_error_code_for_status (status), title);
  else
    new_error = g_error_new (WW_HTTP_ERROR, ww_http_error_code_for_status (status), "HTTP status %u", status);

  priv = ww_http_error_get_private (new_error);
  priv->status = status;
  priv->title = g_strdup (title);
  priv->detail = g_strdup (detail);
  priv->retry_after_ms = retry_after_ms;

  g_propagate_error (error, new_error);
}

static WwHttpErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != WW_HTTP_ERROR)
    return NULL;
  return ww_http_error_get_private (error);
}

/* The HTTP status, or 0 when the error did not come from an HTTP answer. */
guint
ww_http_error_get_status (const GError *error)
{
  WwHttpErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->status : 0;
}

const char *
ww_http_error_get_title (const GError *error)
{
  WwHttpErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->title : NULL;
}

const char *
ww_http_error_get_detail (const GError *error)
{
  WwHttpErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->detail : NULL;
}

/* How long the hub asked us to wait (Retry-After), or -1. */
gint64
ww_http_error_get_retry_after_ms (const GError *error)
{
  WwHttpErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->retry_after_ms : -1;
}

/* Whether trying again later may help: the network, a timeout, an
 * overloaded or failing hub. Never a TLS failure or a refused request. */
gboolean
ww_http_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != WW_HTTP_ERROR)
    return FALSE;

  switch ((WwHttpError)error->code)
    {
    case WW_HTTP_ERROR_CONNECT:
    case WW_HTTP_ERROR_TIMEOUT:
    case WW_HTTP_ERROR_RATE_LIMITED:
    case WW_HTTP_ERROR_SERVER:
      return TRUE;
    case WW_HTTP_ERROR_TLS:
    case WW_HTTP_ERROR_PIN_MISMATCH:
    case WW_HTTP_ERROR_NOT_HTTPS:
    case WW_HTTP_ERROR_TOO_MANY_REDIRECTS:
    case WW_HTTP_ERROR_TOO_LARGE:
    case WW_HTTP_ERROR_INVALID_RESPONSE:
    case WW_HTTP_ERROR_BAD_REQUEST:
    case WW_HTTP_ERROR_UNAUTHORIZED:
    case WW_HTTP_ERROR_FORBIDDEN:
    case WW_HTTP_ERROR_NOT_FOUND:
    case WW_HTTP_ERROR_CONFLICT:
    case WW_HTTP_ERROR_FAILED:
    default:
      return FALSE;
    }
}
