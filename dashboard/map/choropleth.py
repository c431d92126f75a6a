"""The regional layer of the map (rate per 100 000 residents) and the map's legend.

Polygons when boundaries are loaded, proportional circles at the regional centres otherwise.
Suppressed and missing values get their own grey styles and words in the legend: never a colour
that could be read as a low number.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from dashboard.i18n import fmt_num, t

# ColorBrewer YlGnBu, sequential and colour-blind safe; light = low.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
SUPPRESSED_STYLE = {
    "fillColor": "#9e9e9e",
    "fillOpacity": 0.75,
    "color": "#424242",
    "weight": 1,
    "dashArray": "4 3",
}
MISSING_STYLE = {
    "fillColor": "#ffffff",
    "fillOpacity": 0.6,
    "color": "#424242",
    "weight": 1,
    "dashArray": "1 4",
}
MIN_RADIUS, MAX_RADIUS = 6, 26


@dataclass(frozen=True)
class Classes:
    """Upper bounds of the colour classes (inclusive) and their colours."""

    bounds: tuple[float, ...]
    colours: tuple[str, ...]

    def colour(self, value: float) -> str:
        for bound, colour in zip(self.bounds, self.colours, strict=True):
            if value <= bound:
                return colour
        return self.colours[-1]


def _nice_ceil(value: float) -> float:
    """Round up to two significant figures (12.34 -> 13, 0.0123 -> 0.013)."""
    if value <= 0:
        return 0.0
    step = 10 ** (math.floor(math.log10(value)) - 1)
    return round(math.ceil(value / step - 1e-9) * step, 10)


def class_breaks(rates: Sequence[float], classes: int = len(PALETTE)) -> Classes:
    """Quantile classes with rounded bounds; fewer classes when there are few distinct values."""
    values = sorted({float(r) for r in rates if r is not None and not math.isnan(r)})
    if not values:
        return Classes((), ())
    k = min(classes, len(values))
    raw = [
        values[min(len(values) - 1, math.ceil(i * len(values) / k) - 1)] for i in range(1, k + 1)
    ]
    bounds: list[float] = []
    for bound in raw:
        nice = _nice_ceil(bound)
        if not bounds or nice > bounds[-1]:
            bounds.append(nice)
    picks = [round(i * (len(PALETTE) - 1) / max(1, len(bounds) - 1)) for i in range(len(bounds))]
    colours = tuple(PALETTE[i] for i in picks) if len(bounds) > 1 else (PALETTE[2],)
    return Classes(tuple(bounds), colours)


def _decimals(value: float) -> int:
    return 0 if abs(value) >= 10 else 1 if abs(value) >= 1 else 2


def _exact_decimals(value: float) -> int:
    """Decimals needed to write a (rounded) class bound exactly, at most 3."""
    for digits in range(4):
        if abs(round(value, digits) - value) < 1e-9:
            return digits
    return 3


def class_labels(classes: Classes, lang: str) -> list[str]:
    """'0 – 45', '45 – 140' ...; one number of decimals for the whole legend."""
    digits = max((_exact_decimals(b) for b in classes.bounds), default=0)
    labels, lower = [], 0.0
    for bound in classes.bounds:
        labels.append(f"{fmt_num(lower, lang, digits)} – {fmt_num(bound, lang, digits)}")
        lower = bound
    return labels


def rate_text(rate: float, lang: str) -> str:
    return fmt_num(rate, lang, _decimals(rate) if rate else 0) or ""


def _state(row: Any) -> str:
    if pd.isna(row.rate_per_100k):
        return "suppressed" if row.status == "suppressed" else "missing"
    return "ok"


def region_features(
    table: pd.DataFrame,
    classes: Classes,
    lang: str,
    geometries: dict[str, dict[str, Any]] | None,
    centres: dict[str, tuple[float, float]],
) -> list[dict[str, Any]]:
    """GeoJSON features (polygons, or points at the centres) with a style and a tooltip text."""
    known = table["rate_per_100k"].dropna()
    top = float(known.max()) if not known.empty else 0.0
    features = []
    for row in table.itertuples(index=False):
        state = _state(row)
        if state == "ok":
            rate = float(row.rate_per_100k)
            style = {
                "fillColor": classes.colour(rate),
                "fillOpacity": 0.8,
                "color": "#37474f",
                "weight": 1,
            }
            label = t(
                "map.tooltip", lang, name=row.name, rate=rate_text(rate, lang), rank=int(row.rank)
            )
            radius = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(rate / top) if top else 0
        else:
            style = dict(SUPPRESSED_STYLE if state == "suppressed" else MISSING_STYLE)
            label = t("map.tooltip_none", lang, name=row.name, state=t(f"map.value_{state}", lang))
            radius = MIN_RADIUS
        properties = {"region": row.region, "label": label, "state": state, "style": style}
        if geometries and row.region in geometries:
            geometry = geometries[row.region]
        else:
            lat, lon = centres[row.region]
            geometry = {"type": "Point", "coordinates": [lon, lat]}
            style["radius"] = round(radius, 1)
            style.setdefault("color", "#37474f")
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return features


class RegionLayer(MacroElement):
    """Regions as a GeoJSON layer styled per feature; tooltips set with textContent."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var data = {{ this.collection|tojson }};
            var layer = L.geoJSON(data, {
                attribution: {{ this.attribution|tojson }},
                style: function (f) { return f.properties.style; },
                pointToLayer: function (f, latlng) {
                    return L.circleMarker(latlng, f.properties.style);
                },
                onEachFeature: function (f, item) {
                    var tip = document.createElement('span');
                    tip.textContent = f.properties.label;
                    item.bindTooltip(tip, {sticky: true});
                }
            });
            layer.addTo({{ this._parent.get_name() }});
            layer.bringToBack();
            return layer;
        })();
        {% endmacro %}
    """)

    def __init__(
        self,
        features: list[dict[str, Any]],
        attribution: str | None,
        licence_url: str | None = None,
    ) -> None:
        super().__init__()
        self._name = "RegionLayer"
        self.collection = {"type": "FeatureCollection", "features": features}
        # Leaflet inserts attributions as HTML: the stored text is escaped here, and the
        # licence it names (CC BY 4.0 asks for a link to it) becomes a link.
        self.attribution = html.escape(attribution) if attribution else None
        if self.attribution and licence_url and "CC BY 4.0" in self.attribution:
            link = (
                f'<a href="{html.escape(licence_url)}" rel="license" target="_blank">CC BY 4.0</a>'
            )
            self.attribution = self.attribution.replace("CC BY 4.0", link, 1)
        self.mode = (
            "polygons" if features and features[0]["geometry"].get("type") != "Point" else "circles"
        )


class Legend(MacroElement):
    """A collapsible legend (<details>) placed in a Leaflet control; markup built server-side."""

    _template = Template("""
        {% macro html(this, kwargs) %}{{ this.markup }}{% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var box = document.getElementById({{ this.get_name()|tojson }});
            if (window.innerWidth < 560) { box.open = false; }
            var control = L.control({position: 'bottomright'});
            control.onAdd = function () {
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            var map = {{ this._parent.get_name() }};
            control.addTo(map);
            {%- if this.bounds %}
            // Keep the country clear of the open legend on wide screens.
            if (box.open) {
                map.fitBounds({{ this.bounds|tojson }},
                              {paddingBottomRight: [box.offsetWidth + 10, 0], animate: false});
            }
            {%- endif %}
        })();
        {% endmacro %}
    """)

    def __init__(
        self, sections: Sequence[str], lang: str, bounds: Sequence[Sequence[float]] | None = None
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.bounds = [list(corner) for corner in bounds] if bounds else None
        body = "".join(sections)
        self.markup = (
            f'<details class="map-legend" id="{self.get_name()}" open>'
            f"<summary>{html.escape(t('map.legend_title', lang))}</summary>"
            f"{body}</details>"
        )


def _swatch(style: dict[str, Any]) -> str:
    border = "dashed" if style.get("dashArray") else "solid"
    return (
        f'<span class="swatch" aria-hidden="true" style="background:{style["fillColor"]};'
        f'border-style:{border}"></span>'
    )


def rate_legend(classes: Classes, lang: str, heading: str, circles: bool) -> str:
    items = [
        f"<li>{_swatch({'fillColor': c})}{html.escape(label)}</li>"
        for c, label in zip(classes.colours, class_labels(classes, lang), strict=True)
    ]
    items.append(
        f"<li>{_swatch(SUPPRESSED_STYLE)}{html.escape(t('map.value_suppressed', lang))}</li>"
    )
    items.append(f"<li>{_swatch(MISSING_STYLE)}{html.escape(t('map.value_missing', lang))}</li>")
    note = (
        f'<p class="legend-note">{html.escape(t("map.legend_circles", lang))}</p>'
        if circles
        else ""
    )
    return (
        f'<div class="legend-section"><p class="legend-heading">{html.escape(heading)}</p>'
        f"<ul>{''.join(items)}</ul>{note}</div>"
    )


LEGEND_CSS = """
.map-legend { background: #fff; color: #212529; padding: .4rem .6rem; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .4); max-width: 250px; max-height: calc(100vh - 90px);
  overflow: auto;
  font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
.map-legend summary { font-weight: 700; cursor: pointer; }
.map-legend summary:focus-visible { outline: 3px solid #000; outline-offset: 2px; }
.map-legend ul { list-style: none; margin: .2rem 0 .4rem; padding: 0; }
.map-legend li { display: flex; align-items: center; gap: .4rem; margin: .1rem 0; }
.map-legend .legend-heading { font-weight: 600; margin: .4rem 0 .1rem; }
.map-legend .legend-note { margin: 0 0 .2rem; color: #444; }
.map-legend .swatch { display: inline-block; width: 16px; height: 12px; flex: none;
  border: 1px solid #424242; }
"""
