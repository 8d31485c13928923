/* SPDX-License-Identifier: EUPL-1.2 */

/* The hub's answers as the clients decode them: tickets, catalogue objects
 * in one language, sessions, kiosks, statistics, desks. The first byte
 * picks the decoder, so one corpus covers them all. */

#include "config.h"

#include "wegwijs-core.h"
#include "ww-hub-client-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (json_object) root = NULL;
  g_autoptr (GError) error = NULL;
  const char *language;

  if (size < 1)
    return 0;

  language = ww_language_get_all ()[data[0] % WW_N_LANGUAGES];
  root = ww_json_parse ((const char *)data + 1, size - 1, WW_JSON_MAX_DEPTH, NULL);
  if (root == NULL)
    return 0;

  switch (data[0] % 7)
    {
    case 0:
      {
        g_autoptr (WwTicket) ticket = ww_ticket_new_from_json (root, &error);
        if (ticket != NULL)
          {
            /* What decoded must encode again. */
            g_autoptr (json_object) again = ww_ticket_to_json (ticket, TRUE);
            g_assert (again != NULL);
          }
        break;
      }
    case 1:
      {
        g_autoptr (WwService) service = _ww_hub_client_parse_service (root, language, &error);
        g_assert ((service == NULL) == (error != NULL));
        break;
      }
    case 2:
      {
        g_autoptr (WwCategory) category = _ww_hub_client_parse_category (root, language, &error);
        g_assert ((category == NULL) == (error != NULL));
        break;
      }
    case 3:
      ww_hub_session_free (ww_hub_session_new_from_json (root, &error));
      break;
    case 4:
      ww_kiosk_status_free (ww_kiosk_status_new_from_json (root, &error));
      break;
    case 5:
      ww_stats_row_free (ww_stats_row_new_from_json (root, &error));
      break;
    default:
      ww_desk_free (ww_desk_new_from_json (root, &error));
      break;
    }

  return 0;
}
