"""The audit's solver: feasible range of every hidden cell by linear programming (HiGHS).

The system splits into blocks (connected components of hidden cells through relations,
published cells being constants), capped leaf cells are eliminated exactly (etl.audit_stars),
and each block is one warm-started HiGHS model. See etl.audit for what the attacker knows
and why each shortcut stays exact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import highspy
import numpy as np
from scipy.sparse import coo_matrix, csr_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

from etl.audit_stars import Incidence, Relations, Stars

TOL = 1e-6
_BIG = 1e7  # a finite box for the random-direction solves (an unbounded cell goes up to it)
_MISSES = 3  # random-direction solves in a row without progress before per-cell LPs

Cache = dict[bytes, tuple[np.ndarray, np.ndarray]]


@dataclass
class Bounds:
    low: np.ndarray  # per cell; NaN for published cells
    high: np.ndarray


def bounds(
    value: np.ndarray,
    hidden: np.ndarray,
    capped: np.ndarray,
    relations: Relations,
    k: int,
    floor: np.ndarray | None = None,
    *,
    stop_at_width: float | None = None,
    cache: Cache | None = None,
    at_least: Relations = (),
) -> Bounds:
    """Feasible range of every hidden cell. With `stop_at_width`, a cell whose range is
    shown to be at least that wide is not bounded further (its range is a lower estimate).
    `cache` (any dict, kept by the caller) remembers solved blocks between calls.
    `at_least`: relations sum(lhs) >= sum(rhs) (a revision by late nights only)."""
    n = len(value)
    low = np.full(n, np.nan)
    high = np.full(n, np.nan)
    hidden = np.asarray(hidden, dtype=bool)
    if not hidden.any():
        return Bounds(low, high)
    known = np.where(hidden, 0.0, np.nan_to_num(value, nan=0.0))
    cap = k - 1.0
    inc = Incidence.of(relations, at_least)
    lb = np.ones(n) if floor is None else np.asarray(floor, dtype=float).copy()
    ub = np.where(capped, cap, np.inf)
    stars = Stars(inc, hidden, capped, known, lb.copy(), cap)
    stars.tighten(lb, ub)

    # The rows of the LP: relations that are not stars, over their hidden cells that remain.
    var_cells = np.flatnonzero(hidden & ~stars.eliminated)
    var = np.full(n, -1, dtype=np.int64)
    var[var_cells] = np.arange(len(var_cells))
    keep = ~stars.is_star[inc.row]
    rhs = -inc.per_row(np.where(keep, inc.sign * known[inc.cell], 0.0))
    on = keep & (var[inc.cell] >= 0)
    used_rows, row = np.unique(inc.row[on], return_inverse=True)
    col = var[inc.cell[on]]
    n_var, n_row = len(var_cells), len(used_rows)
    b_all = rhs[used_rows]
    open_all = np.where(inc.at_least[used_rows], np.inf, b_all)  # a row's upper bound

    # Blocks: connected components of the bipartite graph variables - rows.
    graph = coo_matrix(
        (np.ones(len(col)), (col, n_var + row)), shape=(n_var + n_row, n_var + n_row)
    )
    _n, label = connected_components(graph, directed=False)
    var_block, row_block = label[:n_var], label[n_var:]
    var_order = np.argsort(var_block, kind="stable")
    row_order = np.argsort(row_block, kind="stable")
    where_var = np.empty(n_var, dtype=np.int64)
    where_var[var_order] = np.arange(n_var)
    where_row = np.empty(n_row, dtype=np.int64)
    where_row[row_order] = np.arange(n_row)
    # Rows and columns sorted by block: each block is a contiguous slice.
    a = csr_matrix((inc.sign[on], (where_row[row], where_var[col])), shape=(n_row, n_var))
    b = b_all[row_order]
    b_hi = open_all[row_order]
    cells = var_cells[var_order]
    blocks = var_block[var_order]
    row_blocks = row_block[row_order]
    cuts = np.r_[0, np.flatnonzero(np.diff(blocks)) + 1, n_var]
    for v0, v1 in pairwise(cuts):
        if v0 == v1:
            continue  # no hidden cell left to bound (n_var == 0)
        r0 = int(np.searchsorted(row_blocks, blocks[v0], side="left"))
        r1 = int(np.searchsorted(row_blocks, blocks[v0], side="right"))
        mine = cells[v0:v1]
        low[mine], high[mine] = _solve_cached(
            a[r0:r1, v0:v1],
            b[r0:r1],
            b_hi[r0:r1],
            lb[mine],
            ub[mine],
            mine,
            stars,
            stop_at_width,
            cache,
        )
    if len(stars.cell):
        low[stars.cell], high[stars.cell] = stars.spread(low, high)
    return Bounds(low, high)


Settled = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _settled(stars: Stars, cells: np.ndarray, stop_at_width: float | None) -> Settled | None:
    """For the cells of one block and their observed ranges: which need no more LPs. None
    without `stop_at_width` (every range exact). Else a range at least that wide, and for
    the total of a star also a range wide enough for the star's cells (their widths follow
    from it; an observed part of the range can only make them narrower)."""
    if stop_at_width is None:
        return None
    need = stop_at_width - TOL
    rows = np.flatnonzero(np.isin(stars.total, cells))
    local = np.searchsorted(cells, stars.total[rows])  # `cells` is sorted

    def settled(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        ok = hi - lo >= need
        if len(rows):
            narrow = stars.narrowest(rows, lo[local], hi[local]) < need
            ok[local[narrow]] = False
        return ok

    return settled


def _solve_cached(
    a: csr_matrix,
    b: np.ndarray,
    b_hi: np.ndarray,
    lb: np.ndarray,
    ub: np.ndarray,
    cells: np.ndarray,
    stars: Stars,
    stop_at_width: float | None,
    cache: Cache | None,
) -> tuple[np.ndarray, np.ndarray]:
    settled = _settled(stars, cells, stop_at_width)
    if cache is None:
        return _solve(a, b, b_hi, lb, ub, settled)
    # The answer depends on the block's LP, the stars hanging off its cells and the stop
    # width: a block that did not change between two rounds is not solved again.
    mine = np.isin(stars.total, cells)
    key = hashlib.blake2b(
        b"".join(
            np.ascontiguousarray(x).tobytes()
            for x in (
                a.indptr,
                a.indices,
                a.data,
                b,
                b_hi,
                lb,
                ub,
                cells,
                stars.total[mine],
                stars.offset[mine],
                stars.m[mine],
                stars.floor_sum[mine],
                stars.floor_min[mine],
                stars.floor_max[mine],
                np.array([-1.0 if stop_at_width is None else stop_at_width]),
            )
        ),
        digest_size=20,
    ).digest()
    if key not in cache:
        cache[key] = _solve(a, b, b_hi, lb, ub, settled)
    lo, hi = cache[key]
    return lo.copy(), hi.copy()


def _solve(
    a: csr_matrix,
    b: np.ndarray,
    b_hi: np.ndarray,
    lb: np.ndarray,
    ub: np.ndarray,
    settled: Settled | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Range of each variable of one block, b <= sum(a x) <= b_hi (b_hi = b for an equality,
    inf for an inequality), lb <= x <= ub: exact where
    `settled` is None or says a cell is not settled, else an observed part of it."""
    m = len(lb)
    if a.shape[0] == 0:  # no relation: only the attacker's a-priori range
        return lb.copy(), ub.copy()
    # Observed values (feasible points). A min (max) LP's optimum is observed too, so
    # these become the exact range once a cell had its own LPs.
    lo = np.full(m, np.inf)
    hi = np.full(m, -np.inf)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")  # keep the optimal basis from one objective to the next
    columns = np.arange(m, dtype=np.int32)
    h.addVars(m, lb, np.minimum(ub, _BIG))
    h.addRows(
        a.shape[0],
        b,
        np.where(np.isinf(b_hi), highspy.kHighsInf, b_hi),
        a.nnz,
        a.indptr[:-1].astype(np.int32),
        a.indices.astype(np.int32),
        a.data.astype(float),
    )
    status = highspy.HighsModelStatus

    def solve(cost: np.ndarray) -> highspy.HighsModelStatus:
        nonlocal lo, hi
        h.changeColsCost(m, columns, cost)
        h.run()
        state = h.getModelStatus()
        if state not in (status.kOptimal, status.kUnbounded):
            # A warm start can end inconclusive (seen: "unknown" on an unbounded max):
            # anything but optimal or unbounded is confirmed from scratch.
            h.clearSolver()
            h.run()
            state = h.getModelStatus()
        if state == status.kOptimal:
            x = np.asarray(h.getSolution().col_value)
            lo, hi = np.minimum(lo, x), np.maximum(hi, x)
        return state

    def open_cells() -> np.ndarray:
        if settled is None:
            return np.ones(m, dtype=bool)
        return ~settled(lo, hi)

    # Random directions over the cells still open: each optimum is a far-apart vertex that
    # usually shows many cells free over a wide range at once (within a finite box, so that
    # no direction is unbounded; these points are feasible for the real bounds too).
    todo = open_cells()
    rng = np.random.default_rng(m)
    misses = 0 if settled is not None else _MISSES
    while todo.any() and misses < _MISSES:
        cost = np.zeros(m)
        cost[todo] = rng.choice([-1.0, 1.0], int(todo.sum()))
        if solve(cost) != status.kOptimal:
            break  # infeasible within the box: left to the exact LPs below
        before, todo = int(todo.sum()), open_cells()
        misses = misses + 1 if int(todo.sum()) >= before else 0

    # The cells still open get their own min and max.
    h.changeColsBounds(m, columns, lb, np.where(np.isinf(ub), highspy.kHighsInf, ub))
    for j in np.flatnonzero(todo):
        for sign in (1.0, -1.0):
            if not todo[j]:
                break
            cost = np.zeros(m)
            cost[j] = sign
            state = solve(cost)
            if state == status.kOptimal:
                pass
            elif sign < 0 and state in (status.kUnbounded, status.kUnboundedOrInfeasible):
                hi[j] = np.inf
            elif state == status.kInfeasible:  # the published numbers contradict the model
                return np.full(m, -np.inf), np.full(m, np.inf)
            else:  # an audit that could not be computed must not pass
                raise RuntimeError(f"HiGHS: {h.modelStatusToString(state)}")
            if settled is not None:
                todo = todo & open_cells()
    return lo, hi


def pinned(
    value: np.ndarray,
    hidden: np.ndarray,
    capped: np.ndarray,
    relations: Relations,
    k: int,
    floor: np.ndarray | None = None,
    *,
    at_least: Relations = (),
) -> np.ndarray:
    """True for every hidden cell whose feasible range is narrower than k-2."""
    b = bounds(value, hidden, capped, relations, k, floor, stop_at_width=k - 2, at_least=at_least)
    width = b.high - b.low
    return hidden & (width < k - 2 - TOL)


def widths(
    value: np.ndarray,
    hidden: np.ndarray,
    capped: np.ndarray,
    relations: Relations,
    k: int,
    floor: np.ndarray | None = None,
    cache: Cache | None = None,
    *,
    at_least: Relations = (),
) -> np.ndarray:
    """Feasible width of every hidden cell, established only up to k-2 (the auditor that
    etl.suppression.protect calls)."""
    b = bounds(
        value,
        hidden,
        capped,
        relations,
        k,
        floor,
        stop_at_width=k - 2,
        cache=cache,
        at_least=at_least,
    )
    return np.where(hidden, b.high - b.low, np.nan)


def auditor() -> Callable[..., np.ndarray]:
    """`widths` with a memory of the blocks it solved, for one protect() call: each round
    of complementary cells changes a few blocks, and only those are solved again."""
    cache: Cache = {}

    def audit(
        value: np.ndarray,
        hidden: np.ndarray,
        capped: np.ndarray,
        relations: Relations,
        k: int,
        floor: np.ndarray | None = None,
        *,
        at_least: Relations = (),
    ) -> np.ndarray:
        return widths(value, hidden, capped, relations, k, floor, cache, at_least=at_least)

    return audit
