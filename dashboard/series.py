"""The indicators explorer: its URL state, and monthly series built from aggregate rows.

`SeriesState.from_query(query)` accepts anything a URL may carry and keeps only allow-listed
values; `to_query(lang)` writes it back, so every view is a shareable link. `build_series()`
turns data.queries.aggregate rows (month × region [× category]) into one line per group, with
per-capita rates computed over the regions that published a value.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from data.figures import MISSING_CELL, Cell, combine, from_aggregate, pooled_rate
from data.figures import population_by_region as _population
from data.periods import month_end, months_between
from data.periods import month_start as month_of

TOTAL, BY_REGION = "total", "region"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Explorable:
    dataset: str
    measure: str
    categories: tuple[str, ...]
    single: tuple[str, ...] = ()  # categories where exactly one value makes sense
    defaults: tuple[tuple[str, str], ...] = ()


EXPLORABLE: dict[str, Explorable] = {
    e.dataset: e
    for e in (
        Explorable(
            "region_indicators",
            "value",
            ("indicator",),
            single=("indicator",),
            defaults=(("indicator", "front_office_visits"),),
        ),
        Explorable("front_office_visits_regional", "visits", ("channel", "topic", "outcome")),
        Explorable("sos_activations_regional", "activations", ("category",)),
        Explorable("camera_offenses_regional", "offenses", ("kind", "category")),
    )
}
DEFAULT_DATASET = "region_indicators"


def category_values(dataset: str, name: str) -> list[str]:
    """The allowed values of a category column: the enum vocabulary known to i18n."""
    from dashboard.i18n import LABELS
    from dashboard.text.labels import CATEGORY_KINDS

    return list(LABELS[CATEGORY_KINDS[(dataset, name)]])


@dataclass(frozen=True)
class SeriesState:
    dataset: str = DEFAULT_DATASET
    regions: tuple[str, ...] = ()  # empty: every region
    start: str | None = None  # YYYY-MM
    end: str | None = None
    categories: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    breakdown: str = TOTAL
    per_capita: bool = False

    @property
    def spec(self) -> Explorable:
        return EXPLORABLE[self.dataset]

    def chosen(self, name: str) -> tuple[str, ...]:
        return dict(self.categories).get(name, ())

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> SeriesState:
        from dashboard.i18n import region_codes

        dataset = _one(query.get("dataset"))
        dataset = dataset if dataset in EXPLORABLE else DEFAULT_DATASET
        spec = EXPLORABLE[dataset]
        known_regions = set(region_codes())
        regions = tuple(r for r in _many(query.get("region")) if r in known_regions)
        categories = []
        for name in spec.categories:
            allowed = category_values(dataset, name)
            values = tuple(v for v in _many(query.get(name)) if v in allowed)
            if name in spec.single:
                values = values[:1] or tuple(v for k, v in spec.defaults if k == name)
            if values:
                categories.append((name, values))
        breakdown = _one(query.get("by")) or TOTAL
        if breakdown not in (TOTAL, BY_REGION, *spec.categories) or breakdown in spec.single:
            breakdown = TOTAL
        start, end = (_month(query.get(k)) for k in ("from", "to"))
        if start and end and start > end:
            start, end = end, start
        per_capita = _one(query.get("per_capita")) in ("1", "true", "yes", "on")
        return cls(dataset, regions, start, end, tuple(categories), breakdown, per_capita)

    def with_defaults(self, first: date | None, last: date | None) -> SeriesState:
        """Fill an open period with the published range (the whole series by default)."""
        start = self.start or (first.strftime("%Y-%m") if first else None)
        end = self.end or (last.strftime("%Y-%m") if last else None)
        return replace(self, start=start, end=end)

    def to_query(self, lang: str) -> str:
        params: list[tuple[str, str]] = [("lang", lang), ("dataset", self.dataset)]
        if self.regions:
            params.append(("region", ",".join(self.regions)))
        if self.start:
            params.append(("from", self.start))
        if self.end:
            params.append(("to", self.end))
        params.extend((name, ",".join(values)) for name, values in self.categories)
        if self.breakdown != TOTAL:
            params.append(("by", self.breakdown))
        if self.per_capita:
            params.append(("per_capita", "1"))
        return "?" + urlencode(params, safe=",")

    # -------------------------------------------------------------- the query it needs
    def group_by(self) -> tuple[str, ...]:
        extra = (self.breakdown,) if self.breakdown not in (TOTAL, BY_REGION) else ()
        return ("month", "region", *extra)

    def equals(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        items = [(name, tuple(sorted(values))) for name, values in self.categories]
        if self.regions:
            items.append(("region", tuple(sorted(self.regions))))
        return tuple(sorted(items))

    def date_bounds(self) -> tuple[date | None, date | None]:
        start = month_of(self.start) if self.start else None
        end = month_end(month_of(self.end)) if self.end else None
        return start, end

    def api_params(self) -> list[tuple[str, str]]:
        """The same filters as query parameters of /api/v1/datasets/<id>/rows|aggregate."""
        params: list[tuple[str, str]] = []
        if self.regions:
            params.append(("region", ",".join(self.regions)))
        params.extend((name, ",".join(values)) for name, values in self.categories)
        if self.start:
            params.append(("date_from", self.start))
        if self.end:
            params.append(("date_to", self.end))
        return params


def _one(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) else None


def _many(value: Any) -> list[str]:
    raw = value if isinstance(value, (list, tuple)) else [value]
    out: list[str] = []
    for item in raw:
        if isinstance(item, str):
            out.extend(p.strip() for p in item.split(",") if p.strip())
    return list(dict.fromkeys(out))


def _month(value: Any) -> str | None:
    text = _one(value)
    return text if text and _MONTH.match(text) else None


# ------------------------------------------------------------------ series from aggregate rows
@dataclass(frozen=True)
class Line:
    key: str  # region code, category value or TOTAL
    counts: tuple[Cell, ...]
    rates: tuple[Cell, ...]

    def shown(self, per_capita: bool) -> tuple[Cell, ...]:
        return self.rates if per_capita else self.counts


@dataclass(frozen=True)
class SeriesData:
    months: tuple[date, ...]
    lines: tuple[Line, ...]


def build_series(
    groups: Iterable[Mapping[str, Any]],
    state: SeriesState,
    population_records: Iterable[Mapping[str, Any]],
) -> SeriesData:
    """One Line per group over every month of the chosen period (gaps stay missing)."""
    records = list(population_records)
    # (month, group key) → region → Cell
    grid: dict[tuple[date, str], dict[str, list[Cell]]] = defaultdict(lambda: defaultdict(list))
    for group in groups:
        month = month_of(group["month"])
        key = _group_key(group, state)
        grid[(month, key)][group["region"]].append(from_aggregate(group))
    start, end = state.date_bounds()
    seen_months = sorted({m for m, _ in grid})
    if not seen_months and not (start and end):
        return SeriesData((), ())
    first = month_of(start) if start else seen_months[0]
    last = month_of(end) if end else seen_months[-1]
    months = tuple(months_between(first, last))
    keys = _line_keys(state, {k for _, k in grid})
    by_year = {year: _population(records, year) for year in {m.year for m in months}}
    lines = []
    for key in keys:
        counts, rates = [], []
        for month in months:
            by_region = {r: combine(cells) for r, cells in grid.get((month, key), {}).items()}
            count = combine(by_region.values()) if by_region else MISSING_CELL
            counts.append(count)
            rates.append(_rate(by_region, by_year[month.year], count))
        lines.append(Line(key, tuple(counts), tuple(rates)))
    return SeriesData(months, tuple(lines))


def _group_key(group: Mapping[str, Any], state: SeriesState) -> str:
    if state.breakdown == TOTAL:
        return TOTAL
    return str(group[state.breakdown])


def _line_keys(state: SeriesState, present: set[str]) -> list[str]:
    if state.breakdown == TOTAL:
        return [TOTAL]
    if state.breakdown == BY_REGION:
        from dashboard.i18n import region_codes

        wanted = state.regions or tuple(region_codes())
        return [r for r in wanted if r in present] or sorted(present)
    chosen = state.chosen(state.breakdown) or tuple(category_values(state.dataset, state.breakdown))
    return [v for v in chosen if v in present]


def _rate(by_region: Mapping[str, Cell], population: Mapping[str, float], count: Cell) -> Cell:
    """Per 100,000 residents of the regions that published a value (as the API computes)."""
    return pooled_rate(by_region, population) or Cell(None, count.state)
