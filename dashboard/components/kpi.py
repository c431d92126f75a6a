"""KPI cards: the latest month, the rate per 100,000, and changes that are honest about gaps."""

from __future__ import annotations

from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard import cells
from dashboard.i18n import fmt_change, fmt_date, fmt_month, fmt_month_name, label, t
from data.figures import KpiCard, states_in


def _change_line(text: str, ratio: float | None) -> html.P:
    arrow = "" if ratio is None else ("▲ " if ratio > 0 else "▼ " if ratio < 0 else "● ")
    return html.P(
        [html.Span(arrow, **{"aria-hidden": "true"}), text], className="kpi-change small mb-1"
    )


def kpi_card(card: KpiCard, lang: str, data_through: date | None = None) -> dbc.Card:
    value_text = cells.text(card.value, lang)
    body: list[Any] = [
        html.H3(label("indicator", card.indicator, lang), className="h6 kpi-title"),
        html.P(value_text, className="kpi-value mb-0"),
        html.P(fmt_month(card.month, lang), className="small text-body-secondary mb-2"),
    ]
    if card.rate.value is not None:
        body.append(
            html.P(
                t("value.per_100k", lang, value=cells.rate_text(card.rate, lang)),
                className="small mb-2",
            )
        )
    body.append(
        _change_line(
            t(
                "kpi.change_previous",
                lang,
                month=fmt_month(card.previous_month, lang),
                change=fmt_change(card.change_vs_previous, lang),
            ),
            card.change_vs_previous,
        )
    )
    body.append(html.P(ytd_text(card, lang), className="small mb-1"))
    body.append(
        _change_line(
            t(
                "kpi.change_last_year",
                lang,
                year=card.month.year - 1,
                change=fmt_change(card.change_vs_last_year, lang),
            ),
            card.change_vs_last_year,
        )
    )
    if card.running_month:
        body.append(
            html.P(
                t(
                    "kpi.so_far",
                    lang,
                    month=fmt_month(card.running_month, lang),
                    date=fmt_date(data_through, lang, case="dative") if data_through else "",
                    value=cells.text(card.running_value, lang),
                ),
                className="small mb-0 mt-2 pt-2 border-top",
            )
        )
    return dbc.Card(dbc.CardBody(body), className="kpi-card h-100")


def ytd_text(card: KpiCard, lang: str) -> str:
    """January–October 2026: N (the year up to the headline month)."""
    value = cells.text(card.ytd, lang)
    if card.month.month == 1:
        return f"{fmt_month(card.month, lang)}: {value}"
    return t(
        "kpi.ytd", lang, year=card.month.year, month=fmt_month_name(card.month, lang), value=value
    )


def kpi_grid(cards: list[KpiCard], lang: str, data_through: date | None = None) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(kpi_card(card, lang, data_through), xs=12, md=6, xl=3, className="mb-3")
            for card in cards
        ]
    )


def card_states(cards: list[KpiCard]) -> set[str]:
    out: set[str] = set()
    for card in cards:
        out |= states_in(
            [card.value, card.ytd] + ([card.running_value] if card.running_month else [])
        )
    return out
