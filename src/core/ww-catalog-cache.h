/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "ww-catalog.h"

G_BEGIN_DECLS

gboolean   ww_catalog_cache_save (const char *path, WwCatalog *catalog, GError **error);
WwCatalog *ww_catalog_cache_load (const char *path, WwUpl *upl, GError **error);

G_END_DECLS
