/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_DESK_BAR_CHART (ww_desk_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (WwDeskBarChart, ww_desk_bar_chart, WW, DESK_BAR_CHART, GtkWidget)

GtkWidget *ww_desk_bar_chart_new (void);
void       ww_desk_bar_chart_set_bars (WwDeskBarChart *self, const char *const *labels, const double *values, guint n);
guint      ww_desk_bar_chart_get_n_bars (WwDeskBarChart *self);
double     ww_desk_bar_chart_get_value (WwDeskBarChart *self, guint index);

G_END_DECLS
