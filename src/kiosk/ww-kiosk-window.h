/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "ww-kiosk-admin-guard.h"
#include "ww-kiosk-catalog-source.h"
#include "ww-kiosk-help-queue.h"
#include "ww-kiosk-idle-monitor.h"
#include "ww-kiosk-printer.h"
#include "ww-kiosk-session.h"
#include "ww-speaker-client.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_WINDOW (ww_kiosk_window_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskWindow, ww_kiosk_window, WW, KIOSK_WINDOW, AdwApplicationWindow)

WwKioskWindow *ww_kiosk_window_new (GtkApplication       *application,
                                    GSettings            *settings,
                                    WwKioskCatalogSource *catalog_source,
                                    WwKioskAdminGuard    *admin_guard);
void ww_kiosk_window_set_help_queue (WwKioskWindow *self, WwKioskHelpQueue *help_queue, WwKioskPrinter *printer);
WwKioskHelpQueue   *ww_kiosk_window_get_help_queue (WwKioskWindow *self);
WwKioskPrinter     *ww_kiosk_window_get_printer (WwKioskWindow *self);
WwKioskSession     *ww_kiosk_window_get_session (WwKioskWindow *self);
WwKioskIdleMonitor *ww_kiosk_window_get_idle_monitor (WwKioskWindow *self);
void                ww_kiosk_window_end_visit (WwKioskWindow *self);
gboolean            ww_kiosk_window_get_speech_available (WwKioskWindow *self);
void                ww_kiosk_window_set_speech_available (WwKioskWindow *self, gboolean speech_available);
char               *ww_kiosk_window_get_reading_text (WwKioskWindow *self);
void                ww_kiosk_window_set_speaker (WwKioskWindow *self, WwSpeakerClient *client);
gboolean            ww_kiosk_window_speak (WwKioskWindow *self, const char *text);

G_END_DECLS
