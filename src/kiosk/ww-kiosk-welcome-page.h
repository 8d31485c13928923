/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_WELCOME_PAGE (ww_kiosk_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskWelcomePage, ww_kiosk_welcome_page, WW, KIOSK_WELCOME_PAGE, GtkWidget)

GtkWidget *ww_kiosk_welcome_page_new (const char *const *languages);
gboolean   ww_kiosk_welcome_page_get_dimmed (WwKioskWelcomePage *self);
void       ww_kiosk_welcome_page_set_dimmed (WwKioskWelcomePage *self, gboolean dimmed);

G_END_DECLS
