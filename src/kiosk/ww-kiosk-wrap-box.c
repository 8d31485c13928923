/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * A row of widgets that squeezes before it wraps: the reading-help bar.
 *
 * As long as every child fits at its minimum width, all stay on one row,
 * and the room left is shared out towards their natural widths the way a
 * GtkBox does (so a long label wraps onto two lines inside its button);
 * children that expand take what is left after that. Only when even the
 * minimum widths do not fit (the largest text size on a small screen) do
 * the children go onto more rows, filled up to their natural widths.
 *
 * Why not GtkFlowBox: in GTK 4.8 it decides how many children share a
 * line from their natural widths and lines them up in columns, so on a
 * 1280 px screen the bar took two or three rows while one row of slightly
 * narrower buttons would have done, leaving the page some 360 px.
 */

#include "config.h"

#include "ww-kiosk-wrap-box.h"

struct _WwKioskWrapBox
{
  GtkWidget parent_instance;

  int      column_spacing;
  int      row_spacing;
  gboolean homogeneous;
  guint    n_rows; /* as last allocated */
};

enum
{
  PROP_0,
  PROP_COLUMN_SPACING,
  PROP_ROW_SPACING,
  PROP_HOMOGENEOUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (WwKioskWrapBox, ww_kiosk_wrap_box, GTK_TYPE_WIDGET)

typedef struct
{
  GtkWidget *widget;
  int        minimum;
  int        natural;
  int        width; /* given */
  guint      row;
} Item;

/* The visible children with their widths. */
static GArray *
collect_items (WwKioskWrapBox *self)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Item item = { child, 0, 0, 0, 0 };

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &item.minimum, &item.natural, NULL, NULL);
      g_array_append_val (items, item);
    }

  /* Columns of one width: as wide as the widest needs, then sharing the
   * room left between those that expand. */
  if (self->homogeneous)
    {
      int widest = 0;

      for (guint i = 0; i < items->len; i++)
        widest = MAX (widest, g_array_index (items, Item, i).minimum);
      for (guint i = 0; i < items->len; i++)
        g_array_index (items, Item, i).minimum = g_array_index (items, Item, i).natural = widest;
    }
  return items;
}

static int
compare_gaps (gconstpointer a, gconstpointer b)
{
  const Item *one = *(const Item *const *)a;
  const Item *other = *(const Item *const *)b;

  return (one->natural - one->minimum) - (other->natural - other->minimum);
}

/*
 * Gives one row [first, last) its widths within @width: every child its
 * minimum, then the room left to the children closest to their natural
 * width first, each in full (so that as few labels as possible wrap,
 * rather than all a little), then what is still left to the children that
 * expand.
 */
static void
share_row (WwKioskWrapBox *self, GArray *items, guint first, guint last, int width)
{
  g_autoptr (GPtrArray) by_gap = g_ptr_array_new ();
  int   extra = width - (int)(last - first - 1) * self->column_spacing;
  guint n_expand = 0;

  for (guint i = first; i < last; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      item->width = item->minimum;
      extra -= item->minimum;
      g_ptr_array_add (by_gap, item);
      if (gtk_widget_compute_expand (item->widget, GTK_ORIENTATION_HORIZONTAL))
        n_expand++;
    }
  g_ptr_array_sort (by_gap, compare_gaps);
  for (guint i = 0; i < by_gap->len && extra > 0; i++)
    {
      Item *item = g_ptr_array_index (by_gap, i);
      int   given = MIN (extra, item->natural - item->minimum);

      item->width += given;
      extra -= given;
    }
  for (guint i = first; i < last && extra > 0 && n_expand > 0; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      if (gtk_widget_compute_expand (item->widget, GTK_ORIENTATION_HORIZONTAL))
        {
          int share = extra / (int)n_expand;

          item->width += share;
          extra -= share;
          n_expand--;
        }
    }
}

/* Puts every item on a row and gives it its width; returns the rows. */
static guint
lay_out (WwKioskWrapBox *self, GArray *items, int width)
{
  int   total_minimum = 0;
  guint n_rows = 0;
  guint first = 0;
  int   used = 0;

  for (guint i = 0; i < items->len; i++)
    total_minimum += g_array_index (items, Item, i).minimum + (i > 0 ? self->column_spacing : 0);

  if (total_minimum <= width)
    {
      for (guint i = 0; i < items->len; i++)
        g_array_index (items, Item, i).row = 0;
      share_row (self, items, 0, items->len, width);
      return items->len > 0 ? 1 : 0;
    }

  /* More rows: each filled up to the natural widths. */
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      if (i > first && used + self->column_spacing + item->natural > width)
        {
          share_row (self, items, first, i, width);
          n_rows++;
          first = i;
          used = 0;
        }
      used += (i > first ? self->column_spacing : 0) + item->natural;
      item->row = n_rows;
    }
  if (first < items->len)
    {
      share_row (self, items, first, items->len, width);
      n_rows++;
    }
  return n_rows;
}

/* Each row as high as its highest child at the width it gets. */
static int *
row_heights (GArray *items, guint n_rows)
{
  int *heights = g_new0 (int, MAX (n_rows, 1));

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      int   minimum;

      gtk_widget_measure (item->widget, GTK_ORIENTATION_VERTICAL, item->width, &minimum, NULL, NULL, NULL);
      heights[item->row] = MAX (heights[item->row], minimum);
    }
  return heights;
}

static GtkSizeRequestMode
ww_kiosk_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ww_kiosk_wrap_box_measure (GtkWidget     *widget,
                           GtkOrientation orientation,
                           int            for_size,
                           int           *minimum,
                           int           *natural,
                           int           *minimum_baseline,
                           int           *natural_baseline)
{
  WwKioskWrapBox *self = WW_KIOSK_WRAP_BOX (widget);
  g_autoptr (GArray) items = collect_items (self);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Narrower than all in a row: it wraps; never narrower than its
       * widest child. */
      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);

          *minimum = MAX (*minimum, item->minimum);
          *natural += item->natural + (i > 0 ? self->column_spacing : 0);
        }
      return;
    }

  {
    int             width = for_size;
    guint           n_rows;
    g_autofree int *heights = NULL;

    if (width < 0)
      for (guint i = 0; i < items->len; i++)
        width = MAX (width, 0) + g_array_index (items, Item, i).natural + (i > 0 ? self->column_spacing : 0);
    n_rows = lay_out (self, items, width);
    heights = row_heights (items, n_rows);
    for (guint row = 0; row < n_rows; row++)
      *minimum += heights[row] + (row > 0 ? self->row_spacing : 0);
    *natural = *minimum;
  }
}

static void
ww_kiosk_wrap_box_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  WwKioskWrapBox *self = WW_KIOSK_WRAP_BOX (widget);
  g_autoptr (GArray) items = collect_items (self);
  gboolean        rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  guint           n_rows = lay_out (self, items, width);
  g_autofree int *heights = row_heights (items, n_rows);
  int             x = 0;
  int             y = 0;
  guint           row = 0;

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      if (item->row != row)
        {
          y += heights[row] + self->row_spacing;
          row = item->row;
          x = 0;
        }
      gtk_widget_size_allocate (
          item->widget, &(GtkAllocation){ rtl ? width - x - item->width : x, y, item->width, heights[row] }, -1);
      x += item->width + self->column_spacing;
    }
  self->n_rows = n_rows;
}

static void
ww_kiosk_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ww_kiosk_wrap_box_parent_class)->dispose (object);
}

static void
ww_kiosk_wrap_box_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskWrapBox *self = WW_KIOSK_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_COLUMN_SPACING:
      g_value_set_int (value, self->column_spacing);
      break;

    case PROP_ROW_SPACING:
      g_value_set_int (value, self->row_spacing);
      break;

    case PROP_HOMOGENEOUS:
      g_value_set_boolean (value, self->homogeneous);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_wrap_box_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskWrapBox *self = WW_KIOSK_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_COLUMN_SPACING:
      ww_kiosk_wrap_box_set_column_spacing (self, g_value_get_int (value));
      break;

    case PROP_ROW_SPACING:
      ww_kiosk_wrap_box_set_row_spacing (self, g_value_get_int (value));
      break;

    case PROP_HOMOGENEOUS:
      ww_kiosk_wrap_box_set_homogeneous (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_wrap_box_class_init (WwKioskWrapBoxClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags     flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ww_kiosk_wrap_box_dispose;
  object_class->get_property = ww_kiosk_wrap_box_get_property;
  object_class->set_property = ww_kiosk_wrap_box_set_property;

  widget_class->get_request_mode = ww_kiosk_wrap_box_get_request_mode;
  widget_class->measure = ww_kiosk_wrap_box_measure;
  widget_class->size_allocate = ww_kiosk_wrap_box_size_allocate;

  properties[PROP_COLUMN_SPACING] = g_param_spec_int ("column-spacing", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_ROW_SPACING] = g_param_spec_int ("row-spacing", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_HOMOGENEOUS] = g_param_spec_boolean ("homogeneous", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
}

static void
ww_kiosk_wrap_box_init (WwKioskWrapBox *self)
{
}

GtkWidget *
ww_kiosk_wrap_box_new (void)
{
  return g_object_new (WW_TYPE_KIOSK_WRAP_BOX, NULL);
}

int
ww_kiosk_wrap_box_get_column_spacing (WwKioskWrapBox *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WRAP_BOX (self), 0);

  return self->column_spacing;
}

void
ww_kiosk_wrap_box_set_column_spacing (WwKioskWrapBox *self, int spacing)
{
  g_return_if_fail (WW_IS_KIOSK_WRAP_BOX (self));
  g_return_if_fail (spacing >= 0);

  if (self->column_spacing == spacing)
    return;
  self->column_spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_SPACING]);
}

int
ww_kiosk_wrap_box_get_row_spacing (WwKioskWrapBox *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WRAP_BOX (self), 0);

  return self->row_spacing;
}

void
ww_kiosk_wrap_box_set_row_spacing (WwKioskWrapBox *self, int spacing)
{
  g_return_if_fail (WW_IS_KIOSK_WRAP_BOX (self));
  g_return_if_fail (spacing >= 0);

  if (self->row_spacing == spacing)
    return;
  self->row_spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW_SPACING]);
}

gboolean
ww_kiosk_wrap_box_get_homogeneous (WwKioskWrapBox *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WRAP_BOX (self), FALSE);

  return self->homogeneous;
}

/* Whether every child takes the same width (the columns of a page). */
void
ww_kiosk_wrap_box_set_homogeneous (WwKioskWrapBox *self, gboolean homogeneous)
{
  g_return_if_fail (WW_IS_KIOSK_WRAP_BOX (self));

  homogeneous = !!homogeneous;
  if (self->homogeneous == homogeneous)
    return;
  self->homogeneous = homogeneous;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOMOGENEOUS]);
}

/**
 * ww_kiosk_wrap_box_get_n_rows:
 *
 * Returns: the rows the children took at the last allocation
 */
guint
ww_kiosk_wrap_box_get_n_rows (WwKioskWrapBox *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WRAP_BOX (self), 0);

  return self->n_rows;
}
