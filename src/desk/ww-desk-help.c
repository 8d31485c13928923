/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The help sessions page: the branch's session dates of the coming two
 * weeks with their reservations, a field to check someone in by the code
 * on their slip, and the anonymous numbers of the last 30 days. Sessions
 * are planned with `wegwijs-hub admin` or the API; a volunteer at the desk
 * only needs to see them and receive people.
 */

#include "config.h"

#include "ww-desk-help.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#define DAYS_AHEAD 14

struct _WwDeskHelp
{
  GtkWidget parent_instance;

  WwDeskSession *session;
  GCancellable  *cancellable;
  GPtrArray     *dates; /* WwHelpOccurrence, while reservations load */
  GPtrArray     *rows;  /* the rows in dates_group */
  char          *result;
  gboolean       loading;

  GtkWidget           *scrolled;
  AdwEntryRow         *code_row;
  GtkLabel            *result_label;
  AdwPreferencesGroup *dates_group;
  GtkWidget           *empty_label;
  GtkLabel            *numbers_label;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (WwDeskHelp, ww_desk_help, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  PROP_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (WwDeskHelp *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_result (WwDeskHelp *self, const char *text, gboolean failed)
{
  g_free (self->result);
  self->result = g_strdup (text);
  gtk_label_set_label (self->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), TRUE);
  if (failed)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "success");
    }
  /* Read out by a screen reader as soon as it changes. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->result_label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
}

static char *
format_when (GDateTime *starts_at, GDateTime *ends_at)
{
  g_autofree char *day = g_date_time_format (starts_at, "%a %-d %b");
  g_autofree char *from = g_date_time_format (starts_at, "%H:%M");
  g_autofree char *to = g_date_time_format (ends_at, "%H:%M");

  /* Translators: a help session date: "Tue 24 Nov, 10:00–12:00". */
  return g_strdup_printf (_ ("%s, %s–%s"), g_strstrip (day), from, to);
}

static void
clear_rows (WwDeskHelp *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->dates_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
reservation_row (WwReservation *reservation)
{
  GtkWidget       *row = adw_action_row_new ();
  g_autofree char *checked = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reservation->code);
  if (reservation->checked_in_at != NULL)
    {
      g_autofree char *time = g_date_time_format (reservation->checked_in_at, "%H:%M");

      /* Translators: a reservation: "checked in at 10:05". */
      checked = g_strdup_printf (_ ("checked in at %s"), time);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), checked != NULL ? checked : _ ("expected"));
  return row;
}

static void
show_dates (WwDeskHelp *self, GPtrArray *reservations)
{
  clear_rows (self);
  for (guint i = 0; i < self->dates->len; i++)
    {
      WwHelpOccurrence *date = g_ptr_array_index (self->dates, i);
      GtkWidget        *row = adw_expander_row_new ();
      g_autofree char  *when = format_when (date->starts_at, date->ends_at);
      g_autofree char  *title = g_strdup_printf ("%s · %s", when, date->topic);
      g_autofree char  *places = NULL;
      guint             n = 0;

      /* Translators: "at the reading table · 2 of 8 places reserved". */
      places = g_strdup_printf (
          ngettext ("%s · %d of %d place reserved", "%s · %d of %d places reserved", (gulong)date->capacity),
          date->place, (int)date->reserved, (int)date->capacity);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), places);

      for (guint j = 0; j < reservations->len; j++)
        {
          WwReservation *reservation = g_ptr_array_index (reservations, j);

          if (g_str_equal (reservation->help_session_id, date->help_session_id) &&
              g_date_time_equal (reservation->starts_at, date->starts_at))
            {
              adw_expander_row_add_row (ADW_EXPANDER_ROW (row), reservation_row (reservation));
              n++;
            }
        }
      if (n == 0)
        {
          GtkWidget *none = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _ ("No reservations yet"));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), none);
        }
      adw_preferences_group_add (self->dates_group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (self->empty_label, self->dates->len == 0);
}

static void
numbers_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  WwDeskHelp *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwHelpStats) stats = ww_hub_client_get_help_stats_finish (WW_HUB_CLIENT (object), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_DESK_HELP (user_data);
  gtk_widget_set_visible (GTK_WIDGET (self->numbers_label), stats != NULL);
  if (stats == NULL)
    {
      g_debug ("Could not load the help numbers: %s", error->message);
      return;
    }
  /* Translators: the anonymous numbers a library reports to its municipality. */
  text = g_strdup_printf (_ ("Last 30 days: sessions held %d · reservations %d · checked in %d · did not come %d"),
                          (int)stats->sessions_held, (int)stats->reservations, (int)stats->checked_in,
                          (int)stats->no_shows);
  gtk_label_set_label (self->numbers_label, text);
}

static void
reservations_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  WwDeskHelp *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) reservations = ww_hub_client_list_reservations_finish (WW_HUB_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_DESK_HELP (user_data);
  set_loading (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), reservations == NULL);
  if (reservations == NULL)
    {
      g_debug ("Could not load the reservations: %s", error->message);
      return;
    }
  show_dates (self, reservations);
  ww_hub_client_get_help_stats_async (ww_desk_session_get_client (self->session), NULL, NULL, NULL, self->cancellable,
                                      numbers_loaded_cb, self);
}

static void
dates_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  WwDeskHelp *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) dates = ww_hub_client_list_help_occurrences_finish (WW_HUB_CLIENT (object), result, &error);
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) until = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_DESK_HELP (user_data);
  if (dates == NULL)
    {
      g_debug ("Could not load the help sessions: %s", error->message);
      set_loading (self, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_clear_pointer (&self->dates, g_ptr_array_unref);
  self->dates = g_steal_pointer (&dates);
  now = g_date_time_new_now_utc ();
  until = g_date_time_add_days (now, DAYS_AHEAD + 1);
  ww_hub_client_list_reservations_async (ww_desk_session_get_client (self->session), NULL, NULL, until,
                                         self->cancellable, reservations_loaded_cb, self);
}

static char *
message_for_check_in_error (const GError *error)
{
  if (g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_NOT_FOUND))
    return g_strdup (_ ("There is no reservation with this code here. Check the code on the slip: it has 6 letters "
                        "and digits."));
  if (g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_CONFLICT))
    return g_strdup (_ ("This reservation is not for a session today. Look at the date on the slip."));
  if (g_error_matches (error, WW_HTTP_ERROR, WW_HTTP_ERROR_FORBIDDEN))
    return g_strdup (_ ("Your account may not do this here."));
  return g_strdup (_ ("The hub cannot be reached right now. Try again in a moment."));
}

static void
checked_in_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  WwDeskHelp *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (WwReservation) reservation = ww_hub_client_check_in_finish (WW_HUB_CLIENT (object), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_DESK_HELP (user_data);
  if (reservation == NULL)
    {
      text = message_for_check_in_error (error);
      show_result (self, text, TRUE);
      return;
    }

  if (reservation->already_checked_in)
    {
      g_autofree char *time = g_date_time_format (reservation->checked_in_at, "%H:%M");

      /* Translators: "K7M4TX was already checked in at 10:05." */
      text = g_strdup_printf (_ ("%s was already checked in at %s."), reservation->code, time);
    }
  else
    {
      g_autofree char *time = g_date_time_format (reservation->starts_at, "%H:%M");

      /* Translators: "K7M4TX is checked in: welcome! (session of 10:00)". */
      text = g_strdup_printf (_ ("%s is checked in: welcome! (session of %s)"), reservation->code, time);
    }
  show_result (self, text, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  ww_desk_help_reload (self);
}

static void
code_activated_cb (WwDeskHelp *self)
{
  ww_desk_help_check_in (self, gtk_editable_get_text (GTK_EDITABLE (self->code_row)));
}

static void
check_in_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  code_activated_cb (WW_DESK_HELP (widget));
}

static void
ww_desk_help_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ww_desk_help_parent_class)->map (widget);
  /* Fresh reservations each time the page is looked at. */
  ww_desk_help_reload (WW_DESK_HELP (widget));
}

static void
ww_desk_help_dispose (GObject *object)
{
  WwDeskHelp *self = WW_DESK_HELP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WW_TYPE_DESK_HELP);
  g_clear_object (&self->session);
  g_clear_pointer (&self->dates, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ww_desk_help_parent_class)->dispose (object);
}

static void
ww_desk_help_finalize (GObject *object)
{
  WwDeskHelp *self = WW_DESK_HELP (object);

  g_free (self->result);

  G_OBJECT_CLASS (ww_desk_help_parent_class)->finalize (object);
}

static void
ww_desk_help_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwDeskHelp *self = WW_DESK_HELP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_RESULT:
      g_value_set_string (value, self->result);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_desk_help_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwDeskHelp *self = WW_DESK_HELP (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      ww_desk_help_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_desk_help_class_init (WwDeskHelpClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass   *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags read_flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ww_desk_help_dispose;
  object_class->finalize = ww_desk_help_finalize;
  object_class->get_property = ww_desk_help_get_property;
  object_class->set_property = ww_desk_help_set_property;
  widget_class->map = ww_desk_help_map;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, WW_TYPE_DESK_SESSION, flags);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, read_flags);
  properties[PROP_RESULT] = g_param_spec_string ("result", NULL, NULL, NULL, read_flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Desk/ui/ww-desk-help.ui");
  gtk_widget_class_bind_template_child (widget_class, WwDeskHelp, scrolled);
  gtk_widget_class_bind_template_child (widget_class, WwDeskHelp, code_row);
  gtk_widget_class_bind_template_child (widget_class, WwDeskHelp, result_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskHelp, dates_group);
  gtk_widget_class_bind_template_child (widget_class, WwDeskHelp, empty_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskHelp, numbers_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskHelp, error_label);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);
  gtk_widget_class_install_action (widget_class, "help.check-in", NULL, check_in_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ww_desk_help_init (WwDeskHelp *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_label (self->error_label, _ ("The help sessions could not be loaded. Try Refresh in a moment."));
}

WwDeskSession *
ww_desk_help_get_session (WwDeskHelp *self)
{
  g_return_val_if_fail (WW_IS_DESK_HELP (self), NULL);
  return self->session;
}

void
ww_desk_help_set_session (WwDeskHelp *self, WwDeskSession *session)
{
  g_return_if_fail (WW_IS_DESK_HELP (self));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
ww_desk_help_get_loading (WwDeskHelp *self)
{
  g_return_val_if_fail (WW_IS_DESK_HELP (self), FALSE);
  return self->loading;
}

/* The text of the last check-in, as shown (NULL before the first). */
const char *
ww_desk_help_get_result (WwDeskHelp *self)
{
  g_return_val_if_fail (WW_IS_DESK_HELP (self), NULL);
  return self->result;
}

void
ww_desk_help_reload (WwDeskHelp *self)
{
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) until = NULL;

  g_return_if_fail (WW_IS_DESK_HELP (self));

  if (self->session == NULL || !ww_desk_session_get_signed_in (self->session))
    return;

  /* Only the newest question counts. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  now = g_date_time_new_now_utc ();
  until = g_date_time_add_days (now, DAYS_AHEAD);
  ww_hub_client_list_help_occurrences_async (ww_desk_session_get_client (self->session), NULL, NULL, until,
                                             self->cancellable, dates_loaded_cb, self);
}

/* Checks in @code as typed (any case, spaces and dashes are fine). */
void
ww_desk_help_check_in (WwDeskHelp *self, const char *code)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (WW_IS_DESK_HELP (self));
  g_return_if_fail (code != NULL);

  trimmed = g_strstrip (g_strdup (code));
  if (*trimmed == '\0')
    {
      show_result (self, _ ("Type the code from the slip first."), TRUE);
      return;
    }
  if (self->session == NULL || !ww_desk_session_get_signed_in (self->session))
    return;

  ww_hub_client_check_in_async (ww_desk_session_get_client (self->session), trimmed, self->cancellable, checked_in_cb,
                                self);
}
