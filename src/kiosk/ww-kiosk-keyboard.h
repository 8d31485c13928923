/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-kiosk-enums.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_KEYBOARD (ww_kiosk_keyboard_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskKeyboard, ww_kiosk_keyboard, WW, KIOSK_KEYBOARD, GtkWidget)

GtkEditable          *ww_kiosk_keyboard_get_target (WwKioskKeyboard *self);
void                  ww_kiosk_keyboard_set_target (WwKioskKeyboard *self, GtkEditable *target);
const char           *ww_kiosk_keyboard_get_language (WwKioskKeyboard *self);
void                  ww_kiosk_keyboard_set_language (WwKioskKeyboard *self, const char *language);
WwKioskKeyboardLayout ww_kiosk_keyboard_get_layout (WwKioskKeyboard *self);
void                  ww_kiosk_keyboard_set_layout (WwKioskKeyboard *self, WwKioskKeyboardLayout layout);
void                  ww_kiosk_keyboard_press_key (WwKioskKeyboard *self, const char *text);

G_END_DECLS
