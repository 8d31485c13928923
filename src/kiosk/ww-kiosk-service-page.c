/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The guide through one service, one thing at a time:
 *
 *   position 0        what it is, what to bring, where and how
 *   positions 1 … n   the steps, "Step 2 of 5"
 *   position n + 1    done: where to go, and a QR code to carry on at home
 *
 * Back and Next walk the positions; Back on the first one leaves the guide.
 */

#include "config.h"

#include "ww-kiosk-service-page.h"

#include <glib/gi18n-lib.h>

#include "ww-kiosk-a11y.h"
#include "ww-kiosk-page.h"
#include "ww-kiosk-printer.h"
#include "ww-kiosk-qr-code.h"
#include "ww-kiosk-reflow-bin.h"
#include "ww-kiosk-window.h"
#include "wegwijs-core.h"

struct _WwKioskServicePage
{
  GtkWidget parent_instance;

  GtkStack          *stack;
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *title_label;
  GtkLabel          *summary_label;
  GtkWidget         *bring_section;
  GtkBox            *bring_box;
  GtkLabel          *channel_label;
  GtkLabel          *where_label;
  GtkLabel          *cost_label;
  GtkWidget         *digid_box;
  GtkLabel          *step_count_label;
  GtkProgressBar    *step_progress;
  GtkLabel          *step_title_label;
  GtkLabel          *step_text_label;
  GtkLabel          *finish_where_label;
  GtkLabel          *finish_channel_label;
  GtkWidget         *phone_section;
  WwKioskQrCode     *qr_code;
  GtkLabel          *link_label;
  GtkWidget         *back_button;
  GtkWidget         *home_button;
  GtkWidget         *next_button;
  GtkLabel          *next_label;
  GtkLabel          *home_label;
  GtkWidget         *print_button;
  GtkLabel          *print_status_label;

  WwService      *service;
  WwKioskPrinter *printer;
  char           *language;
  guint           position;
};

static void ww_kiosk_service_page_page_init (WwKioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwKioskServicePage,
                               ww_kiosk_service_page,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WW_TYPE_KIOSK_PAGE, ww_kiosk_service_page_page_init))

enum
{
  PROP_0,
  PROP_SERVICE,
  PROP_LANGUAGE,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
text (WwKioskServicePage *self, WwText *value)
{
  return value != NULL ? ww_text_get (value, self->language) : "";
}

static guint
get_n_steps (WwKioskServicePage *self)
{
  return g_list_model_get_n_items (ww_service_get_steps (self->service));
}

static const char *
get_channel_text (WwChannel channel)
{
  switch (channel)
    {
    case WW_CHANNEL_ONLINE:
      return _ ("You do this online, on a computer or a phone. A volunteer in the library can help you.");
    case WW_CHANNEL_APPOINTMENT:
      return _ ("You do this at the town hall. You need an appointment first.");
    case WW_CHANNEL_VOLUNTEER:
      return _ ("You can do this here in the library, with a volunteer.");
    default:
      return "";
    }
}

static void
show_position (WwKioskServicePage *self)
{
  guint n_steps = get_n_steps (self);

  if (self->position == 0)
    gtk_stack_set_visible_child_name (self->stack, "overview");
  else if (self->position <= n_steps)
    {
      g_autoptr (WwStep) step = g_list_model_get_item (ww_service_get_steps (self->service), self->position - 1);
      g_autofree char *count = g_strdup_printf (_ ("Step %u of %u"), self->position, n_steps);

      gtk_label_set_label (self->step_count_label, count);
      gtk_progress_bar_set_fraction (self->step_progress, (double)self->position / n_steps);
      gtk_label_set_label (self->step_title_label, text (self, ww_step_get_title (step)));
      gtk_label_set_label (self->step_text_label, text (self, ww_step_get_text (step)));
      gtk_stack_set_visible_child_name (self->stack, "step");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "finish");

  gtk_label_set_label (self->next_label, self->position == 0 ? _ ("Start with step 1") : _ ("Next"));
  gtk_widget_set_visible (self->next_button, self->position <= n_steps);
  gtk_label_set_label (self->home_label, self->position > n_steps ? _ ("Done, back to the start") : _ ("Home"));
  if (self->position > n_steps)
    gtk_widget_add_css_class (self->home_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->home_button, "suggested-action");

  /* Each position starts at its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
}

static void
fill_bring (WwKioskServicePage *self)
{
  GPtrArray *bring = ww_service_get_bring (self->service);

  gtk_widget_set_visible (self->bring_section, bring != NULL && bring->len > 0);
  for (guint i = 0; bring != NULL && i < bring->len; i++)
    {
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *label = gtk_label_new (text (self, g_ptr_array_index (bring, i)));
      GtkWidget *bin = ww_kiosk_reflow_bin_new ();

      /* A wrapping label of our own: the check button's own does not wrap. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      /* In the bin, the check button's box does not ask the label's width
       * for a height at each allocation (see ww-kiosk-reflow-bin.c). */
      ww_kiosk_reflow_bin_set_child (WW_KIOSK_REFLOW_BIN (bin), label);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), bin);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      gtk_box_append (self->bring_box, check);
    }
}

static void
fill (WwKioskServicePage *self)
{
  WwText     *cost = ww_service_get_cost (self->service);
  const char *link = ww_service_get_link (self->service);

  gtk_label_set_label (self->title_label, text (self, ww_service_get_title (self->service)));
  gtk_label_set_label (self->summary_label, text (self, ww_service_get_summary (self->service)));
  fill_bring (self);

  gtk_label_set_label (self->channel_label, get_channel_text (ww_service_get_channel (self->service)));
  gtk_label_set_label (self->finish_channel_label, get_channel_text (ww_service_get_channel (self->service)));
  gtk_label_set_label (self->where_label, text (self, ww_service_get_where (self->service)));
  gtk_label_set_label (self->finish_where_label, text (self, ww_service_get_where (self->service)));

  if (cost != NULL && *ww_text_get (cost, self->language) != '\0')
    {
      g_autofree char *cost_text = g_strdup_printf (_ ("Cost: %s"), ww_text_get (cost, self->language));

      gtk_label_set_label (self->cost_label, cost_text);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->cost_label), FALSE);

  gtk_widget_set_visible (self->digid_box, ww_service_get_needs_digid (self->service));

  gtk_widget_set_visible (self->phone_section, link != NULL && *link != '\0');
  ww_kiosk_qr_code_set_text (self->qr_code, link);
  gtk_label_set_label (self->link_label, link);
  /* A web address reads left to right in every language. */
  gtk_widget_set_direction (GTK_WIDGET (self->link_label), GTK_TEXT_DIR_LTR);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->qr_code), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("QR code with the web address of this service"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, link, -1);
}

static void
show_print_status (WwKioskServicePage *self, const char *text)
{
  /* The page may be gone by the time the printer answers. */
  if (self->print_status_label == NULL)
    return;

  gtk_label_set_label (self->print_status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->print_status_label), text != NULL);
}

static void
printer_changed_cb (WwKioskPrinter *printer, GParamSpec *pspec, WwKioskServicePage *self)
{
  gboolean available = printer != NULL && ww_kiosk_printer_get_available (printer);

  /* Honest about a kiosk without a printer: no button that cannot work. */
  gtk_widget_set_visible (self->print_button, available);
  if (!available)
    show_print_status (self,
                       _ ("This kiosk has no printer. You can write the list down or scan the QR code at the end."));
  else if (pspec != NULL && g_str_equal (pspec->name, "available"))
    show_print_status (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.print-checklist",
                                 available && !ww_kiosk_printer_get_busy (printer));
}

static void
checklist_printed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WwKioskServicePage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (ww_kiosk_printer_print_finish (WW_KIOSK_PRINTER (object), result, &error))
    show_print_status (self, _ ("The list is printed. Please take the paper."));
  else
    {
      g_message ("Could not print the list: %s", error->message);
      show_print_status (self, _ ("Printing did not work. Please ask at the desk."));
    }
}

static void
print_checklist_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (widget);

  if (self->printer == NULL)
    return;

  show_print_status (self, _ ("Printing…"));
  ww_kiosk_printer_print_checklist_async (self->printer, self->service, self->language,
                                          GTK_WINDOW (gtk_widget_get_root (widget)), checklist_printed_cb,
                                          g_object_ref (self));
}

static void
next_step_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (widget);

  if (self->position <= get_n_steps (self))
    ww_kiosk_service_page_set_position (self, self->position + 1);
}

static void
previous_step_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (widget);

  if (self->position == 0)
    gtk_widget_activate_action (widget, "nav.go-back", NULL);
  else
    ww_kiosk_service_page_set_position (self, self->position - 1);
}

static gboolean
ww_kiosk_service_page_focus_default (WwKioskPage *page)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (page);

  if (gtk_widget_get_visible (self->next_button))
    return gtk_widget_grab_focus (self->next_button);

  return gtk_widget_grab_focus (self->home_button);
}

static char *
ww_kiosk_service_page_get_reading_text (WwKioskPage *page)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (page);

  return ww_kiosk_page_collect_text (gtk_stack_get_visible_child (self->stack));
}

static void
ww_kiosk_service_page_page_init (WwKioskPageInterface *iface)
{
  iface->get_reading_text = ww_kiosk_service_page_get_reading_text;
  iface->focus_default = ww_kiosk_service_page_focus_default;
}

static void
ww_kiosk_service_page_constructed (GObject *object)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (object);

  G_OBJECT_CLASS (ww_kiosk_service_page_parent_class)->constructed (object);

  g_return_if_fail (self->service != NULL);

  fill (self);
  show_position (self);
}

/* The printer belongs to the window, which outlives this page. */
static void
ww_kiosk_service_page_root (GtkWidget *widget)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (widget);
  GtkRoot            *root;

  GTK_WIDGET_CLASS (ww_kiosk_service_page_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (self->printer == NULL && WW_IS_KIOSK_WINDOW (root) && ww_kiosk_window_get_printer (WW_KIOSK_WINDOW (root)))
    {
      self->printer = g_object_ref (ww_kiosk_window_get_printer (WW_KIOSK_WINDOW (root)));
      g_signal_connect_object (self->printer, "notify", G_CALLBACK (printer_changed_cb), self, G_CONNECT_DEFAULT);
    }
  printer_changed_cb (self->printer, NULL, self);
}

static void
ww_kiosk_service_page_dispose (GObject *object)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_SERVICE_PAGE);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->service);
  g_clear_object (&self->printer);

  G_OBJECT_CLASS (ww_kiosk_service_page_parent_class)->dispose (object);
}

static void
ww_kiosk_service_page_finalize (GObject *object)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (object);

  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (ww_kiosk_service_page_parent_class)->finalize (object);
}

static void
ww_kiosk_service_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_service_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskServicePage *self = WW_KIOSK_SERVICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      self->service = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      self->language = g_value_dup_string (value);
      break;
    case PROP_POSITION:
      ww_kiosk_service_page_set_position (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_service_page_class_init (WwKioskServicePageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ww_kiosk_service_page_constructed;
  object_class->dispose = ww_kiosk_service_page_dispose;
  object_class->finalize = ww_kiosk_service_page_finalize;
  object_class->get_property = ww_kiosk_service_page_get_property;
  object_class->set_property = ww_kiosk_service_page_set_property;
  widget_class->root = ww_kiosk_service_page_root;

  properties[PROP_SERVICE] = g_param_spec_object ("service", NULL, NULL, WW_TYPE_SERVICE,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, "nl",
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskServicePage:position:
   *
   * 0 for the overview, 1 to n for the steps, n + 1 for the end.
   */
  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "guide.next-step", NULL, next_step_cb);
  gtk_widget_class_install_action (widget_class, "guide.previous-step", NULL, previous_step_cb);
  gtk_widget_class_install_action (widget_class, "guide.print-checklist", NULL, print_checklist_cb);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-service-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, stack);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, bring_section);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, bring_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, channel_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, where_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, cost_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, digid_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, step_count_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, step_progress);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, step_title_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, step_text_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, finish_where_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, finish_channel_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, phone_section);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, qr_code);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, link_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, back_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, home_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, next_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, next_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, home_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, print_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskServicePage, print_status_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "servicepage");
}

static void
ww_kiosk_service_page_init (WwKioskServicePage *self)
{
  g_type_ensure (WW_TYPE_KIOSK_QR_CODE);
  g_type_ensure (WW_TYPE_KIOSK_REFLOW_BIN);
  gtk_widget_init_template (GTK_WIDGET (self));
  ww_kiosk_a11y_track_stack (self->stack);
}

GtkWidget *
ww_kiosk_service_page_new (WwService *service, const char *language)
{
  g_return_val_if_fail (WW_IS_SERVICE (service), NULL);

  return g_object_new (WW_TYPE_KIOSK_SERVICE_PAGE, "service", service, "language", language, NULL);
}

WwService *
ww_kiosk_service_page_get_service (WwKioskServicePage *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SERVICE_PAGE (self), NULL);

  return self->service;
}

guint
ww_kiosk_service_page_get_position (WwKioskServicePage *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SERVICE_PAGE (self), 0);

  return self->position;
}

/* A position past the end (a newer catalogue with fewer steps) shows the end. */
void
ww_kiosk_service_page_set_position (WwKioskServicePage *self, guint position)
{
  g_return_if_fail (WW_IS_KIOSK_SERVICE_PAGE (self));

  if (self->service != NULL)
    position = MIN (position, get_n_steps (self) + 1);

  if (self->position == position)
    return;

  self->position = position;
  if (self->service != NULL)
    show_position (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

/* The overview, the steps and the end. */
guint
ww_kiosk_service_page_get_n_positions (WwKioskServicePage *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SERVICE_PAGE (self), 0);

  return get_n_steps (self) + 2;
}
