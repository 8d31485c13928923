/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_PAGE (ww_kiosk_page_get_type ())

G_DECLARE_INTERFACE (WwKioskPage, ww_kiosk_page, WW, KIOSK_PAGE, GtkWidget)

/**
 * WwKioskPageInterface:
 * @get_reading_text: the page's main content as plain text, in reading
 *   order, one paragraph a line, for reading aloud
 * @focus_default: moves the keyboard focus to where a resident starts on
 *   this page; returns whether something took it
 *
 * A screen of the kiosk.
 */
struct _WwKioskPageInterface
{
  GTypeInterface parent_iface;

  char *(*get_reading_text) (WwKioskPage *self);
  gboolean (*focus_default) (WwKioskPage *self);
};

char    *ww_kiosk_page_get_reading_text (WwKioskPage *self);
gboolean ww_kiosk_page_focus_default (WwKioskPage *self);
char    *ww_kiosk_page_collect_text (GtkWidget *root);
void     ww_kiosk_page_collect_labels (GtkWidget *root, GPtrArray *labels);

G_END_DECLS
