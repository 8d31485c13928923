/* SPDX-License-Identifier: EUPL-1.2 */

/* Unit tests for the hub's pure logic: ticket numbers, the wait estimate,
 * problem+json, the rate limiter, tokens, ticket JSON. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-c/json.h>

#include "wegwijs-core.h"
#include "ww-hub-config.h"
#include "ww-hub-estimate.h"
#include "ww-hub-help.h"
#include "ww-hub-problem.h"
#include "ww-hub-rate-limiter.h"
#include "ww-hub-token.h"
#include "ww-ticket.h"

static void
test_ticket_numbers (void)
{
  static const struct
  {
    WwHelpTopic topic;
    guint       sequence;
    const char *expected;
  } cases[] = {
    { WW_HELP_TOPIC_DIGID, 42, "A-042" },         { WW_HELP_TOPIC_MONEY, 1, "B-001" },
    { WW_HELP_TOPIC_MUNICIPALITY, 999, "C-999" }, { WW_HELP_TOPIC_DEVICE, 1000, "D-1000" },
    { WW_HELP_TOPIC_OTHER, 7, "E-007" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *number = ww_ticket_format_number (cases[i].topic, cases[i].sequence);

      g_assert_cmpstr (number, ==, cases[i].expected);
    }
}

static void
test_estimate (void)
{
  gint64 samples[] = { 300, 300, 300, 300 };
  gint64 outliers[] = { 1, 100000, 600 };

  /* Not waiting: no estimate. */
  g_assert_cmpint (ww_hub_estimate_wait (0, samples, 4, 1), ==, 0);
  /* No history: ten minutes a resident. */
  g_assert_cmpint (ww_hub_estimate_wait (1, NULL, 0, 1), ==, WW_HUB_DEFAULT_SERVICE_SECONDS);
  g_assert_cmpint (ww_hub_estimate_wait (2, samples, 2, 1), ==, 2 * WW_HUB_DEFAULT_SERVICE_SECONDS);
  /* 5 minutes each, one desk: position × 5 min. */
  g_assert_cmpint (ww_hub_estimate_wait (3, samples, 4, 1), ==, 900);
  /* Two desks halve it, rounded up to whole minutes. */
  g_assert_cmpint (ww_hub_estimate_wait (3, samples, 4, 2), ==, 480);
  /* No active desk counts as one. */
  g_assert_cmpint (ww_hub_estimate_wait (1, samples, 4, 0), ==, 300);
  /* Outliers are clamped to 1–60 minutes: (60 + 3600 + 600) / 3. */
  g_assert_cmpint (ww_hub_estimate_wait (1, outliers, 3, 1), ==, 1440);
}

static void
test_business_day (void)
{
  /* 2026-03-28 23:30 UTC is already the 29th in Amsterdam (CET, +1). */
  g_autoptr (GDateTime) late = g_date_time_new_utc (2026, 3, 28, 23, 30, 0);
  g_autoptr (GDateTime) summer = g_date_time_new_utc (2026, 7, 1, 22, 30, 0);
  g_autofree char *day = ww_hub_business_day (g_date_time_to_unix (late) * G_USEC_PER_SEC);
  g_autofree char *summer_day = ww_hub_business_day (g_date_time_to_unix (summer) * G_USEC_PER_SEC);

  g_assert_cmpstr (day, ==, "2026-03-29");
  g_assert_cmpstr (summer_day, ==, "2026-07-02");
  g_assert_cmpint (ww_hub_business_hour (g_date_time_to_unix (summer) * G_USEC_PER_SEC), ==, 0);
}

static void
test_problem (void)
{
  static const guint statuses[] = { 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *text = ww_hub_problem_render (statuses[i], "what to fix \"quoted\"", "/v1/x");
      g_autoptr (GError) error = NULL;
      g_autoptr (json_object) object = ww_json_parse (text, strlen (text), 4, &error);
      json_object *value;

      g_assert_no_error (error);
      g_assert_true (json_object_object_get_ex (object, "status", &value));
      g_assert_cmpint (json_object_get_int (value), ==, statuses[i]);
      g_assert_true (json_object_object_get_ex (object, "title", &value));
      g_assert_cmpstr (json_object_get_string (value), ==, ww_hub_problem_title (statuses[i]));
      g_assert_cmpstr (json_object_get_string (value), !=, "Error");
      g_assert_true (json_object_object_get_ex (object, "detail", &value));
      g_assert_cmpstr (json_object_get_string (value), ==, "what to fix \"quoted\"");
    }

  {
    g_autoptr (GError) conflict = g_error_new_literal (WW_ERROR, WW_ERROR_CONFLICT, "x");
    g_autoptr (GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

    g_assert_cmpuint (ww_hub_problem_status_for_error (conflict), ==, 409);
    g_assert_cmpuint (ww_hub_problem_status_for_error (other), ==, 500);
  }
}

static void
test_rate_limiter (void)
{
  g_autoptr (WwHubRateLimiter) limiter = ww_hub_rate_limiter_new (3, 0.5);
  gint64 t = 1000 * G_USEC_PER_SEC;
  guint  retry = 0;

  for (int i = 0; i < 3; i++)
    g_assert_true (ww_hub_rate_limiter_take (limiter, "k", t, &retry));
  g_assert_false (ww_hub_rate_limiter_take (limiter, "k", t, &retry));
  g_assert_cmpuint (retry, ==, 2);
  /* Another key has its own bucket. */
  g_assert_true (ww_hub_rate_limiter_take (limiter, "other", t, NULL));
  /* Two seconds later one token is back. */
  g_assert_true (ww_hub_rate_limiter_take (limiter, "k", t + 2 * G_USEC_PER_SEC, &retry));
  g_assert_false (ww_hub_rate_limiter_take (limiter, "k", t + 2 * G_USEC_PER_SEC, &retry));
  ww_hub_rate_limiter_forget (limiter, "k");
  g_assert_true (ww_hub_rate_limiter_take (limiter, "k", t + 2 * G_USEC_PER_SEC, &retry));
}

static void
test_tokens (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *password_hash = NULL;

  g_assert_true (ww_hub_crypto_init (NULL));
  a = ww_hub_token_generate (WW_HUB_TOKEN_PREFIX_KIOSK);
  b = ww_hub_token_generate (WW_HUB_TOKEN_PREFIX_KIOSK);
  g_assert_cmpstr (a, !=, b);
  g_assert_true (g_str_has_prefix (a, "wwk_"));
  g_assert_cmpuint (strlen (a), ==, 4 + 43);
  g_assert_true (ww_hub_token_looks_valid (a));
  g_assert_false (ww_hub_token_looks_valid ("wwk_short"));
  g_assert_false (ww_hub_token_looks_valid ("Bearer wwk_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
  g_assert_false (ww_hub_token_looks_valid ("wwk_aaaaaaaaaaaaaaaa'aaaaaaaaaaaaaaaaaaaaaaaaaa"));

  hash = ww_hub_token_hash (a);
  g_assert_cmpuint (strlen (hash), ==, 64);
  /* Stored hashes stay valid: lowercase hex SHA-256, as GLib computes it. */
  {
    g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, a, -1);
    g_autofree char *abc = ww_hub_token_hash ("abc");

    g_assert_cmpstr (hash, ==, expected);
    g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
  g_assert_null (strstr (hash, a + 4));
  g_assert_true (ww_hub_hash_equal (hash, hash));
  g_assert_false (ww_hub_hash_equal (hash, "00"));

  password_hash = ww_hub_password_hash ("correct horse battery", NULL);
  g_assert_true (g_str_has_prefix (password_hash, "$argon2id$"));
  g_assert_true (ww_hub_password_verify (password_hash, "correct horse battery"));
  g_assert_false (ww_hub_password_verify (password_hash, "correct horse battery "));
}

static void
test_ticket_json (void)
{
  g_autoptr (GDateTime) created = g_date_time_new_utc (2026, 11, 23, 9, 0, 0);
  WwTicketFields fields = {
    .id = "t-1",
    .number = "A-042",
    .branch_id = "centrale",
    .kiosk_id = "k-1",
    .topic = WW_HELP_TOPIC_DIGID,
    .language = "ar",
    .first_name = "فاطمة",
    .state = WW_TICKET_STATE_IN_PROGRESS,
    .desk_id = "balie-1",
    .position = 0,
    .created_at = created,
  };
  g_autoptr (WwTicket) ticket = ww_ticket_new (&fields);
  g_autoptr (json_object) with_name = ww_ticket_to_json (ticket, TRUE);
  g_autoptr (json_object) without_name = ww_ticket_to_json (ticket, FALSE);
  g_autoptr (WwTicket) back = NULL;
  g_autoptr (GError) error = NULL;
  json_object *value;

  g_assert_true (json_object_object_get_ex (with_name, "state", &value));
  g_assert_cmpstr (json_object_get_string (value), ==, "inProgress");
  g_assert_true (json_object_object_get_ex (with_name, "createdAt", &value));
  g_assert_cmpstr (json_object_get_string (value), ==, "2026-11-23T10:00:00+01:00");
  g_assert_false (json_object_object_get_ex (without_name, "firstName", NULL));

  back = ww_ticket_new_from_json (with_name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ww_ticket_get_first_name (back), ==, "فاطمة");
  g_assert_cmpint (ww_ticket_get_state (back), ==, WW_TICKET_STATE_IN_PROGRESS);
  g_assert_true (g_date_time_equal (ww_ticket_get_created_at (back), created));

  json_object_object_add (with_name, "state", json_object_new_string ("flying"));
  g_clear_object (&back);
  back = ww_ticket_new_from_json (with_name, &error);
  g_assert_null (back);
  g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_DATA);

  g_assert_null (ww_date_time_parse_rfc3339 ("2026-11-23T10:00:00"));
}

/* store= chooses SQLite (default) or PostgreSQL; a PostgreSQL store without
 * a connection string, or an unknown store, stops the hub before it starts. */
static void
test_config_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ww-hub-config-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hub.conf", NULL);
  const char      *cases[][2] = {
         { "[hub]\ntls-certificate=c\ntls-key=k\n", NULL },
         { "[hub]\ntls-certificate=c\ntls-key=k\nstore=sqlite\n", NULL },
         { "[hub]\ntls-certificate=c\ntls-key=k\nstore=postgresql\npostgresql=dbname=wegwijs\n", NULL },
         { "[hub]\ntls-certificate=c\ntls-key=k\nstore=postgresql\n", "postgresql" },
         { "[hub]\ntls-certificate=c\ntls-key=k\nstore=mysql\n", "mysql" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (WwHubConfig) config = ww_hub_config_new ();
      g_autoptr (GError) error = NULL;

      g_assert_cmpstr (config->store, ==, "sqlite");
      g_assert_true (g_file_set_contents (path, cases[i][0], -1, NULL));
      g_assert_true (ww_hub_config_load_file (config, path, TRUE, NULL));
      if (cases[i][1] == NULL)
        {
          g_assert_true (ww_hub_config_check (config, &error));
          g_assert_no_error (error);
        }
      else
        {
          g_assert_false (ww_hub_config_check (config, &error));
          g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_DATA);
          g_assert_nonnull (strstr (error->message, cases[i][1]));
        }
    }

  /* What demo writes, it reads back. */
  {
    g_autoptr (WwHubConfig) config = ww_hub_config_new ();
    g_autoptr (WwHubConfig) again = ww_hub_config_new ();
    g_autofree char *data = NULL;

    g_free (config->store);
    config->store = g_strdup ("postgresql");
    config->postgresql = g_strdup ("host=/run/db dbname=wegwijs");
    data = ww_hub_config_to_data (config);
    g_assert_true (g_file_set_contents (path, data, -1, NULL));
    g_assert_true (ww_hub_config_load_file (again, path, TRUE, NULL));
    g_assert_cmpstr (again->store, ==, "postgresql");
    g_assert_cmpstr (again->postgresql, ==, "host=/run/db dbname=wegwijs");
  }

  g_unlink (path);
  g_rmdir (dir);
}

static gint64
instant (const char *rfc3339)
{
  g_autoptr (GDateTime) date_time = ww_date_time_parse_rfc3339 (rfc3339);

  g_assert_nonnull (date_time);
  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC;
}

/* A weekly Tuesday 10:00 stays 10:00 local across both switches; an
 * exception date and a cancelled session are skipped. */
static void
test_help_expand (void)
{
  g_autoptr (WwHubHelpSnapshot) snapshot = ww_hub_help_snapshot_new ();
  WwHubHelpSession   *weekly = g_new0 (WwHubHelpSession, 1);
  WwHubHelpSession   *cancelled = NULL;
  WwHubHelpException *holiday = g_new0 (WwHubHelpException, 1);
  g_autoptr (GArray) autumn = NULL;
  g_autoptr (GArray) spring = NULL;
  const char *expected_autumn[] = { "2026-10-20T10:00:00+02:00", "2026-10-27T10:00:00+01:00",
                                    "2026-11-10T10:00:00+01:00" };
  const char *expected_spring[] = { "2027-03-23T10:00:00+01:00", "2027-03-30T10:00:00+02:00" };

  *weekly = (WwHubHelpSession){ g_strdup ("s1"),
                                g_strdup ("centrale"),
                                WW_HUB_HELP_KIND_WALK_IN,
                                g_strdup ("DigiD"),
                                g_strdup ("nl,ar"),
                                4,
                                g_strdup ("leestafel"),
                                g_strdup (""),
                                g_strdup ("2026-10-13"),
                                NULL,
                                TRUE,
                                g_strdup ("10:00"),
                                g_strdup ("12:00"),
                                FALSE };
  cancelled = ww_hub_help_session_copy (weekly);
  g_free (cancelled->session_id);
  cancelled->session_id = g_strdup ("s2");
  cancelled->cancelled = TRUE;
  *holiday = (WwHubHelpException){ g_strdup ("centrale"), g_strdup ("2026-11-03"), g_strdup (""), g_strdup ("") };
  g_ptr_array_add (snapshot->sessions, weekly);
  g_ptr_array_add (snapshot->sessions, cancelled);
  g_ptr_array_add (snapshot->exceptions, holiday);

  autumn =
      ww_hub_help_expand (snapshot, instant ("2026-10-14T00:00:00+02:00"), instant ("2026-11-11T00:00:00+01:00"), NULL);
  g_assert_cmpuint (autumn->len, ==, G_N_ELEMENTS (expected_autumn));
  for (guint i = 0; i < autumn->len; i++)
    {
      g_autofree char *text = ww_hub_help_format_time (g_array_index (autumn, WwHubOccurrence, i).starts_at);

      g_assert_cmpstr (text, ==, expected_autumn[i]);
    }

  spring =
      ww_hub_help_expand (snapshot, instant ("2027-03-20T00:00:00+01:00"), instant ("2027-04-01T00:00:00+02:00"), "s1");
  g_assert_cmpuint (spring->len, ==, G_N_ELEMENTS (expected_spring));
  for (guint i = 0; i < spring->len; i++)
    {
      g_autofree char *text = ww_hub_help_format_time (g_array_index (spring, WwHubOccurrence, i).starts_at);

      g_assert_cmpstr (text, ==, expected_spring[i]);
      g_assert_cmpint (g_array_index (spring, WwHubOccurrence, i).ends_at -
                           g_array_index (spring, WwHubOccurrence, i).starts_at,
                       ==, 2 * G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
    }
}

static void
test_help_codes (void)
{
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *code = ww_hub_help_new_code ();
      g_autofree char *again = ww_hub_help_normalize_code (code);

      g_assert_cmpuint (strlen (code), ==, WW_HUB_RESERVATION_CODE_LENGTH);
      g_assert_cmpuint (strspn (code, WW_HUB_RESERVATION_CODE_ALPHABET), ==, WW_HUB_RESERVATION_CODE_LENGTH);
      g_assert_cmpstr (again, ==, code);
    }
  {
    g_autofree char *typed = ww_hub_help_normalize_code (" k7m-4tx ");
    g_autofree char *ambiguous = ww_hub_help_normalize_code ("K7M0TX");
    g_autofree char *short_code = ww_hub_help_normalize_code ("K7M4T");

    g_assert_cmpstr (typed, ==, "K7M4TX");
    g_assert_null (ambiguous);
    g_assert_null (short_code);
  }
}

/* ww_hub_help_can_check_in: unknown, already, another day, too late, now. */
static void
test_help_check_in (void)
{
  g_autoptr (GDateTime) noon = g_date_time_new_utc (2026, 3, 10, 11, 0, 0);
  gint64           now = g_date_time_to_unix (noon) * G_USEC_PER_SEC;
  gint64           hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  WwHubReservation reservation = { .starts_at = now - hour / 2, .ends_at = now + hour / 2 };
  gboolean         already = TRUE;
  GError          *error = NULL;

  g_assert_false (ww_hub_help_can_check_in (NULL, now, &already, &error));
  g_assert_error (error, WW_ERROR, WW_ERROR_NOT_FOUND);
  g_assert_false (already);
  g_clear_error (&error);

  g_assert_true (ww_hub_help_can_check_in (&reservation, now, &already, &error));
  g_assert_no_error (error);
  g_assert_false (already);

  reservation.checked_in_at = now - hour / 4;
  g_assert_true (ww_hub_help_can_check_in (&reservation, now, &already, &error));
  g_assert_no_error (error);
  g_assert_true (already);
  reservation.checked_in_at = 0;

  /* Tomorrow's reservation, and today's that has ended. */
  reservation.starts_at += 24 * hour;
  reservation.ends_at += 24 * hour;
  g_assert_false (ww_hub_help_can_check_in (&reservation, now, &already, &error));
  g_assert_error (error, WW_ERROR, WW_ERROR_CONFLICT);
  g_clear_error (&error);

  reservation.starts_at = now - 2 * hour;
  reservation.ends_at = now - hour;
  g_assert_false (ww_hub_help_can_check_in (&reservation, now, &already, &error));
  g_assert_error (error, WW_ERROR, WW_ERROR_CONFLICT);
  g_clear_error (&error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub/ticket-numbers", test_ticket_numbers);
  g_test_add_func ("/hub/help-expand", test_help_expand);
  g_test_add_func ("/hub/help-codes", test_help_codes);
  g_test_add_func ("/hub/help-check-in", test_help_check_in);
  g_test_add_func ("/hub/estimate", test_estimate);
  g_test_add_func ("/hub/business-day", test_business_day);
  g_test_add_func ("/hub/problem", test_problem);
  g_test_add_func ("/hub/rate-limiter", test_rate_limiter);
  g_test_add_func ("/hub/tokens", test_tokens);
  g_test_add_func ("/hub/ticket-json", test_ticket_json);
  g_test_add_func ("/hub/config-store", test_config_store);

  return g_test_run ();
}
