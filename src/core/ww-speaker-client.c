/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk's side of read-aloud: runs wegwijs-speaker as a child process
 * and speaks its pipe protocol (ww-speaker-protocol.h). Whatever the helper
 * does — crash, hang, write nonsense — the kiosk goes on: every line is
 * read with a length cap and ww_json_parse(), a dead or silent helper is
 * killed and started again with exponential backoff, and every utterance
 * ends with exactly one ::utterance-finished.
 *
 * Texts are sanitised here (ww-speech-sanitize.h) before they leave the
 * kiosk; word positions come back as characters of the sanitised text and
 * go out as bytes of the text the kiosk gave, ready for Pango attributes.
 */

#include "config.h"

#include "ww-speaker-client.h"
#include "ww-speaker-client-private.h"

#include <signal.h>
#include <string.h>

#include "ww-json.h"
#include "ww-language.h"
#include "ww-speaker-protocol.h"
#include "ww-speech-sanitize.h"

#define DEFAULT_WATCHDOG_MS 3000
#define DEFAULT_CANCEL_TIMEOUT_MS 100
#define DEFAULT_BACKOFF_MS 100
#define DEFAULT_BACKOFF_MAX_MS (30 * 1000)
#define READ_SIZE 4096

typedef struct
{
  guint         id;
  char         *language;
  int           rate;
  WwSpeechText *spoken;
  gboolean      test_hang;
  gboolean      sent;
  gboolean      started;
  gboolean      cancelling;
  gint64        cancel_time;
  gint64        waiting_since;
  gboolean      have_word;
  gsize         last_word;
} Utterance;

typedef struct
{
  guint           id;
  WwSpeechOutcome outcome;
} Finish;

struct _WwSpeakerClient
{
  GObject parent_instance;

  GStrv helper_argv;
  guint watchdog_timeout;
  guint cancel_timeout;
  guint backoff_initial;
  guint backoff_max;

  /* The helper of now; all of it is replaced on a restart. */
  GSubprocess   *helper;
  GCancellable  *helper_cancellable;
  GOutputStream *to_helper;
  GInputStream  *from_helper;
  GString       *line;
  GQueue         writes;
  gboolean       writing;
  gboolean       ready;

  GStrv  languages;
  GQueue utterances;
  GQueue finishes;
  guint  next_id;
  guint  failures;
  guint  restarts;
  gint64 last_progress;

  guint watchdog_source;
  guint restart_source;
  guint cancel_source;
  guint finish_source;
};

G_DEFINE_FINAL_TYPE (WwSpeakerClient, ww_speaker_client, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (WwSpeechRate,
                    ww_speech_rate,
                    G_DEFINE_ENUM_VALUE (WW_SPEECH_RATE_SLOW, "slow"),
                    G_DEFINE_ENUM_VALUE (WW_SPEECH_RATE_NORMAL, "normal"),
                    G_DEFINE_ENUM_VALUE (WW_SPEECH_RATE_FAST, "fast"))

G_DEFINE_ENUM_TYPE (WwSpeechOutcome,
                    ww_speech_outcome,
                    G_DEFINE_ENUM_VALUE (WW_SPEECH_OUTCOME_COMPLETED, "completed"),
                    G_DEFINE_ENUM_VALUE (WW_SPEECH_OUTCOME_CANCELLED, "cancelled"),
                    G_DEFINE_ENUM_VALUE (WW_SPEECH_OUTCOME_FAILED, "failed"))

enum
{
  PROP_0,
  PROP_HELPER_ARGV,
  PROP_RUNNING,
  PROP_SPEAKING,
  PROP_AVAILABLE_LANGUAGES,
  PROP_WATCHDOG_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  UTTERANCE_STARTED,
  WORD,
  UTTERANCE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void spawn_helper (WwSpeakerClient *self);
static void read_more (WwSpeakerClient *self);
static void write_next (WwSpeakerClient *self);
static void lose_helper (WwSpeakerClient *self, const char *reason);

static void
utterance_free (Utterance *utterance)
{
  g_free (utterance->language);
  g_clear_pointer (&utterance->spoken, ww_speech_text_free);
  g_free (utterance);
}

static int
rate_to_words_per_minute (WwSpeechRate rate)
{
  switch (rate)
    {
    case WW_SPEECH_RATE_SLOW:
      return 115;
    case WW_SPEECH_RATE_FAST:
      return 180;
    case WW_SPEECH_RATE_NORMAL:
    default:
      return WW_SPEAKER_RATE_DEFAULT;
    }
}

static Utterance *
find_utterance (WwSpeakerClient *self, guint id)
{
  for (GList *l = self->utterances.head; l != NULL; l = l->next)
    if (((Utterance *)l->data)->id == id)
      return l->data;
  return NULL;
}

static gboolean
has_sent_utterance (WwSpeakerClient *self)
{
  for (GList *l = self->utterances.head; l != NULL; l = l->next)
    if (((Utterance *)l->data)->sent)
      return TRUE;
  return FALSE;
}

static void
update_speaking (WwSpeakerClient *self, gboolean was_speaking)
{
  if (was_speaking != !g_queue_is_empty (&self->utterances))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);
}

static void
emit_finishes (WwSpeakerClient *self, GArray *finishes)
{
  g_object_ref (self);
  for (guint i = 0; i < finishes->len; i++)
    {
      Finish *finish = &g_array_index (finishes, Finish, i);

      g_signal_emit (self, signals[UTTERANCE_FINISHED], 0, finish->id, finish->outcome);
    }
  g_object_unref (self);
}

static gboolean
dispatch_finishes_cb (gpointer data)
{
  WwSpeakerClient *self = data;
  g_autoptr (GArray) finishes = g_array_new (FALSE, FALSE, sizeof (Finish));
  Finish *finish;

  self->finish_source = 0;
  while ((finish = g_queue_pop_head (&self->finishes)) != NULL)
    {
      g_array_append_val (finishes, *finish);
      g_free (finish);
    }
  emit_finishes (self, finishes);

  return G_SOURCE_REMOVE;
}

/* For utterances that end inside a call of the kiosk's: the signal comes
 * from the main loop, never from inside speak() or cancel(). */
static void
finish_later (WwSpeakerClient *self, guint id, WwSpeechOutcome outcome)
{
  Finish *finish = g_new (Finish, 1);

  finish->id = id;
  finish->outcome = outcome;
  g_queue_push_tail (&self->finishes, finish);
  if (self->finish_source == 0)
    self->finish_source = g_idle_add_full (G_PRIORITY_DEFAULT, dispatch_finishes_cb, self, NULL);
}

/* The helper owes an answer while it starts and while it speaks. */
static gboolean
answer_due (WwSpeakerClient *self)
{
  return self->helper != NULL && (!self->ready || has_sent_utterance (self));
}

/*
 * One timer for two deadlines: a helper that owes an answer may stay
 * silent for the watchdog timeout, and an utterance may wait that long for
 * a helper to take it.
 */
static gint64
watchdog_deadline (WwSpeakerClient *self)
{
  gint64 timeout = (gint64)self->watchdog_timeout * 1000;
  gint64 deadline = answer_due (self) ? self->last_progress + timeout : G_MAXINT64;

  for (GList *l = self->utterances.head; l != NULL; l = l->next)
    {
      Utterance *utterance = l->data;

      if (!utterance->sent)
        deadline = MIN (deadline, utterance->waiting_since + timeout);
    }
  return deadline;
}

static gboolean watchdog_cb (gpointer data);

static void
update_watchdog (WwSpeakerClient *self)
{
  gint64 deadline = watchdog_deadline (self);
  gint64 wait_ms;

  g_clear_handle_id (&self->watchdog_source, g_source_remove);
  if (deadline == G_MAXINT64)
    return;

  wait_ms = (deadline - g_get_monotonic_time ()) / 1000 + 1;
  self->watchdog_source = g_timeout_add ((guint)CLAMP (wait_ms, 1, (gint64)self->watchdog_timeout), watchdog_cb, self);
}

typedef struct
{
  WwSpeakerClient *self;
  GBytes          *bytes;
} PendingWrite;

static void
helper_input_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  PendingWrite *pending = data;
  g_autoptr (GError) error = NULL;
  WwSpeakerClient *self = pending->self;
  gboolean         ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);

  /* The write owned its bytes: the stream may read them until it ends. */
  g_bytes_unref (pending->bytes);
  g_free (pending);

  /* Cancelled: that helper was replaced, and @self may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->writing = FALSE;
  if (!ok)
    {
      g_debug ("cannot write to the speech helper: %s", error->message);
      lose_helper (self, "does not take requests any more");
      return;
    }
  write_next (self);
}

static void
write_next (WwSpeakerClient *self)
{
  PendingWrite *pending;

  if (self->writing || self->to_helper == NULL || g_queue_is_empty (&self->writes))
    return;

  pending = g_new (PendingWrite, 1);
  pending->self = self;
  pending->bytes = g_queue_pop_head (&self->writes);
  self->writing = TRUE;
  g_output_stream_write_all_async (self->to_helper, g_bytes_get_data (pending->bytes, NULL),
                                   g_bytes_get_size (pending->bytes), G_PRIORITY_DEFAULT, self->helper_cancellable,
                                   helper_input_cb, pending);
}

/* Takes @message. */
static void
send_message (WwSpeakerClient *self, json_object *message)
{
  g_autoptr (json_object) owned = message;
  gsize       length;
  const char *text =
      json_object_to_json_string_length (message, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &length);
  GString *line = g_string_sized_new (length + 1);

  g_string_append_len (line, text, (gssize)length);
  g_string_append_c (line, '\n');
  g_queue_push_tail (&self->writes, g_string_free_to_bytes (line));
  write_next (self);
}

static json_object *
request_new (const char *type, guint id)
{
  json_object *request = json_object_new_object ();

  json_object_object_add (request, "request", json_object_new_string (type));
  if (id != 0)
    json_object_object_add (request, "id", json_object_new_int64 (id));
  return request;
}

static void
send_utterance (WwSpeakerClient *self, Utterance *utterance)
{
  json_object *request;

  if (utterance->test_hang)
    {
      request = request_new ("test-hang", utterance->id);
    }
  else
    {
      gsize       length;
      const char *text = ww_speech_text_get_text (utterance->spoken, &length);

      request = request_new ("speak", utterance->id);
      json_object_object_add (request, "language", json_object_new_string (utterance->language));
      json_object_object_add (request, "rate", json_object_new_int (utterance->rate));
      json_object_object_add (request, "text", json_object_new_string_len (text, (int)length));
    }

  /* The helper owes an answer from now, if it owed none. */
  if (!has_sent_utterance (self))
    self->last_progress = g_get_monotonic_time ();
  utterance->sent = TRUE;
  send_message (self, request);
}

static gboolean
restart_cb (gpointer data)
{
  WwSpeakerClient *self = data;

  self->restart_source = 0;
  self->restarts++;
  spawn_helper (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_restart (WwSpeakerClient *self)
{
  guint delay = self->backoff_initial;

  for (guint i = 1; i < self->failures && delay < self->backoff_max; i++)
    delay *= 2;
  delay = MIN (delay, self->backoff_max);

  g_clear_handle_id (&self->restart_source, g_source_remove);
  self->restart_source = g_timeout_add (delay, restart_cb, self);
}

static void
forget_helper (WwSpeakerClient *self)
{
  if (self->helper_cancellable != NULL)
    g_cancellable_cancel (self->helper_cancellable);
  if (self->helper != NULL)
    g_subprocess_force_exit (self->helper);

  g_clear_object (&self->helper_cancellable);
  g_clear_object (&self->helper);
  g_clear_object (&self->to_helper);
  g_clear_object (&self->from_helper);
  g_queue_clear_full (&self->writes, (GDestroyNotify)g_bytes_unref);
  g_string_truncate (self->line, 0);
  self->writing = FALSE;
  self->ready = FALSE;
}

/*
 * The helper died, hung or talked nonsense: kill it, fail the utterance it
 * was speaking (it may be what killed it; it is not tried again), give the
 * utterances after it to the next helper, and start one after a backoff.
 */
static void
lose_helper (WwSpeakerClient *self, const char *reason)
{
  g_autoptr (GArray) finishes = g_array_new (FALSE, FALSE, sizeof (Finish));
  gboolean was_ready = self->ready;
  gboolean was_speaking = !g_queue_is_empty (&self->utterances);
  gboolean culprit_found = FALSE;
  GList   *l = self->utterances.head;

  if (self->helper == NULL)
    return;

  g_message ("The speech helper %s; it is restarted.", reason);
  forget_helper (self);

  while (l != NULL)
    {
      Utterance *utterance = l->data;
      GList     *next = l->next;
      gboolean   culprit = utterance->sent && !culprit_found;

      culprit_found |= utterance->sent;
      if (utterance->sent && (utterance->cancelling || culprit))
        {
          Finish finish = { utterance->id,
                            utterance->cancelling ? WW_SPEECH_OUTCOME_CANCELLED : WW_SPEECH_OUTCOME_FAILED };

          g_array_append_val (finishes, finish);
          g_queue_delete_link (&self->utterances, l);
          utterance_free (utterance);
        }
      else if (utterance->sent)
        {
          utterance->sent = FALSE;
          utterance->started = FALSE;
          utterance->have_word = FALSE;
          utterance->waiting_since = g_get_monotonic_time ();
        }
      l = next;
    }

  self->failures++;
  g_clear_handle_id (&self->cancel_source, g_source_remove);
  schedule_restart (self);
  update_watchdog (self);

  g_object_ref (self);
  if (was_ready)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  update_speaking (self, was_speaking);
  emit_finishes (self, finishes);
  g_object_unref (self);
}

/* Utterances that waited for a helper longer than the watchdog allows are
 * stale: the resident has moved on. */
static void
fail_stale_waiting (WwSpeakerClient *self)
{
  g_autoptr (GArray) finishes = g_array_new (FALSE, FALSE, sizeof (Finish));
  gboolean was_speaking = !g_queue_is_empty (&self->utterances);
  gint64   now = g_get_monotonic_time ();
  GList   *l = self->utterances.head;

  while (l != NULL)
    {
      Utterance *utterance = l->data;
      GList     *next = l->next;

      if (!utterance->sent && now - utterance->waiting_since >= (gint64)self->watchdog_timeout * 1000)
        {
          Finish finish = { utterance->id, WW_SPEECH_OUTCOME_FAILED };

          g_array_append_val (finishes, finish);
          g_queue_delete_link (&self->utterances, l);
          utterance_free (utterance);
        }
      l = next;
    }
  if (finishes->len == 0)
    return;

  g_object_ref (self);
  update_speaking (self, was_speaking);
  emit_finishes (self, finishes);
  g_object_unref (self);
}

static gboolean
watchdog_cb (gpointer data)
{
  WwSpeakerClient *self = data;
  gint64           now = g_get_monotonic_time ();

  self->watchdog_source = 0;

  g_object_ref (self);
  if (answer_due (self) && now - self->last_progress >= (gint64)self->watchdog_timeout * 1000)
    lose_helper (self, "stopped responding");
  fail_stale_waiting (self);
  update_watchdog (self);
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

static gboolean cancel_timeout_cb (gpointer data);

static void
update_cancel_timer (WwSpeakerClient *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 first = G_MAXINT64;

  g_clear_handle_id (&self->cancel_source, g_source_remove);
  for (GList *l = self->utterances.head; l != NULL; l = l->next)
    {
      Utterance *utterance = l->data;

      if (utterance->sent && utterance->cancelling)
        first = MIN (first, utterance->cancel_time);
    }
  if (first == G_MAXINT64)
    return;

  self->cancel_source =
      g_timeout_add ((guint)CLAMP (first / 1000 + self->cancel_timeout - now / 1000, 1, (gint64)self->cancel_timeout),
                     cancel_timeout_cb, self);
}

/* A helper that does not confirm a cancel in time is killed: that silences
 * it for sure, and the kiosk promised silence within 100 ms. */
static gboolean
cancel_timeout_cb (gpointer data)
{
  WwSpeakerClient *self = data;
  gint64           now = g_get_monotonic_time ();

  self->cancel_source = 0;
  for (GList *l = self->utterances.head; l != NULL; l = l->next)
    {
      Utterance *utterance = l->data;

      if (utterance->sent && utterance->cancelling && now - utterance->cancel_time >= self->cancel_timeout * 1000)
        {
          lose_helper (self, "did not stop speaking in time");
          return G_SOURCE_REMOVE;
        }
    }
  update_cancel_timer (self);

  return G_SOURCE_REMOVE;
}

static void
set_languages (WwSpeakerClient *self, json_object *array)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) languages = NULL;
  gsize n = json_object_array_length (array);

  /* Only kiosk languages, each once, in the kiosk's order. */
  for (const char *const *code = ww_language_get_all (); *code != NULL; code++)
    for (gsize i = 0; i < n; i++)
      {
        json_object *item = json_object_array_get_idx (array, i);

        if (json_object_is_type (item, json_type_string) && g_str_equal (json_object_get_string (item), *code))
          {
            g_strv_builder_add (builder, *code);
            break;
          }
      }

  languages = g_strv_builder_end (builder);
  if (self->languages != NULL && g_strv_equal ((const char *const *)self->languages, (const char *const *)languages))
    return;

  g_strfreev (self->languages);
  self->languages = g_steal_pointer (&languages);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE_LANGUAGES]);
}

static void
handle_ready (WwSpeakerClient *self, json_object *event)
{
  g_autoptr (GArray) finishes = g_array_new (FALSE, FALSE, sizeof (Finish));
  json_object *languages;
  json_object *audio;
  gboolean     was_speaking = !g_queue_is_empty (&self->utterances);
  gboolean     was_ready = self->ready;
  GList       *l = self->utterances.head;

  if (json_object_object_get_ex (event, "languages", &languages) && json_object_is_type (languages, json_type_array))
    set_languages (self, languages);
  if (json_object_object_get_ex (event, "audio", &audio) && json_object_is_type (audio, json_type_boolean) &&
      !json_object_get_boolean (audio))
    g_message ("The speech helper has no sound output; read-aloud is not available.");

  self->ready = TRUE;

  /* What waited for this helper goes to it now, unless it cannot be said. */
  while (l != NULL)
    {
      Utterance *utterance = l->data;
      GList     *next = l->next;

      if (!utterance->sent)
        {
          if (utterance->test_hang || ww_speaker_client_has_language (self, utterance->language))
            {
              send_utterance (self, utterance);
            }
          else
            {
              Finish finish = { utterance->id, WW_SPEECH_OUTCOME_FAILED };

              g_array_append_val (finishes, finish);
              g_queue_delete_link (&self->utterances, l);
              utterance_free (utterance);
            }
        }
      l = next;
    }

  update_watchdog (self);

  g_object_ref (self);
  if (!was_ready)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  update_speaking (self, was_speaking);
  emit_finishes (self, finishes);
  g_object_unref (self);
}

static const char *
get_string (json_object *object, const char *name)
{
  json_object *member;

  if (!json_object_object_get_ex (object, name, &member) || !json_object_is_type (member, json_type_string))
    return NULL;
  return json_object_get_string (member);
}

static gboolean
get_uint (json_object *object, const char *name, guint *value)
{
  json_object *member;
  gint64       number;

  if (!json_object_object_get_ex (object, name, &member) || !json_object_is_type (member, json_type_int))
    return FALSE;

  number = json_object_get_int64 (member);
  if (number < 0 || number > G_MAXUINT32)
    return FALSE;

  *value = (guint)number;
  return TRUE;
}

static void
handle_word (WwSpeakerClient *self, Utterance *utterance, json_object *event)
{
  guint offset, length;
  gsize source_offset, source_length;

  if (utterance->cancelling || utterance->spoken == NULL)
    return;
  if (!get_uint (event, "offset", &offset) || !get_uint (event, "length", &length))
    return;
  if (!ww_speech_text_map_range (utterance->spoken, offset, length, &source_offset, &source_length))
    return;
  /* The helper promises growing offsets; the kiosk gets them, whatever
   * the helper does. */
  if (utterance->have_word && source_offset <= utterance->last_word)
    return;

  utterance->have_word = TRUE;
  utterance->last_word = source_offset;
  g_signal_emit (self, signals[WORD], 0, utterance->id, (guint)source_offset, (guint)source_length);
}

static void
handle_end (WwSpeakerClient *self, Utterance *utterance, json_object *event)
{
  g_autoptr (GArray) finishes = g_array_new (FALSE, FALSE, sizeof (Finish));
  json_object *status;
  const char  *text = NULL;
  Finish       finish = { utterance->id, WW_SPEECH_OUTCOME_FAILED };

  if (json_object_object_get_ex (event, "status", &status) && json_object_is_type (status, json_type_string))
    text = json_object_get_string (status);
  if (g_strcmp0 (text, "completed") == 0)
    finish.outcome = WW_SPEECH_OUTCOME_COMPLETED;
  else if (g_strcmp0 (text, "cancelled") == 0 || utterance->cancelling)
    finish.outcome = WW_SPEECH_OUTCOME_CANCELLED;

  /* A helper that gets through an utterance is healthy again. */
  if (finish.outcome == WW_SPEECH_OUTCOME_COMPLETED)
    self->failures = 0;

  g_queue_remove (&self->utterances, utterance);
  utterance_free (utterance);
  g_array_append_val (finishes, finish);

  update_watchdog (self);
  update_cancel_timer (self);
  update_speaking (self, TRUE);
  emit_finishes (self, finishes);
}

static void
handle_line (WwSpeakerClient *self, const char *line, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (json_object) event = NULL;
  json_object *member;
  const char  *type;
  Utterance   *utterance;
  guint        id;

  event = ww_json_parse (line, length, WW_SPEAKER_MAX_DEPTH, &error);
  if (event == NULL || !json_object_is_type (event, json_type_object) ||
      !json_object_object_get_ex (event, "event", &member) || !json_object_is_type (member, json_type_string))
    {
      g_debug ("Ignoring a line from the speech helper: %s", error != NULL ? error->message : "not an event");
      return;
    }

  type = json_object_get_string (member);
  self->last_progress = g_get_monotonic_time ();

  if (g_str_equal (type, "ready"))
    {
      handle_ready (self, event);
      return;
    }
  if (g_str_equal (type, "error"))
    {
      const char *code = get_string (event, "code");
      const char *message = get_string (event, "message");

      g_message ("The speech helper reports %s: %s", code != NULL ? code : "an error",
                 message != NULL ? message : "(no message)");
    }

  if (!get_uint (event, "id", &id) || (utterance = find_utterance (self, id)) == NULL || !utterance->sent)
    return;

  if (g_str_equal (type, "start"))
    {
      if (!utterance->started && !utterance->cancelling)
        {
          utterance->started = TRUE;
          g_signal_emit (self, signals[UTTERANCE_STARTED], 0, id);
        }
    }
  else if (g_str_equal (type, "word"))
    {
      handle_word (self, utterance, event);
    }
  else if (g_str_equal (type, "end"))
    {
      handle_end (self, utterance, event);
    }
}

/* Splits what the helper wrote into lines; a line over the cap means the
 * helper is not itself any more. */
static gboolean
take_output (WwSpeakerClient *self, const char *data, gsize size)
{
  GCancellable *cancellable = self->helper_cancellable;

  while (size > 0)
    {
      const char *newline = memchr (data, '\n', size);
      gsize       chunk = newline != NULL ? (gsize)(newline - data) : size;

      if (self->line->len + chunk > WW_SPEAKER_MAX_LINE)
        {
          lose_helper (self, "wrote a line that is too long");
          return FALSE;
        }
      g_string_append_len (self->line, data, (gssize)chunk);
      data += chunk;
      size -= chunk;

      if (newline != NULL)
        {
          /* A copy: a handler may restart the helper, and its buffer. */
          g_autofree char *line = g_memdup2 (self->line->str, self->line->len + 1);
          gsize            length = self->line->len;

          data++;
          size--;
          g_string_truncate (self->line, 0);
          handle_line (self, line, length);

          /* A handler may have stopped us, or the line the helper. */
          if (self->helper_cancellable != cancellable || g_cancellable_is_cancelled (cancellable))
            return FALSE;
        }
    }

  return TRUE;
}

static void
helper_output_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  WwSpeakerClient *self = data;
  gboolean         go_on;

  /* Cancelled: that helper was replaced, and @self may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (bytes == NULL)
    {
      g_debug ("cannot read from the speech helper: %s", error->message);
      lose_helper (self, "cannot be read");
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      lose_helper (self, "ended");
      return;
    }

  g_object_ref (self);
  go_on = take_output (self, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (go_on)
    read_more (self);
  g_object_unref (self);
}

static void
read_more (WwSpeakerClient *self)
{
  g_input_stream_read_bytes_async (self->from_helper, READ_SIZE, G_PRIORITY_DEFAULT, self->helper_cancellable,
                                   helper_output_cb, self);
}

static void
helper_exited_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  WwSpeakerClient *self = data;
  GSubprocess     *helper = G_SUBPROCESS (source);
  g_autofree char *reason = NULL;

  if (!g_subprocess_wait_finish (helper, result, &error))
    return;
  if (helper != self->helper)
    return;

  if (g_subprocess_get_if_signaled (helper))
    reason = g_strdup_printf ("was killed by signal %d (%s)", g_subprocess_get_term_sig (helper),
                              g_strsignal (g_subprocess_get_term_sig (helper)));
  else
    reason = g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (helper));
  lose_helper (self, reason);
}

static void
spawn_helper (WwSpeakerClient *self)
{
  g_autoptr (GError) error = NULL;
  const char *const default_argv[] = { g_getenv ("WW_SPEAKER_HELPER") != NULL ? g_getenv ("WW_SPEAKER_HELPER")
                                                                              : WW_SPEAKER_PATH,
                                       NULL };
  const char *const *argv = self->helper_argv != NULL ? (const char *const *)self->helper_argv : default_argv;

  g_return_if_fail (self->helper == NULL);

  self->helper = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (self->helper == NULL)
    {
      g_message ("Cannot start the speech helper: %s", error->message);
      self->failures++;
      schedule_restart (self);
      update_watchdog (self);
      return;
    }

  self->helper_cancellable = g_cancellable_new ();
  self->to_helper = g_object_ref (g_subprocess_get_stdin_pipe (self->helper));
  self->from_helper = g_object_ref (g_subprocess_get_stdout_pipe (self->helper));
  g_subprocess_wait_async (self->helper, self->helper_cancellable, helper_exited_cb, self);
  read_more (self);

  self->last_progress = g_get_monotonic_time ();
  update_watchdog (self);
}

static void
ignore_sigpipe (void)
{
  struct sigaction action;

  /* A helper that dies while we write to it must be an error to handle,
   * not a signal that ends the kiosk. */
  if (sigaction (SIGPIPE, NULL, &action) == 0 && action.sa_handler == SIG_DFL)
    signal (SIGPIPE, SIG_IGN);
}

static void
ww_speaker_client_dispose (GObject *object)
{
  WwSpeakerClient *self = WW_SPEAKER_CLIENT (object);

  forget_helper (self);
  g_clear_handle_id (&self->watchdog_source, g_source_remove);
  g_clear_handle_id (&self->restart_source, g_source_remove);
  g_clear_handle_id (&self->cancel_source, g_source_remove);
  g_clear_handle_id (&self->finish_source, g_source_remove);
  g_queue_clear_full (&self->utterances, (GDestroyNotify)utterance_free);
  g_queue_clear_full (&self->finishes, g_free);

  G_OBJECT_CLASS (ww_speaker_client_parent_class)->dispose (object);
}

static void
ww_speaker_client_finalize (GObject *object)
{
  WwSpeakerClient *self = WW_SPEAKER_CLIENT (object);

  g_strfreev (self->helper_argv);
  g_strfreev (self->languages);
  g_string_free (self->line, TRUE);

  G_OBJECT_CLASS (ww_speaker_client_parent_class)->finalize (object);
}

static void
ww_speaker_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwSpeakerClient *self = WW_SPEAKER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HELPER_ARGV:
      g_value_set_boxed (value, self->helper_argv);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_SPEAKING:
      g_value_set_boolean (value, ww_speaker_client_get_speaking (self));
      break;
    case PROP_AVAILABLE_LANGUAGES:
      g_value_set_boxed (value, ww_speaker_client_get_available_languages (self));
      break;
    case PROP_WATCHDOG_TIMEOUT:
      g_value_set_uint (value, self->watchdog_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_speaker_client_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwSpeakerClient *self = WW_SPEAKER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HELPER_ARGV:
      self->helper_argv = g_value_dup_boxed (value);
      break;
    case PROP_WATCHDOG_TIMEOUT:
      ww_speaker_client_set_watchdog_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_speaker_client_class_init (WwSpeakerClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ww_speaker_client_dispose;
  object_class->finalize = ww_speaker_client_finalize;
  object_class->get_property = ww_speaker_client_get_property;
  object_class->set_property = ww_speaker_client_set_property;

  /**
   * WwSpeakerClient:helper-argv:
   *
   * How to run the helper; %NULL runs the installed wegwijs-speaker (or
   * the one named by the environment variable WW_SPEAKER_HELPER).
   */
  properties[PROP_HELPER_ARGV] = g_param_spec_boxed (
      "helper-argv", NULL, NULL, G_TYPE_STRV, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * WwSpeakerClient:running:
   *
   * Whether a helper is up and has said which languages it speaks.
   */
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwSpeakerClient:speaking:
   *
   * Whether an utterance has not finished yet (the read-aloud button shows
   * "stop" while this is true).
   */
  properties[PROP_SPEAKING] = g_param_spec_boolean (
      "speaking", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwSpeakerClient:available-languages:
   *
   * The kiosk languages that can be read aloud: a voice was found and there
   * is sound output. Empty until the helper first started. The kiosk hides
   * read-aloud for the others.
   */
  properties[PROP_AVAILABLE_LANGUAGES] =
      g_param_spec_boxed ("available-languages", NULL, NULL, G_TYPE_STRV,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwSpeakerClient:watchdog-timeout:
   *
   * Milliseconds the helper may stay silent while an answer is due (it is
   * starting or speaking) before it counts as hung and is restarted.
   */
  properties[PROP_WATCHDOG_TIMEOUT] =
      g_param_spec_uint ("watchdog-timeout", NULL, NULL, 100, 60 * 1000, DEFAULT_WATCHDOG_MS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WwSpeakerClient::utterance-started:
   * @id: the utterance
   *
   * Audio of the utterance begins. An utterance with nothing audible in it
   * may finish without starting.
   */
  signals[UTTERANCE_STARTED] = g_signal_new ("utterance-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                             NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * WwSpeakerClient::word:
   * @id: the utterance
   * @offset: first byte of the word in the text given to speak()
   * @length: length of the word in bytes
   *
   * A word is being spoken. Offsets are bytes of the UTF-8 text that was
   * passed to ww_speaker_client_speak() (what Pango attributes take), and
   * only grow within an utterance. Not emitted after cancel().
   */
  signals[WORD] = g_signal_new ("word", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * WwSpeakerClient::utterance-finished:
   * @id: the utterance
   * @outcome: a #WwSpeechOutcome
   *
   * Emitted exactly once for every id speak() returned, always from the
   * main loop (never from inside a call to the client).
   */
  signals[UTTERANCE_FINISHED] = g_signal_new ("utterance-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                              NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, WW_TYPE_SPEECH_OUTCOME);

  ignore_sigpipe ();
}

static void
ww_speaker_client_init (WwSpeakerClient *self)
{
  self->watchdog_timeout = DEFAULT_WATCHDOG_MS;
  self->cancel_timeout = DEFAULT_CANCEL_TIMEOUT_MS;
  self->backoff_initial = DEFAULT_BACKOFF_MS;
  self->backoff_max = DEFAULT_BACKOFF_MAX_MS;
  self->line = g_string_new (NULL);
  self->languages = g_new0 (char *, 1);
  self->next_id = 1;
  g_queue_init (&self->writes);
  g_queue_init (&self->utterances);
  g_queue_init (&self->finishes);
}

/**
 * ww_speaker_client_new:
 * @helper_argv: (nullable): how to run the helper, %NULL for the installed one
 *
 * The helper is not started until ww_speaker_client_start() or the first
 * ww_speaker_client_speak().
 */
WwSpeakerClient *
ww_speaker_client_new (const char *const *helper_argv)
{
  return g_object_new (WW_TYPE_SPEAKER_CLIENT, "helper-argv", helper_argv, NULL);
}

/* Starts the helper if it is not running (or about to be restarted), so that
 * :available-languages is known before the first utterance. */
void
ww_speaker_client_start (WwSpeakerClient *self)
{
  g_return_if_fail (WW_IS_SPEAKER_CLIENT (self));

  if (self->helper == NULL && self->restart_source == 0)
    spawn_helper (self);
}

/**
 * ww_speaker_client_speak:
 * @language: a kiosk language code ("nl", "ar", …)
 * @rate: how fast
 * @text: UTF-8 text as the kiosk shows it; it is sanitised before speaking
 *
 * Queues @text after what is being spoken (call ww_speaker_client_stop()
 * first to replace it). Never blocks.
 *
 * Returns: the id of the utterance, never 0; ::utterance-finished follows
 *   for it, also when it cannot be spoken
 */
guint
ww_speaker_client_speak (WwSpeakerClient *self, const char *language, WwSpeechRate rate, const char *text)
{
  g_autoptr (WwSpeechText) spoken = NULL;
  Utterance *utterance;
  gboolean   was_speaking;
  guint      id;

  g_return_val_if_fail (WW_IS_SPEAKER_CLIENT (self), 0);
  g_return_val_if_fail (ww_language_is_known (language), 0);
  g_return_val_if_fail (text != NULL, 0);

  id = self->next_id++;
  if (self->next_id == 0)
    self->next_id = 1;

  spoken = ww_speech_sanitize (text, -1, 0);
  if (ww_speech_text_get_n_chars (spoken) == 0)
    {
      finish_later (self, id, WW_SPEECH_OUTCOME_COMPLETED);
      return id;
    }
  if (self->ready && !ww_speaker_client_has_language (self, language))
    {
      finish_later (self, id, WW_SPEECH_OUTCOME_FAILED);
      return id;
    }

  was_speaking = !g_queue_is_empty (&self->utterances);
  utterance = g_new0 (Utterance, 1);
  utterance->id = id;
  utterance->language = g_strdup (language);
  utterance->rate = rate_to_words_per_minute (rate);
  utterance->spoken = g_steal_pointer (&spoken);
  utterance->waiting_since = g_get_monotonic_time ();
  g_queue_push_tail (&self->utterances, utterance);

  if (self->ready)
    send_utterance (self, utterance);
  else
    ww_speaker_client_start (self);
  update_watchdog (self);
  update_speaking (self, was_speaking);

  return id;
}

static void
cancel_utterance (WwSpeakerClient *self, Utterance *utterance, gboolean tell_helper)
{
  if (!utterance->sent)
    {
      finish_later (self, utterance->id, WW_SPEECH_OUTCOME_CANCELLED);
      g_queue_remove (&self->utterances, utterance);
      utterance_free (utterance);
      return;
    }
  if (utterance->cancelling)
    return;

  utterance->cancelling = TRUE;
  utterance->cancel_time = g_get_monotonic_time ();
  if (tell_helper)
    send_message (self, request_new ("cancel", utterance->id));
}

/**
 * ww_speaker_client_cancel:
 * @id: an utterance from ww_speaker_client_speak(); an unknown or finished
 *   one is ignored
 *
 * Silences the utterance within 100 ms (a helper that does not confirm in
 * time is killed). No ::word follows; ::utterance-finished does.
 */
void
ww_speaker_client_cancel (WwSpeakerClient *self, guint id)
{
  Utterance *utterance;
  gboolean   was_speaking;

  g_return_if_fail (WW_IS_SPEAKER_CLIENT (self));

  utterance = find_utterance (self, id);
  if (utterance == NULL)
    return;

  was_speaking = !g_queue_is_empty (&self->utterances);
  cancel_utterance (self, utterance, TRUE);
  update_cancel_timer (self);
  update_watchdog (self);
  update_speaking (self, was_speaking);
}

/* Cancels every utterance: what is spoken and what waits. */
void
ww_speaker_client_stop (WwSpeakerClient *self)
{
  gboolean tell_helper = FALSE;
  gboolean was_speaking;
  GList   *l;

  g_return_if_fail (WW_IS_SPEAKER_CLIENT (self));

  was_speaking = !g_queue_is_empty (&self->utterances);
  l = self->utterances.head;
  while (l != NULL)
    {
      Utterance *utterance = l->data;

      l = l->next;
      tell_helper |= utterance->sent && !utterance->cancelling;
      cancel_utterance (self, utterance, FALSE);
    }
  if (tell_helper)
    send_message (self, request_new ("stop", 0));

  update_cancel_timer (self);
  update_watchdog (self);
  update_speaking (self, was_speaking);
}

gboolean
ww_speaker_client_get_running (WwSpeakerClient *self)
{
  g_return_val_if_fail (WW_IS_SPEAKER_CLIENT (self), FALSE);

  return self->ready;
}

gboolean
ww_speaker_client_get_speaking (WwSpeakerClient *self)
{
  g_return_val_if_fail (WW_IS_SPEAKER_CLIENT (self), FALSE);

  return !g_queue_is_empty (&self->utterances);
}

/* Returns: (transfer none): see WwSpeakerClient:available-languages */
const char *const *
ww_speaker_client_get_available_languages (WwSpeakerClient *self)
{
  g_return_val_if_fail (WW_IS_SPEAKER_CLIENT (self), NULL);

  return (const char *const *)self->languages;
}

gboolean
ww_speaker_client_has_language (WwSpeakerClient *self, const char *language)
{
  g_return_val_if_fail (WW_IS_SPEAKER_CLIENT (self), FALSE);

  return language != NULL && g_strv_contains ((const char *const *)self->languages, language);
}

guint
ww_speaker_client_get_watchdog_timeout (WwSpeakerClient *self)
{
  g_return_val_if_fail (WW_IS_SPEAKER_CLIENT (self), 0);

  return self->watchdog_timeout;
}

void
ww_speaker_client_set_watchdog_timeout (WwSpeakerClient *self, guint timeout_ms)
{
  g_return_if_fail (WW_IS_SPEAKER_CLIENT (self));

  timeout_ms = CLAMP (timeout_ms, 100, 60 * 1000);
  if (self->watchdog_timeout == timeout_ms)
    return;

  self->watchdog_timeout = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCHDOG_TIMEOUT]);
}

GPid
_ww_speaker_client_get_helper_pid (WwSpeakerClient *self)
{
  const char *identifier;

  g_return_val_if_fail (WW_IS_SPEAKER_CLIENT (self), 0);

  if (self->helper == NULL || (identifier = g_subprocess_get_identifier (self->helper)) == NULL)
    return 0;
  return (GPid)g_ascii_strtoll (identifier, NULL, 10);
}

guint
_ww_speaker_client_get_restarts (WwSpeakerClient *self)
{
  g_return_val_if_fail (WW_IS_SPEAKER_CLIENT (self), 0);

  return self->restarts;
}

void
_ww_speaker_client_set_backoff (WwSpeakerClient *self, guint initial_ms, guint max_ms)
{
  g_return_if_fail (WW_IS_SPEAKER_CLIENT (self));
  g_return_if_fail (initial_ms > 0 && max_ms >= initial_ms);

  self->backoff_initial = initial_ms;
  self->backoff_max = max_ms;
}

/* Queues the helper's test-only "test-hang" request as if it were an
 * utterance (the helper must run with --test-requests). */
guint
_ww_speaker_client_test_hang (WwSpeakerClient *self)
{
  Utterance *utterance;
  gboolean   was_speaking;

  g_return_val_if_fail (WW_IS_SPEAKER_CLIENT (self), 0);

  was_speaking = !g_queue_is_empty (&self->utterances);
  utterance = g_new0 (Utterance, 1);
  utterance->id = self->next_id++;
  utterance->language = g_strdup ("nl");
  utterance->test_hang = TRUE;
  utterance->waiting_since = g_get_monotonic_time ();
  g_queue_push_tail (&self->utterances, utterance);

  if (self->ready)
    send_utterance (self, utterance);
  else
    ww_speaker_client_start (self);
  update_watchdog (self);
  update_speaking (self, was_speaking);

  return utterance->id;
}
