"""The attacker's audit: bound every suppressed cell by linear programming (HiGHS).

What the attacker knows (see etl.suppression): every published number of the linked tables
of a period and every relation between them (totals, margins, the regional indicators and,
through them, any national figure, which is only ever a sum of published regional cells);
that a suppressed cell is at least 1 (zeros are published); that a suppressed daily cell is
at most k-1 (daily cells are only ever hidden as primary cells); and the published cells of
the previous publication of a revised month (etl.aggregate links old and new).

For every hidden cell x the audit solves min x and max x subject to all that. The feasible
range max - min must be at least k-2, i.e. the cell can still take any of k-1 values; a cell
pinned closer than that fails the audit. `python -m etl audit` runs it over the warehouse.

Speed (an ETL night audits every complete month, and suppression re-audits after each
round of complementary cells), without giving up exactness:
- Published cells are constants: each relation becomes a row over its HIDDEN cells only, so
  the linear system splits into independent blocks (connected components of hidden cells
  through relations), each a small LP; blocks without hidden cells cost nothing.
- Capped cells that hang off one total (daily cells under an office-month) are eliminated
  exactly: their sum bounds the total, and the total's range gives theirs (`_Stars`).
- Each block is one HiGHS model kept in memory (highspy): a new objective restarts from the
  previous optimal basis, a few pivots instead of a fresh solve.
- Every LP solution is a feasible point for all the cells of its block: a cell whose observed
  values already span k-2 needs no LP of its own, and a few solves with random directions
  settle most cells of a block at once. Only the others get their own min and max LPs.
- `auditor()` remembers the blocks it solved: the next round re-solves only blocks that
  changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import highspy
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

TOL = 1e-6
_BIG = 1e7  # a finite box for the random-direction solves (an unbounded cell goes up to it)
_MISSES = 3  # random-direction solves in a row without progress before per-cell LPs

Relations = list[tuple[np.ndarray, np.ndarray]]
Cache = dict[bytes, tuple[np.ndarray, np.ndarray]]


@dataclass
class Bounds:
    low: np.ndarray  # per cell; NaN for published cells
    high: np.ndarray


@dataclass
class Incidence:
    """All relations as one list of entries: relation `row` says sum(sign * x[cell]) == 0
    (sign +1 on the left-hand side, -1 on the right)."""

    row: np.ndarray
    cell: np.ndarray
    sign: np.ndarray
    count: int

    @classmethod
    def of(cls, relations: Relations) -> Incidence:
        parts = [side for pair in relations for side in pair]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, np.zeros(0), 0)
        lengths = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
        cell = np.concatenate(parts).astype(np.int64)
        sign = np.repeat(np.tile([1.0, -1.0], len(relations)), lengths)
        row = np.repeat(np.repeat(np.arange(len(relations)), 2), lengths)
        return cls(row, cell, sign, len(relations))

    def per_row(self, weights: np.ndarray) -> np.ndarray:
        return np.bincount(self.row, weights=weights, minlength=self.count)


class _Stars:
    """Relations whose hidden cells are, on one side, capped cells found in no other
    relation, and on the other side at most one uncapped hidden cell, their total T (an
    office-month over its daily cells). Their sum S = T - offset is all the rest of the
    system sees of them: S lies in [F, cap*m] (F the sum of their floors), which bounds T;
    and from T's range each cell's range follows exactly, see `spread`."""

    def __init__(self, inc: Incidence, hidden: np.ndarray, capped: np.ndarray,
                 known: np.ndarray, floor: np.ndarray, cap: float) -> None:
        h = hidden[inc.cell]
        row, cell, left = inc.row[h], inc.cell[h], inc.sign[h] > 0
        leaf = capped[cell] & (np.bincount(cell, minlength=len(hidden))[cell] == 1)

        def count(mask: np.ndarray) -> np.ndarray:
            return np.bincount(row[mask], minlength=inc.count)

        n_l, n_r = count(left), count(~left)
        leaf_l, leaf_r = count(left & leaf), count(~left & leaf)
        cap_l, cap_r = count(left & capped[cell]), count(~left & capped[cell])
        star_l = (n_l > 0) & (leaf_l == n_l) & ((n_r == 0) | ((n_r == 1) & (cap_r == 0)))
        star_r = (~star_l & (n_r > 0) & (leaf_r == n_r)
                  & ((n_l == 0) | ((n_l == 1) & (cap_l == 0))))
        self.is_star = star_l | star_r
        known_l = inc.per_row(known[inc.cell] * (inc.sign > 0))
        known_r = inc.per_row(known[inc.cell] * (inc.sign < 0))
        # T + known(total's side) = S + known(cells' side)  =>  T = S + offset
        offset = np.where(star_l, known_l - known_r, known_r - known_l)
        total = np.full(inc.count, -1, dtype=np.int64)
        on_total_side = np.where(star_l[row], ~left, star_r[row] & left)
        total[row[on_total_side]] = cell[on_total_side]
        member = np.where(star_l[row], left, star_r[row] & ~left)
        self.cell, self.row = cell[member], row[member]
        self.eliminated = np.zeros(len(hidden), dtype=bool)
        self.eliminated[self.cell] = True
        rows = np.flatnonzero(self.is_star)
        self.total, self.offset = total[rows], offset[rows]
        self.m = np.bincount(self.row, minlength=inc.count)[rows].astype(float)
        self.floor_sum = np.bincount(self.row, weights=floor[self.cell],
                                     minlength=inc.count)[rows]
        self.index = np.full(inc.count, -1, dtype=np.int64)  # relation -> star number
        self.index[rows] = np.arange(len(rows))
        self.floor, self.cap = floor, cap
        self.floor_min = np.full(len(rows), np.inf)
        self.floor_max = np.full(len(rows), -np.inf)
        np.minimum.at(self.floor_min, self.index[self.row], floor[self.cell])
        np.maximum.at(self.floor_max, self.index[self.row], floor[self.cell])

    def tighten(self, lb: np.ndarray, ub: np.ndarray) -> None:
        """T = S + offset with S in [F, cap*m]."""
        has = self.total >= 0
        np.maximum.at(lb, self.total[has], (self.offset + self.floor_sum)[has])
        np.minimum.at(ub, self.total[has], (self.offset + self.cap * self.m)[has])

    def sums(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Range of S per star from its total's range (fixed when T is published)."""
        has = self.total >= 0
        t = np.where(has, self.total, 0)
        s_lo = np.where(has, low[t] - self.offset, -self.offset)
        s_hi = np.where(has, high[t] - self.offset, -self.offset)
        return np.maximum(s_lo, self.floor_sum), np.minimum(s_hi, self.cap * self.m)

    def spread(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Range of each eliminated cell (interchangeable within a star): x_i = S - the
        others, the others each in [floor, cap]."""
        s_lo, s_hi = self.sums(low, high)
        star = self.index[self.row]
        f = self.floor[self.cell]
        lo = np.maximum(f, s_lo[star] - self.cap * (self.m[star] - 1))
        hi = np.minimum(self.cap, s_hi[star] - self.floor_sum[star] + f)
        return lo, hi

    def narrowest(self, rows: np.ndarray, t_lo: np.ndarray, t_hi: np.ndarray) -> np.ndarray:
        """For the stars `rows` (with a hidden total) and ranges of their totals: the width
        of the narrowest cell's range. The width is unimodal in a cell's floor, so the
        smallest and the largest floor of a star give its narrowest cell."""
        off, m, f_sum = self.offset[rows], self.m[rows], self.floor_sum[rows]
        s_lo = np.maximum(t_lo - off, f_sum)
        s_hi = np.minimum(t_hi - off, self.cap * m)
        out = np.full(len(rows), np.inf)
        for f in (self.floor_min[rows], self.floor_max[rows]):
            width = (np.minimum(self.cap, s_hi - f_sum + f)
                     - np.maximum(f, s_lo - self.cap * (m - 1)))
            out = np.minimum(out, width)
        return out


def bounds(value: np.ndarray, hidden: np.ndarray, capped: np.ndarray, relations: Relations,
           k: int, floor: np.ndarray | None = None, *, stop_at_width: float | None = None,
           cache: Cache | None = None) -> Bounds:
    """Feasible range of every hidden cell. With `stop_at_width`, a cell whose range is
    shown to be at least that wide is not bounded further (its range is a lower estimate).
    `cache` (any dict, kept by the caller) remembers solved blocks between calls."""
    n = len(value)
    low = np.full(n, np.nan)
    high = np.full(n, np.nan)
    hidden = np.asarray(hidden, dtype=bool)
    if not hidden.any():
        return Bounds(low, high)
    known = np.where(hidden, 0.0, np.nan_to_num(value, nan=0.0))
    cap = k - 1.0
    inc = Incidence.of(relations)
    lb = np.ones(n) if floor is None else np.asarray(floor, dtype=float).copy()
    ub = np.where(capped, cap, np.inf)
    stars = _Stars(inc, hidden, capped, known, lb.copy(), cap)
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

    # Blocks: connected components of the bipartite graph variables - rows.
    graph = coo_matrix((np.ones(len(col)), (col, n_var + row)),
                       shape=(n_var + n_row, n_var + n_row))
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
        low[mine], high[mine] = _solve_cached(a[r0:r1, v0:v1], b[r0:r1], lb[mine], ub[mine],
                                              mine, stars, stop_at_width, cache)
    if len(stars.cell):
        low[stars.cell], high[stars.cell] = stars.spread(low, high)
    return Bounds(low, high)


Settled = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _settled(stars: _Stars, cells: np.ndarray, stop_at_width: float | None) -> Settled | None:
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


def _solve_cached(a: csr_matrix, b: np.ndarray, lb: np.ndarray, ub: np.ndarray,
                  cells: np.ndarray, stars: _Stars, stop_at_width: float | None,
                  cache: Cache | None) -> tuple[np.ndarray, np.ndarray]:
    settled = _settled(stars, cells, stop_at_width)
    if cache is None:
        return _solve(a, b, lb, ub, settled)
    # The answer depends on the block's LP, the stars hanging off its cells and the stop
    # width: a block that did not change between two rounds is not solved again.
    mine = np.isin(stars.total, cells)
    key = hashlib.blake2b(b"".join(np.ascontiguousarray(x).tobytes() for x in (
        a.indptr, a.indices, a.data, b, lb, ub, cells, stars.total[mine], stars.offset[mine],
        stars.m[mine], stars.floor_sum[mine], stars.floor_min[mine], stars.floor_max[mine],
        np.array([-1.0 if stop_at_width is None else stop_at_width]))), digest_size=20).digest()
    if key not in cache:
        cache[key] = _solve(a, b, lb, ub, settled)
    lo, hi = cache[key]
    return lo.copy(), hi.copy()


def _solve(a: csr_matrix, b: np.ndarray, lb: np.ndarray, ub: np.ndarray,
           settled: Settled | None) -> tuple[np.ndarray, np.ndarray]:
    """Range of each variable of one block, sum(a x) = b, lb <= x <= ub: exact where
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
    h.addRows(a.shape[0], b, b, a.nnz, a.indptr[:-1].astype(np.int32),
              a.indices.astype(np.int32), a.data.astype(float))
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


def pinned(value: np.ndarray, hidden: np.ndarray, capped: np.ndarray,
           relations: list[tuple[np.ndarray, np.ndarray]], k: int,
           floor: np.ndarray | None = None) -> np.ndarray:
    """True for every hidden cell whose feasible range is narrower than k-2."""
    b = bounds(value, hidden, capped, relations, k, floor, stop_at_width=k - 2)
    width = b.high - b.low
    return hidden & (width < k - 2 - TOL)


# ------------------------------------------------------------------ the warehouse audit
@dataclass
class Finding:
    family: str
    period: date
    table: str
    key: str
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


def audit_system(family: str, period: date, system: object, labels: dict[str, pd.DataFrame],
                 k: int, exact: bool = False) -> tuple[list[Finding], int]:
    """All hidden cells of one system with their bounds; returns (findings, hidden cells).
    Unless `exact`, a range shown to be at least k-2 wide is not pushed further (the proof
    needs no more; the printed range is then a part of the feasible range)."""
    from etl.suppression import System

    assert isinstance(system, System)
    value, hidden, _fixed, capped = system.arrays()
    b = bounds(value, hidden, capped, system.relations, k, system.floors(hidden),
               stop_at_width=None if exact else k - 2)
    findings = []
    for name, (start, stop) in system.parts.items():
        rows = np.flatnonzero(hidden[start:stop])
        frame = labels.get(name)
        keys = [""] * len(rows) if frame is None else _keys(frame, rows)
        findings.extend(Finding(family, period, name, key, float(b.low[start + pos]),
                                float(b.high[start + pos])) for pos, key in zip(rows, keys,
                                                                                strict=True))
    return findings, int(hidden.sum())


def _keys(frame: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """'column=value, ...' of each row (its identifying columns), all rows at once."""
    skip = {"_pos", "value", "hidden", "id"}
    columns = [c for c in frame.columns if c not in skip
               and not str(c).startswith("region_name")]
    return [", ".join(f"{c}={v}" for c, v in zip(columns, values, strict=True))
            for values in frame.iloc[rows][columns].itertuples(index=False, name=None)]


def published_families(conn: object, month: date) -> list[tuple[str, object]]:
    """The three families of linked tables of one month, as the attacker reads them from the
    warehouse: published values, NaN where suppressed."""
    from sqlalchemy import select

    from data import schema
    from data.periods import month_end
    from etl import aggregate

    last = month_end(month)

    def read(name: str, column: str) -> pd.DataFrame:
        t = schema.metadata.tables[name]
        rows = conn.execute(select(t).where(t.c[column] >= month,  # type: ignore[attr-defined]
                                            t.c[column] <= last)).mappings().all()
        frame = pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in t.columns])
        for c in ("visits", "activations", "offenses", "value"):
            if c in frame.columns:
                frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
        return frame

    ri = read("region_indicators", "month")

    def totals(indicator: str) -> pd.DataFrame:
        return ri[ri["indicator"] == indicator].reset_index(drop=True)

    visits = aggregate.visit_family(
        read("front_office_visits_daily", "date"), read("front_office_offices_monthly", "month"),
        read("front_office_visits_monthly", "month"),
        read("front_office_visits_regional", "month"), totals("front_office_visits"))
    sos = aggregate.sos_family(read("sos_activations_regional", "month"),
                               read("sos_activations_monthly", "month"),
                               totals("sos_activations"))
    camera = aggregate.camera_family(
        read("camera_offenses_district", "month"), read("camera_offenses_regional", "month"),
        {i: totals(i) for i in aggregate.CAMERA_INDICATORS})
    return [("visits", visits), ("sos", sos), ("camera", camera)]


def audit_warehouse(engine: object, k: int, exact: bool = False
                    ) -> tuple[list[Finding], pd.DataFrame]:
    """Bound every suppressed cell of every published month; returns all findings and a
    per-table summary (hidden cells, narrowest range)."""
    from sqlalchemy import select

    from data import schema

    t = schema.region_indicators
    with engine.connect() as conn:  # type: ignore[attr-defined]
        months = sorted({m for (m,) in conn.execute(select(t.c.month).distinct())})
        findings: list[Finding] = []
        for month in months:
            for family, fam in published_families(conn, month):
                found, _ = audit_system(family, month, fam.system, fam.frames, k, exact)
                findings.extend(found)
    rows = [{"table": f.table.split(".")[0], "width": f.width} for f in findings]
    frame = pd.DataFrame(rows, columns=["table", "width"])
    summary = (frame.groupby("table")["width"].agg(hidden="size", narrowest="min")
               .reset_index() if len(frame) else frame)
    return findings, summary


def render(findings: list[Finding], summary: pd.DataFrame, k: int, worst: int = 10) -> str:
    failing = [f for f in findings if f.width < k - 2 - TOL]
    lines = [f"audit: {len(findings)} suppressed cells bounded by linear programming "
             f"(k = {k}: every feasible range must be at least {k - 2} wide)"]
    if len(summary):
        lines.append(summary.to_string(index=False))
    ranked = sorted(findings, key=lambda f: f.width)[:worst]
    if ranked:
        lines.append("narrowest cells:")
        lines.extend(f"  {f.period:%Y-%m} {f.table} [{f.key}]: {f.low:g} .. {f.high:g}"
                     for f in ranked)
    lines.append(f"FAILED: {len(failing)} cells pinned to fewer than {k - 1} values"
                 if failing else "passed: no suppressed cell can be pinned")
    return "\n".join(lines)


def widths(value: np.ndarray, hidden: np.ndarray, capped: np.ndarray, relations: Relations,
           k: int, floor: np.ndarray | None = None, cache: Cache | None = None) -> np.ndarray:
    """Feasible width of every hidden cell, established only up to k-2 (the auditor that
    etl.suppression.protect calls)."""
    b = bounds(value, hidden, capped, relations, k, floor, stop_at_width=k - 2, cache=cache)
    return np.where(hidden, b.high - b.low, np.nan)


def auditor() -> Callable[..., np.ndarray]:
    """`widths` with a memory of the blocks it solved, for one protect() call: each round
    of complementary cells changes a few blocks, and only those are solved again."""
    cache: Cache = {}

    def audit(value: np.ndarray, hidden: np.ndarray, capped: np.ndarray,
              relations: Relations, k: int, floor: np.ndarray | None = None) -> np.ndarray:
        return widths(value, hidden, capped, relations, k, floor, cache)

    return audit


def previous_publication(conn: object, month: date) -> dict[str, pd.DataFrame]:
    """The month's rows of every daily and monthly table as published now: what the
    pipeline passes to aggregate.monthly_tables(previous=...) when it revises a month. Call
    it BEFORE replacing any of the month's rows (daily ones included)."""
    from sqlalchemy import select

    from data import schema
    from data.periods import month_end
    from etl import aggregate

    last = month_end(month)
    out: dict[str, pd.DataFrame] = {}
    for name in (*aggregate.DAILY_TABLES, *aggregate.MONTHLY_TABLES):
        t = schema.metadata.tables[name]
        column = t.c["date"] if "date" in t.c else t.c["month"]
        rows = conn.execute(select(t).where(column >= month, column <= last)  # type: ignore[attr-defined]
                            ).mappings().all()
        out[name] = pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in t.columns])
    return out
