/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Home: the categories as big tiles, and a search over the services for
 * residents who know what they want. While the catalogue loads it says so;
 * when there is none at all it says to ask at the desk. Never a blank
 * screen.
 */

#include "config.h"

#include "ww-kiosk-home-page.h"

#include <glib/gi18n-lib.h>

#include "ww-kiosk-a11y.h"
#include "ww-kiosk-page.h"
#include "ww-kiosk-tile.h"
#include "wegwijs-core.h"

struct _WwKioskHomePage
{
  GtkWidget parent_instance;

  GtkWidget  *content_box;
  GtkEntry   *search_entry;
  GtkStack   *stack;
  GtkFlowBox *categories_box;
  GtkFlowBox *results_box;
  GtkLabel   *results_label;

  char           *language;
  GtkEntryBuffer *search_buffer;
  WwCatalog      *catalog;
  gboolean        loading;
};

static void ww_kiosk_home_page_page_init (WwKioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwKioskHomePage,
                               ww_kiosk_home_page,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WW_TYPE_KIOSK_PAGE, ww_kiosk_home_page_page_init))

enum
{
  PROP_0,
  PROP_LANGUAGE,
  PROP_SEARCH_BUFFER,
  PROP_CATALOG,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_flow_box (GtkFlowBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
}

static void
append_tile (GtkFlowBox *box, GtkWidget *tile)
{
  gtk_flow_box_append (box, tile);
  /* The tile takes the focus, not the box around it. */
  gtk_widget_set_focusable (gtk_widget_get_parent (tile), FALSE);
}

static void
fill_categories (WwKioskHomePage *self)
{
  GListModel *categories;

  clear_flow_box (self->categories_box);
  if (self->catalog == NULL)
    return;

  categories = ww_catalog_get_categories (self->catalog);
  for (guint i = 0; i < g_list_model_get_n_items (categories); i++)
    {
      g_autoptr (WwCategory) category = g_list_model_get_item (categories, i);
      GtkWidget *tile = ww_kiosk_tile_new (ww_category_get_icon_name (category),
                                           ww_text_get (ww_category_get_title (category), self->language),
                                           ww_text_get (ww_category_get_summary (category), self->language));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (tile), "nav.open-category");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (tile), "s", ww_category_get_id (category));
      append_tile (self->categories_box, tile);
    }
}

static gboolean
service_matches (WwKioskHomePage *self, WwService *service, const char *query)
{
  const char *const fields[] = {
    ww_text_get (ww_service_get_title (service), self->language),
    ww_text_get (ww_service_get_summary (service), self->language),
    /* Dutch words a resident may know from letters of the municipality. */
    ww_text_get (ww_service_get_title (service), "nl"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL && g_str_match_string (query, fields[i], TRUE))
      return TRUE;

  return FALSE;
}

static guint
fill_results (WwKioskHomePage *self, const char *query)
{
  GListModel *services;
  guint       n_found = 0;

  clear_flow_box (self->results_box);
  if (self->catalog == NULL)
    return 0;

  services = ww_catalog_get_services (self->catalog);
  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr (WwService) service = g_list_model_get_item (services, i);
      GtkWidget *tile;

      if (!service_matches (self, service, query))
        continue;

      tile = ww_kiosk_tile_new (ww_service_get_icon_name (service),
                                ww_text_get (ww_service_get_title (service), self->language),
                                ww_text_get (ww_service_get_summary (service), self->language));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (tile), "nav.open-service");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (tile), "s", ww_service_get_id (service));
      append_tile (self->results_box, tile);
      n_found++;
    }

  return n_found;
}

static void
update_view (WwKioskHomePage *self)
{
  g_autofree char *query = NULL;
  guint            n_found;

  if (self->catalog == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, self->loading ? "loading" : "unavailable");
      gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), FALSE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), TRUE);
  query = g_strstrip (g_strdup (gtk_entry_buffer_get_text (self->search_buffer)));
  if (*query == '\0')
    {
      gtk_stack_set_visible_child_name (self->stack, "categories");
      return;
    }

  n_found = fill_results (self, query);
  if (n_found == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "nothing-found");
      return;
    }

  {
    g_autofree char *label =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u service found", "%u services found", n_found), n_found);
    gtk_label_set_label (self->results_label, label);
  }
  gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
search_text_changed_cb (GtkEntryBuffer *buffer, GParamSpec *pspec, WwKioskHomePage *self)
{
  update_view (self);
}

static void
search_icon_pressed_cb (GtkEntry *entry, GtkEntryIconPosition position, WwKioskHomePage *self)
{
  if (position == GTK_ENTRY_ICON_SECONDARY)
    gtk_entry_buffer_delete_text (self->search_buffer, 0, -1);
}

static void
update_clear_icon (WwKioskHomePage *self)
{
  gboolean has_text = gtk_entry_buffer_get_length (self->search_buffer) > 0;

  gtk_entry_set_icon_from_icon_name (self->search_entry, GTK_ENTRY_ICON_SECONDARY,
                                     has_text ? "edit-clear-symbolic" : NULL);
  if (has_text)
    gtk_entry_set_icon_tooltip_text (self->search_entry, GTK_ENTRY_ICON_SECONDARY, _ ("Clear the search"));
}

static void
search_length_changed_cb (GtkEntryBuffer *buffer, GParamSpec *pspec, WwKioskHomePage *self)
{
  update_clear_icon (self);
}

static gboolean
ww_kiosk_home_page_focus_default (WwKioskPage *page)
{
  WwKioskHomePage *self = WW_KIOSK_HOME_PAGE (page);

  /* The first category, not the search field: focusing the field would
   * open the keyboard over the tiles. */
  if (gtk_widget_child_focus (GTK_WIDGET (self->stack), GTK_DIR_TAB_FORWARD))
    return TRUE;

  return gtk_widget_child_focus (self->content_box, GTK_DIR_TAB_FORWARD);
}

static char *
ww_kiosk_home_page_get_reading_text (WwKioskPage *page)
{
  return ww_kiosk_page_collect_text (WW_KIOSK_HOME_PAGE (page)->content_box);
}

static void
ww_kiosk_home_page_page_init (WwKioskPageInterface *iface)
{
  iface->get_reading_text = ww_kiosk_home_page_get_reading_text;
  iface->focus_default = ww_kiosk_home_page_focus_default;
}

static void
ww_kiosk_home_page_constructed (GObject *object)
{
  WwKioskHomePage *self = WW_KIOSK_HOME_PAGE (object);

  G_OBJECT_CLASS (ww_kiosk_home_page_parent_class)->constructed (object);

  if (self->search_buffer == NULL)
    self->search_buffer = gtk_entry_buffer_new (NULL, 0);

  gtk_entry_set_buffer (self->search_entry, self->search_buffer);
  g_signal_connect_object (self->search_buffer, "notify::text", G_CALLBACK (search_text_changed_cb), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (self->search_buffer, "notify::length", G_CALLBACK (search_length_changed_cb), self,
                           G_CONNECT_DEFAULT);
  update_clear_icon (self);
  update_view (self);
}

static void
ww_kiosk_home_page_dispose (GObject *object)
{
  WwKioskHomePage *self = WW_KIOSK_HOME_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_HOME_PAGE);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->search_buffer);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (ww_kiosk_home_page_parent_class)->dispose (object);
}

static void
ww_kiosk_home_page_finalize (GObject *object)
{
  WwKioskHomePage *self = WW_KIOSK_HOME_PAGE (object);

  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (ww_kiosk_home_page_parent_class)->finalize (object);
}

static void
ww_kiosk_home_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskHomePage *self = WW_KIOSK_HOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_SEARCH_BUFFER:
      g_value_set_object (value, self->search_buffer);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_home_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskHomePage *self = WW_KIOSK_HOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      self->language = g_value_dup_string (value);
      break;
    case PROP_SEARCH_BUFFER:
      self->search_buffer = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      ww_kiosk_home_page_set_catalog (self, g_value_get_object (value));
      break;
    case PROP_LOADING:
      ww_kiosk_home_page_set_loading (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_home_page_class_init (WwKioskHomePageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ww_kiosk_home_page_constructed;
  object_class->dispose = ww_kiosk_home_page_dispose;
  object_class->finalize = ww_kiosk_home_page_finalize;
  object_class->get_property = ww_kiosk_home_page_get_property;
  object_class->set_property = ww_kiosk_home_page_set_property;

  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, "nl",
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskHomePage:search-buffer:
   *
   * The session's buffer for the search text.
   */
  properties[PROP_SEARCH_BUFFER] =
      g_param_spec_object ("search-buffer", NULL, NULL, GTK_TYPE_ENTRY_BUFFER,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CATALOG] = g_param_spec_object ("catalog", NULL, NULL, WW_TYPE_CATALOG,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LOADING] = g_param_spec_boolean (
      "loading", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskHomePage, content_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHomePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHomePage, stack);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHomePage, categories_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHomePage, results_box);
  gtk_widget_class_bind_template_child (widget_class, WwKioskHomePage, results_label);
  gtk_widget_class_bind_template_callback (widget_class, search_icon_pressed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "homepage");
}

static void
ww_kiosk_home_page_init (WwKioskHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ww_kiosk_a11y_track_stack (self->stack);
}

GtkWidget *
ww_kiosk_home_page_new (const char *language, GtkEntryBuffer *search_buffer)
{
  return g_object_new (WW_TYPE_KIOSK_HOME_PAGE, "language", language, "search-buffer", search_buffer, NULL);
}

WwCatalog *
ww_kiosk_home_page_get_catalog (WwKioskHomePage *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HOME_PAGE (self), NULL);

  return self->catalog;
}

void
ww_kiosk_home_page_set_catalog (WwKioskHomePage *self, WwCatalog *catalog)
{
  g_return_if_fail (WW_IS_KIOSK_HOME_PAGE (self));

  if (!g_set_object (&self->catalog, catalog))
    return;

  fill_categories (self);
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

gboolean
ww_kiosk_home_page_get_loading (WwKioskHomePage *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_HOME_PAGE (self), FALSE);

  return self->loading;
}

void
ww_kiosk_home_page_set_loading (WwKioskHomePage *self, gboolean loading)
{
  g_return_if_fail (WW_IS_KIOSK_HOME_PAGE (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}
