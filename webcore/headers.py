"""Security headers on every response of the server (API, dashboard, static files).

A response that already carries a header keeps it: the API sets a stricter
Content-Security-Policy on its own responses, the dashboard may set its own.

The page policy, as measured in Chromium on /, /map, /regions/KZ-59, /open-data and
/methodology (tests/test_csp.py; README "Security"):
- no 'unsafe-eval': neither Dash 4 nor the partial plotly.js bundle nor Leaflet needs it;
- scripts: Dash itself needs two inline scripts, identical on every page of a deployment (the
  clientside-callback table and `new DashRenderer()`), which hashes allow. The folium maps,
  however, are documents in `<iframe srcdoc>`, which inherit the page's policy, and carry an
  inline script of several hundred kB built from the data: no hash or nonce of the page can
  cover it. So 'unsafe-inline' stays for scripts while maps are srcdoc documents;
  WEB_CSP_SCRIPT_HASHES = True (Flask config) switches to `'self'` + hashes of the page's
  inline scripts, for the day the map documents are served from their own URL;
- img-src: 'self', data: and the origin of the configured map tiles (MAP_TILES), nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request

from data.settings import Config

SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)",
}
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


def tile_origin(map_tiles: str) -> str | None:
    """The origin map tiles come from (`https://*.tile.example` for `{s}` subdomains)."""
    from dashboard.map.tiles import parse_tiles

    url = parse_tiles(map_tiles).url
    if not url:
        return None
    parts = urlsplit(url.replace("{s}.", "wildcard-subdomain."))
    host = (parts.netloc or "").replace("wildcard-subdomain.", "*.")
    return f"{parts.scheme}://{host}" if parts.scheme and host else None


def page_csp(map_tiles: str = "none", script_hashes: list[str] | None = None) -> str:
    images = ["'self'", "data:"]
    origin = tile_origin(map_tiles)
    if origin:
        images.append(origin)
    if script_hashes is None:
        scripts = "'self' 'unsafe-inline'"
    else:
        scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in script_hashes)])
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",  # React style attributes, plotly's <style> rules
            f"img-src {' '.join(images)}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        )
    )


# The default policy before init_security_headers knows the tiles (kept for importers).
DEFAULT_CSP = page_csp()


def inline_script_hashes(document: str) -> list[str]:
    """SHA-256 (base64) of every inline script a browser would run (JSON data blocks aside)."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(document):
        attrs = match.group("attrs").lower()
        if "src=" in attrs or "application/json" in attrs:
            continue
        digest = hashlib.sha256(match.group("body").encode()).digest()
        hashes.append(base64.b64encode(digest).decode())
    return hashes


def _script_hashes_policy(response: Response) -> Response:
    """WEB_CSP_SCRIPT_HASHES: the page's policy allows exactly its own inline scripts.
    Registered after the dashboard (init_script_hashes) so that it runs before Dash's
    compression, on the HTML as written."""
    if not current_app.config.get("WEB_CSP_SCRIPT_HASHES") or response.mimetype != "text/html":
        return response
    if (
        response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
    ):
        return response
    portal: Config | None = current_app.config.get("PORTAL")
    hashes = inline_script_hashes(response.get_data().decode("utf-8", "replace"))
    response.headers["Content-Security-Policy"] = page_csp(
        portal.map_tiles if portal else "none", hashes
    )
    return response


def init_script_hashes(server: Flask) -> None:
    """Call after every other part registered its hooks (app.create_app does)."""
    server.after_request(_script_hashes_policy)


# Pages other sites may show in an <iframe> (dashboard/embed.py): no X-Frame-Options, and
# `frame-ancestors *` in their policy. Every other response may only be framed by the portal.
FRAMEABLE_PREFIXES = ("/embed/",)


def frameable(path: str) -> bool:
    return path.startswith(FRAMEABLE_PREFIXES)


def init_security_headers(server: Flask, config: Config | None = None) -> None:
    server.config.setdefault(
        "WEB_CONTENT_SECURITY_POLICY", page_csp(config.map_tiles if config else "none")
    )

    @server.after_request
    def _security_headers(response: Response) -> Response:
        present = {name.lower() for name, _ in response.headers.items()}
        defaults = [
            *SECURITY_HEADERS.items(),
            ("Content-Security-Policy", server.config["WEB_CONTENT_SECURITY_POLICY"]),
        ]
        if frameable(request.path):
            defaults = [
                (name, value.replace("frame-ancestors 'self'", "frame-ancestors *"))
                for name, value in defaults
                if name != "X-Frame-Options"
            ]
        for name, value in defaults:
            if name.lower() not in present:
                response.headers.add(name, value)
        if request.is_secure and "strict-transport-security" not in present:
            response.headers.add("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
