"""Calendar months, as the ETL publishes them and the pages and the API read them.

One place for month arithmetic: a month is the date of its first day. Pure functions, no
pandas (a DateOffset and a hand-made `month % 12 + 1` used to live side by side).
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

MONTH_FORMAT = "%Y-%m"  # how a month is written in URLs, downloads and chart axes


def month_start(value: Any) -> date:
    """The first day of the month of a date, a datetime or a 'YYYY-MM[-DD...]' text."""
    if isinstance(value, date):
        return date(value.year, value.month, 1)
    return date.fromisoformat(str(value)[:7] + "-01")


def month_end(month: date) -> date:
    """The last day of `month`'s calendar month."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: date, months: int) -> date:
    """The first day of the month `months` after (or before, if negative) `month`'s."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month from `start`'s to `end`'s, both included."""
    out, current = [], month_start(start)
    while current <= end:
        out.append(current)
        current = add_months(current, 1)
    return out


def months_of_year_through(month: date) -> list[date]:
    """January..`month` of `month`'s year (a year-to-date span)."""
    return [date(month.year, m, 1) for m in range(1, month.month + 1)]


def month_label(month: date) -> str:
    """'YYYY-MM'."""
    return month.strftime(MONTH_FORMAT)


def parse_month(text: str, *, end: bool = False) -> date:
    """'YYYY-MM' as its first day, or its last day with `end` (raises ValueError)."""
    year, month = int(text[:4]), int(text[5:7])
    first = date(year, month, 1)
    return month_end(first) if end else first


def is_month_complete(month: date, through: date | None) -> bool:
    """Whether data through the night `through` covers the whole of `month`."""
    return through is not None and through >= month_end(month)
