"""National and regional figures derived from the monthly regional indicators (pure functions).

Input: the rows of `region_indicators` (month, region, indicator, value, suppressed) and the
population records. National totals sum the published regional cells: a total with a withheld
cell is a lower bound ("partial"), and a change is only computed between complete totals.
National rates use the regions with a published value, as data.indicators.region_summary does,
so the rate on a page equals the rate in /api/v1/regions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard.cells import (
    MISSING,
    MISSING_CELL,
    OK,
    PER,
    SUPPRESSED,
    Cell,
    change,
    combine,
    from_rows,
    per_100k,
    population_by_region,
)
from data.catalog import INDICATORS
from data.periods import month_end

Row = Mapping[str, Any]


def month_of(value: Any) -> date:
    if isinstance(value, date):
        return value.replace(day=1)
    return date.fromisoformat(str(value)[:7] + "-01")


def shift_month(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class History:
    """Regional cells indexed by (month, indicator) → region → Cell."""

    def __init__(self, rows: Iterable[Row]):
        grouped: dict[tuple[date, str], dict[str, list[Row]]] = defaultdict(
            lambda: defaultdict(list))
        for row in rows:
            grouped[(month_of(row["month"]), row["indicator"])][row["region"]].append(row)
        self.cells: dict[tuple[date, str], dict[str, Cell]] = {
            key: {region: from_rows(items) for region, items in by_region.items()}
            for key, by_region in grouped.items()}
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
        known = {r: c for r, c in by_region.items() if c.value is not None and population.get(r)}
        if not known:
            return Cell(None, SUPPRESSED if by_region else MISSING)
        people = sum(population[r] for r in known)
        return Cell(round(sum(c.value for c in known.values()) / people * PER, 2), OK)  # type: ignore[misc]

    def year_to_date(self, year: int, through: date, indicator: str) -> Cell:
        """January..`through` of `year`; missing unless every one of those months has rows."""
        months = [date(year, m, 1) for m in range(1, through.month + 1)]
        totals = [self.national(m, indicator) for m in months]
        if any(c.state == MISSING for c in totals):
            return MISSING_CELL
        return combine(totals)


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


def headline_months(history: History, nights_to: date | None) -> tuple[date, date | None]:
    """(headline month, month still running or None). Changes compare whole months, so a
    month in progress is reported beside the latest complete one, not instead of it."""
    latest = history.latest
    assert latest is not None
    in_progress = nights_to is not None and nights_to < month_end(latest)
    if in_progress and len(history.months) > 1:
        return shift_month(latest, -1), latest
    return latest, (latest if in_progress else None)


def kpi_panel(history: History, population_records: Iterable[Row],
              nights_to: date | None = None) -> KpiPanel:
    if history.latest is None:
        return KpiPanel(None, False, nights_to, [])
    month, running = headline_months(history, nights_to)
    headline_in_progress = running == month
    extra = running if running and running != month else None
    population = population_by_region(list(population_records), month.year)
    previous = shift_month(month, -1)
    cards = []
    for indicator in INDICATORS:
        value = history.national(month, indicator)
        before = history.national(previous, indicator)
        ytd = history.year_to_date(month.year, month, indicator)
        ytd_before = history.year_to_date(month.year - 1, shift_month(month, -12), indicator)
        cards.append(KpiCard(
            indicator=indicator, month=month, value=value,
            rate=history.national_rate(month, indicator, population),
            previous_month=previous, previous=before,
            change_vs_previous=None if headline_in_progress else change(value, before),
            ytd=ytd, ytd_previous=ytd_before,
            change_vs_last_year=None if headline_in_progress else change(ytd, ytd_before),
            running_month=extra,
            running_value=history.national(extra, indicator) if extra else MISSING_CELL))
    return KpiPanel(month, headline_in_progress, nights_to, cards)


@dataclass(frozen=True)
class RankRow:
    region: str
    value: Cell
    rate: Cell
    rank: int | None


def ranking(history: History, population_records: Iterable[Row], indicator: str,
            month: date | None = None) -> list[RankRow]:
    """The 20 units by rate per 100,000 (highest first; ties share a rank; unranked last)."""
    from dashboard.i18n import region_codes

    month = month or history.latest
    if month is None:
        return []
    population = population_by_region(list(population_records), month.year)
    rows = []
    for region in region_codes():
        value = history.cell(month, indicator, region)
        rows.append((region, value, per_100k(value, population.get(region))))
    out = []
    for region, value, rate in rows:
        rank = None
        if rate.value is not None:
            rank = 1 + sum(1 for _, _, other in rows
                           if other.value is not None and other.value > rate.value)
        out.append(RankRow(region, value, rate, rank))
    return sorted(out, key=lambda r: (r.rank is None, r.rank or 0, r.region))


def per_100k_series(history: History, population_records: Iterable[Row], indicator: str,
                    region: str | None) -> list[tuple[date, Cell, Cell]]:
    """(month, count, rate) for one region, or the national rate when region is None."""
    records = list(population_records)
    by_year = {year: population_by_region(records, year)
               for year in {m.year for m in history.months}}
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
