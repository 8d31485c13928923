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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desk-queue/apply", test_apply);
  g_test_add_func ("/desk-queue/replace", test_replace);
  return g_test_run ();
}
