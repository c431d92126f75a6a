"""A night's daily counts (etl.aggregate_visits.visit_days with one day) are the counts the
general path makes over several days, taken for that day."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.aggregate_frames import _as_categorical
from etl.aggregate_visits import OFFICE, visit_days

DAY = date(2024, 3, 1)
_OFFICES = [f"FO-{i:02d}" for i in range(6)]


@st.composite
def _inputs(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame]:
    registered = draw(st.lists(st.sampled_from(_OFFICES), unique=True, max_size=5))
    offices = pd.DataFrame(
        {
            OFFICE: pd.Series(registered, dtype=object),
            "region": pd.Series(["KZ-AST"] * len(registered), dtype=object),
            "district_kato": pd.Series(["711000000"] * len(registered), dtype=object),
        }
    )
    rows = draw(
        st.lists(
            st.tuples(
                st.one_of(st.none(), st.sampled_from([*_OFFICES, "FO-99"])),
                st.sampled_from([DAY, DAY, DAY - timedelta(days=1), DAY + timedelta(days=1)]),
            ),
            max_size=40,
        )
    )
    visits = pd.DataFrame(
        {
            OFFICE: pd.Series([o for o, _ in rows], dtype="str"),
            "date": pd.Series([np.datetime64(d, "us") for _, d in rows], dtype="datetime64[us]"),
        }
    )
    if draw(st.booleans()):  # as event_frame hands a night's events over
        visits[OFFICE] = _as_categorical(visits[OFFICE])
    return visits, offices


@settings(max_examples=200, deadline=None)
@given(_inputs())
def test_one_day_counts_as_the_general_path(inputs: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    visits, offices = inputs
    got = visit_days(visits, offices, [DAY])
    both = visit_days(visits, offices, [DAY, DAY + timedelta(days=1)])
    expected = both[both["date"] == DAY].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)
    assert list(got.columns) == [OFFICE, "region", "district_kato", "date", "visits"]
