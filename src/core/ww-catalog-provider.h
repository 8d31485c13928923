/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "ww-catalog.h"
#include "ww-hub-client.h"

G_BEGIN_DECLS

/**
 * WwCatalogOrigin:
 * @WW_CATALOG_ORIGIN_NONE: nothing loaded yet
 * @WW_CATALOG_ORIGIN_HUB: fresh from the hub
 * @WW_CATALOG_ORIGIN_CACHE: the last good copy from the hub, kept on disk
 * @WW_CATALOG_ORIGIN_BUNDLED: the copy installed with the program
 */
typedef enum
{
  WW_CATALOG_ORIGIN_NONE,
  WW_CATALOG_ORIGIN_HUB,
  WW_CATALOG_ORIGIN_CACHE,
  WW_CATALOG_ORIGIN_BUNDLED,
} WwCatalogOrigin;

#define WW_TYPE_CATALOG_PROVIDER (ww_catalog_provider_get_type ())

G_DECLARE_FINAL_TYPE (WwCatalogProvider, ww_catalog_provider, WW, CATALOG_PROVIDER, GObject)

WwCatalogProvider *
ww_catalog_provider_new (WwHubClient *hub, WwUpl *upl, const char *cache_path, const char *bundled_directory);
WwCatalog      *ww_catalog_provider_get_catalog (WwCatalogProvider *self);
WwCatalogOrigin ww_catalog_provider_get_origin (WwCatalogProvider *self);
gboolean        ww_catalog_provider_get_online (WwCatalogProvider *self);
void            ww_catalog_provider_refresh_async (WwCatalogProvider  *self,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
gboolean        ww_catalog_provider_refresh_finish (WwCatalogProvider *self, GAsyncResult *result, GError **error);

G_END_DECLS
