/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "ww-speaker-app.h"

int
main (int argc, char **argv)
{
  return ww_speaker_app_run (argc, argv);
}
