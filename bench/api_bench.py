"""Benchmark: our open-data API under gunicorn against Datasette on the same SQLite file.

    python -m bench.api_bench [--database FILE] [--duration 10] [--connections 16]

Not a test. Needs `wrk` (Debian package; installed with apt-get when missing and root) and
Datasette, installed on first use into bench/out/datasette-venv (never into the project's
requirements). Without --database, a demo warehouse is built with the real ETL.

Scenarios, each with `wrk -t2 -c16 -d10s`, both servers on the same file, side by side:
  page     one filtered page of 100 rows as JSON (cached on our side after the first request)
  csv      a CSV export of one region-year
  uncached a filtered page on a 5-million-row front_office_visits (a bench-only copy), every
           request a different region/month/limit, so our cache never answers it
Client and server share the machine's cores: compare ratios from one run, not absolutes.
Prints a table and writes bench/out/api_bench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.browser_support import wait_until_up  # same wait as the browser tests

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
WORK = OUT / "api"
DATASETTE_VENV = OUT / "datasette-venv"
PYTHON = sys.executable
TABLE = "front_office_visits"
BIG_ROWS = 5_000_000
OURS_PORT, DATASETTE_PORT = 8711, 8712

LUA = r"""
local paths = {%(paths)s}
local counter = 0
local threads = {}
local n = 0
setup = function(thread)
  thread:set("offset", n)
  n = n + 1
  table.insert(threads, thread)
end
init = function(args)
  counter = offset * 100003
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\"requests\":%%d,\"duration_us\":%%d,\"p50_us\":%%d,\"p95_us\":%%d," ..
    "\"p99_us\":%%d,\"socket_errors\":%%d,\"non_2xx\":%%d,\"bytes\":%%d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status,
    summary.bytes))
end
"""


# ------------------------------------------------------------------ tools
def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is missing: apt-get install -y wrk")
    return found


def ensure_datasette() -> Path:
    exe = DATASETTE_VENV / "bin" / "datasette"
    if not exe.exists():
        print("installing datasette into", DATASETTE_VENV, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run(
            [str(DATASETTE_VENV / "bin" / "pip"), "install", "-q", "datasette"], check=True
        )
    return exe


# ------------------------------------------------------------------ data
def build_demo_warehouse(target: Path, days: int) -> Path:
    """A published warehouse built by the real ETL from demo extracts."""
    landing = WORK / "landing"
    shutil.rmtree(landing, ignore_errors=True)
    target.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{target}",
        "EXPORT_DIR": str(WORK / "exports"),
        "QUARANTINE_DIR": str(WORK / "quarantine"),
        "STAGING_DIR": str(WORK / "staging"),
    }
    for args in (
        ["demo", "--out", str(landing), "--days", str(days), "--seed", "11", "--scale", "small"],
        ["run", "--landing", str(landing)],
    ):
        subprocess.run([PYTHON, "-m", "etl", *args], cwd=ROOT, env=env, check=True)
    return target


def copy_database(source: Path, target: Path) -> Path:
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    with sqlite3.connect(target) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file for Datasette
    return target


def inflate(source: Path, target: Path, rows: int = BIG_ROWS) -> Path:
    """A copy whose front_office_visits holds `rows` rows: the real rows repeated further
    and further back in time, so filters and orderings stay realistic."""
    copy_database(source, target)
    with sqlite3.connect(target) as conn:
        base, low, high, max_id = conn.execute(
            f"SELECT count(*), min(date), max(date), max(id) FROM {TABLE}"
        ).fetchone()
        span = (date.fromisoformat(high) - date.fromisoformat(low)).days + 1
        copies = -(-rows // base) - 1
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({TABLE})")]
        rest = [c for c in columns if c not in ("id", "date")]
        conn.execute("""CREATE TEMP TABLE copies(i INTEGER PRIMARY KEY)""")
        conn.executemany("INSERT INTO copies VALUES (?)", [(i,) for i in range(1, copies + 1)])
        conn.execute(
            f"INSERT INTO {TABLE} (id, date, {', '.join(rest)}) "
            f"SELECT t.id + c.i * :step, date(t.date, '-' || (c.i * :span) || ' days'), "
            f"{', '.join('t.' + c for c in rest)} FROM copies c CROSS JOIN {TABLE} t "
            f"WHERE t.id <= :max_id ORDER BY c.i, t.id",
            {"step": max_id, "span": span, "max_id": max_id},
        )
        conn.execute(
            f"DELETE FROM {TABLE} WHERE id IN (SELECT id FROM {TABLE} "
            f"ORDER BY id DESC LIMIT max(0, (SELECT count(*) FROM {TABLE}) - :rows))",
            {"rows": rows},
        )
        conn.execute("ANALYZE")
    with sqlite3.connect(target) as conn:
        conn.execute("VACUUM")
    return target


def choose_region_year(db: Path) -> tuple[str, int]:
    with sqlite3.connect(db) as conn:
        region, year = conn.execute(
            f"SELECT region, substr(date, 1, 4) AS y FROM {TABLE} GROUP BY region, y "
            "ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return region, int(year)


def random_pages(db: Path, count: int, seed: int = 5) -> list[tuple[str, str, str, int]]:
    """(region, date_from, date_to, limit): a month-long window, a limit near 100."""
    with sqlite3.connect(db) as conn:
        regions = [r[0] for r in conn.execute(f"SELECT DISTINCT region FROM {TABLE}")]
        low, high = conn.execute(f"SELECT min(date), max(date) FROM {TABLE}").fetchone()
    first, last = date.fromisoformat(low), date.fromisoformat(high)
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        start = first + timedelta(days=rng.randrange(max(1, (last - first).days - 30)))
        out.append(
            (
                rng.choice(regions),
                start.isoformat(),
                (start + timedelta(days=29)).isoformat(),
                rng.randint(90, 110),
            )
        )
    return out


# ------------------------------------------------------------------ servers
@contextmanager
def running(
    cmd: list[str],
    ready_url: str,
    env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    log = (WORK / f"{Path(cmd[0]).name}-{ready_url.split(':')[2][:4]}.log").open("wb")
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_until_up(ready_url, proc, None, timeout=60)
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def ours(db: Path, workers: int, threads: int, worker_class: str) -> Any:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "RATELIMIT_ENABLED": "false",
        "CACHE_REDIS_URL": "",
        "EXPORT_DIR": str(WORK / "exports"),
        "MAP_TILES": "none",
    }
    cmd = [
        PYTHON,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{OURS_PORT}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--access-logfile",
        "/dev/null",
        "app:server",
    ]
    return running(cmd, f"http://127.0.0.1:{OURS_PORT}/healthz", env)


def datasette(exe: Path, db: Path) -> Any:
    cmd = [
        str(exe),
        "serve",
        "-i",
        str(db),
        "-h",
        "127.0.0.1",
        "-p",
        str(DATASETTE_PORT),
        "--setting",
        "max_returned_rows",
        "10000",
        "--setting",
        "sql_time_limit_ms",
        "10000",
    ]
    return running(cmd, f"http://127.0.0.1:{DATASETTE_PORT}/-/versions.json")


# ------------------------------------------------------------------ load
def wrk_run(wrk: str, base: str, paths: list[str], args: argparse.Namespace) -> dict[str, Any]:
    script = WORK / "paths.lua"
    script.write_text(LUA % {"paths": ",".join(json.dumps(p) for p in paths)})
    result = subprocess.run(
        [
            wrk,
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    raw = json.loads(line.removeprefix("RESULT "))
    seconds = raw["duration_us"] / 1e6
    return {
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "requests": raw["requests"],
        "errors": raw["socket_errors"],
        "non_2xx": raw["non_2xx"],
        "mb": round(raw["bytes"] / 1e6, 1),
    }


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def check_equivalent(ours_url: str, theirs_url: str, kind: str) -> dict[str, int]:
    """Both answers hold the same number of rows (a sanity check of the pairing)."""
    a, b = fetch(ours_url), fetch(theirs_url)
    if kind == "json":
        count_a = len(json.loads(a)["data"])
        count_b = len(json.loads(b)["rows"])
    else:
        count_a, count_b = a.count(b"\n") - 1, b.count(b"\n") - 1
    if count_a != count_b:
        raise RuntimeError(f"not equivalent: ours {count_a} rows, datasette {count_b}")
    return {"rows": count_a}


def scenarios(
    db: Path, big: Path, region: str, year: int, pages: list[tuple[str, str, str, int]]
) -> list[dict[str, Any]]:
    api = f"/api/v1/datasets/{TABLE}"
    ds_name, big_name = db.stem, big.stem
    # Datasette at its fastest: no count(*), no facets, no facet suggestions (our pages
    # compute none of those either; with them Datasette answered ~15x slower).
    lean = "&_nocount=1&_nofacet=1&_nosuggest=1"
    return [
        {
            "name": "filtered page of 100 rows (JSON)",
            "db": "demo",
            "ours": [f"{api}/rows?region={region}&channel=walk_in&limit=100"],
            "datasette": [
                f"/{ds_name}/{TABLE}.json?region={region}&channel=walk_in&_size=100"
                "&_sort=date" + lean
            ],
            "kind": "json",
        },
        {
            "name": f"CSV export of {region} {year}",
            "db": "demo",
            "ours": [f"{api}/rows.csv?region={region}&date_from={year}-01-01&date_to={year}-12-31"],
            "datasette": [
                f"/{ds_name}/{TABLE}.csv?region={region}&date__gte={year}-01-01"
                f"&date__lte={year}-12-31&_sort=date&_stream=on&_size=max"
            ],
            "kind": "csv",
        },
        {
            "name": "uncached filtered page, 5M rows (JSON)",
            "db": "big",
            "ours": [
                f"{api}/rows?region={r}&date_from={a}&date_to={b}&limit={n}" for r, a, b, n in pages
            ],
            "datasette": [
                f"/{big_name}/{TABLE}.json?region={r}&date__gte={a}&date__lte={b}"
                f"&_size={n}&_sort=date{lean}"
                for r, a, b, n in pages
            ],
            "kind": "json",
        },
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", type=Path, help="a published SQLite warehouse")
    parser.add_argument("--days", type=int, default=365, help="demo days when building one")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-threads", type=int, default=4)
    parser.add_argument(
        "--worker-class",
        default="sync",
        choices=["sync", "gthread"],
        help="sync had the shorter latency tail on 2 cores (gthread: GIL)",
    )
    parser.add_argument("--big-rows", type=int, default=BIG_ROWS)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo warehouse")
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    wrk, datasette_exe = ensure_wrk(), ensure_datasette()
    cached = WORK / f"source-{args.days}d.sqlite"
    if args.database:
        source = args.database
    elif cached.exists() and not args.rebuild:
        source = cached  # built by an earlier run with the same --days
    else:
        source = build_demo_warehouse(cached, args.days)
    db = copy_database(source, WORK / "warehouse.sqlite")
    big_path = WORK / f"warehouse_{args.big_rows // 1_000_000}m.sqlite"
    print(f"inflating {TABLE} to {args.big_rows:,} rows …", flush=True)
    big = inflate(db, big_path, args.big_rows)
    region, year = choose_region_year(db)
    pages = random_pages(big, 60_000)
    results = []
    for scenario in scenarios(db, big, region, year, pages):
        file = db if scenario["db"] == "demo" else big
        row: dict[str, Any] = {"scenario": scenario["name"]}
        row["load_before"] = round(os.getloadavg()[0], 2)
        with ours(file, args.workers, args.worker_threads, args.worker_class):
            base = f"http://127.0.0.1:{OURS_PORT}"
            for path in scenario["ours"][:3]:
                fetch(base + path)  # warm: the cached scenarios measure the steady state
            with datasette(datasette_exe, file):
                other = f"http://127.0.0.1:{DATASETTE_PORT}"
                row["check"] = check_equivalent(
                    base + scenario["ours"][0], other + scenario["datasette"][0], scenario["kind"]
                )
                fetch(other + scenario["datasette"][0])
                row["datasette"] = wrk_run(wrk, other, scenario["datasette"], args)
            row["ours"] = wrk_run(wrk, base, scenario["ours"], args)
        row["ratio_rps"] = round(row["ours"]["rps"] / max(row["datasette"]["rps"], 0.1), 2)
        results.append(row)
        print(
            f"  {scenario['name']}: ours {row['ours']['rps']} req/s, "
            f"datasette {row['datasette']['rps']} req/s",
            flush=True,
        )
    report = {
        "command": " ".join(["python -m bench.api_bench", *sys.argv[1:]]),
        "wrk": f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s",
        "ours": f"gunicorn app:server --workers {args.workers} --worker-class "
        f"{args.worker_class} --threads {args.worker_threads}",
        "datasette": "datasette serve -i FILE (same file)",
        "cpus": os.cpu_count(),
        "big_rows": args.big_rows,
        "region": region,
        "year": year,
        "demo_rows": _rows(db),
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "results": results,
    }
    (OUT / "api_bench.json").write_text(json.dumps(report, indent=2))
    print_table(report)


def _rows(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0])


def print_table(report: dict[str, Any]) -> None:
    print(
        f"\n{report['wrk']} · ours: {report['ours']} · {report['datasette']} · "
        f"{report['cpus']} CPUs · {report['demo_rows']:,} {TABLE} rows (demo), "
        f"{report['big_rows']:,} (big)\n"
    )
    header = (
        f"{'scenario':42} {'server':10} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'non-2xx':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in report["results"]:
        for server in ("ours", "datasette"):
            r = row[server]
            print(
                f"{row['scenario'][:42]:42} {server:10} {r['rps']:>9.1f} {r['p50_ms']:>8.2f} "
                f"{r['p95_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['non_2xx']:>8}"
            )
        print(
            f"{'':42} {'ratio':10} {row['ratio_rps']:>8.2f}x   (1-min load average before: "
            f"{row['load_before']})"
        )
    print(f"\nwritten to {OUT / 'api_bench.json'}")


if __name__ == "__main__":
    main()
