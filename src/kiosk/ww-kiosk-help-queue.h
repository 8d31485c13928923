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

char *ww_kiosk_help_queue_format_call (WwTicket *ticket);

G_END_DECLS
