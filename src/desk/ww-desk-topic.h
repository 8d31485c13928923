/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "wegwijs-core.h"

G_BEGIN_DECLS

const char *ww_desk_topic_get_name (WwHelpTopic topic);
const char *ww_desk_topic_get_icon_name (WwHelpTopic topic);
const char *ww_desk_language_get_name (const char *code);
const char *ww_desk_outcome_get_name (WwTicketOutcome outcome);
char       *ww_desk_format_wait (GDateTime *since, GDateTime *now);

G_END_DECLS
