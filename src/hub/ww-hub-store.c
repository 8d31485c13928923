/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The hub's storage, as an interface: the SQLite store is the embedded
 * default, and a PostgreSQL store for several hubs on one database can be
 * added without touching the request handlers. Correctness (numbering,
 * idempotency, guarded transitions) is the store's job and must hold by
 * database constraints and conditional updates, not by state in a hub.
 */

#include "config.h"

#include "ww-hub-store.h"

G_DEFINE_INTERFACE (WwHubStore, ww_hub_store, G_TYPE_OBJECT)

static void
ww_hub_store_default_init (WwHubStoreInterface *iface)
{
  /**
   * WwHubStore::events-appended:
   * @events: (element-type WwHubEvent): the new entries, oldest first
   *
   * Lets the hub fan events out without polling the log.
   */
  g_signal_new (WW_HUB_STORE_SIGNAL_EVENTS_APPENDED, G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

#define DISPATCH(name, ...)                                                                                            \
  G_STMT_START                                                                                                         \
  {                                                                                                                    \
    g_return_if_fail (WW_HUB_IS_STORE (self));                                                                         \
    WW_HUB_STORE_GET_IFACE (self)->name (self, __VA_ARGS__);                                                           \
  }                                                                                                                    \
  G_STMT_END

static gpointer
propagate_pointer (WwHubStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (WW_HUB_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
propagate_boolean (WwHubStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (WW_HUB_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ww_hub_store_authenticate_async (WwHubStore         *self,
                                 const char         *token_hash,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  DISPATCH (authenticate, token_hash, cancellable, callback, user_data);
}

WwHubPrincipal *
ww_hub_store_authenticate_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_create_ticket_async (WwHubStore               *self,
                                  const WwHubTicketRequest *request,
                                  GCancellable             *cancellable,
                                  GAsyncReadyCallback       callback,
                                  gpointer                  user_data)
{
  DISPATCH (create_ticket, request, cancellable, callback, user_data);
}

WwTicket *
ww_hub_store_create_ticket_finish (WwHubStore *self, GAsyncResult *result, gboolean *replayed, GError **error)
{
  WwHubStoreCreated *created = propagate_pointer (self, result, error);
  WwTicket          *ticket;

  if (created == NULL)
    return NULL;

  if (replayed != NULL)
    *replayed = created->replayed;
  ticket = g_steal_pointer (&created->ticket);
  ww_hub_store_created_free (created);

  return ticket;
}

void
ww_hub_store_get_ticket_async (WwHubStore         *self,
                               const char         *ticket_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  DISPATCH (get_ticket, ticket_id, cancellable, callback, user_data);
}

WwTicket *
ww_hub_store_get_ticket_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_transition_async (WwHubStore            *self,
                               const WwHubTransition *transition,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  DISPATCH (transition, transition, cancellable, callback, user_data);
}

WwTicket *
ww_hub_store_transition_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_list_queue_async (WwHubStore         *self,
                               const char         *branch_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  DISPATCH (list_queue, branch_id, cancellable, callback, user_data);
}

GPtrArray *
ww_hub_store_list_queue_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_read_events_async (WwHubStore         *self,
                                gint64              after_id,
                                guint               limit,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  DISPATCH (read_events, after_id, limit, cancellable, callback, user_data);
}

GPtrArray *
ww_hub_store_read_events_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_find_volunteer_async (WwHubStore         *self,
                                   const char         *username,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  DISPATCH (find_volunteer, username, cancellable, callback, user_data);
}

WwHubVolunteer *
ww_hub_store_find_volunteer_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_create_session_async (WwHubStore         *self,
                                   const char         *volunteer_id,
                                   const char         *token_hash,
                                   gint64              expires_at,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  DISPATCH (create_session, volunteer_id, token_hash, expires_at, cancellable, callback, user_data);
}

gboolean
ww_hub_store_create_session_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_boolean (self, result, error);
}

void
ww_hub_store_delete_session_async (WwHubStore         *self,
                                   const char         *token_hash,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  DISPATCH (delete_session, token_hash, cancellable, callback, user_data);
}

gboolean
ww_hub_store_delete_session_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_boolean (self, result, error);
}

void
ww_hub_store_heartbeat_async (WwHubStore           *self,
                              const WwHubHeartbeat *heartbeat,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  DISPATCH (heartbeat, heartbeat, cancellable, callback, user_data);
}

gboolean
ww_hub_store_heartbeat_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_boolean (self, result, error);
}

void
ww_hub_store_list_kiosks_async (WwHubStore         *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  DISPATCH (list_kiosks, cancellable, callback, user_data);
}

GPtrArray *
ww_hub_store_list_kiosks_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_list_desks_async (WwHubStore         *self,
                               const char         *branch_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_return_if_fail (WW_HUB_IS_STORE (self));

  /* Optional in the interface: a store without it says so. */
  if (WW_HUB_STORE_GET_IFACE (self)->list_desks == NULL)
    {
      g_task_report_new_error (self, callback, user_data, ww_hub_store_list_desks_async, WW_ERROR, WW_ERROR_FAILED,
                               "This store cannot list desks");
      return;
    }
  DISPATCH (list_desks, branch_id, cancellable, callback, user_data);
}

GPtrArray *
ww_hub_store_list_desks_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_get_stats_async (WwHubStore         *self,
                              const char         *branch_id,
                              const char         *from_day,
                              const char         *to_day,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  DISPATCH (get_stats, branch_id, from_day, to_day, cancellable, callback, user_data);
}

GPtrArray *
ww_hub_store_get_stats_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_purge_async (WwHubStore         *self,
                          gint64              closed_before,
                          gint64              now,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  DISPATCH (purge, closed_before, now, cancellable, callback, user_data);
}

gboolean
ww_hub_store_purge_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_boolean (self, result, error);
}

void
ww_hub_store_admin_async (WwHubStore         *self,
                          const char         *command,
                          const char *const  *args,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  DISPATCH (admin, command, args, cancellable, callback, user_data);
}

char *
ww_hub_store_admin_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_created_free (WwHubStoreCreated *created)
{
  if (created == NULL)
    return;
  g_clear_object (&created->ticket);
  g_free (created);
}

void
ww_hub_principal_free (WwHubPrincipal *principal)
{
  if (principal == NULL)
    return;
  g_free (principal->subject_id);
  g_free (principal->branch_id);
  g_free (principal);
}

void
ww_hub_event_free (WwHubEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type);
  g_free (event->branch_id);
  g_free (event->kiosk_id);
  g_free (event->data);
  g_free (event);
}

void
ww_hub_volunteer_free (WwHubVolunteer *volunteer)
{
  if (volunteer == NULL)
    return;
  g_free (volunteer->volunteer_id);
  g_free (volunteer->branch_id);
  if (volunteer->password_hash != NULL)
    memset (volunteer->password_hash, 0, strlen (volunteer->password_hash));
  g_free (volunteer->password_hash);
  g_free (volunteer);
}

void
ww_hub_kiosk_free (WwHubKiosk *kiosk)
{
  if (kiosk == NULL)
    return;
  g_free (kiosk->kiosk_id);
  g_free (kiosk->branch_id);
  g_free (kiosk->name);
  g_free (kiosk->version);
  g_free (kiosk->catalog_etag);
  g_free (kiosk->speech_status);
  g_free (kiosk->printer_status);
  g_free (kiosk);
}

void
ww_hub_desk_free (WwHubDesk *desk)
{
  if (desk == NULL)
    return;
  g_free (desk->desk_id);
  g_free (desk->branch_id);
  g_free (desk->name);
  g_free (desk);
}

void
ww_hub_stats_row_free (WwHubStatsRow *row)
{
  if (row == NULL)
    return;
  g_free (row->branch_id);
  g_free (row->day);
  g_free (row);
}

const char *
ww_hub_action_to_string (WwHubAction action)
{
  switch (action)
    {
    case WW_HUB_ACTION_CALL:
      return "_call";
    case WW_HUB_ACTION_START:
      return "_start";
    case WW_HUB_ACTION_FINISH:
      return "_finish";
    case WW_HUB_ACTION_NO_SHOW:
      return "_noshow";
    case WW_HUB_ACTION_CANCEL:
      return "_cancel";
    case WW_HUB_ACTION_REQUEUE:
      return "_requeue";
    default:
      return NULL;
    }
}

void
ww_hub_store_help_read_async (WwHubStore         *self,
                              const char         *branch_id,
                              gint64              since,
                              gint64              until,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  DISPATCH (help_read, branch_id, since, until, cancellable, callback, user_data);
}

WwHubHelpSnapshot *
ww_hub_store_help_read_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}

void
ww_hub_store_help_write_async (WwHubStore           *self,
                               const WwHubHelpWrite *write,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  DISPATCH (help_write, write, cancellable, callback, user_data);
}

WwHubHelpResult *
ww_hub_store_help_write_finish (WwHubStore *self, GAsyncResult *result, GError **error)
{
  return propagate_pointer (self, result, error);
}
