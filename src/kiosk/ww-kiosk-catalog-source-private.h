/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-kiosk-catalog-source.h"

G_BEGIN_DECLS

/* For tests: what the hub client will do once it exists. */
void _ww_kiosk_catalog_source_set_paths (WwKioskCatalogSource *self, const char *catalog_dir, const char *upl_path);
void _ww_kiosk_catalog_source_set_online (WwKioskCatalogSource *self, gboolean online);

G_END_DECLS
