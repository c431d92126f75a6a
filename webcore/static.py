"""Cache headers of static files: fingerprinted URLs are immutable, the others revalidate.

Dash's own scripts are fingerprinted in the path (`/_dash-component-suites/dash/dcc/
dash_core_components.v4_4_1m1700000000.js`) and Dash already gives them a year; files under
/assets/ are linked with `?m=<mtime>` by Dash and vendored files with `?v=<sha256 prefix>`
(dashboard.vendor): a new file is a new URL, so browsers and proxies may keep them for a year
without asking again. The same path without a fingerprint keeps Flask's revalidation (ETag).
"""

from __future__ import annotations

from flask import Flask, Response, request

IMMUTABLE = "public, max-age=31536000, immutable"
FINGERPRINT_ARGS = ("m", "v")


def is_fingerprinted() -> bool:
    if request.path.startswith("/_dash-component-suites/"):
        return True  # Dash only marks a year for the fingerprinted form; see below
    return request.path.startswith("/assets/") and any(a in request.args for a in FINGERPRINT_ARGS)


def _static_cache(response: Response) -> Response:
    if response.status_code not in (200, 304) or not is_fingerprinted():
        return response
    if request.path.startswith("/_dash-component-suites/"):
        if response.cache_control.max_age == 31536000:  # Dash: fingerprint in the name
            response.headers["Cache-Control"] = IMMUTABLE
        return response
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers.pop("Expires", None)
    return response


def init_static_cache(server: Flask) -> None:
    server.after_request(_static_cache)
