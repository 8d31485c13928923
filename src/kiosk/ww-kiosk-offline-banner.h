/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_OFFLINE_BANNER (ww_kiosk_offline_banner_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskOfflineBanner, ww_kiosk_offline_banner, WW, KIOSK_OFFLINE_BANNER, GtkWidget)

gboolean ww_kiosk_offline_banner_get_revealed (WwKioskOfflineBanner *self);
void     ww_kiosk_offline_banner_set_revealed (WwKioskOfflineBanner *self, gboolean revealed);

G_END_DECLS
