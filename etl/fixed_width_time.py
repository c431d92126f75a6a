"""The common timestamp spellings read straight from their digits, without strptime.

Why: a national night's visits hold ~30,000 timestamps, ~22,000 of them distinct, and pandas'
ISO 8601 and strptime parsers cost ~0.6 us a value; with the camera file's times that was a
fifth of checking a night's files (17 ms of a visits file's 100, profiled). Nearly every
delivered value has one of a few fixed shapes (``2026-10-01T00:02:04``, the same with ``Z``
or ``+05:00``, ``01.10.2026 00:21:16``, each with or without seconds), so its fields sit at
known byte positions and numpy reads them all at once.

Only a value of exactly such a shape, with every field in range (a real calendar day, hour
0-23, minute and second 0-59, an offset of at most 14:59), is read here; for those every
parser agrees on the answer. Anything else (fractions, ``+05`` or ``+0500``, one-digit
fields, 30 February) is left to etl.timestamps' pandas parsers, so what a value parses to,
or whether it is rejected, is decided exactly as before (tests/test_fixed_width_time.py
compares the two on generated values).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from etl.arrowtext import string_bytes

DATETIME = "datetime64[us]"
_US_PER_SECOND = 1_000_000
_DATE_TIME_LENGTHS = (16, 19)  # without and with seconds
_MAX_OFFSET_HOURS = 14  # as etl.timestamps: UTC-12 to UTC+14 are real zones


@dataclass(frozen=True)
class Layout:
    """Where each field's digits are, which bytes must be which separators (positions
    past 16 are checked only in values with seconds), and whether an ISO 8601 offset may
    follow (``Z``/``z`` or ``±HH:MM``)."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    separators: tuple[tuple[int, bytes], ...]
    offsets: bool


ISO = Layout(0, 5, 8, 11, 14, 17, ((4, b"-"), (7, b"-"), (10, b"T "), (13, b":"), (16, b":")), True)
DOTTED = Layout(
    6, 3, 0, 11, 14, 17, ((2, b"."), (5, b"."), (10, b" "), (13, b":"), (16, b":")), False
)

# Years read here; others (far past or future) go to pandas, which knows its own limits.
_YEARS = (1900, 2199)


@dataclass
class Parsed:
    values: np.ndarray  # naive datetime64[us] as written (before any offset), NaT if not read
    read: np.ndarray  # bool: the value had one of the layout's shapes and was valid
    offset_minutes: np.ndarray  # int64: the offset written (0 for Z), where `with_offset`
    with_offset: np.ndarray  # bool: read, and written with an offset


def parse(text: pa.ChunkedArray | pa.Array, layout: Layout) -> Parsed:
    """The values of `text` that have exactly one of `layout`'s shapes and are valid."""
    n = len(text)
    result = Parsed(
        np.full(n, np.datetime64("NaT"), dtype=DATETIME),
        np.zeros(n, dtype=bool),
        np.zeros(n, dtype=np.int64),
        np.zeros(n, dtype=bool),
    )
    found = string_bytes(text)
    if found is None:  # nothing, or every value empty or missing
        return result
    offsets, data = found
    lengths = np.diff(offsets)
    suffix = {0: 0, 1: 1, 6: 6} if layout.offsets else {0: 0}
    shapes = [(base + extra, base, extra) for base in _DATE_TIME_LENGTHS for extra in suffix]
    fits = np.isin(lengths, [length for length, _, _ in shapes])
    if text.null_count:
        fits &= text.is_valid().to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(fits)
    base = np.zeros(len(rows), dtype=np.int64)
    for length, base_length, _ in shapes:
        base[lengths[rows] == length] = base_length
    rows, base = _separators_match(data, offsets[rows], base, layout, rows)
    if not len(rows):
        return result
    starts = offsets[rows]
    ok, year, month, day, seconds = _date_and_time(data, starts, base, layout)
    offset, offset_ok, written = _offset_minutes(data, starts + base, lengths[rows] - base)
    ok &= offset_ok
    rows = rows[ok]
    days = _days_since_epoch(year[ok], month[ok], day[ok])
    result.values[rows] = ((days * 86_400 + seconds[ok]) * _US_PER_SECOND).astype(DATETIME)
    result.read[rows] = True
    result.offset_minutes[rows] = offset[ok]
    result.with_offset[rows] = written[ok]
    return result


def _separators_match(
    data: np.ndarray, starts: np.ndarray, base: np.ndarray, layout: Layout, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The rows (and their base lengths) whose separators are right. Checked one position
    at a time, narrowing the rows: a column in another spelling is done at the first."""
    for position, allowed in layout.separators:
        if not len(rows):
            break
        needed = base > position
        at = np.where(needed, starts + position, starts)
        found = np.isin(data[at], np.frombuffer(allowed, dtype=np.uint8)) | ~needed
        rows, base, starts = rows[found], base[found], starts[found]
    return rows, base


def _date_and_time(
    data: np.ndarray, starts: np.ndarray, base: np.ndarray, layout: Layout
) -> tuple[np.ndarray, ...]:
    """(ok, year, month, day, second of the day) of each value, read from its digits at
    once: one row per digit, one column per value. A value without seconds reads its first
    bytes there, then ignores them."""
    has_seconds = base > layout.second
    at = _digit_positions(layout)[:, None] + starts[None, :]
    at[-2:] = np.where(has_seconds, at[-2:], starts)
    digits = data[at].astype(np.int64) - ord("0")
    digits[-2:] *= has_seconds
    ok = ((digits >= 0) & (digits <= 9)).all(axis=0)
    year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
    month, day, hour, minute, second = (digits[i] * 10 + digits[i + 1] for i in range(4, 14, 2))
    ok &= (year >= _YEARS[0]) & (year <= _YEARS[1]) & (month >= 1) & (month <= 12)
    ok &= (hour <= 23) & (minute <= 59) & (second <= 59) & (day >= 1)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    ok &= day <= _DAYS_IN_MONTH[np.where(ok, month, 0)] + (leap & (month == 2))
    return ok, year, month, day, (hour * 60 + minute) * 60 + second


def _offset_minutes(
    data: np.ndarray, at: np.ndarray, length: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(minutes, ok, written) of the suffix of `length` bytes at `at`: none (0), ``Z``/``z``
    (1) or ``±HH:MM`` (6)."""
    zulu = length == 1
    numeric = length == 6
    last = data[np.where(zulu | numeric, at, 0)]
    ok = ~zulu | np.isin(last, np.frombuffer(b"Zz", dtype=np.uint8))
    minutes = np.zeros(len(at), dtype=np.int64)
    if numeric.any():
        where = np.where(numeric, at, 0)
        sign = data[where]
        ok &= ~numeric | ((sign == ord("+")) | (sign == ord("-"))) & (data[where + 3] == ord(":"))
        digits = np.stack([data[where + i] for i in (1, 2, 4, 5)]).astype(np.int64) - ord("0")
        ok &= ~numeric | ((digits >= 0) & (digits <= 9)).all(axis=0)
        hours = digits[0] * 10 + digits[1]
        mins = digits[2] * 10 + digits[3]
        ok &= ~numeric | ((hours <= _MAX_OFFSET_HOURS) & (mins <= 59))
        minutes = np.where(numeric, np.where(sign == ord("-"), -1, 1) * (hours * 60 + mins), 0)
    return minutes, ok, zulu | numeric


# index 0 unused (a month 0 is never valid); February without its leap day
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _digit_positions(layout: Layout) -> np.ndarray:
    return np.array(
        [layout.year + i for i in range(4)]
        + [p + i for p in (layout.month, layout.day, layout.hour, layout.minute) for i in range(2)]
        + [layout.second, layout.second + 1]
    )


def _days_since_epoch(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days from 1970-01-01 of proleptic Gregorian dates, in integer arithmetic (numpy's own
    calendar conversions go value by value): years counted from March, so that the leap day
    falls at the end of one (the civil-from-days method)."""
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146_097 + day_of_era - 719_468
