/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-catalog.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_HOME_PAGE (ww_kiosk_home_page_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskHomePage, ww_kiosk_home_page, WW, KIOSK_HOME_PAGE, GtkWidget)

GtkWidget *ww_kiosk_home_page_new (const char *language, GtkEntryBuffer *search_buffer);
WwCatalog *ww_kiosk_home_page_get_catalog (WwKioskHomePage *self);
void       ww_kiosk_home_page_set_catalog (WwKioskHomePage *self, WwCatalog *catalog);
gboolean   ww_kiosk_home_page_get_loading (WwKioskHomePage *self);
void       ww_kiosk_home_page_set_loading (WwKioskHomePage *self, gboolean loading);

G_END_DECLS
