/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * "Help from a person". Until the help queue exists this explains how to
 * ask at the library desk; when the resident came here from a service, it
 * names that service so they can say what they need.
 */

#include "config.h"

#include "ww-kiosk-help-page.h"

#include <glib/gi18n-lib.h>

#include "ww-kiosk-page.h"

struct _WwKioskHelpPage
{
  GtkWidget parent_instance;

  GtkWidget *content_box;
  GtkLabel  *subject_label;
  GtkWidget *back_button;
};

static void ww_kiosk_help_page_page_init (WwKioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwKioskHelpPage,
                               ww_kiosk_help_page,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WW_TYPE_KIOSK_PAGE, ww_kiosk_help_page_page_init))

static gboolean
ww_kiosk_help_page_focus_default (WwKioskPage *page)
{
  return gtk_widget_grab_focus (WW_KIOSK_HELP_PAGE (page)->back_button);
}

static char *
ww_kiosk_help_page_get_reading_text (WwKioskPage *page)
{
  return ww_kiosk_page_collect_text (WW_KIOSK_HELP_PAGE (page)->content_box);
}

static void
ww_kiosk_help_page_page_init (WwKioskPageInterface *iface)
{
  iface->get_reading_text = ww_kiosk_help_page_get_reading_text;
  iface->focus_default = ww_kiosk_help_page_focus_default;
}

static void
ww_kiosk_help_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_HELP_PAGE);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ww_kiosk_help_page_parent_class)->dispose (object);
}

static void
ww_kiosk_help_page_class_init (WwKioskHelpPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ww_kiosk_help_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-help-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, subject_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, back_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "helppage");
}

static void
ww_kiosk_help_page_init (WwKioskHelpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ww_kiosk_help_page_new (void)
{
  return g_object_new (WW_TYPE_KIOSK_HELP_PAGE, NULL);
}

/* The service the resident was looking at, or %NULL. */
void
ww_kiosk_help_page_set_subject (WwKioskHelpPage *self, const char *subject)
{
  g_return_if_fail (WW_IS_KIOSK_HELP_PAGE (self));

  if (subject != NULL && *subject != '\0')
    {
      g_autofree char *text = g_strdup_printf (_ ("You can say that you need help with: %s."), subject);

      gtk_label_set_label (self->subject_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->subject_label), subject != NULL && *subject != '\0');
}
