"""The OpenAPI 3.1 document, generated from the catalogue so it cannot drift from the code.

Each dataset gets its own `/rows` and `/aggregate` operations with the exact filters it
accepts and a row schema built from its fields; schemathesis checks every response against it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from api.formats import FORMATS, to_json
from api.metadata import formats_for
from api.openapi_components import (
    JSON,
    array_param,
    components,
    envelope,
    ok_response,
    operation,
    path_param,
    query_param,
    ref,
)
from api.params import PUBLIC_FACILITY_TYPES, filter_params, group_by_options, sort_options
from api.regionnames import LANGS
from data.catalog import DATASETS, LICENCE, Dataset
from data.queries import DEFAULT_LIMIT, MAX_LIMIT


# ------------------------------------------------------------------ parameters
def _format_param(names: list[str]) -> dict[str, Any]:
    return query_param(
        "format",
        "Output format; the same as the file extension of the path. "
        "Without it, the Accept header decides (JSON by default).",
        {"type": "string", "enum": names},
    )


def _bool_param(name: str, description: str) -> dict[str, Any]:
    return query_param(name, description, {"type": "string", "enum": ["0", "1", "true", "false"]})


NON_EMPTY = {"type": "string", "minLength": 1}
REGION_TEXT = (
    "Region: ISO 3166-2 code (KZ-59), KATO code (59, 590000000) or name in kk/ru/en, "
    "case-insensitive (`Almaty` is the city KZ-75, `Almaty Region` / `Алматинская область` "
    "the region KZ-19); several separated by commas."
)
DATE_VALUE = {"type": "string", "pattern": r"^\d{4}-\d{2}(-\d{2})?$"}


def _lang_param() -> dict[str, Any]:
    return query_param(
        "lang",
        "Language of the `region_name` column (and of nothing else): kk, ru or en (default).",
        {"type": "string", "enum": list(LANGS)},
    )


def _category_items(ds: Dataset, field_name: str) -> dict[str, Any]:
    values = ds.field(field_name).values
    return {"type": "string", "enum": list(values)} if values else dict(NON_EMPTY)


def _filter_parameters(ds: Dataset, *, for_aggregate: bool) -> list[dict[str, Any]]:
    params = []
    for param, field_name in filter_params(ds, for_aggregate=for_aggregate).items():
        if param == "region":
            params.append(array_param("region", REGION_TEXT, dict(NON_EMPTY)))
        elif param == "district":
            params.append(array_param(
                "district", "District KATO code (9 digits); several separated by commas.",
                {"type": "string", "pattern": r"^\d{9}$"}))
        elif param == "facility_id":
            params.append(array_param(
                "facility_id", f"Facility id ({field_name}); several separated by commas.",
                dict(NON_EMPTY)))
        elif param in ("date_from", "date_to"):
            params.append(query_param(
                param,
                f"{'First' if param == 'date_from' else 'Last'} day included (on "
                f"`{field_name}`): YYYY-MM-DD, or YYYY-MM for the "
                f"{'first' if param == 'date_from' else 'last'} day of that month.",
                dict(DATE_VALUE)))
        else:
            values = ds.field(field_name).values
            listed = f" One of: {', '.join(values)}." if values else ""
            params.append(array_param(
                param,
                f"{ds.field(field_name).description.en}: one or more values separated by "
                f"commas.{listed} Any other value is a 400 that lists these.",
                _category_items(ds, field_name)))
    return params


def _rows_parameters(ds: Dataset) -> list[dict[str, Any]]:
    return _filter_parameters(ds, for_aggregate=False) + [
        array_param(
            "fields",
            "Columns to return, separated by commas. A suppressible count always comes "
            "with `suppressed`.",
            {"type": "string", "enum": ds.field_names},
        ),
        array_param(
            "sort",
            "Sort columns separated by commas, `-` in front for descending.",
            {"type": "string", "enum": sort_options(ds)},
        ),
        query_param(
            "limit",
            f"Rows per page (JSON: default {DEFAULT_LIMIT}); downloads without "
            "`limit` hold every matching row.",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
        ),
        query_param("cursor", "Opaque cursor from `links.next` (JSON) or the `Link` header.",
                    dict(NON_EMPTY)),
        _bool_param("include_total", "Also count every matching row (`meta.total`)."),
        _bool_param(
            "bom",
            "CSV only: start with a UTF-8 byte order mark, so that Excel "
            "shows Cyrillic text correctly.",
        ),
        _lang_param(),
        _format_param(formats_for(ds)),
    ]


def _rows_content(ds: Dataset, schema_name: str) -> dict[str, Any]:
    content: dict[str, Any] = {
        JSON: {"schema": envelope({"type": "array", "items": ref("schemas", schema_name)})},
        "text/csv": {"schema": {"type": "string"}},
        "application/x-ndjson": {"schema": {"type": "string"}},
        FORMATS["xlsx"].mimetype: {"schema": {"type": "string", "format": "binary"}},
        FORMATS["parquet"].mimetype: {"schema": {"type": "string", "format": "binary"}},
    }
    if "geojson" in formats_for(ds):
        content["application/geo+json"] = {"schema": ref("schemas", "FeatureCollection")}
    return content


def _dataset_paths(ds: Dataset) -> dict[str, Any]:
    base = f"/api/v1/datasets/{ds.id}"
    rows_doc = (
        f"Rows of **{ds.title.en}**. {ds.description.en} Keyset pagination: follow "
        "`links.next`. Suppressed counts are null with `suppressed: true`, never 0. "
        f"Also as `{base}/rows.csv`, `.ndjson`, `.xlsx`, `.parquet`"
        + (", `.geojson`" if "geojson" in formats_for(ds) else "")
        + "."
    )
    aggregate_params = [
        array_param(
            "group_by",
            "Columns to group by, separated by commas (month and year are periods of the "
            "time column).",
            {"type": "string", "enum": group_by_options(ds)},
            required=True,
        ),
        query_param(
            "measure",
            "Measure to sum (" + ", ".join(ds.measure_fields + ["rows"]) + "); default: the first.",
            {"type": "string", "enum": ds.measure_fields + ["rows"]},
        ),
        _format_param(["json", "csv"]),
        _bool_param("bom", "CSV only: add a UTF-8 byte order mark."),
        _lang_param(),
    ] + _filter_parameters(ds, for_aggregate=True)
    aggregate_content = {
        JSON: {"schema": envelope({"type": "array",
                                   "items": ref("schemas", f"Aggregate_{ds.id}")})},
        "text/csv": {"schema": {"type": "string"}},
    }
    paths = {
        f"{base}/rows": operation(
            f"rows_{ds.id}",
            f"Rows of {ds.title.en}",
            rows_doc,
            ok_response(
                "A page of rows, or the whole filtered table as a download.",
                _rows_content(ds, f"Row_{ds.id}"),
            ),
            _rows_parameters(ds),
            errors=("400", "404", "406", "413", "414", "429", "500", "503"),
        ),
    }
    if ds.measure_fields:  # nothing to sum otherwise: /aggregate answers 400
        paths[f"{base}/aggregate"] = operation(
            f"aggregate_{ds.id}",
            f"Sums of {ds.title.en}",
            "Server-side sums of published cells by region, district, month, year or "
            "category. Suppressed cells are never looked behind: `complete` is false where "
            "some are, and `value` is null where all are.",
            ok_response("One row per group.", aggregate_content),
            aggregate_params,
        )
    return paths


def _dataset_id_param() -> dict[str, Any]:
    return path_param("dataset_id", "Dataset id.", {"type": "string", "enum": list(DATASETS)})


# ------------------------------------------------------------------ document
@cache
def openapi_bytes() -> bytes:
    return to_json(openapi_document())


@cache
def openapi_document() -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/api/v1/datasets": operation(
            "list_datasets",
            "Dataset catalogue",
            "Every published dataset: titles and descriptions in kk/ru/en, licence, cadence, "
            "last update, publication, row count, formats and the demo flag.",
            ok_response(
                "The catalogue.",
                {
                    JSON: {
                        "schema": envelope(
                            {"type": "array", "items": ref("schemas", "CatalogueEntry")}
                        )
                    }
                },
            ),
            tag="catalogue",
        ),
        "/api/v1/datasets/{dataset_id}": operation(
            "get_dataset",
            "Dataset metadata and data dictionary",
            "Fields with type, unit and description, filters, sorts, aggregates, suppression.",
            ok_response("Metadata.", {JSON: {"schema": envelope(ref("schemas", "DatasetDetail"))}}),
            [_dataset_id_param()],
            tag="catalogue",
        ),
        "/api/v1/datasets/{dataset_id}/rows.{ext}": operation(
            "download_rows",
            "Download a dataset as a file",
            "The whole filtered table (no row cap) as CSV, NDJSON, XLSX, Parquet or GeoJSON "
            "(facilities, regions); XLSX answers 413 above Excel's 1,048,575 rows. "
            "Dataset-specific filters are documented on each dataset's `/rows` operation.",
            ok_response(
                "The file.",
                {  # the file types first: a generated client reads the first one as text
                    "text/csv": {"schema": {"type": "string"}},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                    FORMATS["xlsx"].mimetype: {"schema": {"type": "string", "format": "binary"}},
                    FORMATS["parquet"].mimetype: {"schema": {"type": "string", "format": "binary"}},
                    "application/geo+json": {"schema": ref("schemas", "FeatureCollection")},
                    JSON: {"schema": envelope({"type": "array", "items": {"type": "object"}})},
                },
            ),
            [
                _dataset_id_param(),
                path_param("ext", "File format.", {"type": "string", "enum": list(FORMATS)}),
                _bool_param("bom", "CSV only: add a UTF-8 byte order mark (for Excel)."),
                _lang_param(),
            ],
            tag="downloads",
            errors=("400", "404", "406", "413", "414", "429", "500", "503"),
        ),
        "/api/v1/datasets/{dataset_id}/aggregate.{ext}": operation(
            "download_aggregate",
            "Download sums as a file",
            "The same as each dataset's `/aggregate` operation, as CSV or JSON by extension.",
            ok_response(
                "Sums.",
                {
                    "text/csv": {"schema": {"type": "string"}},
                    JSON: {
                        "schema": envelope(
                            {"type": "array", "items": ref("schemas", "AggregateGroup")}
                        )
                    },
                },
            ),
            [
                _dataset_id_param(),
                path_param("ext", "File format.", {"type": "string", "enum": ["json", "csv"]}),
                array_param("group_by", "Columns to group by, separated by commas (see each "
                            "dataset's `/aggregate` for the choices).", dict(NON_EMPTY),
                            required=True),
                query_param("measure", "Measure to sum; default: the first.", dict(NON_EMPTY)),
                _lang_param(),
                _bool_param("bom", "CSV only: add a UTF-8 byte order mark."),
            ],
            tag="downloads",
        ),
        "/api/v1/regions": operation(
            "list_regions",
            "The 20 regions with their latest indicators",
            "Codes, names (kk/ru/en), administrative centre, and per indicator the latest "
            "month's value, rate per 100,000 residents and rank among the 20 units.",
            ok_response(
                "Regions.",
                {
                    JSON: {
                        "schema": envelope({"type": "array", "items": ref("schemas", "Region")})
                    },
                    "application/geo+json": {"schema": ref("schemas",
                                                           "RegionFeatureCollection")},
                },
            ),
            [_format_param(["json", "geojson"]),
             query_param("geometry", "GeoJSON only: `polygon` (region boundaries; the default "
                         "when loaded) or `centre` (the administrative centre as a point). "
                         "Properties are flat, one column each for GIS tools.",
                         {"type": "string", "enum": ["polygon", "centre"]})],
            tag="regions",
        ),
        "/api/v1/regions/{code}": operation(
            "get_region",
            "One region's summary",
            "Latest KPIs, rates per 100,000 residents with the national rate, rank among "
            "the 20 units, targets against actuals with status, facility counts.",
            ok_response("Summary.", {JSON: {"schema": envelope(ref("schemas", "Region"))}}),
            [
                path_param(
                    "code",
                    "ISO 3166-2 (KZ-59), KATO (59, 590000000) or a name in kk/ru/en.",
                    {"type": "string", "minLength": 2, "maxLength": 60},
                )
            ],
            tag="regions",
        ),
        "/api/v1/facilities": operation(
            "facilities",
            "Public-facing facilities (GeoJSON)",
            "Front offices, modular posts, district points and SOS buttons with location. "
            "Camera locations are never published.",
            ok_response(
                "Facilities.",
                {"application/geo+json": {"schema": ref("schemas", "FeatureCollection")}},
            ),
            [
                array_param(
                    "type",
                    "Facility types, separated by commas (camera locations are not published).",
                    {"type": "string", "enum": list(PUBLIC_FACILITY_TYPES)},
                ),
                array_param("region", REGION_TEXT, dict(NON_EMPTY)),
                array_param("status", "Facility status, separated by commas.",
                            _category_items(DATASETS["facilities"], "status")),
                _lang_param(),
                query_param(
                    "near",
                    "LAT,LON (decimal degrees): the nearest facilities first, each with "
                    "`distance_m` (metres, great circle); closed ones only if `status` asks.",
                    {"type": "string", "pattern": r"^[+-]?\d{1,3}(\.\d+)?,[+-]?\d{1,3}(\.\d+)?$",
                     "example": "54.87,69.15"},
                ),
                query_param("limit", "With `near`: how many facilities (default 10).",
                            {"type": "integer", "minimum": 1, "maximum": 100}),
                _format_param(["geojson"]),
            ],
            tag="regions",
        ),
        "/api/v1/publications": operation(
            "publications",
            "Publication log",
            "Every nightly publication: time, nights covered, what changed per dataset.",
            ok_response(
                "Publications, newest first.",
                {
                    JSON: {
                        "schema": envelope(
                            {"type": "array", "items": ref("schemas", "Publication")}
                        )
                    }
                },
            ),
            [
                query_param(
                    "limit",
                    "How many (default 100).",
                    {"type": "integer", "minimum": 1, "maximum": 1000},
                )
            ],
            tag="status",
        ),
        "/api/v1/status": operation(
            "status",
            "Freshness and the last ETL run",
            "The current publication, its age, whether it is fresh (under 36 hours), the "
            "last ETL run and row counts.",
            ok_response("Status.", {JSON: {"schema": envelope(ref("schemas", "Status"))}}),
            tag="status",
        ),
        "/healthz": operation(
            "healthz",
            "Liveness and database check",
            "200 when the warehouse answers.",
            ok_response("Healthy.", {JSON: {"schema": ref("schemas", "Health")}}),
            tag="status",
            errors=("400", "406", "414", "500", "503"),
        ),
        "/api/v1/bulk/latest.zip": operation(
            "bulk",
            "Every dataset in one zip",
            "CSV and Parquet of every dataset, datapackage.json and SHA256SUMS, built once "
            "per publication by the ETL. Sent with Content-Length and a strong ETag; byte "
            "ranges (Range, If-Range: 206; 416 outside the file) resume a broken download.",
            ok_response(
                "Zip file.", {"application/zip": {"schema": {"type": "string", "format": "binary"}}}
            ),
            tag="downloads",
            errors=("400", "404", "406", "414", "416", "429", "500", "503"),
        ),
        "/api/v1/datapackage.json": operation(
            "datapackage",
            "Frictionless Data Package",
            "The catalogue as a Frictionless tabular data package; resources point to the "
            "CSV downloads.",
            ok_response(
                "Descriptor.", {JSON: {"schema": {"type": "object", "required": ["resources"]}}}
            ),
            tag="catalogue",
        ),
        "/api/v1/catalog.jsonld": operation(
            "catalog_jsonld",
            "DCAT-AP catalogue (JSON-LD)",
            "For data portals and harvesters.",
            ok_response("Catalogue.", {"application/ld+json": {"schema": {"type": "object"}}}),
            tag="catalogue",
        ),
        "/api/v1/openapi.json": operation(
            "openapi",
            "This document",
            "OpenAPI 3.1.",
            ok_response("OpenAPI.", {JSON: {"schema": {"type": "object"}}}),
            tag="catalogue",
        ),
        "/api/v1/docs": operation(
            "docs",
            "API documentation (HTML)",
            "Human-readable documentation in kk, ru or en with worked examples; no CDN.",
            ok_response("HTML.", {"text/html": {"schema": {"type": "string"}}}),
            [query_param("lang", "Language of the page: kk, ru or en (default).",
                         {"type": "string", "enum": list(LANGS)})],
            tag="catalogue",
        ),
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
                '`{"error": {"status", "code", "message", "param"}}`. Unknown '
                "parameters are rejected with 400. Counts covering fewer than k events are "
                "null with `suppressed: true`, never 0. ETag/Last-Modified change with each "
                "publication; send If-None-Match to get 304. Read-only: other methods get 405."
            ),
            "license": {"name": LICENCE["title"], "identifier": LICENCE["id"]},
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": n} for n in ("catalogue", "data", "downloads", "regions", "status")],
        "paths": paths,
        "components": components(),
    }
