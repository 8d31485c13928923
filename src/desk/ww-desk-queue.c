/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The open tickets of the branch (waiting, called, being helped), oldest
 * first, as a GListModel the queue view binds to. Updates come from two
 * sides — live events (without first names, which the hub never sends on
 * the event stream) and full queue fetches — so a first name already known
 * survives an event about the same ticket.
 */

#include "config.h"

#include "ww-desk-queue.h"

#include <string.h>

struct _WwDeskQueue
{
  GObject     parent_instance;
  GPtrArray  *tickets;  /* of WwTicket, sorted */
  GHashTable *seen;     /* ids of every ticket ever shown: a ticket is new once */
  GHashTable *reminded; /* id → the longest wait (minutes) already announced */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwDeskQueue,
                               ww_desk_queue,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_N_WAITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
queue_get_item_type (GListModel *model)
{
  return WW_TYPE_TICKET;
}

static guint
queue_get_n_items (GListModel *model)
{
  return WW_DESK_QUEUE (model)->tickets->len;
}

static gpointer
queue_get_item (GListModel *model, guint position)
{
  WwDeskQueue *self = WW_DESK_QUEUE (model);

  if (position >= self->tickets->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->tickets, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = queue_get_item_type;
  iface->get_n_items = queue_get_n_items;
  iface->get_item = queue_get_item;
}

/* The digits of "A-042": one sequence a branch and day for every topic. */
static guint64
number_sequence (WwTicket *ticket)
{
  const char *dash = strchr (ww_ticket_get_number (ticket), '-');

  return dash != NULL ? g_ascii_strtoull (dash + 1, NULL, 10) : 0;
}

static int
compare_tickets (WwTicket *a, WwTicket *b)
{
  int     order = g_date_time_compare (ww_ticket_get_created_at (a), ww_ticket_get_created_at (b));
  guint64 sequence_a, sequence_b;

  if (order != 0)
    return order;
  /* Made in the same second (the hub's dates have no fractions). */
  sequence_a = number_sequence (a);
  sequence_b = number_sequence (b);
  if (sequence_a != sequence_b)
    return sequence_a < sequence_b ? -1 : 1;
  return g_strcmp0 (ww_ticket_get_id (a), ww_ticket_get_id (b));
}

static int
find_index (WwDeskQueue *self, const char *ticket_id)
{
  for (guint i = 0; i < self->tickets->len; i++)
    if (g_str_equal (ww_ticket_get_id (g_ptr_array_index (self->tickets, i)), ticket_id))
      return (int)i;
  return -1;
}

/* The hub leaves first names out of events; keep the one we already know. */
static WwTicket *
with_first_name_of (WwTicket *ticket, WwTicket *known)
{
  g_autoptr (json_object) json = NULL;

  if (known == NULL || ww_ticket_get_first_name (ticket) != NULL || ww_ticket_get_first_name (known) == NULL)
    return g_object_ref (ticket);

  json = ww_ticket_to_json (ticket, TRUE);
  json_object_object_add (json, "firstName", json_object_new_string (ww_ticket_get_first_name (known)));
  return ww_ticket_new_from_json (json, NULL) ?: g_object_ref (ticket);
}

static guint
count_waiting (WwDeskQueue *self)
{
  guint n = 0;

  for (guint i = 0; i < self->tickets->len; i++)
    n += ww_ticket_get_state (g_ptr_array_index (self->tickets, i)) == WW_TICKET_STATE_WAITING;
  return n;
}

static void
remove_at (WwDeskQueue *self, guint index)
{
  g_ptr_array_remove_index (self->tickets, index);
  g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 0);
}

static void
insert_sorted (WwDeskQueue *self, WwTicket *ticket)
{
  guint index = 0;

  while (index < self->tickets->len && compare_tickets (g_ptr_array_index (self->tickets, index), ticket) < 0)
    index++;
  g_ptr_array_insert (self->tickets, index, g_object_ref (ticket));
  g_list_model_items_changed (G_LIST_MODEL (self), index, 0, 1);
}

static void
ww_desk_queue_finalize (GObject *object)
{
  WwDeskQueue *self = WW_DESK_QUEUE (object);

  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->reminded, g_hash_table_unref);

  G_OBJECT_CLASS (ww_desk_queue_parent_class)->finalize (object);
}

static void
ww_desk_queue_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwDeskQueue *self = WW_DESK_QUEUE (object);

  switch (prop_id)
    {
    case PROP_N_WAITING:
      g_value_set_uint (value, ww_desk_queue_get_n_waiting (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_desk_queue_class_init (WwDeskQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ww_desk_queue_finalize;
  object_class->get_property = ww_desk_queue_get_property;

  properties[PROP_N_WAITING] = g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_desk_queue_init (WwDeskQueue *self)
{
  self->tickets = g_ptr_array_new_with_free_func (g_object_unref);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->reminded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

WwDeskQueue *
ww_desk_queue_new (void)
{
  return g_object_new (WW_TYPE_DESK_QUEUE, NULL);
}

/**
 * ww_desk_queue_apply:
 * @ticket: the ticket as it is now
 *
 * Puts one ticket's new state in the list: closed tickets leave it.
 *
 * Returns: %TRUE when this is a waiting ticket the queue never showed before
 */
gboolean
ww_desk_queue_apply (WwDeskQueue *self, WwTicket *ticket)
{
  guint    before;
  int      index;
  gboolean is_new;

  g_return_val_if_fail (WW_IS_DESK_QUEUE (self), FALSE);
  g_return_val_if_fail (WW_IS_TICKET (ticket), FALSE);

  before = count_waiting (self);
  index = find_index (self, ww_ticket_get_id (ticket));
  is_new = !g_hash_table_contains (self->seen, ww_ticket_get_id (ticket)) &&
           ww_ticket_get_state (ticket) == WW_TICKET_STATE_WAITING;

  if (ww_ticket_is_closed (ticket))
    {
      if (index >= 0)
        remove_at (self, index);
    }
  else
    {
      g_autoptr (WwTicket) merged =
          with_first_name_of (ticket, index >= 0 ? g_ptr_array_index (self->tickets, index) : NULL);

      if (index >= 0)
        {
          WwTicket *old = g_ptr_array_index (self->tickets, index);

          g_ptr_array_index (self->tickets, index) = g_steal_pointer (&merged);
          g_object_unref (old);
          g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 1);
        }
      else
        insert_sorted (self, merged);
    }
  g_hash_table_add (self->seen, g_strdup (ww_ticket_get_id (ticket)));

  if (before != count_waiting (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
  return is_new;
}

/**
 * ww_desk_queue_replace:
 * @tickets: the whole queue as the hub has it now
 *
 * Returns: (transfer container): the waiting tickets the queue never showed
 *   before (seen while the live stream was down)
 */
GPtrArray *
ww_desk_queue_replace (WwDeskQueue *self, GListModel *tickets)
{
  g_autoptr (GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *arrived = g_ptr_array_new_with_free_func (g_object_unref);
  guint      n = g_list_model_get_n_items (tickets);

  g_return_val_if_fail (WW_IS_DESK_QUEUE (self), arrived);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (WwTicket) ticket = g_list_model_get_item (tickets, i);

      if (ww_desk_queue_apply (self, ticket))
        g_ptr_array_add (arrived, g_object_ref (ticket));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (WwTicket) ticket = g_list_model_get_item (tickets, i);
      g_hash_table_add (present, (gpointer)ww_ticket_get_id (ticket));
    }

  /* What the hub no longer lists was closed while we did not hear of it. */
  for (guint i = self->tickets->len; i > 0; i--)
    if (!g_hash_table_contains (present, ww_ticket_get_id (g_ptr_array_index (self->tickets, i - 1))))
      {
        remove_at (self, i - 1);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
      }

  return arrived;
}

WwTicket *
ww_desk_queue_lookup (WwDeskQueue *self, const char *ticket_id)
{
  int index;

  g_return_val_if_fail (WW_IS_DESK_QUEUE (self), NULL);

  index = ticket_id != NULL ? find_index (self, ticket_id) : -1;
  return index >= 0 ? g_ptr_array_index (self->tickets, index) : NULL;
}

guint
ww_desk_queue_get_n_waiting (WwDeskQueue *self)
{
  g_return_val_if_fail (WW_IS_DESK_QUEUE (self), 0);
  return count_waiting (self);
}

/* Forgets everything, for a sign-out by the volunteer (not an expiry). */
void
ww_desk_queue_clear (WwDeskQueue *self)
{
  guint n;

  g_return_if_fail (WW_IS_DESK_QUEUE (self));

  n = self->tickets->len;
  g_ptr_array_set_size (self->tickets, 0);
  g_hash_table_remove_all (self->seen);
  g_hash_table_remove_all (self->reminded);
  if (n > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
    }
}

void
ww_desk_reminder_free (WwDeskReminder *reminder)
{
  g_clear_object (&reminder->ticket);
  g_free (reminder);
}

/**
 * ww_desk_queue_take_reminders:
 * @minutes: (array length=n_minutes): waits after which to remind, ascending
 * @now: the time to measure the waits against
 *
 * The waiting tickets that have passed a threshold they were not
 * announced for yet, each once per threshold; a ticket that passed two
 * since the last look is announced once, for the longer wait.
 *
 * Returns: (transfer container) (element-type WwDeskReminder): reminders due
 */
GPtrArray *
ww_desk_queue_take_reminders (WwDeskQueue *self, const guint *minutes, guint n_minutes, GDateTime *now)
{
  GPtrArray     *due = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_desk_reminder_free);
  GHashTableIter iter;
  const char    *id;

  g_return_val_if_fail (WW_IS_DESK_QUEUE (self), due);
  g_return_val_if_fail (now != NULL, due);

  for (guint i = 0; i < self->tickets->len; i++)
    {
      WwTicket  *ticket = g_ptr_array_index (self->tickets, i);
      GDateTime *since = ww_ticket_get_created_at (ticket);
      gint64     waited;
      guint      reached = 0;

      if (ww_ticket_get_state (ticket) != WW_TICKET_STATE_WAITING || since == NULL)
        continue;
      waited = g_date_time_difference (now, since) / G_TIME_SPAN_MINUTE;
      for (guint m = 0; m < n_minutes; m++)
        if (minutes[m] > 0 && waited >= minutes[m])
          reached = MAX (reached, minutes[m]);
      if (reached > GPOINTER_TO_UINT (g_hash_table_lookup (self->reminded, ww_ticket_get_id (ticket))))
        {
          WwDeskReminder *reminder = g_new0 (WwDeskReminder, 1);

          reminder->ticket = g_object_ref (ticket);
          reminder->minutes = reached;
          g_ptr_array_add (due, reminder);
          g_hash_table_replace (self->reminded, g_strdup (ww_ticket_get_id (ticket)), GUINT_TO_POINTER (reached));
        }
    }

  /* Forget the tickets that left the queue. */
  g_hash_table_iter_init (&iter, self->reminded);
  while (g_hash_table_iter_next (&iter, (gpointer *)&id, NULL))
    if (find_index (self, id) < 0)
      g_hash_table_iter_remove (&iter);

  return due;
}
