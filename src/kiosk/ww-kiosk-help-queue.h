/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "ww-kiosk-hub.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_HELP_QUEUE (ww_kiosk_help_queue_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskHelpQueue, ww_kiosk_help_queue, WW, KIOSK_HELP_QUEUE, GObject)

WwKioskHelpQueue *ww_kiosk_help_queue_new (WwKioskHub *hub);
WwKioskHub       *ww_kiosk_help_queue_get_hub (WwKioskHelpQueue *self);
gboolean          ww_kiosk_help_queue_get_available (WwKioskHelpQueue *self);
WwTicket         *ww_kiosk_help_queue_get_ticket (WwKioskHelpQueue *self);
gboolean          ww_kiosk_help_queue_get_busy (WwKioskHelpQueue *self);
guint             ww_kiosk_help_queue_get_n_tickets (WwKioskHelpQueue *self);
void              ww_kiosk_help_queue_request_async (WwKioskHelpQueue   *self,
                                                     WwHelpTopic         topic,
                                                     const char         *language,
                                                     const char         *first_name,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
WwTicket         *ww_kiosk_help_queue_request_finish (WwKioskHelpQueue *self, GAsyncResult *result, GError **error);
void              ww_kiosk_help_queue_cancel_ticket (WwKioskHelpQueue *self);
void              ww_kiosk_help_queue_end_visit (WwKioskHelpQueue *self);
void              ww_kiosk_help_queue_speak (WwKioskHelpQueue *self, const char *text);

void           ww_kiosk_help_queue_refresh_status (WwKioskHelpQueue *self);
WwHelpStatus  *ww_kiosk_help_queue_get_status (WwKioskHelpQueue *self);
gboolean       ww_kiosk_help_queue_get_status_pending (WwKioskHelpQueue *self);
void           ww_kiosk_help_queue_watch (WwKioskHelpQueue *self, gboolean watching);
WwReservation *ww_kiosk_help_queue_get_reservation (WwKioskHelpQueue *self);
void           ww_kiosk_help_queue_reserve_async (WwKioskHelpQueue       *self,
                                                  const WwHelpOccurrence *occurrence,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
WwReservation *ww_kiosk_help_queue_reserve_finish (WwKioskHelpQueue *self, GAsyncResult *result, GError **error);

char      *ww_kiosk_help_queue_format_call (WwTicket *ticket);
char      *ww_kiosk_help_format_when (GDateTime *starts_at, GDateTime *ends_at);
char      *ww_kiosk_help_format_languages (const WwHelpOccurrence *occurrence);
GPtrArray *ww_kiosk_help_describe_bring (const char *topic, const char *library_bring);
char      *ww_kiosk_help_spell_code (const char *code);

G_END_DECLS
