/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * WwHttpClient: HTTPS for the kiosk and the desk, on one libcurl multi
 * handle driven by the GLib main loop. The UI must never freeze on the
 * network, so nothing here blocks: libcurl tells us which sockets to watch
 * and when to wake it (one timer), and we tell it when a socket is ready.
 *
 * Safe by default: https only (also for redirects), at most 3 redirects,
 * certificate and host name always verified, optional CA file and public
 * key pins, connect/total/low-speed time limits, a response size cap
 * enforced while the body arrives (CURLOPT_MAXFILESIZE does not stop a
 * chunked body in libcurl 7.88), and no header ever logged.
 *
 * Requests that are safe to repeat (idempotent, or with an Idempotency-Key)
 * are retried on transient failures, with exponential backoff and jitter,
 * honouring Retry-After.
 *
 * libcurl itself is loaded with the first request (ww-curl.h): creating a
 * client costs nothing at start-up.
 */

#include "config.h"

#include "ww-http-client.h"

#include <glib-unix.h>

#include "ww-curl.h"
#include "ww-json.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 10000
#define DEFAULT_TIMEOUT_MS 30000
#define DEFAULT_LOW_SPEED_TIME_S 15
#define LOW_SPEED_LIMIT_BYTES 16
#define DEFAULT_MAX_RESPONSE_SIZE (8 * 1024 * 1024)
#define MAX_REDIRECTS 3
#define DEFAULT_RETRY_BASE_MS 250
#define DEFAULT_RETRY_MAX_MS 8000
#define MAX_RETRY_AFTER_MS 30000
#define MAX_ERROR_BODY (64 * 1024)
#define MAX_STREAM_PENDING (1024 * 1024)

struct _WwHttpClient
{
  GObject parent_instance;

  CURLM      *multi;          /* NULL until the first request */
  GHashTable *socket_sources; /* curl_socket_t → GSource */
  GHashTable *transfers;      /* set of Transfer, those with an easy handle in the multi */
  GHashTable *in_flight;      /* set of GTask, owned until they return */
  guint       timer_id;

  char   *ca_file;
  GStrv   pinned_keys;
  guint   connect_timeout_ms;
  guint   timeout_ms;
  guint   low_speed_time_s;
  guint64 max_response_size;
  guint   retry_base_ms;
  guint   retry_max_ms;
  char   *user_agent; /* NULL until asked for or the first request */
};

G_DEFINE_FINAL_TYPE (WwHttpClient, ww_http_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CA_FILE,
  PROP_PINNED_KEYS,
  PROP_CONNECT_TIMEOUT_MS,
  PROP_TIMEOUT_MS,
  PROP_LOW_SPEED_TIME_S,
  PROP_MAX_RESPONSE_SIZE,
  PROP_USER_AGENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One request on its way, through all its attempts. */
typedef struct
{
  WwHttpClient      *client; /* not owned: the client outlives its transfers */
  GTask             *task;   /* not owned: the task owns the transfer, the client's in_flight set owns the task */
  WwHttpRequest     *request;
  GCancellable      *cancellable;
  CURL              *easy;
  struct curl_slist *header_list;
  GByteArray        *body;
  GByteArray        *stream_pending;
  GPtrArray         *header_lines; /* "name\0value" pairs of the latest response */
  guint              attempt;
  guint              retry_id;
  guint              cancel_id;
  gulong             cancelled_handler;
  gboolean           too_large;
  gboolean           stream_refused;
  gboolean           stream_stopped;
  char               error_buffer[CURL_ERROR_SIZE];
} Transfer;

static void start_attempt (Transfer *transfer);

/* ------------------------------------------------------------------ */
/* Transfers                                                           */

static void
transfer_detach (Transfer *transfer)
{
  g_clear_handle_id (&transfer->retry_id, g_source_remove);
  g_clear_handle_id (&transfer->cancel_id, g_source_remove);

  if (transfer->easy != NULL)
    {
      g_hash_table_remove (transfer->client->transfers, transfer);
      curl_multi_remove_handle (transfer->client->multi, transfer->easy);
      g_clear_pointer (&transfer->easy, curl_easy_cleanup);
    }
  g_clear_pointer (&transfer->header_list, curl_slist_free_all);
}

static void
transfer_free (Transfer *transfer)
{
  transfer_detach (transfer);
  /* Our own reference: the task may have dropped its cancellable already. */
  if (transfer->cancelled_handler != 0)
    g_cancellable_disconnect (transfer->cancellable, transfer->cancelled_handler);
  g_clear_object (&transfer->cancellable);
  g_clear_pointer (&transfer->request, ww_http_request_unref);
  g_clear_pointer (&transfer->body, g_byte_array_unref);
  g_clear_pointer (&transfer->stream_pending, g_byte_array_unref);
  g_clear_pointer (&transfer->header_lines, g_ptr_array_unref);
  g_free (transfer);
}

static void
transfer_return_error (Transfer *transfer, GError *error)
{
  g_autoptr (GTask) task = g_object_ref (transfer->task);

  transfer_detach (transfer);
  g_task_return_error (task, error);
  g_hash_table_remove (transfer->client->in_flight, task);
}

static void
transfer_return_response (Transfer *transfer, WwHttpResponse *response)
{
  g_autoptr (GTask) task = g_object_ref (transfer->task);

  transfer_detach (transfer);
  g_task_return_pointer (task, response, (GDestroyNotify)ww_http_response_unref);
  g_hash_table_remove (transfer->client->in_flight, task);
}

/* ------------------------------------------------------------------ */
/* libcurl callbacks: these run inside curl_multi_socket_action(), so they
 * only record; nothing here calls back into user code or into libcurl. */

static size_t
header_cb (char *buffer, size_t size, size_t n_items, void *user_data)
{
  Transfer        *transfer = user_data;
  gsize            length = size * n_items;
  g_autofree char *line = g_strndup (buffer, length);
  char            *colon;

  g_strchomp (line);

  /* A new status line starts a new response (after a redirect or a
   * 100 Continue): forget the headers of the one before. */
  if (g_str_has_prefix (line, "HTTP/"))
    {
      g_ptr_array_set_size (transfer->header_lines, 0);
      return length;
    }

  colon = strchr (line, ':');
  if (colon != NULL && colon != line)
    {
      *colon = '\0';
      g_ptr_array_add (transfer->header_lines, g_strdup (line));
      g_ptr_array_add (transfer->header_lines, g_strdup (g_strstrip (colon + 1)));
    }

  return length;
}

static const char *
find_header (Transfer *transfer, const char *name)
{
  for (guint i = 0; i + 1 < transfer->header_lines->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (transfer->header_lines, i), name) == 0)
      return g_ptr_array_index (transfer->header_lines, i + 1);
  return NULL;
}

static gboolean
content_type_is (const char *value, const char *media_type)
{
  gsize length;

  if (value == NULL)
    return FALSE;
  length = strcspn (value, "; \t");
  return strlen (media_type) == length && g_ascii_strncasecmp (value, media_type, length) == 0;
}

/* Whether body data of this transfer goes to its stream function. Decided
 * on the first byte, when the status and the headers are known. */
static gboolean
transfer_streams_body (Transfer *transfer)
{
  long status = 0;

  if (!ww_http_request_is_stream (transfer->request) || transfer->stream_refused)
    return FALSE;

  curl_easy_getinfo (transfer->easy, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300 &&
      content_type_is (find_header (transfer, "content-type"),
                       ww_http_request_get_stream_content_type (transfer->request)))
    return TRUE;

  transfer->stream_refused = TRUE;
  return FALSE;
}

static size_t
write_cb (char *data, size_t size, size_t n_items, void *user_data)
{
  Transfer *transfer = user_data;
  gsize     length = size * n_items;

  if (transfer->stream_stopped)
    return 0;

  if (transfer_streams_body (transfer))
    {
      if (transfer->stream_pending->len + length > MAX_STREAM_PENDING)
        {
          transfer->too_large = TRUE;
          return 0;
        }
      g_byte_array_append (transfer->stream_pending, (const guint8 *)data, length);
      return length;
    }

  /* The cap is enforced here, as the bytes arrive: libcurl 7.88's own
   * CURLOPT_MAXFILESIZE does not stop a chunked body. */
  if ((guint64)transfer->body->len + length >
      (transfer->stream_refused ? MAX_ERROR_BODY : transfer->client->max_response_size))
    {
      transfer->too_large = TRUE;
      return 0;
    }

  g_byte_array_append (transfer->body, (const guint8 *)data, length);
  return length;
}

/* ------------------------------------------------------------------ */
/* Finishing an attempt                                                */

static WwHttpResponse *
build_response (Transfer *transfer, long status)
{
  WwHttpResponse *response = ww_http_response_new ((guint)status);
  g_autoptr (GBytes) body = NULL;

  for (guint i = 0; i + 1 < transfer->header_lines->len; i += 2)
    ww_http_response_add_header (response, g_ptr_array_index (transfer->header_lines, i),
                                 g_ptr_array_index (transfer->header_lines, i + 1));

  body = g_bytes_new (transfer->body->data, transfer->body->len);
  ww_http_response_set_body (response, body);

  return response;
}

/* Retry-After as delta-seconds or as an HTTP date, clamped; -1 if absent. */
static gint64
parse_retry_after (const char *value)
{
  gint64  delay_ms;
  guint64 seconds;
  time_t  when;

  if (value == NULL)
    return -1;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seconds, NULL))
    delay_ms = (gint64)seconds * 1000;
  else if ((when = curl_getdate (value, NULL)) != -1)
    delay_ms = MAX (0, ((gint64)when - g_get_real_time () / G_USEC_PER_SEC) * 1000);
  else
    return -1;

  return CLAMP (delay_ms, 0, MAX_RETRY_AFTER_MS);
}

/* Turns an error answer into a GError with the problem's title and detail
 * (RFC 9457), or a plain one when the body is no problem document. */
static GError *
error_from_response (WwHttpResponse *response)
{
  GBytes *body = ww_http_response_get_body (response);
  g_autoptr (json_object) problem = NULL;
  const char  *title = NULL, *detail = NULL;
  json_object *value;
  GError      *error = NULL;
  gsize        length;
  const char  *data = g_bytes_get_data (body, &length);

  if (ww_http_response_has_content_type (response, "application/problem+json") && length > 0 &&
      (problem = ww_json_parse (data, length, 8, NULL)) != NULL && json_object_is_type (problem, json_type_object))
    {
      if (json_object_object_get_ex (problem, "title", &value) && json_object_is_type (value, json_type_string))
        title = json_object_get_string (value);
      if (json_object_object_get_ex (problem, "detail", &value) && json_object_is_type (value, json_type_string))
        detail = json_object_get_string (value);
    }

  ww_http_error_set_problem (&error, ww_http_response_get_status (response), title, detail,
                             parse_retry_after (ww_http_response_get_header (response, "retry-after")));
  return error;
}

static GError *
error_from_curl (Transfer *transfer, CURLcode code)
{
  const char *reason = transfer->error_buffer[0] != '\0' ? transfer->error_buffer : curl_easy_strerror (code);
  WwHttpError error_code;

  if (transfer->too_large || code == CURLE_FILESIZE_EXCEEDED)
    return g_error_new (WW_HTTP_ERROR, WW_HTTP_ERROR_TOO_LARGE, "The answer is larger than %" G_GUINT64_FORMAT " bytes",
                        transfer->client->max_response_size);

  /* An answer that started and then broke off was cut short (a hub that
   * died mid-answer, a proxy that gave up), not a failure to connect. */
  if ((code == CURLE_RECV_ERROR || code == CURLE_PARTIAL_FILE || code == CURLE_GOT_NOTHING) &&
      transfer->header_lines->len > 0)
    return g_error_new (WW_HTTP_ERROR, WW_HTTP_ERROR_INVALID_RESPONSE, "The answer was cut off: %s", reason);

  switch ((int)code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      error_code = WW_HTTP_ERROR_CONNECT;
      break;
    case CURLE_OPERATION_TIMEDOUT:
      error_code = WW_HTTP_ERROR_TIMEOUT;
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
      error_code = WW_HTTP_ERROR_TLS;
      break;
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      error_code = WW_HTTP_ERROR_PIN_MISMATCH;
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
      error_code = WW_HTTP_ERROR_NOT_HTTPS;
      break;
    case CURLE_TOO_MANY_REDIRECTS:
      error_code = WW_HTTP_ERROR_TOO_MANY_REDIRECTS;
      break;
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      error_code = WW_HTTP_ERROR_INVALID_RESPONSE;
      break;
    default:
      error_code = WW_HTTP_ERROR_FAILED;
      break;
    }

  return g_error_new (WW_HTTP_ERROR, error_code, "%s", reason);
}

static gboolean
retry_cb (gpointer user_data)
{
  Transfer *transfer = user_data;

  transfer->retry_id = 0;
  start_attempt (transfer);

  return G_SOURCE_REMOVE;
}

/* Exponential backoff with jitter, or what the hub asked for. */
static guint
retry_delay_ms (WwHttpClient *client, guint attempt, gint64 retry_after_ms)
{
  guint64 delay = (guint64)client->retry_base_ms << MIN (attempt - 1, 16u);

  if (retry_after_ms >= 0)
    return (guint)retry_after_ms;

  delay = MIN (delay, client->retry_max_ms);
  /* Half fixed, half random: many kiosks coming back at once spread out. */
  return (guint)(delay / 2 + g_random_int_range (0, (gint32)(delay / 2) + 1));
}

static gboolean
should_retry (Transfer *transfer, const GError *error)
{
  return transfer->attempt < ww_http_request_get_max_attempts (transfer->request) &&
         ww_http_request_is_retry_safe (transfer->request) && ww_http_error_is_transient (error);
}

static gboolean
transfer_return_if_cancelled (Transfer *transfer)
{
  g_autoptr (GTask) task = g_object_ref (transfer->task);

  if (!g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return FALSE;

  transfer_detach (transfer);
  g_task_return_error_if_cancelled (task);
  g_hash_table_remove (transfer->client->in_flight, task);
  return TRUE;
}

static void
finish_attempt (Transfer *transfer, CURLcode code)
{
  g_autoptr (WwHttpResponse) response = NULL;
  GError *error = NULL;
  long    status = 0;

  if (transfer_return_if_cancelled (transfer))
    return;

  curl_easy_getinfo (transfer->easy, CURLINFO_RESPONSE_CODE, &status);

  if (transfer->stream_stopped && !transfer->too_large)
    {
      /* The reader said it had enough: a normal end. */
      transfer_return_response (transfer, build_response (transfer, status));
      return;
    }

  if (code != CURLE_OK)
    {
      error = error_from_curl (transfer, code);
    }
  else
    {
      response = build_response (transfer, status);
      if ((status >= 200 && status < 300) || status == 304)
        {
          if (transfer->stream_refused)
            error = g_error_new (WW_HTTP_ERROR, WW_HTTP_ERROR_INVALID_RESPONSE, "The answer is not of type %s",
                                 ww_http_request_get_stream_content_type (transfer->request));
          else
            {
              transfer_return_response (transfer, g_steal_pointer (&response));
              return;
            }
        }
      else
        {
          error = error_from_response (response);
        }
    }

  if (should_retry (transfer, error))
    {
      guint delay = retry_delay_ms (transfer->client, transfer->attempt, ww_http_error_get_retry_after_ms (error));

      g_debug ("Attempt %u failed (%s); trying again in %u ms", transfer->attempt, error->message, delay);
      g_error_free (error);
      transfer_detach (transfer);
      transfer->retry_id = g_timeout_add (delay, retry_cb, transfer);
      return;
    }

  transfer_return_error (transfer, error);
}

/* Hands streamed data to the reader, outside libcurl's callbacks, so the
 * reader may start or cancel requests. */
static void
deliver_stream_data (WwHttpClient *self)
{
  g_autoptr (GPtrArray) ready = g_ptr_array_new ();
  GHashTableIter iter;
  Transfer      *transfer;

  g_hash_table_iter_init (&iter, self->transfers);
  while (g_hash_table_iter_next (&iter, (gpointer *)&transfer, NULL))
    if (transfer->stream_pending != NULL && transfer->stream_pending->len > 0)
      g_ptr_array_add (ready, g_object_ref (transfer->task));

  for (guint i = 0; i < ready->len; i++)
    {
      GTask *task = g_ptr_array_index (ready, i);
      g_autoptr (GByteArray) chunk = NULL;

      transfer = g_task_get_task_data (task);
      if (g_task_get_completed (task) || transfer->easy == NULL || transfer->stream_pending->len == 0)
        {
          g_object_unref (task);
          continue;
        }

      chunk = g_steal_pointer (&transfer->stream_pending);
      transfer->stream_pending = g_byte_array_new ();
      if (!_ww_http_request_stream (transfer->request, (const char *)chunk->data, chunk->len))
        transfer->stream_stopped = TRUE;
      g_object_unref (task);
    }
}

static void
process_messages (WwHttpClient *self)
{
  CURLMsg *message;
  int      remaining;

  deliver_stream_data (self);

  while ((message = curl_multi_info_read (self->multi, &remaining)) != NULL)
    {
      Transfer *transfer = NULL;

      if (message->msg != CURLMSG_DONE)
        continue;

      curl_easy_getinfo (message->easy_handle, CURLINFO_PRIVATE, (char **)&transfer);
      finish_attempt (transfer, message->data.result);
    }
}

/* ------------------------------------------------------------------ */
/* The main-loop integration                                           */

static gboolean
socket_ready_cb (int fd, GIOCondition condition, gpointer user_data)
{
  g_autoptr (WwHttpClient) self = g_object_ref (user_data);
  int action = 0;
  int running;

  if (condition & (G_IO_IN | G_IO_HUP))
    action |= CURL_CSELECT_IN;
  if (condition & G_IO_OUT)
    action |= CURL_CSELECT_OUT;
  if (condition & (G_IO_ERR | G_IO_NVAL))
    action |= CURL_CSELECT_ERR;

  curl_multi_socket_action (self->multi, fd, action, &running);
  process_messages (self);

  return G_SOURCE_CONTINUE;
}

static int
socket_changed_cb (CURL *easy, curl_socket_t fd, int what, void *user_data, void *socket_data)
{
  WwHttpClient *self = user_data;
  GIOCondition  condition = G_IO_ERR | G_IO_HUP;
  GSource      *source;

  /* Replace the watch: a GSource's conditions are fixed at creation. */
  g_hash_table_remove (self->socket_sources, GINT_TO_POINTER (fd));
  if (what == CURL_POLL_REMOVE)
    return 0;

  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
    condition |= G_IO_IN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
    condition |= G_IO_OUT;

  source = g_unix_fd_source_new (fd, condition);
  g_source_set_callback (source, G_SOURCE_FUNC (socket_ready_cb), self, NULL);
  g_source_set_name (source, "[wegwijs] HTTP socket");
  g_source_attach (source, NULL);
  g_hash_table_insert (self->socket_sources, GINT_TO_POINTER (fd), source);

  return 0;
}

static void
destroy_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static gboolean
timer_fired_cb (gpointer user_data)
{
  g_autoptr (WwHttpClient) self = g_object_ref (user_data);
  int running;

  self->timer_id = 0;
  curl_multi_socket_action (self->multi, CURL_SOCKET_TIMEOUT, 0, &running);
  process_messages (self);

  return G_SOURCE_REMOVE;
}

/* libcurl asks for exactly one timer: -1 deletes it, 0 means "as soon as
 * possible" — which must still go through the main loop, never straight
 * back into libcurl from inside its own callback. */
static int
timer_changed_cb (CURLM *multi, long timeout_ms, void *user_data)
{
  WwHttpClient *self = user_data;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (timeout_ms >= 0)
    {
      self->timer_id = g_timeout_add ((guint)MIN (timeout_ms, G_MAXINT), timer_fired_cb, self);
      g_source_set_name_by_id (self->timer_id, "[wegwijs] HTTP timer");
    }

  return 0;
}

/* ------------------------------------------------------------------ */
/* Starting an attempt                                                 */

static char *
join_pins (WwHttpClient *self)
{
  if (self->pinned_keys == NULL || self->pinned_keys[0] == NULL)
    return NULL;
  return g_strjoinv (";", self->pinned_keys);
}

static void
start_attempt (Transfer *transfer)
{
  WwHttpClient  *self = transfer->client;
  WwHttpRequest *request = transfer->request;
  const char    *method = ww_http_request_get_method (request);
  g_auto (GStrv) lines = ww_http_request_dup_header_lines (request);
  g_autofree char *pins = join_pins (self);
  guint            timeout_ms = ww_http_request_get_timeout_ms (request);
  GBytes          *body = ww_http_request_get_body (request);
  CURL            *easy;

  transfer->attempt++;
  transfer->too_large = FALSE;
  transfer->stream_refused = FALSE;
  transfer->error_buffer[0] = '\0';
  g_byte_array_set_size (transfer->body, 0);
  g_byte_array_set_size (transfer->stream_pending, 0);
  g_ptr_array_set_size (transfer->header_lines, 0);

  transfer->easy = easy = curl_easy_init ();
  curl_easy_setopt (easy, CURLOPT_PRIVATE, transfer);
  curl_easy_setopt (easy, CURLOPT_URL, ww_http_request_get_url (request));
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, transfer->error_buffer);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_USERAGENT, self->user_agent);

  /* https only, for the first URL and for every redirect. */
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt (easy, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (easy, CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (easy, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
  if (self->ca_file != NULL)
    {
      /* Only these CAs: not also the system's directory, which would trust
       * every public CA and costs a parse of each of them per connection. */
      curl_easy_setopt (easy, CURLOPT_CAINFO, self->ca_file);
      curl_easy_setopt (easy, CURLOPT_CAPATH, NULL);
    }
  if (pins != NULL)
    curl_easy_setopt (easy, CURLOPT_PINNEDPUBLICKEY, pins);

  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long)self->connect_timeout_ms);
  if (!ww_http_request_is_stream (request))
    curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long)(timeout_ms > 0 ? timeout_ms : self->timeout_ms));
  if (self->low_speed_time_s > 0 && !ww_http_request_is_stream (request))
    {
      curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, (long)LOW_SPEED_LIMIT_BYTES);
      curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, (long)self->low_speed_time_s);
    }

  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, transfer);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, transfer);

  transfer->header_list = curl_slist_append (NULL, "Expect:");
  for (guint i = 0; lines[i] != NULL; i++)
    transfer->header_list = curl_slist_append (transfer->header_list, lines[i]);
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, transfer->header_list);

  if (g_str_equal (method, "GET"))
    curl_easy_setopt (easy, CURLOPT_HTTPGET, 1L);
  else if (g_str_equal (method, "HEAD"))
    curl_easy_setopt (easy, CURLOPT_NOBODY, 1L);
  else
    curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, method);

  if (body != NULL)
    {
      gsize       length;
      const char *data = g_bytes_get_data (body, &length);

      curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)length);
      curl_easy_setopt (easy, CURLOPT_POSTFIELDS, length > 0 ? data : "");
    }
  else if (g_str_equal (method, "POST"))
    {
      curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
      curl_easy_setopt (easy, CURLOPT_POSTFIELDS, "");
    }

  g_hash_table_add (self->transfers, transfer);
  curl_multi_add_handle (self->multi, easy);
}

/* ------------------------------------------------------------------ */
/* libcurl, on first use                                               */

/* "Wegwijs/0.1.0 libcurl/7.88.1", or without the libcurl part when the
 * library cannot be loaded (then no request goes out with it anyway). */
static void
ensure_user_agent (WwHttpClient *self)
{
  if (self->user_agent != NULL)
    return;

  if (_ww_curl_load (NULL))
    self->user_agent =
        g_strdup_printf ("Wegwijs/%s libcurl/%s", PACKAGE_VERSION, curl_version_info (CURLVERSION_NOW)->version);
  else
    self->user_agent = g_strdup_printf ("Wegwijs/%s", PACKAGE_VERSION);
}

static gboolean
ensure_multi (WwHttpClient *self, GError **error)
{
  if (self->multi != NULL)
    return TRUE;

  if (!_ww_curl_load (error))
    return FALSE;

  ensure_user_agent (self);
  self->multi = curl_multi_init ();
  curl_multi_setopt (self->multi, CURLMOPT_SOCKETFUNCTION, socket_changed_cb);
  curl_multi_setopt (self->multi, CURLMOPT_SOCKETDATA, self);
  curl_multi_setopt (self->multi, CURLMOPT_TIMERFUNCTION, timer_changed_cb);
  curl_multi_setopt (self->multi, CURLMOPT_TIMERDATA, self);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Cancellation                                                        */

static gboolean
cancel_transfer_cb (gpointer user_data)
{
  Transfer *transfer = user_data;

  transfer->cancel_id = 0;
  transfer_return_if_cancelled (transfer);

  return G_SOURCE_REMOVE;
}

/* May run in any thread and inside any callback: only schedule. */
static void
cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  Transfer *transfer = user_data;

  if (transfer->cancel_id == 0)
    transfer->cancel_id = g_idle_add_full (G_PRIORITY_HIGH, cancel_transfer_cb, transfer, NULL);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
ww_http_client_dispose (GObject *object)
{
  WwHttpClient *self = WW_HTTP_CLIENT (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_hash_table_remove_all (self->socket_sources);

  G_OBJECT_CLASS (ww_http_client_parent_class)->dispose (object);
}

static void
ww_http_client_finalize (GObject *object)
{
  WwHttpClient *self = WW_HTTP_CLIENT (object);

  /* Every task holds a reference to the client, so none is left here. */
  g_warn_if_fail (g_hash_table_size (self->transfers) == 0);
  g_hash_table_unref (self->transfers);
  g_hash_table_unref (self->in_flight);
  g_hash_table_unref (self->socket_sources);
  g_clear_pointer (&self->multi, curl_multi_cleanup);
  g_free (self->ca_file);
  g_strfreev (self->pinned_keys);
  g_free (self->user_agent);

  G_OBJECT_CLASS (ww_http_client_parent_class)->finalize (object);
}

static void
ww_http_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwHttpClient *self = WW_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_PINNED_KEYS:
      g_value_set_boxed (value, self->pinned_keys);
      break;
    case PROP_CONNECT_TIMEOUT_MS:
      g_value_set_uint (value, self->connect_timeout_ms);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_LOW_SPEED_TIME_S:
      g_value_set_uint (value, self->low_speed_time_s);
      break;
    case PROP_MAX_RESPONSE_SIZE:
      g_value_set_uint64 (value, self->max_response_size);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, ww_http_client_get_user_agent (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_http_client_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwHttpClient *self = WW_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CA_FILE:
      ww_http_client_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_PINNED_KEYS:
      ww_http_client_set_pinned_keys (self, g_value_get_boxed (value));
      break;
    case PROP_CONNECT_TIMEOUT_MS:
      ww_http_client_set_connect_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT_MS:
      ww_http_client_set_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_LOW_SPEED_TIME_S:
      ww_http_client_set_low_speed_time_s (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RESPONSE_SIZE:
      ww_http_client_set_max_response_size (self, g_value_get_uint64 (value));
      break;
    case PROP_USER_AGENT:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_http_client_class_init (WwHttpClientClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ww_http_client_dispose;
  object_class->finalize = ww_http_client_finalize;
  object_class->get_property = ww_http_client_get_property;
  object_class->set_property = ww_http_client_set_property;

  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, flags);
  properties[PROP_PINNED_KEYS] = g_param_spec_boxed ("pinned-keys", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_CONNECT_TIMEOUT_MS] =
      g_param_spec_uint ("connect-timeout-ms", NULL, NULL, 100, 600000, DEFAULT_CONNECT_TIMEOUT_MS, flags);
  properties[PROP_TIMEOUT_MS] = g_param_spec_uint ("timeout-ms", NULL, NULL, 100, 3600000, DEFAULT_TIMEOUT_MS, flags);
  properties[PROP_LOW_SPEED_TIME_S] =
      g_param_spec_uint ("low-speed-time-s", NULL, NULL, 0, 3600, DEFAULT_LOW_SPEED_TIME_S, flags);
  properties[PROP_MAX_RESPONSE_SIZE] =
      g_param_spec_uint64 ("max-response-size", NULL, NULL, 1024, G_MAXUINT32, DEFAULT_MAX_RESPONSE_SIZE, flags);
  properties[PROP_USER_AGENT] = g_param_spec_string (
      "user-agent", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_http_client_init (WwHttpClient *self)
{
  self->socket_sources = g_hash_table_new_full (NULL, NULL, NULL, destroy_source);
  self->transfers = g_hash_table_new (NULL, NULL);
  self->in_flight = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  self->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->low_speed_time_s = DEFAULT_LOW_SPEED_TIME_S;
  self->max_response_size = DEFAULT_MAX_RESPONSE_SIZE;
  self->retry_base_ms = DEFAULT_RETRY_BASE_MS;
  self->retry_max_ms = DEFAULT_RETRY_MAX_MS;
}

WwHttpClient *
ww_http_client_new (void)
{
  return g_object_new (WW_TYPE_HTTP_CLIENT, NULL);
}

/**
 * ww_http_client_send_async:
 *
 * Sends @request. The answer is delivered for 2xx and 304; any other
 * status becomes a %WW_HTTP_ERROR carrying the status and the problem's
 * title and detail. Cancelling @cancellable aborts the transfer at once.
 */
void
ww_http_client_send_async (WwHttpClient       *self,
                           WwHttpRequest      *request,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  Transfer *transfer;

  g_return_if_fail (WW_IS_HTTP_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_http_client_send_async);
  g_task_set_name (task, "[wegwijs] HTTP request");

  transfer = g_new0 (Transfer, 1);
  transfer->client = self;
  transfer->task = task;
  transfer->request = ww_http_request_ref (request);
  transfer->body = g_byte_array_new ();
  transfer->stream_pending = g_byte_array_new ();
  transfer->header_lines = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, transfer, (GDestroyNotify)transfer_free);
  /* Nothing else holds the task while libcurl works on it. */
  g_hash_table_add (self->in_flight, g_object_ref (task));

  if (cancellable != NULL)
    {
      transfer->cancellable = g_object_ref (cancellable);
      transfer->cancelled_handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), transfer, NULL);
      if (g_cancellable_is_cancelled (cancellable))
        return;
    }

  if (!ensure_multi (self, &error))
    {
      transfer_return_error (transfer, g_steal_pointer (&error));
      return;
    }
  start_attempt (transfer);
}

WwHttpResponse *
ww_http_client_send_finish (WwHttpClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (WW_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ww_http_client_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
ww_http_client_get_ca_file (WwHttpClient *self)
{
  g_return_val_if_fail (WW_IS_HTTP_CLIENT (self), NULL);

  return self->ca_file;
}

/* Trust only the CAs in @ca_file (PEM), instead of the system's. */
void
ww_http_client_set_ca_file (WwHttpClient *self, const char *ca_file)
{
  g_return_if_fail (WW_IS_HTTP_CLIENT (self));

  if (ca_file != NULL && *ca_file == '\0')
    ca_file = NULL;
  if (g_strcmp0 (self->ca_file, ca_file) == 0)
    return;

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

const char **
ww_http_client_get_pinned_keys (WwHttpClient *self)
{
  g_return_val_if_fail (WW_IS_HTTP_CLIENT (self), NULL);

  return (const char **)self->pinned_keys;
}

/* Public keys the hub must present one of, as "sha256//BASE64" (a primary
 * and a backup, so the hub's key can be rolled over). */
void
ww_http_client_set_pinned_keys (WwHttpClient *self, const char *const *pinned_keys)
{
  g_return_if_fail (WW_IS_HTTP_CLIENT (self));

  if (pinned_keys != NULL && self->pinned_keys != NULL &&
      g_strv_equal (pinned_keys, (const char *const *)self->pinned_keys))
    return;

  g_strfreev (self->pinned_keys);
  self->pinned_keys = g_strdupv ((char **)pinned_keys);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_KEYS]);
}

guint
ww_http_client_get_connect_timeout_ms (WwHttpClient *self)
{
  g_return_val_if_fail (WW_IS_HTTP_CLIENT (self), 0);

  return self->connect_timeout_ms;
}

void
ww_http_client_set_connect_timeout_ms (WwHttpClient *self, guint connect_timeout_ms)
{
  g_return_if_fail (WW_IS_HTTP_CLIENT (self));

  if (self->connect_timeout_ms == connect_timeout_ms)
    return;
  self->connect_timeout_ms = connect_timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT_MS]);
}

guint
ww_http_client_get_timeout_ms (WwHttpClient *self)
{
  g_return_val_if_fail (WW_IS_HTTP_CLIENT (self), 0);

  return self->timeout_ms;
}

void
ww_http_client_set_timeout_ms (WwHttpClient *self, guint timeout_ms)
{
  g_return_if_fail (WW_IS_HTTP_CLIENT (self));

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

guint
ww_http_client_get_low_speed_time_s (WwHttpClient *self)
{
  g_return_val_if_fail (WW_IS_HTTP_CLIENT (self), 0);

  return self->low_speed_time_s;
}

/* An answer slower than 16 bytes a second for this long is given up. */
void
ww_http_client_set_low_speed_time_s (WwHttpClient *self, guint low_speed_time_s)
{
  g_return_if_fail (WW_IS_HTTP_CLIENT (self));

  if (self->low_speed_time_s == low_speed_time_s)
    return;
  self->low_speed_time_s = low_speed_time_s;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOW_SPEED_TIME_S]);
}

guint64
ww_http_client_get_max_response_size (WwHttpClient *self)
{
  g_return_val_if_fail (WW_IS_HTTP_CLIENT (self), 0);

  return self->max_response_size;
}

void
ww_http_client_set_max_response_size (WwHttpClient *self, guint64 max_response_size)
{
  g_return_if_fail (WW_IS_HTTP_CLIENT (self));

  if (self->max_response_size == max_response_size)
    return;
  self->max_response_size = max_response_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RESPONSE_SIZE]);
}

/* The first retry waits about @base_ms, each next one twice as long, at
 * most @max_ms. */
void
ww_http_client_set_retry_delays (WwHttpClient *self, guint base_ms, guint max_ms)
{
  g_return_if_fail (WW_IS_HTTP_CLIENT (self));
  g_return_if_fail (base_ms > 0 && base_ms <= max_ms);

  self->retry_base_ms = base_ms;
  self->retry_max_ms = max_ms;
}

const char *
ww_http_client_get_user_agent (WwHttpClient *self)
{
  g_return_val_if_fail (WW_IS_HTTP_CLIENT (self), NULL);

  ensure_user_agent (self);
  return self->user_agent;
}
