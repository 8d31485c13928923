/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The ceiling for the hub's catalogue GETs: a bare libsoup server (one
 * thread, TLS) that answers every request with the same bytes and the same
 * response headers as the hub's GET /v1/services, corked like the hub, and
 * does nothing else: no routing, no token, no lookup. tests/bench/hub-bench.py
 * builds it with cc and measures it with the same wrk run as the hub and
 * nginx, so "hub / ceiling" is the share of the time that is the hub's own.
 *
 * Usage: soup-ceiling CERT.pem KEY.pem BODY.json ETAG PORT
 */

#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

static GBytes     *body;
static const char *etag;

static void
set_cork (SoupServerMessage *msg, int on)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL)
    setsockopt (g_socket_get_fd (socket), IPPROTO_TCP, TCP_CORK, &on, sizeof on);
}

static void
finished_cb (SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
  set_cork (msg, 0);
}

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, 200, NULL);
  set_cork (msg, 1);
  soup_message_headers_append (headers, "API-Version", "0.1.0");
  soup_message_headers_append (headers, "Strict-Transport-Security", "max-age=31536000");
  soup_message_headers_append (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_append (headers, "ETag", etag);
  soup_message_headers_append (headers, "Content-Language", "nl");
  soup_message_headers_append (headers, "Vary", "Accept-Language, Authorization");
  soup_message_headers_append (headers, "Cache-Control", "private, no-cache");
  soup_message_headers_append (headers, "Content-Type", "application/json");
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autoptr (SoupServer) server = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  char    *data = NULL;
  gsize    length = 0;
  gboolean plain;

  if (argc != 6)
    {
      fprintf (stderr, "usage: %s CERT.pem|- KEY.pem|- BODY.json ETAG PORT\n", argv[0]);
      return 2;
    }

  plain = g_str_equal (argv[1], "-");
  if (!plain)
    certificate = g_tls_certificate_new_from_files (argv[1], argv[2], &error);
  if ((!plain && certificate == NULL) || !g_file_get_contents (argv[3], &data, &length, &error))
    {
      fprintf (stderr, "soup-ceiling: %s\n", error->message);
      return 1;
    }
  body = g_bytes_new_take (data, length);
  etag = argv[4];

  server = g_object_new (SOUP_TYPE_SERVER, "tls-certificate", certificate, "server-header", NULL, NULL);
  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  g_signal_connect (server, "request-finished", G_CALLBACK (finished_cb), NULL);
  if (!soup_server_listen_local (server, (guint)atoi (argv[5]),
                                 (plain ? 0 : SOUP_SERVER_LISTEN_HTTPS) | SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      fprintf (stderr, "soup-ceiling: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
