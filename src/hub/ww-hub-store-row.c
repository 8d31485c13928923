/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Rows to hub objects, written once for both stores: each store only says
 * how to read a column of its own statement or result (WwHubRowFuncs).
 */

#include "config.h"

#include "ww-hub-store-row.h"

#include "ww-hub-estimate.h"

const char *
ww_hub_row_text (const WwHubRow *row, int column)
{
  return row->funcs->text (row, column);
}

char *
ww_hub_row_dup (const WwHubRow *row, int column)
{
  return g_strdup (row->funcs->text (row, column));
}

gint64
ww_hub_row_number (const WwHubRow *row, int column)
{
  return row->funcs->number (row, column);
}

gboolean
ww_hub_row_boolean (const WwHubRow *row, int column)
{
  return row->funcs->boolean (row, column);
}

GDateTime *
ww_hub_row_date_time (const WwHubRow *row, int column)
{
  if (row->funcs->is_null (row, column))
    return NULL;

  return g_date_time_new_from_unix_utc (row->funcs->number (row, column) / G_USEC_PER_SEC);
}

static WwHubRole
role_from_string (const char *role)
{
  return g_strcmp0 (role, "admin") == 0 ? WW_HUB_ROLE_ADMIN : WW_HUB_ROLE_VOLUNTEER;
}

WwTicket *
ww_hub_row_to_ticket (const WwHubRow *row, int position, int estimated_wait)
{
  g_autoptr (GDateTime) created_at = ww_hub_row_date_time (row, 10);
  g_autoptr (GDateTime) called_at = ww_hub_row_date_time (row, 11);
  g_autoptr (GDateTime) started_at = ww_hub_row_date_time (row, 12);
  g_autoptr (GDateTime) closed_at = ww_hub_row_date_time (row, 13);
  WwTicketFields fields = {
    .id = ww_hub_row_text (row, 0),
    .number = ww_hub_row_text (row, 1),
    .branch_id = ww_hub_row_text (row, 2),
    .kiosk_id = ww_hub_row_text (row, 3),
    .service_id = ww_hub_row_text (row, 4),
    .topic = (WwHelpTopic)ww_hub_row_number (row, 5),
    .language = ww_hub_row_text (row, 6),
    .first_name = ww_hub_row_text (row, 7),
    .desk_id = ww_hub_row_text (row, 9),
    .desk_name = ww_hub_row_text (row, 14),
    .position = position,
    .estimated_wait_seconds = estimated_wait,
    .created_at = created_at,
    .called_at = called_at,
    .started_at = started_at,
    .closed_at = closed_at,
  };

  ww_ticket_state_from_string (ww_hub_row_text (row, 8), &fields.state);
  ww_ticket_outcome_from_string (ww_hub_row_text (row, 15), &fields.outcome);

  return ww_ticket_new (&fields);
}

WwTicket *
ww_hub_row_to_queued_ticket (const WwHubRow *row, int *position, const gint64 *samples, guint n_samples, guint n_desks)
{
  gboolean waiting = g_strcmp0 (ww_hub_row_text (row, 8), "waiting") == 0;
  int      place = waiting ? ++*position : 0;

  return ww_hub_row_to_ticket (row, place, ww_hub_estimate_wait (place, samples, n_samples, n_desks));
}

WwHubReservation *
ww_hub_row_to_reservation (const WwHubRow *row)
{
  WwHubReservation *reservation = g_new0 (WwHubReservation, 1);

  reservation->reservation_id = ww_hub_row_dup (row, 0);
  reservation->code = ww_hub_row_dup (row, 1);
  reservation->branch_id = ww_hub_row_dup (row, 2);
  reservation->session_id = ww_hub_row_dup (row, 3);
  reservation->starts_at = ww_hub_row_number (row, 4);
  reservation->ends_at = ww_hub_row_number (row, 5);
  reservation->created_at = ww_hub_row_number (row, 6);
  reservation->checked_in_at = ww_hub_row_number (row, 7);
  return reservation;
}

WwHubEvent *
ww_hub_row_to_event (const WwHubRow *row)
{
  WwHubEvent *event = g_new0 (WwHubEvent, 1);

  event->id = ww_hub_row_number (row, 0);
  event->type = ww_hub_row_dup (row, 1);
  event->branch_id = ww_hub_row_dup (row, 2);
  event->kiosk_id = ww_hub_row_dup (row, 3);
  event->data = ww_hub_row_dup (row, 4);
  return event;
}

WwHubKiosk *
ww_hub_row_to_kiosk (const WwHubRow *row)
{
  WwHubKiosk *kiosk = g_new0 (WwHubKiosk, 1);

  kiosk->kiosk_id = ww_hub_row_dup (row, 0);
  kiosk->branch_id = ww_hub_row_dup (row, 1);
  kiosk->name = ww_hub_row_dup (row, 2);
  kiosk->revoked = ww_hub_row_boolean (row, 3);
  kiosk->last_seen_at = ww_hub_row_number (row, 4);
  kiosk->version = ww_hub_row_dup (row, 5);
  kiosk->uptime_seconds = ww_hub_row_number (row, 6);
  kiosk->catalog_etag = ww_hub_row_dup (row, 7);
  kiosk->speech_status = ww_hub_row_dup (row, 8);
  kiosk->printer_status = ww_hub_row_dup (row, 9);
  return kiosk;
}

WwHubDesk *
ww_hub_row_to_desk (const WwHubRow *row)
{
  WwHubDesk *desk = g_new0 (WwHubDesk, 1);

  desk->desk_id = ww_hub_row_dup (row, 0);
  desk->branch_id = ww_hub_row_dup (row, 1);
  desk->name = ww_hub_row_dup (row, 2);
  return desk;
}

WwHubStatsRow *
ww_hub_row_to_stats (const WwHubRow *row)
{
  WwHubStatsRow *stats = g_new0 (WwHubStatsRow, 1);
  gint64         waited = ww_hub_row_number (row, 5);
  gint64         served = ww_hub_row_number (row, 7);

  stats->branch_id = ww_hub_row_dup (row, 0);
  stats->day = ww_hub_row_dup (row, 1);
  stats->hour = (int)ww_hub_row_number (row, 2);
  stats->topic = (WwHelpTopic)ww_hub_row_number (row, 3);
  stats->count = ww_hub_row_number (row, 4);
  stats->average_wait_seconds = waited > 0 ? (double)ww_hub_row_number (row, 6) / waited : -1;
  stats->average_service_seconds = served > 0 ? (double)ww_hub_row_number (row, 8) / served : -1;
  for (guint o = 0; o < WW_TICKET_N_OUTCOMES; o++)
    stats->outcomes[o] = ww_hub_row_number (row, 9 + (int)o);
  return stats;
}

WwHubHelpSession *
ww_hub_row_to_help_session (const WwHubRow *row)
{
  WwHubHelpSession *session = g_new0 (WwHubHelpSession, 1);

  session->session_id = ww_hub_row_dup (row, 0);
  session->branch_id = ww_hub_row_dup (row, 1);
  ww_hub_help_kind_from_string (ww_hub_row_text (row, 2), &session->kind);
  session->topic = ww_hub_row_dup (row, 3);
  session->languages = ww_hub_row_dup (row, 4);
  session->capacity = (int)ww_hub_row_number (row, 5);
  session->place = ww_hub_row_dup (row, 6);
  session->bring = ww_hub_row_dup (row, 7);
  session->first_day = ww_hub_row_dup (row, 8);
  session->last_day = ww_hub_row_dup (row, 9);
  session->weekly = ww_hub_row_boolean (row, 10);
  session->start_time = ww_hub_row_dup (row, 11);
  session->end_time = ww_hub_row_dup (row, 12);
  session->cancelled = ww_hub_row_boolean (row, 13);
  return session;
}

WwHubHelpException *
ww_hub_row_to_help_exception (const WwHubRow *row)
{
  WwHubHelpException *exception = g_new0 (WwHubHelpException, 1);

  exception->branch_id = ww_hub_row_dup (row, 0);
  exception->day = ww_hub_row_dup (row, 1);
  exception->session_id = ww_hub_row_dup (row, 2);
  exception->reason = ww_hub_row_dup (row, 3);
  return exception;
}

WwHubVolunteer *
ww_hub_row_to_volunteer (const WwHubRow *row)
{
  WwHubVolunteer *volunteer = g_new0 (WwHubVolunteer, 1);

  volunteer->volunteer_id = ww_hub_row_dup (row, 0);
  volunteer->branch_id = ww_hub_row_dup (row, 1);
  volunteer->role = role_from_string (ww_hub_row_text (row, 2));
  volunteer->password_hash = ww_hub_row_dup (row, 3);
  volunteer->disabled = ww_hub_row_boolean (row, 4);
  return volunteer;
}

WwHubPrincipal *
ww_hub_row_to_kiosk_principal (const WwHubRow *row, GError **error)
{
  WwHubPrincipal *principal;

  if (ww_hub_row_boolean (row, 2))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_UNAUTHORIZED, "this kiosk was revoked");
      return NULL;
    }

  principal = g_new0 (WwHubPrincipal, 1);
  principal->role = WW_HUB_ROLE_KIOSK;
  principal->subject_id = ww_hub_row_dup (row, 0);
  principal->branch_id = ww_hub_row_dup (row, 1);
  return principal;
}

WwHubPrincipal *
ww_hub_row_to_session_principal (const WwHubRow *row, gint64 now, GError **error)
{
  WwHubPrincipal *principal;

  if (row == NULL || ww_hub_row_number (row, 3) <= now || ww_hub_row_boolean (row, 4))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_UNAUTHORIZED, "the token is unknown, expired or revoked");
      return NULL;
    }

  principal = g_new0 (WwHubPrincipal, 1);
  principal->role = role_from_string (ww_hub_row_text (row, 2));
  principal->subject_id = ww_hub_row_dup (row, 0);
  principal->branch_id = ww_hub_row_dup (row, 1);
  principal->expires_at = ww_hub_row_number (row, 3);
  return principal;
}
