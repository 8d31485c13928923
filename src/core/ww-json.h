/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <json-c/json.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_object, json_object_put)

/* Outside input is never trusted to be small or shallow. */
#define WW_JSON_MAX_DEPTH 16

json_object *ww_json_parse (const char *data, gsize length, guint max_depth, GError **error);
json_object *ww_json_parse_file (GFile *file, gsize max_size, guint max_depth, GError **error);
const char  *ww_json_type_name (json_type type);

G_END_DECLS
