/* SPDX-License-Identifier: EUPL-1.2 */

/* Readiness and watchdog pings for systemd units with Type=notify or a
 * WatchdogSec=. The hub and the kiosk both use them: the ping comes from
 * the main loop, so a wedged loop (a frozen kiosk screen, a stuck hub)
 * stops pinging and systemd restarts the program. Outside systemd both
 * calls do nothing.
 *
 * The notify protocol is small and stable (sd_notify(3)): one datagram of
 * "KEY=VALUE" lines to the AF_UNIX socket named in $NOTIFY_SOCKET, in the
 * abstract namespace when the name starts with '@'. Speaking it here
 * rather than through libsystemd spares the kiosk loading libsystemd and
 * the compression and crypto libraries it pulls in (lz4, lzma, zstd,
 * gcrypt) on every start, for two short messages. */

#include "config.h"

#include "ww-systemd-private.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Sends @state to the socket named in @socket_name, as sd_notify() does.
 * Returns FALSE (with errno set) when the datagram did not go out. */
static gboolean
send_notification (const char *socket_name, const char *state)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  size_t             length = strlen (socket_name);
  socklen_t          address_length;
  ssize_t            sent;
  int                fd;

  /* A path or an abstract name ('@' then at least one byte); the
   * terminating NUL of a path must fit too. */
  if ((socket_name[0] != '/' && socket_name[0] != '@') || length < 2 || length >= sizeof address.sun_path)
    {
      errno = EINVAL;
      return FALSE;
    }

  memcpy (address.sun_path, socket_name, length);
  if (socket_name[0] == '@')
    {
      address.sun_path[0] = '\0';
      address_length = (socklen_t)(offsetof (struct sockaddr_un, sun_path) + length);
    }
  else
    address_length = (socklen_t)(offsetof (struct sockaddr_un, sun_path) + length + 1);

  fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;

  do
    sent = sendto (fd, state, strlen (state), MSG_NOSIGNAL, (struct sockaddr *)&address, address_length);
  while (sent < 0 && errno == EINTR);

  if (sent < 0)
    {
      int saved = errno;

      close (fd);
      errno = saved;
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/**
 * ww_systemd_notify:
 * @state: a systemd notification such as `READY=1` or `STOPPING=1`
 *
 * Tells the service manager about a state change, if one is listening
 * ($NOTIFY_SOCKET is set). A manager that went away is no reason to stop,
 * so a failure is only logged.
 */
void
ww_systemd_notify (const char *state)
{
  const char *socket_name;

  g_return_if_fail (state != NULL);

  socket_name = g_getenv ("NOTIFY_SOCKET");
  if (socket_name == NULL || *socket_name == '\0')
    return;

  if (!send_notification (socket_name, state))
    g_debug ("Cannot notify the service manager: %s", g_strerror (errno));
}

static gboolean
watchdog_cb (gpointer user_data)
{
  ww_systemd_notify ("WATCHDOG=1");
  return G_SOURCE_CONTINUE;
}

/**
 * _ww_systemd_watchdog_interval:
 * @child_of_main: as for ww_systemd_watchdog_start()
 *
 * Reads the watchdog interval from $WATCHDOG_USEC, as sd_watchdog_enabled()
 * does: when $WATCHDOG_PID names another process the watchdog is not this
 * process's, unless it is a child of the unit's main process.
 *
 * Returns: the interval in microseconds, or 0 when there is no watchdog
 */
guint64
_ww_systemd_watchdog_interval (gboolean child_of_main)
{
  const char *value = g_getenv ("WATCHDOG_USEC");
  const char *pid = g_getenv ("WATCHDOG_PID");
  guint64     usec = 0;
  guint64     owner = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT64, &usec, NULL))
    return 0;

  /* The kiosk runs under cage, which systemd names in WATCHDOG_PID; its
   * unit then has NotifyAccess=all. */
  if (!child_of_main && pid != NULL)
    {
      if (!g_ascii_string_to_unsigned (pid, 10, 1, G_MAXINT, &owner, NULL) || owner != (guint64)getpid ())
        return 0;
    }

  return usec;
}

/**
 * ww_systemd_watchdog_start:
 * @child_of_main: %TRUE when the caller is not the unit's main process but
 *   one of its children (the kiosk runs under cage, which systemd names in
 *   `WATCHDOG_PID`; the unit then has `NotifyAccess=all`)
 *
 * When the unit has a watchdog, pings it from the default main context at
 * half its interval.
 *
 * Returns: the timeout's source id, or 0 when there is no watchdog
 */
guint
ww_systemd_watchdog_start (gboolean child_of_main)
{
  guint64 usec = _ww_systemd_watchdog_interval (child_of_main);

  if (usec == 0)
    return 0;

  return g_timeout_add ((guint)CLAMP (usec / 2000, 1, G_MAXUINT), watchdog_cb, NULL);
}
