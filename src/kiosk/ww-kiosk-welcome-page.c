/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The greeting a passer-by sees. It says "welcome" and "touch the screen to
 * start" in each offered language in turn, each in its own script and
 * direction, and the whole screen is one button. After a minute without a
 * touch it dims; the first touch only wakes it.
 *
 * Speech must be reachable without reading: a long touch anywhere, or
 * Enter, turns it on ("kiosk.speech-on", which says so aloud).
 */

#include "config.h"

#include "ww-kiosk-welcome-page.h"

#include <glib/gi18n-lib.h>

#include "ww-kiosk-i18n.h"
#include "ww-kiosk-a11y.h"
#include "ww-kiosk-page.h"
#include "ww-language.h"

#define CYCLE_SECONDS 4
#define DIM_SECONDS 60

static const char *const welcome_msgid = N_ ("Welcome");
static const char *const start_msgid = N_ ("Touch the screen to start");

struct _WwKioskWelcomePage
{
  GtkWidget parent_instance;

  GtkButton *start_button;
  GtkStack  *greeting_stack;
  GtkLabel  *hint_label;

  GStrv    languages;
  guint    n_greeted;
  guint    more_greetings_id;
  gulong   after_paint_id;
  guint    cycle_id;
  guint    dim_id;
  gboolean dimmed;
  gboolean speech_available;
};

static void ww_kiosk_welcome_page_page_init (WwKioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwKioskWelcomePage,
                               ww_kiosk_welcome_page,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WW_TYPE_KIOSK_PAGE, ww_kiosk_welcome_page_page_init))

enum
{
  PROP_0,
  PROP_LANGUAGES,
  PROP_DIMMED,
  PROP_SPEECH_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_greeting (const char *language)
{
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  GtkWidget       *welcome = gtk_label_new (ww_kiosk_i18n_gettext_for (language, welcome_msgid));
  GtkWidget       *start = gtk_label_new (ww_kiosk_i18n_gettext_for (language, start_msgid));
  GtkTextDirection direction = ww_language_is_rtl (language) ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR;

  gtk_widget_add_css_class (welcome, "ww-greeting");
  gtk_widget_add_css_class (start, "ww-greeting-sub");
  gtk_label_set_wrap (GTK_LABEL (welcome), TRUE);
  gtk_label_set_wrap (GTK_LABEL (start), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (welcome), 30);
  gtk_label_set_max_width_chars (GTK_LABEL (start), 40);
  gtk_label_set_justify (GTK_LABEL (welcome), GTK_JUSTIFY_CENTER);
  gtk_label_set_justify (GTK_LABEL (start), GTK_JUSTIFY_CENTER);
  gtk_widget_set_direction (box, direction);
  gtk_widget_set_direction (welcome, direction);
  gtk_widget_set_direction (start, direction);
  gtk_box_append (GTK_BOX (box), welcome);
  gtk_box_append (GTK_BOX (box), start);

  return box;
}

static const char *const *
get_languages (WwKioskWelcomePage *self)
{
  if (self->languages == NULL || self->languages[0] == NULL)
    return ww_language_get_all ();
  return (const char *const *)self->languages;
}

/* Greets in the languages from the n_greeted-th on, up to and including
 * @last (all of them for %NULL), in their order. */
static void
add_greetings (WwKioskWelcomePage *self, const char *last)
{
  const char *const *languages = get_languages (self);

  for (; languages[self->n_greeted] != NULL; self->n_greeted++)
    {
      const char *language = languages[self->n_greeted];

      if (ww_language_is_known (language) && gtk_stack_get_child_by_name (self->greeting_stack, language) == NULL)
        gtk_stack_add_named (self->greeting_stack, create_greeting (language), language);
      if (g_strcmp0 (language, last) == 0)
        {
          self->n_greeted++;
          break;
        }
    }
}

static gboolean
more_greetings_cb (gpointer user_data)
{
  WwKioskWelcomePage *self = user_data;

  self->more_greetings_id = 0;
  add_greetings (self, NULL);

  return G_SOURCE_REMOVE;
}

/* The other greetings are not seen before the first change, 4 s on; each
 * needs its language's catalogue and fonts (Arabic, Cyrillic). They come
 * after the first frame, so that the kiosk shows itself sooner. */
static void
first_paint_cb (GdkFrameClock *clock, WwKioskWelcomePage *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  if (self->more_greetings_id == 0)
    {
      self->more_greetings_id = g_idle_add_full (G_PRIORITY_LOW, more_greetings_cb, self, NULL);
      g_source_set_name_by_id (self->more_greetings_id, "[wegwijs] welcome greetings");
    }
}

static void rearm_dim_timer (WwKioskWelcomePage *self);

static gboolean
cycle_elapsed_cb (gpointer user_data)
{
  WwKioskWelcomePage *self = user_data;
  GtkWidget          *current = gtk_stack_get_visible_child (self->greeting_stack);
  GtkWidget          *next = current != NULL ? gtk_widget_get_next_sibling (current) : NULL;

  if (next == NULL)
    next = gtk_widget_get_first_child (GTK_WIDGET (self->greeting_stack));
  if (next != NULL)
    gtk_stack_set_visible_child (self->greeting_stack, next);

  return G_SOURCE_CONTINUE;
}

static void
update_timers (WwKioskWelcomePage *self)
{
  gboolean cycling = gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->dimmed;

  if (cycling && self->cycle_id == 0)
    {
      self->cycle_id = g_timeout_add_seconds (CYCLE_SECONDS, cycle_elapsed_cb, self);
      g_source_set_name_by_id (self->cycle_id, "[wegwijs] welcome cycle");
    }
  else if (!cycling)
    g_clear_handle_id (&self->cycle_id, g_source_remove);
}

static gboolean
dim_elapsed_cb (gpointer user_data)
{
  WwKioskWelcomePage *self = user_data;

  self->dim_id = 0;
  ww_kiosk_welcome_page_set_dimmed (self, TRUE);

  return G_SOURCE_REMOVE;
}

static void
rearm_dim_timer (WwKioskWelcomePage *self)
{
  g_clear_handle_id (&self->dim_id, g_source_remove);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->dim_id = g_timeout_add_seconds (DIM_SECONDS, dim_elapsed_cb, self);
  g_source_set_name_by_id (self->dim_id, "[wegwijs] welcome dim");
}

/* While dimmed, the first touch or key only wakes the screen. */
static gboolean
wake_up (WwKioskWelcomePage *self)
{
  if (!self->dimmed)
    {
      rearm_dim_timer (self);
      return FALSE;
    }

  ww_kiosk_welcome_page_set_dimmed (self, FALSE);
  return TRUE;
}

static void
pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, WwKioskWelcomePage *self)
{
  if (wake_up (self))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Without a voice the gestures are left to the start button. */
static gboolean
turn_speech_on (WwKioskWelcomePage *self)
{
  return self->speech_available && gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.speech-on", NULL);
}

static void
long_pressed_cb (GtkGestureLongPress *gesture, double x, double y, WwKioskWelcomePage *self)
{
  wake_up (self);
  /* Claimed, so that letting go does not also start the visit. */
  if (turn_speech_on (self))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                WwKioskWelcomePage    *self)
{
  if (wake_up (self))
    return GDK_EVENT_STOP;

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & gtk_accelerator_get_default_mod_mask ()) == 0)
    return turn_speech_on (self);

  return GDK_EVENT_PROPAGATE;
}

static void
ww_kiosk_welcome_page_map (GtkWidget *widget)
{
  WwKioskWelcomePage *self = WW_KIOSK_WELCOME_PAGE (widget);

  GTK_WIDGET_CLASS (ww_kiosk_welcome_page_parent_class)->map (widget);

  if (get_languages (self)[self->n_greeted] != NULL && self->after_paint_id == 0)
    self->after_paint_id =
        g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (first_paint_cb), self);
  update_timers (self);
  rearm_dim_timer (self);
}

static void
ww_kiosk_welcome_page_unmap (GtkWidget *widget)
{
  WwKioskWelcomePage *self = WW_KIOSK_WELCOME_PAGE (widget);

  g_clear_handle_id (&self->cycle_id, g_source_remove);
  g_clear_handle_id (&self->dim_id, g_source_remove);
  if (self->after_paint_id != 0)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (ww_kiosk_welcome_page_parent_class)->unmap (widget);
}

static gboolean
ww_kiosk_welcome_page_focus_default (WwKioskPage *page)
{
  return gtk_widget_grab_focus (GTK_WIDGET (WW_KIOSK_WELCOME_PAGE (page)->start_button));
}

static char *
ww_kiosk_welcome_page_get_reading_text (WwKioskPage *page)
{
  return g_strdup_printf ("%s\n%s\n", _ (welcome_msgid), _ (start_msgid));
}

static void
ww_kiosk_welcome_page_page_init (WwKioskPageInterface *iface)
{
  iface->get_reading_text = ww_kiosk_welcome_page_get_reading_text;
  iface->focus_default = ww_kiosk_welcome_page_focus_default;
}

static void
ww_kiosk_welcome_page_constructed (GObject *object)
{
  WwKioskWelcomePage *self = WW_KIOSK_WELCOME_PAGE (object);
  const char         *current = ww_kiosk_i18n_get_language ();

  G_OBJECT_CLASS (ww_kiosk_welcome_page_parent_class)->constructed (object);

  /* Up to the language the kiosk is in now (the first screen shows only
   * that one), the others once the page has been painted. */
  if (!g_strv_contains (get_languages (self), current))
    current = get_languages (self)[0];
  add_greetings (self, current);

  /* Start with the language the kiosk is in now. */
  if (gtk_stack_get_child_by_name (self->greeting_stack, ww_kiosk_i18n_get_language ()) != NULL)
    gtk_stack_set_visible_child_name (self->greeting_stack, ww_kiosk_i18n_get_language ());

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->start_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _ (start_msgid),
                                  -1);
}

static void
ww_kiosk_welcome_page_dispose (GObject *object)
{
  WwKioskWelcomePage *self = WW_KIOSK_WELCOME_PAGE (object);

  g_clear_handle_id (&self->cycle_id, g_source_remove);
  g_clear_handle_id (&self->dim_id, g_source_remove);
  g_clear_handle_id (&self->more_greetings_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_WELCOME_PAGE);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ww_kiosk_welcome_page_parent_class)->dispose (object);
}

static void
ww_kiosk_welcome_page_finalize (GObject *object)
{
  WwKioskWelcomePage *self = WW_KIOSK_WELCOME_PAGE (object);

  g_clear_pointer (&self->languages, g_strfreev);

  G_OBJECT_CLASS (ww_kiosk_welcome_page_parent_class)->finalize (object);
}

static void
ww_kiosk_welcome_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskWelcomePage *self = WW_KIOSK_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGES:
      g_value_set_boxed (value, self->languages);
      break;
    case PROP_DIMMED:
      g_value_set_boolean (value, self->dimmed);
      break;
    case PROP_SPEECH_AVAILABLE:
      g_value_set_boolean (value, self->speech_available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_welcome_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskWelcomePage *self = WW_KIOSK_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGES:
      self->languages = g_value_dup_boxed (value);
      break;
    case PROP_DIMMED:
      ww_kiosk_welcome_page_set_dimmed (self, g_value_get_boolean (value));
      break;
    case PROP_SPEECH_AVAILABLE:
      if (self->speech_available != g_value_get_boolean (value))
        {
          self->speech_available = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_welcome_page_class_init (WwKioskWelcomePageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ww_kiosk_welcome_page_constructed;
  object_class->dispose = ww_kiosk_welcome_page_dispose;
  object_class->finalize = ww_kiosk_welcome_page_finalize;
  object_class->get_property = ww_kiosk_welcome_page_get_property;
  object_class->set_property = ww_kiosk_welcome_page_set_property;

  widget_class->map = ww_kiosk_welcome_page_map;
  widget_class->unmap = ww_kiosk_welcome_page_unmap;

  /**
   * WwKioskWelcomePage:languages:
   *
   * The languages to greet in, in order.
   */
  properties[PROP_LANGUAGES] =
      g_param_spec_boxed ("languages", NULL, NULL, G_TYPE_STRV,
                          G_PARAM_WRITABLE | G_PARAM_READABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DIMMED] = g_param_spec_boolean ("dimmed", NULL, NULL, FALSE,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskWelcomePage:speech-available:
   *
   * Whether a long touch or Enter can turn speech on.
   */
  properties[PROP_SPEECH_AVAILABLE] = g_param_spec_boolean (
      "speech-available", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskWelcomePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, WwKioskWelcomePage, greeting_stack);
  gtk_widget_class_bind_template_child (widget_class, WwKioskWelcomePage, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, long_pressed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "welcomepage");
}

static void
ww_kiosk_welcome_page_init (WwKioskWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ww_kiosk_a11y_track_stack (self->greeting_stack);
}

GtkWidget *
ww_kiosk_welcome_page_new (const char *const *languages)
{
  return g_object_new (WW_TYPE_KIOSK_WELCOME_PAGE, "languages", languages, NULL);
}

gboolean
ww_kiosk_welcome_page_get_dimmed (WwKioskWelcomePage *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_WELCOME_PAGE (self), FALSE);

  return self->dimmed;
}

void
ww_kiosk_welcome_page_set_dimmed (WwKioskWelcomePage *self, gboolean dimmed)
{
  g_return_if_fail (WW_IS_KIOSK_WELCOME_PAGE (self));

  dimmed = !!dimmed;
  if (self->dimmed == dimmed)
    return;

  self->dimmed = dimmed;
  if (dimmed)
    gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "ww-dimmed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "ww-dimmed");

  update_timers (self);
  if (!dimmed)
    rearm_dim_timer (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIMMED]);
}
