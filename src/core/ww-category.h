/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "ww-service.h"
#include "ww-text.h"

G_BEGIN_DECLS

#define WW_TYPE_CATEGORY (ww_category_get_type ())

G_DECLARE_FINAL_TYPE (WwCategory, ww_category, WW, CATEGORY, GObject)

const char *ww_category_get_id (WwCategory *self);
const char *ww_category_get_icon_name (WwCategory *self);
WwText     *ww_category_get_title (WwCategory *self);
WwText     *ww_category_get_summary (WwCategory *self);
GListModel *ww_category_get_services (WwCategory *self);

G_END_DECLS
