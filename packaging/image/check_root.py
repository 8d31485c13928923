#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Checks a kiosk root tarball build-image made: the packages, the enabled
and masked units, the compiled and locked dconf database, the kiosk user,
the lockdown files and the enrolment data with their owners and modes.

    check_root.py ROOT.tar [ENROLMENT.json]

Used by tests/packaging (suite image); prints one line a problem."""

import json
import sys
import tarfile

PACKAGES = ("wegwijs-common", "wegwijs-kiosk", "wegwijs-kiosk-session", "cage", "seatd", "dconf-gsettings-backend",
            "systemd-sysv")
ENABLED = {
    "etc/systemd/system/graphical.target.wants/wegwijs-kiosk-session.service":
        "/lib/systemd/system/wegwijs-kiosk-session.service",
    "etc/systemd/system/local-fs.target.wants/home-kiosk.mount": "/lib/systemd/system/home-kiosk.mount",
    "etc/systemd/system/default.target": "/lib/systemd/system/graphical.target",
    "etc/systemd/system/multi-user.target.wants/seatd.service": "/lib/systemd/system/seatd.service",
}
MASKED = ("ctrl-alt-del.target", "getty@tty1.service", "autovt@.service", "debug-shell.service")
FILES = {
    # path: (mode, owner, group)
    "etc/wegwijs": (0o750, "root", "kiosk"),
    "etc/wegwijs/kiosk-enrolment.json": (0o640, "root", "kiosk"),
    "etc/wegwijs/hub-ca.pem": (0o644, "root", "root"),
    "etc/dconf/profile/wegwijs-kiosk": (0o644, "root", "root"),
    "etc/dconf/db/wegwijs-kiosk": (0o644, "root", "root"),
    "etc/dconf/db/wegwijs-kiosk.d/locks/00-wegwijs-kiosk": (0o644, "root", "root"),
    "usr/lib/sysctl.d/60-wegwijs-kiosk.conf": (0o644, "root", "root"),
    "usr/lib/systemd/journald.conf.d/60-wegwijs-kiosk.conf": (0o644, "root", "root"),
    "usr/lib/systemd/logind.conf.d/60-wegwijs-kiosk.conf": (0o644, "root", "root"),
    "usr/bin/wegwijs-kiosk": (0o755, "root", "root"),
    "usr/libexec/wegwijs-speaker": (0o755, "root", "root"),
    "usr/bin/cage": (0o755, "root", "root"),
    "usr/lib/locale/locale-archive": (0o644, "root", "root"),
}


def norm(name):
    name = name[2:] if name.startswith("./") else name
    return name.rstrip("/")


def check_tarball(path, expected_enrolment=None):
    problems = []
    members = {}
    contents = {}
    wanted = {"var/lib/dpkg/status", "etc/passwd", "etc/group", "etc/wegwijs/kiosk-enrolment.json",
              "etc/dconf/db/wegwijs-kiosk", "etc/hostname"}
    with tarfile.open(path) as tar:
        for member in tar:
            name = norm(member.name)
            members[name] = member
            if name in wanted and member.isfile():
                contents[name] = tar.extractfile(member).read()

    status = contents.get("var/lib/dpkg/status", b"").decode()
    installed = set()
    for stanza in status.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in stanza.splitlines() if ": " in line and not line[0].isspace())
        if fields.get("Status") == "install ok installed":
            installed.add(fields.get("Package"))
    for package in PACKAGES:
        if package not in installed:
            problems.append("package not installed: %s" % package)

    for link, target in ENABLED.items():
        member = members.get(link)
        if member is None or not member.issym():
            problems.append("not enabled: %s" % link)
        elif member.linkname not in (target, target.replace("/lib/", "/usr/lib/", 1)):
            problems.append("%s points at %s, not %s" % (link, member.linkname, target))
    for unit in MASKED:
        member = members.get("etc/systemd/system/" + unit)
        if member is None or not member.issym() or member.linkname != "/dev/null":
            problems.append("not masked: %s" % unit)

    passwd = [line.split(":") for line in contents.get("etc/passwd", b"").decode().splitlines()]
    kiosk = [entry for entry in passwd if entry[0] == "kiosk"]
    if not kiosk:
        problems.append("no kiosk user")
    else:
        entry = kiosk[0]
        if entry[2] == "0" or entry[5] != "/home/kiosk" or not entry[6].endswith("nologin"):
            problems.append("kiosk user: %s" % ":".join(entry))
        for line in contents.get("etc/group", b"").decode().splitlines():
            fields = line.split(":")
            if fields[0] in ("video", "audio") and "kiosk" not in fields[3].split(","):
                problems.append("kiosk user not in group %s" % fields[0])

    for name, (mode, owner, group) in FILES.items():
        member = members.get(name)
        if member is None:
            problems.append("missing: %s" % name)
            continue
        if member.mode & 0o7777 != mode:
            problems.append("%s: mode %04o, want %04o" % (name, member.mode & 0o7777, mode))
        groups = {line.split(":")[0]: line.split(":")[2]
                  for line in contents.get("etc/group", b"").decode().splitlines()}
        users = {entry[0]: entry[2] for entry in passwd}
        if str(member.uid) != users.get(owner) or str(member.gid) != groups.get(group):
            problems.append("%s: owner %d:%d, want %s:%s" % (name, member.uid, member.gid, owner, group))

    db = contents.get("etc/dconf/db/wegwijs-kiosk", b"")
    for needle in (b".locks", b"enable-inspector-keybinding", b"/etc/wegwijs/kiosk-enrolment.json"):
        if needle not in db:
            problems.append("compiled dconf database lacks %s" % needle.decode())

    raw = contents.get("etc/wegwijs/kiosk-enrolment.json")
    if raw is None:
        problems.append("no enrolment file")
    else:
        enrolment = json.loads(raw)
        if enrolment.get("caFile") != "/etc/wegwijs/hub-ca.pem":
            problems.append("enrolment caFile is %r" % enrolment.get("caFile"))
        for key, value in (expected_enrolment or {}).items():
            if key != "caFile" and enrolment.get(key) != value:
                problems.append("enrolment %s differs" % key)
        hostname = contents.get("etc/hostname", b"").decode().strip()
        if hostname != "wegwijs-%s" % enrolment.get("kioskId"):
            problems.append("hostname %r" % hostname)
    return problems


if __name__ == "__main__":
    expected = None
    if len(sys.argv) == 3:
        with open(sys.argv[2]) as f:
            expected = json.load(f)
    found = check_tarball(sys.argv[1], expected)
    for problem in found:
        print(problem)
    print("%d problems" % len(found))
    sys.exit(1 if found else 0)
