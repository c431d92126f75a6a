"""The table under the map: the same numbers as the regional layer, as an accessible HTML table.

Suppressed and missing values are written out in words (never 0) and the note under the table
explains both, with a link to the rule on the methodology page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dash import html

from dashboard.maps_text import fmt_month, fmt_number, text

TABLE_ID = "map-table"
# Population is context, not the number the map shows: left out on phone-sized screens so the
# table fits without scrolling sideways.
NARROW_HIDDEN = "d-none d-sm-table-cell"


def _fmt_int(value: Any, lang: str) -> str:
    try:
        from dashboard.i18n import fmt_int
    except ImportError:
        return fmt_number(value, lang, 0) or ""
    return fmt_int(value, lang)


def _fmt_rate(value: float, lang: str) -> str:
    try:
        from dashboard.i18n import fmt_num
    except ImportError:
        return fmt_number(value, lang, 2) or ""
    return fmt_num(value, lang, 2)


def _state_cell(state: str, lang: str) -> html.Td:
    return html.Td(html.Span(text(f"value.{state}", lang), className=f"value-{state}"),
                   className="text-end text-body-secondary fst-italic")


def _row(record: Mapping[str, Any], lang: str) -> html.Tr:
    status = record["status"]
    population = (html.Td(_fmt_int(record["population"], lang), className="text-end")
                  if record.get("population") is not None else _state_cell("missing", lang))
    population.className += f" {NARROW_HIDDEN}"
    if status == "ok":
        cells = [html.Td(_fmt_rate(record["rate_per_100k"], lang), className="text-end fw-semibold"),
                 html.Td(_fmt_int(record["value"], lang), className="text-end"), population]
        rank = html.Td(str(record["rank"]), className="text-end")
    else:
        value_state = status if record.get("value") is None else "ok"
        value = (html.Td(_fmt_int(record["value"], lang), className="text-end")
                 if value_state == "ok" else _state_cell(status, lang))
        cells = [_state_cell(status, lang), value, population]
        # No rank without a rate: a dash for the eye, the reason for screen readers.
        rank = html.Td([html.Span("—", **{"aria-hidden": "true"}),
                        html.Span(text(f"value.{status}", lang), className="visually-hidden")],
                       className="text-end text-body-secondary")
    return html.Tr([rank, html.Th(record["name"], scope="row"), *cells],
                   className=f"row-{status}")


def caption_text(indicator_label: str, month: Any, lang: str) -> str:
    return text("map.table_caption", lang, indicator=indicator_label, month=fmt_month(month, lang))


def regional_table(records: Sequence[Mapping[str, Any]], *, lang: str, indicator_label: str,
                   methodology_href: str) -> html.Div:
    """Caption, column headers with scope, one row per region (header cell = region name)."""
    month = records[0].get("month") if records else None
    caption = caption_text(indicator_label, month, lang)
    head = html.Thead(html.Tr([
        html.Th(text("map.table_rank", lang), scope="col", className="text-end"),
        html.Th(text("map.table_region", lang), scope="col"),
        # The rate first: it is the number the map shows; counts may scroll out on a phone.
        html.Th(text("map.table_rate", lang), scope="col", className="text-end"),
        html.Th(text("map.table_value", lang), scope="col", className="text-end"),
        html.Th(text("map.table_population", lang), scope="col",
                className=f"text-end {NARROW_HIDDEN}"),
    ]))
    body = html.Tbody([_row(r, lang) for r in records])
    # The caption stays within the screen even when the table itself scrolls sideways.
    table = html.Table([html.Caption(caption, className="caption-top fw-semibold text-body",
                                     style={"maxWidth": "calc(100vw - 1.5rem)"}),
                        head, body],
                       className="table table-sm table-striped align-middle mb-1")
    return html.Div([
        # A focusable, labelled region: keyboard users can scroll the table on a narrow screen.
        html.Div(table, className="table-responsive", tabIndex="0", role="region",
                 **{"aria-label": caption}),
        html.P([text("map.table_note", lang), " ",
                html.A(text("map.methodology_link", lang), href=methodology_href)],
               className="small text-body-secondary"),
    ])
