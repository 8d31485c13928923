/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-kiosk-shell.h"
#include "ww-kiosk-window.h"

G_BEGIN_DECLS

WwKioskShell *_ww_kiosk_window_get_shell (WwKioskWindow *self);
GtkWidget    *_ww_kiosk_window_get_call_banner (WwKioskWindow *self);
void          _ww_kiosk_window_set_screen_size (WwKioskWindow *self, int width, int height);

G_END_DECLS
