/* SPDX-License-Identifier: EUPL-1.2 */

/* `wegwijs-hub serve|admin|demo`: the sub-commands and what they share. */

#include "config.h"

#include "ww-hub-cli.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <locale.h>
#include <unistd.h>

#include "ww-hub-catalog.h"
#include "ww-hub-config.h"
#include "ww-hub-server.h"
#include "ww-hub-sqlite-store.h"
#include "ww-hub-token.h"
#include "ww-systemd.h"

static void
admin_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* The CLI has no main loop of its own: run one store call to its end. */
char *
ww_hub_cli_store_admin (WwHubStore *store, const char *command, const char *const *args, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  ww_hub_store_admin_async (store, command, args, NULL, admin_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return ww_hub_store_admin_finish (store, result, error);
}

/* Secrets are written 0600 from the first byte, never readable by others. */
gboolean
ww_hub_cli_write_private_file (const char *path, const char *contents, GError **error)
{
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);
  gsize            length = strlen (contents);
  int              fd;

  fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", tmp, g_strerror (saved));
      return FALSE;
    }
  if (write (fd, contents, length) != (gssize)length || fsync (fd) != 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", tmp, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/* Ids an admin types: lower case letters, digits and dashes, 2–48 long. */
gboolean
ww_hub_cli_is_id (const char *id)
{
  gsize length;

  if (id == NULL)
    return FALSE;

  length = strlen (id);
  if (length < 2 || length > 48)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_islower (id[i]) && !g_ascii_isdigit (id[i]) && id[i] != '-')
      return FALSE;

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* serve                                                               */

static gboolean
quit_cb (gpointer user_data)
{
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "stopping");
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
reload_cb (gpointer user_data)
{
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "reloading the catalogue");
  ww_hub_server_reload_catalog (user_data);
  return G_SOURCE_CONTINUE;
}

static void
replace_string (char **field, const char *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

int
ww_hub_serve_main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubConfig) config = ww_hub_config_new ();
  g_autoptr (WwHubStore) store = NULL;
  g_autoptr (WwHubCatalog) catalog = NULL;
  g_autoptr (WwHubServer) server = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char   *config_path = NULL;
  g_autofree char   *listen = NULL, *port_file = NULL, *cert = NULL, *key = NULL;
  g_autofree char   *database = NULL, *catalog_dir = NULL, *upl = NULL;
  int                port = -1;
  guint              term_id, int_id, hup_id, watchdog_id;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Configuration file (default " WW_HUB_DEFAULT_CONFIG ")",
      "FILE" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "IP address to listen on", "ADDR" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "TCP port (0: any free port)", "N" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file, "Write the port listened on to FILE", "FILE" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "TLS certificate chain (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, "TLS private key (PEM)", "FILE" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "SQLite database", "FILE" },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_dir, "Catalogue directory", "DIR" },
    { "upl", 0, 0, G_OPTION_ARG_FILENAME, &upl, "UPL product list (CSV)", "FILE" },
    { NULL },
  };

  context = g_option_context_new ("— serve the Wegwijs API over HTTPS");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1)
    {
      g_printerr ("wegwijs-hub serve: %s\n", error != NULL ? error->message : "unexpected arguments");
      return WW_HUB_EXIT_USAGE;
    }

  if (!ww_hub_config_load_file (config, config_path != NULL ? config_path : WW_HUB_DEFAULT_CONFIG, config_path != NULL,
                                &error))
    {
      g_printerr ("wegwijs-hub serve: %s\n", error->message);
      return WW_HUB_EXIT_USAGE;
    }

  replace_string (&config->listen, listen);
  replace_string (&config->port_file, port_file);
  replace_string (&config->tls_certificate, cert);
  replace_string (&config->tls_key, key);
  replace_string (&config->database, database);
  replace_string (&config->catalog, catalog_dir);
  replace_string (&config->upl, upl);
  if (port >= 0)
    config->port = port;

  if (!ww_hub_config_check (config, &error))
    {
      g_printerr ("wegwijs-hub serve: %s\n", error->message);
      return WW_HUB_EXIT_USAGE;
    }

  if (!ww_hub_crypto_init (&error) || (catalog = ww_hub_catalog_new (config->catalog, config->upl, &error)) == NULL ||
      (store = ww_hub_config_open_store (config, &error)) == NULL ||
      (server = ww_hub_server_new (config, WW_HUB_STORE (store), catalog, &error)) == NULL ||
      !ww_hub_server_start (server, &error))
    {
      g_printerr ("wegwijs-hub serve: %s\n", error->message);
      return WW_HUB_EXIT_FAILED;
    }

  {
    g_autofree char *etag = ww_hub_catalog_dup_etag (catalog);

    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "serving https://%s:%u/v1 (catalogue %s)",
                      config->listen, ww_hub_server_get_port (server), etag);
  }

  loop = g_main_loop_new (NULL, FALSE);
  term_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  int_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  hup_id = g_unix_signal_add (SIGHUP, reload_cb, server);
  watchdog_id = ww_systemd_watchdog_start (FALSE);
  ww_systemd_notify ("READY=1");
  g_main_loop_run (loop);
  ww_systemd_notify ("STOPPING=1");

  g_source_remove (term_id);
  g_source_remove (int_id);
  g_source_remove (hup_id);
  if (watchdog_id != 0)
    g_source_remove (watchdog_id);
  ww_hub_server_stop (server);
  g_clear_object (&server);
  ww_hub_config_shutdown_store (store);
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "MESSAGE", "stopped");

  return WW_HUB_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */

static void
print_usage (void)
{
  g_printerr ("Usage: wegwijs-hub COMMAND [OPTIONS]\n"
              "\n"
              "Commands:\n"
              "  serve   serve the API over HTTPS\n"
              "  admin   enrol kiosks, manage volunteers, branches and desks\n"
              "  demo    prepare a demo hub (CA, certificate, accounts) in a directory\n"
              "\n"
              "Run “wegwijs-hub COMMAND --help” for a command's options.\n");
}

int
ww_hub_cli_run (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_set_prgname ("wegwijs-hub");

  if (argc < 2)
    {
      print_usage ();
      return WW_HUB_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "serve"))
    return ww_hub_serve_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "admin"))
    return ww_hub_admin_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "demo"))
    return ww_hub_demo_main (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("wegwijs-hub %s (API %s)\n", PACKAGE_VERSION, "0.1.0");
      return WW_HUB_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage ();
      return WW_HUB_EXIT_OK;
    }

  g_printerr ("wegwijs-hub: unknown command “%s”.\n\n", argv[1]);
  print_usage ();
  return WW_HUB_EXIT_USAGE;
}
