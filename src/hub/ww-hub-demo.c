/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * `wegwijs-hub demo --dir DIR`: a hub that works out of the box on
 * localhost, with its own CA (made here with certtool, never committed),
 * two branches with desks, one enrolled kiosk and two accounts. Running
 * it again keeps what is there, so the printed token and passwords stay
 * valid.
 */

#include "config.h"

#include "ww-hub-cli.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-c/json.h>

#include "ww-hub-config.h"
#include "ww-hub-help.h"
#include "ww-hub-store.h"
#include "ww-hub-token.h"
#include "ww-json.h"

#define DEMO_KIOSK "kiosk-centrale-1"
#define DEMO_BRANCH "centrale"
#define DEMO_VOLUNTEER "vrijwilliger"
#define DEMO_ADMIN "beheerder"

static const char ca_template[] = "cn = \"Wegwijs demo CA (not for production)\"\n"
                                  "ca\n"
                                  "cert_signing_key\n"
                                  "crl_signing_key\n"
                                  "expiration_days = 365\n";

static const char hub_template[] = "cn = \"localhost\"\n"
                                   "dns_name = \"localhost\"\n"
                                   "ip_address = \"127.0.0.1\"\n"
                                   "ip_address = \"::1\"\n"
                                   "tls_www_server\n"
                                   "signing_key\n"
                                   "encryption_key\n"
                                   "expiration_days = 365\n";

static gboolean
run_certtool (const char *const *argv, GError **error)
{
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *err_output = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (process == NULL)
    {
      g_prefix_error (error, "certtool (package gnutls-bin) is needed: ");
      return FALSE;
    }
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err_output, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_FAILED, "certtool failed: %s", err_output != NULL ? err_output : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_certificates (const char *dir, GError **error)
{
  g_autofree char *ca_key = g_build_filename (dir, "ca-key.pem", NULL);
  g_autofree char *ca_cert = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *ca_tmpl = g_build_filename (dir, "ca.tmpl", NULL);
  g_autofree char *hub_key = g_build_filename (dir, "hub-key.pem", NULL);
  g_autofree char *hub_cert = g_build_filename (dir, "hub.pem", NULL);
  g_autofree char *hub_tmpl = g_build_filename (dir, "hub.tmpl", NULL);

  if (g_file_test (ca_cert, G_FILE_TEST_EXISTS) && g_file_test (hub_cert, G_FILE_TEST_EXISTS) &&
      g_file_test (hub_key, G_FILE_TEST_EXISTS))
    return TRUE;

  {
    const char *ca_key_argv[] = { "certtool", "--generate-privkey", "--key-type=ecdsa", "--outfile", ca_key, NULL };
    const char *ca_argv[] = {
      "certtool", "--generate-self-signed", "--load-privkey", ca_key, "--template", ca_tmpl, "--outfile", ca_cert, NULL
    };
    const char *hub_key_argv[] = { "certtool", "--generate-privkey", "--key-type=ecdsa", "--outfile", hub_key, NULL };
    const char *hub_argv[] = { "certtool",
                               "--generate-certificate",
                               "--load-privkey",
                               hub_key,
                               "--load-ca-certificate",
                               ca_cert,
                               "--load-ca-privkey",
                               ca_key,
                               "--template",
                               hub_tmpl,
                               "--outfile",
                               hub_cert,
                               NULL };

    if (!g_file_set_contents (ca_tmpl, ca_template, -1, error) ||
        !g_file_set_contents (hub_tmpl, hub_template, -1, error) || !run_certtool (ca_key_argv, error) ||
        !run_certtool (ca_argv, error) || !run_certtool (hub_key_argv, error) || !run_certtool (hub_argv, error))
      return FALSE;
  }

  g_chmod (ca_key, 0600);
  g_chmod (hub_key, 0600);
  g_unlink (ca_tmpl);
  g_unlink (hub_tmpl);
  return TRUE;
}

static void
help_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* The most recent @weekday (1 = Monday) on or before today, in Dutch time. */
static char *
last_weekday (int weekday)
{
  g_autoptr (GTimeZone) found = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr (GTimeZone) zone = found != NULL ? g_steal_pointer (&found) : g_time_zone_new_utc ();
  g_autoptr (GDateTime) now = g_date_time_new_now (zone);
  g_autoptr (GDateTime) day = g_date_time_add_days (now, -((g_date_time_get_day_of_week (now) - weekday + 7) % 7));

  return g_date_time_format (day, "%Y-%m-%d");
}

/*
 * A week of digital help as a library plans it: a walk-in hour on Tuesday
 * morning and a DigiD afternoon on Thursday. Only when the branch has no
 * sessions yet, so a second run adds nothing.
 */
static gboolean
ensure_help_sessions (WwHubStore *store, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (WwHubHelpSnapshot) snapshot = NULL;
  g_autofree char *tuesday = last_weekday (2);
  g_autofree char *thursday = last_weekday (4);
  WwHubHelpSession sessions[] = {
    { .kind = WW_HUB_HELP_KIND_WALK_IN,
      .topic = (char *)"Vragen over computer, telefoon en internet",
      .languages = (char *)"nl,en,ar",
      .capacity = 8,
      .place = (char *)"Leestafel, begane grond",
      .bring = (char *)"",
      .weekly = TRUE,
      .first_day = tuesday,
      .start_time = (char *)"10:00",
      .end_time = (char *)"12:00" },
    { .kind = WW_HUB_HELP_KIND_TOPIC,
      .topic = (char *)"DigiD",
      .languages = (char *)"nl,tr",
      .capacity = 6,
      .place = (char *)"Computerhoek, 1e verdieping",
      .bring = (char *)"",
      .weekly = TRUE,
      .first_day = thursday,
      .start_time = (char *)"14:00",
      .end_time = (char *)"16:00" },
  };

  ww_hub_store_help_read_async (store, DEMO_BRANCH, 0, 0, NULL, help_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  snapshot = ww_hub_store_help_read_finish (store, result, error);
  if (snapshot == NULL)
    return FALSE;
  if (snapshot->sessions->len > 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autoptr (WwHubHelpResult) written = NULL;
      WwHubHelpWrite write = { .kind = WW_HUB_HELP_ADD_SESSION, .session = &sessions[i] };

      sessions[i].session_id = id;
      sessions[i].branch_id = (char *)DEMO_BRANCH;
      g_clear_object (&result);
      ww_hub_store_help_write_async (store, &write, NULL, help_done_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      written = ww_hub_store_help_write_finish (store, result, error);
      if (written == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Adds what is missing; "already exists" is what a second run expects. */
static gboolean
ensure (WwHubStore *store, const char *command, const char *const *args, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *result = ww_hub_cli_store_admin (store, command, args, &local_error);

  if (result != NULL || g_error_matches (local_error, WW_ERROR, WW_ERROR_CONFLICT))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
ensure_kiosk (WwHubStore *store, const char *dir, const char *hub_url, char **token_out, GError **error)
{
  g_autofree char *path = g_build_filename (dir, DEMO_KIOSK ".json", NULL);
  g_autofree char *ca_file = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autoptr (json_object) object = NULL;
  g_autoptr (json_object) enrolment = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *result = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr (GFile) file = g_file_new_for_path (path);
      json_object *value;

      object = ww_json_parse_file (file, 64 * 1024, 4, error);
      if (object == NULL || !json_object_object_get_ex (object, "token", &value))
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
      *token_out = g_strdup (json_object_get_string (value));
      return TRUE;
    }

  token = ww_hub_token_generate (WW_HUB_TOKEN_PREFIX_KIOSK);
  hash = ww_hub_token_hash (token);
  {
    const char *args[] = { DEMO_KIOSK, DEMO_BRANCH, "Kiosk Centrale, hal", hash, NULL };

    result = ww_hub_cli_store_admin (store, "enrol-kiosk", args, &local_error);
  }
  if (result == NULL && g_error_matches (local_error, WW_ERROR, WW_ERROR_CONFLICT))
    {
      const char *args[] = { DEMO_KIOSK, hash, NULL };

      /* Enrolled before but its file is gone: a fresh token. */
      g_clear_error (&local_error);
      result = ww_hub_cli_store_admin (store, "rotate-kiosk", args, &local_error);
    }
  if (result == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  enrolment = json_object_new_object ();
  json_object_object_add (enrolment, "hubUrl", json_object_new_string (hub_url));
  json_object_object_add (enrolment, "kioskId", json_object_new_string (DEMO_KIOSK));
  json_object_object_add (enrolment, "branchId", json_object_new_string (DEMO_BRANCH));
  json_object_object_add (enrolment, "token", json_object_new_string (token));
  json_object_object_add (enrolment, "caFile", json_object_new_string (ca_file));
  if (!ww_hub_cli_write_private_file (
          path, json_object_to_json_string_ext (enrolment, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE),
          error))
    return FALSE;

  *token_out = g_steal_pointer (&token);
  return TRUE;
}

static gboolean
ensure_accounts (WwHubStore *store, const char *dir, json_object **accounts_out, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "volunteers.json", NULL);
  g_autoptr (json_object) accounts = NULL;
  const char *names[] = { DEMO_VOLUNTEER, DEMO_ADMIN };
  const char *roles[] = { "volunteer", "admin" };

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr (GFile) file = g_file_new_for_path (path);

      *accounts_out = ww_json_parse_file (file, 64 * 1024, 4, error);
      return *accounts_out != NULL;
    }

  accounts = json_object_new_object ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *password = ww_hub_password_generate ();
      g_autofree char *hash = ww_hub_password_hash (password, error);
      g_autoptr (GError) local_error = NULL;
      g_autofree char *result = NULL;
      json_object     *account;

      if (hash == NULL)
        return FALSE;
      {
        const char *args[] = { names[i], DEMO_BRANCH, roles[i], hash, NULL };

        result = ww_hub_cli_store_admin (store, "add-volunteer", args, &local_error);
      }
      if (result == NULL && g_error_matches (local_error, WW_ERROR, WW_ERROR_CONFLICT))
        {
          const char *args[] = { names[i], hash, NULL };

          g_clear_error (&local_error);
          result = ww_hub_cli_store_admin (store, "reset-volunteer", args, &local_error);
        }
      if (result == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      account = json_object_new_object ();
      json_object_object_add (account, "username", json_object_new_string (names[i]));
      json_object_object_add (account, "password", json_object_new_string (password));
      json_object_object_add (account, "branchId", json_object_new_string (DEMO_BRANCH));
      json_object_object_add (accounts, roles[i], account);
    }

  if (!ww_hub_cli_write_private_file (path, json_object_to_json_string_ext (accounts, JSON_C_TO_STRING_PRETTY), error))
    return FALSE;

  *accounts_out = g_steal_pointer (&accounts);
  return TRUE;
}

static const char *
account_field (json_object *accounts, const char *role, const char *field)
{
  json_object *account, *value;

  if (!json_object_object_get_ex (accounts, role, &account) || !json_object_object_get_ex (account, field, &value))
    return "?";
  return json_object_get_string (value);
}

int
ww_hub_demo_main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubConfig) config = ww_hub_config_new ();
  g_autoptr (WwHubStore) store = NULL;
  g_autoptr (json_object) accounts = NULL;
  g_autofree char   *dir_option = NULL;
  g_autofree char   *dir = NULL;
  g_autofree char   *catalog = NULL;
  g_autofree char   *upl = NULL;
  g_autofree char   *conf_path = NULL;
  g_autofree char   *conf_data = NULL;
  g_autofree char   *hub_url = NULL;
  g_autofree char   *token = NULL;
  g_autofree char   *postgresql = NULL;
  int                port = 8443;
  const GOptionEntry entries[] = {
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir_option, "Directory for the demo hub (created)", "DIR" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port in the demo hub.conf (default 8443; 0 = any)", "N" },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog, "Catalogue directory to serve", "DIR" },
    { "upl", 0, 0, G_OPTION_ARG_FILENAME, &upl, "UPL product list", "FILE" },
    { "postgresql", 0, 0, G_OPTION_ARG_STRING, &postgresql, "Use store=postgresql with this connection string",
      "CONNINFO" },
    { NULL },
  };

  context = g_option_context_new ("— prepare a demo hub on localhost");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1 || dir_option == NULL || port < 0 ||
      port > 65535)
    {
      g_printerr ("wegwijs-hub demo: %s\nUsage: wegwijs-hub demo --dir DIR [--port N] [--catalog DIR] [--upl FILE] "
                  "[--postgresql CONNINFO]\n",
                  error != NULL ? error->message : "name the directory with --dir (and a port from 0 to 65535)");
      return WW_HUB_EXIT_USAGE;
    }

  dir = g_canonicalize_filename (dir_option, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr ("wegwijs-hub demo: cannot create %s: %s\n", dir, g_strerror (errno));
      return WW_HUB_EXIT_FAILED;
    }

  g_free (config->tls_certificate);
  config->tls_certificate = g_build_filename (dir, "hub.pem", NULL);
  g_free (config->tls_key);
  config->tls_key = g_build_filename (dir, "hub-key.pem", NULL);
  g_free (config->database);
  config->database = g_build_filename (dir, "hub.db", NULL);
  if (postgresql != NULL)
    {
      g_free (config->store);
      config->store = g_strdup ("postgresql");
      config->postgresql = g_strdup (postgresql);
    }
  if (catalog != NULL)
    {
      g_free (config->catalog);
      config->catalog = g_canonicalize_filename (catalog, NULL);
    }
  if (upl != NULL)
    {
      g_free (config->upl);
      config->upl = g_canonicalize_filename (upl, NULL);
    }
  config->port = port;
  /* A demo kiosk is tapped by hand; tests enrol their own for load. */
  conf_path = g_build_filename (dir, "hub.conf", NULL);
  conf_data = ww_hub_config_to_data (config);
  hub_url = g_strdup_printf ("https://localhost:%d", port);

  /* A second run keeps the hub.conf an admin may have edited since. */
  if (g_file_test (conf_path, G_FILE_TEST_EXISTS))
    {
      g_clear_object (&config);
      config = ww_hub_config_new ();
      if (!ww_hub_config_load_file (config, conf_path, TRUE, &error))
        {
          g_printerr ("wegwijs-hub demo: %s\n", error->message);
          return WW_HUB_EXIT_FAILED;
        }
      g_free (hub_url);
      hub_url = g_strdup_printf ("https://localhost:%d", config->port);
    }
  else if (!g_file_set_contents (conf_path, conf_data, -1, &error))
    {
      g_printerr ("wegwijs-hub demo: %s\n", error->message);
      return WW_HUB_EXIT_FAILED;
    }

  if (!make_certificates (dir, &error) || !ww_hub_crypto_init (&error) ||
      (store = ww_hub_config_open_store (config, &error)) == NULL)
    {
      g_printerr ("wegwijs-hub demo: %s\n", error->message);
      return WW_HUB_EXIT_FAILED;
    }

  {
    const char *branch_centrale[] = { DEMO_BRANCH, "Bibliotheek Voorbeeld, Centrale", NULL };
    const char *branch_noord[] = { "noord", "Bibliotheek Voorbeeld, Noord", NULL };
    const char *desk_1[] = { DEMO_BRANCH, "balie-1", "Digitaal Hulpplein, balie 1", NULL };
    const char *desk_2[] = { DEMO_BRANCH, "balie-2", "Digitaal Hulpplein, balie 2", NULL };
    const char *desk_noord[] = { "noord", "noord-1", "Noord, balie 1", NULL };

    if (!ensure (WW_HUB_STORE (store), "add-branch", branch_centrale, &error) ||
        !ensure (WW_HUB_STORE (store), "add-branch", branch_noord, &error) ||
        !ensure (WW_HUB_STORE (store), "add-desk", desk_1, &error) ||
        !ensure (WW_HUB_STORE (store), "add-desk", desk_2, &error) ||
        !ensure (WW_HUB_STORE (store), "add-desk", desk_noord, &error) ||
        !ensure_kiosk (WW_HUB_STORE (store), dir, hub_url, &token, &error) ||
        !ensure_accounts (WW_HUB_STORE (store), dir, &accounts, &error) ||
        !ensure_help_sessions (WW_HUB_STORE (store), &error))
      {
        g_printerr ("wegwijs-hub demo: %s\n", error->message);
        return WW_HUB_EXIT_FAILED;
      }
  }

  ww_hub_config_shutdown_store (store);

  g_print ("Demo hub ready in %s\n"
           "\n"
           "Start it:   wegwijs-hub serve --config %s/hub.conf\n"
           "Hub URL:    %s/v1\n"
           "CA file:    %s/ca.pem   (trust only this CA)\n"
           "\n"
           "Kiosk %s (branch %s):\n"
           "  enrolment file %s/%s.json\n"
           "  token          %s\n"
           "\n"
           "Desk (volunteer) login:  %s / %s   (branch %s, desks balie-1, balie-2)\n"
           "Admin login:             %s / %s\n"
           "Help sessions:           walk-in hour Tue 10:00-12:00, DigiD Thu 14:00-16:00\n"
           "\n"
           "Try:  curl --cacert %s/ca.pem -H 'Authorization: Bearer %s' %s/v1/services\n",
           dir, dir, hub_url, dir, DEMO_KIOSK, DEMO_BRANCH, dir, DEMO_KIOSK, token,
           account_field (accounts, "volunteer", "username"), account_field (accounts, "volunteer", "password"),
           DEMO_BRANCH, account_field (accounts, "admin", "username"), account_field (accounts, "admin", "password"),
           dir, token, hub_url);

  return WW_HUB_EXIT_OK;
}
