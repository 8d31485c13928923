/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The whole catalogue, in every language, as one JSON document: what the
 * hub serves at /v1/catalog and what a kiosk keeps in its offline cache.
 * It has the fields of catalog.json plus `etag` and `services` (the service
 * files' objects), so ww_catalog_load_bundle() validates it exactly like a
 * catalogue directory.
 */

#include "config.h"

#include "ww-catalog-bundle.h"

#include "ww-language.h"

static json_object *
text_to_json (WwText *text)
{
  json_object       *object = json_object_new_object ();
  const char *const *languages = ww_language_get_all ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      const char *string = ww_text_lookup (text, languages[i]);

      if (string != NULL)
        json_object_object_add (object, languages[i], json_object_new_string (string));
    }

  return object;
}

static json_object *
category_to_json (WwCategory *category)
{
  json_object *object = json_object_new_object ();

  json_object_object_add (object, "id", json_object_new_string (ww_category_get_id (category)));
  json_object_object_add (object, "icon", json_object_new_string (ww_category_get_icon_name (category)));
  json_object_object_add (object, "title", text_to_json (ww_category_get_title (category)));
  json_object_object_add (object, "summary", text_to_json (ww_category_get_summary (category)));

  return object;
}

static json_object *
service_to_json (WwService *service)
{
  json_object *object = json_object_new_object ();
  json_object *bring = json_object_new_array ();
  json_object *steps = json_object_new_array ();
  GPtrArray   *items = ww_service_get_bring (service);
  GListModel  *step_model = ww_service_get_steps (service);

  for (guint i = 0; i < items->len; i++)
    json_object_array_add (bring, text_to_json (g_ptr_array_index (items, i)));

  for (guint i = 0; i < g_list_model_get_n_items (step_model); i++)
    {
      g_autoptr (WwStep) step = g_list_model_get_item (step_model, i);
      json_object *step_object = json_object_new_object ();

      json_object_object_add (step_object, "title", text_to_json (ww_step_get_title (step)));
      json_object_object_add (step_object, "text", text_to_json (ww_step_get_text (step)));
      json_object_array_add (steps, step_object);
    }

  json_object_object_add (object, "schemaVersion", json_object_new_int (1));
  json_object_object_add (object, "id", json_object_new_string (ww_service_get_id (service)));
  json_object_object_add (object, "upl", json_object_new_string (ww_service_get_upl (service)));
  json_object_object_add (object, "category", json_object_new_string (ww_service_get_category_id (service)));
  json_object_object_add (object, "icon", json_object_new_string (ww_service_get_icon_name (service)));
  json_object_object_add (object, "title", text_to_json (ww_service_get_title (service)));
  json_object_object_add (object, "summary", text_to_json (ww_service_get_summary (service)));
  json_object_object_add (object, "bring", bring);
  json_object_object_add (object, "steps", steps);
  json_object_object_add (object, "channel",
                          json_object_new_string (ww_channel_to_string (ww_service_get_channel (service))));
  json_object_object_add (object, "where", text_to_json (ww_service_get_where (service)));
  json_object_object_add (object, "digid", json_object_new_boolean (ww_service_get_needs_digid (service)));
  json_object_object_add (object, "cost", text_to_json (ww_service_get_cost (service)));
  json_object_object_add (object, "link", json_object_new_string (ww_service_get_link (service)));
  json_object_object_add (object, "helpTopic",
                          json_object_new_string (ww_help_topic_to_string (ww_service_get_help_topic (service))));

  return object;
}

json_object *
ww_catalog_to_bundle (WwCatalog *catalog)
{
  json_object *bundle = json_object_new_object ();
  json_object *categories = json_object_new_array ();
  json_object *services = json_object_new_array ();
  GListModel  *category_model, *service_model;

  g_return_val_if_fail (WW_IS_CATALOG (catalog), NULL);

  category_model = ww_catalog_get_categories (catalog);
  for (guint i = 0; i < g_list_model_get_n_items (category_model); i++)
    {
      g_autoptr (WwCategory) category = g_list_model_get_item (category_model, i);
      json_object_array_add (categories, category_to_json (category));
    }

  service_model = ww_catalog_get_services (catalog);
  for (guint i = 0; i < g_list_model_get_n_items (service_model); i++)
    {
      g_autoptr (WwService) service = g_list_model_get_item (service_model, i);
      json_object_array_add (services, service_to_json (service));
    }

  json_object_object_add (bundle, "schemaVersion", json_object_new_int (1));
  json_object_object_add (bundle, "etag", json_object_new_string (ww_catalog_get_etag (catalog)));
  json_object_object_add (bundle, "municipality", text_to_json (ww_catalog_get_municipality (catalog)));
  json_object_object_add (bundle, "categories", categories);
  json_object_object_add (bundle, "services", services);

  return bundle;
}
