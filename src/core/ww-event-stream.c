/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * WwEventStream: the hub's live events (Server-Sent Events) for as long as
 * it is started. It reconnects by itself with backoff and resumes with
 * Last-Event-ID, so nothing is missed; and it notices a connection that has
 * gone silent (no event and no keep-alive within twice the keep-alive
 * interval) and replaces it, because a dead TCP connection can look alive
 * for a long time.
 */

#include "config.h"

#include "ww-event-stream.h"

#include "ww-sse-parser.h"

#define DEFAULT_KEEPALIVE_INTERVAL_MS 15000
#define DEFAULT_RECONNECT_BASE_MS 500
#define DEFAULT_RECONNECT_MAX_MS 30000

struct _WwEventStream
{
  GObject parent_instance;

  WwHttpClient *client;
  char         *url;
  char         *authorization;
  guint         keepalive_interval_ms;
  guint         reconnect_base_ms;
  guint         reconnect_max_ms;

  WwSseParser  *parser;
  GCancellable *cancellable;
  guint         stall_id;
  guint         reconnect_id;
  guint         failures;
  gboolean      started;
  gboolean      connected;
};

G_DEFINE_FINAL_TYPE (WwEventStream, ww_event_stream, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONNECTED,
  PROP_LAST_EVENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  EVENT,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void connect_now (WwEventStream *self);

static void
set_connected (WwEventStream *self, gboolean connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static gboolean
stalled_cb (gpointer user_data)
{
  WwEventStream *self = user_data;

  self->stall_id = 0;
  g_debug ("No event or keep-alive for %u ms; reconnecting", 2 * self->keepalive_interval_ms);
  /* The request's callback sees the cancellation and reconnects. */
  g_cancellable_cancel (self->cancellable);

  return G_SOURCE_REMOVE;
}

static void
restart_stall_timer (WwEventStream *self)
{
  g_clear_handle_id (&self->stall_id, g_source_remove);
  self->stall_id = g_timeout_add (2 * self->keepalive_interval_ms, stalled_cb, self);
}

static void
parser_event_cb (const char *id, const char *type, const char *data, gpointer user_data)
{
  WwEventStream *self = user_data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EVENT_ID]);
  g_signal_emit (self, signals[EVENT], 0, id, type, data);
}

static void
parser_retry_cb (guint retry_ms, gpointer user_data)
{
  WwEventStream *self = user_data;

  self->reconnect_base_ms = CLAMP (retry_ms, 100, self->reconnect_max_ms);
}

static gboolean
stream_data_cb (const char *data, gsize length, gpointer user_data)
{
  WwEventStream *self = user_data;
  g_autoptr (GError) error = NULL;

  /* Data, a comment or a keep-alive: the connection is alive. */
  self->failures = 0;
  set_connected (self, TRUE);
  restart_stall_timer (self);

  if (!ww_sse_parser_feed (self->parser, data, length, &error))
    {
      g_warning ("The hub's event stream is broken: %s", error->message);
      g_signal_emit (self, signals[FAILED], 0, error);
      return FALSE;
    }

  return self->started;
}

static gboolean
reconnect_cb (gpointer user_data)
{
  WwEventStream *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (WwEventStream *self)
{
  guint64 delay = (guint64)self->reconnect_base_ms << MIN (self->failures, 16u);

  delay = MIN (delay, self->reconnect_max_ms);
  delay = delay / 2 + g_random_int_range (0, (gint32)(delay / 2) + 1);
  self->failures++;

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  self->reconnect_id = g_timeout_add ((guint)delay, reconnect_cb, self);
}

static void
request_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WwEventStream) self = user_data;
  g_autoptr (WwHttpResponse) response = NULL;
  g_autoptr (GError) error = NULL;

  response = ww_http_client_send_finish (WW_HTTP_CLIENT (source), result, &error);

  g_clear_handle_id (&self->stall_id, g_source_remove);
  set_connected (self, FALSE);

  if (!self->started)
    return;

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("The event stream ended: %s", error->message);
      g_signal_emit (self, signals[FAILED], 0, error);
    }

  schedule_reconnect (self);
}

static void
connect_now (WwEventStream *self)
{
  g_autoptr (WwHttpRequest) request = ww_http_request_new ("GET", self->url);
  const char *last_event_id = ww_sse_parser_get_last_event_id (self->parser);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ww_sse_parser_reset (self->parser);

  ww_http_request_set_header (request, "Accept", "text/event-stream");
  ww_http_request_set_header (request, "Cache-Control", "no-cache");
  if (self->authorization != NULL)
    ww_http_request_set_header (request, "Authorization", self->authorization);
  if (last_event_id != NULL && *last_event_id != '\0')
    ww_http_request_set_header (request, "Last-Event-ID", last_event_id);
  ww_http_request_set_stream_func (request, "text/event-stream", stream_data_cb, self, NULL);

  restart_stall_timer (self);
  ww_http_client_send_async (self->client, request, self->cancellable, request_done_cb, g_object_ref (self));
}

static void
ww_event_stream_dispose (GObject *object)
{
  WwEventStream *self = WW_EVENT_STREAM (object);

  ww_event_stream_stop (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ww_event_stream_parent_class)->dispose (object);
}

static void
ww_event_stream_finalize (GObject *object)
{
  WwEventStream *self = WW_EVENT_STREAM (object);

  g_clear_pointer (&self->parser, ww_sse_parser_free);
  g_free (self->url);
  g_free (self->authorization);

  G_OBJECT_CLASS (ww_event_stream_parent_class)->finalize (object);
}

static void
ww_event_stream_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwEventStream *self = WW_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    case PROP_LAST_EVENT_ID:
      g_value_set_string (value, ww_event_stream_get_last_event_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_event_stream_class_init (WwEventStreamClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ww_event_stream_dispose;
  object_class->finalize = ww_event_stream_finalize;
  object_class->get_property = ww_event_stream_get_property;

  properties[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, FALSE, flags);
  properties[PROP_LAST_EVENT_ID] = g_param_spec_string ("last-event-id", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WwEventStream::event:
   * @id: the event's id (what a reconnect resumes from)
   * @type: the event type, "message" when the hub gave none
   * @data: the event's data, lines joined with "\n"
   */
  signals[EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * WwEventStream::failed:
   * @error: why the connection ended; the stream reconnects by itself
   */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ww_event_stream_init (WwEventStream *self)
{
  self->keepalive_interval_ms = DEFAULT_KEEPALIVE_INTERVAL_MS;
  self->reconnect_base_ms = DEFAULT_RECONNECT_BASE_MS;
  self->reconnect_max_ms = DEFAULT_RECONNECT_MAX_MS;
  self->parser = ww_sse_parser_new (parser_event_cb, NULL, parser_retry_cb, self);
}

WwEventStream *
ww_event_stream_new (WwHttpClient *client, const char *url)
{
  WwEventStream *self;

  g_return_val_if_fail (WW_IS_HTTP_CLIENT (client), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (WW_TYPE_EVENT_STREAM, NULL);
  self->client = g_object_ref (client);
  self->url = g_strdup (url);

  return self;
}

/* The Authorization header's value, e.g. "Bearer …". Never logged. */
void
ww_event_stream_set_authorization (WwEventStream *self, const char *authorization)
{
  g_return_if_fail (WW_IS_EVENT_STREAM (self));

  g_free (self->authorization);
  self->authorization = g_strdup (authorization);
}

/* How often the hub sends a keep-alive; silence for twice this long means
 * the connection is dead. */
void
ww_event_stream_set_keepalive_interval_ms (WwEventStream *self, guint interval_ms)
{
  g_return_if_fail (WW_IS_EVENT_STREAM (self));
  g_return_if_fail (interval_ms > 0);

  self->keepalive_interval_ms = interval_ms;
}

void
ww_event_stream_set_reconnect_delays (WwEventStream *self, guint base_ms, guint max_ms)
{
  g_return_if_fail (WW_IS_EVENT_STREAM (self));
  g_return_if_fail (base_ms > 0 && base_ms <= max_ms);

  self->reconnect_base_ms = base_ms;
  self->reconnect_max_ms = max_ms;
}

/* Where to resume from, e.g. after the program restarts. */
void
ww_event_stream_set_last_event_id (WwEventStream *self, const char *last_event_id)
{
  g_return_if_fail (WW_IS_EVENT_STREAM (self));

  ww_sse_parser_set_last_event_id (self->parser, last_event_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EVENT_ID]);
}

const char *
ww_event_stream_get_last_event_id (WwEventStream *self)
{
  g_return_val_if_fail (WW_IS_EVENT_STREAM (self), NULL);

  return ww_sse_parser_get_last_event_id (self->parser);
}

gboolean
ww_event_stream_get_connected (WwEventStream *self)
{
  g_return_val_if_fail (WW_IS_EVENT_STREAM (self), FALSE);

  return self->connected;
}

void
ww_event_stream_start (WwEventStream *self)
{
  g_return_if_fail (WW_IS_EVENT_STREAM (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->failures = 0;
  connect_now (self);
}

void
ww_event_stream_stop (WwEventStream *self)
{
  g_return_if_fail (WW_IS_EVENT_STREAM (self));

  self->started = FALSE;
  g_clear_handle_id (&self->stall_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_connected (self, FALSE);
}
