/* SPDX-License-Identifier: EUPL-1.2 */

/* wegwijs-catalog-check: validates a catalogue directory and lists every
 * problem. Exit status: 0 usable (warnings allowed unless --strict), 1 not
 * usable or warnings under --strict, 2 wrong use. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "wegwijs-core.h"

int
main (int argc, char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwUpl) upl = NULL;
  g_autoptr (WwCatalog) catalog = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GFile) upl_file = NULL;
  g_autoptr (GFile) directory = NULL;
  g_autofree char   *upl_path = NULL;
  gboolean           strict = FALSE;
  guint              n_warnings = 0;
  const GOptionEntry entries[] = {
    { "upl", 0, 0, G_OPTION_ARG_FILENAME, &upl_path, N_ ("The product list (default: the installed upl.csv)"),
      N_ ("FILE") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, N_ ("Fail on warnings too"), NULL },
    { NULL },
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_ ("DIRECTORY — check a Wegwijs service catalogue"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message : _ ("Name one catalogue directory."));
      g_printerr (_ ("Usage: %s [--upl FILE] [--strict] DIRECTORY\n"), g_get_prgname ());
      return 2;
    }

  upl_file = g_file_new_for_commandline_arg (upl_path != NULL ? upl_path : PKGDATADIR "/upl.csv");
  upl = ww_upl_new_from_file (upl_file, &error);
  if (upl == NULL)
    {
      g_printerr (_ ("Cannot read the product list (UPL): %s\n"), error->message);
      return 2;
    }

  directory = g_file_new_for_commandline_arg (argv[1]);
  catalog = ww_catalog_load_directory (directory, upl, &problems, &error);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const WwCatalogProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char        *line = ww_catalog_problem_to_string (problem);

      if (problem->severity == WW_SEVERITY_WARNING)
        n_warnings++;
      g_print ("%s\n", line);
    }

  if (catalog == NULL)
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u service in %u categories", "%s: %u services in %u categories",
                        g_list_model_get_n_items (ww_catalog_get_services (catalog))),
           argv[1], g_list_model_get_n_items (ww_catalog_get_services (catalog)),
           g_list_model_get_n_items (ww_catalog_get_categories (catalog)));
  g_print ("\n");

  if (n_warnings > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings), n_warnings);
      g_printerr ("\n");
      return strict ? 1 : 0;
    }

  return 0;
}
