"""Small-cell suppression over LINKED tables, checked by the attacker's linear program.

Every published count is a cell of a `System`: its true value, whether it is hidden, and
the additive relations between cells that the published tables imply (an office's monthly
total equals the sum of its daily cells and of its cells by channel; a region's total
equals the sum of its offices, ...). A relation says sum(lhs) == sum(rhs).

The rule, in the order it is applied:
1. Primary: a count of 1..k-1 is hidden. Zero is published (a true zero singles nobody out),
   so every hidden cell is known to be at least 1, and hidden daily cells (primary only, see
   etl.aggregate) are known to be at most k-1: the audit gives the attacker both facts.
2. Complementary: a relation leaks when it holds a single hidden cell, only cells the
   attacker knows to be <= k-1, or (all hidden cells on one side) a hidden sum S of n cells
   with S - n < k - 2 (then each cell lies in [1, S-n+1], a range narrower than k-2). In a
   leaking relation the smallest still-published cell of at least k events is hidden too,
   over and over until no relation leaks. Cells published earlier (`fixed`) never change.
3. Proof: etl.audit bounds every hidden cell by linear programming over all relations; a
   cell whose feasible range max - min is below k - 2 gets another complementary cell in its
   relations, and the audit runs again, until it passes.
Step 2 depends only on the flags and the sizes of the cells, never on whether a total
"happens to" hide a small sum: a total is hidden exactly when its relation needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


def primary(counts: pd.Series, k: int) -> pd.Series:
    """True where a count is positive but below k."""
    values = counts.fillna(0)
    return (values > 0) & (values < k)


@dataclass
class System:
    """The cells of one family of linked tables for one period."""

    value: list[np.ndarray] = field(default_factory=list)
    hidden: list[np.ndarray] = field(default_factory=list)
    fixed: list[np.ndarray] = field(default_factory=list)
    capped: list[np.ndarray] = field(default_factory=list)
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    relations: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    # sum(lhs) >= sum(rhs): a count revised by late nights only is at least its old self
    at_least: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    bundles: list[tuple[int, np.ndarray]] = field(default_factory=list)
    size: int = 0

    def add(
        self,
        name: str,
        values: pd.Series,
        hidden: pd.Series | None = None,
        *,
        fixed: bool = False,
        capped: bool = False,
    ) -> np.ndarray:
        """Add a table's cells; returns their positions. `values` may hold NaN for hidden
        cells when the truth is unknown (the audit reads published tables)."""
        n = len(values)
        v = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy(na_value=np.nan)
        h = np.zeros(n, dtype=bool) if hidden is None else np.asarray(hidden, dtype=bool).copy()
        self.value.append(v)
        self.hidden.append(h)
        self.fixed.append(np.full(n, fixed))
        self.capped.append(np.full(n, capped))
        self.parts[name] = (self.size, self.size + n)
        self.size += n
        return np.arange(self.size - n, self.size)

    def relate(self, lhs: Sequence[int] | np.ndarray, rhs: Sequence[int] | np.ndarray) -> None:
        self.relations.append((np.asarray(lhs, dtype=np.int64), np.asarray(rhs, dtype=np.int64)))

    def at_least_as(self, lhs: Sequence[int] | np.ndarray, rhs: Sequence[int] | np.ndarray) -> None:
        """What the attacker knows of a revision by late nights only: sum(lhs) >= sum(rhs)."""
        self.at_least.append((np.asarray(lhs, dtype=np.int64), np.asarray(rhs, dtype=np.int64)))

    def bundle(self, trigger: pd.DataFrame, members: pd.DataFrame, keys: list[str]) -> None:
        """When a trigger cell is hidden, every member cell with the same keys is hidden too,
        zeros included (so the attacker only knows those cells are >= 0): a withheld
        office-month total takes its breakdown cells with it."""
        grouped = members.groupby(keys, sort=False, observed=True)["_pos"].agg(list)
        for key, pos in zip(
            trigger[keys].itertuples(index=False, name=None), trigger["_pos"], strict=True
        ):
            lookup = key[0] if len(keys) == 1 else key
            if lookup in grouped.index:
                self.bundles.append((int(pos), np.asarray(grouped[lookup], dtype=np.int64)))

    def absorb(self, other: System, prefix: str) -> int:
        """Append another system's cells as fixed (an earlier publication: the attacker has
        it, it cannot change) with its relations and bundles; returns the position offset."""
        offset = self.size
        value, hidden, _fixed, capped = other.arrays()
        self.value.append(value)
        self.hidden.append(hidden)
        self.fixed.append(np.ones(len(value), dtype=bool))
        self.capped.append(capped)
        for name, (start, stop) in other.parts.items():
            self.parts[f"{prefix}{name}"] = (start + offset, stop + offset)
        self.size += len(value)
        self.relations.extend((lhs + offset, rhs + offset) for lhs, rhs in other.relations)
        self.at_least.extend((lhs + offset, rhs + offset) for lhs, rhs in other.at_least)
        self.bundles.extend((t + offset, m + offset) for t, m in other.bundles)
        return offset

    def mark(self, name: str, mask: np.ndarray) -> None:
        """Hide more cells of one part before protection (as if primary)."""
        start, _stop = self.parts[name]
        index = next(
            i for i, arr in enumerate(self.hidden) if sum(len(a) for a in self.hidden[:i]) == start
        )
        self.hidden[index] |= np.asarray(mask, dtype=bool)

    def floors(self, hidden: np.ndarray) -> np.ndarray:
        """The attacker's lower bound of each cell: 1 (zeros are published), 0 for the
        members of a hidden bundle (zeros may be withheld there)."""
        floor = np.ones(self.size)
        for trigger, members in self.bundles:
            if hidden[trigger]:
                floor[members] = 0.0
        return floor

    def link(self, a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
        """For every key combination: sum of a's cells == sum of b's cells. Frames carry the
        cells' positions in `_pos`."""
        if not len(a) and not len(b):
            return
        # Row numbers per key (one pass in pandas, no Python list per group); relations in
        # the order of the union of both sides' keys (the order the sweeps visit them).
        ga = a.groupby(keys, sort=False, observed=True)["_pos"]
        gb = b.groupby(keys, sort=False, observed=True)["_pos"]
        rows_a, rows_b = ga.indices, gb.indices
        pos_a, pos_b = a["_pos"].to_numpy(dtype=np.int64), b["_pos"].to_numpy(dtype=np.int64)
        none = np.zeros(0, dtype=np.int64)
        for key in ga.size().index.union(gb.size().index):
            left = pos_a[rows_a[key]] if key in rows_a else none
            right = pos_b[rows_b[key]] if key in rows_b else none
            self.relations.append((left, right))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        def cat(items: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(items) if items else np.zeros(0, dtype=dtype)

        return (
            cat(self.value, float),
            cat(self.hidden, bool),
            cat(self.fixed, bool),
            cat(self.capped, bool),
        )

    def part(self, name: str, flags: np.ndarray) -> np.ndarray:
        start, stop = self.parts[name]
        return flags[start:stop]


# (values as published, hidden, capped, relations, k, floors) -> feasible width per cell;
# also called with at_least=[(lhs, rhs), ...] when the system has inequality relations
Auditor = Callable[..., np.ndarray]


def protect(system: System, k: int, auditor: Auditor | None = None, rounds: int = 12) -> np.ndarray:
    """The hidden flag of every cell: primary, then complementary until the relations (and,
    when given, the auditor's linear program) no longer pin any hidden cell."""
    if k < 2:
        raise ValueError("k must be at least 2")
    value, hidden, fixed, capped = system.arrays()
    truth = np.nan_to_num(value, nan=0.0)
    hidden = hidden | (~fixed & (truth > 0) & (truth < k))
    hideable = ~fixed & (truth >= k)
    # Equalities first, then inequalities: a cell pinned through an inequality (an old cell
    # against its revised self) gets a complementary cell there too.
    links = [*system.relations, *system.at_least]
    by_cell: dict[int, list[int]] = {}
    for r, (lhs, rhs) in enumerate(links):
        for pos in np.concatenate([lhs, rhs]):
            by_cell.setdefault(int(pos), []).append(r)

    def complement(r: int) -> bool:
        lhs, rhs = links[r]
        cells = np.concatenate([lhs, rhs])
        pool = cells[hideable[cells] & ~hidden[cells]]
        if not len(pool):
            return False
        hidden[pool[np.argmin(truth[pool])]] = True
        return True

    def sweep() -> None:
        for _ in range(system.size + 1):
            changed = False
            for trigger, members in system.bundles:
                if hidden[trigger] and not hidden[members].all():
                    hidden[members] = True
                    changed = True
            for r, (lhs, rhs) in enumerate(system.relations):
                if _leaks(lhs, rhs, hidden, capped, truth, k) and complement(r):
                    changed = True
            if not changed:
                return

    def nearest(pos: int) -> bool:
        """Hide the smallest hideable cell in the relations nearest to `pos` (breadth
        first over relations through hidden cells): a pinned cell whose own relations hold
        nothing left to hide is freed by making one of their totals uncertain."""
        seen_rel: set[int] = set()
        frontier = {pos}
        seen_cells = {pos}
        for _depth in range(6):
            rels = {r for c in frontier for r in by_cell.get(c, [])} - seen_rel
            if not rels:
                return False
            seen_rel |= rels
            cells = np.unique(np.concatenate([np.concatenate(links[r]) for r in rels]))
            pool = cells[hideable[cells] & ~hidden[cells]]
            if len(pool):
                hidden[pool[np.argmin(truth[pool])]] = True
                return True
            frontier = {int(c) for c in cells[hidden[cells]]} - seen_cells
            seen_cells |= frontier
        return False

    sweep()
    if auditor is None:
        return hidden
    for _ in range(rounds):
        extra = {"at_least": system.at_least} if system.at_least else {}
        width = auditor(
            value_for_audit(value, hidden),
            hidden,
            capped,
            system.relations,
            k,
            system.floors(hidden),
            **extra,
        )
        pinned = hidden & (width < k - 2 - 1e-6)
        if not pinned.any():
            break
        # A complementary cell the attacker can compute exactly protects nothing (e.g. an
        # office total whose daily cells are all published): publish it, never pick it again.
        exact = pinned & (truth >= k) & (width < 1e-6)
        hidden[exact] = False
        hideable[exact] = False
        pinned &= ~exact
        grew = bool(exact.any())
        for pos in np.flatnonzero(pinned):
            if not hidden[pos]:
                continue
            fixed_here = False
            for r in by_cell.get(int(pos), []):
                fixed_here = complement(r) or fixed_here
            grew = fixed_here or nearest(int(pos)) or grew
        if not grew:
            break
        sweep()
    return hidden


def value_for_audit(value: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """What the attacker sees: published values, NaN where hidden."""
    return np.where(hidden, np.nan, value)


def _leaks(
    lhs: np.ndarray,
    rhs: np.ndarray,
    hidden: np.ndarray,
    capped: np.ndarray,
    truth: np.ndarray,
    k: int,
) -> bool:
    hl, hr = lhs[hidden[lhs]], rhs[hidden[rhs]]
    n = len(hl) + len(hr)
    if n == 0:
        return False
    if n == 1:
        return True
    both = np.concatenate([hl, hr])
    if capped[both].all():
        return True
    if len(hl) == 0 or len(hr) == 0:
        return float(truth[both].sum()) - n < k - 2
    return False


def blank(
    frame: pd.DataFrame, count: str, hidden: np.ndarray, attributes: Sequence[str] = ()
) -> pd.DataFrame:
    """Set the `suppressed` flag and blank the count and its attributes where it is set."""
    out = frame.copy()
    out["suppressed"] = np.asarray(hidden, dtype=bool)
    out[count] = out[count].astype("Int64").mask(out["suppressed"])
    for name in attributes:
        out[name] = out[name].mask(out["suppressed"])
    return out
