"""Overview (/): national KPIs of the latest month and year, facilities, a map, regions compared."""

from __future__ import annotations

import logging
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html
from flask import current_app

from dashboard import cells, data_access, ids
from dashboard.components.charts import chart_with_table
from dashboard.components.controls import labelled, select
from dashboard.components.kpi import card_states, kpi_grid
from dashboard.components.lazy import is_visible, lazy_store, watch
from dashboard.components.notes import state_notes
from dashboard.components.tables import data_table
from dashboard.figures import ranking_figure
from dashboard.i18n import (
    fmt_date,
    fmt_int,
    fmt_month,
    fmt_period_month,
    label,
    normalise_lang,
    region_codes,
    region_name,
    t,
)
from dashboard.pagekit import (
    announcement,
    no_data_notice,
    page_title,
    search_update,
    section,
    suppression_k,
)
from data.catalog import FACILITY_TYPES, INDICATORS
from data.figures import Cell, History, kpi_panel, population_by_region, ranking, states_in

log = logging.getLogger(__name__)

dash.register_page(__name__, path="/", title=page_title("overview.title"), order=0, name="overview")

OVERVIEW_MAP_VISIBLE = "overview-map-visible"
OVERVIEW_RANKING_VISIBLE = "overview-ranking-visible"

FACILITY_STATUSES = ("operating", "under_construction", "planned", "closed")


def layout(lang: str | None = None, indicator: str | None = None, **_: Any) -> html.Div:
    lang = normalise_lang(lang)
    indicator = indicator if indicator in INDICATORS else INDICATORS[0]
    options = [{"label": label("indicator", i, lang), "value": i} for i in INDICATORS]
    # The key figures are in the layout itself (no callback round trip, and in the first HTML:
    # dashboard/prerender.py); the map and the ranking chart come when scrolled near.
    kpis, facilities = summary_blocks(lang)
    return html.Div(
        [
            dcc.Store(id=ids.OVERVIEW_LANG, data=lang),
            dcc.Store(id=ids.OVERVIEW_RENDERED, data=True),  # drawn by the server: announce changes
            lazy_store(OVERVIEW_MAP_VISIBLE),
            lazy_store(OVERVIEW_RANKING_VISIBLE),
            html.H1(t("overview.title", lang)),
            html.P(t("overview.lead", lang), className="lead"),
            html.Div(kpis, id=ids.OVERVIEW_KPIS, className="mb-5"),
            html.Div(facilities, id=ids.OVERVIEW_FACILITIES, className="mb-5"),
            section(
                "overview-map-heading",
                t("overview.map_heading", lang),
                html.Div(
                    html.Div(className="overview-map lazy-placeholder"),
                    id=ids.OVERVIEW_MAP,
                    **watch(OVERVIEW_MAP_VISIBLE),
                ),
                html.A(t("overview.map_open", lang), href=f"/map?lang={lang}"),
            ),
            section(
                "overview-ranking-heading",
                t("overview.ranking_heading", lang),
                labelled(
                    ids.OVERVIEW_RANKING_INDICATOR,
                    t("col.indicator", lang),
                    select(ids.OVERVIEW_RANKING_INDICATOR, options, indicator),
                    class_name="mb-3 control-narrow",
                ),
                html.Div(
                    render_ranking(indicator, lang, lazy=True),
                    id=ids.OVERVIEW_RANKING,
                    **watch(OVERVIEW_RANKING_VISIBLE),
                ),
            ),
            section(
                "overview-explore-heading", t("overview.explore_heading", lang), explore_links(lang)
            ),
        ]
    )


def explore_links(lang: str) -> dbc.Row:
    items = (
        ("/regions", "nav.regions", "overview.explore_regions"),
        ("/indicators", "nav.indicators", "overview.explore_indicators"),
        ("/open-data", "nav.open_data", "overview.explore_open_data"),
        ("/methodology", "nav.methodology", "overview.explore_methodology"),
    )
    return dbc.Row(
        [
            dbc.Col(
                html.Div(
                    [
                        html.H3(html.A(t(title, lang), href=f"{href}?lang={lang}"), className="h6"),
                        html.P(t(text, lang), className="small mb-0"),
                    ],
                    className="explore-card h-100",
                ),
                xs=12,
                md=6,
                xl=3,
                className="mb-3",
            )
            for href, title, text in items
        ]
    )


# ------------------------------------------------------------------ callbacks (thin)
def summary_blocks(lang: str) -> tuple[Any, Any]:
    """KPI cards and facility counts (a notice when nothing is published yet)."""
    publication = data_access.publication()
    if not publication.exists:
        return no_data_notice(lang), None
    history = History(data_access.indicator_history())
    panel = kpi_panel(history, data_access.population(), data_access.data_through())
    return kpi_section(panel, lang), facilities_section(data_access.facility_counts(), lang)


def map_callback(visible: Any, lang: str) -> Any:
    """The map, once its block is near the screen (the iframe document is ~60 kB)."""
    if not is_visible(visible):
        return dash.no_update
    return map_embed(normalise_lang(lang)) if data_access.publication().exists else None


def render_summary(lang: str) -> tuple[Any, Any, Any]:
    """KPI cards, facility counts and the map for the current publication."""
    lang = normalise_lang(lang)
    publication = data_access.publication()
    if not publication.exists:
        return no_data_notice(lang), None, None
    history = History(data_access.indicator_history())
    panel = kpi_panel(history, data_access.population(), data_access.data_through())
    return (
        kpi_section(panel, lang),
        facilities_section(data_access.facility_counts(), lang),
        map_embed(lang),
    )


def kpi_section(panel: Any, lang: str) -> html.Section:
    if panel.month is None:
        return no_data_notice(lang)
    children: list[Any] = []
    if panel.headline_in_progress and panel.data_through:
        children.append(
            html.P(
                t(
                    "kpi.partial_month",
                    lang,
                    date=fmt_date(panel.data_through, lang, case="dative"),
                ),
                className="text-body-secondary",
            )
        )
    children.append(kpi_grid(panel.cards, lang, panel.data_through))
    children.append(html.P(t("kpi.change_note", lang), className="small text-body-secondary"))
    notes = state_notes(card_states(panel.cards), lang=lang, k=suppression_k())
    if notes:
        children.append(notes)
    return section(
        "overview-kpi-heading",
        t("overview.kpi_heading", lang, month=fmt_month(panel.month, lang)),
        *children,
        class_name="",
    )


def facilities_section(counts: dict[str, dict[str, int]], lang: str) -> html.Section:
    headers = [t("col.type", lang)] + [label("facility_status", s, lang) for s in FACILITY_STATUSES]
    rows = [
        [label("facility_type_plural", kind, lang)]
        + [fmt_int(counts.get(kind, {}).get(status, 0), lang) for status in FACILITY_STATUSES]
        for kind in FACILITY_TYPES
    ]
    table = data_table(
        t("overview.facilities_caption", lang),
        headers,
        rows,
        lang=lang,
        numeric=range(1, len(headers)),
    )
    return section(
        "overview-facilities-heading", t("overview.facilities_heading", lang), table, class_name=""
    )


def map_embed(lang: str, indicator: str = INDICATORS[0]) -> Any:
    """The map page's default view, small; a plain notice when the map cannot be built.
    Same cache key as /map, so the two pages share one rendering per publication."""
    try:
        from dashboard.map.build import LAYERS

        tiles = current_app.config["PORTAL"].map_tiles
        document = data_access.map_document(
            lang=lang, layers=tuple(LAYERS), indicator=indicator, tiles=tiles
        )
    except Exception:  # noqa: BLE001 - the overview must render even when the map cannot
        log.warning("overview map unavailable", exc_info=True)
        return html.P(t("overview.map_unavailable", lang), className="text-body-secondary")
    title = t("overview.map_frame_title", lang, indicator=label("indicator", indicator, lang))
    return html.Iframe(srcDoc=document, title=title, className="overview-map")


def render_ranking(indicator: str, lang: str, lazy: bool = False) -> Any:
    lang = normalise_lang(lang)
    indicator = indicator if indicator in INDICATORS else INDICATORS[0]
    if not data_access.publication().exists:
        return None
    history = History(data_access.indicator_history())
    if history.latest is None:
        return no_data_notice(lang)
    population = data_access.population()
    rows = ranking(history, population, indicator, region_codes())
    national = history.national_rate(
        history.latest, indicator, population_by_region(population, history.latest.year)
    )
    caption = t(
        "overview.ranking_caption",
        lang,
        indicator=label("indicator", indicator, lang),
        month=fmt_period_month(history.latest, lang, data_access.data_through()),
    )
    table = ranking_table(rows, national, caption, lang)
    figure = ranking_figure(rows, national, lang=lang)
    notes = state_notes(states_in([r.value for r in rows]), lang=lang, k=suppression_k())
    return [
        html.P(caption, className="fw-semibold mb-1"),
        chart_with_table(
            None,
            figure,
            table,
            title=caption,
            lang=lang,
            lazy=lazy,
            filename=f"ranking-{indicator}",
        ),
        notes,
    ]


def ranking_callback(
    indicator: str, visible: Any, lang: str, rendered: bool
) -> tuple[Any, Any, bool]:
    lang = normalise_lang(lang)
    name = label("indicator", indicator if indicator in INDICATORS else INDICATORS[0], lang)
    drawn_only = dash.ctx.triggered_id == OVERVIEW_RANKING_VISIBLE  # scrolled to, not changed
    return (
        render_ranking(indicator, lang, lazy=not is_visible(visible)),
        dash.no_update if drawn_only else announcement(name, lang, rendered),
        True,
    )


def ranking_table(rows: list[Any], national: Cell, caption: str, lang: str) -> html.Div:
    headers = [
        t("col.rank", lang),
        t("col.region", lang),
        t("col.value", lang),
        t("col.rate", lang),
    ]
    body = [
        [
            str(r.rank) if r.rank else "—",
            html.A(region_name(r.region, lang), href=f"/regions/{r.region}?lang={lang}"),
            cells.text(r.value, lang),
            cells.rate_text(r.rate, lang),
        ]
        for r in rows
    ]
    body.append(["", region_name(None, lang), "", cells.rate_text(national, lang)])
    return data_table(caption, headers, body, lang=lang, numeric=(0, 2, 3))


def ranking_query(indicator: str, lang: str, current: str | None) -> Any:
    indicator = indicator if indicator in INDICATORS else INDICATORS[0]
    return search_update(f"?lang={normalise_lang(lang)}&indicator={indicator}", current)


def register_callbacks(app: dash.Dash) -> None:
    app.callback(
        Output(ids.OVERVIEW_MAP, "children"),
        Input(OVERVIEW_MAP_VISIBLE, "data"),
        State(ids.OVERVIEW_LANG, "data"),
        prevent_initial_call=True,
    )(map_callback)
    app.callback(
        Output(ids.OVERVIEW_RANKING, "children"),
        Output(ids.LIVE_REGION, "children", allow_duplicate=True),
        Output(ids.OVERVIEW_RENDERED, "data"),
        Input(ids.OVERVIEW_RANKING_INDICATOR, "value"),
        Input(OVERVIEW_RANKING_VISIBLE, "data"),
        State(ids.OVERVIEW_LANG, "data"),
        State(ids.OVERVIEW_RENDERED, "data"),
        prevent_initial_call=True,
    )(ranking_callback)
    app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.OVERVIEW_RANKING_INDICATOR, "value"),
        State(ids.OVERVIEW_LANG, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(ranking_query)
