/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * The admin screen, reached by holding the logo for five seconds. First a
 * PIN on an in-app keypad (a kiosk has no keyboard to trust), checked by
 * the application's WwKioskAdminGuard; then a panel with the state of the
 * kiosk and a few safe actions. Nothing here leads to a shell or a file.
 */

#include "config.h"

#include "ww-kiosk-admin-page.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ww-error.h"
#include "ww-kiosk-a11y.h"
#include "ww-kiosk-page.h"

#define MAX_PIN_LENGTH 12

struct _WwKioskAdminPage
{
  GtkWidget parent_instance;

  GtkStack  *stack;
  GtkLabel  *dots_label;
  GtkLabel  *message_label;
  GtkWidget *keypad;
  GtkLabel  *kiosk_id_label;
  GtkLabel  *version_label;
  GtkLabel  *hub_label;
  GtkLabel  *catalog_label;
  GtkLabel  *speech_label;
  char      *speech_status;
  GtkLabel  *printer_label;
  GtkWidget *quit_button;

  GSettings            *settings;
  WwKioskAdminGuard    *guard;
  WwKioskCatalogSource *source;
  GCancellable         *cancellable;
  char                  pin[MAX_PIN_LENGTH + 1];
  guint                 pin_length;
  guint                 lock_timer_id;
  gboolean              checking;
};

static void ww_kiosk_admin_page_page_init (WwKioskPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WwKioskAdminPage,
                               ww_kiosk_admin_page,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (WW_TYPE_KIOSK_PAGE, ww_kiosk_admin_page_page_init))

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_GUARD,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_dots (WwKioskAdminPage *self)
{
  GString *dots = g_string_new (NULL);

  for (guint i = 0; i < self->pin_length; i++)
    g_string_append (dots, "●");

  gtk_label_set_label (self->dots_label, dots->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dots_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->pin_length == 0 ? _ ("No digits entered") : _ ("Digits entered"), -1);
  g_string_free (dots, TRUE);
}

static gboolean update_lock (WwKioskAdminPage *self);

static gboolean
lock_timer_elapsed_cb (gpointer user_data)
{
  WwKioskAdminPage *self = user_data;

  if (update_lock (self))
    return G_SOURCE_CONTINUE;

  self->lock_timer_id = 0;
  return G_SOURCE_REMOVE;
}

/* Shows the lock and keeps it up to date; returns whether it is locked. */
static gboolean
update_lock (WwKioskAdminPage *self)
{
  guint remaining = ww_kiosk_admin_guard_get_lock_remaining (self->guard);

  gtk_widget_set_sensitive (self->keypad, remaining == 0 && !self->checking);
  if (remaining == 0)
    {
      if (self->lock_timer_id != 0)
        gtk_label_set_label (self->message_label, "");
      return FALSE;
    }

  {
    guint            minutes = (remaining + 59) / 60;
    g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Too many wrong PINs. Try again in %u minute.",
                                      "Too many wrong PINs. Try again in %u minutes.", minutes),
                         minutes);

    gtk_label_set_label (self->message_label, message);
  }

  if (self->lock_timer_id == 0)
    {
      self->lock_timer_id = g_timeout_add_seconds (1, lock_timer_elapsed_cb, self);
      g_source_set_name_by_id (self->lock_timer_id, "[wegwijs] admin lock");
    }
  return TRUE;
}

static void
fill_panel (WwKioskAdminPage *self)
{
  g_auto (GStrv) hubs = g_settings_get_strv (self->settings, "hub-urls");
  g_autofree char *printer = g_settings_get_string (self->settings, "printer-name");
  GDateTime       *updated = ww_kiosk_catalog_source_get_updated (self->source);
  gboolean         online = ww_kiosk_catalog_source_get_online (self->source);

  gtk_label_set_label (self->version_label, PACKAGE_VERSION);

  if (online)
    gtk_label_set_label (self->hub_label, _ ("Connected"));
  else if (hubs[0] == NULL)
    gtk_label_set_label (self->hub_label, _ ("Not connected: no hub is set up yet"));
  else
    gtk_label_set_label (self->hub_label, _ ("Not connected: the kiosk works offline"));

  if (updated == NULL)
    gtk_label_set_label (self->catalog_label, _ ("No catalogue loaded"));
  else
    {
      g_autofree char *time = g_date_time_format (updated, "%Y-%m-%d %H:%M");
      g_autofree char *text =
          g_strdup_printf (online ? _ ("%s, from the hub") : _ ("%s, the copy that came with the kiosk"), time);

      gtk_label_set_label (self->catalog_label, text);
    }

  gtk_label_set_label (self->speech_label,
                       self->speech_status != NULL ? self->speech_status : _ ("Not available on this kiosk yet"));

  if (*printer == '\0')
    gtk_label_set_label (self->printer_label, _ ("No printer set up: printing is off"));
  else
    {
      g_autofree char *text = g_strdup_printf (_ ("“%s” is set up, but printing is not available yet"), printer);

      gtk_label_set_label (self->printer_label, text);
    }

  gtk_widget_set_visible (self->quit_button, g_settings_get_boolean (self->settings, "admin-allow-exit"));
}

static void
enrolment_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WwKioskAdminPage) self = user_data;
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autofree char *contents = NULL;
  g_autofree char *kiosk_id = NULL;
  gsize            length;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  if (g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, NULL) &&
      g_key_file_load_from_data (key_file, contents, length, G_KEY_FILE_NONE, NULL))
    kiosk_id = g_key_file_get_string (key_file, "Kiosk", "Id", NULL);

  /* The file also holds the device token: wipe the copy read here. */
  if (contents != NULL)
    sodium_memzero (contents, length);

  gtk_label_set_label (self->kiosk_id_label, kiosk_id != NULL ? kiosk_id : _ ("Not enrolled yet"));
}

static void
show_panel (WwKioskAdminPage *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "enrolment-file");
  g_autoptr (GFile) file = NULL;

  fill_panel (self);
  gtk_label_set_label (self->kiosk_id_label, _ ("Not enrolled yet"));
  if (g_path_is_absolute (path))
    {
      file = g_file_new_for_path (path);
      g_file_load_contents_async (file, self->cancellable, enrolment_loaded_cb, g_object_ref (self));
    }

  gtk_stack_set_visible_child_name (self->stack, "panel");
}

static void
pin_checked_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WwKioskAdminPage) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok = ww_kiosk_admin_guard_verify_finish (WW_KIOSK_ADMIN_GUARD (object), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->checking = FALSE;
  ww_kiosk_admin_page_clear_pin (self);

  if (ok)
    {
      show_panel (self);
      return;
    }

  if (g_error_matches (error, WW_ERROR, WW_ERROR_PERMISSION_DENIED))
    gtk_stack_set_visible_child_name (self->stack, "disabled");
  else if (g_error_matches (error, WW_ERROR, WW_ERROR_UNAUTHORIZED))
    {
      guint            left = WW_KIOSK_ADMIN_MAX_FAILURES - ww_kiosk_admin_guard_get_failures (self->guard);
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "That PIN is not right. %u try left.",
                                                               "That PIN is not right. %u tries left.", left),
                                                  left);

      gtk_label_set_label (self->message_label, message);
    }

  update_lock (self);
}

static void
enter_digit_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskAdminPage *self = WW_KIOSK_ADMIN_PAGE (widget);
  const char       *digit = g_variant_get_string (parameter, NULL);

  if (self->checking || self->pin_length >= MAX_PIN_LENGTH || !g_ascii_isdigit (digit[0]))
    return;

  self->pin[self->pin_length++] = digit[0];
  self->pin[self->pin_length] = '\0';
  update_dots (self);
}

static void
delete_digit_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskAdminPage *self = WW_KIOSK_ADMIN_PAGE (widget);

  if (self->checking || self->pin_length == 0)
    return;

  self->pin[--self->pin_length] = '\0';
  update_dots (self);
}

static void
check_pin_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  WwKioskAdminPage *self = WW_KIOSK_ADMIN_PAGE (widget);
  g_autofree char  *hash = NULL;

  if (self->checking || self->pin_length == 0)
    return;

  hash = g_settings_get_string (self->settings, "admin-pin-hash");
  self->checking = TRUE;
  gtk_widget_set_sensitive (self->keypad, FALSE);
  gtk_label_set_label (self->message_label, _ ("Checking…"));
  ww_kiosk_admin_guard_verify_async (self->guard, self->pin, hash, self->cancellable, pin_checked_cb,
                                     g_object_ref (self));
  ww_kiosk_admin_page_clear_pin (self);
}

static gboolean
ww_kiosk_admin_page_focus_default (WwKioskPage *page)
{
  WwKioskAdminPage *self = WW_KIOSK_ADMIN_PAGE (page);

  return gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
}

static char *
ww_kiosk_admin_page_get_reading_text (WwKioskPage *page)
{
  return ww_kiosk_page_collect_text (gtk_stack_get_visible_child (WW_KIOSK_ADMIN_PAGE (page)->stack));
}

static void
ww_kiosk_admin_page_page_init (WwKioskPageInterface *iface)
{
  iface->get_reading_text = ww_kiosk_admin_page_get_reading_text;
  iface->focus_default = ww_kiosk_admin_page_focus_default;
}

static void
ww_kiosk_admin_page_constructed (GObject *object)
{
  WwKioskAdminPage *self = WW_KIOSK_ADMIN_PAGE (object);
  g_autofree char  *hash = NULL;

  G_OBJECT_CLASS (ww_kiosk_admin_page_parent_class)->constructed (object);

  /* Keypads are not mirrored in right-to-left languages. */
  gtk_widget_set_direction (self->keypad, GTK_TEXT_DIR_LTR);

  hash = g_settings_get_string (self->settings, "admin-pin-hash");
  gtk_stack_set_visible_child_name (self->stack, *hash == '\0' ? "disabled" : "pin");
  update_dots (self);
  update_lock (self);
}

static void
ww_kiosk_admin_page_dispose (GObject *object)
{
  WwKioskAdminPage *self = WW_KIOSK_ADMIN_PAGE (object);

  ww_kiosk_admin_page_clear_pin (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->lock_timer_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_ADMIN_PAGE);
  /* Template children that no field holds are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->guard);
  g_clear_object (&self->source);
  g_clear_pointer (&self->speech_status, g_free);

  G_OBJECT_CLASS (ww_kiosk_admin_page_parent_class)->dispose (object);
}

static void
ww_kiosk_admin_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskAdminPage *self = WW_KIOSK_ADMIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_GUARD:
      g_value_set_object (value, self->guard);
      break;
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_admin_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskAdminPage *self = WW_KIOSK_ADMIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_GUARD:
      self->guard = g_value_dup_object (value);
      break;
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_admin_page_class_init (WwKioskAdminPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ww_kiosk_admin_page_constructed;
  object_class->dispose = ww_kiosk_admin_page_dispose;
  object_class->get_property = ww_kiosk_admin_page_get_property;
  object_class->set_property = ww_kiosk_admin_page_set_property;

  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GUARD] = g_param_spec_object ("guard", NULL, NULL, WW_TYPE_KIOSK_ADMIN_GUARD,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] = g_param_spec_object ("source", NULL, NULL, WW_TYPE_KIOSK_CATALOG_SOURCE,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "admin.enter-digit", "s", enter_digit_cb);
  gtk_widget_class_install_action (widget_class, "admin.delete-digit", NULL, delete_digit_cb);
  gtk_widget_class_install_action (widget_class, "admin.check-pin", NULL, check_pin_cb);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, dots_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, keypad);
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, kiosk_id_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, version_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, hub_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, catalog_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, speech_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, printer_label);
  gtk_widget_class_bind_template_child (widget_class, WwKioskAdminPage, quit_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "adminpage");
}

static void
ww_kiosk_admin_page_init (WwKioskAdminPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  ww_kiosk_a11y_track_stack (self->stack);
}

GtkWidget *
ww_kiosk_admin_page_new (GSettings *settings, WwKioskAdminGuard *guard, WwKioskCatalogSource *source)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (WW_IS_KIOSK_ADMIN_GUARD (guard), NULL);
  g_return_val_if_fail (WW_IS_KIOSK_CATALOG_SOURCE (source), NULL);

  return g_object_new (WW_TYPE_KIOSK_ADMIN_PAGE, "settings", settings, "guard", guard, "source", source, NULL);
}

/* What the panel says about read-aloud, already translated. The test
 * button next to it reads the panel ("kiosk.read-page"). */
void
ww_kiosk_admin_page_set_speech_status (WwKioskAdminPage *self, const char *status)
{
  g_return_if_fail (WW_IS_KIOSK_ADMIN_PAGE (self));

  g_free (self->speech_status);
  self->speech_status = g_strdup (status);
  if (status != NULL)
    gtk_label_set_label (self->speech_label, status);
}

/* "pin", "panel" or "disabled". */
const char *
ww_kiosk_admin_page_get_view (WwKioskAdminPage *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_ADMIN_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
ww_kiosk_admin_page_clear_pin (WwKioskAdminPage *self)
{
  g_return_if_fail (WW_IS_KIOSK_ADMIN_PAGE (self));

  sodium_memzero (self->pin, sizeof self->pin);
  self->pin_length = 0;
  if (self->dots_label != NULL)
    update_dots (self);
}
