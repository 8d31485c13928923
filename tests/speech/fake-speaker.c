/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * A stand-in for wegwijs-speaker that misbehaves on purpose, to show that
 * the kiosk's client survives any helper output. Modes (argv[1]):
 * - garbage: says it is ready, then answers every speak request with
 *   nonsense around the right events (and the right "end");
 * - long-line: writes a line that never ends;
 * - exit: exits at once with status 3;
 * - silent: reads requests and never answers.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ww-json.h"
#include "ww-speaker-protocol.h"

static void
put (const char *data, gsize length)
{
  while (length > 0)
    {
      ssize_t written = write (STDOUT_FILENO, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        _exit (0);
      data += written;
      length -= (gsize)written;
    }
}

static void
put_line (const char *line)
{
  put (line, strlen (line));
  put ("\n", 1);
}

static void put_printf (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
put_printf (const char *format, ...)
{
  g_autofree char *line = NULL;
  va_list          args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  put_line (line);
}

static void
put_garbage (guint id)
{
  static const char binary[] = "\x00\x01\xff\xfe{\"event\":\"word\"\x00}";
  g_autoptr (GString) deep = g_string_new ("{\"event\":\"word\",\"x\":");

  put_line ("");
  put_line ("not json at all");
  put_line ("{\"event\":\"word\",\"id\":1,\"offset\":0,\"length\":3");
  put (binary, sizeof binary - 1);
  put ("\n", 1);
  put_line ("\xc3\x28 invalid UTF-8 \xed\xa0\x80");
  put_line ("{'event':'end','id':1}");
  put_line ("{\"event\":NaN}");
  put_line ("[\"event\",\"end\"]");
  put_line ("\"end\"");
  put_line ("null");
  put_line ("{\"event\":null,\"id\":1}");
  put_line ("{\"event\":7}");
  put_line ("{\"id\":1,\"status\":\"completed\"}");
  for (int i = 0; i < 200; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 200; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  put_line (deep->str);
  put_line ("{\"event\":\"word\",\"id\":\"1\",\"offset\":0,\"length\":1}");
  put_line ("{\"event\":\"end\",\"id\":999999,\"status\":\"completed\"}");
  put_line ("{\"event\":\"end\",\"id\":-1,\"status\":\"completed\"}");
  put_line ("{\"event\":\"end\",\"id\":1e3,\"status\":\"completed\"}");
  put_line ("{\"event\":\"end\",\"id\":99999999999999999999999,\"status\":\"completed\"}");
  put_line ("{\"event\":\"ready\",\"languages\":\"nl\"}");
  put_line ("{\"event\":\"ready\",\"languages\":[1,null,{},\"xx\",\"nl\",\"nl\"]}");
  put_line ("{\"event\":\"dance\",\"id\":1}");
  put_line ("{\"event\":\"error\"}");
  put_printf ("{\"event\":\"error\",\"id\":%u,\"code\":5}", id);
  put_printf ("{\"event\":\"start\",\"id\":%u}", id);
  put_printf ("{\"event\":\"start\",\"id\":%u}", id);
  put_printf ("{\"event\":\"word\",\"id\":%u,\"offset\":0,\"length\":2}", id);
  put_printf ("{\"event\":\"word\",\"id\":%u,\"offset\":-5,\"length\":2}", id);
  put_printf ("{\"event\":\"word\",\"id\":%u,\"offset\":1099511627776,\"length\":2}", id);
  put_printf ("{\"event\":\"word\",\"id\":%u,\"offset\":3,\"length\":4294967295}", id);
  put_printf ("{\"event\":\"word\",\"id\":%u,\"offset\":100000,\"length\":1}", id);
  put_printf ("{\"event\":\"word\",\"id\":%u,\"offset\":1,\"length\":1}", id);
  put_printf ("{\"event\":\"word\",\"id\":%u,\"offset\":2.5,\"length\":1}", id);
  put_printf ("{\"event\":\"word\",\"id\":%u,\"offset\":\"0\",\"length\":1}", id);
  put_printf ("{\"event\":\"word\",\"id\":%u}", id);
  put_printf ("{\"event\":\"heartbeat\",\"id\":%u,\"t\":\"now\"}", id);
  put_printf ("{\"event\":\"end\",\"id\":%u,\"status\":\"completed\",\"extra\":{\"a\":[1,2,{}]}}", id);
  /* After the end: nothing of this may reach the kiosk. */
  put_printf ("{\"event\":\"word\",\"id\":%u,\"offset\":0,\"length\":1}", id);
  put_printf ("{\"event\":\"end\",\"id\":%u,\"status\":\"failed\"}", id);
}

static void
answer_requests (void)
{
  g_autoptr (GString) line = g_string_new (NULL);
  char c;

  for (;;)
    {
      ssize_t n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      if (c != '\n')
        {
          g_string_append_c (line, c);
          continue;
        }

      {
        g_autoptr (json_object) request = ww_json_parse (line->str, line->len, WW_SPEAKER_MAX_DEPTH, NULL);
        json_object *id;

        if (request != NULL && json_object_object_get_ex (request, "id", &id) &&
            json_object_is_type (id, json_type_int))
          put_garbage ((guint)json_object_get_int64 (id));
      }
      g_string_truncate (line, 0);
    }
}

int
main (int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";

  if (g_str_equal (mode, "exit"))
    return 3;

  if (g_str_equal (mode, "long-line"))
    {
      char chunk[4096];

      memset (chunk, 'x', sizeof chunk);
      for (int i = 0; i < 64; i++)
        put (chunk, sizeof chunk);
      answer_requests ();
      return 0;
    }

  if (g_str_equal (mode, "silent"))
    {
      char chunk[256];

      while (read (STDIN_FILENO, chunk, sizeof chunk) > 0)
        ;
      return 0;
    }

  put_garbage (0);
  put_line ("{\"event\":\"ready\",\"protocol\":1,\"mode\":\"wav\",\"audio\":true,\"languages\":[\"nl\",\"ar\"]}");
  put_garbage (0);
  answer_requests ();
  return 0;
}
