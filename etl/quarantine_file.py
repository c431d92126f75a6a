"""A file's rejected rows, copied for operators: QUARANTINE_DIR/<night>/<file>.rejected.csv.

The anonymised columns only (personal ones are gone before validation), each row with the
reason and field it was rejected for, in file order.

Written by Arrow when no value needs quotes, and then every byte is what pandas' join and
to_csv write (tests/test_quarantine_csv.py): pandas' join of a national visits file's 30,000
rows with its ~900 reasons and its value-by-value writer cost ~6 ms a file, ~1,100 files a
year, in the reading workers.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from etl.contract import LINE_COLUMN

_UNQUOTED = pacsv.WriteOptions(quoting_style="none", quoting_header="none")


def keep_rejected_rows(
    quarantine_dir: Path, night: date, file_name: str, public: pd.DataFrame, rejected: pd.DataFrame
) -> None:
    """Copy rejected rows (anonymised columns only), with their reason, for operators."""
    folder = quarantine_dir / night.isoformat()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    target = folder / f"{file_name}.rejected.csv"
    try:
        pacsv.write_csv(_rejected_table(public, rejected), target, write_options=_UNQUOTED)
    except pa.ArrowException:  # a value with a quote, delimiter or line end: pandas quotes it
        _joined(public, rejected).to_csv(target, index=False, encoding="utf-8")
    os.chmod(target, 0o600)


def _joined(public: pd.DataFrame, rejected: pd.DataFrame) -> pd.DataFrame:
    """The rows of `public` that were rejected, in file order, with their first reason."""
    reasons = rejected.set_index(LINE_COLUMN)[["reason", "field"]]
    reasons = reasons[~reasons.index.duplicated()]
    return public.join(reasons, on=LINE_COLUMN, how="inner")


def _rejected_table(public: pd.DataFrame, rejected: pd.DataFrame) -> pa.Table:
    """_joined in Arrow: line numbers are small positive ints, so each line's row in
    `public` and its first reason are found by indexing arrays as long as the file."""
    lines = public[LINE_COLUMN].to_numpy(dtype=np.int64)
    wanted = rejected[LINE_COLUMN].to_numpy(dtype=np.int64)
    size = int(max(lines.max(initial=0), wanted.max(initial=0))) + 1
    first_reason = np.full(size, -1, dtype=np.int64)
    first_reason[wanted[::-1]] = np.arange(len(wanted) - 1, -1, -1)  # the first one wins
    reason_of_row = first_reason[lines]
    rows = np.flatnonzero(reason_of_row >= 0)
    at = reason_of_row[rows]
    # Each column's Arrow values (the same buffers when pandas holds them in Arrow; typed as
    # from_pandas types them) taken at once: pandas' take of the frame, then from_pandas,
    # rebuilt a frame and its index first (~1.3 -> ~0.5 ms a national visits file).
    columns = {name: pa.array(public[name]).take(rows) for name in public.columns}
    for name in ("reason", "field"):
        columns[name] = pa.array(rejected[name]).take(at)
    return pa.table(columns)
