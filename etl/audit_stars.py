"""Exact elimination of capped leaf cells for the audit's linear programs (etl.audit_lp).

The relations of a system as one incidence list, and the "stars": relations whose hidden
cells are capped cells found in no other relation (daily cells under an office-month) plus at
most one uncapped hidden total. Their cells leave the LP; the total's range gives theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Relations = Sequence[tuple[np.ndarray, np.ndarray]]


@dataclass
class Incidence:
    """All relations as one list of entries: relation `row` says sum(sign * x[cell]) == 0
    (sign +1 on the left-hand side, -1 on the right), or >= 0 where `at_least[row]` (a
    revision by late nights only: every new count is at least its old self)."""

    row: np.ndarray
    cell: np.ndarray
    sign: np.ndarray
    count: int
    at_least: np.ndarray  # per row

    @classmethod
    def of(cls, relations: Relations, at_least: Relations = ()) -> Incidence:
        pairs = [*relations, *at_least]
        parts = [side for pair in pairs for side in pair]
        kind = np.r_[np.zeros(len(relations), dtype=bool), np.ones(len(at_least), dtype=bool)]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, np.zeros(0), len(pairs), kind)
        lengths = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
        cell = np.concatenate(parts).astype(np.int64)
        sign = np.repeat(np.tile([1.0, -1.0], len(pairs)), lengths)
        row = np.repeat(np.repeat(np.arange(len(pairs)), 2), lengths)
        return cls(row, cell, sign, len(pairs), kind)

    def per_row(self, weights: np.ndarray) -> np.ndarray:
        return np.bincount(self.row, weights=weights, minlength=self.count)


class Stars:
    """Relations whose hidden cells are, on one side, capped cells found in no other
    relation, and on the other side at most one uncapped hidden cell, their total T (an
    office-month over its daily cells). Their sum S = T - offset is all the rest of the
    system sees of them: S lies in [F, cap*m] (F the sum of their floors), which bounds T;
    and from T's range each cell's range follows exactly, see `spread`."""

    def __init__(
        self,
        inc: Incidence,
        hidden: np.ndarray,
        capped: np.ndarray,
        known: np.ndarray,
        floor: np.ndarray,
        cap: float,
    ) -> None:
        h = hidden[inc.cell]
        row, cell, left = inc.row[h], inc.cell[h], inc.sign[h] > 0
        leaf = capped[cell] & (np.bincount(cell, minlength=len(hidden))[cell] == 1)

        def count(mask: np.ndarray) -> np.ndarray:
            return np.bincount(row[mask], minlength=inc.count)

        n_l, n_r = count(left), count(~left)
        leaf_l, leaf_r = count(left & leaf), count(~left & leaf)
        cap_l, cap_r = count(left & capped[cell]), count(~left & capped[cell])
        # An inequality row bounds its cells only one way: never a star, and a cell in one
        # is no leaf (its count above covers every row), so the elimination stays exact.
        equality = ~inc.at_least
        star_l = equality & (n_l > 0) & (leaf_l == n_l) & ((n_r == 0) | ((n_r == 1) & (cap_r == 0)))
        star_r = (
            equality
            & ~star_l
            & (n_r > 0)
            & (leaf_r == n_r)
            & ((n_l == 0) | ((n_l == 1) & (cap_l == 0)))
        )
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
        self.floor_sum = np.bincount(self.row, weights=floor[self.cell], minlength=inc.count)[rows]
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
            width = np.minimum(self.cap, s_hi - f_sum + f) - np.maximum(
                f, s_lo - self.cap * (m - 1)
            )
            out = np.minimum(out, width)
        return out
