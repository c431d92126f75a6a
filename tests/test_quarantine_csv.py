"""The quarantine's CSV of a file's rejected rows (etl.files.keep_rejected_rows) is written by
Arrow when it can be: it must hold the bytes pandas' to_csv would write, quotes included."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from etl.arrowtext import STR
from etl.files import _write_csv


def _rows(values: list[str | None]) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame(
        {
            "visit_id": pd.array(values, dtype=STR),
            "channel": pd.array(["online"] * n, dtype=STR),
            "_line": np.arange(2, n + 2, dtype=np.int64),
            "reason": np.array(["invalid_category"] * n, dtype=object),
            "field": np.array([None, "channel"] * (n // 2) + [None] * (n % 2), dtype=object),
        }
    )


@pytest.mark.parametrize(
    "values",
    [
        ["FOV-1", None, "Әлия ", "  x"],  # plain text, missing, Cyrillic, spaces: Arrow writes
        ["ул. Абая, 10", "a"],  # a delimiter: pandas quotes it
        ['say "hi"', None],  # a quote
        ["two\nlines", "cr\rhere"],  # line ends
    ],
)
def test_same_bytes_as_pandas(tmp_path: Path, values: list[str | None]) -> None:
    rows = _rows(values)
    _write_csv(rows, tmp_path / "ours.csv")
    rows.to_csv(tmp_path / "pandas.csv", index=False, encoding="utf-8")
    assert (tmp_path / "ours.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    if not any(v and "\r" in v for v in values):  # pandas' reader splits lines at a lone CR
        back = pd.read_csv(tmp_path / "ours.csv", dtype=str, keep_default_na=False)
        assert back["visit_id"].tolist() == [v or "" for v in values]
