/* SPDX-License-Identifier: EUPL-1.2 */

/* A WwHttpClient loads libcurl on first use, not when it is created: the
 * kiosk creates its client before the first frame and must not pay for
 * libcurl and its ~25 libraries there. */

#include "config.h"

#include "wegwijs-core.h"

static gboolean
libcurl_mapped (void)
{
  g_autofree char *maps = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents ("/proc/self/maps", &maps, NULL, &error);
  g_assert_no_error (error);
  return strstr (maps, WW_CURL_SONAME) != NULL;
}

static void
test_loaded_on_first_use (void)
{
  g_autoptr (WwHttpClient) client = NULL;
  g_autofree char *expected = g_strdup_printf ("Wegwijs/%s libcurl/", PACKAGE_VERSION);

  g_assert_false (libcurl_mapped ());
  client = ww_http_client_new ();
  ww_http_client_set_timeout_ms (client, 5000);
  g_assert_false (libcurl_mapped ());

  /* The user agent names the libcurl version, so asking for it loads it. */
  g_assert_true (g_str_has_prefix (ww_http_client_get_user_agent (client), expected));
  g_assert_true (libcurl_mapped ());
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/http-client/libcurl-loaded-on-first-use", test_loaded_on_first_use);

  return g_test_run ();
}
