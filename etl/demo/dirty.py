"""Dirty rows in the demo files: how many of each kind, and where they go in the file.

Row-level kinds either change one cell of a clean row (in place) or add a row: an exact copy
(``duplicate_row``), a copy with the same id but a different time (``duplicate_id``), or a
row of the previous night with its id (``repeated_previous_night``). Added rows always come
after their original in the file, since the ETL keeps the first occurrence. The kinds and the
reasons they should cause are listed in ``dirty_kinds``, the broken cells made in
``dirty_defects``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from etl.contract import EVENT_TIME_COLUMN as TIME_COLUMN
from etl.demo import config as cfg
from etl.demo.columns import Columns, n_rows, take
from etl.demo.dirty_defects import MUTATIONS, bogus_ids, facility_defect, target_defect
from etl.demo.dirty_kinds import ADDED_KINDS, EVENT_KINDS, FACILITY_KINDS, TARGET_KINDS
from etl.demo.write import TextTable


@dataclass
class Dirty:
    """The rows to write and what was done to them."""

    text: TextTable
    counts: Counter[str]
    untouched: np.ndarray  # indices of typed rows written unchanged (tomorrow's repeat candidates)


Render = Callable[[Columns], TextTable]


# ---------------------------------------------------------------- event files
def plan_counts(
    rng: np.random.Generator, table: str, n: int, forced: str | None, can_repeat: bool
) -> Counter[str]:
    """How many rows of each kind: ~DIRTY_RATE of the rows plus one of the forced kind."""
    weights = EVENT_KINDS[table]
    kinds = list(weights)
    p = np.array([weights[k] for k in kinds], dtype=float)
    total = int(rng.binomial(n, cfg.DIRTY_RATE)) if n else 0
    counts: Counter[str] = Counter(
        dict(zip(kinds, rng.multinomial(total, p / p.sum()).tolist(), strict=True))
    )
    if forced:
        counts[forced] += 1
    if not can_repeat:
        counts["duplicate_row"] += counts.pop("repeated_previous_night", 0)
    budget = n // 2  # never touch more than half of a (tiny) file
    for kind in kinds:
        if kind != "repeated_previous_night":  # those rows come from yesterday's file
            counts[kind] = min(counts.get(kind, 0), budget)
            budget -= counts[kind]
    return +counts


def inject_events(
    rng: np.random.Generator,
    table: str,
    typed: Columns,
    previous: Columns | None,
    render: Render,
    counts: Counter[str],
    registry: Columns,
    day: date,
) -> Dirty:
    """Render ``typed`` with the planned dirty rows injected; returns rows in file order."""
    n = n_rows(typed)
    in_place = [k for k in counts if k not in ADDED_KINDS for _ in range(counts[k])]
    n_src = counts.get("duplicate_row", 0) + counts.get("duplicate_id", 0)
    picked = rng.choice(n, size=len(in_place) + n_src, replace=False) if n else np.array([], int)
    mutated, sources = picked[: len(in_place)], picked[len(in_place) :]
    kinds_of = np.array(in_place, dtype=object)

    time_col = TIME_COLUMN[table]
    base = dict(typed)
    stale = mutated[kinds_of == "outside_night_window"]
    if stale.size:  # before the window [night - 1, night]: 2-10 days earlier
        shift = rng.integers(2, 11, stale.size).astype("timedelta64[D]").astype("timedelta64[s]")
        col = base[time_col].copy()
        col[stale] = col[stale] - shift
        base[time_col] = col
    text = render(base)
    for kind in sorted(set(in_place) - {"outside_night_window"}):
        rows = mutated[kinds_of == kind]
        MUTATIONS[kind](rng, table, text, rows, registry, day)

    parts: list[tuple[TextTable, np.ndarray]] = [(text, np.arange(n, dtype=float))]
    dup_rows, dup_ids = np.split(sources, [counts.get("duplicate_row", 0)])
    if dup_rows.size:
        parts.append(({c: v[dup_rows] for c, v in text.items()}, _after(rng, dup_rows, n)))
    if dup_ids.size:
        parts.append(
            (render(_retimed(rng, take(typed, dup_ids), time_col, day)), _after(rng, dup_ids, n))
        )
    repeats = counts.get("repeated_previous_night", 0)
    if repeats and previous is not None and n_rows(previous):
        size = min(repeats, n_rows(previous))
        chosen = take(previous, np.sort(rng.choice(n_rows(previous), size=size, replace=False)))
        counts["repeated_previous_night"] = size
        parts.append((render(chosen), -1.0 + np.linspace(0, 0.5, size)))
    untouched = np.setdiff1d(np.arange(n), mutated)
    return Dirty(_assemble(parts), +counts, untouched)


def _after(rng: np.random.Generator, sources: np.ndarray, n: int) -> np.ndarray:
    """Sort keys that place each copy after its original (and before the file end)."""
    room = np.maximum(n - 1 - sources, 0.5)
    return sources + rng.uniform(0.01, 1, sources.size) * np.minimum(room, 40)


def _retimed(rng: np.random.Generator, rows: Columns, time_col: str, day: date) -> Columns:
    """Same ids, a different time on the same day: a conflicting second record."""
    rows = dict(rows)
    ts = rows[time_col]
    minutes = rng.integers(3, 30, len(ts)).astype("timedelta64[m]").astype("timedelta64[s]")
    late = ts + minutes
    end_of_day = np.datetime64(day + timedelta(days=1), "s")
    rows[time_col] = np.where(late < end_of_day, late, ts - minutes)
    return rows


def _assemble(parts: list[tuple[TextTable, np.ndarray]]) -> TextTable:
    order = np.argsort(np.concatenate([keys for _, keys in parts]), kind="stable")
    columns = parts[0][0].keys()
    return {c: np.concatenate([t[c] for t, _ in parts])[order] for c in columns}


# ---------------------------------------------------------------- registries
def inject_facilities(
    rng: np.random.Generator, text: TextTable, day: date, date_style: str
) -> tuple[TextTable, Counter[str]]:
    """Bogus registry rows (ids numbered 8xx/8xxx, never referenced by events) with one defect
    each, plus exact duplicates of real rows: the real facilities always stay valid, so no
    event becomes an unknown facility because of registry dirt."""
    n = len(text["facility_id"])
    counts = _registry_counts(
        rng, FACILITY_KINDS, max(1, int(rng.binomial(n, cfg.FACILITY_DIRTY_RATE)))
    )
    parts: list[tuple[TextTable, np.ndarray]] = [(text, np.arange(n, dtype=float))]
    for kind, k in sorted(counts.items()):
        src = rng.choice(n, size=k, replace=False)
        rows = {c: v[src].copy() for c, v in text.items()}
        if kind != "duplicate_row":
            rows["facility_id"] = bogus_ids(rng, rows["facility_id"])
            facility_defect(rng, kind, rows, day, date_style)
        parts.append((rows, _after(rng, src, n)))
    return _assemble(parts), counts


def _registry_counts(rng: np.random.Generator, kinds: tuple[str, ...], total: int) -> Counter[str]:
    """One row of every kind, the rest spread at random."""
    extra = rng.multinomial(max(total - len(kinds), 0), np.full(len(kinds), 1 / len(kinds)))
    return Counter({k: 1 + int(e) for k, e in zip(kinds, extra, strict=True)})


def inject_targets(rng: np.random.Generator, text: TextTable) -> tuple[TextTable, Counter[str]]:
    """Bogus plan rows with one defect each, plus an exact duplicate."""
    n = len(text["region"])
    counts = _registry_counts(rng, TARGET_KINDS, cfg.TARGET_DIRTY_ROWS)
    parts: list[tuple[TextTable, np.ndarray]] = [(text, np.arange(n, dtype=float))]
    for kind, k in sorted(counts.items()):
        src = rng.choice(n, size=k, replace=False)
        rows = {c: v[src].copy() for c, v in text.items()}
        target_defect(rng, kind, rows)
        parts.append((rows, _after(rng, src, n)))
    return _assemble(parts), counts
