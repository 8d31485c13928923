/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-http-response.h"

#include "ww-http-error.h"
#include "ww-json.h"

/* An answer from the hub: status, headers (names compared without case),
 * and the whole body. */
struct _WwHttpResponse
{
  gatomicrefcount ref_count;
  guint           status;
  GHashTable     *headers;
  GBytes         *body;
};

G_DEFINE_BOXED_TYPE (WwHttpResponse, ww_http_response, ww_http_response_ref, ww_http_response_unref)

WwHttpResponse *
ww_http_response_new (guint status)
{
  WwHttpResponse *self = g_new0 (WwHttpResponse, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->status = status;
  self->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return self;
}

WwHttpResponse *
ww_http_response_ref (WwHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ww_http_response_unref (WwHttpResponse *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->headers);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

guint
ww_http_response_get_status (WwHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->status;
}

/* A repeated header keeps its first value; the ones we read are single. */
void
ww_http_response_add_header (WwHttpResponse *self, const char *name, const char *value)
{
  g_autofree char *key = NULL;

  g_return_if_fail (self != NULL);

  key = g_ascii_strdown (name, -1);
  if (!g_hash_table_contains (self->headers, key))
    g_hash_table_insert (self->headers, g_steal_pointer (&key), g_strdup (value));
}

const char *
ww_http_response_get_header (WwHttpResponse *self, const char *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  key = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (self->headers, key);
}

void
ww_http_response_set_body (WwHttpResponse *self, GBytes *body)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->body, g_bytes_unref);
  if (body != NULL)
    self->body = g_bytes_ref (body);
}

/* Never NULL: an empty body is an empty GBytes. */
GBytes *
ww_http_response_get_body (WwHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->body == NULL)
    self->body = g_bytes_new (NULL, 0);
  return self->body;
}

/* Compares the media type only, without parameters such as charset. */
gboolean
ww_http_response_has_content_type (WwHttpResponse *self, const char *media_type)
{
  const char *value = ww_http_response_get_header (self, "content-type");
  gsize       length;

  if (value == NULL)
    return FALSE;

  length = strcspn (value, "; \t");
  return strlen (media_type) == length && g_ascii_strncasecmp (value, media_type, length) == 0;
}

/*
 * The body as JSON, parsed strictly with the usual limits. Anything else —
 * another content type, broken or empty JSON — is an invalid response.
 */
json_object *
ww_http_response_parse_json (WwHttpResponse *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  GBytes      *body;
  const char  *data;
  json_object *value;
  gsize        length;

  g_return_val_if_fail (self != NULL, NULL);

  if (!ww_http_response_has_content_type (self, "application/json"))
    {
      g_set_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_INVALID_RESPONSE, "The answer is not JSON but %s",
                   ww_http_response_get_header (self, "content-type") ?: "untyped");
      return NULL;
    }

  body = ww_http_response_get_body (self);
  data = g_bytes_get_data (body, &length);
  value = ww_json_parse (data != NULL ? data : "", length, WW_JSON_MAX_DEPTH, &local_error);
  if (value == NULL)
    g_set_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_INVALID_RESPONSE, "The answer is not valid JSON: %s",
                 local_error->message);

  return value;
}
