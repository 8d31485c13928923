/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * "A-042 — please go to table 2": a band across the top of the kiosk when
 * a volunteer calls a ticket of this kiosk, with a chime. It lies over
 * whatever is on screen and leaves it alone: the resident who is using the
 * kiosk now keeps their place and what they typed. It goes after a minute;
 * a second call puts the newest number up.
 */

#include "config.h"

#include "ww-kiosk-call-banner.h"

#include "ww-kiosk-a11y.h"

#define SHOW_SECONDS 60

struct _WwKioskCallBanner
{
  GtkWidget parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *message_label;

  WwKioskHelpQueue *queue;
  WwTicket         *ticket;
  GtkMediaStream   *chime;
  guint             hide_id;
  guint             n_chimes;
};

G_DEFINE_FINAL_TYPE (WwKioskCallBanner, ww_kiosk_call_banner, GTK_TYPE_WIDGET)

static void
play_chime (WwKioskCallBanner *self)
{
  self->n_chimes++;
  if (self->chime == NULL)
    self->chime = gtk_media_file_new_for_resource ("/nl/wegwijs/Kiosk/sounds/chime.wav");
  gtk_media_stream_seek (self->chime, 0);
  gtk_media_stream_play (self->chime);
}

static gboolean
hide_due_cb (gpointer user_data)
{
  WwKioskCallBanner *self = user_data;

  self->hide_id = 0;
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  g_clear_object (&self->ticket);
  return G_SOURCE_REMOVE;
}

static void
ticket_called_cb (WwKioskHelpQueue *queue, WwTicket *ticket, WwKioskCallBanner *self)
{
  g_autofree char *text = ww_kiosk_help_queue_format_call (ticket);

  /* Kept to say it again in another language (see update_language). */
  g_set_object (&self->ticket, ticket);
  gtk_label_set_label (self->message_label, text);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  g_clear_handle_id (&self->hide_id, g_source_remove);
  self->hide_id = g_timeout_add_seconds (SHOW_SECONDS, hide_due_cb, self);
  play_chime (self);
  ww_kiosk_help_queue_speak (queue, text);
}

static void
ww_kiosk_call_banner_dispose (GObject *object)
{
  WwKioskCallBanner *self = WW_KIOSK_CALL_BANNER (object);

  g_clear_handle_id (&self->hide_id, g_source_remove);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_object (&self->ticket);
  if (self->chime != NULL)
    gtk_media_stream_pause (self->chime);
  g_clear_object (&self->chime);
  gtk_widget_dispose_template (GTK_WIDGET (object), WW_TYPE_KIOSK_CALL_BANNER);

  G_OBJECT_CLASS (ww_kiosk_call_banner_parent_class)->dispose (object);
}

static void
ww_kiosk_call_banner_class_init (WwKioskCallBannerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ww_kiosk_call_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/wegwijs/Kiosk/ui/ww-kiosk-call-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, WwKioskCallBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, WwKioskCallBanner, message_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "callbanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
ww_kiosk_call_banner_init (WwKioskCallBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ww_kiosk_a11y_track_revealer (self->revealer);
}

void
ww_kiosk_call_banner_set_queue (WwKioskCallBanner *self, WwKioskHelpQueue *queue)
{
  g_return_if_fail (WW_IS_KIOSK_CALL_BANNER (self));
  g_return_if_fail (queue == NULL || WW_IS_KIOSK_HELP_QUEUE (queue));

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_set_object (&self->queue, queue);
  if (queue != NULL)
    g_signal_connect (queue, "called", G_CALLBACK (ticket_called_cb), self);
}

/* The window changed the interface language: the number on the banner
 * stays, the words follow, without another chime. */
void
ww_kiosk_call_banner_update_language (WwKioskCallBanner *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (WW_IS_KIOSK_CALL_BANNER (self));

  if (self->ticket == NULL)
    return;

  text = ww_kiosk_help_queue_format_call (self->ticket);
  gtk_label_set_label (self->message_label, text);
}

gboolean
ww_kiosk_call_banner_get_revealed (WwKioskCallBanner *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_CALL_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
ww_kiosk_call_banner_get_text (WwKioskCallBanner *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_CALL_BANNER (self), NULL);
  return gtk_label_get_label (self->message_label);
}

/* How often the chime was started (a test cannot hear it). */
guint
ww_kiosk_call_banner_get_n_chimes (WwKioskCallBanner *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_CALL_BANNER (self), 0);
  return self->n_chimes;
}
