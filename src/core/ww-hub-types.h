/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>
#include <json-c/json.h>

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHubSession, ww_hub_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwDesk, ww_desk_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwKioskStatus, ww_kiosk_status_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwStatsRow, ww_stats_row_free)

G_END_DECLS
