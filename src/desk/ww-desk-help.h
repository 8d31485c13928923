/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-desk-session.h"

G_BEGIN_DECLS

#define WW_TYPE_DESK_HELP (ww_desk_help_get_type ())

G_DECLARE_FINAL_TYPE (WwDeskHelp, ww_desk_help, WW, DESK_HELP, GtkWidget)

WwDeskSession *ww_desk_help_get_session (WwDeskHelp *self);
void           ww_desk_help_set_session (WwDeskHelp *self, WwDeskSession *session);
gboolean       ww_desk_help_get_loading (WwDeskHelp *self);
void           ww_desk_help_reload (WwDeskHelp *self);
void           ww_desk_help_check_in (WwDeskHelp *self, const char *code);
const char    *ww_desk_help_get_result (WwDeskHelp *self);

G_END_DECLS
