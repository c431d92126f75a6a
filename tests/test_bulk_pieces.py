"""The bulk zip's Parquet member of a partitioned dataset, assembled from cached pieces, is
the file write_parquet makes from all the rows: same schema and metadata, rows, row groups."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from data import parquet
from data.catalog import DATASETS
from etl import bulk_parquet

DATASET = DATASETS["front_office_visits_daily"]
# Naive, as SQLite returns a stored UTC timestamp.
PUBLICATION = {
    "id": 7,
    "published_at": datetime(2026, 11, 1, 2, 30),  # noqa: DTZ001
    "is_demo": True,
}


def _rows(n: int, first: date) -> list[dict[str, Any]]:
    return [
        {
            "id": i,
            "date": first + timedelta(days=i // 7),
            "region": "KZ-10",
            "region_name_kk": "Абай",
            "region_name_ru": "Абай",
            "region_name_en": "Abai",
            "district_kato": "100000000",
            "office_id": f"FO-10-{i % 7:03d}",
            "visits": (i % 11) or None,
            "suppressed": i % 11 == 0,
        }
        for i in range(n)
    ]


@pytest.mark.parametrize("group", [4, 5])
@pytest.mark.parametrize("sizes", [[3, 5, 4], [4, 4], [], [0, 0], [2], [8], [1, 0, 6, 9]])
def test_member_from_pieces_is_the_file_of_the_rows(
    sizes: list[int], group: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", group)
    monkeypatch.setattr(bulk_parquet, "ROW_GROUP_ROWS", group)
    names = DATASET.field_names
    pieces, rows = [], []
    for i, n in enumerate(sizes):
        part = _rows(n, date(2026, 1, 1) + timedelta(days=100 * i))
        rows += part
        pieces.append(tmp_path / f"{i}.parquet")
        parquet.write_parquet(part, DATASET, names, pieces[-1], metadata={})
    member = bulk_parquet.parquet_from_pieces(DATASET, pieces, PUBLICATION, 5, tmp_path)
    want = io.BytesIO()
    parquet.write_parquet(
        rows, DATASET, names, want, metadata=parquet.file_metadata(DATASET, PUBLICATION, 5)
    )
    got, expected = pq.ParquetFile(member.segments[0]), pq.ParquetFile(io.BytesIO(want.getvalue()))
    assert got.schema_arrow.equals(expected.schema_arrow, check_metadata=True)
    assert got.read().equals(expected.read())
    assert got.metadata.num_rows == len(rows)
    groups = [got.metadata.row_group(i).num_rows for i in range(got.num_row_groups)]
    assert groups == [
        expected.metadata.row_group(i).num_rows for i in range(expected.num_row_groups)
    ]
    assert all(g == group for g in groups[:-1])
