#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""A clean stop with clients still connected: SIGTERM while a kept-alive
connection sits idle, one is half-way through its request, one has only
done the TLS handshake, one not even that, and one holds an event stream. The hub must close
every one of them, exit 0 within a few seconds, and (in the sanitizer
build, where LeakSanitizer runs at exit) leak nothing: the connections,
their messages and their TLS sessions are all freed."""

import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.environ.get("WEGWIJS_API_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "api")))

from hubtest import Hub, check, main, test  # noqa: E402


def setup():
    hub = Hub().start()
    hub.volunteer = hub.login("volunteer")
    return hub


def teardown(hub):
    if hub is not None:
        hub.cleanup()


def tls(hub):
    raw = socket.create_connection(("127.0.0.1", hub.port), timeout=10)
    return hub.context.wrap_socket(raw, server_hostname="127.0.0.1")


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        check(chunk, "the hub closed the connection before answering")
        data += chunk
    return data


def closed_by_hub(sock, seconds=10):
    """True when the hub closes @sock (EOF or reset) within @seconds."""
    sock.settimeout(seconds)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            if not sock.recv(65536):
                return True
    except (ConnectionError, OSError):
        return True
    return False


def leak_reports(log):
    return [line for line in log.splitlines()
            if "LeakSanitizer" in line or "ERROR: AddressSanitizer" in line or "runtime error:" in line]


def stop_and_check(hub):
    """SIGTERM; the hub must exit 0 within 10 s with nothing in its log from
    the sanitizers (LeakSanitizer reports at exit, so after the stop)."""
    started = time.monotonic()
    process = hub.process
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=20)
    except Exception:
        process.kill()
        process.wait()
        raise AssertionError("the hub did not exit within 20 s of SIGTERM")
    seconds = time.monotonic() - started
    hub.process = None
    log = hub.read_log()
    reports = leak_reports(log)
    if reports:
        lines = log.splitlines()
        first = next(i for i, line in enumerate(lines) if line in reports)
        raise AssertionError("sanitizer reports at exit:\n" + "\n".join(lines[first:first + 300]))
    check(code == 0, "exit status %d:\n%s" % (code, "\n".join(log.splitlines()[-20:])))
    check(seconds < 10, "the hub took %.1f s to stop" % seconds)


@test
def stop_with_clients_connected(hub):
    idle = tls(hub)
    idle.sendall(("GET /v1/services HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n\r\n"
                  % hub.kiosk_token).encode())
    check(b" 200 " in read_head(idle).split(b"\r\n")[0], "no 200 on the idle connection")

    half = tls(hub)
    half.sendall(b"POST /v1/tickets HTTP/1.1\r\nHost: localhost\r\nContent-Length: 40\r\n")

    handshake_only = tls(hub)
    tcp_only = socket.create_connection(("127.0.0.1", hub.port), timeout=10)  # no TLS handshake yet

    events = tls(hub)
    events.sendall(("GET /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n"
                    "Accept: text/event-stream\r\n\r\n" % hub.volunteer).encode())
    check(b" 200 " in read_head(events).split(b"\r\n")[0], "no event stream")

    time.sleep(0.3)  # every connection is accepted and waiting
    stop_and_check(hub)
    for name, sock in (("idle", idle), ("half a request", half), ("handshake only", handshake_only),
                       ("TCP only", tcp_only), ("event stream", events)):
        check(closed_by_hub(sock, 5), "the %s connection was left open" % name)
        sock.close()


@test
def connections_closed_by_clients_are_freed(hub):
    """Every accepted connection's socket is freed when it closes (libsoup
    3.2 kept a reference to each: see connection_get() in the server)."""
    hub.start()
    for _ in range(20):
        check(hub.get("/v1/services", hub.kiosk_token, fresh=True).status == 200, "no catalogue")
    stop_and_check(hub)


if __name__ == "__main__":
    sys.exit(main(setup, teardown))
