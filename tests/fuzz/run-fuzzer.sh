#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# run-fuzzer.sh FUZZER WORKDIR ARTIFACT_PREFIX SECONDS SEEDDIR...
# Runs a libFuzzer binary for a bounded time. A crash, leak or sanitizer
# report fails the test; the input is left at ARTIFACT_PREFIX* — copy it to
# tests/fuzz/regressions/TARGET/ with the fix.
set -eu
fuzzer=$1 work=$2 prefix=$3 seconds=$4
shift 4
mkdir -p "$work"
# Known leaks in system libraries only (libsoup's, for fuzz-hub-request).
LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")/.." && pwd)/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
# GLib is built without frame pointers: the fast unwinder stops at g_malloc
# and a suppression cannot see which library leaked.
case $fuzzer in
*hub-request*) ASAN_OPTIONS="fast_unwind_on_malloc=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"; export ASAN_OPTIONS ;;
esac
exec "$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$prefix" -print_final_stats=1 "$work" "$@"
