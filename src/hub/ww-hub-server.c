/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The HTTPS API (/v1). Everything runs on the main loop; the store works
 * in its own threads, password hashing in GTask worker threads, so a
 * handler either answers at once from memory (catalogue, OpenAPI) or
 * pauses its message and answers from a callback.
 *
 * Rules every response follows (NLGov API Design Rules): an API-Version
 * header, errors as application/problem+json with status, title and
 * detail, no trailing slashes, camelCase fields, RFC 3339 dates.
 */

#include "config.h"

#include "ww-hub-server.h"

#include <libsoup/soup.h>
#include <errno.h>
#include <stdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "ww-catalog-json.h"
#include "ww-hub-estimate.h"
#include "ww-hub-event-bus.h"
#include "ww-hub-problem.h"
#include "ww-hub-rate-limiter.h"
#include "ww-hub-resources.h"
#include "ww-hub-token.h"

#define MAX_SEGMENTS 4
#define MAX_ID_LENGTH 64
#define MAX_KEY_LENGTH 100
#define MAX_USERNAME 64
#define MAX_PASSWORD 1024
#define MAX_STATS_DAYS 366
#define OPENAPI_RESOURCE "/nl/wegwijs/hub/openapi.json"
/* A token checked in the store is trusted this long without asking again:
 * revoking a kiosk or disabling an account (from the admin CLI, another
 * process) takes effect within a second, and a busy kiosk's catalogue GETs
 * do not each cost a database round trip. Logout here is immediate. */
#define AUTH_CACHE_US G_USEC_PER_SEC
#define AUTH_CACHE_MAX 10000
/* A client has this long to send a whole request, headers and body, counted
 * from when it connected (so the TLS handshake is included) or from the end
 * of its previous request on the connection (so an idle keep-alive
 * connection is closed too). A client that trickles bytes ("slowloris")
 * would otherwise hold a connection, and its buffers, for ever. Event
 * streams are not affected: the clock stops when the request is read. */
#define REQUEST_DEADLINE_S 10

struct _WwHubServer
{
  GObject parent_instance;

  WwHubConfig      *config;
  WwHubStore       *store;
  WwHubCatalog     *catalog;
  WwHubRateLimiter *ticket_limiter;
  WwHubRateLimiter *login_limiter;
  GTlsCertificate  *certificate;
  GBytes           *openapi;
  GCancellable     *cancellable;
  GMutex            auth_mutex;
  GHashTable       *auth_cache; /* token hash → CachedPrincipal, under auth_mutex */
  GPtrArray        *workers;    /* Worker */
  gulong            appended_id;
  guint             port;
  guint             purge_id;
  guint             presence_id;
  gboolean          reloading;
};

G_DEFINE_FINAL_TYPE (WwHubServer, ww_hub_server, G_TYPE_OBJECT)

/*
 * One server thread: its own main context, SoupServer and event bus, all
 * used only in that thread. The threads accept on sockets bound to the
 * same port (SO_REUSEPORT), so the kernel spreads connections over them;
 * shared state (catalogue snapshot, rate limiters, token cache) is locked,
 * the store is thread-safe, and each GTask answers in the thread that
 * asked.
 */
typedef struct
{
  WwHubServer   *server; /* unowned: the server joins its workers first */
  guint          index;
  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  GSocket       *socket;
  SoupServer    *soup;
  WwHubEventBus *events;
  GError        *error;
  int            started;     /* 1: event log read, 2: listening, 3: failed */
  GQueue         connections; /* Connection, see "Connections" below */
  GSource       *sweep;
} Worker;

typedef enum
{
  AUTH_NONE = 0,
  AUTH_KIOSK = 1 << WW_HUB_ROLE_KIOSK,
  AUTH_VOLUNTEER = 1 << WW_HUB_ROLE_VOLUNTEER,
  AUTH_ADMIN = 1 << WW_HUB_ROLE_ADMIN,
  AUTH_STAFF = AUTH_VOLUNTEER | AUTH_ADMIN,
  AUTH_ANY = AUTH_KIOSK | AUTH_STAFF,
} Auth;

typedef struct _Request Request;
typedef void (*Handler) (Request *request);

typedef struct
{
  const char        *pattern[MAX_SEGMENTS]; /* after "v1"; "*" = an id */
  const char        *method;
  Auth               auth;
  Handler            handler;
  const char *const *query_keys;
  const char        *name; /* for the log: no ids, no personal data */
} Route;

struct _Request
{
  WwHubServer       *self;
  Worker            *worker;
  SoupServerMessage *msg;
  GHashTable        *query;
  char              *segments[MAX_SEGMENTS];
  const Route       *route;
  WwHubPrincipal    *principal;
  char              *token_hash;
  json_object       *body;
  gint64             started;
  /* Help requests that take several steps. */
  WwHubHelpSnapshot *snapshot;
  GArray            *occurrences;
  json_object       *pending;
  char              *help_branch;
  char              *idempotency_key;
  char              *request_hash;
  gint64             from;
  gint64             until;
  gboolean           on_duty;
  gulong             finished_id;
  gboolean           finished;
  gboolean           paused;
};

static void auth_cache_remove (WwHubServer *self, const char *token_hash);
static void answer_closed_queue (Request *request);

/* ------------------------------------------------------------------ */
/* Requests and responses                                              */

static void
request_free (Request *request)
{
  if (request->finished_id != 0)
    g_signal_handler_disconnect (request->msg, request->finished_id);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->query, g_hash_table_unref);
  for (guint i = 0; i < MAX_SEGMENTS; i++)
    g_free (request->segments[i]);
  g_clear_pointer (&request->principal, ww_hub_principal_free);
  g_clear_pointer (&request->token_hash, g_free);
  g_clear_pointer (&request->body, json_object_put);
  g_clear_pointer (&request->snapshot, ww_hub_help_snapshot_free);
  g_clear_pointer (&request->occurrences, g_array_unref);
  g_clear_pointer (&request->pending, json_object_put);
  g_clear_pointer (&request->help_branch, g_free);
  g_clear_pointer (&request->idempotency_key, g_free);
  g_clear_pointer (&request->request_hash, g_free);
  g_clear_object (&request->self);
  g_free (request);
}

static void
request_finished_cb (SoupServerMessage *msg, Request *request)
{
  request->finished = TRUE;
}

static void
log_response (Request *request, guint status)
{
  GLogLevelFlags level = status >= 500 ? G_LOG_LEVEL_WARNING : G_LOG_LEVEL_INFO;

  /* Formatting costs more than serving a cached catalogue: skip it when
   * nobody reads the access log (G_MESSAGES_DEBUG unset). */
  if (g_log_writer_default_would_drop (level, G_LOG_DOMAIN))
    return;

  /* Method, route and status only: no ids, tokens, names or addresses. */
  g_log_structured (G_LOG_DOMAIN, level, "MESSAGE", "%s %s → %u (%" G_GINT64_FORMAT " µs)",
                    soup_server_message_get_method (request->msg),
                    request->route != NULL ? request->route->name : "(no route)", status,
                    g_get_monotonic_time () - request->started);
}

/* Ends a request: the response is set; a paused message is resumed. */
static void
request_done (Request *request)
{
  if (request->paused && !request->finished)
    soup_server_message_unpause (request->msg);
  request_free (request);
}

/*
 * What the server keeps per connection, as data on its GSocket (libsoup
 * makes a new SoupServerMessage for every request of a keep-alive
 * connection, so nothing per request is attached to the message):
 *
 * - the request deadline (see REQUEST_DEADLINE_S): a time, checked once a
 *   second by the worker's sweep, rather than a timeout source created and
 *   destroyed for every request;
 * - whether the response is corked (see cork()).
 *
 * Only touched in the worker thread that owns the connection. One request
 * at a time per connection: the server speaks HTTP/1.1 only (libsoup 3.2
 * offers h2 only when told to, which the hub does not).
 */
typedef struct
{
  Worker  *worker;   /* NULL once the worker has ended */
  GSocket *socket;   /* unowned: this is the socket's own data */
  gint64   deadline; /* monotonic µs; 0: none */
  gboolean corked;
  GList    link; /* in worker->connections */
} Connection;

static GQuark connection_quark; /* set in class_init */

static void
connection_free (Connection *connection)
{
  if (connection->worker != NULL)
    g_queue_unlink (&connection->worker->connections, &connection->link);
  g_free (connection);
}

/* The connection @msg arrived on; created when @worker is given. */
static Connection *
connection_get (SoupServerMessage *msg, Worker *worker)
{
  GSocket    *socket = soup_server_message_get_socket (msg);
  Connection *connection;

  if (socket == NULL)
    return NULL;

  connection = g_object_get_qdata (G_OBJECT (socket), connection_quark);
  if (connection != NULL || worker == NULL)
    return connection;

  /*
   * libsoup before 3.4.0 keeps the reference that g_socket_accept() gave
   * its listener (fixed upstream in "soup-listener: Plug a leak"), so
   * every accepted GSocket outlived its connection: a few hundred bytes
   * per connection for the life of the hub, and LeakSanitizer reports at
   * exit. A connection's first "request-started" is emitted while the
   * listener accepts it (soup_server_connection_accepted()), after which
   * libsoup no longer uses that reference: it is given back here, once
   * per socket. Decided at run time, as the library may be newer than the
   * headers. (Connections from soup_server_accept_iostream() have no
   * socket and never get here.)
   */
  if (soup_get_major_version () == 3 && soup_get_minor_version () < 4)
    g_object_unref (socket);

  connection = g_new0 (Connection, 1);
  connection->worker = worker;
  connection->socket = socket;
  connection->link.data = connection;
  g_queue_push_tail_link (&worker->connections, &connection->link);
  g_object_set_qdata_full (G_OBJECT (socket), connection_quark, connection, (GDestroyNotify)connection_free);

  return connection;
}

/*
 * libsoup writes the headers and the body as two TLS records with two
 * sends; corked, the kernel puts both into one segment, which halves the
 * per-response TCP work (a third of a small GET's cost). Uncorked as soon
 * as the response is written (response_written_cb), so nothing waits.
 */
static void
cork (SoupServerMessage *msg)
{
  Connection *connection = connection_get (msg, NULL);
  int         on = 1;

  if (connection == NULL || connection->corked)
    return;
  if (setsockopt (g_socket_get_fd (connection->socket), IPPROTO_TCP, TCP_CORK, &on, sizeof on) == 0)
    connection->corked = TRUE;
}

static void
uncork (Connection *connection)
{
  int off = 0;

  if (!connection->corked)
    return;
  setsockopt (g_socket_get_fd (connection->socket), IPPROTO_TCP, TCP_CORK, &off, sizeof off);
  connection->corked = FALSE;
}

static void
respond_bytes (Request *request, guint status, const char *content_type, GBytes *bytes)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  SoupMessageBody    *body = soup_server_message_get_response_body (request->msg);

  if (request->finished)
    return;

  soup_server_message_set_status (request->msg, status, NULL);
  cork (request->msg);
  if (bytes != NULL)
    {
      soup_message_headers_set_content_type (headers, content_type, NULL);
      soup_message_body_append_bytes (body, bytes);
    }
  log_response (request, status);
}

static void
respond_text (Request *request, guint status, const char *content_type, char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new_take (text, strlen (text));

  respond_bytes (request, status, content_type, bytes);
}

static void
respond_json (Request *request, guint status, json_object *object)
{
  const char *text = json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

  respond_text (request, status, "application/json", g_strdup (text));
}

static void
respond_problem (Request *request, guint status, const char *detail)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  GUri               *uri = soup_server_message_get_uri (request->msg);

  if (request->finished)
    return;

  if (status == 401)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"wegwijs\"");
  respond_text (request, status, WW_HUB_PROBLEM_TYPE, ww_hub_problem_render (status, detail, g_uri_get_path (uri)));
}

static void G_GNUC_PRINTF (3, 4) respond_problemf (Request *request, guint status, const char *format, ...)
{
  g_autofree char *detail = NULL;
  va_list          args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  respond_problem (request, status, detail);
}

static void
respond_error (Request *request, const GError *error)
{
  guint status = ww_hub_problem_status_for_error (error);

  if (status == 503)
    {
      /* Nothing was changed (a full disk, a database that does not
       * answer): the client may try again with the same idempotency key. */
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "%s: %s",
                        request->route != NULL ? request->route->name : "request", error->message);
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Retry-After", "10");
      respond_problem (request, status,
                       "The hub cannot save anything right now. Nothing was changed; try again in a moment.");
      return;
    }
  if (status >= 500)
    {
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "%s: %s",
                        request->route != NULL ? request->route->name : "request", error->message);
      respond_problem (request, status,
                       "The hub could not do this. Try again; if it keeps failing, tell the library's IT.");
      return;
    }

  respond_problem (request, status, error->message);
}

static void
request_pause (Request *request)
{
  /* Only a paused message can finish (its client gone) before we answer. */
  if (request->finished_id == 0)
    request->finished_id = g_signal_connect (request->msg, "finished", G_CALLBACK (request_finished_cb), request);
  request->paused = TRUE;
  soup_server_message_pause (request->msg);
}

/* ------------------------------------------------------------------ */
/* Input                                                               */

static const char *
query_get (Request *request, const char *key)
{
  return request->query != NULL ? g_hash_table_lookup (request->query, key) : NULL;
}

static gboolean
is_identifier (const char *id)
{
  gsize length;

  if (id == NULL)
    return FALSE;

  length = strlen (id);
  if (length == 0 || length > MAX_ID_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '-' && id[i] != '_' && id[i] != '.')
      return FALSE;

  return TRUE;
}

static gboolean
has_control_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return TRUE;
    }
  return FALSE;
}

/* The language of the answer: ?lang= when given (and then it must be
 * ours), else the best of Accept-Language, else Dutch. */
static const char *
negotiate_language (Request *request, gboolean *invalid)
{
  const char *lang = query_get (request, "lang");
  const char *accept;
  GSList     *list;
  const char *chosen = "nl";

  *invalid = FALSE;
  if (lang != NULL)
    {
      int index = ww_language_get_index (lang);

      if (index < 0)
        {
          *invalid = TRUE;
          return NULL;
        }
      return ww_language_get_all ()[index];
    }

  accept = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), "Accept-Language");
  if (accept == NULL)
    return chosen;

  list = soup_header_parse_quality_list (accept, NULL);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      g_autofree char *primary = g_ascii_strdown (l->data, -1);
      char            *dash = strchr (primary, '-');
      int              index;

      if (dash != NULL)
        *dash = '\0';
      index = ww_language_get_index (primary);
      if (index >= 0)
        {
          chosen = ww_language_get_all ()[index];
          break;
        }
    }
  soup_header_free_list (list);

  return chosen;
}

/* Unknown query keys are refused: a typo must not silently widen a result. */
static gboolean
check_query_keys (Request *request)
{
  GHashTableIter iter;
  const char    *key;

  if (request->query == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, request->query);
  while (g_hash_table_iter_next (&iter, (gpointer *)&key, NULL))
    {
      if (request->route->query_keys == NULL || !g_strv_contains (request->route->query_keys, key))
        {
          respond_problemf (request, 400, "Unknown query parameter “%s”.", key);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
is_json_content_type (SoupServerMessage *msg)
{
  g_autoptr (GHashTable) params = NULL;
  const char *type;
  const char *charset;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), &params);
  if (g_strcmp0 (type, "application/json") != 0)
    return FALSE;

  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}

/* Parses the body strictly into request->body. @required: no body is a 400. */
static gboolean
read_body (Request *request, gboolean required)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  gsize       length = 0;
  const char *data;

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);

  if (length == 0)
    {
      if (!required)
        return TRUE;
      respond_problem (request, 400, "This request needs a JSON body.");
      return FALSE;
    }

  if (!is_json_content_type (request->msg))
    {
      respond_problem (request, 415, "Send the body as application/json (UTF-8).");
      return FALSE;
    }

  if (length > request->self->config->max_body_bytes)
    {
      respond_problemf (request, 413, "The body is larger than %u bytes.", request->self->config->max_body_bytes);
      return FALSE;
    }

  request->body = ww_json_parse (data, length, WW_JSON_MAX_DEPTH, &error);
  if (request->body == NULL)
    {
      respond_problemf (request, 400, "The body is not valid JSON: %s.", error->message);
      return FALSE;
    }

  if (!json_object_is_type (request->body, json_type_object))
    {
      respond_problem (request, 400, "The body must be a JSON object.");
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *name;
  json_type   type;
  gboolean    required;
} Field;

/* Strict schema check: known fields only, each of its type. */
static gboolean
check_fields (Request *request, const Field *fields)
{
  json_object_object_foreach (request->body, key, value)
    {
      const Field *field = NULL;

      for (const Field *f = fields; f->name != NULL; f++)
        if (g_str_equal (f->name, key))
          field = f;

      if (field == NULL)
        {
          respond_problemf (request, 400, "Unknown field “%s”.", key);
          return FALSE;
        }
      if (value == NULL && !field->required)
        continue;
      if (value == NULL || !json_object_is_type (value, field->type))
        {
          respond_problemf (request, 400, "The field “%s” must be %s, not %s.", key, ww_json_type_name (field->type),
                            value == NULL ? "null" : ww_json_type_name (json_object_get_type (value)));
          return FALSE;
        }
    }

  for (const Field *f = fields; f->name != NULL; f++)
    {
      json_object *member;

      if (f->required && (!json_object_object_get_ex (request->body, f->name, &member) || member == NULL))
        {
          respond_problemf (request, 400, "The field “%s” is required.", f->name);
          return FALSE;
        }
    }

  return TRUE;
}

static const char *
body_string (Request *request, const char *key)
{
  json_object *value;

  if (!json_object_object_get_ex (request->body, key, &value) || value == NULL)
    return NULL;
  return json_object_get_string (value);
}

static gboolean
require_role (Request *request, Auth allowed)
{
  if ((allowed & (1 << request->principal->role)) != 0)
    return TRUE;

  respond_problem (request, 403, "This token may not do this.");
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Catalogue and contract                                              */

static gboolean
etag_matches (const char *if_none_match, const char *etag)
{
  g_auto (GStrv) tags = NULL;

  if (if_none_match == NULL)
    return FALSE;

  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }

  return FALSE;
}

/* @bytes (JSON) under @etag, or 304 when the client already holds them. */
static void
respond_json_bytes_unless_cached (Request *request, const char *etag, GBytes *bytes)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (request->msg);

  if (etag_matches (soup_message_headers_get_one (request_headers, "If-None-Match"), etag))
    respond_bytes (request, SOUP_STATUS_NOT_MODIFIED, NULL, NULL);
  else
    respond_bytes (request, 200, "application/json", bytes);
}

static void
serve_catalog (Request *request, WwHubCatalogResource resource)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  const char         *service_id = request->segments[1];
  g_autoptr (GBytes) bytes = NULL;
  const char      *language;
  g_autofree char *etag = NULL;
  gboolean         invalid;

  language = negotiate_language (request, &invalid);
  if (invalid)
    {
      respond_problem (request, 400, "lang must be one of nl, en, ar, tr, pl, uk.");
      return;
    }

  bytes = ww_hub_catalog_lookup (request->self->catalog, resource, service_id, language, &etag);
  if (bytes == NULL)
    {
      respond_problem (request, 404, "There is no service with this serviceId.");
      return;
    }

  soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_replace (headers, "Content-Language", language);
  soup_message_headers_replace (headers, "Vary", "Accept-Language, Authorization");
  soup_message_headers_replace (headers, "Cache-Control", "private, no-cache");

  respond_json_bytes_unless_cached (request, etag, bytes);
}

/* The whole catalogue in every language: what a kiosk keeps offline. */
static void
handle_catalog (Request *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  g_autofree char    *etag = NULL;
  g_autoptr (GBytes) bytes = ww_hub_catalog_lookup (request->self->catalog, WW_HUB_CATALOG_BUNDLE, NULL, NULL, &etag);

  soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_replace (headers, "Vary", "Authorization");
  soup_message_headers_replace (headers, "Cache-Control", "private, no-cache");

  respond_json_bytes_unless_cached (request, etag, bytes);
}

static void
handle_categories (Request *request)
{
  serve_catalog (request, WW_HUB_CATALOG_CATEGORIES);
}

static void
handle_services (Request *request)
{
  serve_catalog (request, WW_HUB_CATALOG_SERVICES);
}

static void
handle_service (Request *request)
{
  serve_catalog (request, WW_HUB_CATALOG_SERVICE);
}

static void
handle_openapi (Request *request)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Cache-Control",
                                "public, max-age=300");
  respond_bytes (request, 200, "application/json", request->self->openapi);
}

/* ------------------------------------------------------------------ */
/* Tickets                                                             */

static void
ticket_created_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  g_autoptr (json_object) json = NULL;
  g_autofree char *location = NULL;
  gboolean         replayed = FALSE;

  ticket = ww_hub_store_create_ticket_finish (WW_HUB_STORE (object), result, &replayed, &error);
  if (g_error_matches (error, WW_ERROR, WW_ERROR_CLOSED))
    {
      answer_closed_queue (request);
      return;
    }
  if (ticket == NULL)
    {
      respond_error (request, error);
      request_done (request);
      return;
    }

  location = g_strdup_printf ("/v1/tickets/%s", ww_ticket_get_id (ticket));
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Location", location);
  if (replayed)
    soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Idempotent-Replayed",
                                  "true");

  json = ww_ticket_to_json (ticket, TRUE);
  respond_json (request, 201, json);
  request_done (request);
}

static gboolean
is_idempotency_key (const char *key)
{
  gsize length;

  if (key == NULL)
    return FALSE;

  length = strlen (key);
  if (length == 0 || length > MAX_KEY_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (key[i] < 0x21 || key[i] > 0x7e)
      return FALSE;

  return TRUE;
}

/* Same request, same hash: fields joined with a separator no field has. */
static char *
hash_ticket_request (const char *topic, const char *language, const char *first_name, const char *service_id)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *parts[] = { topic, language, first_name, service_id };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_checksum_update (checksum, (const guchar *)(parts[i] != NULL ? "1" : "0"), 1);
      if (parts[i] != NULL)
        g_checksum_update (checksum, (const guchar *)parts[i], -1);
      g_checksum_update (checksum, (const guchar *)"\x1f", 1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

static void
handle_create_ticket (Request *request)
{
  static const Field fields[] = {
    { "topic", json_type_string, TRUE },
    { "language", json_type_string, TRUE },
    { "firstName", json_type_string, FALSE },
    { "serviceId", json_type_string, FALSE },
    { NULL },
  };
  WwHubServer       *self = request->self;
  const char        *key;
  const char        *topic_name, *language, *first_name, *service_id;
  g_autofree char   *trimmed_name = NULL;
  g_autofree char   *request_hash = NULL;
  WwHubTicketRequest ticket_request;
  WwHelpTopic        topic;
  guint              retry_after = 0;

  if (!require_role (request, AUTH_KIOSK))
    return;

  key = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), "Idempotency-Key");
  if (key == NULL)
    {
      respond_problem (request, 400,
                       "The Idempotency-Key header is required: a unique value per ticket, reused on retries.");
      return;
    }
  if (!is_idempotency_key (key))
    {
      respond_problem (request, 400, "The Idempotency-Key must be 1 to 100 visible ASCII characters.");
      return;
    }

  if (!read_body (request, TRUE) || !check_fields (request, fields))
    return;

  topic_name = body_string (request, "topic");
  language = body_string (request, "language");
  first_name = body_string (request, "firstName");
  service_id = body_string (request, "serviceId");

  if (!ww_help_topic_from_string (topic_name, &topic))
    {
      respond_problem (request, 400, "topic must be one of digid, money, municipality, device, other.");
      return;
    }
  if (!ww_language_is_known (language))
    {
      respond_problem (request, 400, "language must be one of nl, en, ar, tr, pl, uk.");
      return;
    }
  if (first_name != NULL)
    {
      trimmed_name = g_strstrip (g_strdup (first_name));
      if (*trimmed_name == '\0' || g_utf8_strlen (trimmed_name, -1) > WW_TICKET_MAX_FIRST_NAME ||
          has_control_characters (trimmed_name))
        {
          respond_problemf (request, 400, "firstName must be 1 to %d characters, without control characters.",
                            WW_TICKET_MAX_FIRST_NAME);
          return;
        }
    }
  if (service_id != NULL && !ww_hub_catalog_has_service (self->catalog, service_id))
    {
      respond_problem (request, 422, "serviceId is not a service of the catalogue.");
      return;
    }

  if (!ww_hub_rate_limiter_take (self->ticket_limiter, request->principal->subject_id, g_get_monotonic_time (),
                                 &retry_after))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Retry-After", seconds);
      respond_problemf (request, 429, "This kiosk asked for too many tickets. Try again in %u seconds.", retry_after);
      return;
    }

  request_hash = hash_ticket_request (topic_name, language, trimmed_name, service_id);
  ticket_request = (WwHubTicketRequest){
    .kiosk_id = request->principal->subject_id,
    .branch_id = request->principal->branch_id,
    .idempotency_key = key,
    .request_hash = request_hash,
    .topic = topic,
    .language = language,
    .first_name = trimmed_name,
    .service_id = service_id,
    .needs_volunteer = self->config->queue_needs_volunteer != 0,
  };

  request_pause (request);
  ww_hub_store_create_ticket_async (self->store, &ticket_request, self->cancellable, ticket_created_cb, request);
}

/* Who may see a ticket: its kiosk, its branch's volunteers, admins. */
static gboolean
may_see_ticket (const WwHubPrincipal *principal, WwTicket *ticket)
{
  switch (principal->role)
    {
    case WW_HUB_ROLE_ADMIN:
      return TRUE;
    case WW_HUB_ROLE_VOLUNTEER:
      return g_strcmp0 (principal->branch_id, ww_ticket_get_branch_id (ticket)) == 0;
    case WW_HUB_ROLE_KIOSK:
      return g_strcmp0 (principal->subject_id, ww_ticket_get_kiosk_id (ticket)) == 0;
    default:
      return FALSE;
    }
}

static void
ticket_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = ww_hub_store_get_ticket_finish (WW_HUB_STORE (object), result, &error);

  if (ticket == NULL)
    respond_error (request, error);
  else if (!may_see_ticket (request->principal, ticket))
    respond_problem (request, 403, "This ticket belongs to another kiosk or branch.");
  else
    {
      g_autoptr (json_object) json = ww_ticket_to_json (ticket, TRUE);

      respond_json (request, 200, json);
    }

  request_done (request);
}

static void
handle_get_ticket (Request *request)
{
  if (!is_identifier (request->segments[1]))
    {
      respond_problem (request, 404, "There is no ticket with this ticketId.");
      return;
    }

  request_pause (request);
  ww_hub_store_get_ticket_async (request->self->store, request->segments[1], request->self->cancellable, ticket_read_cb,
                                 request);
}

static void
transition_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = ww_hub_store_transition_finish (WW_HUB_STORE (object), result, &error);

  if (ticket == NULL)
    respond_error (request, error);
  else
    {
      g_autoptr (json_object) json = ww_ticket_to_json (ticket, TRUE);

      respond_json (request, 200, json);
    }

  request_done (request);
}

static void
handle_transition (Request *request)
{
  static const struct
  {
    const char *name;
    WwHubAction action;
  } actions[] = {
    { "_call", WW_HUB_ACTION_CALL },      { "_start", WW_HUB_ACTION_START },   { "_finish", WW_HUB_ACTION_FINISH },
    { "_noshow", WW_HUB_ACTION_NO_SHOW }, { "_cancel", WW_HUB_ACTION_CANCEL }, { "_requeue", WW_HUB_ACTION_REQUEUE },
  };
  static const Field call_fields[] = { { "deskId", json_type_string, TRUE }, { NULL } };
  static const Field finish_fields[] = { { "outcome", json_type_string, FALSE }, { NULL } };
  static const Field no_fields[] = { { NULL } };
  WwHubTransition    transition = { 0 };
  gboolean           found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (request->segments[2], actions[i].name))
      {
        transition.action = actions[i].action;
        found = TRUE;
      }
  if (!found || !is_identifier (request->segments[1]))
    {
      respond_problem (request, 404, "There is no such ticket or action.");
      return;
    }

  /* A kiosk may only take its own ticket back; the rest is the desk's. */
  if (!require_role (request, transition.action == WW_HUB_ACTION_CANCEL ? AUTH_ANY : AUTH_STAFF))
    return;

  if (transition.action == WW_HUB_ACTION_CALL)
    {
      if (!read_body (request, TRUE) || !check_fields (request, call_fields))
        return;
      transition.desk_id = body_string (request, "deskId");
    }
  else if (transition.action == WW_HUB_ACTION_FINISH)
    {
      const char *outcome;

      if (!read_body (request, FALSE) || (request->body != NULL && !check_fields (request, finish_fields)))
        return;
      outcome = request->body != NULL ? body_string (request, "outcome") : NULL;
      if (outcome != NULL && !ww_ticket_outcome_from_string (outcome, &transition.outcome))
        {
          respond_problem (request, 422, "outcome must be one of solved, referred, followUp, notSolved.");
          return;
        }
    }
  else
    {
      if (!read_body (request, FALSE) || (request->body != NULL && !check_fields (request, no_fields)))
        return;
    }

  transition.ticket_id = request->segments[1];
  if (request->principal->role == WW_HUB_ROLE_KIOSK)
    transition.only_kiosk_id = request->principal->subject_id;
  else if (request->principal->role == WW_HUB_ROLE_VOLUNTEER)
    transition.only_branch_id = request->principal->branch_id;

  request_pause (request);
  ww_hub_store_transition_async (request->self->store, &transition, request->self->cancellable, transition_done_cb,
                                 request);
}

typedef json_object *(*ItemToJson) (gconstpointer item, gconstpointer data);

/* Answers { @key: [@to_json (item, @data), …] }, or @error when @items is
 * NULL, and ends @request. */
static void
respond_list (Request      *request,
              GPtrArray    *items,
              const GError *error,
              const char   *key,
              ItemToJson    to_json,
              gconstpointer data)
{
  g_autoptr (json_object) json = NULL;
  json_object *array;

  if (items == NULL)
    {
      respond_error (request, error);
      request_done (request);
      return;
    }

  json = json_object_new_object ();
  array = json_object_new_array ();
  for (guint i = 0; i < items->len; i++)
    json_object_array_add (array, to_json (g_ptr_array_index (items, i), data));
  json_object_object_add (json, key, array);
  respond_json (request, 200, json);
  request_done (request);
}

static json_object *
queued_ticket_to_json (gconstpointer ticket, gconstpointer data)
{
  return ww_ticket_to_json ((WwTicket *)ticket, TRUE);
}

static void
queue_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tickets = ww_hub_store_list_queue_finish (WW_HUB_STORE (object), result, &error);

  respond_list (user_data, tickets, error, "tickets", queued_ticket_to_json, NULL);
}

/* @asked, or the caller's own branch when its token is bound to one
 * (@bound): then asking for another is answered 403 with @other_branch.
 * NULL after answering. */
static const char *
resolve_branch (Request *request, const char *asked, gboolean bound, const char *other_branch)
{
  if (asked != NULL && !is_identifier (asked))
    {
      respond_problem (request, 400, "branchId is not a valid id.");
      return NULL;
    }

  if (bound)
    {
      if (asked != NULL && !g_str_equal (asked, request->principal->branch_id))
        {
          respond_problem (request, 403, other_branch);
          return NULL;
        }
      return request->principal->branch_id;
    }

  if (asked == NULL)
    respond_problem (request, 400, "branchId is required.");
  return asked;
}

static const char *
branch_for_staff (Request *request)
{
  return resolve_branch (request, query_get (request, "branchId"), request->principal->role == WW_HUB_ROLE_VOLUNTEER,
                         "A volunteer sees only their own branch.");
}

typedef void (*BranchRead) (WwHubStore         *store,
                            const char         *branch_id,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data);

/* Staff reading one branch's @read: a volunteer their own, an admin any. */
static void
handle_branch_read (Request *request, BranchRead read_branch, GAsyncReadyCallback done)
{
  const char *branch_id;

  if (!require_role (request, AUTH_STAFF))
    return;

  branch_id = branch_for_staff (request);
  if (branch_id == NULL)
    return;

  request_pause (request);
  read_branch (request->self->store, branch_id, request->self->cancellable, done, request);
}

static void
handle_queue (Request *request)
{
  handle_branch_read (request, ww_hub_store_list_queue_async, queue_read_cb);
}

/* ------------------------------------------------------------------ */
/* Events                                                              */

static void
handle_events (Request *request)
{
  const char *header =
      soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), "Last-Event-ID");
  gint64 last_event_id = -1;

  if (header != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (header, 10, 0, G_MAXINT64, &value, NULL))
        {
          respond_problem (request, 400, "Last-Event-ID must be an event id from this stream.");
          return;
        }
      last_event_id = (gint64)value;
    }

  log_response (request, 200);
  ww_hub_event_bus_add_client (request->worker->events, request->msg, request->principal, last_event_id);
}

/* ------------------------------------------------------------------ */
/* Sessions                                                            */

typedef struct
{
  char *password;
  char *hash;
} Verify;

static void
verify_free (Verify *verify)
{
  if (verify->password != NULL)
    memset (verify->password, 0, strlen (verify->password));
  g_free (verify->password);
  g_free (verify->hash);
  g_free (verify);
}

static void
verify_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  static char *dummy_hash;
  Verify      *verify = task_data;

  /* An unknown user costs as much as a wrong password: no timing oracle. */
  if (verify->hash == NULL)
    {
      if (g_once_init_enter (&dummy_hash))
        g_once_init_leave (&dummy_hash, ww_hub_password_hash ("wegwijs-dummy-password", NULL));
      ww_hub_password_verify (dummy_hash, verify->password);
      g_task_return_boolean (task, FALSE);
      return;
    }

  g_task_return_boolean (task, ww_hub_password_verify (verify->hash, verify->password));
}

typedef struct
{
  Request        *request;
  WwHubVolunteer *volunteer;
  char           *token;
  char           *throttle_key;
} Login;

static void
login_free (Login *login)
{
  g_clear_pointer (&login->volunteer, ww_hub_volunteer_free);
  g_free (login->token);
  g_free (login->throttle_key);
  g_free (login);
}

static void
session_created_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Login   *login = user_data;
  Request *request = login->request;
  g_autoptr (GError) error = NULL;

  if (!ww_hub_store_create_session_finish (WW_HUB_STORE (object), result, &error))
    respond_error (request, error);
  else
    {
      g_autoptr (json_object) json = json_object_new_object ();
      gint64 expires = g_get_real_time () + (gint64)request->self->config->session_hours * 3600 * G_USEC_PER_SEC;
      g_autoptr (GDateTime) expires_at = g_date_time_new_from_unix_utc (expires / G_USEC_PER_SEC);
      g_autofree char *expires_text = ww_date_time_format_rfc3339 (expires_at);

      json_object_object_add (json, "token", json_object_new_string (login->token));
      json_object_object_add (json, "tokenType", json_object_new_string ("Bearer"));
      json_object_object_add (json, "expiresAt", json_object_new_string (expires_text));
      json_object_object_add (json, "volunteerId", json_object_new_string (login->volunteer->volunteer_id));
      json_object_object_add (json, "branchId", json_object_new_string (login->volunteer->branch_id));
      json_object_object_add (
          json, "role", json_object_new_string (login->volunteer->role == WW_HUB_ROLE_ADMIN ? "admin" : "volunteer"));
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Cache-Control",
                                    "no-store");
      respond_json (request, 201, json);
    }

  request_done (request);
  login_free (login);
}

static void
password_verified_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Login           *login = user_data;
  Request         *request = login->request;
  WwHubServer     *self = request->self;
  g_autofree char *token_hash = NULL;
  gint64           expires;

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || login->volunteer == NULL || login->volunteer->disabled)
    {
      respond_problem (request, 401, "The username or password is wrong, or the account is disabled.");
      request_done (request);
      login_free (login);
      return;
    }

  ww_hub_rate_limiter_forget (self->login_limiter, login->throttle_key);
  login->token = ww_hub_token_generate (WW_HUB_TOKEN_PREFIX_SESSION);
  token_hash = ww_hub_token_hash (login->token);
  expires = g_get_real_time () + (gint64)self->config->session_hours * 3600 * G_USEC_PER_SEC;
  ww_hub_store_create_session_async (self->store, login->volunteer->volunteer_id, token_hash, expires,
                                     self->cancellable, session_created_cb, login);
}

static void
volunteer_found_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Login   *login = user_data;
  Request *request = login->request;
  g_autoptr (GError) error = NULL;
  g_autoptr (GTask) task = NULL;
  Verify *verify;

  login->volunteer = ww_hub_store_find_volunteer_finish (WW_HUB_STORE (object), result, &error);
  if (login->volunteer == NULL && !g_error_matches (error, WW_ERROR, WW_ERROR_NOT_FOUND))
    {
      respond_error (request, error);
      request_done (request);
      login_free (login);
      return;
    }

  verify = g_new0 (Verify, 1);
  verify->password = g_strdup (body_string (request, "password"));
  verify->hash = login->volunteer != NULL ? g_strdup (login->volunteer->password_hash) : NULL;

  task = g_task_new (request->self, NULL, password_verified_cb, login);
  g_task_set_source_tag (task, volunteer_found_cb);
  g_task_set_task_data (task, verify, (GDestroyNotify)verify_free);
  g_task_run_in_thread (task, verify_thread);
}

static void
handle_login (Request *request)
{
  static const Field fields[] = {
    { "username", json_type_string, TRUE },
    { "password", json_type_string, TRUE },
    { NULL },
  };
  WwHubServer *self = request->self;
  const char  *username;
  const char  *password;
  Login       *login;
  guint        retry_after = 0;

  if (!read_body (request, TRUE) || !check_fields (request, fields))
    return;

  username = body_string (request, "username");
  password = body_string (request, "password");
  if (*username == '\0' || strlen (username) > MAX_USERNAME || *password == '\0' || strlen (password) > MAX_PASSWORD)
    {
      respond_problem (request, 400, "username and password must not be empty or very long.");
      return;
    }

  login = g_new0 (Login, 1);
  login->request = request;
  login->throttle_key = g_utf8_strdown (username, -1);

  /* Per account: guessing one volunteer's password is slowed down to a
   * few tries per window, wherever the guesses come from. */
  if (!ww_hub_rate_limiter_take (self->login_limiter, login->throttle_key, g_get_monotonic_time (), &retry_after))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

      login_free (login);
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Retry-After", seconds);
      respond_problemf (request, 429, "Too many login attempts. Try again in %u seconds.", retry_after);
      return;
    }

  request_pause (request);
  ww_hub_store_find_volunteer_async (self->store, username, self->cancellable, volunteer_found_cb, login);
}

static void
session_deleted_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;

  if (!ww_hub_store_delete_session_finish (WW_HUB_STORE (object), result, &error))
    respond_error (request, error);
  else
    respond_bytes (request, 204, NULL, NULL);
  auth_cache_remove (request->self, request->token_hash);

  request_done (request);
}

/* Going off duty first: the branch's kiosks hear that the queue closed. */
static void
logout_off_duty_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (WwHubHelpResult) written = ww_hub_store_help_write_finish (WW_HUB_STORE (object), result, NULL);

  ww_hub_store_delete_session_async (request->self->store, request->token_hash, request->self->cancellable,
                                     session_deleted_cb, request);
}

static void
handle_logout (Request *request)
{
  WwHubHelpWrite off = { .kind = WW_HUB_HELP_PRESENCE };

  if (!require_role (request, AUTH_STAFF))
    return;

  auth_cache_remove (request->self, request->token_hash);
  request_pause (request);
  off.branch_id = request->principal->branch_id;
  off.token_hash = request->token_hash;
  off.volunteer_id = request->principal->subject_id;
  ww_hub_store_help_write_async (request->self->store, &off, request->self->cancellable, logout_off_duty_cb, request);
}

/* ------------------------------------------------------------------ */
/* Fleet and statistics                                                */

static void
heartbeat_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;

  if (!ww_hub_store_heartbeat_finish (WW_HUB_STORE (object), result, &error))
    respond_error (request, error);
  else
    {
      g_autoptr (json_object) json = json_object_new_object ();
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *now_text = ww_date_time_format_rfc3339 (now);
      g_autofree char *full_etag = ww_hub_catalog_dup_etag (request->self->catalog);
      g_autofree char *etag = g_strdup_printf ("%.32s", full_etag);

      /* The kiosk compares and fetches the catalogue when it changed. */
      json_object_object_add (json, "catalogEtag", json_object_new_string (etag));
      json_object_object_add (json, "receivedAt", json_object_new_string (now_text));
      respond_json (request, 200, json);
    }

  request_done (request);
}

static gboolean
is_status_value (const char *value)
{
  static const char *const known[] = { "ok", "unavailable", "error", "paperOut", "none", NULL };

  return value == NULL || g_strv_contains (known, value);
}

static void
handle_heartbeat (Request *request)
{
  static const Field fields[] = {
    { "version", json_type_string, TRUE },        { "uptimeSeconds", json_type_int, TRUE },
    { "catalogEtag", json_type_string, FALSE },   { "speechStatus", json_type_string, FALSE },
    { "printerStatus", json_type_string, FALSE }, { NULL },
  };
  WwHubHeartbeat heartbeat = { 0 };
  json_object   *uptime;

  if (!require_role (request, AUTH_KIOSK))
    return;
  if (!g_str_equal (request->segments[1], request->principal->subject_id))
    {
      respond_problem (request, 403, "A kiosk reports only for itself.");
      return;
    }
  if (!read_body (request, TRUE) || !check_fields (request, fields))
    return;

  json_object_object_get_ex (request->body, "uptimeSeconds", &uptime);
  heartbeat.kiosk_id = request->principal->subject_id;
  heartbeat.version = body_string (request, "version");
  heartbeat.uptime_seconds = json_object_get_int64 (uptime);
  heartbeat.catalog_etag = body_string (request, "catalogEtag");
  heartbeat.speech_status = body_string (request, "speechStatus");
  heartbeat.printer_status = body_string (request, "printerStatus");

  if (heartbeat.uptime_seconds < 0 || strlen (heartbeat.version) > 64 ||
      (heartbeat.catalog_etag != NULL && strlen (heartbeat.catalog_etag) > 128))
    {
      respond_problem (request, 400,
                       "uptimeSeconds must be ≥ 0; version at most 64 and catalogEtag at most 128 characters.");
      return;
    }
  if (!is_status_value (heartbeat.speech_status) || !is_status_value (heartbeat.printer_status))
    {
      respond_problem (request, 400,
                       "speechStatus and printerStatus must be ok, unavailable, error, paperOut or none.");
      return;
    }

  request_pause (request);
  ww_hub_store_heartbeat_async (request->self->store, &heartbeat, request->self->cancellable, heartbeat_done_cb,
                                request);
}

static void
add_optional_string (json_object *object, const char *key, const char *value)
{
  json_object_object_add (object, key, value != NULL ? json_object_new_string (value) : NULL);
}

typedef struct
{
  gint64 now;
  gint64 stale_us; /* a heartbeat older than this is stale */
} KioskClock;

static json_object *
kiosk_to_json (gconstpointer item, gconstpointer data)
{
  const WwHubKiosk *kiosk = item;
  const KioskClock *timing = data;
  json_object      *json = json_object_new_object ();
  g_autofree char  *last_seen = NULL;

  if (kiosk->last_seen_at > 0)
    {
      g_autoptr (GDateTime) seen = g_date_time_new_from_unix_utc (kiosk->last_seen_at / G_USEC_PER_SEC);

      last_seen = ww_date_time_format_rfc3339 (seen);
    }

  add_optional_string (json, "kioskId", kiosk->kiosk_id);
  add_optional_string (json, "branchId", kiosk->branch_id);
  add_optional_string (json, "name", kiosk->name);
  json_object_object_add (json, "revoked", json_object_new_boolean (kiosk->revoked));
  add_optional_string (json, "lastSeenAt", last_seen);
  json_object_object_add (
      json, "stale",
      json_object_new_boolean (!kiosk->revoked &&
                               (kiosk->last_seen_at == 0 || timing->now - kiosk->last_seen_at > timing->stale_us)));
  add_optional_string (json, "version", kiosk->version);
  json_object_object_add (json, "uptimeSeconds", json_object_new_int64 (kiosk->uptime_seconds));
  add_optional_string (json, "catalogEtag", kiosk->catalog_etag);
  add_optional_string (json, "speechStatus", kiosk->speech_status);
  add_optional_string (json, "printerStatus", kiosk->printer_status);
  return json;
}

static void
kiosks_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) kiosks = ww_hub_store_list_kiosks_finish (WW_HUB_STORE (object), result, &error);
  KioskClock timing = {
    .now = g_get_real_time (),
    .stale_us = (gint64)request->self->config->heartbeat_stale_seconds * G_USEC_PER_SEC,
  };

  respond_list (request, kiosks, error, "kiosks", kiosk_to_json, &timing);
}

static void
handle_kiosks (Request *request)
{
  if (!require_role (request, AUTH_ADMIN))
    return;

  request_pause (request);
  ww_hub_store_list_kiosks_async (request->self->store, request->self->cancellable, kiosks_read_cb, request);
}

static json_object *
desk_to_json (gconstpointer item, gconstpointer data)
{
  const WwHubDesk *desk = item;
  json_object     *json = json_object_new_object ();

  json_object_object_add (json, "deskId", json_object_new_string (desk->desk_id));
  json_object_object_add (json, "branchId", json_object_new_string (desk->branch_id));
  json_object_object_add (json, "name", json_object_new_string (desk->name));
  return json;
}

static void
desks_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) desks = ww_hub_store_list_desks_finish (WW_HUB_STORE (object), result, &error);

  respond_list (user_data, desks, error, "desks", desk_to_json, NULL);
}

/* The tables of a branch, so a volunteer can say where they sit. */
static void
handle_desks (Request *request)
{
  handle_branch_read (request, ww_hub_store_list_desks_async, desks_read_cb);
}

/* Finished tickets by how they ended; "unstated" when the volunteer did not say. */
static json_object *
outcomes_to_json (const WwHubStatsRow *row)
{
  json_object *outcomes = json_object_new_object ();

  for (guint o = 0; o < WW_TICKET_N_OUTCOMES; o++)
    json_object_object_add (outcomes, o == WW_TICKET_OUTCOME_NONE ? "unstated" : ww_ticket_outcome_to_string (o),
                            json_object_new_int64 (row->outcomes[o]));
  return outcomes;
}

static json_object *
stats_row_to_json (gconstpointer item, gconstpointer data)
{
  const WwHubStatsRow *row = item;
  json_object         *json = json_object_new_object ();

  json_object_object_add (json, "branchId", json_object_new_string (row->branch_id));
  json_object_object_add (json, "date", json_object_new_string (row->day));
  json_object_object_add (json, "hour", json_object_new_int (row->hour));
  json_object_object_add (json, "topic", json_object_new_string (ww_help_topic_to_string (row->topic)));
  json_object_object_add (json, "count", json_object_new_int64 (row->count));
  json_object_object_add (
      json, "averageWaitSeconds",
      row->average_wait_seconds >= 0 ? json_object_new_int64 ((gint64)(row->average_wait_seconds + 0.5)) : NULL);
  json_object_object_add (
      json, "averageServiceSeconds",
      row->average_service_seconds >= 0 ? json_object_new_int64 ((gint64)(row->average_service_seconds + 0.5)) : NULL);
  json_object_object_add (json, "outcomes", outcomes_to_json (row));
  return json;
}

static void
stats_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = ww_hub_store_get_stats_finish (WW_HUB_STORE (object), result, &error);

  respond_list (user_data, rows, error, "stats", stats_row_to_json, NULL);
}

static GDate *
parse_day (const char *text)
{
  guint  year, month, day;
  char   extra;
  GDate *date;

  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &extra) != 3)
    return NULL;
  if (!g_date_valid_dmy (day, month, year))
    return NULL;

  date = g_date_new_dmy (day, month, year);
  return date;
}

static char *
format_day (const GDate *date)
{
  char buffer[16];

  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  return g_strdup (buffer);
}

static void
handle_stats (Request *request)
{
  const char      *branch_id = query_get (request, "branchId");
  const char      *from_text = query_get (request, "from");
  const char      *to_text = query_get (request, "to");
  g_autofree char *today = ww_hub_business_day (g_get_real_time ());
  GDate           *from = NULL, *to = NULL;
  g_autofree char *from_day = NULL;
  g_autofree char *to_day = NULL;

  if (!require_role (request, AUTH_STAFF))
    return;

  if (request->principal->role == WW_HUB_ROLE_VOLUNTEER)
    {
      branch_id = branch_for_staff (request);
      if (branch_id == NULL)
        return;
    }
  else if (branch_id != NULL && !is_identifier (branch_id))
    {
      respond_problem (request, 400, "branchId is not a valid id.");
      return;
    }

  to = parse_day (to_text != NULL ? to_text : today);
  from = from_text != NULL ? parse_day (from_text) : NULL;
  if (to == NULL || (from_text != NULL && from == NULL))
    {
      respond_problem (request, 400, "from and to must be dates as YYYY-MM-DD.");
      g_clear_pointer (&to, g_date_free);
      g_clear_pointer (&from, g_date_free);
      return;
    }
  if (from == NULL)
    {
      from = g_date_copy (to);
      g_date_subtract_days (from, 6);
    }
  if (g_date_compare (from, to) > 0 || g_date_days_between (from, to) > MAX_STATS_DAYS)
    {
      respond_problemf (request, 400, "from must not be after to, and the range at most %d days.", MAX_STATS_DAYS);
      g_date_free (to);
      g_date_free (from);
      return;
    }

  from_day = format_day (from);
  to_day = format_day (to);
  g_date_free (to);
  g_date_free (from);

  request_pause (request);
  ww_hub_store_get_stats_async (request->self->store, branch_id, from_day, to_day, request->self->cancellable,
                                stats_read_cb, request);
}

/* ------------------------------------------------------------------ */
/* Help sessions, presence, reservations                               */

#define HELP_DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)
#define HELP_DEFAULT_DAYS 28
#define HELP_MAX_DAYS 400
#define HELP_RESERVE_DAYS 92

/* A problem with our own title (a plain sentence for the kiosk's log and
 * the desk) and extra members, like the next session. */
static void
respond_problem_with (Request *request, guint status, const char *title, const char *detail, json_object *extra)
{
  g_autoptr (json_object) object = json_object_new_object ();
  GUri *uri = soup_server_message_get_uri (request->msg);

  if (request->finished)
    return;

  json_object_object_add (object, "type", json_object_new_string ("about:blank"));
  json_object_object_add (object, "title", json_object_new_string (title));
  json_object_object_add (object, "status", json_object_new_int ((int)status));
  json_object_object_add (object, "detail", json_object_new_string (detail));
  json_object_object_add (object, "instance", json_object_new_string (g_uri_get_path (uri)));
  if (extra != NULL)
    {
      json_object_object_foreach (extra, key, value)
        json_object_object_add (object, key, json_object_get (value));
    }

  respond_text (
      request, status, WW_HUB_PROBLEM_TYPE,
      g_strdup (json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)));
}

/* The branch a help request is about: a kiosk's and a volunteer's own;
 * an admin names it. NULL after answering. */
static const char *
help_branch (Request *request, const char *asked)
{
  return resolve_branch (request, asked, request->principal->role != WW_HUB_ROLE_ADMIN,
                         "This token is for another branch.");
}

/* A date (YYYY-MM-DD, the start of that day in the library's time) or an
 * RFC 3339 date-time; -1 if it is neither. */
static gint64
parse_instant (const char *text)
{
  g_autoptr (GDateTime) date_time = NULL;

  if (text == NULL)
    return -1;
  if (strlen (text) == 10)
    {
      g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/Amsterdam");
      g_autoptr (GDate) date = parse_day (text);

      if (date == NULL)
        return -1;
      if (zone == NULL)
        zone = g_time_zone_new_utc ();
      date_time =
          g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 0, 0, 0);
    }
  else
    date_time = ww_date_time_parse_rfc3339 (text);

  return date_time != NULL ? g_date_time_to_unix (date_time) * G_USEC_PER_SEC : -1;
}

/* from/until of the query, defaulting to now and @default_days on. */
static gboolean
help_window (Request *request, gint64 *from, gint64 *until, int default_days)
{
  const char *from_text = query_get (request, "from");
  const char *until_text = query_get (request, "until");

  *from = from_text != NULL ? parse_instant (from_text) : g_get_real_time ();
  *until = until_text != NULL ? parse_instant (until_text) : *from + default_days * HELP_DAY_US;
  if (*from < 0 || *until < 0)
    {
      respond_problem (request, 400,
                       "from and until must be dates (YYYY-MM-DD) or RFC 3339 date-times with an offset.");
      return FALSE;
    }
  if (*until <= *from || *until - *from > HELP_MAX_DAYS * HELP_DAY_US)
    {
      respond_problemf (request, 400, "until must be after from, and at most %d days later.", HELP_MAX_DAYS);
      return FALSE;
    }
  return TRUE;
}

static const WwHubHelpSession *
snapshot_session (const WwHubHelpSnapshot *snapshot, const char *session_id)
{
  for (guint i = 0; i < snapshot->sessions->len; i++)
    {
      const WwHubHelpSession *session = g_ptr_array_index (snapshot->sessions, i);

      if (g_str_equal (session->session_id, session_id))
        return session;
    }
  return NULL;
}

typedef void (*SnapshotReady) (Request *request, WwHubHelpSnapshot *snapshot);

typedef struct
{
  Request      *request;
  SnapshotReady ready;
} SnapshotWait;

static void
snapshot_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SnapshotWait *wait = user_data;
  Request      *request = wait->request;
  SnapshotReady ready = wait->ready;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubHelpSnapshot) snapshot = ww_hub_store_help_read_finish (WW_HUB_STORE (object), result, &error);

  g_free (wait);
  if (snapshot == NULL)
    {
      respond_error (request, error);
      request_done (request);
      return;
    }
  /* The request keeps it: a reservation's answer still needs its session. */
  g_clear_pointer (&request->snapshot, ww_hub_help_snapshot_free);
  request->snapshot = g_steal_pointer (&snapshot);
  ready (request, request->snapshot);
}

/* Reads the branch's help data with reservations in [since, until), then
 * calls @ready, which answers and ends the request. */
static void
read_snapshot (Request *request, const char *branch_id, gint64 since, gint64 until, SnapshotReady ready)
{
  SnapshotWait *wait = g_new0 (SnapshotWait, 1);

  wait->request = request;
  wait->ready = ready;
  if (!request->paused)
    request_pause (request);
  ww_hub_store_help_read_async (request->self->store, branch_id, since, until, request->self->cancellable,
                                snapshot_read_cb, wait);
}

/* -- GET /v1/help-sessions ------------------------------------------- */

static void
sessions_ready (Request *request, WwHubHelpSnapshot *snapshot)
{
  g_autoptr (json_object) json = json_object_new_object ();
  json_object *array = json_object_new_array ();

  for (guint i = 0; i < snapshot->sessions->len; i++)
    json_object_array_add (array, ww_hub_help_session_to_json (g_ptr_array_index (snapshot->sessions, i)));
  json_object_object_add (json, "helpSessions", array);
  array = json_object_new_array ();
  for (guint i = 0; i < snapshot->exceptions->len; i++)
    {
      WwHubHelpException *exception = g_ptr_array_index (snapshot->exceptions, i);
      json_object        *item = json_object_new_object ();

      json_object_object_add (item, "date", json_object_new_string (exception->day));
      json_object_object_add (item, "helpSessionId",
                              *exception->session_id != '\0' ? json_object_new_string (exception->session_id) : NULL);
      json_object_object_add (item, "reason", json_object_new_string (exception->reason));
      json_object_array_add (array, item);
    }
  json_object_object_add (json, "exceptions", array);
  respond_json (request, 200, json);
  request_done (request);
}

static void
handle_help_sessions (Request *request)
{
  const char *branch_id;

  if (!require_role (request, AUTH_STAFF) ||
      (branch_id = help_branch (request, query_get (request, "branchId"))) == NULL)
    return;
  read_snapshot (request, branch_id, 0, 0, sessions_ready);
}

/* -- POST /v1/help-sessions, _cancel, exceptions ------------------------ */

static void
help_written_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubHelpResult) written = ww_hub_store_help_write_finish (WW_HUB_STORE (object), result, &error);

  if (written == NULL)
    respond_error (request, error);
  else
    respond_json (request, request->on_duty ? 200 : 201, request->pending);
  request_done (request);
}

static void
write_help (Request *request, const WwHubHelpWrite *write, GAsyncReadyCallback callback)
{
  request_pause (request);
  ww_hub_store_help_write_async (request->self->store, write, request->self->cancellable, callback, request);
}

static char *
languages_from_json (json_object *array)
{
  GString *out = g_string_new (NULL);

  for (size_t i = 0; array != NULL && i < json_object_array_length (array); i++)
    {
      json_object *item = json_object_array_get_idx (array, i);

      if (!json_object_is_type (item, json_type_string) || !ww_language_is_known (json_object_get_string (item)))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", json_object_get_string (item));
    }
  return g_string_free (out, FALSE);
}

static void
handle_create_help_session (Request *request)
{
  static const Field fields[] = {
    { "branchId", json_type_string, FALSE },
    { "kind", json_type_string, TRUE },
    { "topic", json_type_string, TRUE },
    { "languages", json_type_array, TRUE },
    { "capacity", json_type_int, TRUE },
    { "place", json_type_string, TRUE },
    { "bring", json_type_string, FALSE },
    { "repeat", json_type_string, TRUE },
    { "firstDate", json_type_string, TRUE },
    { "lastDate", json_type_string, FALSE },
    { "startTime", json_type_string, TRUE },
    { "endTime", json_type_string, TRUE },
    { NULL },
  };
  g_autoptr (GError) error = NULL;
  g_autofree char *languages = NULL;
  g_autofree char *session_id = NULL;
  WwHubHelpSession session = { 0 };
  WwHubHelpWrite   write = { .kind = WW_HUB_HELP_ADD_SESSION };
  json_object     *member;
  const char      *repeat;
  gint64           capacity;

  if (!require_role (request, AUTH_STAFF) || !read_body (request, TRUE) || !check_fields (request, fields))
    return;
  if ((session.branch_id = (char *)help_branch (request, body_string (request, "branchId"))) == NULL)
    return;

  if (!ww_hub_help_kind_from_string (body_string (request, "kind"), &session.kind))
    {
      respond_problem (request, 400, "kind must be walkIn, topic or course.");
      return;
    }
  repeat = body_string (request, "repeat");
  if (!g_str_equal (repeat, "once") && !g_str_equal (repeat, "weekly"))
    {
      respond_problem (request, 400, "repeat must be once or weekly.");
      return;
    }
  json_object_object_get_ex (request->body, "languages", &member);
  languages = languages_from_json (member);
  if (languages == NULL)
    {
      respond_problem (request, 400, "languages must be a list of nl, en, ar, tr, pl, uk.");
      return;
    }
  json_object_object_get_ex (request->body, "capacity", &member);
  capacity = json_object_get_int64 (member);

  session.weekly = g_str_equal (repeat, "weekly");
  session.topic = (char *)body_string (request, "topic");
  session.languages = languages;
  session.capacity = (int)CLAMP (capacity, -1, 100000);
  session.place = (char *)body_string (request, "place");
  session.bring = (char *)body_string (request, "bring");
  session.first_day = (char *)body_string (request, "firstDate");
  session.last_day = (char *)(session.weekly ? body_string (request, "lastDate") : session.first_day);
  session.start_time = (char *)body_string (request, "startTime");
  session.end_time = (char *)body_string (request, "endTime");
  if (!session.weekly && body_string (request, "lastDate") != NULL &&
      g_strcmp0 (body_string (request, "lastDate"), session.first_day) != 0)
    {
      respond_problem (request, 400, "A session with repeat once has no lastDate (or the same as firstDate).");
      return;
    }
  if (!ww_hub_help_check_session (&session, &error))
    {
      respond_problemf (request, 400, "%c%s.", g_ascii_toupper (error->message[0]), error->message + 1);
      return;
    }

  session_id = g_uuid_string_random ();
  session.session_id = session_id;
  write.session = &session;
  request->pending = ww_hub_help_session_to_json (&session);
  {
    g_autofree char *location = g_strdup_printf ("/v1/help-sessions/%s", session_id);

    soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Location", location);
  }
  write_help (request, &write, help_written_cb);
}

static void
handle_cancel_help_session (Request *request)
{
  static const Field no_fields[] = { { NULL } };
  WwHubHelpWrite     write = { .kind = WW_HUB_HELP_CANCEL_SESSION };

  if (!require_role (request, AUTH_STAFF) || !read_body (request, FALSE) ||
      (request->body != NULL && !check_fields (request, no_fields)))
    return;
  if (!is_identifier (request->segments[1]))
    {
      respond_problem (request, 404, "There is no help session with this helpSessionId.");
      return;
    }

  write.session_id = request->segments[1];
  write.branch_id = request->principal->role == WW_HUB_ROLE_ADMIN ? NULL : request->principal->branch_id;
  request->pending = json_object_new_object ();
  json_object_object_add (request->pending, "helpSessionId", json_object_new_string (write.session_id));
  json_object_object_add (request->pending, "cancelled", json_object_new_boolean (TRUE));
  request->on_duty = TRUE; /* 200, not 201: nothing was created */
  write_help (request, &write, help_written_cb);
}

static void
handle_add_help_exception (Request *request)
{
  static const Field fields[] = {
    { "branchId", json_type_string, FALSE },
    { "helpSessionId", json_type_string, FALSE },
    { "date", json_type_string, TRUE },
    { "reason", json_type_string, FALSE },
    { NULL },
  };
  WwHubHelpWrite write = { .kind = WW_HUB_HELP_ADD_EXCEPTION };
  const char    *reason;

  if (!require_role (request, AUTH_STAFF) || !read_body (request, TRUE) || !check_fields (request, fields))
    return;
  if ((write.branch_id = help_branch (request, body_string (request, "branchId"))) == NULL)
    return;

  write.day = body_string (request, "date");
  write.session_id = body_string (request, "helpSessionId");
  reason = body_string (request, "reason");
  if (!ww_hub_help_is_day (write.day))
    {
      respond_problem (request, 400, "date must be YYYY-MM-DD, like 2026-12-25.");
      return;
    }
  if (write.session_id != NULL && !is_identifier (write.session_id))
    {
      respond_problem (request, 404, "There is no help session with this helpSessionId.");
      return;
    }
  if (reason != NULL && (g_utf8_strlen (reason, -1) > 200 || has_control_characters (reason)))
    {
      respond_problem (request, 400, "reason is at most 200 characters, without control characters.");
      return;
    }
  write.reason = reason;

  request->pending = json_object_new_object ();
  json_object_object_add (request->pending, "branchId", json_object_new_string (write.branch_id));
  json_object_object_add (request->pending, "date", json_object_new_string (write.day));
  json_object_object_add (request->pending, "helpSessionId",
                          write.session_id != NULL ? json_object_new_string (write.session_id) : NULL);
  json_object_object_add (request->pending, "reason", json_object_new_string (reason != NULL ? reason : ""));
  write_help (request, &write, help_written_cb);
}

/* -- GET /v1/help-occurrences ------------------------------------------ */

static void
occurrences_ready (Request *request, WwHubHelpSnapshot *snapshot)
{
  g_autoptr (json_object) json = json_object_new_object ();
  g_autoptr (GArray) occurrences =
      ww_hub_help_expand (snapshot, request->from, request->until, query_get (request, "helpSessionId"));
  json_object *array = json_object_new_array ();

  for (guint i = 0; i < occurrences->len; i++)
    json_object_array_add (array, ww_hub_help_occurrence_to_json (&g_array_index (occurrences, WwHubOccurrence, i)));
  json_object_object_add (json, "occurrences", array);
  respond_json (request, 200, json);
  request_done (request);
}

static void
handle_help_occurrences (Request *request)
{
  const char *branch_id;
  const char *session_id = query_get (request, "helpSessionId");

  if ((branch_id = help_branch (request, query_get (request, "branchId"))) == NULL ||
      !help_window (request, &request->from, &request->until, HELP_DEFAULT_DAYS))
    return;
  if (session_id != NULL && !is_identifier (session_id))
    {
      respond_problem (request, 400, "helpSessionId is not a valid id.");
      return;
    }
  /* Reservations of a date started at its start: read from a day before. */
  read_snapshot (request, branch_id, request->from - HELP_DAY_US, request->until, occurrences_ready);
}

/* -- GET /v1/help-status ----------------------------------------------- */

static json_object *
next_session_json (WwHubHelpSnapshot *snapshot, gint64 now)
{
  g_autoptr (GArray) occurrences = ww_hub_help_expand (snapshot, now, now + HELP_RESERVE_DAYS * HELP_DAY_US, NULL);

  if (occurrences->len == 0)
    return NULL;
  return ww_hub_help_occurrence_to_json (&g_array_index (occurrences, WwHubOccurrence, 0));
}

static void
status_ready (Request *request, WwHubHelpSnapshot *snapshot)
{
  g_autoptr (json_object) json = json_object_new_object ();
  gboolean open = snapshot->on_duty > 0 || !request->self->config->queue_needs_volunteer;

  json_object_object_add (json, "branchId", json_object_new_string (request->help_branch));
  json_object_object_add (json, "open", json_object_new_boolean (open));
  json_object_object_add (json, "volunteersOnDuty", json_object_new_int ((int)snapshot->on_duty));
  json_object_object_add (json, "waiting", json_object_new_int64 (snapshot->waiting));
  json_object_object_add (json, "nextSession", next_session_json (snapshot, g_get_real_time ()));
  respond_json (request, 200, json);
  request_done (request);
}

static void
handle_help_status (Request *request)
{
  const char *branch_id = help_branch (request, query_get (request, "branchId"));
  gint64      now = g_get_real_time ();

  if (branch_id == NULL)
    return;
  request->help_branch = g_strdup (branch_id);
  read_snapshot (request, branch_id, now - HELP_DAY_US, now + HELP_RESERVE_DAYS * HELP_DAY_US, status_ready);
}

/* -- A ticket on a closed queue -------------------------------------- */

static void
closed_queue_ready (Request *request, WwHubHelpSnapshot *snapshot)
{
  g_autoptr (json_object) extra = json_object_new_object ();

  json_object_object_add (extra, "branchId", json_object_new_string (request->help_branch));
  json_object_object_add (extra, "open", json_object_new_boolean (FALSE));
  json_object_object_add (extra, "nextSession", next_session_json (snapshot, g_get_real_time ()));
  respond_problem_with (request, 409, "No volunteer is on duty now",
                        "Nobody can be called now: no volunteer is at the help desk. The next help session is in "
                        "nextSession; a place can be reserved.",
                        extra);
  request_done (request);
}

/* Called by ticket_created_cb for WW_ERROR_CLOSED. */
static void
answer_closed_queue (Request *request)
{
  gint64 now = g_get_real_time ();

  request->help_branch = g_strdup (request->principal->branch_id);
  read_snapshot (request, request->principal->branch_id, now - HELP_DAY_US, now + HELP_RESERVE_DAYS * HELP_DAY_US,
                 closed_queue_ready);
}

/* -- PUT /v1/sessions/current/duty ------------------------------------ */

static void
still_waiting_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) tickets = ww_hub_store_list_queue_finish (WW_HUB_STORE (object), result, &error);
  json_object *array = json_object_new_array ();

  /* The queue closed all the same; without the list the answer says so. */
  for (guint i = 0; tickets != NULL && i < tickets->len; i++)
    if (ww_ticket_get_state (g_ptr_array_index (tickets, i)) == WW_TICKET_STATE_WAITING)
      json_object_array_add (array, ww_ticket_to_json (g_ptr_array_index (tickets, i), TRUE));
  json_object_object_add (request->pending, "stillWaiting", array);
  respond_json (request, 200, request->pending);
  request_done (request);
}

static void
duty_written_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubHelpResult) written = ww_hub_store_help_write_finish (WW_HUB_STORE (object), result, &error);
  gboolean open;

  if (written == NULL)
    {
      respond_error (request, error);
      request_done (request);
      return;
    }

  open = written->on_duty > 0 || !request->self->config->queue_needs_volunteer;
  request->pending = json_object_new_object ();
  json_object_object_add (request->pending, "onDuty", json_object_new_boolean (request->on_duty));
  json_object_object_add (request->pending, "branchId", json_object_new_string (request->principal->branch_id));
  json_object_object_add (request->pending, "open", json_object_new_boolean (open));
  json_object_object_add (request->pending, "volunteersOnDuty", json_object_new_int ((int)written->on_duty));
  json_object_object_add (request->pending, "waiting", json_object_new_int64 (written->waiting));

  /* The last one leaving sees who is still waiting: nobody is dropped unseen. */
  if (!open && written->waiting > 0)
    {
      ww_hub_store_list_queue_async (request->self->store, request->principal->branch_id, request->self->cancellable,
                                     still_waiting_cb, request);
      return;
    }
  json_object_object_add (request->pending, "stillWaiting", json_object_new_array ());
  respond_json (request, 200, request->pending);
  request_done (request);
}

static void
handle_duty (Request *request)
{
  static const Field fields[] = { { "onDuty", json_type_boolean, TRUE }, { NULL } };
  WwHubHelpWrite     write = { .kind = WW_HUB_HELP_PRESENCE };
  json_object       *member;

  if (!require_role (request, AUTH_STAFF) || !read_body (request, TRUE) || !check_fields (request, fields))
    return;
  json_object_object_get_ex (request->body, "onDuty", &member);
  request->on_duty = json_object_get_boolean (member);

  write.branch_id = request->principal->branch_id;
  write.token_hash = request->token_hash;
  write.volunteer_id = request->principal->subject_id;
  write.on_duty = request->on_duty;
  write_help (request, &write, duty_written_cb);
}

/* -- POST /v1/reservations ------------------------------------------- */

static char *
hash_reservation_request (const char *branch_id, const char *session_id, const char *starts_at)
{
  return hash_ticket_request (branch_id, session_id, starts_at, "reservation");
}

static void
reserved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubHelpResult) written = ww_hub_store_help_write_finish (WW_HUB_STORE (object), result, &error);
  g_autoptr (json_object) json = NULL;
  g_autofree char        *location = NULL;
  const WwHubHelpSession *session;

  if (written == NULL)
    {
      if (g_error_matches (error, WW_ERROR, WW_ERROR_CONFLICT))
        {
          g_autoptr (json_object) extra = json_object_new_object ();
          const WwHubOccurrence *next = NULL;

          if (body_string (request, "helpSessionId") == NULL)
            {
              json_object_object_add (extra, "nextAvailable", NULL);
              respond_problem_with (request, 409, "No free place in the coming weeks",
                                    "Every help session of the coming weeks is full or cancelled.", extra);
              request_done (request);
              return;
            }
          /* The next date after the full one that still has room. */
          for (guint i = 0; i < request->occurrences->len && next == NULL; i++)
            {
              const WwHubOccurrence *o = &g_array_index (request->occurrences, WwHubOccurrence, i);

              if (o->starts_at > request->from && o->reserved < o->session->capacity)
                next = o;
            }
          json_object_object_add (extra, "nextAvailable", next != NULL ? ww_hub_help_occurrence_to_json (next) : NULL);
          respond_problem_with (request, 409, "This session is full",
                                "There is no free place left at this session. nextAvailable is the next one with room.",
                                extra);
        }
      else
        respond_error (request, error);
      request_done (request);
      return;
    }

  session = snapshot_session (request->snapshot, written->reservation->session_id);
  location = g_strdup_printf ("/v1/reservations/%s", written->reservation->code);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Location", location);
  if (written->replayed)
    soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Idempotent-Replayed",
                                  "true");
  json = ww_hub_reservation_to_json (written->reservation, session);
  respond_json (request, 201, json);
  request_done (request);
}

static void
reserve_ready (Request *request, WwHubHelpSnapshot *snapshot)
{
  const char    *session_id = body_string (request, "helpSessionId");
  const char    *starts_at = body_string (request, "startsAt");
  gint64         now = g_get_real_time ();
  WwHubHelpWrite write = { .kind = WW_HUB_HELP_RESERVE };
  GArray        *candidates = NULL;

  request->occurrences = ww_hub_help_expand (snapshot, now, now + HELP_RESERVE_DAYS * HELP_DAY_US, NULL);

  if (session_id != NULL)
    {
      gint64 wanted = parse_instant (starts_at);

      for (guint i = 0; i < request->occurrences->len; i++)
        {
          WwHubOccurrence *o = &g_array_index (request->occurrences, WwHubOccurrence, i);

          if (g_str_equal (o->session->session_id, session_id) && o->starts_at == wanted)
            {
              write.candidates = o;
              write.n_candidates = 1;
              request->from = o->starts_at;
            }
        }
      if (write.n_candidates == 0)
        {
          respond_problem (request, 404,
                           "There is no such date of this help session ahead: it was cancelled, has passed, or "
                           "never was. Ask GET /v1/help-occurrences for the dates.");
          request_done (request);
          return;
        }
      if (write.candidates->starts_at <= now)
        {
          respond_problem (request, 409, "This session has already started; reserve a later one.");
          request_done (request);
          return;
        }
    }
  else
    {
      /* The next dates in order; the store takes the first with room. */
      candidates = g_array_new (FALSE, FALSE, sizeof (WwHubOccurrence));
      for (guint i = 0; i < request->occurrences->len; i++)
        {
          WwHubOccurrence *o = &g_array_index (request->occurrences, WwHubOccurrence, i);

          if (o->starts_at > now && o->reserved < o->session->capacity)
            g_array_append_val (candidates, *o);
        }
      write.candidates = (WwHubOccurrence *)candidates->data;
      write.n_candidates = candidates->len;
      request->from = now;
    }

  write.branch_id = request->help_branch;
  write.subject_id = request->principal->subject_id;
  write.idempotency_key = request->idempotency_key;
  write.request_hash = request->request_hash;
  ww_hub_store_help_write_async (request->self->store, &write, request->self->cancellable, reserved_cb, request);
  if (candidates != NULL)
    g_array_free (candidates, TRUE);
}

static void
handle_reserve (Request *request)
{
  static const Field fields[] = {
    { "branchId", json_type_string, FALSE },
    { "helpSessionId", json_type_string, FALSE },
    { "startsAt", json_type_string, FALSE },
    { NULL },
  };
  const char *key;
  const char *branch_id;
  const char *session_id;
  const char *starts_at;
  gint64      now = g_get_real_time ();

  key = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), "Idempotency-Key");
  if (!is_idempotency_key (key))
    {
      respond_problem (request, 400,
                       "The Idempotency-Key header is required: 1 to 100 visible ASCII characters, unique per "
                       "reservation, reused on retries.");
      return;
    }
  if (!read_body (request, FALSE) || (request->body != NULL && !check_fields (request, fields)))
    return;
  if (request->body == NULL)
    request->body = json_object_new_object ();
  if ((branch_id = help_branch (request, body_string (request, "branchId"))) == NULL)
    return;

  session_id = body_string (request, "helpSessionId");
  starts_at = body_string (request, "startsAt");
  if ((session_id == NULL) != (starts_at == NULL))
    {
      respond_problem (request, 400,
                       "Give helpSessionId and startsAt together (one date), or neither (the next free place).");
      return;
    }
  if (session_id != NULL && (!is_identifier (session_id) || parse_instant (starts_at) < 0 || strlen (starts_at) == 10))
    {
      respond_problem (request, 400, "helpSessionId must be an id and startsAt an RFC 3339 date-time with an offset.");
      return;
    }

  request->help_branch = g_strdup (branch_id);
  request->idempotency_key = g_strdup (key);
  request->request_hash = hash_reservation_request (branch_id, session_id, starts_at);
  read_snapshot (request, branch_id, now - HELP_DAY_US, now + (HELP_RESERVE_DAYS + 1) * HELP_DAY_US, reserve_ready);
}

static void
reservations_ready (Request *request, WwHubHelpSnapshot *snapshot)
{
  g_autoptr (json_object) json = json_object_new_object ();
  json_object *array = json_object_new_array ();

  for (guint i = 0; i < snapshot->reservations->len; i++)
    {
      WwHubReservation *reservation = g_ptr_array_index (snapshot->reservations, i);

      json_object_array_add (
          array, ww_hub_reservation_to_json (reservation, snapshot_session (snapshot, reservation->session_id)));
    }
  json_object_object_add (json, "reservations", array);
  respond_json (request, 200, json);
  request_done (request);
}

static void
handle_reservations (Request *request)
{
  const char *branch_id;
  gint64      from, until;

  if (!require_role (request, AUTH_STAFF) ||
      (branch_id = help_branch (request, query_get (request, "branchId"))) == NULL)
    return;
  if (query_get (request, "from") == NULL)
    {
      g_autofree char *today = ww_hub_business_day (g_get_real_time ());

      from = parse_instant (today);
      until = from + HELP_DEFAULT_DAYS * HELP_DAY_US;
      if (query_get (request, "until") != NULL && (until = parse_instant (query_get (request, "until"))) <= from)
        {
          respond_problem (request, 400, "until must be a date or date-time after from.");
          return;
        }
    }
  else if (!help_window (request, &from, &until, HELP_DEFAULT_DAYS))
    return;

  read_snapshot (request, branch_id, from, until, reservations_ready);
}

static void
checked_in_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubHelpResult) written = ww_hub_store_help_write_finish (WW_HUB_STORE (object), result, &error);

  if (written == NULL)
    {
      if (g_error_matches (error, WW_ERROR, WW_ERROR_NOT_FOUND))
        respond_problem_with (request, 404, "Unknown reservation code",
                              "There is no reservation with this code at this branch. Check the code on the "
                              "resident's slip.",
                              NULL);
      else if (g_error_matches (error, WW_ERROR, WW_ERROR_CONFLICT))
        {
          g_autofree char *detail = g_strdup_printf ("%c%s.", g_ascii_toupper (error->message[0]), error->message + 1);

          respond_problem_with (request, 409, "This reservation is for another time", detail, NULL);
        }
      else
        respond_error (request, error);
    }
  else
    {
      g_autoptr (json_object) json = ww_hub_reservation_to_json (written->reservation, NULL);

      json_object_object_add (json, "alreadyCheckedIn", json_object_new_boolean (written->replayed));
      respond_json (request, 200, json);
    }
  request_done (request);
}

static void
handle_check_in (Request *request)
{
  static const Field no_fields[] = { { NULL } };
  g_autofree char   *code = NULL;
  WwHubHelpWrite     write = { .kind = WW_HUB_HELP_CHECK_IN };

  if (!require_role (request, AUTH_STAFF) || !read_body (request, FALSE) ||
      (request->body != NULL && !check_fields (request, no_fields)))
    return;
  if (!g_str_equal (request->segments[2], "_checkin"))
    {
      respond_problem (request, 404, "There is no such action; a reservation has _checkin.");
      return;
    }
  code = ww_hub_help_normalize_code (request->segments[1]);
  if (code == NULL)
    {
      respond_problem_with (request, 404, "Unknown reservation code",
                            "A reservation code is 6 letters and digits, like K7M4TX. Check the code on the resident's "
                            "slip.",
                            NULL);
      return;
    }

  write.code = code;
  write.branch_id = request->principal->role == WW_HUB_ROLE_ADMIN ? NULL : request->principal->branch_id;
  write.now = g_get_real_time ();
  write_help (request, &write, checked_in_cb);
}

/* -- GET /v1/help-stats ---------------------------------------------- */

static void
walk_ins_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = ww_hub_store_get_stats_finish (WW_HUB_STORE (object), result, &error);
  gint64       counts[WW_HELP_TOPIC_OTHER + 1] = { 0 };
  json_object *walk_ins;

  if (rows == NULL)
    {
      respond_error (request, error);
      request_done (request);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      WwHubStatsRow *row = g_ptr_array_index (rows, i);

      if ((guint)row->topic <= WW_HELP_TOPIC_OTHER)
        counts[row->topic] += row->count;
    }
  walk_ins = json_object_new_array ();
  for (guint topic = 0; topic <= WW_HELP_TOPIC_OTHER; topic++)
    {
      json_object *item = json_object_new_object ();

      json_object_object_add (item, "topic", json_object_new_string (ww_help_topic_to_string (topic)));
      json_object_object_add (item, "count", json_object_new_int64 (counts[topic]));
      json_object_array_add (walk_ins, item);
    }
  json_object_object_add (request->pending, "walkIns", walk_ins);
  respond_json (request, 200, request->pending);
  request_done (request);
}

static void
help_stats_ready (Request *request, WwHubHelpSnapshot *snapshot)
{
  g_autoptr (GArray) occurrences = ww_hub_help_expand (snapshot, request->from, request->until, NULL);
  g_autofree char *from_day = ww_hub_business_day (request->from);
  g_autofree char *to_day = ww_hub_business_day (request->until - 1);
  gint64           now = g_get_real_time ();
  gint64           held = 0, checked_in = 0, no_shows = 0;

  for (guint i = 0; i < occurrences->len; i++)
    if (g_array_index (occurrences, WwHubOccurrence, i).ends_at <= now)
      held++;
  for (guint i = 0; i < snapshot->reservations->len; i++)
    {
      WwHubReservation *reservation = g_ptr_array_index (snapshot->reservations, i);

      if (reservation->checked_in_at != 0)
        checked_in++;
      else if (reservation->ends_at <= now)
        no_shows++;
    }

  request->pending = json_object_new_object ();
  json_object_object_add (request->pending, "branchId", json_object_new_string (request->help_branch));
  json_object_object_add (request->pending, "from", json_object_new_string (from_day));
  json_object_object_add (request->pending, "to", json_object_new_string (to_day));
  json_object_object_add (request->pending, "sessionsHeld", json_object_new_int64 (held));
  json_object_object_add (request->pending, "reservations", json_object_new_int64 (snapshot->reservations->len));
  json_object_object_add (request->pending, "checkedIn", json_object_new_int64 (checked_in));
  json_object_object_add (request->pending, "noShows", json_object_new_int64 (no_shows));
  ww_hub_store_get_stats_async (request->self->store, request->help_branch, from_day, to_day,
                                request->self->cancellable, walk_ins_read_cb, request);
}

static void
handle_help_stats (Request *request)
{
  const char      *branch_id;
  const char      *from_text = query_get (request, "from");
  const char      *to_text = query_get (request, "to");
  g_autofree char *today = ww_hub_business_day (g_get_real_time ());

  if (!require_role (request, AUTH_STAFF) ||
      (branch_id = help_branch (request, query_get (request, "branchId"))) == NULL)
    return;

  /* Whole days, like /v1/stats: the last 30 up to today by default. */
  request->until = parse_instant (to_text != NULL ? to_text : today);
  request->from = from_text != NULL ? parse_instant (from_text) : request->until - 29 * HELP_DAY_US;
  if ((from_text != NULL && strlen (from_text) != 10) || (to_text != NULL && strlen (to_text) != 10) ||
      request->from < 0 || request->until < 0)
    {
      respond_problem (request, 400, "from and to must be dates as YYYY-MM-DD.");
      return;
    }
  request->until += HELP_DAY_US; /* to is included */
  if (request->until <= request->from || request->until - request->from > (MAX_STATS_DAYS + 1) * HELP_DAY_US)
    {
      respond_problemf (request, 400, "from must not be after to, and the range at most %d days.", MAX_STATS_DAYS);
      return;
    }

  request->help_branch = g_strdup (branch_id);
  read_snapshot (request, branch_id, request->from, request->until, help_stats_ready);
}

/* ------------------------------------------------------------------ */
/* Routing                                                             */

static const char *const catalog_keys[] = { "lang", NULL };
static const char *const branch_keys[] = { "branchId", NULL };
static const char *const stats_keys[] = { "branchId", "from", "to", NULL };
static const char *const window_keys[] = { "branchId", "from", "until", NULL };
static const char *const occurrence_keys[] = { "branchId", "from", "until", "helpSessionId", NULL };

static const Route routes[] = {
  { { "openapi.json" }, "GET", AUTH_NONE, handle_openapi, NULL, "GET /v1/openapi.json" },
  { { "catalog" }, "GET", AUTH_ANY, handle_catalog, NULL, "/v1/catalog" },
  { { "categories" }, "GET", AUTH_ANY, handle_categories, catalog_keys, "/v1/categories" },
  { { "services" }, "GET", AUTH_ANY, handle_services, catalog_keys, "/v1/services" },
  { { "services", "*" }, "GET", AUTH_ANY, handle_service, catalog_keys, "/v1/services/{serviceId}" },
  { { "tickets" }, "POST", AUTH_ANY, handle_create_ticket, NULL, "/v1/tickets" },
  { { "tickets", "*" }, "GET", AUTH_ANY, handle_get_ticket, NULL, "/v1/tickets/{ticketId}" },
  { { "tickets", "*", "*" }, "POST", AUTH_ANY, handle_transition, NULL, "/v1/tickets/{ticketId}/{action}" },
  { { "queue" }, "GET", AUTH_ANY, handle_queue, branch_keys, "/v1/queue" },
  { { "desks" }, "GET", AUTH_ANY, handle_desks, branch_keys, "/v1/desks" },
  { { "events" }, "GET", AUTH_ANY, handle_events, NULL, "/v1/events" },
  { { "sessions" }, "POST", AUTH_NONE, handle_login, NULL, "/v1/sessions" },
  { { "sessions", "current" }, "DELETE", AUTH_ANY, handle_logout, NULL, "/v1/sessions/current" },
  { { "kiosks" }, "GET", AUTH_ANY, handle_kiosks, NULL, "/v1/kiosks" },
  { { "kiosks", "*", "heartbeat" }, "POST", AUTH_ANY, handle_heartbeat, NULL, "/v1/kiosks/{kioskId}/heartbeat" },
  { { "stats" }, "GET", AUTH_ANY, handle_stats, stats_keys, "/v1/stats" },
  { { "help-sessions" }, "GET", AUTH_ANY, handle_help_sessions, branch_keys, "GET /v1/help-sessions" },
  { { "help-sessions" }, "POST", AUTH_ANY, handle_create_help_session, NULL, "POST /v1/help-sessions" },
  { { "help-sessions", "*", "_cancel" },
    "POST",
    AUTH_ANY,
    handle_cancel_help_session,
    NULL,
    "/v1/help-sessions/{helpSessionId}/_cancel" },
  { { "help-session-exceptions" }, "POST", AUTH_ANY, handle_add_help_exception, NULL, "/v1/help-session-exceptions" },
  { { "help-occurrences" }, "GET", AUTH_ANY, handle_help_occurrences, occurrence_keys, "/v1/help-occurrences" },
  { { "help-status" }, "GET", AUTH_ANY, handle_help_status, branch_keys, "/v1/help-status" },
  { { "help-stats" }, "GET", AUTH_ANY, handle_help_stats, stats_keys, "/v1/help-stats" },
  { { "sessions", "current", "duty" }, "PUT", AUTH_ANY, handle_duty, NULL, "/v1/sessions/current/duty" },
  { { "reservations" }, "POST", AUTH_ANY, handle_reserve, NULL, "POST /v1/reservations" },
  { { "reservations" }, "GET", AUTH_ANY, handle_reservations, window_keys, "GET /v1/reservations" },
  { { "reservations", "*", "*" },
    "POST",
    AUTH_ANY,
    handle_check_in,
    NULL,
    "/v1/reservations/{reservationCode}/_checkin" },
};

static gboolean
route_matches (const Route *route, char **segments, guint n_segments)
{
  guint n_pattern = 0;

  while (n_pattern < MAX_SEGMENTS && route->pattern[n_pattern] != NULL)
    n_pattern++;
  if (n_pattern != n_segments)
    return FALSE;

  for (guint i = 0; i < n_segments; i++)
    if (!g_str_equal (route->pattern[i], "*") && !g_str_equal (route->pattern[i], segments[i]))
      return FALSE;

  return TRUE;
}

typedef struct
{
  WwHubPrincipal *principal;
  gint64          valid_until;
} CachedPrincipal;

static void
cached_principal_free (CachedPrincipal *cached)
{
  ww_hub_principal_free (cached->principal);
  g_free (cached);
}

static WwHubPrincipal *
principal_copy (const WwHubPrincipal *principal)
{
  WwHubPrincipal *copy = g_new0 (WwHubPrincipal, 1);

  *copy = (WwHubPrincipal){ principal->role, g_strdup (principal->subject_id), g_strdup (principal->branch_id),
                            principal->expires_at };
  return copy;
}

static void
auth_cache_add (WwHubServer *self, const char *token_hash, const WwHubPrincipal *principal)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->auth_mutex);
  CachedPrincipal *cached = g_new0 (CachedPrincipal, 1);

  if (g_hash_table_size (self->auth_cache) >= AUTH_CACHE_MAX)
    g_hash_table_remove_all (self->auth_cache);

  cached->principal = principal_copy (principal);
  cached->valid_until = g_get_monotonic_time () + AUTH_CACHE_US;
  g_hash_table_replace (self->auth_cache, g_strdup (token_hash), cached);
}

static WwHubPrincipal *
auth_cache_lookup (WwHubServer *self, const char *token_hash)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->auth_mutex);
  CachedPrincipal *cached = g_hash_table_lookup (self->auth_cache, token_hash);

  if (cached == NULL)
    return NULL;

  if (cached->valid_until < g_get_monotonic_time () ||
      (cached->principal->expires_at != 0 && cached->principal->expires_at <= g_get_real_time ()))
    {
      g_hash_table_remove (self->auth_cache, token_hash);
      return NULL;
    }

  return principal_copy (cached->principal);
}

static void
auth_cache_remove (WwHubServer *self, const char *token_hash)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->auth_mutex);

  g_hash_table_remove (self->auth_cache, token_hash);
}

/* The token is valid: check the role, then run the handler. */
static void
run_authorized (Request *request)
{
  if ((request->route->auth & (1 << request->principal->role)) == 0)
    {
      respond_problem (request, 403, "This token may not do this.");
      request_done (request);
      return;
    }

  request->route->handler (request);

  /* Handlers that answered at once end here; the others end in their
   * callbacks (or, for events, live on in the event bus). */
  if (soup_server_message_get_status (request->msg) == 0)
    return;
  request_done (request);
}

static void
authenticated_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (GError) error = NULL;

  request->principal = ww_hub_store_authenticate_finish (WW_HUB_STORE (object), result, &error);
  if (request->principal == NULL)
    {
      if (g_error_matches (error, WW_ERROR, WW_ERROR_UNAUTHORIZED))
        respond_problem (request, 401, "The token is unknown, expired or revoked.");
      else
        respond_error (request, error);
      request_done (request);
      return;
    }

  auth_cache_add (request->self, request->token_hash, request->principal);
  run_authorized (request);
}

static void
dispatch (Request *request)
{
  const char *authorization;
  const char *token;

  if (!check_query_keys (request))
    {
      request_free (request);
      return;
    }

  if (request->route->auth == AUTH_NONE)
    {
      request->route->handler (request);
      if (!request->paused)
        request_free (request);
      return;
    }

  authorization =
      soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), "Authorization");
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      respond_problem (request, 401, "This needs a token: Authorization: Bearer <token>.");
      request_free (request);
      return;
    }

  token = authorization + 7;
  while (*token == ' ')
    token++;
  if (!ww_hub_token_looks_valid (token))
    {
      respond_problem (request, 401, "The token is unknown, expired or revoked.");
      request_free (request);
      return;
    }

  request->token_hash = ww_hub_token_hash (token);
  request->principal = auth_cache_lookup (request->self, request->token_hash);
  if (request->principal != NULL)
    {
      run_authorized (request);
      return;
    }

  request_pause (request);
  ww_hub_store_authenticate_async (request->self->store, request->token_hash, request->self->cancellable,
                                   authenticated_cb, request);
}

static void
server_callback (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  Worker      *worker = user_data;
  WwHubServer *self = worker->server;
  Request     *request = g_new0 (Request, 1);
  Connection  *connection;
  g_auto (GStrv) raw = NULL;
  const char  *method = soup_server_message_get_method (msg);
  const Route *path_match = NULL;
  gboolean     path_known = FALSE;
  GString     *allow = NULL;
  guint        n_raw;

  /* The whole request is in (libsoup runs this handler when the body has
   * been read): the deadline clock stops, as an event stream may last. */
  if ((connection = connection_get (msg, NULL)) != NULL)
    connection->deadline = 0;

  request->self = g_object_ref (self);
  request->worker = worker;
  request->msg = g_object_ref (msg);
  request->query = query != NULL ? g_hash_table_ref (query) : NULL;
  request->started = g_get_monotonic_time ();

  /* Paths are matched raw, segment by segment: no normalising, so
   * "/v1/services/" (a trailing slash) and "//" are simply not found. */
  raw = g_strsplit (path, "/", -1);
  n_raw = g_strv_length (raw);
  if (n_raw < 3 || n_raw - 2 > MAX_SEGMENTS || raw[0][0] != '\0' || !g_str_equal (raw[1], "v1"))
    {
      respond_problem (request, 404, "There is nothing here. The API is under /v1.");
      request_free (request);
      return;
    }

  for (guint i = 2; i < n_raw; i++)
    {
      request->segments[i - 2] = g_uri_unescape_segment (raw[i], NULL, "/");
      if (request->segments[i - 2] == NULL || request->segments[i - 2][0] == '\0' ||
          !g_utf8_validate (request->segments[i - 2], -1, NULL))
        {
          respond_problem (request, 404, "There is nothing here (is there a trailing slash?).");
          request_free (request);
          return;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (routes) && path_match == NULL; i++)
    {
      if (!route_matches (&routes[i], request->segments, n_raw - 2))
        continue;
      path_known = TRUE;
      if (g_str_equal (routes[i].method, method) ||
          (g_str_equal (method, "HEAD") && g_str_equal (routes[i].method, "GET")))
        path_match = &routes[i];
    }

  if (path_match == NULL)
    {
      if (path_known)
        {
          /* Only on the error path: which methods the path does take. */
          allow = g_string_new (NULL);
          for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
            {
              if (!route_matches (&routes[i], request->segments, n_raw - 2))
                continue;
              g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", routes[i].method);
              if (g_str_equal (routes[i].method, "GET"))
                g_string_append (allow, ", HEAD");
            }
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow->str);
          respond_problemf (request, 405, "%s is not allowed here; use %s.", method, allow->str);
          g_string_free (allow, TRUE);
        }
      else
        respond_problem (request, 404, "There is nothing here.");
      request_free (request);
      return;
    }

  request->route = path_match;
  dispatch (request);
}

/* ------------------------------------------------------------------ */
/* Slow clients                                                        */

/* Shutting the socket down (not closing it: libsoup still owns the
 * descriptor) makes libsoup's pending read end, and it drops the
 * connection and the message the usual way. */
static void
cut_off (Connection *connection)
{
  g_debug ("a client took over %d s to send a request: connection closed", REQUEST_DEADLINE_S);
  connection->deadline = 0;
  g_socket_shutdown (connection->socket, TRUE, TRUE, NULL);
}

/* Once a second: the connections whose deadline has passed are cut off. */
static gboolean
sweep_cb (gpointer user_data)
{
  Worker *worker = user_data;
  gint64  now = g_get_monotonic_time ();

  for (GList *l = worker->connections.head; l != NULL; l = l->next)
    {
      Connection *connection = l->data;

      if (connection->deadline != 0 && connection->deadline <= now)
        cut_off (connection);
    }

  return G_SOURCE_CONTINUE;
}

/* When a client connects, and when the first byte of a further request on
 * a kept-alive connection arrives; see REQUEST_DEADLINE_S. */
static void
request_started_cb (SoupServer *soup, SoupServerMessage *msg, Worker *worker)
{
  Connection *connection = connection_get (msg, worker);

  if (connection != NULL)
    connection->deadline = g_get_monotonic_time () + REQUEST_DEADLINE_S * G_USEC_PER_SEC;
}

/*
 * The response is written (or the message was dropped). libsoup starts
 * the next message of a keep-alive connection only when its first byte
 * arrives: until then the clock runs again, so an idle connection is
 * closed too. Also when answered before the body was read (413).
 */
static void
response_written_cb (SoupServer *soup, SoupServerMessage *msg, Worker *worker)
{
  Connection *connection = connection_get (msg, NULL);

  if (connection == NULL)
    return;
  uncork (connection);
  connection->deadline =
      g_socket_is_connected (connection->socket) ? g_get_monotonic_time () + REQUEST_DEADLINE_S * G_USEC_PER_SEC : 0;
}

/*
 * libsoup 3.2 removes Content-Length from a 204 as it writes the headers,
 * after which it takes the response for one that ends when the connection
 * closes, and closes a keep-alive connection after every 204
 * (soup_server_message_is_keepalive() sees SOUP_ENCODING_EOF). A 204 has
 * no body by definition: saying so before libsoup decides keeps the
 * connection. Emitted before that decision (request_finished() in
 * soup-server.c emits "request-finished" first).
 */
static void
request_finished_keepalive_cb (SoupServer *soup, SoupServerMessage *msg, Worker *worker)
{
  if (soup_server_message_get_status (msg) == SOUP_STATUS_NO_CONTENT)
    soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_NONE);
  response_written_cb (soup, msg, worker);
}

/* ------------------------------------------------------------------ */
/* Early checks on every request                                       */

static void
reject_too_large (SoupServerMessage *msg, guint limit)
{
  g_autofree char    *problem = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char    *detail = g_strdup_printf ("The body is larger than %u bytes.", limit);

  /* The rest of the body is read and dropped, not kept. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_body_truncate (soup_server_message_get_request_body (msg));
  problem = ww_hub_problem_render (413, detail, g_uri_get_path (soup_server_message_get_uri (msg)));
  soup_message_headers_replace (headers, "Connection", "close");
  soup_server_message_set_response (msg, WW_HUB_PROBLEM_TYPE, SOUP_MEMORY_COPY, problem, strlen (problem));
  soup_server_message_set_status (msg, 413, NULL);
}

static void
got_chunk_cb (SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
  WwHubServer     *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (soup_server_message_get_status (msg) == 0 && body->length > (goffset)self->config->max_body_bytes)
    reject_too_large (msg, self->config->max_body_bytes);
}

static void
early_callback (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  WwHubServer        *self = ((Worker *)user_data)->server;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);

  /* A new message: nothing to replace yet. */
  soup_message_headers_append (response_headers, "API-Version", WW_HUB_API_VERSION);
  soup_message_headers_append (response_headers, "Strict-Transport-Security", "max-age=31536000");
  soup_message_headers_append (response_headers, "X-Content-Type-Options", "nosniff");

  /* Known too large: refuse before reading a byte of it. */
  if (soup_message_headers_get_encoding (request_headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (request_headers) > self->config->max_body_bytes)
    {
      reject_too_large (msg, self->config->max_body_bytes);
      return;
    }

  /* Chunked: counted as it comes (the server outlives every message). */
  if (soup_message_headers_get_encoding (request_headers) == SOUP_ENCODING_CHUNKED)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self);
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */

static void
presence_checked_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubHelpResult) checked = ww_hub_store_help_write_finish (WW_HUB_STORE (object), result, &error);

  if (checked == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "presence check failed: %s", error->message);
}

/* A volunteer whose login expires without going off duty closes the
 * queue all the same; the branch's kiosks hear it within this interval. */
static gboolean
presence_check_cb (gpointer user_data)
{
  WwHubServer   *self = user_data;
  WwHubHelpWrite write = { .kind = WW_HUB_HELP_EXPIRE_PRESENCE, .now = g_get_real_time () };

  ww_hub_store_help_write_async (self->store, &write, self->cancellable, presence_checked_cb, NULL);
  return G_SOURCE_CONTINUE;
}

static void
purge_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!ww_hub_store_purge_finish (WW_HUB_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE", "retention purge failed: %s", error->message);
}

static gboolean
purge_cb (gpointer user_data)
{
  WwHubServer *self = user_data;
  gint64       now = g_get_real_time ();

  ww_hub_store_purge_async (self->store, now - (gint64)self->config->retention_hours * 3600 * G_USEC_PER_SEC, now,
                            self->cancellable, purge_done_cb, NULL);
  return G_SOURCE_CONTINUE;
}

static void
catalog_reloaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WwHubServer) self = user_data;
  g_autoptr (GError) error = NULL;

  self->reloading = FALSE;
  if (!ww_hub_catalog_reload_finish (WW_HUB_CATALOG (object), result, &error))
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "MESSAGE",
                      "the new catalogue was rejected, the old one stays: %s", error->message);
  else
    {
      g_autofree char *etag = ww_hub_catalog_dup_etag (WW_HUB_CATALOG (object));

      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "catalogue reloaded (etag %s)", etag);
    }
}

void
ww_hub_server_reload_catalog (WwHubServer *self)
{
  g_return_if_fail (WW_HUB_IS_SERVER (self));

  if (self->reloading)
    return;

  self->reloading = TRUE;
  ww_hub_catalog_reload_async (self->catalog, self->cancellable, catalog_reloaded_cb, g_object_ref (self));
}

static void
ww_hub_server_dispose (GObject *object)
{
  WwHubServer *self = WW_HUB_SERVER (object);

  ww_hub_server_stop (self);
  g_clear_pointer (&self->workers, g_ptr_array_unref);
  g_clear_object (&self->config);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->ticket_limiter);
  g_clear_object (&self->login_limiter);
  g_clear_object (&self->certificate);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->openapi, g_bytes_unref);
  g_clear_pointer (&self->auth_cache, g_hash_table_unref);

  G_OBJECT_CLASS (ww_hub_server_parent_class)->dispose (object);
}

static void
ww_hub_server_finalize (GObject *object)
{
  WwHubServer *self = WW_HUB_SERVER (object);

  g_mutex_clear (&self->auth_mutex);

  G_OBJECT_CLASS (ww_hub_server_parent_class)->finalize (object);
}

static void
ww_hub_server_class_init (WwHubServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ww_hub_server_dispose;
  G_OBJECT_CLASS (klass)->finalize = ww_hub_server_finalize;

  /* Registered by hand: a constructor in a static library may be dropped. */
  ww_hub_register_resource ();
  connection_quark = g_quark_from_static_string ("ww-hub-connection");
}

static void
ww_hub_server_init (WwHubServer *self)
{
  g_mutex_init (&self->auth_mutex);
  self->cancellable = g_cancellable_new ();
  self->auth_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)cached_principal_free);
}

WwHubServer *
ww_hub_server_new (WwHubConfig *config, WwHubStore *store, WwHubCatalog *catalog, GError **error)
{
  g_autoptr (WwHubServer) self = NULL;

  g_return_val_if_fail (WW_HUB_IS_CONFIG (config), NULL);
  g_return_val_if_fail (WW_HUB_IS_STORE (store), NULL);
  g_return_val_if_fail (WW_HUB_IS_CATALOG (catalog), NULL);

  if (!ww_hub_config_check (config, error))
    return NULL;

  self = g_object_new (WW_HUB_TYPE_SERVER, NULL);
  self->certificate = g_tls_certificate_new_from_files (config->tls_certificate, config->tls_key, error);
  if (self->certificate == NULL)
    {
      g_prefix_error (error, "TLS certificate %s / key %s: ", config->tls_certificate, config->tls_key);
      return NULL;
    }

  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  self->catalog = g_object_ref (catalog);
  self->ticket_limiter = ww_hub_rate_limiter_new (config->ticket_burst, config->ticket_rate_per_minute / 60.0);
  self->login_limiter =
      ww_hub_rate_limiter_new (config->login_attempts, (double)config->login_attempts / config->login_window_seconds);
  self->openapi = g_resources_lookup_data (OPENAPI_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (self->openapi == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Server threads                                                      */

static void
worker_free (Worker *worker)
{
  g_clear_object (&worker->socket);
  g_clear_error (&worker->error);
  g_free (worker);
}

typedef struct
{
  WwHubEventBus *events;
  GPtrArray     *batch;
} Delivery;

static gboolean
deliver_in_worker_cb (gpointer data)
{
  Delivery *delivery = data;

  ww_hub_event_bus_deliver (delivery->events, delivery->batch);
  g_object_unref (delivery->events);
  g_ptr_array_unref (delivery->batch);
  g_free (delivery);

  return G_SOURCE_REMOVE;
}

/* On the main thread, where the store announces commits: each server
 * thread gets the batch in its own context (the events are immutable and
 * shared by reference). */
static void
events_appended_cb (WwHubStore *store, GPtrArray *events, WwHubServer *self)
{
  for (guint i = 0; self->workers != NULL && i < self->workers->len; i++)
    {
      Worker   *worker = g_ptr_array_index (self->workers, i);
      Delivery *delivery;

      if (worker->events == NULL)
        continue;

      delivery = g_new0 (Delivery, 1);
      delivery->events = g_object_ref (worker->events);
      delivery->batch = g_ptr_array_ref (events);
      g_main_context_invoke (worker->context, deliver_in_worker_cb, delivery);
    }
}

static void
bus_started_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Worker *worker = user_data;

  if (!ww_hub_event_bus_start_finish (WW_HUB_EVENT_BUS (object), result, &worker->error))
    g_prefix_error (&worker->error, "cannot read the event log: ");
  worker->started = 1;
}

/* The worker's handlers on its SoupServer, and its deadline sweep. */
static void
worker_serve (Worker *worker)
{
  soup_server_add_early_handler (worker->soup, NULL, early_callback, worker, NULL);
  soup_server_add_handler (worker->soup, NULL, server_callback, worker, NULL);
  g_signal_connect (worker->soup, "request-started", G_CALLBACK (request_started_cb), worker);
  g_signal_connect (worker->soup, "request-finished", G_CALLBACK (request_finished_keepalive_cb), worker);
  g_signal_connect (worker->soup, "request-aborted", G_CALLBACK (response_written_cb), worker);
  worker->sweep = g_timeout_source_new_seconds (1);
  g_source_set_callback (worker->sweep, sweep_cb, worker, NULL);
  g_source_set_static_name (worker->sweep, "[wegwijs-hub] request deadlines");
  g_source_attach (worker->sweep, worker->context);
}

static GMutex start_mutex;
static GCond  start_cond;

static gpointer
worker_thread (gpointer data)
{
  Worker      *worker = data;
  WwHubServer *self = worker->server;
  gboolean     ok;

  g_main_context_push_thread_default (worker->context);

  worker->soup = g_object_new (SOUP_TYPE_SERVER, "tls-certificate", self->certificate, "raw-paths", TRUE,
                               "server-header", NULL, NULL);
  worker_serve (worker);

  /* Before the first client: where the event log ends now. */
  worker->events = ww_hub_event_bus_new (self->store, self->config->keepalive_seconds);
  ww_hub_event_bus_start_async (worker->events, self->cancellable, bus_started_cb, worker);
  while (!worker->started)
    g_main_context_iteration (worker->context, TRUE);

  ok = worker->error == NULL &&
       soup_server_listen_socket (worker->soup, worker->socket, SOUP_SERVER_LISTEN_HTTPS, &worker->error);

  g_mutex_lock (&start_mutex);
  worker->started = ok ? 2 : 3;
  g_cond_broadcast (&start_cond);
  g_mutex_unlock (&start_mutex);

  if (ok)
    g_main_loop_run (worker->loop);

  ww_hub_event_bus_close_all (worker->events);
  soup_server_disconnect (worker->soup);
  /* Let the streams' last chunks and closes go out. */
  while (g_main_context_iteration (worker->context, FALSE))
    ;
  g_clear_object (&worker->events);
  g_clear_object (&worker->soup);
  g_source_destroy (worker->sweep);
  g_clear_pointer (&worker->sweep, g_source_unref);
  /* A socket something still holds forgets this worker. */
  for (GList *link; (link = g_queue_pop_head_link (&worker->connections)) != NULL;)
    ((Connection *)link->data)->worker = NULL;
  g_main_context_pop_thread_default (worker->context);

  return NULL;
}

static gboolean
worker_quit_cb (gpointer data)
{
  Worker *worker = data;

  g_main_loop_quit (worker->loop);
  return G_SOURCE_REMOVE;
}

/* Sockets bound to one port with SO_REUSEPORT: one per server thread. */
static GSocket *
listening_socket (GSocketAddress *address, guint *port, GError **error)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GSocketAddress) local = NULL;

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;

  if (!g_socket_set_option (socket, SOL_SOCKET, SO_REUSEPORT, 1, error))
    return NULL;

  bound = *port != 0
              ? g_inet_socket_address_new (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)), *port)
              : g_object_ref (address);
  /* bind(2) directly: g_socket_bind() resets SO_REUSEPORT on TCP sockets. */
  {
    struct sockaddr_storage native;
    gssize                  length = g_socket_address_get_native_size (bound);

    if (!g_socket_address_to_native (bound, &native, sizeof native, error))
      return NULL;
    if (bind (g_socket_get_fd (socket), (struct sockaddr *)&native, (socklen_t)length) != 0)
      {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
        return NULL;
      }
  }
  if (!g_socket_listen (socket, error))
    return NULL;

  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return NULL;
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

  return g_steal_pointer (&socket);
}

/* Listens (HTTPS only) in every server thread and writes the port file. */
gboolean
ww_hub_server_start (WwHubServer *self, GError **error)
{
  g_autoptr (GInetAddress) address = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  guint n_threads;

  g_return_val_if_fail (WW_HUB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->workers == NULL, FALSE);

  address = g_inet_address_new_from_string (self->config->listen);
  if (address == NULL)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "listen must be an IP address, not “%s”",
                   self->config->listen);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, (guint16)self->config->port);

  n_threads = self->config->threads > 0 ? self->config->threads : MAX (g_get_num_processors (), 1u);
  self->port = (guint)self->config->port;
  self->workers = g_ptr_array_new_with_free_func ((GDestroyNotify)worker_free);
  self->appended_id =
      g_signal_connect (self->store, WW_HUB_STORE_SIGNAL_EVENTS_APPENDED, G_CALLBACK (events_appended_cb), self);

  for (guint i = 0; i < n_threads; i++)
    {
      Worker *worker = g_new0 (Worker, 1);

      worker->server = self;
      worker->index = i;
      g_ptr_array_add (self->workers, worker);
      worker->socket = listening_socket (socket_address, &self->port, error);
      if (worker->socket == NULL)
        {
          g_prefix_error (error, "cannot listen on %s:%d: ", self->config->listen, self->config->port);
          return FALSE;
        }
    }

  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker          *worker = g_ptr_array_index (self->workers, i);
      g_autofree char *name = g_strdup_printf ("ww-http-%u", i);

      worker->context = g_main_context_new ();
      worker->loop = g_main_loop_new (worker->context, FALSE);
      worker->thread = g_thread_new (name, worker_thread, worker);
    }

  g_mutex_lock (&start_mutex);
  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker *worker = g_ptr_array_index (self->workers, i);

      while (worker->started < 2)
        g_cond_wait (&start_cond, &start_mutex);
    }
  g_mutex_unlock (&start_mutex);

  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker *worker = g_ptr_array_index (self->workers, i);

      if (worker->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&worker->error));
          return FALSE;
        }
    }

  if (self->config->port_file != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%u\n", self->port);

      if (!g_file_set_contents (self->config->port_file, text, -1, error))
        return FALSE;
    }

  self->purge_id = g_timeout_add_seconds (self->config->purge_interval_seconds, purge_cb, self);
  purge_cb (self);
  self->presence_id = g_timeout_add_seconds (self->config->presence_check_seconds, presence_check_cb, self);

  return TRUE;
}

guint
ww_hub_server_get_port (WwHubServer *self)
{
  g_return_val_if_fail (WW_HUB_IS_SERVER (self), 0);

  return self->port;
}

/* Stops listening, ends the event streams and joins the server threads;
 * the store still finishes what it accepted (ww_hub_sqlite_store_shutdown). */
void
ww_hub_server_stop (WwHubServer *self)
{
  g_return_if_fail (WW_HUB_IS_SERVER (self));

  g_clear_handle_id (&self->purge_id, g_source_remove);
  g_clear_handle_id (&self->presence_id, g_source_remove);
  if (self->appended_id != 0)
    g_clear_signal_handler (&self->appended_id, self->store);

  for (guint i = 0; self->workers != NULL && i < self->workers->len; i++)
    {
      Worker *worker = g_ptr_array_index (self->workers, i);

      if (worker->thread == NULL)
        continue;
      g_main_context_invoke (worker->context, worker_quit_cb, worker);
      g_thread_join (g_steal_pointer (&worker->thread));
      g_clear_pointer (&worker->loop, g_main_loop_unref);
      g_clear_pointer (&worker->context, g_main_context_unref);
    }
}
