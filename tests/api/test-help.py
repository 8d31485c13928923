#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Help sessions (issue 11): the queue opens and closes with volunteers on
duty and loses no ticket; sessions, exception dates and the daylight-saving
switches; reservations, a full session offering the next, check-in; the
anonymous numbers; wrong input. Runs on SQLite (api) and PostgreSQL (api-pg).
TAP output."""

import datetime
import os
import re
import sys
import time
import uuid
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hubtest import sanitizer_reports, Hub, check, expect_problem, main, test  # noqa: E402

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
CODE = re.compile(r"^[ACDEFHJKMNPRTUVWXY3479]{6}$")


def setup():
    # An expired login goes off duty within a second (the default is a minute).
    hub = Hub(presence=True, limits={"presence-check-seconds": "1"}).start()
    hub.volunteer = hub.login("volunteer")
    hub.admin_token = hub.login("admin")
    return hub


def teardown(hub):
    if hub is not None:
        reports = sanitizer_reports(hub)
        if reports:
            print("# sanitizer: " + "\n# ".join(reports))


def today(offset=0):
    return (datetime.datetime.now(AMS).date() + datetime.timedelta(days=offset)).isoformat()


def new_session(hub, token=None, **fields):
    body = {"kind": "walkIn", "topic": "Spreekuur", "languages": ["nl", "ar"], "capacity": 4,
            "place": "at the reading table", "bring": "your phone", "repeat": "once",
            "firstDate": today(1), "startTime": "10:00", "endTime": "12:00"}
    body.update(fields)
    response = hub.post("/v1/help-sessions", token or hub.volunteer, body)
    check(response.status == 201, response)
    return response.json


def occurrences(hub, token=None, **query):
    q = "&".join("%s=%s" % (k, v.replace("+", "%2B")) for k, v in query.items())
    response = hub.get("/v1/help-occurrences" + ("?" + q if q else ""), token or hub.volunteer)
    check(response.status == 200, response)
    return response.json["occurrences"]


def duty(hub, token, on):
    response = hub.request("PUT", "/v1/sessions/current/duty", token, {"onDuty": on})
    check(response.status == 200, response)
    return response.json


def status(hub, token=None):
    response = hub.get("/v1/help-status", token or hub.kiosk_token)
    check(response.status == 200, response)
    return response.json


def reserve(hub, token=None, key=None, body=None):
    return hub.post("/v1/reservations", token or hub.kiosk_token, body if body is not None else {},
                    headers={"Idempotency-Key": key or uuid.uuid4().hex})


@test
def queue_opens_and_closes_with_presence_and_loses_no_ticket(hub):
    new_session(hub, firstDate=today(2), topic="DigiD")
    check(status(hub)["open"] is False, "closed with nobody on duty")
    closed = hub.post("/v1/tickets", hub.kiosk_token, {"topic": "digid", "language": "nl"},
                      headers={"Idempotency-Key": uuid.uuid4().hex})
    problem = expect_problem(closed, 409, "ticket on a closed queue")
    check(problem["title"] == "No volunteer is on duty now", problem)
    check(problem["nextSession"] is not None and problem["nextSession"]["branchId"] == "centrale", problem)

    first = duty(hub, hub.volunteer, True)
    check(first["open"] is True and first["volunteersOnDuty"] == 1, first)
    ticket = hub.new_ticket(firstName="Fatima")
    other = hub.add_volunteer("vrijwilliger-" + uuid.uuid4().hex[:6], "centrale")
    check(duty(hub, other, True)["volunteersOnDuty"] == 2)
    still = duty(hub, hub.volunteer, False)
    check(still["open"] is True and still["stillWaiting"] == [], still)

    last = duty(hub, other, False)
    check(last["open"] is False and last["waiting"] >= 1, last)
    numbers = [t["number"] for t in last["stillWaiting"]]
    check(ticket["number"] in numbers, "the closing volunteer sees who waits: %r" % last)
    check(all("firstName" in t for t in last["stillWaiting"]), "the desk may see the first name")
    kept = hub.get("/v1/tickets/" + ticket["ticketId"], hub.kiosk_token).json
    check(kept["state"] == "waiting", "the ticket stays in the queue: %r" % kept)
    s = status(hub)
    check(s["open"] is False and s["waiting"] >= 1 and s["volunteersOnDuty"] == 0, s)

    # The queue event says it closed, for every kiosk of the branch.
    with hub.db() as db:
        data = db.execute("SELECT data FROM events WHERE type = 'queue' ORDER BY event_id DESC LIMIT 1").fetchone()[0]
    check('"open":false' in data.replace(" ", ""), data)

    # Logging out, and an expired login session, end the duty too.
    duty(hub, other, True)
    check(status(hub)["open"] is True)
    check(hub.request("DELETE", "/v1/sessions/current", other).status == 204)
    check(status(hub)["open"] is False, "logout closes the queue")
    third = hub.add_volunteer("vrijwilliger-" + uuid.uuid4().hex[:6], "centrale")
    duty(hub, third, True)
    check(status(hub)["open"] is True)
    before = last_event_id(hub)
    with hub.db() as db:
        db.execute("UPDATE sessions SET expires_at = 1 WHERE token_hash IN (SELECT token_hash FROM presence)")
        if not hub.pg_dsn:
            db.commit()
    check(status(hub)["open"] is False, "an expired login session closes the queue")
    # ... and the branch's kiosks hear it, without anyone going off duty.
    closed = wait_for_queue_event(hub, before)
    check(closed is not None and '"open":false' in closed.replace(" ", ""),
          "a queue event after the login expired: %r" % closed)
    with hub.db() as db:
        check(db.execute("SELECT COUNT (*) FROM presence").fetchone()[0] == 0, "the expired duty is gone")
    hub.post("/v1/tickets/%s/_cancel" % ticket["ticketId"], hub.kiosk_token)


def last_event_id(hub):
    with hub.db() as db:
        return db.execute("SELECT COALESCE (MAX (event_id), 0) FROM events").fetchone()[0]


def wait_for_queue_event(hub, after, seconds=5):
    """The data of the first queue event after event id @after, or None."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        with hub.db() as db:
            row = db.execute("SELECT data FROM events WHERE type = 'queue' AND event_id > %d"
                             " ORDER BY event_id LIMIT 1" % int(after)).fetchone()
        if row is not None:
            return row[0]
        time.sleep(0.1)
    return None


@test
def queue_always_open_without_presence_says_so(hub):
    """[hub] queue-needs-volunteer=0: the queue events call the queue open
    though nobody is on duty, as the hub takes tickets then."""
    open_hub = Hub(presence=False).start()
    try:
        before = last_event_id(open_hub)
        ticket = open_hub.new_ticket()
        data = wait_for_queue_event(open_hub, before)
        check(data is not None and '"open":true' in data.replace(" ", ""), data)
        check(status(open_hub)["open"] is True)
        open_hub.post("/v1/tickets/%s/_cancel" % ticket["ticketId"], open_hub.kiosk_token)
    finally:
        open_hub.stop()


@test
def dst_weekly_tuesday_stays_ten_local(hub):
    session = new_session(hub, repeat="weekly", firstDate="2026-10-13", topic="DST",
                          startTime="10:00", endTime="12:00")
    sid = session["helpSessionId"]
    autumn = occurrences(hub, helpSessionId=sid, **{"from": "2026-10-14", "until": "2026-11-04"})
    starts = [o["startsAt"] for o in autumn]
    check(starts == ["2026-10-20T10:00:00+02:00", "2026-10-27T10:00:00+01:00", "2026-11-03T10:00:00+01:00"], starts)
    check(autumn[1]["endsAt"] == "2026-10-27T12:00:00+01:00", autumn[1])
    spring = occurrences(hub, helpSessionId=sid, **{"from": "2027-03-20", "until": "2027-04-01"})
    starts = [o["startsAt"] for o in spring]
    check(starts == ["2027-03-23T10:00:00+01:00", "2027-03-30T10:00:00+02:00"], starts)
    # The same instants as UTC: one hour apart in UTC, the same wall-clock hour.
    utc = [datetime.datetime.fromisoformat(s).astimezone(datetime.timezone.utc).hour for s in starts]
    check(utc == [9, 8], utc)
    hub.post("/v1/help-sessions/%s/_cancel" % sid, hub.volunteer)


@test
def cancelled_dates_and_sessions_are_skipped(hub):
    session = new_session(hub, repeat="weekly", firstDate=today(1), topic="Skip", capacity=3)
    sid = session["helpSessionId"]
    dates = [o["date"] for o in occurrences(hub, helpSessionId=sid, **{"until": today(22)})]
    check(dates == [today(1), today(8), today(15)], dates)
    add = hub.post("/v1/help-session-exceptions", hub.volunteer,
                   {"helpSessionId": sid, "date": today(8), "reason": "Kerst"})
    check(add.status == 201, add)
    holiday = hub.post("/v1/help-session-exceptions", hub.volunteer, {"date": today(15)})
    check(holiday.status == 201, holiday)
    dates = [o["date"] for o in occurrences(hub, helpSessionId=sid, **{"until": today(22)})]
    check(dates == [today(1)], dates)
    listed = hub.get("/v1/help-sessions", hub.volunteer).json
    check({e["date"] for e in listed["exceptions"]} >= {today(8), today(15)}, listed)

    starts = datetime.datetime.fromisoformat(today(8) + "T10:00:00").replace(tzinfo=AMS).isoformat()
    expect_problem(reserve(hub, body={"helpSessionId": sid, "startsAt": starts}), 404, "reserving a cancelled date")

    cancelled = hub.post("/v1/help-sessions/%s/_cancel" % sid, hub.volunteer)
    check(cancelled.status == 200 and cancelled.json["cancelled"] is True, cancelled)
    check(occurrences(hub, helpSessionId=sid, **{"until": today(22)}) == [], "a cancelled session has no dates")
    expect_problem(hub.post("/v1/help-sessions/nope/_cancel", hub.volunteer), 404, "cancel unknown")


@test
def reservation_then_check_in_at_the_desk(hub):
    session = new_session(hub, firstDate=today(), startTime="00:00", endTime="23:59", capacity=2, topic="Nu")
    sid = session["helpSessionId"]
    occurrence = occurrences(hub, helpSessionId=sid)[0]
    check(occurrence["freePlaces"] == 2, occurrence)

    # Today's 00:00 session has started: a kiosk may not reserve it any more,
    # but the desk registers walk-ins by reservation too? No: it is refused.
    started = reserve(hub, body={"helpSessionId": sid, "startsAt": occurrence["startsAt"]})
    expect_problem(started, 409, "reserving a session that has started")

    # So put one in directly, as if made yesterday, and check it in.
    with hub.db() as db:
        start = int(datetime.datetime.fromisoformat(occurrence["startsAt"]).timestamp() * 1000000)
        end = int(datetime.datetime.fromisoformat(occurrence["endsAt"]).timestamp() * 1000000)
        db.execute("INSERT INTO reservations (reservation_id, code, branch_id, session_id, starts_at, ends_at,"
                   " subject_id, idempotency_key, request_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (str(uuid.uuid4()), "K7M4TX", "centrale", sid, start, end, "kiosk", "k1", "h", start))
        if not hub.pg_dsn:
            db.commit()
    listed = hub.get("/v1/reservations", hub.volunteer).json["reservations"]
    check(any(r["code"] == "K7M4TX" and r["helpSessionId"] == sid and r["checkedInAt"] is None for r in listed), listed)
    first = hub.post("/v1/reservations/k7m-4tx/_checkin", hub.volunteer)
    check(first.status == 200 and first.json["alreadyCheckedIn"] is False and first.json["checkedInAt"], first)
    again = hub.post("/v1/reservations/K7M4TX/_checkin", hub.volunteer)
    check(again.status == 200 and again.json["alreadyCheckedIn"] is True, "check-in is idempotent: %r" % again)
    check(again.json["checkedInAt"] == first.json["checkedInAt"], again)
    wrong = expect_problem(hub.post("/v1/reservations/AAAAAA/_checkin", hub.volunteer), 404, "unknown code")
    check(wrong["title"] == "Unknown reservation code", wrong)
    expect_problem(hub.post("/v1/reservations/0O1I/_checkin", hub.volunteer), 404, "not a code at all")
    expect_problem(hub.post("/v1/reservations/K7M4TX/_checkin", hub.kiosk_token), 403, "a kiosk does not check in")
    noord = hub.add_volunteer("noord-" + uuid.uuid4().hex[:6], "noord")
    expect_problem(hub.post("/v1/reservations/K7M4TX/_checkin", noord), 404, "another branch's code")


@test
def kiosk_reserves_without_personal_data_and_a_full_session_offers_the_next(hub):
    # A branch of its own: nextAvailable is the branch's next date with
    # room, and the demo plans a weekly walk-in hour at centrale.
    hub.admin("add-branch", "oost", "Bibliotheek Oost")
    kiosk = hub.enrol_kiosk("kiosk-oost", "oost")
    vol = hub.add_volunteer("oost-" + uuid.uuid4().hex[:6], "oost")
    session = new_session(hub, vol, repeat="weekly", firstDate=today(3), capacity=1, topic="Vol",
                          startTime="14:00", endTime="16:00", bring="DigiD app")
    sid = session["helpSessionId"]
    dates = occurrences(hub, vol, helpSessionId=sid, until=today(11))
    first, second = dates[0], dates[1]
    key = uuid.uuid4().hex
    made = reserve(hub, token=kiosk, key=key, body={"helpSessionId": sid, "startsAt": first["startsAt"]})
    check(made.status == 201, made)
    r = made.json
    check(CODE.match(r["code"]), r)
    check(r["startsAt"] == first["startsAt"] and r["place"] == "at the reading table" and r["bring"] == "DigiD app", r)
    replay = reserve(hub, token=kiosk, key=key, body={"helpSessionId": sid, "startsAt": first["startsAt"]})
    check(replay.status == 201 and replay.json["code"] == r["code"], replay)
    check(replay.header("Idempotent-Replayed") == "true", replay.headers)
    expect_problem(reserve(hub, token=kiosk, key=key, body={}), 422, "same key, other request")

    check(occurrences(hub, vol, helpSessionId=sid, until=today(11))[0]["freePlaces"] == 0)
    full = expect_problem(reserve(hub, token=kiosk, body={"helpSessionId": sid, "startsAt": first["startsAt"]}),
                          409, "full")
    check(full["title"] == "This session is full", full)
    check(full["nextAvailable"]["startsAt"] == second["startsAt"], full)

    # A volunteer can reserve for someone at the desk, too.
    desk = reserve(hub, token=vol, body={"helpSessionId": sid, "startsAt": second["startsAt"]})
    check(desk.status == 201, desk)
    listed = hub.get("/v1/reservations?from=%s&until=%s" % (today(), today(12)), vol).json["reservations"]
    codes = {x["code"] for x in listed}
    check({r["code"], desk.json["code"]} <= codes, listed)
    check(all(set(x) >= {"code", "startsAt", "checkedInAt"} for x in listed), listed)
    check(all("firstName" not in x for x in listed), "no personal data")
    hub.post("/v1/help-sessions/%s/_cancel" % sid, vol)


@test
def without_a_date_the_next_free_place_is_taken(hub):
    # Earlier sessions of this test program may still have room; a branch
    # of its own keeps this one exact.
    hub.admin("add-branch", "west", "Bibliotheek West")
    token = hub.enrol_kiosk("kiosk-west", "west")
    vol = hub.add_volunteer("west-" + uuid.uuid4().hex[:6], "west")
    sid = new_session(hub, vol, repeat="weekly", firstDate=today(2), capacity=1)["helpSessionId"]
    a = reserve(hub, token=token)
    b = reserve(hub, token=token)
    check(a.status == 201 and b.status == 201, (a, b))
    check(a.json["startsAt"][:10] == today(2) and b.json["startsAt"][:10] == today(9), (a.json, b.json))
    check(a.json["code"] != b.json["code"])
    hub.post("/v1/help-sessions/%s/_cancel" % sid, vol)
    none = expect_problem(reserve(hub, token=token), 409, "nothing left")
    check(none["nextAvailable"] is None, none)


@test
def anonymous_numbers_for_the_municipality(hub):
    hub.admin("add-branch", "zuid", "Bibliotheek Zuid")
    vol = hub.add_volunteer("zuid-" + uuid.uuid4().hex[:6], "zuid")
    kiosk = hub.enrol_kiosk("kiosk-zuid", "zuid")
    # 00:00 to 00:30: today's date has ended too, so three were held.
    sid = new_session(hub, vol, repeat="weekly", firstDate=today(-14), startTime="00:00",
                      endTime="00:30")["helpSessionId"]
    past = occurrences(hub, vol, helpSessionId=sid, **{"from": today(-14), "until": today(-1)})
    check(len(past) == 2, past)
    with hub.db() as db:
        for i, (occurrence, checked) in enumerate([(past[0], True), (past[0], False), (past[1], False)]):
            start = int(datetime.datetime.fromisoformat(occurrence["startsAt"]).timestamp() * 1000000)
            end = int(datetime.datetime.fromisoformat(occurrence["endsAt"]).timestamp() * 1000000)
            db.execute("INSERT INTO reservations (reservation_id, code, branch_id, session_id, starts_at, ends_at,"
                       " subject_id, idempotency_key, request_hash, created_at, checked_in_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + ("?" if checked else "NULL") + ")",
                       (str(uuid.uuid4()), "ZZZZZ" + "ACD"[i], "zuid", sid, start, end, "k", "s%d" % i, "h", start)
                       + ((start,) if checked else ()))
        if not hub.pg_dsn:
            db.commit()
    duty(hub, vol, True)
    for topic in ("digid", "digid", "money"):
        hub.new_ticket(token=kiosk, topic=topic)
    stats = hub.get("/v1/help-stats?from=%s&to=%s" % (today(-20), today()), vol)
    check(stats.status == 200, stats)
    s = stats.json
    check(s["sessionsHeld"] == 3 and s["reservations"] == 3 and s["checkedIn"] == 1 and s["noShows"] == 2, s)
    walk_ins = {w["topic"]: w["count"] for w in s["walkIns"]}
    check(walk_ins["digid"] == 2 and walk_ins["money"] == 1 and walk_ins["other"] == 0, s)
    check("code" not in stats.body.decode(), "no codes in the numbers")
    expect_problem(hub.get("/v1/help-stats?from=2026-13-01", vol), 400, "bad date")
    expect_problem(hub.get("/v1/help-stats", hub.kiosk_token), 403, "kiosk")
    duty(hub, vol, False)


@test
def wrong_input_gets_a_clear_problem(hub):
    good = {"kind": "walkIn", "topic": "x", "languages": ["nl"], "capacity": 2, "place": "p", "repeat": "once",
            "firstDate": today(1), "startTime": "10:00", "endTime": "11:00"}
    cases = [
        ({"kind": "party"}, "kind"), ({"repeat": "daily"}, "repeat"), ({"firstDate": "24-11-2026"}, "date"),
        ({"firstDate": "2026-02-30"}, "date"), ({"startTime": "25:00"}, "times"), ({"endTime": "09:00"}, "end after"),
        ({"capacity": 0}, "capacity"), ({"capacity": "3"}, "capacity"), ({"languages": ["fr"]}, "languages"),
        ({"languages": []}, "language"), ({"topic": ""}, "topic"), ({"colour": "red"}, "colour"),
        ({"repeat": "once", "lastDate": today(8)}, "lastDate"),
        ({"repeat": "weekly", "lastDate": today(-3)}, "before"),
    ]
    for change, word in cases:
        body = dict(good)
        body.update(change)
        problem = expect_problem(hub.post("/v1/help-sessions", hub.volunteer, body), 400, repr(change))
        check(word.lower() in problem["detail"].lower(), "%r: %r" % (change, problem))
    expect_problem(hub.post("/v1/help-sessions", hub.kiosk_token, good), 403, "a kiosk plans no sessions")
    expect_problem(hub.post("/v1/help-sessions", hub.volunteer, dict(good, branchId="noord")), 403, "other branch")
    expect_problem(hub.post("/v1/help-session-exceptions", hub.volunteer, {"date": "morgen"}), 400, "bad date")
    expect_problem(hub.post("/v1/help-session-exceptions", hub.volunteer, {"date": today(3), "helpSessionId": "nope"}),
                   404, "exception for an unknown session")
    expect_problem(hub.post("/v1/reservations", hub.kiosk_token, {}), 400, "no Idempotency-Key")
    expect_problem(reserve(hub, body={"helpSessionId": "x"}), 400, "session without startsAt")
    expect_problem(reserve(hub, body={"helpSessionId": "x", "startsAt": "2026-12-01"}), 400, "startsAt without time")
    expect_problem(reserve(hub, body={"helpSessionId": "x", "startsAt": "2026-12-01T10:00:00+01:00"}), 404,
                   "unknown session")
    expect_problem(reserve(hub, body={"firstName": "Fatima"}), 400, "no personal data")
    expect_problem(hub.request("PUT", "/v1/sessions/current/duty", hub.kiosk_token, {"onDuty": True}), 403, "kiosk")
    expect_problem(hub.request("PUT", "/v1/sessions/current/duty", hub.volunteer, {"onDuty": "yes"}), 400, "type")
    expect_problem(hub.request("PUT", "/v1/sessions/current/duty", hub.volunteer, {}), 400, "missing")
    expect_problem(hub.get("/v1/help-occurrences?from=gisteren", hub.volunteer), 400, "bad from")
    expect_problem(hub.get("/v1/help-occurrences?from=2026-12-01&until=2026-11-01", hub.volunteer), 400, "backwards")
    expect_problem(hub.get("/v1/help-occurrences?branchId=noord", hub.kiosk_token), 403, "other branch")
    expect_problem(hub.get("/v1/help-occurrences?size=3", hub.kiosk_token), 400, "unknown key")
    expect_problem(hub.get("/v1/help-status", hub.admin_token), 400, "admin names the branch")
    check(hub.get("/v1/help-status?branchId=noord", hub.admin_token).status == 200)


@test
def admin_cli_plans_lists_and_cancels(hub):
    added = hub.admin("add-help-session", "centrale", "--kind", "course", "--topic", "Beginnerscursus",
                      "--weekly", "--first", today(5), "--last", today(19), "--start", "13:30", "--end", "15:00",
                      "--capacity", "8", "--place", "Cursuszaal", "--languages", "nl,en", "--bring", "tablet")
    sid = added.stdout.strip().split()[-1]
    listed = hub.admin("list-help-sessions", "centrale").stdout
    check(sid in listed and "Beginnerscursus" in listed and "13:30" in listed, listed)
    check(len(occurrences(hub, helpSessionId=sid, until=today(30))) == 3)
    hub.admin("add-help-exception", "centrale", today(12), "--session", sid, "--reason", "zaal bezet")
    check(len(occurrences(hub, helpSessionId=sid, until=today(30))) == 2)
    hub.admin("cancel-help-session", sid)
    check(occurrences(hub, helpSessionId=sid, until=today(30)) == [])
    for args, word in [
        (["add-help-session"], "usage"),
        (["add-help-session", "centrale", "--topic", "x"], "--first"),
        (["add-help-session", "nergens", "--topic", "x", "--first", today(1), "--start", "10:00", "--end", "11:00",
          "--place", "p"], "branch"),
        (["add-help-session", "centrale", "--topic", "x", "--first", today(1), "--start", "10:00", "--end", "11:00",
          "--place", "p", "--capacity", "veel"], "capacity"),
        (["add-help-session", "centrale", "--topic", "x", "--first", today(1), "--start", "9", "--end", "11:00",
          "--place", "p"], "HH:MM"),
        (["cancel-help-session", "nope"], "no help session"),
        (["add-help-exception", "centrale", "kerst"], "YYYY-MM-DD"),
        (["list-help-sessions"], "usage"),
    ]:
        result = hub.admin(*args, check=False)
        check(result.returncode != 0 and word.lower() in result.stderr.lower(), "%r: %r" % (args, result.stderr))


if __name__ == "__main__":
    sys.exit(main(setup, teardown))
