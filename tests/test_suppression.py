import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import suppression


def test_primary_hides_one_to_k_minus_one_but_not_zero_or_k():
    counts = pd.Series([0, 1, 4, 5, 9])
    assert suppression.primary(counts, 5).tolist() == [False, True, True, False, False]


def test_single_hidden_cell_in_a_group_gets_a_companion():
    frame = pd.DataFrame({"g": ["a"] * 4, "n": [3, 10, 12, 40]})
    flags = suppression.suppress(frame, "n", 5, groups=[["g"]])
    assert flags.tolist() == [True, True, False, False]


def test_hidden_sum_below_k_keeps_hiding():
    frame = pd.DataFrame({"g": ["a"] * 4, "n": [1, 1, 6, 50]})
    flags = suppression.suppress(frame, "n", 5, groups=[["g"]])
    assert flags.tolist() == [True, True, True, False]


def test_groups_without_small_cells_are_untouched():
    frame = pd.DataFrame({"g": ["a", "a", "b"], "n": [7, 9, 3]})
    assert suppression.suppress(frame, "n", 5, groups=[["g"]]).tolist() == [False, False, True]


def test_apply_blanks_count_and_attributes_never_zero():
    frame = pd.DataFrame({"g": ["a", "a"], "n": [2, 30], "median": [4.0, 5.0]})
    out = suppression.apply(frame, "n", 5, groups=[["g"]], attributes=["median"])
    assert out["n"].isna().all() and out["median"].isna().all()
    assert out["suppressed"].all()


def test_k_must_be_at_least_two():
    with pytest.raises(ValueError):
        suppression.suppress(pd.DataFrame({"n": [1]}), "n", 1)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xyz"),
                          st.integers(min_value=1, max_value=12)), min_size=1, max_size=25,
                unique_by=lambda t: (t[0], t[1])),
       st.integers(min_value=2, max_value=6))
def test_no_group_total_isolates_a_small_hidden_sum(cells, k):
    frame = pd.DataFrame(cells, columns=["r", "c", "n"])
    groups = [["r"], ["c"]]
    flags = suppression.suppress(frame, "n", k, groups=groups)
    assert flags[frame["n"] < k].all()
    for group in groups:
        for _, part in frame.assign(h=flags).groupby(group):
            hidden = part[part["h"]]
            if hidden.empty or len(part) == len(hidden):
                continue  # nothing hidden, or the whole group (its total is itself < k or hidden)
            assert len(hidden) >= 2 and hidden["n"].sum() >= k


def test_is_deterministic():
    frame = pd.DataFrame(list(itertools.product("ab", "xyz")), columns=["r", "c"])
    frame["n"] = [1, 2, 8, 3, 9, 9]
    first = suppression.suppress(frame, "n", 5, groups=[["r"], ["c"]])
    assert first.equals(suppression.suppress(frame, "n", 5, groups=[["r"], ["c"]]))


def test_leaky_groups_flags_one_hidden_cell_or_a_small_hidden_sum():
    frame = pd.DataFrame({"g": ["a", "a", "b", "b", "b", "c", "c"],
                          "n": [3, 10, 1, 2, 9, 3, 4]})
    hidden = suppression.primary(frame["n"], 5)
    leaks = suppression.leaky_groups(frame, "n", hidden, ["g"], 5)
    assert leaks.tolist() == [True, True, True, True, True, False, False]


def test_a_region_total_is_withheld_when_its_daily_cells_would_give_one_back():
    """Daily cells get primary suppression only (they are published night by night), so the
    monthly total itself is withheld when total minus published days isolates < k events."""
    from datetime import date

    from etl import aggregate

    day = pd.Timestamp("2026-10-01")

    def visits(region: str, cells: list[int]) -> pd.DataFrame:
        rows = []
        for i, n in enumerate(cells):
            rows += [{"date": day + pd.Timedelta(days=i), "office_id": f"FO-{region}",
                      "channel": "walk_in", "topic": "consultation", "outcome": "resolved",
                      "region": region, "district_kato": "590000000", "visit_id": "x"}] * n
        return pd.DataFrame(rows)

    # KZ-59: one hidden day (3) beside two published ones; KZ-75: two hidden days 3 + 4 = 7.
    events = pd.concat([visits("KZ-59", [3, 10, 12]), visits("KZ-75", [3, 4, 20])],
                       ignore_index=True)
    empty_sos = pd.DataFrame(columns=["date", "region", "category", "event_id"])
    empty_camera = pd.DataFrame(columns=["region", "kind", "status"])
    events["wait_minutes"], events["satisfaction"] = 10.0, 4.0
    totals = aggregate.region_indicators(aggregate.visit_cells(events),
                                         aggregate.sos_cells(empty_sos), empty_camera,
                                         date(2026, 10, 1), 5)
    flags = dict(zip(totals["region"], totals["suppressed"]))
    assert flags == {"KZ-59": True, "KZ-75": False}
    assert totals.loc[totals["region"] == "KZ-59", "value"].isna().all()
    assert totals.loc[totals["region"] == "KZ-75", "value"].tolist() == [27]
