"""Front-office visits: the daily table, and the month's linked visit tables.

Grains: visits per office per day (total only); per office per month with wait and
satisfaction statistics; per office per month by channel, by topic, by outcome (three
one-way breakdowns instead of their 84-cell cross product); per region per month by
channel x topic x outcome; the region totals (region_indicators). A month published before
is revised together with its previous publication (link_previous).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from data.periods import month_end
from etl import suppression
from etl.aggregate_family import Family, Revision
from etl.aggregate_frames import (
    Losses,
    attach_stats,
    count_cells,
    cross,
    day_ids,
    empty_table,
    event_days,
    event_frame,
    finish,
    gated,
    published_frame,
    published_totals,
    record_loss,
    region_totals,
    shape,
    sites,
    with_names,
)
from etl.contract import CHANNELS, EVENT_FACILITY_COLUMN, TOPICS, VISIT_OUTCOMES

EVENTS = "front_office_visits"
# The visits' office column (etl.contract); the published visit tables keep its name.
OFFICE = EVENT_FACILITY_COLUMN[EVENTS]
BREAKDOWNS = {
    "channel": sorted(CHANNELS),
    "topic": sorted(TOPICS),
    "outcome": sorted(VISIT_OUTCOMES),
}


# ------------------------------------------------------------------ daily
def visit_days(visits: pd.DataFrame, offices: pd.DataFrame, days: list[date]) -> pd.DataFrame:
    """date x office → visits (0 for an operating office without visits)."""
    when = visits["date"].dtype
    if len(days) == 1 and isinstance(when, np.dtype) and when.kind == "M":
        # A night's daily table: the offices counted on the day's events alone, one key
        # instead of two (the day as a key cost ~3 ms of a national night's ~8.5). Most
        # nights' events are all of the day: then nothing is left out first.
        on_day = visits["date"].to_numpy().astype("datetime64[D]") == np.datetime64(days[0], "D")
        counted = visits if on_day.all() else visits.loc[on_day, [OFFICE]]
        grid = offices.assign(
            date=pd.Series([days[0]] * len(offices), dtype=object, index=offices.index)
        )
        return count_cells(counted, grid, [OFFICE], "visits")
    grid = cross(offices, date=days)
    if isinstance(when, np.dtype) and when.kind == "M":
        # Days as numbers (datetime64[D]) on both sides, counted on their integers: a date
        # object per event, hashed, was a fifth of a night's daily table.
        counted = count_cells(
            visits.assign(date=visits["date"].to_numpy().astype("datetime64[D]")),
            grid.assign(date=np.array(grid["date"].tolist(), dtype="datetime64[D]")),
            ["date", OFFICE],
            "visits",
        )
        counted["date"] = grid["date"].to_numpy()
        return counted
    day = event_days(visits["date"]) if len(visits) else visits["date"]
    return count_cells(visits.assign(date=day), grid, ["date", OFFICE], "visits")


def daily_table(
    events: Mapping[str, pd.DataFrame], day: date, k: int, facilities: pd.DataFrame | None
) -> pd.DataFrame:
    """front_office_visits_daily for one night: primary suppression only, from that day
    alone (a day's cells never change once out)."""
    # The office is all a day's table groups on (visit_days): the other columns stay Arrow
    # strings (converting them was a third of this table's time); sites takes each office's
    # region and district as they are.
    visits = event_frame(events, EVENTS, keys=[OFFICE])
    offices = sites(facilities, EVENTS, visits)
    cells = visit_days(visits, offices, [day])
    hidden = suppression.primary(cells["visits"], k).to_numpy()
    out = suppression.blank(cells, "visits", hidden)
    out["id"] = day_ids(out, day, [OFFICE])
    return shape(with_names(out), "front_office_visits_daily")


# ------------------------------------------------------------------ monthly
def visit_family(
    daily: pd.DataFrame,
    offices_m: pd.DataFrame,
    breakdown: pd.DataFrame,
    regional: pd.DataFrame,
    totals: pd.DataFrame,
    daily_hidden: pd.Series | None = None,
) -> Family:
    """Daily cells (fixed, capped), office-month totals, office breakdowns, regional cross
    table and regional totals, with every relation between them."""
    f = Family()
    d = f.add(
        "front_office_visits_daily", daily, "visits", fixed=True, capped=True, hidden=daily_hidden
    )
    t = f.add("front_office_offices_monthly", offices_m, "visits")
    b = f.add("front_office_visits_monthly", breakdown, "visits")
    c = f.add("front_office_visits_regional", regional, "visits")
    r = f.add("region_indicators.front_office_visits", totals, "value")
    f.link(t, d, [OFFICE])
    f.system.bundle(t, b, [OFFICE])
    for dim in BREAKDOWNS:
        f.link(t, b[b["breakdown"] == dim], [OFFICE])
        f.link(b[b["breakdown"] == dim], c.assign(category=c[dim]), ["region", "category"])
    f.link(r, t, ["region"])
    f.link(r, c, ["region"])
    return f


def published_visit_family(tables: Mapping[str, pd.DataFrame]) -> Family:
    """The visits family rebuilt from a month's published tables."""
    return visit_family(
        published_frame(tables, "front_office_visits_daily"),
        published_frame(tables, "front_office_offices_monthly"),
        published_frame(tables, "front_office_visits_monthly"),
        published_frame(tables, "front_office_visits_regional"),
        published_totals(tables, "front_office_visits"),
    )


def link_previous(
    fam: Family, previous: Mapping[str, pd.DataFrame], changed_days: set[date] | None
) -> None:
    """Add the previous publication of the month (all its visit tables, fixed) to the
    family, and tie every daily cell of an unchanged day to its old self (same value).
    A month published before is then revised only in ways the audit proves safe together
    with what the attacker already has (e.g. a late night's hidden daily cells against the
    jump of the office and regional totals)."""

    def old(name: str) -> pd.DataFrame:
        frame = previous.get(name)
        if frame is None:
            return empty_table(name)
        out = frame.copy()
        for c in ("visits", "value"):
            if c in out.columns:
                out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
        return out

    monthly = old("front_office_offices_monthly")
    if not len(monthly):
        return  # the month was never published: nothing to revise against
    ri = old("region_indicators")
    old_fam = visit_family(
        old("front_office_visits_daily"),
        monthly,
        old("front_office_visits_monthly"),
        old("front_office_visits_regional"),
        ri[ri["indicator"] == "front_office_visits"].reset_index(drop=True),
    )
    offset = fam.system.absorb(old_fam.system, "previous.")
    d_old = old_fam.frames["front_office_visits_daily"].assign(_pos=lambda f: f["_pos"] + offset)
    d_new = fam.frames["front_office_visits_daily"]
    d_old = d_old.assign(date=pd.to_datetime(d_old["date"]).dt.date)
    if changed_days is None:
        flags = fam.system.part("front_office_visits_daily", fam.system.arrays()[1])
        published_new = d_new.assign(
            suppressed=flags, visits=d_new["visits"].where(~flags).astype("float64")
        )
        changed_days = _changed_days(d_old, published_new)
    keep = ~d_old["date"].isin(changed_days)
    fam.system.link(d_old[keep], d_new[~d_new["date"].isin(changed_days)], [OFFICE, "date"])


def _changed_days(old: pd.DataFrame, new: pd.DataFrame) -> set[date]:
    """Days added since, or whose published daily cells (values or flags) differ. A day
    re-delivered with identical published cells is tied to its old self: an assumption the
    attacker cannot make, so the audit is only stricter for it."""
    both = old.merge(new, on=[OFFICE, "date"], how="outer", suffixes=("_o", "_n"), indicator=True)
    same_value = both["visits_o"].fillna(-1) == both["visits_n"].fillna(-1)
    same_flag = both["suppressed_o"].astype("boolean") == both["suppressed_n"].astype("boolean")
    differs = (both["_merge"] != "both") | ~(same_value & same_flag.fillna(False))
    return set(both.loc[differs, "date"])


def _office_month(visits: pd.DataFrame, offices: pd.DataFrame, k: int) -> pd.DataFrame:
    """Visits per office with the median wait and mean satisfaction, each published only
    where at least k values stand behind it (and the number of ratings only from k on)."""
    office_m = count_cells(visits, offices, [OFFICE], "visits")
    waits = visits.groupby(OFFICE, observed=True).agg(
        wait_median_min=("wait_minutes", "median"),
        wait_n=("wait_minutes", "count"),
        satisfaction_mean=("satisfaction", "mean"),
        satisfaction_n=("satisfaction", "count"),
    )
    office_m = attach_stats(office_m, waits, OFFICE)
    office_m["wait_n"] = office_m["wait_n"].fillna(0)
    office_m["satisfaction_n"] = office_m["satisfaction_n"].fillna(0)
    office_m["wait_median_min"] = gated(
        office_m["wait_median_min"].astype(float), office_m["wait_n"], k
    )
    office_m["satisfaction_mean"] = gated(
        office_m["satisfaction_mean"].astype(float), office_m["satisfaction_n"], k
    )
    office_m["satisfaction_n"] = (
        office_m["satisfaction_n"].astype("Int64").where(office_m["satisfaction_n"] >= k)
    )
    return office_m


def visit_tables(
    events: Mapping[str, pd.DataFrame],
    month: date,
    k: int,
    losses: Losses,
    facilities: pd.DataFrame | None,
    revision: Revision | None = None,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The month's visit tables, protected as one family (with the month's daily cells
    fixed as published), and their region_indicators rows."""
    visits = event_frame(events, EVENTS)
    offices = sites(facilities, EVENTS, visits)
    first, last = month, month_end(month)
    seen_days = sorted(set(event_days(visits["date"]))) if len(visits) else []
    days = [d for d in seen_days if first <= d <= last]
    daily = visit_days(visits, offices, days)
    daily_hidden = suppression.primary(daily["visits"], k)
    office_m = _office_month(visits, offices, k)

    parts = []
    for dim, values in BREAKDOWNS.items():
        grid = cross(offices, **{dim: values})
        counted = count_cells(visits, grid, [OFFICE, dim], "visits")
        parts.append(counted.rename(columns={dim: "category"}).assign(breakdown=dim))
    breakdown = pd.concat(parts, ignore_index=True)

    regions = sorted(offices["region"].unique())
    grid = cross(
        pd.DataFrame({"region": regions}),
        channel=BREAKDOWNS["channel"],
        topic=BREAKDOWNS["topic"],
        outcome=BREAKDOWNS["outcome"],
    )
    regional = count_cells(visits, grid, ["region", "channel", "topic", "outcome"], "visits")
    totals = region_totals(office_m, "visits", regions, "front_office_visits")

    fam = visit_family(daily, office_m, breakdown, regional, totals, daily_hidden)
    if revision is not None:
        link_previous(fam, *revision)
    previous, changed = revision if revision is not None else (None, None)
    hidden = fam.protect(k, previous, changed, rebuild=published_visit_family)
    tables = {
        "front_office_offices_monthly": finish(
            fam.frames["front_office_offices_monthly"],
            "front_office_offices_monthly",
            "visits",
            hidden["front_office_offices_monthly"],
            month,
            [OFFICE],
            ("wait_median_min", "satisfaction_mean", "satisfaction_n"),
            losses,
        ),
        "front_office_visits_monthly": finish(
            fam.frames["front_office_visits_monthly"],
            "front_office_visits_monthly",
            "visits",
            hidden["front_office_visits_monthly"],
            month,
            [OFFICE, "breakdown", "category"],
            losses=losses,
        ),
        "front_office_visits_regional": finish(
            fam.frames["front_office_visits_regional"],
            "front_office_visits_regional",
            "visits",
            hidden["front_office_visits_regional"],
            month,
            ["region", "channel", "topic", "outcome"],
            losses=losses,
        ),
    }
    ri = fam.frames["region_indicators.front_office_visits"].drop(columns=["_pos"])
    record_loss(
        losses, "region_indicators", ri["value"], hidden["region_indicators.front_office_visits"]
    )
    record_loss(losses, "front_office_visits_daily", daily["visits"], daily_hidden.to_numpy())
    ri = suppression.blank(ri, "value", hidden["region_indicators.front_office_visits"])
    return tables, ri
