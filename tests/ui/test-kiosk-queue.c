/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk's help queue end to end under Xvfb, against a real hub
 * (wegwijs-hub demo + serve, TLS with the demo CA) and the real kiosk
 * window: a ticket made by tapping, its number on screen, its position
 * moving when a ticket ahead is finished through the API, a volunteer's
 * call putting up the banner within 2 s, the ticket outliving the end of
 * the visit, cancelling; a hub that freezes while a ticket is being made
 * (no duplicate: the retry reuses the idempotency key); and the offline
 * kiosk sending residents to the desk. Screenshots of the ticket screen in
 * nl, en and ar go to $WEGWIJS_SCREENSHOT_DIR.
 */

#include "config.h"

#include <signal.h>

#include "hub-fixture.h"
#include "kiosk-test-utils.h"
#include "wegwijs-core.h"
#include "wegwijs-kiosk.h"
#include "ww-kiosk-shell-private.h"
#include "ww-kiosk-window-private.h"

static WwKioskApplication *app;
static HubFixture         *hub;
static WwHubClient        *volunteer;

/* ------------------------------------------------------------------ */
/* The hub                                                             */

/* The enrolment the kiosk reads points at the hub; a volunteer is on
 * duty. */
static void
start_hub (void)
{
  hub = hub_fixture_start ("kiosk-queue", HUB_FIXTURE_DEFAULT);
  hub_fixture_enrol_kiosk (hub, "Bibliotheek Voorbeeld, Centrale");
  volunteer = hub_fixture_sign_in_volunteer (hub, TRUE);
}

static WwTicket *
act (const char *ticket_id, WwTicketAction action)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  WwTicket *ticket;

  ww_hub_client_act_on_ticket_async (volunteer, ticket_id, action, action == WW_TICKET_ACTION_CALL ? "balie-2" : NULL,
                                     NULL, hub_fixture_store_result_cb, &result);
  ticket = ww_hub_client_act_on_ticket_finish (volunteer, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  return ticket;
}

static GListModel *
queue (void)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *tickets;

  ww_hub_client_get_queue_async (volunteer, hub->branch_id, NULL, hub_fixture_store_result_cb, &result);
  tickets = ww_hub_client_get_queue_finish (volunteer, hub_fixture_wait_for_result (&result), &error);
  g_assert_no_error (error);
  return tickets;
}

static WwTicket *
queued (const char *ticket_id)
{
  g_autoptr (GListModel) tickets = queue ();

  for (guint i = 0; i < g_list_model_get_n_items (tickets); i++)
    {
      g_autoptr (WwTicket) ticket = g_list_model_get_item (tickets, i);

      if (g_str_equal (ww_ticket_get_id (ticket), ticket_id))
        return g_steal_pointer (&ticket);
    }
  return NULL;
}

static void
clear_queue (void)
{
  g_autoptr (GListModel) tickets = queue ();

  for (guint i = 0; i < g_list_model_get_n_items (tickets); i++)
    {
      g_autoptr (WwTicket) ticket = g_list_model_get_item (tickets, i);
      g_autoptr (WwTicket) done = act (ww_ticket_get_id (ticket), WW_TICKET_ACTION_CANCEL);
    }
}

/* ------------------------------------------------------------------ */
/* The kiosk                                                           */

typedef struct
{
  WwKioskWindow    *window;
  WwKioskHelpQueue *queue;
} Fixture;

static gboolean
catalog_loaded (gpointer data)
{
  WwKioskCatalogSource *source = data;

  return ww_kiosk_catalog_source_get_catalog (source) != NULL && !ww_kiosk_catalog_source_get_loading (source);
}

static void
fixture_setup (Fixture *f, gconstpointer user_data)
{
  WwKioskCatalogSource *source = ww_kiosk_application_get_catalog_source (app);

  clear_queue ();
  g_assert_true (kiosk_test_wait_until (catalog_loaded, source, 20000));
  f->queue = ww_kiosk_application_get_help_queue (app);
  f->window = ww_kiosk_window_new (GTK_APPLICATION (app), ww_kiosk_application_get_settings (app), source,
                                   ww_kiosk_application_get_admin_guard (app));
  ww_kiosk_window_set_help_queue (f->window, f->queue, ww_kiosk_application_get_printer (app));
  _ww_kiosk_window_set_screen_size (f->window, 1920, 1080);
  gtk_window_present (GTK_WINDOW (f->window));
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static void
fixture_teardown (Fixture *f, gconstpointer user_data)
{
  gpointer window = f->window;

  g_object_add_weak_pointer (window, &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (kiosk_test_wait_until (is_null, &window, 5000));
  ww_kiosk_help_queue_end_visit (f->queue);
}

static GtkWidget *
help_page (Fixture *f)
{
  GtkWidget *page = ww_kiosk_shell_get_page (_ww_kiosk_window_get_shell (f->window));

  g_assert_true (WW_IS_KIOSK_HELP_PAGE (page));
  return page;
}

static void
open_help (Fixture *f)
{
  WwKioskShell *shell = _ww_kiosk_window_get_shell (f->window);

  gtk_widget_activate_action (GTK_WIDGET (shell), "nav.start-visit", NULL);
  gtk_widget_activate_action (GTK_WIDGET (shell), "nav.show-help", NULL);
  g_assert_cmpint (ww_kiosk_shell_get_screen (shell), ==, WW_KIOSK_SCREEN_HELP);
}

static const char *
visible_state (Fixture *f)
{
  GtkWidget *stack = kiosk_test_find_by_type (help_page (f), GTK_TYPE_STACK);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static gboolean
has_ticket (gpointer data)
{
  return ww_kiosk_help_queue_get_ticket (data) != NULL;
}

static gboolean
has_no_ticket (gpointer data)
{
  return ww_kiosk_help_queue_get_ticket (data) == NULL;
}

static gboolean
available (gpointer data)
{
  return ww_kiosk_help_queue_get_available (data);
}

static gboolean
unavailable (gpointer data)
{
  return !ww_kiosk_help_queue_get_available (data);
}

static gboolean
form_shown (gpointer data)
{
  return g_strcmp0 (visible_state (data), "form") == 0;
}

/* The page asks the hub whether a volunteer is on duty before it offers
 * the form: wait for that answer. */
static void
wait_for_form (Fixture *f)
{
  g_assert_true (kiosk_test_wait_until (available, f->queue, 10000));
  g_assert_true (kiosk_test_wait_until (form_shown, f, 10000));
}

/* Taps what a resident taps: a topic, a name on the keyboard, Get a number. */
static WwTicket *
take_number (Fixture *f, const char *topic, const char *first_name)
{
  GtkWidget *page = help_page (f);
  GtkWidget *topic_button;
  GtkWidget *request;
  GtkWidget *entry = kiosk_test_find_by_type (page, GTK_TYPE_ENTRY);

  wait_for_form (f);
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
  topic_button = kiosk_test_find_actionable (page, "help.choose-topic", topic);
  request = kiosk_test_find_actionable (page, "help.request-ticket", NULL);
  g_assert_nonnull (topic_button);
  g_assert_false (gtk_widget_is_sensitive (request));
  kiosk_test_click (topic_button);
  g_assert_true (gtk_widget_is_sensitive (request));
  if (first_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), first_name);
  kiosk_test_click (request);
  g_assert_true (kiosk_test_wait_until (has_ticket, f->queue, 10000));
  return g_object_ref (ww_kiosk_help_queue_get_ticket (f->queue));
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;
  GtkWidget *label = kiosk_test_find_label (wait->root, wait->text);

  return label != NULL && kiosk_test_is_showing (label);
}

static gboolean
banner_up (gpointer data)
{
  return ww_kiosk_call_banner_get_revealed (data);
}

static void
test_ticket_flow (Fixture *f, gconstpointer user_data)
{
  g_autoptr (WwTicket) ahead = NULL;
  g_autoptr (WwTicket) ticket = NULL;
  g_autoptr (WwTicket) still = NULL;
  g_autoptr (WwTicket) done = NULL;
  WwKioskCallBanner *banner = WW_KIOSK_CALL_BANNER (_ww_kiosk_window_get_call_banner (f->window));
  guint              n_chimes;
  LabelWait          wait = { GTK_WIDGET (f->window), NULL };
  gint64             called_at;

  /* Someone ahead, made on this kiosk by another resident. */
  open_help (f);
  ahead = take_number (f, "device", NULL);
  ww_kiosk_window_end_visit (f->window);
  g_assert_null (ww_kiosk_help_queue_get_ticket (f->queue));

  open_help (f);
  ticket = take_number (f, "digid", "Fatima");
  g_assert_true (g_str_has_prefix (ww_ticket_get_number (ticket), "A-"));
  g_assert_cmpstr (visible_state (f), ==, "ticket");
  wait.text = ww_ticket_get_number (ticket);
  g_assert_true (label_shown (&wait));
  wait.text = "Er is 1 persoon voor u.";
  g_assert_true (kiosk_test_wait_until (label_shown, &wait, 3000));
  /* The name went to the volunteer, not onto the screen. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kiosk_test_find_by_type (help_page (f), GTK_TYPE_ENTRY))), ==,
                   "");
  g_assert_null (kiosk_test_find_label (GTK_WIDGET (f->window), "Fatima"));
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (kiosk_test_screenshot (GTK_WIDGET (f->window), "kiosk-queue-ticket-nl"));

  /* The one ahead is helped: the position follows from the hub's events. */
  g_clear_object (&done);
  done = act (ww_ticket_get_id (ahead), WW_TICKET_ACTION_CALL);
  g_clear_object (&done);
  done = act (ww_ticket_get_id (ahead), WW_TICKET_ACTION_START);
  g_clear_object (&done);
  done = act (ww_ticket_get_id (ahead), WW_TICKET_ACTION_FINISH);
  wait.text = "U bent de volgende.";
  g_assert_true (kiosk_test_wait_until (label_shown, &wait, 3000));

  /* The screens in English and Arabic, for the record. */
  ww_kiosk_session_set_language (ww_kiosk_window_get_session (f->window), "en");
  wait.text = "You are next.";
  g_assert_true (kiosk_test_wait_until (label_shown, &wait, 3000));
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (kiosk_test_screenshot (GTK_WIDGET (f->window), "kiosk-queue-ticket-en"));
  ww_kiosk_session_set_language (ww_kiosk_window_get_session (f->window), "ar");
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpstr (visible_state (f), ==, "ticket");
  g_free (kiosk_test_screenshot (GTK_WIDGET (f->window), "kiosk-queue-ticket-ar"));

  /* The resident walks away: the visit ends, the ticket stays queued. */
  ww_kiosk_window_end_visit (f->window);
  g_assert_null (ww_kiosk_help_queue_get_ticket (f->queue));
  g_assert_cmpuint (ww_kiosk_help_queue_get_n_tickets (f->queue), ==, 1);
  still = queued (ww_ticket_get_id (ticket));
  g_assert_nonnull (still);
  g_assert_cmpint (ww_ticket_get_state (still), ==, WW_TICKET_STATE_WAITING);

  /* Another resident is using the kiosk when the number is called. */
  open_help (f);
  gtk_editable_set_text (GTK_EDITABLE (kiosk_test_find_by_type (help_page (f), GTK_TYPE_ENTRY)), "Jan");
  n_chimes = ww_kiosk_call_banner_get_n_chimes (banner);
  called_at = g_get_monotonic_time ();
  g_clear_object (&done);
  done = act (ww_ticket_get_id (ticket), WW_TICKET_ACTION_CALL);
  g_assert_true (kiosk_test_wait_until (banner_up, banner, 2000));
  g_test_message ("call to banner: %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - called_at) / 1000);
  {
    g_autofree char *expected =
        g_strdup_printf ("%s — ga naar Digitaal Hulpplein, balie 2", ww_ticket_get_number (ticket));

    g_assert_cmpstr (ww_kiosk_call_banner_get_text (banner), ==, expected);
  }
  g_assert_cmpuint (ww_kiosk_call_banner_get_n_chimes (banner), ==, n_chimes + 1);
  /* … and keeps what they typed. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kiosk_test_find_by_type (help_page (f), GTK_TYPE_ENTRY))), ==,
                   "Jan");
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (kiosk_test_screenshot (GTK_WIDGET (f->window), "kiosk-queue-called-nl"));

  /* The resident switches language: the banner follows, without a second chime. */
  ww_kiosk_session_set_language (ww_kiosk_window_get_session (f->window), "en");
  {
    g_autofree char *expected =
        g_strdup_printf ("%s — please go to Digitaal Hulpplein, balie 2", ww_ticket_get_number (ticket));

    g_assert_cmpstr (ww_kiosk_call_banner_get_text (banner), ==, expected);
  }
  ww_kiosk_session_set_language (ww_kiosk_window_get_session (f->window), "ar");
  g_assert_true (g_str_has_prefix (ww_kiosk_call_banner_get_text (banner), ww_ticket_get_number (ticket)));
  g_assert_null (strstr (ww_kiosk_call_banner_get_text (banner), "tafel"));
  g_assert_null (strstr (ww_kiosk_call_banner_get_text (banner), "table"));
  g_assert_nonnull (strstr (ww_kiosk_call_banner_get_text (banner), "Digitaal Hulpplein, balie 2"));
  g_assert_cmpuint (ww_kiosk_call_banner_get_n_chimes (banner), ==, n_chimes + 1);
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (kiosk_test_screenshot (GTK_WIDGET (f->window), "kiosk-queue-called-ar"));
}

static void
test_cancel (Fixture *f, gconstpointer user_data)
{
  g_autoptr (WwTicket) ticket = NULL;
  g_autoptr (WwTicket) gone = NULL;

  open_help (f);
  ticket = take_number (f, "money", NULL);
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpint (ww_help_topic_to_letter (ww_ticket_get_topic (ticket)), ==, 'B');
  kiosk_test_click (kiosk_test_find_actionable (help_page (f), "help.cancel-ticket", NULL));
  g_assert_true (kiosk_test_wait_until (has_no_ticket, f->queue, 5000));
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpstr (visible_state (f), ==, "form");
  gone = queued (ww_ticket_get_id (ticket));
  g_assert_null (gone);
}

static gboolean
stopped_long_enough (gpointer data)
{
  return g_get_monotonic_time () > *(gint64 *)data;
}

/* The hub freezes while the ticket is being made: the first request is in
 * its socket, unanswered; the kiosk times out and asks again with the same
 * key. When the hub wakes it sees both: one ticket. */
static void
test_hub_freeze_no_duplicate (Fixture *f, gconstpointer user_data)
{
  g_autoptr (GListModel) before = NULL;
  g_autoptr (GListModel) after = NULL;
  GtkWidget *page;
  gint64     until;

  open_help (f);
  wait_for_form (f);
  before = queue ();
  page = help_page (f);
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
  kiosk_test_click (kiosk_test_find_actionable (page, "help.choose-topic", "municipality"));

  g_subprocess_send_signal (hub->process, SIGSTOP);
  kiosk_test_click (kiosk_test_find_actionable (page, "help.request-ticket", NULL));
  /* Longer than the kiosk's timeout (1.5 s in this test): it retries. */
  until = g_get_monotonic_time () + 4 * G_USEC_PER_SEC;
  kiosk_test_wait_until (stopped_long_enough, &until, 10000);
  g_assert_null (ww_kiosk_help_queue_get_ticket (f->queue));
  g_subprocess_send_signal (hub->process, SIGCONT);

  g_assert_true (kiosk_test_wait_until (has_ticket, f->queue, 20000));
  after = queue ();
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, g_list_model_get_n_items (before) + 1);
}

static void
test_offline (Fixture *f, gconstpointer user_data)
{
  LabelWait wait = { GTK_WIDGET (f->window), "Ga naar de balie van de bibliotheek." };

  open_help (f);
  wait_for_form (f);

  hub_fixture_stop (hub);
  g_assert_true (kiosk_test_wait_until (unavailable, f->queue, 10000));
  g_assert_cmpstr (visible_state (f), ==, "offline");
  g_assert_true (kiosk_test_wait_until (label_shown, &wait, 2000));
  g_assert_true (ww_kiosk_offline_banner_get_revealed (
      WW_KIOSK_OFFLINE_BANNER (_ww_kiosk_shell_get_offline_banner (_ww_kiosk_window_get_shell (f->window)))));
  kiosk_test_wait_for_frame (GTK_WIDGET (f->window));
  g_free (kiosk_test_screenshot (GTK_WIDGET (f->window), "kiosk-queue-offline-nl"));

  /* Back by itself. */
  hub_fixture_serve (hub, hub->port);
  wait_for_form (f);
}

/* The desk's name when the hub sends one; the table number from the
 * desk id only from a hub that does not. */
static void
test_call_text (void)
{
  g_autoptr (WwTicket) named = ww_ticket_new (&(WwTicketFields){ .id = "t1",
                                                                 .number = "A-042",
                                                                 .language = "nl",
                                                                 .state = WW_TICKET_STATE_CALLED,
                                                                 .desk_id = "balie-2",
                                                                 .desk_name = "Hulpplein, balie 7" });
  g_autoptr (WwTicket) unnamed = ww_ticket_new (&(WwTicketFields){
      .id = "t2", .number = "A-043", .language = "nl", .state = WW_TICKET_STATE_CALLED, .desk_id = "balie-2" });
  g_autofree char *named_text = ww_kiosk_help_queue_format_call (named);
  g_autofree char *unnamed_text = ww_kiosk_help_queue_format_call (unnamed);

  g_assert_true (g_str_has_prefix (named_text, "A-042"));
  g_assert_true (g_str_has_suffix (named_text, " Hulpplein, balie 7"));
  g_assert_true (g_str_has_prefix (unnamed_text, "A-043"));
  g_assert_true (g_str_has_suffix (unnamed_text, " 2"));
  g_assert_null (strstr (unnamed_text, "balie"));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  ww_kiosk_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  start_hub ();
  g_setenv ("WEGWIJS_HUB_PROBE_MS", "300", TRUE);
  g_setenv ("WEGWIJS_HEARTBEAT_MS", "1000", TRUE);
  g_setenv ("WEGWIJS_HUB_TIMEOUT_MS", "1500", TRUE);
  g_setenv ("WEGWIJS_HUB_CONNECT_TIMEOUT_MS", "1000", TRUE);

  app = ww_kiosk_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/kiosk-queue/call-text", test_call_text);
  g_test_add ("/kiosk-queue/ticket-flow", Fixture, NULL, fixture_setup, test_ticket_flow, fixture_teardown);
  g_test_add ("/kiosk-queue/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/kiosk-queue/hub-freeze-no-duplicate", Fixture, NULL, fixture_setup, test_hub_freeze_no_duplicate,
              fixture_teardown);
  g_test_add ("/kiosk-queue/offline", Fixture, NULL, fixture_setup, test_offline, fixture_teardown);

  status = g_test_run ();

  g_clear_object (&app);
  g_clear_object (&volunteer);
  hub_fixture_free (hub);
  return status;
}
