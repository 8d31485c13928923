/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>
#include <json-c/json.h>

#include "ww-ticket.h"

G_BEGIN_DECLS

/* A volunteer's login at the hub. The token is a secret: never logged. */
typedef struct
{
  char      *token;
  char      *volunteer_id;
  char      *branch_id;
  char      *role;
  GDateTime *expires_at;
} WwHubSession;

/* One kiosk of the fleet, as admins see it. */
typedef struct
{
  char      *kiosk_id;
  char      *branch_id;
  char      *name;
  gboolean   revoked;
  gboolean   stale;
  GDateTime *last_seen_at;
  char      *version;
  gint64     uptime_seconds;
  char      *catalog_etag;
  char      *speech_status;
  char      *printer_status;
} WwKioskStatus;

/* Anonymous aggregates for one branch, day, hour and topic. An average is
 * -1 when there is nothing to average yet (no ticket called or finished). */
typedef struct
{
  char  *branch_id;
  char  *date;
  int    hour;
  char  *topic;
  gint64 count;
  gint64 average_wait_seconds;
  gint64 average_service_seconds;
  /* Finished tickets by WwTicketOutcome; [NONE] = finished without one.
   * All 0 from a hub that does not count outcomes. */
  gint64 outcomes[WW_TICKET_N_OUTCOMES];
} WwStatsRow;

/* A help desk (table) of a branch, where a volunteer calls residents to. */
typedef struct
{
  char *desk_id;
  char *branch_id;
  char *name;
} WwDesk;

/* What a kiosk reports in its heartbeat. */
typedef struct
{
  const char *version;
  gint64      uptime_seconds;
  const char *catalog_etag;
  const char *speech_status;
  const char *printer_status;
} WwHeartbeat;

/* One date of a help session at a branch (issue 11). Times carry the
 * Europe/Amsterdam offset of that date. */
typedef struct
{
  char      *help_session_id;
  char      *branch_id;
  char      *date;
  GDateTime *starts_at;
  GDateTime *ends_at;
  char      *kind; /* walkIn, topic, course */
  char      *topic;
  char     **languages;
  char      *place;
  char      *bring;
  gint64     capacity;
  gint64     reserved;
  gint64     free_places;
} WwHelpOccurrence;

/* Whether help is there now at a branch, and when it is next. */
typedef struct
{
  char             *branch_id;
  gboolean          open;
  gint64            volunteers_on_duty;
  gint64            waiting;
  WwHelpOccurrence *next_session; /* NULL: none planned */
} WwHelpStatus;

/* A reserved place, without personal data. */
typedef struct
{
  char      *code;
  char      *help_session_id;
  char      *branch_id;
  GDateTime *starts_at;
  GDateTime *ends_at;
  GDateTime *created_at;
  GDateTime *checked_in_at; /* NULL: not yet */
  char      *kind;          /* these four: NULL when the answer has no session */
  char      *topic;
  char      *place;
  char      *bring;
  gboolean   already_checked_in;
} WwReservation;

/* The branch's queue after a volunteer went on or off duty. */
typedef struct
{
  gboolean   on_duty;
  char      *branch_id;
  gboolean   open;
  gint64     volunteers_on_duty;
  gint64     waiting;
  GPtrArray *still_waiting; /* WwTicket: who waits in a queue that just closed */
} WwDutyState;

/* Anonymous numbers a library reports to its municipality. */
typedef struct
{
  char  *branch_id;
  char  *from;
  char  *to;
  gint64 sessions_held;
  gint64 reservations;
  gint64 checked_in;
  gint64 no_shows;
  gint64 walk_ins[5]; /* per WwHelpTopic */
} WwHelpStats;

#define WW_TYPE_HUB_SESSION (ww_hub_session_get_type ())
#define WW_TYPE_KIOSK_STATUS (ww_kiosk_status_get_type ())
#define WW_TYPE_STATS_ROW (ww_stats_row_get_type ())
#define WW_TYPE_DESK (ww_desk_get_type ())

GType         ww_hub_session_get_type (void) G_GNUC_CONST;
WwHubSession *ww_hub_session_new_from_json (json_object *object, GError **error);
WwHubSession *ww_hub_session_copy (const WwHubSession *self);
void          ww_hub_session_free (WwHubSession *self);

GType          ww_kiosk_status_get_type (void) G_GNUC_CONST;
WwKioskStatus *ww_kiosk_status_new_from_json (json_object *object, GError **error);
WwKioskStatus *ww_kiosk_status_copy (const WwKioskStatus *self);
void           ww_kiosk_status_free (WwKioskStatus *self);

GType       ww_stats_row_get_type (void) G_GNUC_CONST;
WwStatsRow *ww_stats_row_new_from_json (json_object *object, GError **error);
WwStatsRow *ww_stats_row_copy (const WwStatsRow *self);
void        ww_stats_row_free (WwStatsRow *self);

GType   ww_desk_get_type (void) G_GNUC_CONST;
WwDesk *ww_desk_new_from_json (json_object *object, GError **error);
WwDesk *ww_desk_copy (const WwDesk *self);
void    ww_desk_free (WwDesk *self);

#define WW_TYPE_HELP_OCCURRENCE (ww_help_occurrence_get_type ())
#define WW_TYPE_HELP_STATUS (ww_help_status_get_type ())
#define WW_TYPE_RESERVATION (ww_reservation_get_type ())
#define WW_TYPE_DUTY_STATE (ww_duty_state_get_type ())
#define WW_TYPE_HELP_STATS (ww_help_stats_get_type ())

GType             ww_help_occurrence_get_type (void) G_GNUC_CONST;
WwHelpOccurrence *ww_help_occurrence_new_from_json (json_object *object, GError **error);
WwHelpOccurrence *ww_help_occurrence_copy (const WwHelpOccurrence *self);
void              ww_help_occurrence_free (WwHelpOccurrence *self);

GType         ww_help_status_get_type (void) G_GNUC_CONST;
WwHelpStatus *ww_help_status_new_from_json (json_object *object, GError **error);
WwHelpStatus *ww_help_status_copy (const WwHelpStatus *self);
void          ww_help_status_free (WwHelpStatus *self);

GType          ww_reservation_get_type (void) G_GNUC_CONST;
WwReservation *ww_reservation_new_from_json (json_object *object, GError **error);
WwReservation *ww_reservation_copy (const WwReservation *self);
void           ww_reservation_free (WwReservation *self);

GType        ww_duty_state_get_type (void) G_GNUC_CONST;
WwDutyState *ww_duty_state_new_from_json (json_object *object, GError **error);
WwDutyState *ww_duty_state_copy (const WwDutyState *self);
void         ww_duty_state_free (WwDutyState *self);

GType        ww_help_stats_get_type (void) G_GNUC_CONST;
WwHelpStats *ww_help_stats_new_from_json (json_object *object, GError **error);
WwHelpStats *ww_help_stats_copy (const WwHelpStats *self);
void         ww_help_stats_free (WwHelpStats *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHubSession, ww_hub_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHelpOccurrence, ww_help_occurrence_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHelpStatus, ww_help_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwReservation, ww_reservation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwDutyState, ww_duty_state_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHelpStats, ww_help_stats_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwDesk, ww_desk_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwKioskStatus, ww_kiosk_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwStatsRow, ww_stats_row_free)

G_END_DECLS
