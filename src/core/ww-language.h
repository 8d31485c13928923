/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The languages Wegwijs speaks, in the order the kiosk offers them. */
#define WW_N_LANGUAGES 6

const char *const *ww_language_get_all (void);
int                ww_language_get_index (const char *code);
gboolean           ww_language_is_known (const char *code);
const char        *ww_language_get_native_name (const char *code);
gboolean           ww_language_is_rtl (const char *code);

G_END_DECLS
