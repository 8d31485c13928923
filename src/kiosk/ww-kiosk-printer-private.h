/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-kiosk-printer.h"

G_BEGIN_DECLS

void _ww_kiosk_printer_draw_reservation (cairo_t             *cr,
                                         GtkPageSetup        *page_setup,
                                         const WwReservation *reservation,
                                         const char          *branch);

G_END_DECLS
