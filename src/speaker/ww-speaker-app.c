/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * wegwijs-speaker: reads requests from stdin and speaks them (see
 * ww-speaker-protocol.h). Two threads of ours:
 * - the main thread reads requests and never waits for synthesis, so that a
 *   cancel reaches a long utterance at once;
 * - the synthesis thread owns espeak-ng and speaks one job after another.
 * stdout carries only protocol lines: it is moved to a private descriptor
 * and fd 1 points to stderr, so a library that prints cannot corrupt it.
 */

#include "config.h"

#include "ww-speaker-app.h"
#include "ww-speaker-app-private.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ww-json.h"
#include "ww-language.h"
#include "ww-speaker-engine.h"
#include "ww-speaker-output.h"
#include "ww-speaker-protocol.h"

/* How long end of input waits for the synthesis thread to finish. */
#define QUIT_TIMEOUT_US (2 * G_USEC_PER_SEC)

typedef struct _WwSpeakerApp App;

struct _WwSpeakerApp
{
  WwSpeakerEngineOptions options;
  gboolean               test_requests;

  /* The request line being read, and whether it is over the limit. */
  GString *line;
  gboolean too_long;

  GMutex           lock;
  GCond            cond;
  GQueue           queue;
  WwSpeakerJob    *current;
  WwSpeakerEngine *engine;
  gboolean         quit;
  gboolean         finished;
};

static void
emit_ready (App *app, WwSpeakerEngine *engine)
{
  json_object       *event = ww_speaker_event_new ("ready", 0);
  json_object       *languages = json_object_new_array ();
  json_object       *missing = json_object_new_array ();
  gboolean           audio = ww_speaker_engine_get_audio (engine);
  const char *const *codes;

  codes = ww_speaker_engine_get_languages (engine);
  for (gsize i = 0; audio && codes[i] != NULL; i++)
    json_object_array_add (languages, json_object_new_string (codes[i]));
  codes = ww_speaker_engine_get_missing (engine);
  for (gsize i = 0; codes[i] != NULL; i++)
    json_object_array_add (missing, json_object_new_string (codes[i]));

  json_object_object_add (event, "protocol", json_object_new_int (WW_SPEAKER_PROTOCOL_VERSION));
  json_object_object_add (event, "mode", json_object_new_string (app->options.wav_dir != NULL ? "wav" : "audio"));
  json_object_object_add (event, "audio", json_object_new_boolean (audio));
  if (ww_speaker_engine_get_audio_error (engine) != NULL)
    json_object_object_add (event, "audio-error", json_object_new_string (ww_speaker_engine_get_audio_error (engine)));
  if (ww_speaker_engine_get_data_path (engine) != NULL)
    json_object_object_add (event, "data-path", json_object_new_string (ww_speaker_engine_get_data_path (engine)));
  json_object_object_add (event, "languages", languages);
  json_object_object_add (event, "missing", missing);
  ww_speaker_emit (event);
}

static gpointer
synthesis_thread (gpointer data)
{
  App *app = data;
  g_autoptr (GError) error = NULL;
  WwSpeakerEngine *engine = ww_speaker_engine_new (&app->options, &error);

  if (engine == NULL)
    {
      /* Without espeak-ng there is nothing to do; the kiosk retries later. */
      ww_speaker_emit_error (0, "synthesis-failed", error->message);
      _exit (1);
    }
  emit_ready (app, engine);

  g_mutex_lock (&app->lock);
  app->engine = engine;
  for (;;)
    {
      while (!app->quit && g_queue_is_empty (&app->queue))
        g_cond_wait (&app->cond, &app->lock);
      if (app->quit)
        break;

      app->current = g_queue_pop_head (&app->queue);
      g_mutex_unlock (&app->lock);
      ww_speaker_engine_speak (engine, app->current);
      g_mutex_lock (&app->lock);
      g_clear_pointer (&app->current, ww_speaker_job_free);
    }
  app->engine = NULL;
  g_mutex_unlock (&app->lock);

  ww_speaker_engine_free (engine);

  g_mutex_lock (&app->lock);
  app->finished = TRUE;
  g_cond_broadcast (&app->cond);
  g_mutex_unlock (&app->lock);

  return NULL;
}

/* Called with the lock held. */
static void
cancel_current (App *app)
{
  if (app->current == NULL)
    return;

  g_atomic_int_set (&app->current->cancelled, TRUE);
  if (app->engine != NULL)
    ww_speaker_engine_wake (app->engine);
}

static gboolean
get_id (json_object *request, guint32 *id)
{
  json_object *value;
  gint64       number;

  if (!json_object_object_get_ex (request, "id", &value) || !json_object_is_type (value, json_type_int))
    return FALSE;

  number = json_object_get_int64 (value);
  if (number < 1 || number > G_MAXUINT32)
    return FALSE;

  *id = (guint32)number;
  return TRUE;
}

static const char *
get_string (json_object *request, const char *name, gsize *length)
{
  json_object *value;

  if (!json_object_object_get_ex (request, name, &value) || !json_object_is_type (value, json_type_string))
    return NULL;

  if (length != NULL)
    *length = (gsize)json_object_get_string_len (value);
  return json_object_get_string (value);
}

static void
refuse (guint32 id, const char *code, const char *message)
{
  ww_speaker_emit_error (id, code, message);
  if (id != 0)
    ww_speaker_emit_end (id, "failed", 0, NULL);
}

/* Called with the lock held. */
static gboolean
is_known_id (App *app, guint32 id)
{
  if (app->current != NULL && app->current->id == id)
    return TRUE;

  for (GList *l = app->queue.head; l != NULL; l = l->next)
    if (((WwSpeakerJob *)l->data)->id == id)
      return TRUE;

  return FALSE;
}

static void
enqueue (App *app, WwSpeakerJob *job)
{
  g_autoptr (WwSpeakerJob) owned = job;

  g_mutex_lock (&app->lock);
  if (is_known_id (app, job->id))
    {
      g_mutex_unlock (&app->lock);
      /* No "end": that would end the utterance that has this id. */
      ww_speaker_emit_error (0, "invalid-request", "this id is already in use");
      return;
    }
  if (g_queue_get_length (&app->queue) >= WW_SPEAKER_MAX_QUEUE)
    {
      g_mutex_unlock (&app->lock);
      refuse (job->id, "busy", "too many utterances are waiting");
      return;
    }

  g_queue_push_tail (&app->queue, g_steal_pointer (&owned));
  g_cond_broadcast (&app->cond);
  g_mutex_unlock (&app->lock);
}

static void
handle_speak (App *app, json_object *request)
{
  WwSpeakerJob *job;
  json_object  *rate_value;
  const char   *language, *text;
  gsize         text_length = 0;
  guint32       id;
  gint64        rate = WW_SPEAKER_RATE_DEFAULT;

  if (!get_id (request, &id))
    {
      refuse (0, "invalid-request", "a speak request needs an id from 1 to 4294967295");
      return;
    }

  language = get_string (request, "language", NULL);
  text = get_string (request, "text", &text_length);
  if (language == NULL || !ww_language_is_known (language))
    {
      refuse (id, "invalid-request", "a speak request needs a kiosk language");
      return;
    }
  if (text == NULL)
    {
      refuse (id, "invalid-request", "a speak request needs a text");
      return;
    }
  if (json_object_object_get_ex (request, "rate", &rate_value))
    {
      if (!json_object_is_type (rate_value, json_type_int))
        {
          refuse (id, "invalid-request", "the rate is a whole number of words a minute");
          return;
        }
      rate = CLAMP (json_object_get_int64 (rate_value), WW_SPEAKER_RATE_MIN, WW_SPEAKER_RATE_MAX);
    }

  job = g_new0 (WwSpeakerJob, 1);
  job->id = id;
  job->language = g_strdup (language);
  job->rate = (int)rate;
  job->text = g_memdup2 (text, text_length + 1);
  job->text_length = text_length;
  /* The kiosk sanitised the text already; doing it again changes nothing
   * then, and protects espeak-ng from any other writer. */
  job->spoken = ww_speech_sanitize (text, (gssize)text_length, 0);
  enqueue (app, job);
}

static void
handle_test_hang (App *app, json_object *request)
{
  WwSpeakerJob *job;
  guint32       id;

  if (!get_id (request, &id))
    {
      refuse (0, "invalid-request", "a test-hang request needs an id");
      return;
    }

  job = g_new0 (WwSpeakerJob, 1);
  job->id = id;
  job->language = g_strdup ("nl");
  job->text = g_strdup ("");
  job->spoken = ww_speech_sanitize ("", 0, 0);
  job->hang = TRUE;
  enqueue (app, job);
}

static void
handle_cancel (App *app, json_object *request)
{
  WwSpeakerJob *job = NULL;
  guint32       id;

  if (!get_id (request, &id))
    {
      refuse (0, "invalid-request", "a cancel request needs an id");
      return;
    }

  g_mutex_lock (&app->lock);
  if (app->current != NULL && app->current->id == id)
    {
      cancel_current (app);
    }
  else
    {
      for (GList *l = app->queue.head; l != NULL; l = l->next)
        if (((WwSpeakerJob *)l->data)->id == id)
          {
            job = l->data;
            g_queue_delete_link (&app->queue, l);
            break;
          }
    }
  g_mutex_unlock (&app->lock);

  /* An id that is not known any more has ended already: nothing to do. */
  if (job != NULL)
    {
      ww_speaker_emit_end (id, "cancelled", 0, NULL);
      ww_speaker_job_free (job);
    }
}

static void
handle_stop (App *app)
{
  GQueue waiting = G_QUEUE_INIT;

  g_mutex_lock (&app->lock);
  cancel_current (app);
  waiting = app->queue;
  g_queue_init (&app->queue);
  g_mutex_unlock (&app->lock);

  for (GList *l = waiting.head; l != NULL; l = l->next)
    ww_speaker_emit_end (((WwSpeakerJob *)l->data)->id, "cancelled", 0, NULL);
  g_queue_clear_full (&waiting, (GDestroyNotify)ww_speaker_job_free);
}

static void
handle_line (App *app, const char *line, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (json_object) request = NULL;
  const char *type;

  /* An empty line is no request and no mistake worth reporting. */
  if (strspn (line, " \t\r") == length)
    return;

  request = ww_json_parse (line, length, WW_SPEAKER_MAX_DEPTH, &error);
  if (request == NULL)
    {
      refuse (0, "invalid-request", error->message);
      return;
    }
  if (!json_object_is_type (request, json_type_object) || (type = get_string (request, "request", NULL)) == NULL)
    {
      refuse (0, "invalid-request", "a request is an object with a \"request\" name");
      return;
    }

  if (g_str_equal (type, "speak"))
    handle_speak (app, request);
  else if (g_str_equal (type, "cancel"))
    handle_cancel (app, request);
  else if (g_str_equal (type, "stop"))
    handle_stop (app);
  else if (g_str_equal (type, "test-hang") && app->test_requests)
    handle_test_hang (app, request);
  else
    refuse (0, "unknown-request", "this request is not known");
}

/* Splits what was read into lines; a line over the limit is dropped whole. */
static void
feed_requests (App *app, const char *buffer, gsize n)
{
  gsize pos = 0;

  while (pos < n)
    {
      const char *newline = memchr (buffer + pos, '\n', n - pos);
      gsize       chunk = newline != NULL ? (gsize)(newline - (buffer + pos)) : n - pos;

      if (!app->too_long && app->line->len + chunk > WW_SPEAKER_MAX_LINE)
        {
          app->too_long = TRUE;
          g_string_truncate (app->line, 0);
        }
      if (!app->too_long)
        g_string_append_len (app->line, buffer + pos, (gssize)chunk);
      pos += chunk;

      if (newline != NULL)
        {
          pos++;
          if (app->too_long)
            refuse (0, "line-too-long", "a request line is longer than the limit");
          else
            handle_line (app, app->line->str, app->line->len);
          g_string_truncate (app->line, 0);
          app->too_long = FALSE;
        }
    }
}

/* Reads until end of input. */
static void
read_requests (App *app)
{
  char buffer[4096];

  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      feed_requests (app, buffer, (gsize)n);
    }
}

/* Ends the synthesis thread; FALSE if it does not end (a hang in espeak-ng). */
static gboolean
stop_synthesis (App *app)
{
  gint64   deadline = g_get_monotonic_time () + QUIT_TIMEOUT_US;
  gboolean finished;

  g_mutex_lock (&app->lock);
  app->quit = TRUE;
  cancel_current (app);
  g_cond_broadcast (&app->cond);
  while (!app->finished)
    if (!g_cond_wait_until (&app->cond, &app->lock, deadline))
      break;
  finished = app->finished;
  g_mutex_unlock (&app->lock);

  return finished;
}

/* Keeps protocol lines away from anything else that writes to stdout. */
static int
take_stdout (void)
{
  int fd = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);

  if (fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    return -1;
  return fd;
}

int
ww_speaker_app_run (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char   *wav_dir = NULL;
  g_autofree char   *data_path = NULL;
  gboolean           realtime = FALSE;
  gboolean           test_requests = FALSE;
  App                app = { 0 };
  GThread           *thread;
  int                out_fd;
  const GOptionEntry entries[] = {
    { "wav-dir", 0, 0, G_OPTION_ARG_FILENAME, &wav_dir, "Write utterance-ID.wav files into DIR instead of playing",
      "DIR" },
    { "realtime", 0, 0, G_OPTION_ARG_NONE, &realtime, "With --wav-dir, produce audio no faster than it plays", NULL },
    { "data-path", 0, 0, G_OPTION_ARG_FILENAME, &data_path, "Use the espeak-ng data in DIR", "DIR" },
    { "test-requests", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &test_requests, NULL, NULL },
    { NULL },
  };

  context = g_option_context_new ("— speak requests read from stdin (one JSON object a line)");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("wegwijs-speaker: %s\n", error->message);
      return 2;
    }
  if (wav_dir != NULL && !g_file_test (wav_dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("wegwijs-speaker: %s is not a directory\n", wav_dir);
      return 2;
    }

  /* A kiosk that went away is noticed by a failing write, not a signal. */
  signal (SIGPIPE, SIG_IGN);
  out_fd = take_stdout ();
  if (out_fd < 0)
    {
      g_printerr ("wegwijs-speaker: cannot set up stdout: %s\n", g_strerror (errno));
      return 1;
    }
  ww_speaker_output_init (out_fd);

  app.options.wav_dir = wav_dir;
  app.options.data_path = data_path;
  app.options.realtime = realtime;
  app.test_requests = test_requests;
  g_mutex_init (&app.lock);
  g_cond_init (&app.cond);
  g_queue_init (&app.queue);
  app.line = g_string_new (NULL);

  thread = g_thread_new ("synthesis", synthesis_thread, &app);
  read_requests (&app);

  if (!stop_synthesis (&app))
    {
      /* The thread is stuck inside espeak-ng; only leaving ends it. */
      _exit (0);
    }

  g_thread_join (thread);
  g_queue_clear_full (&app.queue, (GDestroyNotify)ww_speaker_job_free);
  g_mutex_clear (&app.lock);
  g_cond_clear (&app.cond);
  g_string_free (app.line, TRUE);
  close (out_fd);

  return 0;
}

/* The request reader without the synthesis thread, for the fuzz target:
 * requests are parsed and queued, and the queue is only ever dropped. */
App *
_ww_speaker_app_new (gboolean test_requests)
{
  App *app = g_new0 (App, 1);

  app->test_requests = test_requests;
  g_mutex_init (&app->lock);
  g_cond_init (&app->cond);
  g_queue_init (&app->queue);
  app->line = g_string_new (NULL);

  return app;
}

void
_ww_speaker_app_feed (App *app, const char *data, gsize length)
{
  feed_requests (app, data, length);
}

void
_ww_speaker_app_free (App *app)
{
  g_queue_clear_full (&app->queue, (GDestroyNotify)ww_speaker_job_free);
  g_mutex_clear (&app->lock);
  g_cond_clear (&app->cond);
  g_string_free (app->line, TRUE);
  g_free (app);
}
