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
offset_to_line_column (const char *data, gsize offset, guint *line, guint *column)
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
      else if ((data[i] & 0xc0) != 0x80)
        {
          /* Count characters, not the continuation bytes of UTF-8. */
          (*column)++;
        }
    }
}

/*
 * An RFC 8259 syntax check in front of json-c. json-c 0.16 in "strict" mode
 * still takes single-quoted strings, NaN, Infinity, "1." and raw control
 * characters inside strings; none of that is JSON, and a parser that reads
 * outside input must not be more forgiving than the standard.
 */
typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  guint       depth;
  guint       max_depth;
  int         code;
  const char *message;
} Scanner;

static gboolean
scan_fail (Scanner *scanner, int code, const char *message)
{
  if (scanner->message == NULL)
    {
      scanner->code = code;
      scanner->message = message;
    }
  return FALSE;
}

static gboolean
scan_at_end (Scanner *scanner)
{
  return scanner->pos >= scanner->length;
}

static gboolean
scan_truncated (Scanner *scanner)
{
  return scan_fail (scanner, WW_ERROR_INVALID_DATA, "the JSON ends too early (is the file truncated?)");
}

static void
scan_whitespace (Scanner *scanner)
{
  while (!scan_at_end (scanner))
    {
      char c = scanner->data[scanner->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      scanner->pos++;
    }
}

static gboolean
scan_literal (Scanner *scanner, const char *literal)
{
  gsize length = strlen (literal);

  for (gsize i = 0; i < length; i++)
    {
      if (scanner->pos + i >= scanner->length)
        {
          scanner->pos += i;
          return scan_truncated (scanner);
        }
      if (scanner->data[scanner->pos + i] != literal[i])
        {
          scanner->pos += i;
          return scan_fail (scanner, WW_ERROR_INVALID_DATA, "unexpected character");
        }
    }

  scanner->pos += length;
  return TRUE;
}

static gboolean
scan_digits (Scanner *scanner)
{
  gsize start = scanner->pos;

  while (!scan_at_end (scanner) && g_ascii_isdigit (scanner->data[scanner->pos]))
    scanner->pos++;

  if (scanner->pos > start)
    return TRUE;
  if (scan_at_end (scanner))
    return scan_truncated (scanner);
  return scan_fail (scanner, WW_ERROR_INVALID_DATA, "a number needs a digit here");
}

static gboolean
scan_number (Scanner *scanner)
{
  if (scanner->data[scanner->pos] == '-')
    scanner->pos++;

  if (scan_at_end (scanner))
    return scan_truncated (scanner);

  if (scanner->data[scanner->pos] == '0')
    scanner->pos++;
  else if (!scan_digits (scanner))
    return FALSE;

  if (!scan_at_end (scanner) && scanner->data[scanner->pos] == '.')
    {
      scanner->pos++;
      if (!scan_digits (scanner))
        return FALSE;
    }

  if (!scan_at_end (scanner) && (scanner->data[scanner->pos] == 'e' || scanner->data[scanner->pos] == 'E'))
    {
      scanner->pos++;
      if (!scan_at_end (scanner) && (scanner->data[scanner->pos] == '+' || scanner->data[scanner->pos] == '-'))
        scanner->pos++;
      if (!scan_digits (scanner))
        return FALSE;
    }

  return TRUE;
}

static gboolean
scan_string (Scanner *scanner)
{
  /* At the opening quote. */
  scanner->pos++;

  while (!scan_at_end (scanner))
    {
      guchar c = (guchar)scanner->data[scanner->pos];

      if (c == '"')
        {
          scanner->pos++;
          return TRUE;
        }
      if (c < 0x20)
        return scan_fail (scanner, WW_ERROR_INVALID_DATA, "a control character inside a string must be escaped");
      if (c != '\\')
        {
          scanner->pos++;
          continue;
        }

      scanner->pos++;
      if (scan_at_end (scanner))
        break;
      c = (guchar)scanner->data[scanner->pos];
      if (c == 'u')
        {
          for (guint i = 1; i <= 4; i++)
            {
              if (scanner->pos + i >= scanner->length)
                {
                  scanner->pos = scanner->length;
                  return scan_truncated (scanner);
                }
              if (!g_ascii_isxdigit (scanner->data[scanner->pos + i]))
                {
                  scanner->pos += i;
                  return scan_fail (scanner, WW_ERROR_INVALID_DATA, "\\u needs four hexadecimal digits");
                }
            }
          scanner->pos += 5;
        }
      else if (strchr ("\"\\/bfnrt", c) != NULL && c != '\0')
        {
          scanner->pos++;
        }
      else
        {
          return scan_fail (scanner, WW_ERROR_INVALID_DATA, "unknown escape sequence");
        }
    }

  return scan_truncated (scanner);
}

static gboolean scan_value (Scanner *scanner);

/* Objects and arrays: the same loop, with "key:" in front of an object's values. */
static gboolean
scan_container (Scanner *scanner, char close)
{
  gboolean is_object = close == '}';

  if (++scanner->depth > scanner->max_depth)
    return scan_fail (scanner, WW_ERROR_TOO_DEEP, "nested too deep");

  /* At the opening bracket. */
  scanner->pos++;
  scan_whitespace (scanner);
  if (scan_at_end (scanner))
    return scan_truncated (scanner);
  if (scanner->data[scanner->pos] == close)
    {
      scanner->pos++;
      scanner->depth--;
      return TRUE;
    }

  for (;;)
    {
      if (is_object)
        {
          if (scanner->data[scanner->pos] != '"')
            return scan_fail (scanner, WW_ERROR_INVALID_DATA, "expected a name in double quotes");
          if (!scan_string (scanner))
            return FALSE;
          scan_whitespace (scanner);
          if (scan_at_end (scanner))
            return scan_truncated (scanner);
          if (scanner->data[scanner->pos] != ':')
            return scan_fail (scanner, WW_ERROR_INVALID_DATA, "expected ‘:’");
          scanner->pos++;
        }

      if (!scan_value (scanner))
        return FALSE;

      scan_whitespace (scanner);
      if (scan_at_end (scanner))
        return scan_truncated (scanner);
      if (scanner->data[scanner->pos] == close)
        {
          scanner->pos++;
          scanner->depth--;
          return TRUE;
        }
      if (scanner->data[scanner->pos] != ',')
        return scan_fail (scanner, WW_ERROR_INVALID_DATA, is_object ? "expected ‘,’ or ‘}’" : "expected ‘,’ or ‘]’");
      scanner->pos++;
      scan_whitespace (scanner);
      if (scan_at_end (scanner))
        return scan_truncated (scanner);
    }
}

static gboolean
scan_value (Scanner *scanner)
{
  scan_whitespace (scanner);
  if (scan_at_end (scanner))
    return scan_truncated (scanner);

  switch (scanner->data[scanner->pos])
    {
    case '{':
      return scan_container (scanner, '}');
    case '[':
      return scan_container (scanner, ']');
    case '"':
      return scan_string (scanner);
    case 't':
      return scan_literal (scanner, "true");
    case 'f':
      return scan_literal (scanner, "false");
    case 'n':
      return scan_literal (scanner, "null");
    default:
      if (scanner->data[scanner->pos] == '-' || g_ascii_isdigit (scanner->data[scanner->pos]))
        return scan_number (scanner);
      return scan_fail (scanner, WW_ERROR_INVALID_DATA, "unexpected character");
    }
}

static gboolean
set_error_at (GError **error, const char *data, gsize offset, int code, const char *message)
{
  guint line, column;

  offset_to_line_column (data, offset, &line, &column);
  g_set_error (error, WW_ERROR, code, "line %u, column %u: %s", line, column, message);
  return FALSE;
}

static gboolean
check_syntax (const char *data, gsize length, guint max_depth, GError **error)
{
  Scanner     scanner = { data, length, 0, 0, max_depth, 0, NULL };
  const char *invalid_utf8;

  /* This also refuses NUL bytes, which would end a C string early. */
  if (!g_utf8_validate_len (data, length, &invalid_utf8))
    return set_error_at (error, data, invalid_utf8 - data, WW_ERROR_INVALID_DATA, "not valid UTF-8");

  if (!scan_value (&scanner))
    {
      if (scanner.code == WW_ERROR_TOO_DEEP)
        {
          g_autofree char *message = g_strdup_printf ("nested deeper than %u levels", max_depth);
          return set_error_at (error, data, scanner.pos, WW_ERROR_TOO_DEEP, message);
        }
      if (scan_at_end (&scanner))
        {
          g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, scanner.message);
          return FALSE;
        }
      {
        g_autofree char *message = g_strdup_printf ("not valid JSON (%s)", scanner.message);
        return set_error_at (error, data, scanner.pos, scanner.code, message);
      }
    }

  scan_whitespace (&scanner);
  if (!scan_at_end (&scanner))
    return set_error_at (error, data, scanner.pos, WW_ERROR_INVALID_DATA, "unexpected text after the JSON value");

  return TRUE;
}

/* The data is not NUL-terminated: never a str*() function on it. */
static gboolean
is_blank (const char *data, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\n' && data[i] != '\r')
      return FALSE;
  return TRUE;
}

/*
 * Parses one JSON value strictly: RFC 8259 syntax only, valid UTF-8, at most
 * @max_depth levels, nothing but white space after the value. Errors say
 * where (line and column) and what, in words an admin can act on.
 */
json_object *
ww_json_parse (const char *data, gsize length, guint max_depth, GError **error)
{
  json_tokener           *tokener;
  json_object            *value;
  enum json_tokener_error tokener_error;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (max_depth > 0, NULL);

  if (is_blank (data, length))
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "empty, no JSON value");
      return NULL;
    }
  if (length > G_MAXINT)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_TOO_LARGE, "too large");
      return NULL;
    }

  if (!check_syntax (data, length, max_depth, error))
    return NULL;

  /* json-c counts the top level too; the scanner already kept the limit. */
  tokener = json_tokener_new_ex ((int)max_depth + 1);
  json_tokener_set_flags (tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
  value = json_tokener_parse_ex (tokener, data, (int)length);
  tokener_error = json_tokener_get_error (tokener);
  if (value == NULL && tokener_error == json_tokener_continue)
    {
      /* A bare number could go on; a NUL tells json-c it does not. */
      value = json_tokener_parse_ex (tokener, "", 1);
      tokener_error = json_tokener_get_error (tokener);
    }
  json_tokener_free (tokener);

  if (tokener_error != json_tokener_success)
    {
      g_clear_pointer (&value, json_object_put);
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "not valid JSON (%s)",
                   json_tokener_error_desc (tokener_error));
      return NULL;
    }
  if (value == NULL)
    {
      /* A bare "null" parses to NULL: not a document we take. */
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the value is null");
      return NULL;
    }

  return value;
}

/* Like ww_json_parse(), for a file of at most @max_size bytes. */
json_object *
ww_json_parse_file (GFile *file, gsize max_size, guint max_depth, GError **error)
{
  g_autofree char *contents = NULL;
  gsize            length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!ww_file_load_bounded (file, max_size, &contents, &length, error))
    return NULL;

  return ww_json_parse (contents, length, max_depth, error);
}
