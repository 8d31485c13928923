/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-text.h"

#include "ww-language.h"

struct _WwText
{
  gatomicrefcount ref_count;
  char           *texts[WW_N_LANGUAGES];
};

G_DEFINE_BOXED_TYPE (WwText, ww_text, ww_text_ref, ww_text_unref)

WwText *
ww_text_new (void)
{
  WwText *self = g_new0 (WwText, 1);

  g_atomic_ref_count_init (&self->ref_count);

  return self;
}

WwText *
ww_text_ref (WwText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
ww_text_unref (WwText *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < WW_N_LANGUAGES; i++)
    g_free (self->texts[i]);
  g_free (self);
}

/* Only while building: a WwText is shared read-only once handed out. */
void
ww_text_set (WwText *self, const char *language, const char *text)
{
  int index = ww_language_get_index (language);

  g_return_if_fail (self != NULL);
  g_return_if_fail (index >= 0);

  g_free (self->texts[index]);
  self->texts[index] = g_strdup (text);
}

/* The text in exactly @language, or %NULL when it was not written in it. */
const char *
ww_text_lookup (const WwText *self, const char *language)
{
  int index = ww_language_get_index (language);

  g_return_val_if_fail (self != NULL, NULL);

  return index >= 0 ? self->texts[index] : NULL;
}

/* The text in @language, else Dutch, else English: a resident always sees
 * something, and Dutch is what the municipality wrote first. */
const char *
ww_text_get (const WwText *self, const char *language)
{
  const char *text;

  g_return_val_if_fail (self != NULL, NULL);

  if ((text = ww_text_lookup (self, language)) != NULL)
    return text;
  if ((text = ww_text_lookup (self, "nl")) != NULL)
    return text;
  if ((text = ww_text_lookup (self, "en")) != NULL)
    return text;

  return "";
}
