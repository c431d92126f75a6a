"""Writing aggregates: replace whole periods inside the run's single transaction.

Rows are written through the run's own DB-API connection (same transaction, so atomicity
is unchanged): SQLite gets one `executemany` of plain tuples, PostgreSQL (psycopg 3) a
`COPY ... FROM STDIN`. Building a dict per row and letting SQLAlchemy re-bind every
parameter cost several times more than SQLite's own work on a year of national data.
Values are converted exactly as SQLAlchemy would: the same Python objects as `records()`,
then each column type's bind processor for the dialect (applied once per distinct value).
Other dialects keep the plain SQLAlchemy `insert()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Table, delete, func, insert, select

CHUNK = 20_000
DBAPI_CHUNK = 50_000  # rows turned into Python tuples at a time
COPY_CHUNK = 50_000
MAX_CACHED = 4_096  # distinct values remembered per column by _processed


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as dicts with None for missing values (NA/NaT/NaN), native types."""
    names = list(frame.columns)
    if not names:
        return [{} for _ in range(len(frame))]
    columns = [column_values(frame.iloc[:, i]) for i in range(len(names))]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _native(value: Any) -> Any:
    """A NumPy scalar as the Python value a driver binds (as pandas' own boxing does)."""
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value)
    if isinstance(value, np.timedelta64):
        return pd.Timedelta(value)
    if isinstance(value, np.generic):
        return value.item()  # bool_, integer and floating: bool, int, float
    return value


def column_values(series: pd.Series) -> list[Any]:
    """One column as native Python values (int, float, bool, str, Timestamp, date...), None
    where missing: what `records()` has always produced, without a dict per row."""
    values = series.tolist()
    if series.dtype == object and any(isinstance(v, np.generic) for v in values):
        values = [_native(v) for v in values]
    missing = series.isna().to_numpy(dtype=bool)
    if missing.any():
        for i in np.flatnonzero(missing).tolist():
            values[i] = None
    return values


def replace_period(
    conn: Connection, table: Table, time_column: str, first: date, last: date, frame: pd.DataFrame
) -> tuple[int, int]:
    """Delete the period's rows and insert the new ones; returns (rows_before, rows_after)."""
    column = table.c[time_column]
    period = (column >= first) & (column <= last)
    before = int(conn.execute(select(func.count()).select_from(table).where(period)).scalar_one())
    conn.execute(delete(table).where(period))
    columns = [c.name for c in table.columns]
    if len(frame) and "id" in frame.columns:
        # Primary-key order: B-tree appends instead of random page splits (same rows).
        frame = frame.sort_values("id", kind="stable")
    insert_frame(conn, table, frame[columns] if len(frame) else frame)
    return before, len(frame)


def insert_frame(conn: Connection, table: Table, frame: pd.DataFrame) -> None:
    """Insert every row of `frame` (columns named like the table's) in the current transaction."""
    if not len(frame):
        return
    dialect = conn.dialect
    if dialect.name == "sqlite":
        _insert_dbapi(conn, table, frame)
    elif dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy_psycopg(conn, table, frame)
    else:
        for start in range(0, len(frame), CHUNK):
            conn.execute(insert(table), records(frame.iloc[start : start + CHUNK]))


def _bound_columns(conn: Connection, table: Table, frame: pd.DataFrame) -> list[list[Any]]:
    """Per column, the values SQLAlchemy would hand to the driver for this dialect."""
    out = []
    for i, name in enumerate(frame.columns):
        values = column_values(frame.iloc[:, i])
        column_type = table.c[name].type
        processor = column_type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        if processor is not None:
            values = _processed(values, processor)
        out.append(values)
    return out


def _processed(values: list[Any], processor: Callable[[Any], Any]) -> list[Any]:
    """Apply a bind processor, once per distinct value while there are few of them (dates,
    flags); columns of many distinct values (floats) are converted value by value."""
    cache: dict[tuple[type, Any], Any] = {}
    out: list[Any] = []
    for value in values:
        key = (type(value), value)
        try:
            out.append(cache[key])
            continue
        except KeyError:
            converted = processor(value)
            if len(cache) < MAX_CACHED:
                cache[key] = converted
        except TypeError:  # unhashable
            converted = processor(value)
        out.append(converted)
    return out


def _insert_dbapi(conn: Connection, table: Table, frame: pd.DataFrame) -> None:
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(str(c)) for c in frame.columns)
    marks = ", ".join("?" for _ in frame.columns)
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
    cursor = conn.connection.cursor()  # the transaction's own connection
    try:
        for start in range(0, len(frame), DBAPI_CHUNK):  # bounded memory: Python rows
            part = frame.iloc[start : start + DBAPI_CHUNK]
            cursor.executemany(sql, list(zip(*_bound_columns(conn, table, part), strict=True)))
    finally:
        cursor.close()


def _copy_psycopg(conn: Connection, table: Table, frame: pd.DataFrame) -> None:
    quote = conn.dialect.identifier_preparer.quote
    target = (
        quote(table.name)
        if table.schema is None
        else (f"{quote(table.schema)}.{quote(table.name)}")
    )
    names = ", ".join(quote(str(c)) for c in frame.columns)
    raw = conn.connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        with cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
            for start in range(0, len(frame), COPY_CHUNK):
                part = frame.iloc[start : start + COPY_CHUNK]
                for row in zip(*_bound_columns(conn, table, part), strict=True):
                    copy.write_row(row)


def count_rows(conn: Connection, tables: Iterable[Table]) -> dict[str, int]:
    return {
        t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables
    }
