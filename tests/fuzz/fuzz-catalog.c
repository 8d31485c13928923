/* SPDX-License-Identifier: EUPL-1.2 */

/* A catalogue bundle from the hub or the cache, through the validator. */

#include "config.h"

#include "wegwijs-core.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static WwUpl *upl;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr (GFile) file = g_file_new_for_path (g_getenv ("WW_TEST_UPL") ?: WW_SOURCE_UPL);

  upl = ww_upl_new_from_file (file, NULL);
  g_assert (upl != NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (json_object) bundle = ww_json_parse ((const char *)data, size, WW_JSON_MAX_DEPTH, NULL);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwCatalog) catalog = NULL;

  if (bundle == NULL)
    return 0;

  catalog = ww_catalog_load_bundle (bundle, upl, &problems, &error);
  g_assert ((catalog == NULL) == (error != NULL));
  for (guint i = 0; i < problems->len; i++)
    g_free (ww_catalog_problem_to_string (g_ptr_array_index (problems, i)));

  if (catalog != NULL)
    {
      /* A catalogue that passed must survive its own round trip. */
      g_autoptr (json_object) again = ww_catalog_to_bundle (catalog);
      g_autoptr (WwCatalog) copy = ww_catalog_load_bundle (again, upl, NULL, NULL);
      g_assert (copy != NULL);
    }

  return 0;
}
