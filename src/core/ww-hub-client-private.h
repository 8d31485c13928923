/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-hub-client.h"

G_BEGIN_DECLS

/* The decoders of the hub's per-language catalogue answers; exposed for
 * the fuzz targets. */
WwCategory *_ww_hub_client_parse_category (json_object *object, const char *language, GError **error);
WwService  *_ww_hub_client_parse_service (json_object *object, const char *language, GError **error);

G_END_DECLS
