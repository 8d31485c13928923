/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * An incremental Server-Sent Events parser (the WHATWG "event stream"
 * format). Bytes arrive in chunks cut anywhere — inside a UTF-8 sequence,
 * between the CR and LF of a line ending — and the parser keeps exactly the
 * state the standard describes: the current line, the data buffer, the
 * event type, and the last event id.
 */

#include "config.h"

#include "ww-sse-parser.h"

#include "ww-error.h"

struct _WwSseParser
{
  WwSseEventFunc   event_func;
  WwSseCommentFunc comment_func;
  WwSseRetryFunc   retry_func;
  gpointer         user_data;

  GString *line;
  GString *data;
  GString *type;
  char    *last_event_id;
  gboolean after_cr;
  gboolean seen_first_bytes;
  gboolean failed;
};

WwSseParser *
ww_sse_parser_new (WwSseEventFunc   event_func,
                   WwSseCommentFunc comment_func,
                   WwSseRetryFunc   retry_func,
                   gpointer         user_data)
{
  WwSseParser *self = g_new0 (WwSseParser, 1);

  self->event_func = event_func;
  self->comment_func = comment_func;
  self->retry_func = retry_func;
  self->user_data = user_data;
  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  self->type = g_string_new (NULL);
  self->last_event_id = g_strdup ("");

  return self;
}

void
ww_sse_parser_free (WwSseParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_string_free (self->type, TRUE);
  g_free (self->last_event_id);
  g_free (self);
}

/* For a new connection: the last event id is kept (it is what we resume
 * from), everything half-read is dropped. */
void
ww_sse_parser_reset (WwSseParser *self)
{
  g_return_if_fail (self != NULL);

  g_string_truncate (self->line, 0);
  g_string_truncate (self->data, 0);
  g_string_truncate (self->type, 0);
  self->after_cr = FALSE;
  self->seen_first_bytes = FALSE;
  self->failed = FALSE;
}

const char *
ww_sse_parser_get_last_event_id (WwSseParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->last_event_id;
}

/* Where a new connection resumes from, e.g. kept across a restart. */
void
ww_sse_parser_set_last_event_id (WwSseParser *self, const char *last_event_id)
{
  g_return_if_fail (self != NULL);

  g_free (self->last_event_id);
  self->last_event_id = g_strdup (last_event_id != NULL ? last_event_id : "");
}

static void
dispatch_event (WwSseParser *self)
{
  if (self->data->len == 0)
    {
      g_string_truncate (self->type, 0);
      return;
    }

  /* The data buffer always ends in the newline after its last line. */
  g_string_truncate (self->data, self->data->len - 1);
  self->event_func (self->last_event_id, self->type->len > 0 ? self->type->str : "message", self->data->str,
                    self->user_data);
  g_string_truncate (self->data, 0);
  g_string_truncate (self->type, 0);
}

static gboolean
all_digits (const char *value)
{
  if (*value == '\0')
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
process_field (WwSseParser *self, const char *field, const char *value, GError **error)
{
  if (g_str_equal (field, "data"))
    {
      if (self->data->len + strlen (value) + 1 > WW_SSE_MAX_EVENT)
        {
          g_set_error (error, WW_ERROR, WW_ERROR_TOO_LARGE, "an event is larger than %d bytes", WW_SSE_MAX_EVENT);
          return FALSE;
        }
      g_string_append (self->data, value);
      g_string_append_c (self->data, '\n');
    }
  else if (g_str_equal (field, "event"))
    {
      g_string_assign (self->type, value);
    }
  else if (g_str_equal (field, "id"))
    {
      /* An id with a NUL in it is ignored, as the standard says; ours
       * cannot hold one (lines are C strings), so every id is taken. */
      g_free (self->last_event_id);
      self->last_event_id = g_strdup (value);
    }
  else if (g_str_equal (field, "retry"))
    {
      guint64 retry_ms;

      if (all_digits (value) && self->retry_func != NULL &&
          g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &retry_ms, NULL))
        self->retry_func ((guint)retry_ms, self->user_data);
    }
  /* Any other field is ignored. */

  return TRUE;
}

static gboolean
process_line (WwSseParser *self, GError **error)
{
  char       *line = self->line->str;
  char       *colon;
  const char *value = "";

  if (!g_utf8_validate_len (line, self->line->len, NULL))
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the event stream is not valid UTF-8");
      return FALSE;
    }

  if (self->line->len == 0)
    {
      dispatch_event (self);
      return TRUE;
    }

  if (line[0] == ':')
    {
      if (self->comment_func != NULL)
        self->comment_func (line[1] == ' ' ? line + 2 : line + 1, self->user_data);
      return TRUE;
    }

  colon = strchr (line, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      value = colon + 1;
      if (*value == ' ')
        value++;
    }

  return process_field (self, line, value, error);
}

static gboolean
end_line (WwSseParser *self, GError **error)
{
  gboolean ok = process_line (self, error);

  g_string_truncate (self->line, 0);
  return ok;
}

/*
 * Feeds the next chunk. Returns FALSE with @error when the stream breaks
 * the format or a limit; the parser then refuses more input until reset.
 */
gboolean
ww_sse_parser_feed (WwSseParser *self, const char *data, gsize length, GError **error)
{
  gsize i = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (self->failed)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the event stream already failed");
      return FALSE;
    }

  /* A byte order mark may open the stream, and is not part of the first line. */
  if (!self->seen_first_bytes)
    {
      static const char bom[] = "\xef\xbb\xbf";
      gsize             have = self->line->len;

      while (i < length && have + i < 3 && data[i] == bom[have + i])
        i++;
      if (have + i < 3 && i == length)
        {
          g_string_append_len (self->line, data, (gssize)length);
          return TRUE;
        }
      if (have + i == 3)
        g_string_truncate (self->line, 0);
      else
        i = 0;
      self->seen_first_bytes = TRUE;
    }

  for (; i < length; i++)
    {
      char c = data[i];

      if (self->after_cr)
        {
          self->after_cr = FALSE;
          if (c == '\n')
            continue;
        }

      if (c == '\r' || c == '\n')
        {
          self->after_cr = c == '\r';
          if (!end_line (self, error))
            goto fail;
          continue;
        }

      if (c == '\0')
        {
          g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the event stream holds a NUL byte");
          goto fail;
        }
      if (self->line->len >= WW_SSE_MAX_LINE)
        {
          g_set_error (error, WW_ERROR, WW_ERROR_TOO_LARGE, "a line is longer than %d bytes", WW_SSE_MAX_LINE);
          goto fail;
        }
      g_string_append_c (self->line, c);
    }

  return TRUE;

fail:
  self->failed = TRUE;
  return FALSE;
}
