/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-language.h"

static const char *const codes[WW_N_LANGUAGES + 1] = {
  "nl", "en", "ar", "tr", "pl", "uk", NULL,
};

/* Each language is named in its own language and script, never with a flag:
 * a flag is a country, and residents are not countries. */
static const char *const native_names[WW_N_LANGUAGES] = {
  "Nederlands", "English", "العربية", "Türkçe", "Polski", "Українська",
};

const char *const *
ww_language_get_all (void)
{
  return codes;
}

/* Returns the position of @code in ww_language_get_all(), or -1. */
int
ww_language_get_index (const char *code)
{
  if (code == NULL)
    return -1;

  for (int i = 0; i < WW_N_LANGUAGES; i++)
    if (g_str_equal (codes[i], code))
      return i;

  return -1;
}

gboolean
ww_language_is_known (const char *code)
{
  return ww_language_get_index (code) >= 0;
}

const char *
ww_language_get_native_name (const char *code)
{
  int index = ww_language_get_index (code);

  g_return_val_if_fail (index >= 0, NULL);

  return native_names[index];
}

gboolean
ww_language_is_rtl (const char *code)
{
  return g_strcmp0 (code, "ar") == 0;
}
