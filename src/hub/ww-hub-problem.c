/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Errors as RFC 9457 problem details: every error the hub answers has
 * status, title and detail, so a client turns any of them into a GError
 * the same way. Titles are the HTTP reason phrases (type about:blank);
 * the detail says what to fix, and never echoes a token or a name.
 */

#include "config.h"

#include "ww-hub-problem.h"

#include <json-c/json.h>

#include "wegwijs-core.h"

const char *
ww_hub_problem_title (guint status)
{
  switch (status)
    {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
    }
}

char *
ww_hub_problem_render (guint status, const char *detail, const char *instance)
{
  g_autoptr (json_object) object = json_object_new_object ();

  json_object_object_add (object, "type", json_object_new_string ("about:blank"));
  json_object_object_add (object, "title", json_object_new_string (ww_hub_problem_title (status)));
  json_object_object_add (object, "status", json_object_new_int ((int)status));
  json_object_object_add (object, "detail",
                          json_object_new_string (detail != NULL ? detail : ww_hub_problem_title (status)));
  if (instance != NULL)
    json_object_object_add (object, "instance", json_object_new_string (instance));

  return g_strdup (json_object_to_json_string_ext (object, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* The HTTP status a store or validation error answers with. */
guint
ww_hub_problem_status_for_error (const GError *error)
{
  if (error == NULL || error->domain != WW_ERROR)
    return 500;

  switch ((WwError)error->code)
    {
    case WW_ERROR_INVALID_DATA:
    case WW_ERROR_TOO_DEEP:
      return 400;
    case WW_ERROR_UNAUTHORIZED:
      return 401;
    case WW_ERROR_PERMISSION_DENIED:
      return 403;
    case WW_ERROR_NOT_FOUND:
      return 404;
    case WW_ERROR_CONFLICT:
    case WW_ERROR_CLOSED: /* the queue is closed: a state of the resource, not of the hub */
      return 409;
    case WW_ERROR_TOO_LARGE:
      return 413;
    case WW_ERROR_UNPROCESSABLE:
      return 422;
    case WW_ERROR_RATE_LIMITED:
      return 429;
    case WW_ERROR_UNAVAILABLE:
      return 503;
    case WW_ERROR_FAILED:
    case WW_ERROR_INVALID_CATALOG:
    default:
      return 500;
    }
}
