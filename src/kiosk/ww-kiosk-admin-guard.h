/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WW_TYPE_KIOSK_ADMIN_GUARD (ww_kiosk_admin_guard_get_type ())

/* Wrong PINs in a row before the admin screen locks, and for how long. */
#define WW_KIOSK_ADMIN_MAX_FAILURES 5
#define WW_KIOSK_ADMIN_LOCK_SECONDS (5 * 60)

G_DECLARE_FINAL_TYPE (WwKioskAdminGuard, ww_kiosk_admin_guard, WW, KIOSK_ADMIN_GUARD, GObject)

WwKioskAdminGuard *ww_kiosk_admin_guard_new (void);
void               ww_kiosk_admin_guard_verify_async (WwKioskAdminGuard  *self,
                                                      const char         *pin,
                                                      const char         *pin_hash,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean           ww_kiosk_admin_guard_verify_finish (WwKioskAdminGuard *self, GAsyncResult *result, GError **error);
guint              ww_kiosk_admin_guard_get_failures (WwKioskAdminGuard *self);
guint              ww_kiosk_admin_guard_get_lock_remaining (WwKioskAdminGuard *self);

G_END_DECLS
