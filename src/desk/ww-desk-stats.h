/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-desk-session.h"

G_BEGIN_DECLS

#define WW_TYPE_DESK_STATS (ww_desk_stats_get_type ())

G_DECLARE_FINAL_TYPE (WwDeskStats, ww_desk_stats, WW, DESK_STATS, GtkWidget)

WwDeskSession *ww_desk_stats_get_session (WwDeskStats *self);
void           ww_desk_stats_set_session (WwDeskStats *self, WwDeskSession *session);
guint          ww_desk_stats_get_days (WwDeskStats *self);
void           ww_desk_stats_set_days (WwDeskStats *self, guint days);
gint64         ww_desk_stats_get_n_tickets (WwDeskStats *self);
gint64         ww_desk_stats_get_outcome_count (WwDeskStats *self, WwTicketOutcome outcome);
gboolean       ww_desk_stats_get_loading (WwDeskStats *self);
void           ww_desk_stats_reload (WwDeskStats *self);

G_END_DECLS
