#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Server-Sent Events: scoping by token, keep-alive comments, and resuming
with Last-Event-ID without missing or repeating an event. TAP output."""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubtest import sanitizer_reports, EventStream, Hub, check, expect_problem, main, test  # noqa: E402


def setup():
    hub = Hub(keepalive=1).start()
    hub.volunteer = hub.login("volunteer")
    hub.other_kiosk = hub.enrol_kiosk("kiosk-centrale-2")
    hub.noord_volunteer = hub.add_volunteer("noord-een", "noord")
    return hub


def teardown(hub):
    if hub is not None:
        hub.cleanup()


@test
def headers_and_keepalive(hub):
    stream = EventStream(hub, hub.kiosk_token)
    try:
        check(stream.response.status == 200)
        check(stream.response.getheader("Content-Type") == "text/event-stream", stream.response.getheader("Content-Type"))
        check(stream.response.getheader("API-Version") == "0.1.0")
        deadline = time.time() + 4
        stream.conn.sock.settimeout(4)
        while stream.comments < 2 and time.time() < deadline:
            line = stream.response.readline()
            if line.startswith(b":"):
                stream.comments += 1
        check(stream.comments >= 2, "no keep-alive comments")
    finally:
        stream.close()


@test
def errors(hub):
    expect_problem(hub.get("/v1/events"), 401, "no token")
    expect_problem(hub.get("/v1/events", hub.kiosk_token, headers={"Last-Event-ID": "abc"}), 400, "bad id")
    expect_problem(hub.post("/v1/events", hub.kiosk_token, {}), 405, "POST")


@test
def scope_kiosk_volunteer_and_other_branch(hub):
    kiosk = EventStream(hub, hub.kiosk_token)
    other = EventStream(hub, hub.other_kiosk)
    volunteer = EventStream(hub, hub.volunteer)
    noord = EventStream(hub, hub.noord_volunteer)
    try:
        mine = hub.new_ticket()
        theirs = hub.new_ticket(token=hub.other_kiosk)
        hub.post("/v1/tickets/%s/_call" % mine["ticketId"], hub.volunteer, {"deskId": "balie-1"})
        # kiosk: own ticket + queue, queue (other's ticket), own ticket + queue (call)
        got = kiosk.events(5)
        types = [e["event"] for e in got]
        check(types == ["ticket", "queue", "queue", "ticket", "queue"], types)
        tickets = [json.loads(e["data"]) for e in got if e["event"] == "ticket"]
        check({t["ticketId"] for t in tickets} == {mine["ticketId"]}, tickets)
        check(all("firstName" not in t for t in tickets), "a first name in an event")
        check(json.loads(got[-1]["data"])["branchId"] == "centrale")
        got = other.events(3)
        check([json.loads(e["data"]).get("ticketId") for e in got if e["event"] == "ticket"] == [theirs["ticketId"]])
        got = volunteer.events(6)
        check(len([e for e in got if e["event"] == "ticket"]) == 3, got)
        ids = [int(e["id"]) for e in got]
        check(ids == sorted(ids) and len(set(ids)) == 6, ids)
        # the noord volunteer sees nothing of centrale: only its own branch's event comes
        noord_ticket = hub.new_ticket(token=hub.enrol_kiosk("kiosk-noord-9", "noord"))
        event = noord.next_event()
        check(json.loads(event["data"])["ticketId"] == noord_ticket["ticketId"], event)
    finally:
        for s in (kiosk, other, volunteer, noord):
            s.close()


@test
def resume_with_last_event_id_misses_and_repeats_nothing(hub):
    seen = []
    stream = EventStream(hub, hub.volunteer)
    created = [hub.new_ticket()["ticketId"] for _ in range(5)]
    seen += stream.events(10)
    stream.close()
    last_id = seen[-1]["id"]
    # While disconnected: more changes.
    created += [hub.new_ticket()["ticketId"] for _ in range(7)]
    for tid in created[:3]:
        hub.post("/v1/tickets/%s/_call" % tid, hub.volunteer, {"deskId": "balie-2"})
    resumed = EventStream(hub, hub.volunteer, last_event_id=last_id)
    # And while resuming, more still.
    created += [hub.new_ticket()["ticketId"] for _ in range(3)]
    seen += resumed.events(2 * (7 + 3 + 3))
    resumed.close()
    ids = [int(e["id"]) for e in seen]
    check(len(ids) == len(set(ids)), "an event was repeated")
    check(ids == sorted(ids), "events out of order")
    with hub.db() as db:
        expected = [r[0] for r in db.execute(
            "SELECT event_id FROM events WHERE branch_id = 'centrale' AND event_id >= ? AND event_id <= ? ORDER BY 1",
            (ids[0], ids[-1]))]
    check(ids == expected, "missed events: %s" % sorted(set(expected) - set(ids)))
    ticket_ids = {json.loads(e["data"])["ticketId"] for e in seen if e["event"] == "ticket"}
    check(set(created) <= ticket_ids, "a ticket's event is missing")


@test
def resume_from_far_back_pages_through_the_log(hub):
    for _ in range(300):
        hub.new_ticket()
    stream = EventStream(hub, hub.admin_token if hasattr(hub, "admin_token") else hub.login("admin"), last_event_id=0)
    try:
        with hub.db() as db:
            total = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        got = stream.events(total, timeout=20)
        ids = [int(e["id"]) for e in got]
        check(ids == list(range(1, total + 1)), "gap or repeat in a %d-event backlog" % total)
    finally:
        stream.close()


@test
def no_sanitizer_reports(hub):
    reports = sanitizer_reports(hub)
    check(not reports, "\n".join(reports[:10]))


if __name__ == "__main__":
    sys.exit(main(setup, teardown))
