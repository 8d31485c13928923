/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-speaker-client.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_READER (ww_kiosk_reader_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskReader, ww_kiosk_reader, WW, KIOSK_READER, GObject)

WwKioskReader   *ww_kiosk_reader_new (WwSpeakerClient *client);
WwSpeakerClient *ww_kiosk_reader_get_client (WwKioskReader *self);
const char      *ww_kiosk_reader_get_language (WwKioskReader *self);
void             ww_kiosk_reader_set_language (WwKioskReader *self, const char *language);
WwSpeechRate     ww_kiosk_reader_get_rate (WwKioskReader *self);
void             ww_kiosk_reader_set_rate (WwKioskReader *self, WwSpeechRate rate);
gboolean         ww_kiosk_reader_get_available (WwKioskReader *self);
const char      *ww_kiosk_reader_get_unavailable_reason (WwKioskReader *self);
gboolean         ww_kiosk_reader_get_reading (WwKioskReader *self);
void             ww_kiosk_reader_read (WwKioskReader *self, GtkWidget *page, const char *text);
void             ww_kiosk_reader_speak (WwKioskReader *self, const char *text);
void             ww_kiosk_reader_stop (WwKioskReader *self);
const char      *ww_kiosk_reader_get_rate_label (WwSpeechRate rate);

G_END_DECLS
