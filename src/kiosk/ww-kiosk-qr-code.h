/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_QR_CODE (ww_kiosk_qr_code_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskQrCode, ww_kiosk_qr_code, WW, KIOSK_QR_CODE, GtkWidget)

GtkWidget  *ww_kiosk_qr_code_new (void);
const char *ww_kiosk_qr_code_get_text (WwKioskQrCode *self);
void        ww_kiosk_qr_code_set_text (WwKioskQrCode *self, const char *text);
guint       ww_kiosk_qr_code_get_modules (WwKioskQrCode *self);

G_END_DECLS
