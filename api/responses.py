"""Building responses: the JSON envelope, cached bodies, and streamed downloads.

Bodies are cached under the request's publication-bound ETag (plus the host, for absolute
links), so a cached answer can never outlive its publication. A download is streamed while a
copy is kept only if it stays small; large exports are never held in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Response, current_app, g, request, send_file, stream_with_context
from sqlalchemy import Engine
from werkzeug.exceptions import RequestedRangeNotSatisfiable

from api.errors import ApiError
from api.fastpath import MAX_CACHED_BODY
from api.formats import Format, to_json
from data.catalog import Dataset
from data.publications import begin_snapshot, latest_publication_head
from data.queries import Filters, iter_rows
from webcore.cache import (
    Publication,
    cache_get,
    cache_set,
    current_publication,
    is_missing,
    make_key,
)


def engine() -> Engine:
    return current_app.extensions["warehouse"]


def envelope(data: Any, meta: dict[str, Any], next_url: str | None = None) -> dict[str, Any]:
    return {"data": data, "meta": meta, "links": {"self": request.url, "next": next_url}}


def url_with(**changes: str | None) -> str:
    """This request's URL with some query parameters replaced (None removes one)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in changes]
    args += [(k, v) for k, v in changes.items() if v is not None]
    return f"{request.base_url}?{urlencode(args)}" if args else request.base_url


def _body_key(kind: str) -> str:
    return make_key(f"body:{kind}", current_publication().tag, g.get("api_etag"), request.host_url)


def get_body(key: str) -> bytes | None:
    hit = cache_get(key)
    return None if is_missing(hit) else hit  # type: ignore[no-any-return]


def keep_body(key: str, body: bytes) -> None:
    """Keep a body in the cache (bounded in bytes: webcore.memory, or Redis's own policy)."""
    if len(body) <= MAX_CACHED_BODY:
        cache_set(key, body)


def cached_body(kind: str, produce: Callable[[], bytes]) -> bytes:
    key = _body_key(kind)
    hit = get_body(key)
    if hit is not None:
        return hit
    body = produce()
    keep_body(key, body)
    return body


def json_response(
    body: bytes | dict[str, Any], mimetype: str = "application/json", status: int = 200
) -> Response:
    data = body if isinstance(body, bytes) else to_json(body)
    return Response(data, status=status, mimetype=mimetype)


def cached_json(
    kind: str, produce: Callable[[], dict[str, Any]], mimetype: str = "application/json"
) -> Response:
    return json_response(cached_body(kind, lambda: to_json(produce())), mimetype)


_END = object()


class PrimedRows:
    """An iterator whose first item is fetched at once, so a bad query fails before the
    response starts (as a clean 400), not half-way through a download."""

    def __init__(self, rows: Iterator[dict[str, Any]]) -> None:
        self._rows = rows
        self._first: Any = next(rows, _END)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if self._first is not _END:
            first, self._first = self._first, _END
            yield first
            yield from self._rows

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close:
            close()


def streamed_rows(
    dataset: Dataset,
    filters: Filters,
    pub: Publication,
    *,
    fields: list[str] | None = None,
    sort: str | None = None,
) -> PrimedRows:
    """Every matching row of one publication, in keyset chunks, never the table in memory.

    The connection reads a snapshot, so a publication committed mid-download cannot mix
    into the file; if one landed between this request's start and the snapshot, the client
    is asked to retry (the headers already name the previous publication)."""

    def stream() -> Iterator[dict[str, Any]]:
        with engine().connect() as conn:
            begin_snapshot(conn)
            head = latest_publication_head(conn)
            if head is None or head["id"] != pub.id:
                raise ApiError(
                    503,
                    "a new publication is being released; retry",
                    code="publication_changed",
                    headers={"Retry-After": "1"},
                )
            yield from iter_rows(conn, dataset, filters, fields=fields, sort=sort)

    return PrimedRows(stream())


def _teed(key: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Pass chunks through, keeping a copy only while the whole stays under MAX_CACHED_BODY."""
    kept: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size <= MAX_CACHED_BODY:
                kept.append(chunk)
            else:
                kept = None
        yield chunk
    if kept is not None:
        keep_body(key, b"".join(kept))


Closer = Callable[[], None] | None


def download_response(
    fmt: Format,
    filename: str,
    make: Callable[[], tuple[Iterator[bytes], Closer]],
    *,
    cacheable: bool = True,
    headers: dict[str, str] | None = None,
) -> Response:
    """A streamed download; a small one is kept whole in the cache for the next client.

    `make` starts the work (so errors surface before the response does) and returns the
    chunks plus a function that releases what they hold (a connection, a temporary file).
    """
    key = _body_key(f"download:{fmt.name}")
    hit = get_body(key) if cacheable else None
    if request.method == "HEAD":  # headers only: do not build a file nobody will read
        response = Response(b"", mimetype=fmt.mimetype)
    elif hit is not None:
        response = Response(hit, mimetype=fmt.mimetype)
    else:
        chunks, closer = make()
        if cacheable:  # the copy is stored after the view returned: keep the app context
            chunks = stream_with_context(_teed(key, chunks))
        response = Response(chunks, mimetype=fmt.mimetype)
        if closer:
            response.call_on_close(closer)
    if fmt.mimetype.startswith("text/"):
        response.mimetype_params["charset"] = "utf-8"
    if fmt.download:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def static_export(
    path: Path, pub: Publication, *, download_name: str, mimetype: str = "application/zip"
) -> Response:
    """A finished file under EXPORT_DIR, with Content-Length and byte ranges.

    Werkzeug answers Range (206, multipart never: one range), If-Range, 416 and the
    conditional headers. The validator is a *strong* ETag made of the publication, the file's
    size and its modification time: If-Range only works with a strong one, and a file rebuilt
    for the same publication gets a new one, so a resumed download never mixes two files.
    """
    stat = path.stat()
    etag = f"p{pub.id}-{stat.st_size:x}-{stat.st_mtime_ns:x}"
    try:
        response = send_file(
            path,
            mimetype=mimetype,
            as_attachment=True,
            download_name=download_name,
            conditional=True,
            etag=etag,
            last_modified=datetime.fromtimestamp(stat.st_mtime, UTC),
            max_age=None,
        )
    except RequestedRangeNotSatisfiable:
        raise ApiError(
            416,
            f"the range asked for is outside the file ({stat.st_size} bytes)",
            code="range_not_satisfiable",
            param="Range",
            headers={"Content-Range": f"bytes */{stat.st_size}", "Accept-Ranges": "bytes"},
        ) from None
    response.headers["Accept-Ranges"] = "bytes"
    response.headers["Cache-Control"] = "public, max-age=60, must-revalidate"
    response.headers["Link"] = '</api/v1/datapackage.json>; rel="describedby"'
    return response
