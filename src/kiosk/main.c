/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-kiosk-application.h"

int
main (int argc, char *argv[])
{
  return ww_kiosk_main (argc, argv);
}
