#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Scale-out benchmark, in one run (a script, not a test): one hub on
SQLite against 1, 2 and 3 hubs on one PostgreSQL database.

For each setup, on a fresh database:
1. durable ticket creations per second: one wrk per hub, POSTing tickets
   with a unique Idempotency-Key each, the client connections split over
   the hubs; counted in the database afterwards (every 201 is committed);
2. event latency: SSE clients (volunteer) on every hub; a ticket is
   created on each hub in turn, and the time from sending the POST to each
   client receiving the ticket's event is measured, separately for clients
   of the hub that made it and of the other hubs (LISTEN/NOTIFY).

Needs wrk, psql/PostgreSQL 15 (Debian). Without WEGWIJS_PG_DSN it starts a
throwaway cluster with build-aux/pg-cluster on the real disk (fsync on).
Usage: tests/bench/hub-pg-bench.py [--hub build/src/hub/wegwijs-hub] [--duration 10]
Results are printed and written to tests/bench/results/hub-pg-<time>.json.
"""

import argparse
import asyncio
import importlib.util
import json
import os
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "api"))

_spec = importlib.util.spec_from_file_location("hub_bench", os.path.join(HERE, "hub-bench.py"))
hub_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hub_bench)

TICKETS_LUA = """
-- Every request a new Idempotency-Key, unique across wrk processes and threads.
local counter = 0
local threads = 0
local prefix = ""
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  prefix = string.format("%s-%d", os.getenv("WW_BENCH_PREFIX") or "x", tid)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"topic":"digid","language":"nl"}'
request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = prefix .. "-" .. counter
  return wrk.format(nil, "/v1/tickets")
end
"""


def percentile(values, p):
    values = sorted(values)
    return round(values[max(0, int(len(values) * p) - 1)], 2) if values else None


def tickets_per_second(hubs, duration, connections, token, lua):
    per_hub = max(1, connections // len(hubs))
    results = [None] * len(hubs)

    def one(i):
        env = dict(os.environ, WW_BENCH_PREFIX="%s-%d" % (uuid.uuid4().hex[:8], i))
        argv = ["wrk", "-t1", "-c%d" % per_hub, "-d%ds" % duration, "-s", lua,
                "-H", "Authorization: Bearer " + token, "https://127.0.0.1:%d/v1/tickets" % hubs[i].port]
        out = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60, env=env).stdout
        non2xx = sum(int(line.split(":")[1]) for line in out.splitlines() if "Non-2xx or 3xx responses:" in line)
        results[i] = {"port": hubs[i].port, "non2xx": non2xx}

    with hubs[0].db() as db:
        before = db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(hubs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with hubs[0].db() as db:
        after = db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
        duplicates = db.execute("SELECT COUNT(*) FROM (SELECT branch_id, business_day, sequence FROM tickets"
                                " GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) AS d").fetchone()[0]
    return {"createdPerSecond": round((after - before) / duration, 1), "created": after - before,
            "connections": per_hub * len(hubs), "non2xx": sum(r["non2xx"] for r in results),
            "duplicateNumbers": duplicates}


async def event_latency(hubs, clients_per_hub, rounds, volunteer):
    context = ssl.create_default_context(cafile=hubs[0].ca)
    ready = asyncio.Semaphore(0)
    received = [dict() for _ in hubs]  # per hub: ticketId -> [times]
    tasks = []
    for h, hub in enumerate(hubs):
        for i in range(clients_per_hub):
            tasks.append(asyncio.create_task(hub_bench.sse_client(hub.port, context, volunteer, ready, received[h], i)))
    for _ in tasks:
        await asyncio.wait_for(ready.acquire(), 60)
    await asyncio.sleep(0.5)
    loop = asyncio.get_running_loop()
    same, other = [], []
    missing = 0
    for r in range(rounds):
        origin = hubs[r % len(hubs)]
        key = uuid.uuid4().hex
        t0 = time.monotonic()
        response = await loop.run_in_executor(None, lambda: origin.post(
            "/v1/tickets", origin.kiosk_token, {"topic": "digid", "language": "nl"},
            headers={"Idempotency-Key": key}, fresh=True))
        ticket = response.json["ticketId"]
        deadline = time.monotonic() + 5
        while (sum(len(received[h].get(ticket, [])) for h in range(len(hubs))) < len(tasks)
               and time.monotonic() < deadline):
            await asyncio.sleep(0.002)
        for h, hub in enumerate(hubs):
            times = received[h].get(ticket, [])
            missing += clients_per_hub - len(times)
            (same if hub is origin else other).extend((t - t0) * 1000 for t in times)
        await asyncio.sleep(0.05)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    result = {"clientsPerHub": clients_per_hub, "rounds": rounds, "missing": missing,
              "sameHubP50Ms": percentile(same, 0.5), "sameHubP99Ms": percentile(same, 0.99),
              "sameHubMaxMs": round(max(same), 2) if same else None}
    if other:
        result.update({"otherHubP50Ms": percentile(other, 0.5), "otherHubP99Ms": percentile(other, 0.99),
                       "otherHubMaxMs": round(max(other), 2), "goal": "other hubs < 1000 ms"})
    return result


def run_setup(hubtest, store, n_hubs, args, lua):
    hubtest.STORE = store
    limits = {"keepalive-seconds": "15", "ticket-rate-per-minute": "1000000", "ticket-burst": "1000000"}
    first = hubtest.Hub(limits=limits)
    hubs = [first]
    try:
        first.start()
        hubs += [hubtest.Hub(share=first).start() for _ in range(n_hubs - 1)]
        volunteer = first.login("volunteer")
        tickets = tickets_per_second(hubs, args.duration, args.connections, first.kiosk_token, lua)
        events = asyncio.run(event_latency(hubs, args.sse_clients, args.sse_rounds, volunteer))
        return {"store": store, "hubs": n_hubs, "tickets": tickets, "events": events}
    finally:
        for hub in reversed(hubs):
            hub.cleanup()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hub", default=os.path.join(ROOT, "build", "src", "hub", "wegwijs-hub"))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=48)
    parser.add_argument("--sse-clients", type=int, default=20, help="per hub")
    parser.add_argument("--sse-rounds", type=int, default=30)
    args = parser.parse_args()

    if shutil.which("wrk") is None:
        sys.exit("hub-pg-bench: wrk is needed (apt-get install wrk)")

    os.environ["WEGWIJS_HUB"] = os.path.abspath(args.hub)
    cluster = None
    if not os.environ.get("WEGWIJS_PG_DSN"):
        # On the real disk, not a tmpfs: "durable" means an fsync that reaches the device.
        cluster = tempfile.mkdtemp(prefix="wegwijs-pg-bench-", dir="/var/tmp")
        out = subprocess.run([os.path.join(ROOT, "build-aux", "pg-cluster"), "start", cluster],
                             capture_output=True, text=True, check=True).stdout
        os.environ["WEGWIJS_PG_DSN"] = out.strip().split("=", 1)[1].strip("'")
    import hubtest  # noqa: E402  (reads WEGWIJS_HUB and WEGWIJS_PG_DSN)
    hubtest.HUB = os.environ["WEGWIJS_HUB"]
    hubtest.PG_DSN = os.environ["WEGWIJS_PG_DSN"]

    results = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "nproc": os.cpu_count(),
               "load": " ".join(open("/proc/loadavg").read().split()[:3]),
               "duration": args.duration, "connections": args.connections, "runs": []}
    workdir = tempfile.mkdtemp(prefix="wegwijs-pg-bench-lua-")
    lua = os.path.join(workdir, "tickets.lua")
    with open(lua, "w") as f:
        f.write(TICKETS_LUA)
    try:
        for store, n_hubs in (("sqlite", 1), ("postgresql", 1), ("postgresql", 2), ("postgresql", 3)):
            run = run_setup(hubtest, store, n_hubs, args, lua)
            results["runs"].append(run)
            t, e = run["tickets"], run["events"]
            print("%-10s %d hub(s): %7.1f tickets/s (non-2xx %d, duplicate numbers %d); events p50/p99 same hub "
                  "%s/%s ms, other hubs %s/%s ms (max %s), missing %d" % (
                      store, n_hubs, t["createdPerSecond"], t["non2xx"], t["duplicateNumbers"],
                      e["sameHubP50Ms"], e["sameHubP99Ms"], e.get("otherHubP50Ms", "-"),
                      e.get("otherHubP99Ms", "-"), e.get("otherHubMaxMs", "-"), e["missing"]), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if cluster is not None:
            subprocess.run([os.path.join(ROOT, "build-aux", "pg-cluster"), "stop", cluster], check=False)
            shutil.rmtree(cluster, ignore_errors=True)

    sqlite = results["runs"][0]["tickets"]["createdPerSecond"]
    results["ratioToSqlite"] = {"%d hubs" % r["hubs"]: round(r["tickets"]["createdPerSecond"] / sqlite, 2)
                                for r in results["runs"][1:]}
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    path = os.path.join(HERE, "results", "hub-pg-%s.json" % time.strftime("%Y%m%d-%H%M%S"))
    with open(path, "w") as f:
        json.dump(results, f, indent=2)
    print("written to", os.path.relpath(path, ROOT))


if __name__ == "__main__":
    main()
