/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The Uniforme Productnamenlijst: the national list of municipal product
 * names. Every catalogue service names its product by URI; a URI that is
 * not on the list is a mistake (or a made-up product) and is rejected.
 */

#include "config.h"

#include "ww-upl.h"

#include "ww-error.h"

#define UPL_MAX_SIZE (4 * 1024 * 1024)

struct _WwUpl
{
  GObject parent_instance;

  GHashTable *names_by_uri;
};

G_DEFINE_FINAL_TYPE (WwUpl, ww_upl, G_TYPE_OBJECT)

static void
ww_upl_finalize (GObject *object)
{
  WwUpl *self = WW_UPL (object);

  g_clear_pointer (&self->names_by_uri, g_hash_table_unref);

  G_OBJECT_CLASS (ww_upl_parent_class)->finalize (object);
}

static void
ww_upl_class_init (WwUplClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ww_upl_finalize;
}

static void
ww_upl_init (WwUpl *self)
{
  self->names_by_uri = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static gboolean
parse_line (WwUpl *self, const char *line, guint number, GError **error)
{
  const char      *comma = strchr (line, ',');
  g_autofree char *uri = NULL;

  if (comma == NULL || strchr (comma + 1, ',') != NULL || strchr (line, '"') != NULL)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "line %u: expected two columns, uri,name", number);
      return FALSE;
    }

  uri = g_strndup (line, comma - line);
  if (!g_str_has_prefix (uri, "http://standaarden.overheid.nl/owms/terms/"))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "line %u: “%s” is not a UPL URI", number, uri);
      return FALSE;
    }

  g_hash_table_replace (self->names_by_uri, g_steal_pointer (&uri), g_strdup (comma + 1));
  return TRUE;
}

WwUpl *
ww_upl_new_from_data (const char *data, gsize length, GError **error)
{
  g_autoptr (WwUpl) self = g_object_new (WW_TYPE_UPL, NULL);
  g_auto (GStrv) lines = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "not valid UTF-8");
      return NULL;
    }

  text = g_strndup (data, length);
  lines = g_strsplit (text, "\n", -1);

  if (lines[0] == NULL || !g_str_equal (g_strchomp (lines[0]), "uri,name"))
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "line 1: expected the header uri,name");
      return NULL;
    }

  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);

      if (*line == '\0')
        continue;
      if (!parse_line (self, line, i + 1, error))
        return NULL;
    }

  if (g_hash_table_size (self->names_by_uri) == 0)
    {
      g_set_error_literal (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the list has no products");
      return NULL;
    }

  return g_steal_pointer (&self);
}

WwUpl *
ww_upl_new_from_file (GFile *file, GError **error)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;
  gsize            length;
  WwUpl           *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;

  name = g_file_get_basename (file);
  if (length > UPL_MAX_SIZE)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_TOO_LARGE, "%s: larger than %d bytes", name, UPL_MAX_SIZE);
      return NULL;
    }

  self = ww_upl_new_from_data (contents, length, &local_error);
  if (self == NULL)
    g_set_error (error, local_error->domain, local_error->code, "%s: %s", name, local_error->message);

  return self;
}

/* The product's name, or %NULL when @uri is not on the list. */
const char *
ww_upl_lookup_name (WwUpl *self, const char *uri)
{
  g_return_val_if_fail (WW_IS_UPL (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  return g_hash_table_lookup (self->names_by_uri, uri);
}

guint
ww_upl_get_n_products (WwUpl *self)
{
  g_return_val_if_fail (WW_IS_UPL (self), 0);

  return g_hash_table_size (self->names_by_uri);
}
