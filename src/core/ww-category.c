/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-category-private.h"

/* A tile on the kiosk's home screen and the services listed under it. */
struct _WwCategory
{
  GObject parent_instance;

  char       *id;
  char       *icon_name;
  WwText     *title;
  WwText     *summary;
  GListStore *services;
};

G_DEFINE_FINAL_TYPE (WwCategory, ww_category, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ICON_NAME,
  PROP_TITLE,
  PROP_SUMMARY,
  PROP_SERVICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ww_category_finalize (GObject *object)
{
  WwCategory *self = WW_CATEGORY (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->icon_name, g_free);
  g_clear_pointer (&self->title, ww_text_unref);
  g_clear_pointer (&self->summary, ww_text_unref);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ww_category_parent_class)->finalize (object);
}

static void
ww_category_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwCategory *self = WW_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;
    case PROP_TITLE:
      g_value_set_boxed (value, self->title);
      break;
    case PROP_SUMMARY:
      g_value_set_boxed (value, self->summary);
      break;
    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_category_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwCategory *self = WW_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_ICON_NAME:
      self->icon_name = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_boxed (value);
      break;
    case PROP_SUMMARY:
      self->summary = g_value_dup_boxed (value);
      break;
    case PROP_SERVICES:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_category_class_init (WwCategoryClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags =
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ww_category_finalize;
  object_class->get_property = ww_category_get_property;
  object_class->set_property = ww_category_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_boxed ("title", NULL, NULL, WW_TYPE_TEXT, flags);
  properties[PROP_SUMMARY] = g_param_spec_boxed ("summary", NULL, NULL, WW_TYPE_TEXT, flags);
  properties[PROP_SERVICES] = g_param_spec_object ("services", NULL, NULL, G_TYPE_LIST_MODEL,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_category_init (WwCategory *self)
{
  self->services = g_list_store_new (WW_TYPE_SERVICE);
}

const char *
ww_category_get_id (WwCategory *self)
{
  g_return_val_if_fail (WW_IS_CATEGORY (self), NULL);

  return self->id;
}

const char *
ww_category_get_icon_name (WwCategory *self)
{
  g_return_val_if_fail (WW_IS_CATEGORY (self), NULL);

  return self->icon_name;
}

WwText *
ww_category_get_title (WwCategory *self)
{
  g_return_val_if_fail (WW_IS_CATEGORY (self), NULL);

  return self->title;
}

WwText *
ww_category_get_summary (WwCategory *self)
{
  g_return_val_if_fail (WW_IS_CATEGORY (self), NULL);

  return self->summary;
}

GListModel *
ww_category_get_services (WwCategory *self)
{
  g_return_val_if_fail (WW_IS_CATEGORY (self), NULL);

  return G_LIST_MODEL (self->services);
}

/* Only the catalogue loader fills a category, before anyone sees it. */
void
_ww_category_add_service (WwCategory *self, WwService *service)
{
  g_return_if_fail (WW_IS_CATEGORY (self));
  g_return_if_fail (WW_IS_SERVICE (service));

  g_list_store_append (self->services, service);
}
