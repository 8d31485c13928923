/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-kiosk-enums.h"
#include "ww-speaker-client.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_SESSION (ww_kiosk_session_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskSession, ww_kiosk_session, WW, KIOSK_SESSION, GObject)

WwKioskSession *ww_kiosk_session_new (GSettings *settings);
const char     *ww_kiosk_session_get_language (WwKioskSession *self);
void            ww_kiosk_session_set_language (WwKioskSession *self, const char *language);
WwKioskTextSize ww_kiosk_session_get_text_size (WwKioskSession *self);
void            ww_kiosk_session_set_text_size (WwKioskSession *self, WwKioskTextSize text_size);
gboolean        ww_kiosk_session_get_high_contrast (WwKioskSession *self);
void            ww_kiosk_session_set_high_contrast (WwKioskSession *self, gboolean high_contrast);
gboolean        ww_kiosk_session_get_speech_enabled (WwKioskSession *self);
void            ww_kiosk_session_set_speech_enabled (WwKioskSession *self, gboolean speech_enabled);
WwSpeechRate    ww_kiosk_session_get_speech_rate (WwKioskSession *self);
void            ww_kiosk_session_set_speech_rate (WwKioskSession *self, WwSpeechRate speech_rate);
GtkEntryBuffer *ww_kiosk_session_get_search_buffer (WwKioskSession *self);
void            ww_kiosk_session_wipe (WwKioskSession *self);

G_END_DECLS
