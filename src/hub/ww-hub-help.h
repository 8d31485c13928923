/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

/* The codes a resident reads out: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G. */
#define WW_HUB_RESERVATION_CODE_ALPHABET "ACDEFHJKMNPRTUVWXY3479"
#define WW_HUB_RESERVATION_CODE_LENGTH 6

typedef enum
{
  WW_HUB_HELP_KIND_WALK_IN,
  WW_HUB_HELP_KIND_TOPIC,
  WW_HUB_HELP_KIND_COURSE,
} WwHubHelpKind;

/*
 * A help session as planned: once (first_day == last_day, not weekly) or
 * every week on the weekday of first_day, until last_day (NULL: no end).
 * Times are Europe/Amsterdam wall-clock "HH:MM", so 10:00 stays 10:00
 * across the daylight-saving switches.
 */
typedef struct
{
  char         *session_id;
  char         *branch_id;
  WwHubHelpKind kind;
  char         *topic;
  char         *languages; /* comma-separated codes */
  int           capacity;
  char         *place;
  char         *bring; /* what to bring, "" = nothing said */
  char         *first_day;
  char         *last_day;
  gboolean      weekly;
  char         *start_time;
  char         *end_time;
  gboolean      cancelled;
} WwHubHelpSession;

/* A date on which a session (or, session_id "", every session of the branch) does not take place. */
typedef struct
{
  char *branch_id;
  char *day;
  char *session_id;
  char *reason;
} WwHubHelpException;

typedef struct
{
  char  *reservation_id;
  char  *code;
  char  *branch_id;
  char  *session_id;
  gint64 starts_at; /* µs, UTC */
  gint64 ends_at;
  gint64 created_at;
  gint64 checked_in_at; /* 0 = not yet */
} WwHubReservation;

/* What the hub reads of a branch to answer about help. */
typedef struct
{
  GPtrArray *sessions;     /* WwHubHelpSession, ordered by session_id */
  GPtrArray *exceptions;   /* WwHubHelpException */
  GPtrArray *reservations; /* WwHubReservation in the asked window, by starts_at */
  guint      on_duty;      /* volunteers on duty now, with a valid session */
  gint64     waiting;      /* tickets waiting in the branch's queue */
} WwHubHelpSnapshot;

/* One date of a session. */
typedef struct
{
  const WwHubHelpSession *session; /* unowned, from the snapshot */
  gint64                  starts_at;
  gint64                  ends_at;
  char                    day[11];
  int                     reserved;
} WwHubOccurrence;

typedef enum
{
  WW_HUB_HELP_ADD_SESSION,
  WW_HUB_HELP_CANCEL_SESSION,
  WW_HUB_HELP_ADD_EXCEPTION,
  WW_HUB_HELP_PRESENCE,
  WW_HUB_HELP_EXPIRE_PRESENCE, /* whoever's login expired goes off duty (@now) */
  WW_HUB_HELP_RESERVE,
  WW_HUB_HELP_CHECK_IN,
} WwHubHelpWriteKind;

/* One change; which fields count depends on @kind. */
typedef struct
{
  WwHubHelpWriteKind      kind;
  const char             *branch_id;  /* ADD_*, PRESENCE, RESERVE; CANCEL/CHECK_IN: restricts, NULL = any (admin) */
  const WwHubHelpSession *session;    /* ADD_SESSION (session_id chosen by the caller) */
  const char             *session_id; /* CANCEL_SESSION, ADD_EXCEPTION (NULL or "" = the whole branch) */
  const char             *day;        /* ADD_EXCEPTION */
  const char             *reason;     /* ADD_EXCEPTION */
  const char             *token_hash; /* PRESENCE: the login session */
  const char             *volunteer_id;
  gboolean                on_duty;
  const char             *subject_id; /* RESERVE: who asked (kiosk or volunteer), for the idempotency key */
  const char             *idempotency_key;
  const char             *request_hash;
  const WwHubOccurrence  *candidates; /* RESERVE: tried in order; the first with room is taken */
  guint                   n_candidates;
  const char             *code; /* CHECK_IN */
  gint64                  now;
} WwHubHelpWrite;

typedef struct
{
  WwHubReservation *reservation; /* RESERVE, CHECK_IN */
  gboolean          replayed;    /* RESERVE: same Idempotency-Key; CHECK_IN: was already checked in */
  guint             on_duty;     /* PRESENCE: volunteers on duty afterwards */
  gint64            waiting;     /* PRESENCE: tickets still waiting */
} WwHubHelpResult;

void               ww_hub_help_session_free (WwHubHelpSession *session);
WwHubHelpSession  *ww_hub_help_session_copy (const WwHubHelpSession *session);
WwHubHelpWrite    *ww_hub_help_write_copy (const WwHubHelpWrite *write);
void               ww_hub_help_write_free (WwHubHelpWrite *write);
void               ww_hub_help_exception_free (WwHubHelpException *exception);
void               ww_hub_reservation_free (WwHubReservation *reservation);
void               ww_hub_help_snapshot_free (WwHubHelpSnapshot *snapshot);
void               ww_hub_help_result_free (WwHubHelpResult *result);
WwHubHelpSnapshot *ww_hub_help_snapshot_new (void);
WwHubReservation  *ww_hub_reservation_copy (const WwHubReservation *reservation);

const char *ww_hub_help_kind_to_string (WwHubHelpKind kind);
gboolean    ww_hub_help_kind_from_string (const char *text, WwHubHelpKind *kind);

gboolean ww_hub_help_is_day (const char *text);
gboolean ww_hub_help_is_time (const char *text);
gboolean ww_hub_help_check_session (const WwHubHelpSession *session, GError **error);

GArray *ww_hub_help_expand (const WwHubHelpSnapshot *snapshot, gint64 from, gint64 until, const char *session_id);

char *ww_hub_help_new_code (void);
char *ww_hub_help_normalize_code (const char *text);
char *ww_hub_help_format_time (gint64 us);

/* Whether @reservation (found by its code; NULL: there is none here) can
 * be checked in at @now: NOT_FOUND or CONFLICT (another day's) if not;
 * @already says it was checked in before. */
gboolean ww_hub_help_can_check_in (const WwHubReservation *reservation, gint64 now, gboolean *already, GError **error);

json_object *ww_hub_help_session_to_json (const WwHubHelpSession *session);
json_object *ww_hub_help_occurrence_to_json (const WwHubOccurrence *occurrence);
json_object *ww_hub_reservation_to_json (const WwHubReservation *reservation, const WwHubHelpSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHubHelpSnapshot, ww_hub_help_snapshot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHubHelpResult, ww_hub_help_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHubHelpSession, ww_hub_help_session_free)

G_END_DECLS
