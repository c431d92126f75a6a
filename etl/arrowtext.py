"""Vectorised checks on str columns, done in Arrow: validation and timestamp parsing share them.

Why Arrow and not ``Series.str``/``Series.map``: a night's event files hold 100k+ rows and
pandas falls back to per-value Python as soon as one value is not ASCII or a look-up hashes
objects; these helpers keep the common case in Arrow and give the same answers value for value.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas 3 "str"


def to_bool(mask: pd.Series | np.ndarray) -> np.ndarray:
    """A plain bool array of a mask (NA counts as False)."""
    if isinstance(mask, pd.Series):
        if mask.dtype != bool:
            mask = mask.astype("boolean").fillna(False)
        return mask.to_numpy(dtype=bool)
    return np.asarray(mask, dtype=bool)


def arrow_strings(s: pd.Series) -> pa.ChunkedArray:
    """The Arrow data behind a str Series (zero-copy when it is Arrow-backed)."""
    if s.dtype != STR:
        s = s.astype(STR)
    arr = s.array.__arrow_array__()
    if not isinstance(arr, pa.ChunkedArray):
        arr = pa.chunked_array([arr])
    return arr.cast(pa.large_string()) if arr.type != pa.large_string() else arr


def fullmatch(s: pd.Series, pattern: str) -> pd.Series:
    """``s.str.fullmatch(pattern)`` (False where missing), in Arrow for ASCII values.

    pandas runs a pattern with ``\\d`` through Python's ``re`` for the WHOLE column as soon
    as one value is not ASCII (RE2's ``\\d`` is ASCII-only, Python's is Unicode), and one
    dirty Cyrillic value is enough. Here only the non-ASCII values go through ``re``, so
    the result is the same, value for value, at Arrow speed.
    """
    return pd.Series(matches(arrow_strings(s), pattern), index=s.index)


def matches(arr: pa.ChunkedArray, pattern: str) -> np.ndarray:
    """fullmatch on Arrow strings, as a plain bool array."""
    matched = pc.fill_null(pc.match_substring_regex(arr, f"^(?:{pattern})$"), False)
    out = matched.to_numpy(zero_copy_only=False).astype(bool, copy=True)
    unicode = np.flatnonzero(
        ~pc.fill_null(pc.string_is_ascii(arr), True).to_numpy(zero_copy_only=False)
    )
    if len(unicode):
        regex = re.compile(pattern)
        values = arr.take(pa.array(unicode)).to_pylist()
        out[unicode] = [regex.fullmatch(v) is not None for v in values]
    return out


def string_bytes(text: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """The bytes behind Arrow strings, for numpy to read at known positions: (each value's
    start and end offsets, n + 1 of them; the data buffer), or None when there are no
    bytes (no value, or every one empty or missing)."""
    arr = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    n = len(arr)
    content = arr.buffers()[2] if n else None
    if content is None or not content.size or arr.null_count == n:
        return None
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset : arr.offset + n + 1]
    return offsets, np.frombuffer(content, dtype=np.uint8)


def lookup(s: pd.Series, keys: np.ndarray, values: np.ndarray) -> pd.Series:
    """Vectorised dictionary look-up in Arrow: values[keys == s], NA when absent.

    ``Series.map`` hashes every row in Python-object land; Arrow's ``index_in``
    plus ``take`` is several times faster on 100k+ rows. ``keys`` must be unique.
    """
    arr = arrow_strings(s)
    key_arr = pa.array(keys.astype(object), type=pa.large_string())
    val_arr = pa.array(values.astype(object), type=pa.large_string(), from_pandas=True)
    positions = pc.index_in(arr, value_set=key_arr)
    return pd.Series(pd.array(pc.take(val_arr, positions), dtype=STR), index=s.index)
