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
exec "$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$prefix" -print_final_stats=1 "$work" "$@"
