/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * A plain bar chart for the statistics page: one labelled bar per value,
 * the value written above it, drawn with cairo through GtkSnapshot in the
 * widget's own foreground and accent colours so it follows the theme
 * (dark, high contrast). The accessible description lists the values, so
 * a screen reader hears what the picture shows.
 */

#include "config.h"

#include "ww-desk-bar-chart.h"

#include <math.h>

struct _WwDeskBarChart
{
  GtkWidget parent_instance;
  GStrv     labels;
  GArray   *values; /* of double */
};

G_DEFINE_FINAL_TYPE (WwDeskBarChart, ww_desk_bar_chart, GTK_TYPE_WIDGET)

#define LABEL_HEIGHT 22.0
#define VALUE_HEIGHT 20.0
#define BAR_GAP 0.25

static PangoLayout *
make_layout (WwDeskBarChart *self, const char *text, gboolean bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (bold)
    {
      g_autoptr (PangoAttrList) attributes = pango_attr_list_new ();
      pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attributes);
    }
  return layout;
}

static void
draw_centred (cairo_t *cr, PangoLayout *layout, double centre_x, double y, double max_width)
{
  int width, height;

  pango_layout_set_width (layout, (int)(max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, centre_x - max_width / 2.0, y);
  pango_cairo_show_layout (cr, layout);
}

static void
ww_desk_bar_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  WwDeskBarChart *self = WW_DESK_BAR_CHART (widget);
  double          width = gtk_widget_get_width (widget);
  double          height = gtk_widget_get_height (widget);
  double          chart_height = height - LABEL_HEIGHT - VALUE_HEIGHT;
  double          max = 0;
  double          slot;
  GdkRGBA         foreground;
  cairo_t        *cr;
  guint           n = self->values->len;

  if (n == 0 || chart_height <= 0)
    return;

  for (guint i = 0; i < n; i++)
    max = MAX (max, g_array_index (self->values, double, i));

  /* gtk_widget_get_color() is GTK 4.10; this is its 4.8 spelling. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &foreground);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  slot = width / n;

  /* The baseline. */
  cairo_set_source_rgba (cr, foreground.red, foreground.green, foreground.blue, 0.3);
  cairo_rectangle (cr, 0, VALUE_HEIGHT + chart_height - 1, width, 1);
  cairo_fill (cr);

  for (guint i = 0; i < n; i++)
    {
      double value = g_array_index (self->values, double, i);
      double bar_height = max > 0 ? round (chart_height * value / max) : 0;
      double x = i * slot + slot * BAR_GAP / 2.0;
      double bar_width = slot * (1.0 - BAR_GAP);
      double centre = i * slot + slot / 2.0;

      /* Libadwaita's accent blue, readable in light and dark. */
      cairo_set_source_rgb (cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);
      cairo_rectangle (cr, x, VALUE_HEIGHT + chart_height - bar_height, bar_width, bar_height);
      cairo_fill (cr);

      gdk_cairo_set_source_rgba (cr, &foreground);
      if (value > 0)
        {
          g_autofree char *text = g_strdup_printf ("%.0f", value);
          g_autoptr (PangoLayout) layout = make_layout (self, text, TRUE);
          draw_centred (cr, layout, centre, VALUE_HEIGHT + chart_height - bar_height - VALUE_HEIGHT + 2, slot);
        }
      if (self->labels != NULL && self->labels[i] != NULL)
        {
          g_autoptr (PangoLayout) layout = make_layout (self, self->labels[i], FALSE);
          draw_centred (cr, layout, centre, VALUE_HEIGHT + chart_height + 3, slot);
        }
    }
  cairo_destroy (cr);
}

static void
ww_desk_bar_chart_measure (GtkWidget     *widget,
                           GtkOrientation orientation,
                           int            for_size,
                           int           *minimum,
                           int           *natural,
                           int           *minimum_baseline,
                           int           *natural_baseline)
{
  WwDeskBarChart *self = WW_DESK_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (self->values->len, 1) * 16;
      *natural = MAX (self->values->len, 1) * 48;
    }
  else
    {
      *minimum = 120;
      *natural = 200;
    }
}

static void
ww_desk_bar_chart_finalize (GObject *object)
{
  WwDeskBarChart *self = WW_DESK_BAR_CHART (object);

  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->values, g_array_unref);

  G_OBJECT_CLASS (ww_desk_bar_chart_parent_class)->finalize (object);
}

static void
ww_desk_bar_chart_class_init (WwDeskBarChartClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ww_desk_bar_chart_finalize;
  widget_class->snapshot = ww_desk_bar_chart_snapshot;
  widget_class->measure = ww_desk_bar_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ww_desk_bar_chart_init (WwDeskBarChart *self)
{
  self->values = g_array_new (FALSE, TRUE, sizeof (double));
}

GtkWidget *
ww_desk_bar_chart_new (void)
{
  return g_object_new (WW_TYPE_DESK_BAR_CHART, NULL);
}

void
ww_desk_bar_chart_set_bars (WwDeskBarChart *self, const char *const *labels, const double *values, guint n)
{
  g_autoptr (GString) description = g_string_new (NULL);

  g_return_if_fail (WW_IS_DESK_BAR_CHART (self));
  g_return_if_fail (n == 0 || (labels != NULL && values != NULL));

  g_clear_pointer (&self->labels, g_strfreev);
  self->labels = g_new0 (char *, n + 1);
  g_array_set_size (self->values, 0);
  for (guint i = 0; i < n; i++)
    {
      self->labels[i] = g_strdup (labels[i]);
      g_array_append_val (self->values, values[i]);
      g_string_append_printf (description, "%s%s: %.0f", i > 0 ? ", " : "", labels[i], values[i]);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
ww_desk_bar_chart_get_n_bars (WwDeskBarChart *self)
{
  g_return_val_if_fail (WW_IS_DESK_BAR_CHART (self), 0);
  return self->values->len;
}

double
ww_desk_bar_chart_get_value (WwDeskBarChart *self, guint index)
{
  g_return_val_if_fail (WW_IS_DESK_BAR_CHART (self), 0);
  g_return_val_if_fail (index < self->values->len, 0);
  return g_array_index (self->values, double, index);
}
