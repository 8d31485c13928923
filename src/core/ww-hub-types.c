/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The hub's answers that are not tickets or catalogue objects, decoded
 * strictly: a missing required field or a wrong type is an error, never a
 * silent default.
 */

#include "config.h"

#include "ww-hub-types.h"

#include "ww-error.h"
#include "ww-json.h"
#include "ww-ticket.h"

typedef struct
{
  json_object *object;
  const char  *what;
  GError     **error;
  gboolean     failed;
} Reader;

static gboolean
reader_begin (Reader *reader, json_object *object, const char *what, GError **error)
{
  *reader = (Reader){ object, what, error, FALSE };

  if (object == NULL || !json_object_is_type (object, json_type_object))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s is not an object", what);
      return FALSE;
    }
  return TRUE;
}

static json_object *
reader_get (Reader *reader, const char *key, json_type type, gboolean required)
{
  json_object *value = NULL;

  if (reader->failed)
    return NULL;

  if (!json_object_object_get_ex (reader->object, key, &value) || json_object_is_type (value, json_type_null))
    {
      if (required)
        {
          g_set_error (reader->error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s: %s is missing", reader->what, key);
          reader->failed = TRUE;
        }
      return NULL;
    }

  if (!json_object_is_type (value, type))
    {
      g_set_error (reader->error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s: %s should be %s, not %s", reader->what, key,
                   ww_json_type_name (type), ww_json_type_name (json_object_get_type (value)));
      reader->failed = TRUE;
      return NULL;
    }

  return value;
}

static char *
read_string (Reader *reader, const char *key, gboolean required)
{
  json_object *value = reader_get (reader, key, json_type_string, required);

  return value != NULL ? g_strdup (json_object_get_string (value)) : NULL;
}

static gint64
read_int (Reader *reader, const char *key, gboolean required)
{
  json_object *value = reader_get (reader, key, json_type_int, required);

  return value != NULL ? json_object_get_int64 (value) : 0;
}

/* Present, but null when there is nothing to say (no data yet): -1. */
static gint64
read_nullable_int (Reader *reader, const char *key)
{
  json_object *value = NULL;

  if (reader->failed)
    return -1;
  if (!json_object_object_get_ex (reader->object, key, &value))
    {
      g_set_error (reader->error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s: %s is missing", reader->what, key);
      reader->failed = TRUE;
      return -1;
    }
  if (value == NULL || json_object_is_type (value, json_type_null))
    return -1;
  return read_int (reader, key, TRUE);
}

static gboolean
read_bool (Reader *reader, const char *key, gboolean required)
{
  json_object *value = reader_get (reader, key, json_type_boolean, required);

  return value != NULL && json_object_get_boolean (value);
}

static GDateTime *
read_date_time (Reader *reader, const char *key, gboolean required)
{
  json_object *value = reader_get (reader, key, json_type_string, required);
  GDateTime   *date_time;

  if (value == NULL)
    return NULL;

  date_time = ww_date_time_parse_rfc3339 (json_object_get_string (value));
  if (date_time == NULL)
    {
      g_set_error (reader->error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s: %s is not a date and time with a time zone",
                   reader->what, key);
      reader->failed = TRUE;
    }
  return date_time;
}

/* ------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (WwHubSession, ww_hub_session, ww_hub_session_copy, ww_hub_session_free)

WwHubSession *
ww_hub_session_new_from_json (json_object *object, GError **error)
{
  g_autoptr (WwHubSession) self = g_new0 (WwHubSession, 1);
  g_autofree char *token_type = NULL;
  Reader           reader;

  if (!reader_begin (&reader, object, "a session", error))
    return NULL;

  self->token = read_string (&reader, "token", TRUE);
  token_type = read_string (&reader, "tokenType", TRUE);
  self->volunteer_id = read_string (&reader, "volunteerId", TRUE);
  self->branch_id = read_string (&reader, "branchId", TRUE);
  self->role = read_string (&reader, "role", TRUE);
  self->expires_at = read_date_time (&reader, "expiresAt", TRUE);
  if (reader.failed)
    return NULL;

  if (g_ascii_strcasecmp (token_type, "Bearer") != 0)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "a session: unknown token type %s", token_type);
      return NULL;
    }

  return g_steal_pointer (&self);
}

WwHubSession *
ww_hub_session_copy (const WwHubSession *self)
{
  WwHubSession *copy = g_new0 (WwHubSession, 1);

  copy->token = g_strdup (self->token);
  copy->volunteer_id = g_strdup (self->volunteer_id);
  copy->branch_id = g_strdup (self->branch_id);
  copy->role = g_strdup (self->role);
  copy->expires_at = self->expires_at != NULL ? g_date_time_ref (self->expires_at) : NULL;
  return copy;
}

void
ww_hub_session_free (WwHubSession *self)
{
  if (self == NULL)
    return;

  /* The token is a secret: do not leave it in freed memory. */
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->volunteer_id);
  g_free (self->branch_id);
  g_free (self->role);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_free (self);
}

/* ------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (WwKioskStatus, ww_kiosk_status, ww_kiosk_status_copy, ww_kiosk_status_free)

WwKioskStatus *
ww_kiosk_status_new_from_json (json_object *object, GError **error)
{
  g_autoptr (WwKioskStatus) self = g_new0 (WwKioskStatus, 1);
  Reader reader;

  if (!reader_begin (&reader, object, "a kiosk", error))
    return NULL;

  self->kiosk_id = read_string (&reader, "kioskId", TRUE);
  self->branch_id = read_string (&reader, "branchId", TRUE);
  self->name = read_string (&reader, "name", TRUE);
  self->revoked = read_bool (&reader, "revoked", TRUE);
  self->stale = read_bool (&reader, "stale", TRUE);
  self->last_seen_at = read_date_time (&reader, "lastSeenAt", FALSE);
  self->version = read_string (&reader, "version", FALSE);
  self->uptime_seconds = read_int (&reader, "uptimeSeconds", FALSE);
  self->catalog_etag = read_string (&reader, "catalogEtag", FALSE);
  self->speech_status = read_string (&reader, "speechStatus", FALSE);
  self->printer_status = read_string (&reader, "printerStatus", FALSE);

  return reader.failed ? NULL : g_steal_pointer (&self);
}

WwKioskStatus *
ww_kiosk_status_copy (const WwKioskStatus *self)
{
  WwKioskStatus *copy = g_memdup2 (self, sizeof *self);

  copy->kiosk_id = g_strdup (self->kiosk_id);
  copy->branch_id = g_strdup (self->branch_id);
  copy->name = g_strdup (self->name);
  copy->last_seen_at = self->last_seen_at != NULL ? g_date_time_ref (self->last_seen_at) : NULL;
  copy->version = g_strdup (self->version);
  copy->catalog_etag = g_strdup (self->catalog_etag);
  copy->speech_status = g_strdup (self->speech_status);
  copy->printer_status = g_strdup (self->printer_status);
  return copy;
}

void
ww_kiosk_status_free (WwKioskStatus *self)
{
  if (self == NULL)
    return;

  g_free (self->kiosk_id);
  g_free (self->branch_id);
  g_free (self->name);
  g_clear_pointer (&self->last_seen_at, g_date_time_unref);
  g_free (self->version);
  g_free (self->catalog_etag);
  g_free (self->speech_status);
  g_free (self->printer_status);
  g_free (self);
}

/* ------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (WwStatsRow, ww_stats_row, ww_stats_row_copy, ww_stats_row_free)

WwStatsRow *
ww_stats_row_new_from_json (json_object *object, GError **error)
{
  g_autoptr (WwStatsRow) self = g_new0 (WwStatsRow, 1);
  Reader       reader;
  json_object *outcomes;
  gboolean     out_of_range = FALSE;

  if (!reader_begin (&reader, object, "a statistics row", error))
    return NULL;

  self->branch_id = read_string (&reader, "branchId", TRUE);
  self->date = read_string (&reader, "date", TRUE);
  self->hour = (int)read_int (&reader, "hour", TRUE);
  self->topic = read_string (&reader, "topic", TRUE);
  self->count = read_int (&reader, "count", TRUE);
  self->average_wait_seconds = read_nullable_int (&reader, "averageWaitSeconds");
  self->average_service_seconds = read_nullable_int (&reader, "averageServiceSeconds");
  outcomes = reader_get (&reader, "outcomes", json_type_object, FALSE);
  if (outcomes != NULL)
    {
      Reader outcome_reader;

      reader_begin (&outcome_reader, outcomes, "the outcomes of a statistics row", error);
      for (guint o = 0; o < WW_TICKET_N_OUTCOMES; o++)
        self->outcomes[o] = read_int (
            &outcome_reader, o == WW_TICKET_OUTCOME_NONE ? "unstated" : ww_ticket_outcome_to_string (o), FALSE);
      reader.failed |= outcome_reader.failed;
    }
  if (reader.failed)
    return NULL;

  for (guint o = 0; o < WW_TICKET_N_OUTCOMES; o++)
    out_of_range |= self->outcomes[o] < 0;
  if (self->hour < 0 || self->hour > 23 || self->count < 0 || out_of_range)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "a statistics row is out of range");
      return NULL;
    }

  return g_steal_pointer (&self);
}

WwStatsRow *
ww_stats_row_copy (const WwStatsRow *self)
{
  WwStatsRow *copy = g_memdup2 (self, sizeof *self);

  copy->branch_id = g_strdup (self->branch_id);
  copy->date = g_strdup (self->date);
  copy->topic = g_strdup (self->topic);
  return copy;
}

void
ww_stats_row_free (WwStatsRow *self)
{
  if (self == NULL)
    return;

  g_free (self->branch_id);
  g_free (self->date);
  g_free (self->topic);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (WwDesk, ww_desk, ww_desk_copy, ww_desk_free)

WwDesk *
ww_desk_new_from_json (json_object *object, GError **error)
{
  g_autoptr (WwDesk) self = g_new0 (WwDesk, 1);
  Reader reader;

  if (!reader_begin (&reader, object, "a desk", error))
    return NULL;

  self->desk_id = read_string (&reader, "deskId", TRUE);
  self->branch_id = read_string (&reader, "branchId", TRUE);
  self->name = read_string (&reader, "name", TRUE);

  return reader.failed ? NULL : g_steal_pointer (&self);
}

WwDesk *
ww_desk_copy (const WwDesk *self)
{
  WwDesk *copy = g_new0 (WwDesk, 1);

  copy->desk_id = g_strdup (self->desk_id);
  copy->branch_id = g_strdup (self->branch_id);
  copy->name = g_strdup (self->name);
  return copy;
}

void
ww_desk_free (WwDesk *self)
{
  if (self == NULL)
    return;
  g_free (self->desk_id);
  g_free (self->branch_id);
  g_free (self->name);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* Help sessions                                                       */

static GDateTime *
ref_or_null (GDateTime *date_time)
{
  return date_time != NULL ? g_date_time_ref (date_time) : NULL;
}

static char **
read_string_array (Reader *reader, const char *key)
{
  json_object *value = reader_get (reader, key, json_type_array, TRUE);
  GPtrArray   *strings;

  if (value == NULL)
    return NULL;
  strings = g_ptr_array_new ();
  for (size_t i = 0; i < json_object_array_length (value); i++)
    {
      json_object *item = json_object_array_get_idx (value, i);

      if (!json_object_is_type (item, json_type_string))
        {
          g_set_error (reader->error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s: %s holds a non-string", reader->what, key);
          reader->failed = TRUE;
          g_ptr_array_free (strings, TRUE);
          return NULL;
        }
      g_ptr_array_add (strings, g_strdup (json_object_get_string (item)));
    }
  g_ptr_array_add (strings, NULL);
  return (char **)g_ptr_array_free (strings, FALSE);
}

G_DEFINE_BOXED_TYPE (WwHelpOccurrence, ww_help_occurrence, ww_help_occurrence_copy, ww_help_occurrence_free)

WwHelpOccurrence *
ww_help_occurrence_new_from_json (json_object *object, GError **error)
{
  g_autoptr (WwHelpOccurrence) self = g_new0 (WwHelpOccurrence, 1);
  Reader reader;

  if (!reader_begin (&reader, object, "a help session date", error))
    return NULL;

  self->help_session_id = read_string (&reader, "helpSessionId", TRUE);
  self->branch_id = read_string (&reader, "branchId", TRUE);
  self->date = read_string (&reader, "date", TRUE);
  self->starts_at = read_date_time (&reader, "startsAt", TRUE);
  self->ends_at = read_date_time (&reader, "endsAt", TRUE);
  self->kind = read_string (&reader, "kind", TRUE);
  self->topic = read_string (&reader, "topic", TRUE);
  self->languages = read_string_array (&reader, "languages");
  self->place = read_string (&reader, "place", TRUE);
  self->bring = read_string (&reader, "bring", TRUE);
  self->capacity = read_int (&reader, "capacity", TRUE);
  self->reserved = read_int (&reader, "reserved", TRUE);
  self->free_places = read_int (&reader, "freePlaces", TRUE);

  return reader.failed ? NULL : g_steal_pointer (&self);
}

WwHelpOccurrence *
ww_help_occurrence_copy (const WwHelpOccurrence *self)
{
  WwHelpOccurrence *copy = g_new0 (WwHelpOccurrence, 1);

  *copy = *self;
  copy->help_session_id = g_strdup (self->help_session_id);
  copy->branch_id = g_strdup (self->branch_id);
  copy->date = g_strdup (self->date);
  copy->starts_at = ref_or_null (self->starts_at);
  copy->ends_at = ref_or_null (self->ends_at);
  copy->kind = g_strdup (self->kind);
  copy->topic = g_strdup (self->topic);
  copy->languages = g_strdupv (self->languages);
  copy->place = g_strdup (self->place);
  copy->bring = g_strdup (self->bring);
  return copy;
}

void
ww_help_occurrence_free (WwHelpOccurrence *self)
{
  if (self == NULL)
    return;
  g_free (self->help_session_id);
  g_free (self->branch_id);
  g_free (self->date);
  g_clear_pointer (&self->starts_at, g_date_time_unref);
  g_clear_pointer (&self->ends_at, g_date_time_unref);
  g_free (self->kind);
  g_free (self->topic);
  g_strfreev (self->languages);
  g_free (self->place);
  g_free (self->bring);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (WwHelpStatus, ww_help_status, ww_help_status_copy, ww_help_status_free)

WwHelpStatus *
ww_help_status_new_from_json (json_object *object, GError **error)
{
  g_autoptr (WwHelpStatus) self = g_new0 (WwHelpStatus, 1);
  json_object *next;
  Reader       reader;

  if (!reader_begin (&reader, object, "the help status", error))
    return NULL;

  self->branch_id = read_string (&reader, "branchId", TRUE);
  self->open = read_bool (&reader, "open", TRUE);
  self->volunteers_on_duty = read_int (&reader, "volunteersOnDuty", TRUE);
  self->waiting = read_int (&reader, "waiting", TRUE);
  next = reader_get (&reader, "nextSession", json_type_object, FALSE);
  if (reader.failed)
    return NULL;
  if (next != NULL && (self->next_session = ww_help_occurrence_new_from_json (next, error)) == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

WwHelpStatus *
ww_help_status_copy (const WwHelpStatus *self)
{
  WwHelpStatus *copy = g_new0 (WwHelpStatus, 1);

  *copy = *self;
  copy->branch_id = g_strdup (self->branch_id);
  copy->next_session = self->next_session != NULL ? ww_help_occurrence_copy (self->next_session) : NULL;
  return copy;
}

void
ww_help_status_free (WwHelpStatus *self)
{
  if (self == NULL)
    return;
  g_free (self->branch_id);
  g_clear_pointer (&self->next_session, ww_help_occurrence_free);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (WwReservation, ww_reservation, ww_reservation_copy, ww_reservation_free)

WwReservation *
ww_reservation_new_from_json (json_object *object, GError **error)
{
  g_autoptr (WwReservation) self = g_new0 (WwReservation, 1);
  Reader reader;

  if (!reader_begin (&reader, object, "a reservation", error))
    return NULL;

  self->code = read_string (&reader, "code", TRUE);
  self->help_session_id = read_string (&reader, "helpSessionId", TRUE);
  self->branch_id = read_string (&reader, "branchId", TRUE);
  self->starts_at = read_date_time (&reader, "startsAt", TRUE);
  self->ends_at = read_date_time (&reader, "endsAt", TRUE);
  self->created_at = read_date_time (&reader, "createdAt", TRUE);
  self->checked_in_at = read_date_time (&reader, "checkedInAt", FALSE);
  self->kind = read_string (&reader, "kind", FALSE);
  self->topic = read_string (&reader, "topic", FALSE);
  self->place = read_string (&reader, "place", FALSE);
  self->bring = read_string (&reader, "bring", FALSE);
  self->already_checked_in = read_bool (&reader, "alreadyCheckedIn", FALSE);

  return reader.failed ? NULL : g_steal_pointer (&self);
}

WwReservation *
ww_reservation_copy (const WwReservation *self)
{
  WwReservation *copy = g_new0 (WwReservation, 1);

  *copy = *self;
  copy->code = g_strdup (self->code);
  copy->help_session_id = g_strdup (self->help_session_id);
  copy->branch_id = g_strdup (self->branch_id);
  copy->starts_at = ref_or_null (self->starts_at);
  copy->ends_at = ref_or_null (self->ends_at);
  copy->created_at = ref_or_null (self->created_at);
  copy->checked_in_at = ref_or_null (self->checked_in_at);
  copy->kind = g_strdup (self->kind);
  copy->topic = g_strdup (self->topic);
  copy->place = g_strdup (self->place);
  copy->bring = g_strdup (self->bring);
  return copy;
}

void
ww_reservation_free (WwReservation *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->help_session_id);
  g_free (self->branch_id);
  g_clear_pointer (&self->starts_at, g_date_time_unref);
  g_clear_pointer (&self->ends_at, g_date_time_unref);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->checked_in_at, g_date_time_unref);
  g_free (self->kind);
  g_free (self->topic);
  g_free (self->place);
  g_free (self->bring);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (WwDutyState, ww_duty_state, ww_duty_state_copy, ww_duty_state_free)

WwDutyState *
ww_duty_state_new_from_json (json_object *object, GError **error)
{
  g_autoptr (WwDutyState) self = g_new0 (WwDutyState, 1);
  json_object *waiting;
  Reader       reader;

  if (!reader_begin (&reader, object, "the duty state", error))
    return NULL;

  self->on_duty = read_bool (&reader, "onDuty", TRUE);
  self->branch_id = read_string (&reader, "branchId", TRUE);
  self->open = read_bool (&reader, "open", TRUE);
  self->volunteers_on_duty = read_int (&reader, "volunteersOnDuty", TRUE);
  self->waiting = read_int (&reader, "waiting", TRUE);
  waiting = reader_get (&reader, "stillWaiting", json_type_array, TRUE);
  if (reader.failed)
    return NULL;

  self->still_waiting = g_ptr_array_new_with_free_func (g_object_unref);
  for (size_t i = 0; i < json_object_array_length (waiting); i++)
    {
      WwTicket *ticket = ww_ticket_new_from_json (json_object_array_get_idx (waiting, i), error);

      if (ticket == NULL)
        return NULL;
      g_ptr_array_add (self->still_waiting, ticket);
    }

  return g_steal_pointer (&self);
}

WwDutyState *
ww_duty_state_copy (const WwDutyState *self)
{
  WwDutyState *copy = g_new0 (WwDutyState, 1);

  *copy = *self;
  copy->branch_id = g_strdup (self->branch_id);
  copy->still_waiting = self->still_waiting != NULL ? g_ptr_array_ref (self->still_waiting) : NULL;
  return copy;
}

void
ww_duty_state_free (WwDutyState *self)
{
  if (self == NULL)
    return;
  g_free (self->branch_id);
  g_clear_pointer (&self->still_waiting, g_ptr_array_unref);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (WwHelpStats, ww_help_stats, ww_help_stats_copy, ww_help_stats_free)

WwHelpStats *
ww_help_stats_new_from_json (json_object *object, GError **error)
{
  g_autoptr (WwHelpStats) self = g_new0 (WwHelpStats, 1);
  json_object *walk_ins;
  Reader       reader;

  if (!reader_begin (&reader, object, "the help numbers", error))
    return NULL;

  self->branch_id = read_string (&reader, "branchId", TRUE);
  self->from = read_string (&reader, "from", TRUE);
  self->to = read_string (&reader, "to", TRUE);
  self->sessions_held = read_int (&reader, "sessionsHeld", TRUE);
  self->reservations = read_int (&reader, "reservations", TRUE);
  self->checked_in = read_int (&reader, "checkedIn", TRUE);
  self->no_shows = read_int (&reader, "noShows", TRUE);
  walk_ins = reader_get (&reader, "walkIns", json_type_array, TRUE);
  if (reader.failed)
    return NULL;

  for (size_t i = 0; i < json_object_array_length (walk_ins); i++)
    {
      g_autofree char *topic_name = NULL;
      Reader           item;
      WwHelpTopic      topic;
      gint64           count;

      if (!reader_begin (&item, json_object_array_get_idx (walk_ins, i), "a walk-in count", error))
        return NULL;
      topic_name = read_string (&item, "topic", TRUE);
      count = read_int (&item, "count", TRUE);
      if (item.failed)
        return NULL;
      /* A topic this client does not know yet is left out, not an error. */
      if (ww_help_topic_from_string (topic_name, &topic) && (guint)topic < G_N_ELEMENTS (self->walk_ins))
        self->walk_ins[topic] = count;
    }

  return g_steal_pointer (&self);
}

WwHelpStats *
ww_help_stats_copy (const WwHelpStats *self)
{
  WwHelpStats *copy = g_new0 (WwHelpStats, 1);

  *copy = *self;
  copy->branch_id = g_strdup (self->branch_id);
  copy->from = g_strdup (self->from);
  copy->to = g_strdup (self->to);
  return copy;
}

void
ww_help_stats_free (WwHelpStats *self)
{
  if (self == NULL)
    return;
  g_free (self->branch_id);
  g_free (self->from);
  g_free (self->to);
  g_free (self);
}
