/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A resident's turn when nothing is known about the branch yet. */
#define WW_HUB_DEFAULT_SERVICE_SECONDS 600
/* How many recent service times the estimate looks at. */
#define WW_HUB_ESTIMATE_SAMPLES 20

int ww_hub_estimate_wait (int position, const gint64 *service_seconds, guint n_samples, guint active_desks);

char *ww_hub_business_day (gint64 utc_microseconds);
int   ww_hub_business_hour (gint64 utc_microseconds);

G_END_DECLS
