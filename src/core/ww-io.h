/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean ww_file_load_bounded (GFile *file, gsize max_size, char **contents, gsize *length, GError **error);

G_END_DECLS
