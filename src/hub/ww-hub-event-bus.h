/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <libsoup/soup.h>

#include "ww-hub-store.h"

G_BEGIN_DECLS

#define WW_HUB_TYPE_EVENT_BUS (ww_hub_event_bus_get_type ())

G_DECLARE_FINAL_TYPE (WwHubEventBus, ww_hub_event_bus, WW_HUB, EVENT_BUS, GObject)

WwHubEventBus *ww_hub_event_bus_new (WwHubStore *store, guint keepalive_seconds);
void           ww_hub_event_bus_start_async (WwHubEventBus      *self,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
gboolean       ww_hub_event_bus_start_finish (WwHubEventBus *self, GAsyncResult *result, GError **error);
void           ww_hub_event_bus_add_client (WwHubEventBus        *self,
                                            SoupServerMessage    *msg,
                                            const WwHubPrincipal *principal,
                                            gint64                last_event_id);
void           ww_hub_event_bus_deliver (WwHubEventBus *self, GPtrArray *events);
guint          ww_hub_event_bus_get_n_clients (WwHubEventBus *self);
void           ww_hub_event_bus_close_all (WwHubEventBus *self);

gboolean ww_hub_event_is_visible (const WwHubEvent *event, const WwHubPrincipal *principal);

G_END_DECLS
