"""Calendar months, as the ETL publishes them and the pages read them."""

from __future__ import annotations

import calendar
from datetime import date


def month_end(month: date) -> date:
    """The last day of `month`'s calendar month."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])
