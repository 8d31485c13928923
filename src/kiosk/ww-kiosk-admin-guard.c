/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Checks the admin PIN against the argon2id hash of the `admin-pin-hash`
 * setting, and throttles guessing: after WW_KIOSK_ADMIN_MAX_FAILURES wrong
 * PINs in a row every attempt is refused for WW_KIOSK_ADMIN_LOCK_SECONDS.
 *
 * The guard belongs to the application, not to a resident's session, so
 * that ending a visit does not reset the count. Hashing is deliberately
 * slow and memory-hard, so it runs in a worker thread; the PIN is copied
 * into memory libsodium wipes, and one attempt runs at a time.
 */

#include "config.h"

#include "ww-kiosk-admin-guard.h"

#include <sodium.h>

#include "ww-error.h"

struct _WwKioskAdminGuard
{
  GObject parent_instance;

  guint    failures;
  gint64   locked_until;
  guint    lock_seconds;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (WwKioskAdminGuard, ww_kiosk_admin_guard, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FAILURES,
  PROP_LOCK_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *pin;
  char *hash;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  if (data->pin != NULL)
    sodium_free (data->pin);
  g_free (data->hash);
  g_free (data);
}

static void
verify_in_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  VerifyData *data = task_data;

  if (crypto_pwhash_str_verify (data->hash, data->pin, strlen (data->pin)) == 0)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, WW_ERROR, WW_ERROR_UNAUTHORIZED, "Wrong PIN");
}

static void
ww_kiosk_admin_guard_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskAdminGuard *self = WW_KIOSK_ADMIN_GUARD (object);

  switch (prop_id)
    {
    case PROP_FAILURES:
      g_value_set_uint (value, self->failures);
      break;
    case PROP_LOCK_SECONDS:
      g_value_set_uint (value, self->lock_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_admin_guard_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskAdminGuard *self = WW_KIOSK_ADMIN_GUARD (object);

  switch (prop_id)
    {
    case PROP_LOCK_SECONDS:
      if (self->lock_seconds != g_value_get_uint (value))
        {
          self->lock_seconds = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FAILURES:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_admin_guard_class_init (WwKioskAdminGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ww_kiosk_admin_guard_get_property;
  object_class->set_property = ww_kiosk_admin_guard_set_property;

  properties[PROP_FAILURES] = g_param_spec_uint ("failures", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskAdminGuard:lock-seconds:
   *
   * How long the guard refuses every PIN after too many wrong ones. Tests
   * shorten it.
   */
  properties[PROP_LOCK_SECONDS] =
      g_param_spec_uint ("lock-seconds", NULL, NULL, 0, G_MAXUINT, WW_KIOSK_ADMIN_LOCK_SECONDS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_kiosk_admin_guard_init (WwKioskAdminGuard *self)
{
  self->lock_seconds = WW_KIOSK_ADMIN_LOCK_SECONDS;
}

WwKioskAdminGuard *
ww_kiosk_admin_guard_new (void)
{
  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");

  return g_object_new (WW_TYPE_KIOSK_ADMIN_GUARD, NULL);
}

/*
 * Checks @pin against @pin_hash. Fails with %WW_ERROR_PERMISSION_DENIED
 * when @pin_hash is empty (the admin screen is off), %WW_ERROR_RATE_LIMITED
 * while locked or while another check runs, and %WW_ERROR_UNAUTHORIZED for
 * a wrong PIN.
 */
void
ww_kiosk_admin_guard_verify_async (WwKioskAdminGuard  *self,
                                   const char         *pin,
                                   const char         *pin_hash,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  VerifyData *data;
  gsize       pin_length;

  g_return_if_fail (WW_IS_KIOSK_ADMIN_GUARD (self));
  g_return_if_fail (pin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_kiosk_admin_guard_verify_async);
  g_task_set_name (task, "[wegwijs] verify admin PIN");
  /* The answer counts even when the screen that asked went away. */
  g_task_set_check_cancellable (task, FALSE);

  if (pin_hash == NULL || *pin_hash == '\0')
    {
      g_task_return_new_error (task, WW_ERROR, WW_ERROR_PERMISSION_DENIED, "The admin screen is disabled");
      return;
    }

  if (self->busy || ww_kiosk_admin_guard_get_lock_remaining (self) > 0)
    {
      g_task_return_new_error (task, WW_ERROR, WW_ERROR_RATE_LIMITED, "Too many wrong PINs");
      return;
    }

  pin_length = strlen (pin);
  data = g_new0 (VerifyData, 1);
  data->pin = sodium_malloc (pin_length + 1);
  memcpy (data->pin, pin, pin_length + 1);
  data->hash = g_strdup (pin_hash);
  g_task_set_task_data (task, data, (GDestroyNotify)verify_data_free);

  self->busy = TRUE;
  g_task_run_in_thread (task, verify_in_thread);
}

gboolean
ww_kiosk_admin_guard_verify_finish (WwKioskAdminGuard *self, GAsyncResult *result, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  gboolean ran_check;

  g_return_val_if_fail (WW_IS_KIOSK_ADMIN_GUARD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  ran_check = g_task_get_task_data (G_TASK (result)) != NULL;
  if (ran_check)
    self->busy = FALSE;

  if (g_task_propagate_boolean (G_TASK (result), &local_error))
    {
      if (self->failures != 0)
        {
          self->failures = 0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURES]);
        }
      return TRUE;
    }

  if (ran_check && g_error_matches (local_error, WW_ERROR, WW_ERROR_UNAUTHORIZED))
    {
      self->failures++;
      if (self->failures >= WW_KIOSK_ADMIN_MAX_FAILURES)
        {
          self->locked_until = g_get_monotonic_time () + (gint64)self->lock_seconds * G_USEC_PER_SEC;
          self->failures = 0;
          g_set_error_literal (error, WW_ERROR, WW_ERROR_RATE_LIMITED, "Too many wrong PINs");
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURES]);
          return FALSE;
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURES]);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Wrong PINs since the last good one or the last lock. */
guint
ww_kiosk_admin_guard_get_failures (WwKioskAdminGuard *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_ADMIN_GUARD (self), 0);

  return self->failures;
}

/* Seconds (rounded up) until PINs are accepted again; 0 when not locked. */
guint
ww_kiosk_admin_guard_get_lock_remaining (WwKioskAdminGuard *self)
{
  gint64 now;

  g_return_val_if_fail (WW_IS_KIOSK_ADMIN_GUARD (self), 0);

  now = g_get_monotonic_time ();
  if (self->locked_until <= now)
    return 0;

  return (guint)((self->locked_until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}
