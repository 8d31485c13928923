/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Help sessions, apart from any store: the types the stores fill, the
 * expansion of weekly rules into dated occurrences, reservation codes and
 * the JSON the API answers with. A weekly rule is kept in Dutch wall-clock
 * time and only turned into instants here, per date, with GTimeZone: a
 * Tuesday 10:00 walk-in hour is 08:00 UTC in summer and 09:00 UTC in
 * winter, and never 11:00 local after the clocks change.
 */

#include "config.h"

#include "ww-hub-help.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "wegwijs-core.h"
#include "ww-hub-estimate.h"

#define MAX_OCCURRENCES 1000

static GTimeZone *
amsterdam (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *found = g_time_zone_new_identifier ("Europe/Amsterdam");

      g_once_init_leave (&zone, found != NULL ? found : g_time_zone_new_utc ());
    }

  return zone;
}

void
ww_hub_help_session_free (WwHubHelpSession *session)
{
  if (session == NULL)
    return;
  g_free (session->session_id);
  g_free (session->branch_id);
  g_free (session->topic);
  g_free (session->languages);
  g_free (session->place);
  g_free (session->bring);
  g_free (session->first_day);
  g_free (session->last_day);
  g_free (session->start_time);
  g_free (session->end_time);
  g_free (session);
}

WwHubHelpSession *
ww_hub_help_session_copy (const WwHubHelpSession *session)
{
  WwHubHelpSession *copy = g_new0 (WwHubHelpSession, 1);

  *copy = *session;
  copy->session_id = g_strdup (session->session_id);
  copy->branch_id = g_strdup (session->branch_id);
  copy->topic = g_strdup (session->topic);
  copy->languages = g_strdup (session->languages);
  copy->place = g_strdup (session->place);
  copy->bring = g_strdup (session->bring);
  copy->first_day = g_strdup (session->first_day);
  copy->last_day = g_strdup (session->last_day);
  copy->start_time = g_strdup (session->start_time);
  copy->end_time = g_strdup (session->end_time);
  return copy;
}

/* A write that owns everything it points to, for a store's queue. */
typedef struct
{
  WwHubHelpWrite write; /* first: the copy is freed through it */
  GPtrArray     *owned;
} OwnedWrite;

static const char *
own (OwnedWrite *owned, const char *text)
{
  char *copy = g_strdup (text);

  if (copy != NULL)
    g_ptr_array_add (owned->owned, copy);
  return copy;
}

WwHubHelpWrite *
ww_hub_help_write_copy (const WwHubHelpWrite *write)
{
  OwnedWrite      *owned = g_new0 (OwnedWrite, 1);
  WwHubHelpWrite  *copy = &owned->write;
  WwHubOccurrence *candidates;

  owned->owned = g_ptr_array_new_with_free_func (g_free);
  *copy = *write;
  copy->branch_id = own (owned, write->branch_id);
  copy->session_id = own (owned, write->session_id);
  copy->day = own (owned, write->day);
  copy->reason = own (owned, write->reason);
  copy->token_hash = own (owned, write->token_hash);
  copy->volunteer_id = own (owned, write->volunteer_id);
  copy->subject_id = own (owned, write->subject_id);
  copy->idempotency_key = own (owned, write->idempotency_key);
  copy->request_hash = own (owned, write->request_hash);
  copy->code = own (owned, write->code);
  if (write->session != NULL)
    copy->session = ww_hub_help_session_copy (write->session);
  candidates = g_new0 (WwHubOccurrence, MAX (write->n_candidates, 1));
  for (guint i = 0; i < write->n_candidates; i++)
    {
      candidates[i] = write->candidates[i];
      candidates[i].session = ww_hub_help_session_copy (write->candidates[i].session);
    }
  copy->candidates = candidates;
  return copy;
}

void
ww_hub_help_write_free (WwHubHelpWrite *write)
{
  OwnedWrite *owned = (OwnedWrite *)write;

  if (write == NULL)
    return;
  for (guint i = 0; i < write->n_candidates; i++)
    ww_hub_help_session_free ((WwHubHelpSession *)write->candidates[i].session);
  g_free ((gpointer)write->candidates);
  ww_hub_help_session_free ((WwHubHelpSession *)write->session);
  g_ptr_array_unref (owned->owned);
  g_free (owned);
}

void
ww_hub_help_exception_free (WwHubHelpException *exception)
{
  if (exception == NULL)
    return;
  g_free (exception->branch_id);
  g_free (exception->day);
  g_free (exception->session_id);
  g_free (exception->reason);
  g_free (exception);
}

void
ww_hub_reservation_free (WwHubReservation *reservation)
{
  if (reservation == NULL)
    return;
  g_free (reservation->reservation_id);
  g_free (reservation->code);
  g_free (reservation->branch_id);
  g_free (reservation->session_id);
  g_free (reservation);
}

WwHubReservation *
ww_hub_reservation_copy (const WwHubReservation *reservation)
{
  WwHubReservation *copy = g_new0 (WwHubReservation, 1);

  *copy = *reservation;
  copy->reservation_id = g_strdup (reservation->reservation_id);
  copy->code = g_strdup (reservation->code);
  copy->branch_id = g_strdup (reservation->branch_id);
  copy->session_id = g_strdup (reservation->session_id);
  return copy;
}

WwHubHelpSnapshot *
ww_hub_help_snapshot_new (void)
{
  WwHubHelpSnapshot *snapshot = g_new0 (WwHubHelpSnapshot, 1);

  snapshot->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_help_session_free);
  snapshot->exceptions = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_help_exception_free);
  snapshot->reservations = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_hub_reservation_free);
  return snapshot;
}

void
ww_hub_help_snapshot_free (WwHubHelpSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_clear_pointer (&snapshot->sessions, g_ptr_array_unref);
  g_clear_pointer (&snapshot->exceptions, g_ptr_array_unref);
  g_clear_pointer (&snapshot->reservations, g_ptr_array_unref);
  g_free (snapshot);
}

void
ww_hub_help_result_free (WwHubHelpResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->reservation, ww_hub_reservation_free);
  g_free (result);
}

static const char *const kind_names[] = { "walkIn", "topic", "course" };

const char *
ww_hub_help_kind_to_string (WwHubHelpKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (kind_names), "walkIn");
  return kind_names[kind];
}

gboolean
ww_hub_help_kind_from_string (const char *text, WwHubHelpKind *kind)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *kind = (WwHubHelpKind)i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_day (const char *text, GDate *date)
{
  guint year, month, day;
  char  extra;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &extra) != 3 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

gboolean
ww_hub_help_is_day (const char *text)
{
  GDate date;

  return parse_day (text, &date);
}

static gboolean
parse_time (const char *text, int *hour, int *minute)
{
  if (text == NULL || strlen (text) != 5 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      text[2] != ':' || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  *hour = (text[0] - '0') * 10 + (text[1] - '0');
  *minute = (text[3] - '0') * 10 + (text[4] - '0');
  return *hour < 24 && *minute < 60;
}

gboolean
ww_hub_help_is_time (const char *text)
{
  int hour, minute;

  return parse_time (text, &hour, &minute);
}

/* The checks every way in (CLI, API) shares, with messages for a person. */
gboolean
ww_hub_help_check_session (const WwHubHelpSession *session, GError **error)
{
  g_auto (GStrv) languages = NULL;

  if (!ww_hub_help_is_day (session->first_day))
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the date must be YYYY-MM-DD, like 2026-11-24"), FALSE;
  if (session->last_day != NULL && !ww_hub_help_is_day (session->last_day))
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the last date must be YYYY-MM-DD"), FALSE;
  if (session->last_day != NULL && strcmp (session->last_day, session->first_day) < 0)
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the last date is before the first date"), FALSE;
  if (!session->weekly && g_strcmp0 (session->last_day, session->first_day) != 0)
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "a one-off session has one date"), FALSE;
  if (!ww_hub_help_is_time (session->start_time) || !ww_hub_help_is_time (session->end_time))
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "times must be HH:MM, like 10:00"), FALSE;
  if (strcmp (session->start_time, session->end_time) >= 0)
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the session must end after it starts"), FALSE;
  if (session->capacity < 1 || session->capacity > 500)
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the capacity must be 1 to 500 places"), FALSE;
  if (session->topic == NULL || *session->topic == '\0' || g_utf8_strlen (session->topic, -1) > 80)
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the topic must be 1 to 80 characters"), FALSE;
  if (session->place == NULL || *session->place == '\0' || g_utf8_strlen (session->place, -1) > 80)
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "the place must be 1 to 80 characters"), FALSE;
  if (session->bring != NULL && g_utf8_strlen (session->bring, -1) > 200)
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "what to bring is at most 200 characters"), FALSE;

  languages = g_strsplit (session->languages != NULL ? session->languages : "", ",", -1);
  if (languages[0] == NULL)
    return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "name at least one language the volunteers speak"),
           FALSE;
  for (guint i = 0; languages[i] != NULL; i++)
    if (!ww_language_is_known (languages[i]))
      return g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "unknown language “%s” (use nl, en, ar, tr, pl, uk)",
                          languages[i]),
             FALSE;

  return TRUE;
}

static gint64
local_instant (const GDate *date, const char *time)
{
  g_autoptr (GDateTime) local = NULL;
  int hour = 0, minute = 0;

  parse_time (time, &hour, &minute);
  local = g_date_time_new (amsterdam (), g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), hour,
                           minute, 0);
  return g_date_time_to_unix (local) * G_USEC_PER_SEC;
}

static gboolean
is_excepted (const WwHubHelpSnapshot *snapshot, const WwHubHelpSession *session, const char *day)
{
  for (guint i = 0; i < snapshot->exceptions->len; i++)
    {
      WwHubHelpException *exception = g_ptr_array_index (snapshot->exceptions, i);

      if (g_str_equal (exception->day, day) && g_str_equal (exception->branch_id, session->branch_id) &&
          (exception->session_id == NULL || *exception->session_id == '\0' ||
           g_str_equal (exception->session_id, session->session_id)))
        return TRUE;
    }
  return FALSE;
}

static int
count_reserved (const WwHubHelpSnapshot *snapshot, const char *session_id, gint64 starts_at)
{
  int count = 0;

  for (guint i = 0; i < snapshot->reservations->len; i++)
    {
      WwHubReservation *reservation = g_ptr_array_index (snapshot->reservations, i);

      if (reservation->starts_at == starts_at && g_str_equal (reservation->session_id, session_id))
        count++;
    }
  return count;
}

static int
compare_occurrences (gconstpointer a, gconstpointer b)
{
  const WwHubOccurrence *x = a, *y = b;

  if (x->starts_at != y->starts_at)
    return x->starts_at < y->starts_at ? -1 : 1;
  return strcmp (x->session->session_id, y->session->session_id);
}

/*
 * The dates of the snapshot's sessions (or of @session_id only) that end
 * after @from and start before @until, without cancelled sessions and
 * exception dates, ordered by start. Each knows its reservations as far
 * as the snapshot holds them.
 */
GArray *
ww_hub_help_expand (const WwHubHelpSnapshot *snapshot, gint64 from, gint64 until, const char *session_id)
{
  GArray          *occurrences = g_array_new (FALSE, TRUE, sizeof (WwHubOccurrence));
  g_autofree char *from_text = ww_hub_business_day (from - G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC);
  g_autofree char *until_text = ww_hub_business_day (until);
  GDate            from_day, until_day;

  parse_day (from_text, &from_day);
  parse_day (until_text, &until_day);

  for (guint i = 0; i < snapshot->sessions->len; i++)
    {
      const WwHubHelpSession *session = g_ptr_array_index (snapshot->sessions, i);
      GDate                   day, last;

      if (session->cancelled || (session_id != NULL && !g_str_equal (session_id, session->session_id)))
        continue;
      if (!parse_day (session->first_day, &day))
        continue;
      if (session->last_day == NULL || !parse_day (session->last_day, &last))
        last = until_day;
      if (g_date_compare (&last, &until_day) > 0)
        last = until_day;
      if (!session->weekly)
        last = day;
      else if (g_date_compare (&day, &from_day) < 0)
        g_date_add_days (&day, (g_date_days_between (&day, &from_day) + 6) / 7 * 7);

      for (; g_date_compare (&day, &last) <= 0 && occurrences->len < MAX_OCCURRENCES;
           g_date_add_days (&day, session->weekly ? 7 : 1))
        {
          WwHubOccurrence occurrence = { .session = session };

          g_date_strftime (occurrence.day, sizeof occurrence.day, "%Y-%m-%d", &day);
          occurrence.starts_at = local_instant (&day, session->start_time);
          occurrence.ends_at = local_instant (&day, session->end_time);
          if (occurrence.ends_at <= from || occurrence.starts_at >= until ||
              is_excepted (snapshot, session, occurrence.day))
            continue;
          occurrence.reserved = count_reserved (snapshot, session->session_id, occurrence.starts_at);
          g_array_append_val (occurrences, occurrence);
          if (!session->weekly)
            break;
        }
    }

  g_array_sort (occurrences, compare_occurrences);
  return occurrences;
}

/* 22^6 ≈ 113 million codes; a clash is caught by the store's UNIQUE. */
char *
ww_hub_help_new_code (void)
{
  const char *alphabet = WW_HUB_RESERVATION_CODE_ALPHABET;
  guint32     n = (guint32)strlen (alphabet);
  char       *code = g_malloc (WW_HUB_RESERVATION_CODE_LENGTH + 1);

  for (int i = 0; i < WW_HUB_RESERVATION_CODE_LENGTH; i++)
    code[i] = alphabet[randombytes_uniform (n)];
  code[WW_HUB_RESERVATION_CODE_LENGTH] = '\0';
  return code;
}

/* What a volunteer types: any case, spaces and dashes allowed; and the
 * letters a code never has read as the digits they look like. NULL if it
 * cannot be a code. */
char *
ww_hub_help_normalize_code (const char *text)
{
  GString *code = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-')
        continue;
      if (strchr (WW_HUB_RESERVATION_CODE_ALPHABET, c) == NULL || code->len >= WW_HUB_RESERVATION_CODE_LENGTH)
        {
          g_string_free (code, TRUE);
          return NULL;
        }
      g_string_append_c (code, c);
    }

  if (code->len != WW_HUB_RESERVATION_CODE_LENGTH)
    {
      g_string_free (code, TRUE);
      return NULL;
    }
  return g_string_free (code, FALSE);
}

char *
ww_hub_help_format_time (gint64 us)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return ww_date_time_format_rfc3339 (utc);
}

static void
add_time (json_object *object, const char *key, gint64 us)
{
  g_autofree char *text = ww_hub_help_format_time (us);

  json_object_object_add (object, key, json_object_new_string (text));
}

static json_object *
languages_to_json (const char *languages)
{
  g_auto (GStrv) codes = g_strsplit (languages != NULL ? languages : "", ",", -1);
  json_object *array = json_object_new_array ();

  for (guint i = 0; codes[i] != NULL; i++)
    json_object_array_add (array, json_object_new_string (codes[i]));
  return array;
}

json_object *
ww_hub_help_session_to_json (const WwHubHelpSession *session)
{
  json_object *object = json_object_new_object ();

  json_object_object_add (object, "helpSessionId", json_object_new_string (session->session_id));
  json_object_object_add (object, "branchId", json_object_new_string (session->branch_id));
  json_object_object_add (object, "kind", json_object_new_string (ww_hub_help_kind_to_string (session->kind)));
  json_object_object_add (object, "topic", json_object_new_string (session->topic));
  json_object_object_add (object, "languages", languages_to_json (session->languages));
  json_object_object_add (object, "capacity", json_object_new_int (session->capacity));
  json_object_object_add (object, "place", json_object_new_string (session->place));
  json_object_object_add (object, "bring", json_object_new_string (session->bring != NULL ? session->bring : ""));
  json_object_object_add (object, "repeat", json_object_new_string (session->weekly ? "weekly" : "once"));
  json_object_object_add (object, "firstDate", json_object_new_string (session->first_day));
  json_object_object_add (object, "lastDate",
                          session->last_day != NULL ? json_object_new_string (session->last_day) : NULL);
  json_object_object_add (object, "startTime", json_object_new_string (session->start_time));
  json_object_object_add (object, "endTime", json_object_new_string (session->end_time));
  json_object_object_add (object, "cancelled", json_object_new_boolean (session->cancelled));
  return object;
}

json_object *
ww_hub_help_occurrence_to_json (const WwHubOccurrence *occurrence)
{
  const WwHubHelpSession *session = occurrence->session;
  json_object            *object = json_object_new_object ();

  json_object_object_add (object, "helpSessionId", json_object_new_string (session->session_id));
  json_object_object_add (object, "branchId", json_object_new_string (session->branch_id));
  json_object_object_add (object, "date", json_object_new_string (occurrence->day));
  add_time (object, "startsAt", occurrence->starts_at);
  add_time (object, "endsAt", occurrence->ends_at);
  json_object_object_add (object, "kind", json_object_new_string (ww_hub_help_kind_to_string (session->kind)));
  json_object_object_add (object, "topic", json_object_new_string (session->topic));
  json_object_object_add (object, "languages", languages_to_json (session->languages));
  json_object_object_add (object, "place", json_object_new_string (session->place));
  json_object_object_add (object, "bring", json_object_new_string (session->bring != NULL ? session->bring : ""));
  json_object_object_add (object, "capacity", json_object_new_int (session->capacity));
  json_object_object_add (object, "reserved", json_object_new_int (occurrence->reserved));
  json_object_object_add (object, "freePlaces",
                          json_object_new_int (MAX (session->capacity - occurrence->reserved, 0)));
  return object;
}

/* @session (may be NULL) adds where and what to bring, for the ticket a kiosk prints. */
json_object *
ww_hub_reservation_to_json (const WwHubReservation *reservation, const WwHubHelpSession *session)
{
  json_object *object = json_object_new_object ();

  json_object_object_add (object, "code", json_object_new_string (reservation->code));
  json_object_object_add (object, "helpSessionId", json_object_new_string (reservation->session_id));
  json_object_object_add (object, "branchId", json_object_new_string (reservation->branch_id));
  add_time (object, "startsAt", reservation->starts_at);
  add_time (object, "endsAt", reservation->ends_at);
  add_time (object, "createdAt", reservation->created_at);
  if (reservation->checked_in_at != 0)
    add_time (object, "checkedInAt", reservation->checked_in_at);
  else
    json_object_object_add (object, "checkedInAt", NULL);
  if (session != NULL)
    {
      json_object_object_add (object, "kind", json_object_new_string (ww_hub_help_kind_to_string (session->kind)));
      json_object_object_add (object, "topic", json_object_new_string (session->topic));
      json_object_object_add (object, "place", json_object_new_string (session->place));
      json_object_object_add (object, "bring", json_object_new_string (session->bring != NULL ? session->bring : ""));
    }
  return object;
}

gboolean
ww_hub_help_can_check_in (const WwHubReservation *reservation, gint64 now, gboolean *already, GError **error)
{
  g_autofree char *today = NULL;
  g_autofree char *day = NULL;

  *already = FALSE;
  if (reservation == NULL)
    {
      g_set_error (error, WW_ERROR, WW_ERROR_NOT_FOUND, "there is no reservation with this code here");
      return FALSE;
    }

  if (reservation->checked_in_at != 0)
    {
      *already = TRUE;
      return TRUE;
    }

  today = ww_hub_business_day (now);
  day = ww_hub_business_day (reservation->starts_at);
  if (!g_str_equal (day, today) || reservation->ends_at < now)
    {
      g_autofree char *when = ww_hub_help_format_time (reservation->starts_at);

      g_set_error (error, WW_ERROR, WW_ERROR_CONFLICT, "this reservation is for %s, not for now", when);
      return FALSE;
    }
  return TRUE;
}
