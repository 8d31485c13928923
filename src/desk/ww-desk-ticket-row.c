/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * One ticket in the queue: the number large, the topic with its icon, the
 * language by its own name, the first name if the resident gave one, how
 * long they have waited (updated every minute, in the warning colour past
 * the long-wait limit) and the next step as a button. The buttons name
 * window actions (ticket.call, ticket.start, ...) with the ticket's id as
 * target, so the row itself never talks to the hub.
 */

#include "config.h"

#include "ww-desk-ticket-row.h"

#include <glib/gi18n-lib.h>

#include "ww-desk-topic.h"

struct _WwDeskTicketRow
{
  GtkWidget parent_instance;

  WwTicket *ticket;
  char     *own_desk_id; /* the table of this console */
  guint     long_wait_minutes;
  gboolean  long_wait;
  guint     clock_id;

  GtkWidget *box;
  GtkLabel  *number_label;
  GtkImage  *topic_image;
  GtkLabel  *topic_label;
  GtkLabel  *language_label;
  GtkWidget *name_separator;
  GtkLabel  *name_label;
  GtkLabel  *wait_label;
  GtkLabel  *state_label;
  GtkButton *primary_button;
  GtkWidget *more_button;
};

G_DEFINE_FINAL_TYPE (WwDeskTicketRow, ww_desk_ticket_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TICKET,
  PROP_LONG_WAIT_MINUTES,
  PROP_LONG_WAIT,
  PROP_OWN_DESK_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_wait (WwDeskTicketRow *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = NULL;
  GDateTime       *since;
  gboolean         long_wait = FALSE;

  if (self->ticket == NULL)
    return;

  since = ww_ticket_get_created_at (self->ticket);
  text = ww_desk_format_wait (since, now);
  gtk_label_set_label (self->wait_label, text);

  if (ww_ticket_get_state (self->ticket) == WW_TICKET_STATE_WAITING && since != NULL)
    long_wait = g_date_time_difference (now, since) >= (GTimeSpan)self->long_wait_minutes * G_TIME_SPAN_MINUTE;

  if (long_wait)
    gtk_widget_add_css_class (GTK_WIDGET (self), "long-wait");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "long-wait");

  if (long_wait != self->long_wait)
    {
      self->long_wait = long_wait;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LONG_WAIT]);
    }
}

static gboolean
clock_ticked_cb (gpointer user_data)
{
  update_wait (WW_DESK_TICKET_ROW (user_data));
  return G_SOURCE_CONTINUE;
}

static GMenuModel *
make_more_menu (WwTicket *ticket)
{
  GMenu        *menu = g_menu_new ();
  WwTicketState state = ww_ticket_get_state (ticket);
  GVariant     *target = g_variant_new_string (ww_ticket_get_id (ticket));
  struct
  {
    const char *label;
    const char *action;
    gboolean    shown;
  } items[] = {
    { N_ ("Did not come"), "ticket.no-show", state == WW_TICKET_STATE_CALLED },
    { N_ ("Back to the queue"), "ticket.requeue",
      state == WW_TICKET_STATE_CALLED || state == WW_TICKET_STATE_IN_PROGRESS },
    { N_ ("Cancel ticket"), "ticket.cancel", state == WW_TICKET_STATE_WAITING || state == WW_TICKET_STATE_CALLED },
  };

  g_variant_ref_sink (target);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    if (items[i].shown)
      {
        g_autoptr (GMenuItem) item = g_menu_item_new (_ (items[i].label), NULL);
        g_menu_item_set_action_and_target_value (item, items[i].action, target);
        g_menu_append_item (menu, item);
      }
  g_variant_unref (target);

  return G_MENU_MODEL (menu);
}

static void
update_state (WwDeskTicketRow *self)
{
  WwTicketState    state = ww_ticket_get_state (self->ticket);
  g_autofree char *state_text = NULL;
  const char      *action = NULL;
  const char      *label = NULL;
  g_autoptr (GMenuModel) menu = NULL;

  switch (state)
    {
    case WW_TICKET_STATE_WAITING:
      state_text = g_strdup (_ ("Waiting"));
      action = "ticket.call";
      label = _ ("Call");
      break;
    case WW_TICKET_STATE_CALLED:
      /* Translators: %s is the name of a help desk table, e.g.
       * "Digitaal Hulpplein, balie 1". */
      state_text = g_strdup_printf (_ ("Called to %s"), ww_ticket_get_desk_label (self->ticket));
      action = "ticket.start";
      label = _ ("Start");
      break;
    case WW_TICKET_STATE_IN_PROGRESS:
      state_text = g_strdup_printf (_ ("Being helped at %s"), ww_ticket_get_desk_label (self->ticket));
      action = "ticket.finish";
      label = _ ("Finish");
      break;
    case WW_TICKET_STATE_DONE:
    case WW_TICKET_STATE_NO_SHOW:
    case WW_TICKET_STATE_CANCELLED:
    default:
      state_text = g_strdup (_ ("Closed"));
      break;
    }

  /* Someone called to another table is that volunteer's to help. */
  if (state != WW_TICKET_STATE_WAITING && self->own_desk_id != NULL &&
      g_strcmp0 (ww_ticket_get_desk_id (self->ticket), self->own_desk_id) != 0)
    action = NULL;

  gtk_label_set_label (self->state_label, state_text);
  gtk_widget_set_visible (GTK_WIDGET (self->primary_button), action != NULL);
  if (action != NULL)
    {
      gtk_button_set_label (self->primary_button, label);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->primary_button),
                                              g_variant_new_string (ww_ticket_get_id (self->ticket)));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), action);
    }
  if (state == WW_TICKET_STATE_WAITING)
    gtk_widget_add_css_class (GTK_WIDGET (self->primary_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->primary_button), "suggested-action");

  menu = make_more_menu (self->ticket);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->more_button), menu);
  gtk_widget_set_visible (self->more_button,
                          g_menu_model_get_n_items (menu) > 0 && (action != NULL || state == WW_TICKET_STATE_WAITING));

  gtk_widget_remove_css_class (GTK_WIDGET (self), "called");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "in-progress");
  if (state == WW_TICKET_STATE_CALLED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "called");
  else if (state == WW_TICKET_STATE_IN_PROGRESS)
    gtk_widget_add_css_class (GTK_WIDGET (self), "in-progress");
}

static void
update (WwDeskTicketRow *self)
{
  WwTicket        *ticket = self->ticket;
  const char      *first_name;
  const char      *language;
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;

  if (ticket == NULL)
    return;

  gtk_label_set_label (self->number_label, ww_ticket_get_number (ticket));
  gtk_image_set_from_icon_name (self->topic_image, ww_desk_topic_get_icon_name (ww_ticket_get_topic (ticket)));
  gtk_label_set_label (self->topic_label, ww_desk_topic_get_name (ww_ticket_get_topic (ticket)));

  first_name = ww_ticket_get_first_name (ticket);
  language = ww_desk_language_get_name (ww_ticket_get_language (ticket));
  details = first_name != NULL && *first_name != '\0' ? g_strdup_printf ("%s, %s", language, first_name)
                                                      : g_strdup (language);
  gtk_label_set_label (self->language_label, language);
  gtk_label_set_label (self->name_label, first_name != NULL ? first_name : "");
  gtk_widget_set_visible (self->name_separator, first_name != NULL && *first_name != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), first_name != NULL && *first_name != '\0');

  update_state (self);
  update_wait (self);

  accessible = g_strdup_printf ("%s, %s, %s", ww_ticket_get_number (ticket),
                                ww_desk_topic_get_name (ww_ticket_get_topic (ticket)), details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
ww_desk_ticket_row_dispose (GObject *object)
{
  WwDeskTicketRow *self = WW_DESK_TICKET_ROW (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), WW_TYPE_DESK_TICKET_ROW);
  g_clear_object (&self->ticket);
  g_clear_pointer (&self->own_desk_id, g_free);

  G_OBJECT_CLASS (ww_desk_ticket_row_parent_class)->dispose (object);
}

static void
ww_desk_ticket_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwDeskTicketRow *self = WW_DESK_TICKET_ROW (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;
    case PROP_LONG_WAIT_MINUTES:
      g_value_set_uint (value, self->long_wait_minutes);
      break;
    case PROP_LONG_WAIT:
      g_value_set_boolean (value, self->long_wait);
      break;
    case PROP_OWN_DESK_ID:
      g_value_set_string (value, self->own_desk_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_desk_ticket_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwDeskTicketRow *self = WW_DESK_TICKET_ROW (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      ww_desk_ticket_row_set_ticket (self, g_value_get_object (value));
      break;
    case PROP_LONG_WAIT_MINUTES:
      ww_desk_ticket_row_set_long_wait_minutes (self, g_value_get_uint (value));
      break;
    case PROP_OWN_DESK_ID:
      ww_desk_ticket_row_set_own_desk_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_desk_ticket_row_class_init (WwDeskTicketRowClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass   *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ww_desk_ticket_row_dispose;
  object_class->get_property = ww_desk_ticket_row_get_property;
  object_class->set_property = ww_desk_ticket_row_set_property;

  properties[PROP_TICKET] = g_param_spec_object ("ticket", NULL, NULL, WW_TYPE_TICKET, flags);
  properties[PROP_LONG_WAIT_MINUTES] = g_param_spec_uint ("long-wait-minutes", NULL, NULL, 1, 240, 15, flags);
  properties[PROP_LONG_WAIT] = g_param_spec_boolean (
      "long-wait", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWN_DESK_ID] = g_param_spec_string ("own-desk-id", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Desk/ui/ww-desk-ticket-row.ui");
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, box);
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, topic_image);
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, topic_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, language_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, name_separator);
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, wait_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, primary_button);
  gtk_widget_class_bind_template_child (widget_class, WwDeskTicketRow, more_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ticketrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ww_desk_ticket_row_init (WwDeskTicketRow *self)
{
  self->long_wait_minutes = 15;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Waits are shown in whole minutes; twice a minute keeps them honest. */
  self->clock_id = g_timeout_add_seconds (30, clock_ticked_cb, self);
}

GtkWidget *
ww_desk_ticket_row_new (void)
{
  return g_object_new (WW_TYPE_DESK_TICKET_ROW, NULL);
}

WwTicket *
ww_desk_ticket_row_get_ticket (WwDeskTicketRow *self)
{
  g_return_val_if_fail (WW_IS_DESK_TICKET_ROW (self), NULL);
  return self->ticket;
}

void
ww_desk_ticket_row_set_ticket (WwDeskTicketRow *self, WwTicket *ticket)
{
  g_return_if_fail (WW_IS_DESK_TICKET_ROW (self));
  g_return_if_fail (ticket == NULL || WW_IS_TICKET (ticket));

  if (!g_set_object (&self->ticket, ticket))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

guint
ww_desk_ticket_row_get_long_wait_minutes (WwDeskTicketRow *self)
{
  g_return_val_if_fail (WW_IS_DESK_TICKET_ROW (self), 0);
  return self->long_wait_minutes;
}

void
ww_desk_ticket_row_set_long_wait_minutes (WwDeskTicketRow *self, guint minutes)
{
  g_return_if_fail (WW_IS_DESK_TICKET_ROW (self));

  if (self->long_wait_minutes == minutes)
    return;
  self->long_wait_minutes = minutes;
  update_wait (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LONG_WAIT_MINUTES]);
}

gboolean
ww_desk_ticket_row_get_long_wait (WwDeskTicketRow *self)
{
  g_return_val_if_fail (WW_IS_DESK_TICKET_ROW (self), FALSE);
  return self->long_wait;
}

/* The table of this console: tickets called to another one get no buttons. */
void
ww_desk_ticket_row_set_own_desk_id (WwDeskTicketRow *self, const char *desk_id)
{
  g_return_if_fail (WW_IS_DESK_TICKET_ROW (self));

  if (g_strcmp0 (self->own_desk_id, desk_id) == 0)
    return;
  g_free (self->own_desk_id);
  self->own_desk_id = g_strdup (desk_id);
  if (self->ticket != NULL)
    update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWN_DESK_ID]);
}
