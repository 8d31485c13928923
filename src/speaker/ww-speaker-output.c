/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The helper's only way out: one JSON event a line on the descriptor the
 * kiosk reads. Three threads write here (the request reader, the synthesis
 * thread and espeak-ng's own event thread), so a line is written whole
 * under a lock. If the kiosk is gone there is no one to speak to: exit.
 */

#include "config.h"

#include "ww-speaker-output.h"

#include <errno.h>
#include <unistd.h>

static GMutex output_lock;
static int    output_fd = -1;
static gint64 last_time;

void
ww_speaker_output_init (int fd)
{
  output_fd = fd;
}

/* When the last event was written, for the heartbeat. */
gint64
ww_speaker_output_get_last_time (void)
{
  gint64 time;

  g_mutex_lock (&output_lock);
  time = last_time;
  g_mutex_unlock (&output_lock);

  return time;
}

/* @id 0 means the event is about no utterance. */
json_object *
ww_speaker_event_new (const char *type, guint32 id)
{
  json_object *event = json_object_new_object ();

  json_object_object_add (event, "event", json_object_new_string (type));
  if (id != 0)
    json_object_object_add (event, "id", json_object_new_int64 (id));

  return event;
}

static void
write_all (const char *data, gsize length)
{
  while (length > 0)
    {
      ssize_t written = write (output_fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        {
          /* The kiosk closed the pipe: nothing left to do. */
          _exit (0);
        }
      data += written;
      length -= (gsize)written;
    }
}

/* Takes @event, stamps it with the time and writes it as one line. */
void
ww_speaker_emit (json_object *event)
{
  const char *line;
  gsize       length;

  g_return_if_fail (event != NULL);

  g_mutex_lock (&output_lock);
  last_time = g_get_monotonic_time ();
  json_object_object_add (event, "t", json_object_new_int64 (last_time));
  line = json_object_to_json_string_length (event, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &length);
  write_all (line, length);
  write_all ("\n", 1);
  g_mutex_unlock (&output_lock);

  json_object_put (event);
}

void
ww_speaker_emit_error (guint32 id, const char *code, const char *message)
{
  json_object *event = ww_speaker_event_new ("error", id);

  json_object_object_add (event, "code", json_object_new_string (code));
  json_object_object_add (event, "message", json_object_new_string (message));
  ww_speaker_emit (event);
}

void
ww_speaker_emit_end (guint32 id, const char *status, gint64 last_audio, const char *file)
{
  json_object *event = ww_speaker_event_new ("end", id);

  json_object_object_add (event, "status", json_object_new_string (status));
  json_object_object_add (event, "last-audio", json_object_new_int64 (last_audio));
  if (file != NULL)
    json_object_object_add (event, "file", json_object_new_string (file));
  ww_speaker_emit (event);
}
