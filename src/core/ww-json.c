/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-json.h"

#include "ww-error.h"
#include "ww-io.h"

const char *
ww_json_type_name (json_type type)
{
  switch (type)
    {
    case json_type_null:
      return "null";
    case json_type_boolean:
      return "a boolean";
    case json_type_double:
    case json_type_int:
      return "a number";
    case json_type_object:
      return "an object";
    case json_type_array:
      return "an array";
    case json_type_string:
      return "a string";
    default:
      return "an unknown type";
    }
}

static void
offset_to_line_column (const char *data,
                       gsize       offset,
                       guint      *line,
                       guint      *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else
        {
          (*column)++;
        }
    }
}

static gboolean
only_whitespace (const char *data,
                 gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/*
 * Parses one JSON value strictly: RFC 8259 syntax only, valid UTF-8, at most
 * @max_depth levels, nothing but white space after the value. Errors say
 * where (line and column) and what, in words an admin can act on.
 */
json_object *
ww_json_parse (const char  *data,
               gsize        length,
               guint        max_depth,
               GError     **error)
{
  json_tokener *tokener;
  json_object *value;
  enum json_tokener_error tokener_error;
  gsize end;
  guint line, column;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (max_depth > 0, NULL);

  if (length == 0 || only_whitespace (data, length))
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "empty, no JSON value");
      return NULL;
    }
  if (length > G_MAXINT)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_TOO_LARGE, "too large");
      return NULL;
    }

  tokener = json_tokener_new_ex ((int) max_depth);
  json_tokener_set_flags (tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
  value = json_tokener_parse_ex (tokener, data, (int) length);
  tokener_error = json_tokener_get_error (tokener);
  end = json_tokener_get_parse_end (tokener);
  json_tokener_free (tokener);

  if (value == NULL && tokener_error == json_tokener_success)
    {
      /* A bare "null" parses to NULL with success: not a document we take. */
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the value is null");
      return NULL;
    }

  if (tokener_error == json_tokener_continue)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA,
                           "the JSON ends too early (is the file truncated?)");
      return NULL;
    }

  offset_to_line_column (data, MIN (end, length), &line, &column);

  if (tokener_error == json_tokener_error_depth)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_TOO_DEEP,
                   "line %u, column %u: nested deeper than %u levels", line, column, max_depth);
      return NULL;
    }
  if (tokener_error == json_tokener_error_parse_utf8_string)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA,
                   "line %u, column %u: not valid UTF-8", line, column);
      return NULL;
    }
  if (tokener_error != json_tokener_success)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA,
                   "line %u, column %u: not valid JSON (%s)", line, column,
                   json_tokener_error_desc (tokener_error));
      return NULL;
    }

  if (end < length && !only_whitespace (data + end, length - end))
    {
      json_object_put (value);
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA,
                   "line %u, column %u: unexpected text after the JSON value", line, column);
      return NULL;
    }

  return value;
}

/* Like ww_json_parse(), for a file of at most @max_size bytes. */
json_object *
ww_json_parse_file (GFile   *file,
                    gsize    max_size,
                    guint    max_depth,
                    GError **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!ww_file_load_bounded (file, max_size, &contents, &length, error))
    return NULL;

  return ww_json_parse (contents, length, max_depth, error);
}
