/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The catalogue as the hub serves it. Every representation (per language:
 * the categories, the service list, each service) is rendered once when
 * the catalogue is loaded, so a GET is a hash lookup and a write of
 * shared bytes. A reload (SIGHUP) loads and renders in a worker thread
 * and swaps the new snapshot in only if it loaded without errors; a
 * broken catalogue is logged with every problem and the old one stays.
 * Server threads read while the main thread swaps: the snapshot pointer is
 * taken under a lock with a reference, everything in it is immutable.
 */

#include "config.h"

#include "ww-hub-catalog.h"

#include "wegwijs-core.h"
#include "ww-catalog-json.h"

typedef struct
{
  gatomicrefcount ref_count;
  char           *etag;
  GHashTable     *services_by_id; /* id → TRUE, for ticket validation */
  /* Per language index: */
  GBytes     *categories[WW_N_LANGUAGES];
  GBytes     *services[WW_N_LANGUAGES];
  GHashTable *service[WW_N_LANGUAGES]; /* id → GBytes */
  char       *etags[WW_N_LANGUAGES];
  /* Every language at once, for kiosks that keep an offline copy: */
  GBytes *bundle;
  char   *bundle_etag;
} Snapshot;

struct _WwHubCatalog
{
  GObject parent_instance;

  char     *directory;
  char     *upl_path;
  GMutex    mutex;
  Snapshot *snapshot;
};

G_DEFINE_FINAL_TYPE (WwHubCatalog, ww_hub_catalog, G_TYPE_OBJECT)

static void
snapshot_unref (Snapshot *snapshot)
{
  if (snapshot == NULL || !g_atomic_ref_count_dec (&snapshot->ref_count))
    return;

  for (guint i = 0; i < WW_N_LANGUAGES; i++)
    {
      g_clear_pointer (&snapshot->categories[i], g_bytes_unref);
      g_clear_pointer (&snapshot->services[i], g_bytes_unref);
      g_clear_pointer (&snapshot->service[i], g_hash_table_unref);
      g_free (snapshot->etags[i]);
    }
  g_clear_pointer (&snapshot->services_by_id, g_hash_table_unref);
  g_clear_pointer (&snapshot->bundle, g_bytes_unref);
  g_free (snapshot->bundle_etag);
  g_free (snapshot->etag);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_unref)

static Snapshot *
snapshot_ref (Snapshot *snapshot)
{
  g_atomic_ref_count_inc (&snapshot->ref_count);
  return snapshot;
}

static GBytes *
to_bytes (json_object *object)
{
  const char *text = json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

  return g_bytes_new (text, strlen (text));
}

static Snapshot *
render (WwCatalog *catalog)
{
  Snapshot          *snapshot = g_new0 (Snapshot, 1);
  GListModel        *categories = ww_catalog_get_categories (catalog);
  GListModel        *services = ww_catalog_get_services (catalog);
  const char *const *languages = ww_language_get_all ();

  g_atomic_ref_count_init (&snapshot->ref_count);
  snapshot->etag = g_strdup (ww_catalog_get_etag (catalog));
  snapshot->services_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    g_autoptr (json_object) bundle = ww_catalog_to_bundle (catalog);

    snapshot->bundle = to_bytes (bundle);
    snapshot->bundle_etag = g_strdup_printf ("\"%s\"", snapshot->etag);
  }

  for (guint l = 0; l < WW_N_LANGUAGES; l++)
    {
      g_autoptr (json_object) categories_json = json_object_new_object ();
      g_autoptr (json_object) services_json = json_object_new_object ();
      json_object *category_array = json_object_new_array ();
      json_object *service_array = json_object_new_array ();

      snapshot->service[l] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_bytes_unref);
      /* Strong validator: the bytes differ per language, so the tag does. */
      snapshot->etags[l] = g_strdup_printf ("\"%.32s-%s\"", snapshot->etag, languages[l]);

      for (guint i = 0; i < g_list_model_get_n_items (categories); i++)
        {
          g_autoptr (WwCategory) category = g_list_model_get_item (categories, i);

          json_object_array_add (category_array, ww_catalog_json_category (category, languages[l]));
        }

      for (guint i = 0; i < g_list_model_get_n_items (services); i++)
        {
          g_autoptr (WwService) service = g_list_model_get_item (services, i);
          g_autoptr (json_object) full = ww_catalog_json_service (service, languages[l]);

          json_object_array_add (service_array, ww_catalog_json_service_summary (service, languages[l]));
          g_hash_table_insert (snapshot->service[l], g_strdup (ww_service_get_id (service)), to_bytes (full));
          g_hash_table_add (snapshot->services_by_id, g_strdup (ww_service_get_id (service)));
        }

      json_object_object_add (categories_json, "categories", category_array);
      json_object_object_add (services_json, "services", service_array);
      snapshot->categories[l] = to_bytes (categories_json);
      snapshot->services[l] = to_bytes (services_json);
    }

  return snapshot;
}

static Snapshot *
load (const char *directory, const char *upl_path, GError **error)
{
  g_autoptr (GFile) upl_file = g_file_new_for_path (upl_path);
  g_autoptr (GFile) directory_file = g_file_new_for_path (directory);
  g_autoptr (WwUpl) upl = NULL;
  g_autoptr (WwCatalog) catalog = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  upl = ww_upl_new_from_file (upl_file, error);
  if (upl == NULL)
    {
      g_prefix_error (error, "the product list %s: ", upl_path);
      return NULL;
    }

  catalog = ww_catalog_load_directory (directory_file, upl, &problems, error);

  /* Every problem, so an editor can fix them in one pass. */
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const WwCatalogProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char        *line = ww_catalog_problem_to_string (problem);

      g_log_structured (G_LOG_DOMAIN,
                        problem->severity == WW_SEVERITY_ERROR ? G_LOG_LEVEL_WARNING : G_LOG_LEVEL_MESSAGE, "MESSAGE",
                        "catalogue: %s", line);
    }

  if (catalog == NULL)
    {
      g_prefix_error (error, "the catalogue %s: ", directory);
      return NULL;
    }

  return render (catalog);
}

static void
ww_hub_catalog_finalize (GObject *object)
{
  WwHubCatalog *self = WW_HUB_CATALOG (object);

  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->upl_path, g_free);
  g_clear_pointer (&self->snapshot, snapshot_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (ww_hub_catalog_parent_class)->finalize (object);
}

static void
ww_hub_catalog_class_init (WwHubCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ww_hub_catalog_finalize;
}

static void
ww_hub_catalog_init (WwHubCatalog *self)
{
  g_mutex_init (&self->mutex);
}

static Snapshot *
current (WwHubCatalog *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return snapshot_ref (self->snapshot);
}

/* Loads at start-up; a hub with no usable catalogue does not start. */
WwHubCatalog *
ww_hub_catalog_new (const char *directory, const char *upl_path, GError **error)
{
  g_autoptr (WwHubCatalog) self = g_object_new (WW_HUB_TYPE_CATALOG, NULL);

  self->directory = g_strdup (directory);
  self->upl_path = g_strdup (upl_path);
  self->snapshot = load (directory, upl_path, error);
  if (self->snapshot == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

static void
reload_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  WwHubCatalog *self = source_object;
  GError       *error = NULL;
  Snapshot     *snapshot = load (self->directory, self->upl_path, &error);

  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify)snapshot_unref);
}

void
ww_hub_catalog_reload_async (WwHubCatalog       *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (WW_HUB_IS_CATALOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_hub_catalog_reload_async);
  g_task_run_in_thread (task, reload_thread);
}

/* Swaps in the new catalogue; on error the old one is kept. */
gboolean
ww_hub_catalog_reload_finish (WwHubCatalog *self, GAsyncResult *result, GError **error)
{
  Snapshot *snapshot;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  snapshot = g_task_propagate_pointer (G_TASK (result), error);
  if (snapshot == NULL)
    return FALSE;

  {
    g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
    Snapshot *old = g_steal_pointer (&self->snapshot);

    self->snapshot = snapshot;
    g_clear_pointer (&locker, g_mutex_locker_free);
    snapshot_unref (old);
  }
  return TRUE;
}

/* The rendered bytes and their ETag, or %NULL for an unknown service. */
GBytes *
ww_hub_catalog_lookup (WwHubCatalog        *self,
                       WwHubCatalogResource resource,
                       const char          *service_id,
                       const char          *language,
                       char               **etag)
{
  int index = ww_language_get_index (language);
  g_autoptr (Snapshot) snapshot = NULL;
  GBytes *bytes = NULL;

  g_return_val_if_fail (WW_HUB_IS_CATALOG (self), NULL);
  g_return_val_if_fail (index >= 0 || resource == WW_HUB_CATALOG_BUNDLE, NULL);

  snapshot = current (self);
  if (resource == WW_HUB_CATALOG_BUNDLE)
    {
      if (etag != NULL)
        *etag = g_strdup (snapshot->bundle_etag);
      return g_bytes_ref (snapshot->bundle);
    }

  switch (resource)
    {
    case WW_HUB_CATALOG_CATEGORIES:
      bytes = snapshot->categories[index];
      break;
    case WW_HUB_CATALOG_SERVICES:
      bytes = snapshot->services[index];
      break;
    case WW_HUB_CATALOG_SERVICE:
      bytes = g_hash_table_lookup (snapshot->service[index], service_id);
      break;
    case WW_HUB_CATALOG_BUNDLE:
    default:
      g_return_val_if_reached (NULL);
    }

  if (etag != NULL)
    *etag = g_strdup (snapshot->etags[index]);

  return bytes != NULL ? g_bytes_ref (bytes) : NULL;
}

char *
ww_hub_catalog_dup_etag (WwHubCatalog *self)
{
  g_autoptr (Snapshot) snapshot = NULL;

  g_return_val_if_fail (WW_HUB_IS_CATALOG (self), NULL);

  snapshot = current (self);
  return g_strdup (snapshot->etag);
}

gboolean
ww_hub_catalog_has_service (WwHubCatalog *self, const char *service_id)
{
  g_autoptr (Snapshot) snapshot = NULL;

  g_return_val_if_fail (WW_HUB_IS_CATALOG (self), FALSE);

  snapshot = current (self);
  return service_id != NULL && g_hash_table_contains (snapshot->services_by_id, service_id);
}
