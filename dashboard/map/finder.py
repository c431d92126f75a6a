"""The facility finder, on /find and on /map: near me, search, region and district, results.

One builder and one set of callbacks per placement (`FinderIds(prefix)`), so both pages carry
plain string ids (labels bound with `for=`) and never collide in Dash's validation layout.

- "Near me" asks the browser for the location only when pressed (assets/finder.js); the
  coordinates, rounded to ~100 m there, only sort the list and are never stored or logged.
  Without them (denied, unsupported) everything else works.
- Search, region and district run on the server over the cached registry (data.finder).
- Results are a plain ordered list with a heading per facility, its details as a <dl>, a
  `tel:` link and a link that opens the point on the map; a live status line says how many
  were found (and the nearest), for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html

from dashboard import data_access
from dashboard.components.controls import labelled, select
from dashboard.i18n import fmt_num, label, localise_hours, normalise_lang, region_options, t
from data.catalog import PUBLIC_FACILITY_TYPES
from data.finder import Hit, Place, districts, find

ALL = "all"  # value of the "all regions / all districts" option


@dataclass(frozen=True)
class FinderIds:
    prefix: str

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return f"{self.prefix}-{name.replace('_', '-')}"


def places() -> list[Place]:
    return data_access.finder_places()


def _chosen(value: str | None) -> str | None:
    """A select's value, None for "all" (or nothing)."""
    return value if value and value != ALL else None


# ------------------------------------------------------------------ formatting
def fmt_distance(metres: float, lang: str) -> str:
    if metres < 1000:
        return t("find.m", lang, value=fmt_num(round(metres / 10) * 10, lang, 0))
    return t("find.km", lang, value=fmt_num(metres / 1000, lang, 1 if metres < 20_000 else 0))


def map_href(place: Place, lang: str) -> str:
    return "/map?" + urlencode({"lang": normalise_lang(lang), "focus": place.facility_id})


def _detail(label: str, value: Any) -> list[Any]:
    return [html.Dt(label), html.Dd(value)]


def result_item(hit: Hit, lang: str, level: int = 3) -> html.Li:
    place, lang = hit.place, normalise_lang(lang)
    name = place.name[lang]
    unknown = t("map.popup_unknown", lang)
    details: list[Any] = []
    if hit.distance_m is not None:
        details += _detail(t("find.distance", lang), fmt_distance(hit.distance_m, lang))
    details += _detail(t("find.type", lang), t(f"find.type.{place.type}", lang))
    details += _detail(t("map.popup_status", lang), label("facility_status", place.status, lang))
    details += _detail(t("map.popup_hours", lang), localise_hours(place.hours, lang) or unknown)
    phone: Any = unknown
    if place.phone:
        digits = "".join(c for c in place.phone if c.isdigit() or c == "+")
        phone = html.A(place.phone, href=f"tel:{digits}")
    details += _detail(t("map.popup_phone", lang), phone)
    details += _detail(t("map.popup_address", lang), place.address[lang] or unknown)
    return html.Li(
        [
            getattr(html, f"H{level}")(name, className="h6 mb-1 finder-name"),
            html.Dl(details, className="finder-details mb-1"),
            html.A(
                [t("find.show_on_map", lang), html.Span(f": {name}", className="visually-hidden")],
                href=map_href(place, lang),
                className="finder-map-link",
                **{"data-focus": place.facility_id},
            ),
        ],
        className="finder-result",
    )


def status_line(hits: Sequence[Hit], total: int, lang: str, near: bool) -> str:
    if not total:
        return t("find.none", lang)
    parts = [
        t("find.count", lang, count=fmt_num(total, lang, 0))
        if total == len(hits)
        else t(
            "find.count_shown",
            lang,
            count=fmt_num(total, lang, 0),
            shown=fmt_num(len(hits), lang, 0),
        )
    ]
    if near and hits and hits[0].distance_m is not None:
        parts.append(t("find.sorted_distance", lang))
        parts.append(
            t(
                "find.nearest",
                lang,
                name=hits[0].place.name[normalise_lang(lang)],
                distance=fmt_distance(hits[0].distance_m, lang),
            )
        )
    return " ".join(parts)


def results(
    hits_all: Sequence[Hit],
    limit: int,
    lang: str,
    near: bool,
    more_href: str | None = None,
    level: int = 3,
) -> list[Any]:
    hits = list(hits_all[:limit])
    out: list[Any] = [
        html.P(
            status_line(hits, len(hits_all), lang, near), role="status", className="finder-status"
        )
    ]
    if hits:
        out.append(
            html.Ol(
                [result_item(h, lang, level) for h in hits],
                className="finder-results list-unstyled",
            )
        )
    if more_href and len(hits_all) > len(hits):
        out.append(html.A(t("find.more", lang), href=more_href, className="finder-more"))
    return out


# ------------------------------------------------------------------ layout
def district_options(region: str | None, lang: str) -> list[dict[str, str]]:
    first = [{"label": t("find.district_all", lang), "value": ALL}]
    if not region:
        return first
    return first + [
        {"label": label, "value": kato} for kato, label in districts(places(), region, lang)
    ]


def finder(
    ids: FinderIds,
    lang: str,
    *,
    heading_level: int = 2,
    query: str = "",
    region: str = ALL,
    compact: bool = False,
) -> html.Section:
    """The finder's controls and its (initially empty) results."""
    lang = normalise_lang(lang)
    heading = html.H2 if heading_level == 2 else html.H1
    region_opts = [{"label": t("find.region_all", lang), "value": ALL}, *region_options(lang)]
    type_opts = [{"label": t(f"find.type.{k}", lang), "value": k} for k in PUBLIC_FACILITY_TYPES]
    near_me = html.Div(
        [
            html.Button(
                t("find.near_me", lang),
                id=ids.locate,
                type="button",
                n_clicks=0,
                className="btn btn-primary",
                **{"aria-describedby": ids.locate_help},
            ),
            html.Div(t("find.near_me_help", lang), id=ids.locate_help, className="form-text"),
            html.P(
                "",
                id=ids.locate_status,
                className="finder-locate-status mb-0",
                **{"aria-live": "polite"},
            ),
        ],
        className="mb-3",
    )
    search = labelled(
        ids.query,
        t("find.query", lang),
        html.Div(
            [
                # type="search" and no <form>: Enter searches (debounce) without reloading the page
                dcc.Input(
                    id=ids.query,
                    type="search",
                    value=query,
                    debounce=True,
                    autoComplete="off",
                    spellCheck=False,
                    className="form-control",
                ),
                html.Button(
                    t("find.search", lang),
                    id=ids.submit,
                    type="button",
                    n_clicks=0,
                    className="btn btn-outline-primary",
                ),
            ],
            className="input-group",
        ),
        help_text=t("find.query_help", lang),
    )
    filters = html.Div(
        [
            html.Div(
                labelled(
                    ids.region, t("find.region", lang), select(ids.region, region_opts, region)
                ),
                className="col-sm-6",
            ),
            html.Div(
                labelled(
                    ids.district,
                    t("find.district", lang),
                    select(ids.district, district_options(_chosen(region), lang), ALL),
                ),
                className="col-sm-6",
            ),
            html.Fieldset(
                [
                    html.Legend(t("find.types", lang), className="form-label fs-6 fw-semibold"),
                    dbc.Checklist(
                        id=ids.types,
                        options=type_opts,
                        value=list(PUBLIC_FACILITY_TYPES),
                        inline=True,
                        className="portal-checklist finder-types",
                    ),
                ],
                className="col-12 mb-2",
            ),
        ],
        className="row g-2",
    )
    body = (
        [near_me, search, filters]
        if not compact
        else [
            near_me,
            search,
            html.Details([html.Summary(t("find.controls", lang)), filters], className="mb-2"),
        ]
    )
    return html.Section(
        [
            dcc.Store(id=ids.lang, data=lang),
            dcc.Store(id=ids.where, data=None),
            dcc.Store(
                id=ids.labels,
                data={
                    "status_id": ids.locate_status,
                    **{
                        k: t(f"find.{k}", lang)
                        for k in ("locating", "located", "denied", "unavailable")
                    },
                },
            ),
            heading(
                t("find.heading" if heading_level == 2 else "find.title", lang),
                id=ids.heading,
                className="h4" if heading_level == 2 else None,
            ),
            *body,
            # one level below the finder's heading; each result's name one level below that
            getattr(html, f"H{heading_level + 1}")(
                t("find.results", lang), className="h5 mt-3", id=ids.results_heading
            ),
            html.Div(
                html.P(t("find.prompt", lang)),
                id=ids.results,
                **{"aria-labelledby": ids.results_heading},
            ),
        ],
        className="finder",
        id=ids.section,
        **{"aria-labelledby": ids.heading},
    )


# ------------------------------------------------------------------ callbacks
def search_results(ids: FinderIds, limit: int, more_path: str | None = None, level: int = 3) -> Any:
    def update(
        query: str | None,
        _clicks: int | None,
        region: str | None,
        district: str | None,
        types: list[str] | None,
        where: dict | None,
        lang: str | None,
    ) -> list[Any]:
        lang = normalise_lang(lang)
        near = None
        if isinstance(where, dict) and where.get("lat") is not None:
            near = (float(where["lat"]), float(where["lon"]))
        query = (query or "").strip()[:100]
        if not (query or _chosen(region) or near):
            return [html.P(t("find.prompt", lang))]
        hits = find(
            places(),
            query=query,
            near=near,
            region=_chosen(region),
            district=_chosen(district),
            types=types or [],
            limit=None,
        )
        more = None
        if more_path:
            more = (
                more_path
                + "?"
                + urlencode({"lang": lang, "q": query, "region": _chosen(region) or ALL})
            )
        return results(hits, limit, lang, near is not None, more, level)

    return update


def register_finder(
    app: dash.Dash,
    ids: FinderIds,
    *,
    limit: int,
    more_path: str | None = None,
    heading_level: int = 2,
) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="finder", function_name="locate"),
        Output(ids.where, "data"),
        Output(ids.locate_status, "children"),
        Input(ids.locate, "n_clicks"),
        State(ids.labels, "data"),
        prevent_initial_call=True,
    )
    app.callback(
        Output(ids.district, "options"),
        Output(ids.district, "value"),
        Input(ids.region, "value"),
        State(ids.lang, "data"),
        prevent_initial_call=True,
    )(lambda region, lang: (district_options(_chosen(region), normalise_lang(lang)), ALL))
    app.callback(
        Output(ids.results, "children"),
        Input(ids.query, "value"),
        Input(ids.submit, "n_clicks"),
        Input(ids.region, "value"),
        Input(ids.district, "value"),
        Input(ids.types, "value"),
        Input(ids.where, "data"),
        State(ids.lang, "data"),
    )(search_results(ids, limit, more_path, heading_level + 2))
