/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Whole HTTP requests to the hub, as a client could send them: the request
 * line, the headers the hub reads itself (Authorization, Idempotency-Key,
 * Accept-Language, Last-Event-ID, If-None-Match, Content-Type, lengths and
 * chunked bodies) and the JSON bodies, through libsoup's parser, the
 * routing, the checks and the handlers, down to a real SQLite store.
 *
 * This file includes ww-hub-server.c, so the hub's own early and request
 * callbacks are used on a SoupServer of ours in this thread; each input is
 * written to one end of a socket pair whose other end the server accepts
 * with soup_server_accept_iostream() (plain HTTP: TLS is libsoup's and
 * GnuTLS's, not ours). The store lives on /dev/shm when it can, so
 * synchronous=FULL costs little. A kiosk, a volunteer and an admin have
 * fixed tokens (see the seeds); the ticket rate limit is lifted.
 */

#include "ww-hub-server.c"

#include <fcntl.h>
#include <string.h>
#include <glib-unix.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ww-hub-cli.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

#define KIOSK_TOKEN "wwk_fuzzkioskAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define VOLUNTEER_TOKEN "wws_fuzzvolunteerAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define ADMIN_TOKEN "wws_fuzzadminAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
/* An input that is not answered by then (a stream that stays open, a slow
 * store) is cut off: that is no finding. */
#define INPUT_DEADLINE_US (2 * G_USEC_PER_SEC)

static WwHubServer *server;
static Worker      *worker;
static char        *volunteer_ids[2];
static const char  *session_tokens[2] = { VOLUNTEER_TOKEN, ADMIN_TOKEN };

static void
run_until (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

static void
admin_or_die (WwHubStore *store, const char *command, const char *const *args)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *result = ww_hub_cli_store_admin (store, command, args, &error);

  if (result == NULL)
    g_error ("%s: %s", command, error->message);
}

static void
fuzz_volunteer_found_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  WwHubVolunteer **volunteer = user_data;
  g_autoptr (GError) error = NULL;

  *volunteer = ww_hub_store_find_volunteer_finish (WW_HUB_STORE (object), result, &error);
  if (*volunteer == NULL)
    g_error ("find volunteer: %s", error->message);
}

static void
fuzz_session_created_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  ww_hub_store_create_session_finish (WW_HUB_STORE (object), result, NULL);
  *(gboolean *)user_data = TRUE;
}

/* A session that is there already is fine: a logout may have ended it or not. */
static void
make_session (WwHubStore *store, const char *volunteer_id, const char *token)
{
  g_autofree char *hash = ww_hub_token_hash (token);
  gboolean         done = FALSE;

  ww_hub_store_create_session_async (store, volunteer_id, hash, g_get_real_time () + (gint64)24 * 3600 * G_USEC_PER_SEC,
                                     NULL, fuzz_session_created_cb, &done);
  run_until (&done);
}

static char *
add_volunteer (WwHubStore *store, const char *username, const char *role)
{
  WwHubVolunteer *volunteer = NULL;
  char           *id;
  /* The password is never used: sessions are made directly. */
  const char *args[] = { username, "centrale", role, "$argon2id$v=19$m=65536,t=2,p=1$fuzz$fuzz", NULL };

  admin_or_die (store, "add-volunteer", args);
  ww_hub_store_find_volunteer_async (store, username, NULL, fuzz_volunteer_found_cb, &volunteer);
  while (volunteer == NULL)
    g_main_context_iteration (NULL, TRUE);
  id = g_strdup (volunteer->volunteer_id);
  ww_hub_volunteer_free (volunteer);

  return id;
}

static char *
make_certificate (const char *dir)
{
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *template = g_build_filename (dir, "cert.tmpl", NULL);
  const char *key_argv[] = { "certtool", "--generate-privkey", "--key-type=ecdsa", "--outfile", key, NULL };
  const char *cert_argv[] = {
    "certtool", "--generate-self-signed", "--load-privkey", key, "--template", template, "--outfile", cert, NULL
  };
  g_autoptr (GError) error = NULL;
  int status;

  g_file_set_contents (template, "cn = localhost\nexpiration_days = 2\ntls_www_server\n", -1, NULL);
  if (!g_spawn_sync (NULL, (char **)key_argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error) ||
      !g_spawn_sync (NULL, (char **)cert_argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("certtool (gnutls-bin): %s", error->message);

  return g_steal_pointer (&cert);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubConfig) config = ww_hub_config_new ();
  g_autoptr (WwHubCatalog) catalog = NULL;
  WwHubStore      *store;
  g_autofree char *dir = NULL;
  const char      *branch[] = { "centrale", "Centrale", NULL };
  const char      *desk[] = { "centrale", "balie-1", "Balie 1", NULL };
  g_autofree char *kiosk_hash = ww_hub_token_hash (KIOSK_TOKEN);
  const char      *kiosk[] = { "kiosk-1", "centrale", "Kiosk", kiosk_hash, NULL };

  /* Logs at warning level and below are the hub's business, not findings. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  signal (SIGPIPE, SIG_IGN);

  dir = g_strdup (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm/ww-fuzz-hub-XXXXXX"
                                                               : "/tmp/ww-fuzz-hub-XXXXXX");
  if (g_mkdtemp (dir) == NULL)
    g_error ("mkdtemp: %s", g_strerror (errno));

  if (!ww_hub_crypto_init (&error))
    g_error ("%s", error->message);

  g_free (config->database);
  config->database = g_build_filename (dir, "hub.db", NULL);
  g_free (config->tls_certificate);
  config->tls_certificate = make_certificate (dir);
  g_free (config->tls_key);
  config->tls_key = g_build_filename (dir, "key.pem", NULL);
  g_free (config->catalog);
  config->catalog = g_strdup (WW_FUZZ_HUB_CATALOG);
  g_free (config->upl);
  config->upl = g_strdup (WW_SOURCE_UPL);
  config->ticket_burst = 1000000;
  config->ticket_rate_per_minute = 60000000;
  config->login_attempts = 1000000;
  config->threads = 1;

  store = ww_hub_config_open_store (config, &error);
  if (store == NULL)
    g_error ("store: %s", error->message);
  catalog = ww_hub_catalog_new (config->catalog, config->upl, &error);
  if (catalog == NULL)
    g_error ("catalogue: %s", error->message);

  admin_or_die (store, "add-branch", branch);
  admin_or_die (store, "add-desk", desk);
  admin_or_die (store, "enrol-kiosk", kiosk);
  volunteer_ids[0] = add_volunteer (store, "vrijwilliger", "volunteer");
  volunteer_ids[1] = add_volunteer (store, "beheerder", "admin");
  for (guint i = 0; i < G_N_ELEMENTS (session_tokens); i++)
    make_session (store, volunteer_ids[i], session_tokens[i]);

  server = ww_hub_server_new (config, store, catalog, &error);
  if (server == NULL)
    g_error ("server: %s", error->message);
  g_object_unref (store);

  /* One server "thread": this one. */
  worker = g_new0 (Worker, 1);
  worker->server = server;
  worker->context = g_main_context_ref (g_main_context_default ());
  worker->soup = g_object_new (SOUP_TYPE_SERVER, "raw-paths", TRUE, "server-header", NULL, NULL);
  worker_serve (worker);
  worker->events = ww_hub_event_bus_new (store, server->config->keepalive_seconds);
  ww_hub_event_bus_start_async (worker->events, NULL, bus_started_cb, worker);
  while (!worker->started)
    g_main_context_iteration (NULL, TRUE);
  if (worker->error != NULL)
    g_error ("%s", worker->error->message);
  server->workers = g_ptr_array_new ();
  g_ptr_array_add (server->workers, worker);
  server->appended_id =
      g_signal_connect (server->store, WW_HUB_STORE_SIGNAL_EVENTS_APPENDED, G_CALLBACK (events_appended_cb), server);

  return 0;
}

static gboolean
contains (const guint8 *data, gsize size, const char *word)
{
  gsize length = strlen (word);

  for (gsize i = 0; i + length <= size; i++)
    if (memcmp (data + i, word, length) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  int      fd;
  gboolean closed;
} Client;

static gboolean
client_readable_cb (int fd, GIOCondition condition, gpointer user_data)
{
  Client *client = user_data;
  char    buffer[16384];
  ssize_t n = read (fd, buffer, sizeof buffer);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      client->closed = TRUE;
      return G_SOURCE_REMOVE;
    }
  /* WW_FUZZ_VERBOSE=1 shows the answers, to check that the seeds get far. */
  if (g_getenv ("WW_FUZZ_VERBOSE") != NULL)
    fwrite (buffer, 1, (size_t)n, stderr);
  return G_SOURCE_CONTINUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 443);
  Client client = { 0 };
  int    fds[2];
  gsize  written = 0;
  guint  watch;
  gint64 deadline;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    g_error ("socketpair: %s", g_strerror (errno));
  client.fd = fds[0];
  g_unix_set_fd_nonblocking (client.fd, TRUE, NULL);

  socket = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  connection = g_socket_connection_factory_create_connection (socket);
  if (!soup_server_accept_iostream (worker->soup, G_IO_STREAM (connection), address, address, &error))
    g_error ("accept: %s", error->message);

  watch = g_unix_fd_add (client.fd, G_IO_IN | G_IO_HUP | G_IO_ERR, client_readable_cb, &client);
  deadline = g_get_monotonic_time () + INPUT_DEADLINE_US;

  /* The whole input, then end of input: the server answers and closes. */
  while (written < size && g_get_monotonic_time () < deadline)
    {
      ssize_t n = write (client.fd, data + written, size - written);

      if (n > 0)
        written += (gsize)n;
      else if (n < 0 && errno != EAGAIN && errno != EINTR)
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  shutdown (client.fd, SHUT_WR);

  while (!client.closed && g_get_monotonic_time () < deadline)
    {
      /* Event streams stay open: end them once the rest is answered. */
      if (ww_hub_event_bus_get_n_clients (worker->events) > 0)
        ww_hub_event_bus_close_all (worker->events);
      g_main_context_iteration (NULL, FALSE);
      if (!client.closed)
        g_usleep (100);
    }

  if (!client.closed)
    g_source_remove (watch);
  close (client.fd);
  /* Let the server notice and drop its end. */
  for (int i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  /* A logout ends a session the next inputs need. */
  if (contains (data, size, "DELETE"))
    for (guint i = 0; i < G_N_ELEMENTS (session_tokens); i++)
      make_session (server->store, volunteer_ids[i], session_tokens[i]);

  return 0;
}
