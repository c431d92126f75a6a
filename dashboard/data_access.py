"""Every warehouse read of the dashboard, through webcore's per-publication cache.

Each public function here is what a layout or callback calls: it runs one query function of the
shared query layer (data/) via `webcore.cached_query`, so a new ETL publication is visible at
once and repeated views cost a cache hit. Results are plain dicts and lists (picklable for
Redis); nothing here holds a DataFrame beyond one call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from flask import has_app_context
from sqlalchemy import Connection, select

from data import indicators as kpi_queries
from data import queries, schema
from data.catalog import DATASETS
from webcore import cached_query, current_publication
from webcore.cache import NO_PUBLICATION, Publication

T = TypeVar("T")

# (field, (values...)) pairs, sorted: a hashable, stable-repr form of data.queries.Filters.equals
EqualsKey = tuple[tuple[str, tuple[str, ...]], ...]


def _cached(name: str, fn: Callable[..., T], *args: Any) -> T:
    """The single switch point between the dashboard and the cache."""
    return cached_query(f"dashboard.{name}", fn, *args)


def publication() -> Publication:
    """The current publication; "none yet" outside a request (Dash validates layouts at start)."""
    if not has_app_context():
        return NO_PUBLICATION
    return current_publication()


# ------------------------------------------------------------------ query functions (conn first)
def _national_kpis(conn: Connection) -> dict[str, Any]:
    return kpi_queries.national_kpis(conn)


def _indicator_history(conn: Connection) -> list[dict[str, Any]]:
    t = schema.region_indicators
    rows = conn.execute(select(t.c.month, t.c.region, t.c.indicator, t.c.value, t.c.suppressed)
                        .order_by(t.c.month, t.c.region, t.c.indicator)).mappings()
    return [dict(r) for r in rows]


def _population(conn: Connection) -> list[dict[str, Any]]:
    t = schema.population
    rows = conn.execute(select(t.c.region, t.c.year, t.c.population)
                        .order_by(t.c.region, t.c.year)).mappings()
    return [dict(r) for r in rows]


def _region_summary(conn: Connection, region: str) -> dict[str, Any]:
    summary = kpi_queries.region_summary(conn, region)
    for item in summary["indicators"]:  # numpy scalars → plain floats (stable pickles, JSON)
        rate = item.get("national_rate_per_100k")
        item["national_rate_per_100k"] = None if rate is None else float(rate)
        item["missing"] = bool(item["missing"])
    return summary


def _regional_table(conn: Connection, month: date | None) -> list[dict[str, Any]]:
    frame = kpi_queries.regional_table(conn, month)
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def _facility_counts(conn: Connection, region: str | None) -> dict[str, dict[str, int]]:
    return kpi_queries.facility_counts(conn, region)


def _aggregate(conn: Connection, dataset_id: str, group_by: tuple[str, ...], measure: str,
               equals: EqualsKey, date_from: date | None,
               date_to: date | None) -> list[dict[str, Any]]:
    filters = queries.Filters(equals={k: list(v) for k, v in equals},
                              date_from=date_from, date_to=date_to)
    return queries.aggregate(conn, DATASETS[dataset_id], list(group_by), measure, filters)


def _time_range(conn: Connection, dataset_id: str) -> tuple[Any, Any]:
    return queries.time_range(conn, DATASETS[dataset_id])


def _row_counts(conn: Connection) -> dict[str, int]:
    return queries.dataset_row_counts(conn)


def _publication_log(conn: Connection, limit: int) -> list[dict[str, Any]]:
    return queries.publication_log(conn, limit)


def _all_rows(conn: Connection, dataset_id: str) -> list[dict[str, Any]]:
    return list(queries.iter_rows(conn, DATASETS[dataset_id], queries.Filters()))


def _targets(conn: Connection, region: str | None) -> list[dict[str, Any]]:
    return kpi_queries.region_targets(conn, region)


# ------------------------------------------------------------------ what pages call
def national_kpis() -> dict[str, Any]:
    return _cached("national_kpis", _national_kpis)


def indicator_history() -> list[dict[str, Any]]:
    """month, region, indicator, value (None when suppressed), suppressed — all months."""
    return _cached("indicator_history", _indicator_history)


def population() -> list[dict[str, Any]]:
    return _cached("population", _population)


def region_summary(region: str) -> dict[str, Any]:
    return _cached("region_summary", _region_summary, region)


def regional_table(month: date | None = None) -> list[dict[str, Any]]:
    return _cached("regional_table", _regional_table, month)


def facility_counts(region: str | None = None) -> dict[str, dict[str, int]]:
    return _cached("facility_counts", _facility_counts, region)


def targets(region: str | None = None) -> list[dict[str, Any]]:
    return _cached("targets", _targets, region)


def aggregate(dataset_id: str, group_by: tuple[str, ...], measure: str, equals: EqualsKey,
              date_from: date | None, date_to: date | None) -> list[dict[str, Any]]:
    return _cached("aggregate", _aggregate, dataset_id, group_by, measure, equals, date_from,
                   date_to)


def time_range(dataset_id: str) -> tuple[Any, Any]:
    return _cached("time_range", _time_range, dataset_id)


def row_counts() -> dict[str, int]:
    return _cached("row_counts", _row_counts)


def publication_log(limit: int = 50) -> list[dict[str, Any]]:
    return _cached("publication_log", _publication_log, limit)


def key_figures() -> list[dict[str, Any]]:
    return _cached("key_figures", _all_rows, "key_figures")


def _loss_figures(conn: Connection) -> dict[str, dict[str, Any]]:
    from data.loss import loss_figures

    return loss_figures(conn)


def loss_figures() -> dict[str, dict[str, Any]]:
    """Share of cells and of events withheld per table (issue 8; methodology page)."""
    return _cached("loss_figures", _loss_figures)
