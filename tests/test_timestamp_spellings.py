"""The odd timestamp spellings (those etl.fixed_width_time does not read) are read value by
value: a value's reading never depends on the other values of its file, so each distinct
value is parsed once in a process (etl.timestamps._SPELLINGS_READ) with the same answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import timestamps

NAT = np.datetime64("NaT")

# The spellings that reach pandas' parsers: fractions of every length, offsets of every
# shape, years outside pandas' nanosecond range, impossible fields, junk.
_ODD = st.sampled_from(
    [
        "1500-01-01T00:00",
        "2300-06-01 12:00:00",
        "2024-03-05T14:07:00.123456789",
        "2024-03-05T14:07:00.1234567+06:00",
        "2024-03-05T14:07:00.5",
        "2024-03-05T14:07:00.123456Z",
        "2024-02-29T00:15+06",
        "2024-02-29T00:15+0600",
        "2024-03-05T14:07:00z",
        "2024-03-05T14:07:00+٠٦:٠٠",
        "2024-03-05T14:07+15:00",
        "2026-10-15T24:75:00",
        "31.02.2026 10:15",
        "15.10.2026 25:61",
        "15.10.2026",
        "5.3.2024 14:07",
        "05.03.2024 14:07:09",
        "2026/10/15 14:30",
        "вчера 14:30",
        "#VALUE!",
        "n/a",
        "now",
        "today",
    ]
)


@pytest.fixture(autouse=True)
def _fresh_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timestamps, "_SPELLINGS_READ", {})


def _read(values: list[str]) -> np.ndarray:
    return timestamps._parse_spellings_now(pd.Series(values, dtype="str"))


@settings(max_examples=150, deadline=None)
@given(st.lists(_ODD, min_size=1, max_size=12))
def test_each_value_read_alone_reads_the_same(values: list[str]) -> None:
    together = _read(values)
    alone = np.array([_read([v])[0] for v in values], dtype=together.dtype)
    assert np.array_equal(together, alone, equal_nan=True), list(zip(values, together, alone))


def test_a_long_fraction_no_longer_changes_another_value() -> None:
    # Before: the nine digits made pandas read the batch in nanoseconds, where 1500 is NaT.
    got = _read(["1500-01-01T00:00", "2024-03-05T14:07:00.123456789"])
    assert got[0] == np.datetime64("1500-01-01T00:00", "us")
    assert got[1] == np.datetime64("2024-03-05T14:07:00.123456", "us")


@settings(max_examples=100, deadline=None)
@given(st.lists(_ODD, min_size=1, max_size=12), st.lists(_ODD, min_size=1, max_size=12))
def test_remembered_readings_are_the_readings(first: list[str], second: list[str]) -> None:
    timestamps._SPELLINGS_READ.clear()
    for values in (first, second, first + second):
        got = timestamps._parse_spellings(pd.Series(values, dtype="str"))
        assert np.array_equal(got, _read(values), equal_nan=True)


def test_known_values_are_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    values = ["n/a", "31.02.2026 10:15", "2024-03-05T14:07:00.5+06:00", "n/a"]
    expected = timestamps._parse_spellings(pd.Series(values, dtype="str"))
    assert np.isnat(expected[0]) and not np.isnat(expected[2])

    def refuse(s: pd.Series) -> np.ndarray:
        raise AssertionError(f"parsed again: {s.tolist()}")

    monkeypatch.setattr(timestamps, "_parse_spellings_now", refuse)
    again = timestamps._parse_spellings(pd.Series(values[::-1], dtype="str"))
    assert np.array_equal(again, expected[::-1], equal_nan=True)


def test_the_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timestamps, "_SPELLINGS_READ_MAX", 5)
    for day in range(1, 29):
        values = [f"{day:02d}.02.2026 10:15", f"{day:02d}.02.2026 10:15:00", "n/a"]
        got = timestamps._parse_spellings(pd.Series(values, dtype="str"))
        assert np.array_equal(got, _read(values), equal_nan=True)
        assert len(timestamps._SPELLINGS_READ) <= 5
