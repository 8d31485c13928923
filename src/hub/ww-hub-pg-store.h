/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-hub-store.h"

G_BEGIN_DECLS

#define WW_HUB_TYPE_PG_STORE (ww_hub_pg_store_get_type ())

G_DECLARE_FINAL_TYPE (WwHubPgStore, ww_hub_pg_store, WW_HUB, PG_STORE, GObject)

WwHubPgStore *ww_hub_pg_store_new (const char *conninfo, gboolean queue_needs_volunteer, GError **error);
guint         ww_hub_pg_store_get_schema_version (WwHubPgStore *self);
void          ww_hub_pg_store_shutdown (WwHubPgStore *self);

G_END_DECLS
