"""Headline indicators: national KPIs and regional scorecards, computed from published tables.

Both the API (`/api/v1/regions/...`) and the dashboard call these functions, so a figure on a
page and the same figure in the API are one computation. Suppressed values stay None.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from data import schema
from data.catalog import INDICATORS
from data.reference import regions_frame

PER = 100_000


def indicator_frame(conn: Connection, region: str | None = None) -> pd.DataFrame:
    """month, region, indicator, value (nullable), suppressed — the region_indicators table."""
    t = schema.region_indicators
    stmt = select(t.c.month, t.c.region, t.c.indicator, t.c.value, t.c.suppressed)
    if region:
        stmt = stmt.where(t.c.region == region)
    frame = pd.DataFrame(conn.execute(stmt).mappings().all(),
                         columns=["month", "region", "indicator", "value", "suppressed"])
    frame["value"] = frame["value"].astype("Float64")
    return frame


def population_for(conn: Connection, year: int) -> dict[str, float]:
    """Population per region for `year`, or the nearest year published."""
    t = schema.population
    frame = pd.DataFrame(conn.execute(select(t.c.region, t.c.year, t.c.population)).all(),
                         columns=["region", "year", "population"])
    if frame.empty:
        return {}
    frame["distance"] = (frame["year"] - year).abs()
    best = frame.sort_values(["distance", "year"], ascending=[True, False])
    return best.drop_duplicates("region").set_index("region")["population"].to_dict()


def latest_month(conn: Connection) -> date | None:
    frame = indicator_frame(conn)
    return None if frame.empty else max(frame["month"])


def _month_total(frame: pd.DataFrame, month: date, indicator: str) -> dict[str, Any]:
    cells = frame[(frame["month"] == month) & (frame["indicator"] == indicator)]
    if cells.empty:
        return {"value": None, "complete": False, "regions": 0}
    suppressed = int(cells["suppressed"].sum())
    return {"value": int(cells["value"].fillna(0).sum()), "complete": suppressed == 0,
            "regions": len(cells), "suppressed_regions": suppressed}


def _change(current: Any, previous: Any) -> float | None:
    if current is None or previous in (None, 0):
        return None
    return (current - previous) / previous


def national_kpis(conn: Connection) -> dict[str, Any]:
    """Latest month per indicator with the previous month and the same month a year before."""
    frame = indicator_frame(conn)
    if frame.empty:
        return {"month": None, "indicators": []}
    month = max(frame["month"])
    previous = (pd.Timestamp(month) - pd.DateOffset(months=1)).date()
    year_before = (pd.Timestamp(month) - pd.DateOffset(years=1)).date()
    items = []
    for indicator in INDICATORS:
        now = _month_total(frame, month, indicator)
        before = _month_total(frame, previous, indicator)
        last_year = _month_total(frame, year_before, indicator)
        ytd = frame[(frame["indicator"] == indicator)
                    & (pd.to_datetime(frame["month"]).dt.year == month.year)]
        items.append({
            "indicator": indicator, **now,
            "previous_month": before["value"],
            "change_vs_previous_month": _change(now["value"], before["value"]),
            "same_month_last_year": last_year["value"],
            "year_to_date": int(ytd["value"].fillna(0).sum()) if not ytd.empty else None,
            "year_to_date_complete": bool(not ytd["suppressed"].any()),
        })
    return {"month": month, "previous_month": previous, "indicators": items}


def regional_table(conn: Connection, month: date | None = None) -> pd.DataFrame:
    """One row per region × indicator for a month: value, rate per 100 000, rank."""
    frame = indicator_frame(conn)
    if frame.empty:
        return pd.DataFrame(columns=["region", "indicator", "value", "suppressed", "population",
                                     "rate_per_100k", "rank"])
    month = month or max(frame["month"])
    cells = frame[frame["month"] == month].copy()
    population = population_for(conn, month.year)
    grid = pd.MultiIndex.from_product([regions_frame()["iso_code"], list(INDICATORS)],
                                      names=["region", "indicator"]).to_frame(index=False)
    cells = grid.merge(cells.drop(columns=["month"]), on=["region", "indicator"], how="left")
    cells["population"] = cells["region"].map(population)
    cells["rate_per_100k"] = (cells["value"] / cells["population"] * PER).round(2)
    cells["rank"] = (cells.groupby("indicator")["rate_per_100k"]
                     .rank(ascending=False, method="min").astype("Int64"))
    cells["month"] = month
    return cells


def region_summary(conn: Connection, region: str) -> dict[str, Any]:
    """What a council member needs about one region: latest KPIs, rates, rank, targets."""
    month = latest_month(conn)
    table = regional_table(conn, month)
    national = {}
    for indicator, cells in table.groupby("indicator"):
        known = cells.dropna(subset=["value"])
        pop = known["population"].sum()
        national[indicator] = round(float(known["value"].sum()) / pop * PER, 2) if pop else None
    mine = table[table["region"] == region]
    indicators = []
    for row in mine.itertuples(index=False):
        value = None if pd.isna(row.value) else int(row.value)
        rate = None if pd.isna(row.rate_per_100k) else float(row.rate_per_100k)
        indicators.append({
            "indicator": row.indicator, "month": month, "value": value,
            "suppressed": bool(row.suppressed) if not pd.isna(row.suppressed) else False,
            "missing": pd.isna(row.suppressed),
            "rate_per_100k": rate, "national_rate_per_100k": national.get(row.indicator),
            "rank": None if pd.isna(row.rank) else int(row.rank),
            "ranked_regions": int(table[table["indicator"] == row.indicator]["rate_per_100k"]
                                  .notna().sum()),
        })
    return {"region": region, "month": month, "indicators": indicators,
            "targets": region_targets(conn, region),
            "facilities": facility_counts(conn, region)}


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
