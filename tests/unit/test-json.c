/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include <glib/gstdio.h>

#include "wegwijs-core.h"

static void
assert_parse_error (const char *data, gsize length, guint depth, int code, const char *message_part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (json_object) value = ww_json_parse (data, length, depth, &error);

  g_assert_null (value);
  g_assert_error (error, WW_ERROR, code);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, message_part);
}

static void
test_json_good (void)
{
  g_autoptr (GError) error = NULL;
  const char *data = "  {\"a\": [1, 2, {\"b\": \"c\"}]}\n\n";
  g_autoptr (json_object) value = ww_json_parse (data, strlen (data), 4, &error);

  g_assert_no_error (error);
  g_assert_nonnull (value);
  g_assert_true (json_object_is_type (value, json_type_object));
}

static void
test_json_truncated (void)
{
  const char *data = "{\"a\": [1, 2";

  assert_parse_error (data, strlen (data), 16, WW_ERROR_INVALID_DATA, "truncated");
}

static void
test_json_syntax (void)
{
  const char *data = "{\n  \"a\": 1,\n  \"b\": tru\n}";

  assert_parse_error (data, strlen (data), 16, WW_ERROR_INVALID_DATA, "line 3");
  /* Strict mode: no trailing commas, no single quotes, no comments. */
  assert_parse_error ("[1, 2,]", 7, 16, WW_ERROR_INVALID_DATA, "not valid JSON");
  assert_parse_error ("{'a': 1}", 8, 16, WW_ERROR_INVALID_DATA, "not valid JSON");
  assert_parse_error ("[1] // x", 8, 16, WW_ERROR_INVALID_DATA, "after the JSON value");
}

/* What json-c's own strict mode lets through, and RFC 8259 does not. */
static void
test_json_not_rfc8259 (void)
{
  static const char *const cases[] = {
    "[NaN]",       "[Infinity]",  "[-Infinity]", "[1.]",       "[.5]",       "[01]",        "[+1]",
    "[1e]",        "{'a': 1}",    "['a']",       "[\"a\tb\"]", "[\"a\nb\"]", "[\"\\x41\"]", "[\"\\u12\"]",
    "/* c */ [1]", "{\"a\": 1,}", "[1 2]",       "{a: 1}",     "[tRue]",     "[nul]",       "[\"\\'\"]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (json_object) value = ww_json_parse (cases[i], strlen (cases[i]), 16, &error);

      if (value != NULL)
        g_error ("accepted %s", cases[i]);
      g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_DATA);
    }
}

static void
test_json_rfc8259_good (void)
{
  static const char *const cases[] = {
    "0",
    "-0",
    "1.5e-3",
    "-12E+4",
    "true",
    "\"\"",
    "\"\\u00e9\\n\\\"\\/\"",
    "[]",
    "{}",
    " [ { \"a\" : [ 1 , false , null ] } ] ",
    "{\"a\":{\"b\":{\"c\":[]}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (json_object) value = ww_json_parse (cases[i], strlen (cases[i]), 16, &error);

      if (error != NULL)
        g_error ("rejected %s: %s", cases[i], error->message);
    }
}

static void
test_json_nul_byte (void)
{
  const char data[] = "[\"a\0b\"]";

  assert_parse_error (data, sizeof data - 1, 16, WW_ERROR_INVALID_DATA, "UTF-8");
}

static void
test_json_trailing (void)
{
  assert_parse_error ("{} {}", 5, 16, WW_ERROR_INVALID_DATA, "after the JSON value");
}

static void
test_json_empty (void)
{
  assert_parse_error ("", 0, 16, WW_ERROR_INVALID_DATA, "empty");
  assert_parse_error (" \n\t ", 4, 16, WW_ERROR_INVALID_DATA, "empty");
  assert_parse_error ("null", 4, 16, WW_ERROR_INVALID_DATA, "null");
}

static void
test_json_depth (void)
{
  g_autoptr (GString) deep = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (json_object) value = NULL;

  for (guint i = 0; i < 17; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 17; i++)
    g_string_append_c (deep, ']');
  assert_parse_error (deep->str, deep->len, 16, WW_ERROR_TOO_DEEP, "deeper than 16");

  /* Exactly at the limit is fine. */
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 16; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 16; i++)
    g_string_append_c (deep, ']');
  value = ww_json_parse (deep->str, deep->len, 16, &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
}

static void
test_json_utf8 (void)
{
  const char bad[] = "{\"a\": \"caf\xc3\x28\"}";
  const char overlong[] = "[\"\xc0\xaf\"]";
  const char good[] = "[\"café — جواز — Паспорт\"]";
  g_autoptr (GError) error = NULL;
  g_autoptr (json_object) value = NULL;

  assert_parse_error (bad, sizeof bad - 1, 16, WW_ERROR_INVALID_DATA, "UTF-8");
  assert_parse_error (overlong, sizeof overlong - 1, 16, WW_ERROR_INVALID_DATA, "UTF-8");

  value = ww_json_parse (good, sizeof good - 1, 16, &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
}

static void
test_json_file_too_large (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ww-json-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (json_object) value = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "big.json", NULL);
  data = g_strnfill (2048, ' ');
  data[0] = '[';
  data[2047] = ']';
  g_assert_true (g_file_set_contents (path, data, 2048, &error));

  file = g_file_new_for_path (path);
  value = ww_json_parse_file (file, 1024, 16, &error);
  g_assert_null (value);
  g_assert_error (error, WW_ERROR, WW_ERROR_TOO_LARGE);
  g_clear_error (&error);

  value = ww_json_parse_file (file, 2048, 16, &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/good", test_json_good);
  g_test_add_func ("/json/truncated", test_json_truncated);
  g_test_add_func ("/json/syntax", test_json_syntax);
  g_test_add_func ("/json/trailing", test_json_trailing);
  g_test_add_func ("/json/not-rfc8259", test_json_not_rfc8259);
  g_test_add_func ("/json/rfc8259-good", test_json_rfc8259_good);
  g_test_add_func ("/json/nul-byte", test_json_nul_byte);
  g_test_add_func ("/json/empty", test_json_empty);
  g_test_add_func ("/json/depth", test_json_depth);
  g_test_add_func ("/json/utf8", test_json_utf8);
  g_test_add_func ("/json/file-too-large", test_json_file_too_large);

  return g_test_run ();
}
