"""/map — facility layers and a regional indicator per 100 000 residents, with the same numbers
in a table under the map.

The layout is a light skeleton (Dash also calls it without arguments to build the validation
layout that every page carries); the folium document and the table are built by one callback,
from queries cached per publication. The state (indicator, layers, language) lives in the URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard import ids
from dashboard.components.map_state import (
    chosen_layers,
    parse_indicator,
    parse_layers,
    search_string,
)
from dashboard.components.map_table import TABLE_ID, regional_table
from dashboard.maps import DEFAULT_INDICATOR, LAYERS, regional_indicator_table, render_map_html
from dashboard.maps_text import DEFAULT_LANG, norm_lang, text
from data.catalog import INDICATORS

PATH = "/map"
LANG_STORE = "map-lang"
INDICATOR_SELECT = "map-indicator"
LAYER_CHECKLIST = "map-layers"
FRAME = "map-frame"
TABLE_CONTAINER = "map-table-container"

dash.register_page(__name__, path=PATH, name=text("map.title", DEFAULT_LANG), order=1,
                   title=text("map.title", DEFAULT_LANG))


# ------------------------------------------------------------------ data (cached per publication)
def _table_records(conn: Any, lang: str, indicator: str) -> list[dict[str, Any]]:
    frame = regional_indicator_table(conn, lang=lang, indicator=indicator)
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _tiles() -> str:
    from flask import current_app

    config = current_app.config.get("PORTAL")
    return config.map_tiles if config is not None else "none"


def build_view(lang: str, indicator: str, layers: Sequence[str]) -> tuple[str, list[dict]]:
    """(map document, table records) for a view, via the per-publication query cache."""
    from webcore import cached_query

    chosen = tuple(chosen_layers(layers))
    document = cached_query("map.html", render_map_html, lang=lang, layers=chosen,
                            indicator=indicator, tiles=_tiles())
    records = cached_query("map.table", _table_records, lang, indicator)
    return document, records


def _iframe_title(lang: str, indicator: str) -> str:
    return text("map.iframe_title", lang, indicator=text(f"indicator.{indicator}", lang))


def _table(records: list[dict[str, Any]], lang: str, indicator: str) -> html.Div:
    return regional_table(records, lang=lang, indicator_label=text(f"indicator.{indicator}", lang),
                          methodology_href=f"/methodology?lang={lang}")


# ------------------------------------------------------------------ layout
def _controls(lang: str, indicator: str, layers: list[str]) -> html.Section:
    indicator_options = [{"label": text(f"indicator.{i}", lang), "value": i} for i in INDICATORS]
    layer_options = [{"label": text(f"layer.{k}", lang), "value": k} for k in LAYERS]
    return html.Section([
        dbc.Row([
            dbc.Col([
                dbc.Label(text("map.indicator_label", lang), html_for=INDICATOR_SELECT,
                          className="fw-semibold"),
                dbc.Select(id=INDICATOR_SELECT, options=indicator_options, value=indicator),
            ], md=5),
            dbc.Col(html.Fieldset([
                html.Legend(text("map.layers_label", lang), className="form-label fs-6 fw-semibold"),
                dbc.Checklist(id=LAYER_CHECKLIST, options=layer_options, value=layers,
                              inline=True),
            ]), md=7),
        ], className="g-3"),
    ], className="mb-3", **{"aria-label": text("map.controls", lang)})


def layout(lang: str = DEFAULT_LANG, indicator: str = DEFAULT_INDICATOR,
           layers: str | list[str] | None = None, **_: Any) -> html.Div:
    lang = norm_lang(lang)
    indicator = parse_indicator(indicator)
    chosen = parse_layers(layers)
    return html.Div([
        dcc.Store(id=LANG_STORE, data=lang),
        html.H1(text("map.title", lang), className="h2 mb-2"),
        html.P(text("map.intro", lang), className="lead fs-6 mb-3"),
        _controls(lang, indicator, chosen),
        html.A(text("map.skip", lang), href=f"#{TABLE_ID}",
               className="visually-hidden-focusable d-inline-block mb-2"),
        dcc.Loading(
            html.Iframe(id=FRAME, srcDoc="", title=_iframe_title(lang, indicator),
                        className="map-frame w-100 border rounded",
                        style={"height": "min(70vh, 560px)", "minHeight": "320px",
                               "display": "block"}),
            type="circle", delay_show=300),
        html.H2(text("map.table_heading", lang), id=TABLE_ID, tabIndex="-1",
                className="h4 mt-4"),
        html.Div(id=TABLE_CONTAINER, **{"aria-live": "polite"}),
    ], className="map-page", lang=lang)


@callback(
    Output(FRAME, "srcDoc"),
    Output(FRAME, "title"),
    Output(TABLE_CONTAINER, "children"),
    Output(ids.URL, "search", allow_duplicate=True),
    Input(INDICATOR_SELECT, "value"),
    Input(LAYER_CHECKLIST, "value"),
    State(LANG_STORE, "data"),
    prevent_initial_call="initial_duplicate",
)
def update_map(indicator: str | None, layers: list[str] | None,
               lang: str | None) -> tuple[str, str, html.Div, Any]:
    return map_outputs(indicator, layers, lang, user_change=ctx.triggered_id is not None)


def map_outputs(indicator: str | None, layers: list[str] | None, lang: str | None, *,
                user_change: bool) -> tuple[str, str, html.Div, Any]:
    """Map document, iframe title, table, and — after a user change — the view's URL search."""
    lang = norm_lang(lang)
    indicator = parse_indicator(indicator)
    chosen = chosen_layers(layers)
    document, records = build_view(lang, indicator, chosen)
    search = search_string(lang, indicator, chosen) if user_change else no_update
    return document, _iframe_title(lang, indicator), _table(records, lang, indicator), search
