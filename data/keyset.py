"""Keyset pagination: a stable sort order over allow-listed columns, the cursor that carries a
page's last sort values (tied to its publication), and the condition "rows after the cursor".

data.queries reads a page as `WHERE filters AND rows_after(...) ORDER BY sort_order(...) LIMIT n`,
so a page never re-reads the rows before it, as OFFSET would.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, ColumnElement, and_, case, literal, or_

from data.catalog import Dataset
from data.query_errors import QueryError


@dataclass(frozen=True)
class SortKey:
    name: str
    descending: bool = False


def parse_sort(dataset: Dataset, sort: str | None) -> list[SortKey]:
    """`sort=-visits,date` → [SortKey(visits, desc), SortKey(date)]; allow-listed columns only."""
    if not sort:
        keys = [SortKey(n) for n in dataset.default_sort]
    else:
        keys = []
        for part in sort.split(","):
            part = part.strip()
            descending = part.startswith("-")
            name = part.lstrip("-")
            if name not in dataset.sortable:
                raise QueryError(f"cannot sort {dataset.id} by '{name}'", "sort")
            keys.append(SortKey(name, descending))
    tiebreak = "id" if "id" in dataset.field_names else dataset.default_sort[0]
    if tiebreak not in [k.name for k in keys]:
        keys.append(SortKey(tiebreak))
    return keys


def encode_cursor(publication_id: int | None, values: Sequence[Any]) -> str:
    payload = json.dumps({"p": publication_id, "v": [_jsonable(v) for v in values]})
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(
    dataset: Dataset, keys: list[SortKey], cursor: str, publication_id: int | None
) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        values = payload["v"]
        if payload["p"] != publication_id:
            raise QueryError(
                "the cursor belongs to an earlier publication; start again",
                "cursor",
                "cursor_expired",
            )
        if len(values) != len(keys):
            raise ValueError
        return [_from_json(dataset, k.name, v) for k, v in zip(keys, values, strict=True)]
    except QueryError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise QueryError("malformed cursor", "cursor") from None


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


# A forged cursor must fail here, as a 400, never in the database: a string where the column is
# an integer, or an integer beyond BIGINT, used to reach PostgreSQL and come back as a 503.
MAX_CURSOR_INT = 2**63 - 1
MAX_CURSOR_TEXT = 1000


def _from_json(dataset: Dataset, name: str, value: Any) -> Any:
    if value is None:
        return None
    kind = dataset.field(name).type
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        if abs(value) <= MAX_CURSOR_INT:
            return value
    elif kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        if abs(value) <= MAX_CURSOR_INT and math.isfinite(value):
            return value
    elif _plain_value_ok(kind, value):
        return value
    raise ValueError(f"a cursor value of the wrong type for {name}")


def _plain_value_ok(kind: str, value: Any) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    return kind == "string" and isinstance(value, str) and len(value) <= MAX_CURSOR_TEXT


def rows_after(dataset: Dataset, keys: list[SortKey], values: list[Any]) -> ColumnElement[bool]:
    """Rows strictly after the cursor in the sort order; NULLs sort last in both directions."""
    table = dataset.table
    parts: list[tuple[ColumnElement[Any], bool, Any]] = []
    for key, value in zip(keys, values, strict=True):
        column = table.c[key.name]
        if column.nullable:  # NOT NULL columns need no NULL group (and keep their index)
            parts.append((case((column.is_(None), 1), else_=0), False, 1 if value is None else 0))
        parts.append((column, key.descending, value))
    alternatives = []
    for i, (expr, descending, value) in enumerate(parts):
        if value is None:
            continue  # nothing sorts after NULL within a NULL group: later parts decide
        step = expr < value if descending else expr > value
        equal_before = [e == v if v is not None else e.is_(None) for e, _, v in parts[:i]]
        alternatives.append(and_(*equal_before, step))
    if not alternatives:
        return literal(False)
    after = or_(*alternatives)
    first, descending, value = parts[0]
    if value is not None and isinstance(first, Column):
        # The same condition, plus a range on the leading sort column: with bound parameters
        # SQLite cannot plan the OR as an index range and scans the index from its start, so
        # each page of a keyset walk got slower (a bulk export of 3.4 M rows: 104 s, not 20).
        after = and_(first <= value if descending else first >= value, after)
    return after


def sort_order(dataset: Dataset, keys: list[SortKey]) -> list[Any]:
    order: list[Any] = []
    for key in keys:
        column = dataset.table.c[key.name]
        if column.nullable:  # NULLs last; a NOT NULL column keeps its index order
            order.append(case((column.is_(None), 1), else_=0))
        order.append(column.desc() if key.descending else column.asc())
    return order
