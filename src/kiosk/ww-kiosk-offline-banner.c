/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * A calm note under the top bar while the kiosk has no hub: everything on
 * the screen still works, and for a person's help the resident asks at the
 * desk. libadwaita 1.2 has no AdwBanner, so this is a revealer and a label.
 */

#include "config.h"

#include "ww-kiosk-offline-banner.h"

#include "ww-kiosk-a11y.h"

struct _WwKioskOfflineBanner
{
  GtkWidget parent_instance;

  GtkRevealer *revealer;
};

G_DEFINE_FINAL_TYPE (WwKioskOfflineBanner, ww_kiosk_offline_banner, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ww_kiosk_offline_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_OFFLINE_BANNER);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ww_kiosk_offline_banner_parent_class)->dispose (object);
}

static void
ww_kiosk_offline_banner_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskOfflineBanner *self = WW_KIOSK_OFFLINE_BANNER (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      g_value_set_boolean (value, ww_kiosk_offline_banner_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_offline_banner_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskOfflineBanner *self = WW_KIOSK_OFFLINE_BANNER (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      ww_kiosk_offline_banner_set_revealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_offline_banner_class_init (WwKioskOfflineBannerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ww_kiosk_offline_banner_dispose;
  object_class->get_property = ww_kiosk_offline_banner_get_property;
  object_class->set_property = ww_kiosk_offline_banner_set_property;

  properties[PROP_REVEALED] = g_param_spec_boolean (
      "revealed", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-offline-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskOfflineBanner, revealer);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "offlinebanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ww_kiosk_offline_banner_init (WwKioskOfflineBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ww_kiosk_a11y_track_revealer (self->revealer);
}

gboolean
ww_kiosk_offline_banner_get_revealed (WwKioskOfflineBanner *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_OFFLINE_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

void
ww_kiosk_offline_banner_set_revealed (WwKioskOfflineBanner *self, gboolean revealed)
{
  g_return_if_fail (WW_IS_KIOSK_OFFLINE_BANNER (self));

  revealed = !!revealed;
  if (revealed == gtk_revealer_get_reveal_child (self->revealer))
    return;

  gtk_revealer_set_reveal_child (self->revealer, revealed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}
