/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <json-c/json.h>

#include "ww-catalog-problem.h"
#include "ww-category.h"
#include "ww-service.h"
#include "ww-upl.h"

G_BEGIN_DECLS

#define WW_TYPE_CATALOG (ww_catalog_get_type ())

/* Limits for one catalogue file; outside input never gets to be larger. */
#define WW_CATALOG_MAX_FILE_SIZE (256 * 1024)
#define WW_CATALOG_MAX_FILES 500

G_DECLARE_FINAL_TYPE (WwCatalog, ww_catalog, WW, CATALOG, GObject)

WwCatalog  *ww_catalog_load_directory (GFile *directory, WwUpl *upl, GPtrArray **problems, GError **error);
WwCatalog  *ww_catalog_load_bundle (json_object *bundle, WwUpl *upl, GPtrArray **problems, GError **error);
WwText     *ww_catalog_get_municipality (WwCatalog *self);
GListModel *ww_catalog_get_categories (WwCatalog *self);
GListModel *ww_catalog_get_services (WwCatalog *self);
const char *ww_catalog_get_etag (WwCatalog *self);
WwCategory *ww_catalog_lookup_category (WwCatalog *self, const char *id);
WwService  *ww_catalog_lookup_service (WwCatalog *self, const char *id);

G_END_DECLS
