/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-io.h"

#include "ww-error.h"

/*
 * Reads a whole file of at most @max_size bytes. The size is checked before
 * reading, so a huge file is never loaded, and again after, in case it grew.
 * The contents are NUL-terminated.
 */
gboolean
ww_file_load_bounded (GFile *file, gsize max_size, char **contents, gsize *length, GError **error)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autofree char *data = NULL;
  gsize            data_length;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (length != NULL, FALSE);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;

  if ((guint64)g_file_info_get_size (info) > max_size)
    goto too_large;

  if (!g_file_load_contents (file, NULL, &data, &data_length, NULL, error))
    return FALSE;

  if (data_length > max_size)
    goto too_large;

  *contents = g_steal_pointer (&data);
  *length = data_length;
  return TRUE;

too_large:
  g_set_error (error, WW_ERROR, WW_ERROR_TOO_LARGE, "the file is larger than %" G_GSIZE_FORMAT " bytes", max_size);
  return FALSE;
}
