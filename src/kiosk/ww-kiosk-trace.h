/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Off unless $WEGWIJS_KIOSK_TRACE is set: then one line a mark on stderr,
 * "wegwijs-kiosk trace: <monotonic µs> <what>", for the benchmarks. */
extern gboolean _ww_kiosk_trace_enabled;

void _ww_kiosk_trace_init (void);
void _ww_kiosk_trace_mark (const char *what);
void _ww_kiosk_trace_mark_next_paint (GtkWidget *widget, const char *what);

/* Costs one load and a branch when tracing is off. */
#define ww_kiosk_trace_mark(what)                                                                                      \
  G_STMT_START                                                                                                         \
  {                                                                                                                    \
    if (G_UNLIKELY (_ww_kiosk_trace_enabled))                                                                          \
      _ww_kiosk_trace_mark (what);                                                                                     \
  }                                                                                                                    \
  G_STMT_END

/* Marks the end of the next frame that @widget's window paints. */
#define ww_kiosk_trace_mark_next_paint(widget, what)                                                                   \
  G_STMT_START                                                                                                         \
  {                                                                                                                    \
    if (G_UNLIKELY (_ww_kiosk_trace_enabled))                                                                          \
      _ww_kiosk_trace_mark_next_paint ((widget), (what));                                                              \
  }                                                                                                                    \
  G_STMT_END

G_END_DECLS
