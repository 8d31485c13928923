/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <json-c/json.h>

#include "ww-catalog.h"

G_BEGIN_DECLS

json_object *ww_catalog_to_bundle (WwCatalog *catalog);

G_END_DECLS
