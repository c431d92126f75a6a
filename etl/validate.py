"""Validate: turn an anonymised all-string frame into typed clean rows and rejections.

Every input row ends in exactly one of ``clean`` or ``rejected`` (checked on every
call): a row that silently disappears would make published counts wrong without
anyone noticing. A rejected row carries only its ``_line``, a reason from a fixed
vocabulary and the field name, never the value, because values may be personal
and rejections are published in quality reports.

Rules are applied in a fixed order and a row is reported with the FIRST rule it
fails, which makes reports stable from one run to the next:

1. field rules, column by column in contract order: ``missing_value``, then the
   format (``invalid_timestamp``/``invalid_date``/``invalid_number``/
   ``invalid_category``/``invalid_kato``), then ``out_of_range``/``unknown_region``;
2. the facility: ``unknown_facility``, ``wrong_facility_type``, ``unknown_region``
   (the facility's KATO does not map to a region);
3. ``inconsistent_values`` between fields of the same row;
4. ``outside_night_window`` (event local date not in [night - 1 day, night]);
5. ``duplicate_row`` then ``duplicate_id``, computed among the rows that passed
   1-4 so that a broken record cannot shadow a valid one with the same id. The
   first occurrence in file order is kept.

Everything is vectorised (regex masks, ``pd.to_datetime`` with explicit formats,
index look-ups); there is no per-row Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.contract import LOCAL_UTC_OFFSET_HOURS, TABLES, Column, TableContract, region_zone

# ------------------------------------------------------------------ vocabulary

MISSING_REQUIRED_COLUMN = "missing_required_column"
MISSING_VALUE = "missing_value"
INVALID_TIMESTAMP = "invalid_timestamp"
INVALID_DATE = "invalid_date"
INVALID_NUMBER = "invalid_number"
OUT_OF_RANGE = "out_of_range"
INVALID_CATEGORY = "invalid_category"
INVALID_KATO = "invalid_kato"
UNKNOWN_REGION = "unknown_region"
UNKNOWN_FACILITY = "unknown_facility"
WRONG_FACILITY_TYPE = "wrong_facility_type"
INCONSISTENT_VALUES = "inconsistent_values"
OUTSIDE_NIGHT_WINDOW = "outside_night_window"
DUPLICATE_ROW = "duplicate_row"
DUPLICATE_ID = "duplicate_id"

REASONS = (
    MISSING_REQUIRED_COLUMN, MISSING_VALUE, INVALID_TIMESTAMP, INVALID_DATE, INVALID_NUMBER,
    OUT_OF_RANGE, INVALID_CATEGORY, INVALID_KATO, UNKNOWN_REGION, UNKNOWN_FACILITY,
    WRONG_FACILITY_TYPE, INCONSISTENT_VALUES, OUTSIDE_NIGHT_WINDOW, DUPLICATE_ROW, DUPLICATE_ID,
)

LINE_COLUMN = "_line"
STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas 3 "str"
DATETIME = "datetime64[us]"

# Clean output: exact column names and dtypes per table (``_line`` is appended).
OUTPUT_SCHEMAS: dict[str, dict[str, object]] = {
    "front_office_visits": {
        "visit_id": STR, "at": DATETIME, "date": DATETIME, "office_id": STR, "region": STR,
        "district_kato": STR, "channel": STR, "topic": STR, "outcome": STR,
        "wait_minutes": "Int64", "satisfaction": "Int64",
    },
    "sos_activations": {
        "event_id": STR, "at": DATETIME, "date": DATETIME, "button_id": STR, "region": STR,
        "district_kato": STR, "category": STR, "answered_after_s": "Int64",
        "patrol_arrival_min": "Float64", "outcome": STR,
    },
    "camera_offenses": {
        "record_id": STR, "at": DATETIME, "date": DATETIME, "camera_id": STR,
        "district_kato": STR, "region": STR, "kind": STR, "category": STR, "status": STR,
    },
    "facilities": {
        "facility_id": STR, "type": STR, "kato": STR, "region": STR, "name_kk": STR,
        "name_ru": STR, "name_en": STR, "address_kk": STR, "address_ru": STR,
        "lat": "Float64", "lon": "Float64", "status": STR, "opened_on": DATETIME,
        "hours": STR, "phone": STR,
    },
    "targets": {
        "region": STR, "indicator": STR, "period_end": DATETIME, "target_value": "Float64",
        "source": STR,
    },
}

# --------------------------------------------------------------- value formats

_ISO_BASE = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?"
_ISO_OFFSET = r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)"
_ISO_TIMESTAMP = _ISO_BASE + _ISO_OFFSET + "?"
_MIDNIGHT_SUFFIX = r"[T ]0?0:00(?::00(?:\.0+)?)?$"  # Excel date cells arrive as "2024-03-05 00:00:00"
_INT = r"[+-]?\d{1,15}(?:\.0*)?"  # "12.0" is an integer written by a spreadsheet
_NUMBER = r"[+-]?(?:\d{1,15}(?:\.\d*)?|\.\d+)"
_KATO = r"\d{9}"
_ISO_REGION = r"KZ-\d{2}"


@dataclass
class Validated:
    """Result of validating one file."""

    clean: pd.DataFrame  # typed rows that passed, OUTPUT_SCHEMAS[table] columns plus _line
    rejected: pd.DataFrame  # _line (int64), reason (str), field (str or NA): one row per rejected row
    file_error: str | None  # set when the whole file is rejected, e.g. "missing_required_column:visited_at"


class _Verdicts:
    """First-failure bookkeeping: a row keeps the first reason it is flagged with."""

    def __init__(self, n: int) -> None:
        self.bad = np.zeros(n, dtype=bool)
        self.reason = np.full(n, None, dtype=object)
        self.field = np.full(n, None, dtype=object)

    def flag(self, mask: pd.Series | np.ndarray, reason: str, field: str | None) -> None:
        m = _to_bool(mask) & ~self.bad
        if m.any():
            self.reason[m] = reason
            self.field[m] = field
            self.bad |= m


def _to_bool(mask: pd.Series | np.ndarray) -> np.ndarray:
    if isinstance(mask, pd.Series):
        if mask.dtype != bool:
            mask = mask.astype("boolean").fillna(False)
        return mask.to_numpy(dtype=bool)
    return np.asarray(mask, dtype=bool)


# ---------------------------------------------------------------------- entry


def validate(
    table: str,
    df: pd.DataFrame,
    *,
    night: date,
    facilities: pd.DataFrame,
    regions: pd.DataFrame,
) -> Validated:
    """Validate one anonymised raw file of ``table`` delivered for ``night``.

    ``facilities`` is the index of known facilities (indexed by facility_id, with
    columns ``type`` and ``kato``); ``regions`` has ``iso_code`` and
    ``kato_prefix``. Columns the contract does not know or marks personal are
    ignored (anonymise should already have dropped them).
    """
    contract = TABLES[table]
    n = len(df)
    lines = (
        df[LINE_COLUMN].to_numpy(dtype=np.int64)
        if LINE_COLUMN in df.columns
        else np.arange(1, n + 1, dtype=np.int64)
    )
    missing = [c for c in contract.required_names if c not in df.columns]
    if missing:
        reason = f"{MISSING_REQUIRED_COLUMN}:{missing[0]}"
        rejected = _rejected_frame(lines, np.full(n, MISSING_REQUIRED_COLUMN, dtype=object),
                                   np.full(n, missing[0], dtype=object))
        return _checked(Validated(_empty_clean(table), rejected, reason), n)

    index = pd.RangeIndex(n)
    raw = {
        c.name: _prepare(df[c.name], index) if c.name in df.columns else pd.Series(np.nan, index=index, dtype=STR)
        for c in contract.public_columns
    }
    prefix_to_iso = _prefix_map(regions)
    verdicts = _Verdicts(n)
    typed: dict[str, pd.Series] = {}
    for col in contract.public_columns:
        typed[col.name] = _check_column(col, raw[col.name], verdicts, prefix_to_iso)

    with_offset = None
    if contract.time_column is not None:
        with_offset = _to_bool(_fullmatch(raw[contract.time_column], _ISO_BASE + _ISO_OFFSET))
    out = _build_output(contract, typed, verdicts, facilities, prefix_to_iso, night,
                        with_offset)

    # Duplicates among the rows that are otherwise fine; keep the first occurrence.
    ok = ~verdicts.bad
    present = [c.name for c in contract.public_columns if c.name in df.columns]
    if ok.any() and present:
        raw_frame = pd.DataFrame({c: raw[c] for c in present})
        dup_row = np.zeros(n, dtype=bool)
        dup_row[ok] = raw_frame[ok].duplicated(keep="first").to_numpy()
        verdicts.flag(dup_row, DUPLICATE_ROW, None)
    ok = ~verdicts.bad
    if ok.any() and contract.key:
        key_frame = pd.DataFrame({k: out[k] for k in contract.key})
        dup_id = np.zeros(n, dtype=bool)
        dup_id[ok] = key_frame[ok].duplicated(keep="first").to_numpy()
        verdicts.flag(dup_id, DUPLICATE_ID, ",".join(contract.key))

    good = ~verdicts.bad
    clean = pd.DataFrame({c: s[good] for c, s in out.items()}).reset_index(drop=True)
    clean = clean.astype(OUTPUT_SCHEMAS[table])
    clean[LINE_COLUMN] = lines[good]
    rejected = _rejected_frame(lines[verdicts.bad], verdicts.reason[verdicts.bad], verdicts.field[verdicts.bad])
    return _checked(Validated(clean, rejected, None), n)


def _checked(result: Validated, n: int) -> Validated:
    """The accounting invariant, enforced even under ``python -O``."""
    if len(result.clean) + len(result.rejected) != n:
        raise AssertionError("validate lost or duplicated rows: clean + rejected != input")
    return result


# -------------------------------------------------------------- column checks


def _prepare(s: pd.Series, index: pd.RangeIndex) -> pd.Series:
    """Trimmed str values, "" as NA: tolerate frames not produced by read_raw."""
    s = s.reset_index(drop=True)
    if s.dtype != STR:
        s = s.astype(STR)
    s = s.str.strip()
    s = s.mask(s == "")
    s.index = index
    return s


def _prefix_map(regions: pd.DataFrame) -> pd.Series:
    """kato_prefix (2-digit str) -> ISO code."""
    prefixes = regions["kato_prefix"].astype(str).str.strip().str.zfill(2)
    return pd.Series(regions["iso_code"].astype(str).str.strip().str.upper().to_numpy(),
                     index=prefixes.to_numpy(), dtype=STR)


def _check_column(col: Column, s: pd.Series, v: _Verdicts, prefix_to_iso: pd.Series) -> pd.Series:
    """Flag this column's failures; return its typed values (meaningful only on rows that pass)."""
    present = s.notna()
    if col.required:
        v.flag(~present, MISSING_VALUE, col.name)
    kind = col.kind
    if kind in ("id", "text"):
        return s
    if kind == "enum":
        norm = s.str.lower()
        v.flag(present & ~norm.isin(col.allowed or frozenset()), INVALID_CATEGORY, col.name)
        return norm
    if kind in ("int", "number"):
        text = s.str.replace(",", ".", regex=False)
        well_formed = _fullmatch(text, _INT if kind == "int" else _NUMBER)
        v.flag(present & ~well_formed, INVALID_NUMBER, col.name)
        values = text.where(well_formed).astype("Float64")  # Arrow cast: only well-formed text reaches it
        too_low = values < col.min if col.min is not None else pd.Series(False, index=s.index)
        too_high = values > col.max if col.max is not None else pd.Series(False, index=s.index)
        v.flag(too_low | too_high, OUT_OF_RANGE, col.name)
        return values.round().astype("Int64") if kind == "int" else values
    if kind == "timestamp":
        values = parse_timestamps(s)
        v.flag(present & values.isna(), INVALID_TIMESTAMP, col.name)
        return values
    if kind == "date":
        values = parse_dates(s)
        v.flag(present & values.isna(), INVALID_DATE, col.name)
        return values
    if kind == "kato":
        is_kato = _fullmatch(s, _KATO)
        v.flag(present & ~is_kato, INVALID_KATO, col.name)
        v.flag(present & _kato_region(s, prefix_to_iso).isna(), UNKNOWN_REGION, col.name)
        return s
    if kind == "region":
        return _check_region(col.name, s, v, prefix_to_iso)
    raise ValueError(f"unknown column kind {kind!r}")  # a contract bug, not a data problem


def _kato_region(kato: pd.Series, prefix_to_iso: pd.Series) -> pd.Series:
    """ISO code of a 9-digit KATO's region (NA when not 9 digits or prefix unknown)."""
    is_kato = _fullmatch(kato, _KATO)
    return _lookup(kato.where(is_kato).str.slice(0, 2), prefix_to_iso.index.to_numpy(),
                   prefix_to_iso.to_numpy())


def _arrow_strings(s: pd.Series) -> pa.ChunkedArray:
    """The Arrow data behind a str Series (zero-copy when it is Arrow-backed)."""
    if s.dtype != STR:
        s = s.astype(STR)
    arr = s.array.__arrow_array__()
    if not isinstance(arr, pa.ChunkedArray):
        arr = pa.chunked_array([arr])
    return arr.cast(pa.large_string()) if arr.type != pa.large_string() else arr


def _fullmatch(s: pd.Series, pattern: str) -> pd.Series:
    """``s.str.fullmatch(pattern)`` (False where missing), in Arrow for ASCII values.

    pandas runs a pattern with ``\\d`` through Python's ``re`` for the WHOLE column as soon
    as one value is not ASCII (RE2's ``\\d`` is ASCII-only, Python's is Unicode), and one
    dirty Cyrillic value is enough. Here only the non-ASCII values go through ``re``, so
    the result is the same, value for value, at Arrow speed.
    """
    arr = _arrow_strings(s)
    matched = pc.fill_null(pc.match_substring_regex(arr, f"^(?:{pattern})$"), False)
    out = matched.to_numpy(zero_copy_only=False).astype(bool, copy=True)
    unicode = np.flatnonzero(~pc.fill_null(pc.string_is_ascii(arr), True)
                             .to_numpy(zero_copy_only=False))
    if len(unicode):
        regex = re.compile(pattern)
        values = arr.take(pa.array(unicode)).to_pylist()
        out[unicode] = [regex.fullmatch(v) is not None for v in values]
    return pd.Series(out, index=s.index)


def _lookup(s: pd.Series, keys: np.ndarray, values: np.ndarray) -> pd.Series:
    """Vectorised dictionary look-up in Arrow: values[keys == s], NA when absent.

    ``Series.map`` hashes every row in Python-object land; Arrow's ``index_in``
    plus ``take`` is several times faster on 100k+ rows. ``keys`` must be unique.
    """
    arr = _arrow_strings(s)
    key_arr = pa.array(keys.astype(object), type=pa.large_string())
    val_arr = pa.array(values.astype(object), type=pa.large_string(), from_pandas=True)
    positions = pc.index_in(arr, value_set=key_arr)
    return pd.Series(pd.array(pc.take(val_arr, positions), dtype=STR), index=s.index)


def _check_region(name: str, s: pd.Series, v: _Verdicts, prefix_to_iso: pd.Series) -> pd.Series:
    """A region given as ISO 3166-2 (KZ-59) or as any 9-digit KATO of that region."""
    upper = s.str.upper()
    iso = upper.where(upper.isin(set(prefix_to_iso.to_numpy())))
    region = iso.fillna(_kato_region(s, prefix_to_iso))
    looks_numeric = _fullmatch(s, r"\d+")
    v.flag(looks_numeric & ~_fullmatch(s, _KATO), INVALID_KATO, name)
    v.flag(s.notna() & region.isna(), UNKNOWN_REGION, name)
    return region


def parse_timestamps(s: pd.Series) -> pd.Series:
    """Parse contract timestamps to naive Kazakhstan local time (NaT when invalid).

    Accepted: ISO 8601 with a time, with or without an offset (``Z``, ``+05``,
    ``+0500``, ``+05:00``), and ``dd.mm.yyyy HH:MM[:SS]``. A value with an
    offset is converted to UTC+5 and the offset dropped; a value without one is
    already local. A date without a time is not a timestamp.
    """
    out = np.full(len(s), np.datetime64("NaT"), dtype=DATETIME)
    iso = _to_bool(_fullmatch(s, _ISO_TIMESTAMP))
    if iso.any():
        out[iso] = _iso_to_local(s[iso])
    dotted = _to_bool(s.notna()) & ~iso
    if dotted.any():
        out[dotted] = _parse_formats(s[dotted], ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S"))
    return pd.Series(out, index=s.index)


def _iso_to_local(s: pd.Series) -> np.ndarray:
    """ISO 8601 strings (already shape-checked) -> naive UTC+5 datetimes."""
    base = s.str.replace(_ISO_OFFSET + "$", "", regex=True)
    parsed = pd.Series(_parse_unique(base, "ISO8601"), index=s.index)
    offset = s.str.replace("^" + _ISO_BASE, "", regex=True).str.replace(":", "", regex=False)
    has_offset = _to_bool(offset != "")
    if not has_offset.any():
        return parsed.to_numpy()
    zulu = _to_bool(offset.str.upper() == "Z")
    numeric = has_offset & ~zulu
    sign = np.where(_to_bool(offset.str.slice(0, 1) == "-"), -1.0, 1.0)
    hours = _digits(offset.str.slice(1, 3).where(numeric)).to_numpy(dtype=np.float64, na_value=0.0)
    minutes = _digits(offset.str.slice(3, 5).where(numeric)).to_numpy(dtype=np.float64, na_value=0.0)
    offset_min = np.where(numeric, sign * (hours * 60 + minutes), 0.0)
    shift = np.where(has_offset, LOCAL_UTC_OFFSET_HOURS * 60 - offset_min, 0.0)
    local = parsed.to_numpy() + (shift * 60_000_000).astype("timedelta64[us]")
    local[numeric & ((hours > 14) | (minutes >= 60))] = np.datetime64("NaT")
    return local


def regional_time(folded: pd.Series, region: pd.Series, with_offset: np.ndarray) -> pd.Series:
    """Move timestamps that carried an offset from UTC+5 to their region's local time.

    `folded` holds every offset value at UTC+5 (parse_timestamps); a value without an offset
    is already local time where it happened and is left alone. Vectorised per zone: a night
    has at most a handful of zones.
    """
    out = folded.copy()
    zones = region.map(region_zone, na_action="ignore")
    todo = pd.Series(with_offset, index=folded.index) & folded.notna() & zones.notna()
    utc = folded - pd.Timedelta(hours=LOCAL_UTC_OFFSET_HOURS)
    for zone in zones[todo].unique():
        rows = todo & (zones == zone)
        local = utc[rows].dt.tz_localize("UTC").dt.tz_convert(zone).dt.tz_localize(None)
        out[rows] = local.astype(DATETIME)
    return out


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
    parsed = pd.to_datetime(pd.Series(uniques, dtype=STR), format=fmt, errors="coerce")
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
    present = _to_bool(s.notna())
    if present.any():
        day = s[present].str.replace(_MIDNIGHT_SUFFIX, "", regex=True)
        out[present] = _parse_formats(day, ("%Y-%m-%d", "%d.%m.%Y"))
    return pd.Series(out, index=s.index)


# -------------------------------------------------------------- table shaping


def _build_output(
    contract: TableContract,
    typed: dict[str, pd.Series],
    v: _Verdicts,
    facilities: pd.DataFrame,
    prefix_to_iso: pd.Series,
    night: date,
    with_offset: np.ndarray | None = None,
) -> dict[str, pd.Series]:
    """Cross-field rules and the table's clean column layout."""
    name = contract.name
    if name == "facilities":
        out = dict(typed)
        out["region"] = _kato_region(typed["kato"], prefix_to_iso)
        # A facility that is open (or was) cannot have opened after the snapshot night.
        future = typed["opened_on"] > pd.Timestamp(night)
        v.flag(typed["status"].isin({"operating", "closed"}) & future, INCONSISTENT_VALUES, "opened_on")
        return {c: out[c] for c in OUTPUT_SCHEMAS[name]}
    if name == "targets":
        return {c: typed[c] for c in OUTPUT_SCHEMAS[name]}

    # Event tables.
    fac_col = contract.facility_column
    time_col = contract.time_column
    if fac_col is None or time_col is None:
        raise ValueError(f"event table {name} needs a facility and a time column")  # contract bug
    fac_ids = typed[fac_col]
    fac_type, fac_kato = _facility_lookup(facilities, fac_ids)
    v.flag(fac_ids.notna() & fac_type.isna(), UNKNOWN_FACILITY, fac_col)
    v.flag(fac_type.notna() & (fac_type != contract.facility_type), WRONG_FACILITY_TYPE, fac_col)

    out = dict(typed)
    if name == "camera_offenses":
        out["region"] = _kato_region(typed["district_kato"], prefix_to_iso)
        kind, status = typed["kind"], typed["status"]
        v.flag(((status == "solved") & (kind == "administrative"))
               | ((status == "detected") & (kind == "criminal")), INCONSISTENT_VALUES, "status")
    else:
        out["district_kato"] = fac_kato
        out["region"] = _kato_region(fac_kato, prefix_to_iso)
        v.flag(fac_type.notna() & out["region"].isna(), UNKNOWN_REGION, fac_col)
    at = typed[time_col]
    if with_offset is not None and with_offset.any():
        at = regional_time(at, out["region"], with_offset)
    out["at"] = at
    out["date"] = at.dt.normalize()

    last = pd.Timestamp(night)
    first = last - pd.Timedelta(days=1)
    v.flag(at.notna() & ((out["date"] < first) | (out["date"] > last)), OUTSIDE_NIGHT_WINDOW, time_col)
    return {c: out[c] for c in OUTPUT_SCHEMAS[name]}


def _facility_lookup(facilities: pd.DataFrame, ids: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Type (lower-case) and KATO of each referenced facility; NA when unknown.

    One Arrow hash look-up for both attributes; the registry (tens of thousands of ids) is
    never turned into Python objects, which used to cost more than validating the file.
    """
    if "facility_id" in facilities.columns:  # tolerate a registry frame that is not indexed yet
        facilities = facilities.set_index("facility_id")
    keys = pc.utf8_trim_whitespace(_arrow_strings(pd.Series(facilities.index)))
    types = pc.utf8_lower(pc.utf8_trim_whitespace(_arrow_strings(facilities["type"])))
    katos = pc.utf8_trim_whitespace(_arrow_strings(facilities["kato"]))
    # A repeated id: the later registry row wins. index_in finds the first occurrence in the
    # value set, so look up in the reversed registry.
    backwards = pa.array(np.arange(len(facilities) - 1, -1, -1, dtype=np.int64))
    keys, types, katos = (pc.take(a, backwards) for a in (keys, types, katos))
    known = pc.is_valid(keys)
    keys, types, katos = (pc.filter(a, known) for a in (keys, types, katos))
    positions = pc.index_in(_arrow_strings(ids), value_set=keys.combine_chunks())
    return (pd.Series(pd.array(pc.take(types, positions), dtype=STR), index=ids.index),
            pd.Series(pd.array(pc.take(katos, positions), dtype=STR), index=ids.index))


def _empty_clean(table: str) -> pd.DataFrame:
    clean = pd.DataFrame({c: pd.Series(dtype=d) for c, d in OUTPUT_SCHEMAS[table].items()})
    clean[LINE_COLUMN] = pd.Series(dtype=np.int64)
    return clean


def _rejected_frame(lines: np.ndarray, reasons: np.ndarray, fields: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        LINE_COLUMN: np.asarray(lines, dtype=np.int64),
        "reason": pd.array(reasons, dtype=STR),
        "field": pd.array(fields, dtype=STR),
    })
