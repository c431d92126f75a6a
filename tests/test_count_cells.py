"""etl.aggregate_frames.count_cells counts with codes and np.bincount (issue 7: a national
month's counts); it must give exactly what pandas' groupby + left merge gave."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from etl.aggregate_frames import count_cells, cross


def reference(events: pd.DataFrame, grid: pd.DataFrame, keys: list[str], name: str):
    """The implementation count_cells replaced."""
    if not len(events):
        return grid.assign(**{name: np.zeros(len(grid), dtype="int64")})
    counts = events.groupby(keys, observed=True).size().rename(name).reset_index()
    out = grid.merge(counts, on=keys, how="left")
    out[name] = out[name].fillna(0).astype("int64")
    return out


OFFICES = ["FO-1", "FO-2", "FO-3", "FO-9", None]
CHANNELS = ["walk_in", "online", "phone", None]
DAYS = [date(2026, 10, d) for d in (1, 2, 30, 31)]


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(OFFICES), st.sampled_from(CHANNELS), st.sampled_from(DAYS)),
        max_size=60,
    ),
    grid_offices=st.lists(st.sampled_from(OFFICES), min_size=0, max_size=5),
    grid_channels=st.lists(st.sampled_from(CHANNELS[:-1]), min_size=1, max_size=3, unique=True),
    sparse=st.booleans(),
    keys=st.sampled_from([["office"], ["office", "channel"], ["date", "office"], ["channel"]]),
)
def test_count_cells_equals_groupby_and_merge(
    rows, grid_offices, grid_channels, sparse, keys
) -> None:
    events = pd.DataFrame(rows, columns=["office", "channel", "date"], dtype=object)
    base = pd.DataFrame({"office": pd.Series(grid_offices, dtype=object), "region": "KZ-11"})
    grid = cross(base, channel=grid_channels, date=DAYS)
    if sparse:  # not a cross product: every other row only
        grid = grid.iloc[::2]
    grid = grid.drop_duplicates(keys)
    got = count_cells(events, grid, keys, "visits")
    if not len(grid):
        # No cells, no rows: the old merge only retyped an empty key column as object.
        assert got.empty and list(got.columns) == [*grid.columns, "visits"]
    assume(len(grid) > 0)
    want = reference(events, grid, keys, "visits")
    pd.testing.assert_frame_equal(got, want)


def test_a_sparse_grid_of_many_values_counts_only_its_cells() -> None:
    """Keys with many distinct values but few grid rows: cells are numbered within the grid
    (no array the size of the product of the keys' values)."""
    n = 5_000
    events = pd.DataFrame(
        {"a": [f"a{i}" for i in range(n)] * 2, "b": [f"b{i}" for i in range(n)] * 2},
        dtype=object,
    )
    grid = pd.DataFrame({"a": ["a1", "a7", "zz"], "b": ["b1", "b8", "b2"]}, dtype=object)
    got = count_cells(events, grid, ["a", "b"], "n")
    assert got["n"].tolist() == [2, 0, 0]
    pd.testing.assert_frame_equal(got, reference(events, grid, ["a", "b"], "n"))


def test_no_events_count_zero_everywhere() -> None:
    grid = pd.DataFrame({"office": ["FO-1", "FO-2"]}, dtype=object)
    events = pd.DataFrame({"office": pd.Series(dtype=object)})
    got = count_cells(events, grid, ["office"], "visits")
    assert got["visits"].tolist() == [0, 0]
    assert got["visits"].dtype == "int64"
