/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * A QR code of a web address, so a resident continues on their own phone:
 * the kiosk itself never opens a browser. Drawn black on white with the
 * four-module quiet zone the standard asks for, whatever the theme, since
 * phone cameras read dark-on-light best.
 */

#include "config.h"

#include "ww-kiosk-qr-code.h"

#include <qrencode.h>

#define QUIET_ZONE 4
#define MODULE_SIZE 7

struct _WwKioskQrCode
{
  GtkWidget parent_instance;

  char   *text;
  QRcode *code;
};

G_DEFINE_FINAL_TYPE (WwKioskQrCode, ww_kiosk_qr_code, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
get_side (WwKioskQrCode *self)
{
  int modules = self->code != NULL ? self->code->width : 21;

  return (modules + 2 * QUIET_ZONE) * MODULE_SIZE;
}

static void
ww_kiosk_qr_code_measure (GtkWidget     *widget,
                          GtkOrientation orientation,
                          int            for_size,
                          int           *minimum,
                          int           *natural,
                          int           *minimum_baseline,
                          int           *natural_baseline)
{
  *minimum = *natural = get_side (WW_KIOSK_QR_CODE (widget));
}

static void
ww_kiosk_qr_code_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  WwKioskQrCode *self = WW_KIOSK_QR_CODE (widget);
  const GdkRGBA  white = { 1, 1, 1, 1 };
  const GdkRGBA  black = { 0, 0, 0, 1 };
  int            width = gtk_widget_get_width (widget);
  int            height = gtk_widget_get_height (widget);
  int            side = MIN (width, height);
  float          module;
  float          x0;
  float          y0;

  if (self->code == NULL || side <= 0)
    return;

  module = (float)side / (self->code->width + 2 * QUIET_ZONE);
  x0 = (width - side) / 2.0f;
  y0 = (height - side) / 2.0f;

  gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (x0, y0, side, side));

  for (int y = 0; y < self->code->width; y++)
    for (int x = 0; x < self->code->width; x++)
      if (self->code->data[y * self->code->width + x] & 1)
        gtk_snapshot_append_color (
            snapshot, &black,
            &GRAPHENE_RECT_INIT (x0 + (x + QUIET_ZONE) * module, y0 + (y + QUIET_ZONE) * module, module, module));
}

static void
ww_kiosk_qr_code_finalize (GObject *object)
{
  WwKioskQrCode *self = WW_KIOSK_QR_CODE (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->code, QRcode_free);

  G_OBJECT_CLASS (ww_kiosk_qr_code_parent_class)->finalize (object);
}

static void
ww_kiosk_qr_code_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskQrCode *self = WW_KIOSK_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_qr_code_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskQrCode *self = WW_KIOSK_QR_CODE (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      ww_kiosk_qr_code_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_qr_code_class_init (WwKioskQrCodeClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ww_kiosk_qr_code_finalize;
  object_class->get_property = ww_kiosk_qr_code_get_property;
  object_class->set_property = ww_kiosk_qr_code_set_property;

  widget_class->measure = ww_kiosk_qr_code_measure;
  widget_class->snapshot = ww_kiosk_qr_code_snapshot;

  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ww_kiosk_qr_code_init (WwKioskQrCode *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "ww-qr");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
ww_kiosk_qr_code_new (void)
{
  return g_object_new (WW_TYPE_KIOSK_QR_CODE, NULL);
}

const char *
ww_kiosk_qr_code_get_text (WwKioskQrCode *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_QR_CODE (self), NULL);

  return self->text;
}

void
ww_kiosk_qr_code_set_text (WwKioskQrCode *self, const char *text)
{
  g_return_if_fail (WW_IS_KIOSK_QR_CODE (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->code, QRcode_free);

  /* Level M survives a smudged or slightly bent screen photo. */
  if (text != NULL && *text != '\0')
    self->code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);

  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/* Modules on a side, without the quiet zone; 0 without a code. */
guint
ww_kiosk_qr_code_get_modules (WwKioskQrCode *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_QR_CODE (self), 0);

  return self->code != NULL ? (guint)self->code->width : 0;
}
