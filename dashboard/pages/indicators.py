"""Indicators explorer (/indicators): monthly series per dataset with filters in the URL
(?dataset=&region=&from=&to=&<category>=&by=&per_capita=1), a table for every chart, and
downloads of exactly what is shown."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard import data_access, ids
from dashboard.components.controls import checklist, labelled, select, switch
from dashboard.components.series_view import (
    api_links,
    breakdown_options,
    category_options,
    dataset_options,
    export_table,
    series_content,
)
from dashboard.exports import to_csv_bytes, to_xlsx_bytes
from dashboard.i18n import field_label, fmt_month, normalise_lang, region_options, t
from dashboard.pagekit import (
    announcement,
    no_data_notice,
    page_title,
    search_update,
    suppression_k,
)
from dashboard.series import (
    EXPLORABLE,
    TOTAL,
    SeriesData,
    SeriesState,
    build_series,
    months_between,
)
from data.periods import month_start as month_of

dash.register_page(
    __name__, path="/indicators", title=page_title("series.title"), order=4, name="indicators"
)

FIELDS = ids.SERIES_CATEGORY_FIELDS


# ------------------------------------------------------------------ data
def dataset_months(dataset: str) -> tuple[str | None, str | None]:
    """First and last month (YYYY-MM) the dataset covers: the default period of its chart."""
    if not data_access.publication().exists:
        return None, None
    low, high = data_access.time_range(dataset)
    if low is None:
        return None, None
    return month_of(low).strftime("%Y-%m"), month_of(high).strftime("%Y-%m")


def available_months() -> list[str]:
    """Every month any explorable dataset covers, as YYYY-MM (empty before a publication)."""
    if not data_access.publication().exists:
        return []
    lows, highs = [], []
    for dataset in EXPLORABLE:
        low, high = data_access.time_range(dataset)
        if low is not None:
            lows.append(month_of(low))
            highs.append(month_of(high))
    if not lows:
        return []
    return [m.strftime("%Y-%m") for m in months_between(min(lows), max(highs))]


def series_data(state: SeriesState) -> SeriesData:
    date_from, date_to = state.date_bounds()
    groups = data_access.aggregate(
        state.dataset, state.group_by(), state.spec.measure, state.equals(), date_from, date_to
    )
    return build_series(groups, state, data_access.population())


def state_from_controls(
    dataset: str | None,
    regions: list[str] | None,
    start: str | None,
    end: str | None,
    categories: dict[str, Any],
    breakdown: str | None,
    per_capita: bool | None,
) -> SeriesState:
    """The controls' values, re-validated through the same parser as the URL."""
    query: dict[str, Any] = {
        "dataset": dataset,
        "region": list(regions or []),
        "from": start,
        "to": end,
        "by": breakdown,
        "per_capita": "1" if per_capita else None,
    }
    spec = EXPLORABLE.get(dataset or "")
    for field in spec.categories if spec else ():
        value = categories.get(field)
        query[field] = value if isinstance(value, list) else ([value] if value else [])
    return SeriesState.from_query(query)


# ------------------------------------------------------------------ layout
def layout(lang: str | None = None, **query: Any) -> html.Div:
    lang = normalise_lang(lang)
    state = SeriesState.from_query(query)
    months = available_months()
    first, last = dataset_months(state.dataset)
    if first and last:
        state = state.with_defaults(month_of(first), month_of(last))
    month_options = [{"label": fmt_month(m, lang), "value": m} for m in months]
    return html.Div(
        [
            dcc.Store(id=ids.SERIES_LANG, data=lang),
            dcc.Store(id=ids.SERIES_RENDERED, data=False),
            html.H1(t("series.title", lang)),
            html.P(t("series.lead", lang), className="lead"),
            no_data_notice(lang) if not months else None,
            html.Div(
                controls(state, lang, month_options),
                role="group",
                **{"aria-label": t("series.controls", lang)},
                className="series-controls",
            ),
            html.Div(id=ids.SERIES_CONTENT),
            html.Section(
                [
                    html.H2(
                        t("series.download_heading", lang),
                        className="h5",
                        id="series-download-heading",
                    ),
                    html.P(t("series.download_note", lang), className="small"),
                    html.Button(
                        t("download.csv", lang),
                        id=ids.SERIES_DOWNLOAD_CSV,
                        type="button",
                        className="btn btn-sm btn-primary me-2 mb-2",
                    ),
                    html.Button(
                        t("download.xlsx", lang),
                        id=ids.SERIES_DOWNLOAD_XLSX,
                        type="button",
                        className="btn btn-sm btn-primary me-2 mb-2",
                    ),
                    dcc.Download(id=ids.SERIES_DOWNLOAD),
                ],
                className="mt-3 no-print",
                **{"aria-labelledby": "series-download-heading"},
            ),
        ]
    )


def controls(state: SeriesState, lang: str, month_options: list[dict[str, str]]) -> dbc.Row:
    spec = state.spec
    category_boxes = []
    for field in FIELDS:
        relevant = field in spec.categories
        category_boxes.append(
            dbc.Col(
                category_control(state.dataset if relevant else None, field, state, lang),
                id=ids.series_category_box(field),
                md=4,
                className=box_class(relevant),
            )
        )
    return dbc.Row(
        [
            dbc.Col(
                labelled(
                    ids.SERIES_DATASET,
                    t("series.dataset", lang),
                    select(ids.SERIES_DATASET, dataset_options(lang), state.dataset),
                    help_text=t("series.dataset_help", lang),
                ),
                md=4,
            ),
            dbc.Col(
                checklist(
                    ids.SERIES_REGIONS,
                    t("series.regions", lang),
                    region_options(lang),
                    state.regions,
                    help_text=t("series.regions_help", lang),
                    collapsed=not state.regions,
                ),
                md=4,
            ),
            dbc.Col(
                dbc.Row(
                    [
                        dbc.Col(
                            labelled(
                                ids.SERIES_START,
                                t("series.from", lang),
                                select(ids.SERIES_START, month_options, state.start),
                            ),
                            xs=6,
                        ),
                        dbc.Col(
                            labelled(
                                ids.SERIES_END,
                                t("series.to", lang),
                                select(ids.SERIES_END, month_options, state.end),
                            ),
                            xs=6,
                        ),
                    ],
                    className="g-2",
                ),
                md=4,
            ),
            *category_boxes,
            dbc.Col(
                labelled(
                    ids.SERIES_BREAKDOWN,
                    t("series.breakdown", lang),
                    select(
                        ids.SERIES_BREAKDOWN,
                        breakdown_options(state.dataset, lang),
                        state.breakdown,
                    ),
                ),
                md=4,
            ),
            dbc.Col(
                html.Div(
                    [
                        switch(
                            ids.SERIES_PER_CAPITA, t("series.per_capita", lang), state.per_capita
                        ),
                        html.Div(t("series.per_capita_help", lang), className="form-text mt-n2"),
                    ],
                    className="pt-md-4",
                ),
                md=4,
            ),
        ],
        className="g-3",
    )


def box_class(relevant: bool) -> str:
    return "" if relevant else "d-none"


def category_control(dataset: str | None, field: str, state: SeriesState, lang: str) -> Any:
    """A labelled filter for one category column; empty options when not relevant."""
    control_id = ids.series_category(field)
    if dataset is None:  # hidden until a dataset has this column; still named in the language
        owner = next((d for d, spec in EXPLORABLE.items() if field in spec.categories), None)
        name = field_label(owner, field, lang) if owner else field
        return labelled(control_id, name, select(control_id, [], None))
    options = category_options(dataset, field, lang)
    text = field_label(dataset, field, lang)
    if field in EXPLORABLE[dataset].single:
        chosen = state.chosen(field)
        return labelled(
            control_id, text, select(control_id, options, chosen[0] if chosen else None)
        )
    return checklist(
        control_id, text, options, state.chosen(field), help_text=t("series.category_all", lang)
    )


# ------------------------------------------------------------------ callbacks (thin)
def dataset_changed(dataset: str | None, lang: str) -> list[Any]:
    """New dataset: its filters (cleared), breakdown options and whole period; others hidden."""
    lang = normalise_lang(lang)
    state = SeriesState.from_query({"dataset": dataset})
    first, last = dataset_months(state.dataset)
    out: list[Any] = [breakdown_options(state.dataset, lang), TOTAL, first, last]
    for field in FIELDS:
        relevant = field in state.spec.categories
        box = category_control(state.dataset if relevant else None, field, state, lang)
        out.extend([box, box_class(relevant)])
    return out


def series_view(
    dataset: str | None, regions: list[str] | None, start: str | None, end: str | None, *rest: Any
) -> tuple[Any, Any]:
    """rest = the category values (FIELDS order), breakdown, per_capita, lang, current search."""
    values, (breakdown, per_capita, lang, search) = rest[: len(FIELDS)], rest[len(FIELDS) :]
    lang = normalise_lang(lang)
    state = state_from_controls(
        dataset, regions, start, end, dict(zip(FIELDS, values)), breakdown, per_capita
    )
    if not data_access.publication().exists:
        return None, no_update
    data = series_data(state)
    content = series_content(data, state, lang, suppression_k())
    content.append(api_links(state, lang))
    return content, search_update(state.to_query(lang), search)


def series_callback(*args: Any) -> tuple[Any, Any, Any, bool]:
    """series_view plus an announcement naming the new view (args end with lang, search,
    the page's rendered flag)."""
    *view_args, rendered = args
    content, search = series_view(*view_args)
    lang = normalise_lang(view_args[-2])
    caption = next(
        (c.children for c in (content or []) if getattr(c, "id", None) == ids.SERIES_CAPTION),
        t("series.updated", lang),
    )
    return content, search, announcement(str(caption), lang, rendered), True


def series_file(
    fmt: str,
    dataset: str | None,
    regions: list[str] | None,
    start: str | None,
    end: str | None,
    *rest: Any,
) -> dict[str, Any]:
    """The shown table as a CSV or XLSX download (dcc.Download data)."""
    values, (breakdown, per_capita, lang) = rest[: len(FIELDS)], rest[len(FIELDS) :]
    lang = normalise_lang(lang)
    state = state_from_controls(
        dataset, regions, start, end, dict(zip(FIELDS, values)), breakdown, per_capita
    )
    headers, rows = export_table(series_data(state), state, lang)
    publication = data_access.publication()
    stem = f"{state.dataset}-{state.start}-{state.end}-publication-{publication.id}"
    if publication.is_demo:
        stem += "-DEMO"
    if fmt == "xlsx":
        notes = [t("series.download_note", lang), state.to_query(lang)]
        return dcc.send_bytes(
            to_xlsx_bytes(headers, rows, sheet=state.dataset, notes=notes), f"{stem}.xlsx"
        )
    return dcc.send_bytes(to_csv_bytes(headers, rows), f"{stem}.csv")


def series_download(_csv: int | None, _xlsx: int | None, *controls: Any) -> dict[str, Any]:
    fmt = "xlsx" if ctx.triggered_id == ids.SERIES_DOWNLOAD_XLSX else "csv"
    return series_file(fmt, *controls)


def _control_inputs(kind: type) -> list[Any]:
    return [
        kind(ids.SERIES_DATASET, "value"),
        kind(ids.SERIES_REGIONS, "value"),
        kind(ids.SERIES_START, "value"),
        kind(ids.SERIES_END, "value"),
        *[kind(ids.series_category(f), "value") for f in FIELDS],
        kind(ids.SERIES_BREAKDOWN, "value"),
        kind(ids.SERIES_PER_CAPITA, "value"),
    ]


def register_callbacks(app: dash.Dash) -> None:
    outputs = [
        Output(ids.SERIES_BREAKDOWN, "options"),
        Output(ids.SERIES_BREAKDOWN, "value"),
        Output(ids.SERIES_START, "value"),
        Output(ids.SERIES_END, "value"),
    ]
    for field in FIELDS:
        outputs += [
            Output(ids.series_category_box(field), "children"),
            Output(ids.series_category_box(field), "className"),
        ]
    app.callback(
        *outputs,
        Input(ids.SERIES_DATASET, "value"),
        State(ids.SERIES_LANG, "data"),
        prevent_initial_call=True,
    )(dataset_changed)
    app.callback(
        Output(ids.SERIES_CONTENT, "children"),
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.LIVE_REGION, "children", allow_duplicate=True),
        Output(ids.SERIES_RENDERED, "data"),
        *_control_inputs(Input),
        State(ids.SERIES_LANG, "data"),
        State(ids.URL, "search"),
        State(ids.SERIES_RENDERED, "data"),
        prevent_initial_call="initial_duplicate",
    )(series_callback)
    app.callback(
        Output(ids.SERIES_DOWNLOAD, "data"),
        Input(ids.SERIES_DOWNLOAD_CSV, "n_clicks"),
        Input(ids.SERIES_DOWNLOAD_XLSX, "n_clicks"),
        *_control_inputs(State),
        State(ids.SERIES_LANG, "data"),
        prevent_initial_call=True,
    )(series_download)
