/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        kiosk_test_iterate (guint milliseconds);
gboolean    kiosk_test_wait_until (gboolean (*predicate) (gpointer data), gpointer data, guint timeout_ms);
void        kiosk_test_wait_for_frame (GtkWidget *widget);
GtkWidget  *kiosk_test_find_actionable (GtkWidget *root, const char *action_name, const char *target);
GtkWidget  *kiosk_test_find_by_type (GtkWidget *root, GType type);
GtkWidget  *kiosk_test_find_label (GtkWidget *root, const char *text);
GPtrArray  *kiosk_test_collect (GtkWidget *root, GType type, gboolean visible_only);
void        kiosk_test_click (GtkWidget *button);
gboolean    kiosk_test_is_showing (GtkWidget *widget);
GdkTexture *kiosk_test_render (GtkWidget *window);
char       *kiosk_test_screenshot (GtkWidget *window, const char *name);
double      kiosk_test_contrast_in (GdkTexture *texture, GtkWidget *window, GtkWidget *widget, double *luminance_bg);

void kiosk_test_check_sizes (GtkWidget *widget);

void kiosk_test_allow_criticals (void);

G_END_DECLS
