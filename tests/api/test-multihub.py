#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Three hubs on one PostgreSQL database (suite api-pg): concurrent ticket
creation through all three gives no duplicate numbers, the double-call race
across hubs has exactly one winner, an event made on one hub reaches the
SSE clients of the others within 1 s, and when one hub is killed with
SIGKILL under load, clients fail over to the next URL (retrying with the
same Idempotency-Key, as WwHubClient does): nothing acknowledged is lost,
nothing is duplicated. TAP output."""

import http.client
import json
import os
import random
import ssl
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubtest import sanitizer_reports, EventStream, Hub, STORE, check, main, require_store, test  # noqa: E402

N_HUBS = 3


def open_stream(hub, token):
    stream = EventStream(hub, token)
    check(stream.response.status == 200, "events: %d" % stream.response.status)
    return stream


class FailoverClient:
    """Several hub URLs; on a connection failure (or a 5xx) the next one,
    with the same request and Idempotency-Key — the WwHubClient rule."""

    def __init__(self, hubs, context, first=0):
        self.ports = [hub.port for hub in hubs]
        self.context = context
        self.current = first % len(self.ports)
        self.conn = None
        self.failovers = 0

    def _connect(self):
        if self.conn is None:
            self.conn = http.client.HTTPSConnection("127.0.0.1", self.ports[self.current], context=self.context,
                                                    timeout=5)
        return self.conn

    def request(self, method, path, token, body, headers=None, attempts=30):
        all_headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        all_headers.update(headers or {})
        data = json.dumps(body).encode()
        for _ in range(attempts):
            try:
                conn = self._connect()
                conn.request(method, path, body=data, headers=all_headers)
                response = conn.getresponse()
                payload = response.read()
                if response.status < 500:
                    return response.status, json.loads(payload) if payload else None
            except (OSError, http.client.HTTPException, ssl.SSLError):
                pass
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            self.current = (self.current + 1) % len(self.ports)
            self.failovers += 1
            time.sleep(0.05)
        raise RuntimeError("no hub answered")


class Context:
    pass


def setup():
    require_store()
    if STORE != "postgresql":
        raise RuntimeError("test-multihub needs WEGWIJS_STORE=postgresql (several hubs share one database)")
    context = Context()
    first = Hub(limits={"ticket-rate-per-minute": "1000000", "ticket-burst": "1000000"}).start()
    context.hubs = [first] + [Hub(share=first).start() for _ in range(N_HUBS - 1)]
    context.volunteer = first.login("volunteer")
    context.admin = first.login("admin")
    context.kiosks = [first.kiosk_token] + [first.enrol_kiosk("multi-%d" % i) for i in range(5)]
    return context


def teardown(context):
    pass


def numbers_are_unique(db):
    dup = db.execute("SELECT COUNT(*) FROM (SELECT branch_id, business_day, sequence FROM tickets"
                     " GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) d").fetchone()[0]
    dup_numbers = db.execute("SELECT COUNT(*) FROM (SELECT branch_id, business_day, number FROM tickets"
                             " GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) d").fetchone()[0]
    return dup == 0 and dup_numbers == 0


@test
def concurrent_numbering_across_three_hubs(ctx):
    per_thread = 40
    results = []
    errors = []
    lock = threading.Lock()
    with ctx.hubs[0].db() as db:
        before = db.execute("SELECT COALESCE(MAX(last_sequence), 0) FROM ticket_counters"
                            " WHERE branch_id = 'centrale'").fetchone()[0]

    def worker(hub, kiosk):
        for _ in range(per_thread):
            try:
                response = hub.post("/v1/tickets", kiosk, {"topic": "digid", "language": "nl"},
                                    headers={"Idempotency-Key": uuid.uuid4().hex})
                with lock:
                    if response.status == 201:
                        results.append(response.json["number"])
                    else:
                        errors.append(response)
            except Exception as e:  # noqa: BLE001
                with lock:
                    errors.append(e)

    threads = [threading.Thread(target=worker, args=(hub, ctx.kiosks[(i + j) % len(ctx.kiosks)]))
               for i, hub in enumerate(ctx.hubs) for j in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = per_thread * len(threads)
    check(not errors, "errors: %r" % errors[:3])
    check(len(results) == total, "%d of %d" % (len(results), total))
    check(len(set(results)) == total, "duplicate numbers: %d distinct of %d" % (len(set(results)), total))
    # one sequence per branch and day, with no holes when nothing failed
    sequences = sorted(int(n.split("-")[1]) for n in results)
    check(sequences == list(range(before + 1, before + total + 1)), "numbers are not %d..%d" %
          (before + 1, before + total))
    with ctx.hubs[0].db() as db:
        check(numbers_are_unique(db))


@test
def double_call_race_across_hubs_has_one_winner(ctx):
    rounds = 20
    for r in range(rounds):
        ticket = ctx.hubs[r % N_HUBS].new_ticket()
        barrier = threading.Barrier(N_HUBS)
        statuses = []
        lock = threading.Lock()

        def caller(hub, desk):
            conn = http.client.HTTPSConnection("127.0.0.1", hub.port, context=hub.context, timeout=30)
            conn.connect()
            barrier.wait()
            conn.request("POST", "/v1/tickets/%s/_call" % ticket["ticketId"], body=json.dumps({"deskId": desk}),
                         headers={"Authorization": "Bearer " + ctx.volunteer, "Content-Type": "application/json"})
            status = conn.getresponse().status
            conn.close()
            with lock:
                statuses.append(status)

        threads = [threading.Thread(target=caller, args=(hub, "balie-%d" % (1 + i % 2)))
                   for i, hub in enumerate(ctx.hubs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(sorted(statuses) == [200] + [409] * (N_HUBS - 1), "round %d: %r" % (r, statuses))
        with ctx.hubs[0].db() as db:
            n = db.execute("SELECT COUNT(*) FROM events WHERE type = 'ticket' AND data LIKE ?",
                           ('%"ticketId":"' + ticket["ticketId"] + '"%"state":"called"%',)).fetchone()[0]
        check(n == 1, "round %d: %d called events" % (r, n))


@test
def event_on_one_hub_reaches_the_others_within_a_second(ctx):
    latencies = []
    for origin in range(N_HUBS):
        streams = {i: open_stream(hub, ctx.volunteer) for i, hub in enumerate(ctx.hubs) if i != origin}
        try:
            time.sleep(0.2)  # the streams are live
            started = time.time()
            ticket = ctx.hubs[origin].new_ticket()
            for i, stream in streams.items():
                while True:
                    event = stream.next_event(timeout=5)
                    if event.get("event") == "ticket" and json.loads(event["data"])["ticketId"] == ticket["ticketId"]:
                        break
                latency = time.time() - started
                latencies.append(latency)
                check(latency < 1.0, "hub %d saw hub %d's event after %.3f s" % (i, origin, latency))
        finally:
            for stream in streams.values():
                stream.close()
    print("# cross-hub event latency: max %.1f ms" % (1000 * max(latencies)))


@test
def events_resume_by_id_on_another_hub(ctx):
    """Event ids are one log for all hubs: Last-Event-ID from hub A is a
    valid resume point on hub B, without a gap or a repeat."""
    a, b = ctx.hubs[0], ctx.hubs[1]
    stream = open_stream(a, ctx.admin)
    try:
        time.sleep(0.2)
        a.new_ticket()
        first = stream.next_event()
    finally:
        stream.close()
    for hub in ctx.hubs:
        hub.new_ticket()
    conn = http.client.HTTPSConnection("127.0.0.1", b.port, context=b.context, timeout=10)
    conn.request("GET", "/v1/events", headers={"Authorization": "Bearer " + ctx.admin,
                                               "Last-Event-ID": first["id"]})
    response = conn.getresponse()
    resumed = EventStream.__new__(EventStream)
    resumed.conn, resumed.response = conn, response
    try:
        with a.db() as db:
            expected = [r[0] for r in db.execute("SELECT event_id FROM events WHERE event_id > ? ORDER BY 1",
                                                 (int(first["id"]),))]
        got = [int(resumed.next_event()["id"]) for _ in expected]
        check(got == expected, "resume on another hub: %r != %r" % (got, expected))
    finally:
        resumed.close()


@test
def kill9_one_hub_under_load(ctx):
    stop = threading.Event()
    lock = threading.Lock()
    acked = {}      # Idempotency-Key -> ticket
    refused = []
    failovers = [0]

    def creator(kiosk, first):
        client = FailoverClient(ctx.hubs, ctx.hubs[0].context, first)
        while not stop.is_set():
            key = uuid.uuid4().hex
            body = {"topic": random.choice(["digid", "money", "device"]), "language": "nl"}
            try:
                status, ticket = client.request("POST", "/v1/tickets", kiosk, body, {"Idempotency-Key": key})
            except RuntimeError as e:
                with lock:
                    refused.append(str(e))
                continue
            with lock:
                if status == 201:
                    acked[key] = ticket
                else:
                    refused.append(status)
        with lock:
            failovers[0] += client.failovers

    victim = ctx.hubs[1]
    threads = [threading.Thread(target=creator, args=(ctx.kiosks[i % len(ctx.kiosks)], i)) for i in range(9)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    with lock:
        before_kill = len(acked)
    victim.kill9()
    time.sleep(2.0)
    stop.set()
    for t in threads:
        t.join()
    victim.start()  # back in service for the tests after this one

    check(not refused, "refused: %r" % refused[:5])
    check(before_kill > 0 and len(acked) > before_kill, "no load around the kill (%d, %d)" % (before_kill,
                                                                                          len(acked)))
    check(failovers[0] > 0, "no client failed over")
    with ctx.hubs[0].db() as db:
        keys = {}
        for kiosk_id, key, ticket_id in db.execute("SELECT kiosk_id, idempotency_key, ticket_id FROM idempotency_keys"):
            keys.setdefault(key, []).append(ticket_id)
        tickets = {r[0]: r[1] for r in db.execute("SELECT ticket_id, number FROM tickets")}
        check(numbers_are_unique(db), "duplicate numbers")
    for key, ticket in acked.items():
        check(keys.get(key) == [ticket["ticketId"]], "acknowledged %s: %r" % (key, keys.get(key)))
        check(tickets.get(ticket["ticketId"]) == ticket["number"], "lost %s" % ticket["number"])
    # every ticket belongs to exactly one key: a retry never made a second one
    owners = {}
    for key, ticket_ids in keys.items():
        for ticket_id in ticket_ids:
            owners.setdefault(ticket_id, []).append(key)
    check(all(len(v) == 1 for v in owners.values()), "a ticket with two keys")
    check(set(owners) == set(tickets), "a ticket without its key")
    print("# %d tickets acknowledged, %d failovers" % (len(acked), failovers[0]))


@test
def no_sanitizer_reports(ctx):
    for hub in ctx.hubs:
        reports = sanitizer_reports(hub)
        check(not reports, "\n".join(reports[:10]))


if __name__ == "__main__":
    sys.exit(main(setup, teardown))
