/* SPDX-License-Identifier: EUPL-1.2 */

/* Readiness and watchdog pings for systemd units with Type=notify or a
 * WatchdogSec=. The hub and the kiosk both use them: the ping comes from
 * the main loop, so a wedged loop (a frozen kiosk screen, a stuck hub)
 * stops pinging and systemd restarts the program. Without libsystemd, or
 * outside systemd, both calls do nothing. */

#include "config.h"

#include "ww-systemd.h"

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

/**
 * ww_systemd_notify:
 * @state: a systemd notification such as `READY=1` or `STOPPING=1`
 *
 * Tells the service manager about a state change, if one is listening.
 */
void
ww_systemd_notify (const char *state)
{
  g_return_if_fail (state != NULL);

#ifdef HAVE_LIBSYSTEMD
  sd_notify (0, state);
#endif
}

static gboolean
watchdog_cb (gpointer user_data)
{
  ww_systemd_notify ("WATCHDOG=1");
  return G_SOURCE_CONTINUE;
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
#ifdef HAVE_LIBSYSTEMD
  uint64_t    usec = 0;
  const char *value = g_getenv ("WATCHDOG_USEC");

  if (child_of_main)
    {
      /* sd_watchdog_enabled() answers "not for you" whenever WATCHDOG_PID
       * is another process, so read the interval directly. */
      if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT64, &usec, NULL))
        return 0;
    }
  else if (sd_watchdog_enabled (0, &usec) <= 0)
    return 0;

  if (usec > 0)
    return g_timeout_add (MAX (usec / 2000, 1), watchdog_cb, NULL);
#else
  (void)child_of_main;
#endif
  return 0;
}
