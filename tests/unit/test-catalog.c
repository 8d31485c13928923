/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The catalogue loader against the shipped demo catalogue and against every
 * kind of broken input. Each bad case builds a small valid catalogue in a
 * temporary directory, breaks one thing, and checks the exact message an
 * editor would read.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "wegwijs-core.h"

typedef struct
{
  char        *dir;
  WwUpl       *upl;
  json_object *catalog;
  json_object *service;
} Fixture;

#define UPL_PREFIX "http://standaarden.overheid.nl/owms/terms/"

static json_object *
text_all (const char *base)
{
  json_object       *text = json_object_new_object ();
  const char *const *languages = ww_language_get_all ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *string = g_strdup_printf ("%s (%s)", base, languages[i]);
      json_object_object_add (text, languages[i], json_object_new_string (string));
    }

  return text;
}

static json_object *
make_catalog (void)
{
  json_object *root = json_object_new_object ();
  json_object *categories = json_object_new_array ();
  json_object *category = json_object_new_object ();

  json_object_object_add (category, "id", json_object_new_string ("documenten"));
  json_object_object_add (category, "icon", json_object_new_string ("ww-category-documents-symbolic"));
  json_object_object_add (category, "title", text_all ("Documenten"));
  json_object_object_add (category, "summary", text_all ("Paspoort en ID-kaart"));
  json_object_array_add (categories, category);

  json_object_object_add (root, "schemaVersion", json_object_new_int (1));
  json_object_object_add (root, "municipality", text_all ("Gemeente Test"));
  json_object_object_add (root, "categories", categories);

  return root;
}

static json_object *
make_service (const char *id, const char *upl)
{
  json_object *root = json_object_new_object ();
  json_object *bring = json_object_new_array ();
  json_object *steps = json_object_new_array ();

  json_object_array_add (bring, text_all ("Uw oude paspoort"));
  json_object_array_add (bring, text_all ("Een pasfoto"));
  for (guint i = 0; i < 4; i++)
    {
      json_object     *step = json_object_new_object ();
      g_autofree char *title = g_strdup_printf ("Stap %u", i + 1);

      json_object_object_add (step, "title", text_all (title));
      json_object_object_add (step, "text", text_all ("Doe dit."));
      json_object_array_add (steps, step);
    }

  json_object_object_add (root, "schemaVersion", json_object_new_int (1));
  json_object_object_add (root, "id", json_object_new_string (id));
  json_object_object_add (root, "upl", json_object_new_string (upl));
  json_object_object_add (root, "category", json_object_new_string ("documenten"));
  json_object_object_add (root, "icon", json_object_new_string ("ww-service-passport-symbolic"));
  json_object_object_add (root, "title", text_all ("Paspoort aanvragen"));
  json_object_object_add (root, "summary", text_all ("U vraagt een paspoort aan."));
  json_object_object_add (root, "bring", bring);
  json_object_object_add (root, "steps", steps);
  json_object_object_add (root, "channel", json_object_new_string ("appointment"));
  json_object_object_add (root, "where", text_all ("Stadhuis"));
  json_object_object_add (root, "digid", json_object_new_boolean (FALSE));
  json_object_object_add (root, "cost", text_all ("€ 80"));
  json_object_object_add (root, "link", json_object_new_string ("https://www.voorbeeld.example/paspoort"));
  json_object_object_add (root, "helpTopic", json_object_new_string ("municipality"));

  return root;
}

static void
write_raw (Fixture *fixture, const char *name, const char *data, gssize length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

static void
write_json (Fixture *fixture, const char *name, json_object *value)
{
  write_raw (fixture, name, json_object_to_json_string_ext (value, JSON_C_TO_STRING_PRETTY), -1);
}

/* Writes the fixture's (possibly broken) catalog.json and paspoort.json. */
static void
write_fixture (Fixture *fixture)
{
  write_json (fixture, "catalog.json", fixture->catalog);
  write_json (fixture, "paspoort.json", fixture->service);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) upl_file = g_file_new_for_path (g_getenv ("WW_TEST_UPL"));
  g_autoptr (json_object) second = make_service ("id-kaart", UPL_PREFIX "identiteitskaart");

  fixture->dir = g_dir_make_tmp ("ww-catalog-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->upl = ww_upl_new_from_file (upl_file, &error);
  g_assert_no_error (error);
  fixture->catalog = make_catalog ();
  fixture->service = make_service ("paspoort", UPL_PREFIX "paspoort");

  write_json (fixture, "id-kaart.json", second);
  write_fixture (fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);

  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->catalog, json_object_put);
  g_clear_pointer (&fixture->service, json_object_put);
  g_assert_finalize_object (g_steal_pointer (&fixture->upl));
}

static WwCatalog *
load (Fixture *fixture, GPtrArray **problems, GError **error)
{
  g_autoptr (GFile) directory = g_file_new_for_path (fixture->dir);

  return ww_catalog_load_directory (directory, fixture->upl, problems, error);
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

static gboolean
has_problem_containing (GPtrArray *problems, const char *file, const char *part)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const WwCatalogProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char        *line = ww_catalog_problem_to_string (problem);

      if (g_strcmp0 (problem->file, file) == 0 && strstr (line, part) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
dump_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = ww_catalog_problem_to_string (g_ptr_array_index (problems, i));
      g_test_message ("problem: %s", line);
    }
}

/* Loads the broken fixture and checks that it is rejected with @expected
 * among the problems. */
static void
assert_rejected_with (Fixture *fixture, const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (WwCatalog) catalog = load (fixture, &problems, &error);

  dump_problems (problems);
  g_assert_null (catalog);
  g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_CATALOG);
  if (!has_problem (problems, expected))
    g_error ("expected the problem “%s”", expected);
}

static void
assert_rejected_containing (Fixture *fixture, const char *file, const char *part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (WwCatalog) catalog = load (fixture, &problems, &error);

  dump_problems (problems);
  g_assert_null (catalog);
  g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_CATALOG);
  if (!has_problem_containing (problems, file, part))
    g_error ("expected a problem in %s containing “%s”", file, part);
}

static json_object *
step_member (Fixture *fixture, guint index, const char *key)
{
  json_object *steps = json_object_object_get (fixture->service, "steps");
  json_object *step = json_object_array_get_idx (steps, index);

  return json_object_object_get (step, key);
}

/* ------------------------------------------------------------------ */

static void
test_good (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (WwCatalog) catalog = load (fixture, &problems, &error);
  g_autoptr (WwCatalog) again = NULL;
  WwService  *service;
  WwCategory *category;
  WwStep     *step;

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_cmpuint (g_list_model_get_n_items (ww_catalog_get_categories (catalog)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ww_catalog_get_services (catalog)), ==, 2);

  category = ww_catalog_lookup_category (catalog, "documenten");
  g_assert_nonnull (category);
  g_assert_cmpuint (g_list_model_get_n_items (ww_category_get_services (category)), ==, 2);
  g_assert_cmpstr (ww_text_get (ww_category_get_title (category), "tr"), ==, "Documenten (tr)");

  service = ww_catalog_lookup_service (catalog, "paspoort");
  g_assert_nonnull (service);
  g_assert_null (ww_catalog_lookup_service (catalog, "rijbewijs"));
  g_assert_cmpstr (ww_service_get_upl (service), ==, UPL_PREFIX "paspoort");
  g_assert_cmpstr (ww_service_get_category_id (service), ==, "documenten");
  g_assert_cmpint (ww_service_get_channel (service), ==, WW_CHANNEL_APPOINTMENT);
  g_assert_cmpint (ww_service_get_help_topic (service), ==, WW_HELP_TOPIC_MUNICIPALITY);
  g_assert_false (ww_service_get_needs_digid (service));
  g_assert_cmpuint (ww_service_get_bring (service)->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ww_service_get_steps (service)), ==, 4);
  g_assert_cmpstr (ww_service_get_link (service), ==, "https://www.voorbeeld.example/paspoort");
  g_assert_cmpstr (ww_text_get (ww_service_get_title (service), "ar"), ==, "Paspoort aanvragen (ar)");

  step = g_list_model_get_item (ww_service_get_steps (service), 3);
  g_assert_cmpstr (ww_text_get (ww_step_get_title (step), "uk"), ==, "Stap 4 (uk)");
  g_object_unref (step);

  /* The etag depends on the content only, and changes when it does. */
  g_assert_cmpuint (strlen (ww_catalog_get_etag (catalog)), ==, 64);
  again = load (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ww_catalog_get_etag (again), ==, ww_catalog_get_etag (catalog));
  g_clear_object (&again);

  json_object_object_add (fixture->service, "cost", text_all ("€ 81"));
  write_fixture (fixture);
  again = load (fixture, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ww_catalog_get_etag (again), !=, ww_catalog_get_etag (catalog));

  g_assert_finalize_object (g_steal_pointer (&again));
  g_assert_finalize_object (g_steal_pointer (&catalog));
}

static void
test_shipped_catalog (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GFile) upl_file = g_file_new_for_path (g_getenv ("WW_TEST_UPL"));
  g_autoptr (GFile) directory = g_file_new_for_path (g_getenv ("WW_TEST_CATALOG_DIR"));
  g_autoptr (WwUpl) upl = ww_upl_new_from_file (upl_file, &error);
  g_autoptr (WwCatalog) catalog = NULL;
  GListModel       *services;
  const char *const required[] = {
    "paspoort",
    "id-kaart",
    "rijbewijs-verlengen",
    "verhuizen",
    "brp-uittreksel",
    "afvalpas",
    "grofvuil",
    "parkeervergunning",
    "melding-openbare-ruimte",
    "kwijtschelding",
    "bijzondere-bijstand",
    "huurtoeslag",
    "digid-aanvragen",
    "digid-app",
    "digid-machtiging",
    "wmo",
    "afspraak-maken",
  };

  g_assert_no_error (error);
  catalog = ww_catalog_load_directory (directory, upl, &problems, &error);
  dump_problems (problems);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  services = ww_catalog_get_services (catalog);
  g_assert_cmpuint (g_list_model_get_n_items (ww_catalog_get_categories (catalog)), >=, 6);
  g_assert_cmpuint (g_list_model_get_n_items (services), >=, 18);
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (ww_catalog_lookup_service (catalog, required[i]) == NULL)
      g_error ("the demo catalogue lacks the service %s", required[i]);

  /* Complete in every language: no fallback is ever needed. */
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr (WwService) service = g_list_model_get_item (services, i);
      const char *const *languages = ww_language_get_all ();

      for (guint l = 0; languages[l] != NULL; l++)
        g_assert_nonnull (ww_text_lookup (ww_service_get_summary (service), languages[l]));
    }

  g_assert_finalize_object (g_steal_pointer (&catalog));
}

static void
test_truncated (Fixture *fixture, gconstpointer user_data)
{
  const char *full = json_object_to_json_string_ext (fixture->service, JSON_C_TO_STRING_PRETTY);

  write_raw (fixture, "paspoort.json", full, strlen (full) / 2);
  assert_rejected_with (fixture, "paspoort.json: the JSON ends too early (is the file truncated?)");
}

static void
test_syntax_error (Fixture *fixture, gconstpointer user_data)
{
  write_raw (fixture, "paspoort.json", "{\n  \"id\": \"paspoort\",\n  \"upl\" \"x\"\n}", -1);
  assert_rejected_containing (fixture, "paspoort.json", "line 3, column");
}

static void
test_wrong_types (Fixture *fixture, gconstpointer user_data)
{
  json_object_object_add (fixture->service, "title", json_object_new_string ("Paspoort"));
  json_object_object_add (fixture->service, "digid", json_object_new_string ("ja"));
  json_object_object_add (fixture->service, "steps", json_object_new_object ());
  json_object_object_add (json_object_object_get (fixture->service, "summary"), "en", json_object_new_int (3));
  write_fixture (fixture);

  /* All at once, not only the first. */
  assert_rejected_with (fixture, "paspoort.json: title: should be an object, not a string");
  assert_rejected_with (fixture, "paspoort.json: digid: should be a boolean, not a string");
  assert_rejected_with (fixture, "paspoort.json: steps: should be an array, not an object");
  assert_rejected_with (fixture, "paspoort.json: summary.en: should be a string, not a number");
}

static void
test_root_not_object (Fixture *fixture, gconstpointer user_data)
{
  write_raw (fixture, "paspoort.json", "[1, 2, 3]", -1);
  assert_rejected_with (fixture, "paspoort.json: should be an object, not an array");
}

static void
test_unknown_upl (Fixture *fixture, gconstpointer user_data)
{
  json_object_object_add (fixture->service, "upl", json_object_new_string (UPL_PREFIX "vliegendeSchotelVergunning"));
  write_fixture (fixture);
  assert_rejected_with (fixture, "paspoort.json: upl: “" UPL_PREFIX "vliegendeSchotelVergunning” "
                                 "is not in the Uniforme Productnamenlijst");
}

static void
test_missing_dutch (Fixture *fixture, gconstpointer user_data)
{
  json_object_object_del (step_member (fixture, 2, "text"), "nl");
  write_fixture (fixture);
  assert_rejected_with (fixture, "paspoort.json: steps[2].text.nl: missing");
}

static void
test_missing_translation (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (WwCatalog) catalog = NULL;
  WwService *service;

  json_object_object_del (json_object_object_get (fixture->service, "title"), "ar");
  write_fixture (fixture);

  /* A warning only: the kiosk falls back to Dutch. */
  catalog = load (fixture, &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (has_problem (problems, "paspoort.json: title.ar: warning: missing translation"));

  service = ww_catalog_lookup_service (catalog, "paspoort");
  g_assert_cmpstr (ww_text_get (ww_service_get_title (service), "ar"), ==, "Paspoort aanvragen (nl)");
}

static void
test_unknown_language (Fixture *fixture, gconstpointer user_data)
{
  json_object_object_add (json_object_object_get (fixture->service, "title"), "de",
                          json_object_new_string ("Reisepass"));
  write_fixture (fixture);
  assert_rejected_with (fixture, "paspoort.json: title.de: unknown language; use one of nl, en, ar, tr, pl, uk");
}

static void
test_too_deep (Fixture *fixture, gconstpointer user_data)
{
  g_autoptr (GString) data = g_string_new ("{\"id\": ");

  for (guint i = 0; i < 40; i++)
    g_string_append_c (data, '[');
  for (guint i = 0; i < 40; i++)
    g_string_append_c (data, ']');
  g_string_append_c (data, '}');
  write_raw (fixture, "paspoort.json", data->str, data->len);
  assert_rejected_containing (fixture, "paspoort.json", "nested deeper than 16 levels");
}

static void
test_too_large (Fixture *fixture, gconstpointer user_data)
{
  gsize            size = WW_CATALOG_MAX_FILE_SIZE + 1;
  g_autofree char *data = g_strnfill (size, ' ');

  data[0] = '{';
  data[size - 1] = '}';
  write_raw (fixture, "paspoort.json", data, size);
  assert_rejected_with (fixture, "paspoort.json: the file is larger than 262144 bytes");
}

static void
test_long_text (Fixture *fixture, gconstpointer user_data)
{
  g_autofree char *huge = g_strnfill (5000, 'a');
  g_autofree char *long_title = g_strnfill (90, 'a');
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (WwCatalog) catalog = NULL;

  /* Past plain-language length: a warning; absurdly long: an error. */
  json_object_object_add (json_object_object_get (fixture->service, "title"), "en",
                          json_object_new_string (long_title));
  write_fixture (fixture);
  catalog = load (fixture, &problems, &error);
  g_assert_no_error (error);
  g_assert_true (has_problem (problems, "paspoort.json: title.en: warning: 90 characters long; "
                                        "keep it under 80 so it reads easily"));
  g_clear_object (&catalog);

  json_object_object_add (json_object_object_get (fixture->service, "summary"), "nl", json_object_new_string (huge));
  write_fixture (fixture);
  assert_rejected_with (fixture, "paspoort.json: summary.nl: 5000 characters long; at most 4000 are allowed");
}

static void
test_invalid_utf8 (Fixture *fixture, gconstpointer user_data)
{
  const char      *full = json_object_to_json_string_ext (fixture->service, JSON_C_TO_STRING_PRETTY);
  g_autofree char *broken = g_strdup (full);
  char            *where = strstr (broken, "Paspoort aanvragen (nl)");

  g_assert_nonnull (where);
  where[2] = (char)0xff;
  write_raw (fixture, "paspoort.json", broken, -1);
  assert_rejected_containing (fixture, "paspoort.json", "not valid UTF-8");
}

static void
test_nul_and_control (Fixture *fixture, gconstpointer user_data)
{
  json_object_object_add (json_object_object_get (fixture->service, "where"), "en",
                          json_object_new_string_len ("Town\0hall", 9));
  json_object_object_add (json_object_object_get (fixture->service, "cost"), "en",
                          json_object_new_string ("Free\tof charge"));
  write_fixture (fixture);
  assert_rejected_with (fixture, "paspoort.json: where.en: contains a NUL character");
  assert_rejected_with (fixture, "paspoort.json: cost.en: contains a control character (a line break or tab?)");
}

static void
test_empty_text (Fixture *fixture, gconstpointer user_data)
{
  json_object_object_add (json_object_object_get (fixture->service, "summary"), "pl", json_object_new_string ("   "));
  write_fixture (fixture);
  assert_rejected_with (fixture, "paspoort.json: summary.pl: empty");
}

static void
test_duplicate_service_id (Fixture *fixture, gconstpointer user_data)
{
  write_json (fixture, "paspoort-kopie.json", fixture->service);
  assert_rejected_with (fixture, "paspoort-kopie.json: id: “paspoort” does not match the file name; "
                                 "name the file paspoort.json");
  assert_rejected_with (fixture, "paspoort.json: id: the service id “paspoort” is also used in paspoort-kopie.json");
}

static void
test_duplicate_category_id (Fixture *fixture, gconstpointer user_data)
{
  json_object *categories = json_object_object_get (fixture->catalog, "categories");

  json_object_array_add (categories, json_object_get (json_object_array_get_idx (categories, 0)));
  write_fixture (fixture);
  assert_rejected_with (fixture, "catalog.json: categories[1].id: the category id “documenten” is used twice");
}

static void
test_dangling_category (Fixture *fixture, gconstpointer user_data)
{
  json_object_object_add (fixture->service, "category", json_object_new_string ("nergens"));
  write_fixture (fixture);
  assert_rejected_with (fixture, "paspoort.json: category: there is no category “nergens” in catalog.json");
}

static void
test_empty_category (Fixture *fixture, gconstpointer user_data)
{
  json_object *categories = json_object_object_get (fixture->catalog, "categories");
  json_object *extra = json_object_new_object ();

  json_object_object_add (extra, "id", json_object_new_string ("leeg"));
  json_object_object_add (extra, "icon", json_object_new_string ("ww-category-empty"));
  json_object_object_add (extra, "title", text_all ("Leeg"));
  json_object_object_add (extra, "summary", text_all ("Niets"));
  json_object_array_add (categories, extra);
  write_fixture (fixture);
  assert_rejected_with (fixture, "catalog.json: categories[1]: the category “leeg” has no services; "
                                 "a resident would find an empty page");
}

static void
test_unknown_field (Fixture *fixture, gconstpointer user_data)
{
  json_object_object_add (fixture->service, "titel", text_all ("Paspoort"));
  write_fixture (fixture);
  assert_rejected_with (fixture, "paspoort.json: titel: unknown field (is it misspelt?)");
}

static void
test_step_count (Fixture *fixture, gconstpointer user_data)
{
  json_object *steps = json_object_object_get (fixture->service, "steps");

  json_object_array_del_idx (steps, 0, 2);
  write_fixture (fixture);
  assert_rejected_with (fixture, "paspoort.json: steps: has 2 steps; a guide has 3 to 7");
}

static void
test_bad_values (Fixture *fixture, gconstpointer user_data)
{
  json_object_object_add (fixture->service, "link", json_object_new_string ("http://www.voorbeeld.example/x"));
  json_object_object_add (fixture->service, "channel", json_object_new_string ("post"));
  json_object_object_add (fixture->service, "helpTopic", json_object_new_string ("taxes"));
  json_object_object_add (fixture->service, "icon", json_object_new_string ("../../etc/passwd"));
  json_object_object_add (fixture->service, "schemaVersion", json_object_new_int (2));
  write_fixture (fixture);
  assert_rejected_with (fixture,
                        "paspoort.json: link: “http://www.voorbeeld.example/x” is not an https:// web address");
  assert_rejected_with (fixture, "paspoort.json: channel: “post” is not one of online, appointment, volunteer");
  assert_rejected_with (fixture,
                        "paspoort.json: helpTopic: “taxes” is not one of digid, money, municipality, device, other");
  assert_rejected_with (
      fixture, "paspoort.json: icon: “../../etc/passwd” is not a valid name: use 1 to 64 characters a–z, 0–9 and -");
  assert_rejected_with (fixture,
                        "paspoort.json: schemaVersion: version 2 is not supported; this program reads version 1");
}

static void
test_missing_field (Fixture *fixture, gconstpointer user_data)
{
  json_object_object_del (fixture->service, "where");
  write_fixture (fixture);
  assert_rejected_with (fixture, "paspoort.json: where: missing");
}

static void
test_missing_catalog_file (Fixture *fixture, gconstpointer user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "catalog.json", NULL);

  g_assert_cmpint (g_remove (path), ==, 0);
  assert_rejected_with (fixture, "catalog.json: missing: the catalogue needs this file with its categories");
}

static void
test_missing_directory (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GFile) upl_file = g_file_new_for_path (g_getenv ("WW_TEST_UPL"));
  g_autoptr (WwUpl) upl = ww_upl_new_from_file (upl_file, &error);
  g_autoptr (GFile) directory = g_file_new_for_path ("/nonexistent/wegwijs/catalog");
  g_autoptr (WwCatalog) catalog = NULL;

  g_assert_no_error (error);
  catalog = ww_catalog_load_directory (directory, upl, &problems, &error);
  g_assert_null (catalog);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------------ */
/* The wegwijs-catalog-check tool                                      */

static void
run_check (const char *directory, gboolean strict, char **out, int *status)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  int wait_status;

  g_ptr_array_add (argv, (char *)g_getenv ("WW_CATALOG_CHECK"));
  g_ptr_array_add (argv, (char *)"--upl");
  g_ptr_array_add (argv, (char *)g_getenv ("WW_TEST_UPL"));
  if (strict)
    g_ptr_array_add (argv, (char *)"--strict");
  if (directory != NULL)
    g_ptr_array_add (argv, (char *)directory);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, out, NULL, &wait_status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
}

static void
test_check_tool (Fixture *fixture, gconstpointer user_data)
{
  g_autofree char *out = NULL;
  int              status;

  run_check (fixture->dir, TRUE, &out, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "2 services in 1 categories"));
  g_clear_pointer (&out, g_free);

  json_object_object_del (json_object_object_get (fixture->service, "title"), "tr");
  write_fixture (fixture);
  run_check (fixture->dir, FALSE, &out, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "paspoort.json: title.tr: warning: missing translation\n"));
  g_clear_pointer (&out, g_free);
  run_check (fixture->dir, TRUE, &out, &status);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);

  json_object_object_add (fixture->service, "upl", json_object_new_string (UPL_PREFIX "bestaatNiet"));
  json_object_object_del (step_member (fixture, 0, "title"), "nl");
  write_fixture (fixture);
  run_check (fixture->dir, FALSE, &out, &status);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (
      strstr (out, "paspoort.json: upl: “" UPL_PREFIX "bestaatNiet” is not in the Uniforme Productnamenlijst\n"));
  g_assert_nonnull (strstr (out, "paspoort.json: steps[0].title.nl: missing\n"));
  g_clear_pointer (&out, g_free);

  run_check (NULL, FALSE, &out, &status);
  g_assert_cmpint (status, ==, 2);
}

#define ADD_FIXTURE_TEST(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_FIXTURE_TEST ("/catalog/good", test_good);
  g_test_add_func ("/catalog/shipped", test_shipped_catalog);
  ADD_FIXTURE_TEST ("/catalog/bad/truncated", test_truncated);
  ADD_FIXTURE_TEST ("/catalog/bad/syntax", test_syntax_error);
  ADD_FIXTURE_TEST ("/catalog/bad/wrong-types", test_wrong_types);
  ADD_FIXTURE_TEST ("/catalog/bad/root-not-object", test_root_not_object);
  ADD_FIXTURE_TEST ("/catalog/bad/unknown-upl", test_unknown_upl);
  ADD_FIXTURE_TEST ("/catalog/bad/missing-dutch", test_missing_dutch);
  ADD_FIXTURE_TEST ("/catalog/bad/missing-translation", test_missing_translation);
  ADD_FIXTURE_TEST ("/catalog/bad/unknown-language", test_unknown_language);
  ADD_FIXTURE_TEST ("/catalog/bad/too-deep", test_too_deep);
  ADD_FIXTURE_TEST ("/catalog/bad/too-large", test_too_large);
  ADD_FIXTURE_TEST ("/catalog/bad/long-text", test_long_text);
  ADD_FIXTURE_TEST ("/catalog/bad/invalid-utf8", test_invalid_utf8);
  ADD_FIXTURE_TEST ("/catalog/bad/nul-and-control", test_nul_and_control);
  ADD_FIXTURE_TEST ("/catalog/bad/empty-text", test_empty_text);
  ADD_FIXTURE_TEST ("/catalog/bad/duplicate-service-id", test_duplicate_service_id);
  ADD_FIXTURE_TEST ("/catalog/bad/duplicate-category-id", test_duplicate_category_id);
  ADD_FIXTURE_TEST ("/catalog/bad/dangling-category", test_dangling_category);
  ADD_FIXTURE_TEST ("/catalog/bad/empty-category", test_empty_category);
  ADD_FIXTURE_TEST ("/catalog/bad/unknown-field", test_unknown_field);
  ADD_FIXTURE_TEST ("/catalog/bad/step-count", test_step_count);
  ADD_FIXTURE_TEST ("/catalog/bad/values", test_bad_values);
  ADD_FIXTURE_TEST ("/catalog/bad/missing-field", test_missing_field);
  ADD_FIXTURE_TEST ("/catalog/bad/missing-catalog-file", test_missing_catalog_file);
  g_test_add_func ("/catalog/bad/missing-directory", test_missing_directory);
  ADD_FIXTURE_TEST ("/catalog/check-tool", test_check_tool);

  return g_test_run ();
}
