/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WW_HUB_TOKEN_PREFIX_KIOSK "wwk_"
#define WW_HUB_TOKEN_PREFIX_SESSION "wws_"

gboolean ww_hub_crypto_init (GError **error);
char    *ww_hub_token_generate (const char *prefix);
char    *ww_hub_token_hash (const char *token);
gboolean ww_hub_token_looks_valid (const char *token);
gboolean ww_hub_hash_equal (const char *a, const char *b);
char    *ww_hub_password_generate (void);
char    *ww_hub_password_hash (const char *password, GError **error);
gboolean ww_hub_password_verify (const char *hash, const char *password);

G_END_DECLS
