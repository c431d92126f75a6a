"""Files of exactly what a chart shows: one row per month and line, numbers plus a status.

Pure functions (view model in, bytes out). CSV is UTF-8 with a BOM so Excel shows Cyrillic;
XLSX is written with openpyxl. Suppressed and missing values are empty cells with a status,
never 0.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from dashboard.i18n import t
from data.figures import MISSING, OK, PARTIAL, SUPPRESSED, Cell

STATUS_IDS = {
    OK: "series.status_ok",
    PARTIAL: "series.status_partial",
    SUPPRESSED: "value.suppressed",
    MISSING: "value.missing",
}


def status_text(cell: Cell, lang: str) -> str:
    return t(STATUS_IDS.get(cell.state, "value.missing"), lang)


def plain_number(value: float | None) -> float | int | None:
    """Counts as integers (535, not 535.0); rates keep their decimals."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def long_rows(
    months: Sequence[str], lines: Sequence[tuple[str, Sequence[Cell]]], lang: str
) -> list[list[Any]]:
    """[month, line name, value or None, status] for every month of every line."""
    rows = []
    for name, values in lines:
        for month, cell in zip(months, values, strict=True):
            rows.append([month, name, plain_number(cell.value), status_text(cell, lang)])
    return rows


def to_csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx_bytes(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], *, sheet: str, notes: Sequence[str] = ()
) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    data = book.create_sheet(sheet[:31])
    data.append(list(headers))
    for row in rows:
        data.append(list(row))
    if notes:
        about = book.create_sheet("about")
        for note in notes:
            about.append([note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
