/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_LANGUAGE_PAGE (ww_kiosk_language_page_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskLanguagePage, ww_kiosk_language_page, WW, KIOSK_LANGUAGE_PAGE, GtkWidget)

GtkWidget *ww_kiosk_language_page_new (const char *const *languages, const char *current);

G_END_DECLS
