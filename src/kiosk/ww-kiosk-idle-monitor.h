/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>

#include "ww-kiosk-enums.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_IDLE_MONITOR (ww_kiosk_idle_monitor_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskIdleMonitor, ww_kiosk_idle_monitor, WW, KIOSK_IDLE_MONITOR, GObject)

WwKioskIdleMonitor *ww_kiosk_idle_monitor_new (void);
void                ww_kiosk_idle_monitor_start (WwKioskIdleMonitor *self);
void                ww_kiosk_idle_monitor_stop (WwKioskIdleMonitor *self);
void                ww_kiosk_idle_monitor_poke (WwKioskIdleMonitor *self);
guint               ww_kiosk_idle_monitor_get_timeout (WwKioskIdleMonitor *self);
guint               ww_kiosk_idle_monitor_get_warning_time (WwKioskIdleMonitor *self);
WwKioskIdleState    ww_kiosk_idle_monitor_get_state (WwKioskIdleMonitor *self);
guint               ww_kiosk_idle_monitor_get_remaining (WwKioskIdleMonitor *self);

G_END_DECLS
