/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-hub-cli.h"

int
main (int argc, char *argv[])
{
  return ww_hub_cli_run (argc, argv);
}
