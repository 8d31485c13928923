#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Server-Sent Events: scoping by token, keep-alive comments, and resuming
with Last-Event-ID without missing or repeating an event. TAP output."""

import http.client
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubtest import sanitizer_reports, Hub, check, expect_problem, main, test  # noqa: E402


class Stream:
    """A minimal SSE client over its own TLS connection."""

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
    stream = Stream(hub, hub.kiosk_token)
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
    kiosk = Stream(hub, hub.kiosk_token)
    other = Stream(hub, hub.other_kiosk)
    volunteer = Stream(hub, hub.volunteer)
    noord = Stream(hub, hub.noord_volunteer)
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
    stream = Stream(hub, hub.volunteer)
    created = [hub.new_ticket()["ticketId"] for _ in range(5)]
    seen += stream.events(10)
    stream.close()
    last_id = seen[-1]["id"]
    # While disconnected: more changes.
    created += [hub.new_ticket()["ticketId"] for _ in range(7)]
    for tid in created[:3]:
        hub.post("/v1/tickets/%s/_call" % tid, hub.volunteer, {"deskId": "balie-2"})
    resumed = Stream(hub, hub.volunteer, last_event_id=last_id)
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
    stream = Stream(hub, hub.admin_token if hasattr(hub, "admin_token") else hub.login("admin"), last_event_id=0)
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
