#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Slow clients ("slowloris") against a real hub over TLS: a client that
sends its headers a byte at a time, one that never starts the TLS
handshake, one that trickles its body, and an idle keep-alive connection
are each cut off after the hub's request deadline (10 s, see
REQUEST_DEADLINE_S in ww-hub-server.c), while an event stream stays open
and other clients are served without delay. All run at once."""

import os
import socket
import ssl
import sys
import threading
import time

sys.path.insert(0, os.environ.get("WEGWIJS_API_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "api")))

from hubtest import Hub, check, main, test  # noqa: E402

DEADLINE = 10
# Cut off no earlier than the deadline, and not much later (the timer is in
# whole seconds, and the runner may be busy).
EARLIEST, LATEST = DEADLINE - 1, DEADLINE + 5


def tls(hub):
    raw = socket.create_connection(("127.0.0.1", hub.port), timeout=30)
    return hub.context.wrap_socket(raw, server_hostname="127.0.0.1")


def closed_after(sock, trickle=None, interval=0.5):
    """Seconds until the hub closes @sock; sends @trickle a byte at a time meanwhile."""
    started = time.monotonic()
    sock.settimeout(interval)
    data = trickle or b""
    sent = 0
    while time.monotonic() - started < 30:
        if sent < len(data):
            try:
                sock.send(data[sent:sent + 1])
                sent += 1
            except OSError:
                return time.monotonic() - started
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - started
        except socket.timeout:
            continue
        except (OSError, ssl.SSLError):
            return time.monotonic() - started
    return None


class Context:
    def __init__(self):
        self.hub = Hub(keepalive=1).start()
        self.results = {}
        threads = [threading.Thread(target=f, args=(name,)) for name, f in (
            ("headers", self.slow_headers), ("handshake", self.no_handshake), ("body", self.slow_body),
            ("idle", self.idle_keepalive), ("events", self.event_stream), ("others", self.others))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

    def read_log(self):
        return self.hub.read_log()

    def slow_headers(self, name):
        request = (b"GET /v1/services HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                   + self.hub.kiosk_token.encode() + b"\r\n" + b"X-Padding: " + b"a" * 200 + b"\r\n\r\n")
        self.results[name] = closed_after(tls(self.hub), request)

    def no_handshake(self, name):
        self.results[name] = closed_after(socket.create_connection(("127.0.0.1", self.hub.port), timeout=30))

    def slow_body(self, name):
        body = b'{"topic":"digid","language":"nl"}' + b" " * 200
        head = ("POST /v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                "Idempotency-Key: slow-body\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                % (self.hub.kiosk_token, len(body))).encode()
        sock = tls(self.hub)
        sock.sendall(head)
        self.results[name] = closed_after(sock, body)

    def idle_keepalive(self, name):
        sock = tls(self.hub)
        sock.sendall(b"GET /v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        # Read the whole answer, then wait: the connection is idle.
        sock.settimeout(5)
        received = b""
        while b"\r\n\r\n" not in received:
            received += sock.recv(65536)
        head, _, rest = received.partition(b"\r\n\r\n")
        length = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0])
        while len(rest) < length:
            rest += sock.recv(65536)
        self.results[name] = closed_after(sock)

    def event_stream(self, name):
        sock = tls(self.hub)
        sock.sendall(("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                      "Accept: text/event-stream\r\n\r\n" % self.hub.kiosk_token).encode())
        sock.settimeout(5)
        started = time.monotonic()
        comments = 0
        try:
            while time.monotonic() - started < LATEST + 1:
                data = sock.recv(4096)
                if not data:
                    break
                comments += data.count(b"\r\n:") + data.startswith(b":")
        except (socket.timeout, OSError):
            pass
        self.results[name] = (time.monotonic() - started, comments)

    def others(self, name):
        slowest = 0
        for _ in range(20):
            started = time.monotonic()
            response = self.hub.get("/v1/services", self.hub.kiosk_token, fresh=True)
            check(response.status == 200, "services: %r" % response)
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.5)
        self.results[name] = slowest


def cut_in_time(ctx, name):
    seconds = ctx.results.get(name)
    print("# %s: cut off after %s s" % (name, "%.1f" % seconds if seconds is not None else "never"))
    check(seconds is not None and EARLIEST <= seconds <= LATEST,
          "%s: closed after %r s, expected %d–%d" % (name, seconds, EARLIEST, LATEST))


@test
def headers_a_byte_at_a_time(ctx):
    cut_in_time(ctx, "headers")


@test
def tls_handshake_never_started(ctx):
    cut_in_time(ctx, "handshake")


@test
def body_a_byte_at_a_time(ctx):
    cut_in_time(ctx, "body")


@test
def idle_keepalive_connection(ctx):
    cut_in_time(ctx, "idle")


@test
def event_stream_stays_open(ctx):
    seconds, comments = ctx.results["events"]
    print("# event stream open for %.1f s, %d keep-alive comments" % (seconds, comments))
    check(seconds > LATEST, "the event stream was closed after %.1f s" % seconds)
    check(comments >= LATEST - 2, "only %d keep-alive comments" % comments)


@test
def other_clients_served_meanwhile(ctx):
    print("# slowest GET /v1/services meanwhile: %.0f ms" % (ctx.results["others"] * 1000))
    check(ctx.results["others"] < 2.0, "a GET took %.1f s" % ctx.results["others"])


if __name__ == "__main__":
    sys.exit(main(lambda: Context()))
