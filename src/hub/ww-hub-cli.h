/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-hub-store.h"

G_BEGIN_DECLS

/* Exit statuses of every sub-command. */
#define WW_HUB_EXIT_OK 0
#define WW_HUB_EXIT_FAILED 1
#define WW_HUB_EXIT_USAGE 2

int ww_hub_cli_run (int argc, char **argv);
int ww_hub_serve_main (int argc, char **argv);
int ww_hub_admin_main (int argc, char **argv);
int ww_hub_demo_main (int argc, char **argv);

/* Shared by admin and demo. */
char    *ww_hub_cli_store_admin (WwHubStore *store, const char *command, const char *const *args, GError **error);
gboolean ww_hub_cli_write_private_file (const char *path, const char *contents, GError **error);
gboolean ww_hub_cli_is_id (const char *id);

G_END_DECLS
