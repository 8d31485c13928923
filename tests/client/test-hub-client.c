/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Every typed WwHubClient call against a real hub (wegwijs-hub demo +
 * serve) over TLS with the demo CA: the catalogue, tickets and their
 * transitions, volunteers, the fleet, statistics, live events, errors
 * and failover between hubs.
 */

#include "config.h"

#include "hub-fixture.h"
#include "wegwijs-core.h"

static HubFixture *hub;
static WwUpl      *upl;

/* ------------------------------------------------------------------ */

#define RESULT_CB hub_fixture_store_result_cb

static WwHubClient *
make_client (const char *const *urls, const char *token)
{
  g_autoptr (WwHttpClient) http = ww_http_client_new ();
  g_autoptr (GError) error = NULL;
  const char  *default_urls[] = { hub->url, NULL };
  WwHubClient *client;

  ww_http_client_set_ca_file (http, hub->ca_file);
  ww_http_client_set_connect_timeout_ms (http, 2000);
  ww_http_client_set_timeout_ms (http, 10000);
  ww_http_client_set_retry_delays (http, 50, 200);
  client = ww_hub_client_new (http, urls != NULL ? urls : default_urls, &error);
  g_assert_no_error (error);
  ww_hub_client_set_token (client, token);

  return client;
}

static WwHubSession *
login (WwHubClient *client, const char *user, const char *password)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  WwHubSession *session;

  ww_hub_client_login_async (client, user, password, NULL, RESULT_CB, &result);
  session = ww_hub_client_login_finish (client, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (session->token);
  ww_hub_client_set_token (client, session->token);

  return session;
}

static WwTicket *
create_ticket (WwHubClient *client, WwHelpTopic topic, const char *first_name, const char *key, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  ww_hub_client_create_ticket_async (client, topic, "ar", first_name, NULL, key, NULL, RESULT_CB, &result);
  return ww_hub_client_create_ticket_finish (client, hub_fixture_wait_for_result (&result), error);
}

static WwTicket *
act (WwHubClient *client, WwTicket *ticket, WwTicketAction action, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  ww_hub_client_act_on_ticket_async (client, ww_ticket_get_id (ticket), action, "balie-1", NULL, RESULT_CB, &result);
  return ww_hub_client_act_on_ticket_finish (client, hub_fixture_wait_for_result (&result), error);
}

/* ------------------------------------------------------------------ */

static void
test_catalog (void)
{
  g_autoptr (WwHubClient) client = make_client (NULL, hub->kiosk_token);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwCatalog) catalog = NULL;
  g_autoptr (WwCatalog) again = NULL;
  gboolean   not_modified = TRUE;
  WwService *service;

  ww_hub_client_get_catalog_async (client, upl, NULL, NULL, RESULT_CB, &result);
  catalog = ww_hub_client_get_catalog_finish (client, hub_fixture_wait_for_result (&result), &not_modified, &error);
  g_assert_no_error (error);
  g_assert_false (not_modified);
  g_assert_cmpuint (g_list_model_get_n_items (ww_catalog_get_services (catalog)), ==, 19);
  service = ww_catalog_lookup_service (catalog, "paspoort");
  g_assert_cmpstr (ww_text_get (ww_service_get_title (service), "uk"), ==, "Оформити паспорт");
  g_clear_object (&result);

  /* Asked again with its etag: not modified, and no catalogue. */
  ww_hub_client_get_catalog_async (client, upl, ww_catalog_get_etag (catalog), NULL, RESULT_CB, &result);
  again = ww_hub_client_get_catalog_finish (client, hub_fixture_wait_for_result (&result), &not_modified, &error);
  g_assert_no_error (error);
  g_assert_null (again);
  g_assert_true (not_modified);
  g_assert_true (ww_hub_client_get_reachable (client));
}

static void
test_catalog_per_language (void)
{
  g_autoptr (WwHubClient) client = make_client (NULL, hub->kiosk_token);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) categories = NULL;
  g_autoptr (GListModel) services = NULL;
  g_autoptr (WwService) service = NULL;
  g_autoptr (WwCategory) first = NULL;

  ww_hub_client_list_categories_async (client, "ar", NULL, RESULT_CB, &result);
  categories = ww_hub_client_list_categories_finish (client, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (categories), ==, 7);
  first = g_list_model_get_item (categories, 0);
  g_assert_cmpstr (ww_category_get_id (first), ==, "documenten");
  g_assert_true (g_utf8_validate (ww_text_get (ww_category_get_title (first), "ar"), -1, NULL));
  g_assert_nonnull (ww_text_lookup (ww_category_get_title (first), "ar"));
  g_clear_object (&result);

  ww_hub_client_list_services_async (client, "tr", NULL, RESULT_CB, &result);
  services = ww_hub_client_list_services_finish (client, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (services), ==, 19);
  g_clear_object (&result);

  ww_hub_client_get_service_async (client, "paspoort", "pl", NULL, RESULT_CB, &result);
  service = ww_hub_client_get_service_finish (client, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ww_text_lookup (ww_service_get_title (service), "pl"), ==, "Wniosek o paszport");
  g_assert_cmpuint (g_list_model_get_n_items (ww_service_get_steps (service)), ==, 5);
  g_assert_cmpint (ww_service_get_channel (service), ==, WW_CHANNEL_APPOINTMENT);
  g_clear_object (&result);

  /* An unknown service: a 404 with the problem's words. */
  ww_hub_client_get_service_async (client, "vliegende-schotel", "nl", NULL, RESULT_CB, &result);
  g_assert_null (ww_hub_client_get_service_finish (client, hub_fixture_wait_for_result (&result), &error));
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_NOT_FOUND);
  g_assert_cmpuint (ww_http_error_get_status (error), ==, 404);
  g_assert_nonnull (ww_http_error_get_detail (error));
}

static void
test_tickets (void)
{
  g_autoptr (WwHubClient) kiosk = make_client (NULL, hub->kiosk_token);
  g_autoptr (WwHubClient) desk = make_client (NULL, NULL);
  g_autoptr (WwHubClient) other_desk = make_client (NULL, NULL);
  g_autoptr (WwHubSession) session = login (desk, hub->volunteer_user, hub->volunteer_password);
  g_autoptr (WwHubSession) other_session = login (other_desk, hub->volunteer_user, hub->volunteer_password);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  g_autoptr (WwTicket) repeat = NULL;
  g_autoptr (WwTicket) fetched = NULL;
  g_autoptr (WwTicket) called = NULL;
  g_autoptr (WwTicket) started = NULL;
  g_autoptr (WwTicket) finished = NULL;
  g_autoptr (GListModel) queue = NULL;
  gboolean in_queue = FALSE;

  g_assert_cmpstr (session->branch_id, ==, hub->branch_id);

  ticket = create_ticket (kiosk, WW_HELP_TOPIC_DIGID, "Fatima", "key-tickets-1", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ww_ticket_get_number (ticket), "A-"));
  g_assert_cmpint (ww_ticket_get_state (ticket), ==, WW_TICKET_STATE_WAITING);
  g_assert_cmpstr (ww_ticket_get_language (ticket), ==, "ar");
  g_assert_cmpint (ww_ticket_get_position (ticket), >=, 1);

  /* The same key again: the same ticket, never a second one. */
  repeat = create_ticket (kiosk, WW_HELP_TOPIC_DIGID, "Fatima", "key-tickets-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ww_ticket_get_id (repeat), ==, ww_ticket_get_id (ticket));

  ww_hub_client_get_ticket_async (kiosk, ww_ticket_get_id (ticket), NULL, RESULT_CB, &result);
  fetched = ww_hub_client_get_ticket_finish (kiosk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ww_ticket_get_number (fetched), ==, ww_ticket_get_number (ticket));
  g_clear_object (&result);

  ww_hub_client_get_queue_async (desk, hub->branch_id, NULL, RESULT_CB, &result);
  queue = ww_hub_client_get_queue_finish (desk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr (WwTicket) item = g_list_model_get_item (queue, i);
      in_queue |= g_str_equal (ww_ticket_get_id (item), ww_ticket_get_id (ticket));
    }
  g_assert_true (in_queue);

  called = act (desk, ticket, WW_TICKET_ACTION_CALL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ww_ticket_get_state (called), ==, WW_TICKET_STATE_CALLED);
  g_assert_cmpstr (ww_ticket_get_desk_id (called), ==, "balie-1");
  /* The kiosk's banner names the desk as the branch wrote it. */
  g_assert_cmpstr (ww_ticket_get_desk_name (called), ==, "Digitaal Hulpplein, balie 1");

  /* Another volunteer, too late: a conflict, with the hub's explanation. */
  g_assert_null (act (other_desk, ticket, WW_TICKET_ACTION_CALL, &error));
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONFLICT);
  g_assert_cmpuint (ww_http_error_get_status (error), ==, 409);
  g_clear_error (&error);

  started = act (desk, ticket, WW_TICKET_ACTION_START, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ww_ticket_get_state (started), ==, WW_TICKET_STATE_IN_PROGRESS);
  g_clear_object (&result);
  ww_hub_client_finish_ticket_async (desk, ww_ticket_get_id (ticket), WW_TICKET_OUTCOME_REFERRED, NULL, RESULT_CB,
                                     &result);
  finished = ww_hub_client_finish_ticket_finish (desk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ww_ticket_get_state (finished), ==, WW_TICKET_STATE_DONE);
  g_assert_cmpint (ww_ticket_get_outcome (finished), ==, WW_TICKET_OUTCOME_REFERRED);
  /* The first name is gone once the ticket is closed. */
  g_assert_null (ww_ticket_get_first_name (finished));
}

static void
test_kiosk_cannot_call (void)
{
  g_autoptr (WwHubClient) kiosk = make_client (NULL, hub->kiosk_token);
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = create_ticket (kiosk, WW_HELP_TOPIC_OTHER, NULL, "key-kiosk-call", &error);

  g_assert_no_error (error);
  g_assert_null (act (kiosk, ticket, WW_TICKET_ACTION_CALL, &error));
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_FORBIDDEN);
}

static void
test_bad_token (void)
{
  g_autoptr (WwHubClient) client = make_client (NULL, "wwk_not-a-real-token");
  g_autoptr (GError) error = NULL;

  g_assert_null (create_ticket (client, WW_HELP_TOPIC_OTHER, NULL, "key-bad-token", &error));
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_UNAUTHORIZED);
  /* A refusal is still an answer: the hub is reachable. */
  g_assert_true (ww_hub_client_get_reachable (client));
}

static void
test_fleet_and_stats (void)
{
  g_autoptr (WwHubClient) kiosk = make_client (NULL, hub->kiosk_token);
  g_autoptr (WwHubClient) admin = make_client (NULL, NULL);
  g_autoptr (WwHubSession) session = login (admin, hub->admin_user, hub->admin_password);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) kiosks = NULL;
  g_autoptr (GPtrArray) stats = NULL;
  g_autofree char *etag = NULL;
  WwHeartbeat      heartbeat = { PACKAGE_VERSION, 42, NULL, "ok", "none" };
  gboolean         found = FALSE;

  ww_hub_client_send_heartbeat_async (kiosk, hub->kiosk_id, &heartbeat, NULL, RESULT_CB, &result);
  etag = ww_hub_client_send_heartbeat_finish (kiosk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (etag), >, 8);
  g_clear_object (&result);

  ww_hub_client_list_kiosks_async (admin, NULL, RESULT_CB, &result);
  kiosks = ww_hub_client_list_kiosks_finish (admin, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < kiosks->len; i++)
    {
      WwKioskStatus *status = g_ptr_array_index (kiosks, i);

      if (g_str_equal (status->kiosk_id, hub->kiosk_id))
        {
          found = TRUE;
          g_assert_false (status->stale);
          g_assert_cmpstr (status->version, ==, PACKAGE_VERSION);
          g_assert_cmpint (status->uptime_seconds, ==, 42);
          g_assert_nonnull (status->last_seen_at);
        }
    }
  g_assert_true (found);
  g_clear_object (&result);

  ww_hub_client_get_stats_async (admin, hub->branch_id, NULL, NULL, NULL, RESULT_CB, &result);
  stats = ww_hub_client_get_stats_finish (admin, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  /* The earlier tests made tickets today. */
  g_assert_cmpuint (stats->len, >=, 1);
}

static void
test_logout (void)
{
  g_autoptr (WwHubClient) desk = make_client (NULL, NULL);
  g_autoptr (WwHubSession) session = login (desk, hub->volunteer_user, hub->volunteer_password);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) queue = NULL;

  ww_hub_client_logout_async (desk, NULL, RESULT_CB, &result);
  g_assert_true (ww_hub_client_logout_finish (desk, hub_fixture_wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  ww_hub_client_get_queue_async (desk, hub->branch_id, NULL, RESULT_CB, &result);
  queue = ww_hub_client_get_queue_finish (desk, hub_fixture_wait_for_result (&result), &error);
  g_assert_null (queue);
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_UNAUTHORIZED);
}

/* Plans a help session with the admin CLI (the desk does not plan). */
static void
run_admin (const char *const *args, char **out)
{
  g_autofree char *conf = g_build_filename (hub->dir, "hub.conf", NULL);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) argv = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_strv_builder_add_many (builder, g_getenv ("WEGWIJS_HUB"), "admin", "--config", conf, NULL);
  g_strv_builder_addv (builder, (const char **)args);
  argv = g_strv_builder_end (builder);
  g_spawn_sync (NULL, argv, NULL, out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : G_SPAWN_DEFAULT, NULL, NULL, out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

/* The demo plans a week of help for its branch; this test counts places
 * in a session of its own, so the demo's are cancelled first. */
static void
cancel_demo_help_sessions (void)
{
  const char *list[] = { "list-help-sessions", hub->branch_id, NULL };
  g_autoptr (GRegex) id = g_regex_new ("^\\s+([0-9a-f-]{36})\\s", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  g_autofree char *out = NULL;
  guint            cancelled = 0;

  run_admin (list, &out);
  for (g_regex_match (id, out, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *session_id = g_match_info_fetch (match, 1);
      const char      *cancel[] = { "cancel-help-session", session_id, NULL };

      run_admin (cancel, NULL);
      cancelled++;
    }
  g_assert_cmpuint (cancelled, >, 0);
}

static void
plan_help_session (const char *first_day)
{
  const char *args[] = { "add-help-session", hub->branch_id, "--topic", "DigiD",   "--first",     first_day,
                         "--weekly",         "--start",      "10:00",   "--end",   "12:00",       "--place",
                         "aan de leestafel", "--capacity",   "1",       "--bring", "uw telefoon", NULL };

  run_admin (args, NULL);
}

static void
test_help (void)
{
  g_autoptr (WwHubClient) kiosk = make_client (NULL, hub->kiosk_token);
  g_autoptr (WwHubClient) volunteer = make_client (NULL, NULL);
  g_autoptr (WwHubSession) session = login (volunteer, hub->volunteer_user, hub->volunteer_password);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwDutyState) on = NULL;
  g_autoptr (WwDutyState) off = NULL;
  g_autoptr (WwHelpStatus) status = NULL;
  g_autoptr (GPtrArray) dates = NULL;
  g_autoptr (GPtrArray) reservations = NULL;
  g_autoptr (WwReservation) reservation = NULL;
  g_autoptr (WwReservation) replay = NULL;
  g_autoptr (WwReservation) full = NULL;
  g_autoptr (WwReservation) checked = NULL;
  g_autoptr (WwHelpStats) stats = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char  *first_day = g_date_time_format (tomorrow, "%Y-%m-%d");
  WwHelpOccurrence *first;
  gboolean          listed = FALSE;

  cancel_demo_help_sessions ();
  plan_help_session (first_day);

  ww_hub_client_set_duty_async (volunteer, TRUE, NULL, RESULT_CB, &result);
  on = ww_hub_client_set_duty_finish (volunteer, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (on->on_duty);
  g_assert_true (on->open);
  g_assert_cmpint (on->volunteers_on_duty, ==, 1);
  g_clear_object (&result);

  ww_hub_client_get_help_status_async (kiosk, NULL, NULL, RESULT_CB, &result);
  status = ww_hub_client_get_help_status_finish (kiosk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (status->open);
  g_assert_nonnull (status->next_session);
  g_assert_cmpstr (status->next_session->topic, ==, "DigiD");
  g_clear_object (&result);

  ww_hub_client_list_help_occurrences_async (kiosk, NULL, NULL, NULL, NULL, RESULT_CB, &result);
  dates = ww_hub_client_list_help_occurrences_finish (kiosk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dates->len, >=, 3);
  first = g_ptr_array_index (dates, 0);
  g_assert_cmpstr (first->date, ==, first_day);
  g_assert_cmpint (first->free_places, ==, 1);
  g_assert_cmpstr (first->place, ==, "aan de leestafel");
  g_assert_cmpint (g_date_time_get_hour (first->starts_at), ==, 10);
  g_clear_object (&result);

  ww_hub_client_reserve_async (kiosk, NULL, NULL, "help-key-1", NULL, RESULT_CB, &result);
  reservation = ww_hub_client_reserve_finish (kiosk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (reservation->code), ==, 6);
  g_assert_true (g_date_time_equal (reservation->starts_at, first->starts_at));
  g_assert_cmpstr (reservation->bring, ==, "uw telefoon");
  g_assert_null (reservation->checked_in_at);
  g_clear_object (&result);

  ww_hub_client_reserve_async (kiosk, NULL, NULL, "help-key-1", NULL, RESULT_CB, &result);
  replay = ww_hub_client_reserve_finish (kiosk, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replay->code, ==, reservation->code);
  g_clear_object (&result);

  ww_hub_client_reserve_async (kiosk, first->help_session_id, first->starts_at, "help-key-2", NULL, RESULT_CB, &result);
  full = ww_hub_client_reserve_finish (kiosk, hub_fixture_wait_for_result (&result), &error);
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONFLICT);
  g_assert_null (full);
  g_clear_error (&error);
  g_clear_object (&result);

  ww_hub_client_list_reservations_async (volunteer, NULL, NULL, NULL, NULL, RESULT_CB, &result);
  reservations = ww_hub_client_list_reservations_finish (volunteer, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < reservations->len; i++)
    listed |= g_str_equal (((WwReservation *)g_ptr_array_index (reservations, i))->code, reservation->code);
  g_assert_true (listed);
  g_clear_object (&result);

  /* Tomorrow's reservation is not for now; an unknown code is not found. */
  ww_hub_client_check_in_async (volunteer, reservation->code, NULL, RESULT_CB, &result);
  checked = ww_hub_client_check_in_finish (volunteer, hub_fixture_wait_for_result (&result), &error);
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONFLICT);
  g_clear_error (&error);
  g_clear_object (&result);
  ww_hub_client_check_in_async (volunteer, "AAA AAA", NULL, RESULT_CB, &result);
  checked = ww_hub_client_check_in_finish (volunteer, hub_fixture_wait_for_result (&result), &error);
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  ww_hub_client_get_help_stats_async (volunteer, NULL, NULL, NULL, NULL, RESULT_CB, &result);
  stats = ww_hub_client_get_help_stats_finish (volunteer, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  /* The earlier tests made DigiD tickets today. */
  g_assert_cmpint (stats->walk_ins[WW_HELP_TOPIC_DIGID], >=, 1);
  g_assert_cmpint (stats->no_shows, ==, 0);
  g_clear_object (&result);

  ww_hub_client_set_duty_async (volunteer, FALSE, NULL, RESULT_CB, &result);
  off = ww_hub_client_set_duty_finish (volunteer, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_false (off->on_duty);
  g_assert_nonnull (off->still_waiting);
  g_assert_cmpint ((gint64)off->still_waiting->len, ==, off->open ? 0 : off->waiting);
}

static char *
closed_port_url (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  guint16 port;

  /* A port that was free a moment ago: nothing listens there. */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return g_strdup_printf ("https://127.0.0.1:%u", port);
}

static void
test_failover (void)
{
  g_autofree char *dead = closed_port_url ();
  const char      *urls[] = { dead, hub->url, NULL };
  const char      *only_dead[] = { dead, NULL };
  g_autoptr (WwHubClient) client = make_client (urls, hub->kiosk_token);
  g_autoptr (WwHubClient) lost = make_client (only_dead, hub->kiosk_token);
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = NULL;

  g_assert_cmpstr (ww_hub_client_get_base_url (client), ==, dead);
  ticket = create_ticket (client, WW_HELP_TOPIC_MONEY, NULL, "key-failover", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ww_ticket_get_number (ticket), "B-"));
  /* It stays with the hub that answered. */
  g_assert_cmpstr (ww_hub_client_get_base_url (client), ==, hub->url);
  g_assert_true (ww_hub_client_get_reachable (client));

  g_assert_null (create_ticket (lost, WW_HELP_TOPIC_MONEY, NULL, "key-lost", &error));
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONNECT);
  g_assert_false (ww_hub_client_get_reachable (lost));
}

static void
test_bad_urls (void)
{
  g_autoptr (WwHttpClient) http = ww_http_client_new ();
  g_autoptr (GError) error = NULL;
  const char *plain[] = { "http://hub.example", NULL };
  const char *with_v1[] = { "https://hub.example:8443/v1/", NULL };
  g_autoptr (WwHubClient) bad = ww_hub_client_new (http, plain, &error);
  g_autoptr (WwHubClient) good = NULL;

  g_assert_null (bad);
  g_assert_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_NOT_HTTPS);
  g_clear_error (&error);

  good = ww_hub_client_new (http, with_v1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ww_hub_client_get_base_url (good), ==, "https://hub.example:8443");
}

typedef struct
{
  guint events;
  char *last_type;
} Seen;

static void
event_cb (WwEventStream *stream, const char *id, const char *type, const char *data, gpointer user_data)
{
  Seen *seen = user_data;

  seen->events++;
  g_free (seen->last_type);
  seen->last_type = g_strdup (type);
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_events (void)
{
  g_autoptr (WwHubClient) kiosk = make_client (NULL, hub->kiosk_token);
  g_autoptr (WwHubClient) desk = make_client (NULL, NULL);
  g_autoptr (WwHubSession) session = login (desk, hub->volunteer_user, hub->volunteer_password);
  g_autoptr (WwEventStream) stream = ww_hub_client_new_event_stream (desk);
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  Seen   seen = { 0, NULL };
  guint  tick = g_timeout_add (20, tick_cb, NULL);
  gint64 deadline;

  g_signal_connect (stream, "event", G_CALLBACK (event_cb), &seen);
  ww_event_stream_start (stream);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!ww_event_stream_get_connected (stream) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  ticket = create_ticket (kiosk, WW_HELP_TOPIC_DEVICE, NULL, "key-events", &error);
  g_assert_no_error (error);

  /* The desk hears of the new ticket live. */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (seen.events == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen.events, >=, 1);
  g_test_message ("last event type: %s", seen.last_type);

  ww_event_stream_stop (stream);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (tick);
  g_free (seen.last_type);
}

/* ------------------------------------------------------------------ */
/* The catalogue provider: hub, else cache, else the bundled copy        */

static guint discarded_warnings;

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && (level & G_LOG_LEVEL_WARNING) &&
        strstr (fields[i].value, "unusable and is discarded") != NULL)
      {
        discarded_warnings++;
        return G_LOG_WRITER_HANDLED;
      }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
refresh (WwCatalogProvider *provider)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  ww_catalog_provider_refresh_async (provider, NULL, RESULT_CB, &result);
  g_assert_true (ww_catalog_provider_refresh_finish (provider, hub_fixture_wait_for_result (&result), &error));
  g_assert_no_error (error);
}

static void
test_catalog_provider (void)
{
  g_autofree char *dead = closed_port_url ();
  const char      *only_dead[] = { dead, NULL };
  g_autoptr (WwHubClient) hub_client = make_client (NULL, hub->kiosk_token);
  g_autoptr (WwHubClient) dead_client = make_client (only_dead, hub->kiosk_token);
  g_autofree char *cache = g_build_filename (hub->dir, "cache", "catalog.json", NULL);
  g_autofree char *no_cache = g_build_filename (hub->dir, "no-cache", "catalog.json", NULL);
  const char      *bundled = g_getenv ("WW_TEST_CATALOG_DIR");
  g_autoptr (WwCatalogProvider) online = ww_catalog_provider_new (hub_client, upl, cache, bundled);
  g_autoptr (WwCatalogProvider) cached = ww_catalog_provider_new (dead_client, upl, cache, bundled);
  g_autoptr (WwCatalogProvider) bare = ww_catalog_provider_new (dead_client, upl, no_cache, bundled);
  g_autoptr (WwCatalogProvider) corrupt = ww_catalog_provider_new (dead_client, upl, cache, bundled);
  WwCatalog     *first;
  GLogLevelFlags fatal;

  /* The hub answers: its catalogue, kept on disk. */
  refresh (online);
  g_assert_cmpint (ww_catalog_provider_get_origin (online), ==, WW_CATALOG_ORIGIN_HUB);
  g_assert_true (ww_catalog_provider_get_online (online));
  first = ww_catalog_provider_get_catalog (online);
  g_assert_cmpuint (g_list_model_get_n_items (ww_catalog_get_services (first)), ==, 19);
  /* The cache is written in a thread; wait for the file. */
  for (guint i = 0; i < 500 && !g_file_test (cache, G_FILE_TEST_EXISTS); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_true (g_file_test (cache, G_FILE_TEST_EXISTS));

  /* Asked again: not modified, the very same catalogue object. */
  refresh (online);
  g_assert_true (ww_catalog_provider_get_catalog (online) == first);

  /* The hub is gone: the offline copy. */
  refresh (cached);
  g_assert_cmpint (ww_catalog_provider_get_origin (cached), ==, WW_CATALOG_ORIGIN_CACHE);
  g_assert_false (ww_catalog_provider_get_online (cached));
  g_assert_cmpstr (ww_catalog_get_etag (ww_catalog_provider_get_catalog (cached)), ==, ww_catalog_get_etag (first));

  /* No hub and no offline copy: the bundled catalogue. */
  refresh (bare);
  g_assert_cmpint (ww_catalog_provider_get_origin (bare), ==, WW_CATALOG_ORIGIN_BUNDLED);
  g_assert_cmpuint (g_list_model_get_n_items (ww_catalog_get_services (ww_catalog_provider_get_catalog (bare))), ==,
                    19);

  /* A corrupt offline copy is discarded with a warning: the bundled one. */
  g_assert_true (g_file_set_contents (cache, "{\"schemaVersion\": 1, \"etag\"", -1, NULL));
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  refresh (corrupt);
  g_log_set_always_fatal (fatal);
  g_assert_cmpuint (discarded_warnings, ==, 1);
  g_assert_cmpint (ww_catalog_provider_get_origin (corrupt), ==, WW_CATALOG_ORIGIN_BUNDLED);
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
}

/* ------------------------------------------------------------------ */

/* These tests are about tickets, not about who is on duty
 * (tests/api/test-help.py is): the queue is open without a volunteer at the
 * desk. */
static void
start_hub (void)
{
  g_autoptr (GFile) upl_file = NULL;
  g_autoptr (GError) error = NULL;

  /* The fixture says which variable is missing. */
  hub = hub_fixture_start ("hub-client", HUB_FIXTURE_QUEUE_ALWAYS_OPEN);
  upl_file = g_file_new_for_path (g_getenv ("WW_TEST_UPL"));
  upl = ww_upl_new_from_file (upl_file, &error);
  g_assert_no_error (error);
}

static void
stop_hub (void)
{
  hub_fixture_free (hub);
  g_clear_object (&upl);
}

int
main (int argc, char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  start_hub ();

  g_test_add_func ("/hub-client/catalog", test_catalog);
  g_test_add_func ("/hub-client/catalog-per-language", test_catalog_per_language);
  g_test_add_func ("/hub-client/tickets", test_tickets);
  g_test_add_func ("/hub-client/kiosk-cannot-call", test_kiosk_cannot_call);
  g_test_add_func ("/hub-client/bad-token", test_bad_token);
  g_test_add_func ("/hub-client/fleet-and-stats", test_fleet_and_stats);
  g_test_add_func ("/hub-client/logout", test_logout);
  g_test_add_func ("/hub-client/failover", test_failover);
  g_test_add_func ("/hub-client/bad-urls", test_bad_urls);
  g_test_add_func ("/hub-client/events", test_events);
  g_test_add_func ("/hub-client/catalog-provider", test_catalog_provider);
  g_test_add_func ("/hub-client/help", test_help);

  result = g_test_run ();
  stop_hub ();

  return result;
}
