/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_WRAP_BOX (ww_kiosk_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskWrapBox, ww_kiosk_wrap_box, WW, KIOSK_WRAP_BOX, GtkWidget)

GtkWidget *ww_kiosk_wrap_box_new (void);
int        ww_kiosk_wrap_box_get_column_spacing (WwKioskWrapBox *self);
void       ww_kiosk_wrap_box_set_column_spacing (WwKioskWrapBox *self, int spacing);
int        ww_kiosk_wrap_box_get_row_spacing (WwKioskWrapBox *self);
void       ww_kiosk_wrap_box_set_row_spacing (WwKioskWrapBox *self, int spacing);
gboolean   ww_kiosk_wrap_box_get_homogeneous (WwKioskWrapBox *self);
void       ww_kiosk_wrap_box_set_homogeneous (WwKioskWrapBox *self, gboolean homogeneous);
guint      ww_kiosk_wrap_box_get_n_rows (WwKioskWrapBox *self);

G_END_DECLS
