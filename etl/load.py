"""Writing aggregates: replace whole periods inside the run's single transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Table, delete, func, insert, select

CHUNK = 20_000


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as dicts with None for missing values (NA/NaT/NaN), native types."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def replace_period(conn: Connection, table: Table, time_column: str, first: date, last: date,
                   frame: pd.DataFrame) -> tuple[int, int]:
    """Delete the period's rows and insert the new ones; returns (rows_before, rows_after)."""
    column = table.c[time_column]
    period = (column >= first) & (column <= last)
    before = int(conn.execute(select(func.count()).select_from(table).where(period))
                 .scalar_one())
    conn.execute(delete(table).where(period))
    columns = [c.name for c in table.columns]
    insert_frame(conn, table, frame[columns] if len(frame) else frame)
    return before, len(frame)


def insert_frame(conn: Connection, table: Table, frame: pd.DataFrame) -> None:
    for start in range(0, len(frame), CHUNK):
        conn.execute(insert(table), records(frame.iloc[start:start + CHUNK]))


def count_rows(conn: Connection, tables: Iterable[Table]) -> dict[str, int]:
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in tables}
