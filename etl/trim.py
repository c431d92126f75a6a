"""Raw text values trimmed of whitespace, with "" (and whitespace only) made missing.

This is what Arrow's ``utf8_trim_whitespace`` followed by ``if_else(equal(x, ""), null, x)``
gives, value for value (tests/test_trim.py compares the two on generated text).

Why not those two kernels: the second compares and copies every value of every column to
find the empty ones, which the offsets already tell. Here the empty values are read from
the offsets and marked missing in a new validity bitmap over the same bytes (a national
night's visits file: 5.0 -> 3.8 ms for its twelve columns).
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

Strings = TypeVar("Strings", pa.Array, pa.ChunkedArray)


def trim_to_null(values: Strings) -> Strings:
    """`values` (string or large_string, chunked or not) trimmed, "" as missing."""
    if isinstance(values, pa.ChunkedArray):
        return pa.chunked_array([_trim_array(c) for c in values.chunks], type=values.type)
    return _trim_array(values)


def _trim_array(values: pa.Array) -> pa.Array:
    values = pc.utf8_trim_whitespace(values)
    n = len(values)
    validity, offsets_buffer, data_buffer = values.buffers()
    offset_type: type[np.signedinteger] = (
        np.int64 if pa.types.is_large_string(values.type) else np.int32
    )
    offsets = np.frombuffer(offsets_buffer, dtype=offset_type).astype(np.int64, copy=False)
    offsets = offsets[values.offset : values.offset + n + 1]
    present = offsets[1:] > offsets[:-1]
    if validity is not None:
        present &= values.is_valid().to_numpy(zero_copy_only=False)
    if present.all():
        return values
    bits = np.ones(values.offset + n, dtype=bool)
    bits[values.offset :] = present
    bitmap = pa.py_buffer(np.packbits(bits, bitorder="little"))
    return pa.Array.from_buffers(
        values.type, n, [bitmap, offsets_buffer, data_buffer], offset=values.offset
    )
