#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Every endpoint, every transition and every error status of the hub, over
real TLS. TAP output."""

import concurrent.futures
import datetime
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubtest import sanitizer_reports, Hub, HUB, STORE, check, expect_problem, main, sha256, test  # noqa: E402


class Context:
    pass


def setup():
    hub = Hub().start()
    hub.volunteer = hub.login("volunteer")
    hub.admin_token = hub.login("admin")
    return hub


def teardown(hub):
    if hub is not None:
        hub.cleanup()


# -- transport and contract ----------------------------------------------------

@test
def plain_http_is_never_served(hub):
    with socket.create_connection(("127.0.0.1", hub.port), timeout=5) as sock:
        sock.sendall(b"GET /v1/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n")
        sock.settimeout(5)
        try:
            data = sock.recv(4096)
        except (ConnectionResetError, socket.timeout):
            data = b""
    check(b"HTTP/1.1 200" not in data and b"openapi" not in data, "plain HTTP got an answer: %r" % data[:100])


@test
def tls_is_verified_against_the_demo_ca(hub):
    other = ssl.create_default_context()  # system CAs only: must not trust the demo CA
    try:
        with socket.create_connection(("127.0.0.1", hub.port), timeout=5) as sock:
            with other.wrap_socket(sock, server_hostname="localhost"):
                pass
        raise AssertionError("a client without the demo CA trusted the hub")
    except ssl.SSLCertVerificationError:
        pass


@test
def openapi_is_served_without_auth_and_is_the_source_file(hub):
    response = hub.get("/v1/openapi.json")
    check(response.status == 200, response)
    check(response.header("API-Version") == "0.1.0")
    check(response.header("Content-Type") == "application/json")
    source = os.path.join(os.environ.get("WEGWIJS_HUB_SRCDIR", ""), "openapi.json")
    if os.path.exists(source):
        check(open(source, "rb").read() == response.body, "served document differs from src/hub/openapi.json")
    document = response.json
    check(document["openapi"].startswith("3.0"), document["openapi"])
    check("/tickets/{ticketId}/_call" in document["paths"])


# -- catalogue ------------------------------------------------------------------

@test
def catalogue_in_each_language_with_fallback(hub):
    en = hub.get("/v1/categories?lang=en", hub.kiosk_token)
    nl = hub.get("/v1/categories", hub.kiosk_token)
    check(en.status == 200 and nl.status == 200)
    check(en.header("Content-Language") == "en" and nl.header("Content-Language") == "nl")
    check(en.json["categories"][0]["title"] != nl.json["categories"][0]["title"], "same title in nl and en")
    ar = hub.get("/v1/services", hub.kiosk_token, headers={"Accept-Language": "fr;q=1, ar;q=0.8, en;q=0.5"})
    check(ar.header("Content-Language") == "ar", ar.header("Content-Language"))
    services = ar.json["services"]
    check({s["serviceId"] for s in services} == {"paspoort", "kwijtschelding", "digid-aanvragen"}, services)
    service = hub.get("/v1/services/paspoort?lang=uk", hub.kiosk_token)
    check(service.status == 200, service)
    body = service.json
    check(body["serviceId"] == "paspoort" and len(body["steps"]) >= 3 and body["upl"].startswith("http"), body)
    check(service.header("ETag") != en.header("ETag"))


@test
def catalogue_etag_and_304(hub):
    first = hub.get("/v1/services/paspoort?lang=nl", hub.kiosk_token)
    etag = first.header("ETag")
    check(etag and etag.startswith('"'), etag)
    again = hub.get("/v1/services/paspoort?lang=nl", hub.kiosk_token, headers={"If-None-Match": etag})
    check(again.status == 304, again)
    check(again.header("API-Version") == "0.1.0" and again.header("ETag") == etag)
    check(again.body == b"")
    other = hub.get("/v1/services/paspoort?lang=en", hub.kiosk_token, headers={"If-None-Match": etag})
    check(other.status == 200, "an nl ETag matched the en representation")
    listed = hub.get("/v1/categories", hub.kiosk_token, headers={"If-None-Match": 'W/"x", ' + hub.get(
        "/v1/categories", hub.kiosk_token).header("ETag")})
    check(listed.status == 304, listed)


@test
def bodiless_answers_keep_the_connection(hub):
    """A 204 (logout) and a 304 leave a keep-alive connection open: libsoup
    3.2 used to close it after every 204. One TLS connection, one socket,
    every request on it."""
    token = hub.login("volunteer")
    raw = socket.create_connection(("127.0.0.1", hub.port), timeout=10)
    sock = hub.context.wrap_socket(raw, server_hostname="127.0.0.1")
    reader = sock.makefile("rb")

    def ask(method, path, bearer, extra=""):
        sock.sendall(("%s %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n%s\r\n"
                      % (method, path, bearer, extra)).encode())
        line = reader.readline()
        check(line != b"", "the hub closed the connection instead of answering %s %s" % (method, path))
        status = int(line.split()[1])
        headers = {}
        while True:
            line = reader.readline()
            check(line != b"", "the hub closed the connection after %s %s" % (method, path))
            if line == b"\r\n":
                break
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        body = reader.read(int(headers.get("content-length", "0")))
        check("close" not in headers.get("connection", "").lower(), "Connection: close after %d" % status)
        return status, headers, body

    try:
        status, headers, _ = ask("GET", "/v1/services", hub.kiosk_token)
        check(status == 200, status)
        status, _, body = ask("GET", "/v1/services", hub.kiosk_token, "If-None-Match: %s\r\n" % headers["etag"])
        check(status == 304 and body == b"", status)
        status, headers, body = ask("DELETE", "/v1/sessions/current", token)
        check(status == 204 and body == b"" and "content-length" not in headers, (status, headers))
        # Still the same connection: the next request is answered on it.
        status, _, _ = ask("GET", "/v1/services", hub.kiosk_token)
        check(status == 200, status)
        status, _, _ = ask("GET", "/v1/queue", token)
        check(status == 401, "the logged-out token still worked: %d" % status)
    finally:
        reader.close()
        sock.close()


@test
def catalogue_errors(hub):
    expect_problem(hub.get("/v1/services?lang=fr", hub.kiosk_token), 400, "unknown lang")
    expect_problem(hub.get("/v1/services?language=nl", hub.kiosk_token), 400, "unknown query key")
    expect_problem(hub.get("/v1/services/bestaat-niet", hub.kiosk_token), 404, "unknown service")
    expect_problem(hub.get("/v1/services/"), 404, "trailing slash")
    expect_problem(hub.get("/v1/services", hub.kiosk_token + "x"), 401, "bad token")
    expect_problem(hub.get("/v1/services"), 401, "no token")
    expect_problem(hub.get("/v1/services", "wwk_" + "A" * 43), 401, "unknown token")
    expect_problem(hub.request("DELETE", "/v1/services", hub.kiosk_token), 405, "method")
    check(hub.request("PUT", "/v1/services", hub.kiosk_token).header("Allow") == "GET, HEAD")
    expect_problem(hub.get("/v2/services"), 404, "no v2")
    expect_problem(hub.get("/"), 404, "root")


@test
def sighup_reloads_and_a_broken_catalogue_is_rejected(hub):
    before = hub.get("/v1/services", hub.kiosk_token)
    # A broken file: the old catalogue must stay.
    broken = os.path.join(hub.catalog, "kapot.json")
    with open(broken, "w") as f:
        f.write('{"schemaVersion": 1, "id": "kapot"')
    hub.process.send_signal(signal.SIGHUP)
    time.sleep(1.0)
    during = hub.get("/v1/services", hub.kiosk_token)
    check(during.status == 200 and during.header("ETag") == before.header("ETag"), "broken catalogue replaced the old one")
    check("rejected" in hub.read_log(), "the rejection was not logged")
    os.unlink(broken)
    # A valid change is picked up.
    path = os.path.join(hub.catalog, "paspoort.json")
    data = json.load(open(path))
    data["title"]["en"] = "Apply for a passport (reloaded)"
    with open(path, "w") as f:
        json.dump(data, f, ensure_ascii=False)
    hub.process.send_signal(signal.SIGHUP)
    deadline = time.time() + 10
    while time.time() < deadline:
        after = hub.get("/v1/services/paspoort?lang=en", hub.kiosk_token)
        if after.json["title"].endswith("(reloaded)"):
            break
        time.sleep(0.1)
    check(after.json["title"].endswith("(reloaded)"), after.json["title"])
    check(hub.get("/v1/services", hub.kiosk_token).header("ETag") != before.header("ETag"))


# -- tickets ------------------------------------------------------------------

@test
def ticket_number_letter_position_and_estimate(hub):
    first = hub.new_ticket(topic="money")
    second = hub.new_ticket(topic="other")
    check(first["number"][0] == "B" and second["number"][0] == "E", (first["number"], second["number"]))
    check(int(second["number"][2:]) == int(first["number"][2:]) + 1, "numbers are not consecutive")
    check(first["state"] == "waiting" and second["position"] == first["position"] + 1)
    check(second["estimatedWaitSeconds"] >= first["estimatedWaitSeconds"] > 0)
    created = datetime.datetime.fromisoformat(first["createdAt"])
    check(created.utcoffset() is not None, "createdAt has no offset")
    for topic, letter in [("digid", "A"), ("municipality", "C"), ("device", "D")]:
        check(hub.new_ticket(topic=topic)["number"][0] == letter)
    read = hub.get("/v1/tickets/" + first["ticketId"], hub.kiosk_token)
    check(read.status == 200 and read.json["number"] == first["number"], read)


@test
def every_transition_and_every_wrong_one(hub):
    vol = hub.volunteer
    t = hub.new_ticket(firstName="Anouk")
    tid = t["ticketId"]
    path = "/v1/tickets/" + tid + "/"
    # wrong from waiting
    for action in ("_start", "_finish", "_noshow", "_requeue"):
        expect_problem(hub.post(path + action, vol), 409, action + " from waiting")
    called = hub.post(path + "_call", vol, {"deskId": "balie-1"})
    check(called.status == 200 and called.json["state"] == "called" and called.json["deskId"] == "balie-1", called)
    check(called.json["calledAt"] is not None and called.json["position"] == 0)
    expect_problem(hub.post(path + "_call", vol, {"deskId": "balie-2"}), 409, "call twice")
    requeued = hub.post(path + "_requeue", vol)
    check(requeued.json["state"] == "waiting" and requeued.json["deskId"] is None, requeued)
    hub.post(path + "_call", vol, {"deskId": "balie-2"})
    started = hub.post(path + "_start", vol)
    check(started.json["state"] == "inProgress", started)
    expect_problem(hub.post(path + "_noshow", vol), 409, "noshow from inProgress")
    expect_problem(hub.post(path + "_cancel", vol), 409, "cancel from inProgress")
    requeued = hub.post(path + "_requeue", vol)
    check(requeued.json["state"] == "waiting")
    hub.post(path + "_call", vol, {"deskId": "balie-1"})
    hub.post(path + "_start", vol)
    done = hub.post(path + "_finish", vol)
    check(done.json["state"] == "done" and done.json["closedAt"] and done.json["firstName"] is None, done)
    for action in ("_call", "_start", "_finish", "_noshow", "_cancel", "_requeue"):
        body = {"deskId": "balie-1"} if action == "_call" else None
        expect_problem(hub.post(path + action, vol, body), 409, action + " from done")

    # no-show and cancel
    t2 = hub.new_ticket(firstName="Bram")["ticketId"]
    hub.post("/v1/tickets/%s/_call" % t2, vol, {"deskId": "balie-1"})
    noshow = hub.post("/v1/tickets/%s/_noshow" % t2, vol)
    check(noshow.json["state"] == "noShow" and noshow.json["firstName"] is None, noshow)
    t3 = hub.new_ticket(firstName="Chris")["ticketId"]
    cancelled = hub.post("/v1/tickets/%s/_cancel" % t3, hub.kiosk_token)
    check(cancelled.json["state"] == "cancelled" and cancelled.json["firstName"] is None, cancelled)
    t4 = hub.new_ticket()["ticketId"]
    hub.post("/v1/tickets/%s/_call" % t4, vol, {"deskId": "balie-1"})
    check(hub.post("/v1/tickets/%s/_cancel" % t4, vol).json["state"] == "cancelled")
    # the database holds no first name for closed tickets
    with hub.db() as db:
        rows = db.execute("SELECT COUNT(*) FROM tickets WHERE first_name IS NOT NULL AND state IN "
                          "('done','noShow','cancelled')").fetchone()
    check(rows[0] == 0, "a closed ticket still has a first name")


@test
def transition_errors(hub):
    vol = hub.volunteer
    tid = hub.new_ticket()["ticketId"]
    path = "/v1/tickets/%s/_call" % tid
    expect_problem(hub.post(path, vol, {"deskId": "noord-1"}), 422, "desk of another branch")
    expect_problem(hub.post(path, vol, {"deskId": "nope"}), 422, "unknown desk")
    expect_problem(hub.post(path, vol), 400, "missing body")
    expect_problem(hub.post(path, vol, {"deskId": 7}), 400, "wrong type")
    expect_problem(hub.post(path, vol, {"deskId": "balie-1", "extra": 1}), 400, "unknown field")
    expect_problem(hub.post(path, vol, raw=b'{"deskId": "balie-1"}', headers={"Content-Type": "text/plain"}), 415, "type")
    expect_problem(hub.post(path, hub.kiosk_token, {"deskId": "balie-1"}), 403, "kiosk may not call")
    expect_problem(hub.post("/v1/tickets/%s/_fly" % tid, vol), 404, "unknown action")
    expect_problem(hub.post("/v1/tickets/%s/_call" % uuid.uuid4(), vol, {"deskId": "balie-1"}), 404, "unknown ticket")
    expect_problem(hub.get("/v1/tickets/%s" % uuid.uuid4(), vol), 404, "unknown ticket get")
    expect_problem(hub.get("/v1/tickets/%27%3B%20DROP", vol), 404, "sql-ish id")
    expect_problem(hub.request("GET", path, vol), 405, "GET on a transition")


@test
def another_branch_and_another_kiosk_are_refused(hub):
    other_kiosk = hub.enrol_kiosk("kiosk-test-2")
    noord_kiosk = hub.enrol_kiosk("kiosk-noord-1", "noord")
    noord_volunteer = hub.add_volunteer("noord-vrijwilliger", "noord")
    mine = hub.new_ticket(firstName="Daan")
    expect_problem(hub.get("/v1/tickets/" + mine["ticketId"], other_kiosk), 403, "another kiosk's ticket")
    expect_problem(hub.post("/v1/tickets/%s/_cancel" % mine["ticketId"], other_kiosk), 403, "cancel another's")
    expect_problem(hub.get("/v1/tickets/" + mine["ticketId"], noord_volunteer), 403, "another branch's volunteer")
    expect_problem(hub.post("/v1/tickets/%s/_call" % mine["ticketId"], noord_volunteer, {"deskId": "noord-1"}), 403,
                   "call another branch's ticket")
    expect_problem(hub.get("/v1/queue?branchId=centrale", noord_volunteer), 403, "another branch's queue")
    check(hub.get("/v1/tickets/" + mine["ticketId"], hub.admin_token).status == 200, "admin sees every branch")
    noord_ticket = hub.new_ticket(token=noord_kiosk)
    check(noord_ticket["branchId"] == "noord" and noord_ticket["number"].endswith("-001"), noord_ticket)


@test
def queue_lists_called_then_waiting_in_order(hub):
    vol = hub.volunteer
    queue = hub.get("/v1/queue", vol)
    check(queue.status == 200, queue)
    tickets = queue.json["tickets"]
    waiting = [t for t in tickets if t["state"] == "waiting"]
    check([t["position"] for t in waiting] == list(range(1, len(waiting) + 1)), [t["position"] for t in waiting])
    check(all(t["state"] in ("waiting", "called", "inProgress") for t in tickets))
    expect_problem(hub.get("/v1/queue", hub.kiosk_token), 403, "kiosk queue")
    expect_problem(hub.get("/v1/queue", hub.admin_token), 400, "admin without branchId")
    check(hub.get("/v1/queue?branchId=noord", hub.admin_token).status == 200)
    expect_problem(hub.get("/v1/queue?branchId=%27or%201%3D1", hub.admin_token), 400, "bad branchId")


@test
def desks_of_a_branch(hub):
    desks = hub.get("/v1/desks", hub.volunteer)
    check(desks.status == 200, desks)
    check([d["deskId"] for d in desks.json["desks"]] == ["balie-1", "balie-2"], desks.json)
    check(all(d["branchId"] == "centrale" and d["name"] for d in desks.json["desks"]), desks.json)
    check(hub.get("/v1/desks?branchId=centrale", hub.volunteer).status == 200)
    noord = hub.get("/v1/desks?branchId=noord", hub.admin_token)
    check([d["deskId"] for d in noord.json["desks"]] == ["noord-1"], noord.json)
    expect_problem(hub.get("/v1/desks?branchId=noord", hub.volunteer), 403, "another branch's desks")
    expect_problem(hub.get("/v1/desks", hub.kiosk_token), 403, "kiosk desks")
    expect_problem(hub.get("/v1/desks", hub.admin_token), 400, "admin without branchId")
    expect_problem(hub.get("/v1/desks?branchId=%27or%201%3D1", hub.admin_token), 400, "bad branchId")
    expect_problem(hub.get("/v1/desks?branch=centrale", hub.volunteer), 400, "unknown query key")
    expect_problem(hub.get("/v1/desks"), 401, "no token")


@test
def bad_ticket_input(hub):
    k = hub.kiosk_token
    key = {"Idempotency-Key": uuid.uuid4().hex}
    expect_problem(hub.post("/v1/tickets", k, {"topic": "digid", "language": "nl"}), 400, "no Idempotency-Key")
    expect_problem(hub.post("/v1/tickets", k, {"topic": "digid", "language": "nl"},
                            headers={"Idempotency-Key": "x" * 101}), 400, "long key")
    expect_problem(hub.post("/v1/tickets", k, raw=b'{"topic": "digid", "language": ', headers=dict(
        key, **{"Content-Type": "application/json"})), 400, "malformed JSON")
    expect_problem(hub.post("/v1/tickets", k, raw=b'{"topic": "digid", "language": "nl"} x', headers=dict(
        key, **{"Content-Type": "application/json"})), 400, "trailing garbage")
    expect_problem(hub.post("/v1/tickets", k, raw=b"[1, 2]", headers=dict(key, **{"Content-Type": "application/json"})),
                   400, "not an object")
    expect_problem(hub.post("/v1/tickets", k, raw=b'{"topic": "digid", "language": "nl", "firstName": "\xff"}',
                            headers=dict(key, **{"Content-Type": "application/json"})), 400, "bad UTF-8")
    expect_problem(hub.post("/v1/tickets", k, {"topic": 3, "language": "nl"}, headers=key), 400, "wrong type")
    expect_problem(hub.post("/v1/tickets", k, {"topic": "cooking", "language": "nl"}, headers=key), 400, "bad topic")
    expect_problem(hub.post("/v1/tickets", k, {"topic": "digid", "language": "fr"}, headers=key), 400, "bad language")
    expect_problem(hub.post("/v1/tickets", k, {"topic": "digid"}, headers=key), 400, "missing language")
    expect_problem(hub.post("/v1/tickets", k, {"topic": "digid", "language": "nl", "admin": True}, headers=key),
                   400, "unknown field")
    expect_problem(hub.post("/v1/tickets", k, {"topic": "digid", "language": "nl", "firstName": "x" * 41},
                            headers=key), 400, "long name")
    expect_problem(hub.post("/v1/tickets", k, {"topic": "digid", "language": "nl", "firstName": "a\u0007b"},
                            headers=key), 400, "control character")
    expect_problem(hub.post("/v1/tickets", k, {"topic": "digid", "language": "nl", "serviceId": "nope"},
                            headers=key), 422, "unknown service")
    expect_problem(hub.post("/v1/tickets", k, raw=b'{"topic":"digid","language":"nl"}',
                            headers=dict(key, **{"Content-Type": "application/xml"})), 415, "xml")
    deep = b'{"topic":' + b"[" * 100 + b"]" * 100 + b"}"
    expect_problem(hub.post("/v1/tickets", k, raw=deep, headers=dict(key, **{"Content-Type": "application/json"})),
                   400, "deep JSON")
    expect_problem(hub.post("/v1/tickets", hub.volunteer, {"topic": "digid", "language": "nl"}, headers=key), 403,
                   "volunteer creates")
    with hub.db() as db:
        count = db.execute("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = ?", (key["Idempotency-Key"],))
        check(count.fetchone()[0] == 0, "a refused request left an idempotency key")


@test
def huge_bodies_get_413(hub):
    k = hub.kiosk_token
    big = json.dumps({"topic": "digid", "language": "nl", "firstName": "x" * 200000}).encode()
    expect_problem(hub.post("/v1/tickets", k, raw=big, fresh=True,
                            headers={"Content-Type": "application/json", "Idempotency-Key": "huge"}), 413, "huge")
    # chunked, no Content-Length
    conn = hub.connection(fresh=True)
    conn.putrequest("POST", "/v1/sessions")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    chunk = b"x" * 8192
    try:
        for _ in range(64):
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    response = conn.getresponse()
    body = response.read()
    check(response.status == 413, (response.status, body))
    check(json.loads(body)["status"] == 413)
    conn.close()


@test
def unicode_and_sql_metacharacters_round_trip(hub):
    for name in ["Zoë'; DROP TABLE tickets;--", "فاطمة", "Łucja \"ö\" 😀", "Ярослава", "Çağrı", "a\\b%_*"]:
        t = hub.new_ticket(firstName=name)
        check(t["firstName"] == name, (t["firstName"], name))
        check(hub.get("/v1/tickets/" + t["ticketId"], hub.kiosk_token).json["firstName"] == name)
        names = [x.get("firstName") for x in hub.get("/v1/queue", hub.volunteer).json["tickets"]]
        check(name in names, "not in the queue: %s" % name)
    with hub.db() as db:
        check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


def postgresql_has_versioned_migrations(hub):
    with hub.db() as db:
        versions = [r[0] for r in db.execute("SELECT version FROM schema_migrations ORDER BY 1")]
        check(versions == list(range(1, len(versions) + 1)) and len(versions) >= 1, versions)
        # the promises the store rests on are constraints, not code
        constraints = {r[0] for r in db.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'tickets'::regclass")}
        check("UNIQUE (branch_id, business_day, sequence)" in constraints, constraints)
        # A database from a newer hub is refused, not damaged.
        db.execute("INSERT INTO schema_migrations VALUES (999, 0)")
    try:
        result = subprocess.run([HUB, "admin", "--config", hub.conf, "list"],
                                capture_output=True, text=True, timeout=30)
        check(result.returncode == 1 and "schema version 999" in result.stderr, result.stderr)
    finally:
        with hub.db() as db:
            db.execute("DELETE FROM schema_migrations WHERE version = 999")


def store_migrations(source_file):
    """A store's migrations as the hub runs them, read from its source."""
    import re
    with open(os.path.join(os.environ["WEGWIJS_HUB_SRCDIR"], source_file), encoding="utf-8") as f:
        source = f.read()
    body = source[source.index("migrations[] = {") + len("migrations[] = {"):]
    body = re.sub(r"/\*.*?\*/", "", body[:body.index("\n};")], flags=re.S)
    migrations, current = [], []
    for token in re.finditer(r'"((?:[^"\\]|\\.)*)"|(,)', body):
        if token.group(2):
            migrations.append("".join(current))
            current = []
        else:
            current.append(token.group(1).encode().decode("unicode_escape"))
    if current:
        migrations.append("".join(current))
    return migrations


def an_older_sqlite_database_is_migrated_keeping_its_tickets(hub):
    import sqlite3
    migrations = store_migrations("ww-hub-sqlite-store.c")
    check(len(migrations) >= 4 and "outcome" in migrations[3], [m[:60] for m in migrations])
    old = os.path.join(hub.dir, "schema-3.db")
    with sqlite3.connect(old) as db:
        db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
        for version, sql in enumerate(migrations[:3], 1):
            db.executescript(sql)
            db.execute("INSERT INTO schema_migrations VALUES (?, 0)", (version,))
        db.execute("INSERT INTO branches VALUES ('oud', 'Oude vestiging', 0)")
        db.execute("INSERT INTO tickets (ticket_id, branch_id, kiosk_id, business_day, sequence, number, topic,"
                   " language, state, created_at, closed_at) VALUES ('t-old', 'oud', 'k', '2026-01-05', 1, 'A-001',"
                   " 0, 'nl', 'done', 0, 1)")
        db.execute("INSERT INTO stats (branch_id, business_day, hour, topic, tickets) VALUES ('oud', '2026-01-05',"
                   " 10, 0, 1)")
    result = subprocess.run([HUB, "admin", "--config", hub.conf, "--database", old, "list"],
                            capture_output=True, text=True, timeout=30)
    check(result.returncode == 0, result.stderr)
    with sqlite3.connect(old) as db:
        versions = [r[0] for r in db.execute("SELECT version FROM schema_migrations ORDER BY 1")]
        check(versions == list(range(1, len(migrations) + 1)), versions)
        check(db.execute("SELECT state, outcome FROM tickets WHERE ticket_id = 't-old'").fetchone() == ("done", None))
        check(db.execute("SELECT tickets, solved, referred, follow_up, not_solved, finished_unsaid FROM stats"
                         " WHERE branch_id = 'oud'").fetchone() == (1, 0, 0, 0, 0, 0))
        try:
            db.execute("UPDATE tickets SET outcome = 'gelukt' WHERE ticket_id = 't-old'")
            check(False, "the database took an outcome outside the set")
        except sqlite3.IntegrityError:
            pass


def an_older_postgresql_database_is_migrated_keeping_its_tickets(hub):
    from hubtest import PG_DSN, psql
    migrations = store_migrations("ww-hub-pg-store.c")
    check(len(migrations) >= 3 and "outcome" in migrations[2], [m[:60] for m in migrations])
    database = "wwt_old_" + uuid.uuid4().hex[:12]
    dsn = PG_DSN + " dbname=" + database
    psql('CREATE DATABASE "%s"' % database)
    try:
        sql = ["CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL);"]
        for version, migration in enumerate(migrations[:2], 1):
            sql += [migration, "INSERT INTO schema_migrations VALUES (%d, 0);" % version]
        sql += ["INSERT INTO branches VALUES ('oud', 'Oude vestiging', 0);",
                "INSERT INTO tickets (ticket_id, branch_id, kiosk_id, business_day, sequence, number, topic, language,"
                " state, created_at, closed_at) VALUES ('t-old', 'oud', 'k', '2026-01-05', 1, 'A-001', 0, 'nl',"
                " 'done', 0, 1);",
                "INSERT INTO stats (branch_id, business_day, hour, topic, tickets) VALUES ('oud', '2026-01-05', 10,"
                " 0, 1);"]
        psql("\n".join(sql), dsn)
        conf = os.path.join(hub.dir, "old-pg.conf")
        with open(hub.conf) as f:
            text = f.read()
        with open(conf, "w") as f:
            f.write(text.replace(hub.pg_dsn, dsn))
        result = subprocess.run([HUB, "admin", "--config", conf, "list"], capture_output=True, text=True, timeout=30)
        check(result.returncode == 0, result.stderr)
        versions = psql("SELECT version FROM schema_migrations ORDER BY 1", dsn).split()
        check(versions == [str(v) for v in range(1, len(migrations) + 1)], versions)
        check(psql("SELECT state, coalesce(outcome, '-') FROM tickets WHERE ticket_id = 't-old'", dsn).strip() ==
              "done\x1f-", "the old ticket changed")
        check(psql("SELECT tickets, solved, referred, follow_up, not_solved, finished_unsaid FROM stats", dsn).strip()
              == "\x1f".join(["1", "0", "0", "0", "0", "0"]), "the old stats row changed")
        try:
            psql("UPDATE tickets SET outcome = 'gelukt' WHERE ticket_id = 't-old'", dsn)
            check(False, "the database took an outcome outside the set")
        except RuntimeError:
            pass
    finally:
        psql('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % database)


# Each builds the old database from its own store's migrations.
test(an_older_sqlite_database_is_migrated_keeping_its_tickets if STORE == "sqlite"
     else an_older_postgresql_database_is_migrated_keeping_its_tickets)


@test
def database_is_wal_with_versioned_migrations(hub):
    if STORE == "postgresql":
        return postgresql_has_versioned_migrations(hub)
    with hub.db() as db:
        check(db.execute("PRAGMA journal_mode").fetchone()[0] == "wal")
        versions = [r[0] for r in db.execute("SELECT version FROM schema_migrations ORDER BY 1")]
        check(versions == list(range(1, len(versions) + 1)) and len(versions) >= 2, versions)
        check(db.execute("PRAGMA foreign_key_check").fetchall() == [])
    # A database from a newer hub is refused, not damaged.
    import sqlite3
    newer = os.path.join(hub.dir, "newer.db")
    with hub.db() as source, sqlite3.connect(newer) as db:
        source.backup(db)  # a consistent copy, WAL included
        db.execute("INSERT INTO schema_migrations VALUES (999, 0)")
    result = subprocess.run([HUB, "admin", "--config", hub.conf, "--database", newer, "list"],
                            capture_output=True, text=True, timeout=30)
    check(result.returncode == 1 and "schema version 999" in result.stderr, result.stderr)


@test
def idempotency_sequential(hub):
    key = uuid.uuid4().hex
    body = {"topic": "device", "language": "tr", "firstName": "Ayşe"}
    first = hub.post("/v1/tickets", hub.kiosk_token, body, headers={"Idempotency-Key": key})
    second = hub.post("/v1/tickets", hub.kiosk_token, body, headers={"Idempotency-Key": key})
    check(first.status == 201 and second.status == 201, (first, second))
    check(first.json["ticketId"] == second.json["ticketId"] and first.json["number"] == second.json["number"])
    check(second.header("Idempotent-Replayed") == "true")
    expect_problem(hub.post("/v1/tickets", hub.kiosk_token, dict(body, topic="money"),
                            headers={"Idempotency-Key": key}), 422, "same key, other body")
    # the same key from another kiosk is another request
    other = hub.enrol_kiosk("kiosk-idem")
    third = hub.post("/v1/tickets", other, body, headers={"Idempotency-Key": key})
    check(third.status == 201 and third.json["ticketId"] != first.json["ticketId"])
    with hub.db() as db:
        n = db.execute("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = ?", (key,)).fetchone()[0]
    check(n == 2, n)


@test
def idempotency_with_concurrent_duplicates(hub):
    for round_number in range(20):
        key = uuid.uuid4().hex
        body = {"topic": "digid", "language": "nl", "firstName": "Piet %d" % round_number}

        def send(_):
            return hub.post("/v1/tickets", hub.kiosk_token, body, headers={"Idempotency-Key": key}, fresh=True)

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(send, range(8)))
        check(all(r.status == 201 for r in results), results)
        check(len({r.json["ticketId"] for r in results}) == 1, "two tickets for one key")
    with hub.db() as db:
        dup = db.execute("SELECT COUNT(*) FROM (SELECT kiosk_id, idempotency_key FROM idempotency_keys "
                         "GROUP BY 1, 2 HAVING COUNT(*) > 1) AS d").fetchone()[0]
    check(dup == 0)


# -- auth ------------------------------------------------------------------

@test
def login_logout_and_bad_credentials(hub):
    expect_problem(hub.post("/v1/sessions", body={"username": "vrijwilliger", "password": "wrong"}), 401, "wrong pw")
    expect_problem(hub.post("/v1/sessions", body={"username": "nobody", "password": "x"}), 401, "unknown user")
    expect_problem(hub.post("/v1/sessions", body={"username": "vrijwilliger"}), 400, "no password")
    expect_problem(hub.post("/v1/sessions", body={"username": 1, "password": "x"}), 400, "wrong type")
    expect_problem(hub.post("/v1/sessions", raw=b"username=x", headers={"Content-Type": "application/x-www-form-urlencoded"}),
                   415, "form")
    started = time.time()
    token = hub.login("volunteer")
    check(time.time() - started < 2.0, "login took too long")
    check(token.startswith("wws_"))
    check(hub.get("/v1/queue", token).status == 200)
    out = hub.request("DELETE", "/v1/sessions/current", token)
    check(out.status == 204 and out.header("API-Version") == "0.1.0", out)
    expect_problem(hub.get("/v1/queue", token), 401, "logged-out token")
    expect_problem(hub.request("DELETE", "/v1/sessions/current", hub.kiosk_token), 403, "kiosk logout")


@test
def expired_disabled_and_revoked_tokens(hub):
    # expired: a session row whose time is up
    token = hub.login("volunteer")
    with hub.db() as db:
        db.execute("UPDATE sessions SET expires_at = 1 WHERE token_hash = ?", (sha256(token),))
    expect_problem(hub.get("/v1/queue", token), 401, "expired session")
    # disabled account: sessions end, login refused
    vol = hub.add_volunteer("tijdelijk", "centrale")
    check(hub.get("/v1/queue", vol).status == 200)
    hub.admin("disable-volunteer", "tijdelijk")
    time.sleep(1.1)  # the hub trusts a checked token for at most a second
    expect_problem(hub.get("/v1/queue", vol), 401, "disabled volunteer")
    # revoked kiosk
    kiosk = hub.enrol_kiosk("kiosk-revoked")
    check(hub.get("/v1/services", kiosk).status == 200)
    hub.admin("revoke-kiosk", "kiosk-revoked")
    time.sleep(1.1)
    expect_problem(hub.get("/v1/services", kiosk), 401, "revoked kiosk")
    rotated = os.path.join(hub.dir, "rotated.json")
    hub.admin("rotate-kiosk", "kiosk-revoked", "--output", rotated)
    check(hub.get("/v1/services", json.load(open(rotated))["token"]).status == 200)
    expect_problem(hub.get("/v1/services", kiosk), 401, "old token after rotation")
    # the database has no token in clear
    with hub.db() as db:
        hashes = [r[0] for r in db.execute("SELECT token_hash FROM kiosks UNION ALL SELECT token_hash FROM sessions")]
    check(all(len(h) == 64 and not h.startswith("ww") for h in hashes))
    if STORE == "sqlite":
        check(hub.kiosk_token not in open(os.path.join(hub.dir, "hub.db"), "rb").read().decode("latin-1"))
    else:
        with hub.db() as db:
            n = db.execute("SELECT COUNT(*) FROM kiosks WHERE token_hash = ? OR token_hash LIKE 'ww%'",
                           (hub.kiosk_token,)).fetchone()[0]
        check(n == 0, "a token in clear")


@test
def logs_carry_no_tokens_or_names(hub):
    log = hub.read_log()
    check(hub.kiosk_token not in log and hub.volunteer not in log, "a token in the log")
    for name in ["Anouk", "Zoë", "فاطمة", "Ayşe"]:
        check(name not in log, "a first name in the log: " + name)
    check("127.0.0.1" not in log.replace("https://127.0.0.1", ""), "a client address in the log")


# -- fleet and stats ---------------------------------------------------------

@test
def heartbeat_and_fleet(hub):
    kiosk_id = hub.kiosk["kioskId"]
    beat = hub.post("/v1/kiosks/%s/heartbeat" % kiosk_id, hub.kiosk_token,
                    {"version": "0.1.0", "uptimeSeconds": 42, "catalogEtag": "abc", "speechStatus": "ok",
                     "printerStatus": "none"})
    check(beat.status == 200 and len(beat.json["catalogEtag"]) > 0, beat)
    expect_problem(hub.post("/v1/kiosks/other/heartbeat", hub.kiosk_token, {"version": "1", "uptimeSeconds": 1}),
                   403, "heartbeat for another kiosk")
    expect_problem(hub.post("/v1/kiosks/%s/heartbeat" % kiosk_id, hub.kiosk_token, {"version": "1"}), 400, "missing")
    expect_problem(hub.post("/v1/kiosks/%s/heartbeat" % kiosk_id, hub.kiosk_token,
                            {"version": "1", "uptimeSeconds": "long"}), 400, "wrong type")
    expect_problem(hub.post("/v1/kiosks/%s/heartbeat" % kiosk_id, hub.kiosk_token,
                            {"version": "1", "uptimeSeconds": 1, "speechStatus": "singing"}), 400, "bad status")
    fleet = hub.get("/v1/kiosks", hub.admin_token)
    check(fleet.status == 200, fleet)
    by_id = {k["kioskId"]: k for k in fleet.json["kiosks"]}
    me = by_id[kiosk_id]
    check(me["stale"] is False and me["uptimeSeconds"] == 42 and me["speechStatus"] == "ok", me)
    check(datetime.datetime.fromisoformat(me["lastSeenAt"]).utcoffset() is not None)
    check(by_id["kiosk-test-2"]["stale"] is True and by_id["kiosk-test-2"]["lastSeenAt"] is None)
    check(by_id["kiosk-revoked"]["revoked"] in (True, False))
    expect_problem(hub.get("/v1/kiosks", hub.volunteer), 403, "volunteer fleet")
    expect_problem(hub.get("/v1/kiosks", hub.kiosk_token), 403, "kiosk fleet")


@test
def anonymous_stats(hub):
    stats = hub.get("/v1/stats", hub.volunteer)
    check(stats.status == 200, stats)
    rows = stats.json["stats"]
    check(rows and all(r["branchId"] == "centrale" for r in rows), rows[:3])
    check(sum(r["count"] for r in rows) > 10)
    check(any(r["averageServiceSeconds"] is not None for r in rows), "no service time after finished tickets")
    check(all(set(r) == {"branchId", "date", "hour", "topic", "count", "averageWaitSeconds", "averageServiceSeconds",
                         "outcomes"} for r in rows), "stats carry more than aggregates")
    check(all(set(r["outcomes"]) == {"solved", "referred", "followUp", "notSolved", "unstated"} for r in rows),
          "outcomes carry more than counts")
    month_ago = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    everything = hub.get("/v1/stats?from=" + month_ago, hub.admin_token).json["stats"]
    check({r["branchId"] for r in everything} >= {"centrale", "noord"})
    expect_problem(hub.get("/v1/stats?from=2026-13-01", hub.admin_token), 400, "bad date")
    expect_problem(hub.get("/v1/stats?from=2026-02-01&to=2026-01-01", hub.admin_token), 400, "reversed")
    expect_problem(hub.get("/v1/stats", hub.kiosk_token), 403, "kiosk stats")
    expect_problem(hub.get("/v1/stats?branchId=noord", hub.volunteer), 403, "other branch stats")


def outcome_counts(hub, topic):
    today = hub.get("/v1/stats", hub.volunteer).json["stats"]
    totals = {}
    for row in today:
        if row["topic"] != topic:
            continue
        for key, n in row["outcomes"].items():
            totals[key] = totals.get(key, 0) + n
    return totals


def finished_ticket(hub, topic, body):
    vol = hub.volunteer
    tid = hub.new_ticket(topic=topic)["ticketId"]
    path = "/v1/tickets/%s/" % tid
    called = hub.post(path + "_call", vol, {"deskId": "balie-2"})
    check(called.json["deskName"] == "Digitaal Hulpplein, balie 2", called.json)
    hub.post(path + "_start", vol)
    return path, hub.post(path + "_finish", vol, body)


@test
def finish_with_an_outcome_counts_it_in_the_stats(hub):
    before = outcome_counts(hub, "device")
    for outcome in ("solved", "referred", "followUp", "notSolved", "referred"):
        path, done = finished_ticket(hub, "device", {"outcome": outcome})
        check(done.status == 200 and done.json["state"] == "done" and done.json["outcome"] == outcome, done)
        check(hub.get(path[:-1], hub.volunteer).json["outcome"] == outcome, "outcome not stored")
    # finishing without one stays possible, and is counted as unstated
    path, done = finished_ticket(hub, "device", None)
    check(done.status == 200 and done.json["outcome"] is None, done)
    path, done = finished_ticket(hub, "device", {})
    check(done.status == 200 and done.json["outcome"] is None, done)
    after = outcome_counts(hub, "device")
    delta = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    check(delta == {"solved": 1, "referred": 2, "followUp": 1, "notSolved": 1, "unstated": 2}, delta)
    # a ticket still waiting has no outcome and no desk name
    waiting = hub.new_ticket()
    check(waiting["outcome"] is None and waiting["deskName"] is None, waiting)


@test
def a_bad_outcome_is_refused(hub):
    vol = hub.volunteer
    tid = hub.new_ticket()["ticketId"]
    path = "/v1/tickets/%s/" % tid
    hub.post(path + "_call", vol, {"deskId": "balie-1"})
    hub.post(path + "_start", vol)
    for bad in ("gelukt", "SOLVED", "follow-up", ""):
        expect_problem(hub.post(path + "_finish", vol, {"outcome": bad}), 422, "outcome " + repr(bad))
    expect_problem(hub.post(path + "_finish", vol, {"outcome": 3}), 400, "outcome of the wrong type")
    expect_problem(hub.post(path + "_finish", vol, {"result": "solved"}), 400, "unknown field")
    expect_problem(hub.post(path + "_start", vol, {"outcome": "solved"}), 400, "outcome on another action")
    # nothing changed: the ticket can still be finished
    check(hub.get("/v1/tickets/" + tid, vol).json["state"] == "inProgress")
    check(hub.post(path + "_finish", vol, {"outcome": "solved"}).json["outcome"] == "solved")
    with hub.db() as db:
        rows = db.execute("SELECT COUNT(*) FROM tickets WHERE outcome IS NOT NULL AND outcome NOT IN "
                          "('solved','referred','followUp','notSolved')").fetchone()
    check(rows[0] == 0, "the database holds an outcome outside the set")


# -- limits ------------------------------------------------------------------

@test
def rate_limits_answer_429_with_retry_after(hub):
    conf = os.path.join(hub.dir, "strict.conf")
    with open(hub.conf) as f:
        text = f.read()
    with open(conf, "w") as f:
        f.write(text)
    Hub.write_limits(conf, {"ticket-burst": "3", "ticket-rate-per-minute": "1", "login-attempts": "3"})
    strict = subprocess.Popen([HUB, "serve", "--config", conf, "--port", "0",
                               "--port-file", os.path.join(hub.dir, "strict.port")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 10
        while not os.path.exists(os.path.join(hub.dir, "strict.port")) and time.time() < deadline:
            time.sleep(0.05)
        main_port = hub.port
        hub.port = int(open(os.path.join(hub.dir, "strict.port")).read())
        hub._local.conn = None
        try:
            statuses = [hub.post("/v1/tickets", hub.kiosk_token, {"topic": "digid", "language": "nl"},
                                 headers={"Idempotency-Key": uuid.uuid4().hex}) for _ in range(5)]
            check([r.status for r in statuses[:3]] == [201] * 3, statuses)
            limited = expect_problem(statuses[3], 429, "ticket rate")
            check(int(statuses[3].header("Retry-After")) >= 1, statuses[3].header("Retry-After"))
            del limited
            logins = [hub.post("/v1/sessions", body={"username": "vrijwilliger", "password": "wrong"}) for _ in range(4)]
            check([r.status for r in logins[:3]] == [401] * 3, logins)
            expect_problem(logins[3], 429, "login throttle")
            check(logins[3].header("Retry-After") is not None)
        finally:
            hub.port = main_port
            hub._local.conn = None
    finally:
        strict.terminate()
        strict.wait()


@test
def server_error_is_problem_json(hub):
    # A database that refuses writes makes the store fail: the answer is a 500 problem.
    with hub.db() as db:
        if STORE == "sqlite":
            db.execute("CREATE TRIGGER refuse BEFORE INSERT ON tickets BEGIN SELECT RAISE(FAIL, 'refused'); END")
        else:
            db.execute("CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql AS $$"
                       " BEGIN RAISE EXCEPTION 'refused'; END $$;"
                       " CREATE TRIGGER refuse BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION refuse ()")
    try:
        response = hub.post("/v1/tickets", hub.kiosk_token, {"topic": "digid", "language": "nl"},
                            headers={"Idempotency-Key": uuid.uuid4().hex})
        problem = expect_problem(response, 500, "store failure")
        check("refused" not in problem["detail"], "internal details leaked")
    finally:
        with hub.db() as db:
            db.execute("DROP TRIGGER refuse" if STORE == "sqlite" else
                       "DROP TRIGGER refuse ON tickets; DROP FUNCTION refuse ()")
    check(hub.new_ticket()["state"] == "waiting", "the hub did not recover")


# -- admin CLI ---------------------------------------------------------------

@test
def admin_cli_errors_are_clear(hub):
    cases = [
        (["frobnicate"], 2, "unknown command"),
        (["add-branch"], 2, "needs"),
        (["add-branch", "Bad Id", "x"], 2, "not a valid id"),
        (["add-desk", "nergens", "d-1", "Desk"], 1, "no branch"),
        (["add-branch", "centrale", "Dup"], 1, "already exists"),
        (["revoke-kiosk", "bestaat-niet"], 1, "no kiosk"),
        (["disable-volunteer", "niemand"], 1, "no volunteer"),
        (["enrol-kiosk", "kiosk-centrale-1", "centrale"], 1, "already exists"),
        (["add-volunteer", "x", "centrale"], 2, "username"),
    ]
    for args, status, words in cases:
        result = hub.admin(*args, check=False)
        check(result.returncode == status, (args, result.returncode, result.stderr))
        check(words in result.stderr, (args, result.stderr))
    listing = hub.admin("list").stdout
    check("kiosk-centrale-1" in listing and "balie-1" in listing and "vrijwilliger" in listing, listing)
    result = subprocess.run([HUB, "serve", "--config", hub.conf, "--tls-cert", "/nonexistent"],
                            capture_output=True, text=True, timeout=30)
    check(result.returncode != 0 and "nonexistent" in result.stderr, result.stderr)
    result = subprocess.run([HUB], capture_output=True, text=True, timeout=30)
    check(result.returncode == 2 and "Usage" in result.stderr)


@test
def demo_is_idempotent(hub):
    again = subprocess.run([HUB, "demo", "--dir", hub.dir, "--port", "0", "--catalog", hub.catalog],
                           capture_output=True, text=True, timeout=60)
    check(again.returncode == 0, again.stderr)
    check(hub.kiosk_token in again.stdout, "a second demo run changed the kiosk token")
    check(hub.get("/v1/services", hub.kiosk_token).status == 200)
    check(hub.login("volunteer").startswith("wws_"))


@test
def retention_purges_closed_tickets(hub):
    vol = hub.volunteer
    tid = hub.new_ticket(firstName="Oud")["ticketId"]
    hub.post("/v1/tickets/%s/_cancel" % tid, vol)
    with hub.db() as db:
        db.execute("UPDATE tickets SET closed_at = 1000000 WHERE ticket_id = ?", (tid,))
    # a hub with a short purge interval removes it
    conf = os.path.join(hub.dir, "purge.conf")
    with open(conf, "w") as f:
        f.write(open(hub.conf).read())
    Hub.write_limits(conf, {"purge-interval-seconds": "1"})
    purge_log = open(os.path.join(hub.dir, "purge.log"), "wb")
    purger = subprocess.Popen([HUB, "serve", "--config", conf, "--port", "0"], stdout=purge_log, stderr=purge_log)
    try:
        deadline = time.time() + 10
        gone = False
        while time.time() < deadline and not gone:
            time.sleep(0.3)
            with hub.db() as db:
                gone = db.execute("SELECT COUNT(*) FROM tickets WHERE ticket_id = ?", (tid,)).fetchone()[0] == 0
        check(gone, "the closed ticket was not purged: " + open(os.path.join(hub.dir, "purge.log")).read())
        expect_problem(hub.get("/v1/tickets/" + tid, vol), 404, "purged ticket")
    finally:
        purger.terminate()
        purger.wait()


@test
def no_sanitizer_reports(hub):
    reports = sanitizer_reports(hub)
    check(not reports, "\n".join(reports[:10]))


if __name__ == "__main__":
    sys.exit(main(setup, teardown))
