/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>
#include <json-c/json.h>

#include "ww-enums.h"

G_BEGIN_DECLS

#define WW_TYPE_TICKET (ww_ticket_get_type ())

/**
 * WwTicketState:
 * @WW_TICKET_STATE_WAITING: in the queue
 * @WW_TICKET_STATE_CALLED: a volunteer called the number to a desk
 * @WW_TICKET_STATE_IN_PROGRESS: the resident is being helped
 * @WW_TICKET_STATE_DONE: helped (closed)
 * @WW_TICKET_STATE_NO_SHOW: called, but nobody came (closed)
 * @WW_TICKET_STATE_CANCELLED: taken back by the resident or a volunteer (closed)
 *
 * Where a help-queue ticket is. The JSON spelling is camelCase
 * (`inProgress`, `noShow`), as the API uses for every value.
 */
typedef enum
{
  WW_TICKET_STATE_WAITING,
  WW_TICKET_STATE_CALLED,
  WW_TICKET_STATE_IN_PROGRESS,
  WW_TICKET_STATE_DONE,
  WW_TICKET_STATE_NO_SHOW,
  WW_TICKET_STATE_CANCELLED,
} WwTicketState;

/**
 * WwTicketOutcome:
 * @WW_TICKET_OUTCOME_NONE: not finished, or finished without saying
 * @WW_TICKET_OUTCOME_SOLVED: the question was solved at the desk
 * @WW_TICKET_OUTCOME_REFERRED: sent on to the municipality or another service
 * @WW_TICKET_OUTCOME_FOLLOW_UP: needs another appointment
 * @WW_TICKET_OUTCOME_NOT_SOLVED: could not be solved
 *
 * How a finished help ticket ended, for the anonymous statistics. JSON:
 * `solved`, `referred`, `followUp`, `notSolved`; absent (null) for none.
 */
typedef enum
{
  WW_TICKET_OUTCOME_NONE,
  WW_TICKET_OUTCOME_SOLVED,
  WW_TICKET_OUTCOME_REFERRED,
  WW_TICKET_OUTCOME_FOLLOW_UP,
  WW_TICKET_OUTCOME_NOT_SOLVED,
} WwTicketOutcome;

#define WW_TICKET_N_OUTCOMES (WW_TICKET_OUTCOME_NOT_SOLVED + 1)

#define WW_TICKET_MAX_FIRST_NAME 40
#define WW_TICKET_MAX_ID 64

G_DECLARE_FINAL_TYPE (WwTicket, ww_ticket, WW, TICKET, GObject)

/* Everything a ticket is; used to build one (the hub store, JSON). */
typedef struct
{
  const char     *id;
  const char     *number;
  const char     *branch_id;
  const char     *kiosk_id;
  const char     *service_id;
  WwHelpTopic     topic;
  const char     *language;
  const char     *first_name;
  WwTicketState   state;
  const char     *desk_id;
  const char     *desk_name; /* the desk's name as the branch wrote it, or NULL */
  WwTicketOutcome outcome;
  int             position;
  int             estimated_wait_seconds;
  GDateTime      *created_at;
  GDateTime      *called_at;
  GDateTime      *started_at;
  GDateTime      *closed_at;
} WwTicketFields;

WwTicket    *ww_ticket_new (const WwTicketFields *fields);
WwTicket    *ww_ticket_new_from_json (json_object *object, GError **error);
json_object *ww_ticket_to_json (WwTicket *self, gboolean with_first_name);

const char     *ww_ticket_get_id (WwTicket *self);
const char     *ww_ticket_get_number (WwTicket *self);
const char     *ww_ticket_get_branch_id (WwTicket *self);
const char     *ww_ticket_get_kiosk_id (WwTicket *self);
const char     *ww_ticket_get_service_id (WwTicket *self);
WwHelpTopic     ww_ticket_get_topic (WwTicket *self);
const char     *ww_ticket_get_language (WwTicket *self);
const char     *ww_ticket_get_first_name (WwTicket *self);
WwTicketState   ww_ticket_get_state (WwTicket *self);
const char     *ww_ticket_get_desk_id (WwTicket *self);
const char     *ww_ticket_get_desk_name (WwTicket *self);
const char     *ww_ticket_get_desk_label (WwTicket *self);
WwTicketOutcome ww_ticket_get_outcome (WwTicket *self);
int             ww_ticket_get_position (WwTicket *self);
int             ww_ticket_get_estimated_wait (WwTicket *self);
GDateTime      *ww_ticket_get_created_at (WwTicket *self);
GDateTime      *ww_ticket_get_called_at (WwTicket *self);
GDateTime      *ww_ticket_get_started_at (WwTicket *self);
GDateTime      *ww_ticket_get_closed_at (WwTicket *self);
gboolean        ww_ticket_is_closed (WwTicket *self);

const char *ww_ticket_state_to_string (WwTicketState state);
gboolean    ww_ticket_state_from_string (const char *string, WwTicketState *state);
gboolean    ww_ticket_state_is_closed (WwTicketState state);

const char *ww_ticket_outcome_to_string (WwTicketOutcome outcome);
gboolean    ww_ticket_outcome_from_string (const char *string, WwTicketOutcome *outcome);

char  ww_help_topic_to_letter (WwHelpTopic topic);
char *ww_ticket_format_number (WwHelpTopic topic, guint sequence);

char      *ww_date_time_format_rfc3339 (GDateTime *date_time);
GDateTime *ww_date_time_parse_rfc3339 (const char *string);

G_END_DECLS
