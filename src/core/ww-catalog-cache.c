/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk's offline copy of the last good catalogue from the hub. Written
 * so that a power cut at any moment leaves either the old file or the new
 * one (temporary file, fsync, rename); read back through the same validator
 * as everything else, and thrown away — with a warning, never a crash —
 * when it does not pass.
 */

#include "config.h"

#include "ww-catalog-cache.h"

#include <glib/gstdio.h>

#include "ww-catalog-bundle.h"
#include "ww-error.h"
#include "ww-io.h"
#include "ww-json.h"

#define MAX_CACHE_SIZE (8 * 1024 * 1024)

gboolean
ww_catalog_cache_save (const char *path, WwCatalog *catalog, GError **error)
{
  g_autoptr (json_object) bundle = NULL;
  g_autofree char *directory = NULL;
  const char      *data;
  size_t           length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (WW_IS_CATALOG (catalog), FALSE);

  directory = g_path_get_dirname (path);
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "Cannot create %s: %s", directory,
                   g_strerror (saved_errno));
      return FALSE;
    }

  bundle = ww_catalog_to_bundle (catalog);
  data = json_object_to_json_string_length (bundle, JSON_C_TO_STRING_PLAIN, &length);

  return g_file_set_contents_full (path, data, (gssize)length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, error);
}

/*
 * Returns: (transfer full) (nullable): the cached catalogue; %NULL with
 *   G_IO_ERROR_NOT_FOUND when there is none, or with another error when it
 *   was unusable (and has been deleted).
 */
WwCatalog *
ww_catalog_cache_load (const char *path, WwUpl *upl, GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (json_object) bundle = NULL;
  g_autofree char *contents = NULL;
  WwCatalog       *catalog = NULL;
  gsize            length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (WW_IS_UPL (upl), NULL);

  file = g_file_new_for_path (path);
  if (!ww_file_load_bounded (file, MAX_CACHE_SIZE, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  else if ((bundle = ww_json_parse (contents, length, WW_JSON_MAX_DEPTH, &local_error)) != NULL)
    {
      catalog = ww_catalog_load_bundle (bundle, upl, NULL, &local_error);
    }

  if (catalog == NULL)
    {
      g_warning ("The cached catalogue %s is unusable and is discarded: %s", path, local_error->message);
      g_unlink (path);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return catalog;
}
