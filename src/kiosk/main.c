/* SPDX-License-Identifier: EUPL-1.2 */

#include <stdio.h>

/* wegwijs-kiosk is built by a later issue; until then it does nothing but say so. */
int
main (void)
{
  fprintf (stderr, "wegwijs-kiosk: this program is not built yet.\n");
  return 1;
}
