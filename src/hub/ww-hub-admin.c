/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * `wegwijs-hub admin`: what an admin does to the hub's database, directly
 * (the hub may be running: SQLite's WAL and the store's constraints keep
 * both correct). Secrets are printed once and stored only as hashes.
 */

#include "config.h"

#include "ww-hub-cli.h"

#include <json-c/json.h>
#include <stdio.h>

#include "ww-hub-config.h"
#include "ww-hub-token.h"

typedef struct
{
  char    *config_path;
  char    *database;
  char    *hub_url;
  char    *ca_file;
  char    *output;
  char    *name;
  gboolean admin_role;
  gboolean password_stdin;
} Options;

static const char usage[] =
    "Usage: wegwijs-hub admin [--config FILE] [--database FILE] COMMAND ARGUMENTS\n"
    "\n"
    "Commands:\n"
    "  add-branch BRANCH-ID NAME           add a library branch\n"
    "  add-desk BRANCH-ID DESK-ID NAME     add a help desk to a branch\n"
    "  enrol-kiosk KIOSK-ID BRANCH-ID      enrol a kiosk; prints its one-time token\n"
    "        [--name NAME] [--hub-url URL] [--ca-file FILE] [--output FILE]\n"
    "  rotate-kiosk KIOSK-ID               give a kiosk a new token (also un-revokes)\n"
    "        [--hub-url URL] [--ca-file FILE] [--output FILE]\n"
    "  revoke-kiosk KIOSK-ID               revoke a kiosk's token at once\n"
    "  add-volunteer USERNAME BRANCH-ID    create a volunteer account [--admin] [--password-stdin]\n"
    "  disable-volunteer USERNAME          disable an account and end its sessions\n"
    "  enable-volunteer USERNAME           enable a disabled account\n"
    "  reset-volunteer USERNAME            set a new password [--password-stdin]; ends sessions\n"
    "  list                                list branches, desks, kiosks and volunteers\n"
    "\n"
    "Ids are 2–48 lower-case letters, digits and dashes. A generated password\n"
    "or token is printed once; the hub keeps only a hash.\n";

static int wrong_use (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
wrong_use (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("wegwijs-hub admin: %s\n\n%s", message, usage);
  return WW_HUB_EXIT_USAGE;
}

static gboolean
check_ids (char **ids, guint n)
{
  for (guint i = 0; i < n; i++)
    if (!ww_hub_cli_is_id (ids[i]))
      {
        g_printerr ("wegwijs-hub admin: “%s” is not a valid id (2–48 characters: a–z, 0–9, -).\n", ids[i]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
is_username (const char *name)
{
  gsize length = strlen (name);

  if (length < 2 || length > 64)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_islower (name[i]) && !g_ascii_isdigit (name[i]) && name[i] != '-' && name[i] != '.' && name[i] != '_')
      return FALSE;
  return TRUE;
}

static char *
read_password (gboolean from_stdin, gboolean *generated, GError **error)
{
  char line[1100];

  *generated = !from_stdin;
  if (!from_stdin)
    return ww_hub_password_generate ();

  if (fgets (line, sizeof line, stdin) == NULL)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "no password on standard input");
      return NULL;
    }
  g_strchomp (line);
  if (strlen (line) < 10 || strlen (line) > 1024)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "a password must be 10 to 1024 characters");
      return NULL;
    }

  return g_strdup (line);
}

static char *
enrolment_json (const char *hub_url,
                const char *ca_file,
                const char *kiosk_id,
                const char *branch_id,
                const char *token)
{
  g_autoptr (json_object) object = json_object_new_object ();

  json_object_object_add (object, "hubUrl", json_object_new_string (hub_url));
  json_object_object_add (object, "kioskId", json_object_new_string (kiosk_id));
  if (branch_id != NULL)
    json_object_object_add (object, "branchId", json_object_new_string (branch_id));
  json_object_object_add (object, "token", json_object_new_string (token));
  if (ca_file != NULL)
    json_object_object_add (object, "caFile", json_object_new_string (ca_file));

  return g_strdup_printf (
      "%s\n", json_object_to_json_string_ext (object, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
}

static int
give_kiosk_token (WwHubStore  *store,
                  Options     *options,
                  WwHubConfig *config,
                  gboolean     rotate,
                  const char  *kiosk_id,
                  const char  *branch_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = ww_hub_token_generate (WW_HUB_TOKEN_PREFIX_KIOSK);
  g_autofree char *hash = ww_hub_token_hash (token);
  g_autofree char *result = NULL;
  g_autofree char *hub_url = NULL;
  g_autofree char *json = NULL;

  if (rotate)
    {
      const char *args[] = { kiosk_id, hash, NULL };

      result = ww_hub_cli_store_admin (store, "rotate-kiosk", args, &error);
    }
  else
    {
      const char *args[] = { kiosk_id, branch_id, options->name != NULL ? options->name : kiosk_id, hash, NULL };

      result = ww_hub_cli_store_admin (store, "enrol-kiosk", args, &error);
    }
  if (result == NULL)
    {
      g_printerr ("wegwijs-hub admin: %s\n", error->message);
      return WW_HUB_EXIT_FAILED;
    }

  hub_url = options->hub_url != NULL ? g_strdup (options->hub_url)
                                     : g_strdup_printf ("https://%s:%d", config->listen, config->port);
  json = enrolment_json (hub_url, options->ca_file, kiosk_id, branch_id, token);

  if (options->output != NULL)
    {
      if (!ww_hub_cli_write_private_file (options->output, json, &error))
        {
          g_printerr ("wegwijs-hub admin: the kiosk is enrolled, but its file could not be written: %s\n"
                      "Run rotate-kiosk to get a new token.\n",
                      error->message);
          return WW_HUB_EXIT_FAILED;
        }
      g_print ("Kiosk %s enrolled; enrolment file written to %s (keep it secret).\n", kiosk_id, options->output);
    }
  else
    {
      g_print ("Kiosk %s enrolled. Its token is shown only now; put this file on the kiosk:\n%s", kiosk_id, json);
    }

  return WW_HUB_EXIT_OK;
}

static int
set_password (WwHubStore *store, Options *options, const char *command, const char *username, const char *branch_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *result = NULL;
  gboolean         generated;

  password = read_password (options->password_stdin, &generated, &error);
  if (password == NULL || (hash = ww_hub_password_hash (password, &error)) == NULL)
    {
      g_printerr ("wegwijs-hub admin: %s\n", error->message);
      return WW_HUB_EXIT_USAGE;
    }

  if (g_str_equal (command, "add-volunteer"))
    {
      const char *args[] = { username, branch_id, options->admin_role ? "admin" : "volunteer", hash, NULL };

      result = ww_hub_cli_store_admin (store, command, args, &error);
    }
  else
    {
      const char *args[] = { username, hash, NULL };

      result = ww_hub_cli_store_admin (store, command, args, &error);
    }
  if (result == NULL)
    {
      g_printerr ("wegwijs-hub admin: %s\n", error->message);
      return WW_HUB_EXIT_FAILED;
    }

  if (generated)
    g_print ("Volunteer %s: password %s (shown only now)\n", username, password);
  else
    g_print ("Volunteer %s: password set.\n", username);

  memset (password, 0, strlen (password));
  return WW_HUB_EXIT_OK;
}

static int
simple_command (WwHubStore *store, const char *command, char **args)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *result = ww_hub_cli_store_admin (store, command, (const char *const *)args, &error);

  if (result == NULL)
    {
      g_printerr ("wegwijs-hub admin: %s\n", error->message);
      return WW_HUB_EXIT_FAILED;
    }

  if (g_str_equal (command, "list"))
    g_print ("%s", result);
  else
    g_print ("Done: %s %s\n", command, args[0]);
  return WW_HUB_EXIT_OK;
}

int
ww_hub_admin_main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubConfig) config = ww_hub_config_new ();
  g_autoptr (WwHubStore) store = NULL;
  Options            options = { 0 };
  const char        *command;
  char             **args;
  guint              n_args;
  int                status;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config_path, "Configuration file", "FILE" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &options.database, "SQLite database (overrides the config)", "FILE" },
    { "hub-url", 0, 0, G_OPTION_ARG_STRING, &options.hub_url, "Hub address for the enrolment file", "URL" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options.ca_file, "CA file the kiosk should trust", "FILE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output, "Write the enrolment file here", "FILE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &options.name, "Kiosk name for the fleet view", "NAME" },
    { "admin", 0, 0, G_OPTION_ARG_NONE, &options.admin_role, "The volunteer is an admin", NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin, "Read the password from standard input",
      NULL },
    { NULL },
  };

  context = g_option_context_new ("COMMAND ARGUMENTS — administer a Wegwijs hub");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, usage);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = wrong_use ("%s", error->message);
      goto out;
    }
  if (argc < 2)
    {
      status = wrong_use ("name a command");
      goto out;
    }

  command = argv[1];
  args = argv + 2;
  n_args = (guint)argc - 2;

#define EXPECT(n, what)                                                                                                \
  if (n_args != (n))                                                                                                   \
    {                                                                                                                  \
      status = wrong_use ("%s needs %s", command, what);                                                               \
      goto out;                                                                                                        \
    }

  if (!ww_hub_config_load_file (config, options.config_path != NULL ? options.config_path : WW_HUB_DEFAULT_CONFIG,
                                options.config_path != NULL, &error))
    {
      status = wrong_use ("%s", error->message);
      goto out;
    }
  if (options.database != NULL)
    {
      g_free (config->database);
      config->database = g_strdup (options.database);
    }

  /* Check the words before touching the database. */
  if (g_str_equal (command, "add-branch"))
    {
      EXPECT (2, "BRANCH-ID NAME");
      if (!check_ids (args, 1))
        {
          status = WW_HUB_EXIT_USAGE;
          goto out;
        }
    }
  else if (g_str_equal (command, "add-desk"))
    {
      EXPECT (3, "BRANCH-ID DESK-ID NAME");
      if (!check_ids (args, 2))
        {
          status = WW_HUB_EXIT_USAGE;
          goto out;
        }
    }
  else if (g_str_equal (command, "enrol-kiosk"))
    {
      EXPECT (2, "KIOSK-ID BRANCH-ID");
      if (!check_ids (args, 2))
        {
          status = WW_HUB_EXIT_USAGE;
          goto out;
        }
    }
  else if (g_str_equal (command, "rotate-kiosk") || g_str_equal (command, "revoke-kiosk"))
    {
      EXPECT (1, "KIOSK-ID");
      if (!check_ids (args, 1))
        {
          status = WW_HUB_EXIT_USAGE;
          goto out;
        }
    }
  else if (g_str_equal (command, "add-volunteer"))
    {
      EXPECT (2, "USERNAME BRANCH-ID");
      if (!is_username (args[0]))
        {
          status = wrong_use ("a username is 2–64 characters: a–z, 0–9, ., _, -");
          goto out;
        }
      if (!check_ids (args + 1, 1))
        {
          status = WW_HUB_EXIT_USAGE;
          goto out;
        }
    }
  else if (g_str_equal (command, "disable-volunteer") || g_str_equal (command, "enable-volunteer") ||
           g_str_equal (command, "reset-volunteer"))
    {
      EXPECT (1, "USERNAME");
    }
  else if (g_str_equal (command, "list"))
    {
      EXPECT (0, "no arguments");
    }
  else
    {
      status = wrong_use ("unknown command “%s”", command);
      goto out;
    }
#undef EXPECT

  if (!ww_hub_crypto_init (&error) || (store = ww_hub_config_open_store (config, &error)) == NULL)
    {
      g_printerr ("wegwijs-hub admin: %s\n", error->message);
      status = WW_HUB_EXIT_FAILED;
      goto out;
    }

  if (g_str_equal (command, "enrol-kiosk"))
    status = give_kiosk_token (WW_HUB_STORE (store), &options, config, FALSE, args[0], args[1]);
  else if (g_str_equal (command, "rotate-kiosk"))
    status = give_kiosk_token (WW_HUB_STORE (store), &options, config, TRUE, args[0], NULL);
  else if (g_str_equal (command, "add-volunteer"))
    status = set_password (WW_HUB_STORE (store), &options, command, args[0], args[1]);
  else if (g_str_equal (command, "reset-volunteer"))
    status = set_password (WW_HUB_STORE (store), &options, command, args[0], NULL);
  else
    status = simple_command (WW_HUB_STORE (store), command, args);

out:
  if (store != NULL)
    ww_hub_config_shutdown_store (store);
  g_free (options.config_path);
  g_free (options.database);
  g_free (options.hub_url);
  g_free (options.ca_file);
  g_free (options.output);
  g_free (options.name);
  return status;
}
