"""From one month of clean, anonymised events to the published aggregate tables.

Each function takes DataFrames of validated events (see etl.validate) for ONE calendar month
and returns rows shaped like the matching table in data.schema, suppression applied.
Medians and means are published only where at least k values stand behind them.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from etl import suppression

# Publication over time decides the suppression (see etl.pipeline):
# - Daily tables (visits, SOS per day) are published night by night, so a day's cells must
#   never change once out: they get primary suppression only, computed from that day alone.
#   Complementary cells chosen anew each night would differ between publications, and an
#   earlier publication would give back what a later one hides.
# - Their monthly margin (region_indicators) is published once the month is complete, and is
#   itself withheld when the daily cells hidden under it would give a small count back.
# - Monthly tables (SOS per button, camera offences) appear once, when the month is complete,
#   so complementary suppression among their cells is safe: these groups share a published
#   region_indicators total.
VISIT_KEYS = ["date", "office_id", "channel", "topic", "outcome"]
SOS_DAILY_KEYS = ["date", "region", "category"]
SOS_GROUPS = (("month", "region"),)
CAMERA_GROUPS = (("month", "region", "kind", "status"),)

CAMERA_INDICATORS = {
    "camera_crimes_solved": ("criminal", "solved"),
    "camera_admin_detected": ("administrative", "detected"),
}


def row_ids(frame: pd.DataFrame, period: date, keys: list[str]) -> np.ndarray:
    """Deterministic ids: period index × 10^7 + rank of the row in key order."""
    base = (period.year * 12 + period.month - 1) * 10_000_000
    order = frame.sort_values(keys, kind="stable").index
    ranks = pd.Series(np.arange(1, len(frame) + 1), index=order)
    return base + ranks.reindex(frame.index).to_numpy()


def _gated(values: pd.Series, n: pd.Series, k: int) -> pd.Series:
    """Keep a median/mean only where n ≥ k values stand behind it."""
    return values.where(n >= k).astype("Float64").round(2)


def visit_cells(events: pd.DataFrame) -> pd.DataFrame:
    """The daily cells of front-office visits, counted once, before any suppression: the
    daily table and the regional totals are both made from them."""
    grouped = events.groupby(VISIT_KEYS + ["region", "district_kato"], observed=True, sort=False)
    return grouped.agg(
        visits=("visit_id", "size"),
        wait_median_min=("wait_minutes", "median"),
        wait_n=("wait_minutes", "count"),
        satisfaction_mean=("satisfaction", "mean"),
        satisfaction_n=("satisfaction", "count"),
    ).reset_index()


def visits_daily(cells: pd.DataFrame, month: date, k: int) -> pd.DataFrame:
    out = cells.copy()
    out["wait_median_min"] = _gated(out["wait_median_min"], out["wait_n"], k)
    out["satisfaction_mean"] = _gated(out["satisfaction_mean"], out["satisfaction_n"], k)
    out["satisfaction_n"] = out["satisfaction_n"].astype("Int64").where(
        out["satisfaction_n"] >= k)
    out = suppression.apply(out, "visits", k,
                            attributes=["wait_median_min", "satisfaction_mean", "satisfaction_n"])
    out["id"] = row_ids(out, month, VISIT_KEYS)
    out["date"] = out["date"].dt.date
    return out.drop(columns=["wait_n"])


def sos_cells(events: pd.DataFrame) -> pd.DataFrame:
    """The daily cells of SOS activations (day × region × category), before suppression."""
    counts = events.groupby(SOS_DAILY_KEYS, observed=True, sort=False).size()
    return counts.rename("activations").reset_index()


def sos_daily(cells: pd.DataFrame, month: date, k: int) -> pd.DataFrame:
    out = suppression.apply(cells, "activations", k)
    out["id"] = row_ids(out, month, SOS_DAILY_KEYS)
    out["date"] = out["date"].dt.date
    return out


def sos_monthly(events: pd.DataFrame, month: date, k: int) -> pd.DataFrame:
    keys = ["button_id"]
    grouped = events.groupby(keys + ["region", "district_kato"], observed=True, sort=False)
    out = grouped.agg(
        activations=("event_id", "size"),
        answer_median_s=("answered_after_s", "median"),
        answer_n=("answered_after_s", "count"),
        arrival_median_min=("patrol_arrival_min", "median"),
        arrival_n=("patrol_arrival_min", "count"),
    ).reset_index()
    out["month"] = pd.Timestamp(month)
    out["answer_median_s"] = _gated(out["answer_median_s"], out["answer_n"], k)
    out["arrival_median_min"] = _gated(out["arrival_median_min"], out["arrival_n"], k)
    out = suppression.apply(out, "activations", k, SOS_GROUPS,
                            attributes=["answer_median_s", "arrival_median_min"])
    out["id"] = row_ids(out, month, keys)
    out["month"] = month
    return out.drop(columns=["answer_n", "arrival_n"])


def camera_monthly(events: pd.DataFrame, month: date, k: int) -> pd.DataFrame:
    keys = ["district_kato", "kind", "category", "status"]
    out = events.groupby(keys + ["region"], observed=True, sort=False).size()
    out = out.rename("offenses").reset_index()
    out["month"] = pd.Timestamp(month)
    out = suppression.apply(out, "offenses", k, CAMERA_GROUPS)
    out["id"] = row_ids(out, month, keys)
    out["month"] = month
    return out


def region_indicators(visit_cells: pd.DataFrame, sos_cells: pd.DataFrame,
                      camera: pd.DataFrame, month: date, k: int) -> pd.DataFrame:
    """Monthly totals per region, from the unsuppressed daily cells and the camera events.

    A total is withheld when it has fewer than k events, or when it minus the published
    daily cells under it would give back a small count (see the module's note).
    """
    parts = [
        visit_cells.groupby("region", observed=True)["visits"].sum().rename("front_office_visits"),
        sos_cells.groupby("region", observed=True)["activations"].sum().rename("sos_activations"),
    ]
    for name, (kind, status) in CAMERA_INDICATORS.items():
        chosen = camera[(camera["kind"] == kind) & (camera["status"] == status)]
        parts.append(chosen.groupby("region", observed=True).size().rename(name))
    wide = pd.concat(parts, axis=1)
    long = wide.stack(future_stack=True).rename("value").reset_index()
    long.columns = ["region", "indicator", "value"]
    long = long[long["value"].fillna(0) > 0].reset_index(drop=True)
    long["value"] = long["value"].astype("Int64")
    leaking = {("front_office_visits", r) for r in _leaky_margins(visit_cells, "visits", k)}
    leaking |= {("sos_activations", r) for r in _leaky_margins(sos_cells, "activations", k)}
    also = pd.Series([(i, r) in leaking for i, r in zip(long["indicator"], long["region"])],
                     index=long.index, dtype=bool)
    out = suppression.apply(long, "value", k, also_hide=also)
    out["month"] = month
    out["id"] = row_ids(out, month, ["region", "indicator"])
    return out


def _leaky_margins(cells: pd.DataFrame, count: str, k: int) -> list[str]:
    """Regions whose monthly total, minus their published daily cells (primary suppression
    only), would give back a small count."""
    if cells.empty:
        return []
    hidden = suppression.primary(cells[count], k)
    leaks = suppression.leaky_groups(cells, count, hidden, ["region"], k)
    return [str(r) for r in cells.loc[leaks, "region"].unique()]


# ------------------------------------------------------------------ what the pipeline calls
# The pipeline (etl.pipeline) stages each night's events, then asks for the rows of
# one day (DAILY_TABLES, replaced where `date` is that day) and, once a month is complete, of
# one month (MONTHLY_TABLES, replaced where `month` is that month). Empty input is normal: a
# night without a file, a file with only bad rows, a whole month with no SOS press.
DAILY_TABLES: tuple[str, ...] = ("front_office_visits", "sos_activations_daily")
MONTHLY_TABLES: tuple[str, ...] = ("sos_activations_monthly", "camera_offenses",
                                   "region_indicators")
_DAY_ID_BASE = 1_000_000  # rows per day and table: far above a national day (~10k)


def _table_columns(name: str) -> list[str]:
    from data import schema

    return [c.name for c in schema.metadata.tables[name].columns]


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=_table_columns(name))


def _day_ids(frame: pd.DataFrame, day: date, keys: list[str]) -> np.ndarray:
    """Ids unique across days, so that a day's rows can be replaced alone."""
    order = frame.sort_values(keys, kind="stable").index
    ranks = pd.Series(np.arange(1, len(frame) + 1), index=order)
    return day.toordinal() * _DAY_ID_BASE + ranks.reindex(frame.index).to_numpy()


def _events(events: dict[str, pd.DataFrame], table: str) -> pd.DataFrame:
    from etl.staging import empty_events

    frame = events.get(table)
    return empty_events(table) if frame is None else frame


def daily_tables(events: dict[str, pd.DataFrame], day: date, k: int,
                 facilities: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The rows of the daily tables for one day, from that day's events."""
    month = day.replace(day=1)
    visits = _events(events, "front_office_visits")
    sos = _events(events, "sos_activations")
    out = {name: _empty(name) for name in DAILY_TABLES}
    if len(visits):
        rows = visits_daily(visit_cells(visits), month, k)
        rows["id"] = _day_ids(rows, day, VISIT_KEYS)
        out["front_office_visits"] = rows[_table_columns("front_office_visits")]
    if len(sos):
        rows = sos_daily(sos_cells(sos), month, k)
        rows["id"] = _day_ids(rows, day, SOS_DAILY_KEYS)
        out["sos_activations_daily"] = rows[_table_columns("sos_activations_daily")]
    return out


def monthly_tables(events: dict[str, pd.DataFrame], month: date, k: int,
                   facilities: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The rows of the monthly tables for one complete month, from all its events."""
    visits = _events(events, "front_office_visits")
    sos = _events(events, "sos_activations")
    camera = _events(events, "camera_offenses")
    out = {name: _empty(name) for name in MONTHLY_TABLES}
    if len(sos):
        out["sos_activations_monthly"] = sos_monthly(sos, month, k)
    if len(camera):
        out["camera_offenses"] = camera_monthly(camera, month, k)
    if len(visits) or len(sos) or len(camera):
        v_cells = visit_cells(visits) if len(visits) else visit_cells(visits).iloc[0:0]
        s_cells = sos_cells(sos)
        out["region_indicators"] = region_indicators(v_cells, s_cells, camera, month, k)
    return {name: frame[_table_columns(name)] for name, frame in out.items()}
