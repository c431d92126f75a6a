"""A short run's helper process (etl.helper) changes where steps run, never what is
published: the night that completes a month and brings a facility snapshot publishes the
same tables, quarantine and private files with the helper as without it, and a helper that
died or failed leaves its step to the main process."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from data.catalog import DATASETS
from data.db import make_engine
from data.publications import latest_publication_head, publication_by_id
from data.settings import Config
from etl import workers
from etl.bulk import build_bulk
from etl.bulk_segments import SegmentCache, claim
from etl.helper import Helper, run_here_or_there
from tests.conftest import make_config
from tests.etl_helpers import assert_same_publication, etl_process, published_snapshot

LAST = "2026-10-31"
HELPER_LINE = "a helper process takes the run's independent steps"


def _etl(workdir: Path, landing: Path, etl_workers: int) -> subprocess.CompletedProcess[str]:
    """`etl run` in its own process, as cron starts it: a process with no other thread."""
    config = make_config(f"sqlite:///{workdir / 'warehouse.sqlite'}", workdir)
    done = etl_process(["run", "--landing", str(landing)], config, ETL_WORKERS=str(etl_workers))
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _zip_data(export_dir: Path) -> dict[str, bytes]:
    """The newest bulk zip's CSV data members (the publications log, with its times, aside)."""
    newest = max((p for p in export_dir.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
    with zipfile.ZipFile(newest / "latest.zip") as bulk:
        return {
            name: bulk.read(name)
            for name in bulk.namelist()
            if name.startswith("data/") and name.endswith(".csv") and "publications" not in name
        }


def _same_outcome(alone: Path, helped: Path) -> None:
    assert_same_publication(
        published_snapshot(f"sqlite:///{alone / 'warehouse.sqlite'}"),
        published_snapshot(f"sqlite:///{helped / 'warehouse.sqlite'}"),
    )
    assert _files(alone / "quarantine") == _files(helped / "quarantine")
    assert _files(alone / "staging" / "registry") == _files(helped / "staging" / "registry")
    # the bulk zip: the helper wrote the monthly datasets' new months
    assert _zip_data(alone / "exports") == _zip_data(helped / "exports")


def _published_then_copied(landing: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The landing published by one process, and a copy of its warehouse and folders."""
    alone, helped = tmp_path / "alone", tmp_path / "helped"
    _etl(alone, landing, etl_workers=1)
    shutil.copytree(alone, helped)
    return alone, helped


@pytest.mark.skipif(workers.usable_cores() < 2, reason="a helper needs a second core")
def test_the_month_end_night_publishes_the_same_with_its_helper(
    demo_landing: Path, tmp_path: Path
) -> None:
    landing = tmp_path / "landing"
    nights = sorted(p.name for p in demo_landing.iterdir() if p.is_dir())
    for night in [n for n in nights if "2026-09-24" <= n < LAST]:
        shutil.copytree(demo_landing / night, landing / night)
    alone, helped = _published_then_copied(landing, tmp_path)

    # The night of the 31st completes October and brings a facility snapshot.
    shutil.copytree(demo_landing / LAST, landing / LAST)
    if not any(p.name.startswith("facilities") for p in (landing / LAST).iterdir()):
        snapshot = next(
            p
            for n in reversed(nights[:-1])
            for p in (demo_landing / n).iterdir()
            if p.name.startswith("facilities")
        )
        shutil.copy(snapshot, landing / LAST / snapshot.name)
    without = _etl(alone, landing, etl_workers=1)
    helper = _etl(helped, landing, etl_workers=0)

    assert HELPER_LINE not in without.stderr
    assert HELPER_LINE in helper.stderr
    assert "month 2026-10:" in helper.stderr  # October was made, partly by the helper
    _same_outcome(alone, helped)


@pytest.mark.skipif(workers.usable_cores() < 2, reason="a helper needs a second core")
def test_a_late_night_revises_its_month_the_same_with_the_helper(
    demo_landing: Path, tmp_path: Path
) -> None:
    """September published without its 10th night; the late night revises it: the helper's
    SOS and camera families are audited against the previous publication as here."""
    late = "2026-09-10"
    landing = tmp_path / "landing"
    for night in sorted(p.name for p in demo_landing.iterdir() if p.is_dir()):
        if "2026-09-01" <= night <= "2026-10-01" and night != late:
            shutil.copytree(demo_landing / night, landing / night)
    alone, helped = _published_then_copied(landing, tmp_path)

    shutil.copytree(demo_landing / late, landing / late)
    _etl(alone, landing, etl_workers=1)
    helper = _etl(helped, landing, etl_workers=0)
    assert HELPER_LINE in helper.stderr
    assert "month 2026-09:" in helper.stderr  # September was made again
    _same_outcome(alone, helped)


def _done(value: object = None, error: BaseException | None = None) -> Future[object]:
    future: Future[object] = Future()
    if error is None:
        future.set_result(value)
    else:
        future.set_exception(error)
    return future


def test_a_helper_that_died_leaves_its_step_to_the_main_process() -> None:
    assert run_here_or_there(_done(error=BrokenProcessPool("killed")), sum, [1, 2]) == 3
    assert run_here_or_there(None, sum, [1, 2]) == 3  # no helper at all
    assert run_here_or_there(_done(value=7), sum, [1, 2]) == 7  # the helper's own answer


def test_an_error_in_the_helper_is_raised_as_if_the_step_ran_here() -> None:
    with pytest.raises(ValueError, match="bad"):
        run_here_or_there(_done(error=ValueError("bad")), sum, [1, 2])


def test_no_helper_where_it_cannot_help() -> None:
    assert Helper.start(1, 1) is None  # ETL_WORKERS=1: one process
    assert Helper.start(0, workers.READ_AHEAD_FROM) is None  # a backfill has its workers


class _InlineHelper:
    """Runs what is submitted at once, here, and remembers what it ran."""

    def __init__(self) -> None:
        self.ran: list[str] = []

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.ran.append(fn.__name__)
        future: Future[object] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _bulk_alone_and_helped(
    config: Config, tmp_path: Path, helper: object
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The newest publication's bulk zip data built alone, then with `helper`."""
    engine = make_engine(config.database_url)
    with engine.connect() as conn:
        head = latest_publication_head(conn)
    assert head is not None
    try:
        build_bulk(engine, head["id"], tmp_path / "alone", suppression_k=5)
        build_bulk(engine, head["id"], tmp_path / "helped", suppression_k=5, helper=helper)  # type: ignore[arg-type]
    finally:
        engine.dispose()
    return _zip_data(tmp_path / "alone"), _zip_data(tmp_path / "helped")


def test_a_bulk_zip_with_prebuilt_months_equals_one_built_alone(
    warehouse_config: Config, tmp_path: Path
) -> None:
    helper = _InlineHelper()
    alone, helped = _bulk_alone_and_helped(warehouse_config, tmp_path, helper)
    assert helper.ran == ["prebuild"]
    assert alone == helped
    assert len(alone["data/front_office_visits_monthly.csv"]) > 1000


class _ThreadHelper:
    """Runs what is submitted on a thread of its own, meanwhile: the two builders of the zip
    claim the daily partitions as they go."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1)

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        return self.pool.submit(fn, *args, **kwargs)


class _DeadHelper:
    """A helper that claimed the newest daily partitions, then died before writing them."""

    def __init__(self, claimed: int) -> None:
        self.claimed = claimed

    def submit(self, fn, /, database_url, export_dir, publication_id, dataset_ids, shared):  # type: ignore[no-untyped-def]
        engine = make_engine(database_url)
        with engine.connect() as conn:
            publication = publication_by_id(conn, publication_id)
            cache = SegmentCache(export_dir, conn, publication)
            for dataset_id in shared:
                folder = cache.folder / dataset_id
                folder.mkdir(parents=True, exist_ok=True)
                stale = cache.stale(conn, DATASETS[dataset_id])
                for key, _, _ in stale[-self.claimed :]:
                    assert claim(folder, f"{key}.{publication_id}")
        engine.dispose()
        return _done(error=BrokenProcessPool("killed"))


@pytest.mark.parametrize(
    "make_helper", [_ThreadHelper, lambda: _DeadHelper(claimed=3)], ids=["meanwhile", "died"]
)
def test_a_bulk_zip_whose_days_are_shared_equals_one_built_alone(
    warehouse_config: Config, tmp_path: Path, make_helper: Callable[[], object]
) -> None:
    """The daily partitions are shared with the helper (each written by whoever claims it
    first); those a dead helper claimed are written by the main process; no claim is left."""
    alone, helped = _bulk_alone_and_helped(warehouse_config, tmp_path, make_helper())
    assert alone == helped
    assert alone["data/front_office_visits_daily.csv"].count(b"\n") > 100
    assert not list((tmp_path / "helped").rglob("*.claim"))
