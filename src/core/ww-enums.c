/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-enums.h"

#include "ww-enum-types.h"

/* The JSON spelling of an enum value is its GEnum nick. */
static gboolean
enum_from_nick (GType type, const char *nick, int *value)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found;

  if (nick == NULL)
    return FALSE;

  found = g_enum_get_value_by_nick (klass, nick);
  if (found == NULL)
    return FALSE;

  *value = found->value;
  return TRUE;
}

static const char *
enum_to_nick (GType type, int value)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  /* The nicks live in static storage of the registered type. */
  return found != NULL ? found->value_nick : NULL;
}

gboolean
ww_channel_from_string (const char *nick, WwChannel *channel)
{
  int value;

  if (!enum_from_nick (WW_TYPE_CHANNEL, nick, &value))
    return FALSE;
  *channel = value;
  return TRUE;
}

const char *
ww_channel_to_string (WwChannel channel)
{
  return enum_to_nick (WW_TYPE_CHANNEL, channel);
}

gboolean
ww_help_topic_from_string (const char *nick, WwHelpTopic *topic)
{
  int value;

  if (!enum_from_nick (WW_TYPE_HELP_TOPIC, nick, &value))
    return FALSE;
  *topic = value;
  return TRUE;
}

const char *
ww_help_topic_to_string (WwHelpTopic topic)
{
  return enum_to_nick (WW_TYPE_HELP_TOPIC, topic);
}
