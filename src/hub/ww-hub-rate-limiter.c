/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * A token bucket per key (a kiosk, a username): @burst tokens, refilled at
 * @per_second. In memory, per hub: with several hubs a kiosk could get a
 * few more, which is fine for a limit that only stops runaways and
 * password guessing. Shared by the hub's server threads, so locked.
 */

#include "config.h"

#include "ww-hub-rate-limiter.h"

#include <math.h>

#define MAX_KEYS 100000

typedef struct
{
  double tokens;
  gint64 updated_us;
} Bucket;

struct _WwHubRateLimiter
{
  GObject parent_instance;

  GMutex      mutex;
  guint       burst;
  double      per_second;
  GHashTable *buckets;
};

G_DEFINE_FINAL_TYPE (WwHubRateLimiter, ww_hub_rate_limiter, G_TYPE_OBJECT)

static void
ww_hub_rate_limiter_finalize (GObject *object)
{
  WwHubRateLimiter *self = WW_HUB_RATE_LIMITER (object);

  g_clear_pointer (&self->buckets, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (ww_hub_rate_limiter_parent_class)->finalize (object);
}

static void
ww_hub_rate_limiter_class_init (WwHubRateLimiterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ww_hub_rate_limiter_finalize;
}

static void
ww_hub_rate_limiter_init (WwHubRateLimiter *self)
{
  g_mutex_init (&self->mutex);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

WwHubRateLimiter *
ww_hub_rate_limiter_new (guint burst, double per_second)
{
  WwHubRateLimiter *self = g_object_new (WW_HUB_TYPE_RATE_LIMITER, NULL);

  self->burst = MAX (burst, 1u);
  self->per_second = per_second > 0 ? per_second : 1.0;

  return self;
}

static gboolean
bucket_is_full (gpointer key, gpointer value, gpointer user_data)
{
  WwHubRateLimiter *self = ((gpointer *)user_data)[0];
  gint64            now_us = *(gint64 *)((gpointer *)user_data)[1];
  Bucket           *bucket = value;

  return bucket->tokens + (now_us - bucket->updated_us) / (double)G_USEC_PER_SEC * self->per_second >= self->burst;
}

/* Takes one token for @key. Without one, says in how many whole seconds
 * the next one comes (for Retry-After) and returns %FALSE. */
gboolean
ww_hub_rate_limiter_take (WwHubRateLimiter *self, const char *key, gint64 now_us, guint *retry_after_seconds)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Bucket *bucket;

  g_return_val_if_fail (WW_HUB_IS_RATE_LIMITER (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);

  /* Full buckets carry no information: drop them so the table stays small. */
  if (g_hash_table_size (self->buckets) >= MAX_KEYS)
    {
      gpointer data[2] = { self, &now_us };

      g_hash_table_foreach_remove (self->buckets, bucket_is_full, data);
    }

  bucket = g_hash_table_lookup (self->buckets, key);
  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = self->burst;
      bucket->updated_us = now_us;
      g_hash_table_insert (self->buckets, g_strdup (key), bucket);
    }

  bucket->tokens = MIN ((double)self->burst,
                        bucket->tokens + (now_us - bucket->updated_us) / (double)G_USEC_PER_SEC * self->per_second);
  bucket->updated_us = now_us;

  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }

  if (retry_after_seconds != NULL)
    *retry_after_seconds = (guint)MAX (1.0, ceil ((1.0 - bucket->tokens) / self->per_second));
  return FALSE;
}

void
ww_hub_rate_limiter_forget (WwHubRateLimiter *self, const char *key)
{
  g_autoptr (GMutexLocker) locker = NULL;

  g_return_if_fail (WW_HUB_IS_RATE_LIMITER (self));

  locker = g_mutex_locker_new (&self->mutex);
  g_hash_table_remove (self->buckets, key);
}
