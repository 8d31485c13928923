/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Today's figures or those of the last four weeks: how many residents were
 * helped, how long they waited on average, and bar charts per topic and per
 * hour of the day. The hub only ever gives anonymous aggregates.
 */

#include "config.h"

#include "ww-desk-stats.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ww-desk-bar-chart.h"
#include "ww-desk-topic.h"

#define N_TOPICS 5
#define FIRST_HOUR 8
#define LAST_HOUR 20

struct _WwDeskStats
{
  GtkWidget parent_instance;

  WwDeskSession *session;
  GCancellable  *cancellable;
  guint          days;
  gint64         n_tickets;
  gboolean       loading;

  GtkWidget       *scrolled;
  GtkToggleButton *today_button;
  GtkToggleButton *weeks_button;
  GtkLabel        *tickets_label;
  GtkLabel        *wait_label;
  GtkLabel        *error_label;
  WwDeskBarChart  *topic_chart;
  WwDeskBarChart  *hour_chart;
  WwDeskBarChart  *outcome_chart;
  gint64           outcomes[WW_TICKET_N_OUTCOMES];
};

G_DEFINE_FINAL_TYPE (WwDeskStats, ww_desk_stats, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_DAYS,
  PROP_N_TICKETS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (WwDeskStats *self, gboolean loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_rows (WwDeskStats *self, GPtrArray *rows)
{
  double           per_topic[N_TOPICS] = { 0 };
  double           per_hour[LAST_HOUR - FIRST_HOUR + 1] = { 0 };
  const char      *topic_labels[N_TOPICS];
  g_autofree char *hour_labels_storage[LAST_HOUR - FIRST_HOUR + 1] = { NULL };
  const char      *hour_labels[LAST_HOUR - FIRST_HOUR + 1];
  double           wait_sum = 0, wait_count = 0;
  gint64           total = 0;
  g_autofree char *total_text = NULL;
  g_autofree char *wait_text = NULL;
  /* The outcomes in the order of the finish dialog, then the unsaid. */
  static const WwTicketOutcome outcome_order[] = {
    WW_TICKET_OUTCOME_SOLVED,     WW_TICKET_OUTCOME_REFERRED, WW_TICKET_OUTCOME_FOLLOW_UP,
    WW_TICKET_OUTCOME_NOT_SOLVED, WW_TICKET_OUTCOME_NONE,
  };
  double      per_outcome[G_N_ELEMENTS (outcome_order)];
  const char *outcome_labels[G_N_ELEMENTS (outcome_order)];

  memset (self->outcomes, 0, sizeof self->outcomes);
  for (guint i = 0; i < rows->len; i++)
    {
      WwStatsRow *row = g_ptr_array_index (rows, i);
      WwHelpTopic topic;

      for (guint o = 0; o < WW_TICKET_N_OUTCOMES; o++)
        self->outcomes[o] += row->outcomes[o];

      total += row->count;
      if (row->topic != NULL && ww_help_topic_from_string (row->topic, &topic) && (guint)topic < N_TOPICS)
        per_topic[topic] += row->count;
      if (row->hour >= FIRST_HOUR && row->hour <= LAST_HOUR)
        per_hour[row->hour - FIRST_HOUR] += row->count;
      if (row->average_wait_seconds >= 0)
        {
          wait_sum += (double)row->average_wait_seconds * row->count;
          wait_count += row->count;
        }
    }

  for (guint t = 0; t < N_TOPICS; t++)
    topic_labels[t] = ww_desk_topic_get_name ((WwHelpTopic)t);
  for (guint h = 0; h < G_N_ELEMENTS (per_hour); h++)
    {
      hour_labels_storage[h] = g_strdup_printf ("%02u", FIRST_HOUR + h);
      hour_labels[h] = hour_labels_storage[h];
    }
  ww_desk_bar_chart_set_bars (self->topic_chart, topic_labels, per_topic, N_TOPICS);
  ww_desk_bar_chart_set_bars (self->hour_chart, hour_labels, per_hour, G_N_ELEMENTS (per_hour));
  for (guint o = 0; o < G_N_ELEMENTS (outcome_order); o++)
    {
      per_outcome[o] = self->outcomes[outcome_order[o]];
      outcome_labels[o] = ww_desk_outcome_get_name (outcome_order[o]);
    }
  ww_desk_bar_chart_set_bars (self->outcome_chart, outcome_labels, per_outcome, G_N_ELEMENTS (outcome_order));
  for (guint h = 0; h < G_N_ELEMENTS (per_hour); h++)
    g_clear_pointer (&hour_labels_storage[h], g_free);

  total_text = g_strdup_printf ("%" G_GINT64_FORMAT, total);
  gtk_label_set_label (self->tickets_label, total_text);
  if (wait_count > 0)
    {
      int minutes = (int)(wait_sum / wait_count / 60.0 + 0.5);
      wait_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min", "%d min", minutes), minutes);
    }
  gtk_label_set_label (self->wait_label, wait_text != NULL ? wait_text : "–");

  if (self->n_tickets != total)
    {
      self->n_tickets = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TICKETS]);
    }
}

static void
stats_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  WwDeskStats *self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = ww_desk_session_get_stats_finish (WW_DESK_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = WW_DESK_STATS (user_data);
  set_loading (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), rows == NULL);
  if (rows == NULL)
    {
      g_debug ("Could not load the statistics: %s", error->message);
      return;
    }
  show_rows (self, rows);
}

static void
period_toggled_cb (WwDeskStats *self, GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    ww_desk_stats_set_days (self, button == self->today_button ? 1 : 28);
}

static void
ww_desk_stats_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ww_desk_stats_parent_class)->map (widget);
  /* Fresh figures each time the page is looked at. */
  ww_desk_stats_reload (WW_DESK_STATS (widget));
}

static void
ww_desk_stats_dispose (GObject *object)
{
  WwDeskStats *self = WW_DESK_STATS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WW_TYPE_DESK_STATS);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ww_desk_stats_parent_class)->dispose (object);
}

static void
ww_desk_stats_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwDeskStats *self = WW_DESK_STATS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_DAYS:
      g_value_set_uint (value, self->days);
      break;
    case PROP_N_TICKETS:
      g_value_set_int64 (value, self->n_tickets);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_desk_stats_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwDeskStats *self = WW_DESK_STATS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      ww_desk_stats_set_session (self, g_value_get_object (value));
      break;
    case PROP_DAYS:
      ww_desk_stats_set_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_desk_stats_class_init (WwDeskStatsClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass   *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags read_flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ww_desk_stats_dispose;
  object_class->get_property = ww_desk_stats_get_property;
  object_class->set_property = ww_desk_stats_set_property;
  widget_class->map = ww_desk_stats_map;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, WW_TYPE_DESK_SESSION, flags);
  properties[PROP_DAYS] = g_param_spec_uint ("days", NULL, NULL, 1, 366, 1, flags);
  properties[PROP_N_TICKETS] = g_param_spec_int64 ("n-tickets", NULL, NULL, 0, G_MAXINT64, 0, read_flags);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, read_flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WW_TYPE_DESK_BAR_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Desk/ui/ww-desk-stats.ui");
  gtk_widget_class_bind_template_child (widget_class, WwDeskStats, scrolled);
  gtk_widget_class_bind_template_child (widget_class, WwDeskStats, today_button);
  gtk_widget_class_bind_template_child (widget_class, WwDeskStats, weeks_button);
  gtk_widget_class_bind_template_child (widget_class, WwDeskStats, tickets_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskStats, wait_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskStats, error_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskStats, topic_chart);
  gtk_widget_class_bind_template_child (widget_class, WwDeskStats, hour_chart);
  gtk_widget_class_bind_template_child (widget_class, WwDeskStats, outcome_chart);
  gtk_widget_class_bind_template_callback (widget_class, period_toggled_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ww_desk_stats_init (WwDeskStats *self)
{
  self->days = 1;
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

WwDeskSession *
ww_desk_stats_get_session (WwDeskStats *self)
{
  g_return_val_if_fail (WW_IS_DESK_STATS (self), NULL);
  return self->session;
}

void
ww_desk_stats_set_session (WwDeskStats *self, WwDeskSession *session)
{
  g_return_if_fail (WW_IS_DESK_STATS (self));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

guint
ww_desk_stats_get_days (WwDeskStats *self)
{
  g_return_val_if_fail (WW_IS_DESK_STATS (self), 1);
  return self->days;
}

void
ww_desk_stats_set_days (WwDeskStats *self, guint days)
{
  g_return_if_fail (WW_IS_DESK_STATS (self));

  if (self->days == days)
    return;
  self->days = days;
  gtk_toggle_button_set_active (days == 1 ? self->today_button : self->weeks_button, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAYS]);
  ww_desk_stats_reload (self);
}

gint64
ww_desk_stats_get_n_tickets (WwDeskStats *self)
{
  g_return_val_if_fail (WW_IS_DESK_STATS (self), 0);
  return self->n_tickets;
}

/* Finished tickets of the period with this outcome (NONE: not said). */
gint64
ww_desk_stats_get_outcome_count (WwDeskStats *self, WwTicketOutcome outcome)
{
  g_return_val_if_fail (WW_IS_DESK_STATS (self), 0);
  g_return_val_if_fail ((guint)outcome < WW_TICKET_N_OUTCOMES, 0);
  return self->outcomes[outcome];
}

gboolean
ww_desk_stats_get_loading (WwDeskStats *self)
{
  g_return_val_if_fail (WW_IS_DESK_STATS (self), FALSE);
  return self->loading;
}

void
ww_desk_stats_reload (WwDeskStats *self)
{
  g_return_if_fail (WW_IS_DESK_STATS (self));

  if (self->session == NULL || !ww_desk_session_get_signed_in (self->session))
    return;

  /* Only the newest question counts. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  ww_desk_session_get_stats_async (self->session, self->days, self->cancellable, stats_loaded_cb, self);
}
