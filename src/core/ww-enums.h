/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * WwChannel:
 * @WW_CHANNEL_ONLINE: the resident does it online (a volunteer can help)
 * @WW_CHANNEL_APPOINTMENT: at the town hall, by appointment
 * @WW_CHANNEL_VOLUNTEER: here in the library, with a volunteer
 *
 * Where a service is done.
 */
typedef enum
{
  WW_CHANNEL_ONLINE,
  WW_CHANNEL_APPOINTMENT,
  WW_CHANNEL_VOLUNTEER,
} WwChannel;

/**
 * WwHelpTopic:
 * @WW_HELP_TOPIC_DIGID: DigiD
 * @WW_HELP_TOPIC_MONEY: allowances and taxes
 * @WW_HELP_TOPIC_MUNICIPALITY: the municipality
 * @WW_HELP_TOPIC_DEVICE: a computer or a phone
 * @WW_HELP_TOPIC_OTHER: something else
 *
 * What a resident asks a volunteer about.
 */
typedef enum
{
  WW_HELP_TOPIC_DIGID,
  WW_HELP_TOPIC_MONEY,
  WW_HELP_TOPIC_MUNICIPALITY,
  WW_HELP_TOPIC_DEVICE,
  WW_HELP_TOPIC_OTHER,
} WwHelpTopic;

gboolean    ww_channel_from_string (const char *nick, WwChannel *channel);
const char *ww_channel_to_string (WwChannel channel);
gboolean    ww_help_topic_from_string (const char *nick, WwHelpTopic *topic);
const char *ww_help_topic_to_string (WwHelpTopic topic);

G_END_DECLS
