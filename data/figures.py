"""Every published headline figure, and what it can be: never a 0 where nothing was published.

The API serialises these Cells and the dashboard formats them, so a page and a download are
one computation. Pure functions over the rows of `region_indicators` (month, region,
indicator, value, suppressed), the population records and the publications log; the SQL that
reads them is in data.indicators.

A Cell is a value with one of four states:
- "ok" (published): every count behind it is published;
- "partial": some counts behind a total are suppressed, so the value is a lower bound;
- "suppressed": every count behind it is withheld (value None);
- "missing" (no data): no row was published at all (value None).
National totals sum the published regional cells; a change is only computed between complete
totals; national rates use the regions with a published value and a population.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from data.catalog import INDICATORS
from data.periods import add_months, is_month_complete, month_start, months_of_year_through

OK, PARTIAL, SUPPRESSED, MISSING = "ok", "partial", "suppressed", "missing"
PER = 100_000

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Cell:
    value: float | None
    state: str = OK

    @property
    def known(self) -> bool:
        return self.value is not None


MISSING_CELL = Cell(None, MISSING)


# ------------------------------------------------------------------ cells
def _state_of(total: float, seen: int, hidden: int) -> Cell:
    if seen == 0:
        return MISSING_CELL
    if hidden == seen:
        return Cell(None, SUPPRESSED)
    return Cell(total, PARTIAL if hidden else OK)


def from_rows(rows: Iterable[Row], measure: str = "value") -> Cell:
    """Sum of published rows (each with `measure` and a `suppressed` flag)."""
    total, seen, hidden = 0.0, 0, 0
    for row in rows:
        seen += 1
        if row.get("suppressed") or row.get(measure) is None:
            hidden += 1
        else:
            total += float(row[measure])
    return _state_of(total, seen, hidden)


def from_aggregate(group: Row) -> Cell:
    """A group of data.queries.aggregate(): `value` sums published cells only."""
    cells = int(group.get("cells") or 0)
    hidden = int(group.get("suppressed_cells") or 0)
    return _state_of(float(group.get("value") or 0), cells, hidden)


def combine(cells: Iterable[Cell]) -> Cell:
    """The total of several cells (e.g. regions into a national figure)."""
    items = [c for c in cells if c.state != MISSING]
    if not items:
        return MISSING_CELL
    known = [c.value for c in items if c.value is not None]
    if not known:
        return Cell(None, SUPPRESSED)
    partial = len(known) < len(items) or any(c.state == PARTIAL for c in items)
    return Cell(sum(known), PARTIAL if partial else OK)


def per_100k(cell: Cell, population: float | None) -> Cell:
    """The rate keeps the state of the count: a lower-bound count gives a lower-bound rate."""
    if cell.value is None or not population:
        return Cell(None, cell.state if cell.value is None else MISSING)
    return Cell(round(cell.value / population * PER, 2), cell.state)


def change(current: Cell, previous: Cell) -> float | None:
    """Relative change, only between two complete figures (a lower bound compares to nothing)."""
    if current.state != OK or previous.state != OK or not previous.value or current.value is None:
        return None
    return (current.value - previous.value) / previous.value


def states_in(cells: Iterable[Cell]) -> set[str]:
    return {c.state for c in cells}


def population_by_region(records: Iterable[Row], year: int) -> dict[str, float]:
    """Population per region for `year`, or the nearest year published (later year on ties)."""
    best: dict[str, tuple[int, int, float]] = {}
    for row in records:
        key = (abs(int(row["year"]) - year), -int(row["year"]))
        region = row["region"]
        if region not in best or key < best[region][:2]:
            best[region] = (*key, float(row["population"]))
    return {region: value[2] for region, value in best.items()}


def pooled_rate(by_region: Mapping[str, Cell], population: Mapping[str, float]) -> Cell | None:
    """Per 100,000 residents of the regions with a published value and a population (the
    national or a category's rate); a lower bound if any of them is. None: no such region."""
    known = {r: c for r, c in by_region.items() if c.value is not None and population.get(r)}
    if not known:
        return None
    people = sum(population[r] for r in known)
    value = sum(c.value for c in known.values() if c.value is not None)
    lower_bound = any(c.state == PARTIAL for c in known.values())
    return Cell(round(value / people * PER, 2), PARTIAL if lower_bound else OK)


def rank_of(rate: Cell, rates: Iterable[Cell]) -> int | None:
    """1 + the number of strictly higher rates (ties share a rank); None without a rate."""
    if rate.value is None:
        return None
    return 1 + sum(1 for other in rates if other.value is not None and other.value > rate.value)


def data_through(publications: Iterable[Row]) -> date | None:
    """The latest night published over all publications: a later publication that re-delivers
    an old night covers that night only, so its own `nights_to` would step back in time."""
    nights = [row["nights_to"] for row in publications if row.get("nights_to") is not None]
    return max(nights) if nights else None


# ------------------------------------------------------------------ the monthly history
class History:
    """Regional cells indexed by (month, indicator) → region → Cell."""

    def __init__(self, rows: Iterable[Row]):
        grouped: dict[tuple[date, str], dict[str, list[Row]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for row in rows:
            grouped[(month_start(row["month"]), row["indicator"])][row["region"]].append(row)
        self.cells: dict[tuple[date, str], dict[str, Cell]] = {
            key: {region: from_rows(items) for region, items in by_region.items()}
            for key, by_region in grouped.items()
        }
        self.months: list[date] = sorted({month for month, _ in self.cells})

    @property
    def latest(self) -> date | None:
        return self.months[-1] if self.months else None

    def cell(self, month: date, indicator: str, region: str) -> Cell:
        return self.cells.get((month, indicator), {}).get(region, MISSING_CELL)

    def national(self, month: date, indicator: str) -> Cell:
        return combine(self.cells.get((month, indicator), {}).values())

    def national_rate(self, month: date, indicator: str, population: Mapping[str, float]) -> Cell:
        by_region = self.cells.get((month, indicator), {})
        rate = pooled_rate(by_region, population)
        return rate or Cell(None, SUPPRESSED if by_region else MISSING)

    def year_to_date(self, through: date, indicator: str) -> Cell:
        """January..`through` of its year; missing unless every one of those months has rows."""
        totals = [self.national(m, indicator) for m in months_of_year_through(through)]
        if any(c.state == MISSING for c in totals):
            return MISSING_CELL
        return combine(totals)


# ------------------------------------------------------------------ national KPIs
@dataclass(frozen=True)
class KpiCard:
    indicator: str
    month: date
    value: Cell
    rate: Cell
    previous_month: date
    previous: Cell
    change_vs_previous: float | None
    ytd: Cell
    ytd_previous: Cell
    change_vs_last_year: float | None
    running_month: date | None = None  # a month still in progress, reported apart
    running_value: Cell = MISSING_CELL


@dataclass(frozen=True)
class KpiPanel:
    month: date | None  # the headline month: the latest complete one when there is one
    headline_in_progress: bool  # only a month still running exists: no change is computed
    data_through: date | None  # the last night published ("so far" labels)
    cards: list[KpiCard]


def headline_months(history: History, through: date | None) -> tuple[date, date | None]:
    """(headline month, month still running or None). Changes compare whole months, so a
    month in progress is reported beside the latest complete one, not instead of it."""
    latest = history.latest
    assert latest is not None
    in_progress = through is not None and not is_month_complete(latest, through)
    if in_progress and len(history.months) > 1:
        return add_months(latest, -1), latest
    return latest, (latest if in_progress else None)


def kpi_panel(
    history: History, population_records: Iterable[Row], through: date | None = None
) -> KpiPanel:
    """National KPIs; `through` is data_through() of the publications log."""
    if history.latest is None:
        return KpiPanel(None, False, through, [])
    month, running = headline_months(history, through)
    headline_in_progress = running == month
    extra = running if running and running != month else None
    population = population_by_region(list(population_records), month.year)
    previous = add_months(month, -1)
    cards = []
    for indicator in INDICATORS:
        value = history.national(month, indicator)
        before = history.national(previous, indicator)
        ytd = history.year_to_date(month, indicator)
        ytd_before = history.year_to_date(add_months(month, -12), indicator)
        cards.append(
            KpiCard(
                indicator=indicator,
                month=month,
                value=value,
                rate=history.national_rate(month, indicator, population),
                previous_month=previous,
                previous=before,
                change_vs_previous=None if headline_in_progress else change(value, before),
                ytd=ytd,
                ytd_previous=ytd_before,
                change_vs_last_year=None if headline_in_progress else change(ytd, ytd_before),
                running_month=extra,
                running_value=history.national(extra, indicator) if extra else MISSING_CELL,
            )
        )
    return KpiPanel(month, headline_in_progress, through, cards)


# ------------------------------------------------------------------ regions: rates and ranks
@dataclass(frozen=True)
class RankRow:
    region: str
    value: Cell
    rate: Cell
    rank: int | None
    population: float | None = None


def ranking(
    history: History,
    population_records: Iterable[Row],
    indicator: str,
    regions: Sequence[str],
    month: date | None = None,
) -> list[RankRow]:
    """`regions` by rate per 100,000 (highest first; ties share a rank; unranked last)."""
    month = month or history.latest
    if month is None:
        return []
    population = population_by_region(list(population_records), month.year)
    cells = [(r, history.cell(month, indicator, r)) for r in regions]
    rates = [per_100k(value, population.get(r)) for r, value in cells]
    out = [
        RankRow(region, value, rate, rank_of(rate, rates), population.get(region))
        for (region, value), rate in zip(cells, rates, strict=True)
    ]
    return sorted(out, key=lambda r: (r.rank is None, r.rank or 0, r.region))


def per_100k_series(
    history: History, population_records: Iterable[Row], indicator: str, region: str | None
) -> list[tuple[date, Cell, Cell]]:
    """(month, count, rate) for one region, or the national rate when region is None."""
    records = list(population_records)
    by_year = {
        year: population_by_region(records, year) for year in {m.year for m in history.months}
    }
    out = []
    for month in history.months:
        population = by_year[month.year]
        if region is None:
            count = history.national(month, indicator)
            rate = history.national_rate(month, indicator, population)
        else:
            count = history.cell(month, indicator, region)
            rate = per_100k(count, population.get(region))
        out.append((month, count, rate))
    return out


def regional_table(
    history: History,
    population_records: Iterable[Row],
    regions: Sequence[str],
    month: date | None = None,
) -> list[dict[str, Any]]:
    """One record per region × indicator for a month (the latest by default): value
    (None unless published), suppressed (None when no row), population, rate_per_100k, rank."""
    month = month or history.latest
    if month is None:
        return []
    records = list(population_records)
    ranked = {
        (row.region, indicator): row
        for indicator in INDICATORS
        for row in ranking(history, records, indicator, regions, month)
    }
    out = []
    for region in regions:
        for indicator in INDICATORS:
            row = ranked[(region, indicator)]
            out.append(
                {
                    "region": region,
                    "indicator": indicator,
                    "month": month,
                    "value": row.value.value,
                    "suppressed": (
                        None if row.value.state == MISSING else row.value.state == SUPPRESSED
                    ),
                    "population": row.population,
                    "rate_per_100k": row.rate.value,
                    "rank": row.rank,
                }
            )
    return out
