/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-service.h"

#include "ww-enum-types.h"

/*
 * A municipal service as the resident meets it: what it is, what to bring,
 * the steps, where it is done. Immutable once loaded; the catalogue owns it.
 */
struct _WwService
{
  GObject parent_instance;

  char       *id;
  char       *upl;
  char       *category_id;
  char       *icon_name;
  WwText     *title;
  WwText     *summary;
  GPtrArray  *bring;
  GListModel *steps;
  WwChannel   channel;
  WwText     *where;
  gboolean    needs_digid;
  WwText     *cost;
  char       *link;
  WwHelpTopic help_topic;
};

G_DEFINE_FINAL_TYPE (WwService, ww_service, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_UPL,
  PROP_CATEGORY_ID,
  PROP_ICON_NAME,
  PROP_TITLE,
  PROP_SUMMARY,
  PROP_BRING,
  PROP_STEPS,
  PROP_CHANNEL,
  PROP_WHERE,
  PROP_NEEDS_DIGID,
  PROP_COST,
  PROP_LINK,
  PROP_HELP_TOPIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ww_service_finalize (GObject *object)
{
  WwService *self = WW_SERVICE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->upl, g_free);
  g_clear_pointer (&self->category_id, g_free);
  g_clear_pointer (&self->icon_name, g_free);
  g_clear_pointer (&self->title, ww_text_unref);
  g_clear_pointer (&self->summary, ww_text_unref);
  g_clear_pointer (&self->bring, g_ptr_array_unref);
  g_clear_object (&self->steps);
  g_clear_pointer (&self->where, ww_text_unref);
  g_clear_pointer (&self->cost, ww_text_unref);
  g_clear_pointer (&self->link, g_free);

  G_OBJECT_CLASS (ww_service_parent_class)->finalize (object);
}

static void
ww_service_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwService *self = WW_SERVICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_UPL:
      g_value_set_string (value, self->upl);
      break;
    case PROP_CATEGORY_ID:
      g_value_set_string (value, self->category_id);
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
    case PROP_BRING:
      g_value_set_boxed (value, self->bring);
      break;
    case PROP_STEPS:
      g_value_set_object (value, self->steps);
      break;
    case PROP_CHANNEL:
      g_value_set_enum (value, self->channel);
      break;
    case PROP_WHERE:
      g_value_set_boxed (value, self->where);
      break;
    case PROP_NEEDS_DIGID:
      g_value_set_boolean (value, self->needs_digid);
      break;
    case PROP_COST:
      g_value_set_boxed (value, self->cost);
      break;
    case PROP_LINK:
      g_value_set_string (value, self->link);
      break;
    case PROP_HELP_TOPIC:
      g_value_set_enum (value, self->help_topic);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_service_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwService *self = WW_SERVICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_UPL:
      self->upl = g_value_dup_string (value);
      break;
    case PROP_CATEGORY_ID:
      self->category_id = g_value_dup_string (value);
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
    case PROP_BRING:
      self->bring = g_value_dup_boxed (value);
      break;
    case PROP_STEPS:
      self->steps = g_value_dup_object (value);
      break;
    case PROP_CHANNEL:
      self->channel = g_value_get_enum (value);
      break;
    case PROP_WHERE:
      self->where = g_value_dup_boxed (value);
      break;
    case PROP_NEEDS_DIGID:
      self->needs_digid = g_value_get_boolean (value);
      break;
    case PROP_COST:
      self->cost = g_value_dup_boxed (value);
      break;
    case PROP_LINK:
      self->link = g_value_dup_string (value);
      break;
    case PROP_HELP_TOPIC:
      self->help_topic = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_service_class_init (WwServiceClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags =
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ww_service_finalize;
  object_class->get_property = ww_service_get_property;
  object_class->set_property = ww_service_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_UPL] = g_param_spec_string ("upl", NULL, NULL, NULL, flags);
  properties[PROP_CATEGORY_ID] = g_param_spec_string ("category-id", NULL, NULL, NULL, flags);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_boxed ("title", NULL, NULL, WW_TYPE_TEXT, flags);
  properties[PROP_SUMMARY] = g_param_spec_boxed ("summary", NULL, NULL, WW_TYPE_TEXT, flags);
  properties[PROP_BRING] = g_param_spec_boxed ("bring", NULL, NULL, G_TYPE_PTR_ARRAY, flags);
  properties[PROP_STEPS] = g_param_spec_object ("steps", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_CHANNEL] = g_param_spec_enum ("channel", NULL, NULL, WW_TYPE_CHANNEL, WW_CHANNEL_ONLINE, flags);
  properties[PROP_WHERE] = g_param_spec_boxed ("where", NULL, NULL, WW_TYPE_TEXT, flags);
  properties[PROP_NEEDS_DIGID] = g_param_spec_boolean ("needs-digid", NULL, NULL, FALSE, flags);
  properties[PROP_COST] = g_param_spec_boxed ("cost", NULL, NULL, WW_TYPE_TEXT, flags);
  properties[PROP_LINK] = g_param_spec_string ("link", NULL, NULL, NULL, flags);
  properties[PROP_HELP_TOPIC] =
      g_param_spec_enum ("help-topic", NULL, NULL, WW_TYPE_HELP_TOPIC, WW_HELP_TOPIC_OTHER, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_service_init (WwService *self)
{
}

const char *
ww_service_get_id (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->id;
}

const char *
ww_service_get_upl (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->upl;
}

const char *
ww_service_get_category_id (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->category_id;
}

const char *
ww_service_get_icon_name (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->icon_name;
}

WwText *
ww_service_get_title (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->title;
}

WwText *
ww_service_get_summary (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->summary;
}

GPtrArray *
ww_service_get_bring (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->bring;
}

GListModel *
ww_service_get_steps (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->steps;
}

WwChannel
ww_service_get_channel (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), 0);

  return self->channel;
}

WwText *
ww_service_get_where (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->where;
}

gboolean
ww_service_get_needs_digid (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), FALSE);

  return self->needs_digid;
}

WwText *
ww_service_get_cost (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->cost;
}

const char *
ww_service_get_link (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), NULL);

  return self->link;
}

WwHelpTopic
ww_service_get_help_topic (WwService *self)
{
  g_return_val_if_fail (WW_IS_SERVICE (self), 0);

  return self->help_topic;
}
