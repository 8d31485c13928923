/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The PostgreSQL store, for several hubs on one database (a city's
 * libraries). Same thread model as the SQLite store: libpq blocks, so the
 * database is reached only from the store's own threads, each with its own
 * connection — one writer that commits in groups (each write in its own
 * savepoint, callers told only after COMMIT), two readers, and a listener.
 *
 * Correctness across hubs is the database's: ticket numbers come from an
 * upsert on a counter row per branch and business day inside the ticket's
 * transaction, UNIQUE (branch_id, business_day, sequence) and the
 * idempotency key's primary key stop duplicates, and every transition is an
 * UPDATE … WHERE state … whose row count says who won.
 *
 * Events: every write transaction first takes one transaction-scoped
 * advisory lock, so event ids (an identity column) become visible in the
 * order they were handed out — a hub that has read the log up to id n will
 * never later find a committed id below n. That is what lets every hub
 * stream the shared log with a single "delivered up to" mark, and lets SSE
 * resume by Last-Event-ID stay exact with several hubs. The price is that
 * write transactions of all hubs commit one after another; group commit
 * keeps that cheap (see tests/bench/hub-pg-bench.py for the figures).
 * A NOTIFY in the same transaction (delivered on commit) wakes the other
 * hubs' listeners; a poll of the log every 2 s is the safety net for
 * notifications lost while a listener was reconnecting.
 */

#include "config.h"

#include "ww-hub-pg-store.h"

#include <errno.h>
#include <glib-unix.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include "ww-hub-estimate.h"
#include "ww-hub-job-store.h"
#include "ww-hub-store-row.h"

/* pg_type OIDs (catalog/pg_type_d.h is a server header). */
#define TEXT_OID 25
#define INT8_OID 20

#define MAX_BATCH 256
#define N_READERS 2
#define MAX_PARAMS 16
#define EVENT_PAGE 1000
#define POLL_INTERVAL_MS 2000
#define RECONNECT_DELAY_MS 1000
#define STALE_DESK_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define NOTIFY_CHANNEL "wegwijs_events"
/* Arbitrary, but fixed: the key of the advisory locks (event order, migrations). */
#define LOCK_CLASS "7795"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHubReservation, ww_hub_reservation_free)

struct _WwHubJobConnection
{
  PGconn     *pg;
  const char *conninfo; /* the store's */
  GHashTable *prepared; /* SQL text (static) → statement number */
  guint       n_prepared;
  gboolean    always_open; /* [hub] queue-needs-volunteer=0: tickets without anyone on duty */
};

typedef WwHubJobConnection Connection;
typedef WwHubJob           Job;

struct _WwHubPgStore
{
  GObject parent_instance;

  char         *conninfo;
  guint         schema_version;
  Connection    writer_conn;
  Connection    reader_conns[N_READERS];
  Connection    listener_conn;
  GAsyncQueue  *write_queue;
  GAsyncQueue  *read_queue;
  GThread      *writer;
  GThread      *readers[N_READERS];
  GThread      *listener;
  int           stop_pipe[2];
  GMainContext *main_context;

  /* Events up to this id have been announced, in order. */
  GMutex delivery_lock;
  gint64 delivered_id;
};

static void ww_hub_pg_store_iface_init (WwHubStoreInterface *iface);
static void ww_hub_pg_store_job_store_iface_init (WwHubJobStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwHubPgStore,
                               ww_hub_pg_store,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (WW_HUB_TYPE_STORE, ww_hub_pg_store_iface_init)
                                   G_IMPLEMENT_INTERFACE (WW_HUB_TYPE_JOB_STORE, ww_hub_pg_store_job_store_iface_init))

/* ------------------------------------------------------------------ */
/* Schema                                                              */

/* Append only: a released migration is never edited. Times are µs since
 * the epoch (UTC) as in the SQLite store; business days are computed by
 * the hub in Europe/Amsterdam and stored as YYYY-MM-DD. */
static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE branches ("
  "  branch_id text PRIMARY KEY,"
  "  name text NOT NULL,"
  "  created_at bigint NOT NULL);"
  "CREATE TABLE desks ("
  "  desk_id text PRIMARY KEY,"
  "  branch_id text NOT NULL REFERENCES branches (branch_id),"
  "  name text NOT NULL);"
  "CREATE TABLE kiosks ("
  "  kiosk_id text PRIMARY KEY,"
  "  branch_id text NOT NULL REFERENCES branches (branch_id),"
  "  name text NOT NULL,"
  "  token_hash text NOT NULL UNIQUE,"
  "  enrolled_at bigint NOT NULL,"
  "  revoked_at bigint,"
  "  last_seen_at bigint,"
  "  version text,"
  "  uptime_seconds bigint,"
  "  catalog_etag text,"
  "  speech_status text,"
  "  printer_status text);"
  "CREATE TABLE volunteers ("
  "  volunteer_id text PRIMARY KEY,"
  "  username text NOT NULL UNIQUE,"
  "  branch_id text NOT NULL REFERENCES branches (branch_id),"
  "  role text NOT NULL CHECK (role IN ('volunteer', 'admin')),"
  "  password_hash text NOT NULL,"
  "  disabled boolean NOT NULL DEFAULT false,"
  "  created_at bigint NOT NULL);"
  "CREATE TABLE sessions ("
  "  token_hash text PRIMARY KEY,"
  "  volunteer_id text NOT NULL REFERENCES volunteers (volunteer_id) ON DELETE CASCADE,"
  "  created_at bigint NOT NULL,"
  "  expires_at bigint NOT NULL);"
  "CREATE TABLE ticket_counters ("
  "  branch_id text NOT NULL,"
  "  business_day text NOT NULL,"
  "  last_sequence bigint NOT NULL,"
  "  PRIMARY KEY (branch_id, business_day));"
  "CREATE TABLE tickets ("
  "  ticket_id text PRIMARY KEY,"
  "  branch_id text NOT NULL REFERENCES branches (branch_id),"
  "  kiosk_id text NOT NULL,"
  "  business_day text NOT NULL,"
  "  sequence bigint NOT NULL,"
  "  number text NOT NULL,"
  "  topic integer NOT NULL,"
  "  language text NOT NULL,"
  "  service_id text,"
  "  first_name text,"
  "  state text NOT NULL CHECK (state IN ('waiting', 'called', 'inProgress', 'done', 'noShow', 'cancelled')),"
  "  desk_id text,"
  "  created_at bigint NOT NULL,"
  "  called_at bigint,"
  "  started_at bigint,"
  "  closed_at bigint,"
  "  UNIQUE (branch_id, business_day, sequence),"
  "  CHECK (first_name IS NULL OR state IN ('waiting', 'called', 'inProgress')));"
  "CREATE INDEX tickets_by_queue ON tickets (branch_id, state, created_at);"
  "CREATE INDEX tickets_by_close ON tickets (closed_at) WHERE closed_at IS NOT NULL;"
  "CREATE INDEX tickets_done ON tickets (branch_id, closed_at) WHERE state = 'done';"
  "CREATE INDEX tickets_by_call ON tickets (branch_id, called_at) WHERE called_at IS NOT NULL;"
  "CREATE TABLE idempotency_keys ("
  "  kiosk_id text NOT NULL,"
  "  idempotency_key text NOT NULL,"
  "  request_hash text NOT NULL,"
  "  ticket_id text NOT NULL,"
  "  created_at bigint NOT NULL,"
  "  PRIMARY KEY (kiosk_id, idempotency_key));"
  "CREATE INDEX idempotency_by_ticket ON idempotency_keys (ticket_id);"
  "CREATE TABLE events ("
  "  event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
  "  created_at bigint NOT NULL,"
  "  type text NOT NULL,"
  "  branch_id text NOT NULL,"
  "  kiosk_id text,"
  "  data text NOT NULL);"
  "CREATE INDEX events_by_time ON events (created_at);"
  "CREATE TABLE stats ("
  "  branch_id text NOT NULL,"
  "  business_day text NOT NULL,"
  "  hour integer NOT NULL,"
  "  topic integer NOT NULL,"
  "  tickets bigint NOT NULL DEFAULT 0,"
  "  waited_count bigint NOT NULL DEFAULT 0,"
  "  wait_seconds_sum bigint NOT NULL DEFAULT 0,"
  "  served_count bigint NOT NULL DEFAULT 0,"
  "  service_seconds_sum bigint NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (branch_id, business_day, hour, topic));",
  /* 2: help sessions (weekly rules in local wall-clock time), dates they
   * do not take place, anonymous reservations, and who is on duty (tied
   * to the login session: when it ends or expires, so does the duty). */
  "CREATE TABLE help_sessions ("
  "  session_id text PRIMARY KEY,"
  "  branch_id text NOT NULL REFERENCES branches (branch_id),"
  "  kind text NOT NULL CHECK (kind IN ('walkIn', 'topic', 'course')),"
  "  topic text NOT NULL,"
  "  languages text NOT NULL,"
  "  capacity integer NOT NULL CHECK (capacity > 0),"
  "  place text NOT NULL,"
  "  bring text NOT NULL DEFAULT '',"
  "  first_day text NOT NULL,"
  "  last_day text,"
  "  weekly boolean NOT NULL,"
  "  start_time text NOT NULL,"
  "  end_time text NOT NULL,"
  "  created_at bigint NOT NULL,"
  "  cancelled_at bigint);"
  "CREATE INDEX help_sessions_by_branch ON help_sessions (branch_id);"
  "CREATE TABLE help_exceptions ("
  "  branch_id text NOT NULL REFERENCES branches (branch_id),"
  "  day text NOT NULL,"
  "  session_id text NOT NULL DEFAULT '',"
  "  reason text NOT NULL DEFAULT '',"
  "  created_at bigint NOT NULL,"
  "  PRIMARY KEY (branch_id, day, session_id));"
  "CREATE TABLE reservations ("
  "  reservation_id text PRIMARY KEY,"
  "  code text NOT NULL UNIQUE,"
  "  branch_id text NOT NULL,"
  "  session_id text NOT NULL REFERENCES help_sessions (session_id),"
  "  starts_at bigint NOT NULL,"
  "  ends_at bigint NOT NULL,"
  "  subject_id text NOT NULL,"
  "  idempotency_key text NOT NULL,"
  "  request_hash text NOT NULL,"
  "  created_at bigint NOT NULL,"
  "  checked_in_at bigint,"
  "  UNIQUE (subject_id, idempotency_key));"
  "CREATE INDEX reservations_by_time ON reservations (branch_id, starts_at);"
  "CREATE INDEX reservations_by_date ON reservations (session_id, starts_at);"
  "CREATE TABLE presence ("
  "  token_hash text PRIMARY KEY REFERENCES sessions (token_hash) ON DELETE CASCADE,"
  "  volunteer_id text NOT NULL,"
  "  branch_id text NOT NULL,"
  "  since bigint NOT NULL);"
  "CREATE INDEX presence_by_branch ON presence (branch_id);",
  /* 3: how a finished ticket ended (solved, referred, followUp, notSolved;
   * NULL when the volunteer did not say), and its anonymous counts. */
  "ALTER TABLE tickets ADD COLUMN outcome text"
  "  CHECK (outcome IS NULL OR outcome IN ('solved', 'referred', 'followUp', 'notSolved'));"
  "ALTER TABLE stats ADD COLUMN finished_unsaid bigint NOT NULL DEFAULT 0,"
  "  ADD COLUMN solved bigint NOT NULL DEFAULT 0,"
  "  ADD COLUMN referred bigint NOT NULL DEFAULT 0,"
  "  ADD COLUMN follow_up bigint NOT NULL DEFAULT 0,"
  "  ADD COLUMN not_solved bigint NOT NULL DEFAULT 0;",
};

/* ------------------------------------------------------------------ */
/* libpq helpers                                                       */

/*
 * What a failed statement means for the client. Like SQLITE_FULL/IOERR/
 * BUSY in the SQLite store, a database that is out of resources, shutting
 * down or unreachable is WW_ERROR_UNAVAILABLE (503 with Retry-After: the
 * client tries again, with the same idempotency key), not a 500:
 * SQLSTATE class 53 (insufficient resources: 53100 disk_full, 53200
 * out_of_memory, 53300 too_many_connections), 57P0x (admin_shutdown,
 * crash_shutdown, cannot_connect_now, ...), class 08 (connection
 * exceptions). An error without a SQLSTATE is libpq's own: on a connection
 * that is no longer CONNECTION_OK it is a lost server, which the next
 * statement reconnects for (begin(), run_read()).
 */
static int
error_code_for (Connection *conn, const char *state)
{
  if (state == NULL || state[0] == '\0')
    return conn->pg == NULL || PQstatus (conn->pg) != CONNECTION_OK ? WW_ERROR_UNAVAILABLE : WW_ERROR_FAILED;
  /* unique_violation: someone (maybe another hub) was first. */
  if (g_str_equal (state, "23505"))
    return WW_ERROR_CONFLICT;
  if (g_str_has_prefix (state, "53") || g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P0"))
    return WW_ERROR_UNAVAILABLE;
  return WW_ERROR_FAILED;
}

static void
set_pg_error (GError **error, Connection *conn, PGresult *res, const char *what)
{
  const char      *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *message = g_strdup (res != NULL ? PQresultErrorMessage (res) : PQerrorMessage (conn->pg));

  g_set_error (error, WW_ERROR, error_code_for (conn, state), "%s: %s", what, g_strstrip (message));
}

static void
set_not_connected (GError **error)
{
  g_set_error_literal (error, WW_ERROR, WW_ERROR_UNAVAILABLE, "not connected to PostgreSQL");
}

static void
ignore_notice (void *arg, const char *message)
{
}

static gboolean
connection_ensure (Connection *conn, GError **error)
{
  const char *const keywords[] = { "dbname", "fallback_application_name", NULL };
  const char *const values[] = { conn->conninfo, "wegwijs-hub", NULL };

  if (conn->pg != NULL && PQstatus (conn->pg) == CONNECTION_OK)
    return TRUE;

  g_clear_pointer (&conn->pg, PQfinish);
  g_hash_table_remove_all (conn->prepared);
  conn->pg = PQconnectdbParams (keywords, values, 1);
  if (PQstatus (conn->pg) != CONNECTION_OK)
    {
      g_autofree char *message = g_strdup (PQerrorMessage (conn->pg));

      g_set_error (error, WW_ERROR, WW_ERROR_UNAVAILABLE, "cannot connect to PostgreSQL: %s", g_strstrip (message));
      g_clear_pointer (&conn->pg, PQfinish);
      return FALSE;
    }
  PQsetNoticeProcessor (conn->pg, ignore_notice, NULL);

  return TRUE;
}

static void
connection_init (Connection *conn, const char *conninfo)
{
  conn->conninfo = conninfo;
  conn->prepared = g_hash_table_new (g_direct_hash, g_direct_equal);
}

static void
connection_close (Connection *conn)
{
  g_clear_pointer (&conn->pg, PQfinish);
  g_clear_pointer (&conn->prepared, g_hash_table_unref);
}

static gboolean
connection_is_broken (Connection *conn)
{
  return conn->pg == NULL || PQstatus (conn->pg) != CONNECTION_OK;
}

/* Runs SQL without parameters (transaction control, DDL). */
static gboolean
exec (Connection *conn, const char *sql, GError **error)
{
  g_autoptr (PGresult) res = NULL;
  ExecStatusType status;

  if (conn->pg == NULL)
    {
      set_not_connected (error);
      return FALSE;
    }

  res = PQexec (conn->pg, sql);
  status = PQresultStatus (res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_pg_error (error, conn, res, "database");
      return FALSE;
    }

  return TRUE;
}

/* COMMIT of an aborted transaction "succeeds" as ROLLBACK: check the tag. */
static gboolean
commit (Connection *conn, const char *sql, GError **error)
{
  g_autoptr (PGresult) res = NULL;

  if (conn->pg == NULL)
    {
      set_not_connected (error);
      return FALSE;
    }

  res = PQexec (conn->pg, sql);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      set_pg_error (error, conn, res, "commit");
      return FALSE;
    }
  if (g_strcmp0 (PQcmdStatus (res), "COMMIT") != 0)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_FAILED, "commit: the transaction was rolled back");
      return FALSE;
    }

  return TRUE;
}

/*
 * Runs @sql as a prepared statement (prepared once per connection) with
 * parameters sent apart from the SQL. @types has one letter a parameter:
 * 's' a string (NULL is NULL), 'i' a gint64. Returns the result, or NULL
 * with @error set.
 */
static PGresult *
query (Connection *conn, GError **error, const char *sql, const char *types, ...)
{
  g_autoptr (PGresult) res = NULL;
  const char    *values[MAX_PARAMS];
  Oid            param_types[MAX_PARAMS];
  char           numbers[MAX_PARAMS][24];
  char           name[24];
  gpointer       number;
  int            n_params = (int)strlen (types);
  ExecStatusType status;
  va_list        args;

  g_assert (n_params <= MAX_PARAMS);

  if (conn->pg == NULL)
    {
      set_not_connected (error);
      return NULL;
    }

  if (!g_hash_table_lookup_extended (conn->prepared, sql, NULL, &number))
    {
      number = GUINT_TO_POINTER (++conn->n_prepared);
      g_snprintf (name, sizeof name, "ww%u", GPOINTER_TO_UINT (number));
      /* Typed parameters: one the SQL does not use is not an error. */
      for (int i = 0; i < n_params; i++)
        param_types[i] = types[i] == 's' ? TEXT_OID : INT8_OID;
      res = PQprepare (conn->pg, name, sql, n_params, param_types);
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          set_pg_error (error, conn, res, "prepare");
          return NULL;
        }
      g_clear_pointer (&res, PQclear);
      g_hash_table_insert (conn->prepared, (gpointer)sql, number);
    }
  g_snprintf (name, sizeof name, "ww%u", GPOINTER_TO_UINT (number));

  va_start (args, types);
  for (int i = 0; i < n_params; i++)
    {
      if (types[i] == 's')
        {
          values[i] = va_arg (args, const char *);
        }
      else
        {
          g_snprintf (numbers[i], sizeof numbers[i], "%" G_GINT64_FORMAT, va_arg (args, gint64));
          values[i] = numbers[i];
        }
    }
  va_end (args);

  res = PQexecPrepared (conn->pg, name, n_params, values, NULL, NULL, 0);
  status = PQresultStatus (res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    {
      set_pg_error (error, conn, res, "query");
      return NULL;
    }

  return g_steal_pointer (&res);
}

/* Runs a statement whose rows do not matter; @changes gets the row count. */
static gboolean
run (PGresult *res, gint64 *changes)
{
  if (res == NULL)
    return FALSE;
  if (changes != NULL)
    *changes = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
  PQclear (res);
  return TRUE;
}

static const char *
value (PGresult *res, int row, int column)
{
  return PQgetisnull (res, row, column) ? NULL : PQgetvalue (res, row, column);
}

static char *
value_dup (PGresult *res, int row, int column)
{
  return g_strdup (value (res, row, column));
}

static gint64
value_int (PGresult *res, int row, int column)
{
  return PQgetisnull (res, row, column) ? 0 : g_ascii_strtoll (PQgetvalue (res, row, column), NULL, 10);
}

static gboolean
value_bool (PGresult *res, int row, int column)
{
  return g_strcmp0 (value (res, row, column), "t") == 0;
}

static const char *
result_text (const WwHubRow *row, int column)
{
  return value ((PGresult *)row->result, row->index, column);
}

static gint64
result_number (const WwHubRow *row, int column)
{
  return value_int ((PGresult *)row->result, row->index, column);
}

static gboolean
result_boolean (const WwHubRow *row, int column)
{
  return value_bool ((PGresult *)row->result, row->index, column);
}

static gboolean
result_is_null (const WwHubRow *row, int column)
{
  return PQgetisnull (row->result, row->index, column);
}

static const WwHubRowFuncs result_row_funcs = { result_text, result_number, result_boolean, result_is_null };

/* Row @index of @res. */
#define RESULT_ROW(res, index) (&(const WwHubRow){ &result_row_funcs, (res), (index) })

static gboolean
migrate (WwHubPgStore *self, GError **error)
{
  Connection *conn = &self->writer_conn;
  g_autoptr (PGresult) res = NULL;
  guint version;

  /* Several hubs may start at once: one migrates, the others wait. */
  if (!exec (conn, "BEGIN", error))
    return FALSE;
  if (!exec (conn, "SELECT pg_advisory_xact_lock (" LOCK_CLASS ", 2)", error) ||
      !exec (conn,
             "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)",
             error) ||
      (res = query (conn, error, "SELECT COALESCE (MAX (version), 0) FROM schema_migrations", "")) == NULL)
    {
      exec (conn, "ROLLBACK", NULL);
      return FALSE;
    }
  version = (guint)value_int (res, 0, 0);

  if (version > G_N_ELEMENTS (migrations))
    {
      exec (conn, "ROLLBACK", NULL);
      g_set_error (error, WW_ERROR, WW_ERROR_FAILED,
                   "the database has schema version %u; this hub knows only up to %u (a newer hub wrote it)", version,
                   (guint)G_N_ELEMENTS (migrations));
      return FALSE;
    }

  /* DDL is transactional in PostgreSQL: all of it, or none. */
  for (; version < G_N_ELEMENTS (migrations); version++)
    {
      if (!exec (conn, migrations[version], error) ||
          !run (query (conn, error, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", "ii",
                       (gint64)version + 1, g_get_real_time ()),
                NULL))
        {
          exec (conn, "ROLLBACK", NULL);
          g_prefix_error (error, "migration %u: ", version + 1);
          return FALSE;
        }
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "MESSAGE", "database migrated to schema version %u",
                        version + 1);
    }

  if (!commit (conn, "COMMIT", error))
    return FALSE;

  self->schema_version = version;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Jobs and events                                                     */

/* With delivery_lock held: announcements leave in id order. */
static void
announce (WwHubPgStore *self, GPtrArray *events)
{
  if (events->len == 0)
    return;

  self->delivered_id = MAX (self->delivered_id, ((WwHubEvent *)g_ptr_array_index (events, events->len - 1))->id);
  ww_hub_job_store_announce (G_OBJECT (self), self->main_context, g_ptr_array_ref (events));
}

static GPtrArray *
events_from_result (PGresult *res)
{
  GPtrArray *events = g_ptr_array_new_full (PQntuples (res), (GDestroyNotify)ww_hub_event_free);

  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (events, ww_hub_row_to_event (RESULT_ROW (res, i)));
  return events;
}

/*
 * Announces what the log holds after the delivered mark, up to @up_to
 * (inclusive). Ids are visible in the order they were given (see the top
 * of the file), so when a commit that wrote id n has returned, every id
 * below n is either visible or never will be: the mark may move to n.
 */
static gboolean
deliver_from_log (WwHubPgStore *self, Connection *conn, gint64 up_to, GError **error)
{
  for (;;)
    {
      g_autoptr (PGresult) res = query (conn, error,
                                        "SELECT " WW_HUB_EVENT_COLUMNS " FROM events"
                                        " WHERE event_id > $1 AND event_id <= $2 ORDER BY event_id LIMIT $3",
                                        "iii", self->delivered_id, up_to, (gint64)EVENT_PAGE);
      g_autoptr (GPtrArray) events = NULL;

      if (res == NULL)
        return FALSE;
      events = events_from_result (res);
      announce (self, events);
      if (events->len < EVENT_PAGE)
        break;
    }

  if (up_to != G_MAXINT64)
    self->delivered_id = MAX (self->delivered_id, up_to);
  return TRUE;
}

/* After this hub's commit: its own events are announced straight away
 * when nothing (another hub's events, a rolled-back id) lies between them
 * and the mark; otherwise the log is read, in order, up to them. */
static void
deliver_committed (WwHubPgStore *self, Connection *conn, GPtrArray *events)
{
  gint64   expected;
  gboolean contiguous = TRUE;
  gint64   last;

  if (events->len == 0)
    return;

  g_mutex_lock (&self->delivery_lock);
  last = ((WwHubEvent *)g_ptr_array_index (events, events->len - 1))->id;
  expected = self->delivered_id + 1;
  for (guint i = 0; i < events->len && contiguous; i++, expected++)
    contiguous = ((WwHubEvent *)g_ptr_array_index (events, i))->id == expected;

  if (last > self->delivered_id)
    {
      g_autoptr (GError) error = NULL;

      if (contiguous)
        announce (self, events);
      else if (!deliver_from_log (self, conn, last, &error))
        /* The listener's next poll picks them up. */
        g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "cannot read the event log: %s",
                          error->message);
    }
  g_mutex_unlock (&self->delivery_lock);
}

/* ------------------------------------------------------------------ */
/* Threads                                                             */

/* Opens a transaction; a connection found broken before anything was
 * sent is reopened once (a restarted server), which is always safe. */
static gboolean
begin (Connection *conn, const char *sql, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (connection_ensure (conn, &local_error) && exec (conn, sql, &local_error))
    return TRUE;

  if (!connection_is_broken (conn))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);
  g_clear_pointer (&conn->pg, PQfinish);
  return connection_ensure (conn, error) && exec (conn, sql, error);
}

static void
run_batch (gpointer data, GPtrArray *batch)
{
  WwHubPgStore *self = data;
  Connection   *conn = &self->writer_conn;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  gboolean committed = FALSE;

  /*
   * The lock orders commits (and so event ids) across hubs; taken first,
   * before any row lock, so it cannot deadlock with them. Each job runs
   * under the savepoint "job": after a success it is released and set
   * again, after a failure rolled back to (and still there for the next
   * job). Control statements share a round trip with their neighbours.
   */
  if (begin (conn, "BEGIN; SELECT pg_advisory_xact_lock (" LOCK_CLASS ", 1); SAVEPOINT job", &error))
    {
      const char *guard = NULL; /* to send before the next job */
      gboolean    any_events = FALSE;

      for (guint i = 0; i < batch->len; i++)
        {
          Job *job = g_ptr_array_index (batch, i);

          if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (job->task), &job->error))
            continue;

          if (guard != NULL && !exec (conn, guard, &job->error))
            continue;
          if (job->run (conn, job, &job->error))
            {
              guard = "RELEASE job; SAVEPOINT job";
              any_events |= job->events != NULL;
            }
          else
            {
              exec (conn, "ROLLBACK TO job", NULL);
              guard = NULL;
              ww_hub_job_undo (job);
            }
        }

      /* NOTIFY is sent on commit, to every hub's listener (this one's too). */
      committed = commit (conn, any_events ? "SELECT pg_notify ('" NOTIFY_CHANNEL "', ''); COMMIT" : "COMMIT", &error);
      if (!committed)
        exec (conn, "ROLLBACK", NULL);
    }

  events = ww_hub_job_batch_settle (batch, committed ? NULL : error);

  /* Events first: a client told "created" may already be listening. */
  deliver_committed (self, conn, events);
  ww_hub_job_batch_complete (batch);
}

static gpointer
writer_thread (gpointer data)
{
  ww_hub_job_write_loop (((WwHubPgStore *)data)->write_queue, MAX_BATCH, run_batch, data);
  return NULL;
}

typedef struct
{
  WwHubPgStore *self;
  Connection   *conn;
} Reader;

/*
 * A read is one statement in autocommit, or, for a job that reads several
 * (the queue and its estimate), one REPEATABLE READ snapshot so they
 * agree. A read is safe to repeat: on a connection that broke (a restarted
 * server) it is run once more on a new one.
 */
static void
run_read (Connection *conn, Job *job)
{
  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_clear_error (&job->error);
      ww_hub_job_drop_result (job);

      if (!job->snapshot)
        {
          if (connection_ensure (conn, &job->error))
            job->run (conn, job, &job->error);
        }
      else if (begin (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", &job->error))
        {
          if (job->run (conn, job, &job->error))
            commit (conn, "COMMIT", NULL);
          else
            exec (conn, "ROLLBACK", NULL);
        }

      if (job->error == NULL || !connection_is_broken (conn))
        return;
      g_clear_pointer (&conn->pg, PQfinish);
    }
}

static gpointer
reader_thread (gpointer data)
{
  Reader       *reader = data;
  WwHubPgStore *self = reader->self;
  Connection   *conn = reader->conn;

  g_free (reader);

  ww_hub_job_read_loop (self->read_queue, run_read, conn);

  return NULL;
}

/* Sleeps up to @timeout_ms; FALSE when the store is shutting down. */
static gboolean
wait_unless_stopping (WwHubPgStore *self, int socket_fd, int timeout_ms, gboolean *readable)
{
  struct pollfd fds[2] = { { self->stop_pipe[0], POLLIN, 0 }, { socket_fd, POLLIN, 0 } };
  int           rc;

  do
    rc = poll (fds, socket_fd >= 0 ? 2 : 1, timeout_ms);
  while (rc < 0 && errno == EINTR);

  if (readable != NULL)
    *readable = rc > 0 && socket_fd >= 0 && (fds[1].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
  return !(rc > 0 && (fds[0].revents & POLLIN) != 0);
}

/*
 * LISTEN on a connection of its own: another hub's commit wakes it within
 * milliseconds. NOTIFY is lost while the connection is down, so after a
 * (re)connect, and every POLL_INTERVAL_MS anyway, the log itself is read
 * from the delivered mark: the log, not the notification, is the truth.
 */
static gpointer
listener_thread (gpointer data)
{
  WwHubPgStore *self = data;
  Connection   *conn = &self->listener_conn;
  gboolean      warned = FALSE;

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      gboolean readable = FALSE;

      if (connection_is_broken (conn))
        {
          if (!connection_ensure (conn, &error) || !exec (conn, "LISTEN " NOTIFY_CHANNEL, &error))
            {
              if (!warned)
                g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                                  "event listener: %s (retrying every second)", error->message);
              warned = TRUE;
              g_clear_pointer (&conn->pg, PQfinish);
              if (!wait_unless_stopping (self, -1, RECONNECT_DELAY_MS, NULL))
                break;
              continue;
            }
          warned = FALSE;
        }
      else
        {
          PGnotify *notify;

          if (!wait_unless_stopping (self, PQsocket (conn->pg), POLL_INTERVAL_MS, &readable))
            break;
          if (readable && !PQconsumeInput (conn->pg))
            {
              g_clear_pointer (&conn->pg, PQfinish);
              continue;
            }
          while ((notify = PQnotifies (conn->pg)) != NULL)
            PQfreemem (notify);
        }

      g_mutex_lock (&self->delivery_lock);
      if (!deliver_from_log (self, conn, G_MAXINT64, &error) && connection_is_broken (conn))
        g_clear_pointer (&conn->pg, PQfinish);
      g_mutex_unlock (&self->delivery_lock);
    }

  return NULL;
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
  g_autoptr (PGresult) res = NULL;

  *n_samples = 0;
  res = query (conn, error,
               "SELECT (closed_at - started_at) / 1000000 FROM tickets"
               " WHERE branch_id = $1 AND state = 'done' AND started_at IS NOT NULL"
               " ORDER BY closed_at DESC LIMIT " G_STRINGIFY (WW_HUB_ESTIMATE_SAMPLES),
               "s", branch_id);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res) && i < WW_HUB_ESTIMATE_SAMPLES; i++)
    samples[(*n_samples)++] = value_int (res, i, 0);
  g_clear_pointer (&res, PQclear);

  res = query (conn, error, "SELECT COUNT (DISTINCT desk_id) FROM tickets WHERE branch_id = $1 AND called_at > $2",
               "si", branch_id, g_get_real_time () - STALE_DESK_US);
  if (res == NULL)
    return FALSE;
  *n_desks = (guint)value_int (res, 0, 0);

  return TRUE;
}

/*
 * A ticket with its place in the queue and its estimated wait, and the
 * number of tickets waiting in its branch (for the queue event), in one
 * round trip: the estimate's inputs are only read for a waiting ticket.
 */
static WwTicket *
load_ticket (Connection *conn, const char *ticket_id, gint64 *branch_waiting, GError **error)
{
  g_autoptr (PGresult) res = NULL;
  g_auto (GStrv) parts = NULL;
  gint64 samples[WW_HUB_ESTIMATE_SAMPLES];
  guint  n_samples = 0;
  int    position;

  res = query (conn, error,
               "SELECT " WW_HUB_TICKET_COLUMNS ","
               " CASE WHEN t.state = 'waiting' THEN (SELECT COUNT (*) FROM tickets w"
               "   WHERE w.branch_id = t.branch_id AND w.state = 'waiting'"
               "   AND (w.created_at < t.created_at OR (w.created_at = t.created_at AND w.ticket_id <= t.ticket_id)))"
               "   ELSE 0 END,"
               " CASE WHEN t.state = 'waiting' THEN (SELECT COUNT (DISTINCT d.desk_id) FROM tickets d"
               "   WHERE d.branch_id = t.branch_id AND d.called_at > $2) ELSE 0 END,"
               " CASE WHEN t.state = 'waiting' THEN (SELECT string_agg (q.seconds::text, ',') FROM"
               "   (SELECT (x.closed_at - x.started_at) / 1000000 AS seconds FROM tickets x"
               "    WHERE x.branch_id = t.branch_id AND x.state = 'done' AND x.started_at IS NOT NULL"
               "    ORDER BY x.closed_at DESC LIMIT " G_STRINGIFY (
                   WW_HUB_ESTIMATE_SAMPLES) ") AS q) END,"
                                            " (SELECT COUNT (*) FROM tickets c WHERE c.branch_id = t.branch_id AND "
                                            "c.state = 'waiting')"
                                            " FROM tickets t WHERE t.ticket_id = $1",
               "si", ticket_id, g_get_real_time () - STALE_DESK_US);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "no such ticket");
      return NULL;
    }

  position = (int)value_int (res, 0, 16);
  if (value (res, 0, 18) != NULL)
    {
      parts = g_strsplit (value (res, 0, 18), ",", WW_HUB_ESTIMATE_SAMPLES + 1);
      for (guint i = 0; parts[i] != NULL && i < WW_HUB_ESTIMATE_SAMPLES; i++)
        samples[n_samples++] = g_ascii_strtoll (parts[i], NULL, 10);
    }
  if (branch_waiting != NULL)
    *branch_waiting = value_int (res, 0, 19);

  return ww_hub_row_to_ticket (RESULT_ROW (res, 0), position,
                               ww_hub_estimate_wait (position, samples, n_samples, (guint)value_int (res, 0, 17)));
}

/* Volunteers on duty in the branch now: their login session must still be valid. */
static gint64
count_on_duty (Connection *conn, const char *branch_id, GError **error)
{
  g_autoptr (PGresult) res = query (conn, error,
                                    "SELECT COUNT (*) FROM presence p JOIN sessions s ON s.token_hash = p.token_hash"
                                    " WHERE p.branch_id = $1 AND s.expires_at > $2",
                                    "si", branch_id, g_get_real_time ());

  if (res == NULL)
    return -1;
  return value_int (res, 0, 0);
}

static gint64
count_waiting (Connection *conn, const char *branch_id, GError **error)
{
  g_autoptr (PGresult) res =
      query (conn, error, "SELECT COUNT (*) FROM tickets WHERE branch_id = $1 AND state = 'waiting'", "s", branch_id);

  if (res == NULL)
    return -1;
  return value_int (res, 0, 0);
}

/* Both events of a change in one statement; the ids come back with their type. */
static gboolean
append_events (Connection *conn,
               Job        *job,
               const char *branch_id,
               const char *kiosk_id,
               const char *ticket_data,
               const char *queue_data,
               GError    **error)
{
  g_autoptr (PGresult) res = query (conn, error,
                                    "INSERT INTO events (created_at, type, branch_id, kiosk_id, data)"
                                    " VALUES ($1, 'ticket', $2, $3, $4), ($1, 'queue', $2, NULL, $5)"
                                    " RETURNING event_id, type",
                                    "issss", g_get_real_time (), branch_id, kiosk_id, ticket_data, queue_data);
  gint64 ticket_id = 0, queue_id = 0;

  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      if (g_strcmp0 (value (res, i, 1), "ticket") == 0)
        ticket_id = value_int (res, i, 0);
      else
        queue_id = value_int (res, i, 0);
    }

  /* Announced in id order, like every reader of the log sees them. */
  if (ticket_id < queue_id)
    {
      ww_hub_job_add_event (job, ww_hub_event_new (ticket_id, "ticket", branch_id, kiosk_id, ticket_data));
      ww_hub_job_add_event (job, ww_hub_event_new (queue_id, "queue", branch_id, NULL, queue_data));
    }
  else
    {
      ww_hub_job_add_event (job, ww_hub_event_new (queue_id, "queue", branch_id, NULL, queue_data));
      ww_hub_job_add_event (job, ww_hub_event_new (ticket_id, "ticket", branch_id, kiosk_id, ticket_data));
    }
  return TRUE;
}

/* Every change to a ticket is logged twice: the ticket itself (for its
 * kiosk and the branch's volunteers) and the branch's queue length (for
 * every kiosk of the branch). Neither carries the first name. */
static gboolean
append_ticket_events (Connection *conn, Job *job, WwTicket *ticket, gint64 waiting, GError **error)
{
  g_autoptr (json_object) ticket_json = ww_ticket_to_json (ticket, FALSE);
  g_autoptr (json_object) queue_json = NULL;
  const char *branch_id = ww_ticket_get_branch_id (ticket);
  gint64      on_duty = count_on_duty (conn, branch_id, error);

  if (on_duty < 0)
    return FALSE;

  queue_json = ww_hub_queue_event_json (branch_id, waiting, on_duty > 0 || conn->always_open);

  return append_events (conn, job, branch_id, ww_ticket_get_kiosk_id (ticket),
                        json_object_to_json_string_ext (ticket_json, JSON_C_TO_STRING_PLAIN),
                        json_object_to_json_string_ext (queue_json, JSON_C_TO_STRING_PLAIN), error);
}

static gboolean
create_ticket_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (PGresult) res = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  g_autofree char *day = NULL;
  g_autofree char *ticket_id = NULL;
  g_autofree char *number = NULL;
  gint64           now = g_get_real_time ();
  gint64           sequence;

  res = query (conn, error,
               "SELECT request_hash, ticket_id FROM idempotency_keys WHERE kiosk_id = $1 AND idempotency_key = $2",
               "ss", job->s[WW_HUB_JOB_CT_KIOSK], job->s[WW_HUB_JOB_CT_KEY]);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      if (!ww_hub_job_is_same_request (job, value (res, 0, 0), error))
        return FALSE;

      ticket = load_ticket (conn, value (res, 0, 1), NULL, error);
      if (ticket == NULL)
        return FALSE;

      return ww_hub_job_set_created (job, g_steal_pointer (&ticket), TRUE);
    }
  g_clear_pointer (&res, PQclear);

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

  /* The counter row is locked until commit: two hubs numbering the same
   * branch take turns, and a rolled-back ticket gives its number back. */
  day = ww_hub_business_day (now);
  res = query (conn, error,
               "INSERT INTO ticket_counters (branch_id, business_day, last_sequence) VALUES ($1, $2, 1)"
               " ON CONFLICT (branch_id, business_day)"
               " DO UPDATE SET last_sequence = ticket_counters.last_sequence + 1"
               " RETURNING last_sequence",
               "ss", job->s[WW_HUB_JOB_CT_BRANCH], day);
  if (res == NULL)
    return FALSE;
  sequence = value_int (res, 0, 0);
  g_clear_pointer (&res, PQclear);

  ticket_id = g_uuid_string_random ();
  number = ww_ticket_format_number ((WwHelpTopic)job->n[0], (guint)sequence);

  /* The ticket, its key and its count, in one round trip. */
  if (!run (query (conn, error,
                   "WITH t AS (INSERT INTO tickets (ticket_id, branch_id, kiosk_id, business_day, sequence, number,"
                   "   topic, language, service_id, first_name, state, created_at)"
                   "   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'waiting', $11) RETURNING ticket_id),"
                   " k AS (INSERT INTO idempotency_keys (kiosk_id, idempotency_key, request_hash, ticket_id,"
                   "   created_at) SELECT $3, $12, $13, t.ticket_id, $11 FROM t),"
                   " s AS (INSERT INTO stats (branch_id, business_day, hour, topic, tickets)"
                   "   VALUES ($2, $4, $14, $7, 1) ON CONFLICT (branch_id, business_day, hour, topic)"
                   "   DO UPDATE SET tickets = stats.tickets + 1)"
                   " SELECT ticket_id FROM t",
                   "ssssisisssissi", ticket_id, job->s[WW_HUB_JOB_CT_BRANCH], job->s[WW_HUB_JOB_CT_KIOSK], day,
                   sequence, number, job->n[0], job->s[WW_HUB_JOB_CT_LANGUAGE], job->s[WW_HUB_JOB_CT_SERVICE],
                   job->s[WW_HUB_JOB_CT_FIRST_NAME], now, job->s[WW_HUB_JOB_CT_KEY], job->s[WW_HUB_JOB_CT_HASH],
                   (gint64)ww_hub_business_hour (now)),
            NULL))
    return FALSE;

  ticket = load_ticket (conn, ticket_id, NULL, error);
  /* A new ticket is the last one waiting: its position is the queue's
   * length, so the queue is not counted twice. */
  if (ticket == NULL || !append_ticket_events (conn, job, ticket, ww_ticket_get_position (ticket), error))
    return FALSE;

  return ww_hub_job_set_created (job, g_steal_pointer (&ticket), FALSE);
}

static gboolean
get_ticket_run (Connection *conn, Job *job, GError **error)
{
  job->result = load_ticket (conn, job->s[0], NULL, error);
  return job->result != NULL;
}

/* The guarded transitions: the UPDATE only matches a ticket in a state the
 * action may start from; under READ COMMITTED a second UPDATE waits for
 * the first one's row lock and then re-checks the state, so of two hubs
 * calling one ticket exactly one changes a row. */
static const char *
transition_sql (WwHubAction action)
{
  switch (action)
    {
    case WW_HUB_ACTION_CALL:
      return "UPDATE tickets SET state = 'called', desk_id = $2, called_at = $3"
             " WHERE ticket_id = $1 AND state = 'waiting'";
    case WW_HUB_ACTION_START:
      return "UPDATE tickets SET state = 'inProgress', started_at = $3"
             " WHERE ticket_id = $1 AND state = 'called'";
    case WW_HUB_ACTION_FINISH:
      return "UPDATE tickets SET state = 'done', closed_at = $3, first_name = NULL, outcome = $4"
             " WHERE ticket_id = $1 AND state = 'inProgress'";
    case WW_HUB_ACTION_NO_SHOW:
      return "UPDATE tickets SET state = 'noShow', closed_at = $3, first_name = NULL"
             " WHERE ticket_id = $1 AND state = 'called'";
    case WW_HUB_ACTION_CANCEL:
      return "UPDATE tickets SET state = 'cancelled', closed_at = $3, first_name = NULL"
             " WHERE ticket_id = $1 AND state IN ('waiting', 'called')";
    case WW_HUB_ACTION_REQUEUE:
      return "UPDATE tickets SET state = 'waiting', desk_id = NULL, called_at = NULL, started_at = NULL"
             " WHERE ticket_id = $1 AND state IN ('called', 'inProgress')";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
record_close_stats (Connection *conn, WwTicket *ticket, GError **error)
{
  GDateTime       *created = ww_ticket_get_created_at (ticket);
  GDateTime       *called = ww_ticket_get_called_at (ticket);
  GDateTime       *started = ww_ticket_get_started_at (ticket);
  GDateTime       *closed = ww_ticket_get_closed_at (ticket);
  gint64           created_us = g_date_time_to_unix (created) * G_USEC_PER_SEC;
  g_autofree char *day = ww_hub_business_day (created_us);
  gboolean         waited = called != NULL;
  gboolean         served = ww_ticket_get_state (ticket) == WW_TICKET_STATE_DONE && started != NULL;
  gboolean         done = ww_ticket_get_state (ticket) == WW_TICKET_STATE_DONE;
  WwTicketOutcome  outcome = ww_ticket_get_outcome (ticket);

  return run (query (conn, error,
                     "UPDATE stats SET waited_count = waited_count + $5, wait_seconds_sum = wait_seconds_sum + $6,"
                     " served_count = served_count + $7, service_seconds_sum = service_seconds_sum + $8,"
                     " finished_unsaid = finished_unsaid + $9, solved = solved + $10, referred = referred + $11,"
                     " follow_up = follow_up + $12, not_solved = not_solved + $13"
                     " WHERE branch_id = $1 AND business_day = $2 AND hour = $3 AND topic = $4",
                     "ssiiiiiiiiiii", ww_ticket_get_branch_id (ticket), day, (gint64)ww_hub_business_hour (created_us),
                     (gint64)ww_ticket_get_topic (ticket), (gint64)waited,
                     waited ? g_date_time_difference (called, created) / G_USEC_PER_SEC : 0, (gint64)served,
                     served ? g_date_time_difference (closed, started) / G_USEC_PER_SEC : 0,
                     (gint64)(done && outcome == WW_TICKET_OUTCOME_NONE),
                     (gint64)(done && outcome == WW_TICKET_OUTCOME_SOLVED),
                     (gint64)(done && outcome == WW_TICKET_OUTCOME_REFERRED),
                     (gint64)(done && outcome == WW_TICKET_OUTCOME_FOLLOW_UP),
                     (gint64)(done && outcome == WW_TICKET_OUTCOME_NOT_SOLVED)),
              NULL);
}

static gboolean
transition_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (PGresult) res = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  g_autofree char *branch_id = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *state = NULL;
  WwHubAction      action = job->n[0];
  gint64           changes = 0;
  gint64           waiting = 0;

  res = query (conn, error, "SELECT branch_id, kiosk_id, state FROM tickets WHERE ticket_id = $1", "s",
               job->s[WW_HUB_JOB_TR_TICKET]);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "no such ticket");
      return FALSE;
    }
  branch_id = value_dup (res, 0, 0);
  kiosk_id = value_dup (res, 0, 1);
  state = value_dup (res, 0, 2);
  g_clear_pointer (&res, PQclear);

  if (!ww_hub_job_may_transition (job, branch_id, kiosk_id, error))
    return FALSE;

  if (action == WW_HUB_ACTION_CALL)
    {
      res = query (conn, error, "SELECT 1 FROM desks WHERE desk_id = $1 AND branch_id = $2", "ss",
                   job->s[WW_HUB_JOB_TR_DESK], branch_id);
      if (res == NULL)
        return FALSE;
      if (PQntuples (res) == 0)
        {
          g_set_error (error, WW_ERROR, WW_ERROR_UNPROCESSABLE, "deskId is not a desk of the ticket's branch");
          return FALSE;
        }
      g_clear_pointer (&res, PQclear);
    }

  if (!run (query (conn, error, transition_sql (action), "ssis", job->s[WW_HUB_JOB_TR_TICKET],
                   job->s[WW_HUB_JOB_TR_DESK], g_get_real_time (), ww_ticket_outcome_to_string (job->n[1])),
            &changes))
    return FALSE;
  if (changes != 1)
    {
      ww_hub_job_set_transition_lost (error, state, action);
      return FALSE;
    }

  ticket = load_ticket (conn, job->s[WW_HUB_JOB_TR_TICKET], &waiting, error);
  if (ticket == NULL)
    return FALSE;
  if (ww_ticket_is_closed (ticket) && !record_close_stats (conn, ticket, error))
    return FALSE;
  if (!append_ticket_events (conn, job, ticket, waiting, error))
    return FALSE;

  job->result = g_steal_pointer (&ticket);
  return TRUE;
}

static gboolean
list_queue_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 samples[WW_HUB_ESTIMATE_SAMPLES];
  guint  n_samples, n_desks;
  int    position = 0;

  if (!branch_estimate_inputs (conn, job->s[0], samples, &n_samples, &n_desks, error))
    return FALSE;

  res = query (conn, error,
               "SELECT " WW_HUB_TICKET_COLUMNS " FROM tickets t"
               " WHERE t.branch_id = $1 AND t.state IN ('waiting', 'called', 'inProgress')"
               " ORDER BY t.state = 'waiting', t.created_at, t.ticket_id",
               "s", job->s[0]);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (tickets,
                     ww_hub_row_to_queued_ticket (RESULT_ROW (res, i), &position, samples, n_samples, n_desks));

  job->result = g_steal_pointer (&tickets);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Events                                                              */

static gboolean
read_events_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (PGresult) res = NULL;

  /* A limit of 0 asks for the newest entry only: where "now" is. */
  if (job->n[1] == 0)
    res = query (conn, error, "SELECT " WW_HUB_EVENT_COLUMNS " FROM events ORDER BY event_id DESC LIMIT 1", "");
  else
    res = query (conn, error,
                 "SELECT " WW_HUB_EVENT_COLUMNS " FROM events WHERE event_id > $1"
                 " ORDER BY event_id LIMIT $2",
                 "ii", job->n[0], job->n[1]);
  if (res == NULL)
    return FALSE;

  job->result = events_from_result (res);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Authentication and sessions                                         */

static gboolean
authenticate_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (PGresult) res = NULL;

  res = query (conn, error, "SELECT " WW_HUB_KIOSK_PRINCIPAL_COLUMNS " FROM kiosks WHERE token_hash = $1", "s",
               job->s[0]);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      job->result = ww_hub_row_to_kiosk_principal (RESULT_ROW (res, 0), error);
      return job->result != NULL;
    }
  g_clear_pointer (&res, PQclear);

  res = query (conn, error,
               "SELECT " WW_HUB_SESSION_PRINCIPAL_COLUMNS
               " FROM sessions s JOIN volunteers v ON v.volunteer_id = s.volunteer_id"
               " WHERE s.token_hash = $1",
               "s", job->s[0]);
  if (res == NULL)
    return FALSE;

  job->result =
      ww_hub_row_to_session_principal (PQntuples (res) > 0 ? RESULT_ROW (res, 0) : NULL, g_get_real_time (), error);
  return job->result != NULL;
}

static gboolean
find_volunteer_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (PGresult) res = NULL;

  res = query (conn, error, "SELECT " WW_HUB_VOLUNTEER_COLUMNS " FROM volunteers WHERE username = $1", "s", job->s[0]);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "no such volunteer");
      return FALSE;
    }

  job->result = ww_hub_row_to_volunteer (RESULT_ROW (res, 0));
  return TRUE;
}

static gboolean
create_session_run (Connection *conn, Job *job, GError **error)
{
  return run (query (conn, error,
                     "INSERT INTO sessions (token_hash, volunteer_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                     "ssii", job->s[1], job->s[0], g_get_real_time (), job->n[0]),
              NULL);
}

static gboolean
delete_session_run (Connection *conn, Job *job, GError **error)
{
  return run (query (conn, error, "DELETE FROM sessions WHERE token_hash = $1", "s", job->s[0]), NULL);
}

/* ------------------------------------------------------------------ */
/* Fleet, statistics, retention                                        */

static gboolean
heartbeat_run (Connection *conn, Job *job, GError **error)
{
  gint64 changes = 0;

  if (!run (query (conn, error,
                   "UPDATE kiosks SET last_seen_at = $1, version = $2, uptime_seconds = $3, catalog_etag = $4,"
                   " speech_status = $5, printer_status = $6 WHERE kiosk_id = $7 AND revoked_at IS NULL",
                   "isissss", g_get_real_time (), job->s[1], job->n[0], job->s[2], job->s[3], job->s[4], job->s[0]),
            &changes))
    return FALSE;

  if (changes != 1)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "no such kiosk");
      return FALSE;
    }

  return TRUE;
}

static gboolean
list_kiosks_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) kiosks = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_kiosk_free);

  res = query (conn, error, "SELECT " WW_HUB_KIOSK_COLUMNS " FROM kiosks ORDER BY branch_id, kiosk_id", "");
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (kiosks, ww_hub_row_to_kiosk (RESULT_ROW (res, i)));

  job->result = g_steal_pointer (&kiosks);
  return TRUE;
}

static gboolean
list_desks_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) desks = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_desk_free);

  res = query (conn, error, "SELECT " WW_HUB_DESK_COLUMNS " FROM desks WHERE branch_id = $1 ORDER BY desk_id", "s",
               job->s[0]);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (desks, ww_hub_row_to_desk (RESULT_ROW (res, i)));

  job->result = g_steal_pointer (&desks);
  return TRUE;
}

static gboolean
get_stats_run (Connection *conn, Job *job, GError **error)
{
  g_autoptr (PGresult) res = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_stats_row_free);

  res = query (conn, error,
               "SELECT " WW_HUB_STATS_COLUMNS " FROM stats"
               " WHERE ($1 IS NULL OR branch_id = $1) AND business_day BETWEEN $2 AND $3"
               " ORDER BY branch_id, business_day, hour, topic",
               "sss", job->s[0], job->s[1], job->s[2]);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (rows, ww_hub_row_to_stats (RESULT_ROW (res, i)));

  job->result = g_steal_pointer (&rows);
  return TRUE;
}

/*
 * Retention, as in the SQLite store. Every hub runs it; the statements
 * are idempotent, so several hubs purging at once only repeat work.
 */
static gboolean
purge_run (Connection *conn, Job *job, GError **error)
{
  g_autofree char *today = ww_hub_business_day (job->n[1]);

  return run (query (conn, error,
                     "UPDATE tickets SET state = 'cancelled', closed_at = $1, first_name = NULL"
                     " WHERE state IN ('waiting', 'called', 'inProgress') AND business_day < $2",
                     "is", job->n[1], today),
              NULL) &&
         run (query (conn, error,
                     "DELETE FROM idempotency_keys WHERE ticket_id IN"
                     " (SELECT ticket_id FROM tickets WHERE closed_at < $1)",
                     "i", job->n[0]),
              NULL) &&
         run (query (conn, error, "DELETE FROM tickets WHERE closed_at < $1", "i", job->n[0]), NULL) &&
         run (query (conn, error, "DELETE FROM events WHERE created_at < $1", "i", job->n[0]), NULL) &&
         run (query (conn, error, "DELETE FROM sessions WHERE expires_at < $1", "i", job->n[1]), NULL);
}

/* ------------------------------------------------------------------ */
/* Administration                                                      */

static gboolean
require_branch (Connection *conn, const char *branch_id, GError **error)
{
  g_autoptr (PGresult) res = query (conn, error, "SELECT 1 FROM branches WHERE branch_id = $1", "s", branch_id);

  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "there is no branch “%s” (add it with add-branch)", branch_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
expect_one_change (PGresult *res, const char *what, const char *id, GError **error)
{
  gint64 changes = 0;

  if (!run (res, &changes))
    return FALSE;
  if (changes == 1)
    return TRUE;

  g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "there is no %s “%s”", what, id);
  return FALSE;
}

/* @res is NULL when the statement failed; @local_error says why. */
static gboolean
insert_unique (PGresult *res, GError *local_error, const char *what, const char *id, GError **error)
{
  if (res != NULL)
    {
      PQclear (res);
      return TRUE;
    }

  if (g_error_matches (local_error, WW_ERROR, WW_ERROR_CONFLICT))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_CONFLICT, "%s “%s” already exists", what, id);
      g_error_free (local_error);
    }
  else
    {
      g_propagate_error (error, local_error);
    }
  return FALSE;
}

static void
append_listing (Connection *conn, GString *out, const char *title, const char *sql)
{
  g_autoptr (PGresult) res = query (conn, NULL, sql, "");

  g_string_append_printf (out, "%s:\n", title);
  for (int i = 0; res != NULL && i < PQntuples (res); i++)
    {
      g_string_append (out, " ");
      for (int j = 0; j < PQnfields (res); j++)
        g_string_append_printf (out, " %s", value (res, i, j) != NULL ? value (res, i, j) : "-");
      g_string_append_c (out, '\n');
    }
}

static gboolean
admin_command (Connection *conn, Job *job, GError **error)
{
  const char        *command = job->s[0];
  const char *const *a = job->args;
  gint64             now = g_get_real_time ();
  GError            *local_error = NULL;
  PGresult          *res;

  job->result_free = g_free;

  if (g_str_equal (command, "add-branch"))
    {
      res = query (conn, &local_error, "INSERT INTO branches (branch_id, name, created_at) VALUES ($1, $2, $3)", "ssi",
                   a[0], a[1], now);
      return insert_unique (res, local_error, "branch", a[0], error);
    }

  if (g_str_equal (command, "add-desk"))
    {
      if (!require_branch (conn, a[0], error))
        return FALSE;
      res = query (conn, &local_error, "INSERT INTO desks (desk_id, branch_id, name) VALUES ($1, $2, $3)", "sss", a[1],
                   a[0], a[2]);
      return insert_unique (res, local_error, "desk", a[1], error);
    }

  if (g_str_equal (command, "enrol-kiosk"))
    {
      if (!require_branch (conn, a[1], error))
        return FALSE;
      res = query (conn, &local_error,
                   "INSERT INTO kiosks (kiosk_id, branch_id, name, token_hash, enrolled_at)"
                   " VALUES ($1, $2, $3, $4, $5)",
                   "ssssi", a[0], a[1], a[2], a[3], now);
      return insert_unique (res, local_error, "kiosk", a[0], error);
    }

  /* A new token for a known kiosk (lost, or revoked and back in service). */
  if (g_str_equal (command, "rotate-kiosk"))
    return expect_one_change (
        query (conn, error,
               "UPDATE kiosks SET token_hash = $1, revoked_at = NULL, enrolled_at = $2 WHERE kiosk_id = $3", "sis",
               a[1], now, a[0]),
        "kiosk", a[0], error);

  if (g_str_equal (command, "revoke-kiosk"))
    return expect_one_change (query (conn, error,
                                     "UPDATE kiosks SET revoked_at = COALESCE (revoked_at, $1) WHERE kiosk_id = $2",
                                     "is", now, a[0]),
                              "kiosk", a[0], error);

  if (g_str_equal (command, "add-volunteer"))
    {
      g_autofree char *volunteer_id = g_uuid_string_random ();

      if (!require_branch (conn, a[1], error))
        return FALSE;
      res = query (conn, &local_error,
                   "INSERT INTO volunteers (volunteer_id, username, branch_id, role, password_hash, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6)",
                   "sssssi", volunteer_id, a[0], a[1], a[2], a[3], now);
      return insert_unique (res, local_error, "volunteer", a[0], error);
    }

  if (g_str_equal (command, "disable-volunteer") || g_str_equal (command, "enable-volunteer"))
    {
      gboolean disable = g_str_equal (command, "disable-volunteer");

      return expect_one_change (query (conn, error, "UPDATE volunteers SET disabled = $1::boolean WHERE username = $2",
                                       "ss", disable ? "true" : "false", a[0]),
                                "volunteer", a[0], error) &&
             (!disable || run (query (conn, error,
                                      "DELETE FROM sessions WHERE volunteer_id IN"
                                      " (SELECT volunteer_id FROM volunteers WHERE username = $1)",
                                      "s", a[0]),
                               NULL));
    }

  if (g_str_equal (command, "reset-volunteer"))
    return expect_one_change (
               query (conn, error, "UPDATE volunteers SET password_hash = $1 WHERE username = $2", "ss", a[1], a[0]),
               "volunteer", a[0], error) &&
           run (query (conn, error,
                       "DELETE FROM sessions WHERE volunteer_id IN"
                       " (SELECT volunteer_id FROM volunteers WHERE username = $1)",
                       "s", a[0]),
                NULL);

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
  g_autoptr (PGresult) res = NULL;
  gint64 on_duty;

  res = query (conn, error,
               "SELECT " WW_HUB_HELP_SESSION_COLUMNS " FROM help_sessions WHERE branch_id = $1 ORDER BY session_id",
               "s", job->s[0]);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (snapshot->sessions, ww_hub_row_to_help_session (RESULT_ROW (res, i)));
  g_clear_pointer (&res, PQclear);

  res = query (conn, error,
               "SELECT " WW_HUB_HELP_EXCEPTION_COLUMNS " FROM help_exceptions WHERE branch_id = $1 ORDER BY day", "s",
               job->s[0]);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (snapshot->exceptions, ww_hub_row_to_help_exception (RESULT_ROW (res, i)));
  g_clear_pointer (&res, PQclear);

  res = query (conn, error,
               "SELECT " WW_HUB_RESERVATION_COLUMNS " FROM reservations WHERE branch_id = $1 AND starts_at >= $2"
               " AND starts_at < $3 ORDER BY starts_at, created_at",
               "sii", job->s[0], job->n[0], job->n[1]);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (snapshot->reservations, ww_hub_row_to_reservation (RESULT_ROW (res, i)));

  on_duty = count_on_duty (conn, job->s[0], error);
  snapshot->waiting = on_duty >= 0 ? count_waiting (conn, job->s[0], error) : -1;
  if (snapshot->waiting < 0)
    return FALSE;
  snapshot->on_duty = (guint)on_duty;

  job->result = g_steal_pointer (&snapshot);
  return TRUE;
}

static WwHubReservation *
load_reservation_by_code (Connection *conn, const char *code, const char *branch_id, GError **error)
{
  g_autoptr (PGresult) res = query (conn, error,
                                    "SELECT " WW_HUB_RESERVATION_COLUMNS " FROM reservations WHERE code = $1"
                                    " AND ($2::text IS NULL OR branch_id = $2)",
                                    "ss", code, branch_id);

  if (res == NULL || PQntuples (res) == 0)
    return NULL;
  return ww_hub_row_to_reservation (RESULT_ROW (res, 0));
}

static gboolean
reserve (Connection *conn, const WwHubHelpWrite *w, WwHubHelpResult *result, GError **error)
{
  g_autoptr (PGresult) res = NULL;
  gint64 now = g_get_real_time ();

  res =
      query (conn, error, "SELECT request_hash, code FROM reservations WHERE subject_id = $1 AND idempotency_key = $2",
             "ss", w->subject_id, w->idempotency_key);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      if (g_strcmp0 (value (res, 0, 0), w->request_hash) != 0)
        {
          g_set_error (error, WW_ERROR, WW_ERROR_UNPROCESSABLE,
                       "this Idempotency-Key was already used for a different request");
          return FALSE;
        }
      result->reservation = load_reservation_by_code (conn, value (res, 0, 1), NULL, error);
      result->replayed = TRUE;
      return result->reservation != NULL;
    }
  g_clear_pointer (&res, PQclear);

  /* Every hub's writes hold the same advisory lock (see run_batch):
   * counting and inserting in one transaction cannot overbook. */
  for (guint i = 0; i < w->n_candidates; i++)
    {
      const WwHubOccurrence *candidate = &w->candidates[i];
      g_autofree char       *reservation_id = NULL;
      gint64                 free_places;

      res = query (conn, error,
                   "SELECT s.capacity - (SELECT COUNT (*) FROM reservations r"
                   "   WHERE r.session_id = s.session_id AND r.starts_at = $1)"
                   " FROM help_sessions s WHERE s.session_id = $2 AND s.branch_id = $3 AND s.cancelled_at IS NULL"
                   " AND NOT EXISTS (SELECT 1 FROM help_exceptions e WHERE e.branch_id = s.branch_id AND e.day = $4"
                   "   AND e.session_id IN ('', s.session_id))",
                   "isss", candidate->starts_at, candidate->session->session_id, w->branch_id, candidate->day);
      if (res == NULL)
        return FALSE;
      free_places = PQntuples (res) > 0 ? value_int (res, 0, 0) : 0;
      g_clear_pointer (&res, PQclear);
      if (free_places <= 0)
        continue;

      reservation_id = g_uuid_string_random ();
      for (int attempt = 0; attempt < 8; attempt++)
        {
          g_autofree char *code = ww_hub_help_new_code ();
          gint64           changes = 0;

          if (!run (query (conn, error,
                           "INSERT INTO reservations (reservation_id, code, branch_id, session_id, starts_at,"
                           " ends_at, subject_id, idempotency_key, request_hash, created_at)"
                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (code) DO NOTHING",
                           "ssssiisssi", reservation_id, code, w->branch_id, candidate->session->session_id,
                           candidate->starts_at, candidate->ends_at, w->subject_id, w->idempotency_key, w->request_hash,
                           now),
                    &changes))
            return FALSE;
          if (changes == 1)
            {
              result->reservation = load_reservation_by_code (conn, code, NULL, error);
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

  reservation = load_reservation_by_code (conn, w->code, w->branch_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!ww_hub_help_can_check_in (reservation, w->now, &result->replayed, error))
    return FALSE;

  if (!result->replayed)
    {
      if (!run (
              query (conn, error, "UPDATE reservations SET checked_in_at = $1 WHERE code = $2", "is", w->now, w->code),
              NULL))
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
  g_autoptr (PGresult) res = NULL;
  const char *data;
  gint64      on_duty, waiting;

  on_duty = count_on_duty (conn, branch_id, error);
  waiting = on_duty >= 0 ? count_waiting (conn, branch_id, error) : -1;
  if (waiting < 0)
    return FALSE;
  result->on_duty = (guint)on_duty;
  result->waiting = waiting;

  queue_json = ww_hub_queue_event_json (branch_id, waiting, on_duty > 0 || conn->always_open);
  data = json_object_to_json_string_ext (queue_json, JSON_C_TO_STRING_PLAIN);
  res = query (conn, error,
               "INSERT INTO events (created_at, type, branch_id, kiosk_id, data) VALUES ($1, 'queue', $2, NULL, $3)"
               " RETURNING event_id",
               "iss", g_get_real_time (), branch_id, data);
  if (res == NULL)
    return FALSE;
  ww_hub_job_add_event (job, ww_hub_event_new (value_int (res, 0, 0), "queue", branch_id, NULL, data));
  return TRUE;
}

static gboolean
presence_changed (Connection *conn, Job *job, const WwHubHelpWrite *w, WwHubHelpResult *result, GError **error)
{
  if (w->on_duty)
    {
      if (!run (query (conn, error,
                       "INSERT INTO presence (token_hash, volunteer_id, branch_id, since) VALUES ($1, $2, $3, $4)"
                       " ON CONFLICT (token_hash) DO NOTHING",
                       "sssi", w->token_hash, w->volunteer_id, w->branch_id, g_get_real_time ()),
                NULL))
        return FALSE;
    }
  else if (!run (query (conn, error, "DELETE FROM presence WHERE token_hash = $1", "s", w->token_hash), NULL))
    return FALSE;

  return queue_changed (conn, job, w->branch_id, result, error);
}

/* A volunteer whose login expired is no longer on duty: their branches
 * hear it as they would hear them go off duty. */
static gboolean
presence_expired (Connection *conn, Job *job, const WwHubHelpWrite *w, WwHubHelpResult *result, GError **error)
{
  g_autoptr (PGresult) res = query (conn, error,
                                    "WITH gone AS (DELETE FROM presence WHERE token_hash NOT IN"
                                    " (SELECT token_hash FROM sessions WHERE expires_at > $1) RETURNING branch_id)"
                                    " SELECT DISTINCT branch_id FROM gone ORDER BY branch_id",
                                    "i", w->now);

  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    if (!queue_changed (conn, job, PQgetvalue (res, i, 0), result, error))
      return FALSE;
  return TRUE;
}

static gboolean
help_write_run (Connection *conn, Job *job, GError **error)
{
  const WwHubHelpWrite *w = job->help;
  g_autoptr (WwHubHelpResult) result = g_new0 (WwHubHelpResult, 1);
  GError  *local_error = NULL;
  gint64   now = g_get_real_time ();
  gboolean ok = FALSE;

  switch (w->kind)
    {
    case WW_HUB_HELP_ADD_SESSION:
      {
        const WwHubHelpSession *s = w->session;

        ok = require_branch (conn, s->branch_id, error) &&
             insert_unique (query (conn, &local_error,
                                   "INSERT INTO help_sessions (session_id, branch_id, kind, topic, languages,"
                                   " capacity, place, bring, first_day, last_day, weekly, start_time, end_time,"
                                   " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 <> 0, $12,"
                                   " $13, $14)",
                                   "sssssissssissi", s->session_id, s->branch_id, ww_hub_help_kind_to_string (s->kind),
                                   s->topic, s->languages, (gint64)s->capacity, s->place,
                                   s->bring != NULL ? s->bring : "", s->first_day, s->last_day, (gint64)s->weekly,
                                   s->start_time, s->end_time, now),
                            local_error, "help session", s->session_id, error);
        break;
      }
    case WW_HUB_HELP_CANCEL_SESSION:
      ok = expect_one_change (query (conn, error,
                                     "UPDATE help_sessions SET cancelled_at = COALESCE (cancelled_at, $1)"
                                     " WHERE session_id = $2 AND ($3::text IS NULL OR branch_id = $3)",
                                     "iss", now, w->session_id, w->branch_id),
                              "help session", w->session_id, error);
      break;
    case WW_HUB_HELP_ADD_EXCEPTION:
      ok = require_branch (conn, w->branch_id, error);
      if (ok && w->session_id != NULL && *w->session_id != '\0')
        {
          g_autoptr (PGresult) res =
              query (conn, error, "SELECT 1 FROM help_sessions WHERE session_id = $1 AND branch_id = $2", "ss",
                     w->session_id, w->branch_id);

          ok = res != NULL;
          if (ok && PQntuples (res) == 0)
            {
              g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "there is no help session in this branch “%s”",
                           w->session_id);
              ok = FALSE;
            }
        }
      ok = ok && run (query (conn, error,
                             "INSERT INTO help_exceptions (branch_id, day, session_id, reason, created_at)"
                             " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                             "ssssi", w->branch_id, w->day, w->session_id != NULL ? w->session_id : "",
                             w->reason != NULL ? w->reason : "", now),
                      NULL);
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

/* One quit job per thread, all pushed before any join: threads sharing a
 * queue take whichever comes first. */
static void
stop_threads (GAsyncQueue *queue, GThread **threads, guint n_threads)
{
  for (guint i = 0; i < n_threads; i++)
    {
      if (threads[i] != NULL)
        ww_hub_job_push_quit (queue);
    }
  for (guint i = 0; i < n_threads; i++)
    if (threads[i] != NULL)
      g_thread_join (g_steal_pointer (&threads[i]));
}

/*
 * Finishes every queued job, then stops the threads and closes the
 * connections: a clean shutdown loses nothing that was accepted. Calls
 * made afterwards are a programming error. Also done on finalisation.
 */
void
ww_hub_pg_store_shutdown (WwHubPgStore *self)
{
  g_return_if_fail (WW_HUB_IS_PG_STORE (self));

  stop_threads (self->write_queue, &self->writer, 1);
  stop_threads (self->read_queue, self->readers, N_READERS);
  if (self->listener != NULL)
    {
      char byte = 'q';

      while (write (self->stop_pipe[1], &byte, 1) < 0 && errno == EINTR)
        ;
      g_thread_join (g_steal_pointer (&self->listener));
    }
  connection_close (&self->writer_conn);
  for (guint i = 0; i < N_READERS; i++)
    connection_close (&self->reader_conns[i]);
  connection_close (&self->listener_conn);
}

static void
ww_hub_pg_store_finalize (GObject *object)
{
  WwHubPgStore *self = WW_HUB_PG_STORE (object);

  ww_hub_pg_store_shutdown (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->stop_pipe); i++)
    if (self->stop_pipe[i] >= 0)
      close (self->stop_pipe[i]);
  g_clear_pointer (&self->write_queue, g_async_queue_unref);
  g_clear_pointer (&self->read_queue, g_async_queue_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->conninfo, g_free);
  g_mutex_clear (&self->delivery_lock);

  G_OBJECT_CLASS (ww_hub_pg_store_parent_class)->finalize (object);
}

static void
ww_hub_pg_store_class_init (WwHubPgStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ww_hub_pg_store_finalize;
}

static void
ww_hub_pg_store_init (WwHubPgStore *self)
{
  self->write_queue = g_async_queue_new ();
  self->read_queue = g_async_queue_new ();
  self->stop_pipe[0] = self->stop_pipe[1] = -1;
  g_mutex_init (&self->delivery_lock);
}

static void
ww_hub_pg_store_iface_init (WwHubStoreInterface *iface)
{
  ww_hub_job_store_implement (iface);
}

static void
pg_push (WwHubJobStore *store, Job *job)
{
  WwHubPgStore *self = WW_HUB_PG_STORE (store);

  g_async_queue_push (job->write ? self->write_queue : self->read_queue, job);
}

static void
ww_hub_pg_store_job_store_iface_init (WwHubJobStoreInterface *iface)
{
  static const WwHubJobFunc runs[] = WW_HUB_JOB_RUNS;

  iface->runs = runs;
  iface->push = pg_push;
}

/*
 * Connects to the database named by @conninfo (a libpq connection string
 * or URI), migrating it as needed, and starts the store's threads. Events
 * (this hub's and every other hub's) are announced on the caller's
 * thread-default main context.
 */
WwHubPgStore *
ww_hub_pg_store_new (const char *conninfo, gboolean queue_needs_volunteer, GError **error)
{
  g_autoptr (WwHubPgStore) self = NULL;
  g_autoptr (PGresult) res = NULL;

  g_return_val_if_fail (conninfo != NULL, NULL);

  if (!PQisthreadsafe ())
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_FAILED, "libpq was built without thread support");
      return NULL;
    }

  self = g_object_new (WW_HUB_TYPE_PG_STORE, NULL);
  self->conninfo = g_strdup (conninfo);
  self->main_context = g_main_context_ref_thread_default ();
  connection_init (&self->writer_conn, self->conninfo);
  for (guint i = 0; i < N_READERS; i++)
    connection_init (&self->reader_conns[i], self->conninfo);
  connection_init (&self->listener_conn, self->conninfo);
  self->writer_conn.always_open = !queue_needs_volunteer;
  for (guint i = 0; i < N_READERS; i++)
    self->reader_conns[i].always_open = !queue_needs_volunteer;

  if (!g_unix_open_pipe (self->stop_pipe, FD_CLOEXEC, error))
    return NULL;

  if (!connection_ensure (&self->writer_conn, error) || !migrate (self, error))
    return NULL;

  /* Announcements start from now; older events are the bus's backlog. */
  res = query (&self->writer_conn, error, "SELECT COALESCE (MAX (event_id), 0) FROM events", "");
  if (res == NULL)
    return NULL;
  self->delivered_id = value_int (res, 0, 0);

  self->writer = g_thread_new ("ww-pg-writer", writer_thread, self);
  for (guint i = 0; i < N_READERS; i++)
    {
      Reader *reader = g_new0 (Reader, 1);

      reader->self = self;
      reader->conn = &self->reader_conns[i];
      self->readers[i] = g_thread_new ("ww-pg-reader", reader_thread, reader);
    }
  self->listener = g_thread_new ("ww-pg-listener", listener_thread, self);

  return g_steal_pointer (&self);
}

guint
ww_hub_pg_store_get_schema_version (WwHubPgStore *self)
{
  g_return_val_if_fail (WW_HUB_IS_PG_STORE (self), 0);

  return self->schema_version;
}
