#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""Hub benchmark, in one run (a script, not a test):

1. catalogue GETs: wrk over HTTPS against GET /v1/services on the hub and
   against nginx serving the same JSON with the same certificate and key,
   with as many nginx workers as the hub has server threads (one per
   processor); the goal is a ratio of at least 0.5. With one thread also
   against soup-ceiling.c, a bare libsoup server sending the same response
   and doing nothing else: what libsoup, GLib and GnuTLS cost alone; and the
   same bare server over plain HTTP, what libsoup and GLib cost without TLS;
2. durable ticket creations per second (synchronous=FULL, every 201 is on
   disk), wrk POSTing with a unique Idempotency-Key per request; goal 500/s;
3. event fan-out: 500 SSE clients connected; the time from sending a
   POST /v1/tickets to each client receiving that ticket's event; goal p99
   under 100 ms.

Needs: wrk, nginx (nginx-light), certtool (gnutls-bin), cc and libsoup-3.0-dev; loopback only.
Usage: tests/bench/hub-bench.py [--hub build/src/hub/wegwijs-hub] [--duration 10]
Results are printed and written to tests/bench/results/hub-<time>.json.
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "api"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def set_threads(conf, threads):
    with open(conf) as f:
        lines = [line for line in f.read().splitlines() if not line.startswith("threads=")]
    index = lines.index("[hub]")
    lines.insert(index + 1, "threads=%d" % threads)
    with open(conf, "w") as f:
        f.write("\n".join(lines) + "\n")


def wrk(url, duration, connections, token, script=None):
    argv = ["wrk", "-t2", "-c%d" % connections, "-d%ds" % duration, "--latency",
            "-H", "Authorization: Bearer " + token]
    if script:
        argv += ["-s", script]
    argv.append(url)
    out = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60).stdout
    rps = float(next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec:")))
    non2xx = 0
    for line in out.splitlines():
        if "Non-2xx or 3xx responses:" in line:
            non2xx = int(line.split(":")[1])
    errors = [line.strip() for line in out.splitlines() if line.strip().startswith("Socket errors")]
    return {"requestsPerSecond": rps, "non2xx": non2xx, "socketErrors": errors, "output": out}


def measure_ceiling(binary, cert, key, json_path, etag, args, token):
    """wrk against soup-ceiling.c: over HTTPS with @cert and @key, over plain
    HTTP when they are "-"."""
    port = free_port()
    ceiling = subprocess.Popen([binary, cert, key, json_path, etag, str(port)])
    time.sleep(0.5)
    try:
        scheme = "http" if cert == "-" else "https"
        return wrk("%s://127.0.0.1:%d/v1/services" % (scheme, port), args.duration, args.connections, token)
    finally:
        ceiling.terminate()
        ceiling.wait()


NGINX_CONF = """
worker_processes {workers};
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {dir}/nginx-body;
  proxy_temp_path {dir}/nginx-proxy;
  fastcgi_temp_path {dir}/nginx-fastcgi;
  uwsgi_temp_path {dir}/nginx-uwsgi;
  scgi_temp_path {dir}/nginx-scgi;
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    location = /v1/services {{
      default_type application/json;
      add_header API-Version 0.1.0;
      alias {json};
    }}
  }}
}}
"""


async def sse_client(port, context, token, ready, received, index):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context, server_hostname="localhost",
                                                   limit=1 << 20)
    writer.write(("GET /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n"
                  "Accept: text/event-stream\r\n\r\n" % token).encode())
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        raise RuntimeError("SSE status %r" % status)
    ready.release()
    event = None
    try:
        while True:
            line = await reader.readline()
            if not line:
                return
            now = time.monotonic()
            if line.startswith(b"event: "):
                event = line[7:].strip()
            elif line.startswith(b"data: ") and event == b"ticket":
                data = json.loads(line[6:])
                if data.get("state") == "waiting":
                    received.setdefault(data["ticketId"], []).append(now)
    except (asyncio.CancelledError, ConnectionError):
        pass
    finally:
        writer.close()


async def fan_out(hub, n_clients, rounds, volunteer):
    context = ssl.create_default_context(cafile=hub.ca)
    ready = asyncio.Semaphore(0)
    received = {}
    clients = [asyncio.create_task(sse_client(hub.port, context, volunteer, ready, received, i))
               for i in range(n_clients)]
    for _ in range(n_clients):
        await asyncio.wait_for(ready.acquire(), 60)
    await asyncio.sleep(0.5)
    loop = asyncio.get_running_loop()
    sent = {}
    latencies = []
    for _ in range(rounds):
        key = uuid.uuid4().hex
        t0 = time.monotonic()
        response = await loop.run_in_executor(None, lambda: hub.post(
            "/v1/tickets", hub.kiosk_token, {"topic": "digid", "language": "nl"}, headers={"Idempotency-Key": key}))
        ticket = response.json["ticketId"]
        sent[ticket] = t0
        deadline = time.monotonic() + 5
        while len(received.get(ticket, [])) < n_clients and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        times = received.get(ticket, [])
        latencies += [(t - t0) * 1000 for t in times]
        await asyncio.sleep(0.1)
    missing = rounds * n_clients - len(latencies)
    for c in clients:
        c.cancel()
    await asyncio.gather(*clients, return_exceptions=True)
    latencies.sort()
    return {
        "clients": n_clients, "rounds": rounds, "samples": len(latencies), "missing": missing,
        "p50Ms": round(statistics.median(latencies), 2),
        "p99Ms": round(latencies[int(len(latencies) * 0.99) - 1], 2),
        "maxMs": round(latencies[-1], 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hub", default=os.path.join(ROOT, "build", "src", "hub", "wegwijs-hub"))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--sse-clients", type=int, default=500)
    parser.add_argument("--sse-rounds", type=int, default=20)
    args = parser.parse_args()

    for tool in ("wrk", "nginx", "certtool"):
        if shutil.which(tool) is None and not os.path.exists("/usr/sbin/" + tool):
            sys.exit("hub-bench: %s is needed (apt-get install wrk nginx-light gnutls-bin)" % tool)

    os.environ["WEGWIJS_HUB"] = os.path.abspath(args.hub)
    import hubtest  # noqa: E402  (reads WEGWIJS_HUB)
    hubtest.HUB = os.environ["WEGWIJS_HUB"]

    # The database lives on the real disk next to the build, not in a tmpfs:
    # "durable" must mean an fsync that reaches the device.
    hub = hubtest.Hub(limits={"keepalive-seconds": "15"})
    # Other work on the machine skews every figure: it is recorded.
    results = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "nproc": os.cpu_count(),
               "load": " ".join(open("/proc/loadavg").read().split()[:3])}
    nginx = None
    try:
        hub.start()
        token = hub.kiosk_token
        body = hub.get("/v1/services", token).body
        json_path = os.path.join(hub.dir, "services.json")
        with open(json_path, "wb") as f:
            f.write(body)
        results["servicesBytes"] = len(body)

        # The ceiling: a bare libsoup server with the same response (see
        # soup-ceiling.c), built here like kiosk-startup builds its window.
        ceiling_bin = os.path.join(hub.dir, "soup-ceiling")
        cflags = subprocess.check_output(["pkg-config", "--cflags", "--libs", "libsoup-3.0"], text=True).split()
        subprocess.check_call(["cc", "-O2", "-o", ceiling_bin, os.path.join(HERE, "soup-ceiling.c")] + cflags)
        etag = hub.get("/v1/services", token).header("ETag")

        # 1. catalogue GETs: hub, then nginx, same client, same certificate;
        #    once with one server thread against one nginx worker (and the
        #    one-thread libsoup ceiling), once with one per processor
        #    against nginx's "auto".
        results["catalogue"] = []
        for threads in (1, os.cpu_count()):
            hub.stop()
            hubtest.Hub.write_limits(hub.conf, {})
            set_threads(hub.conf, threads)
            hub.start()
            hub_get = wrk("https://127.0.0.1:%d/v1/services" % hub.port, args.duration, args.connections, token)
            ceiling_get = ceiling_plain_get = None
            if threads == 1:
                pem, key = os.path.join(hub.dir, "hub.pem"), os.path.join(hub.dir, "hub-key.pem")
                ceiling_get = measure_ceiling(ceiling_bin, pem, key, json_path, etag, args, token)
                # The same without any TLS: the most a SoupServer can do here.
                ceiling_plain_get = measure_ceiling(ceiling_bin, "-", "-", json_path, etag, args, token)
            nginx_port = free_port()
            conf = os.path.join(hub.dir, "nginx.conf")
            with open(conf, "w") as f:
                f.write(NGINX_CONF.format(dir=hub.dir, port=nginx_port, workers=threads,
                                          cert=os.path.join(hub.dir, "hub.pem"),
                                          key=os.path.join(hub.dir, "hub-key.pem"), json=json_path))
            nginx = subprocess.Popen(["nginx", "-c", conf, "-p", hub.dir], stderr=subprocess.DEVNULL)
            time.sleep(0.5)
            nginx_get = wrk("https://127.0.0.1:%d/v1/services" % nginx_port, args.duration, args.connections, token)
            nginx.terminate()
            nginx.wait()
            nginx = None
            results["catalogue"].append({
                "threads": threads,
                "hubRequestsPerSecond": hub_get["requestsPerSecond"], "hubNon2xx": hub_get["non2xx"],
                "nginxRequestsPerSecond": nginx_get["requestsPerSecond"],
                "ratio": round(hub_get["requestsPerSecond"] / nginx_get["requestsPerSecond"], 3),
                "goal": ">= 0.5"})
            if ceiling_get is not None:
                results["catalogue"][-1]["soupCeilingRequestsPerSecond"] = ceiling_get["requestsPerSecond"]
                results["catalogue"][-1]["soupPlainHttpRequestsPerSecond"] = ceiling_plain_get["requestsPerSecond"]

        # 2. durable ticket creations
        lua = os.path.join(hub.dir, "tickets.lua")
        with open(lua, "w") as f:
            f.write("""
-- Every request a new Idempotency-Key, unique across wrk threads and runs.
local counter = 0
local threads = 0
local prefix = ""
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  prefix = string.format("%d-%d-%d", os.time(), math.floor(os.clock() * 1e6), tid)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"topic":"digid","language":"nl"}'
request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = prefix .. "-" .. counter
  return wrk.format(nil, "/v1/tickets")
end
""")
        with hub.db() as db:
            before = db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
        tickets = wrk("https://127.0.0.1:%d/v1/tickets" % hub.port, args.duration, args.connections, token, lua)
        with hub.db() as db:
            after = db.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
            sync = db.execute("PRAGMA synchronous").fetchone()[0]
        results["tickets"] = {"createdPerSecond": round((after - before) / args.duration, 1),
                              "wrkRequestsPerSecond": tickets["requestsPerSecond"], "non2xx": tickets["non2xx"],
                              "created": after - before, "journal": "wal", "goal": ">= 500/s"}

        # 3. SSE fan-out
        volunteer = hub.login("volunteer")
        results["events"] = asyncio.run(fan_out(hub, args.sse_clients, args.sse_rounds, volunteer))
        results["events"]["goal"] = "p99 < 100 ms"
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait()
        hub.cleanup()

    t, e = results["tickets"], results["events"]
    print("wegwijs-hub benchmark (%d cores; load average before: %s)" % (results["nproc"], results["load"]))
    for c in results["catalogue"]:
        print("  GET /v1/services (%d bytes), %d hub thread(s) / nginx worker(s): hub %.0f req/s, "
              "nginx %.0f req/s, ratio %.2f (goal >= 0.5)%s"
              % (results["servicesBytes"], c["threads"], c["hubRequestsPerSecond"], c["nginxRequestsPerSecond"],
                 c["ratio"], "" if c["hubNon2xx"] == 0 else "  [%d non-2xx!]" % c["hubNon2xx"]))
        if "soupCeilingRequestsPerSecond" in c:
            print("    bare libsoup server, same response, 1 thread (soup-ceiling.c): %.0f req/s; hub / ceiling %.2f"
                  % (c["soupCeilingRequestsPerSecond"], c["hubRequestsPerSecond"] / c["soupCeilingRequestsPerSecond"]))
            print("    the same bare libsoup server over plain HTTP, no TLS at all: %.0f req/s = %.2f of nginx with TLS"
                  % (c["soupPlainHttpRequestsPerSecond"], c["soupPlainHttpRequestsPerSecond"] / c["nginxRequestsPerSecond"]))
    print("  durable ticket creations: %.0f/s (goal >= 500/s)%s"
          % (t["createdPerSecond"], "" if t["non2xx"] == 0 else "  [%d non-2xx]" % t["non2xx"]))
    print("  SSE fan-out to %d clients: p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal p99 < 100 ms), %d missing"
          % (e["clients"], e["p50Ms"], e["p99Ms"], e["maxMs"], e["missing"]))
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    out = os.path.join(HERE, "results", "hub-%s.json" % time.strftime("%Y%m%d-%H%M%S"))
    with open(out, "w") as f:
        json.dump(results, f, indent=2)
    print("  results: %s" % out)


if __name__ == "__main__":
    main()
