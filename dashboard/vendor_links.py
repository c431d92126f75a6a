"""Where pages find the vendored third-party files (`python -m dashboard.vendor` puts them in
assets/vendor/ at install time): their URLs, fingerprinted from the manifest the set-up writes.

The plotly.js bundle is a partial one (scatter and bar: all the portal draws) of the exact
plotly.js version the installed plotly package writes figures for. It is not linked from any
page: dash's graph component loads `window._dashPlotlyJSURL` when the first graph mounts, and
assets/portal.js points that at this bundle (the URL comes from the `portal-plotly` meta tag),
so only a page that shows a chart downloads the charting library.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from data.settings import PROJECT_ROOT

VENDOR_DIR = PROJECT_ROOT / "assets" / "vendor"
MANIFEST = "manifest.json"
URL_PREFIX = "/assets/vendor"

Manifest = dict[str, dict[str, Any]]  # asset name -> spec, version, files {dest: sha256}

# Which partial plotly.js bundle to serve: "cartesian" (scatter, bar, box, heatmap, histogram,
# contour, violin, image ...) or "basic" (scatter, bar, pie): about 497 kB vs 396 kB gzipped.
# The figures (dashboard/figures.py) use scatter and bar only.
PLOTLY_FLAVOUR = "basic"

# URLs the dashboard wires in (`external_stylesheets`, `external_scripts`) and the map uses.
BOOTSTRAP_CSS = f"{URL_PREFIX}/bootstrap/bootstrap.min.css"
PLOTLY_JS = f"{URL_PREFIX}/plotly/plotly-{PLOTLY_FLAVOUR}.min.js"
LEAFLET_JS = f"{URL_PREFIX}/leaflet/leaflet.js"
LEAFLET_CSS = f"{URL_PREFIX}/leaflet/leaflet.css"
JQUERY_JS = f"{URL_PREFIX}/jquery/jquery.min.js"
MARKERCLUSTER_JS = f"{URL_PREFIX}/leaflet.markercluster/leaflet.markercluster.js"
MARKERCLUSTER_CSS = f"{URL_PREFIX}/leaflet.markercluster/MarkerCluster.css"
MARKERCLUSTER_DEFAULT_CSS = f"{URL_PREFIX}/leaflet.markercluster/MarkerCluster.Default.css"
AXE_JS = f"{URL_PREFIX}/axe/axe.min.js"  # browser tests only; never linked from a page

# Dash includes every .js/.css under assets/ on every page unless told not to: pass this as
# `Dash(assets_path_ignore=ASSETS_PATH_IGNORE)` and list the page-wide files explicitly.
ASSETS_PATH_IGNORE = ["vendor", "standalone"]  # standalone/: pages outside Dash (embeds)


def page_stylesheets() -> list[str]:
    """Stylesheets every page links (Bootstrap 5; system font stack, no web fonts)."""
    return [fingerprinted(BOOTSTRAP_CSS)]


def page_scripts() -> list[str]:
    """Scripts every page loads before dash's components: none (plotly loads on demand)."""
    return []


def plotly_meta_tag() -> dict[str, str]:
    """Where assets/portal.js tells dcc.Graph to load plotly.js from, when a graph mounts."""
    return {"name": "portal-plotly", "content": fingerprinted(PLOTLY_JS)}


def fingerprinted(url: str) -> str:
    """`url?v=<sha256 prefix>` of the file in place: a new file is a new URL, so the server may
    mark it immutable (webcore.static). Unchanged when the file is not vendored yet."""
    dest = url.removeprefix(URL_PREFIX + "/")
    for entry in read_manifest().values():
        digest = (entry.get("files") or {}).get(dest)
        if digest:
            return f"{url}?v={digest[:12]}"
    return url


def read_manifest(vendor_dir: Path = VENDOR_DIR) -> Manifest:
    """What the set-up put in place: asset name -> spec, version, files {dest: sha256}."""
    path = vendor_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}  # a damaged manifest only means "fetch again"
