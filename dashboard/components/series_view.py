"""What the indicators explorer shows for a state: caption, chart, table, notes, API links, and
the rows its downloads contain. Pure: SeriesData and SeriesState in, components/rows out."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard import cells, ids
from dashboard.components.charts import chart_with_table
from dashboard.components.downloads import aggregate_url, link_button, rows_url
from dashboard.components.notes import state_notes
from dashboard.components.tables import data_table
from dashboard.figures import series_figure, series_trace_name
from dashboard.i18n import (
    dataset_title,
    field_label,
    fmt_month,
    fmt_num,
    label,
    region_name,
    t,
)
from dashboard.series import (
    BY_REGION,
    EXPLORABLE,
    TOTAL,
    SeriesData,
    SeriesState,
    category_values,
)
from dashboard.text.labels import CATEGORY_KINDS
from data.figures import states_in


def category_options(dataset: str, field: str, lang: str) -> list[dict[str, str]]:
    kind = CATEGORY_KINDS[(dataset, field)]
    return [{"label": label(kind, v, lang), "value": v} for v in category_values(dataset, field)]


def breakdown_options(dataset: str, lang: str) -> list[dict[str, str]]:
    spec = EXPLORABLE[dataset]
    options = [
        {"label": t("series.breakdown_total", lang), "value": TOTAL},
        {"label": t("series.breakdown_region", lang), "value": BY_REGION},
    ]
    options += [
        {
            "label": t("series.breakdown_category", lang, field=field_label(dataset, f, lang)),
            "value": f,
        }
        for f in spec.categories
        if f not in spec.single
    ]
    return options


def dataset_options(lang: str) -> list[dict[str, str]]:
    return [{"label": dataset_title(d, lang), "value": d} for d in EXPLORABLE]


def measure_title(state: SeriesState, lang: str) -> str:
    spec = state.spec
    if spec.single:
        field = spec.single[0]
        chosen = state.chosen(field)
        if chosen:
            return label(CATEGORY_KINDS[(state.dataset, field)], chosen[0], lang)
    return f"{dataset_title(state.dataset, lang)}: {field_label(state.dataset, spec.measure, lang)}"


def scope_text(state: SeriesState, lang: str) -> str:
    if not state.regions:
        return (
            t("region.all_regions", lang)
            if state.breakdown == BY_REGION
            else region_name(None, lang)
        )
    return ", ".join(region_name(r, lang) for r in state.regions)


def caption(state: SeriesState, lang: str) -> str:
    msg_id = "series.caption_per_capita" if state.per_capita else "series.caption"
    return t(
        msg_id,
        lang,
        measure=measure_title(state, lang),
        scope=scope_text(state, lang),
        start=fmt_month(state.start, lang),
        end=fmt_month(state.end, lang),
    )


def filters_text(state: SeriesState, lang: str) -> str | None:
    parts = []
    for field, values in state.categories:
        if field in state.spec.single:
            continue
        kind = CATEGORY_KINDS[(state.dataset, field)]
        names = ", ".join(label(kind, v, lang) for v in values)
        parts.append(f"{field_label(state.dataset, field, lang)}: {names}")
    return t("series.filters_applied", lang, filters="; ".join(parts)) if parts else None


def line_names(data: SeriesData, state: SeriesState, lang: str) -> list[str]:
    return [series_trace_name(line.key, state, lang) for line in data.lines]


def display_table(data: SeriesData, state: SeriesState, lang: str, title: str) -> html.Div:
    digits = 1 if state.per_capita else 0

    def fmt(value: float, lg: str) -> str:
        return fmt_num(value, lg, digits)

    names = line_names(data, state, lang)
    rows = [
        [fmt_month(month, lang)]
        + [cells.text(line.shown(state.per_capita)[i], lang, fmt) for line in data.lines]
        for i, month in enumerate(data.months)
    ]
    return data_table(
        title, [t("col.month", lang), *names], rows, lang=lang, numeric=range(1, len(names) + 1)
    )


def export_table(data: SeriesData, state: SeriesState, lang: str) -> tuple[list[str], list]:
    """Headers and rows of the downloads: the numbers of the displayed table, long format."""
    from dashboard.exports import long_rows

    if state.breakdown == BY_REGION:
        group = t("col.region", lang)
    elif state.breakdown == TOTAL:
        group = t("series.scope", lang)
    else:
        group = field_label(state.dataset, state.breakdown, lang)
    value = t("col.rate", lang) if state.per_capita else t("col.value", lang)
    months = [m.strftime("%Y-%m") for m in data.months]
    lines = [
        (name, line.shown(state.per_capita))
        for name, line in zip(line_names(data, state, lang), data.lines, strict=True)
    ]
    return [t("col.month", lang), group, value, t("series.status", lang)], long_rows(
        months, lines, lang
    )


def api_links(state: SeriesState, lang: str) -> html.Div:
    params = state.api_params()
    group_by = list(state.group_by())
    return html.Div(
        [
            link_button(
                t("series.api_aggregate", lang),
                aggregate_url(state.dataset, group_by, state.spec.measure, params),
            ),
            link_button(t("series.api_rows", lang), rows_url(state.dataset, "csv", params)),
        ],
        className="download-links",
    )


def series_content(data: SeriesData, state: SeriesState, lang: str, k: int) -> list[Any]:
    title = caption(state, lang)
    children: list[Any] = [html.H2(title, id=ids.SERIES_CAPTION, className="h4")]
    applied = filters_text(state, lang)
    if applied:
        children.append(html.P(applied, className="small"))
    if not data.lines or not data.months:
        children.append(html.P(t("chart.empty", lang), className="alert alert-secondary"))
        return children
    y_title = (
        t("unit.per_100k", lang)
        if state.per_capita
        else field_label(state.dataset, state.spec.measure, lang)
    )
    figure = series_figure(data, state, lang=lang, y_title=y_title)
    children.append(
        chart_with_table(
            ids.SERIES_GRAPH,
            figure,
            display_table(data, state, lang, title),
            title=title,
            lang=lang,
        )
    )
    states = set()
    for line in data.lines:
        states |= states_in(line.shown(state.per_capita))
    notes = state_notes(states, lang=lang, k=k)
    if notes:
        children.append(notes)
    return children
