/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "ww-kiosk-admin-guard.h"
#include "ww-kiosk-catalog-source.h"
#include "ww-kiosk-help-queue.h"
#include "ww-kiosk-printer.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_APPLICATION (ww_kiosk_application_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskApplication, ww_kiosk_application, WW, KIOSK_APPLICATION, AdwApplication)

WwKioskApplication   *ww_kiosk_application_new (void);
GSettings            *ww_kiosk_application_get_settings (WwKioskApplication *self);
WwKioskCatalogSource *ww_kiosk_application_get_catalog_source (WwKioskApplication *self);
WwKioskAdminGuard    *ww_kiosk_application_get_admin_guard (WwKioskApplication *self);
WwKioskHelpQueue     *ww_kiosk_application_get_help_queue (WwKioskApplication *self);
WwKioskPrinter       *ww_kiosk_application_get_printer (WwKioskApplication *self);
gboolean              ww_kiosk_application_get_restart_requested (WwKioskApplication *self);
int                   ww_kiosk_main (int argc, char *argv[]);

G_END_DECLS
