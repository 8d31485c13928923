/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-desk-application.h"

int
main (int argc, char *argv[])
{
  return ww_desk_main (argc, argv);
}
