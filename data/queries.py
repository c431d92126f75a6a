"""The one query layer: the API, the dashboard and the bulk export all read through here.

Only tables in the catalogue are reachable; filter and sort columns come from the catalogue's
allow-lists and every value is a bound parameter. Aggregates are computed from published
cells only (suppressed cells count as unknown), so no aggregate can reveal a suppressed cell.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, func, literal, select

from data import schema
from data.catalog import DATASETS, Dataset
from data.keyset import decode_cursor, encode_cursor, parse_sort, rows_after, sort_order
from data.periods import month_start
from data.query_errors import QueryError

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 100


def get_dataset(dataset_id: str) -> Dataset:
    from data.catalog import RETIRED

    if dataset_id in RETIRED:
        gone = RETIRED[dataset_id]
        raise QueryError(
            f"dataset '{dataset_id}' was retired on {gone.retired_on}; its "
            f"successors: {', '.join(gone.successors)}",
            "dataset",
            "gone",
        )
    try:
        return DATASETS[dataset_id]
    except KeyError:
        raise QueryError(f"unknown dataset '{dataset_id}'", "dataset", "not_found") from None


# ------------------------------------------------------------------ publications and status
def current_publication(conn: Connection) -> dict[str, Any] | None:
    """The latest publication: what every page and response is keyed by."""
    row = (
        conn.execute(select(schema.publications).order_by(schema.publications.c.id.desc()).limit(1))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def last_run(conn: Connection) -> dict[str, Any] | None:
    row = (
        conn.execute(select(schema.etl_runs).order_by(schema.etl_runs.c.id.desc()).limit(1))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def table_row_count(conn: Connection, dataset: Dataset) -> int:
    return int(conn.execute(select(func.count()).select_from(dataset.table)).scalar_one())


def dataset_row_counts(conn: Connection) -> dict[str, int]:
    return {ds_id: table_row_count(conn, ds) for ds_id, ds in DATASETS.items()}


# ------------------------------------------------------------------ filters
@dataclass
class Filters:
    """Equality filters (column -> accepted values) plus a closed time range."""

    equals: dict[str, list[Any]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None

    def cache_key(self) -> str:
        items = sorted((k, sorted(map(str, v))) for k, v in self.equals.items())
        return json.dumps([items, str(self.date_from), str(self.date_to)])


def _where(dataset: Dataset, filters: Filters) -> list[ColumnElement[bool]]:
    table = dataset.table
    clauses: list[ColumnElement[bool]] = []
    for name, values in filters.equals.items():
        if name not in dataset.field_names:
            raise QueryError(f"'{name}' is not a field of {dataset.id}", name)
        clauses.append(table.c[name].in_(list(values)))
    time_field = dataset.time_field
    if (filters.date_from or filters.date_to) and time_field is None:
        raise QueryError(f"{dataset.id} has no time dimension", "date_from")
    if time_field is not None:
        column = table.c[time_field]
        if filters.date_from:
            clauses.append(column >= _time_bound(dataset, filters.date_from))
        if filters.date_to:
            clauses.append(column <= _time_bound(dataset, filters.date_to))
    return clauses


def _time_bound(dataset: Dataset, value: date) -> Any:
    if dataset.time_field == "year":
        return value.year
    if dataset.time_field == "month" and value.day != 1:
        # A month row covers the whole month; include months that start before date_from.
        return month_start(value)
    return value


# ------------------------------------------------------------------ pages (keyset: data.keyset)


def _select_fields(dataset: Dataset, fields: Sequence[str] | None) -> list[str]:
    if not fields:
        return dataset.field_names
    unknown = [f for f in fields if f not in dataset.field_names]
    if unknown:
        raise QueryError(f"unknown field(s) {', '.join(unknown)} in {dataset.id}", "fields")
    return list(dict.fromkeys(fields))


@dataclass
class Page:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    fields: list[str]
    total: int | None = None


def fetch_page(
    conn: Connection,
    dataset: Dataset,
    filters: Filters,
    *,
    fields: Sequence[str] | None = None,
    sort: str | None = None,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
    publication_id: int | None = None,
    include_total: bool = False,
) -> Page:
    """One page of rows in a stable order, with the cursor of the next page."""
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}", "limit")
    keys = parse_sort(dataset, sort)
    names = _select_fields(dataset, fields)
    key_names = [k.name for k in keys]
    selected = list(dict.fromkeys(names + key_names))
    clauses = _where(dataset, filters)
    if cursor:
        clauses.append(
            rows_after(dataset, keys, decode_cursor(dataset, keys, cursor, publication_id))
        )
    stmt = (
        select(*[dataset.table.c[n] for n in selected])
        .where(*clauses)
        .order_by(*sort_order(dataset, keys))
        .limit(limit + 1)
    )
    result = [dict(r) for r in conn.execute(stmt).mappings()]
    next_cursor = None
    if len(result) > limit:
        result = result[:limit]
        next_cursor = encode_cursor(publication_id, [result[-1][k] for k in key_names])
    rows = [{n: r[n] for n in names} for r in result]
    total = None
    if include_total:
        total = int(
            conn.execute(
                select(func.count()).select_from(dataset.table).where(*_where(dataset, filters))
            ).scalar_one()
        )
    return Page(rows=rows, next_cursor=next_cursor, fields=names, total=total)


def iter_rows(
    conn: Connection,
    dataset: Dataset,
    filters: Filters,
    *,
    fields: Sequence[str] | None = None,
    sort: str | None = None,
    chunk: int = 5_000,
) -> Iterator[dict[str, Any]]:
    """Every matching row, fetched in keyset chunks so an export never holds the table."""
    keys = parse_sort(dataset, sort)
    names = _select_fields(dataset, fields)
    selected = list(dict.fromkeys(names + [k.name for k in keys]))  # names come first
    key_positions = [selected.index(k.name) for k in keys]
    width = len(names)
    base = _where(dataset, filters)
    after: list[Any] | None = None
    while True:
        clauses = list(base)
        if after is not None:
            clauses.append(rows_after(dataset, keys, after))
        stmt = (
            select(*[dataset.table.c[n] for n in selected])
            .where(*clauses)
            .order_by(*sort_order(dataset, keys))
            .limit(chunk)
        )
        batch = conn.execute(stmt).all()
        for row in batch:  # plain tuples zipped once: exports run to millions of rows
            yield dict(zip(names, row[:width]))
        if len(batch) < chunk:
            return
        after = [batch[-1][i] for i in key_positions]


# ------------------------------------------------------------------ aggregates
GROUPABLE_TIME = ("month", "year")


def _period_expr(conn: Connection, column: Any, period: str) -> ColumnElement[str]:
    if conn.dialect.name == "sqlite":
        return func.strftime("%Y-%m" if period == "month" else "%Y", column)
    return func.to_char(column, "YYYY-MM" if period == "month" else "YYYY")


def aggregate(
    conn: Connection,
    dataset: Dataset,
    group_by: Sequence[str],
    measure: str | None = None,
    filters: Filters | None = None,
) -> list[dict[str, Any]]:
    """Sums of published cells per group.

    Suppressed cells are never looked behind: `value` sums the published cells only, and
    `suppressed_cells` > 0 tells that the true total is higher (`complete` is false).
    """
    filters = filters or Filters()
    measures = dataset.measure_fields
    if not measures:
        raise QueryError(f"{dataset.id} has nothing to aggregate", "measure")
    measure = measure or measures[0]
    if measure not in measures and measure != "rows":
        raise QueryError(f"'{measure}' is not a measure of {dataset.id}", "measure")
    allowed = set(dataset.names_with("region", "district", "category", "facility"))
    time_field = dataset.time_field
    if not group_by:
        raise QueryError("group_by is required", "group_by")
    table = dataset.table
    exprs: list[Any] = []
    for name in group_by:
        if name in GROUPABLE_TIME and time_field in ("date", "month"):
            exprs.append(_period_expr(conn, table.c[time_field], name).label(name))
        elif name == "year" and time_field == "year":
            exprs.append(table.c["year"].label("year"))
        elif name in allowed:
            exprs.append(table.c[name].label(name))
        else:
            raise QueryError(f"cannot group {dataset.id} by '{name}'", "group_by")
    has_flag = "suppressed" in dataset.field_names
    if measure == "rows":
        value: ColumnElement[Any] = func.count()
    elif has_flag:
        value = func.sum(case((table.c.suppressed, 0), else_=table.c[measure]))
    else:
        value = func.sum(table.c[measure])
    hidden = func.sum(case((table.c.suppressed, 1), else_=0)) if has_flag else literal(0)
    stmt = (
        select(
            *exprs,
            value.label("value"),
            hidden.label("suppressed_cells"),
            func.count().label("cells"),
        )
        .where(*_where(dataset, filters))
        .group_by(*exprs)
        .order_by(*exprs)
    )
    out = []
    for row in conn.execute(stmt).mappings():
        item = dict(row)
        item["suppressed_cells"] = int(item["suppressed_cells"] or 0)
        item["complete"] = item["suppressed_cells"] == 0
        item["value"] = None if item["value"] is None else float(item["value"])
        if item["value"] is not None and item["value"].is_integer():
            item["value"] = int(item["value"])
        out.append(item)
    return out


def distinct_values(conn: Connection, dataset: Dataset, name: str) -> list[Any]:
    if name not in dataset.field_names:
        raise QueryError(f"'{name}' is not a field of {dataset.id}", name)
    column = dataset.table.c[name]
    return [r[0] for r in conn.execute(select(column).distinct().order_by(column))]


def time_range(conn: Connection, dataset: Dataset) -> tuple[Any, Any]:
    if dataset.time_field is None:
        return None, None
    column = dataset.table.c[dataset.time_field]
    low, high = conn.execute(select(func.min(column), func.max(column))).one()
    return low, high
