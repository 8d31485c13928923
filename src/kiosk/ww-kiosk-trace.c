/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Timestamps for the benchmarks (tests/bench/kiosk-paint-time, start-up
 * profiling): with $WEGWIJS_KIOSK_TRACE set, each mark is one line on
 * stderr with g_get_monotonic_time(), the clock a benchmark script reads as
 * time.monotonic(). The marks name screens and steps, never what a resident
 * typed or chose beyond that.
 */

#include "config.h"

#include "ww-kiosk-trace.h"

gboolean _ww_kiosk_trace_enabled = FALSE;

void
_ww_kiosk_trace_init (void)
{
  const char *value = g_getenv ("WEGWIJS_KIOSK_TRACE");

  _ww_kiosk_trace_enabled = value != NULL && *value != '\0' && !g_str_equal (value, "0");
}

void
_ww_kiosk_trace_mark (const char *what)
{
  g_printerr ("wegwijs-kiosk trace: %" G_GINT64_FORMAT " %s\n", g_get_monotonic_time (), what);
}

typedef struct
{
  GdkFrameClock *clock;
  gulong         handler_id;
  gulong         phase_ids[3];
  char          *what;
} PaintMark;

static void
paint_mark_free (gpointer data, GClosure *closure)
{
  PaintMark *mark = data;

  g_free (mark->what);
  g_free (mark);
}

/* Connected after GTK's own handlers: "layout" and "paint" mark the end
 * of GTK's layout and rendering of the frame. */
static void
phase_mark (GdkFrameClock *clock, PaintMark *mark, guint phase, const char *name)
{
  g_autofree char *what = g_strdup_printf ("%s: %s", mark->what, name);

  _ww_kiosk_trace_mark (what);
  g_clear_signal_handler (&mark->phase_ids[phase], clock);
}

static void
before_paint_cb (GdkFrameClock *clock, PaintMark *mark)
{
  phase_mark (clock, mark, 0, "frame started");
}

static void
layout_cb (GdkFrameClock *clock, PaintMark *mark)
{
  phase_mark (clock, mark, 1, "laid out");
}

static void
paint_cb (GdkFrameClock *clock, PaintMark *mark)
{
  phase_mark (clock, mark, 2, "rendered");
}

static void
after_paint_cb (GdkFrameClock *clock, PaintMark *mark)
{
  for (guint i = 0; i < G_N_ELEMENTS (mark->phase_ids); i++)
    g_clear_signal_handler (&mark->phase_ids[i], clock);
  _ww_kiosk_trace_mark (mark->what);
  /* Frees @mark. */
  g_signal_handler_disconnect (clock, mark->handler_id);
}

void
_ww_kiosk_trace_mark_next_paint (GtkWidget *widget, const char *what)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  PaintMark     *mark;

  if (clock == NULL)
    return;

  mark = g_new0 (PaintMark, 1);
  mark->clock = clock;
  mark->what = g_strdup (what);
  mark->phase_ids[0] = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), mark);
  mark->phase_ids[1] = g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), mark);
  mark->phase_ids[2] = g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), mark);
  mark->handler_id = g_signal_connect_data (clock, "after-paint", G_CALLBACK (after_paint_cb), mark, paint_mark_free,
                                            G_CONNECT_DEFAULT);
  /* The frame may not be scheduled yet (nothing changed size). */
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}
