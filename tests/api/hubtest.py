# SPDX-License-Identifier: EUPL-1.2
"""Black-box harness for the hub API tests: a real `wegwijs-hub` on a random
loopback port, its own CA from `wegwijs-hub demo`, real TLS. Standard
library only; every test program prints TAP."""

import configparser
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid

HUB = os.environ.get("WEGWIJS_HUB", "wegwijs-hub")
SRCDIR = os.environ.get("WEGWIJS_API_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
UPL = os.environ.get("WEGWIJS_UPL", os.path.join(SRCDIR, "..", "..", "data", "upl", "upl.csv"))
CATALOG = os.path.join(SRCDIR, "catalog")
# The store under test: the api suite runs as `api` (SQLite) and as `api-pg`
# (WEGWIJS_STORE=postgresql) against a cluster from build-aux/pg-cluster.
STORE = os.environ.get("WEGWIJS_STORE", "sqlite")
PG_DSN = os.environ.get("WEGWIJS_PG_DSN", "")


def require_store():
    """The PostgreSQL variants fail loudly without a database, never skip."""
    if STORE not in ("sqlite", "postgresql"):
        print("Bail out! WEGWIJS_STORE must be sqlite or postgresql, not %r" % STORE, flush=True)
        sys.exit(1)
    if STORE == "postgresql" and not PG_DSN:
        print("Bail out! WEGWIJS_STORE=postgresql needs WEGWIJS_PG_DSN (a libpq key=value connection string "
              "to a database where CREATE DATABASE is allowed); start one with: "
              "eval \"$(build-aux/pg-cluster start DIR)\"", flush=True)
        sys.exit(1)


def psql(sql, dsn=None, variables=None):
    """Runs SQL with psql; values travel as psql variables (:'p1'), not in the text."""
    argv = ["psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", dsn or PG_DSN]
    for name, value in (variables or {}).items():
        argv += ["-v", "%s=%s" % (name, value)]
    result = subprocess.run(argv, input=sql + "\n", capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError("psql failed: %s" % result.stderr.strip())
    return result.stdout


class PgCursor:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return list(self.rows)

    def __iter__(self):
        return iter(self.rows)


class PgDb:
    """Enough of sqlite3's connection for the tests' look into the store."""

    # SQLite's self-check, as PostgreSQL can say it: no index left invalid.
    TRANSLATIONS = {
        "PRAGMA integrity_check":
            "SELECT CASE WHEN COALESCE (bool_and (indisvalid), true) THEN 'ok' ELSE 'invalid index' END FROM pg_index",
    }

    def __init__(self, dsn):
        self.dsn = dsn

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass

    def execute(self, sql, params=()):
        sql = self.TRANSLATIONS.get(sql, sql)
        variables = {}
        parts = sql.split("?")
        text = parts[0]
        for i, part in enumerate(parts[1:], 1):
            variables["p%d" % i] = params[i - 1]
            text += ":'p%d'" % i + part
        out = psql(text, self.dsn, variables)
        rows = []
        for line in out.splitlines():
            if line == "":
                continue
            rows.append(tuple(int(v) if v.lstrip("-").isdigit() else v for v in line.split("\x1f")))
        return PgCursor(rows)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<%d %s>" % (self.status, self.body[:300])


_hubs = []


class Hub:
    """A demo hub in a temporary directory."""

    def __init__(self, limits=None, keepalive=1, catalog=None, share=None, presence=False):
        """share=another Hub: a second hub process on the same database and
        configuration (several hubs on PostgreSQL). presence=False keeps the
        queue open without a volunteer on duty (the tests about tickets);
        test-help.py tests the real rule."""
        _hubs.append(self)  # cleaned up by main() even when setup fails
        self.process = None
        self.port = None
        self._local = threading.local()
        self.owner = share is None
        if share is not None:
            self.name = "hub%d" % len(_hubs)
            for attr in ("dir", "catalog", "conf", "ca", "context", "kiosk", "accounts", "pg_dsn"):
                setattr(self, attr, getattr(share, attr))
            return
        self.name = "hub"
        require_store()
        self.dir = tempfile.mkdtemp(prefix="wegwijs-hub-test-")
        self.pg_dsn = None
        demo_store = []
        if STORE == "postgresql":
            database = "wwt_" + uuid.uuid4().hex[:16]
            psql('CREATE DATABASE "%s"' % database)
            # In a key=value connection string the last dbname wins.
            self.pg_dsn = PG_DSN + " dbname=" + database
            demo_store = ["--postgresql", self.pg_dsn]
        self.catalog = catalog or os.path.join(self.dir, "catalog")
        if catalog is None:
            shutil.copytree(CATALOG, self.catalog)
        run([HUB, "demo", "--dir", self.dir, "--port", "0", "--catalog", self.catalog, "--upl", UPL] + demo_store)
        self.conf = os.path.join(self.dir, "hub.conf")
        settings = {"ticket-burst": "100000", "ticket-rate-per-minute": "100000",
                    "keepalive-seconds": str(keepalive), "login-attempts": "1000"}
        settings.update(limits or {})
        self.write_limits(self.conf, settings)
        self.write_settings(self.conf, "hub", {"queue-needs-volunteer": "1" if presence else "0"})
        self.ca = os.path.join(self.dir, "ca.pem")
        self.context = ssl.create_default_context(cafile=self.ca)
        with open(os.path.join(self.dir, "kiosk-centrale-1.json")) as f:
            self.kiosk = json.load(f)
        with open(os.path.join(self.dir, "volunteers.json")) as f:
            self.accounts = json.load(f)

    @staticmethod
    def write_limits(path, settings):
        Hub.write_settings(path, "limits", settings)

    @staticmethod
    def write_settings(path, group, settings):
        parser = configparser.ConfigParser(interpolation=None)
        parser.optionxform = str
        parser.read(path)
        for key, value in settings.items():
            parser.set(group, key, value)
        with open(path, "w") as f:
            parser.write(f)

    def start(self, conf=None, timeout=15):
        port_file = os.path.join(self.dir, self.name + ".port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        self.log = open(os.path.join(self.dir, self.name + ".log"), "ab")
        self.process = subprocess.Popen([HUB, "serve", "--config", conf or self.conf, "--port", "0",
                                         "--port-file", port_file],
                                        stdout=self.log, stderr=self.log)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(port_file):
                text = open(port_file).read().strip()
                if text:
                    self.port = int(text)
                    self._local = threading.local()
                    return self
            if self.process.poll() is not None:
                raise RuntimeError("the hub exited with %d: %s" % (self.process.returncode, self.read_log()))
            time.sleep(0.02)
        raise RuntimeError("the hub did not start")

    def read_log(self):
        with open(os.path.join(self.dir, self.name + ".log"), "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self, sig=signal.SIGTERM):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill9(self):
        self.process.kill()  # SIGKILL
        self.process.wait()
        self.process = None

    def cleanup(self):
        self.stop()
        if not self.owner:
            return
        for hub in _hubs:
            if hub is not self and not hub.owner and hub.dir == getattr(self, "dir", None):
                hub.stop()
        if getattr(self, "pg_dsn", None):
            try:
                psql('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % self.pg_dsn.rsplit("dbname=", 1)[1])
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        if hasattr(self, "dir"):
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- HTTP --------------------------------------------------------------

    def connection(self, fresh=False):
        conn = getattr(self._local, "conn", None)
        if conn is None or fresh:
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=30)
            if not fresh:
                self._local.conn = conn
        return conn

    def request(self, method, path, token=None, body=None, headers=None, raw=None, fresh=False):
        all_headers = {}
        if token is not None:
            all_headers["Authorization"] = "Bearer " + token
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        for attempt in range(2):
            conn = self.connection(fresh=fresh)
            try:
                conn.request(method, path, body=data, headers=all_headers)
                response = conn.getresponse()
                result = Response(response.status, response.getheaders(), response.read())
                if fresh or response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    self._local.conn = None
                return result
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest, http.client.ResponseNotReady):
                conn.close()
                self._local.conn = None
                if attempt == 1 or fresh:
                    raise

    def get(self, path, token=None, **kw):
        return self.request("GET", path, token=token, **kw)

    def post(self, path, token=None, body=None, **kw):
        return self.request("POST", path, token=token, body=body, **kw)

    # -- accounts ------------------------------------------------------------

    @property
    def kiosk_token(self):
        return self.kiosk["token"]

    def login(self, role="volunteer", username=None, password=None):
        account = self.accounts[role]
        response = self.post("/v1/sessions", body={"username": username or account["username"],
                                                   "password": password or account["password"]})
        assert response.status == 201, response
        return response.json["token"]

    def admin(self, *args, stdin=None, check=True):
        result = subprocess.run([HUB, "admin", "--config", self.conf] + list(args), input=stdin,
                                capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise RuntimeError("admin %s failed (%d): %s" % (args, result.returncode, result.stderr))
        return result

    def enrol_kiosk(self, kiosk_id, branch="centrale"):
        out = os.path.join(self.dir, kiosk_id + ".json")
        self.admin("enrol-kiosk", kiosk_id, branch, "--output", out)
        with open(out) as f:
            return json.load(f)["token"]

    def add_volunteer(self, username, branch, admin=False):
        password = "pw-" + uuid.uuid4().hex
        args = ["add-volunteer", username, branch, "--password-stdin"] + (["--admin"] if admin else [])
        self.admin(*args, stdin=password + "\n")
        return self.login(username=username, password=password)

    def db(self):
        if self.pg_dsn:
            return PgDb(self.pg_dsn)
        return sqlite3.connect(os.path.join(self.dir, "hub.db"), timeout=30)

    def new_ticket(self, token=None, topic="digid", key=None, **fields):
        body = {"topic": topic, "language": "nl"}
        body.update(fields)
        response = self.post("/v1/tickets", token or self.kiosk_token, body,
                             headers={"Idempotency-Key": key or uuid.uuid4().hex})
        assert response.status == 201, response
        return response.json


class EventStream:
    """A minimal Server-Sent Events client over its own TLS connection:
    GET /v1/events with TOKEN (and Last-Event-ID to resume); each event a
    dict of its fields; comments (the keep-alives) are counted."""

    def __init__(self, hub, token, last_event_id=None):
        self.conn = http.client.HTTPSConnection("127.0.0.1", hub.port, context=hub.context, timeout=10)
        headers = {"Authorization": "Bearer " + token, "Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self.conn.request("GET", "/v1/events", headers=headers)
        self.response = self.conn.getresponse()
        self.comments = 0

    def next_event(self, timeout=10):
        deadline = time.time() + timeout
        event = {}
        while time.time() < deadline:
            line = self.response.readline()
            if not line:
                raise EOFError("stream ended")
            line = line.decode("utf-8").rstrip("\n")
            if line == "":
                if "data" in event:
                    return event
                continue
            if line.startswith(":"):
                self.comments += 1
                continue
            field, _, value = line.partition(":")
            event[field] = value[1:] if value.startswith(" ") else value
        raise TimeoutError("no event")

    def events(self, count, timeout=10):
        return [self.next_event(timeout) for _ in range(count)]

    def close(self):
        try:
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.conn.close()


def run(argv, **kw):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120, **kw)
    if result.returncode != 0:
        raise RuntimeError("%s failed (%d): %s %s" % (argv, result.returncode, result.stdout, result.stderr))
    return result


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


# -- TAP ---------------------------------------------------------------------

_tests = []


def test(function):
    _tests.append(function)
    return function


def check(condition, message="check failed"):
    if not condition:
        raise AssertionError(message)


def sanitizer_reports(hub):
    """AddressSanitizer and UBSan findings in the hub's log (a -Db_sanitize build)."""
    return [line for line in hub.read_log().splitlines()
            if "ERROR: AddressSanitizer" in line or "runtime error:" in line]


def expect_problem(response, status, message=""):
    """Every error: the status, problem+json with status, title, detail, and API-Version."""
    check(response.status == status, "%s: expected %d, got %r" % (message, status, response))
    check(response.header("Content-Type") == "application/problem+json",
          "%s: content type %s" % (message, response.header("Content-Type")))
    check(response.header("API-Version") == "0.1.0", "%s: no API-Version" % message)
    problem = response.json
    check(problem.get("status") == status, "%s: problem status %r" % (message, problem))
    check(isinstance(problem.get("title"), str) and problem["title"], "%s: no title" % message)
    check(isinstance(problem.get("detail"), str) and problem["detail"], "%s: no detail" % message)
    return problem


def main(setup=None, teardown=None):
    print("1..%d" % len(_tests), flush=True)
    failed = 0
    context = None
    try:
        context = setup() if setup else None
    except Exception:
        for i, function in enumerate(_tests, 1):
            print("not ok %d - %s # setup failed" % (i, function.__name__))
        traceback.print_exc(file=sys.stdout)
        for hub in _hubs:
            hub.cleanup()
        return 1
    try:
        for i, function in enumerate(_tests, 1):
            started = time.time()
            try:
                function(context) if setup else function()
                print("ok %d - %s (%.1fs)" % (i, function.__name__, time.time() - started), flush=True)
            except Exception:
                failed += 1
                print("not ok %d - %s" % (i, function.__name__), flush=True)
                for line in traceback.format_exc().splitlines():
                    print("# " + line)
                if context is not None and hasattr(context, "read_log"):
                    try:
                        for line in context.read_log().splitlines()[-15:]:
                            print("#   hub: " + line)
                    except OSError:
                        pass
                sys.stdout.flush()
    finally:
        if teardown:
            teardown(context)
        for hub in _hubs:
            hub.cleanup()
    return 1 if failed else 0
