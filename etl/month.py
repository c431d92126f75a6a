"""Complete months' tables, made from the staging store and loaded (etl.publish calls it).

The month's three dataset families are protected apart (etl.aggregate.family_tables), so they
can be made in different processes. With etl.helper's process:
- one month (a night that completes it): the SOS and camera families are made there, from
  their own staged nights, while this process makes the visits family, most of the work;
- several months (a backfill): whole months are shared out. The helper makes the next month
  whenever it is free, this process the others; this process loads them all (the run's one
  connection). Why: with the families split, the helper idled half of each month (~0.45 s
  of visits here against ~0.2 s of SOS and camera there), 12 months one after another.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection

from data import schema
from data.periods import month_end
from etl import aggregate, audit
from etl.helper import Helper, run_here_or_there, submit
from etl.landing import month_of
from etl.load import replace_period
from etl.staging import MONTH_COLUMNS, StagingStore

log = logging.getLogger("etl")

# The families etl.helper's process makes for a single month: every one but the visits.
HELPED = ("sos_activations", "camera_offenses")
# Months handed to the helper at a time in a backfill (load_months).
HELPER_MONTHS_AHEAD = 2


def load_months(
    conn: Connection,
    staging: StagingStore,
    months: list[date],
    versions: dict[date, str],
    k: int,
    facilities_on: Callable[[date], pd.DataFrame],
    previous: Mapping[date, Any],
    changed_days: Callable[[date], list[date]],
    helper: Helper | None = None,
    meanwhile: Callable[[], None] = lambda: None,
) -> None:
    """Replace the monthly tables of each of `months`, from the staging store (`previous`:
    a month's publication read before this run replaced any of its rows; a month without
    one has it read when its tables are made). `meanwhile`: other work of this process's
    transaction, done once the helper has its first months (a backfill's helper spends its
    first ~0.7 s starting)."""

    def how(month: date) -> dict[str, Any]:
        known = previous.get(month)
        return {
            "month": month,
            "k": k,
            "facilities": facilities_on(month),
            "previous": audit.previous_publication(conn, month) if known is None else known,
            "changed_days": set(changed_days(month)) or None,
        }

    def nights_of(month: date) -> dict[date, str]:
        return {d: v for d, v in versions.items() if month_of(d) == month}

    if helper is None or len(months) < 2:
        meanwhile()
        for month in months:
            _load_month(conn, staging, nights_of(month), how(month), helper)
        return
    todo = deque(months)
    # The helper's months, two at a time: it starts the next as soon as one is done, not
    # when this process has finished its own month and collected the result.
    there: deque[tuple[date, dict[str, Any], Future[Any] | None]] = deque()
    meanwhile_due = True
    while todo or there:
        # A second month in the helper's hands only while this process has one to make
        # after it: at the end, this process waited for both, idle (~0.5 s of a backfill).
        while len(there) < HELPER_MONTHS_AHEAD and todo and (not there or len(todo) > 1):
            month = todo.popleft()
            inputs = {"nights": nights_of(month), **how(month)}
            there.append((month, inputs, submit(helper, made_month, staging.root, inputs)))
        if meanwhile_due:
            meanwhile()
            meanwhile_due = False
        if todo:
            month = todo.popleft()
            started = time.perf_counter()
            families = _families(staging, aggregate.FAMILY_BUILDERS, nights_of(month), how(month))
            _replace(conn, month, families, time.perf_counter() - started)
        while there and (not todo or there[0][2] is None or there[0][2].done()):
            month, inputs, future = there.popleft()
            families, seconds = run_here_or_there(future, made_month, staging.root, inputs)
            _replace(conn, month, families, seconds)


def made_month(root: Path, inputs: dict[str, Any]) -> tuple[list[aggregate.FamilyTables], float]:
    """A whole month's families, and the seconds they took (run in etl.helper's process,
    or here when it is gone)."""
    started = time.perf_counter()
    how = dict(inputs)
    nights = how.pop("nights")
    families = _families(StagingStore(root), aggregate.FAMILY_BUILDERS, nights, how)
    return families, time.perf_counter() - started


def staged_families(
    root: Path,
    datasets: tuple[str, ...],
    nights: Mapping[date, str],
    **how: Any,
) -> list[aggregate.FamilyTables]:
    """The monthly tables of `datasets`, each from its own staged nights (run in etl.helper's
    process, or here)."""
    return _families(StagingStore(root), datasets, nights, how)


def _families(
    staging: StagingStore,
    datasets: Iterable[str],
    nights: Mapping[date, str],
    how: Mapping[str, Any],
) -> list[aggregate.FamilyTables]:
    return [
        aggregate.family_tables({d: staging.read(d, nights, MONTH_COLUMNS[d])}, d, **how)
        for d in datasets
    ]


def _load_month(
    conn: Connection,
    staging: StagingStore,
    nights: dict[date, str],
    how: dict[str, Any],
    helper: Helper | None,
) -> None:
    """One month, its SOS and camera families made by the helper if there is one."""
    started = time.perf_counter()
    there = submit(helper, staged_families, staging.root, HELPED, nights, **how)
    mine = tuple(d for d in aggregate.FAMILY_BUILDERS if d not in HELPED or there is None)
    families = dict(zip(mine, _families(staging, mine, nights, how), strict=True))
    if there is not None:
        helped = run_here_or_there(there, staged_families, staging.root, HELPED, nights, **how)
        families.update(zip(HELPED, helped, strict=True))
    ordered = [families[d] for d in aggregate.FAMILY_BUILDERS]
    _replace(conn, how["month"], ordered, time.perf_counter() - started)


def _replace(
    conn: Connection, month: date, families: list[aggregate.FamilyTables], seconds: float
) -> None:
    """Load a month's tables (FAMILY_BUILDERS's order), replacing its published rows."""
    frames = aggregate.month_of_families(month, families)
    for name, frame in frames.items():
        replace_period(conn, schema.metadata.tables[name], "month", month, month_end(month), frame)
    log.info(
        "month %s: %d visits, %d SOS activations, %d camera offences aggregated in "
        "%.2f s (suppression and audit %.2f s)",
        month.strftime("%Y-%m"),
        *(f.events for f in families),
        seconds,
        sum(f.suppression_seconds for f in families),
    )
