#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Fault injection: a real hub, WwHubClient (tests/faults/hub-drive) and a
proxy of ours between them (faultproxy.py). After every fault: no ticket
lost or duplicated, no crash, calls end cleanly within their timeout, and
the client is back within 10 s of the hub returning.

The speaker killed repeatedly is covered by tests/speech/test-speaker-client
(crash and hang recovery); the hub's own kill -9 durability under load by
tests/api/test-durability.py. Disk full is test-disk-full.py."""

import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.environ.get("WEGWIJS_API_SRCDIR", os.path.join(os.path.dirname(__file__), "..", "api")))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from hubtest import Hub, check, main, test  # noqa: E402
from faultproxy import FaultProxy  # noqa: E402

DRIVE = os.environ.get("WEGWIJS_HUB_DRIVE", "hub-drive")
# This check catches a call that blocks on the network: the proxy holds
# every chunk for 150 ms and black-holes connections for seconds, so such a
# call stalls the loop for 150 ms or more. Shorter stalls are the scheduler
# of a loaded two-core machine (52 ms seen while CI ran beside other
# builds), not the client; the figure is printed either way, and the 50 ms
# budget itself is held by tests/client/test-http-client.c, which times
# each dispatch rather than the gaps between them. Sanitizer builds
# catch the black-holed connections only.
MAX_STALL_MS = int(os.environ.get("WEGWIJS_MAX_STALL_MS", "140" if not os.environ.get("ASAN_OPTIONS") else "400"))


class Context:
    def __init__(self):
        self.hub = Hub().start()
        self.proxy = FaultProxy(self.hub.port)
        self.url = "https://127.0.0.1:%d" % self.proxy.port

    def read_log(self):
        return self.hub.read_log()

    def restart_hub(self, kill=True):
        if kill:
            self.hub.kill9()
        self.hub.start()
        self.proxy.set_upstream_port(self.hub.port)

    def drive(self, *args):
        argv = [DRIVE, args[0], self.url, self.hub.ca, self.hub.kiosk_token] + [str(a) for a in args[1:]]
        return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def results(process, timeout=120):
    out, err = process.communicate(timeout=timeout)
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    check(process.returncode == 0, "hub-drive exited with %d: %s" % (process.returncode, err[-2000:]))
    return lines


def stall(lines):
    value = [line["max_stall_ms"] for line in lines if "max_stall_ms" in line][0]
    print("# longest main-loop stall: %d ms" % value)
    check(value <= MAX_STALL_MS, "the main loop stalled for %d ms" % value)


def check_tickets(ctx, lines, prefix, count):
    """Every key made one ticket, the one the client was given; none twice."""
    created = {line["key"]: line for line in lines if line.get("call") == "create" and line.get("ok")}
    check(len(created) == count, "%d of %d tickets created: %r" % (len(created), count,
                                                                   [l for l in lines if not l.get("ok", True)][:5]))
    check(not any(line.get("gave_up") for line in lines), "the client gave up on a ticket")
    with ctx.hub.db() as db:
        rows = db.execute("SELECT idempotency_key, ticket_id FROM idempotency_keys WHERE idempotency_key LIKE ?",
                          (prefix + "-%",)).fetchall()
        tickets = db.execute("SELECT COUNT(*) FROM tickets WHERE ticket_id IN (SELECT ticket_id FROM idempotency_keys "
                             "WHERE idempotency_key LIKE ?)", (prefix + "-%",)).fetchone()[0]
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    check(integrity == "ok", "integrity_check: %s" % integrity)
    check(len(rows) == count and tickets == count, "%d keys, %d tickets in the store for %d" % (len(rows), tickets,
                                                                                              count))
    for key, ticket_id in rows:
        check(created[key]["id"] == ticket_id, "key %s: client has %s, store %s" % (key, created[key]["id"],
                                                                                      ticket_id))
    numbers = [line["number"] for line in created.values()]
    check(len(set(numbers)) == count, "a ticket number was given twice")


@test
def hub_killed_while_tickets_are_created(ctx):
    prefix = "kill-%d" % time.time()
    process = ctx.drive("create", 400, prefix, 3000)
    for delay in (0.3, 0.4, 0.3, 0.5, 0.3):
        time.sleep(delay)
        ctx.restart_hub(kill=True)
    lines = results(process)
    check_tickets(ctx, lines, prefix, 400)
    retried = sum(1 for line in lines if line.get("ok") and line["attempts"] > 1)
    failed = sum(1 for line in lines if line.get("call") == "create" and not line.get("ok"))
    print("# 400 tickets, 5 kill -9s: %d failed calls, %d tickets needed a retry, none lost or doubled"
          % (failed, retried))
    check(failed > 0, "no kill hit a ticket creation")
    stall(lines)


@test
def hub_unreachable_then_back(ctx):
    process = ctx.drive("watch", 13, 2000)
    time.sleep(2)
    gone = time.monotonic()
    ctx.proxy.refuse()          # connecting fails: the hub is gone
    time.sleep(3)
    ctx.proxy.listen()
    ctx.proxy.drop = True       # then a black hole: connections hang
    time.sleep(3)
    ctx.proxy.drop = False
    back = time.monotonic()
    lines = results(process)
    offset = (gone - 2) * 1000  # hub-drive's clock started about 2 s before "gone"
    transitions = [line for line in lines if "reachable" in line]
    check([t["reachable"] for t in transitions][:2] == [False, True], "reachable went %r" % transitions)
    back_ms = (back - gone) * 1000 + 2000
    first_ok = [line["t"] for line in lines if line.get("call") == "services" and line["ok"] and line["t"] > back_ms]
    check(first_ok, "no successful call after the hub came back")
    print("# first successful call %.0f ms after the hub came back (goal < 10000)" % (first_ok[0] - back_ms))
    check(first_ok[0] - back_ms < 10000, "back only after %d ms" % (first_ok[0] - back_ms))
    failures = [line for line in lines if line.get("call") == "services" and not line["ok"]]
    check(failures, "no call failed while the hub was away")
    for line in failures:
        check(line["domain"] == "WwHttpError", "not an HTTP error: %r" % line)
        # connect timeout, 2 s request timeout, and up to 3 attempts of a GET
        check(line["ms"] < 3 * 2000 + 3000, "a call took %d ms to fail" % line["ms"])
    stall(lines)
    del offset


@test
def slow_answers(ctx):
    prefix = "slow-%d" % time.time()
    ctx.proxy.delay = 0.15
    try:
        lines = results(ctx.drive("create", 8, prefix, 4000))
    finally:
        ctx.proxy.reset_faults()
    check_tickets(ctx, lines, prefix, 8)
    slowest = max(line["ms"] for line in lines if line.get("ok"))
    print("# 150 ms a chunk each way: 8 tickets, slowest %d ms" % slowest)
    stall(lines)


@test
def throttled_answers_time_out_cleanly(ctx):
    ctx.proxy.throttle = 300     # bytes a second: the list of services cannot arrive in time
    try:
        lines = results(ctx.drive("watch", 3, 1500))
    finally:
        ctx.proxy.reset_faults()
    calls = [line for line in lines if line.get("call") == "services"]
    check(calls and not any(line["ok"] for line in calls), "a throttled call succeeded: %r" % calls[:3])
    for line in calls:
        check(line["domain"] == "WwHttpError", "not an HTTP error: %r" % line)
        check(line["ms"] < 3 * 1500 + 2000, "a call hung for %d ms" % line["ms"])
    print("# throttled to 300 B/s: %d calls, all ended with a timeout error within %d ms"
          % (len(calls), max(line["ms"] for line in calls)))
    stall(lines)


@test
def lossy_answers(ctx):
    prefix = "lossy-%d" % time.time()
    ctx.proxy.lose = 0.3
    cut_before = ctx.proxy.cut
    try:
        lines = results(ctx.drive("create", 20, prefix, 3000))
    finally:
        ctx.proxy.reset_faults()
    check_tickets(ctx, lines, prefix, 20)
    print("# 30 %% of the answers cut mid-way (%d cuts): 20 tickets, none lost or doubled"
          % (ctx.proxy.cut - cut_before))
    check(ctx.proxy.cut - cut_before >= 3, "the proxy cut too little")
    stall(lines)


def setup():
    return Context()


def teardown(ctx):
    if ctx is not None:
        ctx.proxy.close()


if __name__ == "__main__":
    sys.exit(main(setup, teardown))
