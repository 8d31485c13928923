/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WW_HUB_API_VERSION "0.1.0"
#define WW_HUB_PROBLEM_TYPE "application/problem+json"

const char *ww_hub_problem_title (guint status);
char       *ww_hub_problem_render (guint status, const char *detail, const char *instance);
guint       ww_hub_problem_status_for_error (const GError *error);

G_END_DECLS
