/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * "Help from a person". On an enrolled kiosk whose hub answers, the
 * resident picks a topic, may give a first name and picks the language
 * they want help in, and gets a number: shown very large, with the place
 * in the queue and the expected wait, live from the hub. Without a hub
 * (not enrolled, or offline) the page plainly says to ask at the desk,
 * and names the service the resident came from so they can say what they
 * need.
 *
 * Before the form, the page asks the hub whether a volunteer is on duty.
 * When nobody is, it says so calmly, says (and speaks) when the next help
 * session is, and lets the resident reserve a place at one of the next
 * sessions without giving anything about themselves: they get a short
 * code, shown very large with the date, the place and what to bring, and
 * printable. When the queue closes while this kiosk's ticket waits, the
 * ticket screen says truthfully that the number stays in the line (the
 * hub keeps waiting tickets) and offers the sessions too.
 *
 * The ticket, the reservation and the hub's answer live in the
 * WwKioskHelpQueue the window holds, not here: this page is rebuilt for
 * every language and every visit.
 */

#include "config.h"

#include "ww-kiosk-help-page.h"

#include <glib/gi18n-lib.h>

#include "ww-kiosk-help-queue.h"
#include "ww-kiosk-i18n.h"
#include "ww-kiosk-page.h"
#include "ww-kiosk-printer.h"
#include "ww-kiosk-window.h"
#include "ww-kiosk-wrap-box.h"
#include "ww-language.h"

struct _WwKioskHelpPage
{
  GtkWidget parent_instance;

  GtkStack    *state_stack;
  GtkWidget   *offline_box;
  GtkWidget   *form_box;
  GtkWidget   *ticket_box;
  GtkLabel    *subject_label;
  GtkWidget   *back_button;
  GtkFlowBox  *topic_box;
  GtkEditable *name_entry;
  GtkFlowBox  *language_box;
  GtkWidget   *request_button;
  GtkLabel    *status_label;
  GtkLabel    *number_label;
  GtkLabel    *position_label;
  GtkLabel    *wait_label;
  GtkWidget   *print_button;
  GtkLabel    *print_status_label;
  GtkWidget   *queue_closed_box;
  GtkWidget   *ticket_heading;
  GtkWidget   *show_sessions_button;
  GtkLabel    *queue_closed_label;
  GtkLabel    *closed_title_label;
  GtkLabel    *next_label;
  GtkLabel    *details_label;
  GtkLabel    *sessions_label;
  GtkBox      *sessions_box;
  GtkLabel    *closed_status_label;
  GtkWidget   *also_desk_label;
  GtkWidget   *back_to_ticket_button;
  GtkLabel    *code_label;
  GtkLabel    *when_label;
  GtkLabel    *place_label;
  GtkLabel    *bring_label;
  GtkWidget   *print_reservation_button;
  GtkLabel    *reservation_status_label;

  WwKioskHelpQueue *queue;
  WwKioskPrinter   *printer;
  GCancellable     *cancellable;
  char             *topic;
  char             *help_language;
  char             *spoken_ticket;
  char             *spoken_closed;
  char             *spoken_reservation;
  GPtrArray        *occurrences; /* WwHelpOccurrence: the dates offered */
  GCancellable     *list_cancellable;
  gboolean          showing_sessions;
  GString          *to_speak;
  guint             speak_source;
  gboolean          watching;
};

static void ww_kiosk_help_page_page_init (WwKioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwKioskHelpPage,
                               ww_kiosk_help_page,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WW_TYPE_KIOSK_PAGE, ww_kiosk_help_page_page_init))

enum
{
  PROP_0,
  PROP_TOPIC,
  PROP_HELP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *nick;
  const char *icon_name;
} topics[] = {
  { "digid", "ww-category-digid-symbolic" },
  { "money", "ww-category-money-symbolic" },
  { "municipality", "ww-category-contact-symbolic" },
  { "device", "computer-symbolic" },
  { "other", "ww-person-help-symbolic" },
};

static const char *const help_languages[] = { "nl", "en", "ar", "tr", "pl", "uk" };

static void
update_actions (WwKioskHelpPage *self)
{
  gboolean busy = self->queue != NULL && ww_kiosk_help_queue_get_busy (self->queue);
  gboolean has_ticket = self->queue != NULL && ww_kiosk_help_queue_get_ticket (self->queue) != NULL;
  gboolean can_print = self->printer != NULL && ww_kiosk_printer_get_available (self->printer);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "help.request-ticket",
                                 !busy && !has_ticket && self->topic != NULL && *self->topic != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "help.cancel-ticket", !busy && has_ticket);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "help.print-ticket",
                                 has_ticket && can_print && !ww_kiosk_printer_get_busy (self->printer));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "help.reserve", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "help.print-reservation",
                                 self->queue != NULL && ww_kiosk_help_queue_get_reservation (self->queue) != NULL &&
                                     can_print && !ww_kiosk_printer_get_busy (self->printer));
}

static void
update_ticket (WwKioskHelpPage *self)
{
  WwTicket        *ticket = ww_kiosk_help_queue_get_ticket (self->queue);
  g_autofree char *position = NULL;
  g_autofree char *wait = NULL;
  int              ahead, minutes;

  if (ticket == NULL)
    return;

  gtk_label_set_label (self->number_label, ww_ticket_get_number (ticket));
  ahead = ww_ticket_get_position (ticket) - 1;
  minutes = (ww_ticket_get_estimated_wait (ticket) + 59) / 60;
  if (ww_ticket_get_state (ticket) == WW_TICKET_STATE_CALLED ||
      ww_ticket_get_state (ticket) == WW_TICKET_STATE_IN_PROGRESS)
    position = g_strdup (_ ("It is your turn now."));
  else if (ahead <= 0)
    position = g_strdup (_ ("You are next."));
  else
    position =
        g_strdup_printf (ngettext ("There is %d person before you.", "There are %d people before you.", ahead), ahead);
  gtk_label_set_label (self->position_label, position);

  if (ww_ticket_get_state (ticket) == WW_TICKET_STATE_WAITING && minutes > 0)
    wait = g_strdup_printf (ngettext ("Expected wait: about %d minute.", "Expected wait: about %d minutes.", minutes),
                            minutes);
  gtk_label_set_label (self->wait_label, wait != NULL ? wait : "");
  gtk_widget_set_visible (GTK_WIDGET (self->wait_label), wait != NULL);

  /* Say a new number once, not on every change of position. */
  if (g_strcmp0 (self->spoken_ticket, ww_ticket_get_id (ticket)) != 0)
    {
      g_autofree char *text = g_strdup_printf (_ ("Your number is %s. You can sit down; we will call your number."),
                                               ww_ticket_get_number (ticket));

      g_free (self->spoken_ticket);
      self->spoken_ticket = g_strdup (ww_ticket_get_id (ticket));
      ww_kiosk_help_queue_speak (self->queue, text);
    }
}

static gboolean
queue_closed (WwKioskHelpPage *self)
{
  WwHelpStatus *status = self->queue != NULL ? ww_kiosk_help_queue_get_status (self->queue) : NULL;

  return status != NULL && !status->open;
}

/* "Next help: Tuesday 24 November, 10:00 to 12:00.\nPlace: Leestafel". The
 * place is the library's own words, so it stands on its own line. */
static char *
describe_next (const WwHelpOccurrence *next)
{
  g_autofree char *when = ww_kiosk_help_format_when (next->starts_at, next->ends_at);

  /* Translators: the first %s is a date and times, the second a place in the library as the library names it */
  return g_strdup_printf (_ ("Next help: %s.\nPlace: %s"), when, next->place);
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "topic") == 0)
    return _ ("Help with one topic");
  if (g_strcmp0 (kind, "course") == 0)
    return _ ("Course");
  return _ ("Walk-in hour: come with any question");
}

static char *
describe_details (const WwHelpOccurrence *next)
{
  g_autofree char *languages = ww_kiosk_help_format_languages (next);
  GString         *text = g_string_new (kind_label (next->kind));

  if (next->topic != NULL && *next->topic != '\0')
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _ ("Topic: %s"), next->topic);
    }
  if (*languages != '\0')
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _ ("The volunteers speak: %s"), languages);
    }
  return g_string_free (text, FALSE);
}

/* The date and times on one line, the place and the free places on the
 * next: two short lines instead of one long sentence, so that three dates
 * fit beside what comes next. The whole sentence is the button's name. */
static GtkWidget *
new_session_button (WwKioskHelpPage *self, const WwHelpOccurrence *occurrence, guint index)
{
  g_autofree char *when = ww_kiosk_help_format_when (occurrence->starts_at, occurrence->ends_at);
  g_autofree char *places = g_strdup_printf (
      ngettext ("%d place free", "%d places free", (gulong)occurrence->free_places), (int)occurrence->free_places);
  /* Translators: a help session to choose: date and times, place, free places; then the action */
  g_autofree char *text = g_strdup_printf (_ ("%s, %s (%s). Reserve a place"), when, occurrence->place, places);
  /* Translators: on a button to reserve a help session, under its date: a place in the library, then how many
   * places are free ("Leestafel, begane grond (8 places free)") */
  g_autofree char *where = g_strdup_printf (_ ("%s (%s)"), occurrence->place, places);
  GtkWidget       *button = gtk_button_new ();
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget       *when_label = gtk_label_new (when);
  GtkWidget       *where_label = gtk_label_new (where);

  for (GtkWidget *label = when_label; label != NULL; label = label == when_label ? where_label : NULL)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_add_css_class (where_label, "ww-session-where");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "ww-session-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "help.reserve");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  return button;
}

static void
fill_sessions (WwKioskHelpPage *self)
{
  GtkWidget *child;
  guint      shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sessions_box))) != NULL)
    gtk_box_remove (self->sessions_box, child);

  for (guint i = 0; self->occurrences != NULL && i < self->occurrences->len && shown < 3; i++)
    {
      const WwHelpOccurrence *occurrence = g_ptr_array_index (self->occurrences, i);
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

      /* Only dates that have not started and have room can be reserved. */
      if (occurrence->free_places <= 0 || g_date_time_compare (occurrence->starts_at, now) <= 0)
        continue;
      gtk_box_append (self->sessions_box, new_session_button (self, occurrence, i));
      shown++;
    }

  gtk_label_set_label (self->sessions_label,
                       shown > 0 ? _ ("Reserve a place at a help session. You do not need to give your name.") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sessions_label), shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->sessions_box), shown > 0);
}

static void
occurrences_listed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) occurrences =
      ww_hub_client_list_help_occurrences_finish (WW_HUB_CLIENT (object), result, &error);
  WwKioskHelpPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_KIOSK_HELP_PAGE (user_data);
  if (occurrences == NULL)
    {
      g_message ("Could not list the help sessions: %s", error->message);
      return;
    }
  g_clear_pointer (&self->occurrences, g_ptr_array_unref);
  self->occurrences = g_steal_pointer (&occurrences);
  fill_sessions (self);
}

static void
list_sessions (WwKioskHelpPage *self)
{
  WwKioskHub *hub = self->queue != NULL ? ww_kiosk_help_queue_get_hub (self->queue) : NULL;

  if (hub == NULL)
    return;
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  ww_hub_client_list_help_occurrences_async (ww_kiosk_hub_get_client (hub), NULL, NULL, NULL, self->list_cancellable,
                                             occurrences_listed_cb, self);
}

static gboolean
speak_due_cb (gpointer user_data)
{
  WwKioskHelpPage *self = user_data;
  GtkRoot         *root = gtk_widget_get_root (GTK_WIDGET (self));

  self->speak_source = 0;
  if (WW_IS_KIOSK_WINDOW (root))
    ww_kiosk_window_speak (WW_KIOSK_WINDOW (root), self->to_speak->str);
  g_string_truncate (self->to_speak, 0);
  return G_SOURCE_REMOVE;
}

/* Said from the main loop: a page being shown silences what was said
 * before it, and must not silence what it says itself. */
static void
speak (WwKioskHelpPage *self, const char *text)
{
  if (self->to_speak->len > 0)
    g_string_append_c (self->to_speak, '\n');
  g_string_append (self->to_speak, text);
  if (self->speak_source == 0)
    self->speak_source = g_idle_add (speak_due_cb, self);
}

static void
update_closed (WwKioskHelpPage *self)
{
  WwHelpStatus     *status = ww_kiosk_help_queue_get_status (self->queue);
  WwHelpOccurrence *next = status != NULL ? status->next_session : NULL;
  g_autofree char  *next_text = NULL;
  g_autofree char  *details = NULL;
  g_autofree char  *spoken = NULL;

  gtk_label_set_label (self->closed_title_label, _ ("There is no volunteer at the help desk right now."));
  if (next != NULL)
    {
      next_text = describe_next (next);
      details = describe_details (next);
    }
  else
    next_text = g_strdup (_ ("No help session is planned yet. Please ask at the library desk."));
  gtk_label_set_label (self->next_label, next_text);
  gtk_label_set_label (self->details_label, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), details != NULL);
  /* Without a session the sentence above already sends them to the desk. */
  gtk_widget_set_visible (self->also_desk_label, next != NULL);
  gtk_widget_set_visible (self->back_to_ticket_button, ww_kiosk_help_queue_get_ticket (self->queue) != NULL);

  /* Said once per thing to say, not on every refresh. */
  spoken = g_strdup_printf ("%s\n%s", gtk_label_get_label (self->closed_title_label), next_text);
  if (g_strcmp0 (spoken, self->spoken_closed) != 0)
    {
      g_free (self->spoken_closed);
      self->spoken_closed = g_strdup (spoken);
      speak (self, spoken);
      list_sessions (self);
    }
}

static void
update_reservation (WwKioskHelpPage *self)
{
  WwReservation *reservation = ww_kiosk_help_queue_get_reservation (self->queue);
  g_autoptr (GPtrArray) bring = ww_kiosk_help_describe_bring (reservation->topic, reservation->bring);
  g_autoptr (GString) bring_text = g_string_new (NULL);
  g_autofree char *when = ww_kiosk_help_format_when (reservation->starts_at, reservation->ends_at);
  g_autofree char *place = NULL;

  gtk_label_set_label (self->code_label, reservation->code);
  gtk_label_set_label (self->when_label, when);
  if (reservation->place != NULL)
    /* Translators: %s is a place in the library, such as "the reading table" */
    place = g_strdup_printf (_ ("Place: %s"), reservation->place);
  gtk_label_set_label (self->place_label, place != NULL ? place : "");
  for (guint i = 0; i < bring->len; i++)
    g_string_append_printf (bring_text, "%s• %s", i > 0 ? "\n" : "", (char *)g_ptr_array_index (bring, i));
  gtk_label_set_label (self->bring_label, bring_text->str);

  if (g_strcmp0 (self->spoken_reservation, reservation->code) != 0)
    {
      g_autofree char *spelled = ww_kiosk_help_spell_code (reservation->code);
      /* Translators: the first %s is a code read out sign by sign, the second a date and times */
      g_autofree char *text =
          g_strdup_printf (_ ("Your place is reserved. Your code is %s. Come on %s."), spelled, when);

      g_free (self->spoken_reservation);
      self->spoken_reservation = g_strdup (reservation->code);
      speak (self, text);
    }
}

static void
update_queue_closed_note (WwKioskHelpPage *self)
{
  WwHelpStatus *status = ww_kiosk_help_queue_get_status (self->queue);
  gboolean      closed = queue_closed (self);

  if (closed)
    {
      g_autofree char *next = status->next_session != NULL ? describe_next (status->next_session) : NULL;
      g_autofree char *text = g_strdup_printf (
          "%s%s%s",
          _ ("There is no volunteer at the help desk right now. Your number stays in the line: when a volunteer "
             "comes back, they will call it. You can also ask at the library desk."),
          next != NULL ? "\n" : "", next != NULL ? next : "");

      gtk_label_set_label (self->queue_closed_label, text);
      gtk_widget_set_visible (self->show_sessions_button, status->next_session != NULL);
      /* The resident may be sitting down, away from the screen. */
      if (!gtk_widget_get_visible (self->queue_closed_box))
        speak (self, text);
    }
  gtk_widget_set_visible (self->queue_closed_box, closed);
  /* Room for the news under the number on a small screen. */
  gtk_widget_set_visible (self->ticket_heading, !closed);
}

static void
update_state (WwKioskHelpPage *self)
{
  const char *state = "offline";

  if (self->queue == NULL)
    state = "offline";
  else if (ww_kiosk_help_queue_get_ticket (self->queue) != NULL && !(self->showing_sessions && queue_closed (self)))
    state = "ticket";
  else if (ww_kiosk_help_queue_get_reservation (self->queue) != NULL)
    state = "reservation";
  else if (!ww_kiosk_help_queue_get_available (self->queue))
    state = "offline";
  else if (ww_kiosk_help_queue_get_status (self->queue) == NULL)
    state = ww_kiosk_help_queue_get_status_pending (self->queue) ? "checking" : "form";
  else if (queue_closed (self))
    state = "closed";
  else
    state = "form";

  if (g_str_equal (state, "ticket"))
    {
      update_ticket (self);
      update_queue_closed_note (self);
    }
  else if (g_str_equal (state, "closed"))
    update_closed (self);
  else if (g_str_equal (state, "reservation"))
    update_reservation (self);
  if (!g_str_equal (state, "closed"))
    {
      g_clear_pointer (&self->spoken_closed, g_free);
      gtk_widget_set_visible (self->also_desk_label, FALSE);
    }
  gtk_stack_set_visible_child_name (self->state_stack, state);
  update_actions (self);
}

static void
queue_changed_cb (WwKioskHelpQueue *queue, GParamSpec *pspec, WwKioskHelpPage *self)
{
  update_state (self);
}

static void
printer_changed_cb (WwKioskPrinter *printer, GParamSpec *pspec, WwKioskHelpPage *self)
{
  gboolean available = ww_kiosk_printer_get_available (printer);

  /* Honest about a kiosk without a printer: no button that cannot work. */
  gtk_widget_set_visible (self->print_button, available);
  gtk_widget_set_visible (self->print_reservation_button, available);
  if (!available)
    {
      gtk_label_set_label (self->print_status_label, _ ("This kiosk has no printer. Please remember your number."));
      gtk_label_set_label (self->reservation_status_label,
                           _ ("This kiosk has no printer. Please write down your code."));
    }
  update_actions (self);
}

static void
show_status (WwKioskHelpPage *self, const char *text)
{
  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
ticket_requested_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = ww_kiosk_help_queue_request_finish (WW_KIOSK_HELP_QUEUE (object), result, &error);
  WwKioskHelpPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_KIOSK_HELP_PAGE (user_data);
  if (ticket == NULL)
    {
      g_message ("No ticket: %s", error->message);
      if (g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONFLICT))
        /* Nobody on duty: the queue asks the hub again and the page
         * turns to the next session as soon as it knows. */
        show_status (self, _ ("There is no volunteer at the help desk right now."));
      else if (g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_RATE_LIMITED))
        show_status (self,
                     _ ("Many people asked for help just now. Please try again in a minute, or ask at the desk."));
      else
        show_status (self, _ ("Getting a number did not work. Please ask at the library desk."));
      return;
    }

  show_status (self, NULL);
  /* The name was for the volunteer; the screen forgets it at once. */
  gtk_editable_set_text (self->name_entry, "");
}

static void
request_ticket_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (widget);
  WwHelpTopic      topic;

  if (self->queue == NULL || !ww_help_topic_from_string (self->topic, &topic))
    return;

  show_status (self, _ ("One moment, please…"));
  ww_kiosk_help_queue_request_async (self->queue, topic, self->help_language, gtk_editable_get_text (self->name_entry),
                                     self->cancellable, ticket_requested_cb, self);
}

static void
cancel_ticket_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (widget);

  if (self->queue != NULL)
    ww_kiosk_help_queue_cancel_ticket (self->queue);
}

static void
ticket_printed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean printed = ww_kiosk_printer_print_finish (WW_KIOSK_PRINTER (object), result, &error);
  g_autoptr (WwKioskHelpPage) self = user_data;

  if (!printed)
    g_message ("Could not print the ticket: %s", error->message);
  gtk_label_set_label (self->print_status_label, printed ? _ ("Your number is printed. Please take the paper.")
                                                         : _ ("Printing did not work. Please remember your number."));
  update_actions (self);
}

static void
print_ticket_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (widget);
  WwTicket        *ticket = self->queue != NULL ? ww_kiosk_help_queue_get_ticket (self->queue) : NULL;
  WwKioskHub      *hub = self->queue != NULL ? ww_kiosk_help_queue_get_hub (self->queue) : NULL;

  if (ticket == NULL || self->printer == NULL)
    return;

  gtk_label_set_label (self->print_status_label, _ ("Printing…"));
  ww_kiosk_printer_print_ticket_async (self->printer, ticket, hub != NULL ? ww_kiosk_hub_get_branch_name (hub) : NULL,
                                       GTK_WINDOW (gtk_widget_get_root (widget)), ticket_printed_cb,
                                       g_object_ref (self));
  update_actions (self);
}

static void
show_closed_status (WwKioskHelpPage *self, const char *text)
{
  gtk_label_set_label (self->closed_status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->closed_status_label), *text != '\0');
}

static void
reserved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WwReservation) reservation =
      ww_kiosk_help_queue_reserve_finish (WW_KIOSK_HELP_QUEUE (object), result, &error);
  g_autoptr (WwKioskHelpPage) self = user_data;

  /* The page was rebuilt meanwhile (a new language): the queue kept the
   * reservation, and the new page shows it. */
  if (self->queue == NULL)
    return;
  if (reservation != NULL)
    {
      show_closed_status (self, "");
      return;
    }

  g_message ("No reservation: %s", error->message);
  if (g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONFLICT))
    {
      /* Someone else took the last place, or it just started: offer the
       * dates that still have room. */
      show_closed_status (self, _ ("Sorry, this session is full now. Please choose another one below."));
      list_sessions (self);
    }
  else
    show_closed_status (self, _ ("Reserving a place did not work. Please ask at the library desk."));
  speak (self, gtk_label_get_label (self->closed_status_label));
}

static void
reserve_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (widget);
  guint            index = g_variant_get_uint32 (parameter);

  if (self->queue == NULL || self->occurrences == NULL || index >= self->occurrences->len)
    return;

  show_closed_status (self, _ ("One moment, please…"));
  /* Not cancelled with the page: the hub may be making the reservation,
   * and the queue must hear the answer (or keep the key for a retry). */
  ww_kiosk_help_queue_reserve_async (self->queue, g_ptr_array_index (self->occurrences, index), NULL, reserved_cb,
                                     g_object_ref (self));
}

static void
reservation_printed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  gboolean printed = ww_kiosk_printer_print_finish (WW_KIOSK_PRINTER (object), result, &error);
  g_autoptr (WwKioskHelpPage) self = user_data;

  if (!printed)
    g_message ("Could not print the reservation: %s", error->message);
  gtk_label_set_label (self->reservation_status_label, printed
                                                           ? _ ("Your code is printed. Please take the paper.")
                                                           : _ ("Printing did not work. Please write down your code."));
  update_actions (self);
}

static void
print_reservation_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (widget);
  WwReservation   *reservation = self->queue != NULL ? ww_kiosk_help_queue_get_reservation (self->queue) : NULL;
  WwKioskHub      *hub = self->queue != NULL ? ww_kiosk_help_queue_get_hub (self->queue) : NULL;

  if (reservation == NULL || self->printer == NULL)
    return;

  gtk_label_set_label (self->reservation_status_label, _ ("Printing…"));
  ww_kiosk_printer_print_reservation_async (self->printer, reservation,
                                            hub != NULL ? ww_kiosk_hub_get_branch_name (hub) : NULL,
                                            reservation_printed_cb, g_object_ref (self));
  update_actions (self);
}

static void
show_sessions_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (widget);

  self->showing_sessions = g_str_equal (action_name, "help.show-sessions");
  update_state (self);
}

static GtkWidget *
new_choice_button (const char *action_name, const char *target, const char *icon_name, const char *label)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (icon_name != NULL ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_label_new (label);

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
  if (icon_name != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

      gtk_image_set_pixel_size (GTK_IMAGE (image), 48);
      gtk_accessible_update_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      gtk_box_append (GTK_BOX (box), image);
    }
  gtk_box_append (GTK_BOX (box), text);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY, text, NULL, -1);
  return button;
}

static void
fill_choices (WwKioskHelpPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      WwHelpTopic topic;

      ww_help_topic_from_string (topics[i].nick, &topic);
      gtk_flow_box_append (self->topic_box, new_choice_button ("help.choose-topic", topics[i].nick, topics[i].icon_name,
                                                               ww_kiosk_help_topic_get_label (topic)));
    }
  for (guint i = 0; i < G_N_ELEMENTS (help_languages); i++)
    gtk_flow_box_append (self->language_box, new_choice_button ("help.choose-language", help_languages[i], NULL,
                                                                ww_language_get_native_name (help_languages[i])));
}

static gboolean
ww_kiosk_help_page_focus_default (WwKioskPage *page)
{
  return gtk_widget_grab_focus (WW_KIOSK_HELP_PAGE (page)->back_button);
}

static char *
ww_kiosk_help_page_get_reading_text (WwKioskPage *page)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (page);

  g_autofree char *text = ww_kiosk_page_collect_text (gtk_stack_get_visible_child (self->state_stack));

  /* The way to the desk stands beside Back, outside the page's states. */
  if (gtk_widget_get_visible (self->also_desk_label))
    return g_strdup_printf ("%s\n%s", text, gtk_label_get_label (GTK_LABEL (self->also_desk_label)));
  return g_steal_pointer (&text);
}

static void
ww_kiosk_help_page_page_init (WwKioskPageInterface *iface)
{
  iface->get_reading_text = ww_kiosk_help_page_get_reading_text;
  iface->focus_default = ww_kiosk_help_page_focus_default;
}

/* The queue and printer belong to the window, which outlives this page. */
static void
ww_kiosk_help_page_root (GtkWidget *widget)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (widget);
  GtkRoot         *root;

  GTK_WIDGET_CLASS (ww_kiosk_help_page_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (self->queue != NULL || !WW_IS_KIOSK_WINDOW (root))
    return;

  if (ww_kiosk_window_get_help_queue (WW_KIOSK_WINDOW (root)) != NULL)
    {
      self->queue = g_object_ref (ww_kiosk_window_get_help_queue (WW_KIOSK_WINDOW (root)));
      g_signal_connect_object (self->queue, "notify", G_CALLBACK (queue_changed_cb), self, G_CONNECT_DEFAULT);
      /* Whether help is there now: asked every time the page opens. */
      ww_kiosk_help_queue_refresh_status (self->queue);
      ww_kiosk_help_queue_watch (self->queue, TRUE);
      self->watching = TRUE;
    }
  if (ww_kiosk_window_get_printer (WW_KIOSK_WINDOW (root)) != NULL)
    {
      self->printer = g_object_ref (ww_kiosk_window_get_printer (WW_KIOSK_WINDOW (root)));
      g_signal_connect_object (self->printer, "notify", G_CALLBACK (printer_changed_cb), self, G_CONNECT_DEFAULT);
      printer_changed_cb (self->printer, NULL, self);
    }
  update_state (self);
}

/* The shell keeps this page between visits to it: the free places it
 * listed may have gone (or come back) meanwhile, so they are asked again
 * each time it comes back on screen, not only after a refused
 * reservation. The first showing lists them from update_closed(). */
static void
ww_kiosk_help_page_map (GtkWidget *widget)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (widget);

  GTK_WIDGET_CLASS (ww_kiosk_help_page_parent_class)->map (widget);

  if (self->occurrences != NULL)
    list_sessions (self);
}

static void
ww_kiosk_help_page_dispose (GObject *object)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_handle_id (&self->speak_source, g_source_remove);
  if (self->watching)
    ww_kiosk_help_queue_watch (self->queue, FALSE);
  self->watching = FALSE;
  g_clear_object (&self->queue);
  g_clear_pointer (&self->occurrences, g_ptr_array_unref);
  g_clear_object (&self->printer);
  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_HELP_PAGE);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ww_kiosk_help_page_parent_class)->dispose (object);
}

static void
ww_kiosk_help_page_finalize (GObject *object)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (object);

  g_free (self->topic);
  g_free (self->help_language);
  g_free (self->spoken_ticket);
  g_free (self->spoken_closed);
  g_free (self->spoken_reservation);
  g_string_free (self->to_speak, TRUE);

  G_OBJECT_CLASS (ww_kiosk_help_page_parent_class)->finalize (object);
}

static void
ww_kiosk_help_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (object);

  switch (prop_id)
    {
    case PROP_TOPIC:
      g_value_set_string (value, self->topic != NULL ? self->topic : "");
      break;
    case PROP_HELP_LANGUAGE:
      g_value_set_string (value, self->help_language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_help_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskHelpPage *self = WW_KIOSK_HELP_PAGE (object);
  char           **field;

  switch (prop_id)
    {
    case PROP_TOPIC:
      field = &self->topic;
      break;
    case PROP_HELP_LANGUAGE:
      field = &self->help_language;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (g_strcmp0 (*field, g_value_get_string (value)) != 0)
    {
      g_free (*field);
      *field = g_value_dup_string (value);
      g_object_notify_by_pspec (object, pspec);
      update_actions (self);
    }
}

static void
ww_kiosk_help_page_class_init (WwKioskHelpPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ww_kiosk_help_page_dispose;
  object_class->finalize = ww_kiosk_help_page_finalize;
  object_class->get_property = ww_kiosk_help_page_get_property;
  object_class->set_property = ww_kiosk_help_page_set_property;
  widget_class->root = ww_kiosk_help_page_root;
  widget_class->map = ww_kiosk_help_page_map;

  properties[PROP_TOPIC] = g_param_spec_string ("topic", NULL, NULL, "",
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HELP_LANGUAGE] = g_param_spec_string (
      "help-language", NULL, NULL, "nl", G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-help-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, offline_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, form_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, ticket_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, subject_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, topic_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, language_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, request_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, number_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, wait_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, print_status_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, queue_closed_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, ticket_heading);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, show_sessions_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, queue_closed_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, closed_title_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, next_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, sessions_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, sessions_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, closed_status_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, also_desk_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, back_to_ticket_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, when_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, place_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, bring_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, print_reservation_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHelpPage, reservation_status_label);

  gtk_widget_class_install_property_action (widget_class, "help.choose-topic", "topic");
  gtk_widget_class_install_property_action (widget_class, "help.choose-language", "help-language");
  gtk_widget_class_install_action (widget_class, "help.request-ticket", NULL, request_ticket_cb);
  gtk_widget_class_install_action (widget_class, "help.cancel-ticket", NULL, cancel_ticket_cb);
  gtk_widget_class_install_action (widget_class, "help.print-ticket", NULL, print_ticket_cb);
  gtk_widget_class_install_action (widget_class, "help.reserve", "u", reserve_cb);
  gtk_widget_class_install_action (widget_class, "help.print-reservation", NULL, print_reservation_cb);
  gtk_widget_class_install_action (widget_class, "help.show-sessions", NULL, show_sessions_cb);
  gtk_widget_class_install_action (widget_class, "help.hide-sessions", NULL, show_sessions_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "helppage");
}

static void
ww_kiosk_help_page_init (WwKioskHelpPage *self)
{
  const char *language = ww_kiosk_i18n_get_language ();

  g_type_ensure (WW_TYPE_KIOSK_WRAP_BOX);
  self->topic = g_strdup ("");
  self->help_language = g_strdup (language != NULL ? language : "nl");
  self->cancellable = g_cancellable_new ();
  self->to_speak = g_string_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_choices (self);
  gtk_widget_set_visible (self->print_button, FALSE);
  gtk_widget_set_visible (self->print_reservation_button, FALSE);
  gtk_label_set_label (self->print_status_label, _ ("This kiosk has no printer. Please remember your number."));
  gtk_label_set_label (self->reservation_status_label, _ ("This kiosk has no printer. Please write down your code."));
  gtk_widget_set_visible (GTK_WIDGET (self->closed_status_label), FALSE);
  update_state (self);
}

GtkWidget *
ww_kiosk_help_page_new (void)
{
  return g_object_new (WW_TYPE_KIOSK_HELP_PAGE, NULL);
}

/* The service the resident was looking at, or %NULL. */
void
ww_kiosk_help_page_set_subject (WwKioskHelpPage *self, const char *subject)
{
  g_return_if_fail (WW_IS_KIOSK_HELP_PAGE (self));

  if (subject != NULL && *subject != '\0')
    {
      g_autofree char *text = g_strdup_printf (_ ("You can say that you need help with: %s."), subject);

      gtk_label_set_label (self->subject_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->subject_label), subject != NULL && *subject != '\0');
}
