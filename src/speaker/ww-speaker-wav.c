/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * WAV output for tests and for terminals without sound. Samples go to the
 * file the moment the synthesiser hands them over (no stdio buffer), so the
 * time of the last write is the time the last audio existed; the header
 * gets its sizes when the file is closed, also after a cancel.
 */

#include "config.h"

#include "ww-speaker-wav.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <string.h>
#include <unistd.h>

#define HEADER_SIZE 44

struct _WwSpeakerWav
{
  int     fd;
  guint   sample_rate;
  guint64 data_bytes;
};

static gboolean
write_all (int fd, const void *data, gsize length, GError **error)
{
  const guint8 *p = data;

  while (length > 0)
    {
      ssize_t written = write (fd, p, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "cannot write the WAV file: %s",
                       g_strerror (saved_errno));
          return FALSE;
        }
      p += written;
      length -= (gsize)written;
    }

  return TRUE;
}

static void
put_u32 (guint8 *p, guint32 value)
{
  value = GUINT32_TO_LE (value);
  memcpy (p, &value, 4);
}

static void
put_u16 (guint8 *p, guint16 value)
{
  value = GUINT16_TO_LE (value);
  memcpy (p, &value, 2);
}

static void
fill_header (guint8 header[HEADER_SIZE], guint sample_rate, guint32 data_bytes)
{
  memcpy (header, "RIFF", 4);
  put_u32 (header + 4, 36 + data_bytes);
  memcpy (header + 8, "WAVEfmt ", 8);
  put_u32 (header + 16, 16);
  put_u16 (header + 20, 1);
  put_u16 (header + 22, 1);
  put_u32 (header + 24, sample_rate);
  put_u32 (header + 28, sample_rate * 2);
  put_u16 (header + 32, 2);
  put_u16 (header + 34, 16);
  memcpy (header + 36, "data", 4);
  put_u32 (header + 40, data_bytes);
}

WwSpeakerWav *
ww_speaker_wav_create (const char *path, guint sample_rate, GError **error)
{
  guint8        header[HEADER_SIZE];
  WwSpeakerWav *self;
  int           fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "cannot create %s: %s", path,
                   g_strerror (saved_errno));
      return NULL;
    }

  fill_header (header, sample_rate, 0);
  if (!write_all (fd, header, sizeof header, error))
    {
      close (fd);
      return NULL;
    }

  self = g_new0 (WwSpeakerWav, 1);
  self->fd = fd;
  self->sample_rate = sample_rate;
  return self;
}

gboolean
ww_speaker_wav_write (WwSpeakerWav *self, const gint16 *samples, gsize n_samples, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  /* A RIFF file counts its size in 32 bits. */
  if (self->data_bytes + n_samples * 2 > G_MAXUINT32 - HEADER_SIZE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "the WAV file is full");
      return FALSE;
    }

#if G_BYTE_ORDER == G_BIG_ENDIAN
  for (gsize i = 0; i < n_samples; i++)
    {
      gint16 sample = GINT16_TO_LE (samples[i]);

      if (!write_all (self->fd, &sample, 2, error))
        return FALSE;
    }
#else
  if (!write_all (self->fd, samples, n_samples * 2, error))
    return FALSE;
#endif

  self->data_bytes += n_samples * 2;
  return TRUE;
}

/* Writes the sizes into the header and frees @self, also on error. */
gboolean
ww_speaker_wav_close (WwSpeakerWav *self, GError **error)
{
  guint8   header[HEADER_SIZE];
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  fill_header (header, self->sample_rate, (guint32)self->data_bytes);
  ok = lseek (self->fd, 0, SEEK_SET) == 0 && write_all (self->fd, header, sizeof header, error);
  if (!ok && error != NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot rewind the WAV file");

  if (close (self->fd) != 0 && ok)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "cannot close the WAV file: %s",
                   g_strerror (saved_errno));
      ok = FALSE;
    }

  g_free (self);
  return ok;
}
