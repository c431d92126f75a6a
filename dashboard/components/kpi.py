"""KPI cards: the latest month, the rate per 100,000, and changes that are honest about gaps."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard import cells
from dashboard.i18n import fmt_change, fmt_month, label, t
from dashboard.kpis import KpiCard


def _change_line(text: str, ratio: float | None) -> html.P:
    arrow = "" if ratio is None else ("▲ " if ratio > 0 else "▼ " if ratio < 0 else "● ")
    return html.P([html.Span(arrow, **{"aria-hidden": "true"}), text],
                  className="kpi-change small mb-1")


def kpi_card(card: KpiCard, lang: str) -> dbc.Card:
    value_text = cells.text(card.value, lang)
    body: list[Any] = [
        html.H3(label("indicator", card.indicator, lang), className="h6 kpi-title"),
        html.P(value_text, className="kpi-value mb-0"),
        html.P(fmt_month(card.month, lang), className="small text-body-secondary mb-2"),
    ]
    if card.rate.value is not None:
        body.append(html.P(t("value.per_100k", lang, value=cells.rate_text(card.rate, lang)),
                           className="small mb-2"))
    body.append(_change_line(
        t("kpi.change_previous", lang, month=fmt_month(card.previous_month, lang),
          change=fmt_change(card.change_vs_previous, lang)), card.change_vs_previous))
    body.append(html.P(t("kpi.ytd", lang, year=card.month.year,
                         value=cells.text(card.ytd, lang)), className="small mb-1"))
    body.append(_change_line(
        t("kpi.change_last_year", lang, year=card.month.year - 1,
          change=fmt_change(card.change_vs_last_year, lang)), card.change_vs_last_year))
    return dbc.Card(dbc.CardBody(body), className="kpi-card h-100")


def kpi_grid(cards: list[KpiCard], lang: str) -> dbc.Row:
    return dbc.Row([dbc.Col(kpi_card(card, lang), xs=12, md=6, xl=3, className="mb-3")
                    for card in cards])


def card_states(cards: list[KpiCard]) -> set[str]:
    out: set[str] = set()
    for card in cards:
        out |= cells.states_in([card.value, card.ytd])
    return out
