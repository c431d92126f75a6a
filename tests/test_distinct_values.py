"""Checking a column once per distinct value (etl.distinct_values) gives the same typed values
and the same first-failure reasons, row for row, as checking every row: on every checked
column of every table of the contract, with values that repeat, are missing, or are dirty."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.reference import regions_frame
from etl import distinct_values
from etl.arrowtext import STR
from etl.column_checks import CHECKED_PER_DISTINCT_VALUE, check_column, prefix_map
from etl.contract import TABLES
from etl.reasons import Verdicts

_COLUMNS = [
    column
    for contract in TABLES.values()
    for column in contract.public_columns
    if column.kind in CHECKED_PER_DISTINCT_VALUE
]
# Dirty and clean spellings of every kind: categories in any case, numbers with commas,
# signs and decimals, KATO codes and ISO regions, dates in both spellings, junk.
_VALUES = st.sampled_from(
    [
        "",
        " ",
        "online",
        "ONLINE",
        "Complaint",
        "x",
        "0",
        "12",
        "12.0",
        "12,5",
        "-3",
        "+4",
        "1e3",
        "999999",
        ".5",
        "191010000",
        "75100000",
        "751000000",
        "KZ-75",
        "kz-19",
        "2024-02-29",
        "29.02.2023",
        "2024-03-05 00:00:00",
        "n/a",
        "Алматы",
        "٣",
    ]
)


def _check_every_row(column, s, prefix):  # type: ignore[no-untyped-def]
    verdicts = Verdicts(len(s))
    typed = check_column(column, s, verdicts, prefix)
    return typed, verdicts


@settings(max_examples=150, deadline=None)
@given(
    column=st.sampled_from(_COLUMNS),
    values=st.lists(st.one_of(st.none(), _VALUES), min_size=0, max_size=60),
    flagged=st.lists(st.booleans(), min_size=60, max_size=60),
)
def test_same_values_and_reasons_as_row_by_row(
    column, values: list[str | None], flagged: list[bool]
) -> None:  # type: ignore[no-untyped-def]
    s = pd.Series(values, dtype=STR)
    prefix = prefix_map(regions_frame())
    expected_typed, expected = _check_every_row(column, s, prefix)
    got = Verdicts(len(s))
    # rows already failing an earlier column keep their first reason
    earlier = np.array(flagged[: len(s)], dtype=bool)
    got.flag(earlier, "earlier", None)
    expected_with_earlier = Verdicts(len(s))
    expected_with_earlier.flag(earlier, "earlier", None)
    check_column(column, s, expected_with_earlier, prefix)
    check = functools.partial(check_column, column, prefix_to_iso=prefix)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(distinct_values, "MIN_ROWS_PER_VALUE", 0)  # always by distinct value
        typed = distinct_values.check_distinct(s, got, check)
    pd.testing.assert_series_equal(typed, expected_typed, check_names=False)
    assert got.reason.tolist() == expected_with_earlier.reason.tolist()
    assert got.field.tolist() == expected_with_earlier.field.tolist()
    assert (got.bad == expected_with_earlier.bad).all()
    assert expected.bad.sum() <= len(s)


def test_columns_of_many_distinct_values_are_checked_row_by_row() -> None:
    calls: list[int] = []

    def check(s: pd.Series, verdicts: Verdicts) -> pd.Series:
        calls.append(len(s))
        return s

    many = pd.Series([str(i) for i in range(100)], dtype=STR)
    few = pd.Series(["a", "b", None] * 40, dtype=STR)
    distinct_values.check_distinct(many, Verdicts(100), check)
    distinct_values.check_distinct(few, Verdicts(120), check)
    assert calls == [100, 3]  # a, b and missing


def test_a_long_column_whose_first_rows_all_differ_is_checked_row_by_row() -> None:
    """The sample (SAMPLE_ROWS first rows) decides for a long column: nearly all distinct
    there (a snapshot's coordinates) means row by row, without encoding the whole column."""
    calls: list[int] = []

    def check(s: pd.Series, verdicts: Verdicts) -> pd.Series:
        calls.append(len(s))
        return s

    sample = distinct_values.SAMPLE_ROWS
    n = 10 * sample
    unique = pd.Series([f"{i / 7:.5f}" for i in range(n)], dtype=STR)
    # distinct in the sample only: row by row too (the answers are the same either way)
    sample_only = pd.Series([str(i) for i in range(sample)] + ["x"] * (n - sample), dtype=STR)
    repeated = pd.Series([str(i % 300) for i in range(n)], dtype=STR)
    for s in (unique, sample_only, repeated):
        distinct_values.check_distinct(s, Verdicts(n), check)
    assert calls == [n, n, 301]  # 300 values and missing
