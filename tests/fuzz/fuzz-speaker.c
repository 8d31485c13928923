/* SPDX-License-Identifier: EUPL-1.2 */

/* wegwijs-speaker's request lines as it reads them from the kiosk: split
 * into lines (a line over the limit is dropped), parsed, checked and
 * queued. The synthesis thread does not run; its queue is dropped after
 * each input. The first byte picks the read size, so lines are cut
 * everywhere, and whether the test-only requests are allowed. */

#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include "ww-speaker-app-private.h"
#include "ww-speaker-output.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static int    null_fd = -1;
  WwSpeakerApp *app;
  gsize         chunk, offset = 0;

  if (size < 1)
    return 0;

  /* The events the helper answers with are written whole, to nowhere. */
  if (null_fd < 0)
    {
      null_fd = open ("/dev/null", O_WRONLY | O_CLOEXEC);
      g_assert (null_fd >= 0);
      ww_speaker_output_init (null_fd);
    }

  app = _ww_speaker_app_new (data[0] & 0x80);
  chunk = (gsize)(data[0] & 0x7f) * 64 + 1;
  data++;
  size--;

  while (offset < size)
    {
      gsize length = MIN (chunk, size - offset);

      _ww_speaker_app_feed (app, (const char *)data + offset, length);
      offset += length;
    }
  /* End of input ends the last line too. */
  _ww_speaker_app_feed (app, "\n", 1);
  _ww_speaker_app_free (app);

  return 0;
}
