/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WW_HUB_TYPE_RATE_LIMITER (ww_hub_rate_limiter_get_type ())

G_DECLARE_FINAL_TYPE (WwHubRateLimiter, ww_hub_rate_limiter, WW_HUB, RATE_LIMITER, GObject)

WwHubRateLimiter *ww_hub_rate_limiter_new (guint burst, double per_second);
gboolean ww_hub_rate_limiter_take (WwHubRateLimiter *self, const char *key, gint64 now_us, guint *retry_after_seconds);
void     ww_hub_rate_limiter_forget (WwHubRateLimiter *self, const char *key);

G_END_DECLS
