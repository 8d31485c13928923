/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-hub-config.h"

#include "wegwijs-core.h"
#include "ww-hub-pg-store.h"
#include "ww-hub-sqlite-store.h"

G_DEFINE_FINAL_TYPE (WwHubConfig, ww_hub_config, G_TYPE_OBJECT)

static void
ww_hub_config_finalize (GObject *object)
{
  WwHubConfig *self = WW_HUB_CONFIG (object);

  g_clear_pointer (&self->listen, g_free);
  g_clear_pointer (&self->port_file, g_free);
  g_clear_pointer (&self->tls_certificate, g_free);
  g_clear_pointer (&self->tls_key, g_free);
  g_clear_pointer (&self->store, g_free);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->postgresql, g_free);
  g_clear_pointer (&self->catalog, g_free);
  g_clear_pointer (&self->upl, g_free);

  G_OBJECT_CLASS (ww_hub_config_parent_class)->finalize (object);
}

static void
ww_hub_config_class_init (WwHubConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ww_hub_config_finalize;
}

static void
ww_hub_config_init (WwHubConfig *self)
{
  self->listen = g_strdup ("127.0.0.1");
  self->port = 8443;
  self->store = g_strdup ("sqlite");
  self->database = g_strdup ("/var/lib/wegwijs/hub.db");
  self->catalog = g_strdup (PKGDATADIR "/catalog");
  self->upl = g_strdup (PKGDATADIR "/upl.csv");
  self->max_body_bytes = 16 * 1024;
  self->retention_hours = 24 * 7;
  self->purge_interval_seconds = 600;
  self->presence_check_seconds = 60;
  self->session_hours = 10;
  self->ticket_rate_per_minute = 10;
  self->ticket_burst = 10;
  self->login_attempts = 5;
  self->login_window_seconds = 300;
  self->keepalive_seconds = 15;
  self->heartbeat_stale_seconds = 180;
  self->queue_needs_volunteer = 1;
}

WwHubConfig *
ww_hub_config_new (void)
{
  return g_object_new (WW_HUB_TYPE_CONFIG, NULL);
}

static gboolean
read_string (GKeyFile *file, const char *group, const char *key, char **field, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *value = g_key_file_get_string (file, group, key, &local_error);

  if (value == NULL)
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) ||
          g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "[%s] %s: ", group, key);
      return FALSE;
    }

  g_free (*field);
  *field = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
read_uint (GKeyFile *file, const char *group, const char *key, guint min, guint max, guint *field, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  guint64 value;

  if (!g_key_file_has_key (file, group, key, NULL))
    return TRUE;

  value = g_key_file_get_uint64 (file, group, key, &local_error);
  if (local_error != NULL || value < min || value > max)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "[%s] %s must be a whole number from %u to %u", group, key,
                   min, max);
      return FALSE;
    }

  *field = (guint)value;
  return TRUE;
}

/* Reads hub.conf; a missing file is an error only when it was named. */
gboolean
ww_hub_config_load_file (WwHubConfig *self, const char *path, gboolean must_exist, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;
  guint port = (guint)self->port;

  g_return_val_if_fail (WW_HUB_IS_CONFIG (self), FALSE);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      if (!must_exist && g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }

  return read_string (file, "hub", "listen", &self->listen, error) &&
         read_uint (file, "hub", "port", 0, 65535, &port, error) &&
         read_string (file, "hub", "tls-certificate", &self->tls_certificate, error) &&
         read_string (file, "hub", "tls-key", &self->tls_key, error) &&
         read_string (file, "hub", "store", &self->store, error) &&
         read_string (file, "hub", "database", &self->database, error) &&
         read_string (file, "hub", "postgresql", &self->postgresql, error) &&
         read_string (file, "hub", "catalog", &self->catalog, error) &&
         read_string (file, "hub", "upl", &self->upl, error) &&
         read_uint (file, "hub", "threads", 0, 64, &self->threads, error) &&
         read_uint (file, "hub", "queue-needs-volunteer", 0, 1, &self->queue_needs_volunteer, error) &&
         read_uint (file, "limits", "max-body-bytes", 1024, 1024 * 1024, &self->max_body_bytes, error) &&
         read_uint (file, "limits", "retention-hours", 1, 24 * 366, &self->retention_hours, error) &&
         read_uint (file, "limits", "purge-interval-seconds", 1, 86400, &self->purge_interval_seconds, error) &&
         read_uint (file, "limits", "presence-check-seconds", 1, 3600, &self->presence_check_seconds, error) &&
         read_uint (file, "limits", "session-hours", 1, 24 * 31, &self->session_hours, error) &&
         read_uint (file, "limits", "ticket-rate-per-minute", 1, 1000000, &self->ticket_rate_per_minute, error) &&
         read_uint (file, "limits", "ticket-burst", 1, 1000000, &self->ticket_burst, error) &&
         read_uint (file, "limits", "login-attempts", 1, 1000000, &self->login_attempts, error) &&
         read_uint (file, "limits", "login-window-seconds", 1, 86400, &self->login_window_seconds, error) &&
         read_uint (file, "limits", "keepalive-seconds", 1, 3600, &self->keepalive_seconds, error) &&
         read_uint (file, "limits", "heartbeat-stale-seconds", 10, 86400, &self->heartbeat_stale_seconds, error) &&
         (self->port = (int)port, TRUE);
}

/* store=sqlite needs database=, store=postgresql needs postgresql=. */
static gboolean
ww_hub_config_check_store (WwHubConfig *self, GError **error)
{
  if (g_strcmp0 (self->store, "sqlite") == 0)
    return TRUE;
  if (g_strcmp0 (self->store, "postgresql") != 0)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "[hub] store must be sqlite or postgresql, not “%s”",
                   self->store);
      return FALSE;
    }
  if (self->postgresql == NULL || self->postgresql[0] == '\0')
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA,
                           "store=postgresql needs a connection string in [hub] postgresql "
                           "(e.g. postgresql=host=db.example dbname=wegwijs user=wegwijs)");
      return FALSE;
    }
  return TRUE;
}

/* A hub never starts half-configured: no certificate, no server. */
gboolean
ww_hub_config_check (WwHubConfig *self, GError **error)
{
  g_return_val_if_fail (WW_HUB_IS_CONFIG (self), FALSE);

  if (self->tls_certificate == NULL || self->tls_key == NULL)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA,
                           "a TLS certificate and key are required (tls-certificate and tls-key in [hub], "
                           "or --tls-cert and --tls-key); the hub never serves plain HTTP");
      return FALSE;
    }
  if (!ww_hub_config_check_store (self, error))
    return FALSE;
  if (self->port < 0 || self->port > 65535)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "port %d is not a TCP port", self->port);
      return FALSE;
    }

  return TRUE;
}

/* The config as a hub.conf file, for `wegwijs-hub demo`. */
char *
ww_hub_config_to_data (WwHubConfig *self)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();

  g_key_file_set_string (file, "hub", "listen", self->listen);
  g_key_file_set_integer (file, "hub", "port", self->port);
  if (self->tls_certificate != NULL)
    g_key_file_set_string (file, "hub", "tls-certificate", self->tls_certificate);
  if (self->tls_key != NULL)
    g_key_file_set_string (file, "hub", "tls-key", self->tls_key);
  g_key_file_set_string (file, "hub", "store", self->store);
  g_key_file_set_string (file, "hub", "database", self->database);
  if (self->postgresql != NULL)
    g_key_file_set_string (file, "hub", "postgresql", self->postgresql);
  g_key_file_set_string (file, "hub", "catalog", self->catalog);
  g_key_file_set_string (file, "hub", "upl", self->upl);
  g_key_file_set_uint64 (file, "limits", "retention-hours", self->retention_hours);
  g_key_file_set_uint64 (file, "limits", "session-hours", self->session_hours);
  g_key_file_set_uint64 (file, "limits", "ticket-rate-per-minute", self->ticket_rate_per_minute);
  g_key_file_set_uint64 (file, "limits", "ticket-burst", self->ticket_burst);

  return g_key_file_to_data (file, NULL, NULL);
}

/* The store hub.conf asks for: SQLite (one hub) or PostgreSQL (several). */
WwHubStore *
ww_hub_config_open_store (WwHubConfig *self, GError **error)
{
  g_return_val_if_fail (WW_HUB_IS_CONFIG (self), NULL);

  if (!ww_hub_config_check_store (self, error))
    return NULL;
  if (g_str_equal (self->store, "postgresql"))
    return WW_HUB_STORE (ww_hub_pg_store_new (self->postgresql, self->queue_needs_volunteer != 0, error));
  return WW_HUB_STORE (ww_hub_sqlite_store_new (self->database, self->queue_needs_volunteer != 0, error));
}

/* Finishes what the store accepted and closes it (see the stores). */
void
ww_hub_config_shutdown_store (WwHubStore *store)
{
  if (WW_HUB_IS_PG_STORE (store))
    ww_hub_pg_store_shutdown (WW_HUB_PG_STORE (store));
  else if (WW_HUB_IS_SQLITE_STORE (store))
    ww_hub_sqlite_store_shutdown (WW_HUB_SQLITE_STORE (store));
}
