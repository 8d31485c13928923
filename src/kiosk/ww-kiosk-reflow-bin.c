/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Text that reflows to the width it gets, next to something else in a
 * row (a tile's icon, a checklist item's check box). Its width never
 * depends on its height, so a horizontal measure ignores the height it is
 * offered.
 *
 * Why: a horizontal GtkBox in GTK 4.8 measures each child's width for the
 * box's height when it lays them out. Passed down, that makes a wrapping
 * GtkLabel do a binary search for the narrowest width that fits that
 * height, reshaping its text with HarfBuzz at each try: one checklist item
 * was shaped about 560 times for one change of screen, most of the
 * 90-130 ms between a tap and the next page's first frame. These rows are
 * laid out height-for-width, so the answer is the same without the search.
 */

#include "config.h"

#include "ww-kiosk-reflow-bin.h"

struct _WwKioskReflowBin
{
  GtkWidget parent_instance;

  GtkWidget *child;
};

enum
{
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ww_kiosk_reflow_bin_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwKioskReflowBin,
                               ww_kiosk_reflow_bin,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, ww_kiosk_reflow_bin_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

static void
ww_kiosk_reflow_bin_buildable_add_child (GtkBuildable *buildable, GtkBuilder *builder, GObject *child, const char *type)
{
  if (GTK_IS_WIDGET (child))
    ww_kiosk_reflow_bin_set_child (WW_KIOSK_REFLOW_BIN (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
ww_kiosk_reflow_bin_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = ww_kiosk_reflow_bin_buildable_add_child;
}

static GtkSizeRequestMode
ww_kiosk_reflow_bin_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ww_kiosk_reflow_bin_measure (GtkWidget     *widget,
                             GtkOrientation orientation,
                             int            for_size,
                             int           *minimum,
                             int           *natural,
                             int           *minimum_baseline,
                             int           *natural_baseline)
{
  WwKioskReflowBin *self = WW_KIOSK_REFLOW_BIN (widget);

  if (self->child == NULL || !gtk_widget_get_visible (self->child))
    {
      *minimum = *natural = 0;
      return;
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    for_size = -1;

  gtk_widget_measure (self->child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
ww_kiosk_reflow_bin_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  WwKioskReflowBin *self = WW_KIOSK_REFLOW_BIN (widget);

  if (self->child != NULL && gtk_widget_get_visible (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static void
ww_kiosk_reflow_bin_dispose (GObject *object)
{
  WwKioskReflowBin *self = WW_KIOSK_REFLOW_BIN (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (ww_kiosk_reflow_bin_parent_class)->dispose (object);
}

static void
ww_kiosk_reflow_bin_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskReflowBin *self = WW_KIOSK_REFLOW_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_reflow_bin_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskReflowBin *self = WW_KIOSK_REFLOW_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      ww_kiosk_reflow_bin_set_child (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_reflow_bin_class_init (WwKioskReflowBinClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ww_kiosk_reflow_bin_dispose;
  object_class->get_property = ww_kiosk_reflow_bin_get_property;
  object_class->set_property = ww_kiosk_reflow_bin_set_property;

  widget_class->get_request_mode = ww_kiosk_reflow_bin_get_request_mode;
  widget_class->measure = ww_kiosk_reflow_bin_measure;
  widget_class->size_allocate = ww_kiosk_reflow_bin_size_allocate;

  properties[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "reflowbin");
}

static void
ww_kiosk_reflow_bin_init (WwKioskReflowBin *self)
{
}

GtkWidget *
ww_kiosk_reflow_bin_new (void)
{
  return g_object_new (WW_TYPE_KIOSK_REFLOW_BIN, NULL);
}

GtkWidget *
ww_kiosk_reflow_bin_get_child (WwKioskReflowBin *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_REFLOW_BIN (self), NULL);

  return self->child;
}

void
ww_kiosk_reflow_bin_set_child (WwKioskReflowBin *self, GtkWidget *child)
{
  g_return_if_fail (WW_IS_KIOSK_REFLOW_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}
