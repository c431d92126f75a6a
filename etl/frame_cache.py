"""Remember what was computed from a registry frame while the same frame comes back.

Why: a run checks every event file, and aggregates every night, against a facility registry
frame that stays the same object for a week of nights or a whole run (etl.workers' checks,
etl.staging.StagingStore.registry_as_of). The parts that depend on that frame alone
(hash tables, the operating facilities of a type) were made again for each file and night.

The key is the frame's identity, held through a weak reference: the cache keeps no
registry alive, and a new frame (a new snapshot) is a new key. Frames handed to these
functions are never changed in place (pandas copies on write; etl.registry.FacilityIndex
hands out a new frame each time).
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")


def per_frame(function: Callable[..., T]) -> Callable[..., T]:
    """Cache `function(frame, *args)` for the last frame seen with each `args`."""
    last: dict[tuple[Hashable, ...], tuple[weakref.ref[pd.DataFrame], T]] = {}

    @functools.wraps(function)
    def cached(frame: pd.DataFrame, *args: Any) -> T:
        held = last.get(args)
        if held is not None and held[0]() is frame:
            return held[1]
        value = function(frame, *args)
        last[args] = (weakref.ref(frame), value)
        return value

    return cached
