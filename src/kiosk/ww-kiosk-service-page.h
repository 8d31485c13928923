/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-service.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_SERVICE_PAGE (ww_kiosk_service_page_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskServicePage, ww_kiosk_service_page, WW, KIOSK_SERVICE_PAGE, GtkWidget)

GtkWidget *ww_kiosk_service_page_new (WwService *service, const char *language);
WwService *ww_kiosk_service_page_get_service (WwKioskServicePage *self);
guint      ww_kiosk_service_page_get_position (WwKioskServicePage *self);
void       ww_kiosk_service_page_set_position (WwKioskServicePage *self, guint position);
guint      ww_kiosk_service_page_get_n_positions (WwKioskServicePage *self);

G_END_DECLS
