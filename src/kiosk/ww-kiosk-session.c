/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * One resident's visit: the language they chose, their text size, contrast
 * and speech choices, and everything they typed. The window replaces the
 * whole object when the visit ends, so nothing of one resident can leak to
 * the next: whatever is not in a fresh session is gone.
 *
 * A session reads its starting values from the settings once and never
 * writes them back: a resident's choice is for their own visit only.
 *
 * Typed text lives in GtkEntryBuffers owned here rather than in the entries,
 * so it survives the rebuild of the screens on a language change and is
 * wiped in one place, overwritten before it is let go.
 */

#include "config.h"

#include "ww-kiosk-session.h"

#include "ww-kiosk-enum-types.h"
#include "ww-language.h"

struct _WwKioskSession
{
  GObject parent_instance;

  char           *language;
  WwKioskTextSize text_size;
  gboolean        high_contrast;
  gboolean        speech_enabled;
  WwSpeechRate    speech_rate;
  GtkEntryBuffer *search_buffer;
};

G_DEFINE_FINAL_TYPE (WwKioskSession, ww_kiosk_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LANGUAGE,
  PROP_TEXT_SIZE,
  PROP_HIGH_CONTRAST,
  PROP_SPEECH_ENABLED,
  PROP_SPEECH_RATE,
  PROP_SEARCH_BUFFER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ww_kiosk_session_dispose (GObject *object)
{
  WwKioskSession *self = WW_KIOSK_SESSION (object);

  ww_kiosk_session_wipe (self);
  g_clear_object (&self->search_buffer);

  G_OBJECT_CLASS (ww_kiosk_session_parent_class)->dispose (object);
}

static void
ww_kiosk_session_finalize (GObject *object)
{
  WwKioskSession *self = WW_KIOSK_SESSION (object);

  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (ww_kiosk_session_parent_class)->finalize (object);
}

static void
ww_kiosk_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskSession *self = WW_KIOSK_SESSION (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_TEXT_SIZE:
      g_value_set_enum (value, self->text_size);
      break;
    case PROP_HIGH_CONTRAST:
      g_value_set_boolean (value, self->high_contrast);
      break;
    case PROP_SPEECH_ENABLED:
      g_value_set_boolean (value, self->speech_enabled);
      break;
    case PROP_SPEECH_RATE:
      g_value_set_enum (value, self->speech_rate);
      break;
    case PROP_SEARCH_BUFFER:
      g_value_set_object (value, self->search_buffer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_session_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskSession *self = WW_KIOSK_SESSION (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      ww_kiosk_session_set_language (self, g_value_get_string (value));
      break;
    case PROP_TEXT_SIZE:
      ww_kiosk_session_set_text_size (self, g_value_get_enum (value));
      break;
    case PROP_HIGH_CONTRAST:
      ww_kiosk_session_set_high_contrast (self, g_value_get_boolean (value));
      break;
    case PROP_SPEECH_ENABLED:
      ww_kiosk_session_set_speech_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_SPEECH_RATE:
      ww_kiosk_session_set_speech_rate (self, g_value_get_enum (value));
      break;
    case PROP_SEARCH_BUFFER:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_session_class_init (WwKioskSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ww_kiosk_session_dispose;
  object_class->finalize = ww_kiosk_session_finalize;
  object_class->get_property = ww_kiosk_session_get_property;
  object_class->set_property = ww_kiosk_session_set_property;

  /**
   * WwKioskSession:language:
   *
   * The language of the visit, one of ww_language_get_all().
   */
  properties[PROP_LANGUAGE] = g_param_spec_string (
      "language", NULL, NULL, "nl", G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TEXT_SIZE] =
      g_param_spec_enum ("text-size", NULL, NULL, WW_TYPE_KIOSK_TEXT_SIZE, WW_KIOSK_TEXT_SIZE_NORMAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HIGH_CONTRAST] = g_param_spec_boolean (
      "high-contrast", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskSession:speech-enabled:
   *
   * Whether the resident wants pages read aloud. Only a wish: the window
   * knows whether a speaker exists.
   */
  properties[PROP_SPEECH_ENABLED] = g_param_spec_boolean (
      "speech-enabled", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskSession:speech-rate:
   *
   * How fast the resident wants to hear the kiosk speak.
   */
  properties[PROP_SPEECH_RATE] =
      g_param_spec_enum ("speech-rate", NULL, NULL, WW_TYPE_SPEECH_RATE, WW_SPEECH_RATE_NORMAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SEARCH_BUFFER] = g_param_spec_object ("search-buffer", NULL, NULL, GTK_TYPE_ENTRY_BUFFER,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_kiosk_session_init (WwKioskSession *self)
{
  self->language = g_strdup ("nl");
  self->speech_rate = WW_SPEECH_RATE_NORMAL;
  self->search_buffer = gtk_entry_buffer_new (NULL, 0);
  /* A search query is short; a limit keeps a stuck key from filling memory. */
  gtk_entry_buffer_set_max_length (self->search_buffer, 100);
}

/* A fresh visit with the starting values of @settings (the nl.wegwijs.Kiosk
 * schema). */
WwKioskSession *
ww_kiosk_session_new (GSettings *settings)
{
  g_autofree char *language = NULL;
  g_auto (GStrv) offered = NULL;
  WwKioskSession *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  language = g_settings_get_string (settings, "default-language");
  offered = g_settings_get_strv (settings, "languages");
  if (offered[0] != NULL && !g_strv_contains ((const char *const *)offered, language))
    {
      g_free (language);
      language = g_strdup (offered[0]);
    }
  if (!ww_language_is_known (language))
    {
      g_free (language);
      language = g_strdup ("nl");
    }

  self = g_object_new (WW_TYPE_KIOSK_SESSION, "language", language, "text-size",
                       g_settings_get_enum (settings, "text-size"), "high-contrast",
                       g_settings_get_boolean (settings, "high-contrast"), "speech-enabled",
                       g_settings_get_boolean (settings, "speech-enabled-by-default"), "speech-rate",
                       g_settings_get_enum (settings, "speech-rate"), NULL);

  return self;
}

const char *
ww_kiosk_session_get_language (WwKioskSession *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SESSION (self), NULL);

  return self->language;
}

void
ww_kiosk_session_set_language (WwKioskSession *self, const char *language)
{
  g_return_if_fail (WW_IS_KIOSK_SESSION (self));
  g_return_if_fail (ww_language_is_known (language));

  if (g_strcmp0 (self->language, language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

WwKioskTextSize
ww_kiosk_session_get_text_size (WwKioskSession *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SESSION (self), WW_KIOSK_TEXT_SIZE_NORMAL);

  return self->text_size;
}

void
ww_kiosk_session_set_text_size (WwKioskSession *self, WwKioskTextSize text_size)
{
  g_return_if_fail (WW_IS_KIOSK_SESSION (self));
  g_return_if_fail (text_size <= WW_KIOSK_TEXT_SIZE_LARGER);

  if (self->text_size == text_size)
    return;

  self->text_size = text_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SIZE]);
}

gboolean
ww_kiosk_session_get_high_contrast (WwKioskSession *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SESSION (self), FALSE);

  return self->high_contrast;
}

void
ww_kiosk_session_set_high_contrast (WwKioskSession *self, gboolean high_contrast)
{
  g_return_if_fail (WW_IS_KIOSK_SESSION (self));

  high_contrast = !!high_contrast;
  if (self->high_contrast == high_contrast)
    return;

  self->high_contrast = high_contrast;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGH_CONTRAST]);
}

gboolean
ww_kiosk_session_get_speech_enabled (WwKioskSession *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SESSION (self), FALSE);

  return self->speech_enabled;
}

void
ww_kiosk_session_set_speech_enabled (WwKioskSession *self, gboolean speech_enabled)
{
  g_return_if_fail (WW_IS_KIOSK_SESSION (self));

  speech_enabled = !!speech_enabled;
  if (self->speech_enabled == speech_enabled)
    return;

  self->speech_enabled = speech_enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEECH_ENABLED]);
}

WwSpeechRate
ww_kiosk_session_get_speech_rate (WwKioskSession *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SESSION (self), WW_SPEECH_RATE_NORMAL);

  return self->speech_rate;
}

void
ww_kiosk_session_set_speech_rate (WwKioskSession *self, WwSpeechRate speech_rate)
{
  g_return_if_fail (WW_IS_KIOSK_SESSION (self));
  g_return_if_fail (speech_rate <= WW_SPEECH_RATE_FAST);

  if (self->speech_rate == speech_rate)
    return;

  self->speech_rate = speech_rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEECH_RATE]);
}

/* The text of the service search. Entries show this buffer; they never own
 * typed text themselves. */
GtkEntryBuffer *
ww_kiosk_session_get_search_buffer (WwKioskSession *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_SESSION (self), NULL);

  return self->search_buffer;
}

/* Empties every buffer of typed text. The session stays usable. */
void
ww_kiosk_session_wipe (WwKioskSession *self)
{
  gsize bytes;

  g_return_if_fail (WW_IS_KIOSK_SESSION (self));

  if (self->search_buffer == NULL)
    return;

  /* Write over the typed bytes in place, then drop them: deleting alone
   * would leave them in the buffer's memory. */
  bytes = gtk_entry_buffer_get_bytes (self->search_buffer);
  if (bytes > 0)
    {
      g_autofree char *blank = g_strnfill (bytes, ' ');
      int              max_length = gtk_entry_buffer_get_max_length (self->search_buffer);

      /* As many spaces as there were bytes: more characters than allowed. */
      gtk_entry_buffer_set_max_length (self->search_buffer, 0);
      gtk_entry_buffer_set_text (self->search_buffer, blank, -1);
      gtk_entry_buffer_set_max_length (self->search_buffer, max_length);
    }
  gtk_entry_buffer_delete_text (self->search_buffer, 0, -1);
}
