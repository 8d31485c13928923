/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_TILE (ww_kiosk_tile_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskTile, ww_kiosk_tile, WW, KIOSK_TILE, GtkButton)

GtkWidget  *ww_kiosk_tile_new (const char *icon_name, const char *title, const char *summary);
const char *ww_kiosk_tile_get_title (WwKioskTile *self);
void        ww_kiosk_tile_set_title (WwKioskTile *self, const char *title);
const char *ww_kiosk_tile_get_summary (WwKioskTile *self);
void        ww_kiosk_tile_set_summary (WwKioskTile *self, const char *summary);
void        ww_kiosk_tile_set_icon_name (WwKioskTile *self, const char *icon_name);

G_END_DECLS
