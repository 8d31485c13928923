/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "ww-hub-catalog.h"
#include "ww-hub-config.h"
#include "ww-hub-store.h"

G_BEGIN_DECLS

#define WW_HUB_TYPE_SERVER (ww_hub_server_get_type ())

G_DECLARE_FINAL_TYPE (WwHubServer, ww_hub_server, WW_HUB, SERVER, GObject)

WwHubServer *ww_hub_server_new (WwHubConfig *config, WwHubStore *store, WwHubCatalog *catalog, GError **error);
gboolean     ww_hub_server_start (WwHubServer *self, GError **error);
guint        ww_hub_server_get_port (WwHubServer *self);
void         ww_hub_server_reload_catalog (WwHubServer *self);
void         ww_hub_server_stop (WwHubServer *self);

G_END_DECLS
