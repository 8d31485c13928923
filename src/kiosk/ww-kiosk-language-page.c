/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Choose a language: one big button per language, each named in its own
 * language and script, never with a flag. The current one is marked.
 */

#include "config.h"

#include "ww-kiosk-language-page.h"

#include <glib/gi18n-lib.h>

#include "ww-kiosk-page.h"
#include "ww-language.h"

struct _WwKioskLanguagePage
{
  GtkWidget parent_instance;

  GtkWidget  *content_box;
  GtkFlowBox *languages_box;

  GStrv languages;
  char *current;
};

static void ww_kiosk_language_page_page_init (WwKioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwKioskLanguagePage,
                               ww_kiosk_language_page,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WW_TYPE_KIOSK_PAGE, ww_kiosk_language_page_page_init))

enum
{
  PROP_0,
  PROP_LANGUAGES,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_language_button (WwKioskLanguagePage *self, const char *language)
{
  GtkWidget *button = gtk_button_new_with_label (ww_language_get_native_name (language));
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "nav.choose-language");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", language);
  gtk_widget_add_css_class (button, "ww-language-button");
  gtk_widget_set_direction (label, ww_language_is_rtl (language) ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);

  if (g_strcmp0 (language, self->current) == 0)
    {
      gtk_widget_add_css_class (button, "ww-current");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _ ("This is the language now"), -1);
    }

  return button;
}

static gboolean
ww_kiosk_language_page_focus_default (WwKioskPage *page)
{
  WwKioskLanguagePage *self = WW_KIOSK_LANGUAGE_PAGE (page);

  return gtk_widget_child_focus (GTK_WIDGET (self->languages_box), GTK_DIR_TAB_FORWARD);
}

static char *
ww_kiosk_language_page_get_reading_text (WwKioskPage *page)
{
  return ww_kiosk_page_collect_text (WW_KIOSK_LANGUAGE_PAGE (page)->content_box);
}

static void
ww_kiosk_language_page_page_init (WwKioskPageInterface *iface)
{
  iface->get_reading_text = ww_kiosk_language_page_get_reading_text;
  iface->focus_default = ww_kiosk_language_page_focus_default;
}

static void
ww_kiosk_language_page_constructed (GObject *object)
{
  WwKioskLanguagePage *self = WW_KIOSK_LANGUAGE_PAGE (object);
  const char *const   *languages = (const char *const *)self->languages;

  G_OBJECT_CLASS (ww_kiosk_language_page_parent_class)->constructed (object);

  if (languages == NULL || languages[0] == NULL)
    languages = ww_language_get_all ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      GtkWidget *button;

      if (!ww_language_is_known (languages[i]))
        continue;

      button = create_language_button (self, languages[i]);
      gtk_flow_box_append (self->languages_box, button);
      /* The buttons take the focus, not the boxes around them. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }
}

static void
ww_kiosk_language_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_LANGUAGE_PAGE);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ww_kiosk_language_page_parent_class)->dispose (object);
}

static void
ww_kiosk_language_page_finalize (GObject *object)
{
  WwKioskLanguagePage *self = WW_KIOSK_LANGUAGE_PAGE (object);

  g_clear_pointer (&self->languages, g_strfreev);
  g_clear_pointer (&self->current, g_free);

  G_OBJECT_CLASS (ww_kiosk_language_page_parent_class)->finalize (object);
}

static void
ww_kiosk_language_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskLanguagePage *self = WW_KIOSK_LANGUAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGES:
      g_value_set_boxed (value, self->languages);
      break;
    case PROP_CURRENT:
      g_value_set_string (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_language_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskLanguagePage *self = WW_KIOSK_LANGUAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGES:
      self->languages = g_value_dup_boxed (value);
      break;
    case PROP_CURRENT:
      self->current = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_language_page_class_init (WwKioskLanguagePageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ww_kiosk_language_page_constructed;
  object_class->dispose = ww_kiosk_language_page_dispose;
  object_class->finalize = ww_kiosk_language_page_finalize;
  object_class->get_property = ww_kiosk_language_page_get_property;
  object_class->set_property = ww_kiosk_language_page_set_property;

  properties[PROP_LANGUAGES] = g_param_spec_boxed ("languages", NULL, NULL, G_TYPE_STRV,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] = g_param_spec_string ("current", NULL, NULL, NULL,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-language-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskLanguagePage, content_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskLanguagePage, languages_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "languagepage");
}

static void
ww_kiosk_language_page_init (WwKioskLanguagePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ww_kiosk_language_page_new (const char *const *languages, const char *current)
{
  return g_object_new (WW_TYPE_KIOSK_LANGUAGE_PAGE, "languages", languages, "current", current, NULL);
}
