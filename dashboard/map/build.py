"""The facility map and its regional layer: pure builders shared by the /map page and others.

`render_map_html` returns a self-contained folium document for an `<iframe srcdoc>`; every script
and stylesheet in it points at /assets/vendor (no CDN), and only the tile URL — when tiles are
configured at all — leaves the site. `regional_indicator_table` gives the numbers the regional
layer is drawn from, so the table under the map and the map can never disagree.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any

import folium
import pandas as pd
from branca.element import Element, MacroElement
from folium.template import Template
from sqlalchemy import Connection

from dashboard import vendor_links
from dashboard.i18n import fmt_month, label, normalise_lang, t
from dashboard.map.choropleth import (
    LEGEND_CSS,
    Legend,
    RegionLayer,
    class_breaks,
    rate_legend,
    region_features,
)
from dashboard.map.geometry import count_vertices, simplified_from_text
from dashboard.map.layers import (
    FACILITY_CSS,
    FACILITY_LAYERS,
    FacilityLayer,
    legend_swatch,
)
from dashboard.map.tiles import Tiles, parse_tiles
from data import mapdata
from data.catalog import INDICATORS
from data.finder import HIDDEN_STATUSES  # closed facilities are not on a public map
from data.indicators import regional_table
from data.reference import GEOKZ_ATTRIBUTION, regions_frame

LAYERS = FACILITY_LAYERS
DEFAULT_INDICATOR = INDICATORS[0]
KZ_BOUNDS = [[40.5, 46.4], [55.5, 87.4]]
WEB_SIZED_VERTICES = 12_000  # data/geo/kz_regions_web.geojson has ~6 900; the source ~26 000
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TABLE_COLUMNS = [
    "region",
    "name",
    "value",
    "suppressed",
    "population",
    "rate_per_100k",
    "rank",
    "status",
    "month",
]


def check_indicator(indicator: str) -> str:
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}; one of {', '.join(INDICATORS)}")
    return indicator


# ------------------------------------------------------------------ the numbers
def regional_indicator_table(conn: Connection, *, lang: str, indicator: str) -> pd.DataFrame:
    """One row per region for the latest month: value, population, rate per 100 000, rank.

    `status` is "ok", "suppressed" (published as suppressed) or "missing" (nothing reported,
    or no population to divide by); rate and rank are then missing, never zero. Rows are in
    rank order, regions without a rate last.
    """
    check_indicator(indicator)
    lang = normalise_lang(lang)
    table = pd.DataFrame(
        regional_table(conn),
        columns=[
            "region",
            "indicator",
            "month",
            "value",
            "suppressed",
            "population",
            "rate_per_100k",
            "rank",
        ],
    )
    cells = table[table["indicator"] == indicator]
    regions = regions_frame()[["iso_code", f"name_{lang}"]].rename(
        columns={"iso_code": "region", f"name_{lang}": "name"}
    )
    out = regions.merge(cells.drop(columns=["indicator"]), on="region", how="left")
    out["value"] = out["value"].astype("Float64").round().astype("Int64")
    out["suppressed"] = out["suppressed"].astype("boolean").fillna(False).astype(bool)
    out["population"] = out["population"].astype("Float64")
    out["rate_per_100k"] = out["rate_per_100k"].astype("Float64")
    out["rank"] = out["rank"].astype("Int64")
    out["status"] = "ok"
    out.loc[out["rate_per_100k"].isna(), "status"] = "missing"
    out.loc[out["suppressed"], "status"] = "suppressed"
    month = cells["month"].iloc[0] if "month" in cells and not cells.empty else None
    out["month"] = month
    out = out.sort_values(["rank", "name"], na_position="last", kind="stable")
    return out[TABLE_COLUMNS].reset_index(drop=True)


def boundary_geometries(conn: Connection) -> tuple[dict[str, dict[str, Any]], str | None]:
    """Web-sized region polygons from `region_boundaries` and their attribution ({} if none)."""
    rows = mapdata.boundary_rows(conn)
    geometries = {r.region: json.loads(r.geometry) for r in rows}
    if sum(count_vertices(g) for g in geometries.values()) > WEB_SIZED_VERTICES:
        # A full-detail file (BOUNDARIES_PATH): thinned ring by ring to keep the page light.
        # The bundled file is already simplified as a whole, borders shared exactly: as is.
        geometries = {r.region: json.loads(simplified_from_text(r.geometry)) for r in rows}
    attributions = sorted({r.attribution for r in rows if r.attribution})
    return geometries, ("; ".join(attributions) or None)


def _centres() -> dict[str, tuple[float, float]]:
    frame = regions_frame()
    return {
        r.iso_code: (float(r.centre_lat), float(r.centre_lon))
        for r in frame.itertuples(index=False)
    }


# ------------------------------------------------------------------ the map
class _Registry(MacroElement):
    """Exposes the layers to scripts and tests: window.portalMap = {map, layers, regions}."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.portalMap = {
            map: {{ this._parent.get_name() }},
            mode: {{ this.mode|tojson }},
            regions: {{ this.regions }},
            layers: { {% for kind, name in this.layers %}{{ kind|tojson }}: {{ name }},
                      {% endfor %} },
            /* The facility whose popup was last opened by focus() (finder.js checks it). */
            opened: null,
            /* Open one facility (the finder's "show on the map"): false when not drawn. A zoom
               already running is let finish first: zoomToShowLayer started during one never
               calls back. */
            focus: function (id) {
                var registry = this;
                for (var kind in this.layers) {
                    var cluster = this.layers[kind];
                    var marker = cluster.portalMarkers && cluster.portalMarkers[id];
                    if (marker) {
                        var show = function () {
                            cluster.zoomToShowLayer(marker, function () {
                                marker.openPopup();
                                registry.opened = id;
                                var el = marker.getElement();
                                if (el) { el.focus({preventScroll: true}); }
                            });
                        };
                        if (this.map._animatingZoom) { this.map.once("zoomend", show); }
                        else { show(); }
                        return true;
                    }
                }
                return false;
            }
        };
        {% endmacro %}
    """)

    def __init__(self, regions: RegionLayer, layers: Sequence[FacilityLayer]) -> None:
        super().__init__()
        self._name = "Registry"
        self.mode = regions.mode
        self.regions = regions.get_name()
        self.layers = [(layer.kind, layer.get_name()) for layer in layers]


def _facility_legend(layers: Sequence[FacilityLayer], lang: str) -> str:
    items = "".join(
        f"<li>{legend_swatch(layer.kind)}{html.escape(layer.layer_name)}</li>" for layer in layers
    )
    if not items:
        return ""
    return (
        f'<div class="legend-section"><p class="legend-heading">'
        f"{html.escape(t('map.legend_facilities', lang))}</p><ul>{items}</ul>"
        f'<p class="legend-note">{html.escape(t("map.legend_cluster", lang))}</p>'
        f'<p class="legend-note">{html.escape(t("map.legend_faded", lang))}</p>'
        f'<p class="legend-note">{html.escape(t("map.legend_closed", lang))}</p></div>'
    )


def _base_map(lang: str, indicator: str, tiles: Tiles) -> folium.Map:
    m = folium.Map(
        location=[48.0, 67.0],
        zoom_start=5,
        tiles=tiles.url,
        attr=tiles.attribution,
        min_zoom=3,
        max_zoom=18,
        control_scale=True,
        maxZoom=18,
        zoomSnap=0.25,
    )  # maxZoom: with tiles=None only this bounds zoom
    m.default_js = [("leaflet", vendor_links.LEAFLET_JS)]
    m.default_css = [("leaflet_css", vendor_links.LEAFLET_CSS)]
    # Not animated: an animated first fit is still zooming when the page may already ask for
    # a point (/map?focus=ID), and would swallow that zoom (markercluster's callback never ran).
    first_view = folium.map.FitBounds(KZ_BOUNDS)
    first_view.options["animate"] = False
    m.add_child(first_view)
    root = m.get_root()
    root.title = t("map.iframe_title", lang, indicator=label("indicator", indicator, lang))
    root.header.add_child(
        Element(f"<style>{PAGE_CSS}{LEGEND_CSS}{FACILITY_CSS}</style>"), name="portal_css"
    )
    return m


def _finish(document: str, lang: str) -> str:
    """Document-level fixes folium has no option for: language, and pinch-zoom allowed."""
    document = document.replace("<html>", f'<html lang="{lang}">', 1)
    return re.sub(
        r'<meta name="viewport"[^>]*>',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        document,
        count=1,
    )


def render_map_html(
    conn: Connection, *, lang: str, layers: Sequence[str], indicator: str, tiles: str
) -> str:
    """The whole map document: facility layers, the regional layer, legend and attribution."""
    lang = normalise_lang(lang)
    check_indicator(indicator)
    chosen = [kind for kind in LAYERS if kind in set(layers)]
    m = _base_map(lang, indicator, parse_tiles(tiles))

    table = regional_indicator_table(conn, lang=lang, indicator=indicator)
    geometries, attribution = boundary_geometries(conn)
    licence = None
    if attribution == GEOKZ_ATTRIBUTION:
        attribution, licence = t("map.attribution_geokz", lang), LICENCE_URL
    classes = class_breaks([float(r) for r in table["rate_per_100k"].dropna()])
    regions = RegionLayer(
        region_features(table, classes, lang, geometries or None, _centres()),
        attribution,
        licence_url=licence,
    )
    regions.add_to(m)

    rows = mapdata.facility_rows(conn, chosen, HIDDEN_STATUSES)
    facility_layers = []
    for kind in chosen:
        layer = FacilityLayer(kind, [r for r in rows if r["type"] == kind], lang)
        layer.add_to(m)
        facility_layers.append(layer)

    month = table["month"].iloc[0] if not table.empty else None
    heading = t(
        "map.legend_rate",
        lang,
        indicator=label("indicator", indicator, lang),
        month=fmt_month(month, lang),
    )
    Legend(
        [
            rate_legend(classes, lang, heading, regions.mode == "circles"),
            _facility_legend(facility_layers, lang),
        ],
        lang,
        bounds=KZ_BOUNDS,
    ).add_to(m)
    _Registry(regions, facility_layers).add_to(m)
    return _finish(m.get_root().render(), lang)


PAGE_CSS = """
html, body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
.leaflet-container.folium-map { background: #e8eef3; }
.leaflet-container a { color: #0b5394; }
@media (max-width: 480px) { .leaflet-control-scale { display: none; } }
"""
