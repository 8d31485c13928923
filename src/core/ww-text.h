/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WW_TYPE_TEXT (ww_text_get_type ())

/**
 * WwText:
 *
 * A text a resident reads, in each language it was written in. Immutable
 * once built and shared by reference.
 */
typedef struct _WwText WwText;

GType       ww_text_get_type (void) G_GNUC_CONST;
WwText     *ww_text_new (void);
WwText     *ww_text_ref (WwText *self);
void        ww_text_unref (WwText *self);
void        ww_text_set (WwText *self, const char *language, const char *text);
const char *ww_text_lookup (const WwText *self, const char *language);
const char *ww_text_get (const WwText *self, const char *language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwText, ww_text_unref)

G_END_DECLS
