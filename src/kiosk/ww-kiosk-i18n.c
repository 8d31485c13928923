/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The interface language of the kiosk, switched at run time.
 *
 * A resident changes language in the middle of a visit, so the kiosk cannot
 * rely on the process locale it was started with. Instead the GTK thread
 * gets a per-thread locale (uselocale()) whose LC_MESSAGES names the chosen
 * language; glibc's gettext looks translations up by that name and keys its
 * cache on it, so no cache needs flushing and no environment variable is
 * changed while other threads may read the environment. LANGUAGE is removed
 * at start because it would override the thread locale, and glibc ignores
 * LANGUAGE under the C locale anyway. The locales themselves come from the
 * locales-all package.
 */

#include "config.h"

#include "ww-kiosk-i18n.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "ww-language.h"

/* Any one of these is enough: only the language part matters to gettext. */
static const char *const locale_candidates[WW_N_LANGUAGES][4] = {
  { "nl_NL.UTF-8", "nl_BE.UTF-8", NULL },
  { "en_GB.UTF-8", "en_US.UTF-8", "en_IE.UTF-8", NULL },
  { "ar_EG.UTF-8", "ar_SA.UTF-8", "ar_MA.UTF-8", NULL },
  { "tr_TR.UTF-8", NULL },
  { "pl_PL.UTF-8", NULL },
  { "uk_UA.UTF-8", NULL },
};

static locale_t    locales[WW_N_LANGUAGES];
static const char *current_language;

static locale_t
get_locale (int index)
{
  if (locales[index] != (locale_t)0)
    return locales[index];

  for (guint i = 0; locale_candidates[index][i] != NULL; i++)
    {
      locale_t base = duplocale (LC_GLOBAL_LOCALE);
      locale_t locale = newlocale (LC_MESSAGES_MASK, locale_candidates[index][i], base);

      if (locale != (locale_t)0)
        {
          locales[index] = locale;
          return locale;
        }
      freelocale (base);
    }

  return (locale_t)0;
}

static const char *
get_locale_dir (void)
{
  const char *dir = g_getenv ("WEGWIJS_LOCALEDIR");

  /* Uninstalled runs and tests point at the build's po directory. */
  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

/* Call once from main(), before any thread is started. */
void
ww_kiosk_i18n_init (void)
{
  setlocale (LC_ALL, "");
  g_unsetenv ("LANGUAGE");

  bindtextdomain (GETTEXT_PACKAGE, get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* GLib decides once whether g_dgettext() translates at all, from the
   * global LC_MESSAGES; under C.UTF-8 it would decide not to. */
  for (guint i = 0; locale_candidates[0][i] != NULL; i++)
    if (setlocale (LC_MESSAGES, locale_candidates[0][i]) != NULL)
      break;
}

/* Makes @language the language of gettext in the calling thread (the GTK
 * thread). Returns %FALSE when no locale for it is installed. */
gboolean
ww_kiosk_i18n_set_language (const char *language)
{
  int      index = ww_language_get_index (language);
  locale_t locale;

  g_return_val_if_fail (index >= 0, FALSE);

  locale = get_locale (index);
  if (locale == (locale_t)0)
    {
      g_warning ("No locale installed for the language “%s”; is locales-all installed?", language);
      return FALSE;
    }

  uselocale (locale);
  current_language = ww_language_get_all ()[index];

  return TRUE;
}

const char *
ww_kiosk_i18n_get_language (void)
{
  return current_language;
}

/* The translation of @msgid in @language, whatever the current language:
 * the welcome screen greets in every language at once. */
const char *
ww_kiosk_i18n_gettext_for (const char *language, const char *msgid)
{
  int         index = ww_language_get_index (language);
  locale_t    locale;
  locale_t    previous;
  const char *text;

  g_return_val_if_fail (index >= 0, msgid);

  locale = get_locale (index);
  if (locale == (locale_t)0)
    return msgid;

  previous = uselocale (locale);
  text = g_dgettext (GETTEXT_PACKAGE, msgid);
  uselocale (previous);

  return text;
}
