/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "wegwijs-core.h"

G_BEGIN_DECLS

#define WW_TYPE_DESK_QUEUE (ww_desk_queue_get_type ())

G_DECLARE_FINAL_TYPE (WwDeskQueue, ww_desk_queue, WW, DESK_QUEUE, GObject)

/* A waiting ticket to announce again: it has waited @minutes or more. */
typedef struct
{
  WwTicket *ticket;
  guint     minutes;
} WwDeskReminder;

void ww_desk_reminder_free (WwDeskReminder *reminder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwDeskReminder, ww_desk_reminder_free)

WwDeskQueue *ww_desk_queue_new (void);
gboolean     ww_desk_queue_apply (WwDeskQueue *self, WwTicket *ticket);
GPtrArray   *ww_desk_queue_replace (WwDeskQueue *self, GListModel *tickets);
WwTicket    *ww_desk_queue_lookup (WwDeskQueue *self, const char *ticket_id);
guint        ww_desk_queue_get_n_waiting (WwDeskQueue *self);
void         ww_desk_queue_clear (WwDeskQueue *self);
GPtrArray   *ww_desk_queue_take_reminders (WwDeskQueue *self, const guint *minutes, guint n_minutes, GDateTime *now);

G_END_DECLS
