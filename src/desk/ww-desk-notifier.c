/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Desktop notifications for new tickets through libnotify. They are best
 * effort: without a notification server announce() says so and the window
 * shows its own banner and plays a sound instead. When the server supports
 * actions the notification has a "Call" button, which comes back here as
 * the ::call-requested signal.
 */

#include "config.h"

#include "ww-desk-notifier.h"

#include <glib/gi18n-lib.h>
#include <libnotify/notify.h>

#include "ww-desk-topic.h"

/* libnotify 0.8 does not declare it. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NotifyNotification, g_object_unref)

struct _WwDeskNotifier
{
  GObject     parent_instance;
  GHashTable *shown; /* ticket id → NotifyNotification */
  guint       watch_id;
  gboolean    server_present;
};

G_DEFINE_FINAL_TYPE (WwDeskNotifier, ww_desk_notifier, G_TYPE_OBJECT)

enum
{
  CALL_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
call_clicked_cb (NotifyNotification *notification, char *action, gpointer user_data)
{
  WwDeskNotifier *self = user_data;
  const char     *ticket_id = g_object_get_data (G_OBJECT (notification), "ww-ticket-id");

  g_signal_emit (self, signals[CALL_REQUESTED], 0, ticket_id);
}

static void
notification_closed_cb (NotifyNotification *notification, gpointer user_data)
{
  WwDeskNotifier *self = user_data;
  const char     *ticket_id = g_object_get_data (G_OBJECT (notification), "ww-ticket-id");

  if (ticket_id != NULL && g_hash_table_lookup (self->shown, ticket_id) == notification)
    g_hash_table_remove (self->shown, ticket_id);
}

/* libnotify warns (and blocks) when there is no server; ask the bus first. */
static void
server_appeared_cb (GDBusConnection *connection, const char *name, const char *owner, gpointer user_data)
{
  WW_DESK_NOTIFIER (user_data)->server_present = TRUE;
}

static void
server_vanished_cb (GDBusConnection *connection, const char *name, gpointer user_data)
{
  WW_DESK_NOTIFIER (user_data)->server_present = FALSE;
}

static gboolean
server_has (GList *caps, const char *capability)
{
  return g_list_find_custom (caps, capability, (GCompareFunc)g_strcmp0) != NULL;
}

static void
ww_desk_notifier_dispose (GObject *object)
{
  WwDeskNotifier *self = WW_DESK_NOTIFIER (object);

  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  if (self->shown != NULL)
    {
      GHashTableIter iter;
      gpointer       notification;

      g_hash_table_iter_init (&iter, self->shown);
      while (g_hash_table_iter_next (&iter, NULL, &notification))
        g_signal_handlers_disconnect_by_data (notification, self);
    }
  g_clear_pointer (&self->shown, g_hash_table_unref);

  G_OBJECT_CLASS (ww_desk_notifier_parent_class)->dispose (object);
}

static void
ww_desk_notifier_class_init (WwDeskNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ww_desk_notifier_dispose;

  /**
   * WwDeskNotifier::call-requested:
   * @ticket_id: the ticket whose notification's "Call" was pressed
   */
  signals[CALL_REQUESTED] = g_signal_new ("call-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ww_desk_notifier_init (WwDeskNotifier *self)
{
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (!notify_is_initted ())
    notify_init (DESK_APP_ID);
  self->watch_id =
      g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications", G_BUS_NAME_WATCHER_FLAGS_AUTO_START,
                        server_appeared_cb, server_vanished_cb, self, NULL);
}

WwDeskNotifier *
ww_desk_notifier_new (void)
{
  return g_object_new (WW_TYPE_DESK_NOTIFIER, NULL);
}

/* One notification per ticket: a reminder replaces the first one. */
static gboolean
show (WwDeskNotifier *self, WwTicket *ticket, const char *summary)
{
  g_autoptr (NotifyNotification) notification = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *body = NULL;
  GList           *caps;
  gboolean         actions;

  if (!self->server_present)
    return FALSE;
  caps = notify_get_server_caps ();
  if (caps == NULL)
    return FALSE;
  actions = server_has (caps, "actions");
  g_list_free_full (caps, g_free);

  ww_desk_notifier_withdraw (self, ww_ticket_get_id (ticket));

  /* No first name: a notification can be seen by anyone near the screen. */
  body = g_strdup_printf ("%s · %s", ww_desk_topic_get_name (ww_ticket_get_topic (ticket)),
                          ww_desk_language_get_name (ww_ticket_get_language (ticket)));
  notification = notify_notification_new (summary, body, ww_desk_topic_get_icon_name (ww_ticket_get_topic (ticket)));
  notify_notification_set_hint (notification, "desktop-entry", g_variant_new_string (DESK_APP_ID));
  notify_notification_set_category (notification, "x-wegwijs.ticket");
  g_object_set_data_full (G_OBJECT (notification), "ww-ticket-id", g_strdup (ww_ticket_get_id (ticket)), g_free);
  if (actions)
    notify_notification_add_action (notification, "call", _ ("Call"), call_clicked_cb, self, NULL);
  g_signal_connect (notification, "closed", G_CALLBACK (notification_closed_cb), self);

  if (!notify_notification_show (notification, &error))
    {
      g_debug ("The notification server did not take the notification: %s", error->message);
      g_signal_handlers_disconnect_by_data (notification, self);
      return FALSE;
    }

  g_hash_table_replace (self->shown, g_strdup (ww_ticket_get_id (ticket)), g_steal_pointer (&notification));
  return TRUE;
}

/**
 * ww_desk_notifier_announce:
 *
 * Returns: %TRUE when a notification server took the notification; %FALSE
 *   when there is none and the caller must tell the volunteer another way
 */
gboolean
ww_desk_notifier_announce (WwDeskNotifier *self, WwTicket *ticket)
{
  g_autofree char *summary = NULL;

  g_return_val_if_fail (WW_IS_DESK_NOTIFIER (self), FALSE);
  g_return_val_if_fail (WW_IS_TICKET (ticket), FALSE);

  summary = g_strdup_printf (_ ("New ticket %s"), ww_ticket_get_number (ticket));
  return show (self, ticket, summary);
}

/**
 * ww_desk_notifier_remind:
 * @minutes: how long the ticket has waited at least
 *
 * Announces a ticket again that has waited long. Returns like
 * ww_desk_notifier_announce().
 */
gboolean
ww_desk_notifier_remind (WwDeskNotifier *self, WwTicket *ticket, guint minutes)
{
  g_autofree char *summary = NULL;

  g_return_val_if_fail (WW_IS_DESK_NOTIFIER (self), FALSE);
  g_return_val_if_fail (WW_IS_TICKET (ticket), FALSE);

  /* Translators: "A-042 has waited 15 minutes" */
  summary =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s has waited %u minute", "%s has waited %u minutes", minutes),
                       ww_ticket_get_number (ticket), minutes);
  return show (self, ticket, summary);
}

/* The ticket was called (here or elsewhere): its notification is stale. */
void
ww_desk_notifier_withdraw (WwDeskNotifier *self, const char *ticket_id)
{
  NotifyNotification *notification;

  g_return_if_fail (WW_IS_DESK_NOTIFIER (self));

  notification = ticket_id != NULL ? g_hash_table_lookup (self->shown, ticket_id) : NULL;
  if (notification == NULL)
    return;
  g_signal_handlers_disconnect_by_data (notification, self);
  notify_notification_close (notification, NULL);
  g_hash_table_remove (self->shown, ticket_id);
}
