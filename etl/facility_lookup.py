"""Which facility each event names: its type and KATO from the facility registry.

Why a module of its own: the registry's side of the look-up (trimming, lower-casing,
de-duplicating and hashing ~47,000 ids) costs more than looking up one file's ids in it, and
every event file of a run is checked against the same registry frame. So that side is made
once per registry frame (etl.frame_cache) and kept for the next file; a file's own side only
looks up its distinct ids (a night's visits name a few hundred offices).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.arrowtext import STR, arrow_strings
from etl.frame_cache import per_frame


@dataclass(frozen=True)
class _Registry:
    """A registry's distinct ids (trimmed; a repeated id keeps its later row) as a hashed
    index and, in the same order, their type (lower-case) and KATO."""

    ids: pd.Index
    types: pa.Array
    katos: pa.Array


def facility_lookup(facilities: pd.DataFrame, ids: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Type (lower-case) and KATO of each referenced facility; NA when unknown."""
    registry = _registry(facilities)
    named = arrow_strings(ids).combine_chunks().dictionary_encode()
    distinct = named.dictionary.to_numpy(zero_copy_only=False)
    where = registry.ids.get_indexer(distinct)  # -1: not in the registry
    # Each row's position in the registry; null where the id is missing or unknown.
    codes = pc.fill_null(named.indices, -1).to_numpy(zero_copy_only=False)  # -1: no id
    rows = np.where(codes >= 0, where[np.maximum(codes, 0)], -1) if len(where) else codes
    positions = pa.array(rows, mask=rows < 0, type=pa.int64())
    return (
        pd.Series(pd.array(pc.take(registry.types, positions), dtype=STR), index=ids.index),
        pd.Series(pd.array(pc.take(registry.katos, positions), dtype=STR), index=ids.index),
    )


@per_frame
def _registry(facilities: pd.DataFrame) -> _Registry:
    indexed = facilities
    if "facility_id" in indexed.columns:  # tolerate a registry frame that is not indexed yet
        indexed = indexed.set_index("facility_id")
    keys = pc.utf8_trim_whitespace(arrow_strings(pd.Series(indexed.index))).combine_chunks()
    types = pc.utf8_lower(pc.utf8_trim_whitespace(arrow_strings(indexed["type"])))
    katos = pc.utf8_trim_whitespace(arrow_strings(indexed["kato"]))
    # A repeated id: the later registry row wins.
    ids = pd.Index(keys.to_numpy(zero_copy_only=False), dtype=object)
    keep = np.flatnonzero(
        ~ids.duplicated(keep="last") & pc.is_valid(keys).to_numpy(zero_copy_only=False)
    )
    chosen = pa.array(keep, type=pa.int64())
    return _Registry(
        ids[keep],
        pc.take(types, chosen).combine_chunks(),
        pc.take(katos, chosen).combine_chunks(),
    )
