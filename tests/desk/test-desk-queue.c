/* SPDX-License-Identifier: EUPL-1.2 */

/* The desk's queue model, without a display or a hub. */

#include "config.h"

#include "ww-desk-queue.h"

static WwTicket *
make_ticket (const char *id, int minutes_ago, WwTicketState state, const char *first_name)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) created = g_date_time_add_minutes (now, -minutes_ago);
  WwTicketFields fields = {
    .id = id,
    .number = "A-001",
    .branch_id = "centrale",
    .kiosk_id = "kiosk-1",
    .topic = WW_HELP_TOPIC_DIGID,
    .language = "nl",
    .first_name = first_name,
    .state = state,
    .desk_id = state == WW_TICKET_STATE_WAITING ? NULL : "balie-1",
    .position = 1,
    .created_at = created,
  };

  return ww_ticket_new (&fields);
}

static void
count_changes_cb (GListModel *model, guint position, guint removed, guint added, gpointer user_data)
{
  (*(guint *)user_data)++;
}

static void
test_apply (void)
{
  g_autoptr (WwDeskQueue) queue = ww_desk_queue_new ();
  g_autoptr (WwTicket) old = make_ticket ("t-old", 20, WW_TICKET_STATE_WAITING, "Fatima");
  g_autoptr (WwTicket) young = make_ticket ("t-young", 2, WW_TICKET_STATE_WAITING, NULL);
  g_autoptr (WwTicket) called = make_ticket ("t-old", 20, WW_TICKET_STATE_CALLED, NULL);
  g_autoptr (WwTicket) done = make_ticket ("t-old", 20, WW_TICKET_STATE_DONE, NULL);
  g_autoptr (WwTicket) first = NULL;
  guint changes = 0;

  g_signal_connect (queue, "items-changed", G_CALLBACK (count_changes_cb), &changes);

  /* New waiting tickets are new once; the list is oldest first. */
  g_assert_true (ww_desk_queue_apply (queue, young));
  g_assert_true (ww_desk_queue_apply (queue, old));
  g_assert_false (ww_desk_queue_apply (queue, old));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  g_assert_cmpstr (ww_ticket_get_id (first), ==, "t-old");
  g_assert_cmpuint (ww_desk_queue_get_n_waiting (queue), ==, 2);

  /* An event without the first name keeps the one we know. */
  g_assert_false (ww_desk_queue_apply (queue, called));
  g_assert_cmpstr (ww_ticket_get_first_name (ww_desk_queue_lookup (queue, "t-old")), ==, "Fatima");
  g_assert_cmpint (ww_ticket_get_state (ww_desk_queue_lookup (queue, "t-old")), ==, WW_TICKET_STATE_CALLED);
  g_assert_cmpuint (ww_desk_queue_get_n_waiting (queue), ==, 1);

  /* Closed tickets leave the list. */
  ww_desk_queue_apply (queue, done);
  g_assert_null (ww_desk_queue_lookup (queue, "t-old"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 1);
  g_assert_cmpuint (changes, ==, 5);
}

static void
test_replace (void)
{
  g_autoptr (WwDeskQueue) queue = ww_desk_queue_new ();
  g_autoptr (GListStore) fetched = g_list_store_new (WW_TYPE_TICKET);
  g_autoptr (WwTicket) a = make_ticket ("t-a", 5, WW_TICKET_STATE_WAITING, NULL);
  g_autoptr (WwTicket) b = make_ticket ("t-b", 3, WW_TICKET_STATE_WAITING, NULL);
  g_autoptr (WwTicket) c = make_ticket ("t-c", 1, WW_TICKET_STATE_WAITING, NULL);
  g_autoptr (GPtrArray) arrived = NULL;

  ww_desk_queue_apply (queue, a);
  ww_desk_queue_apply (queue, b);

  /* Polled while the stream was down: a was closed, c came. */
  g_list_store_append (fetched, b);
  g_list_store_append (fetched, c);
  arrived = ww_desk_queue_replace (queue, G_LIST_MODEL (fetched));
  g_assert_cmpuint (arrived->len, ==, 1);
  g_assert_cmpstr (ww_ticket_get_id (g_ptr_array_index (arrived, 0)), ==, "t-c");
  g_assert_null (ww_desk_queue_lookup (queue, "t-a"));
  g_assert_nonnull (ww_desk_queue_lookup (queue, "t-c"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 2);

  ww_desk_queue_clear (queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);
  /* After a clear (sign-out) everything is new again. */
  g_assert_true (ww_desk_queue_apply (queue, a));
}

static guint
reminder_minutes (GPtrArray *due, const char *ticket_id)
{
  for (guint i = 0; i < due->len; i++)
    {
      WwDeskReminder *reminder = g_ptr_array_index (due, i);

      if (g_str_equal (ww_ticket_get_id (reminder->ticket), ticket_id))
        return reminder->minutes;
    }
  return 0;
}

/* Long waits are announced again once per threshold, never twice. */
static void
test_reminders (void)
{
  static const guint thresholds[] = { 15, 30 };
  g_autoptr (WwDeskQueue) queue = ww_desk_queue_new ();
  g_autoptr (WwTicket) fresh = make_ticket ("t-fresh", 2, WW_TICKET_STATE_WAITING, NULL);
  g_autoptr (WwTicket) long_one = make_ticket ("t-long", 16, WW_TICKET_STATE_WAITING, NULL);
  g_autoptr (WwTicket) very_long = make_ticket ("t-very-long", 45, WW_TICKET_STATE_WAITING, NULL);
  g_autoptr (WwTicket) called = make_ticket ("t-called", 50, WW_TICKET_STATE_CALLED, NULL);
  g_autoptr (WwTicket) long_called = make_ticket ("t-long", 16, WW_TICKET_STATE_CALLED, NULL);
  g_autoptr (WwTicket) long_back = make_ticket ("t-long", 16, WW_TICKET_STATE_WAITING, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) later = g_date_time_add_minutes (now, 15);
  g_autoptr (GPtrArray) due = NULL;

  ww_desk_queue_apply (queue, fresh);
  ww_desk_queue_apply (queue, long_one);
  ww_desk_queue_apply (queue, very_long);
  ww_desk_queue_apply (queue, called);

  /* Past 15 min: 15; past both: only the longer; not waiting: none. */
  due = ww_desk_queue_take_reminders (queue, thresholds, G_N_ELEMENTS (thresholds), now);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpuint (reminder_minutes (due, "t-long"), ==, 15);
  g_assert_cmpuint (reminder_minutes (due, "t-very-long"), ==, 30);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* A second look at the same moment: nothing new. */
  due = ww_desk_queue_take_reminders (queue, thresholds, G_N_ELEMENTS (thresholds), now);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* A quarter later: t-long passes 30 min, t-fresh 15; t-very-long had its last. */
  due = ww_desk_queue_take_reminders (queue, thresholds, G_N_ELEMENTS (thresholds), later);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpuint (reminder_minutes (due, "t-long"), ==, 30);
  g_assert_cmpuint (reminder_minutes (due, "t-fresh"), ==, 15);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* Called and put back: still once per threshold. */
  ww_desk_queue_apply (queue, long_called);
  ww_desk_queue_apply (queue, long_back);
  due = ww_desk_queue_take_reminders (queue, thresholds, G_N_ELEMENTS (thresholds), later);
  g_assert_cmpuint (due->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desk-queue/apply", test_apply);
  g_test_add_func ("/desk-queue/replace", test_replace);
  g_test_add_func ("/desk-queue/reminders", test_reminders);
  return g_test_run ();
}
