/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * A volunteer's time at the desk: the hub client with their session token,
 * the branch queue kept current by the hub's live events, and polling as a
 * safety net — often while the event stream is down, rarely while it is up.
 * An expired session or a restarting hub never empties the queue: the
 * volunteer signs in again, or the stream reconnects, and the list is
 * brought up to date in place.
 */

#include "config.h"

#include "ww-desk-session.h"

struct _WwDeskSession
{
  GObject parent_instance;

  WwHubClient   *client;
  WwEventStream *stream;
  WwDeskQueue   *queue;
  GCancellable  *cancellable;

  char *username;
  char *branch_id;
  char *desk_id;
  char *last_event_id; /* where a new stream resumes after a new sign-in */

  /* Bumped by every change heard of one ticket at a time, so a queue fetch
   * that started before it cannot put the older state back. */
  guint64 generation;
  guint64 fetch_generation;

  gboolean signed_in;
  gboolean on_duty; /* at the hub; ends with the login session */
  gboolean loaded;  /* the queue was fetched once since signing in */
  gboolean online;
  gboolean refreshing;
  gboolean refresh_again;

  guint tick_id;
  guint seconds_since_poll;
  guint poll_online_s;
  guint poll_offline_s;
};

G_DEFINE_FINAL_TYPE (WwDeskSession, ww_desk_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SIGNED_IN,
  PROP_LOADED,
  PROP_ONLINE,
  PROP_BRANCH_ID,
  PROP_DESK_ID,
  PROP_USERNAME,
  PROP_ON_DUTY,
  N_PROPS
};

enum
{
  TICKET_ARRIVED,
  EXPIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

static void
set_online (WwDeskSession *self, gboolean online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
set_loaded (WwDeskSession *self, gboolean loaded)
{
  if (self->loaded == loaded)
    return;
  self->loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
set_on_duty (WwDeskSession *self, gboolean on_duty)
{
  if (self->on_duty == on_duty)
    return;
  self->on_duty = on_duty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_DUTY]);
}

static void
set_signed_in (WwDeskSession *self, gboolean signed_in)
{
  if (self->signed_in == signed_in)
    return;
  self->signed_in = signed_in;
  /* The hub ends duty with the login session (logout or expiry). */
  if (!signed_in)
    set_on_duty (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

static void
stop_stream (WwDeskSession *self)
{
  if (self->stream == NULL)
    return;
  if (ww_event_stream_get_last_event_id (self->stream) != NULL)
    {
      g_free (self->last_event_id);
      self->last_event_id = g_strdup (ww_event_stream_get_last_event_id (self->stream));
    }
  g_signal_handlers_disconnect_by_data (self->stream, self);
  ww_event_stream_stop (self->stream);
  g_clear_object (&self->stream);
}

/* The session ended at the hub (expired or revoked): keep what is shown. */
static void
expire (WwDeskSession *self)
{
  if (!self->signed_in)
    return;
  stop_stream (self);
  ww_hub_client_set_token (self->client, NULL);
  set_signed_in (self, FALSE);
  g_signal_emit (self, signals[EXPIRED], 0);
}

/* Notes what an error says about the hub; TRUE when it was handled. */
static void
note_error (WwDeskSession *self, const GError *error)
{
  if (g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_UNAUTHORIZED))
    expire (self);
  else if (error->domain == WW_HTTP_ERROR && ww_http_error_is_transient (error))
    set_online (self, FALSE);
}

static void
announce (WwDeskSession *self, GPtrArray *arrived)
{
  for (guint i = 0; i < arrived->len; i++)
    g_signal_emit (self, signals[TICKET_ARRIVED], 0, g_ptr_array_index (arrived, i));
}

static void
queue_fetched_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WwDeskSession) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) tickets = ww_hub_client_get_queue_finish (WW_HUB_CLIENT (object), result, &error);

  self->refreshing = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (tickets == NULL)
    {
      g_debug ("Could not fetch the queue: %s", error->message);
      note_error (self, error);
      return;
    }

  set_online (self, TRUE);
  if (self->fetch_generation != self->generation)
    {
      /* Older than what we heard meanwhile: ask again. */
      ww_desk_session_refresh (self);
      return;
    }
  {
    g_autoptr (GPtrArray) arrived = ww_desk_queue_replace (self->queue, tickets);

    /* Who was already waiting at sign-in is on screen, not news. */
    if (self->loaded)
      announce (self, arrived);
  }
  set_loaded (self, TRUE);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      ww_desk_session_refresh (self);
    }
}

static void
stream_event_cb (WwEventStream *stream, const char *id, const char *type, const char *data, gpointer user_data)
{
  WwDeskSession *self = user_data;
  g_autoptr (json_object) json = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  g_autoptr (GError) error = NULL;

  set_online (self, TRUE);
  if (g_strcmp0 (type, "ticket") != 0)
    return;

  json = ww_json_parse (data, strlen (data), 16, &error);
  if (json != NULL)
    ticket = ww_ticket_new_from_json (json, &error);
  if (ticket == NULL)
    {
      g_debug ("Ignored an event the desk does not understand: %s", error->message);
      return;
    }
  if (g_strcmp0 (ww_ticket_get_branch_id (ticket), self->branch_id) != 0)
    return;

  self->generation++;
  if (ww_desk_queue_apply (self->queue, ticket))
    {
      g_signal_emit (self, signals[TICKET_ARRIVED], 0, ticket);
      /* Events carry no first name: fetch the queue for it. */
      ww_desk_session_refresh (self);
    }
}

static void
stream_connected_cb (WwEventStream *stream, GParamSpec *pspec, gpointer user_data)
{
  WwDeskSession *self = user_data;

  /* Back after a drop (a hub restart): catch up at once. */
  if (ww_event_stream_get_connected (stream))
    {
      set_online (self, TRUE);
      ww_desk_session_refresh (self);
    }
}

static void
stream_failed_cb (WwEventStream *stream, GError *error, gpointer user_data)
{
  WwDeskSession *self = user_data;

  g_debug ("The event stream dropped: %s", error->message);
  if (g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_UNAUTHORIZED))
    expire (self);
}

static void
start_stream (WwDeskSession *self)
{
  stop_stream (self);
  self->stream = ww_hub_client_new_event_stream (self->client);
  ww_event_stream_set_reconnect_delays (self->stream, 250, 5000);
  if (self->last_event_id != NULL)
    ww_event_stream_set_last_event_id (self->stream, self->last_event_id);
  g_signal_connect (self->stream, "event", G_CALLBACK (stream_event_cb), self);
  g_signal_connect (self->stream, "notify::connected", G_CALLBACK (stream_connected_cb), self);
  g_signal_connect (self->stream, "failed", G_CALLBACK (stream_failed_cb), self);
  ww_event_stream_start (self->stream);
}

static gboolean
tick_cb (gpointer user_data)
{
  WwDeskSession *self = user_data;
  gboolean       connected = self->stream != NULL && ww_event_stream_get_connected (self->stream);
  guint          interval = connected ? self->poll_online_s : self->poll_offline_s;

  if (!self->signed_in)
    return G_SOURCE_CONTINUE;

  if (++self->seconds_since_poll >= interval)
    ww_desk_session_refresh (self);
  return G_SOURCE_CONTINUE;
}

static void
ww_desk_session_dispose (GObject *object)
{
  WwDeskSession *self = WW_DESK_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  stop_stream (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->client);
  g_clear_object (&self->queue);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ww_desk_session_parent_class)->dispose (object);
}

static void
ww_desk_session_finalize (GObject *object)
{
  WwDeskSession *self = WW_DESK_SESSION (object);

  g_free (self->username);
  g_free (self->branch_id);
  g_free (self->desk_id);
  g_free (self->last_event_id);

  G_OBJECT_CLASS (ww_desk_session_parent_class)->finalize (object);
}

static void
ww_desk_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwDeskSession *self = WW_DESK_SESSION (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->signed_in);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_BRANCH_ID:
      g_value_set_string (value, self->branch_id);
      break;
    case PROP_DESK_ID:
      g_value_set_string (value, self->desk_id);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_ON_DUTY:
      g_value_set_boolean (value, self->on_duty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_desk_session_class_init (WwDeskSessionClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ww_desk_session_dispose;
  object_class->finalize = ww_desk_session_finalize;
  object_class->get_property = ww_desk_session_get_property;

  properties[PROP_SIGNED_IN] = g_param_spec_boolean ("signed-in", NULL, NULL, FALSE, flags);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, TRUE, flags);
  properties[PROP_BRANCH_ID] = g_param_spec_string ("branch-id", NULL, NULL, NULL, flags);
  properties[PROP_DESK_ID] = g_param_spec_string ("desk-id", NULL, NULL, NULL, flags);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, flags);
  properties[PROP_ON_DUTY] = g_param_spec_boolean ("on-duty", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WwDeskSession::ticket-arrived:
   * @ticket: a waiting ticket this desk had not seen yet
   */
  signals[TICKET_ARRIVED] = g_signal_new ("ticket-arrived", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 1, WW_TYPE_TICKET);
  /**
   * WwDeskSession::expired:
   *
   * The hub no longer accepts the session; the queue is kept as it was.
   */
  signals[EXPIRED] =
      g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ww_desk_session_init (WwDeskSession *self)
{
  self->queue = ww_desk_queue_new ();
  self->cancellable = g_cancellable_new ();
  self->online = TRUE;
  self->poll_online_s = 30;
  self->poll_offline_s = 3;
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

WwDeskSession *
ww_desk_session_new (const char *const *hub_urls, const char *ca_file, GError **error)
{
  g_autoptr (WwDeskSession) self = NULL;
  g_autoptr (WwHttpClient) http = NULL;

  /* An unconfigured console is a setup problem, not a programming error. */
  if (hub_urls == NULL || hub_urls[0] == NULL)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "No hub address is configured");
      return NULL;
    }

  self = g_object_new (WW_TYPE_DESK_SESSION, NULL);
  http = ww_http_client_new ();

  if (ca_file != NULL && *ca_file != '\0')
    ww_http_client_set_ca_file (http, ca_file);
  ww_http_client_set_connect_timeout_ms (http, 3000);
  ww_http_client_set_timeout_ms (http, 10000);
  self->client = ww_hub_client_new (http, hub_urls, error);
  if (self->client == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

WwDeskQueue *
ww_desk_session_get_queue (WwDeskSession *self)
{
  g_return_val_if_fail (WW_IS_DESK_SESSION (self), NULL);
  return self->queue;
}

gboolean
ww_desk_session_get_signed_in (WwDeskSession *self)
{
  g_return_val_if_fail (WW_IS_DESK_SESSION (self), FALSE);
  return self->signed_in;
}

/* Whether the queue was fetched since signing in (it may be empty). */
gboolean
ww_desk_session_get_loaded (WwDeskSession *self)
{
  g_return_val_if_fail (WW_IS_DESK_SESSION (self), FALSE);
  return self->loaded;
}

gboolean
ww_desk_session_get_online (WwDeskSession *self)
{
  g_return_val_if_fail (WW_IS_DESK_SESSION (self), FALSE);
  return self->online;
}

const char *
ww_desk_session_get_branch_id (WwDeskSession *self)
{
  g_return_val_if_fail (WW_IS_DESK_SESSION (self), NULL);
  return self->branch_id;
}

const char *
ww_desk_session_get_desk_id (WwDeskSession *self)
{
  g_return_val_if_fail (WW_IS_DESK_SESSION (self), NULL);
  return self->desk_id;
}

const char *
ww_desk_session_get_username (WwDeskSession *self)
{
  g_return_val_if_fail (WW_IS_DESK_SESSION (self), NULL);
  return self->username;
}

/* How often the queue is fetched while the stream is up, and while it is down. */
void
ww_desk_session_set_poll_interval (WwDeskSession *self, guint online_s, guint offline_s)
{
  g_return_if_fail (WW_IS_DESK_SESSION (self));
  self->poll_online_s = MAX (online_s, 1);
  self->poll_offline_s = MAX (offline_s, 1);
}

static void
logged_in_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  WwDeskSession *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubSession) session = ww_hub_client_login_finish (WW_HUB_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (session == NULL)
    {
      if (error->domain == WW_HTTP_ERROR && ww_http_error_is_transient (error))
        set_online (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ww_hub_client_set_token (self->client, session->token);
  /* Another branch than before: what was shown belongs to the other one. */
  if (g_strcmp0 (self->branch_id, session->branch_id) != 0)
    {
      ww_desk_queue_clear (self->queue);
      set_loaded (self, FALSE);
      g_clear_pointer (&self->last_event_id, g_free);
    }
  g_free (self->branch_id);
  self->branch_id = g_strdup (session->branch_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRANCH_ID]);

  set_online (self, TRUE);
  set_signed_in (self, TRUE);
  start_stream (self);
  ww_desk_session_refresh (self);
  g_task_return_boolean (task, TRUE);
}

/* The table residents are called to from this console. */
void
ww_desk_session_set_desk_id (WwDeskSession *self, const char *desk_id)
{
  g_return_if_fail (WW_IS_DESK_SESSION (self));

  if (g_strcmp0 (self->desk_id, desk_id) == 0)
    return;
  g_free (self->desk_id);
  self->desk_id = g_strdup (desk_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESK_ID]);
}

/**
 * ww_desk_session_sign_in_async:
 * @password: used for this request only; never kept
 * @desk_id: (nullable): the table this console stands at, if known yet
 */
void
ww_desk_session_sign_in_async (WwDeskSession      *self,
                               const char         *username,
                               const char         *password,
                               const char         *desk_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (WW_IS_DESK_SESSION (self));
  g_return_if_fail (username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_desk_session_sign_in_async);

  if (g_strcmp0 (self->username, username) != 0)
    {
      g_free (self->username);
      self->username = g_strdup (username);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
    }
  ww_desk_session_set_desk_id (self, desk_id);

  ww_hub_client_login_async (self->client, username, password, cancellable, logged_in_cb, g_steal_pointer (&task));
}

gboolean
ww_desk_session_sign_in_finish (WwDeskSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
logged_out_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* Best effort: the token is dropped here whatever the hub says. */
  if (!ww_hub_client_logout_finish (WW_HUB_CLIENT (object), result, &error))
    g_debug ("Signing out at the hub failed: %s", error->message);
}

/* The volunteer leaves: end the session at the hub and forget the queue. */
void
ww_desk_session_sign_out (WwDeskSession *self)
{
  g_return_if_fail (WW_IS_DESK_SESSION (self));

  stop_stream (self);
  if (self->signed_in)
    ww_hub_client_logout_async (self->client, NULL, logged_out_cb, NULL);
  ww_hub_client_set_token (self->client, NULL);
  set_signed_in (self, FALSE);
  set_loaded (self, FALSE);
  g_clear_pointer (&self->last_event_id, g_free);
  ww_desk_queue_clear (self->queue);
}

static void
acted_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  WwDeskSession *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = g_async_result_is_tagged (result, ww_hub_client_finish_ticket_async)
                                    ? ww_hub_client_finish_ticket_finish (WW_HUB_CLIENT (object), result, &error)
                                    : ww_hub_client_act_on_ticket_finish (WW_HUB_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (ticket == NULL)
    {
      note_error (self, error);
      /* Someone else was first: show the queue as it really is. */
      if (g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONFLICT) ||
          g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_NOT_FOUND))
        ww_desk_session_refresh (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_online (self, TRUE);
  self->generation++;
  ww_desk_queue_apply (self->queue, ticket);
  g_task_return_pointer (task, g_steal_pointer (&ticket), g_object_unref);
}

void
ww_desk_session_act_async (WwDeskSession      *self,
                           const char         *ticket_id,
                           WwTicketAction      action,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (WW_IS_DESK_SESSION (self));
  g_return_if_fail (ticket_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_desk_session_act_async);
  ww_hub_client_act_on_ticket_async (self->client, ticket_id, action, self->desk_id, cancellable, acted_cb,
                                     g_steal_pointer (&task));
}

/* Finish with how the help ended; completes with ww_desk_session_act_finish(). */
void
ww_desk_session_finish_ticket_async (WwDeskSession      *self,
                                     const char         *ticket_id,
                                     WwTicketOutcome     outcome,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (WW_IS_DESK_SESSION (self));
  g_return_if_fail (ticket_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_desk_session_act_async);
  ww_hub_client_finish_ticket_async (self->client, ticket_id, outcome, cancellable, acted_cb, g_steal_pointer (&task));
}

WwTicket *
ww_desk_session_act_finish (WwDeskSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Fetches the whole queue now (coalesced with a fetch under way). */
void
ww_desk_session_refresh (WwDeskSession *self)
{
  g_return_if_fail (WW_IS_DESK_SESSION (self));

  if (!self->signed_in)
    return;
  self->seconds_since_poll = 0;
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }
  self->refreshing = TRUE;
  self->fetch_generation = self->generation;
  ww_hub_client_get_queue_async (self->client, self->branch_id, self->cancellable, queue_fetched_cb,
                                 g_object_ref (self));
}

static void
stats_fetched_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  WwDeskSession *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = ww_hub_client_get_stats_finish (WW_HUB_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (rows == NULL)
    {
      note_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * ww_desk_session_get_stats_async:
 * @days: 1 for today, else today and the days before it
 */
void
ww_desk_session_get_stats_async (WwDeskSession      *self,
                                 guint               days,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTimeZone) zone = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDate) to = NULL;
  g_autoptr (GDate) from = NULL;

  g_return_if_fail (WW_IS_DESK_SESSION (self));

  /* The hub counts business days in the library's own time zone. */
  zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  if (zone == NULL)
    zone = g_time_zone_new_local ();
  now = g_date_time_new_now (zone);
  to = g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now), g_date_time_get_year (now));
  from = g_date_copy (to);

  g_date_subtract_days (from, MAX (days, 1) - 1);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_desk_session_get_stats_async);
  ww_hub_client_get_stats_async (self->client, self->branch_id, from, to, cancellable, stats_fetched_cb,
                                 g_steal_pointer (&task));
}

/* Returns: (transfer full) (element-type WwStatsRow) */
GPtrArray *
ww_desk_session_get_stats_finish (WwDeskSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
desks_listed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  WwDeskSession *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) desks = ww_hub_client_list_desks_finish (WW_HUB_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (desks == NULL)
    {
      note_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&desks), (GDestroyNotify)g_ptr_array_unref);
}

/* The tables of the volunteer's branch. */
void
ww_desk_session_list_desks_async (WwDeskSession      *self,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (WW_IS_DESK_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_desk_session_list_desks_async);
  ww_hub_client_list_desks_async (self->client, self->branch_id, cancellable, desks_listed_cb, g_steal_pointer (&task));
}

/* Returns: (transfer full) (element-type WwDesk) */
GPtrArray *
ww_desk_session_list_desks_finish (WwDeskSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
ww_desk_session_get_on_duty (WwDeskSession *self)
{
  g_return_val_if_fail (WW_IS_DESK_SESSION (self), FALSE);
  return self->on_duty;
}

/* For the help sessions page: reads and check-ins need no session state. */
WwHubClient *
ww_desk_session_get_client (WwDeskSession *self)
{
  g_return_val_if_fail (WW_IS_DESK_SESSION (self), NULL);
  return self->client;
}

static void
duty_set_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  WwDeskSession *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (WwDutyState) state = ww_hub_client_set_duty_finish (WW_HUB_CLIENT (object), result, &error);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (state == NULL)
    {
      note_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_on_duty (self, state->on_duty);
  g_task_return_pointer (task, g_steal_pointer (&state), (GDestroyNotify)ww_duty_state_free);
}

/**
 * ww_desk_session_set_duty_async:
 * @on_duty: on or off duty at the desk
 *
 * The first volunteer on duty opens the branch's queue; the last one off
 * closes it, and the answer lists who is still waiting.
 */
void
ww_desk_session_set_duty_async (WwDeskSession      *self,
                                gboolean            on_duty,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (WW_IS_DESK_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_desk_session_set_duty_async);
  ww_hub_client_set_duty_async (self->client, on_duty, cancellable, duty_set_cb, task);
}

WwDutyState *
ww_desk_session_set_duty_finish (WwDeskSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
