"""The attacker's audit: bound every suppressed cell by linear programming (scipy's HiGHS).

What the attacker knows (see etl.suppression): every published number of the linked tables
of a period and every relation between them (totals, margins, the regional indicators and,
through them, any national figure, which is only ever a sum of published regional cells);
that a suppressed cell is at least 1 (zeros are published); that a suppressed daily cell is
at most k-1 (daily cells are only ever hidden as primary cells); and the published cells of
the previous publication of a revised month (etl.aggregate links old and new).

For every hidden cell x the audit solves min x and max x subject to all that. The feasible
range max - min must be at least k-2, i.e. the cell can still take any of k-1 values; a cell
pinned closer than that fails the audit. `python -m etl audit` runs it over the warehouse.

Speed: the relations split into independent blocks (connected components of hidden cells),
each a small LP; and every LP solution is a feasible point for all the cells of its block,
so a cell whose observed values already span k-2 needs no LP of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

TOL = 1e-6
_WARMUP = 16
_BIG = 1e9  # a finite box for the random-objective LPs (an unbounded cell goes up to it)


@dataclass
class Bounds:
    low: np.ndarray  # per cell; NaN for published cells
    high: np.ndarray


def bounds(value: np.ndarray, hidden: np.ndarray, capped: np.ndarray,
           relations: list[tuple[np.ndarray, np.ndarray]], k: int,
           floor: np.ndarray | None = None, *, stop_at_width: float | None = None) -> Bounds:
    """Feasible range of every hidden cell. With `stop_at_width`, a cell whose range is
    shown to be at least that wide is not bounded further (its range is a lower estimate)."""
    n = len(value)
    low = np.full(n, np.nan)
    high = np.full(n, np.nan)
    idx = np.flatnonzero(hidden)
    if not len(idx):
        return Bounds(low, high)
    known = np.where(hidden, 0.0, np.nan_to_num(value, nan=0.0))
    cap = k - 1.0
    # Daily cells hang off one total each (an office-month): eliminated exactly. Their sum
    # over n cells lies in [n, n(k-1)], which bounds the total; from the total's range the
    # range of each of them follows (they are interchangeable), see _star.
    uses = np.zeros(n, dtype=np.int64)
    for lhs, rhs in relations:
        cells = np.concatenate([lhs, rhs])
        np.add.at(uses, cells[hidden[cells]], 1)
    lb = np.ones(n) if floor is None else floor.astype(float).copy()
    ub = np.where(capped, cap, np.inf)
    stars: list[tuple[int, np.ndarray, float]] = []  # (total or -1, capped cells, offset)
    eliminated = np.zeros(n, dtype=bool)
    kept: list[tuple[np.ndarray, np.ndarray]] = []
    for lhs, rhs in relations:
        star = _star(lhs, rhs, hidden, capped, uses, known)
        if star is None:
            kept.append((lhs, rhs))
            continue
        total, cells, offset = star
        m = len(cells)
        eliminated[cells] = True
        stars.append((total, cells, offset))
        if total >= 0:
            lb[total] = max(lb[total], offset + m)
            ub[total] = min(ub[total], offset + cap * m)
    idx = np.flatnonzero(hidden & ~eliminated)
    exact = np.zeros(n, dtype=bool)  # totals of stars: their full range is needed
    exact[[t for t, _c, _o in stars if t >= 0]] = True
    var = np.full(n, -1, dtype=np.int64)
    var[idx] = np.arange(len(idx))
    rows: list[tuple[np.ndarray, np.ndarray, float]] = []
    parent = np.arange(len(idx))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for lhs, rhs in kept:
        vl, vr = var[lhs], var[rhs]
        cols = np.concatenate([vl[vl >= 0], vr[vr >= 0]])
        if not len(cols):
            continue
        coef = np.concatenate([np.ones((vl >= 0).sum()), -np.ones((vr >= 0).sum())])
        rows.append((cols, coef, float(known[rhs].sum() - known[lhs].sum())))
        root = find(int(cols[0]))
        for c in cols[1:]:
            other = find(int(c))
            if other != root:
                parent[other] = root
    comp = np.array([find(i) for i in range(len(idx))], dtype=np.int64)
    row_comp = np.array([comp[r[0][0]] for r in rows]) if rows else np.zeros(0, dtype=int)
    for c in np.unique(comp):
        members = np.flatnonzero(comp == c)
        local = np.full(len(idx), -1, dtype=np.int64)
        local[members] = np.arange(len(members))
        mine = [rows[i] for i in np.flatnonzero(row_comp == c)]
        lo, hi = _block(members, local, mine, lb[idx[members]], ub[idx[members]],
                        stop_at_width, exact[idx[members]])
        low[idx[members]] = lo
        high[idx[members]] = hi
    for total, cells, offset in stars:
        m = len(cells)
        if total >= 0:
            s_lo, s_hi = low[total] - offset, high[total] - offset
        else:
            s_lo = s_hi = offset
        s_lo, s_hi = max(s_lo, m), min(s_hi, cap * m)
        low[cells] = max(1.0, s_lo - cap * (m - 1))
        high[cells] = min(cap, s_hi - (m - 1))
    return Bounds(low, high)


def _star(lhs: np.ndarray, rhs: np.ndarray, hidden: np.ndarray, capped: np.ndarray,
          uses: np.ndarray, known: np.ndarray) -> tuple[int, np.ndarray, float] | None:
    """A relation whose hidden cells are capped cells found in no other relation, on one
    side, and at most one other hidden cell (their total) on the other side."""
    for side, other in ((lhs, rhs), (rhs, lhs)):
        cells = side[hidden[side]]
        rest = other[hidden[other]]
        if not len(cells) or not capped[cells].all() or (uses[cells] != 1).any():
            continue
        if len(rest) > 1 or (len(rest) == 1 and capped[rest[0]]):
            continue
        # total + known(other side) = sum(cells) + known(side)
        offset = float(known[side].sum() - known[other].sum())
        if len(rest) == 0:
            return -1, cells, -offset
        return int(rest[0]), cells, offset
    return None


def _block(members: np.ndarray, local: np.ndarray, rows: list, lb: np.ndarray, ub: np.ndarray,
           stop_at_width: float | None, exact: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m = len(members)
    if not rows:  # no relation: only the attacker's a-priori range
        return lb.copy(), ub.copy()
    data, ri, ci, rhs = [], [], [], []
    for r, (cols, coef, b) in enumerate(rows):
        data.extend(coef)
        ri.extend([r] * len(cols))
        ci.extend(local[cols])
        rhs.append(b)
    a_eq = csr_matrix((data, (ri, ci)), shape=(len(rows), m))
    b_eq = np.asarray(rhs)
    box = list(zip(lb, [None if np.isinf(u) else u for u in ub], strict=True))
    lo = np.full(m, np.nan)
    hi = np.full(m, np.nan)
    seen_lo = np.full(m, np.inf)
    seen_hi = np.full(m, -np.inf)
    if stop_at_width is not None and m > 4:
        # A few LPs with random objectives: their optima are far-apart feasible points, and
        # usually show most cells free over a range of k-2 or more without their own LPs.
        rng = np.random.default_rng(m)
        for _ in range(_WARMUP):
            res = linprog(rng.standard_normal(m), A_eq=a_eq, b_eq=b_eq,
                          bounds=[(lo_, hi_ if hi_ is not None else _BIG) for lo_, hi_ in box],
                          method="highs")
            if res.status != 0:
                break
            seen_lo = np.minimum(seen_lo, res.x)
            seen_hi = np.maximum(seen_hi, res.x)
    for j in range(m):
        for sign in (1.0, -1.0):
            if (stop_at_width is not None and not exact[j]
                    and seen_hi[j] - seen_lo[j] >= stop_at_width - TOL):
                break
            if (sign > 0 and not np.isnan(lo[j])) or (sign < 0 and not np.isnan(hi[j])):
                continue
            cost = np.zeros(m)
            cost[j] = sign
            res = linprog(cost, A_eq=a_eq, b_eq=b_eq, bounds=box, method="highs")
            if res.status == 3:  # unbounded above
                hi[j] = np.inf
                seen_hi[j] = np.inf
                continue
            if res.status != 0:  # infeasible: the published numbers contradict the model
                lo[j], hi[j] = -np.inf, np.inf
                break
            x = res.x
            seen_lo = np.minimum(seen_lo, x)
            seen_hi = np.maximum(seen_hi, x)
            if sign > 0:
                lo[j] = x[j]
            else:
                hi[j] = x[j]
    lo = np.where(np.isnan(lo), seen_lo, lo)
    hi = np.where(np.isnan(hi), seen_hi, hi)
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
        frame = labels.get(name)
        for pos in np.flatnonzero(hidden[start:stop]):
            cell = start + pos
            key = "" if frame is None else _key(frame.iloc[pos])
            findings.append(Finding(family, period, name, key, float(b.low[cell]),
                                    float(b.high[cell])))
    return findings, int(hidden.sum())


def _key(row: pd.Series) -> str:
    skip = {"_pos", "value", "hidden", "id"}
    return ", ".join(f"{c}={row[c]}" for c in row.index if c not in skip
                     and not str(c).startswith("region_name"))


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


def widths(value: np.ndarray, hidden: np.ndarray, capped: np.ndarray,
           relations: list[tuple[np.ndarray, np.ndarray]], k: int,
           floor: np.ndarray | None = None) -> np.ndarray:
    """Feasible width of every hidden cell, established only up to k-2 (the auditor that
    etl.suppression.protect calls)."""
    b = bounds(value, hidden, capped, relations, k, floor, stop_at_width=k - 2)
    return np.where(hidden, b.high - b.low, np.nan)


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
