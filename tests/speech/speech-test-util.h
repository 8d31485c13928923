/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gio/gio.h>
#include <json-c/json.h>

#include "ww-json.h"

G_BEGIN_DECLS

/* The programs under test, from the environment meson sets. */
const char *speech_test_helper_path (void);
const char *speech_test_fake_path (void);

char    *speech_test_make_tmpdir (void);
void     speech_test_remove_tree (const char *path);
char    *speech_test_make_pruned_data (const char *data_path, const char *drop_dictionary, const char *drop_voice);
gboolean speech_test_wait (gboolean (*done) (gpointer data), gpointer data, guint timeout_ms);
gboolean speech_test_wait_exit (GSubprocess *process, guint timeout_ms);

/* The helper on raw pipes: the protocol without the client. */
typedef struct
{
  GSubprocess *process;
  int          in_fd;
  int          out_fd;
  GString     *buffer;
} SpeechPipe;

SpeechPipe  *speech_pipe_new (const char *first_arg, ...) G_GNUC_NULL_TERMINATED;
void         speech_pipe_send (SpeechPipe *pipe, const char *line);
void         speech_pipe_send_raw (SpeechPipe *pipe, const char *data, gsize length);
void         speech_pipe_close_input (SpeechPipe *pipe);
json_object *speech_pipe_read (SpeechPipe *pipe, guint timeout_ms);
json_object *speech_pipe_expect (SpeechPipe *pipe, const char *event, guint timeout_ms);
void         speech_pipe_free (SpeechPipe *pipe);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpeechPipe, speech_pipe_free)

const char *speech_event_type (json_object *event);
gint64      speech_event_int (json_object *event, const char *name);
const char *speech_event_string (json_object *event, const char *name);

/* A 16-bit mono WAV file as the helper writes it. */
typedef struct
{
  guint   rate;
  gsize   n_samples;
  gint16 *samples;
} SpeechWav;

gboolean speech_wav_load (const char *path, SpeechWav *wav, GError **error);
void     speech_wav_clear (SpeechWav *wav);
double   speech_wav_rms (const SpeechWav *wav);
double   speech_wav_seconds (const SpeechWav *wav);

G_END_DECLS
