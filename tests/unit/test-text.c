/* SPDX-License-Identifier: EUPL-1.2 */

#include "config.h"

#include "wegwijs-core.h"

static void
test_text_fallback (void)
{
  g_autoptr (WwText) text = ww_text_new ();

  ww_text_set (text, "en", "Passport");
  g_assert_cmpstr (ww_text_get (text, "ar"), ==, "Passport");

  ww_text_set (text, "nl", "Paspoort");
  g_assert_cmpstr (ww_text_get (text, "ar"), ==, "Paspoort");
  g_assert_cmpstr (ww_text_get (text, "en"), ==, "Passport");
  g_assert_cmpstr (ww_text_get (text, "xx"), ==, "Paspoort");

  ww_text_set (text, "ar", "جواز السفر");
  g_assert_cmpstr (ww_text_get (text, "ar"), ==, "جواز السفر");
  g_assert_null (ww_text_lookup (text, "uk"));
  g_assert_cmpstr (ww_text_lookup (text, "ar"), ==, "جواز السفر");
}

static void
test_text_empty (void)
{
  g_autoptr (WwText) text = ww_text_new ();

  /* Never NULL: a label bound to it must not crash on a sparse text. */
  g_assert_cmpstr (ww_text_get (text, "nl"), ==, "");
}

static void
test_text_boxed (void)
{
  g_autoptr (WwText) text = ww_text_new ();
  WwText *copy;

  ww_text_set (text, "nl", "Afvalpas");
  copy = g_boxed_copy (WW_TYPE_TEXT, text);
  g_assert_true (copy == text);
  g_boxed_free (WW_TYPE_TEXT, copy);
  g_assert_cmpstr (ww_text_get (text, "nl"), ==, "Afvalpas");
}

static void
test_languages (void)
{
  const char *const *all = ww_language_get_all ();

  g_assert_cmpuint (g_strv_length ((char **)all), ==, WW_N_LANGUAGES);
  g_assert_cmpstr (all[0], ==, "nl");
  g_assert_true (ww_language_is_known ("uk"));
  g_assert_false (ww_language_is_known ("de"));
  g_assert_false (ww_language_is_known (NULL));
  g_assert_true (ww_language_is_rtl ("ar"));
  g_assert_false (ww_language_is_rtl ("nl"));
  g_assert_cmpstr (ww_language_get_native_name ("uk"), ==, "Українська");
  g_assert_cmpstr (ww_language_get_native_name ("ar"), ==, "العربية");
}

static void
test_enums (void)
{
  WwChannel   channel;
  WwHelpTopic topic;

  g_assert_true (ww_channel_from_string ("appointment", &channel));
  g_assert_cmpint (channel, ==, WW_CHANNEL_APPOINTMENT);
  g_assert_false (ww_channel_from_string ("APPOINTMENT", &channel));
  g_assert_false (ww_channel_from_string (NULL, &channel));
  g_assert_cmpstr (ww_channel_to_string (WW_CHANNEL_VOLUNTEER), ==, "volunteer");

  g_assert_true (ww_help_topic_from_string ("money", &topic));
  g_assert_cmpint (topic, ==, WW_HELP_TOPIC_MONEY);
  g_assert_cmpstr (ww_help_topic_to_string (WW_HELP_TOPIC_DEVICE), ==, "device");
  g_assert_false (ww_help_topic_from_string ("taxes", &topic));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fallback", test_text_fallback);
  g_test_add_func ("/text/empty", test_text_empty);
  g_test_add_func ("/text/boxed", test_text_boxed);
  g_test_add_func ("/language/table", test_languages);
  g_test_add_func ("/enums/nicks", test_enums);

  return g_test_run ();
}
