#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Checks the enrolment file `wegwijs-hub admin enrol-kiosk` wrote and writes
the kiosk's copy: caFile pointing at /etc/wegwijs/hub-ca.pem (copied next to
it) and caPin (sha256//base64 of the hub's public key) when the hub's
certificate is given and the file has no pin yet."""

import argparse
import base64
import hashlib
import json
import os
import re
import subprocess
import sys

KIOSK_CA = "/etc/wegwijs/hub-ca.pem"


def die(message):
    print("build-image: enrolment: " + message, file=sys.stderr)
    sys.exit(2)


def pin_of(certificate):
    pem = subprocess.run(["openssl", "x509", "-in", certificate, "-noout", "-pubkey"],
                         capture_output=True, check=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=pem,
                         capture_output=True, check=True).stdout
    return "sha256//" + base64.b64encode(hashlib.sha256(der).digest()).decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--in", dest="source", required=True)
    parser.add_argument("--ca", default="")
    parser.add_argument("--hub-cert", default="")
    parser.add_argument("--out-dir", required=True)
    args = parser.parse_args()

    try:
        with open(args.source, encoding="utf-8") as f:
            enrolment = json.load(f)
    except (OSError, ValueError) as e:
        die("cannot read %s: %s" % (args.source, e))
    if not isinstance(enrolment, dict):
        die("not a JSON object")
    for key in ("hubUrl", "kioskId", "token"):
        if not isinstance(enrolment.get(key), str) or not enrolment[key]:
            die("%s is missing" % key)
    if not enrolment["hubUrl"].startswith("https://"):
        die("hubUrl must be https://")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}", enrolment["kioskId"]):
        die("kioskId %r cannot be a host name" % enrolment["kioskId"])
    ca = args.ca or enrolment.get("caFile") or ""
    if not ca or not os.path.isfile(ca):
        die("no CA certificate: pass --ca FILE (the enrolment names %r)" % enrolment.get("caFile"))
    if "caPin" not in enrolment and args.hub_cert:
        enrolment["caPin"] = pin_of(args.hub_cert)
    if "caPin" in enrolment and not re.fullmatch(r"sha256//[A-Za-z0-9+/]{43}=", enrolment["caPin"]):
        die("caPin must be sha256//BASE64")
    enrolment["caFile"] = KIOSK_CA

    os.makedirs(args.out_dir, mode=0o700, exist_ok=True)
    with open(ca, "rb") as f:
        pem = f.read()
    if b"-----BEGIN CERTIFICATE-----" not in pem:
        die("%s is not a PEM certificate" % ca)
    with open(os.path.join(args.out_dir, "hub-ca.pem"), "wb") as f:
        f.write(pem)
    fd = os.open(os.path.join(args.out_dir, "kiosk-enrolment.json"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(enrolment, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
