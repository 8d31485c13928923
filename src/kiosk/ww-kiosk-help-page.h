/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_HELP_PAGE (ww_kiosk_help_page_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskHelpPage, ww_kiosk_help_page, WW, KIOSK_HELP_PAGE, GtkWidget)

GtkWidget *ww_kiosk_help_page_new (void);
void       ww_kiosk_help_page_set_subject (WwKioskHelpPage *self, const char *subject);

G_END_DECLS
