"""The OpenAPI 3.1 document, generated from the catalogue so it cannot drift from the code.

Each dataset gets its own `/rows` and `/aggregate` operations with the exact filters it
accepts and a row schema built from its fields; schemathesis checks every response against it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from api.formats import FORMATS, to_json
from api.metadata import formats_for
from api.params import PUBLIC_FACILITY_TYPES, filter_params
from data.catalog import DATASETS, LICENCE, Dataset
from data.queries import DEFAULT_LIMIT, MAX_LIMIT

REF = "#/components"
JSON = "application/json"
ERROR_STATUSES = {
    "400": "Invalid or unknown parameter (`error.param` names it).",
    "404": "No such dataset, region or resource.",
    "406": "None of the formats in the Accept header is available.",
    "414": "The request URI is too long.",
    "429": "Rate limit reached: wait `Retry-After` seconds.",
    "500": "Internal error (logged; no details are exposed).",
    "503": "The warehouse is unavailable or nothing is published yet.",
}
TYPE_SCHEMA: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
    "object": {"type": "object"},
}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    out = dict(schema)
    out["type"] = [schema["type"], "null"]
    return out


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"{REF}/{kind}/{name}"}


def _text3() -> dict[str, Any]:
    return {"type": "object", "required": ["kk", "ru", "en"],
            "properties": {lang: {"type": "string"} for lang in ("kk", "ru", "en")}}


def _query(name: str, description: str, schema: dict[str, Any] | None = None,
           required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


def _path_param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": schema}


# ------------------------------------------------------------------ schemas
def _row_schema(dataset: Dataset) -> dict[str, Any]:
    props = {}
    for f in dataset.fields:
        schema = dict(TYPE_SCHEMA[f.type])
        if dataset.table.c[f.name].nullable:
            schema = _nullable(schema)
        schema["description"] = f.description.en + (f" ({f.unit})" if f.unit else "")
        props[f.name] = schema
    return {"type": "object", "properties": props, "additionalProperties": False}


def _envelope(data: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": ["data", "meta", "links"],
            "properties": {"data": data, "meta": _ref("schemas", "Meta"),
                           "links": _ref("schemas", "Links")}}


def _feature_collection() -> dict[str, Any]:
    return {
        "type": "object", "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "metadata": _ref("schemas", "Meta"),
            "features": {"type": "array", "items": {
                "type": "object", "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "null"]},
                    "geometry": {"type": "object", "required": ["type", "coordinates"],
                                 "properties": {"type": {"const": "Point"},
                                                "coordinates": {"type": "array",
                                                                "items": {"type": "number"},
                                                                "minItems": 2,
                                                                "maxItems": 2}}},
                    "properties": {"type": "object"}}}},
        },
    }


def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object", "required": ["error"], "additionalProperties": False,
            "properties": {"error": {
                "type": "object", "required": ["status", "code", "message", "param"],
                "additionalProperties": False,
                "properties": {"status": {"type": "integer"}, "code": {"type": "string"},
                               "message": {"type": "string"},
                               "param": {"type": ["string", "null"]}}}},
        },
        "Text3": _text3(),
        "Licence": {"type": "object", "required": ["id", "title", "url"],
                    "properties": {k: {"type": "string"} for k in ("id", "title", "url")}},
        "Suppression": {
            "type": "object", "required": ["applied", "k", "rule"],
            "properties": {"applied": {"type": "boolean"}, "k": {"type": "integer"},
                           "flag_field": {"type": "string"},
                           "rule": _ref("schemas", "Text3")}},
        "Meta": {
            "type": "object",
            "required": ["dataset", "publication_id", "last_updated", "licence", "demo",
                         "suppression"],
            "properties": {
                "dataset": {"type": ["string", "null"]},
                "publication_id": {"type": "integer"},
                "last_updated": {"type": ["string", "null"], "format": "date-time"},
                "licence": _ref("schemas", "Licence"),
                "demo": {"type": "boolean"},
                "suppression": _ref("schemas", "Suppression"),
                "count": {"type": "integer"},
                "total": {"type": ["integer", "null"]},
                "fields": {"type": "array", "items": {"type": "string"}},
            }},
        "Links": {"type": "object", "required": ["self", "next"],
                  "properties": {"self": {"type": "string"},
                                 "next": {"type": ["string", "null"]}}},
        "CatalogueEntry": {
            "type": "object",
            "required": ["id", "title", "description", "licence", "cadence", "last_updated",
                         "publication_id", "rows", "formats", "demo", "links"],
            "properties": {
                "id": {"type": "string", "enum": list(DATASETS)},
                "title": _ref("schemas", "Text3"),
                "description": _ref("schemas", "Text3"),
                "licence": _ref("schemas", "Licence"),
                "cadence": {"type": "string", "enum": ["daily", "on_change", "static"]},
                "last_updated": {"type": ["string", "null"], "format": "date-time"},
                "publication_id": {"type": "integer"},
                "rows": {"type": ["integer", "null"]},
                "formats": {"type": "array", "items": {"enum": list(FORMATS)}},
                "demo": {"type": "boolean"},
                "suppression": _ref("schemas", "Suppression"),
                "links": {"type": "object", "additionalProperties": {"type": "string"}},
            }},
        "FieldDescription": {
            "type": "object", "required": ["name", "type", "role", "description"],
            "properties": {"name": {"type": "string"}, "type": {"type": "string"},
                           "role": {"type": "string"}, "unit": {"type": ["string", "null"]},
                           "nullable": {"type": "boolean"},
                           "suppressible": {"type": "boolean"},
                           "description": _ref("schemas", "Text3")}},
        "AggregateGroup": {
            "type": "object",
            "required": ["value", "suppressed", "suppressed_cells", "cells", "complete"],
            "properties": {
                "value": {"type": ["number", "null"],
                          "description": "Sum of the published cells of the group; null when "
                                         "every cell is suppressed."},
                "suppressed": {"type": "boolean"},
                "suppressed_cells": {"type": "integer"},
                "cells": {"type": "integer"},
                "complete": {"type": "boolean",
                             "description": "false: some cells are suppressed, so the true "
                                            "total is higher than `value`."},
            }},
        "RegionIndicator": {
            "type": "object", "required": ["indicator", "value", "suppressed"],
            "properties": {"indicator": {"type": "string"},
                           "month": {"type": ["string", "null"], "format": "date"},
                           "value": {"type": ["number", "null"]},
                           "suppressed": {"type": "boolean"},
                           "population": {"type": ["number", "null"]},
                           "rate_per_100k": {"type": ["number", "null"]},
                           "rank": {"type": ["integer", "null"]}}},
        "Region": {
            "type": "object", "required": ["code", "kato_prefix", "name", "centre"],
            "properties": {
                "code": {"type": "string"}, "kato_prefix": {"type": "string"},
                "name": _ref("schemas", "Text3"),
                "centre": {"type": "object", "properties": {
                    "name": _ref("schemas", "Text3"), "lat": {"type": "number"},
                    "lon": {"type": "number"}}},
                "indicators": {"type": "array", "items": {"type": "object"}},
                "links": {"type": "object"},
                "month": {"type": ["string", "null"], "format": "date"},
                "targets": {"type": "array", "items": {"type": "object"}},
                "facilities": {"type": "object"},
            }},
        "Publication": {
            "type": "object", "required": ["id", "published_at", "is_demo"],
            "properties": {"id": {"type": "integer"},
                           "published_at": {"type": "string", "format": "date-time"},
                           "run_id": {"type": ["integer", "null"]},
                           "is_demo": {"type": "boolean"},
                           "nights_from": {"type": ["string", "null"], "format": "date"},
                           "nights_to": {"type": ["string", "null"], "format": "date"},
                           "changes": {"type": ["object", "array", "null"]}}},
        "Status": {
            "type": "object", "required": ["publication", "fresh", "last_run", "datasets"],
            "properties": {"publication": {"oneOf": [_ref("schemas", "Publication"),
                                                     {"type": "null"}]},
                           "age_seconds": {"type": ["number", "null"]},
                           "fresh": {"type": "boolean"},
                           "last_run": {"type": ["object", "null"]},
                           "datasets": {"type": "object",
                                        "additionalProperties": {"type": "integer"}}}},
        "Health": {"type": "object", "required": ["status", "database"],
                   "properties": {"status": {"const": "ok"}, "database": {"const": "ok"},
                                  "publication_id": {"type": "integer"}}},
        "FeatureCollection": _feature_collection(),
    }
    for ds in DATASETS.values():
        schemas[f"Row_{ds.id}"] = _row_schema(ds)
    return schemas


def _responses() -> dict[str, Any]:
    out: dict[str, Any] = {
        str(status): {"description": text, "content": {JSON: {"schema": _ref("schemas",
                                                                               "Error")}}}
        for status, text in ERROR_STATUSES.items()
    }
    out["304"] = {"description": "Not modified: the representation named by If-None-Match "
                                 "(or newer than If-Modified-Since) is still current."}
    return out


def _headers() -> dict[str, Any]:
    return {
        "ETag": {"description": "Changes with every publication.", "required": True,
                 "schema": {"type": "string"}},
        "Last-Modified": {"description": "Time of the publication.", "required": True,
                          "schema": {"type": "string"}},
        "Cache-Control": {"description": "Caching rules.", "schema": {"type": "string"}},
    }


def _ok(description: str, content: dict[str, Any]) -> dict[str, Any]:
    headers = {name: _ref("headers", name) for name in ("ETag", "Last-Modified",
                                                          "Cache-Control")}
    return {"description": description, "headers": headers, "content": content}


def _op(op_id: str, summary: str, description: str, ok: dict[str, Any],
        parameters: list[dict[str, Any]] | None = None, tag: str = "data",
        errors: tuple[str, ...] = ("400", "404", "406", "414", "429", "500", "503"),
        ) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": ok, "304": _ref("responses", "304")}
    responses.update({code: _ref("responses", code) for code in errors})
    return {"get": {"operationId": op_id, "summary": summary, "description": description,
                    "tags": [tag], "parameters": parameters or [], "responses": responses}}


# ------------------------------------------------------------------ parameters
def _format_param(names: list[str]) -> dict[str, Any]:
    return _query("format", "Output format; the same as the file extension of the path. "
                            "Without it, the Accept header decides (JSON by default).",
                  {"type": "string", "enum": names})


def _bool_param(name: str, description: str) -> dict[str, Any]:
    return _query(name, description, {"type": "string", "enum": ["0", "1", "true", "false"]})


def _filter_parameters(ds: Dataset, *, for_aggregate: bool) -> list[dict[str, Any]]:
    params = []
    for param, field_name in filter_params(ds, for_aggregate=for_aggregate).items():
        if param == "region":
            params.append(_query("region", "Region: ISO 3166-2 (KZ-59) or KATO (59, "
                                           "590000000); several separated by commas."))
        elif param == "district":
            params.append(_query("district", "District KATO code (9 digits); several "
                                             "separated by commas.",
                                 {"type": "string", "pattern": r"^\d{9}(,\d{9})*$"}))
        elif param == "facility_id":
            params.append(_query("facility_id", f"Facility id ({field_name}); several "
                                                "separated by commas."))
        elif param in ("date_from", "date_to"):
            params.append(_query(param, f"{'First' if param == 'date_from' else 'Last'} day "
                                        f"included (on `{field_name}`): YYYY-MM-DD or "
                                        "YYYY-MM.", {"type": "string", "format": "date"}))
        else:
            params.append(_query(param, f"{ds.field(field_name).description.en}: one or "
                                        "more values separated by commas."))
    return params


def _rows_parameters(ds: Dataset) -> list[dict[str, Any]]:
    return _filter_parameters(ds, for_aggregate=False) + [
        _query("fields", "Columns to return, separated by commas: "
                         + ", ".join(ds.field_names)
                         + ". A suppressible count always comes with `suppressed`."),
        _query("sort", "Sort columns separated by commas, `-` for descending: "
                       + ", ".join(ds.sortable) + "."),
        _query("limit", f"Rows per page (JSON: default {DEFAULT_LIMIT}); downloads without "
                        "`limit` hold every matching row.",
               {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
        _query("cursor", "Opaque cursor from `links.next` (JSON) or the `Link` header."),
        _bool_param("include_total", "Also count every matching row (`meta.total`)."),
        _bool_param("bom", "CSV only: start with a UTF-8 byte order mark, so that Excel "
                           "shows Cyrillic text correctly."),
        _format_param(formats_for(ds)),
    ]


def _rows_content(ds: Dataset, schema_name: str) -> dict[str, Any]:
    content: dict[str, Any] = {
        JSON: {"schema": _envelope({"type": "array",
                                    "items": _ref("schemas", schema_name)})},
        "text/csv": {"schema": {"type": "string"}},
        "application/x-ndjson": {"schema": {"type": "string"}},
        FORMATS["xlsx"].mimetype: {"schema": {"type": "string", "format": "binary"}},
    }
    if "geojson" in formats_for(ds):
        content["application/geo+json"] = {"schema": _ref("schemas", "FeatureCollection")}
    return content


def _dataset_paths(ds: Dataset) -> dict[str, Any]:
    base = f"/api/v1/datasets/{ds.id}"
    rows_doc = (f"Rows of **{ds.title.en}**. {ds.description.en} Keyset pagination: follow "
                "`links.next`. Suppressed counts are null with `suppressed: true`, never 0. "
                f"Also as `{base}/rows.csv`, `.ndjson`, `.xlsx`"
                + (", `.geojson`" if "geojson" in formats_for(ds) else "") + ".")
    aggregate_params = [
        _query("group_by", "Columns to group by, separated by commas: region, district_kato, "
                           "categories, month, year.", required=True),
        _query("measure", "Measure to sum (" + ", ".join(ds.measure_fields + ["rows"])
               + "); default: the first.",
               {"type": "string", "enum": ds.measure_fields + ["rows"]}),
        _format_param(["json", "csv"]),
        _bool_param("bom", "CSV only: add a UTF-8 byte order mark."),
    ] + _filter_parameters(ds, for_aggregate=True)
    aggregate_content = {
        JSON: {"schema": _envelope({"type": "array", "items": _ref("schemas",
                                                                    "AggregateGroup")})},
        "text/csv": {"schema": {"type": "string"}},
    }
    paths = {
        f"{base}/rows": _op(f"rows_{ds.id}", f"Rows of {ds.title.en}", rows_doc,
                            _ok("A page of rows, or the whole filtered table as a download.",
                                _rows_content(ds, f"Row_{ds.id}")),
                            _rows_parameters(ds)),
    }
    if ds.measure_fields:  # nothing to sum otherwise: /aggregate answers 400
        paths[f"{base}/aggregate"] = _op(
            f"aggregate_{ds.id}", f"Sums of {ds.title.en}",
            "Server-side sums of published cells by region, district, month, year or "
            "category. Suppressed cells are never looked behind: `complete` is false where "
            "some are, and `value` is null where all are.",
            _ok("One row per group.", aggregate_content), aggregate_params)
    return paths


def _dataset_id_param() -> dict[str, Any]:
    return _path_param("dataset_id", "Dataset id.", {"type": "string", "enum": list(DATASETS)})


# ------------------------------------------------------------------ document
@cache
def openapi_bytes() -> bytes:
    return to_json(openapi_document())


@cache
def openapi_document() -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/api/v1/datasets": _op(
            "list_datasets", "Dataset catalogue",
            "Every published dataset: titles and descriptions in kk/ru/en, licence, cadence, "
            "last update, publication, row count, formats and the demo flag.",
            _ok("The catalogue.", {JSON: {"schema": _envelope(
                {"type": "array", "items": _ref("schemas", "CatalogueEntry")})}}),
            tag="catalogue"),
        "/api/v1/datasets/{dataset_id}": _op(
            "get_dataset", "Dataset metadata and data dictionary",
            "Fields with type, unit and description, filters, sorts, aggregates, suppression.",
            _ok("Metadata.", {JSON: {"schema": _envelope({"type": "object"})}}),
            [_dataset_id_param()], tag="catalogue"),
        "/api/v1/datasets/{dataset_id}/rows.{ext}": _op(
            "download_rows", "Download a dataset as a file",
            "The whole filtered table (no row cap) as CSV, NDJSON, XLSX or GeoJSON "
            "(facilities, regions). Dataset-specific filters are documented on each "
            "dataset's `/rows` operation.",
            _ok("The file.", {
                JSON: {"schema": _envelope({"type": "array", "items": {"type": "object"}})},
                "text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": {"type": "string"}},
                FORMATS["xlsx"].mimetype: {"schema": {"type": "string", "format": "binary"}},
                "application/geo+json": {"schema": _ref("schemas", "FeatureCollection")}}),
            [_dataset_id_param(),
             _path_param("ext", "File format.", {"type": "string", "enum": list(FORMATS)}),
             _bool_param("bom", "CSV only: add a UTF-8 byte order mark (for Excel).")],
            tag="downloads"),
        "/api/v1/datasets/{dataset_id}/aggregate.{ext}": _op(
            "download_aggregate", "Download sums as a file",
            "The same as each dataset's `/aggregate` operation, as CSV or JSON by extension.",
            _ok("Sums.", {
                JSON: {"schema": _envelope({"type": "array",
                                            "items": _ref("schemas", "AggregateGroup")})},
                "text/csv": {"schema": {"type": "string"}}}),
            [_dataset_id_param(),
             _path_param("ext", "File format.", {"type": "string", "enum": ["json", "csv"]}),
             _query("group_by", "Columns to group by, separated by commas.", required=True),
             _query("measure", "Measure to sum; default: the first."),
             _bool_param("bom", "CSV only: add a UTF-8 byte order mark.")],
            tag="downloads"),
        "/api/v1/regions": _op(
            "list_regions", "The 20 regions with their latest indicators",
            "Codes, names (kk/ru/en), administrative centre, and per indicator the latest "
            "month's value, rate per 100,000 residents and rank among the 20 units.",
            _ok("Regions.", {
                JSON: {"schema": _envelope({"type": "array",
                                            "items": _ref("schemas", "Region")})},
                "application/geo+json": {"schema": _ref("schemas", "FeatureCollection")}}),
            [_format_param(["json", "geojson"])], tag="regions"),
        "/api/v1/regions/{code}": _op(
            "get_region", "One region's summary",
            "Latest KPIs, rates per 100,000 residents with the national rate, rank among "
            "the 20 units, targets against actuals with status, facility counts.",
            _ok("Summary.", {JSON: {"schema": _envelope(_ref("schemas", "Region"))}}),
            [_path_param("code", "ISO 3166-2 (KZ-59) or KATO (59, 590000000).",
                         {"type": "string", "pattern": r"^(KZ-\d{2}|\d{2}|\d{9})$"})],
            tag="regions"),
        "/api/v1/facilities": _op(
            "facilities", "Public-facing facilities (GeoJSON)",
            "Front offices, modular posts, district points and SOS buttons with location. "
            "Camera locations are never published.",
            _ok("Facilities.", {"application/geo+json": {
                "schema": _ref("schemas", "FeatureCollection")}}),
            [_query("type", "Facility types, separated by commas.",
                    {"type": "string", "enum": list(PUBLIC_FACILITY_TYPES)}),
             _query("region", "Region: ISO 3166-2 or KATO; several separated by commas."),
             _query("status", "planned, under_construction, operating, closed."),
             _format_param(["geojson"])], tag="regions"),
        "/api/v1/publications": _op(
            "publications", "Publication log",
            "Every nightly publication: time, nights covered, what changed per dataset.",
            _ok("Publications, newest first.", {JSON: {"schema": _envelope(
                {"type": "array", "items": _ref("schemas", "Publication")})}}),
            [_query("limit", "How many (default 100).",
                    {"type": "integer", "minimum": 1, "maximum": 1000})], tag="status"),
        "/api/v1/status": _op(
            "status", "Freshness and the last ETL run",
            "The current publication, its age, whether it is fresh (under 36 hours), the "
            "last ETL run and row counts.",
            _ok("Status.", {JSON: {"schema": _envelope(_ref("schemas", "Status"))}}),
            tag="status"),
        "/healthz": _op(
            "healthz", "Liveness and database check", "200 when the warehouse answers.",
            _ok("Healthy.", {JSON: {"schema": _ref("schemas", "Health")}}), tag="status",
            errors=("400", "406", "414", "500", "503")),
        "/api/v1/bulk/latest.zip": _op(
            "bulk", "Every dataset in one zip",
            "CSV of every dataset, datapackage.json and SHA256SUMS, built once per "
            "publication by the ETL.",
            _ok("Zip file.", {"application/zip": {"schema": {"type": "string",
                                                                 "format": "binary"}}}),
            tag="downloads"),
        "/api/v1/datapackage.json": _op(
            "datapackage", "Frictionless Data Package",
            "The catalogue as a Frictionless tabular data package; resources point to the "
            "CSV downloads.",
            _ok("Descriptor.", {JSON: {"schema": {"type": "object",
                                                      "required": ["resources"]}}}),
            tag="catalogue"),
        "/api/v1/catalog.jsonld": _op(
            "catalog_jsonld", "DCAT-AP catalogue (JSON-LD)", "For data portals and harvesters.",
            _ok("Catalogue.", {"application/ld+json": {"schema": {"type": "object"}}}),
            tag="catalogue"),
        "/api/v1/openapi.json": _op(
            "openapi", "This document", "OpenAPI 3.1.",
            _ok("OpenAPI.", {JSON: {"schema": {"type": "object"}}}), tag="catalogue"),
        "/api/v1/docs": _op(
            "docs", "API documentation (HTML)", "Human-readable documentation, no CDN.",
            _ok("HTML.", {"text/html": {"schema": {"type": "string"}}}), tag="catalogue"),
    }
    for ds in DATASETS.values():
        paths.update(_dataset_paths(ds))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Police service model in Kazakhstan: open-data API",
            "version": "1.0.0",
            "summary": "Read-only anonymised statistics of the police service model reform.",
            "description": (
                "Every response carries `meta` (dataset, publication_id, last_updated, licence, "
                "demo, suppression) and `links`; every error is "
                "`{\"error\": {\"status\", \"code\", \"message\", \"param\"}}`. Unknown "
                "parameters are rejected with 400. Counts covering fewer than k events are "
                "null with `suppressed: true`, never 0. ETag/Last-Modified change with each "
                "publication; send If-None-Match to get 304. Read-only: other methods get 405."),
            "license": {"name": LICENCE["title"], "identifier": LICENCE["id"]},
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": n} for n in ("catalogue", "data", "downloads", "regions", "status")],
        "paths": paths,
        "components": {"schemas": _schemas(), "responses": _responses(),
                       "headers": _headers()},
    }
