"""Benchmark: server time of the dashboard's main callbacks on demo data (issue goal: p95 within
150 ms from cached queries).

    python -m bench.dashboard_bench [--days 120] [--calls 41] [--rebuild]

Not a test. Builds (once, then reuses) a demo warehouse with the real ETL under
bench/out/dashboard/, creates the app on it, and calls each callback function directly inside a
request context: the first call fills the query cache (reported as "cold"), the other calls
are warm. Prints a table and writes bench/out/dashboard_bench.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
WORK = OUT / "dashboard"
GOAL_P95_MS = 150.0


def build_warehouse(days: int, rebuild: bool) -> Path:
    """A published demo warehouse made by the real ETL (reused unless --rebuild)."""
    db = WORK / f"warehouse-{days}d.sqlite"
    if db.exists() and not rebuild:
        return db
    WORK.mkdir(parents=True, exist_ok=True)
    landing = WORK / f"landing-{days}d"
    db.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "EXPORT_DIR": str(WORK / "exports"),
        "QUARANTINE_DIR": str(WORK / "quarantine"),
        "STAGING_DIR": str(WORK / "staging"),
    }
    steps = [
        ["demo", "--out", str(landing), "--days", str(days), "--scale", "small"],
        ["run", "--landing", str(landing)],
    ]
    boundaries = ROOT.parent / "shared" / "geo" / "kz_adm1_2024.geojson"
    if boundaries.exists():
        steps.append(["load-boundaries", str(boundaries)])
    for args in steps:
        subprocess.run(
            [sys.executable, "-m", "etl", *args],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return db


def page(name: str) -> Any:
    return importlib.import_module(f"dashboard.pages.{name}")


def cases() -> dict[str, tuple[Callable[..., Any], tuple[Any, ...]]]:
    """The callbacks a visitor triggers most, with realistic arguments."""
    from dashboard import ids

    def series(**values: Any) -> tuple[Any, ...]:
        base = {
            "dataset": "region_indicators",
            "regions": [],
            "start": None,
            "end": None,
            "breakdown": "region",
            "per_capita": True,
        }
        base.update(values)
        categories = [base.get(field) for field in ids.SERIES_CATEGORY_FIELDS]
        return (
            base["dataset"],
            base["regions"],
            base["start"],
            base["end"],
            *categories,
            base["breakdown"],
            base["per_capita"],
            "kk",
            "",
        )

    return {
        "overview.render_summary": (page("overview").render_summary, ("kk",)),
        "overview.render_ranking": (page("overview").render_ranking, ("sos_activations", "ru")),
        "regions.render_scorecard": (page("regions").render_scorecard, ("KZ-59", "KZ-75", "en")),
        "indicators.series_view": (page("indicators").series_view, series()),
        "methodology.render_methodology": (page("methodology").render_methodology, ("ru",)),
        "open_data.render_open_data": (page("open_data").render_open_data, ("en",)),
    }


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def measure(db: Path, calls: int) -> list[dict[str, Any]]:
    from app import create_app
    from tests.conftest import make_config  # the test settings: no rate limit, Redis, tiles

    config = make_config(f"sqlite:///{db}", WORK)
    server = create_app(config)
    rows = []
    for name, (fn, args) in cases().items():
        samples = []
        for _ in range(calls):
            with server.test_request_context("/"):
                started = time.perf_counter()
                fn(*args)
                samples.append((time.perf_counter() - started) * 1000)
        warm = samples[1:]
        rows.append(
            {
                "callback": name,
                "cold_ms": round(samples[0], 1),
                "warm_p50_ms": round(statistics.median(warm), 1),
                "warm_p95_ms": round(percentile(warm, 0.95), 1),
                "calls": len(warm),
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=120, help="demo nights in the warehouse")
    parser.add_argument("--calls", type=int, default=41, help="calls per callback (first cold)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo warehouse")
    args = parser.parse_args(argv)
    db = build_warehouse(args.days, args.rebuild)
    rows = measure(db, args.calls)
    print(
        f"dashboard callbacks, {args.days} demo nights, {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; goal warm p95 <= {GOAL_P95_MS:.0f} ms\n"
    )
    print("| callback | cold (ms) | warm p50 (ms) | warm p95 (ms) | goal |")
    print("|---|---:|---:|---:|---|")
    for row in rows:
        ok = "met" if row["warm_p95_ms"] <= GOAL_P95_MS else "MISSED"
        print(
            f"| {row['callback']} | {row['cold_ms']} | {row['warm_p50_ms']} | "
            f"{row['warm_p95_ms']} | {ok} |"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "dashboard_bench.json").write_text(
        json.dumps({"days": args.days, "goal_p95_ms": GOAL_P95_MS, "callbacks": rows}, indent=2)
    )
    return 0 if all(r["warm_p95_ms"] <= GOAL_P95_MS for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
