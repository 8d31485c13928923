/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ww_speaker_app_run (int argc, char **argv);

G_END_DECLS
