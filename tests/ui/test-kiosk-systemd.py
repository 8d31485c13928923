#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""The kiosk and its systemd session unit (packaging/systemd): READY=1 once
the first frame is on screen, WATCHDOG=1 from the main loop at half of
WatchdogSec=, STOPPING=1 on SIGTERM. The unit restarts a kiosk whose pings
stop, so a frozen screen does not stay frozen in a library.

Runs the real kiosk with NOTIFY_SOCKET pointing at a datagram socket this
script reads, as systemd would. TAP output."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

kiosk = sys.argv[1]
results = []


def check(ok, name, detail=''):
    results.append(ok)
    print(('ok' if ok else 'not ok'), len(results), '-', name)
    if not ok and detail:
        print('#', detail)


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, 'notify')
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.2)

    env = dict(os.environ)
    env['NOTIFY_SOCKET'] = path
    env['WATCHDOG_USEC'] = '1000000'   # pings expected every 0.5 s
    # The unit's main process is cage, not the kiosk: this script plays
    # cage's part, as systemd would name it.
    env['WATCHDOG_PID'] = str(os.getpid())
    started = time.monotonic()
    proc = subprocess.Popen([kiosk], env=env)

    messages = []   # (seconds since start, message)

    def collect(until, stop_when=None):
        while time.monotonic() < until:
            try:
                data = sock.recv(4096).decode()
            except socket.timeout:
                continue
            for line in data.split('\n'):
                if line:
                    messages.append((time.monotonic() - started, line))
            if stop_when and stop_when():
                return

    patience = float(os.environ.get('WW_A11Y_PATIENCE', '1'))
    collect(time.monotonic() + 30 * patience,
            lambda: any(m == 'READY=1' for _, m in messages))
    ready = [t for t, m in messages if m == 'READY=1']
    check(len(ready) == 1, 'READY=1 once the first frame is on screen',
          'messages: %r' % messages)

    # Three seconds of pings at a 0.5 s interval.
    mark = time.monotonic()
    collect(mark + 3)
    pings = [t for t, m in messages if m == 'WATCHDOG=1' and t >= mark - started]
    check(len(pings) >= 4, 'WATCHDOG=1 from the main loop at half the interval',
          '%d pings in 3 s' % len(pings))

    # A stopped main loop stops the pings: that is what lets systemd
    # restart a frozen kiosk.
    proc.send_signal(signal.SIGSTOP)
    sock.settimeout(0.2)
    while True:            # drain what was sent before the stop
        try:
            sock.recv(4096)
        except socket.timeout:
            break
    frozen = time.monotonic()
    messages.clear()
    collect(frozen + 2)
    check(not any(m == 'WATCHDOG=1' for _, m in messages),
          'a frozen kiosk sends no pings', 'messages: %r' % messages)
    proc.send_signal(signal.SIGCONT)

    proc.send_signal(signal.SIGTERM)
    messages.clear()
    collect(time.monotonic() + 20 * patience,
            lambda: any(m == 'STOPPING=1' for _, m in messages))
    check(any(m == 'STOPPING=1' for _, m in messages), 'STOPPING=1 on SIGTERM',
          'messages: %r' % messages)
    try:
        code = proc.wait(timeout=30 * patience)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = 'hung'
    check(code == 0, 'the kiosk exits cleanly after SIGTERM', 'exit: %r' % code)

print('1..%d' % len(results))
sys.exit(0 if all(results) else 1)
