/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk's line to its hub: the typed client made from the enrolment
 * file (kiosk id, device token, hub address, CA) and the settings (hub
 * addresses, CA, pins), and the heartbeat that tells the hub this kiosk is
 * up. `online` follows the client's reachability; while the hub is gone
 * the heartbeat doubles as a quick probe, so the kiosk comes back by
 * itself. Everything is asynchronous: nothing here waits on the network.
 *
 * For tests and uninstalled runs, WEGWIJS_KIOSK_ENROLMENT names another
 * enrolment file and WEGWIJS_HEARTBEAT_MS / WEGWIJS_HUB_PROBE_MS shorten
 * the intervals.
 */

#include "config.h"

#include "ww-kiosk-hub.h"

#define DEFAULT_PROBE_MS 5000
#define MAX_ENROLMENT_BYTES (64 * 1024)

struct _WwKioskHub
{
  GObject parent_instance;

  WwHubClient  *client;
  char         *kiosk_id;
  char         *branch_id;
  char         *branch_name;
  char         *printer_status;
  char         *catalog_etag;
  GCancellable *cancellable;
  gint64        started_at;
  guint         heartbeat_ms;
  guint         probe_ms;
  guint         timeout_id;
  gboolean      in_flight;
  gboolean      running;
};

G_DEFINE_FINAL_TYPE (WwKioskHub, ww_kiosk_hub, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ONLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule (WwKioskHub *self);

static guint
env_ms (const char *name, guint fallback)
{
  const char *value = g_getenv (name);
  guint64     ms;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 10, G_MAXUINT, &ms, NULL))
    return fallback;
  return (guint)ms;
}

static void
heartbeat_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *reply = ww_hub_client_send_heartbeat_finish (WW_HUB_CLIENT (object), result, &error);
  WwKioskHub      *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_KIOSK_HUB (user_data);
  self->in_flight = FALSE;
  if (reply == NULL)
    g_debug ("Heartbeat not delivered: %s", error->message);
  schedule (self);
  g_object_unref (self);
}

static void
send_heartbeat (WwKioskHub *self)
{
  WwHeartbeat heartbeat = {
    .version = PACKAGE_VERSION,
    .uptime_seconds = (g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC,
    .catalog_etag = self->catalog_etag,
    .speech_status = NULL,
    .printer_status = self->printer_status,
  };

  if (self->in_flight)
    return;
  self->in_flight = TRUE;
  ww_hub_client_send_heartbeat_async (self->client, self->kiosk_id, &heartbeat, self->cancellable, heartbeat_sent_cb,
                                      g_object_ref (self));
}

static gboolean
heartbeat_due_cb (gpointer user_data)
{
  WwKioskHub *self = user_data;

  self->timeout_id = 0;
  send_heartbeat (self);
  return G_SOURCE_REMOVE;
}

/* The next heartbeat: at the configured interval while the hub answers,
 * sooner while it does not, so that the kiosk notices it is back. */
static void
schedule (WwKioskHub *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (!self->running)
    return;
  self->timeout_id = g_timeout_add (ww_hub_client_get_reachable (self->client) ? self->heartbeat_ms : self->probe_ms,
                                    heartbeat_due_cb, self);
}

static void
reachable_changed_cb (WwHubClient *client, GParamSpec *pspec, WwKioskHub *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
ww_kiosk_hub_dispose (GObject *object)
{
  WwKioskHub *self = WW_KIOSK_HUB (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, reachable_changed_cb, self);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ww_kiosk_hub_parent_class)->dispose (object);
}

static void
ww_kiosk_hub_finalize (GObject *object)
{
  WwKioskHub *self = WW_KIOSK_HUB (object);

  g_free (self->kiosk_id);
  g_free (self->branch_id);
  g_free (self->branch_name);
  g_free (self->printer_status);
  g_free (self->catalog_etag);

  G_OBJECT_CLASS (ww_kiosk_hub_parent_class)->finalize (object);
}

static void
ww_kiosk_hub_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskHub *self = WW_KIOSK_HUB (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, ww_kiosk_hub_get_online (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_hub_class_init (WwKioskHubClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ww_kiosk_hub_dispose;
  object_class->finalize = ww_kiosk_hub_finalize;
  object_class->get_property = ww_kiosk_hub_get_property;

  /**
   * WwKioskHub:online:
   *
   * Whether the hub answered the last request. %TRUE until the first
   * request fails.
   */
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, TRUE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_kiosk_hub_init (WwKioskHub *self)
{
  self->cancellable = g_cancellable_new ();
  self->started_at = g_get_monotonic_time ();
  self->heartbeat_ms = 60 * 1000;
  self->probe_ms = env_ms ("WEGWIJS_HUB_PROBE_MS", DEFAULT_PROBE_MS);
  self->printer_status = g_strdup ("none");
}

WwKioskHub *
ww_kiosk_hub_new (const char *const *urls,
                  const char        *ca_file,
                  const char        *token,
                  const char        *kiosk_id,
                  const char        *branch_id,
                  GError           **error)
{
  g_autoptr (WwKioskHub) self = NULL;
  g_autoptr (WwHttpClient) http = NULL;

  g_return_val_if_fail (urls != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (urls[0] == NULL || token == NULL || *token == '\0' || kiosk_id == NULL || *kiosk_id == '\0')
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "The kiosk is not enrolled at a hub");
      return NULL;
    }

  self = g_object_new (WW_TYPE_KIOSK_HUB, NULL);
  http = ww_http_client_new ();
  if (ca_file != NULL && *ca_file != '\0')
    ww_http_client_set_ca_file (http, ca_file);
  ww_http_client_set_connect_timeout_ms (http, env_ms ("WEGWIJS_HUB_CONNECT_TIMEOUT_MS", 3000));
  ww_http_client_set_timeout_ms (http, env_ms ("WEGWIJS_HUB_TIMEOUT_MS", 10000));
  self->client = ww_hub_client_new (http, urls, error);
  if (self->client == NULL)
    return NULL;

  ww_hub_client_set_token (self->client, token);
  self->kiosk_id = g_strdup (kiosk_id);
  self->branch_id = g_strdup (branch_id != NULL ? branch_id : "");
  g_signal_connect (self->client, "notify::reachable", G_CALLBACK (reachable_changed_cb), self);

  return g_steal_pointer (&self);
}

static const char *
member_string (json_object *object, const char *key)
{
  json_object *value;

  if (!json_object_object_get_ex (object, key, &value) || !json_object_is_type (value, json_type_string))
    return NULL;
  return json_object_get_string (value);
}

/*
 * The hub this kiosk was enrolled at. The enrolment file (JSON, written by
 * `wegwijs-hub admin enrol-kiosk`) holds the secret token, so it is read
 * here and never copied into settings. Addresses and the CA in the
 * settings win over the file's, so that an admin can add a second hub.
 * Reading a small local file once at start-up is the only blocking I/O.
 */
WwKioskHub *
ww_kiosk_hub_new_from_settings (GSettings *settings, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *ca_file = g_settings_get_string (settings, "hub-ca-file");
  g_autofree char *branch_id = g_settings_get_string (settings, "branch-id");
  g_auto (GStrv) urls = g_settings_get_strv (settings, "hub-urls");
  g_auto (GStrv) pins = g_settings_get_strv (settings, "hub-pins");
  g_autoptr (GFile) file = NULL;
  g_autoptr (json_object) enrolment = NULL;
  g_autoptr (WwKioskHub) self = NULL;
  const char *env_path = g_getenv ("WEGWIJS_KIOSK_ENROLMENT");

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  path =
      env_path != NULL && *env_path != '\0' ? g_strdup (env_path) : g_settings_get_string (settings, "enrolment-file");
  if (*path == '\0')
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_NOT_FOUND, "No enrolment file is configured");
      return NULL;
    }

  file = g_file_new_for_path (path);
  enrolment = ww_json_parse_file (file, MAX_ENROLMENT_BYTES, 4, error);
  if (enrolment == NULL)
    return NULL;
  if (!json_object_is_type (enrolment, json_type_object))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s is not an enrolment file", path);
      return NULL;
    }

  if (urls[0] == NULL && member_string (enrolment, "hubUrl") != NULL)
    {
      g_strfreev (urls);
      urls = g_new0 (char *, 2);
      urls[0] = g_strdup (member_string (enrolment, "hubUrl"));
    }
  if (*ca_file == '\0' && member_string (enrolment, "caFile") != NULL)
    {
      g_free (ca_file);
      ca_file = g_strdup (member_string (enrolment, "caFile"));
    }
  if (*branch_id == '\0' && member_string (enrolment, "branchId") != NULL)
    {
      g_free (branch_id);
      branch_id = g_strdup (member_string (enrolment, "branchId"));
    }

  self = ww_kiosk_hub_new ((const char *const *)urls, ca_file, member_string (enrolment, "token"),
                           member_string (enrolment, "kioskId"), branch_id, error);
  if (self == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (pins[0] != NULL)
    ww_http_client_set_pinned_keys (ww_hub_client_get_http_client (self->client), (const char *const *)pins);
  self->branch_name = g_strdup (member_string (enrolment, "branchName"));
  self->heartbeat_ms = env_ms ("WEGWIJS_HEARTBEAT_MS", g_settings_get_uint (settings, "heartbeat-interval") * 1000);

  return g_steal_pointer (&self);
}

WwHubClient *
ww_kiosk_hub_get_client (WwKioskHub *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HUB (self), NULL);
  return self->client;
}

const char *
ww_kiosk_hub_get_kiosk_id (WwKioskHub *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HUB (self), NULL);
  return self->kiosk_id;
}

const char *
ww_kiosk_hub_get_branch_id (WwKioskHub *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HUB (self), NULL);
  return self->branch_id;
}

/* The branch's name for print, or its id when the enrolment has none. */
const char *
ww_kiosk_hub_get_branch_name (WwKioskHub *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HUB (self), NULL);
  return self->branch_name != NULL ? self->branch_name : self->branch_id;
}

gboolean
ww_kiosk_hub_get_online (WwKioskHub *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HUB (self), FALSE);
  return ww_hub_client_get_reachable (self->client);
}

/* What the next heartbeat says about the printer ("none", "ready", …). */
void
ww_kiosk_hub_set_printer_status (WwKioskHub *self, const char *printer_status)
{
  g_return_if_fail (WW_IS_KIOSK_HUB (self));
  g_free (self->printer_status);
  self->printer_status = g_strdup (printer_status);
}

void
ww_kiosk_hub_set_catalog_etag (WwKioskHub *self, const char *catalog_etag)
{
  g_return_if_fail (WW_IS_KIOSK_HUB (self));
  g_free (self->catalog_etag);
  self->catalog_etag = g_strdup (catalog_etag);
}

/* Starts the heartbeat with one right away. */
void
ww_kiosk_hub_start (WwKioskHub *self)
{
  g_return_if_fail (WW_IS_KIOSK_HUB (self));

  self->running = TRUE;
  send_heartbeat (self);
}

void
ww_kiosk_hub_stop (WwKioskHub *self)
{
  g_return_if_fail (WW_IS_KIOSK_HUB (self));

  self->running = FALSE;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

/* A heartbeat now, e.g. when another request failed: it finds out sooner
 * whether the hub is back. */
void
ww_kiosk_hub_check_now (WwKioskHub *self)
{
  g_return_if_fail (WW_IS_KIOSK_HUB (self));

  if (self->running)
    send_heartbeat (self);
}
