/* SPDX-License-Identifier: EUPL-1.2 */

/* The catalogue as one document (hub → kiosk) and the kiosk's offline cache. */

#include "config.h"

#include <glib/gstdio.h>

#include "wegwijs-core.h"

static WwUpl *
load_upl (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (g_getenv ("WW_TEST_UPL"));
  WwUpl *upl = ww_upl_new_from_file (file, &error);

  g_assert_no_error (error);
  return upl;
}

static WwCatalog *
load_shipped (WwUpl *upl)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) directory = g_file_new_for_path (g_getenv ("WW_TEST_CATALOG_DIR"));
  WwCatalog *catalog = ww_catalog_load_directory (directory, upl, NULL, &error);

  g_assert_no_error (error);
  return catalog;
}

static void
test_round_trip (void)
{
  g_autoptr (WwUpl) upl = load_upl ();
  g_autoptr (WwCatalog) catalog = load_shipped (upl);
  g_autoptr (json_object) bundle = ww_catalog_to_bundle (catalog);
  g_autoptr (json_object) again = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwCatalog) copy = NULL;

  copy = ww_catalog_load_bundle (bundle, upl, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (ww_catalog_get_etag (copy), ==, ww_catalog_get_etag (catalog));
  g_assert_cmpuint (g_list_model_get_n_items (ww_catalog_get_services (copy)), ==,
                    g_list_model_get_n_items (ww_catalog_get_services (catalog)));

  /* Nothing is lost: the copy's bundle is the same document. */
  again = ww_catalog_to_bundle (copy);
  g_assert_cmpstr (json_object_to_json_string (again), ==, json_object_to_json_string (bundle));

  g_assert_finalize_object (g_steal_pointer (&copy));
}

static gboolean
has_problem (GPtrArray *problems, const char *expected)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = ww_catalog_problem_to_string (g_ptr_array_index (problems, i));

      if (g_str_equal (line, expected))
        return TRUE;
    }
  return FALSE;
}

static void
test_broken_bundle (void)
{
  g_autoptr (WwUpl) upl = load_upl ();
  g_autoptr (WwCatalog) catalog = load_shipped (upl);
  g_autoptr (json_object) bundle = ww_catalog_to_bundle (catalog);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwCatalog) copy = NULL;
  json_object *services = json_object_object_get (bundle, "services");
  json_object *second = json_object_array_get_idx (services, 1);
  json_object *steps = json_object_object_get (second, "steps");

  json_object_object_del (json_object_object_get (json_object_array_get_idx (steps, 2), "text"), "nl");
  json_object_object_add (json_object_array_get_idx (services, 3), "category", json_object_new_string ("nergens"));
  json_object_object_add (bundle, "etag", json_object_new_string ("not a tag!"));

  copy = ww_catalog_load_bundle (bundle, upl, &problems, &error);
  g_assert_null (copy);
  g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_CATALOG);
  g_assert_true (has_problem (problems, "services[1]: steps[2].text.nl: missing"));
  g_assert_true (has_problem (problems, "services[3]: category: there is no category “nergens” in catalog.json"));
  g_assert_true (has_problem (problems, "catalog bundle: etag: missing or not a valid version tag"));
}

static void
test_not_an_object (void)
{
  g_autoptr (WwUpl) upl = load_upl ();
  g_autoptr (json_object) bundle = json_object_new_array ();
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwCatalog) copy = ww_catalog_load_bundle (bundle, upl, &problems, &error);

  g_assert_null (copy);
  g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_CATALOG);
  g_assert_true (has_problem (problems, "catalog bundle: should be an object, not an array"));
}

/* Structured logging bypasses g_test_expect_message(): count the
 * warnings ourselves, with warnings made non-fatal just around the call. */
static guint discarded_warnings;

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && (level & G_LOG_LEVEL_WARNING) &&
        strstr (fields[i].value, "unusable and is discarded") != NULL)
      {
        discarded_warnings++;
        return G_LOG_WRITER_HANDLED;
      }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static WwCatalog *
load_expecting_warning (const char *path, WwUpl *upl, GError **error)
{
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  guint          before = discarded_warnings;
  WwCatalog     *catalog = ww_catalog_cache_load (path, upl, error);

  g_log_set_always_fatal (fatal);
  g_assert_cmpuint (discarded_warnings, ==, before + 1);
  return catalog;
}

static void
test_cache (void)
{
  g_autoptr (WwUpl) upl = load_upl ();
  g_autoptr (WwCatalog) catalog = load_shipped (upl);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ww-cache-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "sub", "catalog.json", NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr (WwCatalog) cached = NULL;
  GStatBuf status;

  g_assert_no_error (error);

  /* Nothing cached yet. */
  cached = ww_catalog_cache_load (path, upl, &error);
  g_assert_null (cached);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ww_catalog_cache_save (path, catalog, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &status), ==, 0);
  g_assert_cmpint (status.st_mode & 0777, ==, 0600);

  cached = ww_catalog_cache_load (path, upl, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ww_catalog_get_etag (cached), ==, ww_catalog_get_etag (catalog));
  g_clear_object (&cached);

  /* A corrupt cache is discarded with a warning, never a crash. */
  g_assert_true (g_file_set_contents (path, "{\"schemaVersion\": 1, \"etag\": ", -1, NULL));
  cached = load_expecting_warning (path, upl, &error);
  g_assert_null (cached);
  g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Valid JSON but not a valid catalogue: the same. */
  g_assert_true (g_file_set_contents (path, "{\"schemaVersion\": 1}", -1, NULL));
  cached = load_expecting_warning (path, upl, &error);
  g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_CATALOG);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_rmdir (parent), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/catalog-bundle/round-trip", test_round_trip);
  g_test_add_func ("/catalog-bundle/broken", test_broken_bundle);
  g_test_add_func ("/catalog-bundle/not-an-object", test_not_an_object);
  g_test_add_func ("/catalog-cache/save-load-discard", test_cache);

  return g_test_run ();
}
