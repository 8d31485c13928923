/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void        ww_kiosk_i18n_init (void);
gboolean    ww_kiosk_i18n_set_language (const char *language);
const char *ww_kiosk_i18n_get_language (void);
const char *ww_kiosk_i18n_gettext_for (const char *language, const char *msgid) G_GNUC_FORMAT (2);

G_END_DECLS
