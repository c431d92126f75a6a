"""etl.trim gives what Arrow's trim kernel followed by "" -> missing gives, value for value."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.trim import trim_to_null

# Whitespace of many kinds, letters and others.
_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1f \x85\xa0\u1680\u2000\u200a\u2028\u202f\u205f\u3000"
_PIECES = st.sampled_from([*_WHITESPACE, "a", "Р", "п", "«", "“", "—", "ә", "中", "😀", "\u200b"])
_VALUES = st.lists(st.one_of(st.none(), st.text(_PIECES, max_size=6)), max_size=40)


def _reference(values: pa.Array | pa.ChunkedArray) -> list[str | None]:
    trimmed = pc.utf8_trim_whitespace(values)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, trimmed.type), trimmed).to_pylist()


@settings(max_examples=500, deadline=None)
@given(_VALUES, st.sampled_from([pa.string(), pa.large_string()]), st.integers(0, 5))
def test_same_as_arrows_kernels(values, kind, cut):
    array = pa.array(values, type=kind)
    assert trim_to_null(array).to_pylist() == _reference(array)
    # a slice (a non-zero offset into the buffers), and chunks
    sliced = array.slice(min(cut, len(array)))
    assert trim_to_null(sliced).to_pylist() == _reference(sliced)
    chunked = pa.chunked_array([array, sliced], type=kind)
    result = trim_to_null(chunked)
    assert result.type == kind
    assert result.to_pylist() == _reference(chunked)
