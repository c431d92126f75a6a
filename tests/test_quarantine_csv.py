"""The quarantine's CSV of a file's rejected rows (etl.quarantine_file) is written by Arrow
when it can be: it must hold the bytes pandas' join and to_csv write, quotes included."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from etl.arrowtext import STR
from etl.quarantine_file import _joined, keep_rejected_rows

NIGHT = date(2026, 10, 15)


def _public(values: list[str | None]) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame(
        {
            "visit_id": pd.array(values, dtype=STR),
            "channel": pd.array(["online", None] * (n // 2) + ["x"] * (n % 2), dtype=STR),
            "_line": np.arange(2, n + 2, dtype=np.int64),  # a refused line 1 is not here
        }
    )


def _rejected(lines: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "_line": np.array(lines, dtype=np.int64),
            "reason": pd.array(["invalid_category", "duplicate_id"] * len(lines), dtype=STR)[
                : len(lines)
            ],
            "field": np.array([None, "channel"] * len(lines), dtype=object)[: len(lines)],
        }
    )


@pytest.mark.parametrize(
    ("values", "lines"),
    [
        (["FOV-1", None, "Әлия ", "  x", "b"], [1, 5, 3, 3, 2]),  # refused, repeated, unordered
        (["ул. Абая, 10", "a"], [2, 3]),  # a delimiter: pandas quotes it
        (['say "hi"', None], [3]),  # a quote
        (["two\nlines", "cr\rhere"], [2, 3]),  # line ends
        ([], [1]),  # nothing readable: the header alone
        (["a", "b"], []),  # nothing rejected
    ],
)
def test_same_bytes_as_pandas(tmp_path: Path, values: list[str | None], lines: list[int]) -> None:
    public, rejected = _public(values), _rejected(lines)
    keep_rejected_rows(tmp_path, NIGHT, "visits.csv", public, rejected)
    written = tmp_path / NIGHT.isoformat() / "visits.csv.rejected.csv"
    pandas_way = tmp_path / "pandas.csv"
    _joined(public, rejected).to_csv(pandas_way, index=False, encoding="utf-8")
    assert written.read_bytes() == pandas_way.read_bytes()
    assert written.stat().st_mode & 0o777 == 0o600
