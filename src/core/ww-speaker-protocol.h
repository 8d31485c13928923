/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

/*
 * The pipe protocol between the kiosk (WwSpeakerClient) and wegwijs-speaker:
 * one JSON object a line, UTF-8, each way. Both sides read every line with
 * ww_json_parse() and drop lines longer than WW_SPEAKER_MAX_LINE.
 *
 * Requests, kiosk → helper (stdin):
 *   {"request":"speak","id":7,"language":"nl","rate":145,"text":"…"}
 *       id: 1 … 2^32-1, chosen by the kiosk; rate: words a minute.
 *       Utterances are spoken one after the other, in the order sent.
 *   {"request":"cancel","id":7}   silence utterance 7 (spoken or queued)
 *   {"request":"stop"}            silence everything, forget the queue
 *   {"request":"test-hang","id":8} only with --test-requests: the synthesis
 *                                 thread stops responding, as if espeak-ng
 *                                 looped forever
 *   End of input makes the helper exit at once, silencing what it speaks.
 *   A speak request with an id still in use is refused with an error that
 *   names no id (and gets no "end": that would end the other one).
 *
 * Events, helper → kiosk (stdout); "t" is CLOCK_MONOTONIC in µs (the same
 * clock as g_get_monotonic_time() in every process of the machine):
 *   {"event":"ready","protocol":1,"mode":"audio"|"wav","audio":true,
 *    "data-path":"/usr/lib/…/espeak-ng-data","languages":["nl",…],
 *    "missing":["uk"],"t":…}
 *       languages: what can be spoken (none with "audio":false, when there
 *       is no sound output; "audio-error" then says why); missing: kiosk
 *       languages without a voice.
 *   {"event":"start","id":7,"t":…}    the first audio of utterance 7 exists
 *   {"event":"sentence","id":7,"offset":0,"t":…}
 *   {"event":"word","id":7,"offset":12,"length":5,"t":…}
 *       offset and length count characters (code points) of the text of the
 *       speak request; offsets only grow.
 *   {"event":"heartbeat","id":7,"t":…}   synthesis is making progress
 *   {"event":"end","id":7,"status":"completed"|"cancelled"|"failed",
 *    "last-audio":…,"file":"…/utterance-7.wav","t":…}
 *       exactly one per speak request with a valid id; last-audio is when
 *       the last audio was written or played (0 if none); file only in WAV
 *       mode.
 *   {"event":"error","id":7,"code":"voice-missing","message":"…","t":…}
 *       codes: invalid-request, line-too-long, unknown-request, busy,
 *       voice-missing, audio-unavailable, synthesis-failed, io-failed.
 *       An error about an id is followed by its "end" with "failed".
 */

#define WW_SPEAKER_PROTOCOL_VERSION 1

/* Longer lines are dropped (and reported) by either side. */
#define WW_SPEAKER_MAX_LINE (64 * 1024)

/* A request or event is one flat object. */
#define WW_SPEAKER_MAX_DEPTH 4

/* Words a minute; espeak-ng takes 80 to 450. */
#define WW_SPEAKER_RATE_MIN 80
#define WW_SPEAKER_RATE_MAX 450
#define WW_SPEAKER_RATE_DEFAULT 145

/* Utterances waiting in the helper; more are refused with "busy". */
#define WW_SPEAKER_MAX_QUEUE 32

/* While it speaks, the helper says something at least this often. */
#define WW_SPEAKER_HEARTBEAT_MS 250
