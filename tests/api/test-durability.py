#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Durability: the hub is killed with SIGKILL at least 20 times while
clients create and call tickets. Afterwards the database is intact, every
acknowledged ticket and call is there, and no ticket exists twice (clients
retry unacknowledged requests with the same Idempotency-Key). TAP output."""

import os
import random
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubtest import sanitizer_reports, Hub, check, main, test  # noqa: E402

KILLS = int(os.environ.get("WEGWIJS_KILLS", "20"))
CREATORS = 4
CALLERS = 2


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {}        # key -> (ticketId, number)
        self.bodies = {}       # key -> body
        self.pending = []      # keys sent but not acknowledged
        self.acked_calls = set()
        self.uncalled = []


def setup():
    return Hub()


def teardown(hub):
    if hub is not None:
        hub.cleanup()


def creator(hub, state, stop, kiosk_token):
    while not stop.is_set():
        with state.lock:
            key = state.pending.pop() if state.pending else None
        if key is None:
            key = uuid.uuid4().hex
            body = {"topic": random.choice(["digid", "money", "device"]), "language": "nl",
                    "firstName": "Naam %s" % key[:6]}
            with state.lock:
                state.bodies[key] = body
        body = state.bodies[key]
        try:
            response = hub.post("/v1/tickets", kiosk_token, body, headers={"Idempotency-Key": key})
        except Exception:
            with state.lock:
                state.pending.append(key)
            time.sleep(0.01)
            continue
        if response.status != 201:
            with state.lock:
                state.pending.append(key)
            continue
        ticket = response.json
        with state.lock:
            previous = state.acked.get(key)
            if previous is not None and previous[0] != ticket["ticketId"]:
                state.errors.append("key %s gave two tickets: %s %s" % (key, previous, ticket["ticketId"]))
            state.acked[key] = (ticket["ticketId"], ticket["number"])
            if previous is None:
                state.uncalled.append(ticket["ticketId"])


def caller(hub, state, stop, token):
    while not stop.is_set():
        with state.lock:
            ticket = state.uncalled.pop(random.randrange(len(state.uncalled))) if state.uncalled else None
        if ticket is None:
            time.sleep(0.005)
            continue
        try:
            response = hub.post("/v1/tickets/%s/_call" % ticket, token, {"deskId": "balie-1"})
        except Exception:
            continue
        if response.status == 200:
            with state.lock:
                state.acked_calls.add(ticket)


@test
def kill_nine_loses_and_duplicates_nothing(hub):
    state = State()
    state.errors = []
    kiosk_tokens = [hub.kiosk_token] + [hub.enrol_kiosk("kiosk-d-%d" % i) for i in range(CREATORS - 1)]
    kills = 0
    for cycle in range(KILLS):
        hub.start()
        token = hub.login("volunteer")
        stop = threading.Event()
        threads = [threading.Thread(target=creator, args=(hub, state, stop, kiosk_tokens[i])) for i in range(CREATORS)]
        threads += [threading.Thread(target=caller, args=(hub, state, stop, token)) for _ in range(CALLERS)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(0.3, 0.7))
        hub.kill9()
        kills += 1
        stop.set()
        for t in threads:
            t.join()
    print("# %d kills, %d acknowledged tickets, %d acknowledged calls, %d unacknowledged keys"
          % (kills, len(state.acked), len(state.acked_calls), len(state.pending)))

    # Retry what was never acknowledged, as a kiosk would.
    hub.start()
    for key in list(state.pending):
        response = hub.post("/v1/tickets", hub.kiosk_token if False else kiosk_tokens[0], state.bodies[key],
                            headers={"Idempotency-Key": key})
        if response.status == 201:
            state.acked.setdefault(key, (response.json["ticketId"], response.json["number"]))
    hub.stop()

    check(kills >= 20, "only %d kills" % kills)
    check(not state.errors, state.errors[:5])
    check(len(state.acked) > 100, "too little load: %d tickets" % len(state.acked))
    with hub.db() as db:
        check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check failed")
        rows = {r[0]: (r[1], r[2], r[3]) for r in db.execute(
            "SELECT t.ticket_id, t.number, t.state, t.business_day FROM tickets t")}
        keys = db.execute("SELECT kiosk_id, idempotency_key, ticket_id FROM idempotency_keys").fetchall()
        numbers = db.execute("SELECT branch_id, business_day, number, COUNT(*) FROM tickets GROUP BY 1, 2, 3 "
                             "HAVING COUNT(*) > 1").fetchall()
    missing = [k for k, (tid, number) in state.acked.items() if tid not in rows or rows[tid][0] != number]
    check(not missing, "%d acknowledged tickets missing, e.g. %s" % (len(missing), missing[:3]))
    check(len(rows) == len(keys), "%d tickets but %d idempotency keys" % (len(rows), len(keys)))
    check(len({k[2] for k in keys}) == len(keys), "one ticket under two keys")
    check(not numbers, "duplicate numbers: %s" % numbers[:3])
    lost_calls = [t for t in state.acked_calls if rows[t][1] == "waiting"]
    check(not lost_calls, "%d acknowledged calls lost" % len(lost_calls))
    check(len(rows) == len(state.acked) or len(rows) >= len(state.acked), "more acknowledged than stored")


@test
def no_sanitizer_reports(hub):
    reports = sanitizer_reports(hub)
    check(not reports, "\n".join(reports[:10]))


if __name__ == "__main__":
    sys.exit(main(setup, teardown))
