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
  /* help sessions */
  char    *kind;
  char    *topic;
  char    *first;
  char    *last;
  char    *start;
  char    *end;
  char    *place;
  char    *capacity;
  char    *languages;
  char    *bring;
  char    *session;
  char    *reason;
  gboolean weekly;
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
    "  add-help-session BRANCH-ID          plan a help session; prints its id\n"
    "        --topic TEXT --first YYYY-MM-DD --start HH:MM --end HH:MM --place TEXT\n"
    "        [--kind walkIn|topic|course] [--weekly [--last YYYY-MM-DD]] [--capacity N]\n"
    "        [--languages nl,en,…] [--bring TEXT]\n"
    "  list-help-sessions BRANCH-ID        list a branch's help sessions and exception dates\n"
    "  cancel-help-session SESSION-ID      cancel a help session (every date still ahead)\n"
    "  add-help-exception BRANCH-ID YYYY-MM-DD   no help on that date (a holiday)\n"
    "        [--session SESSION-ID] (only that session) [--reason TEXT]\n"
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

static void
help_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static WwHubHelpResult *
help_write_sync (WwHubStore *store, const WwHubHelpWrite *write, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  ww_hub_store_help_write_async (store, write, NULL, help_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ww_hub_store_help_write_finish (store, result, error);
}

static int
help_failed (GError *error)
{
  g_printerr ("wegwijs-hub admin: %s\n", error->message);
  return error->domain == WW_ERROR && error->code == WW_ERROR_INVALID_DATA ? WW_HUB_EXIT_USAGE : WW_HUB_EXIT_FAILED;
}

/* Checks the options of add-help-session; NULL (after saying why) if wrong. */
static WwHubHelpSession *
session_from_options (Options *options, const char *branch_id)
{
  g_autoptr (WwHubHelpSession) session = g_new0 (WwHubHelpSession, 1);
  g_autoptr (GError) error = NULL;
  const char *missing = options->topic == NULL   ? "--topic"
                        : options->first == NULL ? "--first"
                        : options->start == NULL ? "--start"
                        : options->end == NULL   ? "--end"
                        : options->place == NULL ? "--place"
                                                 : NULL;
  char       *end = NULL;
  gint64      capacity = 10;

  if (missing != NULL)
    {
      wrong_use ("add-help-session needs %s", missing);
      return NULL;
    }
  if (!ww_hub_help_kind_from_string (options->kind != NULL ? options->kind : "walkIn", &session->kind))
    {
      wrong_use ("--kind is walkIn, topic or course");
      return NULL;
    }
  if (options->capacity != NULL)
    {
      capacity = g_ascii_strtoll (options->capacity, &end, 10);
      if (end == options->capacity || *end != '\0')
        {
          wrong_use ("--capacity is a number of places, like 8");
          return NULL;
        }
    }
  if (options->last != NULL && !options->weekly)
    {
      wrong_use ("--last is for a --weekly session");
      return NULL;
    }

  session->session_id = g_uuid_string_random ();
  session->branch_id = g_strdup (branch_id);
  session->topic = g_strdup (options->topic);
  session->languages = g_strdup (options->languages != NULL ? options->languages : "nl");
  session->capacity = (int)CLAMP (capacity, -1, 100000);
  session->place = g_strdup (options->place);
  session->bring = g_strdup (options->bring != NULL ? options->bring : "");
  session->weekly = options->weekly;
  session->first_day = g_strdup (options->first);
  session->last_day = g_strdup (options->weekly ? options->last : options->first);
  session->start_time = g_strdup (options->start);
  session->end_time = g_strdup (options->end);
  if (!ww_hub_help_check_session (session, &error))
    {
      wrong_use ("%s", error->message);
      return NULL;
    }
  return g_steal_pointer (&session);
}

static int
add_help_session (WwHubStore *store, WwHubHelpSession *session)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubHelpResult) result = NULL;
  WwHubHelpWrite write = { .kind = WW_HUB_HELP_ADD_SESSION, .session = session };

  result = help_write_sync (store, &write, &error);
  if (result == NULL)
    return help_failed (error);
  g_print ("Help session planned: %s\n", session->session_id);
  return WW_HUB_EXIT_OK;
}

static int
list_help_sessions (WwHubStore *store, const char *branch_id)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubHelpSnapshot) snapshot = NULL;

  ww_hub_store_help_read_async (store, branch_id, 0, 0, NULL, help_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  snapshot = ww_hub_store_help_read_finish (store, result, &error);
  if (snapshot == NULL)
    return help_failed (error);

  g_print ("Help sessions of %s:\n", branch_id);
  for (guint i = 0; i < snapshot->sessions->len; i++)
    {
      WwHubHelpSession *s = g_ptr_array_index (snapshot->sessions, i);

      g_print ("  %s  %s “%s”  %s %s%s%s %s–%s  %d places  %s  [%s]%s\n", s->session_id,
               ww_hub_help_kind_to_string (s->kind), s->topic, s->weekly ? "weekly from" : "on", s->first_day,
               s->weekly && s->last_day != NULL ? " to " : "", s->weekly && s->last_day != NULL ? s->last_day : "",
               s->start_time, s->end_time, s->capacity, s->place, s->languages, s->cancelled ? "  CANCELLED" : "");
    }
  g_print ("Exception dates:\n");
  for (guint i = 0; i < snapshot->exceptions->len; i++)
    {
      WwHubHelpException *e = g_ptr_array_index (snapshot->exceptions, i);

      g_print ("  %s  %s  %s\n", e->day, *e->session_id != '\0' ? e->session_id : "(every session)", e->reason);
    }
  return WW_HUB_EXIT_OK;
}

static int
help_change (WwHubStore *store, WwHubHelpWrite *write, const char *done)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubHelpResult) result = help_write_sync (store, write, &error);

  if (result == NULL)
    return help_failed (error);
  g_print ("%s\n", done);
  return WW_HUB_EXIT_OK;
}

int
ww_hub_admin_main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubConfig) config = ww_hub_config_new ();
  g_autoptr (WwHubStore) store = NULL;
  g_autoptr (WwHubHelpSession) session = NULL;
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
    { "kind", 0, 0, G_OPTION_ARG_STRING, &options.kind, "Help session: walkIn, topic or course", "KIND" },
    { "topic", 0, 0, G_OPTION_ARG_STRING, &options.topic, "Help session: its topic", "TEXT" },
    { "first", 0, 0, G_OPTION_ARG_STRING, &options.first, "Help session: its (first) date", "YYYY-MM-DD" },
    { "last", 0, 0, G_OPTION_ARG_STRING, &options.last, "Weekly help session: its last date", "YYYY-MM-DD" },
    { "weekly", 0, 0, G_OPTION_ARG_NONE, &options.weekly, "Help session: every week on that weekday", NULL },
    { "start", 0, 0, G_OPTION_ARG_STRING, &options.start, "Help session: start, local time", "HH:MM" },
    { "end", 0, 0, G_OPTION_ARG_STRING, &options.end, "Help session: end, local time", "HH:MM" },
    { "place", 0, 0, G_OPTION_ARG_STRING, &options.place, "Help session: where in the library", "TEXT" },
    { "capacity", 0, 0, G_OPTION_ARG_STRING, &options.capacity, "Help session: places (default 10)", "N" },
    { "languages", 0, 0, G_OPTION_ARG_STRING, &options.languages, "Help session: languages spoken", "nl,en,…" },
    { "bring", 0, 0, G_OPTION_ARG_STRING, &options.bring, "Help session: what to bring", "TEXT" },
    { "session", 0, 0, G_OPTION_ARG_STRING, &options.session, "Exception: only this help session", "SESSION-ID" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &options.reason, "Exception: why (shown to volunteers)", "TEXT" },
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
  else if (g_str_equal (command, "add-help-session") || g_str_equal (command, "list-help-sessions"))
    {
      EXPECT (1, "BRANCH-ID");
      if (!check_ids (args, 1))
        {
          status = WW_HUB_EXIT_USAGE;
          goto out;
        }
      if (g_str_equal (command, "add-help-session") && (session = session_from_options (&options, args[0])) == NULL)
        {
          status = WW_HUB_EXIT_USAGE;
          goto out;
        }
    }
  else if (g_str_equal (command, "cancel-help-session"))
    {
      EXPECT (1, "SESSION-ID (see list-help-sessions)");
    }
  else if (g_str_equal (command, "add-help-exception"))
    {
      EXPECT (2, "BRANCH-ID YYYY-MM-DD");
      if (!check_ids (args, 1))
        {
          status = WW_HUB_EXIT_USAGE;
          goto out;
        }
      if (!ww_hub_help_is_day (args[1]))
        {
          status = wrong_use ("the date must be YYYY-MM-DD, like 2026-12-25");
          goto out;
        }
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
  else if (g_str_equal (command, "add-help-session"))
    status = add_help_session (WW_HUB_STORE (store), session);
  else if (g_str_equal (command, "list-help-sessions"))
    status = list_help_sessions (WW_HUB_STORE (store), args[0]);
  else if (g_str_equal (command, "cancel-help-session"))
    {
      WwHubHelpWrite write = { .kind = WW_HUB_HELP_CANCEL_SESSION, .session_id = args[0] };

      status = help_change (WW_HUB_STORE (store), &write, "Help session cancelled.");
    }
  else if (g_str_equal (command, "add-help-exception"))
    {
      WwHubHelpWrite write = { .kind = WW_HUB_HELP_ADD_EXCEPTION,
                               .branch_id = args[0],
                               .day = args[1],
                               .session_id = options.session,
                               .reason = options.reason };

      status = help_change (WW_HUB_STORE (store), &write, "Exception date added.");
    }
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
  g_free (options.kind);
  g_free (options.topic);
  g_free (options.first);
  g_free (options.last);
  g_free (options.start);
  g_free (options.end);
  g_free (options.place);
  g_free (options.capacity);
  g_free (options.languages);
  g_free (options.bring);
  g_free (options.session);
  g_free (options.reason);
  return status;
}
