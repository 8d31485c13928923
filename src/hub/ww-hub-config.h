/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WW_HUB_TYPE_CONFIG (ww_hub_config_get_type ())
#define WW_HUB_DEFAULT_CONFIG "/etc/wegwijs/hub.conf"

G_DECLARE_FINAL_TYPE (WwHubConfig, ww_hub_config, WW_HUB, CONFIG, GObject)

/*
 * What `wegwijs-hub serve` runs with: the [hub] and [limits] groups of
 * hub.conf, overridden by command-line flags. Fields are public to the
 * hub's own code; the config does not change after start-up.
 */
struct _WwHubConfig
{
  GObject parent_instance;

  char *listen;
  int   port;
  char *port_file;
  char *tls_certificate;
  char *tls_key;
  char *store;      /* "sqlite" (default) or "postgresql" */
  char *database;   /* the SQLite file */
  char *postgresql; /* a libpq connection string, for store=postgresql */
  char *catalog;
  char *upl;
  guint threads; /* server threads; 0 = one per processor */
  /* 1: a ticket needs a volunteer on duty in the branch (the default);
   * 0: the queue is always open, for a branch that does not use presence. */
  guint queue_needs_volunteer;

  guint max_body_bytes;
  guint retention_hours;
  guint purge_interval_seconds;
  guint presence_check_seconds; /* how soon an expired login goes off duty */
  guint session_hours;
  guint ticket_rate_per_minute;
  guint ticket_burst;
  guint login_attempts;
  guint login_window_seconds;
  guint keepalive_seconds;
  guint heartbeat_stale_seconds;
};

WwHubConfig *ww_hub_config_new (void);
gboolean     ww_hub_config_load_file (WwHubConfig *self, const char *path, gboolean must_exist, GError **error);
gboolean     ww_hub_config_check (WwHubConfig *self, GError **error);
char        *ww_hub_config_to_data (WwHubConfig *self);

#include "ww-hub-store.h"

WwHubStore *ww_hub_config_open_store (WwHubConfig *self, GError **error);
void        ww_hub_config_shutdown_store (WwHubStore *store);

G_END_DECLS
