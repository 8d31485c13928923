/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ww-hub-store.h"

G_BEGIN_DECLS

/*
 * A row of a query's answer, whichever database gave it, and the hub's
 * objects built from one. The SELECT lists below go with the readers: a
 * store selects WW_HUB_*_COLUMNS and hands each row to the matching
 * ww_hub_row_to_*(). Private to the hub's stores.
 */

typedef struct _WwHubRowFuncs WwHubRowFuncs;

typedef struct
{
  const WwHubRowFuncs *funcs;
  gconstpointer        result; /* the store's statement or result */
  int                  index;  /* which row of @result, where it holds several */
} WwHubRow;

struct _WwHubRowFuncs
{
  /* The column as text; NULL for SQL NULL. */
  const char *(*text) (const WwHubRow *row, int column);
  /* The column as a number; 0 for SQL NULL. */
  gint64 (*number) (const WwHubRow *row, int column);
  /* The column as a truth value (as each database writes one). */
  gboolean (*boolean) (const WwHubRow *row, int column);
  gboolean (*is_null) (const WwHubRow *row, int column);
};

const char *ww_hub_row_text (const WwHubRow *row, int column);
char       *ww_hub_row_dup (const WwHubRow *row, int column);
gint64      ww_hub_row_number (const WwHubRow *row, int column);
gboolean    ww_hub_row_boolean (const WwHubRow *row, int column);
/* A time stored as µs since the epoch, to the second; NULL for SQL NULL. */
GDateTime *ww_hub_row_date_time (const WwHubRow *row, int column);

/* The desk's name is looked up for every ticket: "tickets t". */
#define WW_HUB_TICKET_COLUMNS                                                                                          \
  "t.ticket_id, t.number, t.branch_id, t.kiosk_id, t.service_id, t.topic, t.language, t.first_name, t.state, "         \
  "t.desk_id, t.created_at, t.called_at, t.started_at, t.closed_at, "                                                  \
  "(SELECT dk.name FROM desks dk WHERE dk.desk_id = t.desk_id), t.outcome"

#define WW_HUB_RESERVATION_COLUMNS                                                                                     \
  "reservation_id, code, branch_id, session_id, starts_at, ends_at, created_at, COALESCE (checked_in_at, 0)"

#define WW_HUB_EVENT_COLUMNS "event_id, type, branch_id, kiosk_id, data"

#define WW_HUB_KIOSK_COLUMNS                                                                                           \
  "kiosk_id, branch_id, name, revoked_at IS NOT NULL, COALESCE (last_seen_at, 0), version,"                            \
  " COALESCE (uptime_seconds, 0), catalog_etag, speech_status, printer_status"

#define WW_HUB_DESK_COLUMNS "desk_id, branch_id, name"

#define WW_HUB_STATS_COLUMNS                                                                                           \
  "branch_id, business_day, hour, topic, tickets, waited_count, wait_seconds_sum,"                                     \
  " served_count, service_seconds_sum, finished_unsaid, solved, referred, follow_up, not_solved"

#define WW_HUB_HELP_SESSION_COLUMNS                                                                                    \
  "session_id, branch_id, kind, topic, languages, capacity, place, bring, first_day, last_day,"                        \
  " weekly, start_time, end_time, cancelled_at IS NOT NULL"

#define WW_HUB_HELP_EXCEPTION_COLUMNS "branch_id, day, session_id, reason"

#define WW_HUB_VOLUNTEER_COLUMNS "volunteer_id, branch_id, role, password_hash, disabled"

/* Who holds a token: "kiosks" … WHERE token_hash = the token's hash. */
#define WW_HUB_KIOSK_PRINCIPAL_COLUMNS "kiosk_id, branch_id, revoked_at IS NOT NULL"

/* Who holds a token: "sessions s JOIN volunteers v" … WHERE s.token_hash = the token's hash. */
#define WW_HUB_SESSION_PRINCIPAL_COLUMNS "v.volunteer_id, v.branch_id, v.role, s.expires_at, v.disabled"

/* A ticket with its place in the queue and its estimated wait. */
WwTicket *ww_hub_row_to_ticket (const WwHubRow *row, int position, int estimated_wait);
/* The next ticket of a queue listed called and in progress first, then
 * waiting by age: a waiting one takes the next place after *@position and
 * its wait is estimated from the branch's service times (@samples) and
 * desks. */
WwTicket *
ww_hub_row_to_queued_ticket (const WwHubRow *row, int *position, const gint64 *samples, guint n_samples, guint n_desks);
WwHubReservation   *ww_hub_row_to_reservation (const WwHubRow *row);
WwHubEvent         *ww_hub_row_to_event (const WwHubRow *row);
WwHubKiosk         *ww_hub_row_to_kiosk (const WwHubRow *row);
WwHubDesk          *ww_hub_row_to_desk (const WwHubRow *row);
WwHubStatsRow      *ww_hub_row_to_stats (const WwHubRow *row);
WwHubHelpSession   *ww_hub_row_to_help_session (const WwHubRow *row);
WwHubHelpException *ww_hub_row_to_help_exception (const WwHubRow *row);
WwHubVolunteer     *ww_hub_row_to_volunteer (const WwHubRow *row);
/* The kiosk a token belongs to; UNAUTHORIZED once the kiosk is revoked. */
WwHubPrincipal *ww_hub_row_to_kiosk_principal (const WwHubRow *row, GError **error);
/* The volunteer whose login session a token is (@row NULL: none is);
 * UNAUTHORIZED when there is none, it has expired at @now or the
 * volunteer is disabled. */
WwHubPrincipal *ww_hub_row_to_session_principal (const WwHubRow *row, gint64 now, GError **error);

G_END_DECLS
