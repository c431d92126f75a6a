"""Benchmark: the largest downloads (XLSX, CSV, Parquet) from a real gunicorn, one at a time.

For each URL: wall time, time to first byte, bytes, HTTP status, the serving worker's CPU
time and peak RSS (VmHWM of the only worker, read from /proc after the download). One worker, so the
figure is that download's own peak (plus the app's baseline, printed first).

    .venv/bin/python -m bench.download_bench --database-url sqlite:////path/warehouse.sqlite \
        [--export-dir DIR] [--port 8630] [--gunicorn-args "--worker-class sync --timeout 30"] \
        [--paths /api/v1/datasets/front_office_visits/rows.xlsx ...] [--root OLD_CHECKOUT]

Not a test: it takes a few minutes on national-scale data (`python -m etl demo --scale
national --days 35` then `python -m etl run`).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = [
    "/api/v1/datasets/front_office_visits/rows.csv",
    "/api/v1/datasets/front_office_visits/rows.xlsx",
    "/api/v1/datasets/front_office_visits/rows.parquet",
]


def _children(pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    ).stdout
    return [int(p) for p in out.split()]


def _hwm_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process: less sensitive than wall time to the other
    processes of a shared machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _get(port: int, path: str) -> dict[str, object]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = conn.getresponse()
    first = None
    size = 0
    while chunk := response.read(256 * 1024):
        if first is None:
            first = time.perf_counter() - start
        size += len(chunk)
    wall = time.perf_counter() - start
    conn.close()
    return {
        "status": response.status,
        "bytes": size,
        "wall_s": round(wall, 2),
        "ttfb_s": round(first or wall, 2),
        "content_length": response.getheader("Content-Length"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--export-dir", default="")
    parser.add_argument("--port", type=int, default=8630)
    parser.add_argument("--gunicorn-args", default="")
    parser.add_argument("--paths", nargs="*", default=DEFAULT_PATHS)
    parser.add_argument(
        "--root",
        default=str(ROOT),
        help="checkout to serve (e.g. an older commit, for before/after)",
    )
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "RATELIMIT_ENABLED": "false",
        "CACHE_REDIS_URL": "",
        "MAP_TILES": "none",
    }
    if args.export_dir:
        env["EXPORT_DIR"] = args.export_dir
    results = []
    for path in [p for p in args.paths for _ in range(args.repeat)]:
        # a fresh server per download: each peak RSS is that download's own
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{args.port}",
            *shlex.split(args.gunicorn_args),
            "app:server",
        ]
        server = subprocess.Popen(
            cmd, cwd=args.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            for _ in range(120):
                try:
                    _get(args.port, "/healthz")
                    break
                except OSError:
                    time.sleep(0.5)
            _get(args.port, "/api/v1/datasets")  # app fully imported and warmed
            workers = _children(server.pid)
            baseline = _hwm_kib(workers[0]) if workers else 0
            cpu_before = _cpu_s(workers[0]) if workers else 0.0
            try:
                result = _get(args.port, path)
            except (OSError, http.client.HTTPException) as exc:
                result = {"error": repr(exc)}
            alive = _children(server.pid)
            peak = _hwm_kib(workers[0]) if workers and workers[0] in alive else None
            if workers and workers[0] in alive:
                result["worker_cpu_s"] = round(_cpu_s(workers[0]) - cpu_before, 1)
            result.update(
                {
                    "path": path,
                    "baseline_rss_mib": round(baseline / 1024),
                    "peak_rss_mib": None if peak is None else round(peak / 1024),
                    "worker_replaced": bool(workers) and workers[0] not in alive,
                }
            )
            results.append(result)
            print(json.dumps(result), flush=True)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "download_bench.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
