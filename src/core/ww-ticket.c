/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * A ticket in the help queue, as the hub hands it out and the kiosk and the
 * desk read it. Immutable: every change of state is a new ticket from the
 * hub, so a view never shows a half-updated one.
 */

#include "config.h"

#include "ww-ticket.h"

#include "ww-error.h"
#include "ww-json.h"
#include "ww-language.h"

struct _WwTicket
{
  GObject parent_instance;

  char           *id;
  char           *number;
  char           *branch_id;
  char           *kiosk_id;
  char           *service_id;
  WwHelpTopic     topic;
  char           *language;
  char           *first_name;
  WwTicketState   state;
  char           *desk_id;
  char           *desk_name;
  WwTicketOutcome outcome;
  int             position;
  int             estimated_wait_seconds;
  GDateTime      *created_at;
  GDateTime      *called_at;
  GDateTime      *started_at;
  GDateTime      *closed_at;
};

G_DEFINE_FINAL_TYPE (WwTicket, ww_ticket, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_BRANCH_ID,
  PROP_STATE,
  PROP_DESK_ID,
  PROP_POSITION,
  PROP_ESTIMATED_WAIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Index = WwTicketState. */
static const char *const state_names[] = {
  "waiting", "called", "inProgress", "done", "noShow", "cancelled",
};

/* Index = WwTicketOutcome; NONE has no spelling (null in JSON). */
static const char *const outcome_names[] = {
  NULL, "solved", "referred", "followUp", "notSolved",
};

/* Index = WwHelpTopic: letters in the order the topics are offered, so a
 * volunteer learns them as "A is DigiD" without a translation. */
static const char topic_letters[] = { 'A', 'B', 'C', 'D', 'E' };

static void
ww_ticket_finalize (GObject *object)
{
  WwTicket *self = WW_TICKET (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->branch_id, g_free);
  g_clear_pointer (&self->kiosk_id, g_free);
  g_clear_pointer (&self->service_id, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->first_name, g_free);
  g_clear_pointer (&self->desk_id, g_free);
  g_clear_pointer (&self->desk_name, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->called_at, g_date_time_unref);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->closed_at, g_date_time_unref);

  G_OBJECT_CLASS (ww_ticket_parent_class)->finalize (object);
}

static void
ww_ticket_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwTicket *self = WW_TICKET (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_BRANCH_ID:
      g_value_set_string (value, self->branch_id);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_DESK_ID:
      g_value_set_string (value, self->desk_id);
      break;
    case PROP_POSITION:
      g_value_set_int (value, self->position);
      break;
    case PROP_ESTIMATED_WAIT:
      g_value_set_int (value, self->estimated_wait_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_ticket_class_init (WwTicketClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ww_ticket_finalize;
  object_class->get_property = ww_ticket_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_BRANCH_ID] = g_param_spec_string ("branch-id", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, WW_TICKET_STATE_WAITING, WW_TICKET_STATE_CANCELLED,
                                             WW_TICKET_STATE_WAITING, flags);
  properties[PROP_DESK_ID] = g_param_spec_string ("desk-id", NULL, NULL, NULL, flags);
  properties[PROP_POSITION] = g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_ESTIMATED_WAIT] = g_param_spec_int ("estimated-wait", NULL, NULL, 0, G_MAXINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_ticket_init (WwTicket *self)
{
}

static GDateTime *
date_time_ref_or_null (GDateTime *date_time)
{
  return date_time != NULL ? g_date_time_ref (date_time) : NULL;
}

WwTicket *
ww_ticket_new (const WwTicketFields *fields)
{
  WwTicket *self;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->id != NULL, NULL);

  self = g_object_new (WW_TYPE_TICKET, NULL);
  self->id = g_strdup (fields->id);
  self->number = g_strdup (fields->number);
  self->branch_id = g_strdup (fields->branch_id);
  self->kiosk_id = g_strdup (fields->kiosk_id);
  self->service_id = g_strdup (fields->service_id);
  self->topic = fields->topic;
  self->language = g_strdup (fields->language);
  self->first_name = g_strdup (fields->first_name);
  self->state = fields->state;
  self->desk_id = g_strdup (fields->desk_id);
  self->desk_name = g_strdup (fields->desk_name);
  self->outcome = fields->outcome;
  self->position = MAX (fields->position, 0);
  self->estimated_wait_seconds = MAX (fields->estimated_wait_seconds, 0);
  self->created_at = date_time_ref_or_null (fields->created_at);
  self->called_at = date_time_ref_or_null (fields->called_at);
  self->started_at = date_time_ref_or_null (fields->started_at);
  self->closed_at = date_time_ref_or_null (fields->closed_at);

  return self;
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */

static GTimeZone *
amsterdam (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *found = g_time_zone_new_identifier ("Europe/Amsterdam");

      /* Without tzdata the times are still right, only shown in UTC. */
      g_once_init_leave (&zone, found != NULL ? found : g_time_zone_new_utc ());
    }

  return zone;
}

/* RFC 3339 with the Dutch offset, which is what a person reading a log or a
 * screen in the library expects; the instant is the same in any zone. */
char *
ww_date_time_format_rfc3339 (GDateTime *date_time)
{
  g_autoptr (GDateTime) local = NULL;

  g_return_val_if_fail (date_time != NULL, NULL);

  local = g_date_time_to_timezone (date_time, amsterdam ());
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/* Only full RFC 3339 date-times with an offset: a time without one is
 * ambiguous and refused. */
GDateTime *
ww_date_time_parse_rfc3339 (const char *string)
{
  gsize length;

  if (string == NULL)
    return NULL;

  length = strlen (string);
  if (length < 20 || string[10] != 'T')
    return NULL;
  if (string[length - 1] != 'Z' && string[length - 6] != '+' && string[length - 6] != '-')
    return NULL;

  return g_date_time_new_from_iso8601 (string, NULL);
}

/* ------------------------------------------------------------------ */
/* States, topics and numbers                                          */

const char *
ww_ticket_state_to_string (WwTicketState state)
{
  g_return_val_if_fail ((guint)state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

gboolean
ww_ticket_state_from_string (const char *string, WwTicketState *state)
{
  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (string, state_names[i]))
      {
        *state = (WwTicketState)i;
        return TRUE;
      }

  return FALSE;
}

gboolean
ww_ticket_state_is_closed (WwTicketState state)
{
  return state == WW_TICKET_STATE_DONE || state == WW_TICKET_STATE_NO_SHOW || state == WW_TICKET_STATE_CANCELLED;
}

const char *
ww_ticket_outcome_to_string (WwTicketOutcome outcome)
{
  g_return_val_if_fail ((guint)outcome < G_N_ELEMENTS (outcome_names), NULL);

  return outcome_names[outcome];
}

gboolean
ww_ticket_outcome_from_string (const char *string, WwTicketOutcome *outcome)
{
  for (guint i = 1; string != NULL && i < G_N_ELEMENTS (outcome_names); i++)
    if (g_str_equal (string, outcome_names[i]))
      {
        *outcome = (WwTicketOutcome)i;
        return TRUE;
      }

  return FALSE;
}

char
ww_help_topic_to_letter (WwHelpTopic topic)
{
  g_return_val_if_fail ((guint)topic < G_N_ELEMENTS (topic_letters), 'E');

  return topic_letters[topic];
}

/* "A-042": three digits read well aloud; a busy day past 999 gets four
 * rather than wrapping to a number that is already on a ticket. */
char *
ww_ticket_format_number (WwHelpTopic topic, guint sequence)
{
  return g_strdup_printf ("%c-%03u", ww_help_topic_to_letter (topic), sequence);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static void
add_string (json_object *object, const char *key, const char *value)
{
  json_object_object_add (object, key, value != NULL ? json_object_new_string (value) : NULL);
}

static void
add_date_time (json_object *object, const char *key, GDateTime *value)
{
  g_autofree char *string = value != NULL ? ww_date_time_format_rfc3339 (value) : NULL;

  add_string (object, key, string);
}

/* The API form. The first name only goes to those who call the resident
 * by it (a volunteer of the branch, the kiosk that took it). */
json_object *
ww_ticket_to_json (WwTicket *self, gboolean with_first_name)
{
  json_object *object;

  g_return_val_if_fail (WW_IS_TICKET (self), NULL);

  object = json_object_new_object ();
  add_string (object, "ticketId", self->id);
  add_string (object, "number", self->number);
  add_string (object, "branchId", self->branch_id);
  add_string (object, "kioskId", self->kiosk_id);
  if (self->service_id != NULL)
    add_string (object, "serviceId", self->service_id);
  add_string (object, "topic", ww_help_topic_to_string (self->topic));
  add_string (object, "language", self->language);
  if (with_first_name)
    add_string (object, "firstName", self->first_name);
  add_string (object, "state", ww_ticket_state_to_string (self->state));
  add_string (object, "deskId", self->desk_id);
  add_string (object, "deskName", self->desk_name);
  add_string (object, "outcome", ww_ticket_outcome_to_string (self->outcome));
  json_object_object_add (object, "position", json_object_new_int (self->position));
  json_object_object_add (object, "estimatedWaitSeconds", json_object_new_int (self->estimated_wait_seconds));
  add_date_time (object, "createdAt", self->created_at);
  add_date_time (object, "calledAt", self->called_at);
  add_date_time (object, "startedAt", self->started_at);
  add_date_time (object, "closedAt", self->closed_at);

  return object;
}

typedef struct
{
  json_object *object;
  GError     **error;
  gboolean     failed;
} Reader;

static const char *
read_string (Reader *reader, const char *key, gboolean required)
{
  json_object *value;

  if (reader->failed)
    return NULL;

  if (!json_object_object_get_ex (reader->object, key, &value) || value == NULL)
    {
      if (required)
        {
          g_set_error (reader->error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s is missing", key);
          reader->failed = TRUE;
        }
      return NULL;
    }

  if (!json_object_is_type (value, json_type_string))
    {
      g_set_error (reader->error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s is %s, not a string", key,
                   ww_json_type_name (json_object_get_type (value)));
      reader->failed = TRUE;
      return NULL;
    }

  return json_object_get_string (value);
}

static int
read_int (Reader *reader, const char *key)
{
  json_object *value;

  if (reader->failed || !json_object_object_get_ex (reader->object, key, &value) || value == NULL)
    return 0;

  if (!json_object_is_type (value, json_type_int))
    {
      g_set_error (reader->error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s is %s, not an integer", key,
                   ww_json_type_name (json_object_get_type (value)));
      reader->failed = TRUE;
      return 0;
    }

  return (int)CLAMP (json_object_get_int64 (value), 0, G_MAXINT);
}

static GDateTime *
read_date_time (Reader *reader, const char *key)
{
  const char *string = read_string (reader, key, FALSE);
  GDateTime  *date_time;

  if (string == NULL)
    return NULL;

  date_time = ww_date_time_parse_rfc3339 (string);
  if (date_time == NULL)
    {
      g_set_error (reader->error, WW_ERROR, WW_ERROR_INVALID_DATA, "%s is not an RFC 3339 date-time", key);
      reader->failed = TRUE;
    }

  return date_time;
}

/* Reads the API form back, as a kiosk or desk gets it from the hub. */
WwTicket *
ww_ticket_new_from_json (json_object *object, GError **error)
{
  Reader         reader = { object, error, FALSE };
  WwTicketFields fields = { 0 };
  g_autoptr (GDateTime) created_at = NULL;
  g_autoptr (GDateTime) called_at = NULL;
  g_autoptr (GDateTime) started_at = NULL;
  g_autoptr (GDateTime) closed_at = NULL;
  const char *topic, *state, *outcome;

  g_return_val_if_fail (object != NULL, NULL);

  if (!json_object_is_type (object, json_type_object))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "a ticket is %s, not an object",
                   ww_json_type_name (json_object_get_type (object)));
      return NULL;
    }

  fields.id = read_string (&reader, "ticketId", TRUE);
  fields.number = read_string (&reader, "number", TRUE);
  fields.branch_id = read_string (&reader, "branchId", TRUE);
  fields.kiosk_id = read_string (&reader, "kioskId", FALSE);
  fields.service_id = read_string (&reader, "serviceId", FALSE);
  topic = read_string (&reader, "topic", TRUE);
  fields.language = read_string (&reader, "language", TRUE);
  fields.first_name = read_string (&reader, "firstName", FALSE);
  state = read_string (&reader, "state", TRUE);
  fields.desk_id = read_string (&reader, "deskId", FALSE);
  fields.desk_name = read_string (&reader, "deskName", FALSE);
  outcome = read_string (&reader, "outcome", FALSE);
  fields.position = read_int (&reader, "position");
  fields.estimated_wait_seconds = read_int (&reader, "estimatedWaitSeconds");
  fields.created_at = created_at = read_date_time (&reader, "createdAt");
  fields.called_at = called_at = read_date_time (&reader, "calledAt");
  fields.started_at = started_at = read_date_time (&reader, "startedAt");
  fields.closed_at = closed_at = read_date_time (&reader, "closedAt");
  if (reader.failed)
    return NULL;

  if (!ww_help_topic_from_string (topic, &fields.topic))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "unknown topic %s", topic);
      return NULL;
    }
  if (!ww_ticket_state_from_string (state, &fields.state))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "unknown state %s", state);
      return NULL;
    }
  if (outcome != NULL && !ww_ticket_outcome_from_string (outcome, &fields.outcome))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "unknown outcome %s", outcome);
      return NULL;
    }
  if (!ww_language_is_known (fields.language))
    {
      g_set_error (error, WW_ERROR, WW_ERROR_INVALID_DATA, "unknown language %s", fields.language);
      return NULL;
    }

  return ww_ticket_new (&fields);
}

/* ------------------------------------------------------------------ */
/* Getters                                                             */

#define GETTER(type, name, field, fallback)                                                                            \
  type ww_ticket_get_##name (WwTicket *self)                                                                           \
  {                                                                                                                    \
    g_return_val_if_fail (WW_IS_TICKET (self), fallback);                                                              \
    return self->field;                                                                                                \
  }

GETTER (const char *, id, id, NULL)
GETTER (const char *, number, number, NULL)
GETTER (const char *, branch_id, branch_id, NULL)
GETTER (const char *, kiosk_id, kiosk_id, NULL)
GETTER (const char *, service_id, service_id, NULL)
GETTER (WwHelpTopic, topic, topic, WW_HELP_TOPIC_OTHER)
GETTER (const char *, language, language, NULL)
GETTER (const char *, first_name, first_name, NULL)
GETTER (WwTicketState, state, state, WW_TICKET_STATE_WAITING)
GETTER (const char *, desk_id, desk_id, NULL)
GETTER (const char *, desk_name, desk_name, NULL)
GETTER (WwTicketOutcome, outcome, outcome, WW_TICKET_OUTCOME_NONE)
GETTER (int, position, position, 0)
GETTER (int, estimated_wait, estimated_wait_seconds, 0)
GETTER (GDateTime *, created_at, created_at, NULL)
GETTER (GDateTime *, called_at, called_at, NULL)
GETTER (GDateTime *, started_at, started_at, NULL)
GETTER (GDateTime *, closed_at, closed_at, NULL)

/**
 * ww_ticket_get_desk_label:
 *
 * The desk as people know it: its name as the branch wrote it
 * ("Digitaal Hulpplein, balie 1"), or its id when the hub sent no name
 * (an older hub, or a desk without one).
 *
 * Returns: (nullable): the name, the id, or %NULL when no desk has it.
 */
const char *
ww_ticket_get_desk_label (WwTicket *self)
{
  g_return_val_if_fail (WW_IS_TICKET (self), NULL);

  if (self->desk_name != NULL && *self->desk_name != '\0')
    return self->desk_name;
  return self->desk_id;
}

gboolean
ww_ticket_is_closed (WwTicket *self)
{
  g_return_val_if_fail (WW_IS_TICKET (self), FALSE);

  return ww_ticket_state_is_closed (self->state);
}
