/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WW_TYPE_UPL (ww_upl_get_type ())

G_DECLARE_FINAL_TYPE (WwUpl, ww_upl, WW, UPL, GObject)

WwUpl      *ww_upl_new_from_data (const char *data, gsize length, GError **error);
WwUpl      *ww_upl_new_from_file (GFile *file, GError **error);
const char *ww_upl_lookup_name (WwUpl *self, const char *uri);
guint       ww_upl_get_n_products (WwUpl *self);

G_END_DECLS
