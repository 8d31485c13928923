/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "speech-test-util.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <math.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "ww-speaker-protocol.h"

static const char *
required_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL)
    g_error ("%s is not set; run the speech tests with meson test", name);
  return value;
}

const char *
speech_test_helper_path (void)
{
  return required_env ("WW_TEST_SPEAKER");
}

const char *
speech_test_fake_path (void)
{
  return required_env ("WW_TEST_FAKE_SPEAKER");
}

char *
speech_test_make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *path = g_dir_make_tmp ("wegwijs-speech-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

void
speech_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        speech_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
link_tree (const char *from, const char *to, const char *drop_dictionary, const char *drop_voice)
{
  g_autoptr (GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autofree char *dictionary = g_strdup_printf ("%s_dict", drop_dictionary);

      if (drop_dictionary != NULL && g_str_equal (name, dictionary))
        continue;
      if (drop_voice != NULL && g_str_equal (name, drop_voice) && strstr (from, "/lang") != NULL)
        continue;
      /* Voices live in lang/<family>/<code>: copy those directories as
       * directories of links so that one voice can be left out. */
      if (g_file_test (source, G_FILE_TEST_IS_DIR) && (g_str_equal (name, "lang") || strstr (from, "/lang") != NULL))
        link_tree (source, target, drop_dictionary, drop_voice);
      else
        g_assert_cmpint (symlink (source, target), ==, 0);
    }
}

/* A copy of the espeak-ng data (as links) without one language's dictionary
 * and another's voice file: the two ways a voice goes missing. */
char *
speech_test_make_pruned_data (const char *data_path, const char *drop_dictionary, const char *drop_voice)
{
  g_autofree char *root = speech_test_make_tmpdir ();
  g_autofree char *data = g_build_filename (root, "espeak-ng-data", NULL);

  link_tree (data_path, data, drop_dictionary, drop_voice);
  return g_steal_pointer (&root);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @done says so; FALSE if @timeout_ms passed. */
gboolean
speech_test_wait (gboolean (*done) (gpointer data), gpointer data, guint timeout_ms)
{
  gint64   deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;
  guint    wake = g_timeout_add (5, wake_cb, NULL);
  gboolean result;

  while (!(result = done (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake);
  return result;
}

static void
process_exited_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  gboolean *exited = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

gboolean
speech_test_wait_exit (GSubprocess *process, guint timeout_ms)
{
  gboolean *exited = g_new0 (gboolean, 1);
  gboolean  result;

  g_subprocess_wait_async (process, NULL, process_exited_cb, exited);
  result = speech_test_wait (is_true, exited, timeout_ms);
  if (!result)
    {
      /* The callback still comes, after the kill; it must find its flag. */
      g_subprocess_force_exit (process);
      speech_test_wait (is_true, exited, 5000);
    }
  g_free (exited);
  return result;
}

SpeechPipe *
speech_pipe_new (const char *first_arg, ...)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  SpeechPipe *pipe = g_new0 (SpeechPipe, 1);
  int         to_helper[2], from_helper[2];
  va_list     args;

  g_ptr_array_add (argv, (gpointer)speech_test_helper_path ());
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_unix_open_pipe (to_helper, FD_CLOEXEC, &error));
  g_assert_true (g_unix_open_pipe (from_helper, FD_CLOEXEC, &error));
  g_subprocess_launcher_take_stdin_fd (launcher, to_helper[0]);
  g_subprocess_launcher_take_stdout_fd (launcher, from_helper[1]);
  pipe->process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  pipe->in_fd = to_helper[1];
  pipe->out_fd = from_helper[0];
  pipe->buffer = g_string_new (NULL);

  return pipe;
}

void
speech_pipe_send_raw (SpeechPipe *pipe, const char *data, gsize length)
{
  while (length > 0)
    {
      ssize_t written = write (pipe->in_fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (written, >, 0);
      data += written;
      length -= (gsize)written;
    }
}

void
speech_pipe_send (SpeechPipe *pipe, const char *line)
{
  speech_pipe_send_raw (pipe, line, strlen (line));
  speech_pipe_send_raw (pipe, "\n", 1);
}

void
speech_pipe_close_input (SpeechPipe *pipe)
{
  if (pipe->in_fd >= 0)
    close (pipe->in_fd);
  pipe->in_fd = -1;
}

/* The next event, or NULL after @timeout_ms or at the end of output. Every
 * line the helper writes must be valid protocol JSON. */
json_object *
speech_pipe_read (SpeechPipe *pipe, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      const char   *newline = memchr (pipe->buffer->str, '\n', pipe->buffer->len);
      struct pollfd poll_fd = { pipe->out_fd, POLLIN, 0 };
      gint64        left;
      char          chunk[4096];
      ssize_t       n;

      if (newline != NULL)
        {
          g_autoptr (GError) error = NULL;
          gsize        length = (gsize)(newline - pipe->buffer->str);
          json_object *event = ww_json_parse (pipe->buffer->str, length, WW_SPEAKER_MAX_DEPTH, &error);

          g_assert_no_error (error);
          g_assert_true (json_object_is_type (event, json_type_object));
          g_assert_nonnull (speech_event_type (event));
          g_assert_cmpint (speech_event_int (event, "t"), >, 0);
          g_string_erase (pipe->buffer, 0, (gssize)length + 1);
          return event;
        }

      left = (deadline - g_get_monotonic_time ()) / 1000;
      if (left <= 0)
        return NULL;
      if (poll (&poll_fd, 1, (int)left) <= 0)
        continue;
      n = read (pipe->out_fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return NULL;
      g_string_append_len (pipe->buffer, chunk, n);
    }
}

/* Reads until an event of type @event; fails the test on anything else
 * than heartbeats, sentences and words in between, or on a timeout. */
json_object *
speech_pipe_expect (SpeechPipe *pipe, const char *event, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  for (;;)
    {
      gint64       left = (deadline - g_get_monotonic_time ()) / 1000;
      json_object *next = speech_pipe_read (pipe, (guint)MAX (left, 0));
      const char  *type;

      if (next == NULL)
        g_error ("no ‘%s’ event within %u ms", event, timeout_ms);
      type = speech_event_type (next);
      if (g_str_equal (type, event))
        return next;
      if (!g_str_equal (type, "heartbeat") && !g_str_equal (type, "word") && !g_str_equal (type, "sentence") &&
          !g_str_equal (type, "start"))
        g_error ("expected ‘%s’, got %s", event, json_object_to_json_string (next));
      json_object_put (next);
    }
}

void
speech_pipe_free (SpeechPipe *pipe)
{
  speech_pipe_close_input (pipe);
  if (pipe->process != NULL && !speech_test_wait_exit (pipe->process, 5000))
    g_test_message ("the helper did not exit after its input closed; killed it");
  if (pipe->out_fd >= 0)
    close (pipe->out_fd);
  g_clear_object (&pipe->process);
  g_string_free (pipe->buffer, TRUE);
  g_free (pipe);
}

const char *
speech_event_type (json_object *event)
{
  return speech_event_string (event, "event");
}

gint64
speech_event_int (json_object *event, const char *name)
{
  json_object *value;

  if (!json_object_object_get_ex (event, name, &value) || !json_object_is_type (value, json_type_int))
    return -1;
  return json_object_get_int64 (value);
}

const char *
speech_event_string (json_object *event, const char *name)
{
  json_object *value;

  if (!json_object_object_get_ex (event, name, &value) || !json_object_is_type (value, json_type_string))
    return NULL;
  return json_object_get_string (value);
}

static guint32
read_u32 (const guint8 *p)
{
  return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

static guint16
read_u16 (const guint8 *p)
{
  return (guint16)(p[0] | p[1] << 8);
}

gboolean
speech_wav_load (const char *path, SpeechWav *wav, GError **error)
{
  g_autofree char *contents = NULL;
  const guint8    *data;
  gsize            size, pos = 12;
  gboolean         have_format = FALSE;

  if (!g_file_get_contents (path, &contents, &size, error))
    return FALSE;
  data = (const guint8 *)contents;

  if (size < 44 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0 ||
      read_u32 (data + 4) != size - 8)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not a complete RIFF WAVE file", path);
      return FALSE;
    }

  while (pos + 8 <= size)
    {
      guint32 chunk_size = read_u32 (data + pos + 4);

      if (pos + 8 + chunk_size > size)
        break;
      if (memcmp (data + pos, "fmt ", 4) == 0 && chunk_size >= 16)
        {
          if (read_u16 (data + pos + 8) != 1 || read_u16 (data + pos + 10) != 1 || read_u16 (data + pos + 22) != 16)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not 16-bit mono PCM", path);
              return FALSE;
            }
          wav->rate = read_u32 (data + pos + 12);
          have_format = TRUE;
        }
      else if (memcmp (data + pos, "data", 4) == 0 && have_format)
        {
          wav->n_samples = chunk_size / 2;
          wav->samples = g_new (gint16, MAX (wav->n_samples, 1));
          for (gsize i = 0; i < wav->n_samples; i++)
            wav->samples[i] = (gint16)read_u16 (data + pos + 8 + 2 * i);
          return TRUE;
        }
      pos += 8 + chunk_size;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s has no data after its format", path);
  return FALSE;
}

void
speech_wav_clear (SpeechWav *wav)
{
  g_clear_pointer (&wav->samples, g_free);
  wav->n_samples = 0;
}

double
speech_wav_rms (const SpeechWav *wav)
{
  double sum = 0;

  if (wav->n_samples == 0)
    return 0;
  for (gsize i = 0; i < wav->n_samples; i++)
    sum += (double)wav->samples[i] * wav->samples[i];
  return sqrt (sum / (double)wav->n_samples);
}

double
speech_wav_seconds (const SpeechWav *wav)
{
  return wav->rate > 0 ? (double)wav->n_samples / wav->rate : 0;
}
