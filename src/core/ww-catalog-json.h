/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <json-c/json.h>

#include "ww-catalog.h"

G_BEGIN_DECLS

/* The catalogue as the hub API shows it: one language, the asked one with
 * the fallback of ww_text_get(), camelCase fields. */
json_object *ww_catalog_json_category (WwCategory *category, const char *language);
json_object *ww_catalog_json_service_summary (WwService *service, const char *language);
json_object *ww_catalog_json_service (WwService *service, const char *language);

G_END_DECLS
