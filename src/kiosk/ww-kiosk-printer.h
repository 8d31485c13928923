/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "wegwijs-core.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_PRINTER (ww_kiosk_printer_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskPrinter, ww_kiosk_printer, WW, KIOSK_PRINTER, GObject)

WwKioskPrinter *ww_kiosk_printer_new (GSettings *settings);
gboolean        ww_kiosk_printer_get_available (WwKioskPrinter *self);
const char     *ww_kiosk_printer_get_printer_name (WwKioskPrinter *self);
gboolean        ww_kiosk_printer_get_busy (WwKioskPrinter *self);
void            ww_kiosk_printer_print_ticket_async (WwKioskPrinter     *self,
                                                     WwTicket           *ticket,
                                                     const char         *branch,
                                                     GtkWindow          *parent,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
void            ww_kiosk_printer_print_checklist_async (WwKioskPrinter     *self,
                                                        WwService          *service,
                                                        const char         *language,
                                                        GtkWindow          *parent,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
void            ww_kiosk_printer_print_reservation_async (WwKioskPrinter      *self,
                                                          const WwReservation *reservation,
                                                          const char          *branch,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean        ww_kiosk_printer_print_finish (WwKioskPrinter *self, GAsyncResult *result, GError **error);

const char *ww_kiosk_help_topic_get_label (WwHelpTopic topic);

G_END_DECLS
