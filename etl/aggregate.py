"""From clean, anonymised events to the published tables, suppression proven by the audit.

The pipeline calls two functions (see etl.pipeline):
- `daily_tables(events, day=D, ...)` every night D with that day's events: the tables in
  DAILY_TABLES (time column `date`). A day's cells never change once out, so they get
  primary suppression only, computed from that day alone.
- `monthly_tables(events, month=M, ...)` once M is complete, with all of M's events: the
  tables in MONTHLY_TABLES (time column `month`). They are protected together, as linked
  tables (etl.suppression), with the month's daily cells fixed as published, and the
  attacker's linear program (etl.audit) checks the result before it is returned.

Grains are chosen for the questions users ask and so that cells are rarely small at
national scale: visits per office per day (total only); per office per month by channel,
by topic, by outcome (three one-way breakdowns instead of their 84-cell cross product);
per region per month by channel x topic x outcome; SOS per region per month by category and
per button per month; camera offences per district per month by kind x status and per
region per month by kind x category. Every operating facility, and every category, gets a
row: zero is published as 0, so "no row" only ever means "no data".
Medians and means are published only where at least k values stand behind them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from data.periods import month_end
from data.reference import kato_prefix_to_region, regions_frame
from etl import audit, suppression
from etl.contract import (
    CHANNELS,
    OFFENSE_KINDS,
    SOS_CATEGORIES,
    TOPICS,
    VISIT_OUTCOMES,
)
from etl.validate import OUTPUT_SCHEMAS

DAILY_TABLES: tuple[str, ...] = ("front_office_visits_daily",)
MONTHLY_TABLES: tuple[str, ...] = (
    "front_office_offices_monthly", "front_office_visits_monthly",
    "front_office_visits_regional", "sos_activations_regional", "sos_activations_monthly",
    "sos_response_regional", "camera_offenses_district", "camera_offenses_regional",
    "region_indicators", "suppression_loss",
)

BREAKDOWNS = {"channel": sorted(CHANNELS), "topic": sorted(TOPICS),
              "outcome": sorted(VISIT_OUTCOMES)}
CAMERA_KIND_STATUS = (("administrative", "detected"), ("administrative", "under_investigation"),
                      ("criminal", "solved"), ("criminal", "under_investigation"))
CAMERA_CATEGORIES = {
    "criminal": ("hooliganism", "other", "robbery", "theft", "vandalism"),
    "administrative": ("other", "public_order", "traffic_other", "traffic_red_light",
                       "traffic_speeding"),
}
CAMERA_INDICATORS = {
    "camera_crimes_solved": ("criminal", "solved"),
    "camera_admin_detected": ("administrative", "detected"),
}
REGION_NAMES = ["region_name_kk", "region_name_ru", "region_name_en"]
# Seconds spent in suppression.protect (with its audit) by this process: the pipeline logs
# them per month so that a night's cost can be judged without them (bench/night_bench.py).
SUPPRESSION_SECONDS = [0.0]
assert set(OFFENSE_KINDS) == set(CAMERA_CATEGORIES)


# ------------------------------------------------------------------ ids, names, inputs
def month_ids(frame: pd.DataFrame, month: date, keys: list[str]) -> np.ndarray:
    """Deterministic ids: month index x 10^7 + rank of the row in key order."""
    base = (month.year * 12 + month.month - 1) * 10_000_000
    return base + _ranks(frame, keys)


def day_ids(frame: pd.DataFrame, day: date, keys: list[str]) -> np.ndarray:
    """Deterministic ids unique across days: day ordinal x 10^5 + rank in key order."""
    return day.toordinal() * 100_000 + _ranks(frame, keys)


def _ranks(frame: pd.DataFrame, keys: list[str]) -> np.ndarray:
    order = frame.sort_values(keys, kind="stable").index
    ranks = pd.Series(np.arange(1, len(frame) + 1), index=order)
    return ranks.reindex(frame.index).to_numpy(dtype=np.int64)


def _with_names(frame: pd.DataFrame) -> pd.DataFrame:
    names = regions_frame().set_index("iso_code")
    out = frame.copy()
    for lang in ("kk", "ru", "en"):
        out[f"region_name_{lang}"] = out["region"].map(names[f"name_{lang}"])
    return out


def _events(events: Mapping[str, pd.DataFrame], table: str) -> pd.DataFrame:
    frame = events.get(table)
    if frame is None or not len(frame):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_SCHEMAS[table]})
    out = frame.copy()
    for column in ("region", "district_kato", "office_id", "button_id", "channel", "topic",
                   "outcome", "category", "kind", "status"):
        if column in out.columns:
            out[column] = _as_object(out[column])
    return out


def _as_object(series: pd.Series) -> pd.Series:
    """`series.astype(object)`, with one Python object per distinct value.

    Why: a month of national events repeats a few hundred office ids and a handful of
    categories; astype(object) on Arrow strings makes a new str per row, and every groupby
    and merge then hashes each of them. Shared objects keep their cached hash (profile of a
    day-31 night: ~5 s of factorising went to this)."""
    if series.dtype == object or isinstance(series.dtype, pd.CategoricalDtype):
        return series.astype(object)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = np.asarray(uniques.astype(object), dtype=object)
    out = np.empty(len(codes), dtype=object)
    found = codes >= 0
    out[found] = values[codes[found]]
    if not found.all():
        out[~found] = series[~found].astype(object).to_numpy()
    return pd.Series(out, index=series.index, name=series.name, dtype=object)


def _days(values: pd.Series) -> pd.Series:
    """`pd.to_datetime(values).dt.date`, converting each distinct day once (a month of
    events holds ~30 of them, not a date object per event)."""
    codes, uniques = pd.factorize(pd.to_datetime(values), use_na_sentinel=True)
    days = np.asarray(pd.DatetimeIndex(uniques).date, dtype=object)
    out = np.full(len(codes), pd.NaT, dtype=object)
    found = codes >= 0
    out[found] = days[codes[found]]
    return pd.Series(out, index=values.index, name=values.name, dtype=object)


def _sites(facilities: pd.DataFrame | None, ftype: str, seen: pd.DataFrame,
           id_column: str) -> pd.DataFrame:
    """facility id → region, district_kato: every operating facility of the type, plus any
    facility that has events (a facility that closed mid-month still reports them)."""
    parts = []
    if facilities is not None and len(facilities):
        fac = facilities
        if "status" in fac.columns:
            fac = fac[fac["status"].astype(object) == "operating"]
        fac = fac[fac["type"].astype(object) == ftype]
        kato = fac["kato"].astype(object)
        region = (fac["region"].astype(object) if "region" in fac.columns
                  else kato.str[:2].map(kato_prefix_to_region()))
        parts.append(pd.DataFrame({id_column: fac.index.astype(object),
                                   "region": region.to_numpy(), "district_kato": kato.to_numpy()}))
    if len(seen):
        parts.append(seen[[id_column, "region", "district_kato"]])
    if not parts:
        return pd.DataFrame(columns=[id_column, "region", "district_kato"])
    sites = pd.concat(parts, ignore_index=True).dropna(subset=["region"])
    return sites.drop_duplicates(id_column, keep="last").reset_index(drop=True)


def _count(events: pd.DataFrame, grid: pd.DataFrame, keys: list[str], name: str) -> pd.DataFrame:
    if not len(events):
        return grid.assign(**{name: np.zeros(len(grid), dtype="int64")})
    counts = events.groupby(keys, observed=True).size().rename(name).reset_index()
    out = grid.merge(counts, on=keys, how="left")
    out[name] = out[name].fillna(0).astype("int64")
    return out


def _grid(left: pd.DataFrame, **columns: list[str]) -> pd.DataFrame:
    out = left
    for name, values in columns.items():
        out = out.merge(pd.DataFrame({name: values}), how="cross")
    return out


def _stats(frame: pd.DataFrame, stats: pd.DataFrame, key: str) -> pd.DataFrame:
    """Attach per-key statistics (medians, counts); all NaN when there were no events."""
    if not len(stats):
        return frame.assign(**{c: np.nan for c in stats.columns})
    stats = stats.copy()
    stats.index = stats.index.astype(object)
    return frame.merge(stats, left_on=key, right_index=True, how="left")


def _gated(values: pd.Series, n: pd.Series, k: int) -> pd.Series:
    """Keep a median/mean only where n >= k values stand behind it."""
    return values.where(n >= k).astype("Float64").round(2)


def _empty(table: str) -> pd.DataFrame:
    from data import schema

    return pd.DataFrame(columns=[c.name for c in schema.metadata.tables[table].columns])


def _shape(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    columns = list(_empty(table).columns)
    return frame[columns].reset_index(drop=True)


# ------------------------------------------------------------------ daily
def visit_days(visits: pd.DataFrame, offices: pd.DataFrame, days: list[date]) -> pd.DataFrame:
    """date x office → visits (0 for an operating office without visits)."""
    grid = _grid(offices, date=days)
    day = _days(visits["date"]) if len(visits) else visits["date"]
    return _count(visits.assign(date=day), grid, ["date", "office_id"], "visits")


def daily_tables(events: Mapping[str, pd.DataFrame], *, day: date, k: int,
                 facilities: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    visits = _events(events, "front_office_visits")
    offices = _sites(facilities, "front_office", visits, "office_id")
    cells = visit_days(visits, offices, [day])
    hidden = suppression.primary(cells["visits"], k).to_numpy()
    out = suppression.blank(cells, "visits", hidden)
    out["id"] = day_ids(out, day, ["office_id"])
    return {"front_office_visits_daily": _shape(_with_names(out), "front_office_visits_daily")}


# ------------------------------------------------------------------ monthly
class Family:
    """One family of linked tables for one month: the frames and their System."""

    def __init__(self) -> None:
        self.system = suppression.System()
        self.frames: dict[str, pd.DataFrame] = {}

    def add(self, name: str, frame: pd.DataFrame, count: str, *, fixed: bool = False,
            capped: bool = False, hidden: pd.Series | None = None) -> pd.DataFrame:
        frame = frame.reset_index(drop=True)
        if hidden is None and "suppressed" in frame.columns:  # a published table (the audit)
            hidden = frame["suppressed"].astype(bool)
        pos = self.system.add(name, frame[count], hidden, fixed=fixed, capped=capped)
        frame = frame.assign(_pos=pos)
        self.frames[name] = frame
        return frame

    def link(self, a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
        self.system.link(a, b, keys)

    def protect(self, k: int, previous: Mapping[str, pd.DataFrame] | None = None,
                changed_days: set[date] | None = None) -> dict[str, np.ndarray]:
        if previous:
            self._hide_small_changes(previous, k)
            audit.link_growth(self, previous, changed_days)  # late nights only: new >= old
        started = time.perf_counter()
        hidden = suppression.protect(self.system, k, auditor=audit.auditor())
        SUPPRESSION_SECONDS[0] += time.perf_counter() - started
        return {name: self.system.part(name, hidden) for name in self.frames}


    def _hide_small_changes(self, previous: Mapping[str, pd.DataFrame], k: int) -> None:
        """A revised month: a cell published before whose count moves by 1..k-1 is hidden
        (the change itself would single out the re-delivered or late events, e.g. one press
        moved from one button to another), then protected like a primary cell."""
        for name, frame in self.frames.items():
            table, _, indicator = name.partition(".")
            old = previous.get(table)
            keys = REVISION_KEYS.get(table)
            if old is None or not len(old) or keys is None:
                continue
            if indicator:
                old = old[old["indicator"] == indicator]
            count = COUNT_COLUMN[table]
            old = old[~old["suppressed"].astype(bool)][[*keys, count]]
            both = frame[keys + [count]].merge(old, on=keys, how="left", suffixes=("", "_old"))
            change = (pd.to_numeric(both[count], errors="coerce")
                      - pd.to_numeric(both[f"{count}_old"], errors="coerce")).abs()
            small = ((change >= 1) & (change < k)).fillna(False).to_numpy(dtype=bool)
            self.system.mark(name, small)


REVISION_KEYS = {
    "front_office_offices_monthly": ["office_id"],
    "front_office_visits_monthly": ["office_id", "breakdown", "category"],
    "front_office_visits_regional": ["region", "channel", "topic", "outcome"],
    "sos_activations_regional": ["region", "category"],
    "sos_activations_monthly": ["button_id"],
    "camera_offenses_district": ["district_kato", "kind", "status"],
    "camera_offenses_regional": ["region", "kind", "category"],
    "region_indicators": ["region"],
}
COUNT_COLUMN = {"front_office_offices_monthly": "visits", "front_office_visits_monthly": "visits",
                "front_office_visits_regional": "visits", "sos_activations_regional": "activations",
                "sos_activations_monthly": "activations", "camera_offenses_district": "offenses",
                "camera_offenses_regional": "offenses", "region_indicators": "value"}


def visit_family(daily: pd.DataFrame, offices_m: pd.DataFrame, breakdown: pd.DataFrame,
                 regional: pd.DataFrame, totals: pd.DataFrame,
                 daily_hidden: pd.Series | None = None) -> Family:
    """Daily cells (fixed, capped), office-month totals, office breakdowns, regional cross
    table and regional totals, with every relation between them."""
    f = Family()
    d = f.add("front_office_visits_daily", daily, "visits", fixed=True, capped=True,
              hidden=daily_hidden)
    t = f.add("front_office_offices_monthly", offices_m, "visits")
    b = f.add("front_office_visits_monthly", breakdown, "visits")
    c = f.add("front_office_visits_regional", regional, "visits")
    r = f.add("region_indicators.front_office_visits", totals, "value")
    f.link(t, d, ["office_id"])
    f.system.bundle(t, b, ["office_id"])
    for dim in BREAKDOWNS:
        f.link(t, b[b["breakdown"] == dim], ["office_id"])
        f.link(b[b["breakdown"] == dim], c.assign(category=c[dim]), ["region", "category"])
    f.link(r, t, ["region"])
    f.link(r, c, ["region"])
    return f


Revision = tuple[Mapping[str, pd.DataFrame], set[date] | None]


def _link_previous(fam: Family, previous: Mapping[str, pd.DataFrame],
                   changed_days: set[date] | None) -> None:
    """Add the previous publication of the month (all its visit tables, fixed) to the
    family, and tie every daily cell of an unchanged day to its old self (same value).
    A month published before is then revised only in ways the audit proves safe together
    with what the attacker already has (e.g. a late night's hidden daily cells against the
    jump of the office and regional totals)."""
    def old(name: str) -> pd.DataFrame:
        frame = previous.get(name)
        if frame is None:
            return _empty(name)
        out = frame.copy()
        for c in ("visits", "value"):
            if c in out.columns:
                out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
        return out

    monthly = old("front_office_offices_monthly")
    if not len(monthly):
        return  # the month was never published: nothing to revise against
    ri = old("region_indicators")
    old_fam = visit_family(old("front_office_visits_daily"), monthly,
                           old("front_office_visits_monthly"),
                           old("front_office_visits_regional"),
                           ri[ri["indicator"] == "front_office_visits"].reset_index(drop=True))
    offset = fam.system.absorb(old_fam.system, "previous.")
    d_old = old_fam.frames["front_office_visits_daily"].assign(
        _pos=lambda f: f["_pos"] + offset)
    d_new = fam.frames["front_office_visits_daily"]
    d_old = d_old.assign(date=pd.to_datetime(d_old["date"]).dt.date)
    if changed_days is None:
        flags = fam.system.part("front_office_visits_daily", fam.system.arrays()[1])
        published_new = d_new.assign(suppressed=flags,
                                     visits=d_new["visits"].where(~flags).astype("float64"))
        changed_days = _changed_days(d_old, published_new)
    keep = ~d_old["date"].isin(changed_days)
    fam.system.link(d_old[keep], d_new[~d_new["date"].isin(changed_days)],
                    ["office_id", "date"])


def _changed_days(old: pd.DataFrame, new: pd.DataFrame) -> set[date]:
    """Days added since, or whose published daily cells (values or flags) differ. A day
    re-delivered with identical published cells is tied to its old self: an assumption the
    attacker cannot make, so the audit is only stricter for it."""
    both = old.merge(new, on=["office_id", "date"], how="outer", suffixes=("_o", "_n"),
                     indicator=True)
    same_value = (both["visits_o"].fillna(-1) == both["visits_n"].fillna(-1))
    same_flag = both["suppressed_o"].astype("boolean") == both["suppressed_n"].astype("boolean")
    differs = (both["_merge"] != "both") | ~(same_value & same_flag.fillna(False))
    return set(both.loc[differs, "date"])


def sos_family(regional: pd.DataFrame, buttons: pd.DataFrame, totals: pd.DataFrame) -> Family:
    f = Family()
    s = f.add("sos_activations_regional", regional, "activations")
    b = f.add("sos_activations_monthly", buttons, "activations")
    r = f.add("region_indicators.sos_activations", totals, "value")
    f.link(r, s, ["region"])
    f.link(r, b, ["region"])
    return f


def camera_family(district: pd.DataFrame, regional: pd.DataFrame,
                  totals: dict[str, pd.DataFrame]) -> Family:
    f = Family()
    d = f.add("camera_offenses_district", district, "offenses")
    g = f.add("camera_offenses_regional", regional, "offenses")
    f.link(d, g, ["region", "kind"])
    for indicator, (kind, status) in CAMERA_INDICATORS.items():
        r = f.add(f"region_indicators.{indicator}", totals[indicator], "value")
        f.link(r, d[(d["kind"] == kind) & (d["status"] == status)], ["region"])
    return f


def _region_totals(cells: pd.DataFrame, count: str, regions: list[str], indicator: str
                   ) -> pd.DataFrame:
    sums = cells.groupby("region", observed=True)[count].sum()
    out = pd.DataFrame({"region": regions})
    out["value"] = out["region"].map(sums).fillna(0).astype("int64")
    out["indicator"] = indicator
    return out


def monthly_tables(events: Mapping[str, pd.DataFrame], *, month: date, k: int,
                   facilities: pd.DataFrame | None = None,
                   previous: Mapping[str, pd.DataFrame] | None = None,
                   changed_days: set[date] | None = None) -> dict[str, pd.DataFrame]:
    """`previous`: the month's rows as published before this run (etl.audit.
    previous_publication, read BEFORE any of the month's rows is replaced), when the month
    is being revised (a re-delivered or late night); `changed_days`: the nights re-delivered
    or added (default: days with no daily row in `previous`). The revision is then protected
    together with the old publication: the attacker has both."""
    month = month.replace(day=1)
    revision = (previous, changed_days) if previous else None
    out: dict[str, pd.DataFrame] = {}
    indicators: list[pd.DataFrame] = []
    losses: list[dict] = []
    for build in (_visit_tables, _sos_tables, _camera_tables):
        tables, totals = build(events, month, k, losses, facilities, revision=revision)
        out.update(tables)
        indicators.append(totals)
    ri = pd.concat([t for t in indicators if len(t)], ignore_index=True) if any(
        len(t) for t in indicators) else pd.DataFrame(columns=["region", "indicator", "value",
                                                               "suppressed"])
    ri["month"] = month
    ri["id"] = month_ids(ri, month, ["region", "indicator"])
    out["region_indicators"] = _shape(_with_names(ri), "region_indicators")
    loss = pd.DataFrame(losses, columns=["table_name", "cells", "cells_withheld", "events",
                                         "events_withheld"])
    loss = loss.groupby("table_name", as_index=False).sum()
    loss["month"] = month
    loss["id"] = month_ids(loss, month, ["table_name"])
    out["suppression_loss"] = _shape(loss, "suppression_loss")
    return out


def _loss(losses: list[dict], table: str, truth: pd.Series, hidden: np.ndarray) -> None:
    """What suppression cost in one table and month (kept internal; the catalogue publishes
    shares over all complete months, rounded, never a month's exact hidden sum)."""
    values = pd.to_numeric(truth, errors="coerce").fillna(0).to_numpy()
    hidden = np.asarray(hidden, dtype=bool)
    losses.append({"table_name": table, "cells": len(values),
                   "cells_withheld": int(hidden.sum()), "events": int(values.sum()),
                   "events_withheld": int(values[hidden].sum())})


def _finish(frame: pd.DataFrame, table: str, count: str, hidden: np.ndarray, month: date,
            keys: list[str], attributes: tuple[str, ...] = (),
            losses: list[dict] | None = None) -> pd.DataFrame:
    if losses is not None:
        _loss(losses, table, frame[count], hidden)
    out = suppression.blank(frame.drop(columns=["_pos"], errors="ignore"), count, hidden,
                            attributes)
    out["month"] = month
    out["id"] = month_ids(out, month, keys)
    return _shape(_with_names(out), table)


def _visit_tables(events: Mapping[str, pd.DataFrame], month: date, k: int, losses: list[dict],
                  facilities: pd.DataFrame | None, revision: Revision | None = None
                  ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    visits = _events(events, "front_office_visits")
    offices = _sites(facilities, "front_office", visits, "office_id")
    first, last = month, month_end(month)
    seen_days = sorted(set(_days(visits["date"]))) if len(visits) else []
    days = [d for d in seen_days if first <= d <= last]
    daily = visit_days(visits, offices, days)
    daily_hidden = suppression.primary(daily["visits"], k)

    office_m = _count(visits, offices, ["office_id"], "visits")
    waits = visits.groupby("office_id", observed=True).agg(
        wait_median_min=("wait_minutes", "median"), wait_n=("wait_minutes", "count"),
        satisfaction_mean=("satisfaction", "mean"),
        satisfaction_n=("satisfaction", "count"))
    office_m = _stats(office_m, waits, "office_id")
    office_m["wait_n"] = office_m["wait_n"].fillna(0)
    office_m["satisfaction_n"] = office_m["satisfaction_n"].fillna(0)
    office_m["wait_median_min"] = _gated(office_m["wait_median_min"].astype(float),
                                         office_m["wait_n"], k)
    office_m["satisfaction_mean"] = _gated(office_m["satisfaction_mean"].astype(float),
                                           office_m["satisfaction_n"], k)
    office_m["satisfaction_n"] = office_m["satisfaction_n"].astype("Int64").where(
        office_m["satisfaction_n"] >= k)

    parts = []
    for dim, values in BREAKDOWNS.items():
        grid = _grid(offices, **{dim: values})
        counted = _count(visits, grid, ["office_id", dim], "visits")
        parts.append(counted.rename(columns={dim: "category"}).assign(breakdown=dim))
    breakdown = pd.concat(parts, ignore_index=True)

    regions = sorted(offices["region"].unique())
    grid = _grid(pd.DataFrame({"region": regions}), channel=BREAKDOWNS["channel"],
                 topic=BREAKDOWNS["topic"], outcome=BREAKDOWNS["outcome"])
    regional = _count(visits, grid, ["region", "channel", "topic", "outcome"], "visits")
    totals = _region_totals(office_m, "visits", regions, "front_office_visits")

    fam = visit_family(daily, office_m, breakdown, regional, totals, daily_hidden)
    if revision is not None:
        _link_previous(fam, *revision)
    hidden = fam.protect(k, *(revision or ()))
    tables = {
        "front_office_offices_monthly": _finish(
            fam.frames["front_office_offices_monthly"], "front_office_offices_monthly",
            "visits", hidden["front_office_offices_monthly"], month, ["office_id"],
            ("wait_median_min", "satisfaction_mean", "satisfaction_n"), losses),
        "front_office_visits_monthly": _finish(
            fam.frames["front_office_visits_monthly"], "front_office_visits_monthly", "visits",
            hidden["front_office_visits_monthly"], month, ["office_id", "breakdown", "category"], losses=losses),
        "front_office_visits_regional": _finish(
            fam.frames["front_office_visits_regional"], "front_office_visits_regional",
            "visits", hidden["front_office_visits_regional"], month,
            ["region", "channel", "topic", "outcome"], losses=losses),
    }
    ri = fam.frames["region_indicators.front_office_visits"].drop(columns=["_pos"])
    _loss(losses, "region_indicators", ri["value"], hidden["region_indicators.front_office_visits"])
    _loss(losses, "front_office_visits_daily", daily["visits"], daily_hidden.to_numpy())
    ri = suppression.blank(ri, "value", hidden["region_indicators.front_office_visits"])
    return tables, ri


def _sos_tables(events: Mapping[str, pd.DataFrame], month: date, k: int, losses: list[dict],
                facilities: pd.DataFrame | None, revision: Revision | None = None
                ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    sos = _events(events, "sos_activations")
    buttons = _sites(facilities, "sos_button", sos, "button_id")
    regions = sorted(buttons["region"].unique())
    grid = _grid(pd.DataFrame({"region": regions}), category=sorted(SOS_CATEGORIES))
    regional = _count(sos, grid, ["region", "category"], "activations")

    per_button = _count(sos, buttons, ["button_id"], "activations")
    times = sos.groupby("button_id", observed=True).agg(
        answer_median_s=("answered_after_s", "median"), answer_n=("answered_after_s", "count"),
        arrival_median_min=("patrol_arrival_min", "median"),
        arrival_n=("patrol_arrival_min", "count"))
    per_button = _stats(per_button, times, "button_id")
    for median, n in (("answer_median_s", "answer_n"), ("arrival_median_min", "arrival_n")):
        per_button[median] = _gated(per_button[median].astype(float),
                                    per_button[n].fillna(0), k)

    response = pd.DataFrame({"region": regions})
    by_region = sos.groupby("region", observed=True).agg(
        answer_median_s=("answered_after_s", "median"), answer_n=("answered_after_s", "count"),
        arrival_median_min=("patrol_arrival_min", "median"),
        arrival_n=("patrol_arrival_min", "count"))
    response = _stats(response, by_region, "region")
    for median, n in (("answer_median_s", "answer_n"), ("arrival_median_min", "arrival_n")):
        response[n] = response[n].fillna(0).astype("int64")
        response[median] = _gated(response[median].astype(float), response[n], k)
    # The numbers of values behind the medians are counts too: published only as "at least
    # k" (the median itself is null below k), never as a number.
    response["month"] = month
    response["id"] = month_ids(response, month, ["region"])

    totals = _region_totals(regional, "activations", regions, "sos_activations")
    fam = sos_family(regional, per_button, totals)
    hidden = fam.protect(k, *(revision or ()))
    tables = {
        "sos_activations_regional": _finish(
            fam.frames["sos_activations_regional"], "sos_activations_regional", "activations",
            hidden["sos_activations_regional"], month, ["region", "category"],
            losses=losses),
        "sos_activations_monthly": _finish(
            fam.frames["sos_activations_monthly"], "sos_activations_monthly", "activations",
            hidden["sos_activations_monthly"], month, ["button_id"],
            ("answer_median_s", "arrival_median_min"), losses),
        "sos_response_regional": _shape(_with_names(response), "sos_response_regional"),
    }
    ri = fam.frames["region_indicators.sos_activations"].drop(columns=["_pos"])
    _loss(losses, "region_indicators", ri["value"], hidden["region_indicators.sos_activations"])
    ri = suppression.blank(ri, "value", hidden["region_indicators.sos_activations"])
    return tables, ri


def _camera_tables(events: Mapping[str, pd.DataFrame], month: date, k: int, losses: list[dict],
                   facilities: pd.DataFrame | None, revision: Revision | None = None
                   ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    cam = _events(events, "camera_offenses")
    cameras = _sites(facilities, "camera", cam, "camera_id")
    districts = cameras[["district_kato", "region"]]
    if len(cam):
        districts = pd.concat([districts, cam[["district_kato", "region"]]])
    districts = districts.drop_duplicates("district_kato").dropna().reset_index(drop=True)
    combos = pd.DataFrame(CAMERA_KIND_STATUS, columns=["kind", "status"])
    grid = districts.merge(combos, how="cross")
    district = _count(cam, grid, ["district_kato", "kind", "status"], "offenses")

    regions = sorted(districts["region"].unique())
    combos = pd.DataFrame([(kind, cat) for kind, cats in CAMERA_CATEGORIES.items()
                           for cat in cats], columns=["kind", "category"])
    grid = pd.DataFrame({"region": regions}).merge(combos, how="cross")
    regional = _count(cam, grid, ["region", "kind", "category"], "offenses")

    totals = {}
    for indicator, (kind, status) in CAMERA_INDICATORS.items():
        chosen = district[(district["kind"] == kind) & (district["status"] == status)]
        totals[indicator] = _region_totals(chosen, "offenses", regions, indicator)
    fam = camera_family(district, regional, totals)
    hidden = fam.protect(k, *(revision or ()))
    tables = {
        "camera_offenses_district": _finish(
            fam.frames["camera_offenses_district"], "camera_offenses_district", "offenses",
            hidden["camera_offenses_district"], month, ["district_kato", "kind", "status"],
            losses=losses),
        "camera_offenses_regional": _finish(
            fam.frames["camera_offenses_regional"], "camera_offenses_regional", "offenses",
            hidden["camera_offenses_regional"], month, ["region", "kind", "category"], losses=losses),
    }
    parts = []
    for indicator in CAMERA_INDICATORS:
        name = f"region_indicators.{indicator}"
        _loss(losses, "region_indicators", fam.frames[name]["value"], hidden[name])
        parts.append(suppression.blank(fam.frames[name].drop(columns=["_pos"]), "value",
                                       hidden[name]))
    return tables, pd.concat(parts, ignore_index=True)

