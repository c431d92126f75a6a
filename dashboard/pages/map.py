"""/map — facility layers and a regional indicator per 100 000 residents, with the same numbers
in a table under the map.

The layout is a light skeleton (Dash also calls it without arguments to build the validation
layout that every page carries); the folium document and the table are built by one callback,
from queries cached per publication. The state (indicator, layers, language) lives in the URL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard import data_access, ids
from dashboard.components.controls import labelled, select
from dashboard.i18n import DEFAULT_LANG, label, normalise_lang, request_lang, t
from dashboard.map.build import DEFAULT_INDICATOR, LAYERS
from dashboard.map.finder import FinderIds, finder, register_finder
from dashboard.map.state import (
    chosen_layers,
    parse_indicator,
    parse_layers,
    search_string,
)
from dashboard.map.table import TABLE_ID, regional_table
from dashboard.pagekit import portal_config, search_update, suppression_k
from data.catalog import INDICATORS

PATH = "/map"
LANG_STORE = "map-lang"
INDICATOR_SELECT = "map-indicator"
LAYER_CHECKLIST = "map-layers"
FRAME = "map-frame"
FOCUS_ID = re.compile(r"[A-Za-z0-9-]{1,40}")  # a facility id (FO-10-001, SOS-59-002, ...)
TABLE_CONTAINER = "map-table-container"
FINDER = FinderIds("map-finder")
FINDER_LIMIT = 5  # the map page shows the nearest few; /find has the full list


def _title(**_: Any) -> str:
    lang = request_lang()
    return f"{t('map.title', lang)} · {t('site.name', lang)}"


dash.register_page(__name__, path=PATH, name="map", title=_title, order=1)


# ------------------------------------------------------------------ data (cached per publication)
def build_view(lang: str, indicator: str, layers: Sequence[str]) -> tuple[str, list[dict]]:
    """(map document, table records) for a view, via the per-publication query cache.

    "map.html" with these keyword arguments is also the overview's key: one rendering serves both.
    """
    document = data_access.map_document(
        lang=lang,
        layers=tuple(chosen_layers(layers)),
        indicator=indicator,
        tiles=portal_config().map_tiles,
    )
    records = data_access.map_table(lang, indicator)
    return document, records


def _iframe_title(lang: str, indicator: str) -> str:
    return t("map.iframe_title", lang, indicator=label("indicator", indicator, lang))


# ------------------------------------------------------------------ layout
def _controls(lang: str, indicator: str, layers: list[str]) -> html.Section:
    indicator_options = [{"label": label("indicator", i, lang), "value": i} for i in INDICATORS]
    layer_options = [{"label": label("facility_type_plural", k, lang), "value": k} for k in LAYERS]
    return html.Section(
        dbc.Row(
            [
                dbc.Col(
                    labelled(
                        INDICATOR_SELECT,
                        t("map.indicator_label", lang),
                        select(INDICATOR_SELECT, indicator_options, indicator),
                        class_name="mb-0",
                    ),
                    md=5,
                ),
                dbc.Col(
                    html.Fieldset(
                        [
                            html.Legend(
                                t("map.layers_label", lang), className="form-label fs-6 fw-semibold"
                            ),
                            dbc.Checklist(
                                id=LAYER_CHECKLIST, options=layer_options, value=layers, inline=True
                            ),
                        ],
                        className="mb-0",
                    ),
                    md=7,
                ),
            ],
            className="g-3",
        ),
        className="mb-3",
        **{"aria-label": t("map.controls", lang)},
    )


def layout(
    lang: str = DEFAULT_LANG,
    indicator: str = DEFAULT_INDICATOR,
    layers: str | list[str] | None = None,
    focus: str | None = None,
    **_: Any,
) -> html.Div:
    lang = normalise_lang(lang)
    indicator = parse_indicator(indicator)
    # The point to open (/map?focus=ID, the finder's links) rides on the frame itself:
    # the page may rewrite its query string before assets/finder.js reads it.
    focused = {"data-focus": focus} if isinstance(focus, str) and FOCUS_ID.fullmatch(focus) else {}
    return html.Div(
        [
            dcc.Store(id=LANG_STORE, data=lang),
            html.H1(t("map.title", lang)),
            html.P(t("map.intro", lang), className="lead"),
            html.Div(finder(FINDER, lang, compact=True), className="map-finder mb-4"),
            _controls(lang, indicator, parse_layers(layers)),
            html.A(
                t("map.skip", lang),
                href=f"#{TABLE_ID}",
                className="visually-hidden-focusable d-inline-block mb-2",
            ),
            dcc.Loading(
                html.Iframe(
                    id=FRAME,
                    srcDoc="",
                    title=_iframe_title(lang, indicator),
                    className="map-frame w-100 border rounded d-block",
                    # Height from the width, not the viewport height: stable when a phone's
                    # toolbar hides or a full-page screenshot stretches the viewport.
                    style={"height": "clamp(340px, 60vw, 560px)"},
                    **focused,
                ),
                type="circle",
                delay_show=300,
            ),
            html.H2(t("map.table_heading", lang), id=TABLE_ID, tabIndex="-1", className="mt-4"),
            html.Div(id=TABLE_CONTAINER, **{"aria-live": "polite"}),
        ],
        className="map-page",
    )


# ------------------------------------------------------------------ callbacks (thin)
def update_map(
    indicator: str | None, layers: list[str] | None, lang: str | None
) -> tuple[str, str, html.Div]:
    """Map document, iframe title and table for the view."""
    lang = normalise_lang(lang)
    indicator = parse_indicator(indicator)
    document, records = build_view(lang, indicator, chosen_layers(layers))
    table = regional_table(
        records, lang=lang, indicator_label=label("indicator", indicator, lang), k=suppression_k()
    )
    return document, _iframe_title(lang, indicator), table


def map_search(
    indicator: str | None, layers: list[str] | None, lang: str | None, current_search: str | None
) -> Any:
    """The view's query string, written only after the user changed a control."""
    search = search_string(normalise_lang(lang), parse_indicator(indicator), chosen_layers(layers))
    return search_update(search, current_search)


def register_callbacks(app: dash.Dash) -> None:
    register_finder(app, FINDER, limit=FINDER_LIMIT, more_path="/find")
    app.callback(
        Output(FRAME, "srcDoc"),
        Output(FRAME, "title"),
        Output(TABLE_CONTAINER, "children"),
        Input(INDICATOR_SELECT, "value"),
        Input(LAYER_CHECKLIST, "value"),
        State(LANG_STORE, "data"),
    )(update_map)
    # Not on the initial render: opening a link must not add a history entry.
    app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(INDICATOR_SELECT, "value"),
        Input(LAYER_CHECKLIST, "value"),
        State(LANG_STORE, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(map_search)
