/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-catalog-problem.h"

G_DEFINE_BOXED_TYPE (WwCatalogProblem, ww_catalog_problem, ww_catalog_problem_copy, ww_catalog_problem_free)

WwCatalogProblem *
ww_catalog_problem_new (WwSeverity severity, const char *file, const char *path, const char *message)
{
  WwCatalogProblem *self = g_new0 (WwCatalogProblem, 1);

  g_return_val_if_fail (message != NULL, NULL);

  self->severity = severity;
  self->file = g_strdup (file);
  self->path = g_strdup (path);
  self->message = g_strdup (message);

  return self;
}

WwCatalogProblem *
ww_catalog_problem_copy (const WwCatalogProblem *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ww_catalog_problem_new (self->severity, self->file, self->path, self->message);
}

void
ww_catalog_problem_free (WwCatalogProblem *self)
{
  if (self == NULL)
    return;

  g_free (self->file);
  g_free (self->path);
  g_free (self->message);
  g_free (self);
}

/* "paspoort.json: steps[2].text.nl: missing", the form editors and tests read. */
char *
ww_catalog_problem_to_string (const WwCatalogProblem *self)
{
  GString *string;

  g_return_val_if_fail (self != NULL, NULL);

  string = g_string_new (NULL);
  if (self->file != NULL)
    g_string_append_printf (string, "%s: ", self->file);
  if (self->path != NULL && *self->path != '\0')
    g_string_append_printf (string, "%s: ", self->path);
  if (self->severity == WW_SEVERITY_WARNING)
    g_string_append (string, "warning: ");
  g_string_append (string, self->message);

  return g_string_free (string, FALSE);
}
