/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * One real demo hub for the tests that need one (tests/ui, tests/desk,
 * tests/client): see hub-fixture.h. A hub that cannot be made or does not
 * come up ends the test with a message that says which step failed and
 * what the hub wrote on stderr.
 */

#include "config.h"

#include "hub-fixture.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#define SERVE_TIMEOUT_S 15

static const char *
required_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    g_error ("%s is not set; run this test with meson test (or, for the soak, tests/bench/kiosk-soak)", name);
  return value;
}

/* If the test dies, its hub goes with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
hub_fixture_path (HubFixture *self, const char *name)
{
  return g_build_filename (self->dir, name, NULL);
}

static json_object *
hub_fixture_read_json (HubFixture *self, const char *name)
{
  g_autofree char *path = hub_fixture_path (self, name);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  json_object *json = ww_json_parse_file (file, 65536, 8, &error);

  g_assert_no_error (error);
  return json;
}

static const char *
member (json_object *object, const char *a, const char *b)
{
  json_object *value = json_object_object_get (object, a);

  if (b != NULL)
    value = json_object_object_get (value, b);
  g_assert_nonnull (value);
  return json_object_get_string (value);
}

static void
edit_config (HubFixture *self, HubFixtureFlags flags)
{
  g_autofree char *conf = hub_fixture_path (self, "hub.conf");
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_key_file_load_from_file (file, conf, G_KEY_FILE_KEEP_COMMENTS, &error);
  g_assert_no_error (error);
  if (flags & HUB_FIXTURE_QUEUE_ALWAYS_OPEN)
    g_key_file_set_integer (file, "hub", "queue-needs-volunteer", 0);
  if (flags & HUB_FIXTURE_NO_TICKET_LIMIT)
    {
      g_key_file_set_uint64 (file, "limits", "ticket-rate-per-minute", 1000000);
      g_key_file_set_uint64 (file, "limits", "ticket-burst", 1000000);
    }
  g_key_file_save_to_file (file, conf, &error);
  g_assert_no_error (error);
}

static void
make_demo (HubFixture *self, const char *name)
{
  g_autofree char *template = g_strdup_printf ("ww-%s-XXXXXX", name);
  g_autofree char *output = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { required_env ("WEGWIJS_HUB"),
                         "demo",
                         "--dir",
                         NULL,
                         "--port",
                         "0",
                         "--catalog",
                         required_env ("WW_TEST_CATALOG_DIR"),
                         "--upl",
                         required_env ("WW_TEST_UPL"),
                         NULL };
  int         status;

  self->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  argv[3] = self->dir;
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &output, &status, &error))
    g_error ("could not run %s demo: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s demo --dir %s failed (%s): %s", argv[0], self->dir, error->message, output);
}

/* The last lines the hub wrote on stderr, for a failure message. */
static char *
serve_log_tail (HubFixture *self)
{
  g_autofree char *path = hub_fixture_path (self, "serve.log");
  g_autofree char *text = NULL;
  gsize            length = 0;

  if (!g_file_get_contents (path, &text, &length, NULL) || length == 0)
    return g_strdup ("(nothing on stderr)");
  return g_strdup (length > 2000 ? text + length - 2000 : text);
}

/* A demo hub in a new temporary directory ww-NAME-XXXXXX, served. */
HubFixture *
hub_fixture_start (const char *name, HubFixtureFlags flags)
{
  HubFixture *self = g_new0 (HubFixture, 1);

  make_demo (self, name);
  if (flags != HUB_FIXTURE_DEFAULT)
    edit_config (self, flags);
  hub_fixture_serve (self, "0");

  self->enrolment = hub_fixture_read_json (self, "kiosk-centrale-1.json");
  self->volunteers = hub_fixture_read_json (self, "volunteers.json");
  self->kiosk_token = member (self->enrolment, "token", NULL);
  self->kiosk_id = member (self->enrolment, "kioskId", NULL);
  self->branch_id = member (self->enrolment, "branchId", NULL);
  self->ca_file = member (self->enrolment, "caFile", NULL);
  self->volunteer_user = member (self->volunteers, "volunteer", "username");
  self->volunteer_password = member (self->volunteers, "volunteer", "password");
  self->admin_user = member (self->volunteers, "admin", "username");
  self->admin_password = member (self->volunteers, "admin", "password");
  return self;
}

/* Starts `wegwijs-hub serve` on PORT ("0": any free one) and waits until
 * it listens: it writes its port to the port file once the socket is
 * bound. */
void
hub_fixture_serve (HubFixture *self, const char *wanted_port)
{
  /* WANTED_PORT may be self->port, which is replaced below. */
  g_autofree char *port = g_strdup (wanted_port);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr (GError) error = NULL;
  g_autofree char *conf = hub_fixture_path (self, "hub.conf");
  g_autofree char *port_file = hub_fixture_path (self, "port");
  g_autofree char *log = hub_fixture_path (self, "serve.log");
  g_autofree char *written = NULL;
  gint64           deadline = g_get_monotonic_time () + SERVE_TIMEOUT_S * G_USEC_PER_SEC;

  g_assert_null (self->process);
  g_unlink (port_file);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, required_env ("WEGWIJS_HUB"), "serve", "--config",
                                               conf, "--port", port, "--port-file", port_file, NULL);
  if (self->process == NULL)
    g_error ("could not start wegwijs-hub serve: %s", error->message);

  /* The identifier is gone once GLib has reaped an exited hub. */
  while (!g_file_get_contents (port_file, &written, NULL, NULL) && g_get_monotonic_time () < deadline &&
         g_subprocess_get_identifier (self->process) != NULL)
    g_usleep (20000);
  if (written == NULL)
    {
      g_autofree char *tail = serve_log_tail (self);

      if (g_subprocess_get_identifier (self->process) != NULL)
        g_error ("wegwijs-hub serve --port %s did not listen within %d s; it said:\n%s", port, SERVE_TIMEOUT_S, tail);
      g_subprocess_wait (self->process, NULL, NULL);
      if (g_subprocess_get_if_signaled (self->process))
        g_error ("wegwijs-hub serve --port %s was killed by signal %d before it listened; it said:\n%s", port,
                 g_subprocess_get_term_sig (self->process), tail);
      g_error ("wegwijs-hub serve --port %s exited with status %d before it listened; it said:\n%s", port,
               g_subprocess_get_exit_status (self->process), tail);
    }

  g_free (self->port);
  self->port = g_strdup (g_strstrip (written));
  g_free (self->url);
  self->url = g_strdup_printf ("https://127.0.0.1:%s", self->port);
}

void
hub_fixture_stop (HubFixture *self)
{
  g_assert_nonnull (self->process);
  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

/* Stops the hub if it runs and removes its directory. */
void
hub_fixture_free (HubFixture *self)
{
  g_autofree char *rm = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (self->process != NULL)
    hub_fixture_stop (self);
  json_object_put (self->enrolment);
  json_object_put (self->volunteers);
  rm = g_strdup_printf ("rm -rf '%s'", self->dir);
  g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_free (self->dir);
  g_free (self->port);
  g_free (self->url);
  g_free (self);
}

/* Writes the enrolment the kiosk reads, pointing at the running hub, and
 * points $WEGWIJS_KIOSK_ENROLMENT at it. BRANCH_NAME, if not NULL,
 * replaces the demo's. */
void
hub_fixture_enrol_kiosk (HubFixture *self, const char *branch_name)
{
  g_autoptr (json_object) enrolment = hub_fixture_read_json (self, "kiosk-centrale-1.json");
  g_autofree char *path = hub_fixture_path (self, "test-enrolment.json");

  json_object_object_add (enrolment, "hubUrl", json_object_new_string (self->url));
  if (branch_name != NULL)
    json_object_object_add (enrolment, "branchName", json_object_new_string (branch_name));
  g_assert_true (g_file_set_contents (path, json_object_to_json_string (enrolment), -1, NULL));
  g_setenv ("WEGWIJS_KIOSK_ENROLMENT", path, TRUE);
}

/* A client of this hub, trusting its CA, with TOKEN (may be NULL). */
WwHubClient *
hub_fixture_new_client (HubFixture *self, const char *token)
{
  g_autoptr (WwHttpClient) http = ww_http_client_new ();
  g_autoptr (GError) error = NULL;
  const char  *urls[] = { self->url, NULL };
  WwHubClient *client;

  ww_http_client_set_ca_file (http, self->ca_file);
  client = ww_hub_client_new (http, urls, &error);
  g_assert_no_error (error);
  if (token != NULL)
    ww_hub_client_set_token (client, token);
  return client;
}

/* A client signed in as the demo's volunteer, on duty if ON_DUTY (the
 * queue is open while a volunteer is on duty, as in a library). */
WwHubClient *
hub_fixture_sign_in_volunteer (HubFixture *self, gboolean on_duty)
{
  g_autoptr (WwHubClient) client = hub_fixture_new_client (self, NULL);
  g_autoptr (GAsyncResult) signed_in = NULL;
  g_autoptr (GAsyncResult) duty_set = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHubSession) session = NULL;
  g_autoptr (WwDutyState) duty = NULL;

  ww_hub_client_login_async (client, self->volunteer_user, self->volunteer_password, NULL, hub_fixture_store_result_cb,
                             &signed_in);
  session = ww_hub_client_login_finish (client, hub_fixture_wait_for_result (&signed_in), &error);
  g_assert_no_error (error);
  ww_hub_client_set_token (client, session->token);
  if (on_duty)
    {
      ww_hub_client_set_duty_async (client, TRUE, NULL, hub_fixture_store_result_cb, &duty_set);
      duty = ww_hub_client_set_duty_finish (client, hub_fixture_wait_for_result (&duty_set), &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&client);
}

/* Iterates the default main context until SLOT is filled by
 * hub_fixture_store_result_cb. */
GAsyncResult *
hub_fixture_wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

void
hub_fixture_store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}
