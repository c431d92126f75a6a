"""HTTP caching and cross-origin behaviour of every API response.

A data response depends only on the request and the current publication, so its ETag is
derived from both *before* any query runs: a conditional request is answered 304 without
touching the data, and a new publication changes every ETag at once. Responses that can
change between publications (status, health) get an ETag from their body instead.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from flask import Response, g, request
from werkzeug.http import http_date

from api.errors import ApiError
from api.fastpath import remember
from data.packaging import as_utc
from webcore.cache import Publication, current_publication

API_BUILD = "2"  # part of every ETag: bump when a representation changes shape
CACHE_PUBLISHED = "public, max-age=60, must-revalidate"
CACHE_VOLATILE = "no-cache"
MAX_URI_LENGTH = 2048  # below gunicorn's default request-line limit (4094), so ours answers

EXPOSED_HEADERS = ", ".join(
    (
        "ETag",
        "Last-Modified",
        "Link",
        "Retry-After",
        "Content-Disposition",
        "X-Demo-Data",
        "X-Publication-Id",
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
    )
)
API_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
STATIC_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", EXPOSED_HEADERS),
    ("Cross-Origin-Resource-Policy", "cross-origin"),
    ("Content-Security-Policy", API_CSP),
)
PREFLIGHT_HEADERS = (
    ("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"),
    (
        "Access-Control-Allow-Headers",
        "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since",
    ),
    ("Access-Control-Max-Age", "86400"),
)


def representation_etag(pub: Publication, variant: str = "") -> str:
    query = sorted(request.args.items(multi=True))
    digest = hashlib.sha1(
        repr((API_BUILD, pub.tag, request.path, query, variant)).encode(), usedforsecurity=False
    ).hexdigest()[:20]
    return f"p{pub.id}-{digest}"


def _not_modified(etag: str, last_modified: datetime | None) -> bool:
    if request.if_none_match:  # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)
        return request.if_none_match.contains_weak(etag) or request.if_none_match.star_tag
    since = request.if_modified_since
    if since and last_modified:
        return as_utc(last_modified).replace(microsecond=0) <= since
    return False


def publication_bound(variant: str = "") -> Response | None:
    """Declare that this view's answer depends on the request and the publication only.

    Returns a 304 response to send as is when the client already holds this representation.
    `variant` distinguishes representations of one URL (the negotiated format).
    """
    pub = current_publication()
    etag = representation_etag(pub, variant)
    g.api_etag = etag
    g.api_policy = "publication"
    if request.method in ("GET", "HEAD") and _not_modified(etag, pub.published_at):
        return Response(status=304)
    return None


def _http_date_source(pub: Publication | None) -> datetime:
    if pub is not None and pub.published_at is not None:
        return as_utc(pub.published_at)
    return datetime.now(UTC)


def _put(
    response: Response, present: set[str], name: str, value: str, replace: bool = True
) -> None:
    """Set a header with one scan of the list at most (this runs on every response)."""
    if name.lower() not in present:
        response.headers.add(name, value)
    elif replace:
        response.headers[name] = value


def finalize(response: Response) -> Response:
    """after_request of the API blueprint: validators, caching, CORS, provenance headers."""
    pub: Publication | None = g.get("_webcore_publication")
    present = {name.lower() for name, _ in response.headers.items()}
    if g.get("api_policy") == "publication" and response.status_code in (200, 304):
        remember(response)
        _put(response, present, "ETag", f'W/"{g.api_etag}"')
        _put(response, present, "Last-Modified", http_date(_http_date_source(pub)))
        _put(response, present, "Cache-Control", CACHE_PUBLISHED)
    else:
        if "etag" not in present and not response.is_streamed:
            digest = hashlib.sha1(response.get_data(), usedforsecurity=False).hexdigest()[:20]
            response.headers.add("ETag", f'W/"b-{digest}"')
        _put(response, present, "Last-Modified", http_date(datetime.now(UTC)), replace=False)
        _put(response, present, "Cache-Control", CACHE_VOLATILE, replace=False)
        if response.status_code == 200 and not response.is_streamed:
            response.make_conditional(request)
    for name, value in STATIC_HEADERS:
        _put(response, present, name, value, replace=name != "Content-Security-Policy")
    if request.method == "OPTIONS":
        for name, value in PREFLIGHT_HEADERS:
            _put(response, present, name, value)
    _put(response, present, "Vary", "Accept", replace=False)
    if "accept" not in response.headers["Vary"].lower():
        response.vary.add("Accept")
    if pub is not None and pub.exists:
        _put(response, present, "X-Publication-Id", str(pub.id))
        if pub.is_demo:
            _put(response, present, "X-Demo-Data", "true")
    return response


def check_uri_length() -> None:
    uri = request.environ.get("RAW_URI") or request.full_path
    if len(uri) > MAX_URI_LENGTH:
        raise ApiError(414, f"the request URI is longer than {MAX_URI_LENGTH} characters")
