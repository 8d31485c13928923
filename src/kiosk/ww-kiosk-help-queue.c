/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk's side of the help queue. It outlives every resident's visit:
 * a ticket stays in the queue after its resident walked away and the
 * session reset, and when a volunteer calls it the kiosk still knows and
 * puts up the call banner.
 *
 * - `ticket` is the ticket of the visit on screen (none after the visit
 *   ended); every live ticket this kiosk made is tracked until it closes.
 * - A ticket is made with one idempotency key per request: retries after a
 *   network error or a hub restart reuse it, so the hub never makes two.
 * - Position and wait come from the hub's events: a `ticket` event for our
 *   own ticket, and after a `queue` event (someone ahead was helped) a
 *   fresh GET of each tracked ticket.
 * - ::called is emitted once per call; ::speak-requested is the single
 *   point where text to be spoken leaves this object (the speech client
 *   connects to it; nothing happens when nobody does).
 * - `status` is what the hub last said about help now (a volunteer on
 *   duty or not, the next session). It is asked for when the help page
 *   opens, when the hub comes back and when a ticket meets a closed queue;
 *   while the page watches (or a ticket waits), the hub's `queue` events
 *   say at once when the queue opens or closes.
 * - `reservation` is the place the visit on screen reserved at a help
 *   session. Like the ticket it goes when the visit ends, so the next
 *   resident never sees another's code; unlike a ticket it is not
 *   followed afterwards (the code is all the resident needs).
 */

#include "config.h"

#include "ww-kiosk-help-queue.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ww-language.h"

#define MAX_EVENT_DEPTH 16

struct _WwKioskHelpQueue
{
  GObject parent_instance;

  WwKioskHub    *hub;
  WwEventStream *stream;
  GHashTable    *tickets; /* id → WwTicket, live tickets of this kiosk */
  char          *current_id;
  GCancellable  *cancellable;
  guint          n_busy;

  /* The key of a request that failed for want of an answer: the same
   * request again must reuse it, because the hub may have made the
   * ticket. */
  char *pending_key;
  char *pending_request;

  WwHelpStatus  *status;
  gboolean       status_loading;
  gboolean       status_again; /* asked again while an answer was on its way */
  guint          n_watchers;
  WwReservation *reservation;
  char          *pending_reserve_key;
  char          *pending_reserve_request;
};

G_DEFINE_FINAL_TYPE (WwKioskHelpQueue, ww_kiosk_help_queue, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_AVAILABLE,
  PROP_TICKET,
  PROP_BUSY,
  PROP_STATUS,
  PROP_RESERVATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CALLED,
  SPEAK_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  WwHelpTopic topic;
  char       *language;
  char       *first_name;
  char       *key;
  gint64      deadline;
  guint       attempt;
} Request;

static void
request_free (Request *request)
{
  g_free (request->language);
  g_free (request->first_name);
  g_free (request->key);
  g_free (request);
}

static guint
retry_seconds (void)
{
  const char *value = g_getenv ("WEGWIJS_TICKET_RETRY_S");
  guint64     seconds;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 0, 600, &seconds, NULL))
    return (guint)seconds;
  return 30;
}

static void
set_busy (WwKioskHelpQueue *self, gboolean busy)
{
  gboolean was_busy = self->n_busy > 0;

  self->n_busy += busy ? 1 : -1;
  if (was_busy != (self->n_busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
stream_event_cb (WwEventStream *stream, const char *id, const char *type, const char *data, gpointer user_data);
static void stream_connected_cb (WwEventStream *stream, GParamSpec *pspec, gpointer user_data);

static void
update_stream (WwKioskHelpQueue *self)
{
  gboolean wanted = self->hub != NULL && (g_hash_table_size (self->tickets) > 0 || self->n_watchers > 0);

  if (wanted && self->stream == NULL)
    {
      self->stream = ww_hub_client_new_event_stream (ww_kiosk_hub_get_client (self->hub));
      ww_event_stream_set_reconnect_delays (self->stream, 250, 5000);
      g_signal_connect (self->stream, "event", G_CALLBACK (stream_event_cb), self);
      g_signal_connect (self->stream, "notify::connected", G_CALLBACK (stream_connected_cb), self);
      g_signal_connect_swapped (self->stream, "failed", G_CALLBACK (ww_kiosk_hub_check_now), self->hub);
      ww_event_stream_start (self->stream);
    }
  else if (!wanted && self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      g_signal_handlers_disconnect_by_data (self->stream, self->hub);
      ww_event_stream_stop (self->stream);
      g_clear_object (&self->stream);
    }
}

/* Takes in what the hub says about one of our tickets. */
static void
take_ticket (WwKioskHelpQueue *self, WwTicket *ticket)
{
  const char *id = ww_ticket_get_id (ticket);
  WwTicket   *old = g_hash_table_lookup (self->tickets, id);
  gboolean    current = g_strcmp0 (id, self->current_id) == 0;
  gboolean    newly_called = ww_ticket_get_state (ticket) == WW_TICKET_STATE_CALLED &&
                          (old == NULL || ww_ticket_get_state (old) != WW_TICKET_STATE_CALLED);

  if (old == NULL && !current && ww_ticket_is_closed (ticket))
    return;

  /* A late answer must not bring back a ticket that closed meanwhile. */
  if (old == NULL && !current)
    return;

  if (ww_ticket_is_closed (ticket))
    {
      g_hash_table_remove (self->tickets, id);
      if (current)
        {
          g_clear_pointer (&self->current_id, g_free);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
        }
      update_stream (self);
      return;
    }

  g_hash_table_replace (self->tickets, g_strdup (id), g_object_ref (ticket));
  if (current)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
  if (newly_called)
    g_signal_emit (self, signals[CALLED], 0, ticket);
}

static void
ticket_fetched_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = ww_hub_client_get_ticket_finish (WW_HUB_CLIENT (object), result, &error);
  WwKioskHelpQueue *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_KIOSK_HELP_QUEUE (user_data);
  if (ticket != NULL)
    take_ticket (self, ticket);
  else
    g_debug ("Could not refresh a ticket: %s", error->message);
}

static void
refresh_tickets (WwKioskHelpQueue *self)
{
  GHashTableIter iter;
  const char    *id;

  g_hash_table_iter_init (&iter, self->tickets);
  while (g_hash_table_iter_next (&iter, (gpointer *)&id, NULL))
    ww_hub_client_get_ticket_async (ww_kiosk_hub_get_client (self->hub), id, self->cancellable, ticket_fetched_cb,
                                    self);
}

static void
status_fetched_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHelpStatus) status = ww_hub_client_get_help_status_finish (WW_HUB_CLIENT (object), result, &error);
  WwKioskHelpQueue *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_KIOSK_HELP_QUEUE (user_data);
  self->status_loading = FALSE;
  /* The answer may predate what made us ask again (a volunteer going on
   * duty while the question was on its way): ask once more. */
  if (self->status_again)
    {
      self->status_again = FALSE;
      ww_kiosk_help_queue_refresh_status (self);
    }
  if (status == NULL)
    {
      /* The last answer stands; without one the page offers tickets as
       * before, and a closed queue still answers a ticket plainly. */
      g_message ("Could not ask whether help is there now: %s", error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
      return;
    }

  g_clear_pointer (&self->status, ww_help_status_free);
  self->status = g_steal_pointer (&status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* A `queue` event says whether the queue is open; when that changed the
 * next session may have too, so ask again rather than guess. */
static void
queue_event (WwKioskHelpQueue *self, const char *data)
{
  g_autoptr (json_object) json = NULL;
  json_object *open;

  json = ww_json_parse (data, strlen (data), MAX_EVENT_DEPTH, NULL);
  if (json == NULL || !json_object_object_get_ex (json, "open", &open) ||
      !json_object_is_type (open, json_type_boolean))
    return;
  if (self->status == NULL || self->status->open != json_object_get_boolean (open))
    ww_kiosk_help_queue_refresh_status (self);
}

static void
stream_event_cb (WwEventStream *stream, const char *id, const char *type, const char *data, gpointer user_data)
{
  WwKioskHelpQueue *self = user_data;
  g_autoptr (json_object) json = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (type, "queue") == 0)
    {
      queue_event (self, data);
      refresh_tickets (self);
      return;
    }
  if (g_strcmp0 (type, "ticket") != 0)
    return;

  json = ww_json_parse (data, strlen (data), MAX_EVENT_DEPTH, &error);
  if (json != NULL)
    ticket = ww_ticket_new_from_json (json, &error);
  if (ticket == NULL)
    {
      g_debug ("Ignored an event the kiosk does not understand: %s", error->message);
      return;
    }
  if (g_hash_table_contains (self->tickets, ww_ticket_get_id (ticket)))
    take_ticket (self, ticket);
}

/* Back after a drop: what we missed comes with Last-Event-ID, but a fresh
 * look costs little and also covers a hub that lost its event log. */
static void
stream_connected_cb (WwEventStream *stream, GParamSpec *pspec, gpointer user_data)
{
  if (ww_event_stream_get_connected (stream))
    {
      refresh_tickets (WW_KIOSK_HELP_QUEUE (user_data));
      ww_kiosk_help_queue_refresh_status (WW_KIOSK_HELP_QUEUE (user_data));
    }
}

static void
hub_online_changed_cb (WwKioskHub *hub, GParamSpec *pspec, WwKioskHelpQueue *self)
{
  if (ww_kiosk_hub_get_online (hub))
    ww_kiosk_help_queue_refresh_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static char *
describe_request (Request *request)
{
  return g_strdup_printf ("%d\n%s\n%s", request->topic, request->language, request->first_name);
}

static gboolean
worth_retrying (const GError *error)
{
  return g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONNECT) ||
         g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_TIMEOUT) ||
         g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_SERVER) ||
         g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_INVALID_RESPONSE);
}

static void send_request (GTask *task);

static gboolean
retry_due_cb (gpointer user_data)
{
  send_request (user_data);
  return G_SOURCE_REMOVE;
}

static void
ticket_created_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = ww_hub_client_create_ticket_finish (WW_HUB_CLIENT (object), result, &error);
  WwKioskHelpQueue *self = g_task_get_source_object (task);
  Request          *request = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      set_busy (self, FALSE);
      return;
    }

  if (ticket == NULL && worth_retrying (error) && g_get_monotonic_time () < request->deadline)
    {
      guint delay_ms = MIN (250u << MIN (request->attempt, 4u), 4000u);

      g_debug ("Ticket not made yet (%s); trying again in %u ms with the same key", error->message, delay_ms);
      request->attempt++;
      ww_kiosk_hub_check_now (self->hub);
      g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, retry_due_cb, g_steal_pointer (&task), NULL);
      return;
    }

  set_busy (self, FALSE);
  if (ticket == NULL)
    {
      /* The only 409 a new ticket gets: nobody is on duty. */
      if (g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONFLICT))
        ww_kiosk_help_queue_refresh_status (self);
      if (worth_retrying (error))
        {
          /* Maybe made, maybe not: the next tap for the same thing asks
           * with the same key. */
          g_free (self->pending_key);
          self->pending_key = g_strdup (request->key);
          g_free (self->pending_request);
          self->pending_request = describe_request (request);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->pending_key, g_free);
  g_clear_pointer (&self->pending_request, g_free);
  g_free (self->current_id);
  self->current_id = g_strdup (ww_ticket_get_id (ticket));
  g_hash_table_replace (self->tickets, g_strdup (ww_ticket_get_id (ticket)), g_object_ref (ticket));
  update_stream (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
  g_task_return_pointer (task, g_steal_pointer (&ticket), g_object_unref);
}

static void
send_request (GTask *task)
{
  WwKioskHelpQueue *self = g_task_get_source_object (task);
  Request          *request = g_task_get_task_data (task);

  ww_hub_client_create_ticket_async (ww_kiosk_hub_get_client (self->hub), request->topic, request->language,
                                     *request->first_name != '\0' ? request->first_name : NULL, NULL, request->key,
                                     g_task_get_cancellable (task), ticket_created_cb, task);
}

static void
ticket_cancelled_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = ww_hub_client_act_on_ticket_finish (WW_HUB_CLIENT (object), result, &error);
  WwKioskHelpQueue *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_KIOSK_HELP_QUEUE (user_data);
  set_busy (self, FALSE);
  if (ticket != NULL)
    take_ticket (self, ticket);
  else
    {
      g_message ("Could not cancel a ticket: %s", error->message);
      refresh_tickets (self);
    }
}

static void
ww_kiosk_help_queue_dispose (GObject *object)
{
  WwKioskHelpQueue *self = WW_KIOSK_HELP_QUEUE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      g_signal_handlers_disconnect_by_data (self->stream, self->hub);
      ww_event_stream_stop (self->stream);
      g_clear_object (&self->stream);
    }
  if (self->hub != NULL)
    g_signal_handlers_disconnect_by_func (self->hub, hub_online_changed_cb, self);
  g_clear_object (&self->hub);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tickets, g_hash_table_unref);

  G_OBJECT_CLASS (ww_kiosk_help_queue_parent_class)->dispose (object);
}

static void
ww_kiosk_help_queue_finalize (GObject *object)
{
  WwKioskHelpQueue *self = WW_KIOSK_HELP_QUEUE (object);

  g_free (self->current_id);
  g_free (self->pending_key);
  g_free (self->pending_request);
  g_free (self->pending_reserve_key);
  g_free (self->pending_reserve_request);
  g_clear_pointer (&self->status, ww_help_status_free);
  g_clear_pointer (&self->reservation, ww_reservation_free);

  G_OBJECT_CLASS (ww_kiosk_help_queue_parent_class)->finalize (object);
}

static void
ww_kiosk_help_queue_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskHelpQueue *self = WW_KIOSK_HELP_QUEUE (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, ww_kiosk_help_queue_get_available (self));
      break;
    case PROP_TICKET:
      g_value_set_object (value, ww_kiosk_help_queue_get_ticket (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->n_busy > 0);
      break;
    case PROP_STATUS:
      g_value_set_boxed (value, self->status);
      break;
    case PROP_RESERVATION:
      g_value_set_boxed (value, self->reservation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_help_queue_class_init (WwKioskHelpQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ww_kiosk_help_queue_dispose;
  object_class->finalize = ww_kiosk_help_queue_finalize;
  object_class->get_property = ww_kiosk_help_queue_get_property;

  /**
   * WwKioskHelpQueue:available:
   *
   * Whether a ticket can be made now: the kiosk is enrolled and its hub
   * answers.
   */
  properties[PROP_AVAILABLE] = g_param_spec_boolean ("available", NULL, NULL, FALSE, flags);
  /**
   * WwKioskHelpQueue:ticket:
   *
   * The live ticket of the visit on screen, replaced by a newer copy
   * whenever its position or state changes; %NULL when there is none.
   */
  properties[PROP_TICKET] = g_param_spec_object ("ticket", NULL, NULL, WW_TYPE_TICKET, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  /**
   * WwKioskHelpQueue:status:
   *
   * What the hub last said about help now: whether a volunteer is on duty
   * and when the next help session is. %NULL until it answered once.
   */
  properties[PROP_STATUS] = g_param_spec_boxed ("status", NULL, NULL, WW_TYPE_HELP_STATUS, flags);
  /**
   * WwKioskHelpQueue:reservation:
   *
   * The place the visit on screen reserved at a help session, or %NULL.
   */
  properties[PROP_RESERVATION] = g_param_spec_boxed ("reservation", NULL, NULL, WW_TYPE_RESERVATION, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WwKioskHelpQueue::called:
   * @ticket: a ticket of this kiosk that a volunteer just called
   */
  signals[CALLED] = g_signal_new ("called", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, WW_TYPE_TICKET);
  /**
   * WwKioskHelpQueue::speak-requested:
   * @text: plain text in the interface language, without personal data
   *
   * Where the speech client hears what the queue wants said aloud: a new
   * ticket's number, a call. Nothing happens when nobody is connected.
   */
  signals[SPEAK_REQUESTED] = g_signal_new ("speak-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                           NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ww_kiosk_help_queue_init (WwKioskHelpQueue *self)
{
  self->tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
}

/* @hub: (nullable): %NULL for a kiosk that is not enrolled: no tickets. */
WwKioskHelpQueue *
ww_kiosk_help_queue_new (WwKioskHub *hub)
{
  WwKioskHelpQueue *self;

  g_return_val_if_fail (hub == NULL || WW_IS_KIOSK_HUB (hub), NULL);

  self = g_object_new (WW_TYPE_KIOSK_HELP_QUEUE, NULL);
  if (hub != NULL)
    {
      self->hub = g_object_ref (hub);
      g_signal_connect (hub, "notify::online", G_CALLBACK (hub_online_changed_cb), self);
    }
  return self;
}

WwKioskHub *
ww_kiosk_help_queue_get_hub (WwKioskHelpQueue *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HELP_QUEUE (self), NULL);
  return self->hub;
}

gboolean
ww_kiosk_help_queue_get_available (WwKioskHelpQueue *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HELP_QUEUE (self), FALSE);
  return self->hub != NULL && ww_kiosk_hub_get_online (self->hub);
}

WwTicket *
ww_kiosk_help_queue_get_ticket (WwKioskHelpQueue *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HELP_QUEUE (self), NULL);
  return self->current_id != NULL ? g_hash_table_lookup (self->tickets, self->current_id) : NULL;
}

gboolean
ww_kiosk_help_queue_get_busy (WwKioskHelpQueue *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HELP_QUEUE (self), FALSE);
  return self->n_busy > 0;
}

/* How many live tickets of this kiosk are followed, over all visits. */
guint
ww_kiosk_help_queue_get_n_tickets (WwKioskHelpQueue *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HELP_QUEUE (self), 0);
  return g_hash_table_size (self->tickets);
}

/*
 * Puts the resident in the queue. A failure for want of an answer is
 * retried with the same idempotency key for up to 30 s (the hub may be
 * restarting); @first_name may be empty.
 */
void
ww_kiosk_help_queue_request_async (WwKioskHelpQueue   *self,
                                   WwHelpTopic         topic,
                                   const char         *language,
                                   const char         *first_name,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *description = NULL;
  Request         *request;

  g_return_if_fail (WW_IS_KIOSK_HELP_QUEUE (self));
  g_return_if_fail (language != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_kiosk_help_queue_request_async);
  g_task_set_name (task, "[wegwijs] request help");

  if (self->hub == NULL)
    {
      g_task_return_new_error (task, WW_ERROR, WW_ERROR_NOT_FOUND, "The kiosk is not enrolled at a hub");
      return;
    }

  request = g_new0 (Request, 1);
  request->topic = topic;
  request->language = g_strdup (language);
  request->first_name = g_strstrip (g_strdup (first_name != NULL ? first_name : ""));
  request->deadline = g_get_monotonic_time () + retry_seconds () * G_USEC_PER_SEC;
  description = describe_request (request);
  request->key = self->pending_key != NULL && g_strcmp0 (description, self->pending_request) == 0
                     ? g_strdup (self->pending_key)
                     : g_uuid_string_random ();
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  set_busy (self, TRUE);
  send_request (g_steal_pointer (&task));
}

WwTicket *
ww_kiosk_help_queue_request_finish (WwKioskHelpQueue *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (WW_IS_KIOSK_HELP_QUEUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ww_kiosk_help_queue_request_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Takes the visit's ticket out of the queue. */
void
ww_kiosk_help_queue_cancel_ticket (WwKioskHelpQueue *self)
{
  WwTicket *ticket;

  g_return_if_fail (WW_IS_KIOSK_HELP_QUEUE (self));

  ticket = ww_kiosk_help_queue_get_ticket (self);
  if (ticket == NULL)
    return;

  set_busy (self, TRUE);
  ww_hub_client_act_on_ticket_async (ww_kiosk_hub_get_client (self->hub), ww_ticket_get_id (ticket),
                                     WW_TICKET_ACTION_CANCEL, NULL, self->cancellable, ticket_cancelled_cb, self);
}

/* The visit ended: its ticket stays in the queue and is still followed
 * (for the call banner), but the next resident does not see it. */
void
ww_kiosk_help_queue_end_visit (WwKioskHelpQueue *self)
{
  g_return_if_fail (WW_IS_KIOSK_HELP_QUEUE (self));

  g_clear_pointer (&self->pending_key, g_free);
  g_clear_pointer (&self->pending_request, g_free);
  g_clear_pointer (&self->pending_reserve_key, g_free);
  g_clear_pointer (&self->pending_reserve_request, g_free);
  if (self->reservation != NULL)
    {
      g_clear_pointer (&self->reservation, ww_reservation_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESERVATION]);
    }
  if (self->current_id == NULL)
    return;
  g_clear_pointer (&self->current_id, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

/* The one place the help queue's words go to the speech client. */
void
ww_kiosk_help_queue_speak (WwKioskHelpQueue *self, const char *text)
{
  g_return_if_fail (WW_IS_KIOSK_HELP_QUEUE (self));

  if (text != NULL && *text != '\0')
    g_signal_emit (self, signals[SPEAK_REQUESTED], 0, text);
}

/* "A-042 — please go to Digitaal Hulpplein, balie 2": the desk's name as
 * the branch wrote it, which is what the sign on the desk says. A hub
 * that sends no name: desk ids end in the table's number ("balie-2" →
 * "please go to table 2"); a desk id otherwise is shown as it is. */
char *
ww_kiosk_help_queue_format_call (WwTicket *ticket)
{
  const char *desk = ww_ticket_get_desk_id (ticket);
  const char *desk_name = ww_ticket_get_desk_name (ticket);
  const char *table = desk != NULL ? desk + strlen (desk) : NULL;

  g_return_val_if_fail (WW_IS_TICKET (ticket), NULL);

  if (desk_name != NULL && *desk_name != '\0')
    /* Translators: the first %s is a ticket number such as A-042, the second the name of a help desk as the library
     * wrote it, such as "Digitaal Hulpplein, balie 2" (not translated) */
    return g_strdup_printf (_ ("%s — please go to %s"), ww_ticket_get_number (ticket), desk_name);

  if (desk == NULL || *desk == '\0')
    /* Translators: %s is a ticket number such as A-042 */
    return g_strdup_printf (_ ("%s — please go to the help desk"), ww_ticket_get_number (ticket));

  while (table > desk && g_ascii_isdigit (table[-1]))
    table--;
  /* Translators: the first %s is a ticket number such as A-042, the second a table number */
  return g_strdup_printf (_ ("%s — please go to table %s"), ww_ticket_get_number (ticket),
                          *table != '\0' ? table : desk);
}

/* Asks the hub whether help is there now and when the next session is. */
void
ww_kiosk_help_queue_refresh_status (WwKioskHelpQueue *self)
{
  g_return_if_fail (WW_IS_KIOSK_HELP_QUEUE (self));

  if (self->hub == NULL)
    return;
  if (self->status_loading)
    {
      self->status_again = TRUE;
      return;
    }
  self->status_loading = TRUE;
  ww_hub_client_get_help_status_async (ww_kiosk_hub_get_client (self->hub), NULL, self->cancellable, status_fetched_cb,
                                       self);
}

WwHelpStatus *
ww_kiosk_help_queue_get_status (WwKioskHelpQueue *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HELP_QUEUE (self), NULL);
  return self->status;
}

/* Whether the hub is being asked for the status right now. */
gboolean
ww_kiosk_help_queue_get_status_pending (WwKioskHelpQueue *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HELP_QUEUE (self), FALSE);
  return self->status_loading;
}

/* While a help page is on screen it follows the hub's events, so that a
 * volunteer going on or off duty shows at once. Calls nest. */
void
ww_kiosk_help_queue_watch (WwKioskHelpQueue *self, gboolean watching)
{
  g_return_if_fail (WW_IS_KIOSK_HELP_QUEUE (self));
  g_return_if_fail (watching || self->n_watchers > 0);

  self->n_watchers += watching ? 1 : -1;
  update_stream (self);
}

WwReservation *
ww_kiosk_help_queue_get_reservation (WwKioskHelpQueue *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HELP_QUEUE (self), NULL);
  return self->reservation;
}

typedef struct
{
  char      *session_id;
  GDateTime *starts_at;
  char      *key;
  gint64     deadline;
  guint      attempt;
} Reserve;

static void
reserve_free (Reserve *reserve)
{
  g_free (reserve->session_id);
  g_clear_pointer (&reserve->starts_at, g_date_time_unref);
  g_free (reserve->key);
  g_free (reserve);
}

static char *
describe_reserve (Reserve *reserve)
{
  g_autofree char *time = reserve->starts_at != NULL ? g_date_time_format_iso8601 (reserve->starts_at) : NULL;

  return g_strdup_printf ("%s\n%s", reserve->session_id != NULL ? reserve->session_id : "", time ? time : "");
}

static void send_reserve (GTask *task);

static gboolean
reserve_retry_due_cb (gpointer user_data)
{
  send_reserve (user_data);
  return G_SOURCE_REMOVE;
}

static void
reserved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwReservation) reservation = ww_hub_client_reserve_finish (WW_HUB_CLIENT (object), result, &error);
  WwKioskHelpQueue *self = g_task_get_source_object (task);
  Reserve          *reserve = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      set_busy (self, FALSE);
      return;
    }

  if (reservation == NULL && worth_retrying (error) && g_get_monotonic_time () < reserve->deadline)
    {
      guint delay_ms = MIN (250u << MIN (reserve->attempt, 4u), 4000u);

      g_debug ("Not reserved yet (%s); trying again in %u ms with the same key", error->message, delay_ms);
      reserve->attempt++;
      ww_kiosk_hub_check_now (self->hub);
      g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, reserve_retry_due_cb, g_steal_pointer (&task), NULL);
      return;
    }

  set_busy (self, FALSE);
  if (reservation == NULL)
    {
      g_clear_pointer (&self->pending_reserve_key, g_free);
      g_clear_pointer (&self->pending_reserve_request, g_free);
      if (worth_retrying (error))
        {
          self->pending_reserve_key = g_strdup (reserve->key);
          self->pending_reserve_request = describe_reserve (reserve);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->pending_reserve_key, g_free);
  g_clear_pointer (&self->pending_reserve_request, g_free);
  g_clear_pointer (&self->reservation, ww_reservation_free);
  self->reservation = ww_reservation_copy (reservation);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESERVATION]);
  g_task_return_pointer (task, g_steal_pointer (&reservation), (GDestroyNotify)ww_reservation_free);
}

static void
send_reserve (GTask *task)
{
  WwKioskHelpQueue *self = g_task_get_source_object (task);
  Reserve          *reserve = g_task_get_task_data (task);

  ww_hub_client_reserve_async (ww_kiosk_hub_get_client (self->hub), reserve->session_id, reserve->starts_at,
                               reserve->key, g_task_get_cancellable (task), reserved_cb, task);
}

/*
 * Reserves a place at one date of a help session (@occurrence), without
 * anything about the resident. Like a ticket, a failure for want of an
 * answer is retried with the same idempotency key, and a second tap for
 * the same date reuses it. A full date fails with %WW_HTTP_ERROR_CONFLICT.
 */
void
ww_kiosk_help_queue_reserve_async (WwKioskHelpQueue       *self,
                                   const WwHelpOccurrence *occurrence,
                                   GCancellable           *cancellable,
                                   GAsyncReadyCallback     callback,
                                   gpointer                user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *description = NULL;
  Reserve         *reserve;

  g_return_if_fail (WW_IS_KIOSK_HELP_QUEUE (self));
  g_return_if_fail (occurrence != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_kiosk_help_queue_reserve_async);
  g_task_set_name (task, "[wegwijs] reserve a place");

  if (self->hub == NULL)
    {
      g_task_return_new_error (task, WW_ERROR, WW_ERROR_NOT_FOUND, "The kiosk is not enrolled at a hub");
      return;
    }

  reserve = g_new0 (Reserve, 1);
  reserve->session_id = g_strdup (occurrence->help_session_id);
  reserve->starts_at = g_date_time_ref (occurrence->starts_at);
  reserve->deadline = g_get_monotonic_time () + retry_seconds () * G_USEC_PER_SEC;
  description = describe_reserve (reserve);
  reserve->key = self->pending_reserve_key != NULL && g_strcmp0 (description, self->pending_reserve_request) == 0
                     ? g_strdup (self->pending_reserve_key)
                     : g_uuid_string_random ();
  g_task_set_task_data (task, reserve, (GDestroyNotify)reserve_free);

  set_busy (self, TRUE);
  send_reserve (g_steal_pointer (&task));
}

WwReservation *
ww_kiosk_help_queue_reserve_finish (WwKioskHelpQueue *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (WW_IS_KIOSK_HELP_QUEUE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ww_kiosk_help_queue_reserve_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Words for help sessions, in the interface language                  */

static GTimeZone *
branch_time_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *found = g_time_zone_new_identifier ("Europe/Amsterdam");

      g_once_init_leave (&zone, found != NULL ? found : g_time_zone_new_local ());
    }
  return zone;
}

/* The kiosk switches only LC_MESSAGES per language, so strftime's names
 * would stay in the start-up locale: the names come from gettext. */
static const char *
day_name (int weekday)
{
  switch (weekday)
    {
    case 1:
      return _ ("Monday");
    case 2:
      return _ ("Tuesday");
    case 3:
      return _ ("Wednesday");
    case 4:
      return _ ("Thursday");
    case 5:
      return _ ("Friday");
    case 6:
      return _ ("Saturday");
    default:
      return _ ("Sunday");
    }
}

static const char *
month_name (int month)
{
  const char *names[] = {
    /* Translators: a month in a date such as "Tuesday 24 November" */
    NC_ ("date", "January"),   NC_ ("date", "February"), NC_ ("date", "March"),    NC_ ("date", "April"),
    NC_ ("date", "May"),       NC_ ("date", "June"),     NC_ ("date", "July"),     NC_ ("date", "August"),
    NC_ ("date", "September"), NC_ ("date", "October"),  NC_ ("date", "November"), NC_ ("date", "December"),
  };

  return g_dpgettext2 (GETTEXT_PACKAGE, "date", names[CLAMP (month, 1, 12) - 1]);
}

/* "Tuesday 24 November, 10:00 to 12:00", in the branch's time zone. */
char *
ww_kiosk_help_format_when (GDateTime *starts_at, GDateTime *ends_at)
{
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;
  g_autofree char *day = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  g_return_val_if_fail (starts_at != NULL && ends_at != NULL, NULL);

  start = g_date_time_to_timezone (starts_at, branch_time_zone ());
  end = g_date_time_to_timezone (ends_at, branch_time_zone ());
  /* Translators: a date: day of the week, day of the month, month, e.g. "Tuesday 24 November" */
  day = g_strdup_printf (_ ("%s %d %s"), day_name (g_date_time_get_day_of_week (start)),
                         g_date_time_get_day_of_month (start), month_name (g_date_time_get_month (start)));
  from = g_date_time_format (start, "%H:%M");
  until = g_date_time_format (end, "%H:%M");
  /* Translators: a date, then the start and end time, e.g. "Tuesday 24 November, 10:00 to 12:00" */
  return g_strdup_printf (_ ("%s, %s to %s"), day, from, until);
}

/* "Nederlands, English" */
char *
ww_kiosk_help_format_languages (const WwHelpOccurrence *occurrence)
{
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_auto (GStrv) list = NULL;

  for (guint i = 0; occurrence->languages != NULL && occurrence->languages[i] != NULL; i++)
    {
      const char *name = ww_language_get_native_name (occurrence->languages[i]);

      g_strv_builder_add (names, name != NULL ? name : occurrence->languages[i]);
    }
  list = g_strv_builder_end (names);
  return g_strjoinv (", ", list);
}

static gboolean
is_about_digid (const char *topic)
{
  g_autofree char *folded = topic != NULL ? g_utf8_casefold (topic, -1) : NULL;

  return folded != NULL && strstr (folded, "digid") != NULL;
}

/*
 * What to bring, one item a line: always the code and the device the
 * question is about; for DigiD also the login and an ID, because the
 * volunteer cannot help log in without them. The library's own words
 * (@library_bring, as written in the hub) follow as they are.
 */
GPtrArray *
ww_kiosk_help_describe_bring (const char *topic, const char *library_bring)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (items, g_strdup (_ ("This code.")));
  g_ptr_array_add (items, g_strdup (_ ("Your phone, tablet or laptop, if your question is about it.")));
  if (is_about_digid (topic))
    {
      g_ptr_array_add (items, g_strdup (_ ("Your DigiD username and password, or your phone with the DigiD app.")));
      g_ptr_array_add (items, g_strdup (_ ("Your passport or ID card.")));
    }
  if (library_bring != NULL && *library_bring != '\0')
    g_ptr_array_add (items, g_strdup_printf (_ ("The library also asks: %s"), library_bring));
  return items;
}

/* "K 7 M 2 Q P": a code read out sign by sign, never as a word. */
char *
ww_kiosk_help_spell_code (const char *code)
{
  GString *spelled = g_string_new (NULL);

  for (const char *p = code; p != NULL && *p != '\0'; p++)
    {
      if (spelled->len > 0)
        g_string_append_c (spelled, ' ');
      g_string_append_c (spelled, *p);
    }
  return g_string_free (spelled, FALSE);
}
