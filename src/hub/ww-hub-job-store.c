/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The part of the SQLite and PostgreSQL stores that does not speak SQL:
 * operations in, jobs through the store's threads, results out. See
 * ww-hub-job-store.h.
 */

#include "config.h"

#include "ww-hub-job-store.h"

G_DEFINE_INTERFACE (WwHubJobStore, ww_hub_job_store, G_TYPE_OBJECT)

static void
ww_hub_job_store_default_init (WwHubJobStoreInterface *iface)
{
}

/* ------------------------------------------------------------------ */
/* Jobs                                                                */

static gboolean
unref_in_main_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* A task holds the store; its last reference must not go in a worker
 * thread, or the store would be finalised there and join itself. */
static void
release_task (GTask *task)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, unref_in_main_cb, task, NULL);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

void
ww_hub_job_free (WwHubJob *job)
{
  for (guint i = 0; i < G_N_ELEMENTS (job->s); i++)
    g_free (job->s[i]);
  g_strfreev ((char **)job->args);
  g_clear_pointer (&job->help, ww_hub_help_write_free);
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  g_clear_pointer (&job->events, g_ptr_array_unref);
  g_clear_error (&job->error);
  if (job->task != NULL)
    release_task (g_steal_pointer (&job->task));
  g_free (job);
}

void
ww_hub_job_drop_result (WwHubJob *job)
{
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (g_steal_pointer (&job->result));
}

void
ww_hub_job_undo (WwHubJob *job)
{
  g_clear_pointer (&job->events, g_ptr_array_unref);
  ww_hub_job_drop_result (job);
}

void
ww_hub_job_complete (WwHubJob *job)
{
  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->result_free == NULL)
    g_task_return_boolean (job->task, TRUE);
  else
    g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_free);
}

WwHubEvent *
ww_hub_event_new (gint64 id, const char *type, const char *branch_id, const char *kiosk_id, const char *data)
{
  WwHubEvent *event = g_new0 (WwHubEvent, 1);

  event->id = id;
  event->type = g_strdup (type);
  event->branch_id = g_strdup (branch_id);
  event->kiosk_id = g_strdup (kiosk_id);
  event->data = g_strdup (data);
  return event;
}

json_object *
ww_hub_queue_event_json (const char *branch_id, gint64 waiting, gboolean open)
{
  json_object *json = json_object_new_object ();

  json_object_object_add (json, "branchId", json_object_new_string (branch_id));
  json_object_object_add (json, "waiting", json_object_new_int64 (waiting));
  json_object_object_add (json, "open", json_object_new_boolean (open));
  return json;
}

void
ww_hub_job_add_event (WwHubJob *job, WwHubEvent *event)
{
  if (job->events == NULL)
    job->events = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_event_free);
  g_ptr_array_add (job->events, event);
}

void
ww_hub_job_push_quit (GAsyncQueue *queue)
{
  WwHubJob *quit = g_new0 (WwHubJob, 1);

  quit->quit = TRUE;
  g_async_queue_push (queue, quit);
}

gboolean
ww_hub_job_is_same_request (const WwHubJob *job, const char *stored_hash, GError **error)
{
  if (g_strcmp0 (stored_hash, job->s[WW_HUB_JOB_CT_HASH]) == 0)
    return TRUE;

  g_set_error (error, WW_ERROR, WW_ERROR_UNPROCESSABLE,
               "this Idempotency-Key was already used for a different request");
  return FALSE;
}

gboolean
ww_hub_job_set_created (WwHubJob *job, WwTicket *ticket, gboolean replayed)
{
  WwHubStoreCreated *created = g_new0 (WwHubStoreCreated, 1);

  created->ticket = ticket;
  created->replayed = replayed;
  job->result = created;
  return TRUE;
}

gboolean
ww_hub_job_may_transition (const WwHubJob *job, const char *branch_id, const char *kiosk_id, GError **error)
{
  const char *only_branch_id = job->s[WW_HUB_JOB_TR_ONLY_BRANCH];
  const char *only_kiosk_id = job->s[WW_HUB_JOB_TR_ONLY_KIOSK];

  if ((only_branch_id != NULL && g_strcmp0 (branch_id, only_branch_id) != 0) ||
      (only_kiosk_id != NULL && g_strcmp0 (kiosk_id, only_kiosk_id) != 0))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_PERMISSION_DENIED, "this ticket belongs to another %s",
                   only_kiosk_id != NULL ? "kiosk" : "branch");
      return FALSE;
    }
  return TRUE;
}

void
ww_hub_job_set_transition_lost (GError **error, const char *state, WwHubAction action)
{
  g_set_error (error, WW_ERROR, WW_ERROR_CONFLICT,
               "the ticket is %s; %s is not possible from there (someone may have been faster)", state,
               ww_hub_action_to_string (action));
}

static char *
admin_list (WwHubJobConnection *conn, WwHubJobListingFunc append_listing)
{
  GString *out = g_string_new (NULL);

  append_listing (conn, out, "Branches", "SELECT branch_id, name FROM branches ORDER BY branch_id");
  append_listing (conn, out, "Desks", "SELECT desk_id, branch_id, name FROM desks ORDER BY branch_id, desk_id");
  append_listing (conn, out, "Kiosks",
                  "SELECT kiosk_id, branch_id, name, CASE WHEN revoked_at IS NULL THEN 'active' ELSE 'revoked' END"
                  " FROM kiosks ORDER BY branch_id, kiosk_id");
  append_listing (conn, out, "Volunteers",
                  "SELECT username, branch_id, role, CASE WHEN disabled THEN 'disabled' ELSE 'active' END"
                  " FROM volunteers ORDER BY branch_id, username");
  return g_string_free (out, FALSE);
}

gboolean
ww_hub_job_run_admin (WwHubJobConnection *conn,
                      WwHubJob           *job,
                      WwHubJobFunc        command,
                      WwHubJobListingFunc append_listing,
                      GError            **error)
{
  if (g_str_equal (job->s[0], "list"))
    job->result = admin_list (conn, append_listing);
  else if (!command (conn, job, error))
    return FALSE;

  /* Success is a result, even for commands that have nothing to say. */
  if (job->result == NULL)
    job->result = g_strdup ("");
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Threads                                                             */

void
ww_hub_job_write_loop (GAsyncQueue *queue, guint max_batch, WwHubJobBatchFunc run_batch, gpointer data)
{
  gboolean quit = FALSE;

  while (!quit)
    {
      g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_job_free);
      WwHubJob *job = g_async_queue_pop (queue);

      if (job->quit)
        {
          ww_hub_job_free (job);
          break;
        }
      g_ptr_array_add (batch, job);

      /* Whatever queued up while the last commit was flushing goes into
       * this one: that is the group commit. */
      while (batch->len < max_batch && (job = g_async_queue_try_pop (queue)) != NULL)
        {
          if (job->quit)
            {
              ww_hub_job_free (job);
              quit = TRUE;
              break;
            }
          g_ptr_array_add (batch, job);
        }

      run_batch (data, batch);
    }
}

void
ww_hub_job_read_loop (GAsyncQueue *queue, WwHubJobReadFunc run_read, WwHubJobConnection *conn)
{
  for (;;)
    {
      WwHubJob *job = g_async_queue_pop (queue);

      if (job->quit)
        {
          ww_hub_job_free (job);
          break;
        }

      if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (job->task), &job->error))
        run_read (conn, job);
      if (job->error != NULL)
        ww_hub_job_drop_result (job);

      ww_hub_job_complete (job);
      ww_hub_job_free (job);
    }
}

GPtrArray *
ww_hub_job_batch_settle (GPtrArray *batch, const GError *commit_error)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_event_free);

  if (commit_error != NULL)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "a write batch failed: %s", commit_error->message);

  for (guint i = 0; i < batch->len; i++)
    {
      WwHubJob *job = g_ptr_array_index (batch, i);

      if (commit_error != NULL && job->error == NULL)
        {
          job->error = g_error_new (WW_ERROR, commit_error->domain == WW_ERROR ? commit_error->code : WW_ERROR_FAILED,
                                    "the database could not save: %s", commit_error->message);
          ww_hub_job_drop_result (job);
        }
      if (commit_error == NULL && job->error == NULL && job->events != NULL)
        g_ptr_array_extend_and_steal (events, g_steal_pointer (&job->events));
    }

  return events;
}

void
ww_hub_job_batch_complete (GPtrArray *batch)
{
  for (guint i = 0; i < batch->len; i++)
    ww_hub_job_complete (g_ptr_array_index (batch, i));
}

typedef struct
{
  GObject   *store;
  GPtrArray *events;
} Appended;

static gboolean
emit_events_appended (gpointer data)
{
  Appended *appended = data;

  g_signal_emit_by_name (appended->store, WW_HUB_STORE_SIGNAL_EVENTS_APPENDED, appended->events);
  g_object_unref (appended->store);
  g_ptr_array_unref (appended->events);
  g_free (appended);

  return G_SOURCE_REMOVE;
}

void
ww_hub_job_store_announce (GObject *store, GMainContext *context, GPtrArray *events)
{
  Appended *appended;

  if (events->len == 0)
    {
      g_ptr_array_unref (events);
      return;
    }

  appended = g_new0 (Appended, 1);
  appended->store = g_object_ref (store);
  appended->events = events;
  g_main_context_invoke (context, emit_events_appended, appended);
}

/* ------------------------------------------------------------------ */
/* The store's operations as jobs                                      */

/* What each kind of job returns, and where it runs. */
static const struct
{
  gpointer       source_tag;  /* the WwHubStore call */
  GDestroyNotify result_free; /* NULL: the task returns TRUE */
  gboolean       write;
  gboolean       snapshot;
} kinds[WW_HUB_N_JOB_KINDS] = {
  [WW_HUB_JOB_AUTHENTICATE] = { ww_hub_store_authenticate_async, (GDestroyNotify)ww_hub_principal_free, FALSE, FALSE },
  [WW_HUB_JOB_CREATE_TICKET] = { ww_hub_store_create_ticket_async, (GDestroyNotify)ww_hub_store_created_free, TRUE,
                                 FALSE },
  [WW_HUB_JOB_GET_TICKET] = { ww_hub_store_get_ticket_async, g_object_unref, FALSE, FALSE },
  [WW_HUB_JOB_TRANSITION] = { ww_hub_store_transition_async, g_object_unref, TRUE, FALSE },
  [WW_HUB_JOB_LIST_QUEUE] = { ww_hub_store_list_queue_async, (GDestroyNotify)g_ptr_array_unref, FALSE, TRUE },
  [WW_HUB_JOB_READ_EVENTS] = { ww_hub_store_read_events_async, (GDestroyNotify)g_ptr_array_unref, FALSE, FALSE },
  [WW_HUB_JOB_FIND_VOLUNTEER] = { ww_hub_store_find_volunteer_async, (GDestroyNotify)ww_hub_volunteer_free, FALSE,
                                  FALSE },
  [WW_HUB_JOB_CREATE_SESSION] = { ww_hub_store_create_session_async, NULL, TRUE, FALSE },
  [WW_HUB_JOB_DELETE_SESSION] = { ww_hub_store_delete_session_async, NULL, TRUE, FALSE },
  [WW_HUB_JOB_HEARTBEAT] = { ww_hub_store_heartbeat_async, NULL, TRUE, FALSE },
  [WW_HUB_JOB_LIST_KIOSKS] = { ww_hub_store_list_kiosks_async, (GDestroyNotify)g_ptr_array_unref, FALSE, FALSE },
  [WW_HUB_JOB_LIST_DESKS] = { ww_hub_store_list_desks_async, (GDestroyNotify)g_ptr_array_unref, FALSE, FALSE },
  [WW_HUB_JOB_GET_STATS] = { ww_hub_store_get_stats_async, (GDestroyNotify)g_ptr_array_unref, FALSE, FALSE },
  [WW_HUB_JOB_PURGE] = { ww_hub_store_purge_async, NULL, TRUE, FALSE },
  [WW_HUB_JOB_ADMIN] = { ww_hub_store_admin_async, g_free, TRUE, FALSE },
  [WW_HUB_JOB_HELP_READ] = { ww_hub_store_help_read_async, (GDestroyNotify)ww_hub_help_snapshot_free, FALSE, TRUE },
  [WW_HUB_JOB_HELP_WRITE] = { ww_hub_store_help_write_async, (GDestroyNotify)ww_hub_help_result_free, TRUE, FALSE },
};

static WwHubJob *
job_new (WwHubStore         *store,
         WwHubJobKind        kind,
         GCancellable       *cancellable,
         GAsyncReadyCallback callback,
         gpointer            user_data)
{
  WwHubJob *job = g_new0 (WwHubJob, 1);

  job->kind = kind;
  job->run = WW_HUB_JOB_STORE_GET_IFACE (store)->runs[kind];
  job->write = kinds[kind].write;
  job->snapshot = kinds[kind].snapshot;
  job->result_free = kinds[kind].result_free;
  job->task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, kinds[kind].source_tag);
  return job;
}

static void
push (WwHubStore *store, WwHubJob *job)
{
  WW_HUB_JOB_STORE_GET_IFACE (store)->push (WW_HUB_JOB_STORE (store), job);
}

/* The jobs whose one argument is a string. */
static void
push_text (WwHubStore         *store,
           WwHubJobKind        kind,
           const char         *text,
           GCancellable       *cancellable,
           GAsyncReadyCallback callback,
           gpointer            user_data)
{
  WwHubJob *job = job_new (store, kind, cancellable, callback, user_data);

  job->s[0] = g_strdup (text);
  push (store, job);
}

static void
job_authenticate (WwHubStore         *store,
                  const char         *token_hash,
                  GCancellable       *cancellable,
                  GAsyncReadyCallback callback,
                  gpointer            user_data)
{
  push_text (store, WW_HUB_JOB_AUTHENTICATE, token_hash, cancellable, callback, user_data);
}

static void
job_create_ticket (WwHubStore               *store,
                   const WwHubTicketRequest *request,
                   GCancellable             *cancellable,
                   GAsyncReadyCallback       callback,
                   gpointer                  user_data)
{
  WwHubJob *job = job_new (store, WW_HUB_JOB_CREATE_TICKET, cancellable, callback, user_data);

  job->s[WW_HUB_JOB_CT_KIOSK] = g_strdup (request->kiosk_id);
  job->s[WW_HUB_JOB_CT_BRANCH] = g_strdup (request->branch_id);
  job->s[WW_HUB_JOB_CT_KEY] = g_strdup (request->idempotency_key);
  job->s[WW_HUB_JOB_CT_HASH] = g_strdup (request->request_hash);
  job->s[WW_HUB_JOB_CT_LANGUAGE] = g_strdup (request->language);
  job->s[WW_HUB_JOB_CT_FIRST_NAME] = g_strdup (request->first_name);
  job->s[WW_HUB_JOB_CT_SERVICE] = g_strdup (request->service_id);
  job->n[0] = request->topic;
  job->n[1] = request->needs_volunteer;
  push (store, job);
}

static void
job_get_ticket (WwHubStore         *store,
                const char         *ticket_id,
                GCancellable       *cancellable,
                GAsyncReadyCallback callback,
                gpointer            user_data)
{
  push_text (store, WW_HUB_JOB_GET_TICKET, ticket_id, cancellable, callback, user_data);
}

static void
job_transition (WwHubStore            *store,
                const WwHubTransition *transition,
                GCancellable          *cancellable,
                GAsyncReadyCallback    callback,
                gpointer               user_data)
{
  WwHubJob *job = job_new (store, WW_HUB_JOB_TRANSITION, cancellable, callback, user_data);

  job->s[WW_HUB_JOB_TR_TICKET] = g_strdup (transition->ticket_id);
  job->s[WW_HUB_JOB_TR_DESK] = g_strdup (transition->desk_id);
  job->s[WW_HUB_JOB_TR_ONLY_BRANCH] = g_strdup (transition->only_branch_id);
  job->s[WW_HUB_JOB_TR_ONLY_KIOSK] = g_strdup (transition->only_kiosk_id);
  job->n[0] = transition->action;
  job->n[1] = transition->outcome;
  push (store, job);
}

static void
job_list_queue (WwHubStore         *store,
                const char         *branch_id,
                GCancellable       *cancellable,
                GAsyncReadyCallback callback,
                gpointer            user_data)
{
  push_text (store, WW_HUB_JOB_LIST_QUEUE, branch_id, cancellable, callback, user_data);
}

static void
job_read_events (WwHubStore         *store,
                 gint64              after_id,
                 guint               limit,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data)
{
  WwHubJob *job = job_new (store, WW_HUB_JOB_READ_EVENTS, cancellable, callback, user_data);

  job->n[0] = after_id;
  job->n[1] = limit;
  push (store, job);
}

static void
job_find_volunteer (WwHubStore         *store,
                    const char         *username,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  push_text (store, WW_HUB_JOB_FIND_VOLUNTEER, username, cancellable, callback, user_data);
}

static void
job_create_session (WwHubStore         *store,
                    const char         *volunteer_id,
                    const char         *token_hash,
                    gint64              expires_at,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  WwHubJob *job = job_new (store, WW_HUB_JOB_CREATE_SESSION, cancellable, callback, user_data);

  job->s[0] = g_strdup (volunteer_id);
  job->s[1] = g_strdup (token_hash);
  job->n[0] = expires_at;
  push (store, job);
}

static void
job_delete_session (WwHubStore         *store,
                    const char         *token_hash,
                    GCancellable       *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  push_text (store, WW_HUB_JOB_DELETE_SESSION, token_hash, cancellable, callback, user_data);
}

static void
job_heartbeat (WwHubStore           *store,
               const WwHubHeartbeat *heartbeat,
               GCancellable         *cancellable,
               GAsyncReadyCallback   callback,
               gpointer              user_data)
{
  WwHubJob *job = job_new (store, WW_HUB_JOB_HEARTBEAT, cancellable, callback, user_data);

  job->s[0] = g_strdup (heartbeat->kiosk_id);
  job->s[1] = g_strdup (heartbeat->version);
  job->s[2] = g_strdup (heartbeat->catalog_etag);
  job->s[3] = g_strdup (heartbeat->speech_status);
  job->s[4] = g_strdup (heartbeat->printer_status);
  job->n[0] = heartbeat->uptime_seconds;
  push (store, job);
}

static void
job_list_kiosks (WwHubStore *store, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  push (store, job_new (store, WW_HUB_JOB_LIST_KIOSKS, cancellable, callback, user_data));
}

static void
job_list_desks (WwHubStore         *store,
                const char         *branch_id,
                GCancellable       *cancellable,
                GAsyncReadyCallback callback,
                gpointer            user_data)
{
  push_text (store, WW_HUB_JOB_LIST_DESKS, branch_id, cancellable, callback, user_data);
}

static void
job_get_stats (WwHubStore         *store,
               const char         *branch_id,
               const char         *from_day,
               const char         *to_day,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  WwHubJob *job = job_new (store, WW_HUB_JOB_GET_STATS, cancellable, callback, user_data);

  job->s[0] = g_strdup (branch_id);
  job->s[1] = g_strdup (from_day);
  job->s[2] = g_strdup (to_day);
  push (store, job);
}

static void
job_purge (WwHubStore         *store,
           gint64              closed_before,
           gint64              now,
           GCancellable       *cancellable,
           GAsyncReadyCallback callback,
           gpointer            user_data)
{
  WwHubJob *job = job_new (store, WW_HUB_JOB_PURGE, cancellable, callback, user_data);

  job->n[0] = closed_before;
  job->n[1] = now;
  push (store, job);
}

static void
job_admin (WwHubStore         *store,
           const char         *command,
           const char *const  *args,
           GCancellable       *cancellable,
           GAsyncReadyCallback callback,
           gpointer            user_data)
{
  WwHubJob *job = job_new (store, WW_HUB_JOB_ADMIN, cancellable, callback, user_data);

  job->s[0] = g_strdup (command);
  job->args = (const char **)g_strdupv ((char **)args);
  push (store, job);
}

static void
job_help_read (WwHubStore         *store,
               const char         *branch_id,
               gint64              since,
               gint64              until,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  WwHubJob *job = job_new (store, WW_HUB_JOB_HELP_READ, cancellable, callback, user_data);

  job->s[0] = g_strdup (branch_id);
  job->n[0] = since;
  job->n[1] = until;
  push (store, job);
}

static void
job_help_write (WwHubStore           *store,
                const WwHubHelpWrite *write,
                GCancellable         *cancellable,
                GAsyncReadyCallback   callback,
                gpointer              user_data)
{
  WwHubJob *job = job_new (store, WW_HUB_JOB_HELP_WRITE, cancellable, callback, user_data);

  job->help = ww_hub_help_write_copy (write);
  push (store, job);
}

void
ww_hub_job_store_implement (WwHubStoreInterface *iface)
{
  iface->authenticate = job_authenticate;
  iface->create_ticket = job_create_ticket;
  iface->get_ticket = job_get_ticket;
  iface->transition = job_transition;
  iface->list_queue = job_list_queue;
  iface->read_events = job_read_events;
  iface->find_volunteer = job_find_volunteer;
  iface->create_session = job_create_session;
  iface->delete_session = job_delete_session;
  iface->heartbeat = job_heartbeat;
  iface->list_kiosks = job_list_kiosks;
  iface->list_desks = job_list_desks;
  iface->get_stats = job_get_stats;
  iface->purge = job_purge;
  iface->admin = job_admin;
  iface->help_read = job_help_read;
  iface->help_write = job_help_write;
}
