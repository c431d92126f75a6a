"""The fast audit (blocks, eliminated daily cells, warm-started HiGHS, random directions,
a cache between rounds) against the plain attack: one LP over ALL cells, published cells
fixed to their values, min and max of every hidden cell. Random small linked systems
(hypothesis), so that a wrong decomposition, elimination or shortcut cannot pass."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from etl import audit, suppression

K = 5
TOL = 1e-5


def reference(
    value: np.ndarray,
    hidden: np.ndarray,
    capped: np.ndarray,
    relations: list[tuple[np.ndarray, np.ndarray]],
    floor: np.ndarray,
    at_least: list[tuple[np.ndarray, np.ndarray]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    n = len(value)
    a = np.zeros((len(relations), n))
    for r, (lhs, rhs) in enumerate(relations):
        np.add.at(a[r], lhs, 1.0)
        np.add.at(a[r], rhs, -1.0)
    # sum(lhs) >= sum(rhs)  <=>  sum(rhs) - sum(lhs) <= 0
    ub = np.zeros((len(at_least or []), n))
    for r, (lhs, rhs) in enumerate(at_least or []):
        np.add.at(ub[r], lhs, -1.0)
        np.add.at(ub[r], rhs, 1.0)
    ineq = {"A_ub": ub, "b_ub": np.zeros(len(ub))} if len(ub) else {}
    box = [
        (floor[i], K - 1.0 if capped[i] else None) if hidden[i] else (value[i], value[i])
        for i in range(n)
    ]
    low = np.full(n, np.nan)
    high = np.full(n, np.nan)
    for i in np.flatnonzero(hidden):
        cost = np.zeros(n)
        cost[i] = 1.0
        res = linprog(
            cost, A_eq=a, b_eq=np.zeros(len(relations)), bounds=box, method="highs", **ineq
        )
        assert res.status == 0, res.message  # the true values are a feasible point
        low[i] = res.x[i]
        res = linprog(
            -cost, A_eq=a, b_eq=np.zeros(len(relations)), bounds=box, method="highs", **ineq
        )
        high[i] = np.inf if res.status == 3 else res.x[i]
    return low, high


@st.composite
def systems(draw: st.DrawFn) -> tuple[suppression.System, np.ndarray, np.ndarray]:
    """A table of r x c cells with row, column and grand totals; some cells are totals of
    capped 'daily' cells (optionally also tied across cells by 'day totals'); random
    hidden cells and floors, consistent with the true values."""
    r, c = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    system = suppression.System()
    days = draw(st.integers(0, 4))
    with_children = draw(st.lists(st.booleans(), min_size=r * c, max_size=r * c))
    children = [
        draw(st.lists(st.integers(0, K - 1), min_size=days, max_size=days))
        if with_children[i] and days
        else []
        for i in range(r * c)
    ]
    inner = [sum(ch) if ch else draw(st.integers(0, 12)) for ch in children]
    grid = np.array(inner).reshape(r, c)
    x = system.add("inner", pd.Series(grid.ravel()))
    rows = system.add("rows", pd.Series(grid.sum(axis=1)))
    cols = system.add("cols", pd.Series(grid.sum(axis=0)))
    total = system.add("total", pd.Series([grid.sum()]))
    for i in range(r):
        system.relate([rows[i]], x[i * c : (i + 1) * c])
    for j in range(c):
        system.relate([cols[j]], x[j::c])
    system.relate(total, rows)
    if draw(st.booleans()):
        system.relate(total, cols)
    kids = {}
    for i, ch in enumerate(children):
        if ch:
            kids[i] = system.add(f"days{i}", pd.Series(ch), capped=True)
            system.relate([x[i]], kids[i])
    if kids and draw(st.booleans()):  # day totals: the daily cells are no longer leaves
        parents = list(kids)
        day_totals = system.add(
            "day_totals", pd.Series([sum(children[p][d] for p in parents) for d in range(days)])
        )
        for d in range(days):
            system.relate([day_totals[d]], [kids[p][d] for p in parents])
    value = system.arrays()[0]
    hidden = np.array(draw(st.lists(st.booleans(), min_size=system.size, max_size=system.size))) & (
        value >= 1
    )
    floor = np.where(
        np.array(draw(st.lists(st.booleans(), min_size=system.size, max_size=system.size))),
        0.0,
        1.0,
    )
    return system, hidden, floor


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(systems())
def test_fast_audit_agrees_with_one_lp_over_all_cells(case) -> None:
    system, hidden, floor = case
    value, _h, _f, capped = system.arrays()
    shown = np.where(hidden, np.nan, value)
    ref_lo, ref_hi = reference(value, hidden, capped, system.relations, floor)

    exact = audit.bounds(shown, hidden, capped, system.relations, K, floor)
    assert np.allclose(exact.low[hidden], ref_lo[hidden], atol=TOL)
    assert np.allclose(exact.high[hidden], ref_hi[hidden], atol=TOL)  # inf == inf
    assert np.isnan(exact.low[~hidden]).all()

    # Up to k-2 only: the same cells pass and fail, failing ones with their exact range,
    # passing ones with a part of their range.
    need = K - 2 - audit.TOL
    widths = audit.widths(shown, hidden, capped, system.relations, K, floor)
    assert ((widths[hidden] >= need) == (ref_hi - ref_lo >= need)[hidden]).all()
    fast = audit.bounds(shown, hidden, capped, system.relations, K, floor, stop_at_width=K - 2)
    assert (fast.low[hidden] >= ref_lo[hidden] - TOL).all()
    assert (fast.high[hidden] <= ref_hi[hidden] + TOL).all()
    narrow = hidden & (ref_hi - ref_lo < need)
    assert np.allclose(fast.low[narrow], ref_lo[narrow], atol=TOL)
    assert np.allclose(fast.high[narrow], ref_hi[narrow], atol=TOL)

    # The cached auditor of protect() answers the same, the second time from its cache.
    cached = audit.auditor()
    first = cached(shown, hidden, capped, system.relations, K, floor)
    again = cached(shown, hidden, capped, system.relations, K, floor)
    assert np.array_equal(np.isnan(first), np.isnan(again))
    assert np.allclose(first[hidden], widths[hidden]) and np.allclose(again[hidden], widths[hidden])


def reference_widths(
    value: np.ndarray,
    hidden: np.ndarray,
    capped: np.ndarray,
    relations: list[tuple[np.ndarray, np.ndarray]],
    k: int,
    floor: np.ndarray,
) -> np.ndarray:
    """The plain attack as protect()'s auditor (it reads the true values of the published
    cells only: hidden ones are NaN here)."""
    assert k == K
    truth = np.nan_to_num(value, nan=0.0)
    # Hidden cells are variables: their (unknown) values play no part, any will do.
    low, high = reference(truth, hidden, capped, relations, floor)
    return np.where(hidden, high - low, np.nan)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(systems())
def test_protect_chooses_the_same_cells_with_the_fast_audit(case) -> None:
    """protect() only asks the auditor which cells are narrower than k-2 (and which are
    exact): with the fast audit it withholds exactly the cells it withholds with the plain
    attack."""
    system, _hidden, _floor = case
    fast = suppression.protect(system, K, auditor=audit.auditor())
    plain = suppression.protect(system, K, auditor=reference_widths)
    assert fast.tolist() == plain.tolist()


def test_blocks_are_independent_and_published_cells_are_constants() -> None:
    """Two tables that share no hidden cell: hiding more in one leaves the other's ranges
    alone; a relation through published cells only links nothing."""
    system = suppression.System()
    a = system.add("a", pd.Series([2, 3, 5]))
    b = system.add("b", pd.Series([1, 6, 7]))
    system.relate([a[2]], a[:2])
    system.relate([b[2]], b[:2])
    system.relate([a[2], b[2]], [a[2], b[2]])  # published only (and trivially true)
    value, _h, _f, capped = system.arrays()
    hidden = np.array([True, True, False, True, False, False])
    b1 = audit.bounds(np.where(hidden, np.nan, value), hidden, capped, system.relations, K)
    assert (b1.low[0], b1.high[0]) == (1.0, 4.0) and (b1.low[3], b1.high[3]) == (1.0, 1.0)
    hidden2 = hidden.copy()
    hidden2[4] = True
    b2 = audit.bounds(np.where(hidden2, np.nan, value), hidden2, capped, system.relations, K)
    assert (b2.low[0], b2.high[0]) == (1.0, 4.0)
    assert (b2.low[3], b2.high[3]) == (1.0, 6.0)


@st.composite
def revised_systems(draw: st.DrawFn) -> tuple[suppression.System, np.ndarray, np.ndarray]:
    """A system with inequalities sum(lhs) >= sum(rhs) between random cells (daily cells
    included), true for the true values: the rows of a revision by late nights only."""
    system, hidden, floor = draw(systems())
    # Capped cells found in an inequality only (on one side of it, all hidden): shaped like
    # a star's leaves, but the row is no equality.
    n = draw(st.integers(0, 3))
    if n:
        late = system.add(
            "late",
            pd.Series(draw(st.lists(st.integers(1, K - 1), min_size=n, max_size=n))),
            capped=True,
        )
        hidden, floor = np.r_[hidden, np.ones(n, dtype=bool)], np.r_[floor, np.ones(n)]
        other = draw(st.integers(0, system.size - n - 1))
        value = system.arrays()[0]
        if value[late].sum() >= value[other]:
            system.at_least_as(late, [other])
        else:
            system.at_least_as([other], late)
    value = system.arrays()[0]
    cells = st.integers(0, system.size - 1)
    for _ in range(draw(st.integers(1, 6))):
        lhs = draw(st.lists(cells, min_size=1, max_size=2, unique=True))
        rhs = draw(st.lists(cells, min_size=1, max_size=2, unique=True))
        if set(lhs) & set(rhs):
            continue
        if value[lhs].sum() < value[rhs].sum():
            lhs, rhs = rhs, lhs
        system.at_least_as(lhs, rhs)
    return system, hidden, floor


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(revised_systems())
def test_fast_audit_with_inequalities_agrees_with_one_lp_over_all_cells(case) -> None:
    """Blocks linked through inequality rows, the exact elimination of daily cells next to
    them, the k-2 shortcuts and the cache: the same ranges as the plain attack."""
    system, hidden, floor = case
    value, _h, _f, capped = system.arrays()
    shown = np.where(hidden, np.nan, value)
    ref_lo, ref_hi = reference(value, hidden, capped, system.relations, floor, system.at_least)
    exact = audit.bounds(
        shown, hidden, capped, system.relations, K, floor, at_least=system.at_least
    )
    assert np.allclose(exact.low[hidden], ref_lo[hidden], atol=TOL)
    assert np.allclose(exact.high[hidden], ref_hi[hidden], atol=TOL)
    need = K - 2 - audit.TOL
    widths = audit.auditor()(
        shown, hidden, capped, system.relations, K, floor, at_least=system.at_least
    )
    assert ((widths[hidden] >= need) == (ref_hi - ref_lo >= need)[hidden]).all()
