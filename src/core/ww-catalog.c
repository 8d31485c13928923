/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The service catalogue: categories and services, loaded from a directory
 * of JSON files (see data/catalog/README.md for the format).
 *
 * Loading validates everything and reports every problem at once, with the
 * file, the JSON path and what is wrong, so an editor can fix a catalogue in
 * one pass. A catalogue with errors is never half-loaded: the caller gets
 * the problems and no catalogue, and keeps whatever it had before.
 */

#include "config.h"

#include "ww-catalog.h"

#include <glib/gi18n-lib.h>

#include "ww-category-private.h"
#include "ww-error.h"
#include "ww-io.h"
#include "ww-json.h"
#include "ww-language.h"

#define CATALOG_FILE "catalog.json"
#define BUNDLE_FILE "catalog bundle"
#define SCHEMA_VERSION 1
#define MAX_TITLE_LENGTH 80
#define MAX_TEXT_LENGTH 400
/* Past this a text is not a style problem but a broken file. */
#define MAX_HARD_LENGTH 4000
#define MIN_STEPS 3
#define MAX_STEPS 7
#define MAX_BRING 10
#define MAX_CATEGORIES 50
#define MIN_ID_LENGTH 2
#define MAX_ID_LENGTH 48
#define MAX_ICON_LENGTH 64
#define MAX_LINK_LENGTH 500

struct _WwCatalog
{
  GObject parent_instance;

  WwText     *municipality;
  GListStore *categories;
  GListStore *services;
  char       *etag;
};

G_DEFINE_FINAL_TYPE (WwCatalog, ww_catalog, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_MUNICIPALITY,
  PROP_CATEGORIES,
  PROP_SERVICES,
  PROP_ETAG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ww_catalog_finalize (GObject *object)
{
  WwCatalog *self = WW_CATALOG (object);

  g_clear_pointer (&self->municipality, ww_text_unref);
  g_clear_object (&self->categories);
  g_clear_object (&self->services);
  g_clear_pointer (&self->etag, g_free);

  G_OBJECT_CLASS (ww_catalog_parent_class)->finalize (object);
}

static void
ww_catalog_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwCatalog *self = WW_CATALOG (object);

  switch (prop_id)
    {
    case PROP_MUNICIPALITY:
      g_value_set_boxed (value, self->municipality);
      break;
    case PROP_CATEGORIES:
      g_value_set_object (value, self->categories);
      break;
    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;
    case PROP_ETAG:
      g_value_set_string (value, self->etag);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_catalog_class_init (WwCatalogClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ww_catalog_finalize;
  object_class->get_property = ww_catalog_get_property;

  properties[PROP_MUNICIPALITY] = g_param_spec_boxed ("municipality", NULL, NULL, WW_TYPE_TEXT, flags);
  properties[PROP_CATEGORIES] = g_param_spec_object ("categories", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_SERVICES] = g_param_spec_object ("services", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_ETAG] = g_param_spec_string ("etag", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_catalog_init (WwCatalog *self)
{
  self->categories = g_list_store_new (WW_TYPE_CATEGORY);
  self->services = g_list_store_new (WW_TYPE_SERVICE);
}

/* ------------------------------------------------------------------ */
/* Reporting                                                           */

typedef struct
{
  GPtrArray  *problems;
  const char *file;
  guint       n_errors;
} Report;

static void G_GNUC_PRINTF (4, 0)
    report_va (Report *report, WwSeverity severity, const char *path, const char *format, va_list args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  if (severity == WW_SEVERITY_ERROR)
    report->n_errors++;
  g_ptr_array_add (report->problems, ww_catalog_problem_new (severity, report->file, path, message));
}

static void G_GNUC_PRINTF (3, 4) report_error (Report *report, const char *path, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  report_va (report, WW_SEVERITY_ERROR, path, format, args);
  va_end (args);
}

static void G_GNUC_PRINTF (3, 4) report_warning (Report *report, const char *path, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  report_va (report, WW_SEVERITY_WARNING, path, format, args);
  va_end (args);
}

static char *
path_join (const char *parent, const char *key)
{
  if (parent == NULL || *parent == '\0')
    return g_strdup (key);
  return g_strdup_printf ("%s.%s", parent, key);
}

static char *
path_index (const char *parent, gsize index)
{
  return g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", parent, index);
}

/* ------------------------------------------------------------------ */
/* Reading typed fields                                                */

static gboolean
check_type (Report *report, json_object *value, json_type expected, const char *path)
{
  json_type actual = json_object_get_type (value);

  /* A whole number is a fine double, but not the other way round. */
  if (actual == expected)
    return TRUE;

  report_error (report, path, "should be %s, not %s", ww_json_type_name (expected), ww_json_type_name (actual));
  return FALSE;
}

static json_object *
get_member (Report *report, json_object *object, const char *key, const char *parent_path, json_type expected)
{
  g_autofree char *path = path_join (parent_path, key);
  json_object     *value = NULL;

  if (!json_object_object_get_ex (object, key, &value) || value == NULL)
    {
      report_error (report, path, "missing");
      return NULL;
    }

  return check_type (report, value, expected, path) ? value : NULL;
}

static void
check_known_fields (Report *report, json_object *object, const char *parent_path, const char *const *known)
{
  json_object_object_foreach (object, key, value)
    {
      (void)value;
      if (!g_strv_contains (known, key))
        {
          g_autofree char *path = path_join (parent_path, key);
          report_error (report, path, "unknown field (is it misspelt?)");
        }
    }
}

/* json-c keeps NUL bytes written as \u0000; a C string would hide them. */
static const char *
get_plain_string (Report *report, json_object *value, const char *path)
{
  const char *string = json_object_get_string (value);
  gsize       length = (gsize)json_object_get_string_len (value);

  if (strlen (string) != length)
    {
      report_error (report, path, "contains a NUL character");
      return NULL;
    }
  if (!g_utf8_validate_len (string, length, NULL))
    {
      report_error (report, path, "not valid UTF-8");
      return NULL;
    }

  return string;
}

static gboolean
is_identifier (const char *string, gsize min_length, gsize max_length)
{
  gsize length = strlen (string);

  if (length < min_length || length > max_length)
    return FALSE;
  if (string[0] == '-' || string[length - 1] == '-')
    return FALSE;

  for (const char *p = string; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

static const char *
read_identifier (Report *report, json_object *object, const char *key, gsize min_length, gsize max_length)
{
  json_object *value = get_member (report, object, key, NULL, json_type_string);
  const char  *string;

  if (value == NULL || (string = get_plain_string (report, value, key)) == NULL)
    return NULL;

  if (!is_identifier (string, min_length, max_length))
    {
      report_error (report, key,
                    "“%s” is not a valid name: use %" G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT
                    " characters a–z, 0–9 and -",
                    string, min_length, max_length);
      return NULL;
    }

  return string;
}

static gboolean
has_control_characters (const char *string)
{
  for (const char *p = string; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_CONTROL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_text_string (Report *report, const char *string, const char *path, gsize max_length)
{
  glong            length = g_utf8_strlen (string, -1);
  g_autofree char *trimmed = g_strstrip (g_strdup (string));

  if (*trimmed == '\0')
    {
      report_error (report, path, "empty");
      return FALSE;
    }
  if (has_control_characters (string))
    {
      report_error (report, path, "contains a control character (a line break or tab?)");
      return FALSE;
    }
  if (length > MAX_HARD_LENGTH)
    {
      report_error (report, path, "%ld characters long; at most %d are allowed", length, MAX_HARD_LENGTH);
      return FALSE;
    }
  if ((gsize)length > max_length)
    report_warning (report, path, "%ld characters long; keep it under %" G_GSIZE_FORMAT " so it reads easily", length,
                    max_length);
  if (!g_str_equal (trimmed, string))
    report_warning (report, path, "starts or ends with white space");

  return TRUE;
}

/*
 * A translated text: an object keyed by language. Dutch is required; every
 * other language is expected, and a missing one is a warning because the
 * kiosk falls back to Dutch, then English.
 */
static WwText *
read_text_value (Report *report, json_object *value, const char *path, gsize max_length)
{
  g_autoptr (WwText) text = ww_text_new ();
  guint              errors_before = report->n_errors;
  const char *const *languages = ww_language_get_all ();

  if (!check_type (report, value, json_type_object, path))
    return NULL;

  json_object_object_foreach (value, language, string_value)
    {
      g_autofree char *string_path = path_join (path, language);
      const char      *string;

      if (!ww_language_is_known (language))
        {
          report_error (report, string_path, "unknown language; use one of nl, en, ar, tr, pl, uk");
          continue;
        }
      if (!check_type (report, string_value, json_type_string, string_path))
        continue;
      if ((string = get_plain_string (report, string_value, string_path)) == NULL)
        continue;
      if (check_text_string (report, string, string_path, max_length))
        ww_text_set (text, language, string);
    }

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *string_path = NULL;
      json_object     *unused;

      if (json_object_object_get_ex (value, languages[i], &unused))
        continue;

      string_path = path_join (path, languages[i]);
      if (g_str_equal (languages[i], "nl"))
        report_error (report, string_path, "missing");
      else
        report_warning (report, string_path, "missing translation");
    }

  return report->n_errors == errors_before ? g_steal_pointer (&text) : NULL;
}

static WwText *
read_text (Report *report, json_object *object, const char *key, const char *parent_path, gsize max_length)
{
  g_autofree char *path = path_join (parent_path, key);
  json_object     *value = NULL;

  if (!json_object_object_get_ex (object, key, &value) || value == NULL)
    {
      report_error (report, path, "missing");
      return NULL;
    }

  return read_text_value (report, value, path, max_length);
}

static gboolean
read_schema_version (Report *report, json_object *object)
{
  json_object *value = get_member (report, object, "schemaVersion", NULL, json_type_int);

  if (value == NULL)
    return FALSE;

  if (json_object_get_int64 (value) != SCHEMA_VERSION)
    {
      report_error (report, "schemaVersion",
                    "version %" G_GINT64_FORMAT " is not supported; this program reads version %d",
                    json_object_get_int64 (value), SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* catalog.json                                                        */

static WwCategory *
read_category (Report *report, json_object *object, const char *path)
{
  static const char *const known[] = { "id", "icon", "title", "summary", NULL };
  g_autofree char         *id_path = path_join (path, "id");
  g_autofree char         *icon_path = path_join (path, "icon");
  g_autoptr (WwText) title = NULL;
  g_autoptr (WwText) summary = NULL;
  guint        errors_before = report->n_errors;
  json_object *id_value, *icon_value;
  const char  *id = NULL, *icon = NULL;

  if (!check_type (report, object, json_type_object, path))
    return NULL;

  check_known_fields (report, object, path, known);

  if ((id_value = get_member (report, object, "id", path, json_type_string)) != NULL &&
      (id = get_plain_string (report, id_value, id_path)) != NULL && !is_identifier (id, MIN_ID_LENGTH, MAX_ID_LENGTH))
    report_error (report, id_path, "“%s” is not a valid name: use 2 to 48 characters a–z, 0–9 and -", id);

  if ((icon_value = get_member (report, object, "icon", path, json_type_string)) != NULL &&
      (icon = get_plain_string (report, icon_value, icon_path)) != NULL && !is_identifier (icon, 1, MAX_ICON_LENGTH))
    report_error (report, icon_path, "“%s” is not a valid icon name", icon);

  title = read_text (report, object, "title", path, MAX_TITLE_LENGTH);
  summary = read_text (report, object, "summary", path, MAX_TEXT_LENGTH);

  if (report->n_errors != errors_before)
    return NULL;

  return g_object_new (WW_TYPE_CATEGORY, "id", id, "icon-name", icon, "title", title, "summary", summary, NULL);
}

static void
read_catalog_file (WwCatalog *self, Report *report, json_object *root)
{
  static const char *const known[] = { "schemaVersion", "municipality", "categories", NULL };
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  json_object *categories;
  gsize        n_categories;

  if (!check_type (report, root, json_type_object, NULL))
    return;

  check_known_fields (report, root, NULL, known);
  read_schema_version (report, root);
  self->municipality = read_text (report, root, "municipality", NULL, MAX_TITLE_LENGTH);

  categories = get_member (report, root, "categories", NULL, json_type_array);
  if (categories == NULL)
    return;

  n_categories = json_object_array_length (categories);
  if (n_categories == 0 || n_categories > MAX_CATEGORIES)
    report_error (report, "categories", "has %" G_GSIZE_FORMAT " categories; 1 to %d are allowed", n_categories,
                  MAX_CATEGORIES);

  for (gsize i = 0; i < n_categories && i < MAX_CATEGORIES; i++)
    {
      g_autofree char *path = path_index ("categories", i);
      g_autoptr (WwCategory) category = read_category (report, json_object_array_get_idx (categories, i), path);
      const char *id;

      if (category == NULL)
        continue;

      id = ww_category_get_id (category);
      if (g_hash_table_contains (seen, id))
        {
          g_autofree char *id_path = path_join (path, "id");
          report_error (report, id_path, "the category id “%s” is used twice", id);
          continue;
        }

      g_hash_table_add (seen, (gpointer)id);
      g_list_store_append (self->categories, category);
    }
}

/* ------------------------------------------------------------------ */
/* A service file                                                      */

static GPtrArray *
read_bring (Report *report, json_object *object)
{
  json_object *array = get_member (report, object, "bring", NULL, json_type_array);
  g_autoptr (GPtrArray) bring = NULL;
  gsize n_items;

  if (array == NULL)
    return NULL;

  n_items = json_object_array_length (array);
  if (n_items > MAX_BRING)
    {
      report_error (report, "bring", "has %" G_GSIZE_FORMAT " items; at most %d are allowed", n_items, MAX_BRING);
      return NULL;
    }

  bring = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_text_unref);
  for (gsize i = 0; i < n_items; i++)
    {
      g_autofree char *path = path_index ("bring", i);
      WwText          *item = read_text_value (report, json_object_array_get_idx (array, i), path, MAX_TEXT_LENGTH);

      if (item != NULL)
        g_ptr_array_add (bring, item);
    }

  return bring->len == n_items ? g_steal_pointer (&bring) : NULL;
}

static WwStep *
read_step (Report *report, json_object *object, const char *path)
{
  static const char *const known[] = { "title", "text", NULL };
  g_autoptr (WwText) title = NULL;
  g_autoptr (WwText) text = NULL;

  if (!check_type (report, object, json_type_object, path))
    return NULL;

  check_known_fields (report, object, path, known);
  title = read_text (report, object, "title", path, MAX_TITLE_LENGTH);
  text = read_text (report, object, "text", path, MAX_TEXT_LENGTH);

  if (title == NULL || text == NULL)
    return NULL;

  return ww_step_new (title, text);
}

static GListModel *
read_steps (Report *report, json_object *object)
{
  json_object *array = get_member (report, object, "steps", NULL, json_type_array);
  g_autoptr (GListStore) steps = NULL;
  gsize n_steps;

  if (array == NULL)
    return NULL;

  n_steps = json_object_array_length (array);
  if (n_steps < MIN_STEPS || n_steps > MAX_STEPS)
    {
      report_error (report, "steps", "has %" G_GSIZE_FORMAT " steps; a guide has %d to %d", n_steps, MIN_STEPS,
                    MAX_STEPS);
      return NULL;
    }

  steps = g_list_store_new (WW_TYPE_STEP);
  for (gsize i = 0; i < n_steps; i++)
    {
      g_autofree char *path = path_index ("steps", i);
      g_autoptr (WwStep) step = read_step (report, json_object_array_get_idx (array, i), path);

      if (step != NULL)
        g_list_store_append (steps, step);
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (steps)) != n_steps)
    return NULL;

  return G_LIST_MODEL (g_steal_pointer (&steps));
}

static gboolean
read_enum (Report      *report,
           json_object *object,
           const char  *key,
           const char  *choices,
           gboolean (*from_string) (const char *, int *),
           int *out)
{
  json_object *value = get_member (report, object, key, NULL, json_type_string);
  const char  *string;

  if (value == NULL || (string = get_plain_string (report, value, key)) == NULL)
    return FALSE;

  if (!from_string (string, out))
    {
      report_error (report, key, "“%s” is not one of %s", string, choices);
      return FALSE;
    }

  return TRUE;
}

static gboolean
channel_from_string (const char *string, int *out)
{
  WwChannel channel;

  if (!ww_channel_from_string (string, &channel))
    return FALSE;
  *out = channel;
  return TRUE;
}

static gboolean
help_topic_from_string (const char *string, int *out)
{
  WwHelpTopic topic;

  if (!ww_help_topic_from_string (string, &topic))
    return FALSE;
  *out = topic;
  return TRUE;
}

static const char *
read_link (Report *report, json_object *object)
{
  json_object *value = get_member (report, object, "link", NULL, json_type_string);
  g_autoptr (GUri) uri = NULL;
  const char *string;

  if (value == NULL || (string = get_plain_string (report, value, "link")) == NULL)
    return NULL;

  /* It becomes a QR code on a resident's phone: https only, nothing odd. */
  if (strlen (string) > MAX_LINK_LENGTH)
    {
      report_error (report, "link", "longer than %d characters", MAX_LINK_LENGTH);
      return NULL;
    }
  uri = g_uri_parse (string, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 || g_uri_get_host (uri) == NULL ||
      *g_uri_get_host (uri) == '\0' || g_uri_get_userinfo (uri) != NULL)
    {
      report_error (report, "link", "“%s” is not an https:// web address", string);
      return NULL;
    }

  return string;
}

static WwService *
read_service_file (Report *report, json_object *root, const char *expected_id, WwUpl *upl, GHashTable *files_by_id)
{
  static const char *const known[] = {
    "schemaVersion", "id",      "upl",   "category", "icon", "title", "summary",   "bring",
    "steps",         "channel", "where", "digid",    "cost", "link",  "helpTopic", NULL,
  };
  g_autoptr (WwText) title = NULL;
  g_autoptr (WwText) summary = NULL;
  g_autoptr (WwText) where = NULL;
  g_autoptr (WwText) cost = NULL;
  g_autoptr (GPtrArray) bring = NULL;
  g_autoptr (GListModel) steps = NULL;
  guint        errors_before = report->n_errors;
  const char  *id, *upl_uri = NULL, *category, *icon, *link;
  json_object *value;
  int          channel = 0, help_topic = 0;
  gboolean     digid = FALSE;

  if (!check_type (report, root, json_type_object, NULL))
    return NULL;

  check_known_fields (report, root, NULL, known);
  read_schema_version (report, root);

  id = read_identifier (report, root, "id", MIN_ID_LENGTH, MAX_ID_LENGTH);
  if (id != NULL && expected_id != NULL && !g_str_equal (id, expected_id))
    report_error (report, "id", "“%s” does not match the file name; name the file %s.json", id, id);
  if (id != NULL && g_hash_table_contains (files_by_id, id))
    report_error (report, "id", "the service id “%s” is also used in %s", id,
                  (const char *)g_hash_table_lookup (files_by_id, id));
  else if (id != NULL)
    g_hash_table_insert (files_by_id, g_strdup (id), g_strdup (report->file));

  if ((value = get_member (report, root, "upl", NULL, json_type_string)) != NULL &&
      (upl_uri = get_plain_string (report, value, "upl")) != NULL && ww_upl_lookup_name (upl, upl_uri) == NULL)
    report_error (report, "upl", "“%s” is not in the Uniforme Productnamenlijst", upl_uri);

  category = read_identifier (report, root, "category", MIN_ID_LENGTH, MAX_ID_LENGTH);
  icon = read_identifier (report, root, "icon", 1, MAX_ICON_LENGTH);
  title = read_text (report, root, "title", NULL, MAX_TITLE_LENGTH);
  summary = read_text (report, root, "summary", NULL, MAX_TEXT_LENGTH);
  bring = read_bring (report, root);
  steps = read_steps (report, root);
  read_enum (report, root, "channel", "online, appointment, volunteer", channel_from_string, &channel);
  where = read_text (report, root, "where", NULL, MAX_TEXT_LENGTH);
  if ((value = get_member (report, root, "digid", NULL, json_type_boolean)) != NULL)
    digid = json_object_get_boolean (value);
  cost = read_text (report, root, "cost", NULL, MAX_TEXT_LENGTH);
  link = read_link (report, root);
  read_enum (report, root, "helpTopic", "digid, money, municipality, device, other", help_topic_from_string,
             &help_topic);

  if (report->n_errors != errors_before)
    return NULL;

  return g_object_new (WW_TYPE_SERVICE, "id", id, "upl", upl_uri, "category-id", category, "icon-name", icon, "title",
                       title, "summary", summary, "bring", bring, "steps", steps, "channel", channel, "where", where,
                       "needs-digid", digid, "cost", cost, "link", link, "help-topic", help_topic, NULL);
}

/* ------------------------------------------------------------------ */
/* The directory                                                       */

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* The catalogue's JSON files, sorted so the etag does not depend on the
 * order the file system lists them in. */
static GPtrArray *
list_json_files (GFile *directory, GError **error)
{
  g_autoptr (GFileEnumerator) enumerator = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  enumerator = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (enumerator == NULL)
    return NULL;

  for (;;)
    {
      GFileInfo  *info;
      const char *name;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, error))
        return NULL;
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      if (name[0] == '.' || !g_str_has_suffix (name, ".json") ||
          g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        continue;

      if (names->len == WW_CATALOG_MAX_FILES)
        {
          g_set_error (error, WW_ERROR, WW_ERROR_TOO_LARGE, "the catalogue has more than %d files",
                       WW_CATALOG_MAX_FILES);
          return NULL;
        }
      g_ptr_array_add (names, g_strdup (name));
    }

  g_ptr_array_sort (names, compare_strings);
  return g_steal_pointer (&names);
}

static void
add_to_etag (GChecksum *checksum, const char *name, const char *contents, gsize length)
{
  g_checksum_update (checksum, (const guchar *)name, strlen (name) + 1);
  g_checksum_update (checksum, (const guchar *)contents, length);
  g_checksum_update (checksum, (const guchar *)"", 1);
}

static json_object *
load_file (Report *report, GFile *directory, const char *name, GChecksum *checksum)
{
  g_autoptr (GFile) file = g_file_get_child (directory, name);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  json_object     *root;
  gsize            length;

  if (!ww_file_load_bounded (file, WW_CATALOG_MAX_FILE_SIZE, &contents, &length, &error))
    {
      report_error (report, NULL, "%s", error->message);
      return NULL;
    }

  root = ww_json_parse (contents, length, WW_JSON_MAX_DEPTH, &error);
  if (root == NULL)
    {
      report_error (report, NULL, "%s", error->message);
      return NULL;
    }

  add_to_etag (checksum, name, contents, length);
  return root;
}

static void
add_service (WwCatalog *self, Report *report, WwService *service)
{
  WwCategory *category = ww_catalog_lookup_category (self, ww_service_get_category_id (service));

  if (category == NULL)
    {
      report_error (report, "category", "there is no category “%s” in " CATALOG_FILE,
                    ww_service_get_category_id (service));
      return;
    }

  _ww_category_add_service (category, service);
  g_list_store_append (self->services, service);
}

static void
check_no_empty_category (WwCatalog *self, Report *report)
{
  guint n_categories = g_list_model_get_n_items (G_LIST_MODEL (self->categories));

  for (guint i = 0; i < n_categories; i++)
    {
      g_autoptr (WwCategory) category = g_list_model_get_item (G_LIST_MODEL (self->categories), i);
      g_autofree char *path = g_strdup_printf ("categories[%u]", i);

      if (g_list_model_get_n_items (ww_category_get_services (category)) == 0)
        report_error (report, path, "the category “%s” has no services; a resident would find an empty page",
                      ww_category_get_id (category));
    }
}

/* What both loaders do last: every category must hold a service, and a
 * catalogue with any error is not handed out. */
static WwCatalog *
finish_loading (WwCatalog  *self,
                const char *catalog_file,
                GPtrArray  *all_problems,
                guint       n_errors,
                GPtrArray **problems,
                GError    **error)
{
  g_autoptr (WwCatalog) catalog = self;

  if (g_list_model_get_n_items (G_LIST_MODEL (catalog->categories)) > 0)
    {
      Report report = { all_problems, catalog_file, 0 };

      check_no_empty_category (catalog, &report);
      n_errors += report.n_errors;
    }

  if (problems != NULL)
    *problems = g_ptr_array_ref (all_problems);

  if (n_errors > 0)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_CATALOG,
                   g_dngettext (GETTEXT_PACKAGE, "The catalogue has %u error", "The catalogue has %u errors", n_errors),
                   n_errors);
      return NULL;
    }

  return g_steal_pointer (&catalog);
}

/**
 * ww_catalog_load_directory:
 * @directory: the catalogue directory
 * @upl: the product list that every service's `upl` must be on
 * @problems: (out) (optional) (element-type WwCatalogProblem): every error
 *   and warning found, in file order
 * @error: set when the catalogue cannot be used
 *
 * Returns: (transfer full) (nullable): the catalogue, or %NULL when it has
 *   errors (%WW_ERROR_INVALID_CATALOG, with the details in @problems) or
 *   the directory cannot be read.
 */
WwCatalog *
ww_catalog_load_directory (GFile *directory, WwUpl *upl, GPtrArray **problems, GError **error)
{
  g_autoptr (WwCatalog) self = g_object_new (WW_TYPE_CATALOG, NULL);
  g_autoptr (GPtrArray) all_problems = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_catalog_problem_free);
  g_autoptr (GHashTable) files_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (json_object) catalog_root = NULL;
  Report report = { all_problems, CATALOG_FILE, 0 };
  guint  n_errors = 0;

  g_return_val_if_fail (G_IS_FILE (directory), NULL);
  g_return_val_if_fail (WW_IS_UPL (upl), NULL);

  if (problems != NULL)
    *problems = NULL;

  names = list_json_files (directory, error);
  if (names == NULL)
    return NULL;

  if (!g_ptr_array_find_with_equal_func (names, CATALOG_FILE, g_str_equal, NULL))
    report_error (&report, NULL, "missing: the catalogue needs this file with its categories");
  else if ((catalog_root = load_file (&report, directory, CATALOG_FILE, checksum)) != NULL)
    read_catalog_file (self, &report, catalog_root);
  n_errors += report.n_errors;

  for (guint i = 0; i < names->len; i++)
    {
      const char      *name = g_ptr_array_index (names, i);
      g_autofree char *expected_id = g_strndup (name, strlen (name) - strlen (".json"));
      g_autoptr (json_object) root = NULL;
      g_autoptr (WwService) service = NULL;

      if (g_str_equal (name, CATALOG_FILE))
        continue;

      report = (Report){ all_problems, name, 0 };
      root = load_file (&report, directory, name, checksum);
      if (root != NULL)
        service = read_service_file (&report, root, expected_id, upl, files_by_id);
      if (service != NULL)
        add_service (self, &report, service);
      n_errors += report.n_errors;
    }

  self->etag = g_strdup (g_checksum_get_string (checksum));
  return finish_loading (g_steal_pointer (&self), CATALOG_FILE, all_problems, n_errors, problems, error);
}

/**
 * ww_catalog_load_bundle:
 * @bundle: the whole catalogue as one JSON document (what the hub serves at
 *   /v1/catalog and the kiosk keeps in its cache): the fields of
 *   catalog.json plus `etag` and `services`, an array of service objects
 * @upl: the product list every service's `upl` must be on
 * @problems: (out) (optional) (element-type WwCatalogProblem): every problem;
 *   the file of a service's problem is `services[N]`
 * @error: set when the catalogue cannot be used
 *
 * Validates exactly as ww_catalog_load_directory() does.
 *
 * Returns: (transfer full) (nullable): the catalogue
 */
WwCatalog *
ww_catalog_load_bundle (json_object *bundle, WwUpl *upl, GPtrArray **problems, GError **error)
{
  g_autoptr (WwCatalog) self = g_object_new (WW_TYPE_CATALOG, NULL);
  g_autoptr (GPtrArray) all_problems = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_catalog_problem_free);
  g_autoptr (GHashTable) files_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (json_object) catalog_part = json_object_new_object ();
  Report       report = { all_problems, BUNDLE_FILE, 0 };
  json_object *services = NULL, *etag = NULL;
  guint        n_errors = 0;

  g_return_val_if_fail (bundle != NULL, NULL);
  g_return_val_if_fail (WW_IS_UPL (upl), NULL);

  if (problems != NULL)
    *problems = NULL;

  if (!check_type (&report, bundle, json_type_object, NULL))
    return finish_loading (g_steal_pointer (&self), BUNDLE_FILE, all_problems, report.n_errors, problems, error);

  /* The catalog.json part is read by the same code as the file. */
  json_object_object_foreach (bundle, key, value)
    {
      if (g_str_equal (key, "services"))
        services = value;
      else if (g_str_equal (key, "etag"))
        etag = value;
      else
        json_object_object_add (catalog_part, key, json_object_get (value));
    }
  read_catalog_file (self, &report, catalog_part);

  if (etag == NULL || !json_object_is_type (etag, json_type_string) ||
      !is_identifier (json_object_get_string (etag), 8, 128))
    report_error (&report, "etag", "missing or not a valid version tag");
  else
    self->etag = g_strdup (json_object_get_string (etag));

  if (services == NULL || !json_object_is_type (services, json_type_array))
    report_error (&report, "services", "missing or not an array");
  n_errors += report.n_errors;

  for (gsize i = 0; services != NULL && json_object_is_type (services, json_type_array) &&
                    i < json_object_array_length (services) && i < WW_CATALOG_MAX_FILES;
       i++)
    {
      g_autofree char *name = g_strdup_printf ("services[%" G_GSIZE_FORMAT "]", i);
      g_autoptr (WwService) service = NULL;

      report = (Report){ all_problems, name, 0 };
      service = read_service_file (&report, json_object_array_get_idx (services, i), NULL, upl, files_by_id);
      if (service != NULL)
        add_service (self, &report, service);
      n_errors += report.n_errors;
    }

  return finish_loading (g_steal_pointer (&self), BUNDLE_FILE, all_problems, n_errors, problems, error);
}

WwText *
ww_catalog_get_municipality (WwCatalog *self)
{
  g_return_val_if_fail (WW_IS_CATALOG (self), NULL);

  return self->municipality;
}

GListModel *
ww_catalog_get_categories (WwCatalog *self)
{
  g_return_val_if_fail (WW_IS_CATALOG (self), NULL);

  return G_LIST_MODEL (self->categories);
}

GListModel *
ww_catalog_get_services (WwCatalog *self)
{
  g_return_val_if_fail (WW_IS_CATALOG (self), NULL);

  return G_LIST_MODEL (self->services);
}

const char *
ww_catalog_get_etag (WwCatalog *self)
{
  g_return_val_if_fail (WW_IS_CATALOG (self), NULL);

  return self->etag;
}

static gpointer
find_by_id (GListModel *model, const char *id, const char *(*get_id) (gpointer))
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (model, i);

      /* The catalogue keeps its own reference; a borrowed one is safe. */
      if (g_strcmp0 (get_id (item), id) == 0)
        return item;
    }

  return NULL;
}

WwCategory *
ww_catalog_lookup_category (WwCatalog *self, const char *id)
{
  g_return_val_if_fail (WW_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return find_by_id (G_LIST_MODEL (self->categories), id, (const char *(*)(gpointer))ww_category_get_id);
}

WwService *
ww_catalog_lookup_service (WwCatalog *self, const char *id)
{
  g_return_val_if_fail (WW_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return find_by_id (G_LIST_MODEL (self->services), id, (const char *(*)(gpointer))ww_service_get_id);
}
