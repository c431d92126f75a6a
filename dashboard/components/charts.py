"""A chart always comes with its numbers as a table (WCAG 1.1.1 text alternative)."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.figures import GRAPH_CONFIG
from dashboard.i18n import t


def chart_with_table(graph_id: Any, figure: Any, table: Any, *, title: str, lang: str,
                     open_table: bool = False) -> html.Figure:
    """The graph is labelled for screen readers and followed by a disclosure with the table."""
    graph = dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG,
                      className="portal-graph") if graph_id else \
        dcc.Graph(figure=figure, config=GRAPH_CONFIG, className="portal-graph")
    return html.Figure([
        html.Div(graph, role="img", **{"aria-label": t("chart.aria", lang, title=title)}),
        html.Details([html.Summary(t("chart.table_toggle", lang)), table],
                     open=open_table, className="chart-table mt-2"),
    ], className="portal-figure mb-4")
