"""Re-measure the dependency-failure probes of issue 9 on a real stack (not a test).

Starts gunicorn (deploy/gunicorn.conf.py, 2 workers x 4 threads) on the given warehouse and
Redis, drives it with C client threads for each phase, and prints a table:

  baseline            Redis and PostgreSQL up
  redis-sigstop       Redis hung (SIGSTOP) for S seconds
  redis-stopped       Redis process stopped (SIGTERM) for S seconds, then restarted by you
  pg-stopped          PostgreSQL stopped (pg_ctl stop) for S seconds, then started again
  downloads           4 whole-table downloads at once, /healthz latency meanwhile

    DATABASE_URL=postgresql+psycopg://... CACHE_REDIS_URL=redis://127.0.0.1:P/0 \\
    REDIS_PID=1234 PG_STOP='pg_ctl -D ... -m fast stop' PG_START='pg_ctl -D ... start' \\
    python -m bench.faults_bench [--port 8651] [--clients 16] [--seconds 20]

Phases whose control variables are missing are skipped. Output: bench/out/faults.json and the
gunicorn log (bench/out/faults-gunicorn.log: count its tracebacks and breaker lines).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
URLS = [
    "/api/v1/datasets",
    "/api/v1/regions/KZ-59",
    "/api/v1/datasets/facilities/rows?limit=50",
    "/api/v1/datasets/front_office_visits/aggregate?group_by=region",
    "/healthz",
    "/api/v1/status",
]


def request(
    port: int, path: str, client: str = "127.0.0.1", method: str = "GET", timeout: float = 60
) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        conn = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=timeout, source_address=(client, 0)
        )
        conn.request(method, path)
        response = conn.getresponse()
        response.read()
        conn.close()
        status = response.status
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def load(port: int, clients: int, seconds: float) -> dict[str, object]:
    """C threads, each its own client address, looping over URLS for `seconds`."""
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(n: int) -> None:
        i = n
        while time.monotonic() < stop:
            outcome = request(port, URLS[i % len(URLS)], client=f"127.0.1.{n + 1}")
            with lock:
                results.append(outcome)
            i += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies = sorted(d for _, d in results)
    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "requests": len(results),
        "rps": round(len(results) / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "statuses": statuses,
    }


def dash_probes(port: int) -> dict[str, int]:
    return {
        "page /map": request(port, "/map?lang=ru")[0],
        "/_dash-layout": request(port, "/_dash-layout")[0],
        "API rows": request(port, "/api/v1/datasets/facilities/rows?limit=5")[0],
    }


def downloads(port: int) -> dict[str, object]:
    urls = [
        "/api/v1/datasets/front_office_visits/rows.xlsx",
        "/api/v1/datasets/front_office_visits/rows.csv",
        "/api/v1/datasets/camera_offenses/rows.xlsx",
        "/api/v1/datasets/sos_activations_daily/rows.csv",
    ]
    done: list[float] = []
    threads = [
        threading.Thread(target=lambda u=u: done.append(request(port, u, timeout=600)[1]))
        for u in urls
    ]
    for t in threads:
        t.start()
    health = []
    while any(t.is_alive() for t in threads):
        health.append(request(port, "/healthz")[1])
        time.sleep(0.05)
    return {
        "download_s": [round(d, 1) for d in done],
        "healthz_max_ms": round(max(health) * 1000, 1) if health else None,
        "healthz_p50_ms": round(statistics.median(health) * 1000, 1) if health else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8651)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    log_path = OUT / "faults-gunicorn.log"
    env = {
        **os.environ,
        "PORTAL_BIND": f"127.0.0.1:{args.port}",
        "PORTAL_ACCESS_LOG": "/dev/null",
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "true"),
        "RATELIMIT_DEFAULT": os.environ.get("RATELIMIT_DEFAULT", "100000 per minute"),
    }
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    report: dict[str, object] = {}
    try:
        for _ in range(120):
            if request(args.port, "/healthz")[0] == 200:
                break
            time.sleep(0.5)
        else:
            raise SystemExit(f"gunicorn did not come up: see {log_path}")
        report["baseline"] = load(args.port, args.clients, args.seconds)
        redis_pid = int(os.environ.get("REDIS_PID", "0"))
        if redis_pid:
            os.kill(redis_pid, signal.SIGSTOP)
            try:
                report["redis-sigstop"] = load(args.port, args.clients, args.seconds)
            finally:
                os.kill(redis_pid, signal.SIGCONT)
            time.sleep(2)
            report["after-sigcont"] = load(args.port, args.clients, 5)
        if os.environ.get("PG_STOP") and os.environ.get("PG_START"):
            subprocess.run(os.environ["PG_STOP"], shell=True, check=True)
            try:
                report["pg-stopped"] = {
                    **load(args.port, args.clients, args.seconds / 2),
                    "probes": dash_probes(args.port),
                }
            finally:
                subprocess.run(os.environ["PG_START"], shell=True, check=True)
            time.sleep(1)
            report["pg-back"] = {"probes": dash_probes(args.port)}
        report["downloads"] = downloads(args.port)
    finally:
        server.terminate()
        server.wait(30)
    text = log_path.read_text(errors="replace")
    report["log"] = {
        "lines": text.count("\n"),
        "tracebacks": text.count("Traceback"),
        "breaker_lines": text.count("circuit breaker"),
        "ratelimit_fallback_lines": text.count("Rate limit storage"),
    }
    (OUT / "faults.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
