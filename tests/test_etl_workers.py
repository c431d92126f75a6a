"""Reading a backfill's raw files in worker processes (etl.workers) publishes exactly what
one process publishes: the same tables, the same quarantine (records and private files), the
same report and the same log records."""

from __future__ import annotations

import logging
import re
import shutil
from collections import Counter
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import create_engine, select

from data import schema
from etl import workers
from etl.contract import EVENT_TABLES
from etl.files import FileOutcome
from etl.helper import Helper
from etl.pipeline import run
from tests.conftest import make_config
from tests.etl_helpers import assert_same_publication, published_snapshot

NIGHTS = workers.READ_AHEAD_FROM + 4


def _landing(demo_landing: Path, tmp_path: Path) -> Path:
    """NIGHTS nights of the demo across the end of September (a month completes), dirty rows
    included."""
    landing = tmp_path / "landing"
    landing.mkdir()
    nights = sorted(p for p in demo_landing.iterdir() if p.is_dir())[-NIGHTS - 20 : -20]
    for night in nights:
        shutil.copytree(night, landing / night.name)  # a symlinked night is refused
    return landing


def _quarantine_records(url: str) -> pd.DataFrame:
    engine = create_engine(url)
    q = schema.quarantine
    with engine.connect() as conn:
        rows = conn.execute(select(q.c.night, q.c.file_name, q.c.line, q.c.reason, q.c.field))
        frame = pd.DataFrame(rows.all(), columns=["night", "file_name", "line", "reason", "field"])
    engine.dispose()
    return frame.sort_values(["night", "file_name", "line"], ignore_index=True)


def _private_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _messages(records: list[logging.LogRecord]) -> Counter[str]:
    """Log messages without their timings (which differ from run to run)."""
    return Counter(re.sub(r"\d+\.\d+ s", "_ s", r.getMessage()) for r in records)


def _urls(tmp_path: Path, request: pytest.FixtureRequest, engine: str) -> list[str]:
    if engine == "sqlite":
        return [f"sqlite:///{tmp_path / f'{name}.sqlite'}" for name in ("one", "two")]
    fresh = request.getfixturevalue("pg_database")
    return [fresh("workers"), fresh("workers")]


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the calls the main process hands the run's helper, in order."""
    names: list[str] = []
    original_submit = Helper.submit

    def spy(self: Helper, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        names.append(fn.__name__)
        return original_submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(Helper, "submit", spy)
    return names


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_workers_publish_what_one_process_publishes(
    demo_landing: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
    handed: list[str],
    engine: str,
) -> None:
    """With workers, the backfill's helper also makes a completed month's SOS and camera
    tables and the bulk zip's new month (etl.helper.Helper.start_late)."""
    landing = _landing(demo_landing, tmp_path)
    results = []
    for url, setting in zip(_urls(tmp_path, request, engine), (1, 2), strict=True):
        assert workers.worker_count(setting, NIGHTS) == (0 if setting == 1 else 2)
        config = make_config(url, tmp_path / f"work{setting}", etl_workers=setting)
        caplog.clear()
        handed.clear()
        with caplog.at_level(logging.INFO, logger="etl"):
            report = run(config, landing)
        # No helper with ETL_WORKERS=1; with workers, one for September's SOS and camera
        # tables and the bulk zip's new month, never for the files (the workers read them).
        assert handed == ([] if setting == 1 else ["staged_families", "prebuild"]), handed
        files = [
            (f.night, f.table, f.file_name, f.rows_in, f.rows_quarantined, f.file_error)
            for f in report.files
        ]
        results.append(
            {
                "tables": published_snapshot(url),
                "quarantine": _quarantine_records(url),
                "private": _private_files(config.quarantine_dir),
                "files": files,
                "reasons": report.reasons(),
                "log": _messages(caplog.records),
            }
        )
    one, two = results
    assert_same_publication(one["tables"], two["tables"])
    pd.testing.assert_frame_equal(one["quarantine"], two["quarantine"])
    assert one["private"] == two["private"] and one["private"]  # dirty rows were kept
    assert one["files"] == two["files"]
    assert one["reasons"] == two["reasons"] and one["reasons"]
    assert one["log"] == two["log"]
    # The workers' own records (a file read as Windows-1251, rejected rows) reached the log.
    assert any("not UTF-8" in m or "rejected" in m for m in two["log"])


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_backfill_of_several_months_shares_whole_months_with_its_helper(
    demo_landing: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    handed: list[str],
    engine: str,
) -> None:
    """The demo's three months (August, September, October) in one backfill: with workers,
    the helper makes whole months (etl.month.load_months) and the publication is the one a
    single process makes."""
    snapshots = []
    for url, setting in zip(_urls(tmp_path, request, engine), (1, 2), strict=True):
        handed.clear()
        run(make_config(url, tmp_path / f"work{setting}", etl_workers=setting), demo_landing)
        snapshots.append(published_snapshot(url))
        if setting == 2:
            assert handed.count("made_month") == 2 and "staged_families" not in handed, handed
    assert_same_publication(*snapshots)
    assert len(snapshots[0]["front_office_offices_monthly"]["month"].unique()) == 3


@pytest.mark.parametrize("failure", ["died", "gone"])
def test_months_a_dead_helper_held_are_made_here(
    demo_landing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    """A backfill's helper that dies with whole months in hand ("died": their results never
    come), or is gone when they are handed over ("gone"): the main process makes them, and
    the publication is the one a single process makes."""
    original_submit = Helper.submit

    def failing(self: Helper, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        if fn.__name__ != "made_month":
            return original_submit(self, fn, *args, **kwargs)
        if failure == "gone":
            return None
        died: Future[Any] = Future()
        died.set_exception(BrokenProcessPool("killed"))
        return died

    snapshots = []
    for setting in (1, 2):
        url = f"sqlite:///{tmp_path / f'{failure}{setting}.sqlite'}"
        with monkeypatch.context() as patched:
            patched.setattr(Helper, "submit", failing)
            run(make_config(url, tmp_path / f"work{setting}", etl_workers=setting), demo_landing)
        snapshots.append(published_snapshot(url))
    assert_same_publication(*snapshots)


def test_a_short_run_or_one_core_reads_in_the_main_process() -> None:
    assert workers.worker_count(0, workers.READ_AHEAD_FROM - 1) == 0
    assert workers.worker_count(1, 365) == 0
    assert workers.worker_count(3, workers.READ_AHEAD_FROM) == 3
    cores = workers.usable_cores()
    assert workers.worker_count(0, 365) == (0 if cores < 2 else workers.AUTO_WORKERS_MAX)


def test_auto_never_starts_more_workers_than_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "usable_cores", lambda: 64)
    assert workers.worker_count(0, 365) == workers.AUTO_WORKERS_MAX
    assert workers.worker_count(6, 365) == 6  # an operator's explicit number stands


def test_outcomes_come_in_the_nights_order_and_stopping_early_stops_the_workers(
    demo_landing: Path,
) -> None:
    from data.reference import regions_frame
    from etl.extract import list_night_files

    nights = sorted(p for p in demo_landing.iterdir() if p.is_dir())[:NIGHTS]
    jobs = [
        (
            date.fromisoformat(n.name),
            {t: p for t, p in list_night_files(n)[0].items() if t in EVENT_TABLES},
        )
        for n in nights
    ]
    facilities = pd.DataFrame(columns=["type", "kato"])  # every facility unknown: fast
    regions = regions_frame()[["iso_code", "kato_prefix"]]
    reader = workers.read_nights(
        jobs, facilities=facilities, regions=regions, quarantine_dir=None, workers=2
    )
    first = [next(reader) for _ in range(3)]
    reader.close()  # the pool is shut down here, its queued nights cancelled
    assert [[o.night for o in night] for night in first] == [
        [day] * len(files) for day, files in jobs[:3]
    ]
    assert all(o.rows_loaded == 0 for night in first for o in night)  # unknown facilities


def test_a_killed_worker_costs_time_not_the_run(
    demo_landing: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The nights a dead worker held are read again in the main process: every night's
    outcomes come, in order, the same as without workers."""
    import os
    import signal

    from data.reference import regions_frame
    from etl.extract import list_night_files
    from tests.test_etl_pipeline import _descendants

    nights = sorted(p for p in demo_landing.iterdir() if p.is_dir())[:NIGHTS]
    jobs = [
        (
            date.fromisoformat(n.name),
            {t: p for t, p in list_night_files(n)[0].items() if t in EVENT_TABLES},
        )
        for n in nights
    ]
    checks = {
        "facilities": pd.DataFrame(columns=["type", "kato"]),
        "regions": regions_frame()[["iso_code", "kato_prefix"]],
        "quarantine_dir": None,
    }
    alone = list(workers.read_nights(jobs, workers=0, **checks))
    reader = workers.read_nights(jobs, workers=2, **checks)
    before = set(_descendants(os.getpid()))
    got = [next(reader)]
    for pid in set(_descendants(os.getpid())) - before:
        if "forkserver" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
            os.kill(pid, signal.SIGKILL)
    with caplog.at_level(logging.WARNING, logger="etl"):
        got.extend(reader)

    def summary(outcomes: list[list[FileOutcome]]) -> list[tuple[object, ...]]:
        return [
            (o.night, o.table, o.rows_in, o.rows_quarantined) for night in outcomes for o in night
        ]

    assert summary(got) == summary(alone)
    assert "ended unexpectedly" in caplog.text


def test_a_snapshot_that_is_not_published_comes_back_slim(demo_landing: Path) -> None:
    """The facility snapshots a run does not publish (a newer one is) come back with only the
    columns the facility index and the staging store read; every count, rejection and row
    is the one the full read gives, and the published (newest) snapshot stays whole."""
    from data.reference import regions_frame
    from etl.intake import NO_FACILITIES, slim_snapshots

    with_snapshot = [
        (date.fromisoformat(p.name), {"facilities": f})
        for p in sorted(demo_landing.iterdir())
        if p.is_dir()
        for f in p.iterdir()
        if f.name.lower().startswith("facilities.")
    ][-2:]
    older, newer = (day for day, _ in with_snapshot)
    slim = slim_snapshots(with_snapshot, {"facilities": newer})
    assert slim == {older}
    regions = regions_frame()[["iso_code", "kato_prefix"]]
    full = workers.read_all(with_snapshot, NO_FACILITIES, regions, None)
    read = workers.read_all(with_snapshot, NO_FACILITIES, regions, None, slim)
    (slim_outcome,), (whole_outcome,) = read
    assert list(slim_outcome.clean.columns) == list(workers.SLIM_SNAPSHOT_COLUMNS)
    assert whole_outcome.clean.equals(full[1][0].clean)
    pd.testing.assert_frame_equal(
        slim_outcome.clean, full[0][0].clean[list(workers.SLIM_SNAPSHOT_COLUMNS)]
    )
    for got, expected in ((slim_outcome, full[0][0]), (whole_outcome, full[1][0])):
        assert got.rejected.equals(expected.rejected)
        assert (got.rows_in, got.rows_loaded, got.file_error) == (
            expected.rows_in,
            expected.rows_loaded,
            expected.file_error,
        )


def test_one_pool_serves_every_read_of_a_run_with_its_own_checks(demo_landing: Path) -> None:
    """A run's reads (the snapshots against no index, then the events against the index
    they made) share one pool's processes, and each read is checked against its own
    checks: the outcomes are those of reading in the main process."""
    import os

    from data.reference import regions_frame
    from etl.extract import list_night_files
    from etl.intake import NO_FACILITIES
    from tests.test_etl_pipeline import _descendants

    nights = sorted(p for p in demo_landing.iterdir() if p.is_dir())[:NIGHTS]
    listed = [(date.fromisoformat(n.name), list_night_files(n)[0]) for n in nights]
    jobs = [(day, {t: p for t, p in files.items() if t in EVENT_TABLES}) for day, files in listed]
    snapshot = next(files["facilities"] for _, files in listed if "facilities" in files)
    regions = regions_frame()[["iso_code", "kato_prefix"]]
    [registry] = workers.read_all(
        [(jobs[0][0], {"facilities": snapshot})], NO_FACILITIES, regions, None
    )
    known = registry[0].clean.set_index("facility_id")[["type", "kato"]]
    reads = [
        workers.checks_for(NO_FACILITIES, regions, None),
        workers.checks_for(known, regions, None),
    ]

    def summary(outcomes: list[list[FileOutcome]]) -> list[tuple[object, ...]]:
        return [(o.night, o.table, o.rows_in, o.rows_loaded) for night in outcomes for o in night]

    here = [summary(list(workers.ReadingPool(0).read(jobs, checks))) for checks in reads]
    assert here[0] != here[1]  # the index makes the events' facilities known
    with workers.ReadingPool(2) as pool:
        pool.start()
        got, processes = [], []
        for checks in reads:
            got.append(summary(list(pool.read(jobs, checks))))
            processes.append(set(_descendants(os.getpid())))
    assert got == here
    assert processes[0] == processes[1] and processes[0]


def test_outcomes_come_back_through_files_that_do_not_stay(demo_landing: Path) -> None:
    """A worker hands a night's outcomes back in a file of the read's private folder (not
    through the pool's pipe): each is gone once taken, the folder with the pool, and what
    is taken equals reading in the main process."""
    import stat

    from data.reference import regions_frame
    from etl.extract import list_night_files

    nights = sorted(p for p in demo_landing.iterdir() if p.is_dir())[:NIGHTS]
    jobs = [
        (
            date.fromisoformat(n.name),
            {t: p for t, p in list_night_files(n)[0].items() if t in EVENT_TABLES},
        )
        for n in nights
    ]
    checks = workers.checks_for(
        pd.DataFrame(columns=["type", "kato"]), regions_frame()[["iso_code", "kato_prefix"]], None
    )
    here = list(workers.ReadingPool(0).read(jobs, checks))
    with workers.ReadingPool(2) as pool:
        got = []
        for outcomes in pool.read(jobs, checks):
            got.append(outcomes)
            folder = pool._folder
            assert folder is not None and stat.S_IMODE(folder.stat().st_mode) == 0o700
            waiting = list(folder.glob("night-*"))
            assert len(waiting) <= 2 * workers.NIGHTS_AHEAD_PER_WORKER
            assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in waiting)
        assert not list(folder.glob("night-*"))
    assert not folder.exists()
    assert [[(o.night, o.table, o.rows_in, o.rows_loaded) for o in n] for n in got] == [
        [(o.night, o.table, o.rows_in, o.rows_loaded) for o in n] for n in here
    ]
    assert all(
        a.clean.equals(b.clean) and a.rejected.equals(b.rejected)
        for x, y in zip(got, here, strict=True)
        for a, b in zip(x, y, strict=True)
    )
