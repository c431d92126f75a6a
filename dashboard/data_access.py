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
from sqlalchemy import Connection

from dashboard.map.build import regional_indicator_table, render_map_html
from data import indicators as kpi_queries
from data import publications as publication_queries
from data import queries
from data.catalog import DATASETS
from data.finder import Place, load_places
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
def _aggregate(
    conn: Connection,
    dataset_id: str,
    group_by: tuple[str, ...],
    measure: str,
    equals: EqualsKey,
    date_from: date | None,
    date_to: date | None,
) -> list[dict[str, Any]]:
    filters = queries.Filters(
        equals={k: list(v) for k, v in equals}, date_from=date_from, date_to=date_to
    )
    return queries.aggregate(conn, DATASETS[dataset_id], list(group_by), measure, filters)


def _time_range(conn: Connection, dataset_id: str) -> tuple[Any, Any]:
    return queries.time_range(conn, DATASETS[dataset_id])


def _row_counts(conn: Connection) -> dict[str, int]:
    return queries.dataset_row_counts(conn)


def _publication_log(conn: Connection, limit: int) -> list[dict[str, Any]]:
    return publication_queries.publication_log(conn, limit)


def _all_rows(conn: Connection, dataset_id: str) -> list[dict[str, Any]]:
    return list(queries.iter_rows(conn, DATASETS[dataset_id], queries.Filters()))


# ------------------------------------------------------------------ what pages call
def indicator_history() -> list[dict[str, Any]]:
    """month, region, indicator, value (None when suppressed), suppressed — all months."""
    return _cached("indicator_history", kpi_queries.indicator_rows)


def population() -> list[dict[str, Any]]:
    return _cached("population", kpi_queries.population_rows)


def data_through() -> date | None:
    """The latest night published over all publications: a re-delivery of an old night
    (a publication of that night alone) does not move it back."""
    return _cached("data_through", kpi_queries.data_through)


def as_of() -> Any:
    """What "data as of" shows: the latest night published, else the publication time."""
    return data_through() or publication().published_at


def region_summary(region: str) -> dict[str, Any]:
    return _cached("region_summary", kpi_queries.region_summary, region)


def facility_counts(region: str | None = None) -> dict[str, dict[str, int]]:
    return _cached("facility_counts", kpi_queries.facility_counts, region)


def aggregate(
    dataset_id: str,
    group_by: tuple[str, ...],
    measure: str,
    equals: EqualsKey,
    date_from: date | None,
    date_to: date | None,
) -> list[dict[str, Any]]:
    return _cached(
        "aggregate", _aggregate, dataset_id, group_by, measure, equals, date_from, date_to
    )


def time_range(dataset_id: str) -> tuple[Any, Any]:
    return _cached("time_range", _time_range, dataset_id)


def row_counts() -> dict[str, int]:
    return _cached("row_counts", _row_counts)


def publication_log(limit: int = 50) -> list[dict[str, Any]]:
    return _cached("publication_log", _publication_log, limit)


def key_figures() -> list[dict[str, Any]]:
    return _cached("key_figures", _all_rows, "key_figures")


# ------------------------------------------------------------------ the map
def map_document(*, lang: str, layers: tuple[str, ...], indicator: str, tiles: str) -> str:
    """The whole map document (folium HTML) of a view; /map and the overview share it."""
    return cached_query(
        "dashboard.map_document",
        render_map_html,
        lang=lang,
        layers=layers,
        indicator=indicator,
        tiles=tiles,
    )


def _map_table(conn: Connection, lang: str, indicator: str) -> list[dict[str, Any]]:
    frame = regional_indicator_table(conn, lang=lang, indicator=indicator)
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def map_table(lang: str, indicator: str) -> list[dict[str, Any]]:
    """The numbers the map's regional layer is drawn from, as records (the table under it)."""
    return _cached("map_table", _map_table, lang, indicator)


def finder_places() -> list[Place]:
    """The public registry as the finder searches it."""
    return _cached("finder_places", load_places)


def _loss_figures(conn: Connection) -> dict[str, dict[str, Any]]:
    from data.loss import loss_figures

    return loss_figures(conn)


def loss_figures() -> dict[str, dict[str, Any]]:
    """Share of cells and of events withheld per table (issue 8; methodology page)."""
    return _cached("loss_figures", _loss_figures)
