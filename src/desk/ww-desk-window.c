/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The volunteer's window: sign in, then the branch queue and the
 * statistics. Everything the hub is asked goes through WwDeskSession; the
 * window turns answers into toasts and every error into plain words. When
 * the session expires the queue stays on screen and a dialog asks for the
 * password again.
 */

#include "config.h"

#include "ww-desk-window.h"
#include "ww-desk-window-private.h"

#include <glib/gi18n-lib.h>

#include "ww-desk-bar-chart.h"
#include "ww-desk-help.h"
#include "ww-desk-ticket-row.h"
#include "ww-desk-topic.h"

struct _WwDeskWindow
{
  AdwApplicationWindow parent_instance;

  GSettings        *settings;
  WwDeskSession    *session;
  GHashTable       *desk_names; /* desk id → the name the branch gave it */
  WwDeskNotifier   *notifier;
  GCancellable     *cancellable;
  GError           *setup_error;
  char             *last_toast;
  char             *alert_ticket_id;
  gboolean          signing_in;
  AdwMessageDialog *expired_dialog;
  GtkWidget        *expired_entry;

  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkWidget            *place_box;
  GtkLabel             *place_label;
  GtkWidget            *sign_out_button;
  GtkWidget            *refresh_button;
  GtkRevealer          *offline_revealer;
  GtkRevealer          *alert_revealer;
  GtkLabel             *alert_label;
  GtkWidget            *alert_call_button;
  GtkStack             *main_stack;
  AdwEntryRow          *username_row;
  AdwEntryRow          *password_row;
  GtkListBox           *table_list;
  GtkWidget            *table_error_label;
  GtkWidget            *table_entry_group;
  AdwEntryRow          *table_row;
  GtkLabel             *sign_in_error_label;
  AdwViewStack         *view_stack;
  GtkStack             *queue_stack;
  GtkListView          *queue_view;
  WwDeskStats          *stats;
  WwDeskHelp           *help;
  GtkWidget            *duty_box;
  GtkSwitch            *duty_switch;
  AdwMessageDialog     *duty_dialog;
  AdwMessageDialog     *outcome_dialog;
  char                 *outcome_ticket_id;
  guint                 long_wait_source;
};

G_DEFINE_FINAL_TYPE (WwDeskWindow, ww_desk_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char    *name;
  WwTicketAction action;
} ticket_actions[] = {
  { "ticket.call", WW_TICKET_ACTION_CALL },       { "ticket.start", WW_TICKET_ACTION_START },
  { "ticket.finish", WW_TICKET_ACTION_FINISH },   { "ticket.no-show", WW_TICKET_ACTION_NO_SHOW },
  { "ticket.requeue", WW_TICKET_ACTION_REQUEUE }, { "ticket.cancel", WW_TICKET_ACTION_CANCEL },
};

/* What the volunteer reads when something went wrong: never a code. */
static const char *
message_for_error (const GError *error)
{
  if (error->domain != WW_HTTP_ERROR)
    return _ ("Something went wrong. Try again.");

  switch ((WwHttpError)error->code)
    {
    case WW_HTTP_ERROR_CONNECT:
    case WW_HTTP_ERROR_TIMEOUT:
    case WW_HTTP_ERROR_SERVER:
      return _ ("The hub cannot be reached right now. Check the network, or try again in a moment.");
    case WW_HTTP_ERROR_TLS:
    case WW_HTTP_ERROR_PIN_MISMATCH:
    case WW_HTTP_ERROR_NOT_HTTPS:
      return _ ("The hub could not prove who it is, so the desk did not connect. Ask the library’s IT desk.");
    case WW_HTTP_ERROR_UNAUTHORIZED:
      return _ ("The user name or password is not right.");
    case WW_HTTP_ERROR_FORBIDDEN:
      return _ ("Your account may not do this here.");
    case WW_HTTP_ERROR_NOT_FOUND:
      return _ ("This ticket is no longer in the queue.");
    case WW_HTTP_ERROR_CONFLICT:
      return _ ("Another volunteer was quicker. The list has been brought up to date.");
    case WW_HTTP_ERROR_RATE_LIMITED:
      return _ ("Too many attempts. Wait a few minutes and try again.");
    case WW_HTTP_ERROR_TOO_MANY_REDIRECTS:
    case WW_HTTP_ERROR_TOO_LARGE:
    case WW_HTTP_ERROR_INVALID_RESPONSE:
    case WW_HTTP_ERROR_BAD_REQUEST:
    case WW_HTTP_ERROR_FAILED:
    default:
      return _ ("Something went wrong talking to the hub. Try again.");
    }
}

/* libadwaita 1.2 leaves some buttons of its own without a good accessible
 * name: a toast's close button has none, and a dialog's response buttons
 * are read with their mnemonic and twice ("_Solved Solved"). */
static void
name_toast_close_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Dismiss"), -1);
      name_toast_close_buttons (child);
    }
}

static gboolean
name_toasts_cb (gpointer user_data)
{
  WwDeskWindow *self = user_data;

  if (self->toast_overlay == NULL) /* the window closed meanwhile */
    return G_SOURCE_REMOVE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->toast_overlay)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (G_OBJECT_TYPE_NAME (child), "AdwToastWidget"))
      name_toast_close_buttons (child);
  return G_SOURCE_REMOVE;
}

static void
toast_dismissed_cb (WwDeskWindow *self)
{
  /* The next toast in line shows now. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, name_toasts_cb, g_object_ref (self), g_object_unref);
}

static void
name_mnemonic_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *label = GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child)) : NULL;

      if (label != NULL && gtk_button_get_use_underline (GTK_BUTTON (child)))
        {
          GString *plain = g_string_new (NULL);

          for (const char *c = label; *c != '\0'; c++)
            if (*c != '_' || c[1] == '_')
              g_string_append_c (plain, *c == '_' ? *++c : *c);
          /* GTK 4.8 reads the label and what labels the button one after the other. */
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, plain->str, -1);
          g_string_free (plain, TRUE);
        }
      name_mnemonic_buttons (child);
    }
}

static void
toast (WwDeskWindow *self, const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 4);
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, name_toasts_cb, g_object_ref (self), g_object_unref);
}

static void
update_title (WwDeskWindow *self)
{
  const char      *branch = self->session != NULL ? ww_desk_session_get_branch_id (self->session) : NULL;
  const char      *table = self->session != NULL ? ww_desk_session_get_desk_id (self->session) : NULL;
  const char      *table_name = table != NULL ? g_hash_table_lookup (self->desk_names, table) : NULL;
  g_autofree char *subtitle = NULL;

  gboolean on_desk = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "desk") == 0;

  /* The branch names its tables ("Digitaal Hulpplein, balie 1"); a table
   * typed in by hand, or one an older hub did not list, has only its id. */
  if (table_name != NULL)
    subtitle = g_strdup (table_name);
  else if (branch != NULL && table != NULL)
    /* Translators: in the header bar: a library branch and a help desk table. */
    subtitle = g_strdup_printf (_ ("%s · table %s"), branch, table);
  gtk_label_set_label (self->place_label, subtitle != NULL ? subtitle : "");
  /* The button shows the place; its tooltip says what it does. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->place_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  subtitle != NULL ? subtitle : _ ("Change table"), -1);
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle != NULL ? subtitle : "");

  /* Signed out there is nothing to switch between, refresh or leave. */
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, on_desk);
  /* The bottom bar stands in for the header's switcher on a narrow window. */
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    on_desk && adw_view_switcher_title_get_title_visible (self->switcher_title));
  gtk_widget_set_visible (self->place_box, on_desk && subtitle != NULL);
  gtk_widget_set_visible (self->sign_out_button, on_desk);
  gtk_widget_set_visible (self->duty_box, on_desk);
  gtk_widget_set_visible (self->refresh_button, on_desk);
}

static gboolean
is_blank (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text == '\0';
}

static void
title_visible_changed_cb (WwDeskWindow *self)
{
  update_title (self);
}

static void
update_actions (WwDeskWindow *self)
{
  gboolean signed_in = self->session != NULL && ww_desk_session_get_signed_in (self->session);
  gboolean form_complete =
      !is_blank (self->username_row) && *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.sign-in", form_complete && !self->signing_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.refresh", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.change-table", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.use-table", signed_in);
  for (guint i = 0; i < G_N_ELEMENTS (ticket_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), ticket_actions[i].name, signed_in);
}

static void
show_alert (WwDeskWindow *self, WwTicket *ticket)
{
  g_autofree char *text = g_strdup_printf (_ ("New ticket %s · %s · %s"), ww_ticket_get_number (ticket),
                                           ww_desk_topic_get_name (ww_ticket_get_topic (ticket)),
                                           ww_desk_language_get_name (ww_ticket_get_language (ticket)));

  g_free (self->alert_ticket_id);
  self->alert_ticket_id = g_strdup (ww_ticket_get_id (ticket));
  gtk_label_set_label (self->alert_label, text);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->alert_call_button),
                                          g_variant_new_string (self->alert_ticket_id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->alert_call_button), "ticket.call");
  gtk_revealer_set_reveal_child (self->alert_revealer, TRUE);
}

static void
hide_alert (WwDeskWindow *self)
{
  gtk_revealer_set_reveal_child (self->alert_revealer, FALSE);
  g_clear_pointer (&self->alert_ticket_id, g_free);
}

static void
ticket_arrived_cb (WwDeskWindow *self, WwTicket *ticket, WwDeskSession *session)
{
  if (!g_settings_get_boolean (self->settings, "notifications"))
    return;

  /* libnotify is best effort: without a server the window speaks up itself. */
  if (!ww_desk_notifier_announce (self->notifier, ticket))
    {
      show_alert (self, ticket);
      if (g_settings_get_boolean (self->settings, "sound"))
        gdk_display_beep (gtk_widget_get_display (GTK_WIDGET (self)));
    }
}

/* Without a notification server: the banner, with the reminder's words. */
static void
show_reminder_alert (WwDeskWindow *self, WwTicket *ticket, guint minutes)
{
  g_autofree char *waited =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s has waited %u minute", "%s has waited %u minutes", minutes),
                       ww_ticket_get_number (ticket), minutes);
  g_autofree char *text =
      g_strdup_printf ("%s · %s · %s", waited, ww_desk_topic_get_name (ww_ticket_get_topic (ticket)),
                       ww_desk_language_get_name (ww_ticket_get_language (ticket)));

  show_alert (self, ticket);
  gtk_label_set_label (self->alert_label, text);
}

/* Residents still waiting past a reminder threshold are announced again. */
static void
check_long_waits (WwDeskWindow *self, GDateTime *now)
{
  g_autoptr (GVariant) value = NULL;
  g_autoptr (GPtrArray) due = NULL;
  const guint *minutes;
  gsize        n_minutes = 0;

  if (self->session == NULL || !ww_desk_session_get_signed_in (self->session))
    return;

  value = g_settings_get_value (self->settings, "long-wait-reminders");
  minutes = g_variant_get_fixed_array (value, &n_minutes, sizeof (guint32));
  /* Taken even with notifications off, so turning them on later does not
   * bring a burst of old reminders. */
  due = ww_desk_queue_take_reminders (ww_desk_session_get_queue (self->session), minutes, n_minutes, now);
  if (!g_settings_get_boolean (self->settings, "notifications"))
    return;

  for (guint i = 0; i < due->len; i++)
    {
      WwDeskReminder *reminder = g_ptr_array_index (due, i);

      if (!ww_desk_notifier_remind (self->notifier, reminder->ticket, reminder->minutes))
        {
          show_reminder_alert (self, reminder->ticket, reminder->minutes);
          if (g_settings_get_boolean (self->settings, "sound"))
            gdk_display_beep (gtk_widget_get_display (GTK_WIDGET (self)));
        }
    }
}

static gboolean
long_wait_tick_cb (gpointer user_data)
{
  WwDeskWindow *self = user_data;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  check_long_waits (self, now);
  return G_SOURCE_CONTINUE;
}

static void
call_requested_cb (WwDeskWindow *self, const char *ticket_id, WwDeskNotifier *notifier)
{
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_activate_action (GTK_WIDGET (self), "ticket.call", "s", ticket_id);
}

static void
queue_changed_cb (WwDeskWindow *self, guint position, guint removed, guint added, GListModel *queue)
{
  gtk_stack_set_visible_child_name (self->queue_stack, g_list_model_get_n_items (queue) > 0 ? "list" : "empty");

  /* The alert is about a waiting ticket; once it is taken the alert goes. */
  if (self->alert_ticket_id != NULL)
    {
      WwTicket *ticket = ww_desk_queue_lookup (WW_DESK_QUEUE (queue), self->alert_ticket_id);

      if (ticket == NULL || ww_ticket_get_state (ticket) != WW_TICKET_STATE_WAITING)
        hide_alert (self);
    }
}

static void
online_changed_cb (WwDeskWindow *self, GParamSpec *pspec, WwDeskSession *session)
{
  gtk_revealer_set_reveal_child (self->offline_revealer,
                                 ww_desk_session_get_signed_in (session) && !ww_desk_session_get_online (session));
}

static void signed_in_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
expired_dialog_response_cb (WwDeskWindow *self, const char *response, AdwMessageDialog *dialog)
{
  g_autofree char *password = NULL;

  if (self->expired_entry == NULL)
    return;
  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->expired_entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->expired_entry), "");
  self->expired_dialog = NULL;
  self->expired_entry = NULL;

  if (g_strcmp0 (response, "sign-in") == 0 && *password != '\0')
    {
      self->signing_in = TRUE;
      update_actions (self);
      ww_desk_session_sign_in_async (self->session, ww_desk_session_get_username (self->session), password,
                                     ww_desk_session_get_desk_id (self->session), self->cancellable, signed_in_cb,
                                     self);
    }
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "desk.sign-out", NULL);
}

static void
ask_password_again (WwDeskWindow *self)
{
  g_autofree char *body = NULL;

  if (self->expired_dialog != NULL)
    return;

  body = g_strdup_printf (_ ("Your session at the hub has ended. Enter the password of %s to carry on; the queue "
                             "stays as it is."),
                          ww_desk_session_get_username (self->session));
  self->expired_dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _ ("Sign in again"), body));
  /* Not a GtkPasswordEntry: in GTK 4.8 its caps-lock watch outlives it
   * when the dialog is destroyed while it has the focus. */
  self->expired_entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (self->expired_entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (self->expired_entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_activates_default (GTK_ENTRY (self->expired_entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->expired_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Password"),
                                  -1);
  adw_message_dialog_set_extra_child (self->expired_dialog, self->expired_entry);
  adw_message_dialog_add_responses (self->expired_dialog, "sign-out", _ ("Sign out"), "sign-in", _ ("Sign in"), NULL);
  adw_message_dialog_set_response_appearance (self->expired_dialog, "sign-in", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (self->expired_dialog, "sign-in");
  adw_message_dialog_set_close_response (self->expired_dialog, "sign-out");
  g_signal_connect_object (self->expired_dialog, "response", G_CALLBACK (expired_dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  name_mnemonic_buttons (GTK_WIDGET (self->expired_dialog));
  gtk_window_present (GTK_WINDOW (self->expired_dialog));
}

static void
session_expired_cb (WwDeskWindow *self, WwDeskSession *session)
{
  update_actions (self);
  ask_password_again (self);
}

static void
use_table (WwDeskWindow *self, const char *desk_id)
{
  ww_desk_session_set_desk_id (self->session, desk_id);
  g_settings_set_string (self->settings, "table-name", desk_id);
  gtk_stack_set_visible_child_name (self->main_stack, "desk");
  update_title (self);
  update_actions (self);
}

static void
table_entered_cb (WwDeskWindow *self)
{
  g_autofree char *table = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->table_row))));

  if (*table != '\0')
    use_table (self, table);
}

static GtkWidget *
make_table_row (WwDeskWindow *self, const WwDesk *desk, const char *remembered)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), desk->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), desk->desk_id);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_string (desk->desk_id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "desk.use-table");
  if (g_strcmp0 (desk->desk_id, remembered) == 0)
    {
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      /* Translators: next to the table this computer used last time. */
      gtk_widget_set_tooltip_text (check, _ ("Last used here"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

static void
desks_listed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) desks = ww_desk_session_list_desks_finish (WW_DESK_SESSION (object), result, &error);
  g_autofree char *remembered = NULL;
  WwDeskWindow    *self;
  GtkWidget       *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_DESK_WINDOW (user_data);
  remembered = g_settings_get_string (self->settings, "table-name");
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table_list))) != NULL)
    gtk_list_box_remove (self->table_list, child);

  /* An older hub, or a store that cannot list them: type it in. */
  gtk_widget_set_visible (self->table_error_label, desks == NULL);
  gtk_widget_set_visible (self->table_entry_group, desks == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->table_list), desks != NULL && desks->len > 0);
  if (desks == NULL)
    {
      g_debug ("Could not list the desks: %s", error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->table_row), remembered);
      return;
    }
  g_hash_table_remove_all (self->desk_names);
  for (guint i = 0; i < desks->len; i++)
    {
      const WwDesk *desk = g_ptr_array_index (desks, i);

      if (desk->name != NULL && *desk->name != '\0')
        g_hash_table_insert (self->desk_names, g_strdup (desk->desk_id), g_strdup (desk->name));
      gtk_list_box_append (self->table_list, make_table_row (self, desk, remembered));
    }
  update_title (self);
}

static void
choose_table (WwDeskWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "table");
  update_title (self);
  ww_desk_session_list_desks_async (self->session, self->cancellable, desks_listed_cb, self);
}

static void
signed_in_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  WwDeskWindow *self;
  gboolean      ok = ww_desk_session_sign_in_finish (WW_DESK_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_DESK_WINDOW (user_data);
  self->signing_in = FALSE;
  if (!ok)
    {
      if (gtk_stack_get_visible_child_name (self->main_stack) != NULL &&
          g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "desk"))
        {
          /* Re-signing in after an expiry: the queue stays, ask again. */
          toast (self, message_for_error (error));
          ask_password_again (self);
        }
      else
        {
          gtk_label_set_label (self->sign_in_error_label, message_for_error (error));
          gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error_label), TRUE);
        }
      update_actions (self);
      return;
    }

  /* Only the user name is remembered; the password goes at once. */
  g_settings_set_string (self->settings, "last-username", ww_desk_session_get_username (self->session));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error_label), FALSE);
  update_actions (self);

  /* Back after an expiry: the same table, straight to the queue. */
  if (ww_desk_session_get_desk_id (self->session) != NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "desk");
      update_title (self);
      return;
    }
  choose_table (self);
}

static void
sign_in_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwDeskWindow    *self = WW_DESK_WINDOW (widget);
  g_autofree char *username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  const char      *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->session == NULL)
    {
      gtk_label_set_label (self->sign_in_error_label,
                           _ ("This desk does not know which hub to use. Ask the library’s IT desk to set it up."));
      gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error_label), TRUE);
      return;
    }

  self->signing_in = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error_label), FALSE);
  update_actions (self);
  ww_desk_session_sign_in_async (self->session, username, password, NULL, self->cancellable, signed_in_cb, self);
}

static void
sign_out_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwDeskWindow *self = WW_DESK_WINDOW (widget);

  ww_desk_session_sign_out (self->session);
  ww_desk_session_set_desk_id (self->session, NULL);
  hide_alert (self);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  adw_view_stack_set_visible_child_name (self->view_stack, "queue");
  update_title (self);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
refresh_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwDeskWindow *self = WW_DESK_WINDOW (widget);

  ww_desk_session_refresh (self->session);
  ww_desk_stats_reload (self->stats);
  ww_desk_help_reload (self->help);
}

static void
change_table_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose_table (WW_DESK_WINDOW (widget));
}

static void
use_table_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  use_table (WW_DESK_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
dismiss_alert_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  hide_alert (WW_DESK_WINDOW (widget));
}

static char *
describe_success (WwTicket *ticket, WwTicketAction action)
{
  const char *number = ww_ticket_get_number (ticket);

  switch (action)
    {
    case WW_TICKET_ACTION_CALL:
      /* Translators: "A-042 called to Digitaal Hulpplein, balie 1": a
       * ticket number and the name of a help desk table. */
      return g_strdup_printf (_ ("%s called to %s"), number, ww_ticket_get_desk_label (ticket));
    case WW_TICKET_ACTION_START:
      return g_strdup_printf (_ ("Helping %s"), number);
    case WW_TICKET_ACTION_FINISH:
      return g_strdup_printf (_ ("%s is done"), number);
    case WW_TICKET_ACTION_NO_SHOW:
      return g_strdup_printf (_ ("%s did not come"), number);
    case WW_TICKET_ACTION_REQUEUE:
      return g_strdup_printf (_ ("%s is back in the queue"), number);
    case WW_TICKET_ACTION_CANCEL:
    default:
      return g_strdup_printf (_ ("%s was cancelled"), number);
    }
}

typedef struct
{
  WwDeskWindow  *self;
  WwTicketAction action;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

static void
acted_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (ActionData) data = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwTicket) ticket = ww_desk_session_act_finish (WW_DESK_SESSION (object), result, &error);
  WwDeskWindow *self = data->self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ticket == NULL)
    {
      /* An expired session has its own dialog; no second message. */
      if (!g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_UNAUTHORIZED))
        toast (self, message_for_error (error));
      return;
    }

  if (data->action == WW_TICKET_ACTION_CALL)
    ww_desk_notifier_withdraw (self->notifier, ww_ticket_get_id (ticket));
  {
    g_autofree char *text = describe_success (ticket, data->action);
    toast (self, text);
  }
  if (data->action == WW_TICKET_ACTION_FINISH)
    ww_desk_stats_reload (self->stats);
}

/* The dialog's responses are the API's spelling of each outcome. */
static void
outcome_dialog_response_cb (WwDeskWindow *self, const char *response, AdwMessageDialog *dialog)
{
  g_autofree char *ticket_id = g_steal_pointer (&self->outcome_ticket_id);
  WwTicketOutcome  outcome;
  ActionData      *data;

  self->outcome_dialog = NULL;
  if (ticket_id == NULL || !ww_ticket_outcome_from_string (response, &outcome))
    return; /* "back": the ticket stays in progress */

  data = g_new0 (ActionData, 1);
  data->self = g_object_ref (self);
  data->action = WW_TICKET_ACTION_FINISH;
  ww_desk_session_finish_ticket_async (self->session, ticket_id, outcome, self->cancellable, acted_cb, data);
}

/* Finishing asks how it ended, with one big button for each answer. */
static void
ask_outcome (WwDeskWindow *self, const char *ticket_id)
{
  WwTicket        *ticket = ww_desk_queue_lookup (ww_desk_session_get_queue (self->session), ticket_id);
  g_autofree char *heading = NULL;
  GtkWidget       *dialog;

  if (self->outcome_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->outcome_dialog));
  self->outcome_dialog = NULL;
  if (ticket == NULL)
    {
      toast (self, _ ("This ticket is no longer in the queue."));
      return;
    }

  /* Translators: %s is a ticket number such as A-042 */
  heading = g_strdup_printf (_ ("How did it end for %s?"), ww_ticket_get_number (ticket));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _ ("Only the count goes into the statistics, never who it was."));
  /* Stacked, the last response is on top: "back" comes first, so it ends at the bottom. */
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "back", _ ("_Back, not finished yet"), "notSolved",
                                    _ ("_Not solved"), "followUp", _ ("Needs _another appointment"), "referred",
                                    _ ("_Referred on (municipality or another service)"), "solved", _ ("_Solved"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "solved", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "solved");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "back");
  gtk_widget_add_css_class (dialog, "outcome-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (outcome_dialog_response_cb), self, G_CONNECT_SWAPPED);
  self->outcome_dialog = ADW_MESSAGE_DIALOG (dialog);
  g_free (self->outcome_ticket_id);
  self->outcome_ticket_id = g_strdup (ticket_id);
  name_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ticket_action_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwDeskWindow *self = WW_DESK_WINDOW (widget);

  if (g_str_equal (action_name, "ticket.finish"))
    {
      ask_outcome (self, g_variant_get_string (parameter, NULL));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (ticket_actions); i++)
    if (g_str_equal (action_name, ticket_actions[i].name))
      {
        ActionData *data = g_new0 (ActionData, 1);

        data->self = g_object_ref (self);
        data->action = ticket_actions[i].action;
        ww_desk_session_act_async (self->session, g_variant_get_string (parameter, NULL), data->action,
                                   self->cancellable, acted_cb, data);
        return;
      }
}

static void
sign_in_form_changed_cb (WwDeskWindow *self)
{
  update_actions (self);
}

static void
sign_in_form_activated_cb (WwDeskWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "desk.sign-in", NULL);
}

static void
row_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, WwDeskWindow *self)
{
  GtkWidget *row = ww_desk_ticket_row_new ();

  g_settings_bind (self->settings, "long-wait-minutes", row, "long-wait-minutes", G_SETTINGS_BIND_GET);
  g_object_bind_property (self->session, "desk-id", row, "own-desk-id", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, row);
}

static void
row_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, WwDeskWindow *self)
{
  GtkWidget       *row = gtk_list_item_get_child (item);
  WwTicket        *ticket = gtk_list_item_get_item (item);
  GtkWidget       *list_row = gtk_widget_get_parent (row);
  g_autofree char *name = g_strdup_printf ("%s · %s · %s", ww_ticket_get_number (ticket),
                                           ww_desk_topic_get_name (ww_ticket_get_topic (ticket)),
                                           ww_desk_language_get_name (ww_ticket_get_language (ticket)));

  ww_desk_ticket_row_set_ticket (WW_DESK_TICKET_ROW (row), ticket);
  /* GTK 4.8 gives the list's row (not ours) to assistive technology, without
   * a name: a screen reader would say "list item" for every ticket. */
  if (list_row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (list_row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, WwDeskWindow *self)
{
  ww_desk_ticket_row_set_ticket (WW_DESK_TICKET_ROW (gtk_list_item_get_child (item)), NULL);
}

/* ------------------------------------------------------------------ */
/* On duty                                                             */

static char *
describe_waiting (GPtrArray *tickets)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < tickets->len; i++)
    {
      WwTicket *ticket = g_ptr_array_index (tickets, i);

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, ww_ticket_get_number (ticket));
      if (ww_ticket_get_first_name (ticket) != NULL)
        g_string_append_printf (text, " (%s)", ww_ticket_get_first_name (ticket));
    }
  return g_string_free (text, FALSE);
}

static void
duty_set_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  WwDeskWindow *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwDutyState) state = ww_desk_session_set_duty_finish (WW_DESK_SESSION (object), result, &error);
  g_autofree char *waiting = NULL;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_DESK_WINDOW (user_data);
  /* The switch shows what the hub says, also after a failure. */
  gtk_switch_set_state (self->duty_switch, ww_desk_session_get_on_duty (self->session));
  gtk_switch_set_active (self->duty_switch, ww_desk_session_get_on_duty (self->session));
  if (state == NULL)
    {
      toast (self, message_for_error (error));
      return;
    }

  if (state->on_duty)
    toast (self, _ ("You are on duty. The queue is open."));
  else if (state->open)
    toast (self, _ ("You are off duty. Other volunteers keep the queue open."));
  else if (state->still_waiting->len == 0)
    toast (self, _ ("You are off duty. The queue is closed."));
  else
    {
      waiting = describe_waiting (state->still_waiting);
      /* Translators: %s is a list of ticket numbers, like "A-001 (Fatima), B-002". */
      text = g_strdup_printf (_ ("The queue is closed. Still waiting: %s."), waiting);
      toast (self, text);
    }
  ww_desk_session_refresh (self->session);
}

static void
set_duty (WwDeskWindow *self, gboolean on_duty)
{
  ww_desk_session_set_duty_async (self->session, on_duty, self->cancellable, duty_set_cb, self);
}

static void
duty_dialog_response_cb (WwDeskWindow *self, const char *response, AdwMessageDialog *dialog)
{
  self->duty_dialog = NULL;
  if (g_str_equal (response, "off"))
    set_duty (self, FALSE);
  else
    gtk_switch_set_active (self->duty_switch, ww_desk_session_get_on_duty (self->session));
}

/* Going off duty while people wait: say who, and ask first. */
static void
confirm_off_duty (WwDeskWindow *self, GPtrArray *waiting)
{
  g_autofree char *names = describe_waiting (waiting);
  g_autofree char *body = NULL;
  GtkWidget       *dialog;

  /* Translators: %s is a list of ticket numbers, like "A-001 (Fatima), B-002". */
  body = g_strdup_printf (_ ("Still waiting: %s.\n\nIf nobody else is on duty, the queue closes. These residents stay "
                             "in the queue and the kiosk tells them that nobody is at the desk now."),
                          names);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _ ("Go off duty?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Stay on duty"), "off",
                                    _ ("_Go off duty"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "off", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (duty_dialog_response_cb), self, G_CONNECT_SWAPPED);
  self->duty_dialog = ADW_MESSAGE_DIALOG (dialog);
  name_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
duty_switch_state_set_cb (WwDeskWindow *self, gboolean state, GtkSwitch *sw)
{
  GListModel *queue;
  g_autoptr (GPtrArray) waiting = NULL;

  if (self->session == NULL || !ww_desk_session_get_signed_in (self->session))
    return state; /* nothing to do; stays off */
  if (state == ww_desk_session_get_on_duty (self->session))
    return FALSE;

  if (state)
    {
      set_duty (self, TRUE);
      return TRUE; /* the state follows the hub's answer */
    }

  queue = G_LIST_MODEL (ww_desk_session_get_queue (self->session));
  waiting = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr (WwTicket) ticket = g_list_model_get_item (queue, i);

      if (ww_ticket_get_state (ticket) == WW_TICKET_STATE_WAITING)
        g_ptr_array_add (waiting, g_steal_pointer (&ticket));
    }
  if (waiting->len > 0)
    confirm_off_duty (self, waiting);
  else
    set_duty (self, FALSE);
  return TRUE;
}

static void
on_duty_changed_cb (WwDeskWindow *self, GParamSpec *pspec, WwDeskSession *session)
{
  gboolean on_duty = ww_desk_session_get_on_duty (session);

  /* Signed out or expired: the hub ended the duty with the session. */
  gtk_switch_set_state (self->duty_switch, on_duty);
  gtk_switch_set_active (self->duty_switch, on_duty);
}

static void
setup_session (WwDeskWindow *self)
{
  g_auto (GStrv) urls = g_settings_get_strv (self->settings, "hub-urls");
  g_autofree char *ca_file = g_settings_get_string (self->settings, "hub-ca-file");
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkNoSelection) selection = NULL;
  WwDeskQueue *queue;

  self->session = ww_desk_session_new ((const char *const *)urls, ca_file, &self->setup_error);
  if (self->session == NULL)
    {
      g_debug ("The desk has no usable hub: %s", self->setup_error->message);
      return;
    }

  queue = ww_desk_session_get_queue (self->session);
  g_signal_connect_object (self->session, "ticket-arrived", G_CALLBACK (ticket_arrived_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "expired", G_CALLBACK (session_expired_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (online_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::signed-in", G_CALLBACK (online_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (queue, "items-changed", G_CALLBACK (queue_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::on-duty", G_CALLBACK (on_duty_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (factory, "setup", G_CALLBACK (row_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (row_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (row_unbind_cb), self, 0);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (queue)));
  gtk_list_view_set_factory (self->queue_view, factory);
  gtk_list_view_set_model (self->queue_view, GTK_SELECTION_MODEL (selection));

  ww_desk_stats_set_session (self->stats, self->session);
  ww_desk_help_set_session (self->help, self->session);
}

static void
ww_desk_window_constructed (GObject *object)
{
  WwDeskWindow    *self = WW_DESK_WINDOW (object);
  g_autofree char *username = NULL;

  G_OBJECT_CLASS (ww_desk_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new ("nl.wegwijs.Desk");
  username = g_settings_get_string (self->settings, "last-username");
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);

  setup_session (self);
  update_title (self);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (*username == '\0' ? self->username_row : self->password_row));
}

static void
ww_desk_window_dispose (GObject *object)
{
  WwDeskWindow *self = WW_DESK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->long_wait_source, g_source_remove);
  if (self->expired_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->expired_dialog));
  self->expired_dialog = NULL;
  if (self->duty_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->duty_dialog));
  self->duty_dialog = NULL;
  if (self->outcome_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->outcome_dialog));
  self->outcome_dialog = NULL;
  if (self->notifier != NULL)
    g_signal_handlers_disconnect_by_data (self->notifier, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WW_TYPE_DESK_WINDOW);
  g_clear_object (&self->session);
  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ww_desk_window_parent_class)->dispose (object);
}

static void
ww_desk_window_finalize (GObject *object)
{
  WwDeskWindow *self = WW_DESK_WINDOW (object);

  g_clear_error (&self->setup_error);
  g_clear_pointer (&self->desk_names, g_hash_table_unref);
  g_free (self->last_toast);
  g_free (self->alert_ticket_id);
  g_free (self->outcome_ticket_id);

  G_OBJECT_CLASS (ww_desk_window_parent_class)->finalize (object);
}

static void
ww_desk_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwDeskWindow *self = WW_DESK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_desk_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwDeskWindow *self = WW_DESK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_desk_window_class_init (WwDeskWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ww_desk_window_constructed;
  object_class->dispose = ww_desk_window_dispose;
  object_class->finalize = ww_desk_window_finalize;
  object_class->get_property = ww_desk_window_get_property;
  object_class->set_property = ww_desk_window_set_property;

  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WW_TYPE_DESK_STATS);
  g_type_ensure (WW_TYPE_DESK_HELP);
  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Desk/ui/ww-desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, help);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, duty_box);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, duty_switch);
  gtk_widget_class_bind_template_callback (widget_class, duty_switch_state_set_cb);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, place_box);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, place_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, alert_revealer);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, alert_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, alert_call_button);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, table_list);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, table_error_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, table_entry_group);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, table_row);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, sign_in_error_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, queue_stack);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, WwDeskWindow, stats);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_form_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, table_entered_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_visible_changed_cb);

  gtk_widget_class_install_action (widget_class, "desk.sign-in", NULL, sign_in_activated);
  gtk_widget_class_install_action (widget_class, "desk.sign-out", NULL, sign_out_activated);
  gtk_widget_class_install_action (widget_class, "desk.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "desk.dismiss-alert", NULL, dismiss_alert_activated);
  gtk_widget_class_install_action (widget_class, "desk.change-table", NULL, change_table_activated);
  gtk_widget_class_install_action (widget_class, "desk.use-table", "s", use_table_activated);
  for (guint i = 0; i < G_N_ELEMENTS (ticket_actions); i++)
    gtk_widget_class_install_action (widget_class, ticket_actions[i].name, "s", ticket_action_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "desk.refresh", NULL);
}

/* libadwaita 1.2's password row has a show/hide icon that acts as a button
 * but has no accessible name (a screen reader says "GtkImage"). */
static void
name_unnamed_icon_buttons (GtkWidget *widget, const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if ((GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL) ||
          (GTK_IS_IMAGE (child) &&
           gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child)) == GTK_ACCESSIBLE_ROLE_BUTTON))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      name_unnamed_icon_buttons (child, label);
    }
}

static void
ww_desk_window_init (WwDeskWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->desk_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->notifier = ww_desk_notifier_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  name_unnamed_icon_buttons (GTK_WIDGET (self->password_row), _ ("Show or hide the password"));
  g_signal_connect_object (self->notifier, "call-requested", G_CALLBACK (call_requested_cb), self, G_CONNECT_SWAPPED);
  /* Minutes are the unit of a reminder; a look every 20 s is soon enough. */
  self->long_wait_source = g_timeout_add_seconds (20, long_wait_tick_cb, self);
}

WwDeskWindow *
ww_desk_window_new (GtkApplication *application, GSettings *settings)
{
  return g_object_new (WW_TYPE_DESK_WINDOW, "application", application, "settings", settings, NULL);
}

/* ------------------------------------------------------------------ */

WwDeskSession *
_ww_desk_window_get_session (WwDeskWindow *self)
{
  return self->session;
}

WwDeskNotifier *
_ww_desk_window_get_notifier (WwDeskWindow *self)
{
  return self->notifier;
}

WwDeskStats *
_ww_desk_window_get_stats (WwDeskWindow *self)
{
  return self->stats;
}

void
_ww_desk_window_fill_sign_in (WwDeskWindow *self, const char *username, const char *password)
{
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

const char *
_ww_desk_window_get_last_toast (WwDeskWindow *self)
{
  return self->last_toast;
}

const char *
_ww_desk_window_get_alert (WwDeskWindow *self)
{
  return gtk_revealer_get_reveal_child (self->alert_revealer) ? gtk_label_get_label (self->alert_label) : NULL;
}

const char *
_ww_desk_window_get_sign_in_error (WwDeskWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->sign_in_error_label))
             ? gtk_label_get_label (self->sign_in_error_label)
             : NULL;
}

const char *
_ww_desk_window_get_page (WwDeskWindow *self)
{
  return gtk_stack_get_visible_child_name (self->main_stack);
}

void
_ww_desk_window_show_view (WwDeskWindow *self, const char *name)
{
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
_ww_desk_window_get_place (WwDeskWindow *self)
{
  return gtk_label_get_label (self->place_label);
}

gboolean
_ww_desk_window_get_offline_shown (WwDeskWindow *self)
{
  return gtk_revealer_get_reveal_child (self->offline_revealer);
}

AdwMessageDialog *
_ww_desk_window_get_expired_dialog (WwDeskWindow *self)
{
  return self->expired_dialog;
}

void
_ww_desk_window_answer_expired_dialog (WwDeskWindow *self, const char *password)
{
  AdwMessageDialog *dialog = self->expired_dialog;

  g_return_if_fail (dialog != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->expired_entry), password);
  /* The dialog closes itself after a response. */
  adw_message_dialog_response (dialog, "sign-in");
}

guint
_ww_desk_window_get_n_tables (WwDeskWindow *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->table_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return gtk_widget_get_visible (GTK_WIDGET (self->table_list)) ? n : 0;
}

WwDeskHelp *
_ww_desk_window_get_help (WwDeskWindow *self)
{
  return self->help;
}

/* As a volunteer flips the switch. */
void
_ww_desk_window_set_duty_switch (WwDeskWindow *self, gboolean active)
{
  gtk_switch_set_active (self->duty_switch, active);
}

AdwMessageDialog *
_ww_desk_window_get_duty_dialog (WwDeskWindow *self)
{
  return self->duty_dialog;
}

void
_ww_desk_window_answer_duty_dialog (WwDeskWindow *self, const char *response)
{
  g_return_if_fail (self->duty_dialog != NULL);
  adw_message_dialog_response (self->duty_dialog, response);
}

AdwMessageDialog *
_ww_desk_window_get_outcome_dialog (WwDeskWindow *self)
{
  return self->outcome_dialog;
}

void
_ww_desk_window_answer_outcome_dialog (WwDeskWindow *self, const char *response)
{
  g_return_if_fail (self->outcome_dialog != NULL);
  adw_message_dialog_response (self->outcome_dialog, response);
}

/* As the clock would at @now, without waiting a quarter of an hour. */
void
_ww_desk_window_check_long_waits (WwDeskWindow *self, GDateTime *now)
{
  check_long_waits (self, now);
}
