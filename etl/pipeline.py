"""The nightly run: every pending night, extract → validate → anonymise → stage → aggregate →
load → publish, inside ONE database transaction, under the ETL lock.

Why one transaction: readers (API, dashboard) then see either the previous publication or the
new one, never half a night; a crash or `kill -9` rolls everything back, and the next run
simply does the work again.

Why a staging store (etl.staging): a night's raw files are read once, when the night is new
or re-delivered; its clean, anonymised events are staged, and every later aggregation reads
the staging store. So the landing may be purged once a night is published, and a published
number changes only through a re-delivery of the night it comes from:
- daily tables: the rows of the pending nights' days are replaced, nothing else;
- monthly tables: a month is aggregated again (from staging) when one of its nights is
  pending and the month is complete, or when the calendar has just completed it.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from data import schema
from data.db import make_engine
from data.migrate import upgrade
from data.periods import month_end
from data.reference import load_reference, regions_frame
from data.settings import Config
from etl import aggregate, audit, extract, registry, validate
from etl.boundaries import load_if_missing as load_boundaries_if_missing
from etl.bulk import build_bulk
from etl.contract import EVENT_TABLES, TABLES
from etl.files import FileOutcome, process_file, unknown_file
from etl.landing import Night, discover, is_complete, month_of
from etl.load import count_rows, insert_frame, records, replace_period
from etl.runlock import AnotherRun, run_lock
from etl.staging import FingerprintCache, StagingStore

log = logging.getLogger("etl")
Progress = Callable[[int, int, str], None]

EVENT_ID = {table: TABLES[table].key[0] for table in EVENT_TABLES}


class NothingToDo(Exception):
    """No night is new or re-delivered: yesterday's publication stands."""


@dataclass
class RunReport:
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


class KeptNights(NothingToDo):
    """Every pending night was a published night re-delivered with no recognised file."""

    def __init__(self, kept: list[date]) -> None:
        self.kept = kept
        days = ", ".join(d.isoformat() for d in kept)
        super().__init__(f"night(s) {days} re-delivered with no recognised file: "
                         "their publication is kept")


# ------------------------------------------------------------------ entry point
def run(config: Config, landing: Path, *, only: date | None = None,
        progress: Progress | None = None, wait: float = 0.0) -> RunReport:
    """Publish every pending night. Raises AnotherRun when another run holds the lock (after
    `wait` seconds), NothingToDo when no night is new or re-delivered."""
    engine = make_engine(config.database_url)
    try:
        prepare(engine)
        with run_lock(engine, wait=wait):
            _close_dead_runs(engine)
            nights = discover(landing)
            known = FingerprintCache(config.staging_dir)
            fingerprints = {n.day: known.fingerprint(n) for n in nights}
            known.save(fingerprints)
            pending = _pending(engine, nights, fingerprints, only)
            run_id = _start_run(engine, pending)
            staging = StagingStore(config.staging_dir)
            try:
                with engine.begin() as conn:
                    report = _publish(conn, config, staging, pending, fingerprints, run_id,
                                      progress)
            except BaseException as exc:
                _fail_run(engine, run_id, exc)
                raise
            for night in pending:
                if night.day not in report.kept:
                    staging.prune(night.day, keep=fingerprints[night.day])
            if report.publication_id is None:
                raise KeptNights(report.kept)
            _build_bulk(engine, config, report.publication_id)
            return report
    finally:
        engine.dispose()


def prepare(engine: Engine) -> None:
    """Bring the schema to the current version (Alembic)."""
    upgrade(engine.url.render_as_string(hide_password=False))


def _close_dead_runs(engine: Engine) -> None:
    """Under the lock no other run is alive: a row still 'running' is a process that died."""
    with engine.begin() as conn:
        conn.execute(update(schema.etl_runs).where(schema.etl_runs.c.status == "running")
                     .values(status="abandoned", message="process ended before committing"))


def _pending(engine: Engine, nights: list[Night], fingerprints: dict[date, str],
             only: date | None) -> list[Night]:
    if only is not None:
        chosen = [n for n in nights if n.day == only]
        if not chosen:
            raise ValueError(f"no night {only} in the landing folder")
        return chosen
    with engine.connect() as conn:
        stored = dict(conn.execute(select(schema.etl_nights.c.night,
                                          schema.etl_nights.c.fingerprint)).all())
    pending = [n for n in nights if stored.get(n.day) != fingerprints[n.day]]
    if not pending:
        raise NothingToDo("no new or re-delivered night")
    return pending


def _start_run(engine: Engine, pending: list[Night]) -> int:
    with engine.begin() as conn:
        run_id = int(conn.execute(select(func.coalesce(func.max(schema.etl_runs.c.id), 0)))
                     .scalar_one()) + 1
        conn.execute(insert(schema.etl_runs).values(
            id=run_id, started_at=datetime.now(UTC), status="running",
            nights=[n.day.isoformat() for n in pending], quarantine_reasons={}))
    return run_id


def _fail_run(engine: Engine, run_id: int, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
    try:
        with engine.begin() as conn:
            conn.execute(update(schema.etl_runs).where(schema.etl_runs.c.id == run_id).values(
                status="failed", finished_at=datetime.now(UTC), message=message))
    except Exception:  # the database itself may be what failed
        log.exception("could not record the failed run")


def _build_bulk(engine: Engine, config: Config, publication_id: int) -> None:
    started = time.perf_counter()
    try:
        build_bulk(engine, publication_id, config.export_dir)
        log.info("bulk download of publication %d built in %.2f s", publication_id,
                 time.perf_counter() - started)
    except Exception:
        # The publication is committed and served; `etl rebuild-bulk` or the next run
        # builds the download.
        log.exception("bulk download for publication %s failed", publication_id)


# ------------------------------------------------------------------ the transaction
def _publish(conn: Connection, config: Config, staging: StagingStore, pending: list[Night],
             fingerprints: dict[date, str], run_id: int,
             progress: Progress | None) -> RunReport:
    load_reference(conn)
    load_boundaries_if_missing(conn, config.boundaries_path)  # a fresh warehouse gets polygons
    report = RunReport(run_id=run_id, publication_id=None, nights=[])
    regions = regions_frame()[["iso_code", "kato_prefix"]]
    before = count_rows(conn, schema.PUBLISHED_TABLES)
    versions = _published_versions(conn)
    latest_before = max(versions, default=None)

    listings = {n.day: extract.list_night_files(n.path) for n in pending}
    index = registry.FacilityIndex.load(conn)
    new_targets = _registries(conn, config, staging, pending, listings, regions, report, index)
    index.save(conn)
    facilities = index.lookup()
    # A revision is audited against what is published now: read each touched month's
    # published rows before any of them (daily ones included) is replaced.
    previous = {m: audit.previous_publication(conn, m)
                for m in sorted({month_of(n.day) for n in pending})}

    staged: list[Night] = []
    for done, night in enumerate(pending, start=1):
        files, unknown = listings[night.day]
        if night.day in versions and not files:
            log.warning("night %s re-delivered with no recognised file (%d other): its "
                        "publication is kept", night.day, len(unknown))
            report.kept.append(night.day)
            continue
        outcomes = _event_files(night, files, config, facilities, regions)
        events = _night_events(staging, night.day, outcomes, files, versions)
        staging.write_night(night.day, fingerprints[night.day], events)
        versions[night.day] = fingerprints[night.day]
        _load_days(conn, night.day, events, config.suppression_k,
                   _registry_on(staging, night.day, index))
        report.files.extend(outcomes)
        report.files.extend(unknown_file(night.day, p) for p in unknown)
        for outcome in outcomes:
            outcome.clean = _emptied(outcome.clean)  # free the night's events
        staged.append(night)
        if progress:
            progress(done, len(pending), night.day.isoformat())
    if not staged and new_targets is None:
        return report  # nothing changes: the publication stands (report.kept says why)

    report.nights = [n.day for n in staged] or [n.day for n in pending]
    latest = max(versions, default=max(n.day for n in pending))
    months = _due_months({n.day for n in staged}, versions, latest_before, latest)
    for month in months:
        changed = sorted(n.day for n in staged if month_of(n.day) == month)
        _load_month(conn, staging, month, versions, config.suppression_k,
                    _registry_on(staging, month_end(month), index),
                    previous.get(month), changed)

    registry.publish_targets(conn, new_targets, latest)
    _record_accounting(conn, report, {n.day for n in staged}, run_id)
    _record_nights(conn, staged, fingerprints, run_id)
    after = count_rows(conn, schema.PUBLISHED_TABLES)
    report.changes = _changes(before, after, sorted(n.day for n in staged), months,
                              new_targets is not None)
    report.publication_id = _record_publication(conn, report, run_id)
    return report


def _published_versions(conn: Connection) -> dict[date, str]:
    """Night -> the staged version (fingerprint) its published rows come from."""
    t = schema.etl_nights
    return dict(conn.execute(select(t.c.night, t.c.fingerprint)).all())


def _due_months(staged: set[date], versions: dict[date, str], latest_before: date | None,
                latest: date) -> list[date]:
    """Months whose monthly tables this run (re)makes: complete months with a pending night,
    and months the calendar completed in this run (their last night may never come)."""
    touched = {month_of(d) for d in staged}
    newly_complete = {month_of(d) for d in versions
                      if (latest_before is None or not is_complete(month_of(d), latest_before))
                      and is_complete(month_of(d), latest)}
    return sorted(m for m in touched | newly_complete if is_complete(m, latest))


def _registries(conn: Connection, config: Config, staging: StagingStore, pending: list[Night],
                listings: dict[date, tuple[dict[str, Path], list[Path]]],
                regions: pd.DataFrame, report: RunReport,
                index: registry.FacilityIndex) -> pd.DataFrame | None:
    """Facility snapshots and targets of pending nights; returns the newest targets, if any.

    A snapshot is published when no newer night's snapshot is (a late, older delivery never
    replaces a newer registry); the landing need not hold the newer night any more."""
    latest = {}
    for table in ("facilities", "targets"):
        candidates = [n.day for n in pending if table in listings[n.day][0]]
        candidates.append(_latest_registry_night(conn, table) or date.min)
        latest[table] = max(candidates)
    new_targets = None
    no_index = pd.DataFrame(columns=["type", "kato"])
    for night in pending:
        files = listings[night.day][0]
        if "facilities" in files:
            outcome = process_file("facilities", files["facilities"], night.day,
                                   facilities=no_index, regions=regions,
                                   quarantine_dir=config.quarantine_dir)
            report.files.append(outcome)
            index.update(outcome.clean, night.day)
            if len(outcome.clean):
                staging.write_registry(night.day, outcome.clean.set_index("facility_id"))
            if night.day == latest["facilities"] and len(outcome.clean):
                registry.publish_facilities(conn, outcome.clean)
            outcome.clean = _emptied(outcome.clean)  # a snapshot is not needed any more
        if "targets" in files:
            outcome = process_file("targets", files["targets"], night.day,
                                   facilities=no_index, regions=regions,
                                   quarantine_dir=config.quarantine_dir)
            report.files.append(outcome)
            if night.day == latest["targets"] and len(outcome.clean):
                new_targets = outcome.clean
    return new_targets


def _registry_on(staging: StagingStore, day: date,
                 index: registry.FacilityIndex) -> pd.DataFrame:
    """The facilities in force on `day`: the newest snapshot delivered on or before it. A
    warehouse staged before snapshots were kept (none in the store) falls back to the
    facility index."""
    snapshot = staging.registry_as_of(day)
    return index.frame if snapshot is None else snapshot


def _latest_registry_night(conn: Connection, table: str) -> date | None:
    files = schema.etl_files
    return conn.execute(select(func.max(files.c.night)).where(
        files.c.table_name == table, files.c.rows_loaded > 0)).scalar_one_or_none()


def _emptied(frame: pd.DataFrame) -> pd.DataFrame:
    """An empty frame with the same columns and dtypes, sharing no memory with `frame`.

    `frame.iloc[0:0]` would not do: an empty slice is a view that keeps the whole frame's
    NumPy blocks and Arrow buffers alive, so a year of events would stay in memory.
    """
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in frame.dtypes.items()})


def _event_files(night: Night, files: dict[str, Path], config: Config,
                 facilities: pd.DataFrame, regions: pd.DataFrame) -> list[FileOutcome]:
    return [process_file(table, files[table], night.day, facilities=facilities,
                         regions=regions, quarantine_dir=config.quarantine_dir)
            for table in EVENT_TABLES if table in files]


def _night_events(staging: StagingStore, day: date, outcomes: list[FileOutcome],
                  files: dict[str, Path], versions: dict[date, str]) -> dict[str, pd.DataFrame]:
    """The clean events of one night, per event table, ready to stage.

    - An event id already staged for another night of the month is a duplicate: the row is
      rejected (`duplicate_id`), as it was when months were read whole.
    - A re-delivered night that lacks one table's file keeps that table's staged events: a
      missing file is not "no events" (an empty file with its header is).
    """
    month_nights = {d: v for d, v in versions.items() if month_of(d) == month_of(day)
                    and d != day}
    events: dict[str, pd.DataFrame] = {}
    for table in EVENT_TABLES:
        mine = [o for o in outcomes if o.table == table]
        if not mine:
            if day in versions and table not in files:
                events[table] = staging.read(table, {day: versions[day]}).drop(
                    columns=["_night"])
            continue
        outcome = mine[0]
        if len(outcome.clean) and month_nights:
            seen = staging.ids(table, month_nights)
            ids = pa.array(outcome.clean[EVENT_ID[table]].astype(str).to_numpy(), pa.string())
            known = pc.is_in(ids, value_set=seen.combine_chunks())
            outcome.reject(pd.Series(known.to_numpy(zero_copy_only=False),
                                     index=outcome.clean.index),
                           validate.DUPLICATE_ID, EVENT_ID[table])
        events[table] = outcome.clean
    return events


def _load_days(conn: Connection, day: date, events: dict[str, pd.DataFrame], k: int,
               facilities: pd.DataFrame) -> None:
    """Replace one day's rows of the daily tables (published night by night)."""
    for name, frame in aggregate.daily_tables(events, day=day, k=k,
                                              facilities=facilities).items():
        replace_period(conn, schema.metadata.tables[name], "date", day, day, frame)


def _load_month(conn: Connection, staging: StagingStore, month: date,
                versions: dict[date, str], k: int, facilities: pd.DataFrame,
                previous: Any, changed_days: list[date]) -> None:
    """Replace one complete month's rows of the monthly tables, from the staging store; a
    revision of a published month is audited together with its previous publication."""
    started = time.perf_counter()
    nights = {d: v for d, v in versions.items() if month_of(d) == month}
    events = {table: staging.read(table, nights) for table in EVENT_TABLES}
    if previous is None:
        previous = audit.previous_publication(conn, month)
    suppressing = aggregate.SUPPRESSION_SECONDS[0]
    frames = aggregate.monthly_tables(events, month=month, k=k, facilities=facilities,
                                      previous=previous, changed_days=set(changed_days) or None)
    suppressing = aggregate.SUPPRESSION_SECONDS[0] - suppressing
    for name, frame in frames.items():
        replace_period(conn, schema.metadata.tables[name], "month", month, month_end(month),
                       frame)
    log.info("month %s: %d visits, %d SOS activations, %d camera offences aggregated in "
             "%.2f s (suppression and audit %.2f s)", month.strftime("%Y-%m"),
             *(len(events[t]) for t in EVENT_TABLES), time.perf_counter() - started,
             suppressing)


def _record_accounting(conn: Connection, report: RunReport, staged: set[date],
                       run_id: int) -> None:
    """Per file: rows in, loaded, quarantined; per rejected row: line, reason, field.
    A staged night's earlier accounting is replaced (its files were read again)."""
    files, q = schema.etl_files, schema.quarantine
    nights = staged | {o.night for o in report.files}
    for table in (files, q):
        conn.execute(delete(table).where(table.c.night.in_(nights)))
    file_rows = [{"night": o.night, "table_name": o.table, "file_name": o.file_name,
                  "rows_in": o.rows_in, "rows_loaded": o.rows_loaded,
                  "rows_quarantined": o.rows_quarantined, "file_error": o.file_error,
                  "extra_columns": o.extra_columns, "run_id": run_id} for o in report.files]
    if file_rows:
        conn.execute(insert(files), file_rows)
    rejected = [o.rejected.assign(night=o.night, file_name=o.file_name, run_id=run_id)
                for o in report.files if o.rows_quarantined]
    if rejected:
        frame = pd.concat(rejected, ignore_index=True).rename(columns={"_line": "line"})
        frame["field"] = frame["field"].astype(object).where(frame["field"].notna(), None)
        insert_frame(conn, q, frame[["night", "file_name", "line", "reason", "field",
                                     "run_id"]])


def _record_nights(conn: Connection, pending: list[Night], fingerprints: dict[date, str],
                   run_id: int) -> None:
    t = schema.etl_nights
    conn.execute(delete(t).where(t.c.night.in_([n.day for n in pending])))
    now = datetime.now(UTC)
    conn.execute(insert(t), [{"night": n.day, "fingerprint": fingerprints[n.day],
                              "is_demo": n.is_demo, "run_id": run_id, "processed_at": now}
                             for n in pending])


def _changes(before: dict[str, int], after: dict[str, int], days: list[date],
             months: list[date], targets_delivered: bool) -> dict[str, Any]:
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
    publication_id = int(conn.execute(select(func.coalesce(func.max(pubs.c.id), 0)))
                         .scalar_one()) + 1
    is_demo = bool(conn.execute(select(func.count()).select_from(schema.etl_nights)
                                .where(schema.etl_nights.c.is_demo)).scalar_one())
    now = datetime.now(UTC)
    conn.execute(insert(pubs).values(
        id=publication_id, published_at=now, run_id=run_id, is_demo=is_demo,
        nights_from=min(report.nights), nights_to=max(report.nights), changes=report.changes))
    conn.execute(update(runs).where(runs.c.id == run_id).values(
        status="succeeded", finished_at=now, rows_in=report.rows_in,
        rows_loaded=report.rows_loaded, rows_quarantined=report.rows_quarantined,
        quarantine_reasons=report.reasons(), publication_id=publication_id,
        message=f"{len(report.nights)} night(s) published"))
    return publication_id


def new_publication(conn: Connection, changes: dict[str, Any]) -> int:
    """A publication that is not a nightly run (e.g. boundaries loaded): bumps caches."""
    pubs = schema.publications
    current = conn.execute(select(pubs).order_by(pubs.c.id.desc()).limit(1)).mappings().first()
    publication_id = (current["id"] if current else 0) + 1
    conn.execute(insert(pubs).values(
        id=publication_id, published_at=datetime.now(UTC), run_id=None,
        is_demo=bool(current["is_demo"]) if current else False,
        nights_from=current["nights_from"] if current else None,
        nights_to=current["nights_to"] if current else None, changes=changes))
    return publication_id


__all__ = ["AnotherRun", "KeptNights", "NothingToDo", "RunReport", "new_publication", "records",
           "run"]
