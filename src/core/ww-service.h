/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "ww-enums.h"
#include "ww-step.h"
#include "ww-text.h"

G_BEGIN_DECLS

#define WW_TYPE_SERVICE (ww_service_get_type ())

G_DECLARE_FINAL_TYPE (WwService, ww_service, WW, SERVICE, GObject)

const char *ww_service_get_id (WwService *self);
const char *ww_service_get_upl (WwService *self);
const char *ww_service_get_category_id (WwService *self);
const char *ww_service_get_icon_name (WwService *self);
WwText     *ww_service_get_title (WwService *self);
WwText     *ww_service_get_summary (WwService *self);
GPtrArray  *ww_service_get_bring (WwService *self);
GListModel *ww_service_get_steps (WwService *self);
WwChannel   ww_service_get_channel (WwService *self);
WwText     *ww_service_get_where (WwService *self);
gboolean    ww_service_get_needs_digid (WwService *self);
WwText     *ww_service_get_cost (WwService *self);
const char *ww_service_get_link (WwService *self);
WwHelpTopic ww_service_get_help_topic (WwService *self);

G_END_DECLS
