/* SPDX-License-Identifier: EUPL-1.2 */

#pragma once

#include "ww-systemd.h"

G_BEGIN_DECLS

guint64 _ww_systemd_watchdog_interval (gboolean child_of_main);

G_END_DECLS
