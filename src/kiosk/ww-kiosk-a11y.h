/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ww_kiosk_a11y_set_hidden (GtkWidget *widget, gboolean hidden);
void ww_kiosk_a11y_track_stack (GtkStack *stack);
void ww_kiosk_a11y_track_revealer (GtkRevealer *revealer);

G_END_DECLS
