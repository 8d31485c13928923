/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "wegwijs-core.h"

G_BEGIN_DECLS

/* A real demo hub for a test: `wegwijs-hub demo` in a temporary directory,
 * `wegwijs-hub serve` on a free loopback port with the demo CA, and what
 * the demo wrote (the kiosk's enrolment, the volunteers' accounts). Reads
 * $WEGWIJS_HUB, $WW_TEST_CATALOG_DIR and $WW_TEST_UPL. */
typedef struct
{
  char        *dir;
  GSubprocess *process;
  char        *port;
  char        *url;
  /* From the demo's kiosk enrolment and volunteers' accounts, which own
   * them. */
  json_object *enrolment;
  json_object *volunteers;
  const char  *ca_file;
  const char  *kiosk_token;
  const char  *kiosk_id;
  const char  *branch_id;
  const char  *volunteer_user;
  const char  *volunteer_password;
  const char  *admin_user;
  const char  *admin_password;
} HubFixture;

typedef enum
{
  HUB_FIXTURE_DEFAULT = 0,
  /* The queue is open without a volunteer on duty. */
  HUB_FIXTURE_QUEUE_ALWAYS_OPEN = 1 << 0,
  /* No rate limit on tickets: one kiosk may take thousands. */
  HUB_FIXTURE_NO_TICKET_LIMIT = 1 << 1,
} HubFixtureFlags;

HubFixture *hub_fixture_start (const char *name, HubFixtureFlags flags);
void        hub_fixture_serve (HubFixture *self, const char *wanted_port);
void        hub_fixture_stop (HubFixture *self);
void        hub_fixture_free (HubFixture *self);

void         hub_fixture_enrol_kiosk (HubFixture *self, const char *branch_name);
WwHubClient *hub_fixture_new_client (HubFixture *self, const char *token);
WwHubClient *hub_fixture_sign_in_volunteer (HubFixture *self, gboolean on_duty);

GAsyncResult *hub_fixture_wait_for_result (GAsyncResult **slot);
void          hub_fixture_store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data);

G_END_DECLS
