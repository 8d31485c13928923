#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""The PostgreSQL store when the database goes away: a hub on a cluster of
its own (build-aux/pg-cluster, not the shared one of the api-pg suite),
the cluster stopped mid-run, then started again.

While it is down, writes and token checks answer 503 with Retry-After and
a problem+json body (WW_ERROR_UNAVAILABLE, as the SQLite store does for a
full disk), never 500; nothing is half-saved. When it is back, the hub
reconnects by itself and the same request with the same Idempotency-Key
creates exactly one ticket.

Then disk full (SQLSTATE 53100): a second hub's tables live in a tablespace
on a tmpfs of 2 MB, filled with tickets until the database refuses: 503
with Retry-After, the catalogue still served; once the tmpfs is made larger
the same key creates its ticket. Needs Debian's postgresql package and
root (the cluster runs as wegwijs-test, the tmpfs is mounted), like
test-disk-full; fails, never skips, without them."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.normpath(os.path.join(os.environ.get("WEGWIJS_API_SRCDIR", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "api")), "..", ".."))
PG_CLUSTER = os.path.join(ROOT, "build-aux", "pg-cluster")
# A short path: the cluster's Unix socket lives in it (108-byte limit).
CLUSTER_DIR = tempfile.mkdtemp(prefix="ww-pgu-", dir="/tmp")


def cluster(command):
    result = subprocess.run([PG_CLUSTER, command, CLUSTER_DIR], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError("pg-cluster %s failed: %s" % (command, result.stderr.strip()))
    return result.stdout


def start_cluster_for_module():
    """Before hubtest is imported: it reads the store and the DSN once."""
    try:
        out = cluster("start")
    except (RuntimeError, OSError) as e:
        print("1..1\nnot ok 1 - a PostgreSQL cluster of our own # %s" % e, flush=True)
        shutil.rmtree(CLUSTER_DIR, ignore_errors=True)
        sys.exit(1)
    dsn = out.strip().split("=", 1)[1].strip("'")
    os.environ["WEGWIJS_STORE"] = "postgresql"
    os.environ["WEGWIJS_PG_DSN"] = dsn


start_cluster_for_module()
sys.path.insert(0, os.environ.get("WEGWIJS_API_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "api")))

import hubtest  # noqa: E402
from hubtest import Hub, check, expect_problem, main, sanitizer_reports, test  # noqa: E402

SMALL = os.path.join(CLUSTER_DIR, "small")

TICKET = {"topic": "digid", "language": "nl"}


def setup():
    hub = Hub().start()
    hub.volunteer = hub.login("volunteer")
    return hub


def teardown(hub):
    try:
        cluster("start")  # a failed test may have left it stopped; cleanup drops the database
    except RuntimeError:
        pass
    for each in list(hubtest._hubs):
        each.cleanup()  # drops their databases, the one in the small tablespace too
    try:
        hubtest.psql("ALTER SYSTEM RESET default_tablespace; SELECT pg_reload_conf ();")
        hubtest.psql("DROP TABLESPACE IF EXISTS small")
    except RuntimeError:
        pass
    try:
        cluster("stop")
    finally:
        if os.path.ismount(SMALL):
            subprocess.run(["umount", "-l", SMALL], capture_output=True)
        shutil.rmtree(CLUSTER_DIR, ignore_errors=True)


def unavailable(response, what):
    problem = expect_problem(response, 503, what)
    retry = response.header("Retry-After")
    check(retry is not None and retry.isdigit() and int(retry) > 0, "%s: Retry-After %r" % (what, retry))
    return problem


@test
def database_stopped_then_back(hub):
    before = hub.post("/v1/tickets", hub.kiosk_token, TICKET, headers={"Idempotency-Key": uuid.uuid4().hex})
    check(before.status == 201, before)

    cluster("stop")
    try:
        key = uuid.uuid4().hex
        # Tokens checked less than a second ago come from the hub's cache: the
        # write itself meets the stopped database.
        unavailable(hub.post("/v1/tickets", hub.kiosk_token, TICKET, headers={"Idempotency-Key": key}),
                    "ticket while the database is down")
        unavailable(hub.get("/v1/tickets/" + before.json["ticketId"], hub.kiosk_token), "read while down")
        # After the cache's second, the token check itself needs the database.
        time.sleep(1.5)
        unavailable(hub.get("/v1/queue", hub.volunteer), "token check while down")
        unavailable(hub.post("/v1/tickets", hub.kiosk_token, TICKET, headers={"Idempotency-Key": key}),
                    "the same ticket again while down")
        check(hub.process.poll() is None, "the hub exited while the database was down")
    finally:
        cluster("start")  # also when a check above failed: the next test needs it
    deadline = time.monotonic() + 10
    created = None
    while time.monotonic() < deadline:
        created = hub.post("/v1/tickets", hub.kiosk_token, TICKET, headers={"Idempotency-Key": key})
        if created.status != 503:
            break
        time.sleep(0.2)
    check(created.status == 201, "after the database came back: %r" % created)
    again = hub.post("/v1/tickets", hub.kiosk_token, TICKET, headers={"Idempotency-Key": key})
    check(again.status in (200, 201) and again.json["ticketId"] == created.json["ticketId"], again)
    check(hub.get("/v1/queue", hub.volunteer).status == 200, "reads after the database came back")
    with hub.db() as db:
        count = db.execute("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = ?", (key,)).fetchone()[0]
        tickets = db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    check(count == 1, "%s tickets for one idempotency key" % count)
    check(tickets == 2, "%s tickets stored, 2 were acknowledged" % tickets)


@test
def disk_full(hub):
    check(os.geteuid() == 0, "mounting a small tmpfs needs root")
    os.mkdir(SMALL)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", SMALL], check=True,
                   capture_output=True)
    subprocess.run(["chown", "wegwijs-test", SMALL], check=True)
    hubtest.psql("CREATE TABLESPACE small LOCATION '%s'" % SMALL)
    # Every table and index the new hub's migrations create goes there.
    hubtest.psql("ALTER SYSTEM SET default_tablespace = 'small'; SELECT pg_reload_conf ();")
    full = Hub().start()
    hubtest.psql("ALTER SYSTEM RESET default_tablespace; SELECT pg_reload_conf ();")

    refused = None
    acknowledged = 0
    deadline = time.monotonic() + 90
    while refused is None and time.monotonic() < deadline:
        response = full.post("/v1/tickets", full.kiosk_token, TICKET, headers={"Idempotency-Key": uuid.uuid4().hex})
        if response.status == 201:
            acknowledged += 1
        else:
            refused = response
    check(refused is not None, "2 MB never filled up (%d tickets)" % acknowledged)
    check(acknowledged > 0, "not even one ticket fitted")
    print("# the 2 MB tablespace was full after %d tickets" % acknowledged)
    unavailable(refused, "ticket on a full disk after %d tickets" % acknowledged)
    # The failed transaction can leave room for a row or two (a page it
    # added before the next one failed); the disk is refused again soon,
    # and always as 503.
    key = None
    for _ in range(50):
        key = uuid.uuid4().hex
        response = full.post("/v1/tickets", full.kiosk_token, TICKET, headers={"Idempotency-Key": key})
        if response.status != 201:
            unavailable(response, "a later ticket on a full disk")
            break
        acknowledged += 1
    else:
        check(False, "50 more tickets fitted on the full disk")
    check(full.get("/v1/services", full.kiosk_token).status == 200, "no catalogue while the disk is full")
    check("53100" in full.read_log() or "No space left" in full.read_log(), "the log does not say the disk is full")

    subprocess.run(["mount", "-o", "remount,size=64m", SMALL], check=True, capture_output=True)
    created = full.post("/v1/tickets", full.kiosk_token, TICKET, headers={"Idempotency-Key": key})
    check(created.status == 201, "after space was freed: %r" % created)
    with full.db() as db:
        tickets = db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
        check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "an invalid index")
    check(tickets == acknowledged + 1, "%s tickets stored, %d acknowledged" % (tickets, acknowledged + 1))
    check(full.process.poll() is None, "the hub exited")
    reports = sanitizer_reports(full)
    check(not reports, "\n".join(reports[:10]))


@test
def warnings_name_the_cause_without_personal_data(hub):
    log = hub.read_log()
    check("PostgreSQL" in log, "no warning about the database in the log")
    check(hub.kiosk_token not in log and hub.volunteer not in log, "a token in the log")


@test
def no_sanitizer_reports(hub):
    reports = sanitizer_reports(hub)
    check(not reports, "\n".join(reports[:10]))


if __name__ == "__main__":
    sys.exit(main(setup, teardown))
