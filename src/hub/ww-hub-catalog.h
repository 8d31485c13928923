/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WW_HUB_TYPE_CATALOG (ww_hub_catalog_get_type ())

G_DECLARE_FINAL_TYPE (WwHubCatalog, ww_hub_catalog, WW_HUB, CATALOG, GObject)

typedef enum
{
  WW_HUB_CATALOG_CATEGORIES,
  WW_HUB_CATALOG_SERVICES,
  WW_HUB_CATALOG_SERVICE,
  WW_HUB_CATALOG_BUNDLE,
} WwHubCatalogResource;

WwHubCatalog *ww_hub_catalog_new (const char *directory, const char *upl_path, GError **error);
void          ww_hub_catalog_reload_async (WwHubCatalog       *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean      ww_hub_catalog_reload_finish (WwHubCatalog *self, GAsyncResult *result, GError **error);
GBytes       *ww_hub_catalog_lookup (WwHubCatalog        *self,
                                     WwHubCatalogResource resource,
                                     const char          *service_id,
                                     const char          *language,
                                     char               **etag);
char         *ww_hub_catalog_dup_etag (WwHubCatalog *self);
gboolean      ww_hub_catalog_has_service (WwHubCatalog *self, const char *service_id);

G_END_DECLS
