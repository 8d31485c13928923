/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_REFLOW_BIN (ww_kiosk_reflow_bin_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskReflowBin, ww_kiosk_reflow_bin, WW, KIOSK_REFLOW_BIN, GtkWidget)

GtkWidget *ww_kiosk_reflow_bin_new (void);
GtkWidget *ww_kiosk_reflow_bin_get_child (WwKioskReflowBin *self);
void       ww_kiosk_reflow_bin_set_child (WwKioskReflowBin *self, GtkWidget *child);

G_END_DECLS
