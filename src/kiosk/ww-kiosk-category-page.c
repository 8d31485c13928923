/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * One category: its title, a line about it, and its services as tiles.
 */

#include "config.h"

#include "ww-kiosk-category-page.h"

#include "ww-kiosk-page.h"
#include "ww-kiosk-tile.h"
#include "wegwijs-core.h"

struct _WwKioskCategoryPage
{
  GtkWidget parent_instance;

  GtkWidget  *content_box;
  GtkLabel   *title_label;
  GtkLabel   *summary_label;
  GtkFlowBox *services_box;

  WwCategory *category;
  char       *language;
};

static void ww_kiosk_category_page_page_init (WwKioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwKioskCategoryPage,
                               ww_kiosk_category_page,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WW_TYPE_KIOSK_PAGE, ww_kiosk_category_page_page_init))

enum
{
  PROP_0,
  PROP_CATEGORY,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
ww_kiosk_category_page_focus_default (WwKioskPage *page)
{
  return gtk_widget_child_focus (GTK_WIDGET (WW_KIOSK_CATEGORY_PAGE (page)->services_box), GTK_DIR_TAB_FORWARD);
}

static char *
ww_kiosk_category_page_get_reading_text (WwKioskPage *page)
{
  return ww_kiosk_page_collect_text (WW_KIOSK_CATEGORY_PAGE (page)->content_box);
}

static void
ww_kiosk_category_page_page_init (WwKioskPageInterface *iface)
{
  iface->get_reading_text = ww_kiosk_category_page_get_reading_text;
  iface->focus_default = ww_kiosk_category_page_focus_default;
}

static void
ww_kiosk_category_page_constructed (GObject *object)
{
  WwKioskCategoryPage *self = WW_KIOSK_CATEGORY_PAGE (object);
  GListModel          *services;

  G_OBJECT_CLASS (ww_kiosk_category_page_parent_class)->constructed (object);

  g_return_if_fail (self->category != NULL);

  gtk_label_set_label (self->title_label, ww_text_get (ww_category_get_title (self->category), self->language));
  gtk_label_set_label (self->summary_label, ww_text_get (ww_category_get_summary (self->category), self->language));

  services = ww_category_get_services (self->category);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr (WwService) service = g_list_model_get_item (services, i);
      GtkWidget *tile = ww_kiosk_tile_new (ww_service_get_icon_name (service),
                                           ww_text_get (ww_service_get_title (service), self->language),
                                           ww_text_get (ww_service_get_summary (service), self->language));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (tile), "nav.open-service");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (tile), "s", ww_service_get_id (service));
      gtk_flow_box_append (self->services_box, tile);
      gtk_widget_set_focusable (gtk_widget_get_parent (tile), FALSE);
    }
}

static void
ww_kiosk_category_page_dispose (GObject *object)
{
  WwKioskCategoryPage *self = WW_KIOSK_CATEGORY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_CATEGORY_PAGE);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->category);

  G_OBJECT_CLASS (ww_kiosk_category_page_parent_class)->dispose (object);
}

static void
ww_kiosk_category_page_finalize (GObject *object)
{
  WwKioskCategoryPage *self = WW_KIOSK_CATEGORY_PAGE (object);

  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (ww_kiosk_category_page_parent_class)->finalize (object);
}

static void
ww_kiosk_category_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskCategoryPage *self = WW_KIOSK_CATEGORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_object (value, self->category);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_category_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskCategoryPage *self = WW_KIOSK_CATEGORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      self->category = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      self->language = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_category_page_class_init (WwKioskCategoryPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ww_kiosk_category_page_constructed;
  object_class->dispose = ww_kiosk_category_page_dispose;
  object_class->finalize = ww_kiosk_category_page_finalize;
  object_class->get_property = ww_kiosk_category_page_get_property;
  object_class->set_property = ww_kiosk_category_page_set_property;

  properties[PROP_CATEGORY] = g_param_spec_object ("category", NULL, NULL, WW_TYPE_CATEGORY,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, "nl",
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-category-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskCategoryPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskCategoryPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskCategoryPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskCategoryPage, services_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "categorypage");
}

static void
ww_kiosk_category_page_init (WwKioskCategoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ww_kiosk_category_page_new (WwCategory *category, const char *language)
{
  g_return_val_if_fail (WW_IS_CATEGORY (category), NULL);

  return g_object_new (WW_TYPE_KIOSK_CATEGORY_PAGE, "category", category, "language", language, NULL);
}

WwCategory *
ww_kiosk_category_page_get_category (WwKioskCategoryPage *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_CATEGORY_PAGE (self), NULL);

  return self->category;
}
