/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-step.h"

/* One step of a service guide, shown one at a time ("step 2 of 5"). */
struct _WwStep
{
  GObject parent_instance;

  WwText *title;
  WwText *text;
};

G_DEFINE_FINAL_TYPE (WwStep, ww_step, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ww_step_finalize (GObject *object)
{
  WwStep *self = WW_STEP (object);

  g_clear_pointer (&self->title, ww_text_unref);
  g_clear_pointer (&self->text, ww_text_unref);

  G_OBJECT_CLASS (ww_step_parent_class)->finalize (object);
}

static void
ww_step_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwStep *self = WW_STEP (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_boxed (value, self->title);
      break;
    case PROP_TEXT:
      g_value_set_boxed (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_step_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwStep *self = WW_STEP (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      self->title = g_value_dup_boxed (value);
      break;
    case PROP_TEXT:
      self->text = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_step_class_init (WwStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ww_step_finalize;
  object_class->get_property = ww_step_get_property;
  object_class->set_property = ww_step_set_property;

  properties[PROP_TITLE] = g_param_spec_boxed ("title", NULL, NULL, WW_TYPE_TEXT,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] = g_param_spec_boxed ("text", NULL, NULL, WW_TYPE_TEXT,
                                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_step_init (WwStep *self)
{
}

WwStep *
ww_step_new (WwText *title, WwText *text)
{
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return g_object_new (WW_TYPE_STEP, "title", title, "text", text, NULL);
}

WwText *
ww_step_get_title (WwStep *self)
{
  g_return_val_if_fail (WW_IS_STEP (self), NULL);

  return self->title;
}

WwText *
ww_step_get_text (WwStep *self)
{
  g_return_val_if_fail (WW_IS_STEP (self), NULL);

  return self->text;
}
