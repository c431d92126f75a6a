"""Contract timestamps and dates: text -> naive local datetimes, vectorised.

Why a module of its own: the contract allows several spellings (ISO 8601 with or without an
offset, ``dd.mm.yyyy HH:MM[:SS]``, Excel's midnight on dates) and the law moved the east of the
country from UTC+6 to UTC+5 on 1 March 2024; getting that right is a job apart from checking
the other fields, and validate only needs the answers (NaT = invalid).
"""

from __future__ import annotations

import weakref
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import fixed_width_time
from etl.arrowtext import STR, arrow_strings, fullmatch, matches, string_bytes, to_bool
from etl.contract import LOCAL_UTC_OFFSET_HOURS, region_zone

DATETIME: Final = "datetime64[us]"

_ISO_BASE = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?"
_ISO_OFFSET = r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)"
_ISO_TIMESTAMP = _ISO_BASE + _ISO_OFFSET + "?"
_BEYOND_MICROSECONDS = r"(\.\d{6})\d+"
_NOT_A_MOMENT = ("now", "today")
_MIDNIGHT_SUFFIX = (
    r"[T ]0?0:00(?::00(?:\.0+)?)?$"  # Excel date cells arrive as "2024-03-05 00:00:00"
)


def parse_timestamps(s: pd.Series) -> pd.Series:
    """Parse contract timestamps to naive Kazakhstan local time (NaT when invalid).

    Accepted: ISO 8601 with a time, with or without an offset (``Z``, ``+05``,
    ``+0500``, ``+05:00``), and ``dd.mm.yyyy HH:MM[:SS]``. A value with an
    offset is converted to UTC+5 and the offset dropped; a value without one is
    already local. A date without a time is not a timestamp.
    """
    # The two usual spellings, read from their digits (etl.fixed_width_time): what is left
    # (offsets, fractions, odd or invalid values) goes through pandas' parsers as before.
    text = arrow_strings(s)
    iso = fixed_width_time.parse(text, fixed_width_time.ISO)
    _remember_offsets(s, iso)
    dotted = fixed_width_time.parse(text, fixed_width_time.DOTTED)
    out = iso.values
    shift = LOCAL_UTC_OFFSET_HOURS * 60 - iso.offset_minutes[iso.with_offset]
    out[iso.with_offset] += (shift * 60_000_000).astype("timedelta64[us]")
    out[dotted.read] = dotted.values[dotted.read]
    rest = to_bool(s.notna()) & ~(iso.read | dotted.read)
    if rest.any():
        out[rest] = _parse_spellings(s[rest])
    return pd.Series(out, index=s.index)


# The values _parse_spellings read, with what it read (NaT included), in this process.
# Why: each value's reading depends on that value alone, and the odd spellings of a landing
# repeat from file to file ("n/a", "#VALUE!", "31.02.2026 10:15"): pandas' parsers cost
# ~6 ms a national night for a few dozen such values, most of it the calls themselves.
# Bounded: emptied when full. Held in memory only, like the column it was read from.
_SPELLINGS_READ: dict[str, np.datetime64] = {}
_SPELLINGS_READ_MAX: Final = 1 << 16


def _parse_spellings(s: pd.Series) -> np.ndarray:
    """parse_timestamps by pandas' ISO 8601 and strptime parsers (values present, all of
    them), each distinct value parsed once in the process (_SPELLINGS_READ)."""
    values = s.tolist()
    out = np.empty(len(values), dtype=DATETIME)
    unknown: list[int] = []
    for i, value in enumerate(values):
        known = _SPELLINGS_READ.get(value)
        if known is None:
            unknown.append(i)
        else:
            out[i] = known
    if unknown:
        parsed = _parse_spellings_now(s.iloc[unknown])
        out[unknown] = parsed
        if len(_SPELLINGS_READ) + len(unknown) > _SPELLINGS_READ_MAX:
            _SPELLINGS_READ.clear()
        _SPELLINGS_READ.update(zip((values[i] for i in unknown), parsed, strict=True))
    return out


def _parse_spellings_now(s: pd.Series) -> np.ndarray:
    """_parse_spellings without the values already read."""
    out = np.full(len(s), np.datetime64("NaT"), dtype=DATETIME)
    iso = to_bool(fullmatch(s, _ISO_TIMESTAMP))
    if iso.any():
        out[iso] = _iso_to_local(s[iso])
    # Only a value with a "." can fit the dotted formats, which strptime reads literally:
    # skipping "n/a", "#VALUE!" or "2024/03/05 14:07" saves two pandas calls (~0.6 ms a file).
    dotted = to_bool(s.str.contains(".", regex=False)) & ~iso
    if dotted.any():
        out[dotted] = _parse_formats(s[dotted], ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S"))
    return out


def has_offset(s: pd.Series) -> np.ndarray:
    """Which values are ISO 8601 timestamps written with an offset (``Z``, ``+05:00``...).

    The values parse_timestamps just read in a fixed ISO shape are answered from that
    reading: it read their offsets, and such a value matches the pattern exactly when it was
    written with one (~3 ms of a national visits file, where nearly every value has one).
    The pattern is tried only on the other values that could end with one
    (_may_have_offset): on every value it was ~2 ms of a national visits file."""
    arr = arrow_strings(s).combine_chunks()
    out = np.zeros(len(arr), dtype=bool)
    maybe = _may_have_offset(arr)
    known = _offsets_read(s)
    if known is not None:
        read, with_offset = known
        out[read] = with_offset[read]
        maybe &= ~read
    rows = np.flatnonzero(maybe)
    if len(rows):
        out[rows] = matches(arr.take(pa.array(rows)), _ISO_BASE + _ISO_OFFSET)
    return out


# The offsets parse_timestamps read, for has_offset of the same column (validate asks both
# of the event time). Only the last column is held, by a weak reference: a new or dead
# Series is never taken for it. The workers read one file at a time, on one thread. Not
# etl.frame_cache.per_frame: has_offset only reads this, for it also runs on parts of a
# column (_iso_to_local), which would take the one place.
_last_read: tuple[weakref.ref[pd.Series], np.ndarray, np.ndarray] | None = None


def _remember_offsets(s: pd.Series, iso: fixed_width_time.Parsed) -> None:
    global _last_read
    _last_read = (weakref.ref(s), iso.read, iso.with_offset)


def _offsets_read(s: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    if _last_read is None or _last_read[0]() is not s:
        return None
    return _last_read[1], _last_read[2]


def _may_have_offset(arr: pa.LargeStringArray) -> np.ndarray:
    """Per value: a Z or z last, or a sign where an offset's would be (``±HH``, ``±HHMM``,
    ``±HH:MM`` at the end), or any non-ASCII character (the pattern's digits may then be
    other scripts' digits, several bytes each). Read from the bytes at each value's end."""
    found = string_bytes(arr)
    if found is None:
        return np.zeros(len(arr), dtype=bool)
    offsets, data = found
    ends = offsets[1:]
    lengths = ends - offsets[:-1]

    def byte_before_end(back: int) -> np.ndarray:
        long_enough = lengths >= back
        return np.where(long_enough, data[np.where(long_enough, ends - back, 0)], 0)

    last = byte_before_end(1)
    maybe = (last == ord("Z")) | (last == ord("z"))
    for back in (3, 5, 6):
        sign = byte_before_end(back)
        maybe |= (sign == ord("+")) | (sign == ord("-"))
    maybe |= ~pc.fill_null(pc.string_is_ascii(arr), True).to_numpy(zero_copy_only=False)
    return maybe


def _iso_to_local(s: pd.Series) -> np.ndarray:
    """ISO 8601 strings (already shape-checked) -> naive UTC+5 datetimes."""
    # Fractions cut to microseconds (all that is kept) before pandas reads them: a value
    # with more digits made pandas read the whole batch in nanoseconds, and then a value
    # outside 1677-2262 was NaT or not by what else the file held. Now each value's
    # reading depends on that value alone (_SPELLINGS_READ relies on it).
    s = s.str.replace(_BEYOND_MICROSECONDS, r"\1", regex=True)
    if not has_offset(s).any():  # then the offset steps below change nothing (and cost ~2 ms)
        return _parse_unique(s, "ISO8601")
    base = s.str.replace(_ISO_OFFSET + "$", "", regex=True)
    parsed = pd.Series(_parse_unique(base, "ISO8601"), index=s.index)
    offset = s.str.replace("^" + _ISO_BASE, "", regex=True).str.replace(":", "", regex=False)
    offset_given = to_bool(offset != "")
    if not offset_given.any():
        return parsed.to_numpy()
    zulu = to_bool(offset.str.upper() == "Z")
    numeric = offset_given & ~zulu
    # An offset in other scripts' digits ("+٠٦:٠٠") is no offset: the float cast below
    # refused it, which made the whole file unreadable for one cell.
    foreign = numeric & ~to_bool(offset.str.fullmatch(r"[+-][0-9]{2}(?:[0-9]{2})?"))
    numeric &= ~foreign
    sign = np.where(to_bool(offset.str.slice(0, 1) == "-"), -1.0, 1.0)
    hours = _digits(offset.str.slice(1, 3).where(numeric)).to_numpy(dtype=np.float64, na_value=0.0)
    minutes = _digits(offset.str.slice(3, 5).where(numeric)).to_numpy(
        dtype=np.float64, na_value=0.0
    )
    offset_min = np.where(numeric, sign * (hours * 60 + minutes), 0.0)
    shift = np.where(offset_given, LOCAL_UTC_OFFSET_HOURS * 60 - offset_min, 0.0)
    local = parsed.to_numpy() + (shift * 60_000_000).astype("timedelta64[us]")
    local[foreign | (numeric & ((hours > 14) | (minutes >= 60)))] = np.datetime64("NaT")
    return local


def regional_time(folded: pd.Series, region: pd.Series, with_offset: np.ndarray) -> pd.Series:
    """Move timestamps that carried an offset from UTC+5 to their region's local time.

    `folded` holds every offset value at UTC+5 (parse_timestamps); a value without an offset
    is already local time where it happened and is left alone. Vectorised per zone: a night
    has at most a handful of zones.
    """
    out = folded.to_numpy(dtype=DATETIME, copy=True)
    # Each distinct region's zone, looked up once: mapping the function over every row was
    # most of this step (~25 ms of a national night's visits file, profiled).
    codes, regions = pd.factorize(region, use_na_sentinel=True)
    # Zones numbered, each row's zone an int: comparing a column of zone names per zone
    # cost ~1 ms a zone of a national visits file.
    zone_names, zone_of_region = np.unique(
        np.array([region_zone(r) for r in regions], dtype=object), return_inverse=True
    )
    zones = np.append(zone_of_region, -1)[codes]  # code -1 (no region) takes the last: -1
    todo = with_offset & ~np.isnat(out) & (codes >= 0)
    utc = out - np.timedelta64(LOCAL_UTC_OFFSET_HOURS, "h")
    # On plain arrays and an index, not Series: a Series' masked assignment and .dt chain
    # per zone cost ~1.5 ms each, with seven zones in a national file (profiled).
    for zone in np.unique(zones[todo]):
        rows = todo & (zones == zone)
        local = (
            pd.DatetimeIndex(utc[rows])
            .tz_localize("UTC")
            .tz_convert(zone_names[zone])
            .tz_localize(None)
        )
        out[rows] = local.to_numpy().astype(DATETIME)
    return pd.Series(out, index=folded.index, name=folded.name)


def _parse_formats(s: pd.Series, formats: tuple[str, ...]) -> np.ndarray:
    """Try explicit strptime formats in turn on the rows still unparsed."""
    out = np.full(len(s), np.datetime64("NaT"), dtype=DATETIME)
    todo = np.ones(len(s), dtype=bool)
    for fmt in formats:
        if not todo.any():
            break
        parsed = _parse_unique(s[todo], fmt)
        out[todo] = parsed
        todo[todo] = np.isnat(parsed)
    return out


def _parse_unique(s: pd.Series, fmt: str) -> np.ndarray:
    """``pd.to_datetime`` on the distinct values only, then broadcast back.

    A night's events share few distinct minutes, so parsing each distinct string
    once is several times faster than pandas' own cache on Arrow strings.
    """
    codes, uniques = pd.factorize(s)
    # pandas reads "now" and "today" as the moment it runs, whatever the format: a cell so
    # written would have depended on the day the ETL ran (loaded, or rejected for the wrong
    # reason). They are not timestamps of an event.
    distinct = pd.Series(uniques, dtype=STR)
    distinct = distinct.mask(distinct.isin(_NOT_A_MOMENT))
    parsed = pd.to_datetime(distinct, format=fmt, errors="coerce")
    parsed_np = parsed.astype(DATETIME).to_numpy()
    out = np.full(len(s), np.datetime64("NaT"), dtype=DATETIME)
    found = codes >= 0
    out[found] = parsed_np[codes[found]]
    return out


def _digits(s: pd.Series) -> pd.Series:
    """Float64 of a string of digits ("" or NA -> NA)."""
    return s.mask(s == "").astype("Float64")


def parse_dates(s: pd.Series) -> pd.Series:
    """Parse ``YYYY-MM-DD`` or ``dd.mm.yyyy`` (an explicit midnight time is tolerated)."""
    out = np.full(len(s), np.datetime64("NaT"), dtype=DATETIME)
    present = to_bool(s.notna())
    if present.any():
        day = s[present].str.replace(_MIDNIGHT_SUFFIX, "", regex=True)
        out[present] = _parse_formats(day, ("%Y-%m-%d", "%d.%m.%Y"))
    return pd.Series(out, index=s.index)
