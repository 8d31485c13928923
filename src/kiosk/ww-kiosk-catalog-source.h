/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "ww-catalog.h"
#include "ww-kiosk-hub.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_CATALOG_SOURCE (ww_kiosk_catalog_source_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskCatalogSource, ww_kiosk_catalog_source, WW, KIOSK_CATALOG_SOURCE, GObject)

WwKioskCatalogSource *ww_kiosk_catalog_source_new (void);
WwKioskCatalogSource *ww_kiosk_catalog_source_new_for_paths (const char *catalog_dir, const char *upl_path);
WwCatalog            *ww_kiosk_catalog_source_get_catalog (WwKioskCatalogSource *self);
gboolean              ww_kiosk_catalog_source_get_online (WwKioskCatalogSource *self);
gboolean              ww_kiosk_catalog_source_get_loading (WwKioskCatalogSource *self);
GDateTime            *ww_kiosk_catalog_source_get_updated (WwKioskCatalogSource *self);
void                  ww_kiosk_catalog_source_load_async (WwKioskCatalogSource *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean ww_kiosk_catalog_source_load_finish (WwKioskCatalogSource *self, GAsyncResult *result, GError **error);
void     ww_kiosk_catalog_source_reload (WwKioskCatalogSource *self);
void     ww_kiosk_catalog_source_set_hub (WwKioskCatalogSource *self, WwKioskHub *hub, const char *cache_path);

G_END_DECLS
