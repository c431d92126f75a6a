"""The reads behind the headline figures: region_indicators, population, publications,
targets and facility counts. The figures themselves are computed in data.figures, for the API
(`/api/v1/regions...`) and the dashboard alike.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from data import figures, schema
from data.reference import region_codes


def indicator_rows(conn: Connection) -> list[dict[str, Any]]:
    """month, region, indicator, value (None when suppressed), suppressed — all months."""
    t = schema.region_indicators
    rows = conn.execute(
        select(t.c.month, t.c.region, t.c.indicator, t.c.value, t.c.suppressed).order_by(
            t.c.month, t.c.region, t.c.indicator
        )
    ).mappings()
    return [dict(r) for r in rows]


def population_rows(conn: Connection) -> list[dict[str, Any]]:
    t = schema.population
    rows = conn.execute(
        select(t.c.region, t.c.year, t.c.population).order_by(t.c.region, t.c.year)
    ).mappings()
    return [dict(r) for r in rows]


def data_through(conn: Connection) -> date | None:
    """The latest night published over all publications (figures.data_through, in SQL)."""
    return conn.execute(select(func.max(schema.publications.c.nights_to))).scalar()


def regional_table(conn: Connection, month: date | None = None) -> list[dict[str, Any]]:
    """figures.regional_table of the warehouse: one record per region × indicator."""
    return figures.regional_table(
        figures.History(indicator_rows(conn)), population_rows(conn), region_codes(), month
    )


def region_summary(conn: Connection, region: str) -> dict[str, Any]:
    """What a council member needs about one region: latest KPIs, rates, rank, targets."""
    history = figures.History(indicator_rows(conn))
    population = population_rows(conn)
    month = history.latest
    indicators = []
    if month is not None:
        people = figures.population_by_region(population, month.year)
        for indicator in figures.INDICATORS:
            rows = figures.ranking(history, population, indicator, region_codes(), month)
            mine = next(r for r in rows if r.region == region)
            indicators.append(
                {
                    "indicator": indicator,
                    "month": month,
                    "value": None if mine.value.value is None else int(mine.value.value),
                    "suppressed": mine.value.state == figures.SUPPRESSED,
                    "missing": mine.value.state == figures.MISSING,
                    "rate_per_100k": mine.rate.value,
                    "national_rate_per_100k": history.national_rate(month, indicator, people).value,
                    "rank": mine.rank,
                    "ranked_regions": sum(1 for r in rows if r.rate.value is not None),
                }
            )
    return {
        "region": region,
        "month": month,
        "indicators": indicators,
        "targets": region_targets(conn, region),
        "facilities": facility_counts(conn, region),
    }


def region_targets(conn: Connection, region: str | None = None) -> list[dict[str, Any]]:
    t = schema.targets
    stmt = select(t).order_by(t.c.region, t.c.indicator, t.c.period_end)
    if region:
        stmt = stmt.where(t.c.region == region)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def facility_counts(conn: Connection, region: str | None = None) -> dict[str, dict[str, int]]:
    """type -> status -> count of public-facing facilities (cameras counted per district)."""
    t = schema.facilities
    stmt = select(t.c.type, t.c.status)
    if region:
        stmt = stmt.where(t.c.region == region)
    counts: dict[str, dict[str, int]] = {}
    for kind, status in conn.execute(stmt):
        counts.setdefault(kind, {}).setdefault(status, 0)
        counts[kind][status] += 1
    c = schema.cameras_by_district
    cam = select(c.c.status, c.c.cameras)
    if region:
        cam = cam.where(c.c.region == region)
    for status, cameras in conn.execute(cam):
        counts.setdefault("camera", {}).setdefault(status, 0)
        counts["camera"][status] += int(cameras)
    return counts
