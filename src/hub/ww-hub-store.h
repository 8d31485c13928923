/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

#include "wegwijs-core.h"
#include "ww-hub-help.h"
#include "ww-ticket.h"

G_BEGIN_DECLS

#define WW_HUB_TYPE_STORE (ww_hub_store_get_type ())

G_DECLARE_INTERFACE (WwHubStore, ww_hub_store, WW_HUB, STORE, GObject)

typedef enum
{
  WW_HUB_ROLE_KIOSK,
  WW_HUB_ROLE_VOLUNTEER,
  WW_HUB_ROLE_ADMIN,
} WwHubRole;

/* Who a request comes from, as a valid token says. */
typedef struct
{
  WwHubRole role;
  char     *subject_id; /* the kiosk or the volunteer */
  char     *branch_id;
  gint64    expires_at; /* µs since the epoch; 0 = does not expire (kiosks) */
} WwHubPrincipal;

/* One entry of the persisted event log. @data is JSON without personal data. */
typedef struct
{
  gint64 id;
  char  *type; /* "ticket" or "queue" */
  char  *branch_id;
  char  *kiosk_id; /* the kiosk that owns the ticket; NULL for "queue" */
  char  *data;
} WwHubEvent;

typedef struct
{
  char     *volunteer_id;
  char     *branch_id;
  WwHubRole role;
  char     *password_hash;
  gboolean  disabled;
} WwHubVolunteer;

typedef struct
{
  char    *kiosk_id;
  char    *branch_id;
  char    *name;
  gboolean revoked;
  gint64   last_seen_at; /* µs, 0 = never */
  char    *version;
  gint64   uptime_seconds;
  char    *catalog_etag;
  char    *speech_status;
  char    *printer_status;
} WwHubKiosk;

/* A help desk (table) of a branch, for the volunteer to choose. */
typedef struct
{
  char *desk_id;
  char *branch_id;
  char *name;
} WwHubDesk;

typedef struct
{
  char       *branch_id;
  char       *day; /* YYYY-MM-DD, Europe/Amsterdam */
  int         hour;
  WwHelpTopic topic;
  gint64      count;
  double      average_wait_seconds;           /* < 0: nobody was called */
  double      average_service_seconds;        /* < 0: nobody was helped to the end */
  gint64      outcomes[WW_TICKET_N_OUTCOMES]; /* finished tickets by outcome; [NONE] = finished without one */
} WwHubStatsRow;

typedef struct
{
  const char *kiosk_id;
  const char *branch_id;
  const char *idempotency_key;
  const char *request_hash; /* of the canonical request, for replays */
  WwHelpTopic topic;
  const char *language;
  const char *first_name;      /* or NULL */
  const char *service_id;      /* or NULL */
  gboolean    needs_volunteer; /* refuse (UNAVAILABLE) while nobody is on duty */
} WwHubTicketRequest;

typedef enum
{
  WW_HUB_ACTION_CALL,
  WW_HUB_ACTION_START,
  WW_HUB_ACTION_FINISH,
  WW_HUB_ACTION_NO_SHOW,
  WW_HUB_ACTION_CANCEL,
  WW_HUB_ACTION_REQUEUE,
} WwHubAction;

/* Who may do a transition: a volunteer only in their branch, a kiosk only
 * on its own ticket; NULL fields do not restrict (an admin). */
typedef struct
{
  const char     *ticket_id;
  WwHubAction     action;
  const char     *desk_id; /* for CALL */
  WwTicketOutcome outcome; /* for FINISH; NONE when the volunteer did not say */
  const char     *only_branch_id;
  const char     *only_kiosk_id;
} WwHubTransition;

typedef struct
{
  const char *kiosk_id;
  const char *version;
  gint64      uptime_seconds;
  const char *catalog_etag;
  const char *speech_status;
  const char *printer_status;
} WwHubHeartbeat;

/*
 * Every operation is asynchronous and completes on the thread-default main
 * context of its caller. Implementations complete with a GTask whose
 * result is what the matching _finish() documents, so the _finish()
 * functions are written once, here. Errors are WW_ERROR codes:
 * NOT_FOUND, CONFLICT (a guarded transition lost), UNPROCESSABLE,
 * PERMISSION_DENIED; anything else is FAILED.
 */
struct _WwHubStoreInterface
{
  GTypeInterface parent_iface;

  void (*authenticate) (WwHubStore         *self,
                        const char         *token_hash,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data);
  void (*create_ticket) (WwHubStore               *self,
                         const WwHubTicketRequest *request,
                         GCancellable             *cancellable,
                         GAsyncReadyCallback       callback,
                         gpointer                  user_data);
  void (*get_ticket) (WwHubStore         *self,
                      const char         *ticket_id,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data);
  void (*transition) (WwHubStore            *self,
                      const WwHubTransition *transition,
                      GCancellable          *cancellable,
                      GAsyncReadyCallback    callback,
                      gpointer               user_data);
  void (*list_queue) (WwHubStore         *self,
                      const char         *branch_id,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data);
  void (*read_events) (WwHubStore         *self,
                       gint64              after_id,
                       guint               limit,
                       GCancellable       *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer            user_data);
  void (*find_volunteer) (WwHubStore         *self,
                          const char         *username,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data);
  void (*create_session) (WwHubStore         *self,
                          const char         *volunteer_id,
                          const char         *token_hash,
                          gint64              expires_at,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data);
  void (*delete_session) (WwHubStore         *self,
                          const char         *token_hash,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data);
  void (*heartbeat) (WwHubStore           *self,
                     const WwHubHeartbeat *heartbeat,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data);
  void (*list_kiosks) (WwHubStore *self, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
  void (*get_stats) (WwHubStore         *self,
                     const char         *branch_id,
                     const char         *from_day,
                     const char         *to_day,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data);
  void (*purge) (WwHubStore         *self,
                 gint64              closed_before,
                 gint64              now,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data);
  /* Optional (NULL: the hub answers that it cannot list desks). Returns a
   * GPtrArray of WwHubDesk, ordered by desk_id. */
  void (*list_desks) (WwHubStore         *self,
                      const char         *branch_id,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data);
  /* Help sessions, reservations and presence of the branch: what
   * ww_hub_help_expand() needs, with the reservations starting in
   * [@since, @until). Returns a WwHubHelpSnapshot. */
  void (*help_read) (WwHubStore         *self,
                     const char         *branch_id,
                     gint64              since,
                     gint64              until,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data);
  /* One change to them (see WwHubHelpWrite); returns a WwHubHelpResult.
   * RESERVE fails with CONFLICT when no candidate has room; CHECK_IN with
   * NOT_FOUND for an unknown code and CONFLICT for another day's. */
  void (*help_write) (WwHubStore           *self,
                      const WwHubHelpWrite *write,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data);
  /* Administration; @args are the command's words, see ww-hub-admin.c. */
  void (*admin) (WwHubStore         *self,
                 const char         *command,
                 const char *const  *args,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data);
};

/* What a create_ticket task returns (implementations build it). */
typedef struct
{
  WwTicket *ticket;
  gboolean  replayed;
} WwHubStoreCreated;

void ww_hub_store_created_free (WwHubStoreCreated *created);

/* Emitted on the main context after a commit that appended events. */
#define WW_HUB_STORE_SIGNAL_EVENTS_APPENDED "events-appended"

void            ww_hub_store_authenticate_async (WwHubStore         *self,
                                                 const char         *token_hash,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
WwHubPrincipal *ww_hub_store_authenticate_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void ww_hub_store_create_ticket_async (WwHubStore               *self,
                                       const WwHubTicketRequest *request,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data);
WwTicket *
ww_hub_store_create_ticket_finish (WwHubStore *self, GAsyncResult *result, gboolean *replayed, GError **error);

void      ww_hub_store_get_ticket_async (WwHubStore         *self,
                                         const char         *ticket_id,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
WwTicket *ww_hub_store_get_ticket_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void      ww_hub_store_transition_async (WwHubStore            *self,
                                         const WwHubTransition *transition,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
WwTicket *ww_hub_store_transition_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void       ww_hub_store_list_queue_async (WwHubStore         *self,
                                          const char         *branch_id,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
GPtrArray *ww_hub_store_list_queue_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void       ww_hub_store_read_events_async (WwHubStore         *self,
                                           gint64              after_id,
                                           guint               limit,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
GPtrArray *ww_hub_store_read_events_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void            ww_hub_store_find_volunteer_async (WwHubStore         *self,
                                                   const char         *username,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);
WwHubVolunteer *ww_hub_store_find_volunteer_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void     ww_hub_store_create_session_async (WwHubStore         *self,
                                            const char         *volunteer_id,
                                            const char         *token_hash,
                                            gint64              expires_at,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean ww_hub_store_create_session_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void     ww_hub_store_delete_session_async (WwHubStore         *self,
                                            const char         *token_hash,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean ww_hub_store_delete_session_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void     ww_hub_store_heartbeat_async (WwHubStore           *self,
                                       const WwHubHeartbeat *heartbeat,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean ww_hub_store_heartbeat_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void       ww_hub_store_list_kiosks_async (WwHubStore         *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
GPtrArray *ww_hub_store_list_kiosks_finish (WwHubStore *self, GAsyncResult *result, GError **error);
void       ww_hub_store_list_desks_async (WwHubStore         *self,
                                          const char         *branch_id,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
GPtrArray *ww_hub_store_list_desks_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void       ww_hub_store_get_stats_async (WwHubStore         *self,
                                         const char         *branch_id,
                                         const char         *from_day,
                                         const char         *to_day,
                                         GCancellable       *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
GPtrArray *ww_hub_store_get_stats_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void     ww_hub_store_purge_async (WwHubStore         *self,
                                   gint64              closed_before,
                                   gint64              now,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
gboolean ww_hub_store_purge_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void  ww_hub_store_admin_async (WwHubStore         *self,
                                const char         *command,
                                const char *const  *args,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data);
char *ww_hub_store_admin_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void               ww_hub_store_help_read_async (WwHubStore         *self,
                                                 const char         *branch_id,
                                                 gint64              since,
                                                 gint64              until,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
WwHubHelpSnapshot *ww_hub_store_help_read_finish (WwHubStore *self, GAsyncResult *result, GError **error);
void               ww_hub_store_help_write_async (WwHubStore           *self,
                                                  const WwHubHelpWrite *write,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
WwHubHelpResult   *ww_hub_store_help_write_finish (WwHubStore *self, GAsyncResult *result, GError **error);

void ww_hub_principal_free (WwHubPrincipal *principal);
void ww_hub_event_free (WwHubEvent *event);
void ww_hub_volunteer_free (WwHubVolunteer *volunteer);
void ww_hub_kiosk_free (WwHubKiosk *kiosk);
void ww_hub_desk_free (WwHubDesk *desk);
void ww_hub_stats_row_free (WwHubStatsRow *row);

const char *ww_hub_action_to_string (WwHubAction action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHubPrincipal, ww_hub_principal_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHubEvent, ww_hub_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwHubVolunteer, ww_hub_volunteer_free)

G_END_DECLS
