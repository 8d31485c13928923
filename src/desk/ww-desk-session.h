/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "wegwijs-core.h"
#include "ww-desk-queue.h"

G_BEGIN_DECLS

#define WW_TYPE_DESK_SESSION (ww_desk_session_get_type ())

G_DECLARE_FINAL_TYPE (WwDeskSession, ww_desk_session, WW, DESK_SESSION, GObject)

WwDeskSession *ww_desk_session_new (const char *const *hub_urls, const char *ca_file, GError **error);
WwDeskQueue   *ww_desk_session_get_queue (WwDeskSession *self);
gboolean       ww_desk_session_get_signed_in (WwDeskSession *self);
gboolean       ww_desk_session_get_loaded (WwDeskSession *self);
gboolean       ww_desk_session_get_online (WwDeskSession *self);
const char    *ww_desk_session_get_branch_id (WwDeskSession *self);
const char    *ww_desk_session_get_desk_id (WwDeskSession *self);
const char    *ww_desk_session_get_username (WwDeskSession *self);
void           ww_desk_session_set_desk_id (WwDeskSession *self, const char *desk_id);
void           ww_desk_session_set_poll_interval (WwDeskSession *self, guint online_s, guint offline_s);

void     ww_desk_session_sign_in_async (WwDeskSession      *self,
                                        const char         *username,
                                        const char         *password,
                                        const char         *desk_id,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean ww_desk_session_sign_in_finish (WwDeskSession *self, GAsyncResult *result, GError **error);
void     ww_desk_session_sign_out (WwDeskSession *self);

void      ww_desk_session_act_async (WwDeskSession      *self,
                                     const char         *ticket_id,
                                     WwTicketAction      action,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
WwTicket *ww_desk_session_act_finish (WwDeskSession *self, GAsyncResult *result, GError **error);
void      ww_desk_session_finish_ticket_async (WwDeskSession      *self,
                                               const char         *ticket_id,
                                               WwTicketOutcome     outcome,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
void      ww_desk_session_refresh (WwDeskSession *self);

void       ww_desk_session_get_stats_async (WwDeskSession      *self,
                                            guint               days,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GPtrArray *ww_desk_session_get_stats_finish (WwDeskSession *self, GAsyncResult *result, GError **error);

void       ww_desk_session_list_desks_async (WwDeskSession      *self,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
GPtrArray *ww_desk_session_list_desks_finish (WwDeskSession *self, GAsyncResult *result, GError **error);

gboolean     ww_desk_session_get_on_duty (WwDeskSession *self);
WwHubClient *ww_desk_session_get_client (WwDeskSession *self);
void         ww_desk_session_set_duty_async (WwDeskSession      *self,
                                             gboolean            on_duty,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
WwDutyState *ww_desk_session_set_duty_finish (WwDeskSession *self, GAsyncResult *result, GError **error);

G_END_DECLS
