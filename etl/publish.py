"""The nightly run's one transaction: stage the pending nights, replace their days' rows
and the due months' rows, and record what was read, rejected and published.

Daily tables: the rows of the pending nights' days are replaced, nothing else. Monthly
tables: a month is aggregated again (from the staging store) when one of its nights is
pending and the month is complete, or when the calendar has just completed it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, update

from data import schema
from data.periods import month_end
from data.reference import load_reference, regions_frame
from data.settings import Config
from etl import aggregate, audit, extract, registry
from etl.boundaries import load_if_missing as load_boundaries_if_missing
from etl.contract import EVENT_TABLES, LINE_COLUMN
from etl.files import FileOutcome, unknown_file
from etl.helper import Helper, submit
from etl.intake import (
    NO_FACILITIES,
    emptied,
    latest_registry_nights,
    night_events,
    read_registries,
    registry_files,
    registry_on,
    slim_snapshots,
)
from etl.landing import Night, due_months, month_of
from etl.load import count_rows, insert_frame, replace_period
from etl.memory import give_back_freed_memory
from etl.month import HELPED, load_months
from etl.staging import StagingStore, read_later
from etl.workers import (
    READ_AHEAD_FROM,
    ReadingPool,
    checks_for,
    read_all,
)

log = logging.getLogger("etl")

# The main process gives freed memory back to the system every this many nights of a run,
# not after each: the next nights faulted every page in again (~5.6 s of system time in a
# national backfill). Every 8 nights: 3 % less wall, peak RSS summed +25 MiB (bench/README).
NIGHTS_PER_GIVE_BACK = 8
Progress = Callable[[int, int, str], None]


@dataclass
class RunReport:
    """What a run read, rejected and published (files in the order they were read)."""

    run_id: int
    publication_id: int | None
    nights: list[date]
    files: list[FileOutcome] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)
    # Published nights re-delivered without any file the contract knows: their publication
    # is kept (an emptied or half-copied folder is not a correction), and the operator told.
    kept: list[date] = field(default_factory=list)

    @property
    def rows_in(self) -> int:
        return sum(f.rows_in for f in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    def reasons(self) -> dict[str, int]:
        counter: Counter[str] = Counter()
        for outcome in self.files:
            counter.update(outcome.rejected["reason"].astype(str).tolist())
        return dict(sorted(counter.items()))


def publish(
    conn: Connection,
    config: Config,
    staging: StagingStore,
    pending: list[Night],
    fingerprints: dict[date, str],
    run_id: int,
    progress: Progress | None,
    helper: Helper | None = None,
    pool: ReadingPool | None = None,
) -> RunReport:
    """Publish the pending nights inside `conn`'s transaction. The report's publication_id
    is None when nothing changes (every pending night kept, no new targets). `helper`: the
    run's second process (etl.helper), if it has one; `pool`: the worker processes that
    read its files (etl.workers), if it has them (closed here once the files are read)."""
    pool = pool or ReadingPool(0)
    load_reference(conn)
    load_boundaries_if_missing(conn, config.boundaries_path)  # a fresh warehouse gets polygons
    report = RunReport(run_id=run_id, publication_id=None, nights=[])
    regions = regions_frame()[["iso_code", "kato_prefix"]]
    listings = {n.day: extract.list_night_files(n.path) for n in pending}
    registries = registry_files(pending, listings)
    # A backfill's files are read by its worker processes; its helper (etl.helper) only
    # comes in once they have ended, for the monthly tables and the bulk zip.
    short = len(pending) < READ_AHEAD_FROM
    latest_registries = latest_registry_nights(conn, registries)
    slim = slim_snapshots(registries, latest_registries)
    registries_read = (
        submit(helper, read_all, registries, NO_FACILITIES, regions, config.quarantine_dir, slim)
        if registries and short
        else None
    )
    before = count_rows(conn, schema.PUBLISHED_TABLES)
    versions = _published_versions(conn)
    latest_before = max(versions, default=None)

    # A backfill has little staged before it, and no core free.
    if short:
        ids, rows = read_later([n.day for n in pending], versions, latest_before)
        # The helper's process reads its own families' nights (etl.month).
        staging.read_ahead(
            ids, rows, [t for t in EVENT_TABLES if helper is None or t not in HELPED]
        )
    index = registry.FacilityIndex.load(conn)
    # A revision is audited against what is published now: read each touched month's
    # published rows before any of them (daily ones included) is replaced. Read here, while
    # the helper may still be reading the night's facility snapshot.
    previous = {
        m: audit.previous_publication(conn, m) for m in sorted({month_of(n.day) for n in pending})
    }
    new_targets = read_registries(
        conn,
        config,
        staging,
        registries,
        latest_registries,
        regions,
        report.files,
        index,
        pool,
        registries_read,
    )
    index.save(conn)
    facilities = index.lookup()

    kept = {n.day for n in pending if n.day in versions and not listings[n.day][0]}
    to_read = [
        (n.day, {t: p for t, p in listings[n.day][0].items() if t in EVENT_TABLES})
        for n in pending
        if n.day not in kept
    ]
    staged: list[Night] = []
    reader = pool.read(to_read, checks_for(facilities, regions, config.quarantine_dir))
    with closing(reader) as read:  # the read-ahead workers stop with the loop, or its error
        for done, night in enumerate(pending, start=1):
            files, unknown = listings[night.day]
            if night.day in kept:
                log.warning(
                    "night %s re-delivered with no recognised file (%d other): its publication is kept",
                    night.day,
                    len(unknown),
                )
                report.kept.append(night.day)
                continue
            outcomes = next(read)
            events = night_events(staging, night.day, outcomes, files, versions)
            staging.write_night(night.day, fingerprints[night.day], events)
            versions[night.day] = fingerprints[night.day]
            _load_days(
                conn,
                night.day,
                events,
                config.suppression_k,
                registry_on(staging, night.day, index),
            )
            report.files.extend(outcomes)
            report.files.extend(unknown_file(night.day, p) for p in unknown)
            for outcome in outcomes:
                outcome.clean = emptied(outcome.clean)  # free the night's events
            if done % NIGHTS_PER_GIVE_BACK == 0 or done == len(pending):
                give_back_freed_memory()
            staged.append(night)
            if progress:
                progress(done, len(pending), night.day.isoformat())
    pool.close()  # every file is read: the workers' memory goes before the monthly tables
    if not staged and new_targets is None:
        return report  # nothing changes: the publication stands (report.kept says why)

    report.nights = [n.day for n in staged] or [n.day for n in pending]
    latest = max(versions, default=max(n.day for n in pending))
    months = due_months({n.day for n in staged}, versions, latest_before, latest)
    load_months(
        conn,
        staging,
        months,
        versions,
        config.suppression_k,
        lambda month: registry_on(staging, month_end(month), index),
        previous,
        lambda month: sorted(n.day for n in staged if month_of(n.day) == month),
        helper,
        # ~0.9 s of inserts for a national year's quarantine, while the helper starts
        meanwhile=lambda: _record_accounting(conn, report, {n.day for n in staged}, run_id),
    )

    registry.publish_targets(conn, new_targets, latest)
    _record_nights(conn, staged, fingerprints, run_id)
    after = count_rows(conn, schema.PUBLISHED_TABLES)
    report.changes = _changes(
        before, after, sorted(n.day for n in staged), months, new_targets is not None
    )
    report.publication_id = _record_publication(conn, report, run_id)
    return report


def _published_versions(conn: Connection) -> dict[date, str]:
    """Night -> the staged version (fingerprint) its published rows come from."""
    t = schema.etl_nights
    return dict(conn.execute(select(t.c.night, t.c.fingerprint)).all())


def _load_days(
    conn: Connection, day: date, events: dict[str, pd.DataFrame], k: int, facilities: pd.DataFrame
) -> None:
    """Replace one day's rows of the daily tables (published night by night)."""
    for name, frame in aggregate.daily_tables(events, day=day, k=k, facilities=facilities).items():
        replace_period(conn, schema.metadata.tables[name], "date", day, day, frame)


def _record_accounting(conn: Connection, report: RunReport, staged: set[date], run_id: int) -> None:
    """Per file: rows in, loaded, quarantined; per rejected row: line, reason, field.
    A staged night's earlier accounting is replaced (its files were read again)."""
    files, q = schema.etl_files, schema.quarantine
    nights = staged | {o.night for o in report.files}
    for table in (files, q):
        conn.execute(delete(table).where(table.c.night.in_(nights)))
    file_rows = [
        {
            "night": o.night,
            "table_name": o.table,
            "file_name": o.file_name,
            "rows_in": o.rows_in,
            "rows_loaded": o.rows_loaded,
            "rows_quarantined": o.rows_quarantined,
            "file_error": o.file_error,
            "extra_columns": o.extra_columns,
            "run_id": run_id,
        }
        for o in report.files
    ]
    if file_rows:
        conn.execute(insert(files), file_rows)
    rejected = [o for o in report.files if o.rows_quarantined]
    if rejected:
        # One concat, then each file's night and name repeated over its rows: assigning
        # them file by file cost ~0.4 ms for each of a national year's ~1,100 files.
        frame = pd.concat([o.rejected for o in rejected], ignore_index=True)
        frame = frame.rename(columns={LINE_COLUMN: "line"})
        sizes = [len(o.rejected) for o in rejected]
        frame["night"] = np.repeat(np.array([o.night for o in rejected], dtype=object), sizes)
        frame["file_name"] = np.repeat(
            np.array([o.file_name for o in rejected], dtype=object), sizes
        )
        frame["run_id"] = run_id
        frame["field"] = frame["field"].astype(object).where(frame["field"].notna(), None)
        insert_frame(conn, q, frame[["night", "file_name", "line", "reason", "field", "run_id"]])


def _record_nights(
    conn: Connection, pending: list[Night], fingerprints: dict[date, str], run_id: int
) -> None:
    t = schema.etl_nights
    conn.execute(delete(t).where(t.c.night.in_([n.day for n in pending])))
    now = datetime.now(UTC)
    conn.execute(
        insert(t),
        [
            {
                "night": n.day,
                "fingerprint": fingerprints[n.day],
                "is_demo": n.is_demo,
                "run_id": run_id,
                "processed_at": now,
            }
            for n in pending
        ],
    )


def _changes(
    before: dict[str, int],
    after: dict[str, int],
    days: list[date],
    months: list[date],
    targets_delivered: bool,
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name, rows_after in after.items():
        entry: dict[str, Any] = {"rows_before": before.get(name, 0), "rows_after": rows_after}
        if name in aggregate.DAILY_TABLES:
            entry["days_replaced"] = [d.isoformat() for d in days]
        if name in aggregate.MONTHLY_TABLES:
            entry["months_replaced"] = [m.strftime("%Y-%m") for m in months]
        if name == "targets":
            entry["new_delivery"] = targets_delivered
        changes[name] = entry
    return changes


def _record_publication(conn: Connection, report: RunReport, run_id: int) -> int:
    pubs, runs = schema.publications, schema.etl_runs
    publication_id = (
        int(conn.execute(select(func.coalesce(func.max(pubs.c.id), 0))).scalar_one()) + 1
    )
    is_demo = bool(
        conn.execute(
            select(func.count()).select_from(schema.etl_nights).where(schema.etl_nights.c.is_demo)
        ).scalar_one()
    )
    now = datetime.now(UTC)
    conn.execute(
        insert(pubs).values(
            id=publication_id,
            published_at=now,
            run_id=run_id,
            is_demo=is_demo,
            nights_from=min(report.nights),
            nights_to=max(report.nights),
            changes=report.changes,
        )
    )
    conn.execute(
        update(runs)
        .where(runs.c.id == run_id)
        .values(
            status="succeeded",
            finished_at=now,
            rows_in=report.rows_in,
            rows_loaded=report.rows_loaded,
            rows_quarantined=report.rows_quarantined,
            quarantine_reasons=report.reasons(),
            publication_id=publication_id,
            message=f"{len(report.nights)} night(s) published",
        )
    )
    return publication_id


def new_publication(conn: Connection, changes: dict[str, Any]) -> int:
    """A publication that is not a nightly run (e.g. boundaries loaded): bumps caches."""
    pubs = schema.publications
    current = conn.execute(select(pubs).order_by(pubs.c.id.desc()).limit(1)).mappings().first()
    publication_id = (current["id"] if current else 0) + 1
    conn.execute(
        insert(pubs).values(
            id=publication_id,
            published_at=datetime.now(UTC),
            run_id=None,
            is_demo=bool(current["is_demo"]) if current else False,
            nights_from=current["nights_from"] if current else None,
            nights_to=current["nights_to"] if current else None,
            changes=changes,
        )
    )
    return publication_id
