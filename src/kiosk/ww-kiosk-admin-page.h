/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-kiosk-admin-guard.h"
#include "ww-kiosk-catalog-source.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_ADMIN_PAGE (ww_kiosk_admin_page_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskAdminPage, ww_kiosk_admin_page, WW, KIOSK_ADMIN_PAGE, GtkWidget)

GtkWidget  *ww_kiosk_admin_page_new (GSettings *settings, WwKioskAdminGuard *guard, WwKioskCatalogSource *source);
void        ww_kiosk_admin_page_set_speech_status (WwKioskAdminPage *self, const char *status);
const char *ww_kiosk_admin_page_get_view (WwKioskAdminPage *self);
void        ww_kiosk_admin_page_clear_pin (WwKioskAdminPage *self);

G_END_DECLS
