/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-kiosk-help-queue.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_CALL_BANNER (ww_kiosk_call_banner_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskCallBanner, ww_kiosk_call_banner, WW, KIOSK_CALL_BANNER, GtkWidget)

void        ww_kiosk_call_banner_set_queue (WwKioskCallBanner *self, WwKioskHelpQueue *queue);
void        ww_kiosk_call_banner_update_language (WwKioskCallBanner *self);
gboolean    ww_kiosk_call_banner_get_revealed (WwKioskCallBanner *self);
const char *ww_kiosk_call_banner_get_text (WwKioskCallBanner *self);
guint       ww_kiosk_call_banner_get_n_chimes (WwKioskCallBanner *self);

G_END_DECLS
