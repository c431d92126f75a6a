"""The nightly run: every pending night, extract → validate → anonymise → aggregate → load →
publish, inside ONE database transaction.

Why one transaction: readers (API, dashboard) then see either the previous publication or the
new one, never half a night; a crash or `kill -9` rolls everything back, and the next run
simply does the work again. Why whole months: monthly cells and medians need every night of
the month, so a new or re-delivered night re-reads its month's nights from the landing area
(raw files are never copied into the warehouse) and replaces that month's rows. A re-run
therefore publishes exactly what one clean run would.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update

from data import schema
from data.db import make_engine
from data.periods import month_end
from data.reference import load_reference, regions_frame
from data.settings import Config
from etl import aggregate, audit, extract, registry, validate
from etl.contract import EVENT_TABLES
from etl.files import FileOutcome, process_file, unknown_file
from etl.landing import Night, discover, is_complete, month_of
from etl.load import count_rows, insert_frame, records, replace_period

log = logging.getLogger("etl")
Progress = Callable[[int, int, str], None]

ID_COLUMN = {"front_office_visits": "visit_id", "sos_activations": "event_id",
             "camera_offenses": "record_id"}
# Daily tables are published night by night; the monthly ones (etl.aggregate) only once
# their month is complete, so that the difference between two nights' publications never
# gives back the events of one night (e.g. a button pressed once).
MONTHLY_TABLES = tuple(schema.metadata.tables[n] for n in aggregate.MONTHLY_TABLES)
DAILY_TABLES = tuple(schema.metadata.tables[n] for n in aggregate.DAILY_TABLES)


class NothingToDo(Exception):
    """No night is new or re-delivered: yesterday's publication stands."""


@dataclass
class RunReport:
    run_id: int
    publication_id: int | None
    nights: list[date]
    files: list[FileOutcome] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)

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


# ------------------------------------------------------------------ entry point
def run(config: Config, landing: Path, *, only: date | None = None,
        progress: Progress | None = None) -> RunReport:
    engine = make_engine(config.database_url)
    try:
        prepare(engine)
        nights = discover(landing)
        fingerprints = {n.day: n.fingerprint() for n in nights}
        pending = _pending(engine, nights, fingerprints, only)
        run_id = _start_run(engine, pending)
        try:
            with engine.begin() as conn:
                _lock(conn)
                report = _publish(conn, config, nights, pending, fingerprints, run_id,
                                  progress)
        except BaseException as exc:
            _fail_run(engine, run_id, exc)
            raise
        _build_bulk(engine, config, report.publication_id)
        return report
    finally:
        engine.dispose()


def prepare(engine: Engine) -> None:
    """Bring the schema to the current version (Alembic when available)."""
    try:
        from data.migrate import upgrade
    except ImportError:  # migrations not set up: plain create_all
        schema.metadata.create_all(engine)
        return
    upgrade(engine.url.render_as_string(hide_password=False))


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
        # A run that died (kill -9) left its row 'running': say what happened to it.
        conn.execute(update(schema.etl_runs).where(schema.etl_runs.c.status == "running")
                     .values(status="abandoned", message="process ended before committing"))
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


def _lock(conn: Connection) -> None:
    """One ETL at a time. PostgreSQL: an advisory lock; SQLite: its single writer lock."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(724242)"))


def _build_bulk(engine: Engine, config: Config, publication_id: int | None) -> None:
    if publication_id is None:
        return
    try:
        from etl.bulk import build_bulk
    except ImportError:
        return
    try:
        build_bulk(engine, publication_id, config.export_dir)
    except Exception:
        # The publication is committed and served; the download is rebuilt next run.
        log.exception("bulk download for publication %s failed", publication_id)


# ------------------------------------------------------------------ the transaction
def _publish(conn: Connection, config: Config, nights: list[Night], pending: list[Night],
             fingerprints: dict[date, str], run_id: int,
             progress: Progress | None) -> RunReport:
    load_reference(conn)
    report = RunReport(run_id=run_id, publication_id=None, nights=[n.day for n in pending])
    regions = regions_frame()[["iso_code", "kato_prefix"]]
    before = count_rows(conn, schema.PUBLISHED_TABLES)

    listings = {n.day: extract.list_night_files(n.path) for n in nights}
    index = registry.FacilityIndex.load(conn)
    new_targets = _registries(conn, config, nights, pending, listings, regions, report, index)
    index.save(conn)

    facilities = index.lookup()
    latest = max(n.day for n in nights)
    months = sorted({month_of(n.day) for n in pending}
                    | _newly_complete(conn, nights, latest))
    pending_days = {n.day for n in pending}
    reread = [n for n in nights if month_of(n.day) in months]
    done = 0
    for month in months:
        month_nights = [n for n in reread if month_of(n.day) == month]
        outcomes = []
        for night in month_nights:
            outcomes.extend(_event_files(night, listings[night.day][0], config, facilities,
                                         regions))
            done += 1
            if progress:
                progress(done, len(reread), night.day.isoformat())
        _load_month(conn, month, outcomes, config.suppression_k, is_complete(month, latest),
                    index.frame)
        report.files.extend(outcomes)
        for outcome in outcomes:
            outcome.clean = _emptied(outcome.clean)  # free the month's events
    for night in pending:
        report.files.extend(unknown_file(night.day, p) for p in listings[night.day][1])

    as_of = max(n.day for n in nights)
    registry.publish_targets(conn, new_targets, as_of)
    _record_accounting(conn, report, pending_days, {n.day for n in reread}, run_id)
    _record_nights(conn, pending, fingerprints, run_id)
    after = count_rows(conn, schema.PUBLISHED_TABLES)
    report.changes = _changes(before, after, months, new_targets is not None)
    report.publication_id = _record_publication(conn, report, run_id)
    return report


def _registries(conn: Connection, config: Config, nights: list[Night], pending: list[Night],
                listings: dict[date, tuple[dict[str, Path], list[Path]]],
                regions: pd.DataFrame, report: RunReport,
                index: registry.FacilityIndex) -> pd.DataFrame | None:
    """Facility snapshots and targets of pending nights; returns the newest targets, if any."""
    latest = {table: max((n.day for n in nights if table in listings[n.day][0]), default=None)
              for table in ("facilities", "targets")}
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


def _newly_complete(conn: Connection, nights: list[Night], latest: date) -> set[date]:
    """Months that this run completes although none of their nights is pending (their last
    night never came, the calendar moved on): their monthly tables are due now."""
    before = conn.execute(select(func.max(schema.etl_nights.c.night))).scalar_one_or_none()
    if before is None:
        return set()
    return {month_of(n.day) for n in nights
            if not is_complete(month_of(n.day), before) and is_complete(month_of(n.day), latest)}


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


def _month_events(outcomes: list[FileOutcome], table: str) -> pd.DataFrame:
    """All clean events of one table for a month; an id seen in an earlier night wins."""
    mine = [o for o in outcomes if o.table == table and len(o.clean)]
    if not mine:
        return pd.DataFrame(columns=list(validate.OUTPUT_SCHEMAS[table]))
    frames = [o.clean.assign(_file=i) for i, o in enumerate(mine)]
    events = pd.concat(frames, ignore_index=True)
    dup = events.duplicated(subset=[ID_COLUMN[table]], keep="first")
    if dup.any():
        for i, lines in events.loc[dup].groupby("_file")["_line"]:
            outcome = mine[int(i)]
            outcome.reject(outcome.clean["_line"].isin(set(lines)), validate.DUPLICATE_ID,
                           ID_COLUMN[table])
        events = events.loc[~dup]
    return events.drop(columns=["_file"])


def _load_month(conn: Connection, month: date, outcomes: list[FileOutcome], k: int,
                complete: bool, facilities: pd.DataFrame) -> None:
    """Replace the month's rows: daily tables always, the monthly ones once it is complete
    (until then they hold no row for it)."""
    events = {t: _month_events(outcomes, t) for t in EVENT_TABLES}
    previous = audit.previous_publication(conn, month) if complete else None  # revisions
    last = month_end(month)
    days = sorted({o.night for o in outcomes if month <= o.night <= last})
    by_day = {t: {d.date(): g for d, g in e.groupby(pd.to_datetime(e["date"]).dt.normalize())}
              if len(e) else {} for t, e in events.items()}
    daily: dict[str, list[pd.DataFrame]] = {t.name: [] for t in DAILY_TABLES}
    for day in days:
        mine = {t: by_day[t].get(day, e.iloc[0:0]) for t, e in events.items()}
        for name, frame in aggregate.daily_tables(mine, day=day, k=k,
                                                  facilities=facilities).items():
            daily[name].append(frame)
    for table in DAILY_TABLES:
        frames = [f for f in daily[table.name] if len(f)]
        frame = (pd.concat(frames, ignore_index=True) if frames
                 else pd.DataFrame(columns=[c.name for c in table.columns]))
        replace_period(conn, table, "date", month, last, frame)
    monthly = (aggregate.monthly_tables(events, month=month, k=k, facilities=facilities,
                                        previous=previous) if complete else {})
    for table in MONTHLY_TABLES:
        frame = monthly.get(table.name, pd.DataFrame(columns=[c.name for c in table.columns]))
        replace_period(conn, table, "month", month, last, frame)
    log.info("month %s%s: %d visits, %d SOS activations, %d camera offences aggregated",
             month.strftime("%Y-%m"), "" if complete else " (in progress: daily tables only)",
             *(len(events[t]) for t in EVENT_TABLES))


def _record_accounting(conn: Connection, report: RunReport, pending: set[date],
                       reread: set[date], run_id: int) -> None:
    files, q = schema.etl_files, schema.quarantine
    event_tables = list(EVENT_TABLES)
    for table in (files, q):
        conn.execute(delete(table).where(table.c.night.in_(pending)))
    reread_only = reread - pending
    if reread_only:
        stale = select(files.c.file_name).where(files.c.night.in_(reread_only),
                                                files.c.table_name.in_(event_tables))
        conn.execute(delete(q).where(q.c.night.in_(reread_only), q.c.file_name.in_(stale)))
        conn.execute(delete(files).where(files.c.night.in_(reread_only),
                                         files.c.table_name.in_(event_tables)))
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


def _changes(before: dict[str, int], after: dict[str, int], months: list[date],
             targets_delivered: bool) -> dict[str, Any]:
    monthly = {t.name for t in MONTHLY_TABLES}
    changes: dict[str, Any] = {}
    for name, rows_after in after.items():
        entry: dict[str, Any] = {"rows_before": before.get(name, 0), "rows_after": rows_after}
        if name in monthly:
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


__all__ = ["NothingToDo", "RunReport", "new_publication", "records", "run"]
