/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-hub-store.h"

G_BEGIN_DECLS

/*
 * What the SQLite and PostgreSQL stores share: every WwHubStore operation
 * becomes a job that one of the store's own threads runs against its own
 * connection — writes on the writer, which commits them in groups, reads on
 * a reader. This file turns the operations into jobs, runs the thread loops
 * and completes the jobs; the stores supply the SQL (the run functions), the
 * transactions and the threads. Private to the hub.
 */

typedef enum
{
  WW_HUB_JOB_AUTHENTICATE,
  WW_HUB_JOB_CREATE_TICKET,
  WW_HUB_JOB_GET_TICKET,
  WW_HUB_JOB_TRANSITION,
  WW_HUB_JOB_LIST_QUEUE,
  WW_HUB_JOB_READ_EVENTS,
  WW_HUB_JOB_FIND_VOLUNTEER,
  WW_HUB_JOB_CREATE_SESSION,
  WW_HUB_JOB_DELETE_SESSION,
  WW_HUB_JOB_HEARTBEAT,
  WW_HUB_JOB_LIST_KIOSKS,
  WW_HUB_JOB_LIST_DESKS,
  WW_HUB_JOB_GET_STATS,
  WW_HUB_JOB_PURGE,
  WW_HUB_JOB_ADMIN,
  WW_HUB_JOB_HELP_READ,
  WW_HUB_JOB_HELP_WRITE,
  WW_HUB_N_JOB_KINDS,
} WwHubJobKind;

/* Each store completes this type with its own connection. */
typedef struct _WwHubJobConnection WwHubJobConnection;

typedef struct _WwHubJob WwHubJob;
typedef gboolean (*WwHubJobFunc) (WwHubJobConnection *conn, WwHubJob *job, GError **error);

/* The arguments of the create_ticket job, in WwHubJob.s. */
enum
{
  WW_HUB_JOB_CT_KIOSK,
  WW_HUB_JOB_CT_BRANCH,
  WW_HUB_JOB_CT_KEY,
  WW_HUB_JOB_CT_HASH,
  WW_HUB_JOB_CT_LANGUAGE,
  WW_HUB_JOB_CT_FIRST_NAME,
  WW_HUB_JOB_CT_SERVICE,
};

/* The arguments of the transition job, in WwHubJob.s. */
enum
{
  WW_HUB_JOB_TR_TICKET,
  WW_HUB_JOB_TR_DESK,
  WW_HUB_JOB_TR_ONLY_BRANCH,
  WW_HUB_JOB_TR_ONLY_KIOSK,
};

struct _WwHubJob
{
  WwHubJobKind    kind;
  WwHubJobFunc    run;
  GTask          *task;
  gboolean        quit;     /* stops the thread that takes it */
  gboolean        write;    /* for the writer; else for a reader */
  gboolean        snapshot; /* a read of several statements that must agree */
  char           *s[8];
  const char    **args;
  gint64          n[3];
  WwHubHelpWrite *help;

  /* Results, set by run. */
  gpointer       result;
  GDestroyNotify result_free;
  GPtrArray     *events;
  GError        *error;
};

/*
 * Every store defines one run function per kind of job under these names;
 * `static const WwHubJobFunc runs[] = WW_HUB_JOB_RUNS;` lists them for
 * WwHubJobStoreInterface.runs.
 */
#define WW_HUB_JOB_RUNS                                                                                                \
  {                                                                                                                    \
    [WW_HUB_JOB_AUTHENTICATE] = authenticate_run, [WW_HUB_JOB_CREATE_TICKET] = create_ticket_run,                      \
    [WW_HUB_JOB_GET_TICKET] = get_ticket_run, [WW_HUB_JOB_TRANSITION] = transition_run,                                \
    [WW_HUB_JOB_LIST_QUEUE] = list_queue_run, [WW_HUB_JOB_READ_EVENTS] = read_events_run,                              \
    [WW_HUB_JOB_FIND_VOLUNTEER] = find_volunteer_run, [WW_HUB_JOB_CREATE_SESSION] = create_session_run,                \
    [WW_HUB_JOB_DELETE_SESSION] = delete_session_run, [WW_HUB_JOB_HEARTBEAT] = heartbeat_run,                          \
    [WW_HUB_JOB_LIST_KIOSKS] = list_kiosks_run, [WW_HUB_JOB_LIST_DESKS] = list_desks_run,                              \
    [WW_HUB_JOB_GET_STATS] = get_stats_run, [WW_HUB_JOB_PURGE] = purge_run, [WW_HUB_JOB_ADMIN] = admin_run,            \
    [WW_HUB_JOB_HELP_READ] = help_read_run, [WW_HUB_JOB_HELP_WRITE] = help_write_run,                                  \
  }

#define WW_HUB_TYPE_JOB_STORE (ww_hub_job_store_get_type ())

G_DECLARE_INTERFACE (WwHubJobStore, ww_hub_job_store, WW_HUB, JOB_STORE, GObject)

struct _WwHubJobStoreInterface
{
  GTypeInterface parent_iface;

  /* The run function of each kind of job, indexed by WwHubJobKind. */
  const WwHubJobFunc *runs;

  /* Takes @job: onto the writer's queue when job->write, else a reader's. */
  void (*push) (WwHubJobStore *self, WwHubJob *job);
};

/* Fills in every WwHubStore method: a store that implements WwHubJobStore
 * calls this from its WwHubStore interface init. */
void ww_hub_job_store_implement (WwHubStoreInterface *iface);

void ww_hub_job_free (WwHubJob *job);
void ww_hub_job_complete (WwHubJob *job);
void ww_hub_job_drop_result (WwHubJob *job);
/* What a failed run leaves behind goes: its result and its events. */
void ww_hub_job_undo (WwHubJob *job);
/* Takes @event. */
void ww_hub_job_add_event (WwHubJob *job, WwHubEvent *event);
WwHubEvent *
ww_hub_event_new (gint64 id, const char *type, const char *branch_id, const char *kiosk_id, const char *data);
/* The data of a "queue" event: how many of @branch_id wait, and whether
 * a ticket can be made now (@open). */
json_object *ww_hub_queue_event_json (const char *branch_id, gint64 waiting, gboolean open);

/* Whether the create_ticket job asks the same as the earlier request
 * under its Idempotency-Key (@stored_hash); UNPROCESSABLE if not. */
gboolean ww_hub_job_is_same_request (const WwHubJob *job, const char *stored_hash, GError **error);
/* The create_ticket job's result: @ticket (taken), @replayed when it was
 * made by an earlier request with the same key. Returns TRUE. */
gboolean ww_hub_job_set_created (WwHubJob *job, WwTicket *ticket, gboolean replayed);

/* Whether the transition job may change a ticket of @branch_id made by
 * @kiosk_id; PERMISSION_DENIED if not. */
gboolean ww_hub_job_may_transition (const WwHubJob *job, const char *branch_id, const char *kiosk_id, GError **error);
/* The CONFLICT of a guarded transition that changed no row: the ticket
 * was (or has meanwhile become) @state. */
void ww_hub_job_set_transition_lost (GError **error, const char *state, WwHubAction action);

typedef void (*WwHubJobListingFunc) (WwHubJobConnection *conn, GString *out, const char *title, const char *sql);

/* The admin job: "list" through @append_listing (one line per row of a
 * query), any other command through @command. Success always has a result
 * (an empty text for commands with nothing to say). */
gboolean ww_hub_job_run_admin (WwHubJobConnection *conn,
                               WwHubJob           *job,
                               WwHubJobFunc        command,
                               WwHubJobListingFunc append_listing,
                               GError            **error);

/* Pushes the job that stops the thread taking it. */
void ww_hub_job_push_quit (GAsyncQueue *queue);

typedef void (*WwHubJobBatchFunc) (gpointer data, GPtrArray *batch);
typedef void (*WwHubJobReadFunc) (WwHubJobConnection *conn, WwHubJob *job);

/* The writer thread: takes up to @max_batch queued jobs at a time, hands
 * them to @run_batch, until a quit job. */
void ww_hub_job_write_loop (GAsyncQueue *queue, guint max_batch, WwHubJobBatchFunc run_batch, gpointer data);
/* A reader thread: runs one job at a time with @run_read, until a quit job. */
void ww_hub_job_read_loop (GAsyncQueue *queue, WwHubJobReadFunc run_read, WwHubJobConnection *conn);

/* After a batch's commit (@commit_error NULL) or its failure: fails the jobs
 * that had not failed yet with @commit_error, and returns the events of
 * those that were saved, in order. Completes none of them. */
GPtrArray *ww_hub_job_batch_settle (GPtrArray *batch, const GError *commit_error);
void       ww_hub_job_batch_complete (GPtrArray *batch);

/* Emits WW_HUB_STORE_SIGNAL_EVENTS_APPENDED on @store with @events (taken)
 * in @context; nothing when there are none. */
void ww_hub_job_store_announce (GObject *store, GMainContext *context, GPtrArray *events);

G_END_DECLS
