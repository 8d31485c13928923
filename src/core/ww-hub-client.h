/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "ww-catalog.h"
#include "ww-event-stream.h"
#include "ww-http-client.h"
#include "ww-hub-types.h"
#include "ww-ticket.h"

G_BEGIN_DECLS

#define WW_TYPE_HUB_CLIENT (ww_hub_client_get_type ())

G_DECLARE_FINAL_TYPE (WwHubClient, ww_hub_client, WW, HUB_CLIENT, GObject)

/**
 * WwTicketAction:
 * @WW_TICKET_ACTION_CALL: call a waiting ticket to a desk
 * @WW_TICKET_ACTION_START: start helping
 * @WW_TICKET_ACTION_FINISH: done
 * @WW_TICKET_ACTION_NO_SHOW: called, nobody came
 * @WW_TICKET_ACTION_CANCEL: taken back
 * @WW_TICKET_ACTION_REQUEUE: back into the queue at its old place
 */
typedef enum
{
  WW_TICKET_ACTION_CALL,
  WW_TICKET_ACTION_START,
  WW_TICKET_ACTION_FINISH,
  WW_TICKET_ACTION_NO_SHOW,
  WW_TICKET_ACTION_CANCEL,
  WW_TICKET_ACTION_REQUEUE,
} WwTicketAction;

WwHubClient  *ww_hub_client_new (WwHttpClient *http, const char *const *base_urls, GError **error);
void          ww_hub_client_set_token (WwHubClient *self, const char *token);
gboolean      ww_hub_client_get_reachable (WwHubClient *self);
const char   *ww_hub_client_get_base_url (WwHubClient *self);
WwHttpClient *ww_hub_client_get_http_client (WwHubClient *self);

void ww_hub_client_get_catalog_async (WwHubClient        *self,
                                      WwUpl              *upl,
                                      const char         *etag,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
WwCatalog *
ww_hub_client_get_catalog_finish (WwHubClient *self, GAsyncResult *result, gboolean *not_modified, GError **error);

void        ww_hub_client_list_categories_async (WwHubClient        *self,
                                                 const char         *language,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
GListModel *ww_hub_client_list_categories_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void        ww_hub_client_list_services_async (WwHubClient        *self,
                                               const char         *language,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
GListModel *ww_hub_client_list_services_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void        ww_hub_client_get_service_async (WwHubClient        *self,
                                             const char         *service_id,
                                             const char         *language,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
WwService  *ww_hub_client_get_service_finish (WwHubClient *self, GAsyncResult *result, GError **error);

void        ww_hub_client_create_ticket_async (WwHubClient        *self,
                                               WwHelpTopic         topic,
                                               const char         *language,
                                               const char         *first_name,
                                               const char         *service_id,
                                               const char         *idempotency_key,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
WwTicket   *ww_hub_client_create_ticket_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void        ww_hub_client_get_ticket_async (WwHubClient        *self,
                                            const char         *ticket_id,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
WwTicket   *ww_hub_client_get_ticket_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void        ww_hub_client_act_on_ticket_async (WwHubClient        *self,
                                               const char         *ticket_id,
                                               WwTicketAction      action,
                                               const char         *desk_id,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
WwTicket   *ww_hub_client_act_on_ticket_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void        ww_hub_client_finish_ticket_async (WwHubClient        *self,
                                               const char         *ticket_id,
                                               WwTicketOutcome     outcome,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
WwTicket   *ww_hub_client_finish_ticket_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void        ww_hub_client_get_queue_async (WwHubClient        *self,
                                           const char         *branch_id,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
GListModel *ww_hub_client_get_queue_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void        ww_hub_client_list_desks_async (WwHubClient        *self,
                                            const char         *branch_id,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GPtrArray  *ww_hub_client_list_desks_finish (WwHubClient *self, GAsyncResult *result, GError **error);

void          ww_hub_client_login_async (WwHubClient        *self,
                                         const char         *username,
                                         const char         *password,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
WwHubSession *ww_hub_client_login_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void          ww_hub_client_logout_async (WwHubClient        *self,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
gboolean      ww_hub_client_logout_finish (WwHubClient *self, GAsyncResult *result, GError **error);

void       ww_hub_client_send_heartbeat_async (WwHubClient        *self,
                                               const char         *kiosk_id,
                                               const WwHeartbeat  *heartbeat,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
char      *ww_hub_client_send_heartbeat_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void       ww_hub_client_list_kiosks_async (WwHubClient        *self,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GPtrArray *ww_hub_client_list_kiosks_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void       ww_hub_client_get_stats_async (WwHubClient        *self,
                                          const char         *branch_id,
                                          GDate              *from,
                                          GDate              *to,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
GPtrArray *ww_hub_client_get_stats_finish (WwHubClient *self, GAsyncResult *result, GError **error);

void           ww_hub_client_set_duty_async (WwHubClient        *self,
                                             gboolean            on_duty,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
WwDutyState   *ww_hub_client_set_duty_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void           ww_hub_client_get_help_status_async (WwHubClient        *self,
                                                    const char         *branch_id,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
WwHelpStatus  *ww_hub_client_get_help_status_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void           ww_hub_client_list_help_occurrences_async (WwHubClient        *self,
                                                          const char         *branch_id,
                                                          GDateTime          *from,
                                                          GDateTime          *until,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
GPtrArray     *ww_hub_client_list_help_occurrences_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void           ww_hub_client_reserve_async (WwHubClient        *self,
                                            const char         *help_session_id,
                                            GDateTime          *starts_at,
                                            const char         *idempotency_key,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
WwReservation *ww_hub_client_reserve_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void           ww_hub_client_list_reservations_async (WwHubClient        *self,
                                                      const char         *branch_id,
                                                      GDateTime          *from,
                                                      GDateTime          *until,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
GPtrArray     *ww_hub_client_list_reservations_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void           ww_hub_client_check_in_async (WwHubClient        *self,
                                             const char         *code,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
WwReservation *ww_hub_client_check_in_finish (WwHubClient *self, GAsyncResult *result, GError **error);
void           ww_hub_client_get_help_stats_async (WwHubClient        *self,
                                                   const char         *branch_id,
                                                   GDate              *from,
                                                   GDate              *to,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
WwHelpStats   *ww_hub_client_get_help_stats_finish (WwHubClient *self, GAsyncResult *result, GError **error);

WwEventStream *ww_hub_client_new_event_stream (WwHubClient *self);

G_END_DECLS
