"""The rules of one column: its format, its range, its categories (etl.validate applies
them, then the rules between fields and rows).

Each check flags its failures on a Verdicts and returns the column's typed values
(meaningful only on the rows that pass). Checks use Arrow's kernels where pandas' str
methods would call them anyway: a Series per step was most of the cost of a small file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.arrowtext import STR, arrow_strings, fullmatch, lookup, matches, to_bool
from etl.contract import Column
from etl.frame_cache import per_frame
from etl.reasons import (
    INVALID_CATEGORY,
    INVALID_DATE,
    INVALID_KATO,
    INVALID_NUMBER,
    INVALID_TIMESTAMP,
    MISSING_VALUE,
    OUT_OF_RANGE,
    UNKNOWN_REGION,
    Verdicts,
)
from etl.timestamps import parse_dates, parse_timestamps

# --------------------------------------------------------------- value formats

# ASCII digits only: Python's \d (used for non-ASCII values, etl.arrowtext.fullmatch) also
# takes "٣" or "３", which no number cast reads; one such cell made the whole file unreadable.
_INT = r"[+-]?[0-9]{1,15}(?:\.0*)?"  # "12.0" is an integer written by a spreadsheet
_NUMBER = r"[+-]?(?:[0-9]{1,15}(?:\.[0-9]*)?|\.[0-9]+)"
_KATO = r"\d{9}"


# Column kinds whose values repeat (small numbers, places, days): checked once per distinct
# value (etl.distinct_values). Ids, free text and timestamps rarely repeat; categories are
# cheaper to check in Arrow on every row (check_column).
CHECKED_PER_DISTINCT_VALUE = frozenset({"int", "number", "kato", "region", "date"})


@per_frame
def prefix_map(regions: pd.DataFrame) -> pd.Series:
    """kato_prefix (2-digit str) -> ISO code. Made once per regions frame (a run hands
    the same one to every file): ~0.4 ms, 5 % of checking an SOS file of 100 rows."""
    prefixes = regions["kato_prefix"].astype(str).str.strip().str.zfill(2)
    return pd.Series(
        regions["iso_code"].astype(str).str.strip().str.upper().to_numpy(),
        index=prefixes.to_numpy(),
        dtype=STR,
    )


def check_column(col: Column, s: pd.Series, v: Verdicts, prefix_to_iso: pd.Series) -> pd.Series:
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
        v.flag(present & kato_region(s, prefix_to_iso).isna(), UNKNOWN_REGION, col.name)
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


def kato_region(kato: pd.Series, prefix_to_iso: pd.Series) -> pd.Series:
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
    region = iso.fillna(kato_region(s, prefix_to_iso))
    looks_numeric = fullmatch(s, r"\d+")
    v.flag(looks_numeric & ~fullmatch(s, _KATO), INVALID_KATO, name)
    v.flag(s.notna() & region.isna(), UNKNOWN_REGION, name)
    return region
