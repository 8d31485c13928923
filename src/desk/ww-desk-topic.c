/* SPDX-License-Identifier: EUPL-1.2 */

/* How the desk names a help topic, a language and a waiting time. */

#include "config.h"

#include "ww-desk-topic.h"

#include <glib/gi18n-lib.h>

const char *
ww_desk_topic_get_name (WwHelpTopic topic)
{
  switch (topic)
    {
    case WW_HELP_TOPIC_DIGID:
      return _ ("DigiD");
    case WW_HELP_TOPIC_MONEY:
      return _ ("Money and allowances");
    case WW_HELP_TOPIC_MUNICIPALITY:
      return _ ("Municipality");
    case WW_HELP_TOPIC_DEVICE:
      return _ ("Computer or phone");
    case WW_HELP_TOPIC_OTHER:
    default:
      return _ ("Something else");
    }
}

const char *
ww_desk_topic_get_icon_name (WwHelpTopic topic)
{
  switch (topic)
    {
    case WW_HELP_TOPIC_DIGID:
      return "ww-category-digid-symbolic";
    case WW_HELP_TOPIC_MONEY:
      return "ww-category-money-symbolic";
    case WW_HELP_TOPIC_MUNICIPALITY:
      return "ww-category-home-symbolic";
    case WW_HELP_TOPIC_DEVICE:
      return "ww-touch-symbolic";
    case WW_HELP_TOPIC_OTHER:
    default:
      return "ww-person-help-symbolic";
    }
}

/* The language by its own name, so a volunteer who speaks it recognises it. */
const char *
ww_desk_language_get_name (const char *code)
{
  const char *name = code != NULL ? ww_language_get_native_name (code) : NULL;

  return name != NULL ? name : (code != NULL ? code : "");
}

/* Short, for the statistics' bars. */
const char *
ww_desk_outcome_get_name (WwTicketOutcome outcome)
{
  switch (outcome)
    {
    case WW_TICKET_OUTCOME_SOLVED:
      return _ ("Solved");
    case WW_TICKET_OUTCOME_REFERRED:
      return _ ("Referred on");
    case WW_TICKET_OUTCOME_FOLLOW_UP:
      return _ ("Another appointment");
    case WW_TICKET_OUTCOME_NOT_SOLVED:
      return _ ("Not solved");
    case WW_TICKET_OUTCOME_NONE:
    default:
      return _ ("Not said");
    }
}

char *
ww_desk_format_wait (GDateTime *since, GDateTime *now)
{
  gint64 minutes = since != NULL ? MAX (g_date_time_difference (now, since) / G_TIME_SPAN_MINUTE, 0) : 0;

  if (minutes < 1)
    return g_strdup (_ ("just now"));
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min", "%d min", minutes), (int)minutes);
  return g_strdup_printf (_ ("%d h %02d min"), (int)(minutes / 60), (int)(minutes % 60));
}
