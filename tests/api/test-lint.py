#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI document the hub serves passes the NLGov API Design Rules
linter (Spectral, pinned in package.json) with zero errors. TAP output."""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubtest import SRCDIR, Hub, check, main, test  # noqa: E402

SPECTRAL = os.environ.get("WEGWIJS_SPECTRAL", os.path.join(SRCDIR, "node_modules", ".bin", "spectral"))
RULESET = os.path.join(SRCDIR, "adr-linter.yaml")


def setup():
    return Hub().start()


def teardown(hub):
    if hub is not None:
        hub.cleanup()


@test
def served_document_passes_the_adr_ruleset(hub):
    check(os.path.exists(SPECTRAL), "Spectral is not installed: run `npm ci` in tests/api")
    response = hub.get("/v1/openapi.json")
    check(response.status == 200, response)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        f.write(response.body)
        path = f.name
    try:
        result = subprocess.run([SPECTRAL, "lint", "--quiet", "--format", "json", "--ruleset", RULESET, path],
                                capture_output=True, text=True, timeout=180)
    finally:
        os.unlink(path)
    try:
        findings = json.loads(result.stdout or "[]")
    except ValueError:
        raise AssertionError("Spectral did not answer JSON (%d): %s %s" % (result.returncode, result.stdout, result.stderr))
    errors = [f for f in findings if f.get("severity") == 0]
    for f in errors:
        print("# %s %s at %s" % (f.get("code"), f.get("message"), ".".join(map(str, f.get("path", [])))))
    print("# %d findings, %d errors" % (len(findings), len(errors)))
    check(not errors, "%d ADR errors" % len(errors))
    check(result.returncode == 0, "spectral exited %d: %s" % (result.returncode, result.stderr))


@test
def the_linter_does_catch_an_error(hub):
    """A document without API-Version on a 200 must fail: the check can fail."""
    broken = json.loads(hub.get("/v1/openapi.json").body)
    del broken["paths"]["/categories"]["get"]["responses"]["200"]["headers"]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(broken, f)
        path = f.name
    try:
        result = subprocess.run([SPECTRAL, "lint", "--quiet", "--format", "json", "--ruleset", RULESET, path],
                                capture_output=True, text=True, timeout=180)
    finally:
        os.unlink(path)
    findings = json.loads(result.stdout or "[]")
    check(any(f.get("severity") == 0 for f in findings), "the broken document passed")
    check(result.returncode != 0)


if __name__ == "__main__":
    sys.exit(main(setup, teardown))
