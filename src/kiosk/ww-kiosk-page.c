/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * What every screen can say about itself. The speech seam: the read-aloud
 * button asks the visible page for its main text in reading order and
 * hands it to the speaker.
 */

#include "config.h"

#include "ww-kiosk-page.h"

G_DEFINE_INTERFACE (WwKioskPage, ww_kiosk_page, GTK_TYPE_WIDGET)

/* The labels that are read, in reading order: widget order is reading
 * order, in both text directions. */
static void
collect_labels (GtkWidget *widget, GPtrArray *labels)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget) ||
      gtk_widget_has_css_class (widget, "ww-unread"))
    return;

  if (GTK_IS_LABEL (widget))
    {
      const char *label = gtk_label_get_text (GTK_LABEL (widget));

      if (label != NULL && *label != '\0')
        g_ptr_array_add (labels, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static char *
ww_kiosk_page_real_get_reading_text (WwKioskPage *self)
{
  return ww_kiosk_page_collect_text (GTK_WIDGET (self));
}

static gboolean
ww_kiosk_page_real_focus_default (WwKioskPage *self)
{
  return gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
ww_kiosk_page_default_init (WwKioskPageInterface *iface)
{
  iface->get_reading_text = ww_kiosk_page_real_get_reading_text;
  iface->focus_default = ww_kiosk_page_real_focus_default;
}

/* The page's main text, never %NULL. */
char *
ww_kiosk_page_get_reading_text (WwKioskPage *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_PAGE (self), NULL);

  return WW_KIOSK_PAGE_GET_IFACE (self)->get_reading_text (self);
}

/*
 * Puts the focus where a resident starts on the page (the first step of
 * the guide, the first tile). Not the page's grab_focus(): GTK calls that
 * when Tab walks into a widget, and a page must not bend Tab's order.
 */
gboolean
ww_kiosk_page_focus_default (WwKioskPage *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_PAGE (self), FALSE);

  return WW_KIOSK_PAGE_GET_IFACE (self)->focus_default (self);
}

/* The text of the visible labels under @root, in widget order, one a line.
 * Widgets with the style class "ww-unread" are skipped. */
char *
ww_kiosk_page_collect_text (GtkWidget *root)
{
  GString *text = g_string_new (NULL);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  g_return_val_if_fail (GTK_IS_WIDGET (root), g_string_free (text, FALSE));

  collect_labels (root, labels);
  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (text, "%s\n", gtk_label_get_text (g_ptr_array_index (labels, i)));

  return g_string_free (text, FALSE);
}

/* Adds the labels whose text ww_kiosk_page_collect_text() would give to
 * @labels (unowned), in the same order: the reader pairs them with the
 * lines of a page's reading text to highlight the words it speaks. */
void
ww_kiosk_page_collect_labels (GtkWidget *root, GPtrArray *labels)
{
  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (labels != NULL);

  collect_labels (root, labels);
}
