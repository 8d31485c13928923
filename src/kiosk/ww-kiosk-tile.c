/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * A big button for a category or a service: an icon, a title and a short
 * summary, all of it one touch target. Its accessible name is the title
 * and its description the summary, through relations to the labels.
 */

#include "config.h"

#include "ww-kiosk-tile.h"

#include "ww-kiosk-reflow-bin.h"

struct _WwKioskTile
{
  GtkButton parent_instance;

  GtkImage *image;
  GtkLabel *title_label;
  GtkLabel *summary_label;
};

G_DEFINE_FINAL_TYPE (WwKioskTile, ww_kiosk_tile, GTK_TYPE_BUTTON)

enum
{
  PROP_0,
  PROP_ICON_NAME,
  PROP_TITLE,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ww_kiosk_tile_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskTile *self = WW_KIOSK_TILE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, gtk_image_get_icon_name (self->image));
      break;
    case PROP_TITLE:
      g_value_set_string (value, ww_kiosk_tile_get_title (self));
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, ww_kiosk_tile_get_summary (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_tile_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskTile *self = WW_KIOSK_TILE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      ww_kiosk_tile_set_icon_name (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      ww_kiosk_tile_set_title (self, g_value_get_string (value));
      break;
    case PROP_SUMMARY:
      ww_kiosk_tile_set_summary (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_tile_class_init (WwKioskTileClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ww_kiosk_tile_get_property;
  object_class->set_property = ww_kiosk_tile_set_property;

  properties[PROP_ICON_NAME] = g_param_spec_string (
      "icon-name", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WW_TYPE_KIOSK_REFLOW_BIN);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskTile, image);
  gtk_widget_class_bind_template_child (widget_class, WwKioskTile, title_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskTile, summary_label);
}

static void
ww_kiosk_tile_init (WwKioskTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ww_kiosk_tile_new (const char *icon_name, const char *title, const char *summary)
{
  return g_object_new (WW_TYPE_KIOSK_TILE, "icon-name", icon_name, "title", title, "summary", summary, NULL);
}

const char *
ww_kiosk_tile_get_title (WwKioskTile *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_TILE (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
ww_kiosk_tile_set_title (WwKioskTile *self, const char *title)
{
  g_return_if_fail (WW_IS_KIOSK_TILE (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;

  gtk_label_set_label (self->title_label, title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
ww_kiosk_tile_get_summary (WwKioskTile *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_TILE (self), NULL);

  return gtk_label_get_label (self->summary_label);
}

void
ww_kiosk_tile_set_summary (WwKioskTile *self, const char *summary)
{
  g_return_if_fail (WW_IS_KIOSK_TILE (self));

  if (g_strcmp0 (summary, gtk_label_get_label (self->summary_label)) == 0)
    return;

  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL && *summary != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

/* An icon the theme lacks shows as nothing rather than as a broken image. */
void
ww_kiosk_tile_set_icon_name (WwKioskTile *self, const char *icon_name)
{
  GtkIconTheme *theme;

  g_return_if_fail (WW_IS_KIOSK_TILE (self));

  if (g_strcmp0 (icon_name, gtk_image_get_icon_name (self->image)) == 0)
    return;

  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  if (icon_name != NULL && !gtk_icon_theme_has_icon (theme, icon_name))
    icon_name = "ww-service-generic-symbolic";

  gtk_image_set_from_icon_name (self->image, icon_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}
