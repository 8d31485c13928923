/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-catalog-json.h"

static void
add_text (json_object *object, const char *key, WwText *text, const char *language)
{
  json_object_object_add (object, key, json_object_new_string (text != NULL ? ww_text_get (text, language) : ""));
}

static void
add_string (json_object *object, const char *key, const char *value)
{
  json_object_object_add (object, key, value != NULL ? json_object_new_string (value) : NULL);
}

json_object *
ww_catalog_json_category (WwCategory *category, const char *language)
{
  json_object *object;
  json_object *service_ids;
  GListModel  *services;

  g_return_val_if_fail (WW_IS_CATEGORY (category), NULL);

  object = json_object_new_object ();
  add_string (object, "categoryId", ww_category_get_id (category));
  add_string (object, "icon", ww_category_get_icon_name (category));
  add_text (object, "title", ww_category_get_title (category), language);
  add_text (object, "summary", ww_category_get_summary (category), language);

  /* The kiosk draws a category page without a second request. */
  services = ww_category_get_services (category);
  service_ids = json_object_new_array ();
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr (WwService) service = g_list_model_get_item (services, i);

      json_object_array_add (service_ids, json_object_new_string (ww_service_get_id (service)));
    }
  json_object_object_add (object, "serviceIds", service_ids);

  return object;
}

/* What a list shows: enough to draw a tile and to decide to open it. */
json_object *
ww_catalog_json_service_summary (WwService *service, const char *language)
{
  json_object *object;

  g_return_val_if_fail (WW_IS_SERVICE (service), NULL);

  object = json_object_new_object ();
  add_string (object, "serviceId", ww_service_get_id (service));
  add_string (object, "categoryId", ww_service_get_category_id (service));
  add_string (object, "icon", ww_service_get_icon_name (service));
  add_text (object, "title", ww_service_get_title (service), language);
  add_text (object, "summary", ww_service_get_summary (service), language);
  add_string (object, "channel", ww_channel_to_string (ww_service_get_channel (service)));
  add_string (object, "helpTopic", ww_help_topic_to_string (ww_service_get_help_topic (service)));

  return object;
}

json_object *
ww_catalog_json_service (WwService *service, const char *language)
{
  json_object *object;
  json_object *bring_array;
  json_object *steps_array;
  GPtrArray   *bring;
  GListModel  *steps;

  g_return_val_if_fail (WW_IS_SERVICE (service), NULL);

  object = ww_catalog_json_service_summary (service, language);
  add_string (object, "upl", ww_service_get_upl (service));

  bring_array = json_object_new_array ();
  bring = ww_service_get_bring (service);
  for (guint i = 0; bring != NULL && i < bring->len; i++)
    json_object_array_add (bring_array, json_object_new_string (ww_text_get (g_ptr_array_index (bring, i), language)));
  json_object_object_add (object, "bring", bring_array);

  steps_array = json_object_new_array ();
  steps = ww_service_get_steps (service);
  for (guint i = 0; steps != NULL && i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr (WwStep) step = g_list_model_get_item (steps, i);
      json_object *step_object = json_object_new_object ();

      add_text (step_object, "title", ww_step_get_title (step), language);
      add_text (step_object, "text", ww_step_get_text (step), language);
      json_object_array_add (steps_array, step_object);
    }
  json_object_object_add (object, "steps", steps_array);

  add_text (object, "where", ww_service_get_where (service), language);
  json_object_object_add (object, "needsDigid", json_object_new_boolean (ww_service_get_needs_digid (service)));
  add_text (object, "cost", ww_service_get_cost (service), language);
  add_string (object, "link", ww_service_get_link (service));

  return object;
}
