/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-kiosk-shell.h"

G_BEGIN_DECLS

/* For tests: what holding the logo for five seconds does. */
void       _ww_kiosk_shell_admin_gesture_completed (WwKioskShell *self);
GtkWidget *_ww_kiosk_shell_get_keyboard (WwKioskShell *self);
gboolean   _ww_kiosk_shell_get_keyboard_shown (WwKioskShell *self);
GtkWidget *_ww_kiosk_shell_get_offline_banner (WwKioskShell *self);
GtkWidget *_ww_kiosk_shell_get_idle_warning (WwKioskShell *self);
GtkWidget *_ww_kiosk_shell_get_a11y_bar (WwKioskShell *self);
GtkWidget *_ww_kiosk_shell_get_top_bar (WwKioskShell *self);

G_END_DECLS
