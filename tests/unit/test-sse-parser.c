/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "wegwijs-core.h"

typedef struct
{
  GString *log;
  guint    retry_ms;
} Collected;

static void
event_cb (const char *id, const char *type, const char *data, gpointer user_data)
{
  Collected *collected = user_data;

  g_string_append_printf (collected->log, "[%s|%s|%s]", id, type, data);
}

static void
comment_cb (const char *comment, gpointer user_data)
{
  Collected *collected = user_data;

  g_string_append_printf (collected->log, "(%s)", comment);
}

static void
retry_cb (guint retry_ms, gpointer user_data)
{
  Collected *collected = user_data;

  collected->retry_ms = retry_ms;
}

/* Feeds @stream split at every possible single position, and byte by byte,
 * and checks that each way gives @expected: chunk boundaries must not matter. */
static void
assert_parses_to (const char *stream, const char *expected)
{
  gsize length = strlen (stream);

  for (gsize split = 0; split <= length + 1; split++)
    {
      Collected collected = { g_string_new (NULL), 0 };
      g_autoptr (WwSseParser) parser = ww_sse_parser_new (event_cb, comment_cb, retry_cb, &collected);
      g_autoptr (GError) error = NULL;

      if (split <= length)
        {
          g_assert_true (ww_sse_parser_feed (parser, stream, split, &error));
          g_assert_true (ww_sse_parser_feed (parser, stream + split, length - split, &error));
        }
      else
        {
          for (gsize i = 0; i < length; i++)
            g_assert_true (ww_sse_parser_feed (parser, stream + i, 1, &error));
        }
      g_assert_no_error (error);
      g_assert_cmpstr (collected.log->str, ==, expected);
      g_string_free (collected.log, TRUE);
    }
}

static void
test_basic (void)
{
  assert_parses_to ("data: hello\n\n", "[|message|hello]");
  assert_parses_to ("id: 7\nevent: ticket\ndata: {\"a\":1}\n\n", "[7|ticket|{\"a\":1}]");
  /* Without a blank line the event is not complete. */
  assert_parses_to ("data: unfinished\n", "");
}

static void
test_line_endings (void)
{
  assert_parses_to ("data: a\r\n\r\ndata: b\r\rdata: c\n\n", "[|message|a][|message|b][|message|c]");
  /* CR then LF is one line ending, even when cut between them. */
  assert_parses_to ("data: x\r\n\r\n", "[|message|x]");
}

static void
test_multiline_data (void)
{
  assert_parses_to ("data: one\ndata:two\ndata:  three\n\n", "[|message|one\ntwo\n three]");
  assert_parses_to ("data\n\n", "[|message|]");
  assert_parses_to ("data\ndata\n\n", "[|message|\n]");
}

static void
test_ids_persist (void)
{
  assert_parses_to ("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n", "[1|message|a][1|message|b][|message|c]");
  /* An id alone dispatches nothing but is remembered. */
  assert_parses_to ("id: 5\n\ndata: x\n\n", "[5|message|x]");
}

static void
test_type_resets (void)
{
  assert_parses_to ("event: a\ndata: 1\n\ndata: 2\n\nevent: b\n\ndata: 3\n\n", "[|a|1][|message|2][|message|3]");
}

static void
test_comments_and_unknown (void)
{
  assert_parses_to (": keep-alive\n:x\nfoo: bar\ndata: y\n\n", "(keep-alive)(x)[|message|y]");
}

static void
test_bom (void)
{
  assert_parses_to ("\xef\xbb\xbf"
                    "data: a\n\n",
                    "[|message|a]");
  /* Only the first one; a BOM later is data. */
  assert_parses_to ("\xef\xbb\xbf"
                    "data: \xef\xbb\xbf"
                    "b\n\n",
                    "[|message|\xef\xbb\xbf"
                    "b]");
}

static void
test_utf8_split (void)
{
  assert_parses_to ("data: é — ق — ї\n\n", "[|message|é — ق — ї]");
}

static void
test_retry (void)
{
  Collected collected = { g_string_new (NULL), 0 };
  g_autoptr (WwSseParser) parser = ww_sse_parser_new (event_cb, comment_cb, retry_cb, &collected);
  const char *stream = "retry: 2500\n\nretry: 12x\n\nretry:\n\n";

  g_assert_true (ww_sse_parser_feed (parser, stream, strlen (stream), NULL));
  g_assert_cmpuint (collected.retry_ms, ==, 2500);
  g_string_free (collected.log, TRUE);
}

static void
test_limits (void)
{
  Collected collected = { g_string_new (NULL), 0 };
  g_autoptr (WwSseParser) parser = ww_sse_parser_new (event_cb, comment_cb, retry_cb, &collected);
  g_autoptr (GError) error = NULL;
  g_autofree char *long_line = g_strnfill (WW_SSE_MAX_LINE + 10, 'a');
  g_autofree char *chunk = g_strnfill (60 * 1024, 'b');

  g_assert_false (ww_sse_parser_feed (parser, long_line, strlen (long_line), &error));
  g_assert_error (error, WW_ERROR, WW_ERROR_TOO_LARGE);
  g_clear_error (&error);
  /* A failed stream takes no more input until reset. */
  g_assert_false (ww_sse_parser_feed (parser, "data: x\n\n", 9, &error));
  g_clear_error (&error);

  /* Many small data lines add up to an oversized event. */
  ww_sse_parser_reset (parser);
  for (guint i = 0; i < 5 && error == NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("data: %s\n", chunk);
      ww_sse_parser_feed (parser, line, strlen (line), &error);
    }
  g_assert_error (error, WW_ERROR, WW_ERROR_TOO_LARGE);
  g_assert_cmpstr (collected.log->str, ==, "");
  g_string_free (collected.log, TRUE);
}

static void
test_bad_bytes (void)
{
  Collected collected = { g_string_new (NULL), 0 };
  g_autoptr (WwSseParser) parser = ww_sse_parser_new (event_cb, comment_cb, retry_cb, &collected);
  g_autoptr (GError) error = NULL;

  g_assert_false (ww_sse_parser_feed (parser, "data: a\0b\n\n", 11, &error));
  g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_DATA);
  g_clear_error (&error);

  ww_sse_parser_reset (parser);
  g_assert_false (ww_sse_parser_feed (parser, "data: \xff\xfe\n\n", 10, &error));
  g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_DATA);
  g_assert_cmpstr (collected.log->str, ==, "");
  g_string_free (collected.log, TRUE);
}

static void
test_reset_keeps_last_id (void)
{
  Collected collected = { g_string_new (NULL), 0 };
  g_autoptr (WwSseParser) parser = ww_sse_parser_new (event_cb, comment_cb, retry_cb, &collected);

  g_assert_true (ww_sse_parser_feed (parser, "id: 41\ndata: a\n\ndata: half", 26, NULL));
  ww_sse_parser_reset (parser);
  g_assert_cmpstr (ww_sse_parser_get_last_event_id (parser), ==, "41");
  g_assert_true (ww_sse_parser_feed (parser, "data: b\n\n", 9, NULL));
  g_assert_cmpstr (collected.log->str, ==, "[41|message|a][41|message|b]");
  g_string_free (collected.log, TRUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sse/basic", test_basic);
  g_test_add_func ("/sse/line-endings", test_line_endings);
  g_test_add_func ("/sse/multiline-data", test_multiline_data);
  g_test_add_func ("/sse/ids-persist", test_ids_persist);
  g_test_add_func ("/sse/type-resets", test_type_resets);
  g_test_add_func ("/sse/comments-and-unknown", test_comments_and_unknown);
  g_test_add_func ("/sse/bom", test_bom);
  g_test_add_func ("/sse/utf8-split", test_utf8_split);
  g_test_add_func ("/sse/retry", test_retry);
  g_test_add_func ("/sse/limits", test_limits);
  g_test_add_func ("/sse/bad-bytes", test_bad_bytes);
  g_test_add_func ("/sse/reset-keeps-last-id", test_reset_keeps_last_id);

  return g_test_run ();
}
