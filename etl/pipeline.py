"""The nightly run: every pending night, extract → validate → anonymise → stage → aggregate →
load → publish, inside ONE database transaction, under the ETL lock.

Why one transaction: readers (API, dashboard) then see either the previous publication or the
new one, never half a night; a crash or `kill -9` rolls everything back, and the next run
simply does the work again.

Why a staging store (etl.staging): a night's raw files are read once, when the night is new
or re-delivered; its clean, anonymised events are staged, and every later aggregation reads
the staging store. So the landing may be purged once a night is published, and a published
number changes only through a re-delivery of the night it comes from.

This module plans the run (lock, pending nights, the etl_runs row, the bulk download after
commit); etl.intake reads a night's files, etl.publish is the transaction itself.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, update

from data import schema
from data.db import make_engine
from data.migrate import upgrade
from data.settings import Config
from etl.bulk import build_bulk
from etl.fingerprints import FingerprintCache, HashingAhead
from etl.helper import Helper, helper_for
from etl.landing import Night, discover
from etl.load import records
from etl.publish import Progress, RunReport, new_publication, publish
from etl.runlock import AnotherRun, run_lock
from etl.staging import StagingStore
from etl.workers import ReadingPool, worker_count

log = logging.getLogger("etl")


class NothingToDo(Exception):
    """No night is new or re-delivered: yesterday's publication stands."""


class KeptNights(NothingToDo):
    """Every pending night was a published night re-delivered with no recognised file."""

    def __init__(self, kept: list[date]) -> None:
        self.kept = kept
        days = ", ".join(d.isoformat() for d in kept)
        super().__init__(
            f"night(s) {days} re-delivered with no recognised file: their publication is kept"
        )


# ------------------------------------------------------------------ entry point
def run(
    config: Config,
    landing: Path,
    *,
    only: date | None = None,
    progress: Progress | None = None,
    wait: float = 0.0,
    ahead: HashingAhead | None = None,
) -> RunReport:
    """Publish every pending night. Raises AnotherRun when another run holds the lock (after
    `wait` seconds), NothingToDo when no night is new or re-delivered. `ahead`: the
    landing's nights being hashed since the command started (etl.fingerprints)."""
    engine = make_engine(config.database_url)
    try:
        prepare(engine)
        with run_lock(engine, wait=wait):
            _close_dead_runs(engine)
            nights = discover(landing)
            known = FingerprintCache(config.staging_dir, ahead)
            fingerprints = known.fingerprints(nights)
            if ahead is not None:
                # Its threads end here: a short run's helper is forked only from a process
                # without other threads (etl.helper).
                ahead.close()
            known.save(fingerprints)
            pending = _pending(engine, nights, fingerprints, only)
            run_id = _start_run(engine, pending)
            staging = StagingStore(config.staging_dir)
            with (
                helper_for(config.etl_workers, len(pending)) as helper,
                ReadingPool(worker_count(config.etl_workers, len(pending))) as pool,
            ):
                pool.start()  # the workers import while this process reads the warehouse
                try:
                    with engine.begin() as conn:
                        report = publish(
                            conn,
                            config,
                            staging,
                            pending,
                            fingerprints,
                            run_id,
                            progress,
                            helper,
                            pool,
                        )
                except BaseException as exc:
                    _fail_run(engine, run_id, exc)
                    raise
                for night in pending:
                    if night.day not in report.kept:
                        staging.prune(night.day, keep=fingerprints[night.day])
                if report.publication_id is None:
                    raise KeptNights(report.kept)
                _build_bulk(engine, config, report.publication_id, helper)
            return report
    finally:
        engine.dispose()


def prepare(engine: Engine) -> None:
    """Bring the schema to the current version (Alembic)."""
    upgrade(engine.url.render_as_string(hide_password=False))


def _close_dead_runs(engine: Engine) -> None:
    """Under the lock no other run is alive: a row still 'running' is a process that died."""
    with engine.begin() as conn:
        conn.execute(
            update(schema.etl_runs)
            .where(schema.etl_runs.c.status == "running")
            .values(status="abandoned", message="process ended before committing")
        )


def _pending(
    engine: Engine, nights: list[Night], fingerprints: dict[date, str], only: date | None
) -> list[Night]:
    if only is not None:
        chosen = [n for n in nights if n.day == only]
        if not chosen:
            raise ValueError(f"no night {only} in the landing folder")
        return chosen
    with engine.connect() as conn:
        stored = dict(
            conn.execute(select(schema.etl_nights.c.night, schema.etl_nights.c.fingerprint)).all()
        )
    pending = [n for n in nights if stored.get(n.day) != fingerprints[n.day]]
    if not pending:
        raise NothingToDo("no new or re-delivered night")
    return pending


def _start_run(engine: Engine, pending: list[Night]) -> int:
    with engine.begin() as conn:
        run_id = (
            int(conn.execute(select(func.coalesce(func.max(schema.etl_runs.c.id), 0))).scalar_one())
            + 1
        )
        conn.execute(
            insert(schema.etl_runs).values(
                id=run_id,
                started_at=datetime.now(UTC),
                status="running",
                nights=[n.day.isoformat() for n in pending],
                quarantine_reasons={},
            )
        )
    return run_id


def _fail_run(engine: Engine, run_id: int, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
    try:
        with engine.begin() as conn:
            conn.execute(
                update(schema.etl_runs)
                .where(schema.etl_runs.c.id == run_id)
                .values(status="failed", finished_at=datetime.now(UTC), message=message)
            )
    except Exception:  # the database itself may be what failed
        log.exception("could not record the failed run")


def _build_bulk(engine: Engine, config: Config, publication_id: int, helper: Helper | None) -> None:
    started = time.perf_counter()
    try:
        build_bulk(engine, publication_id, config.export_dir, helper=helper)
        log.info(
            "bulk download of publication %d built in %.2f s",
            publication_id,
            time.perf_counter() - started,
        )
    except Exception:
        # The publication is committed and served; `etl rebuild-bulk` or the next run
        # builds the download.
        log.exception("bulk download for publication %s failed", publication_id)


__all__ = [
    "AnotherRun",
    "KeptNights",
    "NothingToDo",
    "RunReport",
    "new_publication",
    "records",
    "run",
]
