"""What a published number can be, and how to say it: never a 0 where nothing was published.

A Cell is a value with one of four states:
- "ok": every count behind it is published;
- "partial": some counts behind a total are suppressed, so the value is a lower bound;
- "suppressed": every count behind it is withheld (value None);
- "missing": no row was published at all (value None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.i18n import fmt_int, fmt_num, t

OK, PARTIAL, SUPPRESSED, MISSING = "ok", "partial", "suppressed", "missing"
PER = 100_000


@dataclass(frozen=True)
class Cell:
    value: float | None
    state: str = OK

    @property
    def known(self) -> bool:
        return self.value is not None


MISSING_CELL = Cell(None, MISSING)


def from_rows(rows: Iterable[Mapping[str, Any]], measure: str = "value") -> Cell:
    """Sum of published rows (each with `measure` and a `suppressed` flag)."""
    total, seen, hidden = 0.0, 0, 0
    for row in rows:
        seen += 1
        if row.get("suppressed") or row.get(measure) is None:
            hidden += 1
        else:
            total += float(row[measure])
    return _state_of(total, seen, hidden)


def from_aggregate(group: Mapping[str, Any]) -> Cell:
    """A group of data.queries.aggregate(): `value` sums published cells only."""
    cells = int(group.get("cells") or 0)
    hidden = int(group.get("suppressed_cells") or 0)
    return _state_of(float(group.get("value") or 0), cells, hidden)


def combine(cells: Iterable[Cell]) -> Cell:
    """The total of several cells (e.g. regions into a national figure)."""
    items = [c for c in cells if c.state != MISSING]
    if not items:
        return MISSING_CELL
    known = [c for c in items if c.value is not None]
    if not known:
        return Cell(None, SUPPRESSED)
    partial = len(known) < len(items) or any(c.state == PARTIAL for c in known)
    return Cell(sum(c.value for c in known), PARTIAL if partial else OK)  # type: ignore[misc]


def _state_of(total: float, seen: int, hidden: int) -> Cell:
    if seen == 0:
        return MISSING_CELL
    if hidden == seen:
        return Cell(None, SUPPRESSED)
    return Cell(total, PARTIAL if hidden else OK)


def per_100k(cell: Cell, population: float | None) -> Cell:
    """The rate keeps the state of the count: a lower-bound count gives a lower-bound rate."""
    if cell.value is None or not population:
        return Cell(None, cell.state if cell.value is None else MISSING)
    return Cell(round(cell.value / population * PER, 2), cell.state)


def change(current: Cell, previous: Cell) -> float | None:
    """Relative change, only between two complete figures (a lower bound compares to nothing)."""
    if current.state != OK or previous.state != OK or not previous.value:
        return None
    return (current.value - previous.value) / previous.value  # type: ignore[operator]


def text(cell: Cell, lang: str, formatter: Callable[[Any, str], str] = fmt_int) -> str:
    """How a cell reads in a table: a number, "at least N", "suppressed" or "no data"."""
    if cell.state == MISSING or (cell.value is None and cell.state == OK):
        return t("value.missing", lang)
    if cell.state == SUPPRESSED or cell.value is None:
        return t("value.suppressed", lang)
    shown = formatter(cell.value, lang)
    return t("value.at_least", lang, value=shown) if cell.state == PARTIAL else shown


def rate_text(cell: Cell, lang: str) -> str:
    return text(cell, lang, lambda v, lg: fmt_num(v, lg, 1))


def states_in(cells: Iterable[Cell]) -> set[str]:
    return {c.state for c in cells}


def population_by_region(records: Iterable[Mapping[str, Any]], year: int) -> dict[str, float]:
    """Population per region for `year`, or the nearest year published (later year on ties) —
    the same choice as data.indicators.population_for, so rates agree with the API."""
    best: dict[str, tuple[int, int, float]] = {}
    for row in records:
        key = (abs(int(row["year"]) - year), -int(row["year"]))
        region = row["region"]
        if region not in best or key < best[region][:2]:
            best[region] = (*key, float(row["population"]))
    return {region: value[2] for region, value in best.items()}
