/* SPDX-License-Identifier: EUPL-1.2 */

/* The hub's event stream, cut into chunks where the first bytes say. */

#include "config.h"

#include "wegwijs-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
event_cb (const char *id, const char *type, const char *data, gpointer user_data)
{
  gsize *total = user_data;

  g_assert (g_utf8_validate (id, -1, NULL) && g_utf8_validate (type, -1, NULL) && g_utf8_validate (data, -1, NULL));
  g_assert (strlen (data) <= WW_SSE_MAX_EVENT);
  *total += strlen (data);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  gsize total = 0;
  g_autoptr (WwSseParser) parser = ww_sse_parser_new (event_cb, NULL, NULL, &total);
  gsize chunk, offset = 0;

  if (size < 1)
    return 0;

  /* The first byte chooses the chunk size, so boundaries fall everywhere. */
  chunk = (data[0] % 16) + 1;
  data++;
  size--;

  while (offset < size)
    {
      gsize length = MIN (chunk, size - offset);

      if (!ww_sse_parser_feed (parser, (const char *)data + offset, length, NULL))
        break;
      offset += length;
    }

  return 0;
}
