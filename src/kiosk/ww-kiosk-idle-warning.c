/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * "Are you still there?" over the whole screen, with a countdown and one
 * big button. Any touch on it counts as an answer, because a resident who
 * touches the screen is plainly still there.
 */

#include "config.h"

#include "ww-kiosk-idle-warning.h"

#include <glib/gi18n-lib.h>

struct _WwKioskIdleWarning
{
  GtkWidget parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *countdown_label;
  GtkLabel  *message_label;
  GtkButton *still_here_button;
  guint      remaining;
};

G_DEFINE_FINAL_TYPE (WwKioskIdleWarning, ww_kiosk_idle_warning, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_REMAINING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_labels (WwKioskIdleWarning *self)
{
  g_autofree char *count = g_strdup_printf ("%u", self->remaining);
  g_autofree char *message = NULL;

  message = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "Your visit ends in %u second. Then everything you entered is cleared.",
                   "Your visit ends in %u seconds. Then everything you entered is cleared.", self->remaining),
      self->remaining);
  gtk_label_set_label (self->countdown_label, count);
  gtk_label_set_label (self->message_label, message);
}

static void
backdrop_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, WwKioskIdleWarning *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.confirm-presence", NULL);
}

static void
ww_kiosk_idle_warning_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_IDLE_WARNING);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ww_kiosk_idle_warning_parent_class)->dispose (object);
}

static void
ww_kiosk_idle_warning_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskIdleWarning *self = WW_KIOSK_IDLE_WARNING (object);

  switch (prop_id)
    {
    case PROP_REMAINING:
      g_value_set_uint (value, self->remaining);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_idle_warning_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskIdleWarning *self = WW_KIOSK_IDLE_WARNING (object);

  switch (prop_id)
    {
    case PROP_REMAINING:
      ww_kiosk_idle_warning_set_remaining (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_idle_warning_class_init (WwKioskIdleWarningClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ww_kiosk_idle_warning_dispose;
  object_class->get_property = ww_kiosk_idle_warning_get_property;
  object_class->set_property = ww_kiosk_idle_warning_set_property;

  /**
   * WwKioskIdleWarning:remaining:
   *
   * Seconds left before the visit ends.
   */
  properties[PROP_REMAINING] = g_param_spec_uint ("remaining", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-idle-warning.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskIdleWarning, title_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskIdleWarning, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskIdleWarning, message_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskIdleWarning, still_here_button);
  gtk_widget_class_bind_template_callback (widget_class, backdrop_pressed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "idlewarning");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT_DIALOG);
}

static void
ww_kiosk_idle_warning_init (WwKioskIdleWarning *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_labels (self);
}

guint
ww_kiosk_idle_warning_get_remaining (WwKioskIdleWarning *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_IDLE_WARNING (self), 0);

  return self->remaining;
}

void
ww_kiosk_idle_warning_set_remaining (WwKioskIdleWarning *self, guint remaining)
{
  g_return_if_fail (WW_IS_KIOSK_IDLE_WARNING (self));

  if (self->remaining == remaining)
    return;

  self->remaining = remaining;
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMAINING]);
}

/* The one button is where any key press should go. */
gboolean
ww_kiosk_idle_warning_focus_button (WwKioskIdleWarning *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_IDLE_WARNING (self), FALSE);

  return gtk_widget_grab_focus (GTK_WIDGET (self->still_here_button));
}

/* What the warning says, for reading it aloud. */
char *
ww_kiosk_idle_warning_get_text (WwKioskIdleWarning *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_IDLE_WARNING (self), NULL);

  return g_strdup_printf ("%s\n%s", gtk_label_get_label (self->title_label), gtk_label_get_label (self->message_label));
}
