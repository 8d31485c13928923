/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "wegwijs-core.h"

G_BEGIN_DECLS

#define WW_TYPE_DESK_TICKET_ROW (ww_desk_ticket_row_get_type ())

G_DECLARE_FINAL_TYPE (WwDeskTicketRow, ww_desk_ticket_row, WW, DESK_TICKET_ROW, GtkWidget)

GtkWidget *ww_desk_ticket_row_new (void);
WwTicket  *ww_desk_ticket_row_get_ticket (WwDeskTicketRow *self);
void       ww_desk_ticket_row_set_ticket (WwDeskTicketRow *self, WwTicket *ticket);
guint      ww_desk_ticket_row_get_long_wait_minutes (WwDeskTicketRow *self);
void       ww_desk_ticket_row_set_long_wait_minutes (WwDeskTicketRow *self, guint minutes);
gboolean   ww_desk_ticket_row_get_long_wait (WwDeskTicketRow *self);
void       ww_desk_ticket_row_set_own_desk_id (WwDeskTicketRow *self, const char *desk_id);

G_END_DECLS
