#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Two volunteers call the same ticket at the same moment, 1,000 times:
exactly one wins (200), the other is told 409, every time. TAP output."""

import concurrent.futures
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubtest import sanitizer_reports, Hub, check, expect_problem, main, test  # noqa: E402

ROUNDS = int(os.environ.get("WEGWIJS_RACE_ROUNDS", "1000"))


def setup():
    hub = Hub().start()
    hub.volunteers = [hub.login("volunteer"), hub.add_volunteer("tweede", "centrale")]
    return hub


def teardown(hub):
    if hub is not None:
        hub.cleanup()


@test
def double_call_has_exactly_one_winner(hub):
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        tickets = list(pool.map(lambda i: hub.new_ticket()["ticketId"], range(ROUNDS)))
    check(len(set(tickets)) == ROUNDS)

    results = [None, None]
    barrier = threading.Barrier(2)
    current = {"ticket": None}
    go = [threading.Semaphore(0), threading.Semaphore(0)]
    done = threading.Semaphore(0)
    desks = ["balie-1", "balie-2"]

    def volunteer(index):
        while True:
            go[index].acquire()
            ticket = current["ticket"]
            if ticket is None:
                return
            barrier.wait()
            results[index] = hub.post("/v1/tickets/%s/_call" % ticket, hub.volunteers[index], {"deskId": desks[index]})
            done.release()

    threads = [threading.Thread(target=volunteer, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    winners = {0: 0, 1: 0}
    try:
        for ticket in tickets:
            current["ticket"] = ticket
            go[0].release()
            go[1].release()
            done.acquire()
            done.acquire()
            statuses = sorted(r.status for r in results)
            check(statuses == [200, 409], "ticket %s: %s" % (ticket, results))
            loser = results[0] if results[0].status == 409 else results[1]
            expect_problem(loser, 409, "the loser")
            winner = 0 if results[0].status == 200 else 1
            winners[winner] += 1
            check(results[winner].json["deskId"] == desks[winner], results[winner])
    finally:
        current["ticket"] = None
        go[0].release()
        go[1].release()
        for t in threads:
            t.join()

    print("# winners per volunteer: %s" % winners)
    with hub.db() as db:
        rows = db.execute("SELECT state, COUNT(*) FROM tickets GROUP BY state").fetchall()
        called_events = db.execute("SELECT COUNT(*) FROM events WHERE type = 'ticket' AND data LIKE '%\"state\":\"called\"%'")
        n_called_events = called_events.fetchone()[0]
    check(dict(rows) == {"called": ROUNDS}, rows)
    check(n_called_events == ROUNDS, "called events: %d" % n_called_events)


@test
def no_sanitizer_reports(hub):
    reports = sanitizer_reports(hub)
    check(not reports, "\n".join(reports[:10]))


if __name__ == "__main__":
    sys.exit(main(setup, teardown))
