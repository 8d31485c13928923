/* SPDX-License-Identifier: EUPL-1.2 */

/* The systemd notify protocol as src/core/ww-systemd.c speaks it: what a
 * service manager listening on $NOTIFY_SOCKET receives, for a socket path
 * and for an abstract name, and how $WATCHDOG_USEC / $WATCHDOG_PID decide
 * whether there is a watchdog to ping. */

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ww-systemd-private.h"

typedef struct
{
  int   fd;
  char *dir;
  char *name; /* what goes into $NOTIFY_SOCKET */
} Manager;

static void
manager_set_up_path (Manager *manager, gconstpointer data)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  g_autoptr (GError) error = NULL;

  manager->dir = g_dir_make_tmp ("ww-systemd-XXXXXX", &error);
  g_assert_no_error (error);
  manager->name = g_build_filename (manager->dir, "notify", NULL);
  g_assert_cmpuint (strlen (manager->name), <, sizeof address.sun_path);
  strcpy (address.sun_path, manager->name);

  manager->fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (manager->fd, >=, 0);
  g_assert_cmpint (bind (manager->fd, (struct sockaddr *)&address, sizeof address), ==, 0);
  g_setenv ("NOTIFY_SOCKET", manager->name, TRUE);
}

static void
manager_set_up_abstract (Manager *manager, gconstpointer data)
{
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  g_autofree char   *abstract = g_strdup_printf ("ww-systemd-test-%d-%u", getpid (), g_random_int ());

  manager->name = g_strconcat ("@", abstract, NULL);
  memcpy (address.sun_path + 1, abstract, strlen (abstract));

  manager->fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (manager->fd, >=, 0);
  g_assert_cmpint (bind (manager->fd, (struct sockaddr *)&address,
                         (socklen_t)(offsetof (struct sockaddr_un, sun_path) + 1 + strlen (abstract))),
                   ==, 0);
  g_setenv ("NOTIFY_SOCKET", manager->name, TRUE);
}

static void
manager_tear_down (Manager *manager, gconstpointer data)
{
  g_unsetenv ("NOTIFY_SOCKET");
  close (manager->fd);
  if (manager->dir != NULL)
    {
      g_unlink (manager->name);
      g_rmdir (manager->dir);
    }
  g_free (manager->dir);
  g_free (manager->name);
}

/* The next datagram, or NULL when none comes within a second. */
static char *
manager_receive (Manager *manager)
{
  struct timeval timeout = { .tv_sec = 1 };
  char           buffer[4096];
  ssize_t        length;

  g_assert_cmpint (setsockopt (manager->fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout), ==, 0);
  length = recv (manager->fd, buffer, sizeof buffer, 0);
  if (length < 0)
    return NULL;
  return g_strndup (buffer, (gsize)length);
}

static void
test_notify_reaches_manager (Manager *manager, gconstpointer data)
{
  g_autofree char *ready = NULL;
  g_autofree char *stopping = NULL;

  ww_systemd_notify ("READY=1");
  ready = manager_receive (manager);
  g_assert_cmpstr (ready, ==, "READY=1");

  ww_systemd_notify ("STOPPING=1\nSTATUS=Bye");
  stopping = manager_receive (manager);
  g_assert_cmpstr (stopping, ==, "STOPPING=1\nSTATUS=Bye");
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* At half the interval: two pings in a 250 ms run with a 200 ms watchdog. */
static void
test_watchdog_pings (Manager *manager, gconstpointer data)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  guint            id;

  g_setenv ("WATCHDOG_USEC", "200000", TRUE);
  g_unsetenv ("WATCHDOG_PID");
  id = ww_systemd_watchdog_start (FALSE);
  g_assert_cmpuint (id, !=, 0);
  g_timeout_add (250, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (id);
  g_unsetenv ("WATCHDOG_USEC");

  first = manager_receive (manager);
  second = manager_receive (manager);
  g_assert_cmpstr (first, ==, "WATCHDOG=1");
  g_assert_cmpstr (second, ==, "WATCHDOG=1");
}

/* Outside systemd there is nobody to tell, and that is no error. */
static void
test_notify_without_manager (void)
{
  g_unsetenv ("NOTIFY_SOCKET");
  ww_systemd_notify ("READY=1");

  g_setenv ("NOTIFY_SOCKET", "/nonexistent/wegwijs/notify", TRUE);
  ww_systemd_notify ("READY=1");
  g_setenv ("NOTIFY_SOCKET", "relative/notify", TRUE);
  ww_systemd_notify ("READY=1");
  g_unsetenv ("NOTIFY_SOCKET");
}

static void
test_watchdog_interval (void)
{
  g_autofree char *own_pid = g_strdup_printf ("%d", getpid ());

  g_unsetenv ("WATCHDOG_USEC");
  g_unsetenv ("WATCHDOG_PID");
  g_assert_cmpuint (_ww_systemd_watchdog_interval (FALSE), ==, 0);
  g_assert_cmpuint (_ww_systemd_watchdog_interval (TRUE), ==, 0);
  g_assert_cmpuint (ww_systemd_watchdog_start (FALSE), ==, 0);

  g_setenv ("WATCHDOG_USEC", "30000000", TRUE);
  g_assert_cmpuint (_ww_systemd_watchdog_interval (FALSE), ==, 30000000);

  /* The unit's main process is this one. */
  g_setenv ("WATCHDOG_PID", own_pid, TRUE);
  g_assert_cmpuint (_ww_systemd_watchdog_interval (FALSE), ==, 30000000);

  /* Another process's watchdog: not ours, unless we are its child (the
   * kiosk under cage). */
  g_setenv ("WATCHDOG_PID", "1", TRUE);
  g_assert_cmpuint (_ww_systemd_watchdog_interval (FALSE), ==, 0);
  g_assert_cmpuint (_ww_systemd_watchdog_interval (TRUE), ==, 30000000);

  g_setenv ("WATCHDOG_PID", "not-a-pid", TRUE);
  g_assert_cmpuint (_ww_systemd_watchdog_interval (FALSE), ==, 0);

  g_unsetenv ("WATCHDOG_PID");
  g_setenv ("WATCHDOG_USEC", "0", TRUE);
  g_assert_cmpuint (_ww_systemd_watchdog_interval (FALSE), ==, 0);
  g_setenv ("WATCHDOG_USEC", "soon", TRUE);
  g_assert_cmpuint (_ww_systemd_watchdog_interval (TRUE), ==, 0);
  g_unsetenv ("WATCHDOG_USEC");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/systemd/notify/path", Manager, NULL, manager_set_up_path, test_notify_reaches_manager,
              manager_tear_down);
  g_test_add ("/systemd/notify/abstract", Manager, NULL, manager_set_up_abstract, test_notify_reaches_manager,
              manager_tear_down);
  g_test_add ("/systemd/watchdog/pings", Manager, NULL, manager_set_up_abstract, test_watchdog_pings,
              manager_tear_down);
  g_test_add_func ("/systemd/notify/without-manager", test_notify_without_manager);
  g_test_add_func ("/systemd/watchdog/interval", test_watchdog_interval);

  return g_test_run ();
}
