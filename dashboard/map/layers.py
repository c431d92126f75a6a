"""Facility layers of the map: one clustered layer per facility type.

Markers are keyboard-focusable DivIcons (a distinct shape and colour per type, so colour is never
the only cue). Popups are built in the browser from the data with `textContent`, so a name or an
address can never inject markup, and the page carries one compact JSON array per layer instead of
one block of JavaScript per marker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from dashboard import vendor_links
from dashboard.i18n import label, localise_hours, normalise_lang, t
from data.catalog import PUBLIC_FACILITY_TYPES

FACILITY_LAYERS = PUBLIC_FACILITY_TYPES  # the types whose locations are published


@dataclass(frozen=True)
class LayerStyle:
    colour: str  # white text on it must reach 4.5:1 (cluster counts)
    shape: str  # CSS class: circle, square, diamond, triangle


LAYER_STYLES = {
    "front_office": LayerStyle("#1f5fa8", "circle"),
    "modular_post": LayerStyle("#a63d0b", "square"),
    "district_point": LayerStyle("#1b7a4c", "diamond"),
    "sos_button": LayerStyle("#8e3b8e", "triangle"),
}

# Fallback order when a name or address is missing in the reader's language.
_FALLBACK = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}


def _pick(row: dict[str, Any], field: str, lang: str) -> tuple[str | None, str | None]:
    """(value, language of the value) in the reader's language or the nearest one present."""
    for candidate in _FALLBACK[normalise_lang(lang)]:
        value = row.get(f"{field}_{candidate}")
        if value is not None and str(value).strip():
            return str(value).strip(), candidate
    return None, None


def marker_data(rows: Sequence[dict[str, Any]], lang: str) -> list[list[Any]]:
    """[lat, lon, name, name_lang, address, address_lang, hours, phone, status, facility_id]
    per facility (the id lets the finder open a point: portalMap.focus(id)).

    A language is given only where the text is not in the reader's language (for `lang=`).
    """
    lang = normalise_lang(lang)
    out = []
    for row in rows:
        name, name_lang = _pick(row, "name", lang)
        address, address_lang = _pick(row, "address", lang)
        out.append(
            [
                round(float(row["lat"]), 5),
                round(float(row["lon"]), 5),
                name or row["facility_id"],
                None if name_lang in (None, lang) else name_lang,
                address,
                None if address_lang in (None, lang) else address_lang,
                localise_hours(row.get("hours"), lang),
                row.get("phone") or None,
                row["status"],
                row["facility_id"],
            ]
        )
    return out


def popup_labels(lang: str) -> dict[str, Any]:
    return {
        "address": t("map.popup_address", lang),
        "hours": t("map.popup_hours", lang),
        "phone": t("map.popup_phone", lang),
        "status": t("map.popup_status", lang),
        "unknown": t("map.popup_unknown", lang),
        "statuses": {
            s: label("facility_status", s, lang)
            for s in ("operating", "under_construction", "planned", "closed")
        },
    }


class FacilityLayer(JSCSSMixin, MacroElement):
    """A MarkerClusterGroup of one facility type, fed by a JSON array (see `marker_data`)."""

    default_js = [("markerclusterjs", vendor_links.MARKERCLUSTER_JS)]
    default_css = [("markerclustercss", vendor_links.MARKERCLUSTER_CSS)]

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var rows = {{ this.rows|tojson }};
            var labels = {{ this.labels|tojson }};
            var layerName = {{ this.layer_name|tojson }};
            var shape = {{ this.shape|tojson }};
            var colour = {{ this.colour|tojson }};
            function el(tag, cls, content, lang) {
                var node = document.createElement(tag);
                if (cls) { node.className = cls; }
                if (content !== undefined && content !== null) { node.textContent = content; }
                if (lang) { node.lang = lang; }
                return node;
            }
            function popup(row) {
                var box = el('div', 'facility-popup');
                box.appendChild(el('strong', null, row[2], row[3]));
                box.appendChild(el('div', 'facility-kind', layerName));
                var list = el('dl');
                function add(label, value, lang, href) {
                    list.appendChild(el('dt', null, label));
                    var dd = el('dd');
                    if (value && href) {
                        var a = el('a', null, value); a.href = href; dd.appendChild(a);
                    } else {
                        dd.textContent = value || labels.unknown;
                        if (lang) { dd.lang = lang; }
                    }
                    list.appendChild(dd);
                }
                add(labels.address, row[4], row[5]);
                add(labels.hours, row[6]);
                add(labels.phone, row[7], null,
                    row[7] ? 'tel:' + String(row[7]).replace(/[^0-9+]/g, '') : null);
                add(labels.status, labels.statuses[row[8]] || row[8]);
                box.appendChild(list);
                return box;
            }
            function icon(status) {
                var node = el('span', 'facility-icon ' + shape + ' status-' + status);
                node.style.setProperty('--layer-colour', colour);
                return L.divIcon({html: node, className: 'facility-marker',
                                  iconSize: [18, 18], iconAnchor: [9, 9]});
            }
            var cluster = L.markerClusterGroup({
                showCoverageOnHover: false, maxClusterRadius: 45,
                iconCreateFunction: function (group) {
                    var count = group.getChildCount();
                    var node = el('span', 'cluster-badge', String(count));
                    node.style.backgroundColor = colour;
                    node.title = layerName + ': ' + count;
                    var size = count < 10 ? 30 : count < 100 ? 36 : 42;
                    return L.divIcon({html: node, className: 'cluster-icon',
                                      iconSize: [size, size]});
                }
            });
            var byId = {};
            for (var i = 0; i < rows.length; i++) {
                var row = rows[i];
                var marker = L.marker([row[0], row[1]], {
                    icon: icon(row[8]), keyboard: true, title: row[2] + ' (' + layerName + ')'});
                marker.bindPopup(popup.bind(null, row), {maxWidth: 260});
                cluster.addLayer(marker);
                byId[row[9]] = marker;
            }
            cluster.portalMarkers = byId;
            cluster.addTo({{ this._parent.get_name() }});
            return cluster;
        })();
        {% endmacro %}
    """)

    def __init__(self, kind: str, rows: Sequence[dict[str, Any]], lang: str) -> None:
        super().__init__()
        self._name = "FacilityLayer"
        self.kind = kind
        self.rows = marker_data(rows, lang)
        self.labels = popup_labels(lang)
        self.layer_name = label("facility_type_plural", kind, lang)
        style = LAYER_STYLES[kind]
        self.shape, self.colour = style.shape, style.colour

    @property
    def count(self) -> int:
        return len(self.rows)


FACILITY_CSS = """
.facility-marker { background: none; border: 0; }
/* A popup never taller than the map (340 px on a phone): its details scroll inside it instead
   of running under the map's edge. 100vh is the map document's own height. */
.leaflet-popup-content { max-height: calc(100vh - 110px); overflow-y: auto; }
.facility-icon { display: block; width: 14px; height: 14px; margin: 2px;
  background: var(--layer-colour); border: 2px solid #fff; box-shadow: 0 0 0 1px #333; }
.facility-icon.circle { border-radius: 50%; }
.facility-icon.diamond { transform: rotate(45deg) scale(.85); }
.facility-icon.triangle { border: 0; box-shadow: none; width: 18px; height: 16px; margin: 0;
  clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.facility-icon.status-planned, .facility-icon.status-under_construction { opacity: .6; }
.leaflet-marker-icon:focus-visible, .cluster-icon:focus-visible {
  outline: 3px solid #000; outline-offset: 2px; }
.cluster-icon { background: none; border: 0; }
.cluster-badge { display: flex; align-items: center; justify-content: center;
  width: 100%; height: 100%; border-radius: 50%; color: #fff; font-weight: 700;
  border: 3px solid rgba(255, 255, 255, .85); box-shadow: 0 0 0 1px #333; box-sizing: border-box; }
.facility-popup dl { margin: .4em 0 0; display: grid; grid-template-columns: auto 1fr;
  gap: .1em .6em; }
.facility-popup dt { font-weight: 600; }
.facility-popup dd { margin: 0; }
.facility-popup .facility-kind { color: #444; }
"""


def legend_swatch(kind: str) -> str:
    """HTML of the legend swatch for a layer (static markup, no data in it)."""
    style = LAYER_STYLES[kind]
    return (
        f'<span class="facility-icon {style.shape}" aria-hidden="true" '
        f'style="--layer-colour:{style.colour};display:inline-block;'
        f'vertical-align:middle"></span>'
    )
