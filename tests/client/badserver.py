#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""A misbehaving HTTPS server for the client tests, on loopback only.

Usage: badserver.py CERTDIR
Prints one JSON line with its ports when ready, then serves until stdin
closes (so it never outlives the test that started it).

The main port (good certificate) answers these paths:
  /ok                 200 {"ok": true}
  /slow               a body of 100 bytes at 1 byte per second
  /huge-chunked       a 20 MB chunked body
  /truncated          Content-Length 100, then 50 bytes and a closed connection
  /invalid-json       200 application/json that is not JSON
  /redirect-http      302 to http://
  /redirect-file      302 to file:///etc/passwd
  /redirect-loop      302 to itself
  /redirect-ok        302 to /ok
  /problem            409 application/problem+json
  /plain-error        500 text/html
  /flaky/NAME         503 (Retry-After: 0) twice per NAME, then 200
  /limited/NAME       429 (Retry-After: 1) once per NAME, then 200
  /count/NAME         how often /flaky/NAME and /limited/NAME were asked
  /headers            the request headers as JSON
  /sse                an event stream, cut into awkward chunks, honouring Last-Event-ID
  /sse-silent         one event, then silence
  /sse-wrong-type     200 text/plain
Other ports: never-accept (listens, never accepts), wrong-host, expired,
unknown-ca (TLS with those certificates, answering /ok).
"""

import json
import os
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTS = {}
COUNTS_LOCK = threading.Lock()


def bump(name):
    with COUNTS_LOCK:
        COUNTS[name] = COUNTS.get(name, 0) + 1
        return COUNTS[name]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_body(self, status, body, content_type="application/json", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0") or 0)
        body = self.rfile.read(length)
        if self.path.startswith("/flaky/") or self.path.startswith("/count/"):
            return self.do_GET()
        if self.path == "/echo":
            return self.send_body(200, body, self.headers.get("Content-Type", "application/octet-stream"))
        return self.send_body(404, "{}")

    def do_GET(self):
        path = self.path
        port = self.server.server_address[1]
        if path == "/ok":
            return self.send_body(200, '{"ok": true}')
        if path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            return
        if path == "/huge-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"[" + b" " * 65534 + b"]"
            try:
                for _ in range(20 * 16):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            return
        if path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"[" + b"1," * 24 + b"1")
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if path == "/invalid-json":
            return self.send_body(200, "{not json")
        if path == "/redirect-http":
            return self.redirect(f"http://127.0.0.1:{port}/ok")
        if path == "/redirect-file":
            return self.redirect("file:///etc/passwd")
        if path == "/redirect-loop":
            return self.redirect("/redirect-loop")
        if path == "/redirect-ok":
            return self.redirect("/ok")
        if path == "/problem":
            problem = {"type": "about:blank", "status": 409, "title": "Conflict",
                       "detail": "Another volunteer called this ticket first."}
            return self.send_body(409, json.dumps(problem), "application/problem+json")
        if path == "/plain-error":
            return self.send_body(500, "<h1>oops</h1>", "text/html")
        if path.startswith("/flaky/"):
            if bump(path) <= 2:
                return self.send_body(503, "{}", headers=[("Retry-After", "0")])
            return self.send_body(200, '{"ok": true}')
        if path.startswith("/limited/"):
            if bump(path) <= 1:
                return self.send_body(429, "{}", headers=[("Retry-After", "1")])
            return self.send_body(200, '{"ok": true}')
        if path.startswith("/count/"):
            name = path[len("/count/"):]
            with COUNTS_LOCK:
                counts = {"flaky": COUNTS.get("/flaky/" + name, 0), "limited": COUNTS.get("/limited/" + name, 0)}
            return self.send_body(200, json.dumps(counts))
        if path == "/headers":
            return self.send_body(200, json.dumps({k.lower(): v for k, v in self.headers.items()}))
        if path == "/sse":
            return self.serve_sse()
        if path == "/sse-silent":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            try:
                self.wfile.write(b"id: 1\ndata: hello\n\n")
                self.wfile.flush()
                time.sleep(30)
            except OSError:
                pass
            self.close_connection = True
            return
        if path == "/sse-wrong-type":
            return self.send_body(200, "data: no\n\n", "text/plain")
        return self.send_body(404, "{}")

    def serve_sse(self):
        # Events 1..6; the connection drops after event 3 the first time, so
        # the client must resume with Last-Event-ID: 3.
        start = int(self.headers.get("Last-Event-ID", "0") or 0)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        stream = "\ufeff" if start == 0 else ""
        stream += ": keep-alive\r\nretry: 100\r\n\r\n"
        for n in range(start + 1, 7):
            stream += f"id: {n}\r\nevent: ticket\r\ndata: {{\"n\": {n},\r\ndata:  \"text\": \"é — ق\"}}\r\n\r\n"
            if n == 3 and start == 0:
                break
        data = stream.encode()
        try:
            # Awkward chunks: inside UTF-8 sequences and between CR and LF.
            for i in range(0, len(data), 7):
                self.wfile.write(data[i:i + 7])
                self.wfile.flush()
                time.sleep(0.001)
            if start != 0:
                time.sleep(30)
        except OSError:
            pass
        self.close_connection = True


def tls_server(certdir, name):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(certdir, name + ".pem"), os.path.join(certdir, name + "-key.pem"))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    certdir = sys.argv[1]
    ports = {name: tls_server(certdir, name) for name in ("good", "wrong-host", "expired", "unknown-ca")}

    never = socket.socket()
    never.bind(("127.0.0.1", 0))
    never.listen(8)
    ports["never-accept"] = never.getsockname()[1]

    print(json.dumps(ports), flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
