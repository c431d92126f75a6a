"""Information loss and the attacker's worst case, per published table (issue 8, item 2).

    python -m bench.loss LANDING [--k 5] [--cache DIR]

Reads a demo landing folder (`etl demo --scale national|small`), validates every night the
way the ETL does, builds the daily tables night by night and the monthly tables of every
complete month, and prints per table: cells, share of cells withheld, events, share of
events standing in withheld cells, the share of cells whose true count is 1..k-1 (the floor: no
rule can publish those, so no rule withholds fewer cells), and the audit's narrowest
feasible range of a withheld cell (the audit passes when it is at least k-2). Clean events are cached as Parquet under
--cache so that a second run skips validation.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from data.periods import month_end
from data.reference import regions_frame
from etl import aggregate, audit, suppression
from etl.aggregate_family import COUNT_COLUMN
from etl.contract import EVENT_TABLES
from etl.files import process_file
from etl.landing import discover, month_of

# The table -> count column map of the audit families, plus the daily visits table.
COUNT = {"front_office_visits_daily": "visits", **COUNT_COLUMN}


def load(landing: Path, cache: Path) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    cache.mkdir(parents=True, exist_ok=True)
    if (cache / "facilities.parquet").exists():
        events = {t: pd.read_parquet(cache / f"{t}.parquet") for t in EVENT_TABLES}
        return events, pd.read_parquet(cache / "facilities.parquet")
    regions = regions_frame()[["iso_code", "kato_prefix"]]
    nights = discover(landing)
    no_index = pd.DataFrame(columns=["type", "kato"])
    latest = max(n.day for n in nights if (n.path / "facilities.csv").exists())
    snap = process_file(
        "facilities",
        next(n for n in nights if n.day == latest).path / "facilities.csv",
        latest,
        facilities=no_index,
        regions=regions,
        quarantine_dir=cache / "q",
    ).clean
    facilities = snap.set_index("facility_id")[["type", "kato", "region", "status"]]
    parts: dict[str, list[pd.DataFrame]] = defaultdict(list)
    for night in nights:
        for table in EVENT_TABLES:
            path = night.path / f"{table}.csv"
            if path.exists():
                out = process_file(
                    table,
                    path,
                    night.day,
                    facilities=facilities[["type", "kato"]],
                    regions=regions,
                    quarantine_dir=cache / "q",
                )
                parts[table].append(out.clean.drop(columns=["_line"], errors="ignore"))
    events = {}
    for table in EVENT_TABLES:
        frame = pd.concat(parts[table], ignore_index=True)
        for c in frame.columns:
            if str(frame[c].dtype) in ("str", "string"):
                frame[c] = frame[c].astype(object)
        events[table] = frame
        frame.to_parquet(cache / f"{table}.parquet")
    facilities.astype(object).to_parquet(cache / "facilities.parquet")
    return events, facilities


class ProtectTimer:
    """Seconds spent in suppression.protect (primary, complementary cells and the rounds of
    the audit's LPs) while monthly tables are built: the part of a month's cost this bench
    watches, apart from the counting."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.cpu = 0.0  # the machine is shared: CPU seconds say what the wall hides
        self._protect = suppression.protect

    def __enter__(self) -> ProtectTimer:
        def timed(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return self._protect(*args, **kwargs)  # type: ignore[arg-type]
            finally:
                self.seconds += time.perf_counter() - started
                self.cpu += time.process_time() - cpu

        suppression.protect = timed  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        suppression.protect = self._protect  # type: ignore[assignment]


@contextmanager
def unprotected() -> Iterator[None]:
    """Monthly tables built with suppression.protect hiding nothing (true counts)."""
    original = suppression.protect

    def nothing_hidden(system: suppression.System, *_args: object, **_kw: object) -> np.ndarray:
        return np.zeros(system.size, dtype=bool)

    suppression.protect = nothing_hidden  # type: ignore[assignment]
    try:
        yield
    finally:
        suppression.protect = original


def publish(
    events: dict[str, pd.DataFrame], facilities: pd.DataFrame, k: int
) -> dict[str, list[pd.DataFrame]]:
    days = sorted(set(pd.to_datetime(events["front_office_visits"]["date"]).dt.date))
    last = days[-1]
    out: dict[str, list[pd.DataFrame]] = defaultdict(list)
    by_day = {
        t: dict(tuple(e.groupby(pd.to_datetime(e["date"]).dt.date))) for t, e in events.items()
    }
    for day in days:
        tables = aggregate.daily_tables(
            {t: by_day[t].get(day, e.iloc[0:0]) for t, e in events.items()},
            day=day,
            k=k,
            facilities=facilities,
        )
        for name, frame in tables.items():
            out[name].append(frame)
    # Whole months only: the first month of a demo starts mid-month (or on its last day).
    months = sorted(
        {month_of(d) for d in days if month_end(month_of(d)) <= last and month_of(d) >= days[0]}
    )
    for month in months:
        mine = {
            t: e[
                (pd.to_datetime(e["date"]).dt.date >= month)
                & (pd.to_datetime(e["date"]).dt.date <= month_end(month))
            ]
            for t, e in events.items()
        }
        started = time.perf_counter()
        with ProtectTimer() as protect:
            tables = aggregate.monthly_tables(mine, month=month, k=k, facilities=facilities)
        print(
            f"month {month:%Y-%m}: tables in {time.perf_counter() - started:.1f} s, of which "
            f"suppression + audit {protect.seconds:.2f} s (CPU {protect.cpu:.2f} s)"
        )
        for name, frame in tables.items():
            out[name].append(frame)
        # The same tables with nothing withheld: their true counts give the floor.
        with unprotected():
            truth = aggregate.monthly_tables(mine, month=month, k=k, facilities=facilities)
        for name, frame in truth.items():
            out[f"truth:{name}"].append(frame)
    return out


def loss_table(published: dict[str, list[pd.DataFrame]], k: int) -> pd.DataFrame:
    """Per table over the complete months: cells and events withheld (from the
    suppression_loss rows that monthly_tables returns)."""
    loss = pd.concat(published["suppression_loss"], ignore_index=True)
    sums = loss.groupby("table_name")[
        ["cells", "cells_withheld", "events", "events_withheld"]
    ].sum()
    sums["cells_withheld_%"] = (100 * sums["cells_withheld"] / sums["cells"]).round(2)
    sums["events_withheld_%"] = (
        100 * sums["events_withheld"] / sums["events"].where(sums["events"] > 0)
    ).round(2)
    sums["floor_%"] = [
        floor_share(published.get(f"truth:{name}", []), COUNT.get(name), k) for name in sums.index
    ]
    return sums.reset_index()


def floor_share(frames: list[pd.DataFrame], column: str | None, k: int) -> float:
    """Per cent of a table's cells with a true count of 1..k-1: the contract forbids
    publishing them, so every rule withholds at least these."""
    if not frames or column in (None, "value"):  # region_indicators: rates, not counts
        return float("nan")
    values = pd.concat(frames, ignore_index=True)[column]
    small = values.between(1, k - 1).sum()
    return round(100 * small / max(len(values), 1), 2)


def worst_case(published: dict[str, list[pd.DataFrame]], k: int) -> pd.DataFrame:
    """The audit over the published monthly tables: narrowest range per table."""
    from sqlalchemy import create_engine, insert

    from data import schema
    from etl.load import records

    engine = create_engine("sqlite://")
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        for name, frames in published.items():
            if name.startswith("truth:"):
                continue
            frame = pd.concat(frames, ignore_index=True)
            if len(frame):
                conn.execute(insert(schema.metadata.tables[name]), records(frame))
    _findings, summary = audit.audit_warehouse(engine, k)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("landing", type=Path)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    cache = args.cache or Path("/tmp") / f"loss-cache-{args.landing.name}"
    started = time.perf_counter()
    events, facilities = load(args.landing, cache)
    print(
        f"events loaded in {time.perf_counter() - started:.0f} s: "
        + ", ".join(f"{t} {len(e):,}" for t, e in events.items())
    )
    published = publish(events, facilities, args.k)
    print(loss_table(published, args.k).to_string(index=False))
    started = time.perf_counter()
    print(worst_case(published, args.k).to_string(index=False))
    print(f"audit in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
