"""Metadata and service endpoints: publications, status, bulk zip, Data Package, DCAT,
OpenAPI, the HTML docs, and the catch-all that answers 404/405 in the error shape."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Response, current_app, request, url_for
from werkzeug.exceptions import MethodNotAllowed, NotFound

from api.blueprint import bp
from api.context import meta_block, portal_config, published
from api.dcat import dcat_catalog
from api.docs import CSS, docs_html
from api.errors import ApiError
from api.formats import accepts_json, to_plain
from api.http import publication_bound
from api.metadata import api_table_schema
from api.openapi import openapi_bytes, openapi_document
from api.params import check_known, parse_int, parse_lang
from api.responses import cached_json, engine, envelope, json_response, static_export
from api.viewkit import Call, publication_view
from data.catalog import DATASETS, Dataset
from data.indicators import data_through
from data.packaging import as_utc, datapackage
from data.publications import publication_log
from data.queries import dataset_row_counts, last_run
from webcore.cache import Publication, cached_query, current_publication

FRESH_HOURS = 36
# Identity and time only: run row counts, differenced night to night, gave each night's exact
# national event count (issue 8); operators read them in `python -m etl status`.
RUN_FIELDS = ("id", "status", "started_at", "finished_at", "nights", "publication_id")


def _publication_dict(pub: Publication) -> dict[str, Any]:
    return {"id": pub.id, "published_at": pub.published_at, "is_demo": pub.is_demo}


def _limit(*_: Any) -> int:
    return parse_int(request.args, "limit", 100, 1, 1000) or 100


@bp.get("/publications")
@publication_view(formats=None, params=("limit",), parse=_limit)
def publications(call: Call) -> Response:
    limit, pub = call.query, call.pub

    def produce() -> dict[str, Any]:
        with engine().connect() as conn:
            log = publication_log(conn, limit)
        return envelope(log, meta_block(DATASETS["publications"], pub, count=len(log)))

    return cached_json("publications", produce)


@bp.get("/status")
def status() -> Response:
    check_known(request.args, ())
    accepts_json(request)
    pub = current_publication()
    with engine().connect() as conn:
        run = last_run(conn)
    counts = cached_query("dataset_row_counts", dataset_row_counts) if pub.exists else {}
    through = cached_query("data_through", data_through) if pub.exists else None
    age = None
    if pub.published_at is not None:
        age = (datetime.now(UTC) - as_utc(pub.published_at)).total_seconds()
    data = {
        "publication": (
            {**_publication_dict(pub), "nights_from": pub.nights_from, "nights_to": pub.nights_to}
            if pub.exists
            else None
        ),
        "data_through": through,
        "age_seconds": None if age is None else round(age),
        "fresh": age is not None and age < FRESH_HOURS * 3600,
        "last_run": {k: run.get(k) for k in RUN_FIELDS} if run else None,
        "datasets": counts,
    }
    return json_response(envelope(to_plain(data), meta_block(None, pub)))


@bp.get("/bulk/latest.zip")
def bulk() -> Response:
    """The file the ETL wrote, with Content-Length and byte ranges (206, If-Range, 416), so
    an interrupted download resumes where it stopped instead of starting again."""
    check_known(request.args, ())
    pub = published()
    path = portal_config().export_dir / str(pub.id) / "latest.zip"
    if not path.is_file():
        raise ApiError(
            503,
            f"the bulk download of publication {pub.id} is not built yet",
            code="bulk_not_ready",
            headers={"Retry-After": "300"},
        )
    return static_export(
        path,
        pub,
        download_name=(
            f"kz-police-service-model-publication-{pub.id}{'-DEMO' if pub.is_demo else ''}.zip"
        ),
    )


@bp.get("/datapackage.json")
@publication_view(formats=None)
def datapackage_view(call: Call) -> Response:
    pub = call.pub

    def path_for(ds: Dataset) -> str:
        return url_for("api.rows_ext", dataset_id=ds.id, ext="csv", _external=True)

    return cached_json(
        "datapackage",
        lambda: datapackage(
            _publication_dict(pub),
            suppression_k=portal_config().suppression_k,
            path_for=path_for,
            extra=lambda ds: {"schema": api_table_schema(ds)},
        ),
    )


@bp.get("/catalog.jsonld")
@publication_view(formats=None, media_type="application/ld+json")
def catalog_jsonld(call: Call) -> Response:
    return cached_json("dcat", lambda: dcat_catalog(call.pub), "application/ld+json")


@bp.get("/openapi.json")
@publication_view(formats=None, needs_publication=False)
def openapi(_: Call) -> Response:
    return json_response(openapi_bytes())


@bp.get("/docs", endpoint="docs")
def docs() -> Response:
    check_known(request.args, ("lang",))
    lang = parse_lang(request.args)
    if (early := publication_bound()) is not None:
        return early
    return Response(docs_html(request.host_url, lang), mimetype="text/html")


@bp.get("/docs.css")
def docs_css() -> Response:
    if (early := publication_bound()) is not None:
        return early
    return Response(CSS, mimetype="text/css")


@bp.get("/")
@publication_view(formats=None, needs_publication=False)
def index(_: Call) -> Response:
    links = {
        name: url_for(f"api.{name}", _external=True)
        for name in (
            "datasets",
            "regions",
            "facilities",
            "publications",
            "status",
            "bulk",
            "datapackage_view",
            "catalog_jsonld",
            "openapi",
            "docs",
        )
    }
    return json_response({"name": openapi_document()["info"]["title"], "links": links})


ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]


@bp.route("/<path:rest>", methods=ALL_METHODS)
def not_routed(rest: str) -> Response:
    """No rule took this method and path: tell 405 (path exists) from 404, in JSON."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, _ = adapter.match(request.path, method="GET")
    except (NotFound, MethodNotAllowed):
        raise ApiError(404, "no such resource; see /api/v1/docs") from None
    if endpoint == request.endpoint:
        raise ApiError(404, "no such resource; see /api/v1/docs")
    raise ApiError(
        405,
        f"{request.method} is not allowed: this API is read-only (GET, HEAD, OPTIONS)",
        headers={"Allow": "GET, HEAD, OPTIONS"},
    )
