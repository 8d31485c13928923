/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * WwHttpClient and WwEventStream against a misbehaving HTTPS server on
 * loopback (badserver.py): slow bodies, listeners that never accept, huge
 * chunked bodies, truncation, insecure redirects, bad certificates, pins,
 * problem answers, retries, cancellation and event streams. Each case must
 * end in the right error within its time bound, and the main loop must
 * never be blocked: a probe on the main context measures how long each
 * iteration spends outside poll().
 */

#include "config.h"

#include <glib/gstdio.h>

#include "wegwijs-core.h"

#define MAX_STALL_US (50 * G_TIME_SPAN_MILLISECOND)

static char        *cert_dir;
static GSubprocess *server;
static json_object *ports;
static gint64       longest_dispatch_us;
static gint64       poll_returned_at;
static GPollFunc    default_poll;

/* ------------------------------------------------------------------ */
/* The stall probe                                                     */

static gint
probe_poll (GPollFD *fds, guint n_fds, gint timeout)
{
  gint64 now = g_get_monotonic_time ();
  gint   result;

  if (poll_returned_at != 0)
    {
      if (now - poll_returned_at > 10 * G_TIME_SPAN_MILLISECOND)
        g_test_message ("slow main-loop iteration: %" G_GINT64_FORMAT " µs", now - poll_returned_at);
      longest_dispatch_us = MAX (longest_dispatch_us, now - poll_returned_at);
    }

  result = default_poll (fds, n_fds, timeout);
  poll_returned_at = g_get_monotonic_time ();

  return result;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static char *
url_for (const char *port_name, const char *path)
{
  json_object *port = json_object_object_get (ports, port_name);

  g_assert_nonnull (port);
  return g_strdup_printf ("https://127.0.0.1:%d%s", json_object_get_int (port), path);
}

static char *
cert_path (const char *name)
{
  return g_build_filename (cert_dir, name, NULL);
}

static WwHttpClient *
make_client (void)
{
  g_autofree char *ca = cert_path ("ca.pem");
  WwHttpClient    *client = ww_http_client_new ();

  ww_http_client_set_ca_file (client, ca);
  ww_http_client_set_connect_timeout_ms (client, 1000);
  ww_http_client_set_timeout_ms (client, 4000);
  ww_http_client_set_low_speed_time_s (client, 2);
  ww_http_client_set_max_response_size (client, 1024 * 1024);
  ww_http_client_set_retry_delays (client, 50, 200);

  return client;
}

typedef struct
{
  WwHttpResponse *response;
  GError         *error;
  gboolean        done;
  gint64          finished_at;
} Result;

static void
send_done_cb (GObject *source, GAsyncResult *async_result, gpointer user_data)
{
  Result *result = user_data;

  result->response = ww_http_client_send_finish (WW_HTTP_CLIENT (source), async_result, &result->error);
  result->done = TRUE;
  result->finished_at = g_get_monotonic_time ();
}

/* Sends and iterates the main loop until the answer; returns seconds taken. */
static double
send_and_wait (WwHttpClient *client, WwHttpRequest *request, GCancellable *cancellable, Result *result)
{
  gint64 start = g_get_monotonic_time ();

  memset (result, 0, sizeof *result);
  ww_http_client_send_async (client, request, cancellable, send_done_cb, result);
  while (!result->done)
    g_main_context_iteration (NULL, TRUE);
  /* What the test does between waits is not the main loop's doing. */
  poll_returned_at = 0;

  return (double)(result->finished_at - start) / G_USEC_PER_SEC;
}

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->response, ww_http_response_unref);
  g_clear_error (&result->error);
}

static double
get_and_wait (WwHttpClient *client, const char *port_name, const char *path, Result *result)
{
  g_autofree char *url = url_for (port_name, path);
  g_autoptr (WwHttpRequest) request = ww_http_request_new ("GET", url);

  return send_and_wait (client, request, NULL, result);
}

static void
assert_error_within (WwHttpClient *client,
                     const char   *port_name,
                     const char   *path,
                     WwHttpError   code,
                     double        max_seconds)
{
  Result result;
  double seconds = get_and_wait (client, port_name, path, &result);

  g_test_message ("%s%s: %.2f s, %s", port_name, path, seconds,
                  result.error != NULL ? result.error->message : "no error");
  g_assert_null (result.response);
  g_assert_error (result.error, WW_HTTP_ERROR, (gint)code);
  g_assert_cmpfloat (seconds, <, max_seconds);
  result_clear (&result);
}

/* ------------------------------------------------------------------ */
/* Plain requests                                                      */

static void
test_ok (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  g_autoptr (json_object) json = NULL;
  g_autoptr (GError) error = NULL;
  Result result;

  get_and_wait (client, "good", "/ok", &result);
  g_assert_no_error (result.error);
  g_assert_cmpuint (ww_http_response_get_status (result.response), ==, 200);
  g_assert_true (ww_http_response_has_content_type (result.response, "application/json"));
  json = ww_http_response_parse_json (result.response, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean (json_object_object_get (json, "ok")));
  result_clear (&result);

  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_headers (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  g_autofree char *url = url_for ("good", "/headers");
  g_autoptr (WwHttpRequest) request = ww_http_request_new ("GET", url);
  g_autoptr (json_object) json = NULL;
  Result result;

  g_assert_true (ww_http_request_set_header (request, "Authorization", "Bearer secret"));
  /* Header splitting is refused, not sent. */
  g_assert_false (ww_http_request_set_header (request, "X-Evil", "a\r\nX-Injected: 1"));
  g_assert_false (ww_http_request_set_header (request, "Bad Name", "a"));

  send_and_wait (client, request, NULL, &result);
  g_assert_no_error (result.error);
  json = ww_http_response_parse_json (result.response, NULL);
  g_assert_cmpstr (json_object_get_string (json_object_object_get (json, "authorization")), ==, "Bearer secret");
  g_assert_true (g_str_has_prefix (json_object_get_string (json_object_object_get (json, "user-agent")),
                                   "Wegwijs/" PACKAGE_VERSION));
  g_assert_null (json_object_object_get (json, "x-evil"));
  g_assert_null (json_object_object_get (json, "x-injected"));
  result_clear (&result);
}

static void
test_invalid_json (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  g_autoptr (json_object) json = NULL;
  g_autoptr (GError) error = NULL;
  Result result;

  get_and_wait (client, "good", "/invalid-json", &result);
  g_assert_no_error (result.error);
  json = ww_http_response_parse_json (result.response, &error);
  g_assert_null (json);
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_INVALID_RESPONSE);
  result_clear (&result);
}

/* ------------------------------------------------------------------ */
/* Misbehaving servers                                                 */

static void
test_slow (void)
{
  g_autoptr (WwHttpClient) client = make_client ();

  /* 1 byte a second is under the low-speed limit: given up after ~2 s. */
  assert_error_within (client, "good", "/slow", WW_HTTP_ERROR_TIMEOUT, 5.0);
}

static void
test_never_accepts (void)
{
  g_autoptr (WwHttpClient) client = make_client ();

  /* The kernel completes the TCP handshake; TLS never starts. */
  assert_error_within (client, "never-accept", "/ok", WW_HTTP_ERROR_TIMEOUT, 3.0);
}

static void
test_huge_chunked (void)
{
  g_autoptr (WwHttpClient) client = make_client ();

  assert_error_within (client, "good", "/huge-chunked", WW_HTTP_ERROR_TOO_LARGE, 5.0);
}

static void
test_truncated (void)
{
  g_autoptr (WwHttpClient) client = make_client ();

  assert_error_within (client, "good", "/truncated", WW_HTTP_ERROR_INVALID_RESPONSE, 3.0);
}

static void
test_redirects (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  Result result;

  assert_error_within (client, "good", "/redirect-http", WW_HTTP_ERROR_NOT_HTTPS, 3.0);
  assert_error_within (client, "good", "/redirect-file", WW_HTTP_ERROR_NOT_HTTPS, 3.0);
  assert_error_within (client, "good", "/redirect-loop", WW_HTTP_ERROR_TOO_MANY_REDIRECTS, 3.0);

  get_and_wait (client, "good", "/redirect-ok", &result);
  g_assert_no_error (result.error);
  g_assert_cmpuint (ww_http_response_get_status (result.response), ==, 200);
  result_clear (&result);
}

static void
test_plain_http_refused (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  g_autofree char *url =
      g_strdup_printf ("http://127.0.0.1:%d/ok", json_object_get_int (json_object_object_get (ports, "good")));
  g_autoptr (WwHttpRequest) request = ww_http_request_new ("GET", url);
  Result result;

  send_and_wait (client, request, NULL, &result);
  g_assert_error (result.error, WW_HTTP_ERROR, WW_HTTP_ERROR_NOT_HTTPS);
  result_clear (&result);
}

static void
test_certificates (void)
{
  g_autoptr (WwHttpClient) client = make_client ();

  assert_error_within (client, "wrong-host", "/ok", WW_HTTP_ERROR_TLS, 3.0);
  assert_error_within (client, "expired", "/ok", WW_HTTP_ERROR_TLS, 3.0);
  assert_error_within (client, "unknown-ca", "/ok", WW_HTTP_ERROR_TLS, 3.0);
}

static char *
read_pin (const char *name)
{
  g_autofree char *path = cert_path (name);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return g_strdup_printf ("sha256//%s", g_strstrip (contents));
}

static void
test_pins (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  g_autofree char *good = read_pin ("good.pin");
  g_autofree char *other = read_pin ("other.pin");
  const char      *only_other[] = { other, NULL };
  const char      *backup_matches[] = { other, good, NULL };
  Result           result;

  ww_http_client_set_pinned_keys (client, only_other);
  assert_error_within (client, "good", "/ok", WW_HTTP_ERROR_PIN_MISMATCH, 3.0);

  /* A primary and a backup: either one will do. */
  ww_http_client_set_pinned_keys (client, backup_matches);
  get_and_wait (client, "good", "/ok", &result);
  g_assert_no_error (result.error);
  result_clear (&result);
}

/* ------------------------------------------------------------------ */
/* Problems and retries                                                */

static void
test_problem (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  Result result;

  get_and_wait (client, "good", "/problem", &result);
  g_assert_error (result.error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONFLICT);
  g_assert_cmpuint (ww_http_error_get_status (result.error), ==, 409);
  g_assert_cmpstr (ww_http_error_get_title (result.error), ==, "Conflict");
  g_assert_cmpstr (ww_http_error_get_detail (result.error), ==, "Another volunteer called this ticket first.");
  g_assert_cmpstr (result.error->message, ==, "Conflict: Another volunteer called this ticket first.");
  result_clear (&result);

  /* Not a problem document: still an error with the status. */
  get_and_wait (client, "good", "/plain-error", &result);
  g_assert_error (result.error, WW_HTTP_ERROR, WW_HTTP_ERROR_SERVER);
  g_assert_cmpuint (ww_http_error_get_status (result.error), ==, 500);
  g_assert_null (ww_http_error_get_title (result.error));
  result_clear (&result);
}

static gint64
count_of (WwHttpClient *client, const char *name, const char *kind)
{
  g_autofree char *path = g_strdup_printf ("/count/%s", name);
  g_autoptr (json_object) json = NULL;
  gint64 count;
  Result result;

  get_and_wait (client, "good", path, &result);
  g_assert_no_error (result.error);
  json = ww_http_response_parse_json (result.response, NULL);
  count = json_object_get_int64 (json_object_object_get (json, kind));
  result_clear (&result);

  return count;
}

static void
send_with_attempts (WwHttpClient *client,
                    const char   *method,
                    const char   *path,
                    const char   *idempotency_key,
                    Result       *result)
{
  g_autofree char *url = url_for ("good", path);
  g_autoptr (WwHttpRequest) request = ww_http_request_new (method, url);

  ww_http_request_set_max_attempts (request, 4);
  if (idempotency_key != NULL)
    ww_http_request_set_header (request, "Idempotency-Key", idempotency_key);
  if (g_str_equal (method, "POST"))
    ww_http_request_set_json_body (request, "{}");
  send_and_wait (client, request, NULL, result);
}

static void
test_retries (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  Result result;
  double seconds;

  /* GET is idempotent: two 503s, then success on the third attempt. */
  send_with_attempts (client, "GET", "/flaky/get", NULL, &result);
  g_assert_no_error (result.error);
  result_clear (&result);
  g_assert_cmpint (count_of (client, "get", "flaky"), ==, 3);

  /* A POST without an Idempotency-Key is never repeated. */
  send_with_attempts (client, "POST", "/flaky/post", NULL, &result);
  g_assert_error (result.error, WW_HTTP_ERROR, WW_HTTP_ERROR_SERVER);
  result_clear (&result);
  g_assert_cmpint (count_of (client, "post", "flaky"), ==, 1);

  /* With a key the hub recognises a repeat, so it is safe to try again. */
  send_with_attempts (client, "POST", "/flaky/keyed", "7f1c2a9e-key", &result);
  g_assert_no_error (result.error);
  result_clear (&result);
  g_assert_cmpint (count_of (client, "keyed", "flaky"), ==, 3);

  /* 429 with Retry-After: 1 waits about a second, then succeeds. */
  {
    gint64 start = g_get_monotonic_time ();

    send_with_attempts (client, "GET", "/limited/get", NULL, &result);
    seconds = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  }
  g_assert_no_error (result.error);
  result_clear (&result);
  g_assert_cmpint (count_of (client, "get", "limited"), ==, 2);
  g_assert_cmpfloat (seconds, >=, 0.9);

  /* Not transient: a certificate failure is not retried (and is quick). */
  assert_error_within (client, "unknown-ca", "/ok", WW_HTTP_ERROR_TLS, 3.0);
}

/* ------------------------------------------------------------------ */
/* Cancellation                                                        */

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = url_for ("good", "/slow");
  g_autoptr (WwHttpRequest) request = ww_http_request_new ("GET", url);
  Result result;
  double seconds;

  g_timeout_add (300, cancel_cb, cancellable);
  seconds = send_and_wait (client, request, cancellable, &result);
  g_test_message ("cancelled after %.3f s", seconds);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (seconds, <, 0.3 + 0.2);
  result_clear (&result);

  /* Already cancelled: nothing is sent. */
  send_and_wait (client, request, cancellable, &result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  result_clear (&result);

  g_assert_finalize_object (g_steal_pointer (&client));
}

/* ------------------------------------------------------------------ */
/* Event streams                                                       */

typedef struct
{
  GPtrArray *ids;
  GPtrArray *data;
  GPtrArray *types;
  guint      failures;
  GError    *last_error;
} Events;

static void
event_cb (WwEventStream *stream, const char *id, const char *type, const char *data, gpointer user_data)
{
  Events *events = user_data;

  g_ptr_array_add (events->ids, g_strdup (id));
  g_ptr_array_add (events->types, g_strdup (type));
  g_ptr_array_add (events->data, g_strdup (data));
}

static void
failed_cb (WwEventStream *stream, GError *error, gpointer user_data)
{
  Events *events = user_data;

  events->failures++;
  g_clear_error (&events->last_error);
  events->last_error = g_error_copy (error);
}

static void
events_init (Events *events)
{
  memset (events, 0, sizeof *events);
  events->ids = g_ptr_array_new_with_free_func (g_free);
  events->data = g_ptr_array_new_with_free_func (g_free);
  events->types = g_ptr_array_new_with_free_func (g_free);
}

static void
events_clear (Events *events)
{
  g_ptr_array_unref (events->ids);
  g_ptr_array_unref (events->data);
  g_ptr_array_unref (events->types);
  g_clear_error (&events->last_error);
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
iterate_until (gboolean (*done) (Events *), Events *events, guint max_ms)
{
  gint64 deadline = g_get_monotonic_time () + max_ms * G_TIME_SPAN_MILLISECOND;
  guint  tick = g_timeout_add (20, tick_cb, NULL);

  while (!done (events) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  poll_returned_at = 0;

  g_source_remove (tick);
}

static gboolean
six_events (Events *events)
{
  return events->ids->len >= 6;
}

static gboolean
two_events (Events *events)
{
  return events->ids->len >= 2;
}

static gboolean
one_failure (Events *events)
{
  return events->failures >= 1;
}

static void
test_event_stream_resume (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  g_autofree char *url = url_for ("good", "/sse");
  g_autoptr (WwEventStream) stream = ww_event_stream_new (client, url);
  Events events;

  events_init (&events);
  g_signal_connect (stream, "event", G_CALLBACK (event_cb), &events);
  ww_event_stream_set_reconnect_delays (stream, 50, 500);
  ww_event_stream_start (stream);

  /* The server drops the connection after event 3; the stream resumes
   * with Last-Event-ID: 3 and gets 4, 5, 6 — nothing missed or repeated. */
  iterate_until (six_events, &events, 10000);
  g_assert_cmpuint (events.ids->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i + 1);
      g_autofree char *data = g_strdup_printf ("{\"n\": %u,\n \"text\": \"é — ق\"}", i + 1);

      g_assert_cmpstr (g_ptr_array_index (events.ids, i), ==, id);
      g_assert_cmpstr (g_ptr_array_index (events.types, i), ==, "ticket");
      g_assert_cmpstr (g_ptr_array_index (events.data, i), ==, data);
    }
  g_assert_cmpstr (ww_event_stream_get_last_event_id (stream), ==, "6");

  ww_event_stream_stop (stream);
  g_assert_false (ww_event_stream_get_connected (stream));
  /* Let the cancelled request finish before the objects go. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  events_clear (&events);
}

static void
test_event_stream_stall (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  g_autofree char *url = url_for ("good", "/sse-silent");
  g_autoptr (WwEventStream) stream = ww_event_stream_new (client, url);
  Events events;

  events_init (&events);
  g_signal_connect (stream, "event", G_CALLBACK (event_cb), &events);
  ww_event_stream_set_keepalive_interval_ms (stream, 300);
  ww_event_stream_set_reconnect_delays (stream, 50, 200);
  ww_event_stream_start (stream);

  /* One event, then silence: after 2 × 300 ms without a keep-alive the
   * stream gives the connection up and connects again. */
  iterate_until (two_events, &events, 5000);
  g_assert_cmpuint (events.ids->len, >=, 2);

  ww_event_stream_stop (stream);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  events_clear (&events);
}

static void
test_event_stream_wrong_type (void)
{
  g_autoptr (WwHttpClient) client = make_client ();
  g_autofree char *url = url_for ("good", "/sse-wrong-type");
  g_autoptr (WwEventStream) stream = ww_event_stream_new (client, url);
  Events events;

  events_init (&events);
  g_signal_connect (stream, "event", G_CALLBACK (event_cb), &events);
  g_signal_connect (stream, "failed", G_CALLBACK (failed_cb), &events);
  ww_event_stream_start (stream);

  iterate_until (one_failure, &events, 5000);
  g_assert_cmpuint (events.failures, >=, 1);
  g_assert_error (events.last_error, WW_HTTP_ERROR, WW_HTTP_ERROR_INVALID_RESPONSE);
  g_assert_cmpuint (events.ids->len, ==, 0);

  ww_event_stream_stop (stream);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  events_clear (&events);
}

/* ------------------------------------------------------------------ */

static void
test_no_stall (void)
{
  g_test_message ("longest main-loop iteration outside poll: %" G_GINT64_FORMAT " µs", longest_dispatch_us);
  g_assert_cmpint (longest_dispatch_us, <, MAX_STALL_US);
}

static void
start_server (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "client", "badserver.py", NULL);
  g_autofree char *make_certs = g_test_build_filename (G_TEST_DIST, "client", "make-certs.sh", NULL);
  const char      *make_argv[] = { "sh", make_certs, NULL, NULL };
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  int              status;

  cert_dir = g_dir_make_tmp ("ww-client-XXXXXX", &error);
  g_assert_no_error (error);
  make_argv[2] = cert_dir;
  g_spawn_sync (NULL, (char **)make_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/usr/bin/python3",
                             script, cert_dir, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  ports = ww_json_parse (line, strlen (line), 4, &error);
  g_assert_no_error (error);
}

static void
stop_server (void)
{
  g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", cert_dir);

  /* Closing its stdin ends the server. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (server), NULL, NULL);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&server);
  g_clear_pointer (&ports, json_object_put);
  g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
  g_clear_pointer (&cert_dir, g_free);
}

int
main (int argc, char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);

  start_server ();
  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, probe_poll);

  g_test_add_func ("/http/ok", test_ok);
  g_test_add_func ("/http/headers", test_headers);
  g_test_add_func ("/http/invalid-json", test_invalid_json);
  g_test_add_func ("/http/slow", test_slow);
  g_test_add_func ("/http/never-accepts", test_never_accepts);
  g_test_add_func ("/http/huge-chunked", test_huge_chunked);
  g_test_add_func ("/http/truncated", test_truncated);
  g_test_add_func ("/http/redirects", test_redirects);
  g_test_add_func ("/http/plain-http-refused", test_plain_http_refused);
  g_test_add_func ("/http/certificates", test_certificates);
  g_test_add_func ("/http/pins", test_pins);
  g_test_add_func ("/http/problem", test_problem);
  g_test_add_func ("/http/retries", test_retries);
  g_test_add_func ("/http/cancel", test_cancel);
  g_test_add_func ("/events/resume", test_event_stream_resume);
  g_test_add_func ("/events/stall", test_event_stream_stall);
  g_test_add_func ("/events/wrong-type", test_event_stream_wrong_type);
  g_test_add_func ("/stall-probe/main-loop", test_no_stall);

  result = g_test_run ();

  g_main_context_set_poll_func (NULL, default_poll);
  stop_server ();

  return result;
}
