/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * WwHubClient: typed calls for the hub's API (/v1), returning the core
 * model objects, on top of WwHttpClient.
 *
 * A kiosk or desk may know several hubs (a city runs more than one on one
 * database). A call goes to the hub that answered last; when it cannot be
 * reached, the call moves on to the next. Moving on is always safe when no
 * connection was made; after a timeout or a server error only requests
 * that are safe to repeat move on (idempotent ones, and tickets, which
 * carry an Idempotency-Key).
 *
 * Every answer is decoded strictly; an answer that does not decode is a
 * WW_HTTP_ERROR_INVALID_RESPONSE, never a half-filled object.
 */

#include "config.h"

#include "ww-hub-client-private.h"

#include "ww-catalog-bundle.h"
#include "ww-error.h"
#include "ww-json.h"
#include "ww-language.h"

#define API_PREFIX "/v1"

struct _WwHubClient
{
  GObject parent_instance;

  WwHttpClient *http;
  GPtrArray    *base_urls;
  guint         current;
  char         *authorization;
  gboolean      reachable;
};

G_DEFINE_FINAL_TYPE (WwHubClient, ww_hub_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_REACHABLE,
  PROP_BASE_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Decoding answers                                                    */

static gboolean
fail_invalid (GError **error, const char *what, GError *cause)
{
  g_set_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_INVALID_RESPONSE, "The hub's %s is not valid: %s", what,
               cause != NULL ? cause->message : "unexpected content");
  return FALSE;
}

static const char *
get_string (json_object *object, const char *key, gboolean required, gboolean *ok)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (object, key, &value) || json_object_is_type (value, json_type_null))
    {
      if (required)
        *ok = FALSE;
      return NULL;
    }
  if (!json_object_is_type (value, json_type_string))
    {
      *ok = FALSE;
      return NULL;
    }
  return json_object_get_string (value);
}

/* A text of the API is in one language: the asked one (with the hub's
 * fallback already applied). */
static WwText *
text_in (const char *string, const char *language)
{
  WwText *text = ww_text_new ();

  ww_text_set (text, language, string);
  return text;
}

WwCategory *
_ww_hub_client_parse_category (json_object *object, const char *language, GError **error)
{
  g_autoptr (WwText) title = NULL;
  g_autoptr (WwText) summary = NULL;
  const char *id, *icon, *title_string, *summary_string;
  gboolean    ok = TRUE;

  if (!json_object_is_type (object, json_type_object))
    return fail_invalid (error, "category", NULL), NULL;

  id = get_string (object, "categoryId", TRUE, &ok);
  icon = get_string (object, "icon", TRUE, &ok);
  title_string = get_string (object, "title", TRUE, &ok);
  summary_string = get_string (object, "summary", TRUE, &ok);
  if (!ok)
    return fail_invalid (error, "category", NULL), NULL;

  title = text_in (title_string, language);
  summary = text_in (summary_string, language);
  return g_object_new (WW_TYPE_CATEGORY, "id", id, "icon-name", icon, "title", title, "summary", summary, NULL);
}

/* A service summary (list) or a whole service (one): the summary has no
 * steps, checklist, place or cost, and gets empty ones. */
WwService *
_ww_hub_client_parse_service (json_object *object, const char *language, GError **error)
{
  g_autoptr (GListStore) steps = g_list_store_new (WW_TYPE_STEP);
  g_autoptr (GPtrArray) bring = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_text_unref);
  g_autoptr (WwText) title = NULL, summary = NULL, where = NULL, cost = NULL;
  const char  *id, *category, *icon, *channel_string, *topic_string, *upl, *link, *string;
  json_object *array, *value;
  WwChannel    channel;
  WwHelpTopic  topic;
  gboolean     ok = TRUE, digid = FALSE;

  if (!json_object_is_type (object, json_type_object))
    return fail_invalid (error, "service", NULL), NULL;

  id = get_string (object, "serviceId", TRUE, &ok);
  category = get_string (object, "categoryId", TRUE, &ok);
  icon = get_string (object, "icon", TRUE, &ok);
  title = text_in ((string = get_string (object, "title", TRUE, &ok)) ? string : "", language);
  summary = text_in ((string = get_string (object, "summary", TRUE, &ok)) ? string : "", language);
  channel_string = get_string (object, "channel", TRUE, &ok);
  topic_string = get_string (object, "helpTopic", TRUE, &ok);
  upl = get_string (object, "upl", FALSE, &ok);
  link = get_string (object, "link", FALSE, &ok);
  where = text_in ((string = get_string (object, "where", FALSE, &ok)) ? string : "", language);
  cost = text_in ((string = get_string (object, "cost", FALSE, &ok)) ? string : "", language);

  if (json_object_object_get_ex (object, "needsDigid", &value))
    {
      if (!json_object_is_type (value, json_type_boolean))
        ok = FALSE;
      digid = json_object_get_boolean (value);
    }

  if (json_object_object_get_ex (object, "bring", &array))
    {
      if (!json_object_is_type (array, json_type_array))
        ok = FALSE;
      for (gsize i = 0; ok && i < json_object_array_length (array); i++)
        {
          json_object *item = json_object_array_get_idx (array, i);

          if (!json_object_is_type (item, json_type_string))
            ok = FALSE;
          else
            g_ptr_array_add (bring, text_in (json_object_get_string (item), language));
        }
    }

  if (json_object_object_get_ex (object, "steps", &array))
    {
      if (!json_object_is_type (array, json_type_array))
        ok = FALSE;
      for (gsize i = 0; ok && i < json_object_array_length (array); i++)
        {
          json_object *item = json_object_array_get_idx (array, i);
          const char  *step_title, *step_text;
          g_autoptr (WwText) title_text = NULL, body_text = NULL;
          g_autoptr (WwStep) step = NULL;

          if (!json_object_is_type (item, json_type_object))
            {
              ok = FALSE;
              break;
            }
          step_title = get_string (item, "title", TRUE, &ok);
          step_text = get_string (item, "text", TRUE, &ok);
          if (!ok)
            break;
          title_text = text_in (step_title, language);
          body_text = text_in (step_text, language);
          step = ww_step_new (title_text, body_text);
          g_list_store_append (steps, step);
        }
    }

  if (!ok || !ww_channel_from_string (channel_string, &channel) || !ww_help_topic_from_string (topic_string, &topic))
    return fail_invalid (error, "service", NULL), NULL;

  return g_object_new (WW_TYPE_SERVICE, "id", id, "upl", upl, "category-id", category, "icon-name", icon, "title",
                       title, "summary", summary, "bring", bring, "steps", steps, "channel", channel, "where", where,
                       "needs-digid", digid, "cost", cost, "link", link, "help-topic", topic, NULL);
}

/* An object with one array member @key, each item decoded by @parse. */
static gboolean
parse_list (json_object *root,
            const char  *key,
            gpointer (*parse) (json_object *, gpointer, GError **),
            gpointer parse_data,
            GFunc    add,
            gpointer add_data,
            GError **error)
{
  json_object *array;

  if (!json_object_is_type (root, json_type_object) || !json_object_object_get_ex (root, key, &array) ||
      !json_object_is_type (array, json_type_array))
    return fail_invalid (error, key, NULL);

  for (gsize i = 0; i < json_object_array_length (array); i++)
    {
      g_autoptr (GError) local_error = NULL;
      gpointer item = parse (json_object_array_get_idx (array, i), parse_data, &local_error);

      if (item == NULL)
        {
          g_clear_error (error);
          return fail_invalid (error, key, local_error);
        }
      add (item, add_data);
    }

  return TRUE;
}

static void
append_to_store (gpointer item, gpointer store)
{
  g_list_store_append (store, item);
  g_object_unref (item);
}

static void
append_to_array (gpointer item, gpointer array)
{
  g_ptr_array_add (array, item);
}

static gpointer
parse_category_item (json_object *object, gpointer language, GError **error)
{
  return _ww_hub_client_parse_category (object, language, error);
}

static gpointer
parse_service_item (json_object *object, gpointer language, GError **error)
{
  return _ww_hub_client_parse_service (object, language, error);
}

static gpointer
parse_ticket_item (json_object *object, gpointer unused, GError **error)
{
  return ww_ticket_new_from_json (object, error);
}

static gpointer
parse_kiosk_item (json_object *object, gpointer unused, GError **error)
{
  return ww_kiosk_status_new_from_json (object, error);
}

static gpointer
parse_desk_item (json_object *object, gpointer unused, GError **error)
{
  return ww_desk_new_from_json (object, error);
}

static gpointer
parse_stats_item (json_object *object, gpointer unused, GError **error)
{
  return ww_stats_row_new_from_json (object, error);
}

/* ------------------------------------------------------------------ */
/* One call, through the list of hubs                                  */

typedef gpointer (*ParseFunc) (WwHubClient *self, json_object *root, gpointer data, GError **error);

typedef struct
{
  char          *method;
  char          *path;
  char          *body;
  char          *idempotency_key;
  char          *if_none_match;
  char          *language;
  ParseFunc      parse;
  gpointer       parse_data;
  GDestroyNotify parse_data_free;
  GDestroyNotify result_free;
  guint          start;
  guint          tried;
  gboolean       not_modified;
} Call;

static void
call_free (Call *call)
{
  g_free (call->method);
  g_free (call->path);
  if (call->body != NULL)
    memset (call->body, 0, strlen (call->body)); /* a login body holds a password */
  g_free (call->body);
  g_free (call->idempotency_key);
  g_free (call->if_none_match);
  g_free (call->language);
  if (call->parse_data_free != NULL)
    call->parse_data_free (call->parse_data);
  g_free (call);
}

static void set_reachable (WwHubClient *self, gboolean reachable);
static void call_send (GTask *task);

static gboolean
may_move_on (Call *call, const GError *error)
{
  gboolean repeatable = g_str_equal (call->method, "GET") || call->idempotency_key != NULL;

  if (error->domain != WW_HTTP_ERROR)
    return FALSE;
  if (error->code == WW_HTTP_ERROR_CONNECT)
    return TRUE;
  return repeatable && (error->code == WW_HTTP_ERROR_TIMEOUT || error->code == WW_HTTP_ERROR_SERVER ||
                        error->code == WW_HTTP_ERROR_INVALID_RESPONSE);
}

static void
call_sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  WwHubClient *self = g_task_get_source_object (task);
  Call        *call = g_task_get_task_data (task);
  g_autoptr (WwHttpResponse) response = NULL;
  g_autoptr (json_object) root = NULL;
  g_autoptr (GError) error = NULL;
  gpointer value;

  response = ww_http_client_send_finish (WW_HTTP_CLIENT (source), result, &error);
  if (g_task_return_error_if_cancelled (task))
    return;

  if (response == NULL)
    {
      gboolean no_answer = g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONNECT) ||
                           g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_TIMEOUT) ||
                           g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_TLS);

      call->tried++;
      if (call->tried < self->base_urls->len && may_move_on (call, error))
        {
          g_debug ("Hub %u did not answer (%s); trying the next", self->current, error->message);
          self->current = (self->current + 1) % self->base_urls->len;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
          call_send (g_steal_pointer (&task));
          return;
        }

      set_reachable (self, !no_answer);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_reachable (self, TRUE);

  if (ww_http_response_get_status (response) == 304)
    {
      call->not_modified = TRUE;
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (call->parse == NULL)
    {
      g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
      return;
    }

  root = ww_http_response_parse_json (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  value = call->parse (self, root, call->parse_data, &error);
  if (value == NULL)
    {
      if (error == NULL || error->domain != WW_HTTP_ERROR)
        {
          g_autoptr (GError) cause = g_steal_pointer (&error);
          fail_invalid (&error, "answer", cause);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, value, call->result_free);
}

static void
call_send (GTask *task)
{
  WwHubClient     *self = g_task_get_source_object (task);
  Call            *call = g_task_get_task_data (task);
  const char      *base = g_ptr_array_index (self->base_urls, self->current);
  g_autofree char *url = g_strconcat (base, API_PREFIX, call->path, NULL);
  g_autoptr (WwHttpRequest) request = ww_http_request_new (call->method, url);

  ww_http_request_set_header (request, "Accept", "application/json");
  if (self->authorization != NULL)
    ww_http_request_set_header (request, "Authorization", self->authorization);
  if (call->idempotency_key != NULL)
    ww_http_request_set_header (request, "Idempotency-Key", call->idempotency_key);
  if (call->if_none_match != NULL)
    ww_http_request_set_header (request, "If-None-Match", call->if_none_match);
  if (call->language != NULL)
    ww_http_request_set_header (request, "Accept-Language", call->language);
  if (call->body != NULL)
    ww_http_request_set_json_body (request, call->body);

  /* The HTTP layer retries what is safe to repeat on this hub first. */
  ww_http_request_set_max_attempts (request, ww_http_request_is_retry_safe (request) ? 3 : 1);

  ww_http_client_send_async (self->http, request, g_task_get_cancellable (task), call_sent_cb, task);
}

static GTask *
call_new (WwHubClient        *self,
          gpointer            source_tag,
          const char         *method,
          char               *path,
          json_object        *body,
          ParseFunc           parse,
          GDestroyNotify      result_free,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call  *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->parse = parse;
  call->result_free = result_free;
  call->method = g_strdup (method);
  call->path = path;
  if (body != NULL)
    call->body = g_strdup (json_object_to_json_string_ext (body, JSON_C_TO_STRING_PLAIN));
  call->start = self->current;
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);

  return task;
}

static gpointer
call_finish (WwHubClient *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (WW_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

/* "/@collection/@id" with @id escaped, and "/@action" after it unless NULL. */
static char *
item_path (const char *collection, const char *id, const char *action)
{
  g_autofree char *escaped = escape (id);

  return g_strconcat ("/", collection, "/", escaped, action != NULL ? "/" : NULL, action, NULL);
}

/* ------------------------------------------------------------------ */
/* Parse functions                                                     */

static gpointer
parse_catalog (WwHubClient *self, json_object *root, gpointer upl, GError **error)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) local_error = NULL;
  WwCatalog *catalog = ww_catalog_load_bundle (root, upl, &problems, &local_error);

  if (catalog == NULL)
    {
      /* The hub validated it; if we disagree, say where. */
      for (guint i = 0; problems != NULL && i < problems->len && i < 10; i++)
        {
          g_autofree char *line = ww_catalog_problem_to_string (g_ptr_array_index (problems, i));
          g_warning ("Catalogue from the hub: %s", line);
        }
      fail_invalid (error, "catalogue", local_error);
    }

  return catalog;
}

static gpointer
parse_categories (WwHubClient *self, json_object *root, gpointer language, GError **error)
{
  g_autoptr (GListStore) store = g_list_store_new (WW_TYPE_CATEGORY);

  if (!parse_list (root, "categories", parse_category_item, language, append_to_store, store, error))
    return NULL;
  return g_steal_pointer (&store);
}

static gpointer
parse_services (WwHubClient *self, json_object *root, gpointer language, GError **error)
{
  g_autoptr (GListStore) store = g_list_store_new (WW_TYPE_SERVICE);

  if (!parse_list (root, "services", parse_service_item, language, append_to_store, store, error))
    return NULL;
  return g_steal_pointer (&store);
}

static gpointer
parse_service (WwHubClient *self, json_object *root, gpointer language, GError **error)
{
  return _ww_hub_client_parse_service (root, language, error);
}

static gpointer
parse_ticket (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  return ww_ticket_new_from_json (root, error);
}

static gpointer
parse_tickets (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  g_autoptr (GListStore) store = g_list_store_new (WW_TYPE_TICKET);

  if (!parse_list (root, "tickets", parse_ticket_item, NULL, append_to_store, store, error))
    return NULL;
  return g_steal_pointer (&store);
}

static gpointer
parse_session (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  return ww_hub_session_new_from_json (root, error);
}

static gpointer
parse_heartbeat_reply (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  gboolean    ok = TRUE;
  const char *etag;

  if (!json_object_is_type (root, json_type_object))
    return fail_invalid (error, "heartbeat reply", NULL), NULL;
  etag = get_string (root, "catalogEtag", TRUE, &ok);
  if (!ok)
    return fail_invalid (error, "heartbeat reply", NULL), NULL;

  return g_strdup (etag);
}

static gpointer
parse_kiosks (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_kiosk_status_free);

  if (!parse_list (root, "kiosks", parse_kiosk_item, NULL, append_to_array, array, error))
    return NULL;
  return g_steal_pointer (&array);
}

static gpointer
parse_desks (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_desk_free);

  if (!parse_list (root, "desks", parse_desk_item, NULL, append_to_array, array, error))
    return NULL;
  return g_steal_pointer (&array);
}

static gpointer
parse_stats (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_stats_row_free);

  if (!parse_list (root, "stats", parse_stats_item, NULL, append_to_array, array, error))
    return NULL;
  return g_steal_pointer (&array);
}

static gpointer
parse_help_occurrence_item (json_object *object, gpointer unused, GError **error)
{
  return ww_help_occurrence_new_from_json (object, error);
}

static gpointer
parse_reservation_item (json_object *object, gpointer unused, GError **error)
{
  return ww_reservation_new_from_json (object, error);
}

static gpointer
parse_help_occurrences (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_help_occurrence_free);

  if (!parse_list (root, "occurrences", parse_help_occurrence_item, NULL, append_to_array, array, error))
    return NULL;
  return g_steal_pointer (&array);
}

static gpointer
parse_reservations (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func ((GDestroyNotify)ww_reservation_free);

  if (!parse_list (root, "reservations", parse_reservation_item, NULL, append_to_array, array, error))
    return NULL;
  return g_steal_pointer (&array);
}

static gpointer
parse_reservation (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  return ww_reservation_new_from_json (root, error);
}

static gpointer
parse_help_status (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  return ww_help_status_new_from_json (root, error);
}

static gpointer
parse_duty_state (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  return ww_duty_state_new_from_json (root, error);
}

static gpointer
parse_help_stats (WwHubClient *self, json_object *root, gpointer unused, GError **error)
{
  return ww_help_stats_new_from_json (root, error);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
set_reachable (WwHubClient *self, gboolean reachable)
{
  if (self->reachable == reachable)
    return;
  self->reachable = reachable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REACHABLE]);
}

static void
ww_hub_client_finalize (GObject *object)
{
  WwHubClient *self = WW_HUB_CLIENT (object);

  g_clear_object (&self->http);
  g_clear_pointer (&self->base_urls, g_ptr_array_unref);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);

  G_OBJECT_CLASS (ww_hub_client_parent_class)->finalize (object);
}

static void
ww_hub_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwHubClient *self = WW_HUB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REACHABLE:
      g_value_set_boolean (value, self->reachable);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, ww_hub_client_get_base_url (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_hub_client_class_init (WwHubClientClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ww_hub_client_finalize;
  object_class->get_property = ww_hub_client_get_property;

  /**
   * WwHubClient:reachable:
   *
   * Whether the last call got an answer from a hub (any answer, even a
   * refusal). Optimistic until the first call.
   */
  properties[PROP_REACHABLE] = g_param_spec_boolean ("reachable", NULL, NULL, TRUE, flags);
  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_hub_client_init (WwHubClient *self)
{
  self->base_urls = g_ptr_array_new_with_free_func (g_free);
  self->reachable = TRUE;
}

/* "https://hub.example:8443/", ".../v1" and ".../v1/" all mean the same hub. */
static char *
normalise_base_url (const char *url, GError **error)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *base = NULL;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 || g_uri_get_host (uri) == NULL ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, WW_HTTP_ERROR, WW_HTTP_ERROR_NOT_HTTPS, "“%s” is not an https:// address of a hub", url);
      return NULL;
    }

  base = g_strdup (url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  if (g_str_has_suffix (base, API_PREFIX))
    base[strlen (base) - strlen (API_PREFIX)] = '\0';

  return g_steal_pointer (&base);
}

/**
 * ww_hub_client_new:
 * @http: the HTTPS client (its CA file and pins apply to every hub)
 * @base_urls: the hubs, in order of preference
 *
 * Returns: (transfer full) (nullable): the client, or %NULL when a URL is
 *   not an https:// address (%WW_HTTP_ERROR_NOT_HTTPS)
 */
WwHubClient *
ww_hub_client_new (WwHttpClient *http, const char *const *base_urls, GError **error)
{
  g_autoptr (WwHubClient) self = NULL;

  g_return_val_if_fail (WW_IS_HTTP_CLIENT (http), NULL);
  g_return_val_if_fail (base_urls != NULL && base_urls[0] != NULL, NULL);

  self = g_object_new (WW_TYPE_HUB_CLIENT, NULL);
  self->http = g_object_ref (http);
  for (guint i = 0; base_urls[i] != NULL; i++)
    {
      char *base = normalise_base_url (base_urls[i], error);

      if (base == NULL)
        return NULL;
      g_ptr_array_add (self->base_urls, base);
    }

  return g_steal_pointer (&self);
}

/* A kiosk's device token or a volunteer's session token; never logged. */
void
ww_hub_client_set_token (WwHubClient *self, const char *token)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  self->authorization = token != NULL ? g_strconcat ("Bearer ", token, NULL) : NULL;
}

gboolean
ww_hub_client_get_reachable (WwHubClient *self)
{
  g_return_val_if_fail (WW_IS_HUB_CLIENT (self), FALSE);

  return self->reachable;
}

const char *
ww_hub_client_get_base_url (WwHubClient *self)
{
  g_return_val_if_fail (WW_IS_HUB_CLIENT (self), NULL);

  return g_ptr_array_index (self->base_urls, self->current);
}

WwHttpClient *
ww_hub_client_get_http_client (WwHubClient *self)
{
  g_return_val_if_fail (WW_IS_HUB_CLIENT (self), NULL);

  return self->http;
}

/* ------------------------------------------------------------------ */
/* The catalogue                                                       */

/**
 * ww_hub_client_get_catalog_async:
 * @upl: the product list to validate the catalogue against
 * @etag: (nullable): the version the caller has; the hub answers "not
 *   modified" when it is still current
 *
 * Fetches the whole catalogue in every language (/v1/catalog), validated
 * exactly like a catalogue directory.
 */
void
ww_hub_client_get_catalog_async (WwHubClient        *self,
                                 WwUpl              *upl,
                                 const char         *etag,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  Call *call;

  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (WW_IS_UPL (upl));

  task = call_new (self, ww_hub_client_get_catalog_async, "GET", g_strdup ("/catalog"), NULL, parse_catalog,
                   g_object_unref, cancellable, callback, user_data);
  call = g_task_get_task_data (task);
  call->parse_data = g_object_ref (upl);
  call->parse_data_free = g_object_unref;
  if (etag != NULL)
    call->if_none_match = g_strdup_printf ("\"%s\"", etag);
  call_send (g_steal_pointer (&task));
}

/**
 * ww_hub_client_get_catalog_finish:
 * @not_modified: (out): set when the hub says the caller's version is current
 *
 * Returns: (transfer full) (nullable): the catalogue; %NULL without an
 *   error when it was not modified
 */
WwCatalog *
ww_hub_client_get_catalog_finish (WwHubClient *self, GAsyncResult *result, gboolean *not_modified, GError **error)
{
  Call      *call = g_task_get_task_data (G_TASK (result));
  WwCatalog *catalog = call_finish (self, result, ww_hub_client_get_catalog_async, error);

  if (not_modified != NULL)
    *not_modified = call->not_modified;
  return catalog;
}

static GTask *
language_call (WwHubClient        *self,
               gpointer            source_tag,
               char               *path,
               const char         *language,
               ParseFunc           parse,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  GTask *task;
  Call  *call;
  char  *full_path = g_strdup_printf ("%s%clang=%s", path, strchr (path, '?') ? '&' : '?', language);

  g_free (path);
  task = call_new (self, source_tag, "GET", full_path, NULL, parse, g_object_unref, cancellable, callback, user_data);
  call = g_task_get_task_data (task);
  call->parse_data = g_strdup (language);
  call->parse_data_free = g_free;
  call->language = g_strdup (language);
  return task;
}

void
ww_hub_client_list_categories_async (WwHubClient        *self,
                                     const char         *language,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (ww_language_is_known (language));

  call_send (language_call (self, ww_hub_client_list_categories_async, g_strdup ("/categories"), language,
                            parse_categories, cancellable, callback, user_data));
}

GListModel *
ww_hub_client_list_categories_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_list_categories_async, error);
}

void
ww_hub_client_list_services_async (WwHubClient        *self,
                                   const char         *language,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (ww_language_is_known (language));

  call_send (language_call (self, ww_hub_client_list_services_async, g_strdup ("/services"), language, parse_services,
                            cancellable, callback, user_data));
}

GListModel *
ww_hub_client_list_services_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_list_services_async, error);
}

void
ww_hub_client_get_service_async (WwHubClient        *self,
                                 const char         *service_id,
                                 const char         *language,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (service_id != NULL);
  g_return_if_fail (ww_language_is_known (language));

  call_send (language_call (self, ww_hub_client_get_service_async, item_path ("services", service_id, NULL), language,
                            parse_service, cancellable, callback, user_data));
}

WwService *
ww_hub_client_get_service_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_get_service_async, error);
}

/* ------------------------------------------------------------------ */
/* Tickets                                                             */

/**
 * ww_hub_client_create_ticket_async:
 * @first_name: (nullable): optional; erased by the hub when the ticket closes
 * @service_id: (nullable): the service the resident was looking at
 * @idempotency_key: a key made once per "take a ticket" tap and reused for
 *   every retry of it, so a retry never makes a second ticket
 */
void
ww_hub_client_create_ticket_async (WwHubClient        *self,
                                   WwHelpTopic         topic,
                                   const char         *language,
                                   const char         *first_name,
                                   const char         *service_id,
                                   const char         *idempotency_key,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (json_object) body = json_object_new_object ();
  g_autoptr (GTask) task = NULL;
  Call *call;

  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (ww_language_is_known (language));
  g_return_if_fail (idempotency_key != NULL && *idempotency_key != '\0');

  json_object_object_add (body, "topic", json_object_new_string (ww_help_topic_to_string (topic)));
  json_object_object_add (body, "language", json_object_new_string (language));
  if (first_name != NULL && *first_name != '\0')
    json_object_object_add (body, "firstName", json_object_new_string (first_name));
  if (service_id != NULL)
    json_object_object_add (body, "serviceId", json_object_new_string (service_id));

  task = call_new (self, ww_hub_client_create_ticket_async, "POST", g_strdup ("/tickets"), body, parse_ticket,
                   g_object_unref, cancellable, callback, user_data);
  call = g_task_get_task_data (task);
  call->idempotency_key = g_strdup (idempotency_key);
  call_send (g_steal_pointer (&task));
}

WwTicket *
ww_hub_client_create_ticket_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_create_ticket_async, error);
}

void
ww_hub_client_get_ticket_async (WwHubClient        *self,
                                const char         *ticket_id,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (ticket_id != NULL);

  call_send (call_new (self, ww_hub_client_get_ticket_async, "GET", item_path ("tickets", ticket_id, NULL), NULL,
                       parse_ticket, g_object_unref, cancellable, callback, user_data));
}

WwTicket *
ww_hub_client_get_ticket_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_get_ticket_async, error);
}

static const char *
action_path (WwTicketAction action)
{
  switch (action)
    {
    case WW_TICKET_ACTION_CALL:
      return "_call";
    case WW_TICKET_ACTION_START:
      return "_start";
    case WW_TICKET_ACTION_FINISH:
      return "_finish";
    case WW_TICKET_ACTION_NO_SHOW:
      return "_noshow";
    case WW_TICKET_ACTION_CANCEL:
      return "_cancel";
    case WW_TICKET_ACTION_REQUEUE:
      return "_requeue";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ww_hub_client_act_on_ticket_async:
 * @desk_id: (nullable): the desk, for %WW_TICKET_ACTION_CALL
 *
 * A state transition. When another volunteer was first, the call fails
 * with %WW_HTTP_ERROR_CONFLICT.
 */
void
ww_hub_client_act_on_ticket_async (WwHubClient        *self,
                                   const char         *ticket_id,
                                   WwTicketAction      action,
                                   const char         *desk_id,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (json_object) body = json_object_new_object ();

  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (ticket_id != NULL);
  g_return_if_fail (action != WW_TICKET_ACTION_CALL || desk_id != NULL);

  if (action == WW_TICKET_ACTION_CALL)
    json_object_object_add (body, "deskId", json_object_new_string (desk_id));

  call_send (call_new (self, ww_hub_client_act_on_ticket_async, "POST",
                       item_path ("tickets", ticket_id, action_path (action)), body, parse_ticket, g_object_unref,
                       cancellable, callback, user_data));
}

WwTicket *
ww_hub_client_act_on_ticket_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_act_on_ticket_async, error);
}

/**
 * ww_hub_client_finish_ticket_async:
 * @outcome: how the help ended; %WW_TICKET_OUTCOME_NONE sends none
 *
 * Finishes a ticket in progress with its outcome, for the statistics.
 * Fails like ww_hub_client_act_on_ticket_async().
 */
void
ww_hub_client_finish_ticket_async (WwHubClient        *self,
                                   const char         *ticket_id,
                                   WwTicketOutcome     outcome,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autoptr (json_object) body = json_object_new_object ();

  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (ticket_id != NULL);
  g_return_if_fail ((guint)outcome < WW_TICKET_N_OUTCOMES);

  if (outcome != WW_TICKET_OUTCOME_NONE)
    json_object_object_add (body, "outcome", json_object_new_string (ww_ticket_outcome_to_string (outcome)));

  call_send (call_new (self, ww_hub_client_finish_ticket_async, "POST", item_path ("tickets", ticket_id, "_finish"),
                       body, parse_ticket, g_object_unref, cancellable, callback, user_data));
}

WwTicket *
ww_hub_client_finish_ticket_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_finish_ticket_async, error);
}

void
ww_hub_client_get_queue_async (WwHubClient        *self,
                               const char         *branch_id,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autofree char *id = NULL;

  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (branch_id != NULL);

  id = escape (branch_id);
  call_send (call_new (self, ww_hub_client_get_queue_async, "GET", g_strdup_printf ("/queue?branchId=%s", id), NULL,
                       parse_tickets, g_object_unref, cancellable, callback, user_data));
}

GListModel *
ww_hub_client_get_queue_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_get_queue_async, error);
}

/**
 * ww_hub_client_list_desks_async:
 * @branch_id: (nullable): the branch; a volunteer's own when %NULL
 *
 * The help desks (tables) of a branch, for a volunteer to choose.
 */
void
ww_hub_client_list_desks_async (WwHubClient        *self,
                                const char         *branch_id,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  char *path;

  g_return_if_fail (WW_IS_HUB_CLIENT (self));

  if (branch_id != NULL)
    {
      g_autofree char *id = escape (branch_id);
      path = g_strdup_printf ("/desks?branchId=%s", id);
    }
  else
    path = g_strdup ("/desks");

  call_send (call_new (self, ww_hub_client_list_desks_async, "GET", path, NULL, parse_desks,
                       (GDestroyNotify)g_ptr_array_unref, cancellable, callback, user_data));
}

/* Returns: (transfer full) (element-type WwDesk) */
GPtrArray *
ww_hub_client_list_desks_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_list_desks_async, error);
}

/* ------------------------------------------------------------------ */
/* Volunteers                                                          */

void
ww_hub_client_login_async (WwHubClient        *self,
                           const char         *username,
                           const char         *password,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (json_object) body = json_object_new_object ();

  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);

  json_object_object_add (body, "username", json_object_new_string (username));
  json_object_object_add (body, "password", json_object_new_string (password));
  call_send (call_new (self, ww_hub_client_login_async, "POST", g_strdup ("/sessions"), body, parse_session,
                       (GDestroyNotify)ww_hub_session_free, cancellable, callback, user_data));
}

/* Does not set the token: the caller decides (ww_hub_client_set_token()). */
WwHubSession *
ww_hub_client_login_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_login_async, error);
}

void
ww_hub_client_logout_async (WwHubClient        *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));

  call_send (call_new (self, ww_hub_client_logout_async, "DELETE", g_strdup ("/sessions/current"), NULL, NULL, NULL,
                       cancellable, callback, user_data));
}

gboolean
ww_hub_client_logout_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_logout_async, error) != NULL;
}

/* ------------------------------------------------------------------ */
/* Fleet and statistics                                                */

/* Returns (via finish) the catalogue etag the hub serves now, so the kiosk
 * knows whether to fetch a new one. */
void
ww_hub_client_send_heartbeat_async (WwHubClient        *self,
                                    const char         *kiosk_id,
                                    const WwHeartbeat  *heartbeat,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr (json_object) body = json_object_new_object ();

  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (kiosk_id != NULL);
  g_return_if_fail (heartbeat != NULL && heartbeat->version != NULL);

  json_object_object_add (body, "version", json_object_new_string (heartbeat->version));
  json_object_object_add (body, "uptimeSeconds", json_object_new_int64 (heartbeat->uptime_seconds));
  if (heartbeat->catalog_etag != NULL)
    json_object_object_add (body, "catalogEtag", json_object_new_string (heartbeat->catalog_etag));
  if (heartbeat->speech_status != NULL)
    json_object_object_add (body, "speechStatus", json_object_new_string (heartbeat->speech_status));
  if (heartbeat->printer_status != NULL)
    json_object_object_add (body, "printerStatus", json_object_new_string (heartbeat->printer_status));

  call_send (call_new (self, ww_hub_client_send_heartbeat_async, "POST", item_path ("kiosks", kiosk_id, "heartbeat"),
                       body, parse_heartbeat_reply, g_free, cancellable, callback, user_data));
}

char *
ww_hub_client_send_heartbeat_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_send_heartbeat_async, error);
}

void
ww_hub_client_list_kiosks_async (WwHubClient        *self,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));

  call_send (call_new (self, ww_hub_client_list_kiosks_async, "GET", g_strdup ("/kiosks"), NULL, parse_kiosks,
                       (GDestroyNotify)g_ptr_array_unref, cancellable, callback, user_data));
}

/* Returns: (transfer full) (element-type WwKioskStatus) */
GPtrArray *
ww_hub_client_list_kiosks_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_list_kiosks_async, error);
}

static void
append_date_parameter (GString *path, const char *name, GDate *date)
{
  char buffer[16];

  if (date == NULL || !g_date_valid (date))
    return;
  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  g_string_append_printf (path, "%c%s=%s", strchr (path->str, '?') ? '&' : '?', name, buffer);
}

/**
 * ww_hub_client_get_stats_async:
 * @branch_id: (nullable): one branch, or all the caller may see
 * @from: (nullable): the first day
 * @to: (nullable): the last day
 */
void
ww_hub_client_get_stats_async (WwHubClient        *self,
                               const char         *branch_id,
                               GDate              *from,
                               GDate              *to,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GString *path = g_string_new ("/stats");

  g_return_if_fail (WW_IS_HUB_CLIENT (self));

  if (branch_id != NULL)
    {
      g_autofree char *id = escape (branch_id);
      g_string_append_printf (path, "?branchId=%s", id);
    }
  append_date_parameter (path, "from", from);
  append_date_parameter (path, "to", to);

  call_send (call_new (self, ww_hub_client_get_stats_async, "GET", g_string_free (path, FALSE), NULL, parse_stats,
                       (GDestroyNotify)g_ptr_array_unref, cancellable, callback, user_data));
}

/* Returns: (transfer full) (element-type WwStatsRow) */
GPtrArray *
ww_hub_client_get_stats_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_get_stats_async, error);
}

/* ------------------------------------------------------------------ */
/* Help sessions                                                       */

static void
append_time_parameter (GString *path, const char *name, GDateTime *date_time)
{
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  if (date_time == NULL)
    return;
  text = ww_date_time_format_rfc3339 (date_time);
  escaped = escape (text);
  g_string_append_printf (path, "%c%s=%s", strchr (path->str, '?') ? '&' : '?', name, escaped);
}

static GString *
branch_path (const char *collection, const char *branch_id)
{
  GString *path = g_string_new (collection);

  if (branch_id != NULL)
    {
      g_autofree char *id = escape (branch_id);
      g_string_append_printf (path, "?branchId=%s", id);
    }
  return path;
}

/* @collection of @branch_id between @from and @until (each left to the hub when NULL). */
static char *
branch_window_path (const char *collection, const char *branch_id, GDateTime *from, GDateTime *until)
{
  GString *path = branch_path (collection, branch_id);

  append_time_parameter (path, "from", from);
  append_time_parameter (path, "until", until);
  return g_string_free (path, FALSE);
}

/**
 * ww_hub_client_set_duty_async:
 * @on_duty: on or off duty at the desk
 *
 * The first volunteer on duty opens the branch's queue, the last one off
 * closes it; the answer lists who is still waiting then.
 */
void
ww_hub_client_set_duty_async (WwHubClient        *self,
                              gboolean            on_duty,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (json_object) body = json_object_new_object ();

  g_return_if_fail (WW_IS_HUB_CLIENT (self));

  json_object_object_add (body, "onDuty", json_object_new_boolean (on_duty));
  call_send (call_new (self, ww_hub_client_set_duty_async, "PUT", g_strdup ("/sessions/current/duty"), body,
                       parse_duty_state, (GDestroyNotify)ww_duty_state_free, cancellable, callback, user_data));
}

WwDutyState *
ww_hub_client_set_duty_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_set_duty_async, error);
}

/**
 * ww_hub_client_get_help_status_async:
 * @branch_id: (nullable): the branch; the caller's own when %NULL
 *
 * Whether help is there now (the queue is open) and the next session.
 */
void
ww_hub_client_get_help_status_async (WwHubClient        *self,
                                     const char         *branch_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));

  call_send (call_new (self, ww_hub_client_get_help_status_async, "GET",
                       g_string_free (branch_path ("/help-status", branch_id), FALSE), NULL, parse_help_status,
                       (GDestroyNotify)ww_help_status_free, cancellable, callback, user_data));
}

WwHelpStatus *
ww_hub_client_get_help_status_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_get_help_status_async, error);
}

/**
 * ww_hub_client_list_help_occurrences_async:
 * @branch_id: (nullable): the branch; the caller's own when %NULL
 * @from: (nullable): from (default: now)
 * @until: (nullable): until (default: four weeks on)
 *
 * The dates of the branch's help sessions, with free places; cancelled
 * sessions and dates are left out.
 */
void
ww_hub_client_list_help_occurrences_async (WwHubClient        *self,
                                           const char         *branch_id,
                                           GDateTime          *from,
                                           GDateTime          *until,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));

  call_send (call_new (self, ww_hub_client_list_help_occurrences_async, "GET",
                       branch_window_path ("/help-occurrences", branch_id, from, until), NULL, parse_help_occurrences,
                       (GDestroyNotify)g_ptr_array_unref, cancellable, callback, user_data));
}

/* Returns: (transfer full) (element-type WwHelpOccurrence) */
GPtrArray *
ww_hub_client_list_help_occurrences_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_list_help_occurrences_async, error);
}

/**
 * ww_hub_client_reserve_async:
 * @help_session_id: (nullable): with @starts_at, one date; %NULL: the next date with a free place
 * @starts_at: (nullable): the start of that date
 * @idempotency_key: made once per "reserve" tap and reused on retries
 *
 * Reserves a place without personal data. A full date fails with
 * %WW_HTTP_ERROR_CONFLICT (the problem names the next date with room).
 */
void
ww_hub_client_reserve_async (WwHubClient        *self,
                             const char         *help_session_id,
                             GDateTime          *starts_at,
                             const char         *idempotency_key,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (json_object) body = json_object_new_object ();
  GTask *task;
  Call  *call;

  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail ((help_session_id == NULL) == (starts_at == NULL));
  g_return_if_fail (idempotency_key != NULL && *idempotency_key != '\0');

  if (help_session_id != NULL)
    {
      g_autofree char *text = ww_date_time_format_rfc3339 (starts_at);

      json_object_object_add (body, "helpSessionId", json_object_new_string (help_session_id));
      json_object_object_add (body, "startsAt", json_object_new_string (text));
    }
  task = call_new (self, ww_hub_client_reserve_async, "POST", g_strdup ("/reservations"), body, parse_reservation,
                   (GDestroyNotify)ww_reservation_free, cancellable, callback, user_data);
  call = g_task_get_task_data (task);
  call->idempotency_key = g_strdup (idempotency_key);
  call_send (g_steal_pointer (&task));
}

WwReservation *
ww_hub_client_reserve_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_reserve_async, error);
}

/**
 * ww_hub_client_list_reservations_async:
 * @branch_id: (nullable): the branch; a volunteer's own when %NULL
 * @from: (nullable): from (default: the start of today)
 * @until: (nullable): until (default: four weeks on)
 */
void
ww_hub_client_list_reservations_async (WwHubClient        *self,
                                       const char         *branch_id,
                                       GDateTime          *from,
                                       GDateTime          *until,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));

  call_send (call_new (self, ww_hub_client_list_reservations_async, "GET",
                       branch_window_path ("/reservations", branch_id, from, until), NULL, parse_reservations,
                       (GDestroyNotify)g_ptr_array_unref, cancellable, callback, user_data));
}

/* Returns: (transfer full) (element-type WwReservation) */
GPtrArray *
ww_hub_client_list_reservations_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_list_reservations_async, error);
}

/**
 * ww_hub_client_check_in_async:
 * @code: the code on the resident's slip, as typed
 *
 * Idempotent: a code checked in before answers with already_checked_in.
 * An unknown code fails with %WW_HTTP_ERROR_NOT_FOUND, another day's with
 * %WW_HTTP_ERROR_CONFLICT.
 */
void
ww_hub_client_check_in_async (WwHubClient        *self,
                              const char         *code,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (WW_IS_HUB_CLIENT (self));
  g_return_if_fail (code != NULL);

  call_send (call_new (self, ww_hub_client_check_in_async, "POST", item_path ("reservations", code, "_checkin"), NULL,
                       parse_reservation, (GDestroyNotify)ww_reservation_free, cancellable, callback, user_data));
}

WwReservation *
ww_hub_client_check_in_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_check_in_async, error);
}

/**
 * ww_hub_client_get_help_stats_async:
 * @branch_id: (nullable): the branch; a volunteer's own when %NULL
 * @from: (nullable): the first day (default: 29 days before @to)
 * @to: (nullable): the last day (default: today)
 */
void
ww_hub_client_get_help_stats_async (WwHubClient        *self,
                                    const char         *branch_id,
                                    GDate              *from,
                                    GDate              *to,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  GString *path;

  g_return_if_fail (WW_IS_HUB_CLIENT (self));

  path = branch_path ("/help-stats", branch_id);
  append_date_parameter (path, "from", from);
  append_date_parameter (path, "to", to);
  call_send (call_new (self, ww_hub_client_get_help_stats_async, "GET", g_string_free (path, FALSE), NULL,
                       parse_help_stats, (GDestroyNotify)ww_help_stats_free, cancellable, callback, user_data));
}

WwHelpStats *
ww_hub_client_get_help_stats_finish (WwHubClient *self, GAsyncResult *result, GError **error)
{
  return call_finish (self, result, ww_hub_client_get_help_stats_async, error);
}

/* ------------------------------------------------------------------ */

/**
 * ww_hub_client_new_event_stream:
 *
 * Returns: (transfer full): a stream of the hub's live events for this
 *   client's token, at the hub it uses now; not started yet
 */
WwEventStream *
ww_hub_client_new_event_stream (WwHubClient *self)
{
  g_autofree char *url = NULL;
  WwEventStream   *stream;

  g_return_val_if_fail (WW_IS_HUB_CLIENT (self), NULL);

  url = g_strconcat (ww_hub_client_get_base_url (self), API_PREFIX "/events", NULL);
  stream = ww_event_stream_new (self->http, url);
  ww_event_stream_set_authorization (stream, self->authorization);

  return stream;
}
