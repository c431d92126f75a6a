"""Pure figure builders: view models in, plotly figure dicts out (cartesian traces only).

Nothing here reads the warehouse or Flask. Suppressed and missing values are gaps, never 0;
lower-bound values ("at least") are drawn with open markers and say so on hover. The x axis
carries month names already written in the page's language, so no plotly locale is needed.
Figures are plain dicts (what dcc.Graph sends anyway): building go.Figure objects validated
every property and cost ~90 ms per chart; the tests validate the dicts with go.Figure instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard import cells as cellfmt
from dashboard.i18n import (
    PLOTLY_SEPARATORS,
    fmt_month,
    fmt_num,
    label,
    normalise_lang,
    region_name,
    region_short_name,
    t,
)
from dashboard.series import BY_REGION, TOTAL, SeriesData, SeriesState
from dashboard.text.dates import THOUSANDS
from data.figures import PARTIAL, Cell, RankRow

# Okabe–Ito colours (distinguishable with colour-vision deficiencies), dark enough on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6100", "#1F77B4", "#000000", "#7A4E9E")
DASHES = ("solid", "dash", "dot", "dashdot")
FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif"
)
Figure = dict[str, Any]
# The toolbar offers only downloads (PNG and SVG, made in the browser: no request leaves the
# site); zooming and panning stay off, they only get in the way on a phone.
MODEBAR_KEEP = ("toImage",)
MODEBAR_REMOVE = (
    "zoom2d",
    "pan2d",
    "select2d",
    "lasso2d",
    "zoomIn2d",
    "zoomOut2d",
    "autoScale2d",
    "resetScale2d",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
    "toggleSpikelines",
)
GRAPH_CONFIG = {
    "displayModeBar": True,
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,
    "modeBarButtonsToRemove": list(MODEBAR_REMOVE),
    "toImageButtonOptions": {"format": "png", "filename": "chart", "scale": 2},
}


def graph_config(filename: str = "chart") -> dict[str, Any]:
    """dcc.Graph config: the toolbar's camera downloads a PNG named after the chart (the SVG
    button under each chart is components/charts.py's, handled in assets/portal.js)."""
    config = dict(GRAPH_CONFIG)
    config["toImageButtonOptions"] = {"format": "png", "filename": filename, "scale": 2}
    return config


@dataclass(frozen=True)
class Trace:
    name: str
    values: Sequence[Cell]
    emphasis: bool = False


def base_layout(lang: str, *, y_title: str = "", height: int = 340) -> dict:
    return {
        "template": "none",
        "height": height,
        "margin": {"l": 56, "r": 12, "t": 16, "b": 8},
        "font": {"family": FONT, "size": 13, "color": "#212529"},
        "separators": PLOTLY_SEPARATORS.get(lang, ".,"),
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hovermode": "x unified",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "font": {"size": 12}},
        "xaxis": {
            "type": "category",
            "showgrid": False,
            "linecolor": "#6c757d",
            "tickfont": {"size": 11},
            "automargin": True,
        },
        "yaxis": {
            "title": {"text": y_title, "font": {"size": 12}},
            "gridcolor": "#dee2e6",
            "zeroline": True,
            "zerolinecolor": "#adb5bd",
            "rangemode": "tozero",
            "automargin": True,
        },
    }


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^n) giving about `ticks` intervals up to `top`."""
    import math

    raw = max(top, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def axis_ticks(values: Sequence[float | None], lang: str) -> dict[str, Any]:
    """tickvals/ticktext/range of a value axis from 0, labelled in the page's language:
    "12 500", or "10 мың" / "10 тыс." / "10k" from 10,000 up. Empty when there is nothing."""
    present = [float(v) for v in values if v is not None]
    if not present:
        return {}
    top = max(max(present), 0.0) or 1.0
    step = nice_step(top)
    count = int(top // step) + (0 if top % step == 0 else 1)
    ticks = [round(i * step, 10) for i in range(count + 1)]
    big = ticks[-1] >= 10_000
    digits = 0 if float(step).is_integer() else 1
    if big:
        digits = 0 if (step / 1000).is_integer() else 1
    text = [
        THOUSANDS[lang].format(value=fmt_num(v / 1000, lang, digits))
        if big and v
        else fmt_num(v, lang, digits)
        for v in ticks
    ]
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": text,
        "range": [0, ticks[-1] * 1.02],
    }


def _hover_texts(values: Sequence[Cell], lang: str, digits: int) -> list[str]:
    def fmt(v: float, lg: str) -> str:
        return fmt_num(v, lg, digits)

    return [cellfmt.text(c, lang, fmt) for c in values]


def line_figure(
    months: Sequence[date], traces: Sequence[Trace], *, lang: str, y_title: str, digits: int = 0
) -> Figure:
    """One line per trace over the months; gaps where nothing (or only withheld) is published."""
    x = [fmt_month(m, lang, short=True) for m in months]
    data = []
    for index, trace in enumerate(traces):
        colour = PALETTE[index % len(PALETTE)]
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": [c.value for c in trace.values],
                "name": trace.name,
                "mode": "lines+markers",
                "connectgaps": False,
                "line": {
                    "color": colour,
                    "width": 3 if trace.emphasis else 2,
                    "dash": DASHES[(index // len(PALETTE)) % len(DASHES)],
                },
                "marker": {
                    "size": 7,
                    "color": colour,
                    "symbol": [
                        "circle-open" if c.state == PARTIAL else "circle" for c in trace.values
                    ],
                },
                "customdata": _hover_texts(trace.values, lang, digits),
                "hovertemplate": "%{customdata}<extra>%{fullData.name}</extra>",
            }
        )
    layout = base_layout(lang, y_title=y_title)
    layout["showlegend"] = len(traces) > 1
    layout["yaxis"].update(
        axis_ticks([c.value for tr in traces for c in tr.values], normalise_lang(lang))
    )
    return {"data": data, "layout": layout}


def series_trace_name(key: str, state: SeriesState, lang: str) -> str:
    if key == TOTAL:
        if state.regions:
            return (
                t("series.selected_regions", lang)
                if len(state.regions) > 1
                else region_name(state.regions[0], lang)
            )
        return region_name(None, lang)
    if state.breakdown == BY_REGION:
        return region_name(key, lang)
    from dashboard.text.labels import CATEGORY_KINDS

    return label(CATEGORY_KINDS[(state.dataset, state.breakdown)], key, lang)


def series_figure(data: SeriesData, state: SeriesState, *, lang: str, y_title: str) -> Figure:
    traces = [
        Trace(series_trace_name(line.key, state, lang), line.shown(state.per_capita))
        for line in data.lines
    ]
    return line_figure(
        data.months, traces, lang=lang, y_title=y_title, digits=1 if state.per_capita else 0
    )


def ranking_figure(
    rows: Sequence[RankRow], national_rate: Cell, *, lang: str, highlight: str | None = None
) -> Figure:
    """Horizontal bars of the rate per 100,000, highest on top; unranked regions say why."""
    ordered = list(reversed(rows))  # plotly draws the first category at the bottom
    names = [region_short_name(r.region, lang) for r in ordered]
    bars = {
        "type": "bar",
        "orientation": "h",
        "x": [r.rate.value for r in ordered],
        "y": names,
        "marker": {"color": ["#D55E00" if r.region == highlight else "#0072B2" for r in ordered]},
        "customdata": [cellfmt.rate_text(r.rate, lang) for r in ordered],
        "hovertemplate": "%{y}: %{customdata}<extra></extra>",
        "showlegend": False,
    }
    annotations = [
        {
            "x": 0,
            "y": name,
            "xanchor": "left",
            "showarrow": False,
            "text": cellfmt.rate_text(row.rate, lang),
            "font": {"size": 11, "color": "#495057"},
        }
        for row, name in zip(ordered, names, strict=True)
        if row.rate.value is None
    ]
    shapes = []
    if national_rate.value is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": national_rate.value,
                "x1": national_rate.value,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#212529", "dash": "dash", "width": 1.5},
            }
        )
        annotations.append(
            {
                "x": national_rate.value,
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "xanchor": "left",
                "showarrow": False,
                "text": t("chart.national_line", lang, value=fmt_num(national_rate.value, lang, 1)),
                "font": {"size": 11},
            }
        )
    layout = base_layout(lang, height=max(360, 26 * len(rows) + 80))
    layout.update(
        hovermode="closest",
        annotations=annotations,
        shapes=shapes,
        margin={"l": 8, "r": 16, "t": 28, "b": 16},
        xaxis={
            "type": "linear",
            "gridcolor": "#dee2e6",
            "showgrid": True,
            "rangemode": "tozero",
            "automargin": True,  # the unit is in the caption
            **axis_ticks(
                [r.rate.value for r in rows] + [national_rate.value], normalise_lang(lang)
            ),
        },
        yaxis={"type": "category", "automargin": True, "title": {"text": ""}},
    )
    return {"data": [bars], "layout": layout}
