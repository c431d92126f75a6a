"""The staged facility snapshots: which one is in force on a day (etl.staging)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl.intake import registry_on
from etl.registry import FacilityIndex
from etl.staging import REGISTRY_COLUMNS, StagingStore


def _snapshot(status: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "facility_id": ["FO-10-001", "SOS-10-001"],
            "type": ["front_office", "sos_button"],
            "kato": ["101000000"] * 2,
            "region": ["KZ-10"] * 2,
            "status": [status, "operating"],
            "name_ru": ["not staged", "not staged"],
        }
    ).set_index("facility_id")


def test_the_newest_snapshot_on_or_before_the_day_is_in_force(tmp_path: Path) -> None:
    store = StagingStore(tmp_path / "staging")
    index = FacilityIndex(pd.DataFrame(columns=[*REGISTRY_COLUMNS, "last_seen"]))
    assert store.registry_as_of(date(2026, 10, 1)) is None  # nothing staged: a legacy store
    assert registry_on(store, date(2026, 10, 1), index) is index.frame
    store.write_registry(date(2026, 10, 6), _snapshot("operating"))
    store.write_registry(date(2026, 10, 13), _snapshot("closed"))
    assert store.registry_as_of(date(2026, 10, 5)).empty  # only later snapshots: none known
    on_12th = store.registry_as_of(date(2026, 10, 12))
    assert list(on_12th.columns) == REGISTRY_COLUMNS  # no name, address or phone staged
    assert on_12th.loc["FO-10-001", "status"] == "operating"
    assert store.registry_as_of(date(2026, 10, 13)).loc["FO-10-001", "status"] == "closed"
    # A re-delivered snapshot of the same night replaces it.
    store.write_registry(date(2026, 10, 6), _snapshot("closed"))
    assert store.registry_as_of(date(2026, 10, 7)).loc["FO-10-001", "status"] == "closed"
    files = sorted((tmp_path / "staging" / "registry").iterdir())
    assert [f.name for f in files] == ["2026-10-06.parquet", "2026-10-13.parquet"]
    assert all(f.stat().st_mode & 0o077 == 0 for f in files)


@pytest.mark.parametrize("empty_column", [None, "region"])
def test_a_snapshot_reads_back_as_it_did_through_python_objects(
    tmp_path: Path, empty_column: str | None
) -> None:
    """Snapshots are staged from their str columns as they are; what a day reads back is
    the frame the earlier way (every value a Python object first) gave, a column without
    any value included."""
    snapshot = _snapshot("operating").astype("str")
    if empty_column:
        snapshot[empty_column] = pd.Series([None, None], dtype="str", index=snapshot.index)
    store = StagingStore(tmp_path / "staging")
    store.write_registry(date(2026, 10, 6), snapshot)
    frame = snapshot.reset_index()[["facility_id", *REGISTRY_COLUMNS]].astype(object)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp_path / "before.parquet")
    before = pq.read_table(tmp_path / "before.parquet").to_pandas().set_index("facility_id")
    pd.testing.assert_frame_equal(store.registry_as_of(date(2026, 10, 6)), before)
