/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Where the kiosk's service catalogue comes from. First the copy bundled
 * with the kiosk (PKGDATADIR/catalog and PKGDATADIR/upl.csv, or
 * WEGWIJS_CATALOG_DIR and WEGWIJS_UPL for uninstalled runs and tests), so
 * that the first screen never waits on the network; then, on an enrolled
 * kiosk, a WwCatalogProvider: the hub, else the last copy from the hub kept
 * in the cache directory. `online` then follows the hub's reachability, and
 * the catalogue is fetched again whenever the hub comes back.
 *
 * The UI only binds to `catalog`, `online` and `loading`, and must cope with
 * `catalog` being replaced at any time by a newer one. A load that fails
 * keeps the catalogue that was there: a resident never loses a working
 * screen because a newer catalogue was broken.
 */

#include "config.h"

#include "ww-kiosk-catalog-source.h"

#include "ww-kiosk-catalog-source-private.h"
#include "ww-kiosk-trace.h"
#include "wegwijs-core.h"
#include "ww-catalog-provider.h"

struct _WwKioskCatalogSource
{
  GObject parent_instance;

  char         *catalog_dir;
  char         *upl_path;
  WwCatalog    *catalog;
  GDateTime    *updated;
  gboolean      online;
  guint         n_loading;
  GCancellable *reload_cancellable;

  WwKioskHub        *hub;
  char              *cache_path;
  WwCatalogProvider *provider;
};

G_DEFINE_FINAL_TYPE (WwKioskCatalogSource, ww_kiosk_catalog_source, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CATALOG,
  PROP_ONLINE,
  PROP_LOADING,
  PROP_UPDATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char  *catalog_dir;
  char  *upl_path;
  WwUpl *upl;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->catalog_dir);
  g_free (data->upl_path);
  g_clear_object (&data->upl);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
set_loading (WwKioskCatalogSource *self, gboolean loading)
{
  gboolean was_loading = self->n_loading > 0;

  if (loading)
    self->n_loading++;
  else
    self->n_loading--;

  if (was_loading != (self->n_loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_catalog (WwKioskCatalogSource *self, WwCatalog *catalog)
{
  g_clear_pointer (&self->updated, g_date_time_unref);
  self->updated = g_date_time_new_now_local ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);

  if (g_set_object (&self->catalog, catalog))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

/* Runs in a worker thread: reads and validates every file. */
static void
load_in_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr (GFile) upl_file = g_file_new_for_path (data->upl_path);
  g_autoptr (GFile) directory = g_file_new_for_path (data->catalog_dir);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (WwUpl) upl = NULL;
  g_autoptr (WwCatalog) catalog = NULL;
  GError *error = NULL;

  upl = ww_upl_new_from_file (upl_file, &error);
  if (upl == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  catalog = ww_catalog_load_directory (directory, upl, &problems, &error);
  if (catalog == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data->upl = g_steal_pointer (&upl);
  g_task_return_pointer (task, g_steal_pointer (&catalog), g_object_unref);
}

static void
provider_refreshed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WwKioskCatalogSource) self = user_data;
  g_autoptr (GError) error = NULL;

  set_loading (self, FALSE);
  if (!ww_catalog_provider_refresh_finish (WW_CATALOG_PROVIDER (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No newer catalogue from the hub: %s", error->message);
}

/* The bundled copy is on screen already; the provider's is only taken when
 * it comes from the hub or its cache, so that the same copy loaded twice
 * does not rebuild the screens. */
static void
provider_catalog_changed_cb (WwCatalogProvider *provider, GParamSpec *pspec, WwKioskCatalogSource *self)
{
  WwCatalogOrigin origin = ww_catalog_provider_get_origin (provider);

  if (origin == WW_CATALOG_ORIGIN_HUB || origin == WW_CATALOG_ORIGIN_CACHE)
    set_catalog (self, ww_catalog_provider_get_catalog (provider));
}

static void
refresh_from_hub (WwKioskCatalogSource *self)
{
  if (self->provider == NULL)
    return;
  set_loading (self, TRUE);
  ww_catalog_provider_refresh_async (self->provider, self->reload_cancellable, provider_refreshed_cb,
                                     g_object_ref (self));
}

static void
hub_online_changed_cb (WwKioskHub *hub, GParamSpec *pspec, WwKioskCatalogSource *self)
{
  gboolean online = ww_kiosk_hub_get_online (hub);

  if (online == self->online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
  /* Back: what changed on the hub meanwhile. */
  if (online && self->reload_cancellable != NULL)
    refresh_from_hub (self);
}

static void
load_finished_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  WwKioskCatalogSource *self = WW_KIOSK_CATALOG_SOURCE (object);
  g_autoptr (GError) error = NULL;
  LoadData *data = g_task_get_task_data (G_TASK (result));

  ww_kiosk_trace_mark ("bundled catalogue loaded");
  if (!ww_kiosk_catalog_source_load_finish (self, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("The bundled service catalogue could not be loaded: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || data->upl == NULL)
        return;
    }

  if (self->hub != NULL && self->provider == NULL)
    {
      self->provider =
          ww_catalog_provider_new (ww_kiosk_hub_get_client (self->hub), data->upl, self->cache_path, self->catalog_dir);
      g_signal_connect_object (self->provider, "notify::catalog", G_CALLBACK (provider_catalog_changed_cb), self,
                               G_CONNECT_DEFAULT);
    }
  refresh_from_hub (self);
}

static void
ww_kiosk_catalog_source_dispose (GObject *object)
{
  WwKioskCatalogSource *self = WW_KIOSK_CATALOG_SOURCE (object);

  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  g_clear_object (&self->catalog);
  g_clear_object (&self->provider);
  if (self->hub != NULL)
    g_signal_handlers_disconnect_by_func (self->hub, hub_online_changed_cb, self);
  g_clear_object (&self->hub);

  G_OBJECT_CLASS (ww_kiosk_catalog_source_parent_class)->dispose (object);
}

static void
ww_kiosk_catalog_source_finalize (GObject *object)
{
  WwKioskCatalogSource *self = WW_KIOSK_CATALOG_SOURCE (object);

  g_clear_pointer (&self->catalog_dir, g_free);
  g_clear_pointer (&self->upl_path, g_free);
  g_clear_pointer (&self->cache_path, g_free);
  g_clear_pointer (&self->updated, g_date_time_unref);

  G_OBJECT_CLASS (ww_kiosk_catalog_source_parent_class)->finalize (object);
}

static void
ww_kiosk_catalog_source_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskCatalogSource *self = WW_KIOSK_CATALOG_SOURCE (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_loading > 0);
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_catalog_source_class_init (WwKioskCatalogSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ww_kiosk_catalog_source_dispose;
  object_class->finalize = ww_kiosk_catalog_source_finalize;
  object_class->get_property = ww_kiosk_catalog_source_get_property;

  /**
   * WwKioskCatalogSource:catalog:
   *
   * The newest good catalogue, or %NULL before the first one is loaded.
   * Replaced whenever a newer one arrives.
   */
  properties[PROP_CATALOG] = g_param_spec_object ("catalog", NULL, NULL, WW_TYPE_CATALOG,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskCatalogSource:online:
   *
   * Whether the catalogue came from the hub; %FALSE for a cached or
   * bundled copy.
   */
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskCatalogSource:updated:
   *
   * When the current catalogue was loaded, or %NULL.
   */
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_kiosk_catalog_source_init (WwKioskCatalogSource *self)
{
}

/* A source for the bundled catalogue, or the one the environment names. */
WwKioskCatalogSource *
ww_kiosk_catalog_source_new (void)
{
  const char *catalog_dir = g_getenv ("WEGWIJS_CATALOG_DIR");
  const char *upl_path = g_getenv ("WEGWIJS_UPL");

  return ww_kiosk_catalog_source_new_for_paths (
      catalog_dir != NULL && *catalog_dir != '\0' ? catalog_dir : PKGDATADIR "/catalog",
      upl_path != NULL && *upl_path != '\0' ? upl_path : PKGDATADIR "/upl.csv");
}

WwKioskCatalogSource *
ww_kiosk_catalog_source_new_for_paths (const char *catalog_dir, const char *upl_path)
{
  WwKioskCatalogSource *self;

  g_return_val_if_fail (catalog_dir != NULL, NULL);
  g_return_val_if_fail (upl_path != NULL, NULL);

  self = g_object_new (WW_TYPE_KIOSK_CATALOG_SOURCE, NULL);
  self->catalog_dir = g_strdup (catalog_dir);
  self->upl_path = g_strdup (upl_path);

  return self;
}

WwCatalog *
ww_kiosk_catalog_source_get_catalog (WwKioskCatalogSource *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (self), NULL);

  return self->catalog;
}

gboolean
ww_kiosk_catalog_source_get_online (WwKioskCatalogSource *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (self), FALSE);

  return self->online;
}

gboolean
ww_kiosk_catalog_source_get_loading (WwKioskCatalogSource *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (self), FALSE);

  return self->n_loading > 0;
}

GDateTime *
ww_kiosk_catalog_source_get_updated (WwKioskCatalogSource *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (self), NULL);

  return self->updated;
}

/* Loads the catalogue in a worker thread. On success `catalog` is replaced
 * before @callback runs; on failure it keeps its value. */
void
ww_kiosk_catalog_source_load_async (WwKioskCatalogSource *self,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->catalog_dir = g_strdup (self->catalog_dir);
  data->upl_path = g_strdup (self->upl_path);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ww_kiosk_catalog_source_load_async);
  g_task_set_name (task, "[wegwijs] load catalogue");
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);

  set_loading (self, TRUE);
  g_task_run_in_thread (task, load_in_thread);
}

gboolean
ww_kiosk_catalog_source_load_finish (WwKioskCatalogSource *self, GAsyncResult *result, GError **error)
{
  g_autoptr (WwCatalog) catalog = NULL;

  g_return_val_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ww_kiosk_catalog_source_load_async, FALSE);

  /* The count goes down once per load, whoever finishes it. */
  set_loading (self, FALSE);

  catalog = g_task_propagate_pointer (G_TASK (result), error);
  if (catalog == NULL)
    return FALSE;

  set_catalog (self, catalog);
  return TRUE;
}

/* Starts a load and forgets about it; the properties tell the outcome. A
 * reload cancels the one before. */
void
ww_kiosk_catalog_source_reload (WwKioskCatalogSource *self)
{
  g_return_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (self));

  g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  self->reload_cancellable = g_cancellable_new ();

  ww_kiosk_catalog_source_load_async (self, self->reload_cancellable, load_finished_cb, NULL);
}

/*
 * Makes the hub the first source, the cache at @cache_path (a file) the
 * second and the bundled copy the last; `online` follows @hub from now on.
 * Call before the first reload.
 */
void
ww_kiosk_catalog_source_set_hub (WwKioskCatalogSource *self, WwKioskHub *hub, const char *cache_path)
{
  g_return_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (self));
  g_return_if_fail (WW_IS_KIOSK_HUB (hub));
  g_return_if_fail (self->hub == NULL);

  self->hub = g_object_ref (hub);
  self->cache_path = g_strdup (cache_path);
  g_signal_connect (hub, "notify::online", G_CALLBACK (hub_online_changed_cb), self);
  hub_online_changed_cb (hub, NULL, self);
}

void
_ww_kiosk_catalog_source_set_paths (WwKioskCatalogSource *self, const char *catalog_dir, const char *upl_path)
{
  g_return_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (self));

  g_free (self->catalog_dir);
  self->catalog_dir = g_strdup (catalog_dir);
  g_free (self->upl_path);
  self->upl_path = g_strdup (upl_path);
}

void
_ww_kiosk_catalog_source_set_online (WwKioskCatalogSource *self, gboolean online)
{
  g_return_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (self));

  online = !!online;
  if (self->online == online)
    return;

  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}
