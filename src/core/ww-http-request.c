/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-http-request.h"

/* A request to the hub: method, URL, headers, body, and how hard to try. */
struct _WwHttpRequest
{
  gatomicrefcount  ref_count;
  char            *method;
  char            *url;
  GPtrArray       *header_names;
  GPtrArray       *header_values;
  GBytes          *body;
  guint            max_attempts;
  guint            timeout_ms;
  char            *stream_content_type;
  WwHttpStreamFunc stream_func;
  gpointer         stream_data;
  GDestroyNotify   stream_destroy;
};

G_DEFINE_BOXED_TYPE (WwHttpRequest, ww_http_request, ww_http_request_ref, ww_http_request_unref)

WwHttpRequest *
ww_http_request_new (const char *method, const char *url)
{
  WwHttpRequest *self;

  g_return_val_if_fail (method != NULL && *method != '\0', NULL);
  g_return_val_if_fail (url != NULL, NULL);

  self = g_new0 (WwHttpRequest, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->method = g_ascii_strup (method, -1);
  self->url = g_strdup (url);
  self->header_names = g_ptr_array_new_with_free_func (g_free);
  self->header_values = g_ptr_array_new_with_free_func (g_free);
  self->max_attempts = 1;

  return self;
}

WwHttpRequest *
ww_http_request_ref (WwHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ww_http_request_unref (WwHttpRequest *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->stream_destroy != NULL)
    self->stream_destroy (self->stream_data);
  g_free (self->method);
  g_free (self->url);
  g_free (self->stream_content_type);
  g_ptr_array_unref (self->header_names);
  g_ptr_array_unref (self->header_values);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

const char *
ww_http_request_get_method (WwHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->method;
}

const char *
ww_http_request_get_url (WwHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->url;
}

static gboolean
is_token (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_safe_value (const char *value)
{
  /* No CR, LF or NUL: a header value must not start a new header. */
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar)*p < 0x20 && *p != '\t')
      return FALSE;
  return TRUE;
}

/* Sets (replaces) a header. Refuses names and values that could split the
 * request; returns FALSE then. */
gboolean
ww_http_request_set_header (WwHttpRequest *self, const char *name, const char *value)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!is_token (name) || !is_safe_value (value))
    return FALSE;

  for (guint i = 0; i < self->header_names->len; i++)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (self->header_names, i), name) == 0)
        {
          g_free (self->header_values->pdata[i]);
          self->header_values->pdata[i] = g_strdup (value);
          return TRUE;
        }
    }

  g_ptr_array_add (self->header_names, g_strdup (name));
  g_ptr_array_add (self->header_values, g_strdup (value));
  return TRUE;
}

const char *
ww_http_request_get_header (WwHttpRequest *self, const char *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->header_names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->header_names, i), name) == 0)
      return g_ptr_array_index (self->header_values, i);

  return NULL;
}

/* "Name: value" lines, as libcurl takes them. */
GStrv
ww_http_request_dup_header_lines (WwHttpRequest *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->header_names->len; i++)
    {
      g_autofree char *line = g_strdup_printf ("%s: %s", (char *)g_ptr_array_index (self->header_names, i),
                                               (char *)g_ptr_array_index (self->header_values, i));
      g_strv_builder_add (builder, line);
    }

  return g_strv_builder_end (builder);
}

void
ww_http_request_set_body (WwHttpRequest *self, GBytes *body, const char *content_type)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->body, g_bytes_unref);
  if (body != NULL)
    self->body = g_bytes_ref (body);
  if (content_type != NULL)
    ww_http_request_set_header (self, "Content-Type", content_type);
}

GBytes *
ww_http_request_get_body (WwHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->body;
}

void
ww_http_request_set_json_body (WwHttpRequest *self, const char *json)
{
  g_autoptr (GBytes) body = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (json != NULL);

  body = g_bytes_new (json, strlen (json));
  ww_http_request_set_body (self, body, "application/json");
}

/*
 * Whether sending it twice does no harm: idempotent methods, and anything
 * with an Idempotency-Key the hub uses to recognise a repeat. Only these are
 * ever retried.
 */
gboolean
ww_http_request_is_retry_safe (WwHttpRequest *self)
{
  static const char *const idempotent[] = { "GET", "HEAD", "PUT", "DELETE", "OPTIONS", NULL };

  g_return_val_if_fail (self != NULL, FALSE);

  return g_strv_contains (idempotent, self->method) || ww_http_request_get_header (self, "Idempotency-Key") != NULL;
}

void
ww_http_request_set_max_attempts (WwHttpRequest *self, guint max_attempts)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
}

guint
ww_http_request_get_max_attempts (WwHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, 1);

  return self->max_attempts;
}

/* The request's own total time limit; 0 uses the client's. */
void
ww_http_request_set_timeout_ms (WwHttpRequest *self, guint timeout_ms)
{
  g_return_if_fail (self != NULL);

  self->timeout_ms = timeout_ms;
}

guint
ww_http_request_get_timeout_ms (WwHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->timeout_ms;
}

/*
 * Streams the body of a successful answer of @content_type to @func as it
 * arrives, instead of collecting it. Any other answer is an error.
 */
void
ww_http_request_set_stream_func (WwHttpRequest   *self,
                                 const char      *content_type,
                                 WwHttpStreamFunc func,
                                 gpointer         user_data,
                                 GDestroyNotify   destroy)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (content_type != NULL);

  g_free (self->stream_content_type);
  self->stream_content_type = g_strdup (content_type);
  if (self->stream_destroy != NULL)
    self->stream_destroy (self->stream_data);
  self->stream_func = func;
  self->stream_data = user_data;
  self->stream_destroy = destroy;
}

const char *
ww_http_request_get_stream_content_type (WwHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->stream_content_type;
}

gboolean
ww_http_request_is_stream (WwHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->stream_func != NULL;
}

gboolean
_ww_http_request_stream (WwHttpRequest *self, const char *data, gsize length)
{
  return self->stream_func (data, length, self->stream_data);
}
