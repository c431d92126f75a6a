"""Nightly cost benchmark: one new night on day 1 and on day 31 of a month, with history.

    python -m bench.night_bench [--days 365] [--data DIR]

The question (issue "durable, incremental ETL"): does a night cost what the night holds, or
what the history holds? With a year of national-scale history already published:
1. a backfill run publishes every night up to 30 September (timed too, not a goal here);
2. the night of 1 October arrives: `python -m etl run` is timed (day 1: daily tables only);
3. 2..30 October arrive in one run (not timed);
4. the night of 31 October arrives and is timed (day 31: the month completes, so every
   monthly table of October is made from the staging store).
Every timed run includes the bulk zip. Goals: each <= 10 s wall, day 31 <= 1.5x day 1.

The landing is the demo generator's (`python -m etl demo --scale national`, end 2026-10-31),
cached under bench/out/; nights are hard-linked into the run's landing (no copy, no symlink).
Wall time around the child; peak RSS from os.wait4 (the child's own rusage).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
END = date(2026, 10, 31)
GOAL_WALL_S = 10.0
GOAL_RATIO = 1.5


def ensure_landing(days: int, data: Path | None) -> Path:
    landing = data or OUT / f"night_bench_national_{days}d"
    if not (landing / END.isoformat()).is_dir():
        landing.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "etl", "demo", "--out", str(landing), "--days",
                        str(days), "--scale", "national", "--end", END.isoformat()],
                       cwd=ROOT, check=True)
    return landing


def deliver(source: Path, landing: Path, nights: list[str]) -> None:
    for night in nights:
        target = landing / night
        target.mkdir(parents=True, exist_ok=True)
        for path in (source / night).iterdir():
            os.link(path, target / path.name)


def etl_run(landing: Path, workdir: Path) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'warehouse.sqlite'}",
           "QUARANTINE_DIR": str(workdir / "quarantine"), "EXPORT_DIR": str(workdir / "exports"),
           "STAGING_DIR": str(workdir / "staging")}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "etl", "run", "--landing", str(landing)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"etl run failed:\n{out}\n{err[-2000:]}")
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1), "output": out.strip()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=365, help="nights of history (demo)")
    parser.add_argument("--data", type=Path, help="an existing national demo landing")
    args = parser.parse_args(argv)
    source = ensure_landing(args.days, args.data)
    nights = sorted(p.name for p in source.iterdir() if p.is_dir())
    history = [n for n in nights if n < "2026-10-01"]
    october = [n for n in nights if n.startswith("2026-10")]
    if len(october) != 31 or not history:
        raise SystemExit("the landing must hold all of October 2026 and earlier nights")

    workdir = OUT / "night_bench_run"
    shutil.rmtree(workdir, ignore_errors=True)
    landing = workdir / "landing"
    landing.mkdir(parents=True)
    results: dict[str, Any] = {"history_nights": len(history)}
    deliver(source, landing, history)
    results["backfill"] = etl_run(landing, workdir)
    deliver(source, landing, october[:1])
    results["day_1"] = etl_run(landing, workdir)
    deliver(source, landing, october[1:30])
    etl_run(landing, workdir)
    deliver(source, landing, october[30:])
    results["day_31"] = etl_run(landing, workdir)
    ratio = results["day_31"]["wall_s"] / results["day_1"]["wall_s"]
    results["ratio_31_to_1"] = round(ratio, 2)
    results["goals_met"] = {
        "day_1_wall": results["day_1"]["wall_s"] <= GOAL_WALL_S,
        "day_31_wall": results["day_31"]["wall_s"] <= GOAL_WALL_S,
        "ratio": ratio <= GOAL_RATIO,
    }
    load = os.getloadavg()[0]
    print(f"| run | nights | wall s | CPU s | peak RSS MiB |\n|---|---:|---:|---:|---:|\n"
          f"| backfill to 30 Sep | {len(history)} | {results['backfill']['wall_s']} | "
          f"{results['backfill']['cpu_s']} | {results['backfill']['peak_rss_mib']} |\n"
          f"| new night, day 1 (1 Oct) | 1 | {results['day_1']['wall_s']} | "
          f"{results['day_1']['cpu_s']} | {results['day_1']['peak_rss_mib']} |\n"
          f"| new night, day 31 (31 Oct) | 1 | {results['day_31']['wall_s']} | "
          f"{results['day_31']['cpu_s']} | {results['day_31']['peak_rss_mib']} |\n\n"
          f"day 31 / day 1: {ratio:.2f} (goal <= {GOAL_RATIO}); load average {load:.1f}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "night_bench.json").write_text(json.dumps(results, indent=2))
    return 0 if all(results["goals_met"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
