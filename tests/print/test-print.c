/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Printing for real: a throwaway cupsd of this test's own (its own
 * ServerRoot and a Unix socket in a temporary directory; CUPS_SERVER points
 * the kiosk at it) with a cups-pdf queue. The kiosk prints a ticket and,
 * from a service page's Print button, the "what to bring" list, without a
 * dialog; pdftotext must find the number and every item in the PDFs.
 *
 * cups-pdf only runs as root (its backend is mode 0700, which is how cupsd
 * knows to run it as root), and it writes where
 * /etc/cups/cups-pdf-wegwijs-test.conf says: build-aux/install-deps puts
 * that file there. Runs of this test on one machine share its output
 * directory, so they take turns with a lock.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <grp.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>

#include "kiosk-test-utils.h"
#include "wegwijs-core.h"
#include "wegwijs-kiosk.h"
#include "ww-kiosk-shell-private.h"
#include "ww-kiosk-window-private.h"

#define QUEUE_NAME "wegwijs-test"
#define CUPS_PDF_CONF "/etc/cups/cups-pdf-" QUEUE_NAME ".conf"
#define CUPS_PDF_PPD "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
#define PDF_TIMEOUT_MS 60000

static WwKioskApplication *app;
static char               *cups_dir;
static GSubprocess        *cupsd;
static char               *out_dir;
static int                 lock_fd = -1;

/* ------------------------------------------------------------------ */
/* The CUPS server                                                     */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
write_file (const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (cups_dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
run (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  int              status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* Where cups-pdf writes for our queue: the Out line of its config. */
static char *
read_out_dir (void)
{
  g_autofree char *conf = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents (CUPS_PDF_CONF, &conf, NULL, NULL))
    g_error ("%s is missing; build-aux/install-deps installs it", CUPS_PDF_CONF);
  lines = g_strsplit (conf, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Out "))
      return g_strstrip (g_strdup (lines[i] + 4));
  g_error ("%s has no Out line", CUPS_PDF_CONF);
}

static gboolean
cupsd_answers (void)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autofree char *path = g_build_filename (cups_dir, "cups.sock", NULL);
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr (GSocketConnection) connection =
      g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);

  return connection != NULL;
}

static void
start_cupsd (void)
{
  const char   *subdirs[] = { "spool", "tmp", "cache", "state", "log", "ppd" };
  struct group *lp = getgrnam ("lp");
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autofree char *files_conf = NULL;
  g_autofree char *cupsd_conf = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *files_path = NULL;
  g_autofree char *cupsd_path = NULL;
  g_autofree char *tmp = NULL;
  gint64           deadline;

  g_assert_nonnull (lp);
  /* Short: a Unix socket path has room for 107 bytes. */
  cups_dir = g_strdup ("/tmp/ww-cups-XXXXXX");
  g_assert_nonnull (g_mkdtemp_full (cups_dir, 0755));
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (cups_dir, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
    }
  /* The filters run as lp and write their temporary files here. */
  tmp = g_build_filename (cups_dir, "tmp", NULL);
  g_assert_cmpint (chown (tmp, 0, lp->gr_gid), ==, 0);
  g_assert_cmpint (g_chmod (tmp, 01770), ==, 0);

  socket_path = g_build_filename (cups_dir, "cups.sock", NULL);
  files_conf = g_strdup_printf ("ServerRoot %1$s\n"
                                "RequestRoot %1$s/spool\n"
                                "TempDir %1$s/tmp\n"
                                "CacheDir %1$s/cache\n"
                                "StateDir %1$s/state\n"
                                "AccessLog %1$s/log/access_log\n"
                                "ErrorLog %1$s/log/error_log\n"
                                "PageLog %1$s/log/page_log\n"
                                "Printcap\n"
                                "User lp\n"
                                "Group lp\n"
                                "SystemGroup root\n"
                                "FileDevice No\n",
                                cups_dir);
  cupsd_conf = g_strdup_printf ("Listen %s\n"
                                "Browsing No\n"
                                "WebInterface No\n"
                                "LogLevel debug\n"
                                "DefaultAuthType None\n"
                                "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                                "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n",
                                socket_path);
  write_file ("cups-files.conf", files_conf);
  write_file ("cupsd.conf", cupsd_conf);
  files_path = g_build_filename (cups_dir, "cups-files.conf", NULL);
  cupsd_path = g_build_filename (cups_dir, "cupsd.conf", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  cupsd =
      g_subprocess_launcher_spawn (launcher, &error, "/usr/sbin/cupsd", "-f", "-c", cupsd_path, "-s", files_path, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!cupsd_answers ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }

  g_setenv ("CUPS_SERVER", socket_path, TRUE);
  {
    /* Poppler turns GTK's PDF into the PostScript cups-pdf takes: with
     * Ghostscript (cups-filters' default) the page arrives as one image and
     * pdftotext finds nothing. */
    const char *argv[] = { "lpadmin",  "-p",
                           QUEUE_NAME, "-E",
                           "-v",       "cups-pdf:/" QUEUE_NAME,
                           "-P",       CUPS_PDF_PPD,
                           "-o",       "pdftops-renderer-default=pdftops",
                           NULL };

    run (argv);
  }
}

static void
stop_cupsd (void)
{
  if (cupsd != NULL)
    {
      g_subprocess_send_signal (cupsd, SIGTERM);
      g_subprocess_wait (cupsd, NULL, NULL);
      g_clear_object (&cupsd);
    }
  /* WW_TEST_KEEP_CUPS=1 keeps cupsd's logs for a look after a failure. */
  if (cups_dir != NULL && g_getenv ("WW_TEST_KEEP_CUPS") != NULL)
    g_printerr ("cupsd's directory: %s\n", cups_dir);
  else if (cups_dir != NULL)
    {
      const char *argv[] = { "rm", "-rf", cups_dir, NULL };

      run (argv);
      g_clear_pointer (&cups_dir, g_free);
    }
}

static void
remove_pdfs (void)
{
  g_autoptr (GDir) dir = g_dir_open (out_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".pdf"))
      {
        g_autofree char *path = g_build_filename (out_dir, name, NULL);

        g_unlink (path);
      }
}

/* Runs on one machine take turns: they share cups-pdf's output directory. */
static void
take_output_dir (void)
{
  g_autofree char *lock_path = NULL;

  out_dir = read_out_dir ();
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  lock_path = g_strconcat (out_dir, ".lock", NULL);
  lock_fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (lock_fd, >=, 0);
  g_assert_cmpint (flock (lock_fd, LOCK_EX), ==, 0);
  remove_pdfs ();
}

/* The text of the job's PDF once cups-pdf has written it all, with runs of
 * white space made one space (lines wrap where the page ends). */
static char *
pdf_text (const char *name)
{
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  const char      *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *out = NULL;
  g_auto (GStrv) words = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return NULL;
  words = g_regex_split_simple ("\\s+", out, 0, 0);
  return g_strstrip (g_strjoinv (" ", words));
}

typedef struct
{
  const char        *prefix;
  char              *text;
  const char *const *expected;
} PdfWait;

static gboolean
pdf_complete (gpointer data)
{
  PdfWait *wait = data;
  g_autoptr (GDir) dir = g_dir_open (out_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, wait->prefix) && g_str_has_suffix (name, ".pdf"))
      {
        g_free (wait->text);
        wait->text = pdf_text (name);
        for (guint i = 0; wait->text != NULL && wait->expected[i] != NULL; i++)
          if (strstr (wait->text, wait->expected[i]) == NULL)
            return FALSE;
        return wait->text != NULL;
      }
  return FALSE;
}

static void
assert_pdf_has (const char *prefix, const char *const *expected)
{
  PdfWait wait = { prefix, NULL, expected };

  if (!kiosk_test_wait_until (pdf_complete, &wait, PDF_TIMEOUT_MS))
    g_error ("no PDF %s*.pdf in %s with all of the expected text; its text: %s", prefix, out_dir,
             wait.text != NULL ? wait.text : "(none)");
  g_test_message ("%s: %s", prefix, wait.text);
  g_free (wait.text);
}

/* ------------------------------------------------------------------ */
/* The kiosk                                                           */

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static gboolean
catalog_loaded (gpointer data)
{
  return ww_kiosk_catalog_source_get_catalog (data) != NULL && !ww_kiosk_catalog_source_get_loading (data);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
test_ticket (void)
{
  WwKioskPrinter *printer = ww_kiosk_application_get_printer (app);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  WwTicketFields fields = {
    .id = "t-print-1",
    .number = "A-042",
    .branch_id = "centrale",
    .topic = WW_HELP_TOPIC_DIGID,
    .language = "nl",
    .state = WW_TICKET_STATE_WAITING,
    .created_at = now,
  };
  g_autoptr (WwTicket) ticket = ww_ticket_new (&fields);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  const char *expected[] = { "A-042", "DigiD", "Bibliotheek Voorbeeld, Centrale", NULL };

  g_settings_set_string (ww_kiosk_application_get_settings (app), "printer-name", QUEUE_NAME);
  g_assert_true (ww_kiosk_printer_get_available (printer));
  ww_kiosk_printer_print_ticket_async (printer, ticket, "Bibliotheek Voorbeeld, Centrale", NULL, store_result_cb,
                                       &result);
  g_assert_true (ww_kiosk_printer_print_finish (printer, wait_for_result (&result), &error));
  g_assert_no_error (error);
  g_assert_false (ww_kiosk_printer_get_busy (printer));
  assert_pdf_has ("wegwijs-ticket-A-042", expected);
}

/* A reserved place at a DigiD afternoon: the code large, the time in
 * Dutch time (13:00 UTC in winter is 14:00), the place, what to bring. */
static void
test_reservation (void)
{
  WwKioskPrinter *printer = ww_kiosk_application_get_printer (app);
  g_autoptr (GDateTime) starts_at = g_date_time_new_utc (2026, 11, 26, 13, 0, 0);
  g_autoptr (GDateTime) ends_at = g_date_time_new_utc (2026, 11, 26, 15, 0, 0);
  WwReservation reservation = {
    .code = (char *)"K7M2QP",
    .help_session_id = (char *)"s-print-1",
    .branch_id = (char *)"centrale",
    .starts_at = starts_at,
    .ends_at = ends_at,
    .kind = (char *)"topic",
    .topic = (char *)"DigiD",
    .place = (char *)"Computerhoek, 1e verdieping",
    .bring = (char *)"",
  };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  const char *expected[] = {
    "K7M2QP", "14:00", "16:00", "Computerhoek, 1e verdieping", "DigiD", "Bibliotheek Voorbeeld, Centrale", NULL
  };

  g_settings_set_string (ww_kiosk_application_get_settings (app), "printer-name", QUEUE_NAME);
  ww_kiosk_printer_print_reservation_async (printer, &reservation, "Bibliotheek Voorbeeld, Centrale", store_result_cb,
                                            &result);
  g_assert_true (ww_kiosk_printer_print_finish (printer, wait_for_result (&result), &error));
  g_assert_no_error (error);
  assert_pdf_has ("wegwijs-reservation-K7M2QP", expected);
}

static WwKioskWindow *
open_service (const char *category, const char *service)
{
  WwKioskCatalogSource *source = ww_kiosk_application_get_catalog_source (app);
  WwKioskWindow        *window;
  WwKioskShell         *shell;

  g_assert_true (kiosk_test_wait_until (catalog_loaded, source, 20000));
  window = ww_kiosk_window_new (GTK_APPLICATION (app), ww_kiosk_application_get_settings (app), source,
                                ww_kiosk_application_get_admin_guard (app));
  ww_kiosk_window_set_help_queue (window, ww_kiosk_application_get_help_queue (app),
                                  ww_kiosk_application_get_printer (app));
  _ww_kiosk_window_set_screen_size (window, 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  kiosk_test_wait_for_frame (GTK_WIDGET (window));

  shell = _ww_kiosk_window_get_shell (window);
  gtk_widget_activate_action (GTK_WIDGET (shell), "nav.start-visit", NULL);
  gtk_widget_activate_action (GTK_WIDGET (shell), "nav.open-category", "s", category);
  gtk_widget_activate_action (GTK_WIDGET (shell), "nav.open-service", "s", service);
  kiosk_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (WW_IS_KIOSK_SERVICE_PAGE (ww_kiosk_shell_get_page (shell)));
  return window;
}

static void
close_window (WwKioskWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (weak, &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (kiosk_test_wait_until (is_null, &weak, 5000));
}

static gboolean
printer_idle (gpointer data)
{
  return !ww_kiosk_printer_get_busy (data);
}

static void
test_checklist (void)
{
  WwKioskPrinter *printer = ww_kiosk_application_get_printer (app);
  WwKioskWindow  *window;
  WwService      *service;
  GPtrArray      *bring;
  GtkWidget      *button;
  g_autoptr (GPtrArray) expected = g_ptr_array_new ();

  g_settings_set_string (ww_kiosk_application_get_settings (app), "printer-name", QUEUE_NAME);
  window = open_service ("documenten", "paspoort");
  service = ww_kiosk_service_page_get_service (
      WW_KIOSK_SERVICE_PAGE (ww_kiosk_shell_get_page (_ww_kiosk_window_get_shell (window))));
  bring = ww_service_get_bring (service);
  g_assert_cmpuint (bring->len, >, 0);
  for (guint i = 0; i < bring->len; i++)
    g_ptr_array_add (expected, (gpointer)ww_text_get (g_ptr_array_index (bring, i), "nl"));
  g_ptr_array_add (expected, (gpointer)ww_text_get (ww_service_get_title (service), "nl"));
  g_ptr_array_add (expected, NULL);

  button = kiosk_test_find_actionable (GTK_WIDGET (window), "guide.print-checklist", NULL);
  g_assert_nonnull (button);
  g_assert_true (kiosk_test_is_showing (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  kiosk_test_click (button);
  g_assert_true (ww_kiosk_printer_get_busy (printer));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (kiosk_test_wait_until (printer_idle, printer, PDF_TIMEOUT_MS));
  g_assert_nonnull (kiosk_test_find_label (GTK_WIDGET (window), "De lijst is afgedrukt. Neem het papier mee."));
  assert_pdf_has ("wegwijs-checklist-paspoort", (const char *const *)expected->pdata);

  /* The window goes while the printer still works: the print finishes
   * and its answer finds a page that is no longer on screen (criticals
   * and crashes are fatal here). */
  remove_pdfs ();
  kiosk_test_click (kiosk_test_find_actionable (GTK_WIDGET (window), "guide.print-checklist", NULL));
  g_assert_true (ww_kiosk_printer_get_busy (printer));
  close_window (window);
  g_assert_true (kiosk_test_wait_until (printer_idle, printer, PDF_TIMEOUT_MS));
  assert_pdf_has ("wegwijs-checklist-paspoort", (const char *const *)expected->pdata);
}

/* Without a printer there is no button, and a plain reason instead. */
static void
test_no_printer (void)
{
  WwKioskWindow *window;
  GtkWidget     *button;
  GtkWidget     *reason;

  g_settings_set_string (ww_kiosk_application_get_settings (app), "printer-name", "");
  window = open_service ("documenten", "paspoort");
  button = kiosk_test_find_actionable (GTK_WIDGET (window), "guide.print-checklist", NULL);
  g_assert_true (button == NULL || !kiosk_test_is_showing (button));
  reason = kiosk_test_find_label (GTK_WIDGET (window),
                                  "Deze zuil heeft geen printer. U kunt de lijst opschrijven of aan het eind de "
                                  "QR-code scannen.");
  g_assert_nonnull (reason);
  g_assert_true (kiosk_test_is_showing (reason));

  /* A printer set up while the page is open brings the button. */
  g_settings_set_string (ww_kiosk_application_get_settings (app), "printer-name", QUEUE_NAME);
  kiosk_test_wait_for_frame (GTK_WIDGET (window));
  button = kiosk_test_find_actionable (GTK_WIDGET (window), "guide.print-checklist", NULL);
  g_assert_nonnull (button);
  g_assert_true (kiosk_test_is_showing (button));
  g_assert_false (kiosk_test_is_showing (reason));

  close_window (window);
}

/* GTK's CUPS backend asks the system bus for colord (colour profiles) and
 * Avahi (network printers) and warns when they are not there, as on a test
 * machine or a kiosk without them; printing to a named queue needs
 * neither. Only those two warnings are let through; anything else stays
 * fatal. */
static GLogWriterOutput
log_writer (GLogLevelFlags log_level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; (log_level & G_LOG_LEVEL_WARNING) && i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        (g_str_has_prefix (fields[i].value, "failed to contact colord") ||
         strstr (fields[i].value, "org.freedesktop.Avahi") != NULL))
      return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
test_needs_root (void)
{
  g_test_skip ("cups-pdf prints as root only: cupsd runs its backend (mode 0700) as root");
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  gboolean as_root = getuid () == 0;
  int      status;

  g_log_set_writer_func (log_writer, NULL, NULL);
  ww_kiosk_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  if (as_root)
    {
      take_output_dir ();
      start_cupsd ();
    }

  app = ww_kiosk_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/print/no-printer", test_no_printer);
  if (as_root)
    {
      g_test_add_func ("/print/ticket", test_ticket);
      g_test_add_func ("/print/reservation", test_reservation);
      g_test_add_func ("/print/checklist", test_checklist);
    }
  else
    {
      g_test_add_func ("/print/ticket", test_needs_root);
      g_test_add_func ("/print/reservation", test_needs_root);
      g_test_add_func ("/print/checklist", test_needs_root);
    }

  status = g_test_run ();

  g_clear_object (&app);
  stop_cupsd ();
  if (lock_fd >= 0)
    {
      remove_pdfs ();
      close (lock_fd);
    }
  g_free (out_dir);
  return status;
}
