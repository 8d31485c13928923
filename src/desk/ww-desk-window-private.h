/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

/* For the tests: a look inside the window without poking at its widgets. */

#include "ww-desk-help.h"
#include "ww-desk-notifier.h"
#include "ww-desk-session.h"
#include "ww-desk-stats.h"
#include "ww-desk-window.h"

G_BEGIN_DECLS

WwDeskSession    *_ww_desk_window_get_session (WwDeskWindow *self);
WwDeskNotifier   *_ww_desk_window_get_notifier (WwDeskWindow *self);
WwDeskStats      *_ww_desk_window_get_stats (WwDeskWindow *self);
void              _ww_desk_window_fill_sign_in (WwDeskWindow *self, const char *username, const char *password);
guint             _ww_desk_window_get_n_tables (WwDeskWindow *self);
const char       *_ww_desk_window_get_last_toast (WwDeskWindow *self);
const char       *_ww_desk_window_get_alert (WwDeskWindow *self);
const char       *_ww_desk_window_get_sign_in_error (WwDeskWindow *self);
const char       *_ww_desk_window_get_page (WwDeskWindow *self);
void              _ww_desk_window_show_view (WwDeskWindow *self, const char *name);
gboolean          _ww_desk_window_get_offline_shown (WwDeskWindow *self);
const char       *_ww_desk_window_get_place (WwDeskWindow *self);
AdwMessageDialog *_ww_desk_window_get_expired_dialog (WwDeskWindow *self);
void              _ww_desk_window_answer_expired_dialog (WwDeskWindow *self, const char *password);

WwDeskHelp       *_ww_desk_window_get_help (WwDeskWindow *self);
void              _ww_desk_window_set_duty_switch (WwDeskWindow *self, gboolean active);
AdwMessageDialog *_ww_desk_window_get_duty_dialog (WwDeskWindow *self);
void              _ww_desk_window_answer_duty_dialog (WwDeskWindow *self, const char *response);
AdwMessageDialog *_ww_desk_window_get_outcome_dialog (WwDeskWindow *self);
void              _ww_desk_window_answer_outcome_dialog (WwDeskWindow *self, const char *response);
void              _ww_desk_window_check_long_waits (WwDeskWindow *self, GDateTime *now);

G_END_DECLS
