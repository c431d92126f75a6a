"""The digit reader of the usual timestamp spellings (etl.fixed_width_time) gives pandas'
answer for every value it reads, and leaves every other value to pandas' parsers: the
published days and the `invalid_timestamp` rejections are the same as before it existed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import fixed_width_time, timestamps

# two digits, the limits of every field among them
_TWO = st.one_of(
    st.sampled_from(["00", "12", "13", "14", "15", "23", "24", "28", "29", "30", "31", "59", "60"]),
    st.integers(0, 99).map(lambda v: f"{v:02d}"),
)
# Field values around every limit: month 0 and 13, 29-31 February, hour 24, second 60...
_YEAR = st.sampled_from([0, 1, 1899, 1900, 1999, 2000, 2023, 2024, 2100, 2199, 2200, 9999]).map(
    lambda v: f"{v:04d}"
)
_SEP = st.sampled_from(["-", ".", ":", "T", " ", "/", "t", "x", "0"])


def _field(low: int, high: int) -> st.SearchStrategy[str]:
    """Two digits, mostly in range (so that most values are read), sometimes any."""
    in_range = st.integers(low, high).map(lambda v: f"{v:02d}")
    return st.one_of(in_range, in_range, in_range, _TWO)


@st.composite
def _timestamp_like(draw: st.DrawFn) -> str | None:
    """A value of (or one byte away from) one of the two fixed shapes, or missing."""
    if draw(st.integers(0, 20)) == 0:
        return None
    year, month, day = draw(_YEAR), draw(_field(1, 12)), draw(_field(1, 31))
    hour, minute, second = draw(_field(0, 23)), draw(_field(0, 59)), draw(_field(0, 59))
    seconds = f":{second}" if draw(st.booleans()) else ""
    if draw(st.booleans()):
        text = f"{year}-{month}-{day}{draw(st.sampled_from('T '))}{hour}:{minute}{seconds}"
    else:
        text = f"{day}.{month}.{year} {hour}:{minute}{seconds}"
    if draw(st.integers(0, 4)) == 0:  # one byte replaced: a wrong separator, a letter...
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + draw(_SEP) + text[at + 1 :]
    if draw(st.booleans()):  # offsets, of the shapes read and of others
        offset = draw(
            st.sampled_from(["Z", "z", "+", "-", "+", "-", "+0500", "+05", ".5", " ", "0"])
        )
        if offset in ("+", "-"):
            offset += f"{draw(_field(0, 14))}{draw(st.sampled_from('::-'))}{draw(_field(0, 59))}"
        text += offset
    return text


def _pandas_only(values: list[str | None]) -> np.ndarray:
    """What parse_timestamps gave before the digit reader: pandas' parsers on every value."""
    series = pd.Series(values, dtype="str")
    out = np.full(len(series), np.datetime64("NaT"), dtype="datetime64[us]")
    present = series.notna().to_numpy()
    if present.any():
        out[present] = timestamps._parse_spellings_now(series[present])
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(_timestamp_like(), min_size=10, max_size=40))
def test_same_answer_as_pandas(values: list[str | None]) -> None:
    got = timestamps.parse_timestamps(pd.Series(values, dtype="str")).to_numpy()
    expected = _pandas_only(values)
    assert np.array_equal(got, expected, equal_nan=True), list(zip(values, got, expected))


@settings(max_examples=100, deadline=None)
@given(st.lists(_timestamp_like(), min_size=1, max_size=30), st.integers(0, 10))
def test_reads_only_valid_values_of_its_shape(values: list[str | None], cut: int) -> None:
    # a sliced, chunked array (as pandas hands over after filtering) reads the same
    whole = pa.array(values, pa.large_string())
    cut = min(cut, len(values))
    chunked = pa.chunked_array([whole.slice(0, cut), whole.slice(cut)], pa.large_string())
    expected = _pandas_only(values)
    for layout in (fixed_width_time.ISO, fixed_width_time.DOTTED):
        parsed = fixed_width_time.parse(chunked, layout)
        read = parsed.read
        plain = read & ~parsed.with_offset
        assert np.array_equal(parsed.values[plain], expected[plain])
        assert not np.isnat(expected[read]).any()  # whatever is read, pandas reads too
        assert np.isnat(parsed.values[~read]).all()
        assert not (parsed.with_offset & ~read).any()
        assert not any(read[i] for i, v in enumerate(values) if v is None)


def test_calendar_limits() -> None:
    values = [
        "2024-02-29T23:59:59",  # a leap day
        "2023-02-29T10:00",  # not one
        "2100-02-29 10:00",  # a century is not a leap year...
        "2000-02-29 10:00",  # ...unless it divides by 400
        "31.04.2024 10:00",
        "30.04.2024 10:00:59",
        "01.01.1900 00:00",
        "2024-12-31T24:00",
        "2024-12-31T23:60",
        "2024-12-31T23:59:60",
    ]
    text = pa.array(values, pa.large_string())
    iso_parsed = fixed_width_time.parse(text, fixed_width_time.ISO)
    dotted_parsed = fixed_width_time.parse(text, fixed_width_time.DOTTED)
    iso, read_iso = iso_parsed.values, iso_parsed.read
    dotted, read_dotted = dotted_parsed.values, dotted_parsed.read
    assert read_iso.tolist() == [True, False, False, True, False, False, False, False, False, False]
    assert read_dotted.tolist() == [False] * 5 + [True, True, False, False, False]
    assert iso[0] == np.datetime64("2024-02-29T23:59:59")
    assert iso[3] == np.datetime64("2000-02-29T10:00")
    assert dotted[5] == np.datetime64("2024-04-30T10:00:59")
    assert dotted[6] == np.datetime64("1900-01-01T00:00")
    parsed = timestamps.parse_timestamps(pd.Series(values, dtype="str"))
    assert parsed.isna().tolist() == [
        False,
        True,
        True,
        False,
        True,
        False,
        False,
        True,
        True,
        True,
    ]


def test_offsets() -> None:
    values = [
        "2024-02-29T23:15:00+06:00",  # the east before March 2024: 22:15 at UTC+5
        "2024-02-29T23:15:00Z",
        "2024-03-01T00:15-03:30",
        "2024-03-01T00:15:00+15:00",  # no such zone
        "2024-03-01T00:15:00+05",  # a shape pandas reads
    ]
    parsed = fixed_width_time.parse(pa.array(values, pa.large_string()), fixed_width_time.ISO)
    assert parsed.read.tolist() == [True, True, True, False, False]
    assert parsed.offset_minutes[:3].tolist() == [360, 0, -210]
    assert parsed.with_offset[:3].all()
    got = timestamps.parse_timestamps(pd.Series(values, dtype="str"))
    assert got.iloc[0] == pd.Timestamp("2024-02-29 22:15")
    assert got.iloc[1] == pd.Timestamp("2024-03-01 04:15")
    assert got.iloc[2] == pd.Timestamp("2024-03-01 08:45")
    assert pd.isna(got.iloc[3])
    assert got.iloc[4] == pd.Timestamp("2024-03-01 00:15")


# Values with offsets written in other scripts' digits, and short or odd ends, beside the
# fixed shapes: has_offset's byte pre-filter must never miss one the pattern takes.
_ODD = st.sampled_from(
    [
        "2024-02-29T00:15+06:00",
        "٢٠٢٤-٠٢-٢٩T00:15+٠٦:٠٠",
        "2024-02-29T00:15+０６",
        "2024-02-29 00:15:00.5Z",
        "2024-02-29T00:15:00.123456789-0130",
        "Z",
        "+05",
        "-",
        "",
        "2024-02-29",
        "2024-02-29T00:15 +05:00",
        "2024-02-29T00:15+05:",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_timestamp_like(), _ODD), min_size=1, max_size=40), st.integers(0, 10))
def test_has_offset_is_the_pattern(values: list[str | None], cut: int) -> None:
    series = pd.Series(values, dtype="str")
    expected = timestamps.fullmatch(series, timestamps._ISO_BASE + timestamps._ISO_OFFSET)
    assert np.array_equal(timestamps.has_offset(series), expected.to_numpy()), values
    # answered from parse_timestamps' reading of the same column, as validate asks it
    timestamps.parse_timestamps(series)
    assert timestamps._offsets_read(series) is not None
    assert np.array_equal(timestamps.has_offset(series), expected.to_numpy()), values
    # a sliced, chunked column answers the same
    cut = min(cut, len(values))
    chunked = series.iloc[cut:]
    assert np.array_equal(timestamps.has_offset(chunked), expected.to_numpy()[cut:])
