/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WW_TYPE_DESK_WINDOW (ww_desk_window_get_type ())

G_DECLARE_FINAL_TYPE (WwDeskWindow, ww_desk_window, WW, DESK_WINDOW, AdwApplicationWindow)

WwDeskWindow *ww_desk_window_new (GtkApplication *application, GSettings *settings);

G_END_DECLS
