/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WW_TYPE_DESK_APPLICATION (ww_desk_application_get_type ())

G_DECLARE_FINAL_TYPE (WwDeskApplication, ww_desk_application, WW, DESK_APPLICATION, AdwApplication)

WwDeskApplication *ww_desk_application_new (void);
int                ww_desk_main (int argc, char *argv[]);

G_END_DECLS
