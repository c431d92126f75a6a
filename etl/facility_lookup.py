"""Which facility each event names: its type and KATO from the facility registry, in Arrow.

Why a module of its own: the registry's side of the look-up (trimming, lower-casing and
ordering ~47,000 ids) costs more than looking up one file's ids in it, and every event file
of a run is checked against the same registry frame. So that side is made once per registry
frame and kept for the next file (a national backfill checks ~1,100 event files).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.arrowtext import STR, arrow_strings


@dataclass(frozen=True)
class _Prepared:
    """A registry's ids (trimmed, one row per id: the later registry row wins) and, in the
    same order, their type (lower-case) and KATO."""

    source: weakref.ref[pd.DataFrame]
    keys: pa.Array
    types: pa.ChunkedArray
    katos: pa.ChunkedArray


# The last registry prepared. A weak reference: a cache must not keep a registry alive, and
# `is` on the live frame is the key (a frame is never changed in place once validation
# starts: etl.registry.FacilityIndex.lookup hands out a new frame).
_last: list[_Prepared] = []


def facility_lookup(facilities: pd.DataFrame, ids: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Type (lower-case) and KATO of each referenced facility; NA when unknown.

    One Arrow hash look-up for both attributes; the registry (tens of thousands of ids) is
    never turned into Python objects, which used to cost more than validating the file.
    """
    registry = _prepared(facilities)
    positions = pc.index_in(arrow_strings(ids), value_set=registry.keys)
    return (
        pd.Series(pd.array(pc.take(registry.types, positions), dtype=STR), index=ids.index),
        pd.Series(pd.array(pc.take(registry.katos, positions), dtype=STR), index=ids.index),
    )


def _prepared(facilities: pd.DataFrame) -> _Prepared:
    if _last and _last[0].source() is facilities:
        return _last[0]
    indexed = facilities
    if "facility_id" in indexed.columns:  # tolerate a registry frame that is not indexed yet
        indexed = indexed.set_index("facility_id")
    keys = pc.utf8_trim_whitespace(arrow_strings(pd.Series(indexed.index)))
    types = pc.utf8_lower(pc.utf8_trim_whitespace(arrow_strings(indexed["type"])))
    katos = pc.utf8_trim_whitespace(arrow_strings(indexed["kato"]))
    # A repeated id: the later registry row wins. index_in finds the first occurrence in the
    # value set, so look up in the reversed registry.
    backwards = pa.array(np.arange(len(indexed) - 1, -1, -1, dtype=np.int64))
    keys, types, katos = (pc.take(a, backwards) for a in (keys, types, katos))
    known = pc.is_valid(keys)
    keys, types, katos = (pc.filter(a, known) for a in (keys, types, katos))
    prepared = _Prepared(weakref.ref(facilities), keys.combine_chunks(), types, katos)
    _last[:] = [prepared]
    return prepared
