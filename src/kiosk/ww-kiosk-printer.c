/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Paper for the resident to take home: the ticket (number, time, topic,
 * branch) and a service's "what to bring" list with its QR code. Printed
 * straight to the CUPS queue named in the settings as a GtkPrintJob,
 * without a dialog, and asynchronously: the kiosk never waits on the
 * printer. With no queue named, `available` is %FALSE and the screens say
 * so instead of offering a button that cannot work.
 */

#include "config.h"

#include "ww-kiosk-printer.h"
#include "ww-kiosk-printer-private.h"

#include "ww-kiosk-help-queue.h"

#include <glib/gi18n-lib.h>
#include <gtk/gtkunixprint.h>
#include <qrencode.h>

struct _WwKioskPrinter
{
  GObject parent_instance;

  GSettings *settings;
  char      *printer_name;
  guint      n_busy;
};

G_DEFINE_FINAL_TYPE (WwKioskPrinter, ww_kiosk_printer, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_AVAILABLE,
  PROP_PRINTER_NAME,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What goes on the page: a large heading, lines of text, a QR code. */
typedef struct
{
  char        *heading;
  double       heading_size;
  GPtrArray   *lines;
  char        *qr_text;
  char        *direction_language;
  char        *job_name;
  GtkPrinter  *printer;
  GtkPrintJob *job;
} Printout;

static void
printout_free (Printout *printout)
{
  g_free (printout->heading);
  g_ptr_array_unref (printout->lines);
  g_free (printout->qr_text);
  g_free (printout->direction_language);
  g_free (printout->job_name);
  g_clear_object (&printout->printer);
  g_clear_object (&printout->job);
  g_free (printout);
}

static Printout *
printout_new (const char *heading)
{
  Printout *printout = g_new0 (Printout, 1);

  printout->heading = g_strdup (heading);
  printout->heading_size = 28;
  printout->lines = g_ptr_array_new_with_free_func (g_free);
  return printout;
}

static void
set_busy (WwKioskPrinter *self, gboolean busy)
{
  gboolean was_busy = self->n_busy > 0;

  self->n_busy += busy ? 1 : -1;
  if (was_busy != (self->n_busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static double
draw_text (cairo_t *cr, double width, const char *text, double size, gboolean bold, double y)
{
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");
  int                   height;

  /* The surface counts in points: 72 to the inch. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_font_description_set_size (font, (int)(size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_cairo_update_layout (cr, layout);

  cairo_move_to (cr, 0, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &height);
  return y + (double)height / PANGO_SCALE;
}

static void
draw_qr_code (cairo_t *cr, const char *text, double x, double y, double size)
{
  QRcode *code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  double  module;

  if (code == NULL)
    return;

  /* Four modules of quiet zone on each side, as the standard asks. */
  module = size / (code->width + 8);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int row = 0; row < code->width; row++)
    for (int column = 0; column < code->width; column++)
      if (code->data[row * code->width + column] & 1)
        cairo_rectangle (cr, x + (column + 4) * module, y + (row + 4) * module, module, module);
  cairo_fill (cr);
  QRcode_free (code);
}

/* One page, inside the paper's printable area. */
static void
draw_printout (cairo_t *cr, GtkPageSetup *page_setup, Printout *printout)
{
  double width = gtk_page_setup_get_page_width (page_setup, GTK_UNIT_POINTS);
  double y = 0;

  cairo_translate (cr, gtk_page_setup_get_left_margin (page_setup, GTK_UNIT_POINTS),
                   gtk_page_setup_get_top_margin (page_setup, GTK_UNIT_POINTS));
  cairo_set_source_rgb (cr, 0, 0, 0);
  y = draw_text (cr, width, printout->heading, printout->heading_size, TRUE, y) + 12;
  for (guint i = 0; i < printout->lines->len; i++)
    y = draw_text (cr, width, g_ptr_array_index (printout->lines, i), 13, FALSE, y) + 6;

  if (printout->qr_text != NULL)
    draw_qr_code (cr, printout->qr_text, 0, y + 12, MIN (180, width));
}

static void
job_sent_cb (GtkPrintJob *job, gpointer user_data, const GError *error)
{
  g_autoptr (GTask) task = user_data;

  set_busy (g_task_get_source_object (task), FALSE);
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
send_job (GTask *task, GtkPrinter *printer)
{
  WwKioskPrinter *self = g_task_get_source_object (task);
  Printout       *printout = g_task_get_task_data (task);
  g_autoptr (GtkPrintSettings) print_settings = gtk_print_settings_new ();
  g_autoptr (GtkPageSetup) page_setup = gtk_page_setup_new ();
  g_autoptr (GtkPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t         *cr;

  gtk_print_settings_set_printer (print_settings, self->printer_name);
  job = gtk_print_job_new (printout->job_name, printer, print_settings, page_setup);
  surface = gtk_print_job_get_surface (job, &error);
  if (surface == NULL)
    {
      set_busy (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cr = cairo_create (surface);
  draw_printout (cr, page_setup, printout);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);

  /* Kept until sent: the backend streams the spool file from it. */
  printout->job = g_steal_pointer (&job);
  gtk_print_job_send (printout->job, job_sent_cb, g_object_ref (task), NULL);
}

/* GtkPrintOperation would find the printer itself, but GTK 4.8 can run
 * its printer finder's callback twice (a use after free), so the kiosk
 * looks the queue up and sends a GtkPrintJob. */
static gboolean
printer_listed_cb (GtkPrinter *printer, gpointer user_data)
{
  GTask          *task = user_data;
  WwKioskPrinter *self = g_task_get_source_object (task);
  Printout       *printout = g_task_get_task_data (task);

  if (printout->printer != NULL || gtk_printer_is_virtual (printer) ||
      g_strcmp0 (gtk_printer_get_name (printer), self->printer_name) != 0)
    return FALSE;

  printout->printer = g_object_ref (printer);
  return TRUE;
}

static void
printers_listed_cb (gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  WwKioskPrinter *self = g_task_get_source_object (task);
  Printout       *printout = g_task_get_task_data (task);

  if (printout->printer != NULL)
    send_job (task, printout->printer);
  else
    {
      set_busy (self, FALSE);
      g_task_return_new_error (task, WW_ERROR, WW_ERROR_NOT_FOUND, "There is no printer “%s”", self->printer_name);
    }
}

static void
print (WwKioskPrinter     *self,
       Printout           *printout,
       const char         *job_name,
       GtkWindow          *parent,
       GAsyncReadyCallback callback,
       gpointer            user_data)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, ww_kiosk_printer_print_finish);
  printout->job_name = g_strdup (job_name);
  g_task_set_task_data (task, printout, (GDestroyNotify)printout_free);

  if (!ww_kiosk_printer_get_available (self))
    {
      g_task_return_new_error (task, WW_ERROR, WW_ERROR_NOT_FOUND, "No printer is configured");
      return;
    }

  set_busy (self, TRUE);
  gtk_enumerate_printers (printer_listed_cb, g_steal_pointer (&task), printers_listed_cb, FALSE);
}

static void
ww_kiosk_printer_dispose (GObject *object)
{
  WwKioskPrinter *self = WW_KIOSK_PRINTER (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ww_kiosk_printer_parent_class)->dispose (object);
}

static void
ww_kiosk_printer_finalize (GObject *object)
{
  g_free (WW_KIOSK_PRINTER (object)->printer_name);

  G_OBJECT_CLASS (ww_kiosk_printer_parent_class)->finalize (object);
}

static void
ww_kiosk_printer_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskPrinter *self = WW_KIOSK_PRINTER (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, ww_kiosk_printer_get_available (self));
      break;
    case PROP_PRINTER_NAME:
      g_value_set_string (value, self->printer_name);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->n_busy > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_printer_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskPrinter *self = WW_KIOSK_PRINTER (object);
  gboolean        was_available;

  switch (prop_id)
    {
    case PROP_PRINTER_NAME:
      if (g_strcmp0 (self->printer_name, g_value_get_string (value)) == 0)
        break;
      was_available = ww_kiosk_printer_get_available (self);
      g_free (self->printer_name);
      self->printer_name = g_strstrip (g_value_dup_string (value));
      g_object_notify_by_pspec (object, properties[PROP_PRINTER_NAME]);
      if (was_available != ww_kiosk_printer_get_available (self))
        g_object_notify_by_pspec (object, properties[PROP_AVAILABLE]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_printer_class_init (WwKioskPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ww_kiosk_printer_dispose;
  object_class->finalize = ww_kiosk_printer_finalize;
  object_class->get_property = ww_kiosk_printer_get_property;
  object_class->set_property = ww_kiosk_printer_set_property;

  properties[PROP_AVAILABLE] = g_param_spec_boolean (
      "available", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRINTER_NAME] = g_param_spec_string (
      "printer-name", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_kiosk_printer_init (WwKioskPrinter *self)
{
}

WwKioskPrinter *
ww_kiosk_printer_new (GSettings *settings)
{
  WwKioskPrinter *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (WW_TYPE_KIOSK_PRINTER, NULL);
  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "printer-name", self, "printer-name", G_SETTINGS_BIND_GET);
  return self;
}

gboolean
ww_kiosk_printer_get_available (WwKioskPrinter *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_PRINTER (self), FALSE);
  return self->printer_name != NULL && *self->printer_name != '\0';
}

const char *
ww_kiosk_printer_get_printer_name (WwKioskPrinter *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_PRINTER (self), NULL);
  return self->printer_name;
}

gboolean
ww_kiosk_printer_get_busy (WwKioskPrinter *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_PRINTER (self), FALSE);
  return self->n_busy > 0;
}

/* The resident's word for a help topic, in the interface language. */
const char *
ww_kiosk_help_topic_get_label (WwHelpTopic topic)
{
  switch (topic)
    {
    case WW_HELP_TOPIC_DIGID:
      return _ ("DigiD");
    case WW_HELP_TOPIC_MONEY:
      return _ ("Allowances and taxes");
    case WW_HELP_TOPIC_MUNICIPALITY:
      return _ ("The municipality");
    case WW_HELP_TOPIC_DEVICE:
      return _ ("Computer or phone");
    case WW_HELP_TOPIC_OTHER:
    default:
      return _ ("Something else");
    }
}

void
ww_kiosk_printer_print_ticket_async (WwKioskPrinter     *self,
                                     WwTicket           *ticket,
                                     const char         *branch,
                                     GtkWindow          *parent,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *time = NULL;
  g_autofree char *job_name = NULL;
  Printout        *printout;

  g_return_if_fail (WW_IS_KIOSK_PRINTER (self));
  g_return_if_fail (WW_IS_TICKET (ticket));

  local = ww_ticket_get_created_at (ticket) != NULL ? g_date_time_to_local (ww_ticket_get_created_at (ticket))
                                                    : g_date_time_new_now_local ();
  time = g_date_time_format (local, "%d-%m-%Y %H:%M");

  printout = printout_new (ww_ticket_get_number (ticket));
  g_ptr_array_add (printout->lines, g_strdup_printf (_ ("Your number: %s"), ww_ticket_get_number (ticket)));
  g_ptr_array_add (printout->lines, g_strdup_printf (_ ("Time: %s"), time));
  g_ptr_array_add (printout->lines,
                   g_strdup_printf (_ ("Topic: %s"), ww_kiosk_help_topic_get_label (ww_ticket_get_topic (ticket))));
  if (branch != NULL && *branch != '\0')
    g_ptr_array_add (printout->lines, g_strdup_printf (_ ("Library: %s"), branch));
  g_ptr_array_add (printout->lines, g_strdup (_ ("You can sit down; we will call your number.")));

  job_name = g_strdup_printf ("wegwijs-ticket-%s", ww_ticket_get_number (ticket));
  print (self, printout, job_name, parent, callback, user_data);
}

void
ww_kiosk_printer_print_checklist_async (WwKioskPrinter     *self,
                                        WwService          *service,
                                        const char         *language,
                                        GtkWindow          *parent,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_autofree char *job_name = NULL;
  GPtrArray       *bring;
  Printout        *printout;

  g_return_if_fail (WW_IS_KIOSK_PRINTER (self));
  g_return_if_fail (WW_IS_SERVICE (service));

  printout = printout_new (ww_text_get (ww_service_get_title (service), language));
  g_ptr_array_add (printout->lines, g_strdup (_ ("What to bring:")));
  bring = ww_service_get_bring (service);
  for (guint i = 0; bring != NULL && i < bring->len; i++)
    g_ptr_array_add (printout->lines, g_strdup_printf ("☐ %s", ww_text_get (g_ptr_array_index (bring, i), language)));
  if (ww_service_get_link (service) != NULL)
    {
      g_ptr_array_add (printout->lines, g_strdup_printf (_ ("More information: %s"), ww_service_get_link (service)));
      printout->qr_text = g_strdup (ww_service_get_link (service));
    }

  job_name = g_strdup_printf ("wegwijs-checklist-%s", ww_service_get_id (service));
  print (self, printout, job_name, parent, callback, user_data);
}

static Printout *
reservation_printout (const WwReservation *reservation, const char *branch)
{
  g_autoptr (GPtrArray) bring = ww_kiosk_help_describe_bring (reservation->topic, reservation->bring);
  g_autofree char *when = ww_kiosk_help_format_when (reservation->starts_at, reservation->ends_at);
  Printout        *printout = printout_new (reservation->code);

  /* The code is what the volunteer asks for: larger than a ticket's. */
  printout->heading_size = 48;

  g_ptr_array_add (printout->lines, g_strdup_printf (_ ("Your code: %s"), reservation->code));
  g_ptr_array_add (printout->lines, g_strdup_printf (_ ("When: %s"), when));
  if (reservation->place != NULL && *reservation->place != '\0')
    g_ptr_array_add (printout->lines, g_strdup_printf (_ ("Place: %s"), reservation->place));
  if (branch != NULL && *branch != '\0')
    g_ptr_array_add (printout->lines, g_strdup_printf (_ ("Library: %s"), branch));
  g_ptr_array_add (printout->lines, g_strdup (_ ("What to bring:")));
  for (guint i = 0; i < bring->len; i++)
    g_ptr_array_add (printout->lines, g_strdup_printf ("☐ %s", (char *)g_ptr_array_index (bring, i)));
  g_ptr_array_add (printout->lines,
                   g_strdup (_ ("Show this code to the volunteer when you come. You do not need to give your name.")));
  return printout;
}

/* The reserved place at a help session: the code large, then the date,
 * the place and what to bring. */
void
ww_kiosk_printer_print_reservation_async (WwKioskPrinter      *self,
                                          const WwReservation *reservation,
                                          const char          *branch,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autofree char *job_name = NULL;

  g_return_if_fail (WW_IS_KIOSK_PRINTER (self));
  g_return_if_fail (reservation != NULL);

  job_name = g_strdup_printf ("wegwijs-reservation-%s", reservation->code);
  print (self, reservation_printout (reservation, branch), job_name, NULL, callback, user_data);
}

/* For tests: draws the reservation's page as the printer would get it. */
void
_ww_kiosk_printer_draw_reservation (cairo_t             *cr,
                                    GtkPageSetup        *page_setup,
                                    const WwReservation *reservation,
                                    const char          *branch)
{
  Printout *printout = reservation_printout (reservation, branch);

  draw_printout (cr, page_setup, printout);
  printout_free (printout);
}

gboolean
ww_kiosk_printer_print_finish (WwKioskPrinter *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (WW_IS_KIOSK_PRINTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
