"""The MAP_TILES setting: which basemap the maps load, if any (the only request a map may
send off the site). No dependencies, so webcore's CSP can read it too."""

from __future__ import annotations

import html
from dataclasses import dataclass

OSM = (
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


@dataclass(frozen=True)
class Tiles:
    url: str | None  # None: no basemap at all (no request leaves the site)
    attribution: str | None  # HTML, as Leaflet shows it


def parse_tiles(setting: str) -> Tiles:
    """MAP_TILES: 'osm', 'none' (or empty), or 'URL_TEMPLATE|attribution'."""
    value = (setting or "").strip()
    if value.lower() in ("", "none"):
        return Tiles(None, None)
    if value.lower() == "osm":
        return Tiles(*OSM)
    url, _, attribution = value.partition("|")
    url = url.strip()
    if not all(part in url for part in ("{z}", "{x}", "{y}")):
        raise ValueError(
            f"MAP_TILES must be 'osm', 'none' or 'URL_TEMPLATE|attribution' with "
            f"{{z}}, {{x}} and {{y}} in the URL; got {setting!r}"
        )
    if not attribution.strip():
        raise ValueError("MAP_TILES with a URL template needs an attribution after '|'")
    return Tiles(url, html.escape(attribution.strip()))
