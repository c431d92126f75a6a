"""The table under the map: the same numbers as the regional layer, as an accessible table.

Built with the dashboard's shared table and note helpers, so it reads like every other table of
the portal: suppressed and missing values are words (never 0), explained by the standard notes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dash import html

from dashboard.components.notes import state_notes
from dashboard.components.tables import data_table
from dashboard.i18n import fmt_int, fmt_month, fmt_num, t
from data.figures import MISSING, OK, SUPPRESSED

TABLE_ID = "map-table"


def caption_text(indicator_label: str, month: Any, lang: str) -> str:
    return t("map.table_caption", lang, indicator=indicator_label, month=fmt_month(month, lang))


def _gap(status: str, lang: str) -> html.Span:
    return html.Span(t(f"value.{status}", lang), className="fst-italic text-body-secondary")


def table_row(record: Mapping[str, Any], lang: str) -> list[Any]:
    """Region (row header, linked to its scorecard), rate, rank, count, population.

    The rate comes first: it is what the map shows, and on a phone the columns after it may
    scroll out of view.
    """
    status = record["status"]
    region = html.A(record["name"], href=f"/regions/{record['region']}?lang={lang}")
    if status == OK:
        rank: Any = str(record["rank"])
        rate: Any = fmt_num(record["rate_per_100k"], lang, 2)
    else:
        rank = "—"  # no rate, no rank; the rate cell says why (as the overview's ranking does)
        rate = _gap(status, lang)
    value = (
        fmt_int(record["value"], lang)
        if record.get("value") is not None
        else _gap(SUPPRESSED if status == SUPPRESSED else MISSING, lang)
    )
    population = (
        fmt_int(record["population"], lang)
        if record.get("population") is not None
        else _gap(MISSING, lang)
    )
    return [region, rate, rank, value, population]


def regional_table(
    records: Sequence[Mapping[str, Any]], *, lang: str, indicator_label: str, k: int
) -> html.Div:
    month = records[0].get("month") if records else None
    caption = caption_text(indicator_label, month, lang)
    headers = [
        t("col.region", lang),
        t("col.rate", lang),
        t("map.table_rank", lang),
        t("col.value", lang),
        t("col.population", lang),
    ]
    table = data_table(
        caption, headers, [table_row(r, lang) for r in records], lang=lang, numeric=(1, 2, 3, 4)
    )
    states = {str(r["status"]) for r in records}
    return html.Div(
        [
            table,
            html.P(t("map.table_note", lang), className="small text-body-secondary mb-1"),
            state_notes(states, lang=lang, k=k),
        ]
    )
