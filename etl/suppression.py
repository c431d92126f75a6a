"""Small-cell suppression with complementary suppression.

Primary rule: a count of 1..k-1 is never published; it becomes null with `suppressed` set.
Complementary rule: some published total T covers each group of cells (for example the
region-month indicator covers all daily cells of that region and month). If a group hid only
one cell, or hid cells summing to less than k, T minus the published cells would give that
small number back. So within every such group we keep hiding the smallest published cell
until the hidden cells are at least two and sum to at least k, or nothing is left to hide.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def primary(counts: pd.Series, k: int) -> pd.Series:
    """True where a count is positive but below k."""
    values = counts.fillna(0)
    return (values > 0) & (values < k)


def _needy_groups(frame: pd.DataFrame, count: str, hidden: pd.Series, group: Sequence[str],
                  k: int) -> pd.Series:
    """Per row: does this row's group still leak a hidden value?"""
    keys = [frame[c] for c in group]
    n_open = (~hidden).groupby(keys, sort=False, observed=True).transform("sum")
    return leaky_groups(frame, count, hidden, group, k) & (n_open > 0)


def suppress(frame: pd.DataFrame, count: str, k: int,
             groups: Sequence[Sequence[str]] = ()) -> pd.Series:
    """Return the `suppressed` flag for every row of `frame` (the frame is not modified)."""
    if k < 2:
        raise ValueError("k must be at least 2")
    hidden = primary(frame[count], k).to_numpy(copy=True)
    if not groups or len(frame) == 0:
        return pd.Series(hidden, index=frame.index, name="suppressed")
    positions = np.arange(len(frame))
    local = frame.reset_index(drop=True)
    for _ in range(len(frame)):
        changed = False
        for group in groups:
            flags = pd.Series(hidden)
            needy = _needy_groups(local, count, flags, group, k).to_numpy()
            candidates = needy & ~hidden
            if not candidates.any():
                continue
            # In each needy group hide its smallest still-published cell.
            pool = local.loc[candidates, list(group) + [count]].assign(_pos=positions[candidates])
            smallest = pool.sort_values([count, "_pos"]).drop_duplicates(list(group))["_pos"]
            hidden[smallest.to_numpy()] = True
            changed = True
        if not changed:
            break
    return pd.Series(hidden, index=frame.index, name="suppressed")


def leaky_groups(frame: pd.DataFrame, count: str, hidden: pd.Series, group: Sequence[str],
                 k: int) -> pd.Series:
    """Per row: would a published total of this row's group give a hidden value back (one
    hidden cell, or hidden cells summing to less than k)?"""
    hidden = pd.Series(hidden.to_numpy(dtype=bool), index=frame.index)
    hidden_values = frame[count].where(hidden, 0)
    keys = [frame[c] for c in group]
    n_hidden = hidden.groupby(keys, sort=False, observed=True).transform("sum")
    sum_hidden = hidden_values.groupby(keys, sort=False, observed=True).transform("sum")
    return (n_hidden == 1) | ((n_hidden > 0) & (sum_hidden < k))


def apply(frame: pd.DataFrame, count: str, k: int, groups: Sequence[Sequence[str]] = (),
          attributes: Sequence[str] = (), also_hide: pd.Series | None = None) -> pd.DataFrame:
    """Add the `suppressed` flag and blank the count and its attributes where it is set.

    `also_hide` marks rows to withhold whatever their count (a total that would give back
    a hidden cell of another table)."""
    flag = suppress(frame, count, k, groups).to_numpy()
    if also_hide is not None:
        flag = flag | also_hide.to_numpy(dtype=bool)
    out = frame.copy()
    out["suppressed"] = flag
    out[count] = out[count].astype("Int64").mask(out["suppressed"])
    for name in attributes:
        out[name] = out[name].mask(out["suppressed"])
    return out
