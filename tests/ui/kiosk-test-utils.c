/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Helpers to drive the real kiosk window from a GTest: run the main loop,
 * find buttons by the action they trigger (so a test presses what a
 * resident presses), render the window to a PNG, and measure the contrast
 * of what was drawn.
 */

#include "config.h"

#include "kiosk-test-utils.h"

#include <math.h>

static gboolean
timeout_elapsed_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

void
kiosk_test_iterate (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, timeout_elapsed_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
kiosk_test_wait_until (gboolean (*predicate) (gpointer data), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

static gboolean
animating (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  if (GTK_IS_REVEALER (widget) &&
      gtk_revealer_get_reveal_child (GTK_REVEALER (widget)) != gtk_revealer_get_child_revealed (GTK_REVEALER (widget)))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (animating (child))
      return TRUE;

  return FALSE;
}

static gboolean
settled (gpointer data)
{
  return !animating (data);
}

/* Waits until @widget's window has drawn a frame with everything so far,
 * after the end of every page transition and slide. */
void
kiosk_test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean       painted = FALSE;
  gulong         handler;

  while (g_main_context_iteration (NULL, FALSE))
    ;

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  g_assert_true (kiosk_test_wait_until (is_true, &painted, 5000));
  g_assert_true (kiosk_test_wait_until (settled, gtk_widget_get_root (widget), 5000));
  painted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  g_assert_true (kiosk_test_wait_until (is_true, &painted, 5000));
  g_signal_handler_disconnect (clock, handler);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Whether a resident can see @widget: visible and mapped all the way up. */
gboolean
kiosk_test_is_showing (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_visible (widget);
}

static GtkWidget *
find_actionable (GtkWidget *widget, const char *action_name, GVariant *target)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return NULL;

  if (GTK_IS_ACTIONABLE (widget))
    {
      const char *name = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));
      GVariant   *value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));

      if (g_strcmp0 (name, action_name) == 0 && (target == NULL || (value != NULL && g_variant_equal (value, target))))
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name, target);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The visible widget that triggers @action_name (with the string @target,
 * unless %NULL). */
GtkWidget *
kiosk_test_find_actionable (GtkWidget *root, const char *action_name, const char *target)
{
  g_autoptr (GVariant) value = target != NULL ? g_variant_ref_sink (g_variant_new_string (target)) : NULL;

  return find_actionable (root, action_name, value);
}

GtkWidget *
kiosk_test_find_by_type (GtkWidget *root, GType type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kiosk_test_find_by_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
kiosk_test_find_label (GtkWidget *root, const char *text)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return NULL;

  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kiosk_test_find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect (GtkWidget *widget, GType type, gboolean visible_only, GPtrArray *found)
{
  if (visible_only && (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget)))
    return;

  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, visible_only, found);
}

GPtrArray *
kiosk_test_collect (GtkWidget *root, GType type, gboolean visible_only)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (root, type, visible_only, found);
  return found;
}

/* Presses @button the way a touch does, after checking a resident could. */
void
kiosk_test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpint (gtk_widget_get_width (button), >=, 64);
  g_assert_cmpint (gtk_widget_get_height (button), >=, 64);

  /* What a touch does; gtk_widget_activate() is the keyboard's way, with
   * a quarter second of pressed look before the click. */
  if (GTK_IS_BUTTON (button))
    g_signal_emit_by_name (button, "clicked");
  else
    gtk_widget_activate (button);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The window as drawn, with the software renderer. */
GdkTexture *
kiosk_test_render (GtkWidget *window)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GError) error = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  kiosk_test_wait_for_frame (window);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  {
    GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
    gsk_renderer_unrealize (renderer);
    return texture;
  }
}

/* Writes the window to a PNG in $WEGWIJS_SCREENSHOT_DIR (the build
 * directory by default); returns the path. */
char *
kiosk_test_screenshot (GtkWidget *window, const char *name)
{
  g_autoptr (GdkTexture) texture = kiosk_test_render (window);
  const char      *dir = g_getenv ("WEGWIJS_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char            *path;

  if (dir == NULL)
    dir = g_test_get_dir (G_TEST_BUILT);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return path;
}

static double
relative_luminance (guint32 pixel)
{
  double channels[3] = { (pixel >> 16) & 0xff, (pixel >> 8) & 0xff, pixel & 0xff };

  for (guint i = 0; i < 3; i++)
    {
      double c = channels[i] / 255.0;
      channels[i] = c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
    }

  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

/*
 * The contrast (WCAG) between the commonest colour in @widget's area of the
 * rendering (its background) and the colour with the most contrast to it
 * that covers at least 0.25 % of the area (the core of its text or icon, not
 * the anti-aliased edges).
 */
double
kiosk_test_contrast_in (GdkTexture *texture, GtkWidget *window, GtkWidget *widget, double *luminance_bg)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (NULL, NULL);
  graphene_rect_t     bounds;
  int                 width = gdk_texture_get_width (texture);
  int                 height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize)width * height);
  GHashTableIter      iter;
  gpointer            key, value;
  guint32             background = 0;
  guint               background_count = 0;
  guint               total = 0;
  double              best = 1.0;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  gdk_texture_download (texture, (guchar *)pixels, (gsize)width * 4);

  for (int y = MAX (0, (int)bounds.origin.y); y < MIN (height, (int)(bounds.origin.y + bounds.size.height)); y++)
    for (int x = MAX (0, (int)bounds.origin.x); x < MIN (width, (int)(bounds.origin.x + bounds.size.width)); x++)
      {
        guint32 pixel = pixels[y * width + x] & 0xffffff;
        guint   count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (pixel))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (pixel), GUINT_TO_POINTER (count));
        total++;
        if (count > background_count)
          {
            background = pixel;
            background_count = count;
          }
      }

  g_assert_cmpuint (total, >, 0);
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      double lb = relative_luminance (background);
      double lf = relative_luminance (GPOINTER_TO_UINT (key));
      double ratio = (MAX (lb, lf) + 0.05) / (MIN (lb, lf) + 0.05);

      if (GPOINTER_TO_UINT (value) * 400 >= total && ratio > best)
        best = ratio;
    }

  if (luminance_bg != NULL)
    *luminance_bg = relative_luminance (background);

  return best;
}

/* Logs every widget whose minimum height grows with more width: GTK warns
 * about those ("Expect overlapping widgets") and they are hard to find. */
static gboolean
not_fatal (const char *log_domain, GLogLevelFlags log_level, const char *message, gpointer user_data)
{
  return FALSE;
}

void
kiosk_test_check_sizes (GtkWidget *widget)
{
  int min1, min2, natural;

  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &min1, &natural, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, 1048576, &min2, &natural, NULL, NULL);
  if (min2 > min1)
    {
      GString *path = g_string_new (NULL);

      for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
        {
          char **classes = gtk_widget_get_css_classes (w);
          g_string_prepend (path, " > ");
          if (classes[0] != NULL)
            g_string_prepend (path, classes[0]);
          g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
          g_strfreev (classes);
        }
      g_printerr ("SIZE %d < %d: %s\n", min1, min2, path->str);
      g_string_free (path, TRUE);
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int a, b, n;
          gtk_widget_set_visible (child, FALSE);
          gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &a, &n, NULL, NULL);
          gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, 1048576, &b, &n, NULL, NULL);
          gtk_widget_set_visible (child, TRUE);
          g_printerr ("   without %s: %d %d\n", G_OBJECT_TYPE_NAME (child), a, b);
        }
      {
        GtkWidget *first = gtk_widget_get_first_child (widget);
        for (int w = 200; w < 2000; w += 40)
          {
            int a, n;
            gtk_widget_measure (first, GTK_ORIENTATION_VERTICAL, w, &a, &n, NULL, NULL);
            g_printerr ("   first at %d: %d\n", w, a);
          }
        g_printerr ("   first expand %d\n", gtk_widget_compute_expand (first, GTK_ORIENTATION_HORIZONTAL));
      }
      for (int w = 1000; w < 1048576; w *= 2)
        {
          int a, n;
          gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, w, &a, &n, NULL, NULL);
          g_printerr ("   at %d: %d\n", w, a);
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int cmin, cnat, wmin, wnat, hmin_nat, hmin_min, hnat, bl1, bl2;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &wmin, &wnat, NULL, NULL);
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &cmin, &cnat, &bl1, &bl2);
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, wnat, &hmin_nat, &hnat, NULL, NULL);
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, 1048576, &hmin_min, &hnat, NULL, NULL);
          g_printerr ("   child %s valign=%d: w %d..%d  h(-1) %d..%d bl %d/%d  h(nat) %d  h(min) %d\n",
                      G_OBJECT_TYPE_NAME (child), gtk_widget_get_valign (child), wmin, wnat, cmin, cnat, bl1, bl2,
                      hmin_nat, hmin_min);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kiosk_test_check_sizes (child);
}

void
kiosk_test_allow_criticals (void)
{
  g_test_log_set_fatal_handler (not_fatal, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
}
