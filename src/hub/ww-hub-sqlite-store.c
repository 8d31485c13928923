/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so
 * an acknowledged ticket survives a power cut.
 *
 * Two threads, each with its own connection, keep the database off the
 * main loop: a writer and a reader. WAL lets the reader go on while the
 * writer waits for an fsync, so catalogue GETs, SSE and token checks never
 * wait on a disk flush. The writer commits in groups: it takes every
 * write that queued up while the previous commit was being flushed and
 * runs them in one transaction, each in its own savepoint so one failing
 * write does not undo the others. Only after COMMIT returns are the
 * callers told, so "201 Created" always means "on disk".
 *
 * Nothing here relies on being the only writer: numbers come from an
 * upsert on a counter row, duplicates are stopped by primary keys and
 * unique constraints, and every transition is an UPDATE … WHERE state = …
 * whose row count says who won.
 */

#include "config.h"

#include "ww-hub-sqlite-store.h"

#include <sqlite3.h>

#include "ww-hub-estimate.h"
#include "ww-hub-job-store.h"
#include "ww-hub-store-row.h"

#define MAX_BATCH 256
#define BUSY_TIMEOUT_MS 10000
#define STALE_DESK_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_reset)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHubReservation, ww_hub_reservation_free)

struct _WwHubJobConnection
{
  sqlite3    *db;
  GHashTable *statements;  /* SQL text (static) → sqlite3_stmt */
  gboolean    always_open; /* [hub] queue-needs-volunteer=0: tickets without anyone on duty */
};

typedef WwHubJobConnection Connection;
typedef WwHubJob           Job;

struct _WwHubSqliteStore
{
  GObject parent_instance;

  char         *path;
  guint         schema_version;
  Connection    writer_conn;
  Connection    reader_conn;
  GAsyncQueue  *write_queue;
  GAsyncQueue  *read_queue;
  GThread      *writer;
  GThread      *reader;
  GMainContext *main_context;
};

static void ww_hub_sqlite_store_iface_init (WwHubStoreInterface *iface);
static void ww_hub_sqlite_store_job_store_iface_init (WwHubJobStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwHubSqliteStore,
                               ww_hub_sqlite_store,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (WW_HUB_TYPE_STORE, ww_hub_sqlite_store_iface_init)
                                   G_IMPLEMENT_INTERFACE (WW_HUB_TYPE_JOB_STORE,
                                                          ww_hub_sqlite_store_job_store_iface_init))

/* ------------------------------------------------------------------ */
/* Schema                                                              */

/* Append only: a released migration is never edited. */
static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE branches ("
  "  branch_id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE desks ("
  "  desk_id TEXT PRIMARY KEY,"
  "  branch_id TEXT NOT NULL REFERENCES branches (branch_id),"
  "  name TEXT NOT NULL);"
  "CREATE TABLE kiosks ("
  "  kiosk_id TEXT PRIMARY KEY,"
  "  branch_id TEXT NOT NULL REFERENCES branches (branch_id),"
  "  name TEXT NOT NULL,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  enrolled_at INTEGER NOT NULL,"
  "  revoked_at INTEGER,"
  "  last_seen_at INTEGER,"
  "  version TEXT,"
  "  uptime_seconds INTEGER,"
  "  catalog_etag TEXT,"
  "  speech_status TEXT,"
  "  printer_status TEXT);"
  "CREATE TABLE volunteers ("
  "  volunteer_id TEXT PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE,"
  "  branch_id TEXT NOT NULL REFERENCES branches (branch_id),"
  "  role TEXT NOT NULL CHECK (role IN ('volunteer', 'admin')),"
  "  password_hash TEXT NOT NULL,"
  "  disabled INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE sessions ("
  "  token_hash TEXT PRIMARY KEY,"
  "  volunteer_id TEXT NOT NULL REFERENCES volunteers (volunteer_id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL);"
  "CREATE TABLE ticket_counters ("
  "  branch_id TEXT NOT NULL,"
  "  business_day TEXT NOT NULL,"
  "  last_sequence INTEGER NOT NULL,"
  "  PRIMARY KEY (branch_id, business_day));"
  "CREATE TABLE tickets ("
  "  ticket_id TEXT PRIMARY KEY,"
  "  branch_id TEXT NOT NULL REFERENCES branches (branch_id),"
  "  kiosk_id TEXT NOT NULL,"
  "  business_day TEXT NOT NULL,"
  "  sequence INTEGER NOT NULL,"
  "  number TEXT NOT NULL,"
  "  topic INTEGER NOT NULL,"
  "  language TEXT NOT NULL,"
  "  service_id TEXT,"
  "  first_name TEXT,"
  "  state TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'inProgress', 'done', 'noShow', 'cancelled')),"
  "  desk_id TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  called_at INTEGER,"
  "  started_at INTEGER,"
  "  closed_at INTEGER,"
  "  UNIQUE (branch_id, business_day, sequence),"
  /* A closed ticket can hold no name: the database enforces the promise. */
  "  CHECK (first_name IS NULL OR state IN ('waiting', 'called', 'inProgress')));"
  "CREATE INDEX tickets_by_queue ON tickets (branch_id, state, created_at);"
  "CREATE INDEX tickets_by_close ON tickets (closed_at) WHERE closed_at IS NOT NULL;"
  "CREATE INDEX tickets_done ON tickets (branch_id, closed_at) WHERE state = 'done';"
  "CREATE TABLE idempotency_keys ("
  "  kiosk_id TEXT NOT NULL,"
  "  idempotency_key TEXT NOT NULL,"
  "  request_hash TEXT NOT NULL,"
  "  ticket_id TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (kiosk_id, idempotency_key));"
  "CREATE INDEX idempotency_by_ticket ON idempotency_keys (ticket_id);"
  "CREATE TABLE events ("
  "  event_id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  created_at INTEGER NOT NULL,"
  "  type TEXT NOT NULL,"
  "  branch_id TEXT NOT NULL,"
  "  kiosk_id TEXT,"
  "  data TEXT NOT NULL);"
  "CREATE INDEX events_by_time ON events (created_at);"
  "CREATE TABLE stats ("
  "  branch_id TEXT NOT NULL,"
  "  business_day TEXT NOT NULL,"
  "  hour INTEGER NOT NULL,"
  "  topic INTEGER NOT NULL,"
  "  tickets INTEGER NOT NULL DEFAULT 0,"
  "  waited_count INTEGER NOT NULL DEFAULT 0,"
  "  wait_seconds_sum INTEGER NOT NULL DEFAULT 0,"
  "  served_count INTEGER NOT NULL DEFAULT 0,"
  "  service_seconds_sum INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (branch_id, business_day, hour, topic));",
  /* 2: the estimate counts desks that called in the last hour; without
   * this it read every ticket of the branch on every ticket. */
  "CREATE INDEX tickets_by_call ON tickets (branch_id, called_at) WHERE called_at IS NOT NULL;",
  /* 3: help sessions (weekly rules in local wall-clock time), dates they
   * do not take place, anonymous reservations, and who is on duty (tied
   * to the login session: when it ends or expires, so does the duty). */
  "CREATE TABLE help_sessions ("
  "  session_id TEXT PRIMARY KEY,"
  "  branch_id TEXT NOT NULL REFERENCES branches (branch_id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('walkIn', 'topic', 'course')),"
  "  topic TEXT NOT NULL,"
  "  languages TEXT NOT NULL,"
  "  capacity INTEGER NOT NULL CHECK (capacity > 0),"
  "  place TEXT NOT NULL,"
  "  bring TEXT NOT NULL DEFAULT '',"
  "  first_day TEXT NOT NULL,"
  "  last_day TEXT,"
  "  weekly INTEGER NOT NULL,"
  "  start_time TEXT NOT NULL,"
  "  end_time TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  cancelled_at INTEGER);"
  "CREATE INDEX help_sessions_by_branch ON help_sessions (branch_id);"
  "CREATE TABLE help_exceptions ("
  "  branch_id TEXT NOT NULL REFERENCES branches (branch_id),"
  "  day TEXT NOT NULL,"
  "  session_id TEXT NOT NULL DEFAULT '',"
  "  reason TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (branch_id, day, session_id));"
  "CREATE TABLE reservations ("
  "  reservation_id TEXT PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  branch_id TEXT NOT NULL,"
  "  session_id TEXT NOT NULL REFERENCES help_sessions (session_id),"
  "  starts_at INTEGER NOT NULL,"
  "  ends_at INTEGER NOT NULL,"
  "  subject_id TEXT NOT NULL,"
  "  idempotency_key TEXT NOT NULL,"
  "  request_hash TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  checked_in_at INTEGER,"
  "  UNIQUE (subject_id, idempotency_key));"
  "CREATE INDEX reservations_by_time ON reservations (branch_id, starts_at);"
  "CREATE INDEX reservations_by_date ON reservations (session_id, starts_at);"
  "CREATE TABLE presence ("
  "  token_hash TEXT PRIMARY KEY REFERENCES sessions (token_hash) ON DELETE CASCADE,"
  "  volunteer_id TEXT NOT NULL,"
  "  branch_id TEXT NOT NULL,"
  "  since INTEGER NOT NULL);"
  "CREATE INDEX presence_by_branch ON presence (branch_id);",
  /* 4: how a finished ticket ended (solved, referred, followUp, notSolved;
   * NULL when the volunteer did not say), and its anonymous counts. */
  "ALTER TABLE tickets ADD COLUMN outcome TEXT"
  "  CHECK (outcome IS NULL OR outcome IN ('solved', 'referred', 'followUp', 'notSolved'));"
  "ALTER TABLE stats ADD COLUMN finished_unsaid INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE stats ADD COLUMN solved INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE stats ADD COLUMN referred INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE stats ADD COLUMN follow_up INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE stats ADD COLUMN not_solved INTEGER NOT NULL DEFAULT 0;",
};

/* ------------------------------------------------------------------ */
/* SQLite helpers                                                      */

/* A full disk, an I/O error or a database locked past the busy timeout
 * change nothing and pass: the hub answers 503 and the client retries. */
static WwError
error_code_for (sqlite3 *db)
{
  int code = sqlite3_extended_errcode (db);

  if (code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE)
    return WW_ERROR_CONFLICT;
  switch (code & 0xff)
    {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return WW_ERROR_UNAVAILABLE;
    default:
      return WW_ERROR_FAILED;
    }
}

static void
set_db_error (GError **error, sqlite3 *db, const char *what)
{
  g_set_error (error, WW_ERROR, error_code_for (db), "%s: %s", what, sqlite3_errmsg (db));
}

static gboolean
exec (Connection *conn, const char *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (conn->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, WW_ERROR, error_code_for (conn->db), "database: %s", message != NULL ? message : "failed");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/*
 * Prepares (once per connection) and binds @sql. @types has one letter a
 * parameter: 's' a string (NULL binds NULL), 'i' a gint64. The statement
 * is reset by its autoptr cleanup.
 */
static sqlite3_stmt *
query (Connection *conn, GError **error, const char *sql, const char *types, ...)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->statements, sql);
  va_list       args;

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          set_db_error (error, conn->db, "prepare");
          return NULL;
        }
      g_hash_table_insert (conn->statements, (gpointer)sql, stmt);
    }

  sqlite3_clear_bindings (stmt);
  va_start (args, types);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 's')
        {
          const char *value = va_arg (args, const char *);

          if (value == NULL)
            sqlite3_bind_null (stmt, i + 1);
          else
            sqlite3_bind_text (stmt, i + 1, value, -1, SQLITE_TRANSIENT);
        }
      else
        {
          sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
        }
    }
  va_end (args);

  return stmt;
}

/* Steps a statement that returns no row or whose rows do not matter. */
static gboolean
run_stmt (Connection *conn, sqlite3_stmt *stmt, GError **error)
{
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, conn->db, "step");
      return FALSE;
    }

  return TRUE;
}

/* SQLITE_ROW, SQLITE_DONE, or -1 with @error set. */
static int
step (Connection *conn, sqlite3_stmt *stmt, GError **error)
{
  int rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  set_db_error (error, conn->db, "step");
  return -1;
}

static char *
column_dup (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

static const char *
stmt_text (const WwHubRow *row, int column)
{
  return (const char *)sqlite3_column_text ((sqlite3_stmt *)row->result, column);
}

static gint64
stmt_number (const WwHubRow *row, int column)
{
  return sqlite3_column_int64 ((sqlite3_stmt *)row->result, column);
}

static gboolean
stmt_boolean (const WwHubRow *row, int column)
{
  return sqlite3_column_int64 ((sqlite3_stmt *)row->result, column) != 0;
}

static gboolean
stmt_is_null (const WwHubRow *row, int column)
{
  return sqlite3_column_type ((sqlite3_stmt *)row->result, column) == SQLITE_NULL;
}

static const WwHubRowFuncs stmt_row_funcs = { stmt_text, stmt_number, stmt_boolean, stmt_is_null };

/* The row @stmt stands on. */
#define STMT_ROW(stmt) (&(const WwHubRow){ &stmt_row_funcs, (stmt), 0 })

static gboolean
connection_open (Connection *conn, const char *path, GError **error)
{
  int rc = sqlite3_open_v2 (path, &conn->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);

  conn->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)sqlite3_finalize);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_FAILED, "cannot open the database %s: %s", path,
                   conn->db != NULL ? sqlite3_errmsg (conn->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_busy_timeout (conn->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (conn->db, 1);

  return exec (conn,
               "PRAGMA journal_mode = WAL;"
               "PRAGMA synchronous = FULL;"
               "PRAGMA foreign_keys = ON;"
               "PRAGMA trusted_schema = OFF;",
               error);
}

static void
connection_close (Connection *conn)
{
  g_clear_pointer (&conn->statements, g_hash_table_unref);
  if (conn->db != NULL)
    sqlite3_close (conn->db);
  conn->db = NULL;
}

static gboolean
migrate (WwHubSqliteStore *self, GError **error)
{
  Connection   *conn = &self->writer_conn;
  sqlite3_stmt *stmt;
  guint         version = 0;

  if (!exec (conn,
             "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);",
             error))
    return FALSE;

  stmt = query (conn, error, "SELECT COALESCE (MAX (version), 0) FROM schema_migrations", "");
  if (step (conn, stmt, error) != SQLITE_ROW)
    return FALSE;
  version = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (version > G_N_ELEMENTS (migrations))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_FAILED,
                   "the database has schema version %u; this hub knows only up to %u (a newer hub wrote it)", version,
                   (guint)G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (; version < G_N_ELEMENTS (migrations); version++)
    {
      g_autoptr (GError) local_error = NULL;

      if (!exec (conn, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (conn, migrations[version], &local_error) ||
          !run_stmt (conn,
                     query (conn, &local_error, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                            "ii", (gint64)version + 1, g_get_real_time ()),
                     &local_error) ||
          !exec (conn, "COMMIT", &local_error))
        {
          exec (conn, "ROLLBACK", NULL);
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "migration %u: ", version + 1);
          return FALSE;
        }
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "MESSAGE", "database migrated to schema version %u",
                        version + 1);
    }

  self->schema_version = version;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Jobs and threads                                                    */

static void
run_batch (gpointer data, GPtrArray *batch)
{
  WwHubSqliteStore *self = data;
  Connection       *conn = &self->writer_conn;
  g_autoptr (GError) error = NULL;
  gboolean committed = FALSE;

  if (exec (conn, "BEGIN IMMEDIATE", &error))
    {
      for (guint i = 0; i < batch->len; i++)
        {
          Job *job = g_ptr_array_index (batch, i);

          if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (job->task), &job->error))
            continue;

          if (!exec (conn, "SAVEPOINT job", &job->error))
            continue;
          if (job->run (conn, job, &job->error))
            {
              exec (conn, "RELEASE job", NULL);
            }
          else
            {
              exec (conn, "ROLLBACK TO job", NULL);
              exec (conn, "RELEASE job", NULL);
              ww_hub_job_undo (job);
            }
        }

      committed = exec (conn, "COMMIT", &error);
      if (!committed)
        exec (conn, "ROLLBACK", NULL);
    }

  /* Events first: a client told "created" may already be listening. */
  ww_hub_job_store_announce (G_OBJECT (self), self->main_context,
                             ww_hub_job_batch_settle (batch, committed ? NULL : error));
  ww_hub_job_batch_complete (batch);
}

static gpointer
writer_thread (gpointer data)
{
  ww_hub_job_write_loop (((WwHubSqliteStore *)data)->write_queue, MAX_BATCH, run_batch, data);
  return NULL;
}

/* One snapshot per job: a position and its queue agree. */
static void
run_read (Connection *conn, Job *job)
{
  if (exec (conn, "BEGIN", &job->error))
    {
      job->run (conn, job, &job->error);
      exec (conn, "COMMIT", NULL);
    }
}

static gpointer
reader_thread (gpointer data)
{
  WwHubSqliteStore *self = data;

  ww_hub_job_read_loop (self->read_queue, run_read, &self->reader_conn);
  return NULL;
}

static void
sqlite_push (WwHubJobStore *store, Job *job)
{
  WwHubSqliteStore *self = WW_HUB_SQLITE_STORE (store);

  g_async_queue_push (job->write ? self->write_queue : self->read_queue, job);
}

/* ------------------------------------------------------------------ */
/* Tickets                                                             */

static gboolean
branch_estimate_inputs (Connection *conn,
                        const char *branch_id,
                        gint64     *samples,
                        guint      *n_samples,
                        guint      *n_desks,
                        GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  *n_samples = 0;
  stmt = query (conn, error,
                "SELECT (closed_at - started_at) / 1000000 FROM tickets"
                " WHERE branch_id = ? AND state = 'done' AND started_at IS NOT NULL"
                " ORDER BY closed_at DESC LIMIT " G_STRINGIFY (WW_HUB_ESTIMATE_SAMPLES),
                "s", branch_id);
  while ((rc = step (conn, stmt, error)) == SQLITE_ROW)
    samples[(*n_samples)++] = sqlite3_column_int64 (stmt, 0);
  if (rc < 0)
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_reset);

  stmt = query (conn, error, "SELECT COUNT (DISTINCT desk_id) FROM tickets WHERE branch_id = ? AND called_at > ?", "si",
                branch_id, g_get_real_time () - STALE_DESK_US);
  if (step (conn, stmt, error) != SQLITE_ROW)
    return FALSE;
  *n_desks = sqlite3_column_int (stmt, 0);

  return TRUE;
}

/* A ticket with its place in the queue and its estimated wait. */
static WwTicket *
load_ticket (Connection *conn, const char *ticket_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) position_stmt = NULL;
  g_autofree char *branch_id = NULL;
  gint64           samples[WW_HUB_ESTIMATE_SAMPLES];
  guint            n_samples = 0, n_desks = 0;
  int              position = 0;
  int              rc;

  stmt = query (conn, error, "SELECT " WW_HUB_TICKET_COLUMNS " FROM tickets t WHERE t.ticket_id = ?", "s", ticket_id);
  rc = step (conn, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "no such ticket");
      return NULL;
    }

  if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 8), "waiting") == 0)
    {
      position_stmt =
          query (conn, error,
                 "SELECT COUNT (*) FROM tickets WHERE branch_id = ?1 AND state = 'waiting'"
                 " AND (created_at < ?2 OR (created_at = ?2 AND ticket_id <= ?3))",
                 "sis", (const char *)sqlite3_column_text (stmt, 2), sqlite3_column_int64 (stmt, 10), ticket_id);
      if (step (conn, position_stmt, error) != SQLITE_ROW)
        return NULL;
      position = sqlite3_column_int (position_stmt, 0);

      branch_id = column_dup (stmt, 2);
      if (!branch_estimate_inputs (conn, branch_id, samples, &n_samples, &n_desks, error))
        return NULL;
    }

  return ww_hub_row_to_ticket (STMT_ROW (stmt), position, ww_hub_estimate_wait (position, samples, n_samples, n_desks));
}

static gint64
count_waiting (Connection *conn, const char *branch_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt =
      query (conn, error, "SELECT COUNT (*) FROM tickets WHERE branch_id = ? AND state = 'waiting'", "s", branch_id);

  if (step (conn, stmt, error) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* Volunteers on duty in the branch now: their login session must still be valid. */
static gint64
count_on_duty (Connection *conn, const char *branch_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt =
      query (conn, error,
             "SELECT COUNT (*) FROM presence p JOIN sessions s ON s.token_hash = p.token_hash"
             " WHERE p.branch_id = ? AND s.expires_at > ?",
             "si", branch_id, g_get_real_time ());

  if (step (conn, stmt, error) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
append_event (Connection *conn,
              Job        *job,
              const char *type,
              const char *branch_id,
              const char *kiosk_id,
              const char *data,
              GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = query (conn, error,
                                         "INSERT INTO events (created_at, type, branch_id, kiosk_id, data)"
                                         " VALUES (?, ?, ?, ?, ?)",
                                         "issss", g_get_real_time (), type, branch_id, kiosk_id, data);

  if (step (conn, stmt, error) != SQLITE_DONE)
    return FALSE;

  ww_hub_job_add_event (job, ww_hub_event_new (sqlite3_last_insert_rowid (conn->db), type, branch_id, kiosk_id, data));
  return TRUE;
}

/* Every change to a ticket is logged twice: the ticket itself (for its
 * kiosk and the branch's volunteers) and the branch's queue length (for
 * every kiosk of the branch). Neither carries the first name. */
static gboolean
append_ticket_events (Connection *conn, Job *job, WwTicket *ticket, gint64 known_waiting, GError **error)
{
  g_autoptr (json_object) ticket_json = ww_ticket_to_json (ticket, FALSE);
  g_autoptr (json_object) queue_json = NULL;
  const char *branch_id = ww_ticket_get_branch_id (ticket);
  gint64      waiting = known_waiting >= 0 ? known_waiting : count_waiting (conn, branch_id, error);
  gint64      on_duty = waiting >= 0 ? count_on_duty (conn, branch_id, error) : -1;

  if (waiting < 0 || on_duty < 0)
    return FALSE;

  queue_json = ww_hub_queue_event_json (branch_id, waiting, on_duty > 0 || conn->always_open);

  return append_event (conn, job, "ticket", branch_id, ww_ticket_get_kiosk_id (ticket),
                       json_object_to_json_string_ext (ticket_json, JSON_C_TO_STRING_PLAIN), error) &&
         append_event (conn, job, "queue", branch_id, NULL,
                       json_object_to_json_string_ext (queue_json, JSON_C_TO_STRING_PLAIN), error);
}

static gboolean
create_ticket_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  g_autofree char *day = NULL;
  g_autofree char *ticket_id = NULL;
  g_autofree char *number = NULL;
  gint64           now = g_get_real_time ();
  gint64           sequence;
  int              rc;

  stmt = query (conn, error,
                "SELECT request_hash, ticket_id FROM idempotency_keys WHERE kiosk_id = ? AND idempotency_key = ?", "ss",
                job->s[WW_HUB_JOB_CT_KIOSK], job->s[WW_HUB_JOB_CT_KEY]);
  rc = step (conn, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      if (!ww_hub_job_is_same_request (job, (const char *)sqlite3_column_text (stmt, 0), error))
        return FALSE;
      ticket_id = column_dup (stmt, 1);
      g_clear_pointer (&stmt, sqlite3_reset);

      ticket = load_ticket (conn, ticket_id, error);
      if (ticket == NULL)
        return FALSE;

      return ww_hub_job_set_created (job, g_steal_pointer (&ticket), TRUE);
    }
  g_clear_pointer (&stmt, sqlite3_reset);

  /* Checked in the same transaction as the insert: a volunteer going off
   * duty meanwhile cannot leave a ticket nobody will call. */
  if (job->n[1])
    {
      gint64 on_duty = count_on_duty (conn, job->s[WW_HUB_JOB_CT_BRANCH], error);

      if (on_duty < 0)
        return FALSE;
      if (on_duty == 0)
        {
          g_set_error (error, WW_ERROR, WW_ERROR_CLOSED, "no volunteer is on duty");
          return FALSE;
        }
    }

  day = ww_hub_business_day (now);
  stmt = query (conn, error,
                "INSERT INTO ticket_counters (branch_id, business_day, last_sequence) VALUES (?, ?, 1)"
                " ON CONFLICT (branch_id, business_day) DO UPDATE SET last_sequence = last_sequence + 1"
                " RETURNING last_sequence",
                "ss", job->s[WW_HUB_JOB_CT_BRANCH], day);
  if (step (conn, stmt, error) != SQLITE_ROW)
    return FALSE;
  sequence = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_reset);

  ticket_id = g_uuid_string_random ();
  number = ww_ticket_format_number ((WwHelpTopic)job->n[0], (guint)sequence);

  stmt = query (conn, error,
                "INSERT INTO tickets (ticket_id, branch_id, kiosk_id, business_day, sequence, number, topic,"
                " language, service_id, first_name, state, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?)",
                "ssssisisssi", ticket_id, job->s[WW_HUB_JOB_CT_BRANCH], job->s[WW_HUB_JOB_CT_KIOSK], day, sequence,
                number, job->n[0], job->s[WW_HUB_JOB_CT_LANGUAGE], job->s[WW_HUB_JOB_CT_SERVICE],
                job->s[WW_HUB_JOB_CT_FIRST_NAME], now);
  if (!run_stmt (conn, g_steal_pointer (&stmt), error))
    return FALSE;

  stmt = query (conn, error,
                "INSERT INTO idempotency_keys (kiosk_id, idempotency_key, request_hash, ticket_id, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                "ssssi", job->s[WW_HUB_JOB_CT_KIOSK], job->s[WW_HUB_JOB_CT_KEY], job->s[WW_HUB_JOB_CT_HASH], ticket_id,
                now);
  if (!run_stmt (conn, g_steal_pointer (&stmt), error))
    return FALSE;

  stmt = query (conn, error,
                "INSERT INTO stats (branch_id, business_day, hour, topic, tickets) VALUES (?, ?, ?, ?, 1)"
                " ON CONFLICT (branch_id, business_day, hour, topic) DO UPDATE SET tickets = tickets + 1",
                "ssii", job->s[WW_HUB_JOB_CT_BRANCH], day, (gint64)ww_hub_business_hour (now), job->n[0]);
  if (!run_stmt (conn, g_steal_pointer (&stmt), error))
    return FALSE;

  ticket = load_ticket (conn, ticket_id, error);
  /* A new ticket is the last one waiting: its position is the queue's
   * length, so the queue is not counted twice. */
  if (ticket == NULL || !append_ticket_events (conn, job, ticket, ww_ticket_get_position (ticket), error))
    return FALSE;

  return ww_hub_job_set_created (job, g_steal_pointer (&ticket), FALSE);
}

static gboolean
get_ticket_run (Connection *conn, Job *job, GError **error)
{
  job->result = load_ticket (conn, job->s[0], error);
  return job->result != NULL;
}

/* The guarded transitions: the UPDATE only matches a ticket in a state the
 * action may start from, so of two volunteers calling one ticket exactly
 * one changes a row; the other is told CONFLICT. */
static const char *
transition_sql (WwHubAction action)
{
  switch (action)
    {
    case WW_HUB_ACTION_CALL:
      return "UPDATE tickets SET state = 'called', desk_id = ?2, called_at = ?3"
             " WHERE ticket_id = ?1 AND state = 'waiting'";
    case WW_HUB_ACTION_START:
      return "UPDATE tickets SET state = 'inProgress', started_at = ?3"
             " WHERE ticket_id = ?1 AND state = 'called'";
    case WW_HUB_ACTION_FINISH:
      return "UPDATE tickets SET state = 'done', closed_at = ?3, first_name = NULL, outcome = ?4"
             " WHERE ticket_id = ?1 AND state = 'inProgress'";
    case WW_HUB_ACTION_NO_SHOW:
      return "UPDATE tickets SET state = 'noShow', closed_at = ?3, first_name = NULL"
             " WHERE ticket_id = ?1 AND state = 'called'";
    case WW_HUB_ACTION_CANCEL:
      return "UPDATE tickets SET state = 'cancelled', closed_at = ?3, first_name = NULL"
             " WHERE ticket_id = ?1 AND state IN ('waiting', 'called')";
    case WW_HUB_ACTION_REQUEUE:
      return "UPDATE tickets SET state = 'waiting', desk_id = NULL, called_at = NULL, started_at = NULL"
             " WHERE ticket_id = ?1 AND state IN ('called', 'inProgress')";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
record_close_stats (Connection *conn, WwTicket *ticket, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GDateTime       *created = ww_ticket_get_created_at (ticket);
  GDateTime       *called = ww_ticket_get_called_at (ticket);
  GDateTime       *started = ww_ticket_get_started_at (ticket);
  GDateTime       *closed = ww_ticket_get_closed_at (ticket);
  gint64           created_us = g_date_time_to_unix (created) * G_USEC_PER_SEC;
  g_autofree char *day = ww_hub_business_day (created_us);
  gboolean         waited = called != NULL;
  gboolean         served = ww_ticket_get_state (ticket) == WW_TICKET_STATE_DONE && started != NULL;

  gboolean        done = ww_ticket_get_state (ticket) == WW_TICKET_STATE_DONE;
  WwTicketOutcome outcome = ww_ticket_get_outcome (ticket);

  stmt = query (
      conn, error,
      "UPDATE stats SET waited_count = waited_count + ?5, wait_seconds_sum = wait_seconds_sum + ?6,"
      " served_count = served_count + ?7, service_seconds_sum = service_seconds_sum + ?8,"
      " finished_unsaid = finished_unsaid + ?9, solved = solved + ?10, referred = referred + ?11,"
      " follow_up = follow_up + ?12, not_solved = not_solved + ?13"
      " WHERE branch_id = ?1 AND business_day = ?2 AND hour = ?3 AND topic = ?4",
      "ssiiiiiiiiiii", ww_ticket_get_branch_id (ticket), day, (gint64)ww_hub_business_hour (created_us),
      (gint64)ww_ticket_get_topic (ticket), (gint64)waited,
      waited ? g_date_time_difference (called, created) / G_USEC_PER_SEC : 0, (gint64)served,
      served ? g_date_time_difference (closed, started) / G_USEC_PER_SEC : 0,
      (gint64)(done && outcome == WW_TICKET_OUTCOME_NONE), (gint64)(done && outcome == WW_TICKET_OUTCOME_SOLVED),
      (gint64)(done && outcome == WW_TICKET_OUTCOME_REFERRED), (gint64)(done && outcome == WW_TICKET_OUTCOME_FOLLOW_UP),
      (gint64)(done && outcome == WW_TICKET_OUTCOME_NOT_SOLVED));
  return run_stmt (conn, g_steal_pointer (&stmt), error);
}

static gboolean
transition_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  g_autofree char *branch_id = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *state = NULL;
  WwHubAction      action = job->n[0];
  int              rc;

  stmt = query (conn, error, "SELECT branch_id, kiosk_id, state FROM tickets WHERE ticket_id = ?", "s",
                job->s[WW_HUB_JOB_TR_TICKET]);
  rc = step (conn, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "no such ticket");
      return FALSE;
    }
  branch_id = column_dup (stmt, 0);
  kiosk_id = column_dup (stmt, 1);
  state = column_dup (stmt, 2);
  g_clear_pointer (&stmt, sqlite3_reset);

  if (!ww_hub_job_may_transition (job, branch_id, kiosk_id, error))
    return FALSE;

  if (action == WW_HUB_ACTION_CALL)
    {
      stmt = query (conn, error, "SELECT 1 FROM desks WHERE desk_id = ? AND branch_id = ?", "ss",
                    job->s[WW_HUB_JOB_TR_DESK], branch_id);
      rc = step (conn, stmt, error);
      if (rc < 0)
        return FALSE;
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, WW_ERROR, WW_ERROR_UNPROCESSABLE, "deskId is not a desk of the ticket's branch");
          return FALSE;
        }
      g_clear_pointer (&stmt, sqlite3_reset);
    }

  stmt = query (conn, error, transition_sql (action), "ssis", job->s[WW_HUB_JOB_TR_TICKET], job->s[WW_HUB_JOB_TR_DESK],
                g_get_real_time (), ww_ticket_outcome_to_string (job->n[1]));
  if (!run_stmt (conn, g_steal_pointer (&stmt), error))
    return FALSE;
  if (sqlite3_changes (conn->db) != 1)
    {
      ww_hub_job_set_transition_lost (error, state, action);
      return FALSE;
    }

  ticket = load_ticket (conn, job->s[WW_HUB_JOB_TR_TICKET], error);
  if (ticket == NULL)
    return FALSE;
  if (ww_ticket_is_closed (ticket) && !record_close_stats (conn, ticket, error))
    return FALSE;
  if (!append_ticket_events (conn, job, ticket, -1, error))
    return FALSE;

  job->result = g_steal_pointer (&ticket);
  return TRUE;
}

static gboolean
list_queue_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 samples[WW_HUB_ESTIMATE_SAMPLES];
  guint  n_samples, n_desks;
  int    position = 0;
  int    rc;

  if (!branch_estimate_inputs (conn, job->s[0], samples, &n_samples, &n_desks, error))
    return FALSE;

  stmt = query (conn, error,
                "SELECT " WW_HUB_TICKET_COLUMNS " FROM tickets t"
                " WHERE t.branch_id = ? AND t.state IN ('waiting', 'called', 'inProgress')"
                " ORDER BY t.state = 'waiting', t.created_at, t.ticket_id",
                "s", job->s[0]);
  while ((rc = step (conn, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (tickets, ww_hub_row_to_queued_ticket (STMT_ROW (stmt), &position, samples, n_samples, n_desks));
  if (rc < 0)
    return FALSE;

  job->result = g_steal_pointer (&tickets);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Events                                                              */

static gboolean
read_events_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_event_free);
  int rc;

  /* A limit of 0 asks for the newest entry only: where "now" is. */
  if (job->n[1] == 0)
    stmt = query (conn, error, "SELECT " WW_HUB_EVENT_COLUMNS " FROM events ORDER BY event_id DESC LIMIT 1", "");
  else
    stmt = query (conn, error,
                  "SELECT " WW_HUB_EVENT_COLUMNS " FROM events WHERE event_id > ?"
                  " ORDER BY event_id LIMIT ?",
                  "ii", job->n[0], job->n[1]);

  while ((rc = step (conn, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (events, ww_hub_row_to_event (STMT_ROW (stmt)));
  if (rc < 0)
    return FALSE;

  job->result = g_steal_pointer (&events);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Authentication and sessions                                         */

static gboolean
authenticate_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt =
      query (conn, error, "SELECT " WW_HUB_KIOSK_PRINCIPAL_COLUMNS " FROM kiosks WHERE token_hash = ?", "s", job->s[0]);
  rc = step (conn, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      job->result = ww_hub_row_to_kiosk_principal (STMT_ROW (stmt), error);
      return job->result != NULL;
    }
  g_clear_pointer (&stmt, sqlite3_reset);

  stmt = query (conn, error,
                "SELECT " WW_HUB_SESSION_PRINCIPAL_COLUMNS
                " FROM sessions s JOIN volunteers v ON v.volunteer_id = s.volunteer_id"
                " WHERE s.token_hash = ?",
                "s", job->s[0]);
  rc = step (conn, stmt, error);
  if (rc < 0)
    return FALSE;

  job->result = ww_hub_row_to_session_principal (rc == SQLITE_ROW ? STMT_ROW (stmt) : NULL, g_get_real_time (), error);
  return job->result != NULL;
}

static gboolean
find_volunteer_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = query (conn, error, "SELECT " WW_HUB_VOLUNTEER_COLUMNS " FROM volunteers WHERE username = ?", "s", job->s[0]);
  rc = step (conn, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "no such volunteer");
      return FALSE;
    }

  job->result = ww_hub_row_to_volunteer (STMT_ROW (stmt));
  return TRUE;
}

static gboolean
create_session_run (Connection *conn, Job *job, GError **error)
{
  return run_stmt (conn,
                   query (conn, error,
                          "INSERT INTO sessions (token_hash, volunteer_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                          "ssii", job->s[1], job->s[0], g_get_real_time (), job->n[0]),
                   error);
}

static gboolean
delete_session_run (Connection *conn, Job *job, GError **error)
{
  return run_stmt (conn, query (conn, error, "DELETE FROM sessions WHERE token_hash = ?", "s", job->s[0]), error);
}

/* ------------------------------------------------------------------ */
/* Fleet, statistics, retention                                        */

static gboolean
heartbeat_run (Connection *conn, Job *job, GError **error)
{
  if (!run_stmt (conn,
                 query (conn, error,
                        "UPDATE kiosks SET last_seen_at = ?, version = ?, uptime_seconds = ?, catalog_etag = ?,"
                        " speech_status = ?, printer_status = ? WHERE kiosk_id = ? AND revoked_at IS NULL",
                        "isisss"
                        "s",
                        g_get_real_time (), job->s[1], job->n[0], job->s[2], job->s[3], job->s[4], job->s[0]),
                 error))
    return FALSE;

  if (sqlite3_changes (conn->db) != 1)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "no such kiosk");
      return FALSE;
    }

  return TRUE;
}

static gboolean
list_kiosks_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) kiosks = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_kiosk_free);
  int rc;

  stmt = query (conn, error, "SELECT " WW_HUB_KIOSK_COLUMNS " FROM kiosks ORDER BY branch_id, kiosk_id", "");
  while ((rc = step (conn, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (kiosks, ww_hub_row_to_kiosk (STMT_ROW (stmt)));
  if (rc < 0)
    return FALSE;

  job->result = g_steal_pointer (&kiosks);
  return TRUE;
}

static gboolean
list_desks_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) desks = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_desk_free);
  int rc;

  stmt = query (conn, error, "SELECT " WW_HUB_DESK_COLUMNS " FROM desks WHERE branch_id = ? ORDER BY desk_id", "s",
                job->s[0]);
  while ((rc = step (conn, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (desks, ww_hub_row_to_desk (STMT_ROW (stmt)));
  if (rc < 0)
    return FALSE;

  job->result = g_steal_pointer (&desks);
  return TRUE;
}

static gboolean
get_stats_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_stats_row_free);
  int rc;

  stmt = query (conn, error,
                "SELECT " WW_HUB_STATS_COLUMNS " FROM stats"
                " WHERE (?1 IS NULL OR branch_id = ?1) AND business_day BETWEEN ?2 AND ?3"
                " ORDER BY branch_id, business_day, hour, topic",
                "sss", job->s[0], job->s[1], job->s[2]);
  while ((rc = step (conn, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, ww_hub_row_to_stats (STMT_ROW (stmt)));
  if (rc < 0)
    return FALSE;

  job->result = g_steal_pointer (&rows);
  return TRUE;
}

/*
 * Retention: tickets closed before @closed_before go (with their
 * idempotency keys and log entries of the same age); expired sessions go;
 * a ticket still open from an earlier business day is closed as
 * cancelled, so no first name outlives the day it was typed.
 */
static gboolean
purge_run (Connection *conn, Job *job, GError **error)
{
  g_autofree char *today = ww_hub_business_day (job->n[1]);

  return run_stmt (conn,
                   query (conn, error,
                          "UPDATE tickets SET state = 'cancelled', closed_at = ?, first_name = NULL"
                          " WHERE state IN ('waiting', 'called', 'inProgress') AND business_day < ?",
                          "is", job->n[1], today),
                   error) &&
         run_stmt (conn,
                   query (conn, error,
                          "DELETE FROM idempotency_keys WHERE ticket_id IN"
                          " (SELECT ticket_id FROM tickets WHERE closed_at < ?)",
                          "i", job->n[0]),
                   error) &&
         run_stmt (conn, query (conn, error, "DELETE FROM tickets WHERE closed_at < ?", "i", job->n[0]), error) &&
         run_stmt (conn, query (conn, error, "DELETE FROM events WHERE created_at < ?", "i", job->n[0]), error) &&
         run_stmt (conn, query (conn, error, "DELETE FROM sessions WHERE expires_at < ?", "i", job->n[1]), error);
}

/* ------------------------------------------------------------------ */
/* Administration                                                      */

static gboolean
require_branch (Connection *conn, const char *branch_id, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = query (conn, error, "SELECT 1 FROM branches WHERE branch_id = ?", "s", branch_id);
  int rc = step (conn, stmt, error);

  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "there is no branch “%s” (add it with add-branch)", branch_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
expect_one_change (Connection *conn, const char *what, const char *id, GError **error)
{
  if (sqlite3_changes (conn->db) == 1)
    return TRUE;

  g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "there is no %s “%s”", what, id);
  return FALSE;
}

static gboolean
insert_unique (Connection *conn, sqlite3_stmt *stmt, const char *what, const char *id, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (run_stmt (conn, stmt, &local_error))
    return TRUE;

  if (g_error_matches (local_error, WW_ERROR, WW_ERROR_CONFLICT))
    g_set_error (error, WW_ERROR, WW_ERROR_CONFLICT, "%s “%s” already exists", what, id);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
append_listing (Connection *conn, GString *out, const char *title, const char *sql)
{
  g_autoptr (sqlite3_stmt) stmt = query (conn, NULL, sql, "");

  g_string_append_printf (out, "%s:\n", title);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append (out, " ");
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (
            out, " %s", sqlite3_column_text (stmt, i) != NULL ? (const char *)sqlite3_column_text (stmt, i) : "-");
      g_string_append_c (out, '\n');
    }
}

static gboolean
admin_command (Connection *conn, Job *job, GError **error)
{
  const char        *command = job->s[0];
  const char *const *a = job->args;
  gint64             now = g_get_real_time ();

  job->result_free = g_free;

  if (g_str_equal (command, "add-branch"))
    return insert_unique (conn,
                          query (conn, error, "INSERT INTO branches (branch_id, name, created_at) VALUES (?, ?, ?)",
                                 "ssi", a[0], a[1], now),
                          "branch", a[0], error);

  if (g_str_equal (command, "add-desk"))
    return require_branch (conn, a[0], error) &&
           insert_unique (conn,
                          query (conn, error, "INSERT INTO desks (desk_id, branch_id, name) VALUES (?, ?, ?)", "sss",
                                 a[1], a[0], a[2]),
                          "desk", a[1], error);

  if (g_str_equal (command, "enrol-kiosk"))
    return require_branch (conn, a[1], error) &&
           insert_unique (conn,
                          query (conn, error,
                                 "INSERT INTO kiosks (kiosk_id, branch_id, name, token_hash, enrolled_at)"
                                 " VALUES (?, ?, ?, ?, ?)",
                                 "ssssi", a[0], a[1], a[2], a[3], now),
                          "kiosk", a[0], error);

  /* A new token for a known kiosk (lost, or revoked and back in service). */
  if (g_str_equal (command, "rotate-kiosk"))
    return run_stmt (conn,
                     query (conn, error,
                            "UPDATE kiosks SET token_hash = ?, revoked_at = NULL, enrolled_at = ? WHERE kiosk_id = ?",
                            "sis", a[1], now, a[0]),
                     error) &&
           expect_one_change (conn, "kiosk", a[0], error);

  if (g_str_equal (command, "revoke-kiosk"))
    return run_stmt (conn,
                     query (conn, error, "UPDATE kiosks SET revoked_at = COALESCE (revoked_at, ?) WHERE kiosk_id = ?",
                            "is", now, a[0]),
                     error) &&
           expect_one_change (conn, "kiosk", a[0], error);

  if (g_str_equal (command, "add-volunteer"))
    {
      g_autofree char *volunteer_id = g_uuid_string_random ();

      return require_branch (conn, a[1], error) &&
             insert_unique (
                 conn,
                 query (conn, error,
                        "INSERT INTO volunteers (volunteer_id, username, branch_id, role, password_hash, created_at)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        "sssssi", volunteer_id, a[0], a[1], a[2], a[3], now),
                 "volunteer", a[0], error);
    }

  if (g_str_equal (command, "disable-volunteer") || g_str_equal (command, "enable-volunteer"))
    {
      gboolean disable = g_str_equal (command, "disable-volunteer");

      return run_stmt (conn,
                       query (conn, error, "UPDATE volunteers SET disabled = ? WHERE username = ?", "is",
                              (gint64)disable, a[0]),
                       error) &&
             expect_one_change (conn, "volunteer", a[0], error) &&
             (!disable || run_stmt (conn,
                                    query (conn, error,
                                           "DELETE FROM sessions WHERE volunteer_id IN"
                                           " (SELECT volunteer_id FROM volunteers WHERE username = ?)",
                                           "s", a[0]),
                                    error));
    }

  if (g_str_equal (command, "reset-volunteer"))
    return run_stmt (
               conn,
               query (conn, error, "UPDATE volunteers SET password_hash = ? WHERE username = ?", "ss", a[1], a[0]),
               error) &&
           expect_one_change (conn, "volunteer", a[0], error) &&
           run_stmt (conn,
                     query (conn, error,
                            "DELETE FROM sessions WHERE volunteer_id IN"
                            " (SELECT volunteer_id FROM volunteers WHERE username = ?)",
                            "s", a[0]),
                     error);

  g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "unknown store command %s", command);
  return FALSE;
}

static gboolean
admin_run (Connection *conn, Job *job, GError **error)
{
  return ww_hub_job_run_admin (conn, job, admin_command, append_listing, error);
}

/* ------------------------------------------------------------------ */
/* Help sessions, reservations, presence                               */

static gboolean
help_read_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (WwHubHelpSnapshot) snapshot = ww_hub_help_snapshot_new ();
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 on_duty;
  int    rc;

  stmt = query (conn, error,
                "SELECT " WW_HUB_HELP_SESSION_COLUMNS " FROM help_sessions WHERE branch_id = ? ORDER BY session_id",
                "s", job->s[0]);
  while ((rc = step (conn, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (snapshot->sessions, ww_hub_row_to_help_session (STMT_ROW (stmt)));
  if (rc < 0)
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_reset);

  stmt = query (conn, error,
                "SELECT " WW_HUB_HELP_EXCEPTION_COLUMNS " FROM help_exceptions WHERE branch_id = ? ORDER BY day", "s",
                job->s[0]);
  while ((rc = step (conn, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (snapshot->exceptions, ww_hub_row_to_help_exception (STMT_ROW (stmt)));
  if (rc < 0)
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_reset);

  stmt = query (conn, error,
                "SELECT " WW_HUB_RESERVATION_COLUMNS " FROM reservations WHERE branch_id = ? AND starts_at >= ?"
                " AND starts_at < ? ORDER BY starts_at, created_at",
                "sii", job->s[0], job->n[0], job->n[1]);
  while ((rc = step (conn, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (snapshot->reservations, ww_hub_row_to_reservation (STMT_ROW (stmt)));
  if (rc < 0)
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_reset);

  on_duty = count_on_duty (conn, job->s[0], error);
  snapshot->waiting = count_waiting (conn, job->s[0], error);
  if (on_duty < 0 || snapshot->waiting < 0)
    return FALSE;
  snapshot->on_duty = (guint)on_duty;

  job->result = g_steal_pointer (&snapshot);
  return TRUE;
}

static WwHubReservation *
load_reservation (Connection *conn, const char *sql, const char *a, const char *b, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = query (conn, error, sql, "ss", a, b);
  int rc = step (conn, stmt, error);

  if (rc != SQLITE_ROW)
    return NULL;
  return ww_hub_row_to_reservation (STMT_ROW (stmt));
}

static gboolean
reserve (Connection *conn, const WwHubHelpWrite *w, WwHubHelpResult *result, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 now = g_get_real_time ();
  int    rc;

  stmt = query (conn, error, "SELECT request_hash, code FROM reservations WHERE subject_id = ? AND idempotency_key = ?",
                "ss", w->subject_id, w->idempotency_key);
  rc = step (conn, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      g_autofree char *code = column_dup (stmt, 1);

      if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), w->request_hash) != 0)
        {
          g_set_error (error, WW_ERROR, WW_ERROR_UNPROCESSABLE,
                       "this Idempotency-Key was already used for a different request");
          return FALSE;
        }
      g_clear_pointer (&stmt, sqlite3_reset);
      result->reservation = load_reservation (
          conn, "SELECT " WW_HUB_RESERVATION_COLUMNS " FROM reservations WHERE code = ? AND ? IS NULL", code, NULL,
          error);
      result->replayed = TRUE;
      return result->reservation != NULL;
    }
  g_clear_pointer (&stmt, sqlite3_reset);

  /* Writes are serialised (one writer, BEGIN IMMEDIATE): counting and
   * inserting in one transaction cannot overbook. */
  for (guint i = 0; i < w->n_candidates; i++)
    {
      const WwHubOccurrence *candidate = &w->candidates[i];
      g_autofree char       *reservation_id = NULL;
      gint64                 free_places;

      stmt = query (conn, error,
                    "SELECT s.capacity - (SELECT COUNT (*) FROM reservations r"
                    "   WHERE r.session_id = s.session_id AND r.starts_at = ?)"
                    " FROM help_sessions s WHERE s.session_id = ? AND s.branch_id = ? AND s.cancelled_at IS NULL"
                    " AND NOT EXISTS (SELECT 1 FROM help_exceptions e WHERE e.branch_id = s.branch_id AND e.day = ?"
                    "   AND e.session_id IN ('', s.session_id))",
                    "isss", candidate->starts_at, candidate->session->session_id, w->branch_id, candidate->day);
      rc = step (conn, stmt, error);
      if (rc < 0)
        return FALSE;
      free_places = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
      g_clear_pointer (&stmt, sqlite3_reset);
      if (free_places <= 0)
        continue;

      reservation_id = g_uuid_string_random ();
      for (int attempt = 0; attempt < 8; attempt++)
        {
          g_autofree char *code = ww_hub_help_new_code ();

          if (!run_stmt (conn,
                         query (conn, error,
                                "INSERT INTO reservations (reservation_id, code, branch_id, session_id, starts_at,"
                                " ends_at, subject_id, idempotency_key, request_hash, created_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
                                "ssssiisssi", reservation_id, code, w->branch_id, candidate->session->session_id,
                                candidate->starts_at, candidate->ends_at, w->subject_id, w->idempotency_key,
                                w->request_hash, now),
                         error))
            return FALSE;
          if (sqlite3_changes (conn->db) == 1)
            {
              result->reservation = load_reservation (
                  conn, "SELECT " WW_HUB_RESERVATION_COLUMNS " FROM reservations WHERE code = ? AND ? IS NULL", code,
                  NULL, error);
              return result->reservation != NULL;
            }
        }
      g_set_error (error, WW_ERROR, WW_ERROR_FAILED, "no free reservation code found");
      return FALSE;
    }

  g_set_error (error, WW_ERROR, WW_ERROR_CONFLICT, "this session is full");
  return FALSE;
}

static gboolean
check_in (Connection *conn, const WwHubHelpWrite *w, WwHubHelpResult *result, GError **error)
{
  g_autoptr (WwHubReservation) reservation = NULL;
  g_autoptr (GError) local_error = NULL;

  reservation = load_reservation (conn,
                                  "SELECT " WW_HUB_RESERVATION_COLUMNS " FROM reservations WHERE code = ?"
                                  " AND (?2 IS NULL OR branch_id = ?2)",
                                  w->code, w->branch_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!ww_hub_help_can_check_in (reservation, w->now, &result->replayed, error))
    return FALSE;

  if (!result->replayed)
    {
      if (!run_stmt (
              conn,
              query (conn, error, "UPDATE reservations SET checked_in_at = ? WHERE code = ?", "is", w->now, w->code),
              error))
        return FALSE;
      reservation->checked_in_at = w->now;
    }
  result->reservation = g_steal_pointer (&reservation);
  return TRUE;
}

/* The branch's queue as its kiosks see it: how many wait, and whether a
 * ticket can be made now. */
static gboolean
queue_changed (Connection *conn, Job *job, const char *branch_id, WwHubHelpResult *result, GError **error)
{
  g_autoptr (json_object) queue_json = NULL;
  gint64 on_duty, waiting;

  on_duty = count_on_duty (conn, branch_id, error);
  waiting = on_duty >= 0 ? count_waiting (conn, branch_id, error) : -1;
  if (waiting < 0)
    return FALSE;
  result->on_duty = (guint)on_duty;
  result->waiting = waiting;

  queue_json = ww_hub_queue_event_json (branch_id, waiting, on_duty > 0 || conn->always_open);
  return append_event (conn, job, "queue", branch_id, NULL,
                       json_object_to_json_string_ext (queue_json, JSON_C_TO_STRING_PLAIN), error);
}

static gboolean
presence_changed (Connection *conn, Job *job, const WwHubHelpWrite *w, WwHubHelpResult *result, GError **error)
{
  if (w->on_duty)
    {
      if (!run_stmt (conn,
                     query (conn, error,
                            "INSERT INTO presence (token_hash, volunteer_id, branch_id, since) VALUES (?, ?, ?, ?)"
                            " ON CONFLICT (token_hash) DO NOTHING",
                            "sssi", w->token_hash, w->volunteer_id, w->branch_id, g_get_real_time ()),
                     error))
        return FALSE;
    }
  else if (!run_stmt (conn, query (conn, error, "DELETE FROM presence WHERE token_hash = ?", "s", w->token_hash),
                      error))
    return FALSE;

  return queue_changed (conn, job, w->branch_id, result, error);
}

/* A volunteer whose login expired is no longer on duty: their branches
 * hear it as they would hear them go off duty. */
static gboolean
presence_expired (Connection *conn, Job *job, const WwHubHelpWrite *w, WwHubHelpResult *result, GError **error)
{
  g_autoptr (GPtrArray) branches = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (sqlite3_stmt) stmt =
      query (conn, error,
             "DELETE FROM presence WHERE token_hash NOT IN (SELECT token_hash FROM sessions WHERE expires_at > ?)"
             " RETURNING branch_id",
             "i", w->now);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = step (conn, stmt, error)) == SQLITE_ROW)
    {
      const char *branch_id = (const char *)sqlite3_column_text (stmt, 0);

      if (!g_ptr_array_find_with_equal_func (branches, branch_id, g_str_equal, NULL))
        g_ptr_array_add (branches, g_strdup (branch_id));
    }
  if (rc != SQLITE_DONE)
    return FALSE;

  for (guint i = 0; i < branches->len; i++)
    if (!queue_changed (conn, job, g_ptr_array_index (branches, i), result, error))
      return FALSE;
  return TRUE;
}

static gboolean
help_write_run (Connection *conn, Job *job, GError **error)
{
  const WwHubHelpWrite *w = job->help;
  g_autoptr (WwHubHelpResult) result = g_new0 (WwHubHelpResult, 1);
  gint64   now = g_get_real_time ();
  gboolean ok = FALSE;

  switch (w->kind)
    {
    case WW_HUB_HELP_ADD_SESSION:
      {
        const WwHubHelpSession *s = w->session;

        ok = require_branch (conn, s->branch_id, error) &&
             insert_unique (conn,
                            query (conn, error,
                                   "INSERT INTO help_sessions (session_id, branch_id, kind, topic, languages,"
                                   " capacity, place, bring, first_day, last_day, weekly, start_time, end_time,"
                                   " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   "sssssissssissi", s->session_id, s->branch_id, ww_hub_help_kind_to_string (s->kind),
                                   s->topic, s->languages, (gint64)s->capacity, s->place,
                                   s->bring != NULL ? s->bring : "", s->first_day, s->last_day, (gint64)s->weekly,
                                   s->start_time, s->end_time, now),
                            "help session", s->session_id, error);
        break;
      }
    case WW_HUB_HELP_CANCEL_SESSION:
      ok = run_stmt (conn,
                     query (conn, error,
                            "UPDATE help_sessions SET cancelled_at = COALESCE (cancelled_at, ?)"
                            " WHERE session_id = ? AND (?3 IS NULL OR branch_id = ?3)",
                            "iss", now, w->session_id, w->branch_id),
                     error) &&
           expect_one_change (conn, "help session", w->session_id, error);
      break;
    case WW_HUB_HELP_ADD_EXCEPTION:
      ok = require_branch (conn, w->branch_id, error);
      if (ok && w->session_id != NULL && *w->session_id != '\0')
        ok = run_stmt (conn,
                       query (conn, error,
                              "UPDATE help_sessions SET session_id = session_id WHERE session_id = ? AND branch_id = ?",
                              "ss", w->session_id, w->branch_id),
                       error) &&
             expect_one_change (conn, "help session in this branch", w->session_id, error);
      ok = ok && run_stmt (conn,
                           query (conn, error,
                                  "INSERT INTO help_exceptions (branch_id, day, session_id, reason, created_at)"
                                  " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                  "ssssi", w->branch_id, w->day, w->session_id != NULL ? w->session_id : "",
                                  w->reason != NULL ? w->reason : "", now),
                           error);
      break;
    case WW_HUB_HELP_PRESENCE:
      ok = presence_changed (conn, job, w, result, error);
      break;
    case WW_HUB_HELP_EXPIRE_PRESENCE:
      ok = presence_expired (conn, job, w, result, error);
      break;
    case WW_HUB_HELP_RESERVE:
      ok = reserve (conn, w, result, error);
      break;
    case WW_HUB_HELP_CHECK_IN:
      ok = check_in (conn, w, result, error);
      break;
    }

  if (ok)
    job->result = g_steal_pointer (&result);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Object                                                              */

static void
stop_thread (GAsyncQueue *queue, GThread **thread)
{
  if (*thread == NULL)
    return;

  ww_hub_job_push_quit (queue);
  g_thread_join (g_steal_pointer (thread));
}

/*
 * Finishes every queued job, then stops the threads and closes the
 * database: a clean shutdown loses nothing that was accepted. Calls made
 * afterwards are a programming error. Also done on finalisation.
 */
void
ww_hub_sqlite_store_shutdown (WwHubSqliteStore *self)
{
  g_return_if_fail (WW_HUB_IS_SQLITE_STORE (self));

  stop_thread (self->write_queue, &self->writer);
  stop_thread (self->read_queue, &self->reader);
  connection_close (&self->writer_conn);
  connection_close (&self->reader_conn);
}

static void
ww_hub_sqlite_store_finalize (GObject *object)
{
  WwHubSqliteStore *self = WW_HUB_SQLITE_STORE (object);

  ww_hub_sqlite_store_shutdown (self);
  connection_close (&self->writer_conn);
  connection_close (&self->reader_conn);
  g_clear_pointer (&self->write_queue, g_async_queue_unref);
  g_clear_pointer (&self->read_queue, g_async_queue_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ww_hub_sqlite_store_parent_class)->finalize (object);
}

static void
ww_hub_sqlite_store_class_init (WwHubSqliteStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ww_hub_sqlite_store_finalize;
}

static void
ww_hub_sqlite_store_init (WwHubSqliteStore *self)
{
  self->write_queue = g_async_queue_new ();
  self->read_queue = g_async_queue_new ();
}

static void
ww_hub_sqlite_store_iface_init (WwHubStoreInterface *iface)
{
  ww_hub_job_store_implement (iface);
}

static void
ww_hub_sqlite_store_job_store_iface_init (WwHubJobStoreInterface *iface)
{
  static const WwHubJobFunc runs[] = WW_HUB_JOB_RUNS;

  iface->runs = runs;
  iface->push = sqlite_push;
}

/* Opens (creating and migrating as needed) the database at @path. Events
 * are announced on the caller's thread-default main context. */
WwHubSqliteStore *
ww_hub_sqlite_store_new (const char *path, gboolean queue_needs_volunteer, GError **error)
{
  g_autoptr (WwHubSqliteStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!sqlite3_threadsafe ())
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_FAILED, "SQLite was built without thread support");
      return NULL;
    }

  self = g_object_new (WW_HUB_TYPE_SQLITE_STORE, NULL);
  self->path = g_strdup (path);
  self->main_context = g_main_context_ref_thread_default ();

  if (!connection_open (&self->writer_conn, path, error) || !migrate (self, error) ||
      !connection_open (&self->reader_conn, path, error))
    return NULL;
  self->writer_conn.always_open = self->reader_conn.always_open = !queue_needs_volunteer;

  self->writer = g_thread_new ("ww-store-writer", writer_thread, self);
  self->reader = g_thread_new ("ww-store-reader", reader_thread, self);

  return g_steal_pointer (&self);
}

guint
ww_hub_sqlite_store_get_schema_version (WwHubSqliteStore *self)
{
  g_return_val_if_fail (WW_HUB_IS_SQLITE_STORE (self), 0);

  return self->schema_version;
}
