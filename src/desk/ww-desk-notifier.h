/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "wegwijs-core.h"

G_BEGIN_DECLS

#define WW_TYPE_DESK_NOTIFIER (ww_desk_notifier_get_type ())

G_DECLARE_FINAL_TYPE (WwDeskNotifier, ww_desk_notifier, WW, DESK_NOTIFIER, GObject)

WwDeskNotifier *ww_desk_notifier_new (void);
gboolean        ww_desk_notifier_announce (WwDeskNotifier *self, WwTicket *ticket);
gboolean        ww_desk_notifier_remind (WwDeskNotifier *self, WwTicket *ticket, guint minutes);
void            ww_desk_notifier_withdraw (WwDeskNotifier *self, const char *ticket_id);

G_END_DECLS
