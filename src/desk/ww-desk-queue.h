/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "wegwijs-core.h"

G_BEGIN_DECLS

#define WW_TYPE_DESK_QUEUE (ww_desk_queue_get_type ())

G_DECLARE_FINAL_TYPE (WwDeskQueue, ww_desk_queue, WW, DESK_QUEUE, GObject)

WwDeskQueue *ww_desk_queue_new (void);
gboolean     ww_desk_queue_apply (WwDeskQueue *self, WwTicket *ticket);
GPtrArray   *ww_desk_queue_replace (WwDeskQueue *self, GListModel *tickets);
WwTicket    *ww_desk_queue_lookup (WwDeskQueue *self, const char *ticket_id);
guint        ww_desk_queue_get_n_waiting (WwDeskQueue *self);
void         ww_desk_queue_clear (WwDeskQueue *self);

G_END_DECLS
