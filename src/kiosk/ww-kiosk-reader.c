/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Reads screens aloud through a WwSpeakerClient and shows where it is: the
 * word being spoken is highlighted in the label it came from.
 *
 * A screen is read label by label, one utterance each, so that the word
 * positions the speaker reports (bytes of the text given to speak()) are
 * positions in one label's text, which is what Pango attributes take. A
 * few utterances are queued ahead so that there is no gap between labels;
 * the rest follow as earlier ones finish.
 *
 * Only text that is on screen as catalogue or interface text reaches the
 * speaker: the window hands over page text and fixed strings, never the
 * contents of an entry. Nothing spoken is logged.
 */

#include "config.h"

#include "ww-kiosk-reader.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ww-kiosk-page.h"
#include "ww-language.h"

/* Utterances handed to the speaker ahead of the one being spoken. */
#define READ_AHEAD 3

typedef struct
{
  GWeakRef label;
  char    *text;
  guint    id;
} Segment;

struct _WwKioskReader
{
  GObject parent_instance;

  WwSpeakerClient *client;
  char            *language;
  WwSpeechRate     rate;
  gboolean         available;

  /* The screen being read, label by label. */
  GPtrArray *segments;
  guint      next_segment;
  guint      in_flight;

  /* The one label with a highlighted word, and its own attributes. */
  GtkLabel      *highlighted;
  PangoAttrList *saved_attributes;
};

G_DEFINE_FINAL_TYPE (WwKioskReader, ww_kiosk_reader, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CLIENT,
  PROP_LANGUAGE,
  PROP_RATE,
  PROP_AVAILABLE,
  PROP_READING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
segment_free (Segment *segment)
{
  g_weak_ref_clear (&segment->label);
  g_free (segment->text);
  g_free (segment);
}

static Segment *
segment_new (GtkLabel *label, const char *text, gsize length)
{
  Segment *segment = g_new0 (Segment, 1);

  g_weak_ref_init (&segment->label, label);
  segment->text = g_strndup (text, length);

  return segment;
}

static void
update_available (WwKioskReader *self)
{
  gboolean available = self->language != NULL && ww_speaker_client_has_language (self->client, self->language);

  if (self->available == available)
    return;

  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static void
clear_highlight (WwKioskReader *self)
{
  if (self->highlighted != NULL)
    gtk_label_set_attributes (self->highlighted, self->saved_attributes);
  g_clear_weak_pointer (&self->highlighted);
  g_clear_pointer (&self->saved_attributes, pango_attr_list_unref);
}

static void
highlight (WwKioskReader *self, GtkLabel *label, guint offset, guint length)
{
  PangoAttrList  *attributes;
  PangoAttribute *attribute;
  const guint     end = offset + length;

  if (self->highlighted != label)
    {
      PangoAttrList *own = gtk_label_get_attributes (label);

      clear_highlight (self);
      g_set_weak_pointer (&self->highlighted, label);
      self->saved_attributes = own != NULL ? pango_attr_list_ref (own) : NULL;
    }

  attributes = self->saved_attributes != NULL ? pango_attr_list_copy (self->saved_attributes) : pango_attr_list_new ();

  /* Dark on yellow reads in both the normal and the high-contrast style;
   * the underline carries it for residents who do not see the colour. */
  attribute = pango_attr_background_new (0xffff, 0xe100, 0x4d00);
  attribute->start_index = offset;
  attribute->end_index = end;
  pango_attr_list_change (attributes, attribute);
  attribute = pango_attr_foreground_new (0x1000, 0x1000, 0x1000);
  attribute->start_index = offset;
  attribute->end_index = end;
  pango_attr_list_change (attributes, attribute);
  attribute = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);
  attribute->start_index = offset;
  attribute->end_index = end;
  pango_attr_list_change (attributes, attribute);

  gtk_label_set_attributes (label, attributes);
  pango_attr_list_unref (attributes);
}

static Segment *
find_segment (WwKioskReader *self, guint id)
{
  if (self->segments == NULL || id == 0)
    return NULL;

  for (guint i = 0; i < self->segments->len; i++)
    {
      Segment *segment = g_ptr_array_index (self->segments, i);

      if (segment->id == id)
        return segment;
    }

  return NULL;
}

static void
end_reading (WwKioskReader *self)
{
  gboolean was_reading = self->segments != NULL;

  clear_highlight (self);
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  self->next_segment = 0;
  self->in_flight = 0;

  if (was_reading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING]);
}

static void
send_segments (WwKioskReader *self)
{
  while (self->segments != NULL && self->in_flight < READ_AHEAD && self->next_segment < self->segments->len)
    {
      Segment *segment = g_ptr_array_index (self->segments, self->next_segment++);

      segment->id = ww_speaker_client_speak (self->client, self->language, self->rate, segment->text);
      self->in_flight++;
    }

  if (self->segments != NULL && self->in_flight == 0)
    end_reading (self);
}

/*
 * The whole word at @offset: espeak-ng's positions can land on the space
 * before a word (after a number, for one) or cover only part of it. Moves
 * forward to the first letter or digit and on to the end of the word,
 * without trailing punctuation. An offset inside a character is refused.
 */
static gboolean
snap_to_word (const char *text, guint offset, guint *start, guint *end)
{
  const char *limit = text + strlen (text);
  const char *word = text + offset;
  const char *after;

  if (word >= limit || (offset > 0 && g_utf8_find_prev_char (text, word + 1) != word))
    return FALSE;

  while (word < limit && !g_unichar_isalnum (g_utf8_get_char (word)))
    word = g_utf8_next_char (word);
  if (word == limit)
    return FALSE;

  after = word;
  while (after < limit && !g_unichar_isspace (g_utf8_get_char (after)))
    after = g_utf8_next_char (after);
  while (after > word)
    {
      const char *last = g_utf8_find_prev_char (word, after);
      gunichar    c = g_utf8_get_char (last);

      if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        break;
      after = last;
    }

  *start = (guint)(word - text);
  *end = (guint)(after - text);
  return TRUE;
}

static void
word_cb (WwSpeakerClient *client, guint id, guint offset, guint length, WwKioskReader *self)
{
  Segment *segment = find_segment (self, id);
  g_autoptr (GtkLabel) label = NULL;
  guint start, end;

  if (segment == NULL)
    return;

  label = g_weak_ref_get (&segment->label);
  /* A label whose text changed since is left alone: the offsets are into
   * the text that was sent. */
  if (label == NULL || g_strcmp0 (gtk_label_get_text (label), segment->text) != 0)
    return;

  if ((gsize)offset + length > strlen (segment->text) || !snap_to_word (segment->text, offset, &start, &end))
    return;

  highlight (self, label, start, end - start);
}

static void
utterance_finished_cb (WwSpeakerClient *client, guint id, WwSpeechOutcome outcome, WwKioskReader *self)
{
  Segment *segment = find_segment (self, id);
  g_autoptr (GtkLabel) label = NULL;

  if (segment == NULL)
    return;

  label = g_weak_ref_get (&segment->label);
  if (label != NULL && label == self->highlighted)
    clear_highlight (self);
  segment->id = 0;
  self->in_flight--;

  /* A failed label ends the reading: the helper died or lost its voice,
   * and reading on would skip what the resident did not hear. */
  if (outcome != WW_SPEECH_OUTCOME_COMPLETED)
    {
      ww_speaker_client_stop (self->client);
      end_reading (self);
      return;
    }

  send_segments (self);
}

static void
languages_changed_cb (WwSpeakerClient *client, GParamSpec *pspec, WwKioskReader *self)
{
  update_available (self);
}

/* Pairs the lines of @text with the labels under @page that show them, in
 * order. A line no label shows is spoken without a highlight. */
static GPtrArray *
split_into_segments (GtkWidget *page, const char *text)
{
  GPtrArray *segments = g_ptr_array_new_with_free_func ((GDestroyNotify)segment_free);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  const char *at = text;
  guint       next_label = 0;

  if (page != NULL)
    ww_kiosk_page_collect_labels (page, labels);

  while (*at != '\0')
    {
      const char *line_end = strchr (at, '\n');
      gsize       line_length = line_end != NULL ? (gsize)(line_end - at) : strlen (at);
      gboolean    matched = FALSE;

      for (guint i = next_label; i < labels->len; i++)
        {
          GtkLabel   *label = g_ptr_array_index (labels, i);
          const char *shown = gtk_label_get_text (label);
          gsize       shown_length = strlen (shown);

          /* A label's text may hold line breaks of its own. */
          if (shown_length > 0 && strncmp (at, shown, shown_length) == 0 &&
              (at[shown_length] == '\n' || at[shown_length] == '\0'))
            {
              g_ptr_array_add (segments, segment_new (label, at, shown_length));
              at += shown_length;
              next_label = i + 1;
              matched = TRUE;
              break;
            }
        }

      if (!matched)
        {
          if (line_length > 0)
            g_ptr_array_add (segments, segment_new (NULL, at, line_length));
          at += line_length;
        }

      if (*at == '\n')
        at++;
    }

  return segments;
}

static void
ww_kiosk_reader_dispose (GObject *object)
{
  WwKioskReader *self = WW_KIOSK_READER (object);

  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      ww_speaker_client_stop (self->client);
    }
  end_reading (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ww_kiosk_reader_parent_class)->dispose (object);
}

static void
ww_kiosk_reader_finalize (GObject *object)
{
  WwKioskReader *self = WW_KIOSK_READER (object);

  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (ww_kiosk_reader_parent_class)->finalize (object);
}

static void
ww_kiosk_reader_constructed (GObject *object)
{
  WwKioskReader *self = WW_KIOSK_READER (object);

  G_OBJECT_CLASS (ww_kiosk_reader_parent_class)->constructed (object);

  g_return_if_fail (self->client != NULL);

  g_signal_connect_object (self->client, "word", G_CALLBACK (word_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->client, "utterance-finished", G_CALLBACK (utterance_finished_cb), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (self->client, "notify::available-languages", G_CALLBACK (languages_changed_cb), self,
                           G_CONNECT_DEFAULT);
  /* Started now, so that the kiosk knows which languages it can speak
   * before anyone asks. */
  ww_speaker_client_start (self->client);
  update_available (self);
}

static void
ww_kiosk_reader_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WwKioskReader *self = WW_KIOSK_READER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_RATE:
      g_value_set_enum (value, self->rate);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_READING:
      g_value_set_boolean (value, self->segments != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_reader_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WwKioskReader *self = WW_KIOSK_READER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      ww_kiosk_reader_set_language (self, g_value_get_string (value));
      break;
    case PROP_RATE:
      ww_kiosk_reader_set_rate (self, g_value_get_enum (value));
      break;
    case PROP_AVAILABLE:
    case PROP_READING:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ww_kiosk_reader_class_init (WwKioskReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ww_kiosk_reader_constructed;
  object_class->dispose = ww_kiosk_reader_dispose;
  object_class->finalize = ww_kiosk_reader_finalize;
  object_class->get_property = ww_kiosk_reader_get_property;
  object_class->set_property = ww_kiosk_reader_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, WW_TYPE_SPEAKER_CLIENT,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskReader:language:
   *
   * The language everything is spoken in: the language of the screens.
   */
  properties[PROP_LANGUAGE] = g_param_spec_string (
      "language", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] = g_param_spec_enum ("rate", NULL, NULL, WW_TYPE_SPEECH_RATE, WW_SPEECH_RATE_NORMAL,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskReader:available:
   *
   * Whether the speaker runs and has a voice for :language.
   */
  properties[PROP_AVAILABLE] = g_param_spec_boolean (
      "available", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * WwKioskReader:reading:
   *
   * Whether a screen is being read (not plain speak()).
   */
  properties[PROP_READING] = g_param_spec_boolean ("reading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ww_kiosk_reader_init (WwKioskReader *self)
{
  self->rate = WW_SPEECH_RATE_NORMAL;
}

/* Starts @client if it does not run yet. */
WwKioskReader *
ww_kiosk_reader_new (WwSpeakerClient *client)
{
  g_return_val_if_fail (WW_IS_SPEAKER_CLIENT (client), NULL);

  return g_object_new (WW_TYPE_KIOSK_READER, "client", client, NULL);
}

WwSpeakerClient *
ww_kiosk_reader_get_client (WwKioskReader *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_READER (self), NULL);

  return self->client;
}

const char *
ww_kiosk_reader_get_language (WwKioskReader *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_READER (self), NULL);

  return self->language;
}

void
ww_kiosk_reader_set_language (WwKioskReader *self, const char *language)
{
  g_return_if_fail (WW_IS_KIOSK_READER (self));
  g_return_if_fail (language == NULL || ww_language_is_known (language));

  if (g_strcmp0 (self->language, language) == 0)
    return;

  /* Never a sentence in the wrong voice. */
  ww_kiosk_reader_stop (self);
  g_free (self->language);
  self->language = g_strdup (language);
  update_available (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

WwSpeechRate
ww_kiosk_reader_get_rate (WwKioskReader *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_READER (self), WW_SPEECH_RATE_NORMAL);

  return self->rate;
}

/* Takes effect from the next utterance. */
void
ww_kiosk_reader_set_rate (WwKioskReader *self, WwSpeechRate rate)
{
  g_return_if_fail (WW_IS_KIOSK_READER (self));
  g_return_if_fail (rate <= WW_SPEECH_RATE_FAST);

  if (self->rate == rate)
    return;

  self->rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

gboolean
ww_kiosk_reader_get_available (WwKioskReader *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_READER (self), FALSE);

  return self->available;
}

/*
 * Why nothing can be read aloud now, as an untranslated message for the
 * screen (translate it with gettext), or %NULL when it can.
 */
const char *
ww_kiosk_reader_get_unavailable_reason (WwKioskReader *self)
{
  const char *const *languages;

  g_return_val_if_fail (WW_IS_KIOSK_READER (self), NULL);

  if (self->available)
    return NULL;

  /* No languages at all: no helper, no voices or no sound output. */
  languages = ww_speaker_client_get_available_languages (self->client);
  if (languages == NULL || languages[0] == NULL)
    return N_ ("Read aloud is not available on this kiosk");

  return N_ ("Read aloud is not available in this language");
}

gboolean
ww_kiosk_reader_get_reading (WwKioskReader *self)
{
  g_return_val_if_fail (WW_IS_KIOSK_READER (self), FALSE);

  return self->segments != NULL;
}

/**
 * ww_kiosk_reader_read:
 * @page: (nullable): the widget that shows @text, to highlight words in
 * @text: what to read, one paragraph a line, each line the text of a label
 *   under @page where it has one
 *
 * Silences whatever is spoken and reads @text, highlighting each word in
 * the label that shows it as it is spoken.
 */
void
ww_kiosk_reader_read (WwKioskReader *self, GtkWidget *page, const char *text)
{
  g_return_if_fail (WW_IS_KIOSK_READER (self));
  g_return_if_fail (page == NULL || GTK_IS_WIDGET (page));
  g_return_if_fail (text != NULL);

  ww_kiosk_reader_stop (self);
  if (!self->available)
    return;

  self->segments = split_into_segments (page, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING]);
  send_segments (self);
}

/* Speaks @text after what is being spoken, without a highlight. */
void
ww_kiosk_reader_speak (WwKioskReader *self, const char *text)
{
  g_return_if_fail (WW_IS_KIOSK_READER (self));
  g_return_if_fail (text != NULL);

  if (self->available && *text != '\0')
    ww_speaker_client_speak (self->client, self->language, self->rate, text);
}

/* Silences everything at once and takes the highlight away. */
void
ww_kiosk_reader_stop (WwKioskReader *self)
{
  g_return_if_fail (WW_IS_KIOSK_READER (self));

  if (ww_speaker_client_get_speaking (self->client))
    ww_speaker_client_stop (self->client);
  end_reading (self);
}

/* What the rate button says, in the interface language. */
const char *
ww_kiosk_reader_get_rate_label (WwSpeechRate rate)
{
  switch (rate)
    {
    case WW_SPEECH_RATE_SLOW:
      return _ ("Speed: slow");
    case WW_SPEECH_RATE_FAST:
      return _ ("Speed: fast");
    case WW_SPEECH_RATE_NORMAL:
    default:
      return _ ("Speed: normal");
    }
}
