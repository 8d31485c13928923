/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * What assistive technology should not see. GTK 4.8 shows every page of a
 * GtkStack and the child of a closed GtkRevealer to AT-SPI as if it were
 * on screen: a screen reader would read the welcome screen, the home screen
 * and the step at once. These helpers mark what is not on screen hidden.
 */

#include "config.h"

#include "ww-kiosk-a11y.h"

void
ww_kiosk_a11y_set_hidden (GtkWidget *widget, gboolean hidden)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (hidden)
    gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN);
}

static void
update_stack (GtkStack *stack)
{
  GtkWidget *visible = gtk_stack_get_visible_child (stack);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (stack)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStackPage *page = gtk_stack_get_page (stack, child);

      ww_kiosk_a11y_set_hidden (child, child != visible);
      if (page != NULL && GTK_IS_ACCESSIBLE (page))
        {
          if (child != visible)
            gtk_accessible_update_state (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
          else
            gtk_accessible_reset_state (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_STATE_HIDDEN);
        }
    }
}

static void
visible_child_changed_cb (GtkStack *stack, GParamSpec *pspec, gpointer user_data)
{
  update_stack (stack);
}

static void
stack_children_changed_cb (GtkSelectionModel *pages, guint position, guint removed, guint added, GtkStack *stack)
{
  update_stack (stack);
}

/* Keeps every page but the visible one hidden from assistive technology. */
void
ww_kiosk_a11y_track_stack (GtkStack *stack)
{
  g_autoptr (GtkSelectionModel) pages = NULL;

  g_return_if_fail (GTK_IS_STACK (stack));

  pages = gtk_stack_get_pages (stack);
  g_signal_connect (stack, "notify::visible-child", G_CALLBACK (visible_child_changed_cb), NULL);
  g_signal_connect_object (pages, "items-changed", G_CALLBACK (stack_children_changed_cb), stack, G_CONNECT_DEFAULT);
  update_stack (stack);
}

static void
reveal_changed_cb (GtkRevealer *revealer, GParamSpec *pspec, gpointer user_data)
{
  GtkWidget *child = gtk_revealer_get_child (revealer);

  if (child != NULL)
    ww_kiosk_a11y_set_hidden (child, !gtk_revealer_get_reveal_child (revealer));
}

/* Keeps the child of a closed revealer hidden from assistive technology. */
void
ww_kiosk_a11y_track_revealer (GtkRevealer *revealer)
{
  g_return_if_fail (GTK_IS_REVEALER (revealer));

  g_signal_connect (revealer, "notify::reveal-child", G_CALLBACK (reveal_changed_cb), NULL);
  reveal_changed_cb (revealer, NULL, NULL);
}
