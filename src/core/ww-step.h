/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>

#include "ww-text.h"

G_BEGIN_DECLS

#define WW_TYPE_STEP (ww_step_get_type ())

G_DECLARE_FINAL_TYPE (WwStep, ww_step, WW, STEP, GObject)

WwStep *ww_step_new (WwText *title, WwText *text);
WwText *ww_step_get_title (WwStep *self);
WwText *ww_step_get_text (WwStep *self);

G_END_DECLS
