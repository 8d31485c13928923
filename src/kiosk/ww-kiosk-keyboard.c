/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The kiosk's own on-screen keyboard: the cage compositor offers none. Big
 * keys type into the text field that has the focus; they never take the
 * focus themselves, so the cursor stays where the resident was typing.
 *
 * Latin letters always, with the accents of the session language (Dutch
 * by default, Turkish or Polish when those are chosen); Arabic letters in
 * an Arabic session and Ukrainian Cyrillic in a Ukrainian one.
 */

#include "config.h"

#include "ww-kiosk-keyboard.h"

#include <glib/gi18n-lib.h>

#include "ww-kiosk-enum-types.h"

struct _WwKioskKeyboard
{
  GtkWidget parent_instance;

  GtkBox          *rows_box;
  GtkBox          *layouts_box;
  GtkToggleButton *shift_button;

  GtkEditable          *target;
  char                 *language;
  WwKioskKeyboardLayout layout;
};

G_DEFINE_FINAL_TYPE (WwKioskKeyboard, ww_kiosk_keyboard, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TARGET,
  PROP_LANGUAGE,
  PROP_LAYOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  HIDE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const latin_rows[] = {
  "1 2 3 4 5 6 7 8 9 0", "q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m , . -", NULL,
};

static const char *const arabic_rows[] = {
  "1 2 3 4 5 6 7 8 9 0", "ض ص ث ق ف غ ع ه خ ح ج", "ش س ي ب ل ا ت ن م ك ط", "ئ ء ؤ ر ى ة و ز ظ د ذ", NULL,
};

static const char *const cyrillic_rows[] = {
  "1 2 3 4 5 6 7 8 9 0", "й ц у к е н г ґ ш щ з х ї", "ф і в а п р о л д ж є", "я ч с м и т ь б ю ' , . -", NULL,
};

static const char *
get_accents (const char *language)
{
  if (g_strcmp0 (language, "tr") == 0)
    return "ç ğ ı ş ö ü â î";
  if (g_strcmp0 (language, "pl") == 0)
    return "ą ć ę ł ń ó ś ź ż";
  /* Dutch: the accents of words like "één", "geëmigreerd", "café". */
  return "é ë è ê ï ö ü á ó ç";
}

static gboolean
layout_is_offered (WwKioskKeyboard *self, WwKioskKeyboardLayout layout)
{
  switch (layout)
    {
    case WW_KIOSK_KEYBOARD_LAYOUT_LATIN:
      return TRUE;
    case WW_KIOSK_KEYBOARD_LAYOUT_ARABIC:
      return g_strcmp0 (self->language, "ar") == 0;
    case WW_KIOSK_KEYBOARD_LAYOUT_CYRILLIC:
      return g_strcmp0 (self->language, "uk") == 0;
    default:
      return FALSE;
    }
}

static void
key_clicked_cb (GtkButton *button, WwKioskKeyboard *self)
{
  ww_kiosk_keyboard_press_key (self, g_object_get_data (G_OBJECT (button), "ww-key-text"));
}

static GtkWidget *
create_key (WwKioskKeyboard *self, const char *text, gboolean shifted)
{
  g_autofree char *shown = shifted ? g_utf8_strup (text, -1) : g_strdup (text);
  GtkWidget       *key = gtk_button_new_with_label (shown);

  /* Keys type into the focused field and must never take its focus. */
  gtk_widget_set_focusable (key, FALSE);
  gtk_widget_set_focus_on_click (key, FALSE);
  gtk_widget_add_css_class (key, "ww-key");
  g_object_set_data_full (G_OBJECT (key), "ww-key-text", g_steal_pointer (&shown), g_free);
  g_signal_connect_object (key, "clicked", G_CALLBACK (key_clicked_cb), self, G_CONNECT_DEFAULT);

  return key;
}

static void
add_row (WwKioskKeyboard *self, const char *keys, gboolean shifted)
{
  g_auto (GStrv) texts = g_strsplit (keys, " ", -1);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
  for (guint i = 0; texts[i] != NULL; i++)
    if (*texts[i] != '\0')
      gtk_box_append (GTK_BOX (row), create_key (self, texts[i], shifted));

  gtk_box_append (self->rows_box, row);
}

static void
layout_button_clicked_cb (GtkButton *button, WwKioskKeyboard *self)
{
  ww_kiosk_keyboard_set_layout (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ww-layout")));
}

static void
add_layout_button (WwKioskKeyboard *self, WwKioskKeyboardLayout layout, const char *label, const char *name)
{
  GtkWidget *button;

  if (!layout_is_offered (self, layout))
    return;

  button = gtk_toggle_button_new_with_label (label);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), self->layout == layout);
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_add_css_class (button, "ww-key");
  gtk_widget_add_css_class (button, "ww-key-wide");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (button), "ww-layout", GUINT_TO_POINTER (layout));
  g_signal_connect_object (button, "clicked", G_CALLBACK (layout_button_clicked_cb), self, G_CONNECT_DEFAULT);
  gtk_box_append (self->layouts_box, button);
}

static void
rebuild_keys (WwKioskKeyboard *self)
{
  const char *const *rows;
  gboolean           shifted = gtk_toggle_button_get_active (self->shift_button);
  GtkWidget         *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_box))) != NULL)
    gtk_box_remove (self->rows_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->layouts_box))) != NULL)
    gtk_box_remove (self->layouts_box, child);

  switch (self->layout)
    {
    case WW_KIOSK_KEYBOARD_LAYOUT_ARABIC:
      rows = arabic_rows;
      break;
    case WW_KIOSK_KEYBOARD_LAYOUT_CYRILLIC:
      rows = cyrillic_rows;
      break;
    case WW_KIOSK_KEYBOARD_LAYOUT_LATIN:
    default:
      rows = latin_rows;
      break;
    }

  for (guint i = 0; rows[i] != NULL; i++)
    add_row (self, rows[i], shifted);
  if (self->layout == WW_KIOSK_KEYBOARD_LAYOUT_LATIN)
    add_row (self, get_accents (self->language), shifted);

  /* Arabic has no capitals. */
  gtk_widget_set_visible (GTK_WIDGET (self->shift_button), self->layout != WW_KIOSK_KEYBOARD_LAYOUT_ARABIC);

  add_layout_button (self, WW_KIOSK_KEYBOARD_LAYOUT_LATIN, "ABC", _ ("Latin letters"));
  add_layout_button (self, WW_KIOSK_KEYBOARD_LAYOUT_ARABIC, "أ ب ت", _ ("Arabic letters"));
  add_layout_button (self, WW_KIOSK_KEYBOARD_LAYOUT_CYRILLIC, "АБВ", _ ("Cyrillic letters"));
  gtk_widget_set_visible (GTK_WIDGET (self->layouts_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->layouts_box)) !=
                              gtk_widget_get_last_child (GTK_WIDGET (self->layouts_box)));
}

static void
shift_toggled_cb (GtkToggleButton *button, WwKioskKeyboard *self)
{
  rebuild_keys (self);
}

static void
space_clicked_cb (GtkButton *button, WwKioskKeyboard *self)
{
  ww_kiosk_keyboard_press_key (self, " ");
}

static void
backspace_clicked_cb (GtkButton *button, WwKioskKeyboard *self)
{
  int start;
  int end;

  if (self->target == NULL)
    return;

  if (gtk_editable_get_selection_bounds (self->target, &start, &end))
    {
      gtk_editable_delete_selection (self->target);
      return;
    }

  end = gtk_editable_get_position (self->target);
  if (end > 0)
    gtk_editable_delete_text (self->target, end - 1, end);
}

static void
hide_clicked_cb (GtkButton *button, WwKioskKeyboard *self)
{
  g_signal_emit (self, signals[HIDE_REQUESTED], 0);
}

static void
ww_kiosk_keyboard_dispose (GObject *object)
{
  WwKioskKeyboard *self = WW_KIOSK_KEYBOARD (object);

  ww_kiosk_keyboard_set_target (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_KEYBOARD);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ww_kiosk_keyboard_parent_class)->dispose (object);
}

static void
ww_kiosk_keyboard_finalize (GObject *object)
{
  WwKioskKeyboard *self = WW_KIOSK_KEYBOARD (object);

  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (ww_kiosk_keyboard_parent_class)->finalize (object);
}

static void
ww_kiosk_keyboard_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskKeyboard *self = WW_KIOSK_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_LAYOUT:
      g_value_set_enum (value, self->layout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_keyboard_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskKeyboard *self = WW_KIOSK_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      ww_kiosk_keyboard_set_target (self, g_value_get_object (value));
      break;
    case PROP_LANGUAGE:
      ww_kiosk_keyboard_set_language (self, g_value_get_string (value));
      break;
    case PROP_LAYOUT:
      ww_kiosk_keyboard_set_layout (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_keyboard_class_init (WwKioskKeyboardClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ww_kiosk_keyboard_dispose;
  object_class->finalize = ww_kiosk_keyboard_finalize;
  object_class->get_property = ww_kiosk_keyboard_get_property;
  object_class->set_property = ww_kiosk_keyboard_set_property;

  /**
   * WwKioskKeyboard:target:
   *
   * The text field the keys type into, or %NULL. Not owned.
   */
  properties[PROP_TARGET] = g_param_spec_object ("target", NULL, NULL, GTK_TYPE_EDITABLE,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LANGUAGE] = g_param_spec_string (
      "language", NULL, NULL, "nl", G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LAYOUT] =
      g_param_spec_enum ("layout", NULL, NULL, WW_TYPE_KIOSK_KEYBOARD_LAYOUT, WW_KIOSK_KEYBOARD_LAYOUT_LATIN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WwKioskKeyboard::hide-requested:
   *
   * The resident pressed the key that hides the keyboard.
   */
  signals[HIDE_REQUESTED] = g_signal_new ("hide-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-keyboard.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskKeyboard, rows_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskKeyboard, layouts_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskKeyboard, shift_button);
  gtk_widget_class_bind_template_callback (widget_class, shift_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, space_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, backspace_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, hide_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keyboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ww_kiosk_keyboard_init (WwKioskKeyboard *self)
{
  self->language = g_strdup ("nl");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("On-screen keyboard"), -1);
  rebuild_keys (self);
}

GtkEditable *
ww_kiosk_keyboard_get_target (WwKioskKeyboard *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_KEYBOARD (self), NULL);

  return self->target;
}

void
ww_kiosk_keyboard_set_target (WwKioskKeyboard *self, GtkEditable *target)
{
  g_return_if_fail (WW_IS_KIOSK_KEYBOARD (self));
  g_return_if_fail (target == NULL || GTK_IS_EDITABLE (target));

  if (self->target == target)
    return;

  if (self->target != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->target), (gpointer *)&self->target);
  self->target = target;
  if (self->target != NULL)
    g_object_add_weak_pointer (G_OBJECT (self->target), (gpointer *)&self->target);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

const char *
ww_kiosk_keyboard_get_language (WwKioskKeyboard *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_KEYBOARD (self), NULL);

  return self->language;
}

/* Chooses the accents and the scripts on offer, and the script to start in. */
void
ww_kiosk_keyboard_set_language (WwKioskKeyboard *self, const char *language)
{
  g_return_if_fail (WW_IS_KIOSK_KEYBOARD (self));

  if (g_strcmp0 (self->language, language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);

  if (g_strcmp0 (language, "ar") == 0)
    self->layout = WW_KIOSK_KEYBOARD_LAYOUT_ARABIC;
  else if (g_strcmp0 (language, "uk") == 0)
    self->layout = WW_KIOSK_KEYBOARD_LAYOUT_CYRILLIC;
  else
    self->layout = WW_KIOSK_KEYBOARD_LAYOUT_LATIN;

  rebuild_keys (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

WwKioskKeyboardLayout
ww_kiosk_keyboard_get_layout (WwKioskKeyboard *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_KEYBOARD (self), WW_KIOSK_KEYBOARD_LAYOUT_LATIN);

  return self->layout;
}

void
ww_kiosk_keyboard_set_layout (WwKioskKeyboard *self, WwKioskKeyboardLayout layout)
{
  g_return_if_fail (WW_IS_KIOSK_KEYBOARD (self));

  if (!layout_is_offered (self, layout))
    layout = WW_KIOSK_KEYBOARD_LAYOUT_LATIN;

  if (self->layout == layout)
    {
      /* Keep a toggle that was clicked again showing the current layout. */
      rebuild_keys (self);
      return;
    }

  self->layout = layout;
  rebuild_keys (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

/* Types @text at the cursor of the target, replacing a selection. A shift
 * lasts one key, as on a phone. */
void
ww_kiosk_keyboard_press_key (WwKioskKeyboard *self, const char *text)
{
  int position;

  g_return_if_fail (WW_IS_KIOSK_KEYBOARD (self));
  g_return_if_fail (text != NULL);

  if (self->target == NULL)
    return;

  gtk_editable_delete_selection (self->target);
  position = gtk_editable_get_position (self->target);
  gtk_editable_insert_text (self->target, text, -1, &position);
  gtk_editable_set_position (self->target, position);

  if (gtk_toggle_button_get_active (self->shift_button))
    gtk_toggle_button_set_active (self->shift_button, FALSE);
}
