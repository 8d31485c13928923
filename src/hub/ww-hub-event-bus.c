/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Server-Sent Events. Every event comes from the persisted log (its id is
 * the log's id), so a client that reconnects with Last-Event-ID gets
 * exactly what it missed. A resuming client is first registered (live
 * events are buffered), then its backlog is read from the store and sent,
 * then the buffer, skipping ids it already got: nothing is missed in the
 * gap between reading the log and going live, and nothing is repeated.
 *
 * Each server thread has its own bus, used only in that thread; the
 * server hands every committed batch to each bus in its thread.
 */

#include "config.h"

#include "ww-hub-event-bus.h"

#include "ww-hub-problem.h"

#define BACKLOG_PAGE 500
/* A client this far behind is not reading; it can resume later. */
#define MAX_BUFFERED_EVENTS 10000

typedef struct
{
  WwHubEventBus     *bus; /* unowned: the bus outlives its clients */
  SoupServerMessage *msg;
  WwHubPrincipal    *principal;
  gint64             last_sent;
  gboolean           live;
  GPtrArray         *buffered; /* WwHubEvent, while catching up */
  GCancellable      *cancellable;
  gulong             finished_id;
} Client;

struct _WwHubEventBus
{
  GObject parent_instance;

  WwHubStore *store;
  guint       keepalive_seconds;
  GList      *clients;
  gint64      newest_id;
  GSource    *keepalive;
};

G_DEFINE_FINAL_TYPE (WwHubEventBus, ww_hub_event_bus, G_TYPE_OBJECT)

static void client_free (Client *client);

/* A kiosk sees its own tickets and its branch's queue length; a volunteer
 * their branch; an admin everything. */
gboolean
ww_hub_event_is_visible (const WwHubEvent *event, const WwHubPrincipal *principal)
{
  switch (principal->role)
    {
    case WW_HUB_ROLE_ADMIN:
      return TRUE;
    case WW_HUB_ROLE_VOLUNTEER:
      return g_strcmp0 (event->branch_id, principal->branch_id) == 0;
    case WW_HUB_ROLE_KIOSK:
      if (g_strcmp0 (event->type, "queue") == 0)
        return g_strcmp0 (event->branch_id, principal->branch_id) == 0;
      return g_strcmp0 (event->kiosk_id, principal->subject_id) == 0;
    default:
      return FALSE;
    }
}

static void
client_write (Client *client, const char *text)
{
  SoupMessageBody *body = soup_server_message_get_response_body (client->msg);

  soup_message_body_append (body, SOUP_MEMORY_COPY, text, strlen (text));
  soup_server_message_unpause (client->msg);
}

static void
client_send (Client *client, const WwHubEvent *event)
{
  g_autofree char *text = NULL;

  if (event->id <= client->last_sent)
    return;
  client->last_sent = event->id;

  if (!ww_hub_event_is_visible (event, client->principal))
    return;

  text = g_strdup_printf ("id: %" G_GINT64_FORMAT "\nevent: %s\ndata: %s\n\n", event->id, event->type, event->data);
  client_write (client, text);
}

static void
client_finished_cb (SoupServerMessage *msg, Client *client)
{
  WwHubEventBus *bus = client->bus;

  bus->clients = g_list_remove (bus->clients, client);
  client_free (client);
}

static void
client_free (Client *client)
{
  g_cancellable_cancel (client->cancellable);
  g_clear_object (&client->cancellable);
  g_clear_signal_handler (&client->finished_id, client->msg);
  g_clear_object (&client->msg);
  g_clear_pointer (&client->principal, ww_hub_principal_free);
  g_clear_pointer (&client->buffered, g_ptr_array_unref);
  g_free (client);
}

static void read_backlog (Client *client);

static void
backlog_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = ww_hub_store_read_events_finish (WW_HUB_STORE (object), result, &error);
  Client *client = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (events == NULL)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "cannot read the event log: %s", error->message);
      /* Ending the stream makes the client resume; better than a gap. */
      soup_message_body_complete (soup_server_message_get_response_body (client->msg));
      soup_server_message_unpause (client->msg);
      return;
    }

  for (guint i = 0; i < events->len; i++)
    client_send (client, g_ptr_array_index (events, i));

  if (events->len == BACKLOG_PAGE)
    {
      read_backlog (client);
      return;
    }

  for (guint i = 0; i < client->buffered->len; i++)
    client_send (client, g_ptr_array_index (client->buffered, i));
  g_clear_pointer (&client->buffered, g_ptr_array_unref);
  client->live = TRUE;
}

static void
read_backlog (Client *client)
{
  ww_hub_store_read_events_async (client->bus->store, client->last_sent, BACKLOG_PAGE, client->cancellable,
                                  backlog_read_cb, client);
}

/* Hands a committed batch to the streams; call in the bus's thread. */
void
ww_hub_event_bus_deliver (WwHubEventBus *self, GPtrArray *events)
{
  g_return_if_fail (WW_HUB_IS_EVENT_BUS (self));

  for (guint i = 0; i < events->len; i++)
    {
      WwHubEvent *event = g_ptr_array_index (events, i);

      self->newest_id = MAX (self->newest_id, event->id);
    }

  for (GList *l = self->clients; l != NULL;)
    {
      Client *client = l->data;

      l = l->next;
      if (client->live)
        {
          for (guint i = 0; i < events->len; i++)
            client_send (client, g_ptr_array_index (events, i));
          continue;
        }

      for (guint i = 0; i < events->len; i++)
        {
          WwHubEvent *event = g_ptr_array_index (events, i);
          WwHubEvent *copy = g_new0 (WwHubEvent, 1);

          *copy = (WwHubEvent){ event->id, g_strdup (event->type), g_strdup (event->branch_id),
                                g_strdup (event->kiosk_id), g_strdup (event->data) };
          g_ptr_array_add (client->buffered, copy);
        }
      if (client->buffered->len > MAX_BUFFERED_EVENTS)
        {
          soup_message_body_complete (soup_server_message_get_response_body (client->msg));
          soup_server_message_unpause (client->msg);
        }
    }
}

/* Comments keep proxies and NAT from dropping an idle stream, and show
 * us which clients have gone away (the write fails). */
static gboolean
keepalive_cb (gpointer user_data)
{
  WwHubEventBus *self = user_data;
  gint64         now = g_get_real_time ();

  for (GList *l = self->clients; l != NULL;)
    {
      Client *client = l->data;

      l = l->next;
      if (client->principal->expires_at != 0 && client->principal->expires_at <= now)
        {
          soup_message_body_complete (soup_server_message_get_response_body (client->msg));
          soup_server_message_unpause (client->msg);
          continue;
        }
      client_write (client, ": keep-alive\n\n");
    }

  return G_SOURCE_CONTINUE;
}

static void
ww_hub_event_bus_dispose (GObject *object)
{
  WwHubEventBus *self = WW_HUB_EVENT_BUS (object);

  ww_hub_event_bus_close_all (self);
  if (self->keepalive != NULL)
    g_source_destroy (self->keepalive);
  g_clear_pointer (&self->keepalive, g_source_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ww_hub_event_bus_parent_class)->dispose (object);
}

static void
ww_hub_event_bus_class_init (WwHubEventBusClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ww_hub_event_bus_dispose;
}

static void
ww_hub_event_bus_init (WwHubEventBus *self)
{
}

WwHubEventBus *
ww_hub_event_bus_new (WwHubStore *store, guint keepalive_seconds)
{
  WwHubEventBus *self = g_object_new (WW_HUB_TYPE_EVENT_BUS, NULL);

  self->store = g_object_ref (store);
  self->keepalive_seconds = MAX (keepalive_seconds, 1u);
  /* On the caller's thread-default context: the bus lives in one thread. */
  self->keepalive = g_timeout_source_new_seconds (self->keepalive_seconds);
  g_source_set_callback (self->keepalive, keepalive_cb, self, NULL);
  {
    g_autoptr (GMainContext) context = g_main_context_ref_thread_default ();

    g_source_attach (self->keepalive, context);
  }

  return self;
}

static void
newest_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  WwHubEventBus *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = ww_hub_store_read_events_finish (WW_HUB_STORE (object), result, &error);

  if (events == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (events->len > 0)
    self->newest_id = MAX (self->newest_id, ((WwHubEvent *)g_ptr_array_index (events, 0))->id);
  g_task_return_boolean (task, TRUE);
}

/* Learns where the log ends, so a client without Last-Event-ID starts
 * from now. */
void
ww_hub_event_bus_start_async (WwHubEventBus      *self,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (WW_HUB_IS_EVENT_BUS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_hub_event_bus_start_async);
  ww_hub_store_read_events_async (self->store, 0, 0, cancellable, newest_read_cb, task);
}

gboolean
ww_hub_event_bus_start_finish (WwHubEventBus *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Takes over @msg as an event stream. @last_event_id < 0: from now. */
void
ww_hub_event_bus_add_client (WwHubEventBus        *self,
                             SoupServerMessage    *msg,
                             const WwHubPrincipal *principal,
                             gint64                last_event_id)
{
  Client             *client;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  g_return_if_fail (WW_HUB_IS_EVENT_BUS (self));

  client = g_new0 (Client, 1);
  client->bus = self;
  client->msg = g_object_ref (msg);
  client->principal = g_new0 (WwHubPrincipal, 1);
  *client->principal = (WwHubPrincipal){ principal->role, g_strdup (principal->subject_id),
                                         g_strdup (principal->branch_id), principal->expires_at };
  client->cancellable = g_cancellable_new ();
  client->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (client_finished_cb), client);
  self->clients = g_list_prepend (self->clients, client);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Accel-Buffering", "no");
  /* Sent chunks need not be kept: a stream can run for days. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  client_write (client, "retry: 3000\n\n");

  if (last_event_id < 0 || last_event_id >= self->newest_id)
    {
      client->last_sent = last_event_id < 0 ? self->newest_id : last_event_id;
      client->live = TRUE;
      return;
    }

  client->last_sent = last_event_id;
  client->buffered = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_event_free);
  read_backlog (client);
}

guint
ww_hub_event_bus_get_n_clients (WwHubEventBus *self)
{
  g_return_val_if_fail (WW_HUB_IS_EVENT_BUS (self), 0);

  return g_list_length (self->clients);
}

/* Ends every stream (shutdown); clients reconnect and resume. */
void
ww_hub_event_bus_close_all (WwHubEventBus *self)
{
  g_return_if_fail (WW_HUB_IS_EVENT_BUS (self));

  while (self->clients != NULL)
    {
      Client *client = self->clients->data;

      self->clients = g_list_delete_link (self->clients, self->clients);
      soup_message_body_complete (soup_server_message_get_response_body (client->msg));
      soup_server_message_unpause (client->msg);
      client_free (client);
    }
}
