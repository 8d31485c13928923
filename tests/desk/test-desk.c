/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The desk end to end, under Xvfb: a real hub (wegwijs-hub demo + serve,
 * TLS with the demo CA), a kiosk making tickets through the hub API, and a
 * real notification server on the test's session bus (python3-dbusmock's
 * notification-daemon template, which records every call). Covers sign-in,
 * live tickets and their notifications, the notification's Call action,
 * the whole ticket flow and the statistics, two desks racing for one
 * ticket, an expired session, a hub restart, and the in-app banner when
 * there is no notification server. Screenshots of every screen go to
 * $WEGWIJS_SCREENSHOT_DIR.
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include "hub-fixture.h"
#include "kiosk-test-utils.h"
#include "ww-desk-application.h"
#include "ww-desk-ticket-row.h"
#include "ww-desk-window-private.h"

static WwDeskApplication *app;
static GSettings         *settings;

static HubFixture  *hub;
static GSubprocess *notification_server;
static guint        key_counter;

/* ------------------------------------------------------------------ */
/* The hub                                                             */

/* Runs `wegwijs-hub admin` on the hub's database; returns its output. */
static char *
hub_admin (const char *stdin_text, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *conf = g_build_filename (hub->dir, "hub.conf", NULL);
  char            *output = NULL;
  const char      *arg;
  va_list          args;

  g_ptr_array_add (argv, (gpointer)g_getenv ("WEGWIJS_HUB"));
  g_ptr_array_add (argv, (gpointer) "admin");
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, conf);
  va_start (args, stdin_text);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return output;
}

/* ------------------------------------------------------------------ */
/* The kiosk side, through the hub API                                 */

static WwHubClient *
make_kiosk (void)
{
  return hub_fixture_new_client (hub, hub->kiosk_token);
}

static WwTicket *
kiosk_create_ticket (WwHelpTopic topic, const char *language, const char *first_name)
{
  g_autoptr (WwHubClient) kiosk = make_kiosk ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("desk-test-%u-%" G_GINT64_FORMAT, ++key_counter, g_get_real_time ());
  WwTicket        *ticket;

  ww_hub_client_create_ticket_async (kiosk, topic, language, first_name, NULL, key, NULL, hub_fixture_store_result_cb,
                                     &result);
  ticket = ww_hub_client_create_ticket_finish (kiosk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  return ticket;
}

static WwTicket *
kiosk_get_ticket (const char *ticket_id)
{
  g_autoptr (WwHubClient) kiosk = make_kiosk ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  WwTicket *ticket;

  ww_hub_client_get_ticket_async (kiosk, ticket_id, NULL, hub_fixture_store_result_cb, &result);
  ticket = ww_hub_client_get_ticket_finish (kiosk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  return ticket;
}

/* ------------------------------------------------------------------ */
/* The notification server                                             */

static gboolean
bus_name_has_owner (const char *name)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "NameHasOwner", g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
start_notification_server (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  notification_server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("WW_TEST_PYTHON"), "-m", "dbusmock",
                                                     "--template", "notification_daemon", "--parameters",
                                                     "{\"capabilities\": \"body actions icon-static\"}", NULL);
  g_assert_no_error (error);
  while (!bus_name_has_owner ("org.freedesktop.Notifications") && g_get_monotonic_time () < deadline)
    g_usleep (50000);
  g_assert_true (bus_name_has_owner ("org.freedesktop.Notifications"));
}

static void
stop_notification_server (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (notification_server == NULL)
    return;
  g_subprocess_send_signal (notification_server, SIGTERM);
  g_subprocess_wait (notification_server, NULL, NULL);
  g_clear_object (&notification_server);
  while (bus_name_has_owner ("org.freedesktop.Notifications") && g_get_monotonic_time () < deadline)
    g_usleep (50000);
}

/* The summaries of every Notify call the server got, in order: the
 * notification ids the mock hands out are their positions + 1. */
static GPtrArray *
notification_summaries (void)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariant) calls = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray   *summaries = g_ptr_array_new_with_free_func (g_free);
  GVariantIter iter;
  const char  *method;
  GVariant    *args;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                                       "org.freedesktop.DBus.Mock", "GetCalls", NULL, G_VARIANT_TYPE ("(a(tsav))"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  calls = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, calls);
  while (g_variant_iter_next (&iter, "(t&s@av)", NULL, &method, &args))
    {
      if (g_str_equal (method, "Notify"))
        {
          g_autoptr (GVariant) boxed = g_variant_get_child_value (args, 3);
          g_autoptr (GVariant) summary = g_variant_get_variant (boxed);
          g_ptr_array_add (summaries, g_variant_dup_string (summary, NULL));
        }
      g_variant_unref (args);
    }
  return summaries;
}

static guint
notification_id_for (const char *number)
{
  g_autoptr (GPtrArray) summaries = notification_summaries ();

  for (guint i = 0; i < summaries->len; i++)
    if (strstr (g_ptr_array_index (summaries, i), number) != NULL)
      return i + 1;
  return 0;
}

static void
press_notification_action (guint id, const char *action)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  GVariantBuilder args;

  g_variant_builder_init (&args, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&args, "v", g_variant_new_uint32 (id));
  g_variant_builder_add (&args, "v", g_variant_new_string (action));
  reply = g_dbus_connection_call_sync (
      bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications", "org.freedesktop.DBus.Mock", "EmitSignal",
      g_variant_new ("(sssav)", "org.freedesktop.Notifications", "ActionInvoked", "us", &args), NULL,
      G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */
/* The desk                                                            */

typedef struct
{
  WwDeskWindow *window;
  const char   *ticket_id;
  WwTicketState state;
  const char   *text;
} Wait;

static gboolean
is_signed_in (gpointer data)
{
  Wait *wait = data;
  return ww_desk_session_get_signed_in (_ww_desk_window_get_session (wait->window)) &&
         ww_desk_session_get_loaded (_ww_desk_window_get_session (wait->window)) &&
         g_strcmp0 (_ww_desk_window_get_page (wait->window), "desk") == 0;
}

static gboolean
has_ticket_in_state (gpointer data)
{
  Wait     *wait = data;
  WwTicket *ticket =
      ww_desk_queue_lookup (ww_desk_session_get_queue (_ww_desk_window_get_session (wait->window)), wait->ticket_id);

  return ticket != NULL && ww_ticket_get_state (ticket) == wait->state;
}

static gboolean
lacks_ticket (gpointer data)
{
  Wait *wait = data;
  return ww_desk_queue_lookup (ww_desk_session_get_queue (_ww_desk_window_get_session (wait->window)),
                               wait->ticket_id) == NULL;
}

static gboolean
toast_says (gpointer data)
{
  Wait *wait = data;
  return g_strcmp0 (_ww_desk_window_get_last_toast (wait->window), wait->text) == 0;
}

static gboolean
has_notification (gpointer data)
{
  return notification_id_for (((Wait *)data)->text) != 0;
}

static WwDeskWindow *
open_desk (void)
{
  WwDeskWindow *window = ww_desk_window_new (GTK_APPLICATION (app), settings);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  kiosk_test_wait_for_frame (GTK_WIDGET (window));
  ww_desk_session_set_poll_interval (_ww_desk_window_get_session (window), 30, 1);
  return window;
}

static gboolean
has_tables (gpointer data)
{
  return _ww_desk_window_get_n_tables (((Wait *)data)->window) > 0;
}

static void
sign_in (WwDeskWindow *window, const char *username, const char *password, const char *table)
{
  Wait             wait = { window };
  g_autofree char *expected_place = NULL;

  _ww_desk_window_fill_sign_in (window, username, password);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "desk.sign-in", NULL));
  /* Then the volunteer says where they sit, from the branch's tables. */
  g_assert_true (kiosk_test_wait_until (has_tables, &wait, 10000));
  g_assert_cmpstr (_ww_desk_window_get_page (window), ==, "table");
  g_assert_cmpuint (_ww_desk_window_get_n_tables (window), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "desk.use-table", "s", table));
  g_assert_true (kiosk_test_wait_until (is_signed_in, &wait, 10000));
  /* The header names the table as the branch does, not by its id. */
  expected_place = g_strdup_printf ("Digitaal Hulpplein, balie %s", table + strlen ("balie-"));
  g_assert_true (g_str_has_prefix (table, "balie-"));
  g_assert_cmpstr (_ww_desk_window_get_place (window), ==, expected_place);
}

static void
close_desk (WwDeskWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  kiosk_test_iterate (50);
}

static void
act (WwDeskWindow *window, const char *action, WwTicket *ticket)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, "s", ww_ticket_get_id (ticket)));
}

static void
screenshot (WwDeskWindow *window, const char *name)
{
  g_autofree char *path = kiosk_test_screenshot (GTK_WIDGET (window), name);
}

/* ------------------------------------------------------------------ */

static void
test_sign_in_refused (void)
{
  WwDeskWindow *window = open_desk ();
  gint64        end;

  g_assert_cmpstr (_ww_desk_window_get_page (window), ==, "sign-in");
  _ww_desk_window_fill_sign_in (window, hub->volunteer_user, "");
  /* Nothing to send without a password. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "desk.sign-in", NULL) &&
                  _ww_desk_window_get_sign_in_error (window) != NULL);
  screenshot (window, "desk-sign-in");

  _ww_desk_window_fill_sign_in (window, hub->volunteer_user, "not-the-password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "desk.sign-in", NULL));
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (_ww_desk_window_get_sign_in_error (window) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (_ww_desk_window_get_sign_in_error (window), ==, "The user name or password is not right.");
  g_assert_cmpstr (_ww_desk_window_get_page (window), ==, "sign-in");
  screenshot (window, "desk-sign-in-error");
  close_desk (window);
}

static void
test_no_hub_configured (void)
{
  const char   *none[] = { NULL };
  const char   *urls[] = { hub->url, NULL };
  WwDeskWindow *window;

  g_settings_set_strv (settings, "hub-urls", none);
  window = ww_desk_window_new (GTK_APPLICATION (app), settings);
  gtk_window_present (GTK_WINDOW (window));
  _ww_desk_window_fill_sign_in (window, hub->volunteer_user, hub->volunteer_password);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "desk.sign-in", NULL));
  g_assert_cmpstr (_ww_desk_window_get_sign_in_error (window), ==,
                   "This desk does not know which hub to use. Ask the library’s IT desk to set it up.");
  g_assert_cmpstr (_ww_desk_window_get_page (window), ==, "sign-in");
  close_desk (window);
  g_settings_set_strv (settings, "hub-urls", urls);
}

static void
test_ticket_flow (void)
{
  WwDeskWindow *window = open_desk ();
  WwDeskStats  *stats;
  g_autoptr (WwTicket) ticket = NULL;
  g_autoptr (WwTicket) seen_by_kiosk = NULL;
  g_autoptr (WwTicket) other = NULL;
  g_autofree char *called_toast = NULL;
  Wait             wait = { window };
  gint64           before, created, n_before, referred_before;

  sign_in (window, hub->volunteer_user, hub->volunteer_password, "balie-1");
  /* The table can be changed later; this computer remembers the last one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "desk.change-table", NULL));
  g_assert_cmpstr (_ww_desk_window_get_page (window), ==, "table");
  g_assert_true (kiosk_test_wait_until (has_tables, &wait, 10000));
  screenshot (window, "desk-table");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "desk.use-table", "s", "balie-1"));
  g_assert_cmpstr (_ww_desk_window_get_page (window), ==, "desk");
  {
    g_autofree char *table = g_settings_get_string (settings, "table-name");
    g_assert_cmpstr (table, ==, "balie-1");
  }
  /* Only the user name is remembered. */
  {
    g_autofree char *remembered = g_settings_get_string (settings, "last-username");
    g_assert_cmpstr (remembered, ==, hub->volunteer_user);
  }

  /* The statistics before, to see the finish counted. */
  stats = _ww_desk_window_get_stats (window);
  _ww_desk_window_show_view (window, "stats");
  kiosk_test_wait_for_frame (GTK_WIDGET (window));
  while (ww_desk_stats_get_loading (stats))
    g_main_context_iteration (NULL, TRUE);
  n_before = ww_desk_stats_get_n_tickets (stats);
  referred_before = ww_desk_stats_get_outcome_count (stats, WW_TICKET_OUTCOME_REFERRED);
  _ww_desk_window_show_view (window, "queue");

  before = g_get_monotonic_time ();
  ticket = kiosk_create_ticket (WW_HELP_TOPIC_DIGID, "ar", "Fatima");
  other = kiosk_create_ticket (WW_HELP_TOPIC_DEVICE, "uk", NULL);
  created = g_get_monotonic_time ();

  /* Live: on the desk within 2 s of being made, with a notification. */
  wait.ticket_id = ww_ticket_get_id (ticket);
  wait.state = WW_TICKET_STATE_WAITING;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 2000));
  g_test_message ("ticket on the desk %.0f ms after it was made",
                  (g_get_monotonic_time () - created) / 1000.0 + (created - before) / 2000.0);
  wait.text = ww_ticket_get_number (ticket);
  g_assert_true (kiosk_test_wait_until (has_notification, &wait, 2000));
  {
    g_autoptr (GPtrArray) summaries = notification_summaries ();
    g_autofree char *expected = g_strdup_printf ("New ticket %s", ww_ticket_get_number (ticket));
    gboolean         found = FALSE;

    for (guint i = 0; i < summaries->len; i++)
      found |= g_str_equal (g_ptr_array_index (summaries, i), expected);
    g_assert_true (found);
  }
  /* The first name comes with the queue fetch, never with the event. */
  {
    gint64       end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
    WwDeskQueue *queue = ww_desk_session_get_queue (_ww_desk_window_get_session (window));

    while (ww_ticket_get_first_name (ww_desk_queue_lookup (queue, wait.ticket_id)) == NULL &&
           g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (ww_ticket_get_first_name (ww_desk_queue_lookup (queue, wait.ticket_id)), ==, "Fatima");
  }
  wait.ticket_id = ww_ticket_get_id (other);
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 2000));
  screenshot (window, "desk-queue");

  /* Call: the kiosk's ticket says called, to this table. */
  act (window, "ticket.call", ticket);
  wait.ticket_id = ww_ticket_get_id (ticket);
  wait.state = WW_TICKET_STATE_CALLED;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 5000));
  /* The table by the name the branch gave it, not by its id. */
  called_toast = g_strdup_printf ("%s called to Digitaal Hulpplein, balie 1", ww_ticket_get_number (ticket));
  wait.text = called_toast;
  if (!kiosk_test_wait_until (toast_says, &wait, 2000))
    g_error ("The toast says “%s”, not “%s”", _ww_desk_window_get_last_toast (window), called_toast);
  seen_by_kiosk = kiosk_get_ticket (ww_ticket_get_id (ticket));
  g_assert_cmpint (ww_ticket_get_state (seen_by_kiosk), ==, WW_TICKET_STATE_CALLED);
  g_assert_cmpstr (ww_ticket_get_desk_id (seen_by_kiosk), ==, "balie-1");
  screenshot (window, "desk-queue-called");

  act (window, "ticket.start", ticket);
  wait.state = WW_TICKET_STATE_IN_PROGRESS;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 5000));

  /* Finish asks how it ended first; "back" leaves the ticket in progress. */
  act (window, "ticket.finish", ticket);
  g_assert_nonnull (_ww_desk_window_get_outcome_dialog (window));
  _ww_desk_window_answer_outcome_dialog (window, "back");
  g_assert_null (_ww_desk_window_get_outcome_dialog (window));
  kiosk_test_iterate (300);
  g_assert_true (has_ticket_in_state (&wait));
  act (window, "ticket.finish", ticket);
  kiosk_test_wait_for_frame (GTK_WIDGET (_ww_desk_window_get_outcome_dialog (window)));
  g_free (kiosk_test_screenshot (GTK_WIDGET (_ww_desk_window_get_outcome_dialog (window)), "desk-finish-outcome"));
  _ww_desk_window_answer_outcome_dialog (window, "referred");
  g_assert_true (kiosk_test_wait_until (lacks_ticket, &wait, 5000));
  {
    g_autoptr (WwTicket) finished = kiosk_get_ticket (ww_ticket_get_id (ticket));

    g_assert_cmpint (ww_ticket_get_state (finished), ==, WW_TICKET_STATE_DONE);
    g_assert_cmpint (ww_ticket_get_outcome (finished), ==, WW_TICKET_OUTCOME_REFERRED);
  }

  /* Finishing reloads the figures: one more ticket than before. */
  _ww_desk_window_show_view (window, "stats");
  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while ((ww_desk_stats_get_loading (stats) || ww_desk_stats_get_n_tickets (stats) <= n_before) &&
           g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpint (ww_desk_stats_get_n_tickets (stats), >, n_before);
  /* … and the outcome is counted. */
  g_assert_cmpint (ww_desk_stats_get_outcome_count (stats, WW_TICKET_OUTCOME_REFERRED), ==, referred_before + 1);
  /* Tall enough to show every chart, the outcomes too. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 1060);
  kiosk_test_iterate (200);
  kiosk_test_wait_for_frame (GTK_WIDGET (window));
  screenshot (window, "desk-stats");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  kiosk_test_iterate (200);
  ww_desk_stats_set_days (stats, 28);
  while (ww_desk_stats_get_loading (stats))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ww_desk_stats_get_n_tickets (stats), >, n_before);
  screenshot (window, "desk-stats-weeks");
  _ww_desk_window_show_view (window, "queue");

  /* Still waiting a quarter of an hour later: announced again, once. */
  {
    g_autoptr (GDateTime) later = g_date_time_add_minutes (ww_ticket_get_created_at (other), 16);
    g_autoptr (GPtrArray) before_reminder = notification_summaries ();
    g_autoptr (GPtrArray) after_reminder = NULL;
    g_autoptr (GPtrArray) after_second = NULL;
    g_autofree char *expected = g_strdup_printf ("%s has waited 15 minutes", ww_ticket_get_number (other));

    _ww_desk_window_check_long_waits (window, later);
    wait.text = expected;
    g_assert_true (kiosk_test_wait_until (has_notification, &wait, 2000));
    after_reminder = notification_summaries ();
    g_assert_cmpuint (after_reminder->len, ==, before_reminder->len + 1);
    g_assert_cmpstr (g_ptr_array_index (after_reminder, after_reminder->len - 1), ==, expected);
    _ww_desk_window_check_long_waits (window, later);
    kiosk_test_iterate (200);
    after_second = notification_summaries ();
    g_assert_cmpuint (after_second->len, ==, after_reminder->len);
  }

  /* The other ticket is taken back: it leaves the queue. */
  act (window, "ticket.cancel", other);
  wait.ticket_id = ww_ticket_get_id (other);
  g_assert_true (kiosk_test_wait_until (lacks_ticket, &wait, 5000));

  /* Signing out forgets the queue and goes back to the sign-in page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "desk.sign-out", NULL));
  g_assert_cmpstr (_ww_desk_window_get_page (window), ==, "sign-in");
  g_assert_cmpuint (
      g_list_model_get_n_items (G_LIST_MODEL (ww_desk_session_get_queue (_ww_desk_window_get_session (window)))), ==,
      0);
  close_desk (window);
}

static void
test_notification_call_action (void)
{
  WwDeskWindow *window = open_desk ();
  g_autoptr (WwTicket) ticket = NULL;
  g_autoptr (WwTicket) seen_by_kiosk = NULL;
  Wait  wait = { window };
  guint id;

  sign_in (window, hub->volunteer_user, hub->volunteer_password, "balie-2");
  ticket = kiosk_create_ticket (WW_HELP_TOPIC_MONEY, "tr", NULL);
  wait.text = ww_ticket_get_number (ticket);
  g_assert_true (kiosk_test_wait_until (has_notification, &wait, 2000));
  id = notification_id_for (ww_ticket_get_number (ticket));

  /* "Call" on the notification calls the ticket to this table. */
  press_notification_action (id, "call");
  wait.ticket_id = ww_ticket_get_id (ticket);
  wait.state = WW_TICKET_STATE_CALLED;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 5000));
  seen_by_kiosk = kiosk_get_ticket (ww_ticket_get_id (ticket));
  g_assert_cmpstr (ww_ticket_get_desk_id (seen_by_kiosk), ==, "balie-2");

  act (window, "ticket.no-show", ticket);
  g_assert_true (kiosk_test_wait_until (lacks_ticket, &wait, 5000));
  close_desk (window);
}

static void
test_two_desks (void)
{
  WwDeskWindow *one = open_desk ();
  WwDeskWindow *two = open_desk ();
  g_autoptr (WwTicket) ticket = NULL;
  const char      *conflict = "Another volunteer was quicker. The list has been brought up to date.";
  Wait             wait_one = { one };
  Wait             wait_two = { two };
  g_autofree char *called_one = NULL;
  g_autofree char *called_two = NULL;
  const char      *winner;

  sign_in (one, hub->volunteer_user, hub->volunteer_password, "balie-1");
  sign_in (two, hub->volunteer_user, hub->volunteer_password, "balie-2");
  ticket = kiosk_create_ticket (WW_HELP_TOPIC_MUNICIPALITY, "pl", "Jan");
  wait_one.ticket_id = wait_two.ticket_id = ww_ticket_get_id (ticket);
  wait_one.state = wait_two.state = WW_TICKET_STATE_WAITING;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait_one, 2000));
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait_two, 2000));

  /* Both press Call at the same moment: one wins, one is told. */
  act (one, "ticket.call", ticket);
  act (two, "ticket.call", ticket);
  called_one = g_strdup_printf ("%s called to Digitaal Hulpplein, balie 1", ww_ticket_get_number (ticket));
  called_two = g_strdup_printf ("%s called to Digitaal Hulpplein, balie 2", ww_ticket_get_number (ticket));
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while ((_ww_desk_window_get_last_toast (one) == NULL || _ww_desk_window_get_last_toast (two) == NULL ||
            (!g_str_equal (_ww_desk_window_get_last_toast (one), conflict) &&
             !g_str_equal (_ww_desk_window_get_last_toast (two), conflict))) &&
           g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
  }
  if (g_strcmp0 (_ww_desk_window_get_last_toast (one), conflict) == 0)
    {
      g_assert_cmpstr (_ww_desk_window_get_last_toast (two), ==, called_two);
      winner = "balie-2";
      screenshot (one, "desk-conflict");
    }
  else
    {
      g_assert_cmpstr (_ww_desk_window_get_last_toast (one), ==, called_one);
      g_assert_cmpstr (_ww_desk_window_get_last_toast (two), ==, conflict);
      winner = "balie-1";
      screenshot (two, "desk-conflict");
    }

  /* The loser's list is brought up to date: called, to the winner's table. */
  wait_one.state = wait_two.state = WW_TICKET_STATE_CALLED;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait_one, 3000));
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait_two, 3000));
  g_assert_cmpstr (ww_ticket_get_desk_id (ww_desk_queue_lookup (
                       ww_desk_session_get_queue (_ww_desk_window_get_session (one)), wait_one.ticket_id)),
                   ==, winner);
  g_assert_cmpstr (ww_ticket_get_desk_id (ww_desk_queue_lookup (
                       ww_desk_session_get_queue (_ww_desk_window_get_session (two)), wait_two.ticket_id)),
                   ==, winner);

  act (g_str_equal (winner, "balie-1") ? one : two, "ticket.requeue", ticket);
  wait_one.state = wait_two.state = WW_TICKET_STATE_WAITING;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait_one, 3000));
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait_two, 3000));
  act (one, "ticket.cancel", ticket);
  g_assert_true (kiosk_test_wait_until (lacks_ticket, &wait_two, 3000));

  close_desk (one);
  close_desk (two);
}

static gboolean
has_expired_dialog (gpointer data)
{
  return _ww_desk_window_get_expired_dialog (((Wait *)data)->window) != NULL;
}

static gboolean
offline_shown (gpointer data)
{
  return _ww_desk_window_get_offline_shown (((Wait *)data)->window);
}

static gboolean
online_again (gpointer data)
{
  return !_ww_desk_window_get_offline_shown (((Wait *)data)->window);
}

static void
test_session_expiry (void)
{
  WwDeskWindow *window = open_desk ();
  g_autoptr (WwTicket) ticket = NULL;
  g_autofree char *password = NULL;
  g_autofree char *new_password = NULL;
  Wait             wait = { window };

  g_free (hub_admin ("Wachtwoord-voor-de-test-1\n", "add-volunteer", "desk-expiry", hub->branch_id, "--password-stdin",
                     NULL));
  sign_in (window, "desk-expiry", "Wachtwoord-voor-de-test-1", "balie-1");
  ticket = kiosk_create_ticket (WW_HELP_TOPIC_OTHER, "en", "Sam");
  wait.ticket_id = ww_ticket_get_id (ticket);
  wait.state = WW_TICKET_STATE_WAITING;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 2000));

  /* A new password ends every session of the account at once. */
  g_free (hub_admin ("Wachtwoord-voor-de-test-2\n", "reset-volunteer", "desk-expiry", "--password-stdin", NULL));
  /* The hub trusts a checked token for up to a second. */
  kiosk_test_iterate (1500);
  act (window, "ticket.call", ticket);
  g_assert_true (kiosk_test_wait_until (has_expired_dialog, &wait, 10000));
  /* Nothing on screen is lost. */
  g_assert_cmpstr (_ww_desk_window_get_page (window), ==, "desk");
  g_assert_nonnull (
      ww_desk_queue_lookup (ww_desk_session_get_queue (_ww_desk_window_get_session (window)), wait.ticket_id));
  kiosk_test_wait_for_frame (GTK_WIDGET (_ww_desk_window_get_expired_dialog (window)));
  screenshot (window, "desk-expired");
  {
    g_autofree char *path =
        kiosk_test_screenshot (GTK_WIDGET (_ww_desk_window_get_expired_dialog (window)), "desk-expired-dialog");
  }

  _ww_desk_window_answer_expired_dialog (window, "Wachtwoord-voor-de-test-2");
  g_assert_true (kiosk_test_wait_until (is_signed_in, &wait, 10000));
  g_assert_nonnull (
      ww_desk_queue_lookup (ww_desk_session_get_queue (_ww_desk_window_get_session (window)), wait.ticket_id));
  act (window, "ticket.call", ticket);
  wait.state = WW_TICKET_STATE_CALLED;
  kiosk_test_wait_until (has_ticket_in_state, &wait, 5000);
  g_test_message ("toast: %s", _ww_desk_window_get_last_toast (window));
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 5000));
  act (window, "ticket.cancel", ticket);
  g_assert_true (kiosk_test_wait_until (lacks_ticket, &wait, 5000));
  close_desk (window);
}

static void
test_hub_restart (void)
{
  WwDeskWindow *window = open_desk ();
  g_autoptr (WwTicket) before = NULL;
  g_autoptr (WwTicket) after = NULL;
  g_autofree char *port = NULL;
  Wait             wait = { window };
  guint            n_items;

  sign_in (window, hub->volunteer_user, hub->volunteer_password, "balie-1");
  before = kiosk_create_ticket (WW_HELP_TOPIC_DIGID, "nl", "Anna");
  wait.ticket_id = ww_ticket_get_id (before);
  wait.state = WW_TICKET_STATE_WAITING;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 2000));
  n_items = g_list_model_get_n_items (G_LIST_MODEL (ww_desk_session_get_queue (_ww_desk_window_get_session (window))));

  /* The hub goes away: the desk says so, and keeps the list. */
  port = g_strdup (hub->port);
  hub_fixture_stop (hub);
  g_assert_true (kiosk_test_wait_until (offline_shown, &wait, 10000));
  g_assert_cmpuint (
      g_list_model_get_n_items (G_LIST_MODEL (ww_desk_session_get_queue (_ww_desk_window_get_session (window)))), ==,
      n_items);
  g_assert_nonnull (
      ww_desk_queue_lookup (ww_desk_session_get_queue (_ww_desk_window_get_session (window)), wait.ticket_id));
  screenshot (window, "desk-offline");

  /* Back on the same address: the desk recovers by itself. */
  hub_fixture_serve (hub, port);
  g_assert_cmpstr (hub->port, ==, port);
  g_assert_true (kiosk_test_wait_until (online_again, &wait, 15000));
  g_assert_true (ww_desk_session_get_signed_in (_ww_desk_window_get_session (window)));
  g_assert_nonnull (
      ww_desk_queue_lookup (ww_desk_session_get_queue (_ww_desk_window_get_session (window)), wait.ticket_id));

  /* And it is live again. */
  after = kiosk_create_ticket (WW_HELP_TOPIC_MONEY, "nl", NULL);
  wait.ticket_id = ww_ticket_get_id (after);
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 8000));
  act (window, "ticket.cancel", before);
  act (window, "ticket.cancel", after);
  g_assert_true (kiosk_test_wait_until (lacks_ticket, &wait, 5000));
  wait.ticket_id = ww_ticket_get_id (before);
  g_assert_true (kiosk_test_wait_until (lacks_ticket, &wait, 5000));
  close_desk (window);
}

static gboolean
alert_shown (gpointer data)
{
  return _ww_desk_window_get_alert (((Wait *)data)->window) != NULL;
}

static void
test_banner_without_notification_server (void)
{
  WwDeskWindow *window;
  g_autoptr (WwTicket) ticket = NULL;
  g_autofree char *expected = NULL;
  Wait             wait = { 0 };

  stop_notification_server ();
  window = open_desk ();
  wait.window = window;
  sign_in (window, hub->volunteer_user, hub->volunteer_password, "balie-1");

  ticket = kiosk_create_ticket (WW_HELP_TOPIC_DEVICE, "uk", NULL);
  g_assert_true (kiosk_test_wait_until (alert_shown, &wait, 2000));
  expected = g_strdup_printf ("New ticket %s · Computer or phone · Українська", ww_ticket_get_number (ticket));
  g_assert_cmpstr (_ww_desk_window_get_alert (window), ==, expected);
  screenshot (window, "desk-alert");

  /* Calling from the banner; the banner goes once the ticket is taken. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "ticket.call", "s", ww_ticket_get_id (ticket)));
  wait.ticket_id = ww_ticket_get_id (ticket);
  wait.state = WW_TICKET_STATE_CALLED;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 5000));
  g_assert_null (_ww_desk_window_get_alert (window));
  act (window, "ticket.cancel", ticket);
  g_assert_true (kiosk_test_wait_until (lacks_ticket, &wait, 5000));
  close_desk (window);
}

static void
test_long_wait_row (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) long_ago = g_date_time_add_minutes (now, -25);
  WwTicketFields fields = {
    .id = "t-1",
    .number = "E-007",
    .branch_id = "centrale",
    .kiosk_id = "k",
    .topic = WW_HELP_TOPIC_OTHER,
    .language = "ar",
    .state = WW_TICKET_STATE_WAITING,
    .position = 1,
    .created_at = long_ago,
  };
  g_autoptr (WwTicket) ticket = ww_ticket_new (&fields);
  GtkWidget *row = g_object_ref_sink (ww_desk_ticket_row_new ());

  ww_desk_ticket_row_set_ticket (WW_DESK_TICKET_ROW (row), ticket);
  g_assert_true (ww_desk_ticket_row_get_long_wait (WW_DESK_TICKET_ROW (row)));
  g_assert_true (gtk_widget_has_css_class (row, "long-wait"));
  ww_desk_ticket_row_set_long_wait_minutes (WW_DESK_TICKET_ROW (row), 30);
  g_assert_false (ww_desk_ticket_row_get_long_wait (WW_DESK_TICKET_ROW (row)));
  g_assert_false (gtk_widget_has_css_class (row, "long-wait"));
  /* Waiting: anyone may call. */
  ww_desk_ticket_row_set_own_desk_id (WW_DESK_TICKET_ROW (row), "balie-2");
  g_assert_nonnull (kiosk_test_find_actionable (row, "ticket.call", "t-1"));
  g_object_unref (row);
}

static void
test_row_of_another_table (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  WwTicketFields fields = {
    .id = "t-2",
    .number = "B-008",
    .branch_id = "centrale",
    .kiosk_id = "k",
    .topic = WW_HELP_TOPIC_MONEY,
    .language = "tr",
    .state = WW_TICKET_STATE_CALLED,
    .desk_id = "balie-1",
    .position = 0,
    .created_at = now,
  };
  g_autoptr (WwTicket) ticket = ww_ticket_new (&fields);
  GtkWidget *row = g_object_ref_sink (ww_desk_ticket_row_new ());

  ww_desk_ticket_row_set_ticket (WW_DESK_TICKET_ROW (row), ticket);
  ww_desk_ticket_row_set_own_desk_id (WW_DESK_TICKET_ROW (row), "balie-1");
  g_assert_nonnull (kiosk_test_find_actionable (row, "ticket.start", "t-2"));
  /* Called to another table: that volunteer's, no buttons here. */
  ww_desk_ticket_row_set_own_desk_id (WW_DESK_TICKET_ROW (row), "balie-2");
  g_assert_null (kiosk_test_find_actionable (row, "ticket.start", "t-2"));
  g_assert_nonnull (kiosk_test_find_label (row, "Called to balie-1"));
  g_object_unref (row);
}

/* A row names the table as the branch does; the id only when the hub
 * sent no name. */
static void
test_row_desk_name (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  WwTicketFields fields = {
    .id = "t-3",
    .number = "A-011",
    .branch_id = "centrale",
    .kiosk_id = "k",
    .topic = WW_HELP_TOPIC_DIGID,
    .language = "nl",
    .state = WW_TICKET_STATE_CALLED,
    .desk_id = "balie-1",
    .desk_name = "Digitaal Hulpplein, balie 1",
    .position = 0,
    .created_at = now,
  };
  g_autoptr (WwTicket) called = ww_ticket_new (&fields);
  g_autoptr (WwTicket) helped = NULL;
  GtkWidget *row = g_object_ref_sink (ww_desk_ticket_row_new ());

  g_assert_cmpstr (ww_ticket_get_desk_label (called), ==, "Digitaal Hulpplein, balie 1");
  ww_desk_ticket_row_set_ticket (WW_DESK_TICKET_ROW (row), called);
  ww_desk_ticket_row_set_own_desk_id (WW_DESK_TICKET_ROW (row), "balie-2");
  g_assert_nonnull (kiosk_test_find_label (row, "Called to Digitaal Hulpplein, balie 1"));
  g_assert_null (kiosk_test_find_label (row, "Called to balie-1"));

  fields.state = WW_TICKET_STATE_IN_PROGRESS;
  fields.desk_name = "";
  helped = ww_ticket_new (&fields);
  g_assert_cmpstr (ww_ticket_get_desk_label (helped), ==, "balie-1");
  ww_desk_ticket_row_set_ticket (WW_DESK_TICKET_ROW (row), helped);
  g_assert_nonnull (kiosk_test_find_label (row, "Being helped at balie-1"));
  g_object_unref (row);
}

/* ------------------------------------------------------------------ */
/* Help sessions: on duty, the calendar and check-in                   */

static gboolean
help_loaded (gpointer data)
{
  return !ww_desk_help_get_loading (_ww_desk_window_get_help (((Wait *)data)->window));
}

static gboolean
help_result_has (gpointer data)
{
  Wait       *wait = data;
  const char *result = ww_desk_help_get_result (_ww_desk_window_get_help (wait->window));

  return result != NULL && strstr (result, wait->text) != NULL;
}

static gboolean
on_duty_is (gpointer data)
{
  Wait *wait = data;
  return ww_desk_session_get_on_duty (_ww_desk_window_get_session (wait->window)) == (wait->state != 0);
}

static gboolean
has_duty_dialog (gpointer data)
{
  return _ww_desk_window_get_duty_dialog (((Wait *)data)->window) != NULL;
}

static gboolean
toast_has (gpointer data)
{
  Wait       *wait = data;
  const char *toast = _ww_desk_window_get_last_toast (wait->window);

  return toast != NULL && strstr (toast, wait->text) != NULL;
}

/* A reservation made yesterday for today's session, straight into the
 * hub's database: the API only reserves dates still ahead. */
static void
insert_todays_reservation (const char *session_id, const char *code)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr (GDateTime) now = g_date_time_new_now (zone);
  g_autoptr (GDateTime) start = g_date_time_new (zone, g_date_time_get_year (now), g_date_time_get_month (now),
                                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr (GDateTime) end = g_date_time_new (zone, g_date_time_get_year (now), g_date_time_get_month (now),
                                               g_date_time_get_day_of_month (now), 23, 59, 0);
  g_autofree char *db = g_build_filename (hub->dir, "hub.db", NULL);
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO reservations (reservation_id, code, branch_id, session_id, starts_at, ends_at, subject_id,"
      " idempotency_key, request_hash, created_at) VALUES ('r-%s', '%s', '%s', '%s', %" G_GINT64_FORMAT
      ", %" G_GINT64_FORMAT ", 'test', 'k-%s', 'h', %" G_GINT64_FORMAT ");",
      code, code, hub->branch_id, session_id, g_date_time_to_unix (start) * G_USEC_PER_SEC,
      g_date_time_to_unix (end) * G_USEC_PER_SEC, code, g_date_time_to_unix (start) * G_USEC_PER_SEC);
  const char *argv[] = { "sqlite3", db, sql, NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static char *
plan (const char *first, const char *start, const char *end, gboolean weekly)
{
  g_autofree char *output =
      hub_admin (NULL, "add-help-session", hub->branch_id, "--topic", "DigiD", "--first", first, "--start", start,
                 "--end", end, "--place", "leestafel", weekly ? "--weekly" : NULL, NULL);
  g_auto (GStrv) words = g_strsplit (g_strstrip (output), " ", -1);

  return g_strdup (words[g_strv_length (words) - 1]);
}

static void
test_help_sessions (void)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr (GDateTime) now = g_date_time_new_now (zone);
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *today_text = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *tomorrow_text = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autofree char *today_id = plan (today_text, "00:00", "23:59", FALSE);
  g_autofree char *weekly_id = plan (tomorrow_text, "10:00", "12:00", TRUE);
  g_autoptr (WwHubClient) kiosk = make_kiosk ();
  g_autoptr (WwReservation) later = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  WwDeskWindow *window;
  Wait          wait;

  g_assert_nonnull (weekly_id);
  insert_todays_reservation (today_id, "K7M4TX");
  ww_hub_client_reserve_async (kiosk, NULL, NULL, "desk-help-1", NULL, hub_fixture_store_result_cb, &result);
  later = ww_hub_client_reserve_finish (kiosk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);

  window = open_desk ();
  wait = (Wait){ window };
  sign_in (window, hub->volunteer_user, hub->volunteer_password, "balie-1");
  _ww_desk_window_show_view (window, "help");
  g_assert_true (kiosk_test_wait_until (help_loaded, &wait, 5000));
  kiosk_test_iterate (50);
  screenshot (window, "desk-help-sessions");

  /* A code as typed from the slip: lower case and a dash are fine. */
  ww_desk_help_check_in (_ww_desk_window_get_help (window), "k7m-4tx");
  wait.text = "K7M4TX is checked in";
  g_assert_true (kiosk_test_wait_until (help_result_has, &wait, 5000));
  g_assert_true (kiosk_test_wait_until (help_loaded, &wait, 5000));
  kiosk_test_iterate (50);
  screenshot (window, "desk-help-checked-in");
  ww_desk_help_check_in (_ww_desk_window_get_help (window), "K7M4TX");
  wait.text = "already checked in";
  g_assert_true (kiosk_test_wait_until (help_result_has, &wait, 5000));
  ww_desk_help_check_in (_ww_desk_window_get_help (window), "AAAAAA");
  wait.text = "no reservation with this code";
  g_assert_true (kiosk_test_wait_until (help_result_has, &wait, 5000));
  screenshot (window, "desk-help-unknown-code");
  ww_desk_help_check_in (_ww_desk_window_get_help (window), later->code);
  wait.text = "not for a session today";
  g_assert_true (kiosk_test_wait_until (help_result_has, &wait, 5000));

  /* On duty, then off with someone waiting: the desk says who and asks. */
  _ww_desk_window_show_view (window, "queue");
  _ww_desk_window_set_duty_switch (window, TRUE);
  wait.state = 1;
  g_assert_true (kiosk_test_wait_until (on_duty_is, &wait, 5000));
  ticket = kiosk_create_ticket (WW_HELP_TOPIC_DIGID, "nl", "Fatima");
  wait.ticket_id = ww_ticket_get_id (ticket);
  wait.state = WW_TICKET_STATE_WAITING;
  g_assert_true (kiosk_test_wait_until (has_ticket_in_state, &wait, 5000));
  _ww_desk_window_set_duty_switch (window, FALSE);
  g_assert_true (kiosk_test_wait_until (has_duty_dialog, &wait, 2000));
  kiosk_test_wait_for_frame (GTK_WIDGET (_ww_desk_window_get_duty_dialog (window)));
  screenshot (window, "desk-off-duty-confirm");
  {
    g_autofree char *shot =
        kiosk_test_screenshot (GTK_WIDGET (_ww_desk_window_get_duty_dialog (window)), "desk-off-duty-dialog");
  }
  _ww_desk_window_answer_duty_dialog (window, "cancel");
  kiosk_test_iterate (50);
  g_assert_true (ww_desk_session_get_on_duty (_ww_desk_window_get_session (window)));
  _ww_desk_window_set_duty_switch (window, FALSE);
  g_assert_true (kiosk_test_wait_until (has_duty_dialog, &wait, 2000));
  _ww_desk_window_answer_duty_dialog (window, "off");
  wait.state = 0;
  g_assert_true (kiosk_test_wait_until (on_duty_is, &wait, 5000));
  wait.text = "off duty";
  g_assert_true (kiosk_test_wait_until (toast_has, &wait, 5000));
  act (window, "ticket.cancel", ticket);
  kiosk_test_iterate (100);
  close_desk (window);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  const char *urls[2] = { NULL, NULL };
  int         status;

  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  /* These tests are about tickets, not about who is on duty
   * (tests/api/test-help.py is): the queue is open without a volunteer at
   * the desk. */
  hub = hub_fixture_start ("desk-test", HUB_FIXTURE_QUEUE_ALWAYS_OPEN);
  start_notification_server ();

  app = ww_desk_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  settings = g_settings_new ("nl.wegwijs.Desk");
  urls[0] = hub->url;
  g_settings_set_strv (settings, "hub-urls", urls);
  g_settings_set_string (settings, "hub-ca-file", hub->ca_file);

  g_test_add_func ("/desk/row/long-wait", test_long_wait_row);
  g_test_add_func ("/desk/row/another-table", test_row_of_another_table);
  g_test_add_func ("/desk/row/desk-name", test_row_desk_name);
  g_test_add_func ("/desk/sign-in/refused", test_sign_in_refused);
  g_test_add_func ("/desk/sign-in/no-hub", test_no_hub_configured);
  g_test_add_func ("/desk/ticket/flow", test_ticket_flow);
  g_test_add_func ("/desk/notification/call-action", test_notification_call_action);
  g_test_add_func ("/desk/two-desks/conflict", test_two_desks);
  g_test_add_func ("/desk/session/expiry", test_session_expiry);
  g_test_add_func ("/desk/hub/restart", test_hub_restart);
  g_test_add_func ("/desk/notification/banner-without-server", test_banner_without_notification_server);
  g_test_add_func ("/desk/help-sessions", test_help_sessions);
  status = g_test_run ();

  stop_notification_server ();
  hub_fixture_free (hub);
  g_clear_object (&settings);
  g_clear_object (&app);
  return status;
}
