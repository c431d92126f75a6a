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
   first occurrence in file order is kept;
6. ``outside_night_window`` again, field ``date``, for an event otherwise fine but of the
   day before (within the window of 4, yet another night's extract holds it).

Everything is vectorised (regex masks and look-ups in Arrow, ``etl.arrowtext``; timestamps
and dates parsed with explicit formats, ``etl.timestamps``); there is no per-row Python.
The rules of one column (1) live in ``etl.column_checks``, the reasons' vocabulary in
``etl.reasons``, the clean columns in ``etl.clean_schema``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from etl.arrowtext import STR, arrow_strings
from etl.clean_schema import OUTPUT_SCHEMAS
from etl.column_checks import (
    CHECKED_PER_DISTINCT_VALUE,
    check_column,
    kato_region,
    prefix_map,
)
from etl.contract import EVENT_TABLES, LINE_COLUMN, TABLES, TableContract
from etl.distinct_values import check_distinct, map_distinct
from etl.facility_lookup import facility_lookup
from etl.reasons import (
    DUPLICATE_ID,
    DUPLICATE_ROW,
    INCONSISTENT_VALUES,
    MISSING_REQUIRED_COLUMN,
    OUTSIDE_NIGHT_WINDOW,
    UNKNOWN_FACILITY,
    UNKNOWN_REGION,
    WRONG_FACILITY_TYPE,
    Verdicts,
)
from etl.timestamps import has_offset, regional_time
from etl.trim import trim_to_null


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
    clean_columns: Sequence[str] | None = None,
) -> Validated:
    """Validate one anonymised raw file of ``table`` delivered for ``night``.

    ``facilities`` is the index of known facilities (indexed by facility_id, with
    columns ``type`` and ``kato``); ``regions`` has ``iso_code`` and
    ``kato_prefix``. Columns the contract does not know or marks personal are
    ignored (anonymise should already have dropped them). ``trimmed``: ``df`` has a
    RangeIndex and its values are str already trimmed in Arrow, "" made missing
    (``extract.Extracted.trimmed``). ``clean_columns``: the clean frame holds only these
    columns; every column is checked all the same.
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
    prefix_to_iso = prefix_map(regions)
    verdicts = Verdicts(n)
    typed: dict[str, pd.Series] = {}
    for col in contract.public_columns:
        if col.kind in CHECKED_PER_DISTINCT_VALUE:
            check = functools.partial(check_column, col, prefix_to_iso=prefix_to_iso)
            typed[col.name] = check_distinct(raw[col.name], verdicts, check)
        else:
            typed[col.name] = check_column(col, raw[col.name], verdicts, prefix_to_iso)

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
    if table in EVENT_TABLES:
        # A night's folder holds that day's events: a row otherwise fine but dated another
        # day belongs to another night's extract, and would make month partitions overlap.
        # Flagged here, before the clean frame is taken: moving such rows out of it
        # afterwards took every column a second time (~3.5 ms a national visits file).
        days = out["date"].to_numpy(dtype="datetime64[D]")
        verdicts.flag(
            ~verdicts.bad & (days != np.datetime64(night, "D")), OUTSIDE_NIGHT_WINDOW, "date"
        )

    good = ~verdicts.bad
    # One take of the kept positions per column's array: a boolean mask on each Series
    # went through pandas' indexing and index building, twice the time (~2 ms a visits file).
    kept = np.flatnonzero(good)
    if clean_columns is not None:
        out = {c: s for c, s in out.items() if c in clean_columns}
    clean = pd.DataFrame({c: s.array.take(kept) for c, s in out.items()}, copy=False)
    # Only the columns not yet of their clean dtype (a few at most): astype of the whole
    # frame went through every column of every file (~0.7 ms a file).
    changed = {c: d for c, d in OUTPUT_SCHEMAS[table].items() if c in out and clean[c].dtype != d}
    if changed:
        clean = clean.astype(changed)
    if clean_columns is None or LINE_COLUMN in clean_columns:
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
    codes = narrow_codes[rows]
    maybe = np.bincount(codes)[codes] > 1  # codes count from 0, missing included
    repeated = np.zeros(len(maybe), dtype=bool)
    if maybe.any():
        # What DataFrame.duplicated does (each column factorised, missing equal to missing,
        # rows then compared as tuples of codes), without a frame of the candidates.
        at = np.flatnonzero(rows)[maybe]
        row_codes = np.stack(
            [pd.factorize(s.take(at), use_na_sentinel=False)[0] for s in columns.values()],
            axis=1,
        )
        # return_index: each distinct row's first occurrence (a stable sort)
        _, first, inverse = np.unique(row_codes, axis=0, return_index=True, return_inverse=True)
        repeated[maybe] = first[inverse.ravel()] != np.arange(len(at))
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
        out["region"] = kato_region(typed["kato"], prefix_to_iso)
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
            typed["district_kato"], lambda kato: kato_region(kato, prefix_to_iso)
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
        out["region"] = map_distinct(fac_kato, lambda kato: kato_region(kato, prefix_to_iso))
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
