#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Checks of packaging/: units, hardening score, lockdown, packages, image.

Run as `test-packaging.py NAME`; exit 0 pass, 1 fail, 77 skip (meson).
"""

import configparser
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

SRC = os.environ.get("WW_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("WW_BUILD_ROOT", "")
PKG = os.path.join(SRC, "packaging")
UNITS = os.path.join(PKG, "systemd")
LOCKDOWN = os.path.join(PKG, "lockdown")
MAX_HUB_EXPOSURE = 2.0
SKIP = 77


class Skip(Exception):
    pass


def fail(message):
    raise AssertionError(message)


def check(condition, message):
    if not condition:
        fail(message)


def need(program):
    path = shutil.which(program)
    if path is None:
        raise Skip("%s is not installed" % program)
    return path


def run(args, **kwargs):
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    return subprocess.run(args, **kwargs)


def unit_files():
    return sorted(glob.glob(os.path.join(UNITS, "*.service")) + glob.glob(os.path.join(UNITS, "*.mount")))


def read_unit(path):
    """Unit file as {section: [(key, value)]} (keys repeat in units)."""
    sections = {}
    current = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                current = sections.setdefault(line.strip("[]"), [])
                continue
            key, _, value = line.partition("=")
            current.append((key.strip(), value.strip()))
    return sections


def values(unit, section, key):
    return [v for k, v in unit.get(section, []) if k == key]


def stub_root(tmp):
    """Units under test may name programs this machine lacks (cage, a kiosk
    that is not built yet): copy them, pointing ExecStart at the build's
    programs where there are some and at stubs otherwise."""
    stubs = os.path.join(tmp, "bin")
    os.makedirs(stubs)
    built = {
        "/usr/bin/wegwijs-hub": os.environ.get("WEGWIJS_HUB", ""),
        "/usr/bin/wegwijs-kiosk": os.path.join(BUILD, "src", "kiosk", "wegwijs-kiosk"),
    }
    copies = []
    for path in unit_files():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for program in set(re.findall(r"(?m)^Exec\w+=[-+!@:]*(/\S+)", text)):
            target = built.get(program, program)
            if not os.access(target, os.X_OK):
                target = os.path.join(stubs, os.path.basename(program))
                with open(target, "w") as stub:
                    stub.write("#!/bin/sh\nexit 0\n")
                os.chmod(target, 0o755)
            text = re.sub(r"(?m)^(Exec\w+=[-+!@:]*)%s(?=\s|$)" % re.escape(program), r"\g<1>" + target, text)
        copy = os.path.join(tmp, os.path.basename(path))
        with open(copy, "w", encoding="utf-8") as f:
            f.write(text)
        copies.append(copy)
    return copies


# --- packaging -------------------------------------------------------------


def test_systemd_verify():
    analyze = need("systemd-analyze")
    with tempfile.TemporaryDirectory() as tmp:
        units = stub_root(tmp)
        check(len(units) >= 3, "expected at least 3 units in %s" % UNITS)
        result = run([analyze, "verify", "--man=no"] + units, cwd=tmp)
        output = (result.stdout + result.stderr).strip()
        # verify prints about units it pulls in from the host too; only ours count.
        ours = [line for line in output.splitlines()
                if any(os.path.basename(u) in line for u in units)]
        for line in output.splitlines():
            print("#", line)
        check(result.returncode == 0 and not ours, "systemd-analyze verify: %s" % "\n".join(ours or [output]))
    print("verified:", " ".join(os.path.basename(u) for u in units))


def hub_exposure():
    analyze = need("systemd-analyze")
    unit = os.path.join(UNITS, "wegwijs-hub.service")
    result = run([analyze, "security", "--offline=true", "--no-pager", unit])
    match = re.search(r"Overall exposure level for wegwijs-hub.service: ([0-9.]+)", result.stdout)
    if match is None:
        fail("no exposure level in: %s %s" % (result.stdout[-2000:], result.stderr))
    return float(match.group(1)), result.stdout


def test_hub_security_score():
    exposure, output = hub_exposure()
    print("# systemd-analyze security: wegwijs-hub.service exposure %.1f (at most %.1f)" % (exposure, MAX_HUB_EXPOSURE))
    if exposure > MAX_HUB_EXPOSURE:
        print(output)
    check(exposure <= MAX_HUB_EXPOSURE, "exposure %.1f > %.1f" % (exposure, MAX_HUB_EXPOSURE))
    unit = read_unit(os.path.join(UNITS, "wegwijs-hub.service"))
    check(values(unit, "Service", "Type") == ["notify"], "hub: Type=notify")
    check(values(unit, "Service", "WatchdogSec"), "hub: WatchdogSec=")
    check(values(unit, "Service", "User") == ["wegwijs-hub"], "hub: User=wegwijs-hub")
    check(values(unit, "Service", "StateDirectory") == ["wegwijs"], "hub: StateDirectory=wegwijs")
    check(values(unit, "Service", "DynamicUser") in ([], ["no"]), "hub: its own user, not a dynamic one")


class NotifySocket:
    """A stand-in for systemd's notification socket."""

    def __init__(self, directory):
        self.path = os.path.join(directory, "notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.messages = []

    def wait_for(self, wanted, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(wanted in m for m in self.messages):
                return True
            self.sock.settimeout(max(deadline - time.monotonic(), 0.01))
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except socket.timeout:
                break
        return any(wanted in m for m in self.messages)


def test_hub_notify():
    """The hub's side of Type=notify: READY=1, WATCHDOG=1, STOPPING=1."""
    hub = os.environ.get("WEGWIJS_HUB")
    if not hub or not os.access(hub, os.X_OK):
        raise Skip("WEGWIJS_HUB not built")
    need("certtool")
    with tempfile.TemporaryDirectory() as tmp:
        demo = os.path.join(tmp, "demo")
        result = run([hub, "demo", "--dir", demo, "--port", "0",
                      "--catalog", os.path.join(SRC, "data", "catalog"),
                      "--upl", os.path.join(SRC, "data", "upl", "upl.csv")], timeout=120)
        check(result.returncode == 0, "demo: %s %s" % (result.stdout, result.stderr))
        notify = NotifySocket(tmp)
        env = dict(os.environ, NOTIFY_SOCKET=notify.path, WATCHDOG_USEC="400000", G_DEBUG="")
        env.pop("WATCHDOG_PID", None)
        proc = subprocess.Popen([hub, "serve", "--config", os.path.join(demo, "hub.conf"), "--port", "0"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            if not notify.wait_for("READY=1", 30):
                proc.kill()
                fail("no READY=1 (systemd support not built in?): %s" % (proc.communicate()[1][-1000:],))
            before = sum("WATCHDOG=1" in m for m in notify.messages)
            notify.wait_for("__never__", 1.0)
            pings = sum("WATCHDOG=1" in m for m in notify.messages) - before
            check(pings >= 2, "expected WATCHDOG=1 about every 0.2 s, got %d in 1 s" % pings)
            proc.send_signal(signal.SIGTERM)
            check(notify.wait_for("STOPPING=1", 15), "no STOPPING=1 after SIGTERM")
            check(proc.wait(30) == 0, "hub exit status %s" % proc.returncode)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    print("# READY=1, %d WATCHDOG=1 a second, STOPPING=1" % pings)


def kiosk_schema_keys():
    tree = ET.parse(os.path.join(SRC, "data", "nl.wegwijs.Kiosk.gschema.xml"))
    for schema in tree.getroot().iter("schema"):
        if schema.get("id") == "nl.wegwijs.Kiosk":
            return ["%s%s" % (schema.get("path"), key.get("name")) for key in schema.iter("key")]
    fail("no nl.wegwijs.Kiosk schema")


def test_dconf_locks():
    db = os.path.join(LOCKDOWN, "etc", "dconf", "db", "wegwijs-kiosk.d")
    with open(os.path.join(LOCKDOWN, "etc", "dconf", "profile", "wegwijs-kiosk")) as f:
        profile = f.read().split()
    check("system-db:wegwijs-kiosk" in profile, "the profile must read the wegwijs-kiosk system db")
    locks = set()
    for path in glob.glob(os.path.join(db, "locks", "*")):
        with open(path) as f:
            locks |= {line.strip() for line in f if line.startswith("/")}
    for key in ["/org/gtk/gtk4/settings/debug/enable-inspector-keybinding",
                "/org/gtk/settings/debug/enable-inspector-keybinding"] + kiosk_schema_keys():
        check(key in locks, "not locked: %s" % key)
    settings = configparser.ConfigParser(interpolation=None)
    settings.read(sorted(glob.glob(os.path.join(db, "*"))))
    check(settings.get("org/gtk/gtk4/settings/debug", "enable-inspector-keybinding") == "false",
          "the GTK 4 Inspector keybinding must be off")
    check(settings.get("nl/wegwijs/Kiosk", "enrolment-file") == "'/etc/wegwijs/kiosk-enrolment.json'",
          "the kiosk must read the enrolment file the image installs")
    # Without the lockdown (a package installed by hand) the schema's default
    # must name the same file.
    tree = ET.parse(os.path.join(SRC, "data", "nl.wegwijs.Kiosk.gschema.xml"))
    defaults = [key.findtext("default") for key in tree.getroot().iter("key") if key.get("name") == "enrolment-file"]
    check(defaults == ["'/etc/wegwijs/kiosk-enrolment.json'"],
          "the schema's default enrolment file must be the one packaging installs, not %s" % defaults)
    dconf = shutil.which("dconf")
    if dconf is not None:
        with tempfile.TemporaryDirectory() as tmp:
            result = run([dconf, "compile", os.path.join(tmp, "db"), db])
            check(result.returncode == 0, "dconf compile: %s" % result.stderr)
            dump = open(os.path.join(tmp, "db"), "rb").read()
            check(b"enable-inspector-keybinding" in dump, "compiled database lacks the Inspector key")
        print("# dconf compile: ok")
    else:
        print("# dconf-cli not installed: database not compiled")
    print("# %d keys locked" % len(locks))


def test_lockdown():
    def conf(relative):
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.optionxform = str
        parser.read(os.path.join(LOCKDOWN, relative))
        return parser

    with open(os.path.join(LOCKDOWN, "usr/lib/sysctl.d/60-wegwijs-kiosk.conf")) as f:
        check(re.search(r"(?m)^kernel\.sysrq\s*=\s*0\s*$", f.read()), "kernel.sysrq = 0")
    journald = conf("usr/lib/systemd/journald.conf.d/60-wegwijs-kiosk.conf")
    check(journald.get("Journal", "Storage") == "volatile", "journald Storage=volatile")
    check(journald.get("Journal", "RuntimeMaxUse", fallback=None), "journald RuntimeMaxUse=")
    logind = conf("usr/lib/systemd/logind.conf.d/60-wegwijs-kiosk.conf")
    check(logind.get("Login", "NAutoVTs") == "0", "no autovt gettys")
    system = conf("usr/lib/systemd/system.conf.d/60-wegwijs-kiosk.conf")
    check(system.get("Manager", "CtrlAltDelBurstAction") == "none", "CtrlAltDelBurstAction=none")

    kiosk = read_unit(os.path.join(UNITS, "wegwijs-kiosk-session.service"))
    check(values(kiosk, "Service", "User") == ["kiosk"], "kiosk: User=kiosk")
    check(values(kiosk, "Service", "PAMName"), "kiosk: a PAM session")
    check(values(kiosk, "Service", "TTYPath") == ["/dev/tty1"], "kiosk: on tty1")
    check(values(kiosk, "Service", "Restart") == ["always"], "kiosk: Restart=always")
    check(values(kiosk, "Service", "Type") == ["notify"], "kiosk: Type=notify (READY=1 after the first frame)")
    check(values(kiosk, "Service", "WatchdogSec"), "kiosk: WatchdogSec=")
    check(values(kiosk, "Service", "NotifyAccess") in (["all"], ["main"]), "kiosk: NotifyAccess=")
    check("getty@tty1.service" in " ".join(values(kiosk, "Unit", "Conflicts")), "kiosk: no getty on tty1")
    start = values(kiosk, "Service", "ExecStart")[0].split()
    check(start[0] == "/usr/bin/cage" and "-s" not in start[:start.index("--")], "cage without VT switching (-s)")
    check("DCONF_PROFILE=wegwijs-kiosk" in " ".join(values(kiosk, "Service", "Environment")), "kiosk: dconf profile")
    home = read_unit(os.path.join(UNITS, "home-kiosk.mount"))
    check(values(home, "Mount", "Type") == ["tmpfs"] and values(home, "Mount", "Where") == ["/home/kiosk"],
          "kiosk home on tmpfs")
    with open(os.path.join(LOCKDOWN, "usr/lib/tmpfiles.d/wegwijs-kiosk-session.conf")) as f:
        check(re.search(r"(?m)^d /home/kiosk 0700 kiosk kiosk", f.read()), "tmpfiles: /home/kiosk 0700 kiosk")


def test_debian_dir():
    debian = os.path.join(PKG, "debian")
    with open(os.path.join(debian, "control")) as f:
        control = f.read()
    check("debhelper-compat (= 13)" in control, "debhelper compat 13")
    for package in ("wegwijs-kiosk", "wegwijs-desk", "wegwijs-hub", "wegwijs-kiosk-session"):
        check(re.search(r"(?m)^Package: %s$" % package, control), "package %s" % package)
    with open(os.path.join(debian, "rules")) as f:
        rules = f.read()
    check("dbus-run-session" in rules and "xvfb-run" in rules, "tests under dbus-run-session and xvfb-run")
    check("--buildsystem=meson" in rules, "meson build system")
    with open(os.path.join(debian, "wegwijs-kiosk.install")) as f:
        check("usr/libexec/wegwijs-speaker" in f.read(), "the speaker ships with the kiosk")
    check(os.access(os.path.join(PKG, "build-debs"), os.X_OK), "packaging/build-debs")
    with open(os.path.join(SRC, "docs", "ADMIN.md"), encoding="utf-8") as f:
        guide = f.read().lower()
    for topic in ("set up a hub", "enrol a kiosk", "build and flash", "updates", "revoke a kiosk", "back up the hub"):
        check("## " in guide and topic in guide, "docs/ADMIN.md does not cover: %s" % topic)


# --- packaging-debs and image (slow) ----------------------------------------


def slow(name):
    wanted = os.environ.get("WW_SLOW_TESTS", "")
    if wanted not in ("1", "all") and name not in wanted.split(","):
        raise Skip("slow; run with WW_SLOW_TESTS=1 (or =%s)" % name)
    if os.environ.get("WW_SANITIZE", "none") != "none":
        raise Skip("done once, in the build without sanitizers")


def debs_dir():
    return os.environ.get("WW_DEBS_DIR", os.path.join(BUILD or tempfile.gettempdir(), "packaging-debs"))


def test_build_debs():
    slow("build-debs")
    args = [os.path.join(PKG, "build-debs"), "--out", debs_dir()]
    if os.environ.get("WW_DEBS_FROM_HEAD"):
        args.append("--head")
    start = time.monotonic()
    result = subprocess.run(args)
    print("# build-debs took %.0f s" % (time.monotonic() - start))
    check(result.returncode == 0, "build-debs failed (%d), see %s" % (result.returncode, debs_dir()))
    with open(os.path.join(debs_dir(), "lintian.txt")) as f:
        lintian = f.read()
    errors = [line for line in lintian.splitlines() if line.startswith("E: ")]
    check(not errors, "lintian errors:\n" + "\n".join(errors))
    for package in ("wegwijs-hub", "wegwijs-kiosk", "wegwijs-desk", "wegwijs-kiosk-session", "wegwijs-common"):
        check(glob.glob(os.path.join(debs_dir(), package + "_*.deb")), "no %s .deb" % package)


def test_image():
    slow("image")
    sys.path.insert(0, os.path.join(PKG, "image"))
    import check_root  # noqa: E402  (packaging/image/check_root.py)

    debs = debs_dir()
    if not glob.glob(os.path.join(debs, "wegwijs-kiosk_*.deb")):
        raise Skip("no packages in %s: run the packaging-debs suite first" % debs)
    hub = os.environ.get("WEGWIJS_HUB")
    need("certtool")
    with tempfile.TemporaryDirectory() as tmp:
        demo = os.path.join(tmp, "demo")
        result = run([hub, "demo", "--dir", demo, "--port", "0",
                      "--catalog", os.path.join(SRC, "data", "catalog"),
                      "--upl", os.path.join(SRC, "data", "upl", "upl.csv")], timeout=120)
        check(result.returncode == 0, "demo: %s %s" % (result.stdout, result.stderr))
        enrolment = sorted(glob.glob(os.path.join(demo, "kiosk-*.json")))
        check(enrolment, "the demo wrote no kiosk-*.json")
        out = os.path.join(tmp, "out")
        start = time.monotonic()
        result = subprocess.run([os.path.join(PKG, "image", "build-image"), "--debs", debs,
                                 "--enrolment", enrolment[0], "--out", out, "--minimal"])
        print("# build-image took %.0f s" % (time.monotonic() - start))
        check(result.returncode == 0, "build-image failed (%d)" % result.returncode)
        with open(enrolment[0]) as f:
            expected = json.load(f)
        problems = check_root.check_tarball(os.path.join(out, "wegwijs-kiosk-root.tar"), expected)
        for problem in problems:
            print("# " + problem)
        check(not problems, "%d problems in the image root" % len(problems))


TESTS = {
    "systemd-verify": test_systemd_verify,
    "hub-security-score": test_hub_security_score,
    "hub-notify": test_hub_notify,
    "dconf-locks": test_dconf_locks,
    "lockdown": test_lockdown,
    "debian-dir": test_debian_dir,
    "build-debs": test_build_debs,
    "image": test_image,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in TESTS:
        print("usage: test-packaging.py %s" % "|".join(TESTS), file=sys.stderr)
        return 2
    try:
        TESTS[sys.argv[1]]()
    except Skip as e:
        print("SKIP:", e)
        return SKIP
    except AssertionError as e:
        print("FAIL:", e)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
