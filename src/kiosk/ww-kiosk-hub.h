/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "wegwijs-core.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_HUB (ww_kiosk_hub_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskHub, ww_kiosk_hub, WW, KIOSK_HUB, GObject)

WwKioskHub  *ww_kiosk_hub_new_from_settings (GSettings *settings, GError **error);
WwKioskHub  *ww_kiosk_hub_new (const char *const *urls,
                               const char        *ca_file,
                               const char        *token,
                               const char        *kiosk_id,
                               const char        *branch_id,
                               GError           **error);
WwHubClient *ww_kiosk_hub_get_client (WwKioskHub *self);
const char  *ww_kiosk_hub_get_kiosk_id (WwKioskHub *self);
const char  *ww_kiosk_hub_get_branch_id (WwKioskHub *self);
const char  *ww_kiosk_hub_get_branch_name (WwKioskHub *self);
gboolean     ww_kiosk_hub_get_online (WwKioskHub *self);
void         ww_kiosk_hub_set_printer_status (WwKioskHub *self, const char *printer_status);
void         ww_kiosk_hub_set_catalog_etag (WwKioskHub *self, const char *catalog_etag);
void         ww_kiosk_hub_start (WwKioskHub *self);
void         ww_kiosk_hub_stop (WwKioskHub *self);
void         ww_kiosk_hub_check_now (WwKioskHub *self);

G_END_DECLS
