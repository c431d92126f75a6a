"""Whole-response cache: a publication-bound GET answered before any view code runs.

The first answer to a URL (for a given Accept header and host) is kept with its ETag, under
the current publication id; the same request then skips routing to the view, parameter
parsing and serialisation. The rate limit (app before_request) and every after_request hook
(validators, CORS, security headers, compression) still run on a hit. Conditional requests
take the normal path, which answers 304 without touching data. Only complete, non-streamed
200 answers of at most MAX_CACHED_BODY bytes are kept.
"""

from __future__ import annotations

from flask import Response, g, request

from webcore.cache import cache_get, cache_set, current_publication, is_missing, make_key

MAX_CACHED_BODY = 4_000_000  # bytes; larger answers are recomputed (or streamed) each time
KEPT_HEADERS = ("Content-Disposition", "Link")


def _key() -> str:
    return make_key(
        "response",
        current_publication().tag,
        request.path,
        request.query_string,
        request.headers.get("Accept", ""),
        request.host_url,
    )


def lookup() -> Response | None:
    """before_request of the API blueprint."""
    if request.method not in ("GET", "HEAD") or request.if_none_match or request.if_modified_since:
        return None
    key = _key()
    hit = cache_get(key)
    if is_missing(hit):
        g.fastpath_key = key
        return None
    body, mimetype, headers, etag = hit
    g.api_etag, g.api_policy = etag, "publication"
    return Response(body, mimetype=mimetype, headers=headers)


def remember(response: Response) -> None:
    """Called by the API's after_request on publication-bound answers."""
    key = g.pop("fastpath_key", None)
    if (
        key is None
        or request.method != "GET"
        or response.status_code != 200
        or response.is_streamed
    ):
        return  # a HEAD answer has no body to keep; a GET one serves later HEADs
    body = response.get_data()
    if len(body) > MAX_CACHED_BODY:
        return
    headers = [(name, value) for name, value in response.headers.items() if name in KEPT_HEADERS]
    cache_set(key, (body, response.mimetype, headers, g.api_etag))
