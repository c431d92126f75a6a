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

Everything is vectorised (regex masks and look-ups in Arrow, ``etl.arrowtext``; timestamps
and dates parsed with explicit formats, ``etl.timestamps``); there is no per-row Python.
The reasons' vocabulary lives in ``etl.reasons``, the clean columns in ``etl.clean_schema``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.arrowtext import STR, arrow_strings, fullmatch, lookup, matches, to_bool
from etl.clean_schema import OUTPUT_SCHEMAS
from etl.contract import LINE_COLUMN, TABLES, Column, TableContract
from etl.distinct_values import check_distinct, map_distinct
from etl.facility_lookup import facility_lookup
from etl.frame_cache import per_frame
from etl.reasons import (
    DUPLICATE_ID,
    DUPLICATE_ROW,
    INCONSISTENT_VALUES,
    INVALID_CATEGORY,
    INVALID_DATE,
    INVALID_KATO,
    INVALID_NUMBER,
    INVALID_TIMESTAMP,
    MISSING_REQUIRED_COLUMN,
    MISSING_VALUE,
    OUT_OF_RANGE,
    OUTSIDE_NIGHT_WINDOW,
    UNKNOWN_FACILITY,
    UNKNOWN_REGION,
    WRONG_FACILITY_TYPE,
    Verdicts,
)
from etl.timestamps import has_offset, parse_dates, parse_timestamps, regional_time
from etl.trim import trim_to_null

# --------------------------------------------------------------- value formats

# ASCII digits only: Python's \d (used for non-ASCII values, etl.arrowtext.fullmatch) also
# takes "٣" or "３", which no number cast reads; one such cell made the whole file unreadable.
_INT = r"[+-]?[0-9]{1,15}(?:\.0*)?"  # "12.0" is an integer written by a spreadsheet
_NUMBER = r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]*)?|\.[0-9]+)"
_KATO = r"\d{9}"


# Column kinds whose values repeat (small numbers, places, days): checked once per distinct
# value (etl.distinct_values). Ids, free text and timestamps rarely repeat; categories are
# cheaper to check in Arrow on every row (_check_column).
_CHECKED_PER_DISTINCT_VALUE = frozenset({"int", "number", "kato", "region", "date"})


@dataclass
class Validated:
    """Result of validating one file."""

    # typed rows that passed, OUTPUT_SCHEMAS[table] columns plus _line
    clean: pd.DataFrame
    # _line (int64), reason (str), field (str or NA): one row per rejected row
    rejected: pd.DataFrame
    # set when the whole file is rejected, e.g. "missing_required_column:visited_at"
    file_error: str | None


# ---------------------------------------------------------------------- entry


def validate(
    table: str,
    df: pd.DataFrame,
    *,
    night: date,
    facilities: pd.DataFrame,
    regions: pd.DataFrame,
    trimmed: bool = False,
) -> Validated:
    """Validate one anonymised raw file of ``table`` delivered for ``night``.

    ``facilities`` is the index of known facilities (indexed by facility_id, with
    columns ``type`` and ``kato``); ``regions`` has ``iso_code`` and
    ``kato_prefix``. Columns the contract does not know or marks personal are
    ignored (anonymise should already have dropped them). ``trimmed``: ``df`` has a
    RangeIndex and its values are str already trimmed in Arrow, "" made missing
    (``extract.Extracted.trimmed``).
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
        rejected = _rejected_frame(
            lines,
            np.full(n, MISSING_REQUIRED_COLUMN, dtype=object),
            np.full(n, missing[0], dtype=object),
        )
        return _checked(Validated(_empty_clean(table), rejected, reason), n)

    index = pd.RangeIndex(n)
    raw = {
        c.name: (df[c.name].rename(None) if trimmed else _prepare(df[c.name], index))
        if c.name in df.columns
        else pd.Series(np.nan, index=index, dtype=STR)
        for c in contract.public_columns
    }
    prefix_to_iso = _prefix_map(regions)
    verdicts = Verdicts(n)
    typed: dict[str, pd.Series] = {}
    for col in contract.public_columns:
        if col.kind in _CHECKED_PER_DISTINCT_VALUE:
            check = functools.partial(_check_column, col, prefix_to_iso=prefix_to_iso)
            typed[col.name] = check_distinct(raw[col.name], verdicts, check)
        else:
            typed[col.name] = _check_column(col, raw[col.name], verdicts, prefix_to_iso)

    with_offset = None
    if contract.time_column is not None:
        with_offset = has_offset(raw[contract.time_column])
    out = _build_output(contract, typed, verdicts, facilities, prefix_to_iso, night, with_offset)

    # Duplicates among the rows that are otherwise fine; keep the first occurrence.
    ok = ~verdicts.bad
    present = [c.name for c in contract.public_columns if c.name in df.columns]
    narrow_codes = None
    if ok.any() and present:
        narrow = next((k for k in contract.key if k in present), present[0])
        narrow_codes = _value_codes(raw[narrow])
        dup_row = np.zeros(n, dtype=bool)
        dup_row[ok] = _repeated_rows({c: raw[c] for c in present}, ok, narrow_codes)
        verdicts.flag(dup_row, DUPLICATE_ROW, None)
    ok = ~verdicts.bad
    if ok.any() and contract.key:
        dup_id = np.zeros(n, dtype=bool)
        if narrow_codes is not None and contract.key == (narrow,) and out[narrow] is raw[narrow]:
            # an id column passed through unchanged: its codes above serve again
            dup_id[ok] = pd.Series(narrow_codes[ok]).duplicated(keep="first").to_numpy()
        else:
            key_frame = pd.DataFrame({k: out[k] for k in contract.key})
            dup_id[ok] = key_frame[ok].duplicated(keep="first").to_numpy()
        verdicts.flag(dup_id, DUPLICATE_ID, ",".join(contract.key))

    good = ~verdicts.bad
    # One take of the kept positions per column's array: a boolean mask on each Series
    # went through pandas' indexing and index building, twice the time (~2 ms a visits file).
    kept = np.flatnonzero(good)
    clean = pd.DataFrame({c: s.array.take(kept) for c, s in out.items()}, copy=False)
    # Only the columns not yet of their clean dtype (a few at most): astype of the whole
    # frame went through every column of every file (~0.7 ms a file).
    changed = {c: d for c, d in OUTPUT_SCHEMAS[table].items() if clean[c].dtype != d}
    if changed:
        clean = clean.astype(changed)
    clean[LINE_COLUMN] = lines[good]
    rejected = _rejected_frame(
        lines[verdicts.bad], verdicts.reason[verdicts.bad], verdicts.field[verdicts.bad]
    )
    return _checked(Validated(clean, rejected, None), n)


def _value_codes(s: pd.Series) -> np.ndarray:
    """One int per distinct value (missing being one value too, as duplicated() counts it):
    a column's strings are hashed once, then compared as ints (etl.validate's two
    duplicate checks both read the id column)."""
    codes, _ = pd.factorize(s, use_na_sentinel=False)
    return codes


def _repeated_rows(
    columns: dict[str, pd.Series], rows: np.ndarray, narrow_codes: np.ndarray
) -> np.ndarray:
    """`DataFrame(columns)[rows].duplicated(keep="first")`, compared only among rows whose
    value in one narrow column (given by its codes) repeats: rows alike in every column are
    alike in that one, and in an id column few values repeat. Why: hashing every column of
    every row was half of validating a national facility snapshot (47,000 rows, 14
    columns; profile)."""
    maybe = pd.Series(narrow_codes[rows]).duplicated(keep=False).to_numpy()
    repeated = np.zeros(len(maybe), dtype=bool)
    if maybe.any():
        at = np.flatnonzero(rows)[maybe]
        candidates = pd.DataFrame(
            {c: s.take(at).reset_index(drop=True) for c, s in columns.items()}
        )
        repeated[maybe] = candidates.duplicated(keep="first").to_numpy()
    return repeated


def _checked(result: Validated, n: int) -> Validated:
    """The accounting invariant, enforced even under ``python -O``."""
    if len(result.clean) + len(result.rejected) != n:
        raise AssertionError("validate lost or duplicated rows: clean + rejected != input")
    return result


# -------------------------------------------------------------- column checks


def _prepare(s: pd.Series, index: pd.RangeIndex) -> pd.Series:
    """Trimmed str values, "" as NA: tolerate frames not produced by read_raw.

    In Arrow (etl.trim): what pandas' str.strip and mask give, without a Series for each
    step (4x faster; a facility snapshot has 14 columns and a night ~35 event columns)."""
    return pd.Series(pd.array(trim_to_null(arrow_strings(s)), dtype=STR), index=index)


@per_frame
def _prefix_map(regions: pd.DataFrame) -> pd.Series:
    """kato_prefix (2-digit str) -> ISO code. Made once per regions frame (a run hands
    the same one to every file): ~0.4 ms, 5 % of checking an SOS file of 100 rows."""
    prefixes = regions["kato_prefix"].astype(str).str.strip().str.zfill(2)
    return pd.Series(
        regions["iso_code"].astype(str).str.strip().str.upper().to_numpy(),
        index=prefixes.to_numpy(),
        dtype=STR,
    )


def _check_column(col: Column, s: pd.Series, v: Verdicts, prefix_to_iso: pd.Series) -> pd.Series:
    """Flag this column's failures; return its typed values (meaningful only on rows that pass)."""
    present = s.notna()
    if col.required:
        v.flag(~present, MISSING_VALUE, col.name)
    kind = col.kind
    if kind in ("id", "text"):
        return s
    if kind == "enum":
        # Arrow's kernels, which Series.str.lower and isin call, without a Series per step
        # (fewer than 20 categories: cheaper on every row than on the distinct values).
        norm = pc.utf8_lower(arrow_strings(s))
        allowed = pa.array(sorted(col.allowed or ()), type=norm.type)
        known = pc.is_in(norm, value_set=allowed).to_numpy(zero_copy_only=False)
        v.flag(to_bool(present) & ~known, INVALID_CATEGORY, col.name)
        return pd.Series(pd.array(norm, dtype=STR), index=s.index)
    if kind in ("int", "number"):
        return _check_number(col, s, to_bool(present), v)
    if kind == "timestamp":
        values = parse_timestamps(s)
        v.flag(present & values.isna(), INVALID_TIMESTAMP, col.name)
        return values
    if kind == "date":
        values = parse_dates(s)
        v.flag(present & values.isna(), INVALID_DATE, col.name)
        return values
    if kind == "kato":
        is_kato = fullmatch(s, _KATO)
        v.flag(present & ~is_kato, INVALID_KATO, col.name)
        v.flag(present & _kato_region(s, prefix_to_iso).isna(), UNKNOWN_REGION, col.name)
        return s
    if kind == "region":
        return _check_region(col.name, s, v, prefix_to_iso)
    raise ValueError(f"unknown column kind {kind!r}")  # a contract bug, not a data problem


def _check_number(col: Column, s: pd.Series, present: np.ndarray, v: Verdicts) -> pd.Series:
    """An int or number column: decimal comma allowed, then the range.

    In Arrow and numpy: the kernels Series.str.replace and astype("Float64") call (so the
    same values pass), without a Series per step; on a file's few distinct values the
    Series' overhead was most of the cost."""
    text = pc.replace_substring(arrow_strings(s), ",", ".").combine_chunks()
    well_formed = matches(text, _INT if col.kind == "int" else _NUMBER)
    v.flag(present & ~well_formed, INVALID_NUMBER, col.name)
    # only well-formed text reaches the cast; the others become missing (NaN here)
    floats = pc.cast(pc.if_else(pa.array(well_formed), text, None), pa.float64())
    values = floats.to_numpy(zero_copy_only=False)
    with np.errstate(invalid="ignore"):  # NaN compares False: missing is never out of range
        too_low = values < col.min if col.min is not None else False
        too_high = values > col.max if col.max is not None else False
    v.flag(np.asarray(too_low | too_high, dtype=bool), OUT_OF_RANGE, col.name)
    if col.kind == "int":
        return pd.Series(pd.array(np.round(values), dtype="Int64"), index=s.index)
    return pd.Series(pd.array(values, dtype="Float64"), index=s.index)


def _kato_region(kato: pd.Series, prefix_to_iso: pd.Series) -> pd.Series:
    """ISO code of a 9-digit KATO's region (NA when not 9 digits or prefix unknown)."""
    is_kato = fullmatch(kato, _KATO)
    return lookup(
        kato.where(is_kato).str.slice(0, 2),
        prefix_to_iso.index.to_numpy(),
        prefix_to_iso.to_numpy(),
    )


def _check_region(name: str, s: pd.Series, v: Verdicts, prefix_to_iso: pd.Series) -> pd.Series:
    """A region given as ISO 3166-2 (KZ-59) or as any 9-digit KATO of that region."""
    upper = s.str.upper()
    iso = upper.where(upper.isin(set(prefix_to_iso.to_numpy())))
    region = iso.fillna(_kato_region(s, prefix_to_iso))
    looks_numeric = fullmatch(s, r"\d+")
    v.flag(looks_numeric & ~fullmatch(s, _KATO), INVALID_KATO, name)
    v.flag(s.notna() & region.isna(), UNKNOWN_REGION, name)
    return region


# -------------------------------------------------------------- table shaping


def _build_output(
    contract: TableContract,
    typed: dict[str, pd.Series],
    v: Verdicts,
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
        v.flag(
            typed["status"].isin({"operating", "closed"}) & future, INCONSISTENT_VALUES, "opened_on"
        )
        return {c: out[c] for c in OUTPUT_SCHEMAS[name]}
    if name == "targets":
        return {c: typed[c] for c in OUTPUT_SCHEMAS[name]}

    # Event tables.
    fac_col = contract.facility_column
    time_col = contract.time_column
    if fac_col is None or time_col is None:
        raise ValueError(f"event table {name} needs a facility and a time column")  # contract bug
    fac_ids = typed[fac_col]
    fac_type, fac_kato = facility_lookup(facilities, fac_ids)
    v.flag(fac_ids.notna() & fac_type.isna(), UNKNOWN_FACILITY, fac_col)
    v.flag(fac_type.notna() & (fac_type != contract.facility_type), WRONG_FACILITY_TYPE, fac_col)

    out = dict(typed)
    if name == "camera_offenses":
        out["region"] = map_distinct(
            typed["district_kato"], lambda kato: _kato_region(kato, prefix_to_iso)
        )
        kind, status = typed["kind"], typed["status"]
        v.flag(
            ((status == "solved") & (kind == "administrative"))
            | ((status == "detected") & (kind == "criminal")),
            INCONSISTENT_VALUES,
            "status",
        )
    else:
        out["district_kato"] = fac_kato
        out["region"] = map_distinct(fac_kato, lambda kato: _kato_region(kato, prefix_to_iso))
        v.flag(fac_type.notna() & out["region"].isna(), UNKNOWN_REGION, fac_col)
    at = typed[time_col]
    if with_offset is not None and with_offset.any():
        at = regional_time(at, out["region"], with_offset)
    out["at"] = at
    out["date"] = at.dt.normalize()

    last = pd.Timestamp(night)
    first = last - pd.Timedelta(days=1)
    v.flag(
        at.notna() & ((out["date"] < first) | (out["date"] > last)), OUTSIDE_NIGHT_WINDOW, time_col
    )
    return {c: out[c] for c in OUTPUT_SCHEMAS[name]}


def _empty_clean(table: str) -> pd.DataFrame:
    clean = pd.DataFrame({c: pd.Series(dtype=d) for c, d in OUTPUT_SCHEMAS[table].items()})
    clean[LINE_COLUMN] = pd.Series(dtype=np.int64)
    return clean


def _rejected_frame(lines: np.ndarray, reasons: np.ndarray, fields: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            LINE_COLUMN: np.asarray(lines, dtype=np.int64),
            "reason": pd.array(reasons, dtype=STR),
            "field": pd.array(fields, dtype=STR),
        }
    )
