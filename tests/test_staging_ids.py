"""No event id is held by two staged nights of one month (etl.staging.StagingStore.read
relies on it and no longer dedupes a month's read): a night whose id another staged night
of its month already holds, delivered or re-delivered, has that row rejected as
`duplicate_id`, and the month's published counts count it once."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from data import schema
from data.db import make_engine
from etl.pipeline import run
from etl.staging import StagingStore
from tests.conftest import make_config

ID = "visit_id"


def _visits_file(night: Path) -> Path:
    return next(p for p in night.iterdir() if p.name.lower() == "front_office_visits.csv")


def _night_ids(staging: Path, night: str) -> set[str]:
    """The visit ids staged for `night` (its newest version)."""
    folder = staging / night[:7] / night
    versions = [v for v in folder.iterdir() if (v / "MANIFEST.json").is_file()]
    newest = max(versions, key=lambda v: (v / "MANIFEST.json").stat().st_mtime)
    return set(pq.read_table(newest / "front_office_visits.parquet", columns=[ID])[ID].to_pylist())


def _staged_ids(staging: Path, month: str) -> Counter[str]:
    """How many staged nights of `month` hold each visit id."""
    held: Counter[str] = Counter()
    for night in sorted((staging / month).iterdir()):
        held.update(_night_ids(staging, night.name))
    return held


def _swap_an_id(raw: Path, staged: set[str], stolen: str) -> None:
    """Give one staged visit of the night's raw file (an id written once in it) the id
    `stolen` (raw bytes, whatever the delimiter or encoding: ids are ASCII)."""
    data = raw.read_bytes()
    mine = next(i for i in sorted(staged) if data.count(i.encode()) == 1)
    raw.write_bytes(data.replace(mine.encode(), stolen.encode(), 1))


def _duplicate_ids(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        n = conn.execute(
            select(func.count())
            .select_from(schema.quarantine)
            .where(schema.quarantine.c.reason == "duplicate_id")
        ).scalar_one()
    engine.dispose()
    return int(n)


def test_a_month_never_stages_one_id_twice(demo_landing: Path, tmp_path: Path) -> None:
    nights = [
        n
        for n in sorted(p.name for p in demo_landing.iterdir() if p.is_dir())
        if n.startswith("2026-09")
    ]
    csv_nights = [
        n
        for n in nights
        if any(p.name.lower() == "front_office_visits.csv" for p in (demo_landing / n).iterdir())
    ]
    first, second = csv_nights[0], csv_nights[1]
    landing = tmp_path / "landing"
    for n in (first, second):
        shutil.copytree(demo_landing / n, landing / n)
    config = make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path / "w")
    run(config, landing)
    staging = config.staging_dir
    assert max(_staged_ids(staging, "2026-09").values()) == 1
    rejected_before = _duplicate_ids(config.database_url)

    # A later night re-delivered with an id the earlier night holds: that row is rejected.
    stolen = sorted(_night_ids(staging, first))[0]
    _swap_an_id(_visits_file(landing / second), _night_ids(staging, second), stolen)
    run(config, landing)
    held = _staged_ids(staging, "2026-09")
    assert stolen in _night_ids(staging, first)
    assert held[stolen] == 1
    assert max(held.values()) == 1
    assert _duplicate_ids(config.database_url) == rejected_before + 1

    # The earlier night re-delivered with an id the later one holds: rejected as well.
    stolen = sorted(_night_ids(staging, second))[-1]
    _swap_an_id(_visits_file(landing / first), _night_ids(staging, first) - {stolen}, stolen)
    run(config, landing)
    held = _staged_ids(staging, "2026-09")
    assert stolen in _night_ids(staging, second)
    assert held[stolen] == 1
    assert max(held.values()) == 1
    assert _duplicate_ids(config.database_url) == rejected_before + 2


@settings(max_examples=150, deadline=None)
@given(
    staged=st.lists(
        st.lists(st.text(alphabet="AB9Жz-", min_size=0, max_size=4), max_size=8),
        min_size=1,
        max_size=5,
    ),
    night=st.lists(st.text(alphabet="AB9Жz-", min_size=0, max_size=4), min_size=1, max_size=8),
)
def test_only_nights_whose_range_can_hold_an_id_are_scanned(
    staged: list[list[str]], night: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Asking for the staged ids within the new night's (lowest, highest) leaves out only
    nights that cannot share an id with it: the duplicates found are the same."""
    store = StagingStore(tmp_path_factory.mktemp("staging"))
    days = {date(2026, 9, 1 + i): f"v{i}" for i in range(len(staged))}
    by_day = dict(zip(days, staged, strict=True))

    def read_arrow(table: str, versions: dict[date, str], columns: list[str]) -> pa.Table | None:
        (day,) = versions
        ids = by_day[day]
        return pa.table({columns[0]: pa.array(ids, pa.large_string())}) if ids else None

    store.read_arrow = read_arrow  # type: ignore[method-assign]
    ids = pa.array(night, pa.large_string())
    bounds = pc.min_max(ids)
    within = (bounds["min"].as_py(), bounds["max"].as_py())
    everything = pc.is_in(ids, value_set=store.ids("front_office_visits", days).combine_chunks())
    narrowed = store.ids("front_office_visits", days, within)
    assert pc.is_in(ids, value_set=narrowed.combine_chunks()).equals(everything)
    assert len(narrowed) <= sum(map(len, staged))
