/* SPDX-License-Identifier: EUPL-1.2 */

/* Outside JSON, as every reader of hub answers, requests and catalogues
 * gets it: must never crash, leak or accept what RFC 8259 does not. */

#include "config.h"

#include "wegwijs-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (json_object) value = ww_json_parse ((const char *)data, size, WW_JSON_MAX_DEPTH, &error);

  /* Exactly one of the two, always. */
  g_assert ((value == NULL) != (error == NULL));
  if (value != NULL)
    {
      /* What we accepted must be valid JSON to json-c too, and re-readable. */
      const char *again = json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN);
      g_autoptr (json_object) reparsed = ww_json_parse (again, strlen (again), WW_JSON_MAX_DEPTH + 1, NULL);
      g_assert (reparsed != NULL || json_object_get_type (value) == json_type_null);
    }

  return 0;
}
