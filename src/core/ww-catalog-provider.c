/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * WwCatalogProvider: where the kiosk's catalogue comes from. From the hub
 * when it answers (and then kept on disk as the last good copy); when it
 * does not, from that copy; when there is none, from the copy installed
 * with the program. A resident never sees an empty screen because the
 * library's connection is down.
 *
 * Reading and writing files happens in a worker thread: the main loop
 * never waits for the disk.
 */

#include "config.h"

#include "ww-catalog-provider.h"

#include "ww-catalog-cache.h"
#include "ww-enum-types.h"

struct _WwCatalogProvider
{
  GObject parent_instance;

  WwHubClient *hub;
  WwUpl       *upl;
  char        *cache_path;
  char        *bundled_directory;

  WwCatalog      *catalog;
  WwCatalogOrigin origin;
  gboolean        online;
};

G_DEFINE_FINAL_TYPE (WwCatalogProvider, ww_catalog_provider, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CATALOG,
  PROP_ORIGIN,
  PROP_ONLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_catalog (WwCatalogProvider *self, WwCatalog *catalog, WwCatalogOrigin origin)
{
  if (g_set_object (&self->catalog, catalog))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
  if (self->origin != origin)
    {
      self->origin = origin;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN]);
    }
}

static void
set_online (WwCatalogProvider *self, gboolean online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

/* ------------------------------------------------------------------ */
/* Work in a thread                                                    */

typedef struct
{
  WwUpl          *upl;
  char           *cache_path;
  char           *bundled_directory;
  WwCatalog      *to_save;
  WwCatalogOrigin origin;
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_clear_object (&job->upl);
  g_free (job->cache_path);
  g_free (job->bundled_directory);
  g_clear_object (&job->to_save);
  g_free (job);
}

static FileJob *
file_job_new (WwCatalogProvider *self)
{
  FileJob *job = g_new0 (FileJob, 1);

  job->upl = g_object_ref (self->upl);
  job->cache_path = g_strdup (self->cache_path);
  job->bundled_directory = g_strdup (self->bundled_directory);
  return job;
}

/* The cache, else the bundled copy. */
static void
load_local_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  FileJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) directory = NULL;
  WwCatalog *catalog = NULL;

  if (job->cache_path != NULL)
    {
      /* An unusable cache is logged and deleted by the cache itself. */
      catalog = ww_catalog_cache_load (job->cache_path, job->upl, &error);
      if (catalog != NULL)
        {
          job->origin = WW_CATALOG_ORIGIN_CACHE;
          g_task_return_pointer (task, catalog, g_object_unref);
          return;
        }
      g_clear_error (&error);
    }

  directory = g_file_new_for_path (job->bundled_directory);
  catalog = ww_catalog_load_directory (directory, job->upl, NULL, &error);
  if (catalog == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job->origin = WW_CATALOG_ORIGIN_BUNDLED;
  g_task_return_pointer (task, catalog, g_object_unref);
}

static void
save_cache_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  FileJob *job = task_data;
  g_autoptr (GError) error = NULL;

  /* A full disk costs the offline copy, never the catalogue on screen. */
  if (!ww_catalog_cache_save (job->cache_path, job->to_save, &error))
    g_warning ("Cannot keep the catalogue for offline use: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------ */
/* Refresh                                                             */

static void
local_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  WwCatalogProvider *self = g_task_get_source_object (task);
  GTask             *local = G_TASK (result);
  FileJob           *job = g_task_get_task_data (local);
  g_autoptr (WwCatalog) catalog = NULL;
  g_autoptr (GError) error = NULL;

  catalog = g_task_propagate_pointer (local, &error);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (catalog == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_catalog (self, catalog, job->origin);
  g_task_return_boolean (task, TRUE);
}

static void
load_local (WwCatalogProvider *self, GTask *task)
{
  g_autoptr (GTask) local = g_task_new (self, g_task_get_cancellable (task), local_loaded_cb, task);

  g_task_set_source_tag (local, load_local);
  g_task_set_task_data (local, file_job_new (self), (GDestroyNotify)file_job_free);
  g_task_run_in_thread (local, load_local_thread);
}

static void
save_cache (WwCatalogProvider *self, WwCatalog *catalog)
{
  g_autoptr (GTask) save = NULL;
  FileJob *job;

  if (self->cache_path == NULL)
    return;

  save = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (save, save_cache);
  job = file_job_new (self);
  job->to_save = g_object_ref (catalog);
  g_task_set_task_data (save, job, (GDestroyNotify)file_job_free);
  g_task_run_in_thread (save, save_cache_thread);
}

static void
hub_answered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  WwCatalogProvider *self = g_task_get_source_object (task);
  g_autoptr (WwCatalog) catalog = NULL;
  g_autoptr (GError) error = NULL;
  gboolean not_modified = FALSE;

  catalog = ww_hub_client_get_catalog_finish (WW_HUB_CLIENT (source), result, &not_modified, &error);
  if (g_task_return_error_if_cancelled (task))
    return;

  if (catalog != NULL || not_modified)
    {
      set_online (self, TRUE);
      if (catalog != NULL)
        {
          set_catalog (self, catalog, WW_CATALOG_ORIGIN_HUB);
          save_cache (self, catalog);
        }
      else if (self->origin != WW_CATALOG_ORIGIN_HUB)
        {
          /* The copy we have is the hub's current one. */
          set_catalog (self, self->catalog, WW_CATALOG_ORIGIN_HUB);
        }
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_debug ("The hub's catalogue is not available (%s); using the offline copy", error->message);
  set_online (self, FALSE);

  /* Whatever is on screen stays; only a kiosk with nothing yet loads. */
  if (self->catalog != NULL)
    g_task_return_boolean (task, TRUE);
  else
    load_local (self, g_steal_pointer (&task));
}

/**
 * ww_catalog_provider_refresh_async:
 *
 * Asks the hub for its catalogue (only sending it when it changed). When
 * the hub does not answer and nothing is loaded yet, loads the offline
 * copy, else the bundled one. Fails only when even the bundled copy is
 * unusable.
 */
void
ww_catalog_provider_refresh_async (WwCatalogProvider  *self,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (WW_IS_CATALOG_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_catalog_provider_refresh_async);

  if (self->hub == NULL)
    {
      if (self->catalog != NULL)
        g_task_return_boolean (task, TRUE);
      else
        load_local (self, g_steal_pointer (&task));
      return;
    }

  ww_hub_client_get_catalog_async (self->hub, self->upl,
                                   self->catalog != NULL ? ww_catalog_get_etag (self->catalog) : NULL, cancellable,
                                   hub_answered_cb, g_steal_pointer (&task));
}

gboolean
ww_catalog_provider_refresh_finish (WwCatalogProvider *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (WW_IS_CATALOG_PROVIDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */

static void
ww_catalog_provider_finalize (GObject *object)
{
  WwCatalogProvider *self = WW_CATALOG_PROVIDER (object);

  g_clear_object (&self->hub);
  g_clear_object (&self->upl);
  g_clear_object (&self->catalog);
  g_free (self->cache_path);
  g_free (self->bundled_directory);

  G_OBJECT_CLASS (ww_catalog_provider_parent_class)->finalize (object);
}

static void
ww_catalog_provider_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwCatalogProvider *self = WW_CATALOG_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_ORIGIN:
      g_value_set_enum (value, self->origin);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_catalog_provider_class_init (WwCatalogProviderClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ww_catalog_provider_finalize;
  object_class->get_property = ww_catalog_provider_get_property;

  properties[PROP_CATALOG] = g_param_spec_object ("catalog", NULL, NULL, WW_TYPE_CATALOG, flags);
  properties[PROP_ORIGIN] =
      g_param_spec_enum ("origin", NULL, NULL, WW_TYPE_CATALOG_ORIGIN, WW_CATALOG_ORIGIN_NONE, flags);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_catalog_provider_init (WwCatalogProvider *self)
{
}

/**
 * ww_catalog_provider_new:
 * @hub: (nullable): the hub, or %NULL for a kiosk without one
 * @upl: the product list every catalogue is validated against
 * @cache_path: (nullable): where to keep the hub's last good copy
 * @bundled_directory: the catalogue installed with the program
 */
WwCatalogProvider *
ww_catalog_provider_new (WwHubClient *hub, WwUpl *upl, const char *cache_path, const char *bundled_directory)
{
  WwCatalogProvider *self;

  g_return_val_if_fail (hub == NULL || WW_IS_HUB_CLIENT (hub), NULL);
  g_return_val_if_fail (WW_IS_UPL (upl), NULL);
  g_return_val_if_fail (bundled_directory != NULL, NULL);

  self = g_object_new (WW_TYPE_CATALOG_PROVIDER, NULL);
  self->hub = hub != NULL ? g_object_ref (hub) : NULL;
  self->upl = g_object_ref (upl);
  self->cache_path = g_strdup (cache_path);
  self->bundled_directory = g_strdup (bundled_directory);

  return self;
}

WwCatalog *
ww_catalog_provider_get_catalog (WwCatalogProvider *self)
{
  g_return_val_if_fail (WW_IS_CATALOG_PROVIDER (self), NULL);

  return self->catalog;
}

WwCatalogOrigin
ww_catalog_provider_get_origin (WwCatalogProvider *self)
{
  g_return_val_if_fail (WW_IS_CATALOG_PROVIDER (self), WW_CATALOG_ORIGIN_NONE);

  return self->origin;
}

gboolean
ww_catalog_provider_get_online (WwCatalogProvider *self)
{
  g_return_val_if_fail (WW_IS_CATALOG_PROVIDER (self), FALSE);

  return self->online;
}
