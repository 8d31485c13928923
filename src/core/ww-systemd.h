/* SPDX-License-Identifier: EUPL-1.2 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  ww_systemd_notify (const char *state);
guint ww_systemd_watchdog_start (gboolean child_of_main);

G_END_DECLS
