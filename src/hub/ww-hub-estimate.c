/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The estimated wait for a ticket, and the business day it belongs to.
 *
 * Method (also in docs/hub.md): take the service times (start to finish)
 * of the branch's last WW_HUB_ESTIMATE_SAMPLES helped residents, each
 * clamped to 1–60 minutes so one forgotten "finish" does not ruin the
 * day. With fewer than three, assume WW_HUB_DEFAULT_SERVICE_SECONDS. The
 * wait at position p (1 = next) with d desks that called someone in the
 * last hour (at least 1) is p × mean / d, rounded up to whole minutes: a
 * volunteer desk serves about one resident per mean service time, and the
 * resident ahead is on average half done, which the rounding up absorbs.
 * It is a rough, honest figure for a screen, not a promise.
 */

#include "config.h"

#include "ww-hub-estimate.h"

#include <math.h>

#define MIN_SAMPLE_SECONDS 60
#define MAX_SAMPLE_SECONDS 3600
#define MIN_SAMPLES 3

int
ww_hub_estimate_wait (int position, const gint64 *service_seconds, guint n_samples, guint active_desks)
{
  double mean = WW_HUB_DEFAULT_SERVICE_SECONDS;
  double wait;

  if (position <= 0)
    return 0;

  if (n_samples >= MIN_SAMPLES && service_seconds != NULL)
    {
      double sum = 0;

      n_samples = MIN (n_samples, WW_HUB_ESTIMATE_SAMPLES);
      for (guint i = 0; i < n_samples; i++)
        sum += CLAMP (service_seconds[i], MIN_SAMPLE_SECONDS, MAX_SAMPLE_SECONDS);
      mean = sum / n_samples;
    }

  wait = position * mean / MAX (active_desks, 1u);
  wait = ceil (wait / 60.0) * 60.0;

  return (int)MIN (wait, (double)G_MAXINT);
}

static GTimeZone *
amsterdam (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *found = g_time_zone_new_identifier ("Europe/Amsterdam");

      g_once_init_leave (&zone, found != NULL ? found : g_time_zone_new_utc ());
    }

  return zone;
}

/* Numbers start again each day the library opens, in Dutch local time. */
char *
ww_hub_business_day (gint64 utc_microseconds)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (utc_microseconds / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, amsterdam ());

  return g_date_time_format (local, "%Y-%m-%d");
}

int
ww_hub_business_hour (gint64 utc_microseconds)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (utc_microseconds / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, amsterdam ());

  return g_date_time_get_hour (local);
}
