/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_IDLE_WARNING (ww_kiosk_idle_warning_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskIdleWarning, ww_kiosk_idle_warning, WW, KIOSK_IDLE_WARNING, GtkWidget)

guint    ww_kiosk_idle_warning_get_remaining (WwKioskIdleWarning *self);
void     ww_kiosk_idle_warning_set_remaining (WwKioskIdleWarning *self, guint remaining);
gboolean ww_kiosk_idle_warning_focus_button (WwKioskIdleWarning *self);
char    *ww_kiosk_idle_warning_get_text (WwKioskIdleWarning *self);

G_END_DECLS
