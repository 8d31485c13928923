/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-hub-store.h"

G_BEGIN_DECLS

#define WW_HUB_TYPE_SQLITE_STORE (ww_hub_sqlite_store_get_type ())

G_DECLARE_FINAL_TYPE (WwHubSqliteStore, ww_hub_sqlite_store, WW_HUB, SQLITE_STORE, GObject)

WwHubSqliteStore *ww_hub_sqlite_store_new (const char *path, gboolean queue_needs_volunteer, GError **error);
guint             ww_hub_sqlite_store_get_schema_version (WwHubSqliteStore *self);
void              ww_hub_sqlite_store_shutdown (WwHubSqliteStore *self);

G_END_DECLS
