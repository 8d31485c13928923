/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The only code in Wegwijs that calls libespeak-ng. espeak-ng keeps global
 * state and is not thread-safe, so one thread (the helper's synthesis
 * thread) makes every call, and there is one engine per process.
 *
 * Two ways to produce sound:
 * - playing: espeak-ng's asynchronous mode with its own audio output. Its
 *   threads synthesise and play; its event thread reports words as they are
 *   heard. espeak_ng_Cancel() stops and flushes the audio.
 * - WAV files: the synchronous mode; the synthesis callback writes each
 *   buffer to the file and returns 1 to stop when a cancel has come in.
 *
 * espeak-ng reports word positions as 1-based characters of the text it was
 * given, sometimes twice, backwards or with length 0; only growing, non-empty
 * words are passed on, mapped back to characters of the request's text.
 */

#include "config.h"

#include "ww-speaker-engine.h"

#include <dlfcn.h>
#include <espeak-ng/espeak_ng.h>
#include <gio/gio.h>

#include "ww-language.h"
#include "ww-speaker-output.h"
#include "ww-speaker-protocol.h"
#include "ww-speaker-wav.h"

/* Without a sound device espeak-ng's asynchronous mode reports nothing at
 * all (it prints to stderr and stays silent); no first event this long after
 * the request means no sound. */
#define AUDIO_START_TIMEOUT_US (2 * G_USEC_PER_SEC)

/* Playing, a word takes a few seconds at most; after this long without an
 * event from espeak-ng the heartbeat stops, so that the kiosk's watchdog
 * sees a hang. */
#define AUDIO_STALL_US (5 * G_USEC_PER_SEC)

/* Real-time WAV output stays this far ahead of the clock, like a sound
 * card's buffer. */
#define PACE_LEAD_US (40 * 1000)

#define HEARTBEAT_US (WW_SPEAKER_HEARTBEAT_MS * 1000)

struct _WwSpeakerEngine
{
  char      *wav_dir;
  gboolean   realtime;
  int        sample_rate;
  gboolean   audio;
  char      *audio_error;
  GPtrArray *languages;
  GPtrArray *missing;
  char      *voice;

  GMutex lock;
  GCond  cond;

  /* The utterance being spoken. When playing, espeak-ng's event thread
   * reports on it too, so all of this is under the lock. */
  WwSpeakerJob *job;
  WwSpeakerWav *wav;
  GError       *wav_error;
  gboolean      started;
  gboolean      done;
  gint64        start_time;
  gint64        last_audio;
  gint64        last_activity;
  guint64       samples;
  gboolean      have_word;
  gsize         last_word;
};

/* espeak-ng's callback carries no pointer of ours; it has one global state,
 * and so has its callback. */
static WwSpeakerEngine *the_engine;

void
ww_speaker_job_free (WwSpeakerJob *job)
{
  if (job == NULL)
    return;

  g_free (job->language);
  g_free (job->text);
  g_clear_pointer (&job->spoken, ww_speech_text_free);
  g_free (job);
}

/* Characters in the first @n_bytes of valid UTF-8 (which may hold NULs). */
static gsize
count_chars (const char *text, gsize n_bytes)
{
  gsize count = 0;

  for (gsize i = 0; i < n_bytes; i++)
    if (((guchar)text[i] & 0xc0) != 0x80)
      count++;

  return count;
}

static void
emit_start (WwSpeakerEngine *self, WwSpeakerJob *job)
{
  self->started = TRUE;
  self->start_time = g_get_monotonic_time ();
  ww_speaker_emit (ww_speaker_event_new ("start", job->id));
}

static void
heartbeat_if_due (WwSpeakerEngine *self, WwSpeakerJob *job, gint64 now)
{
  if (now - ww_speaker_output_get_last_time () >= HEARTBEAT_US)
    ww_speaker_emit (ww_speaker_event_new ("heartbeat", job->id));
}

/* Maps a position espeak-ng reported to characters of the request's text. */
static gboolean
map_position (WwSpeakerJob *job, int text_position, int length, gsize *offset, gsize *n_chars)
{
  gsize source_offset, source_length;

  if (text_position < 1)
    return FALSE;
  if (!ww_speech_text_map_range (job->spoken, (gsize)text_position - 1, (gsize)MAX (length, 1), &source_offset,
                                 &source_length))
    return FALSE;

  *offset = count_chars (job->text, source_offset);
  *n_chars = count_chars (job->text + source_offset, source_length);
  return TRUE;
}

static void
report_event (WwSpeakerEngine *self, WwSpeakerJob *job, const espeak_EVENT *event)
{
  json_object *message;
  gsize        offset, n_chars;

  if (event->type == espeakEVENT_WORD)
    {
      if (event->length <= 0 || !map_position (job, event->text_position, event->length, &offset, &n_chars))
        return;
      if (n_chars == 0 || (self->have_word && offset <= self->last_word))
        return;

      self->have_word = TRUE;
      self->last_word = offset;
      message = ww_speaker_event_new ("word", job->id);
      json_object_object_add (message, "offset", json_object_new_int64 ((gint64)offset));
      json_object_object_add (message, "length", json_object_new_int64 ((gint64)n_chars));
      ww_speaker_emit (message);
    }
  else if (event->type == espeakEVENT_SENTENCE)
    {
      if (!map_position (job, event->text_position, 1, &offset, &n_chars))
        return;

      message = ww_speaker_event_new ("sentence", job->id);
      json_object_object_add (message, "offset", json_object_new_int64 ((gint64)offset));
      ww_speaker_emit (message);
    }
}

/* Holds a real-time WAV utterance back to the pace it would be heard at.
 * Returns FALSE when it was cancelled meanwhile. */
static gboolean
pace (WwSpeakerEngine *self, WwSpeakerJob *job)
{
  gint64 due = self->start_time + (gint64)(self->samples * G_USEC_PER_SEC / (guint64)self->sample_rate) - PACE_LEAD_US;
  gboolean cancelled;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();

      cancelled = g_atomic_int_get (&job->cancelled);
      if (cancelled || now >= due)
        break;
      heartbeat_if_due (self, job, now);
      g_cond_wait_until (&self->cond, &self->lock, MIN (due, now + HEARTBEAT_US));
    }
  g_mutex_unlock (&self->lock);

  return !cancelled;
}

static int
wav_synth_cb (WwSpeakerEngine *self, short *samples, int n_samples, espeak_EVENT *events)
{
  WwSpeakerJob *job = self->job;
  gboolean      has_audio = samples != NULL && n_samples > 0;

  if (job == NULL || g_atomic_int_get (&job->cancelled) || self->wav_error != NULL)
    return 1;

  if (has_audio)
    {
      if (!self->started)
        emit_start (self, job);
      else if (self->realtime && !pace (self, job))
        return 1;
    }

  for (const espeak_EVENT *event = events; event != NULL && event->type != espeakEVENT_LIST_TERMINATED; event++)
    report_event (self, job, event);

  if (has_audio)
    {
      if (!ww_speaker_wav_write (self->wav, samples, (gsize)n_samples, &self->wav_error))
        return 1;
      self->samples += (guint64)n_samples;
      self->last_audio = g_get_monotonic_time ();
    }

  heartbeat_if_due (self, job, g_get_monotonic_time ());
  return 0;
}

/* Runs in espeak-ng's event thread, as the words are heard. */
static int
audio_synth_cb (WwSpeakerEngine *self, espeak_EVENT *events)
{
  WwSpeakerJob *job;

  g_mutex_lock (&self->lock);
  job = self->job;
  if (job != NULL && !g_atomic_int_get (&job->cancelled))
    {
      for (const espeak_EVENT *event = events; event != NULL && event->type != espeakEVENT_LIST_TERMINATED; event++)
        {
          if (GPOINTER_TO_UINT (event->user_data) != job->id)
            continue;

          self->last_activity = g_get_monotonic_time ();
          if (!self->started)
            emit_start (self, job);
          if (event->type == espeakEVENT_MSG_TERMINATED)
            {
              self->done = TRUE;
              self->last_audio = self->last_activity;
              g_cond_broadcast (&self->cond);
              break;
            }
          report_event (self, job, event);
        }
    }
  g_mutex_unlock (&self->lock);

  return 0;
}

static int
synth_cb (short *samples, int n_samples, espeak_EVENT *events)
{
  WwSpeakerEngine *self = the_engine;

  if (self == NULL)
    return 1;
  if (self->wav_dir != NULL)
    return wav_synth_cb (self, samples, n_samples, events);
  return audio_synth_cb (self, events);
}

static char *
status_message (espeak_ng_STATUS status)
{
  char buffer[256] = "";

  espeak_ng_GetStatusCodeMessage (status, buffer, sizeof buffer);
  return g_strdup (buffer);
}

/* espeak-ng takes a voice whose dictionary is missing (and says so on
 * stderr), then speaks nonsense; a voice counts only with its dictionary. */
static void
find_voices (WwSpeakerEngine *self)
{
  const char        *data_dir = NULL;
  const char *const *codes = ww_language_get_all ();

  espeak_Info (&data_dir);
  for (gsize i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *dictionary = g_strdup_printf ("%s/%s_dict", data_dir != NULL ? data_dir : "", codes[i]);

      if (espeak_ng_SetVoiceByName (codes[i]) == ENS_OK && g_file_test (dictionary, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (self->languages, g_strdup (codes[i]));
      else
        g_ptr_array_add (self->missing, g_strdup (codes[i]));
    }
}

/* pcaudiolib, which espeak-ng plays through, as declared in its audio.h. */
typedef struct audio_object AudioObject;
typedef AudioObject *(*CreateAudioFunc) (const char *device, const char *application, const char *description);
typedef int (*OpenAudioFunc) (AudioObject *object, int format, guint32 rate, guint8 channels);
typedef void (*AudioFunc) (AudioObject *object);
typedef const char *(*AudioErrorFunc) (AudioObject *object, int error);
#define AUDIO_OBJECT_FORMAT_S16LE 2

/* Opens the sound device the way espeak-ng will, so that a terminal without
 * sound says so at once instead of failing every utterance later. If the
 * library cannot be asked, the first utterance finds out. */
static gboolean
probe_audio (char **error_message)
{
  void           *library = dlopen ("libpcaudio.so.0", RTLD_NOW | RTLD_LOCAL);
  CreateAudioFunc create;
  OpenAudioFunc   open_audio;
  AudioFunc       close_audio, destroy_audio;
  AudioErrorFunc  audio_error;
  AudioObject    *object;
  int             error;

  if (library == NULL)
    return TRUE;

  create = (CreateAudioFunc)dlsym (library, "create_audio_device_object");
  open_audio = (OpenAudioFunc)dlsym (library, "audio_object_open");
  close_audio = (AudioFunc)dlsym (library, "audio_object_close");
  destroy_audio = (AudioFunc)dlsym (library, "audio_object_destroy");
  audio_error = (AudioErrorFunc)dlsym (library, "audio_object_strerror");
  if (create == NULL || open_audio == NULL || close_audio == NULL || destroy_audio == NULL || audio_error == NULL)
    {
      dlclose (library);
      return TRUE;
    }

  object = create (NULL, "wegwijs-speaker", "Wegwijs read-aloud");
  if (object == NULL)
    {
      *error_message = g_strdup ("no sound output found (no PulseAudio, ALSA or OSS device)");
      dlclose (library);
      return FALSE;
    }

  error = open_audio (object, AUDIO_OBJECT_FORMAT_S16LE, 22050, 1);
  if (error != 0)
    {
      const char *reason = audio_error (object, error);

      *error_message = g_strdup_printf ("cannot open the sound output: %s", reason != NULL ? reason : "unknown error");
    }
  else
    {
      close_audio (object);
    }
  destroy_audio (object);
  dlclose (library);

  return error == 0;
}

WwSpeakerEngine *
ww_speaker_engine_new (const WwSpeakerEngineOptions *options, GError **error)
{
  WwSpeakerEngine        *self;
  espeak_ng_ERROR_CONTEXT context = NULL;
  espeak_ng_STATUS        status;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (the_engine == NULL, NULL);

  espeak_ng_InitializePath (options->data_path);
  status = espeak_ng_Initialize (&context);
  espeak_ng_ClearErrorContext (&context);
  if (status == ENS_OK)
    status = espeak_ng_InitializeOutput (
        options->wav_dir != NULL ? ENOUTPUT_MODE_SYNCHRONOUS : ENOUTPUT_MODE_SPEAK_AUDIO, 0, NULL);
  if (status != ENS_OK)
    {
      g_autofree char *message = status_message (status);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "espeak-ng does not start: %s", message);
      return NULL;
    }

  self = g_new0 (WwSpeakerEngine, 1);
  self->wav_dir = g_strdup (options->wav_dir);
  self->realtime = options->realtime;
  self->sample_rate = MAX (espeak_ng_GetSampleRate (), 1);
  self->languages = g_ptr_array_new_with_free_func (g_free);
  self->missing = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  the_engine = self;
  espeak_SetSynthCallback (synth_cb);
  find_voices (self);
  self->audio = self->wav_dir != NULL || probe_audio (&self->audio_error);
  g_ptr_array_add (self->languages, NULL);
  g_ptr_array_add (self->missing, NULL);

  return self;
}

void
ww_speaker_engine_free (WwSpeakerEngine *self)
{
  if (self == NULL)
    return;

  espeak_ng_Terminate ();
  the_engine = NULL;

  g_free (self->wav_dir);
  g_free (self->audio_error);
  g_free (self->voice);
  g_ptr_array_unref (self->languages);
  g_ptr_array_unref (self->missing);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

/* The kiosk languages with a voice, whether or not there is sound. */
const char *const *
ww_speaker_engine_get_languages (WwSpeakerEngine *self)
{
  return (const char *const *)self->languages->pdata;
}

/* The kiosk languages without a voice. */
const char *const *
ww_speaker_engine_get_missing (WwSpeakerEngine *self)
{
  return (const char *const *)self->missing->pdata;
}

/* Whether speech can be heard (always, when writing WAV files). */
gboolean
ww_speaker_engine_get_audio (WwSpeakerEngine *self)
{
  return self->audio;
}

const char *
ww_speaker_engine_get_audio_error (WwSpeakerEngine *self)
{
  return self->audio_error;
}

/* The espeak-ng data directory in use. */
const char *
ww_speaker_engine_get_data_path (WwSpeakerEngine *self)
{
  const char *path = NULL;

  espeak_Info (&path);
  return path;
}

/* Wakes a waiting engine after a job's cancelled flag was set; any thread. */
void
ww_speaker_engine_wake (WwSpeakerEngine *self)
{
  g_mutex_lock (&self->lock);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gboolean
has_language (WwSpeakerEngine *self, const char *language)
{
  for (guint i = 0; i + 1 < self->languages->len; i++)
    if (g_str_equal (g_ptr_array_index (self->languages, i), language))
      return TRUE;
  return FALSE;
}

static void
fail (WwSpeakerJob *job, const char *code, const char *message)
{
  ww_speaker_emit_error (job->id, code, message);
  ww_speaker_emit_end (job->id, "failed", 0, NULL);
}

static gboolean
select_voice (WwSpeakerEngine *self, WwSpeakerJob *job)
{
  espeak_ng_STATUS status;

  if (!has_language (self, job->language))
    {
      g_autofree char *message = g_strdup_printf ("there is no voice for ‘%s’", job->language);

      fail (job, "voice-missing", message);
      return FALSE;
    }
  if (!self->audio)
    {
      fail (job, "audio-unavailable", self->audio_error != NULL ? self->audio_error : "no sound output");
      return FALSE;
    }

  if (g_strcmp0 (self->voice, job->language) != 0)
    {
      g_clear_pointer (&self->voice, g_free);
      status = espeak_ng_SetVoiceByName (job->language);
      if (status != ENS_OK)
        {
          g_autofree char *message = status_message (status);

          fail (job, "voice-missing", message);
          return FALSE;
        }
      self->voice = g_strdup (job->language);
    }

  status = espeak_ng_SetParameter (espeakRATE, job->rate, 0);
  if (status != ENS_OK)
    {
      g_autofree char *message = status_message (status);

      fail (job, "synthesis-failed", message);
      return FALSE;
    }

  return TRUE;
}

static void
speak_to_wav (WwSpeakerEngine *self, WwSpeakerJob *job, const char *text, gsize length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *basename = g_strdup_printf ("utterance-%u.wav", job->id);
  g_autofree char *path = g_build_filename (self->wav_dir, basename, NULL);
  espeak_ng_STATUS status;
  gboolean         closed;

  self->wav = ww_speaker_wav_create (path, (guint)self->sample_rate, &error);
  if (self->wav == NULL)
    {
      fail (job, "io-failed", error->message);
      return;
    }

  status = espeak_ng_Synthesize (text, length + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
  closed = ww_speaker_wav_close (g_steal_pointer (&self->wav), &error);

  if (self->wav_error != NULL || !closed)
    {
      fail (job, "io-failed", self->wav_error != NULL ? self->wav_error->message : error->message);
    }
  else if (status == ENS_SPEECH_STOPPED || (status == ENS_OK && g_atomic_int_get (&job->cancelled)))
    {
      ww_speaker_emit_end (job->id, "cancelled", self->last_audio, path);
    }
  else if (status != ENS_OK)
    {
      g_autofree char *message = status_message (status);

      fail (job, "synthesis-failed", message);
    }
  else
    {
      ww_speaker_emit_end (job->id, "completed", self->last_audio, path);
    }
}

typedef enum
{
  PLAY_COMPLETED,
  PLAY_CANCELLED,
  PLAY_NO_AUDIO,
} PlayResult;

static PlayResult
wait_for_playback (WwSpeakerEngine *self, WwSpeakerJob *job, gint64 requested)
{
  PlayResult result;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();

      if (self->done)
        {
          result = PLAY_COMPLETED;
          break;
        }
      if (g_atomic_int_get (&job->cancelled))
        {
          result = PLAY_CANCELLED;
          break;
        }
      if (!self->started && now - requested > AUDIO_START_TIMEOUT_US)
        {
          result = PLAY_NO_AUDIO;
          break;
        }
      if (now - self->last_activity < AUDIO_STALL_US)
        heartbeat_if_due (self, job, now);
      g_cond_wait_until (&self->cond, &self->lock, now + HEARTBEAT_US);
    }
  /* From here espeak-ng's event thread reports nothing more on this job. */
  self->job = NULL;
  g_mutex_unlock (&self->lock);

  return result;
}

static void
speak_aloud (WwSpeakerEngine *self, WwSpeakerJob *job, const char *text, gsize length)
{
  espeak_ng_STATUS status;
  gint64           requested = g_get_monotonic_time ();

  g_mutex_lock (&self->lock);
  self->last_activity = requested;
  g_mutex_unlock (&self->lock);

  status =
      espeak_ng_Synthesize (text, length + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, GUINT_TO_POINTER (job->id));
  if (status != ENS_OK)
    {
      g_autofree char *message = status_message (status);

      g_mutex_lock (&self->lock);
      self->job = NULL;
      g_mutex_unlock (&self->lock);
      fail (job, "synthesis-failed", message);
      return;
    }

  switch (wait_for_playback (self, job, requested))
    {
    case PLAY_COMPLETED:
      ww_speaker_emit_end (job->id, "completed", self->last_audio, NULL);
      break;
    case PLAY_CANCELLED:
      espeak_ng_Cancel ();
      ww_speaker_emit_end (job->id, "cancelled", g_get_monotonic_time (), NULL);
      break;
    case PLAY_NO_AUDIO:
    default:
      espeak_ng_Cancel ();
      fail (job, "audio-unavailable", "the sound output plays nothing");
      break;
    }
}

/* The test-only "test-hang" request: what an endless loop inside espeak-ng
 * would look like from outside. Nothing ends it but a signal. */
G_GNUC_NORETURN static void
hang (WwSpeakerEngine *self, WwSpeakerJob *job)
{
  emit_start (self, job);
  for (;;)
    g_usleep (G_USEC_PER_SEC);
}

/* Speaks @job to the end, until it is cancelled, or fails; emits its events
 * and exactly one "end". Runs in the synthesis thread. */
void
ww_speaker_engine_speak (WwSpeakerEngine *self, WwSpeakerJob *job)
{
  const char *text;
  gsize       length;

  g_return_if_fail (self != NULL);
  g_return_if_fail (job != NULL);

  g_mutex_lock (&self->lock);
  self->job = job;
  self->started = FALSE;
  self->done = FALSE;
  self->start_time = 0;
  self->last_audio = 0;
  self->samples = 0;
  self->have_word = FALSE;
  self->last_word = 0;
  g_clear_error (&self->wav_error);
  g_mutex_unlock (&self->lock);

  if (job->hang)
    hang (self, job);

  text = ww_speech_text_get_text (job->spoken, &length);
  if (g_atomic_int_get (&job->cancelled))
    ww_speaker_emit_end (job->id, "cancelled", 0, NULL);
  else if (length == 0)
    ww_speaker_emit_end (job->id, "completed", 0, NULL);
  else if (select_voice (self, job))
    {
      if (self->wav_dir != NULL)
        speak_to_wav (self, job, text, length);
      else
        speak_aloud (self, job, text, length);
    }

  g_mutex_lock (&self->lock);
  self->job = NULL;
  g_mutex_unlock (&self->lock);
}
