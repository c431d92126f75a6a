"""A chart always comes with its numbers as a table (WCAG 1.1.1 text alternative)."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.components.lazy import placeholder
from dashboard.figures import graph_config
from dashboard.i18n import t


def chart_with_table(
    graph_id: Any,
    figure: Any,
    table: Any,
    *,
    title: str,
    lang: str,
    open_table: bool = False,
    lazy: bool = False,
    filename: str = "chart",
) -> html.Figure:
    """The graph is labelled for screen readers and followed by a disclosure with the table.

    `lazy`: an empty box of the graph's height instead of the graph (drawn later, see
    components/lazy.py), so that plotly.js is not loaded for a chart nobody scrolled to.
    The box has the figure's height from the start, so nothing moves when the chart comes."""
    height = int(figure.get("layout", {}).get("height") or 340)
    style = {"height": f"{height}px"}
    config = graph_config(filename)
    if lazy:
        graph: Any = placeholder(height, "portal-graph")
    elif graph_id:
        graph = dcc.Graph(
            id=graph_id, figure=figure, config=config, className="portal-graph", style=style
        )
    else:
        graph = dcc.Graph(figure=figure, config=config, className="portal-graph", style=style)
    return html.Figure(
        [
            html.Figcaption(t("chart.aria", lang, title=title), className="visually-hidden"),
            html.Div(graph, className="graph-box"),
            download_buttons(filename, title, lang),
            html.Details(
                [html.Summary(t("chart.table_toggle", lang)), table],
                open=open_table,
                className="chart-table mt-2",
            ),
        ],
        className="portal-figure mb-4",
    )


def download_buttons(filename: str, title: str, lang: str) -> html.Div:
    """PNG and SVG of the chart, drawn by plotly.js in the browser (assets/portal.js)."""
    return html.Div(
        [
            html.Button(
                fmt.upper(),
                type="button",
                className="btn btn-sm btn-link chart-download",
                title=t("chart.download", lang, format=fmt.upper(), title=title),
                **{
                    "data-format": fmt,
                    "data-filename": filename,
                    "aria-label": t("chart.download", lang, format=fmt.upper(), title=title),
                },
            )
            for fmt in ("png", "svg")
        ],
        className="chart-downloads no-print",
    )
