/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ww-kiosk-admin-guard.h"
#include "ww-kiosk-catalog-source.h"
#include "ww-kiosk-enums.h"
#include "ww-kiosk-idle-monitor.h"
#include "ww-kiosk-session.h"

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_PLACE (ww_kiosk_place_get_type ())

/**
 * WwKioskPlace:
 * @screen: the screen shown
 * @return_screen: where Back leads from the language, help and admin screens
 * @category_id: (nullable): the category open on the category screen
 * @service_id: (nullable): the service open in the guide
 * @position: where the guide stands (see WwKioskServicePage:position)
 *
 * Where a resident is, so that the screens can be rebuilt (in another
 * language, or for a newer catalogue) and put them back in the same place.
 */
typedef struct
{
  WwKioskScreen screen;
  WwKioskScreen return_screen;
  char         *category_id;
  char         *service_id;
  guint         position;
} WwKioskPlace;

GType         ww_kiosk_place_get_type (void) G_GNUC_CONST;
WwKioskPlace *ww_kiosk_place_copy (const WwKioskPlace *self);
void          ww_kiosk_place_free (WwKioskPlace *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WwKioskPlace, ww_kiosk_place_free)

#define WW_TYPE_KIOSK_SHELL (ww_kiosk_shell_get_type ())

G_DECLARE_FINAL_TYPE (WwKioskShell, ww_kiosk_shell, WW, KIOSK_SHELL, GtkWidget)

GtkWidget    *ww_kiosk_shell_new (WwKioskSession       *session,
                                  WwKioskCatalogSource *catalog_source,
                                  GSettings            *settings,
                                  WwKioskAdminGuard    *admin_guard,
                                  WwKioskIdleMonitor   *idle_monitor);
WwKioskScreen ww_kiosk_shell_get_screen (WwKioskShell *self);
WwKioskPlace *ww_kiosk_shell_dup_place (WwKioskShell *self);
void          ww_kiosk_shell_restore_place (WwKioskShell *self, const WwKioskPlace *place);
gboolean      ww_kiosk_shell_focus_page (WwKioskShell *self);
GtkWidget    *ww_kiosk_shell_get_page (WwKioskShell *self);
char         *ww_kiosk_shell_get_reading_text (WwKioskShell *self);
char         *ww_kiosk_shell_get_idle_warning_text (WwKioskShell *self);
void          ww_kiosk_shell_set_speech_unavailable_reason (WwKioskShell *self, const char *reason);

G_END_DECLS
