/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WW_TYPE_CATALOG_PROBLEM (ww_catalog_problem_get_type ())

typedef enum
{
  WW_SEVERITY_ERROR,
  WW_SEVERITY_WARNING,
} WwSeverity;

/**
 * WwCatalogProblem:
 * @severity: an error makes the catalogue unusable; a warning does not
 * @file: the file, relative to the catalogue directory
 * @path: where in the file, as a JSON path (`steps[2].text.nl`), or %NULL
 * @message: what is wrong, for the person who edits the file
 */
typedef struct
{
  WwSeverity severity;
  char      *file;
  char      *path;
  char      *message;
} WwCatalogProblem;

GType             ww_catalog_problem_get_type (void) G_GNUC_CONST;
WwCatalogProblem *ww_catalog_problem_new (WwSeverity severity, const char *file, const char *path, const char *message);
WwCatalogProblem *ww_catalog_problem_copy (const WwCatalogProblem *self);
void              ww_catalog_problem_free (WwCatalogProblem *self);
char             *ww_catalog_problem_to_string (const WwCatalogProblem *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwCatalogProblem, ww_catalog_problem_free)

G_END_DECLS
