/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "wegwijs-core.h"

static void
test_upl_shipped (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (g_getenv ("WW_TEST_UPL"));
  g_autoptr (WwUpl) upl = ww_upl_new_from_file (file, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ww_upl_get_n_products (upl), ==, 1140);
  g_assert_cmpstr (ww_upl_lookup_name (upl, "http://standaarden.overheid.nl/owms/terms/paspoort"), ==, "paspoort");
  g_assert_null (ww_upl_lookup_name (upl, "http://standaarden.overheid.nl/owms/terms/vliegende-schotel"));
  g_assert_null (ww_upl_lookup_name (upl, "paspoort"));
  g_assert_finalize_object (g_steal_pointer (&upl));
}

static void
test_upl_bad (void)
{
  static const struct
  {
    const char *data;
    const char *message;
  } cases[] = {
    { "", "header" },
    { "url,title\nhttp://standaarden.overheid.nl/owms/terms/a,a\n", "header" },
    { "uri,name\nhttp://standaarden.overheid.nl/owms/terms/a\n", "line 2: expected two columns" },
    { "uri,name\nhttp://standaarden.overheid.nl/owms/terms/a,a,b\n", "line 2" },
    { "uri,name\nhttps://example.org/a,a\n", "not a UPL URI" },
    { "uri,name\n\n", "no products" },
    { "uri,name\nhttp://standaarden.overheid.nl/owms/terms/a,\xff\n", "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (WwUpl) upl = ww_upl_new_from_data (cases[i].data, strlen (cases[i].data), &error);

      g_assert_null (upl);
      g_assert_error (error, WW_ERROR, WW_ERROR_INVALID_DATA);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message, cases[i].message);
    }
}

static void
test_upl_crlf (void)
{
  const char *data = "uri,name\r\nhttp://standaarden.overheid.nl/owms/terms/afvalpas,afvalpas\r\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (WwUpl) upl = ww_upl_new_from_data (data, strlen (data), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ww_upl_lookup_name (upl, "http://standaarden.overheid.nl/owms/terms/afvalpas"), ==, "afvalpas");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/upl/shipped", test_upl_shipped);
  g_test_add_func ("/upl/bad", test_upl_bad);
  g_test_add_func ("/upl/crlf", test_upl_crlf);

  return g_test_run ();
}
