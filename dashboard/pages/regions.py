"""Region scorecard (/regions/<ISO code>) for council members: targets against actuals, rank,
trends against the national rate and a second region (?compare=KZ-75), notes on gaps, downloads.
Prints on A4 (assets/print.css)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update
from flask import request

from dashboard import data_access, ids
from dashboard.components import scorecard
from dashboard.components.controls import labelled, select
from dashboard.components.lazy import is_visible, lazy_store
from dashboard.i18n import (
    fmt_date,
    fmt_period_month,
    normalise_lang,
    region_codes,
    region_name,
    region_options,
    request_lang,
    t,
)
from dashboard.pagekit import announcement, no_data_notice, suppression_k
from data.figures import History

PATH_TEMPLATE = "/regions/<region>"
NO_COMPARISON = "none"


def _title(region: str | None = None, **_: Any) -> str:
    lang = request_lang()
    code = normalise_region_code(region)
    name = region_name(code, lang) if code else t("region.page_title", lang)
    return f"{name} · {t('region.page_title', lang)} · {t('site.name', lang)}"


dash.register_page(__name__, path_template=PATH_TEMPLATE, title=_title, order=2, name="region")


def normalise_region_code(value: Any) -> str | None:
    code = str(value or "").strip().upper()
    return code if code in set(region_codes()) else None


def layout(
    region: str | None = None, lang: str | None = None, compare: str | None = None, **_: Any
) -> html.Div:
    lang = normalise_lang(lang)
    code = normalise_region_code(region)
    other = normalise_region_code(compare)
    other = other if other != code else None
    options = region_options(lang)
    # dbc.Select keeps "" for its own hidden placeholder option: "none" means no comparison.
    compare_options = [{"label": t("region.compare_none", lang), "value": NO_COMPARISON}] + options
    controls = html.Div(
        dbc.Row(
            [
                dbc.Col(
                    labelled(
                        ids.REGION_SELECT,
                        t("region.select", lang),
                        select(
                            ids.REGION_SELECT,
                            options,
                            code or "",
                            placeholder=t("region.select", lang),
                        ),
                    ),
                    md=5,
                ),
                dbc.Col(
                    labelled(
                        ids.REGION_COMPARE,
                        t("region.compare", lang),
                        select(ids.REGION_COMPARE, compare_options, other or NO_COMPARISON),
                    ),
                    md=5,
                ),
                dbc.Col(
                    html.Button(
                        t("region.print", lang),
                        id=ids.REGION_PRINT,
                        type="button",
                        className="btn btn-outline-primary mb-3",
                    ),
                    md=2,
                    className="d-flex align-items-end",
                ),
            ],
            className="g-2",
        ),
        className="no-print",
        role="group",
        **{"aria-label": t("region.controls", lang)},
    )
    unknown = (
        []
        if code or region in (None, "none")
        else [
            html.P(
                t("region.unknown", lang, code=str(region)[:12]), className="alert alert-warning"
            )
        ]
    )
    # The scorecard is drawn here, by the server (no callback round trip, and the key numbers
    # are in the first HTML: dashboard/prerender.py); its charts come when scrolled near.
    title, content = render_scorecard(code, other, lang, lazy=True)
    return html.Div(
        [
            dcc.Store(id=ids.REGION_LANG, data=lang),
            dcc.Store(id=ids.REGION_RENDERED, data=True),  # drawn by the server: announce changes
            lazy_store(scorecard.CHARTS_VISIBLE),
            html.Div(id=ids.REGION_PRINT_SINK, hidden=True),
            html.Div(title, id=ids.REGION_HEADING),
            *unknown,
            controls,
            html.Div(content, id=ids.REGION_CONTENT),
        ],
        className="scorecard",
    )


# ------------------------------------------------------------------ callbacks (thin)
def heading(code: str | None, month: Any, lang: str, data_through: Any = None) -> list[Any]:
    """The page's h1 (the region) and its subtitle, above the controls."""
    if code is None:
        return [html.H1(t("regions.title", lang))]
    subtitle = (
        t("region.subtitle", lang, month=fmt_period_month(month, lang, data_through))
        if month
        else t("region.page_title", lang)
    )
    return [html.H1(region_name(code, lang), className="mb-1"), html.P(subtitle, className="lead")]


def render_scorecard(
    region: str | None, compare: str | None, lang: str, lazy: bool = False
) -> tuple[Any, Any]:
    """(heading, content) of the scorecard for the chosen region and comparison."""
    lang = normalise_lang(lang)
    code = normalise_region_code(region)
    if code is None:
        return heading(None, None, lang), None
    publication = data_access.publication()
    if not publication.exists:
        return heading(code, None, lang), no_data_notice(lang)
    other = normalise_region_code(compare)
    other = other if other != code else None
    summary = data_access.region_summary(code)
    if summary["month"] is None:
        return heading(code, None, lang), no_data_notice(lang)
    history = History(data_access.indicator_history())
    population = data_access.population()
    as_of = data_access.as_of()
    through = data_access.data_through()
    return heading(code, summary["month"], lang, through), [
        html.P(
            t(
                "region.printed",
                lang,
                publication=publication.id,
                date=fmt_date(as_of, lang, case="locative"),
                url=f"{request.host_url.rstrip('/')}/regions/{code}?lang={lang}",
            ),
            className="print-only small",
        ),
        scorecard.latest_section(
            summary, data_access.region_summary(other) if other else None, lang, through
        ),
        scorecard.targets_section(summary["targets"], code, lang),
        scorecard.trends_section(history, population, code, other, lang, lazy=lazy),
        scorecard.facilities_section(summary["facilities"], code, lang),
        scorecard.notes_section(history, code, lang, suppression_k()),
        scorecard.downloads_section(code, lang),
    ]


def scorecard_callback(
    region: str | None, compare: str | None, charts: Any, lang: str, rendered: bool
) -> tuple[Any, Any, Any, bool]:
    title, content = render_scorecard(region, compare, lang, lazy=not is_visible(charts))
    lang = normalise_lang(lang)
    code, other = normalise_region_code(region), normalise_region_code(compare)
    names = [region_name(c, lang) for c in (code, other) if c]
    if dash.ctx.triggered_id == scorecard.CHARTS_VISIBLE:  # scrolled to the charts: no news
        return title, content, no_update, True
    return title, content, announcement(" / ".join(names), lang, rendered), True


def scorecard_location(
    region: str | None, compare: str | None, lang: str, pathname: str | None, search: str | None
) -> tuple[Any, Any]:
    """Path and query of the view, written only when they change."""
    code = normalise_region_code(region)
    if code is None:
        return no_update, no_update
    other = normalise_region_code(compare)
    params = [("lang", normalise_lang(lang))] + ([("compare", other)] if other else [])
    new_path, new_search = f"/regions/{code}", "?" + urlencode(params)
    if new_path == pathname and new_search == (search or ""):
        return no_update, no_update
    return new_path, new_search


def register_callbacks(app: dash.Dash) -> None:
    app.callback(
        Output(ids.REGION_HEADING, "children"),
        Output(ids.REGION_CONTENT, "children"),
        Output(ids.LIVE_REGION, "children", allow_duplicate=True),
        Output(ids.REGION_RENDERED, "data"),
        Input(ids.REGION_SELECT, "value"),
        Input(ids.REGION_COMPARE, "value"),
        Input(scorecard.CHARTS_VISIBLE, "data"),
        State(ids.REGION_LANG, "data"),
        State(ids.REGION_RENDERED, "data"),
        prevent_initial_call=True,
    )(scorecard_callback)
    app.callback(
        Output(ids.URL, "pathname", allow_duplicate=True),
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.REGION_SELECT, "value"),
        Input(ids.REGION_COMPARE, "value"),
        State(ids.REGION_LANG, "data"),
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(scorecard_location)
    app.clientside_callback(
        ClientsideFunction(namespace="portal", function_name="printPage"),
        Output(ids.REGION_PRINT_SINK, "children"),
        Input(ids.REGION_PRINT, "n_clicks"),
        prevent_initial_call=True,
    )
