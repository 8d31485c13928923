/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-category.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_CATEGORY_PAGE (ww_kiosk_category_page_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskCategoryPage, ww_kiosk_category_page, WW, KIOSK_CATEGORY_PAGE, GtkWidget)

GtkWidget  *ww_kiosk_category_page_new (WwCategory *category, const char *language);
WwCategory *ww_kiosk_category_page_get_category (WwKioskCategoryPage *self);

G_END_DECLS
