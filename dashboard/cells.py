"""How a published figure (data.figures.Cell) reads on a page: a number, "at least N",
"suppressed" or "no data" — never a 0 where nothing was published. The figures themselves are
computed in data.figures, the same functions the API serialises.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dashboard.i18n import fmt_int, fmt_num, t
from data.figures import MISSING, OK, PARTIAL, SUPPRESSED, Cell


def text(cell: Cell, lang: str, formatter: Callable[[Any, str], str] = fmt_int) -> str:
    """How a cell reads in a table: a number, "at least N", "suppressed" or "no data"."""
    if cell.state == MISSING or (cell.value is None and cell.state == OK):
        return t("value.missing", lang)
    if cell.state == SUPPRESSED or cell.value is None:
        return t("value.suppressed", lang)
    shown = formatter(cell.value, lang)
    return t("value.at_least", lang, value=shown) if cell.state == PARTIAL else shown


def rate_text(cell: Cell, lang: str) -> str:
    return text(cell, lang, lambda v, lg: fmt_num(v, lg, 1))
