/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Drives a real hub through WwHubClient, the way a kiosk does, and prints
 * what happened as one JSON object a line, for the fault-injection tests
 * and the soak script to judge:
 *
 *   hub-drive create  URL CA TOKEN COUNT KEY-PREFIX [TIMEOUT-MS]
 *       creates COUNT tickets one after the other; a ticket whose request
 *       fails is tried again with the same Idempotency-Key until it is
 *       created (as the kiosk's help flow does), for at most 60 s;
 *   hub-drive watch   URL CA TOKEN SECONDS [TIMEOUT-MS]
 *       lists the services every 200 ms for SECONDS and reports every
 *       change of the client's "reachable" property and every call;
 *   hub-drive soak    URL CA TOKEN SESSIONS
 *       SESSIONS scripted sessions (list services, create a ticket with an
 *       Idempotency-Key, open the event stream until it is connected,
 *       close it, cancel the ticket), with RSS and open descriptors after
 *       the first 10 sessions and at the end.
 *
 * Every mode also reports the longest main-loop stall it saw (a 10 ms
 * timer that came late): the kiosk's budget is 50 ms.
 */

#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wegwijs-core.h"

typedef struct
{
  GMainLoop    *loop;
  WwHubClient  *client;
  gint64        started;
  gint64        last_tick;
  gint64        max_stall_us;
  GAsyncResult *result;
} Drive;

static gint64
now_ms (Drive *drive)
{
  return (g_get_monotonic_time () - drive->started) / 1000;
}

static gboolean
tick_cb (gpointer user_data)
{
  Drive *drive = user_data;
  gint64 now = g_get_monotonic_time ();

  if (drive->last_tick != 0)
    drive->max_stall_us = MAX (drive->max_stall_us, now - drive->last_tick - 10000);
  drive->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
reachable_changed_cb (WwHubClient *client, GParamSpec *pspec, Drive *drive)
{
  g_print ("{\"t\":%" G_GINT64_FORMAT ",\"reachable\":%s}\n", now_ms (drive),
           ww_hub_client_get_reachable (client) ? "true" : "false");
}

static void
got_result_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Drive *drive = user_data;

  drive->result = g_object_ref (result);
  g_main_loop_quit (drive->loop);
}

/* Waits for the callback of one async call: the main loop keeps running. */
static GAsyncResult *
wait_result (Drive *drive)
{
  g_main_loop_run (drive->loop);
  return g_steal_pointer (&drive->result);
}

static void
print_error (Drive *drive, const char *what, guint index, const GError *error, gint64 took_ms)
{
  g_autofree char *message = g_strescape (error->message, NULL);

  g_print ("{\"t\":%" G_GINT64_FORMAT ",\"call\":\"%s\",\"i\":%u,\"ok\":false,\"domain\":\"%s\",\"code\":%d,"
           "\"ms\":%" G_GINT64_FORMAT ",\"message\":\"%s\"}\n",
           now_ms (drive), what, index, g_quark_to_string (error->domain), error->code, took_ms, message);
}

static WwTicket *
create_one (Drive *drive, guint index, const char *key, gint64 *took)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  WwTicket *ticket;
  gint64    start = g_get_monotonic_time ();

  ww_hub_client_create_ticket_async (drive->client, WW_HELP_TOPIC_OTHER, "nl", NULL, NULL, key, NULL, got_result_cb,
                                     drive);
  result = wait_result (drive);
  ticket = ww_hub_client_create_ticket_finish (drive->client, result, &error);
  *took = (g_get_monotonic_time () - start) / 1000;
  if (ticket == NULL)
    print_error (drive, "create", index, error, *took);
  return ticket;
}

static int
run_create (Drive *drive, guint count, const char *prefix)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s-%u", prefix, i);
      gint64           give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      guint            attempts = 0;

      for (;;)
        {
          g_autoptr (WwTicket) ticket = NULL;
          gint64 took;

          attempts++;
          ticket = create_one (drive, i, key, &took);
          if (ticket != NULL)
            {
              g_print ("{\"t\":%" G_GINT64_FORMAT ",\"call\":\"create\",\"i\":%u,\"ok\":true,\"key\":\"%s\","
                       "\"id\":\"%s\",\"number\":\"%s\",\"attempts\":%u,\"ms\":%" G_GINT64_FORMAT "}\n",
                       now_ms (drive), i, key, ww_ticket_get_id (ticket), ww_ticket_get_number (ticket), attempts,
                       took);
              break;
            }
          if (g_get_monotonic_time () > give_up)
            {
              g_print ("{\"t\":%" G_GINT64_FORMAT ",\"call\":\"create\",\"i\":%u,\"gave_up\":true}\n", now_ms (drive),
                       i);
              break;
            }
          /* A kiosk waits a moment before it asks again. */
          g_usleep (0);
          {
            g_autoptr (GMainLoop) pause = g_main_loop_new (NULL, FALSE);
            g_timeout_add_once (200, (GSourceOnceFunc)g_main_loop_quit, pause);
            g_main_loop_run (pause);
          }
        }
    }
  return 0;
}

static gboolean
list_services (Drive *drive, guint index, gboolean print)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) services = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 took;

  ww_hub_client_list_services_async (drive->client, "nl", NULL, got_result_cb, drive);
  result = wait_result (drive);
  services = ww_hub_client_list_services_finish (drive->client, result, &error);
  took = (g_get_monotonic_time () - start) / 1000;
  if (services == NULL)
    print_error (drive, "services", index, error, took);
  else if (print)
    g_print ("{\"t\":%" G_GINT64_FORMAT ",\"call\":\"services\",\"i\":%u,\"ok\":true,\"n\":%u,\"ms\":%" G_GINT64_FORMAT
             "}\n",
             now_ms (drive), index, g_list_model_get_n_items (services), took);
  return services != NULL;
}

static int
run_watch (Drive *drive, guint seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC;

  for (guint i = 0; g_get_monotonic_time () < end; i++)
    {
      g_autoptr (GMainLoop) pause = g_main_loop_new (NULL, FALSE);

      list_services (drive, i, TRUE);
      g_timeout_add_once (200, (GSourceOnceFunc)g_main_loop_quit, pause);
      g_main_loop_run (pause);
    }
  return 0;
}

/* ---- soak ---------------------------------------------------------- */

static gint64
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtoll (line + 6, NULL, 10) : -1;
}

static guint
open_fds (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
stream_connected_cb (WwEventStream *stream, GParamSpec *pspec, Drive *drive)
{
  if (ww_event_stream_get_connected (stream))
    g_main_loop_quit (drive->loop);
}

static gboolean
stream_timeout_cb (gpointer user_data)
{
  g_main_loop_quit (((Drive *)user_data)->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
soak_session (Drive *drive, guint index, const char *prefix)
{
  g_autoptr (WwTicket) ticket = NULL;
  g_autoptr (WwTicket) cancelled = NULL;
  g_autoptr (WwEventStream) stream = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("%s-%u", prefix, index);
  gint64           took;
  guint            timeout_id;
  gulong           handler;

  if (!list_services (drive, index, FALSE))
    return FALSE;

  ticket = create_one (drive, index, key, &took);
  if (ticket == NULL)
    return FALSE;

  stream = ww_hub_client_new_event_stream (drive->client);
  handler = g_signal_connect (stream, "notify::connected", G_CALLBACK (stream_connected_cb), drive);
  timeout_id = g_timeout_add_seconds (10, stream_timeout_cb, drive);
  ww_event_stream_start (stream);
  g_main_loop_run (drive->loop);
  g_source_remove (timeout_id);
  g_signal_handler_disconnect (stream, handler);
  if (!ww_event_stream_get_connected (stream))
    {
      g_print ("{\"call\":\"events\",\"i\":%u,\"ok\":false}\n", index);
      return FALSE;
    }
  ww_event_stream_stop (stream);
  g_clear_object (&stream);

  ww_hub_client_act_on_ticket_async (drive->client, ww_ticket_get_id (ticket), WW_TICKET_ACTION_CANCEL, NULL, NULL,
                                     got_result_cb, drive);
  result = wait_result (drive);
  cancelled = ww_hub_client_act_on_ticket_finish (drive->client, result, &error);
  if (cancelled == NULL)
    {
      print_error (drive, "cancel", index, error, 0);
      return FALSE;
    }
  return TRUE;
}

static int
run_soak (Drive *drive, guint sessions, const char *prefix)
{
  gint64 rss_start = 0, rss_end;
  guint  fds_start = 0, fds_end, failed = 0;
  guint  warmup = MIN (10u, sessions);

  for (guint i = 0; i < sessions; i++)
    {
      if (i == warmup)
        {
          rss_start = rss_kb ();
          fds_start = open_fds ();
          g_print ("{\"t\":%" G_GINT64_FORMAT ",\"after_sessions\":%u,\"rss_kb\":%" G_GINT64_FORMAT ",\"fds\":%u}\n",
                   now_ms (drive), i, rss_start, fds_start);
        }
      if (!soak_session (drive, i, prefix))
        failed++;
      if (i % 100 == 99)
        g_print ("{\"t\":%" G_GINT64_FORMAT ",\"after_sessions\":%u,\"rss_kb\":%" G_GINT64_FORMAT ",\"fds\":%u}\n",
                 now_ms (drive), i + 1, rss_kb (), open_fds ());
    }
  rss_end = rss_kb ();
  fds_end = open_fds ();
  g_print ("{\"t\":%" G_GINT64_FORMAT ",\"sessions\":%u,\"failed\":%u,\"rss_start_kb\":%" G_GINT64_FORMAT
           ",\"rss_end_kb\":%" G_GINT64_FORMAT ",\"rss_growth_kb\":%" G_GINT64_FORMAT
           ",\"fds_start\":%u,\"fds_end\":%u}\n",
           now_ms (drive), sessions, failed, rss_start, rss_end, rss_end - rss_start, fds_start, fds_end);
  return failed == 0 ? 0 : 1;
}

int
main (int argc, char **argv)
{
  g_autoptr (WwHttpClient) http = NULL;
  g_autoptr (GError) error = NULL;
  Drive       drive = { 0 };
  const char *urls[2] = { NULL, NULL };
  guint       tick_id;
  int         status;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc < 6)
    {
      g_printerr ("usage: hub-drive create|watch|soak URL CA TOKEN ARG... (see the source)\n");
      return 2;
    }

  urls[0] = argv[2];
  http = ww_http_client_new ();
  ww_http_client_set_ca_file (http, argv[3]);
  /* Short enough that the tests see a timeout, as the kiosk sets its own. */
  if (g_str_equal (argv[1], "create") && argc > 7)
    ww_http_client_set_timeout_ms (http, (guint)atoi (argv[7]));
  if (g_str_equal (argv[1], "watch") && argc > 6)
    ww_http_client_set_timeout_ms (http, (guint)atoi (argv[6]));
  drive.client = ww_hub_client_new (http, urls, &error);
  if (drive.client == NULL)
    {
      g_printerr ("hub-drive: %s\n", error->message);
      return 2;
    }
  ww_hub_client_set_token (drive.client, argv[4]);
  drive.loop = g_main_loop_new (NULL, FALSE);
  drive.started = g_get_monotonic_time ();
  g_signal_connect (drive.client, "notify::reachable", G_CALLBACK (reachable_changed_cb), &drive);
  tick_id = g_timeout_add (10, tick_cb, &drive);

  if (g_str_equal (argv[1], "create") && argc >= 7)
    status = run_create (&drive, (guint)atoi (argv[5]), argv[6]);
  else if (g_str_equal (argv[1], "watch"))
    status = run_watch (&drive, (guint)atoi (argv[5]));
  else if (g_str_equal (argv[1], "soak") && argc >= 6)
    status = run_soak (&drive, (guint)atoi (argv[5]), argc > 6 ? argv[6] : "soak");
  else
    {
      g_printerr ("hub-drive: unknown mode %s\n", argv[1]);
      status = 2;
    }

  g_print ("{\"t\":%" G_GINT64_FORMAT ",\"max_stall_ms\":%" G_GINT64_FORMAT "}\n", now_ms (&drive),
           drive.max_stall_us / 1000);
  g_source_remove (tick_id);
  g_clear_object (&drive.client);
  g_main_loop_unref (drive.loop);
  return status;
}
