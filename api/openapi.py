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
    envelope,
    ok_response,
    operation,
    path_param,
    query_param,
    ref,
)
from api.openapi_params import (
    NON_EMPTY,
    REGION_TEXT,
    bool_param,
    category_items,
    dataset_id_param,
    filter_parameters,
    format_param,
    lang_param,
    rows_parameters,
)
from api.openapi_schemas import components
from api.params import PUBLIC_FACILITY_TYPES, group_by_options
from api.regionnames import LANGS
from data.catalog import DATASETS, LICENCE, Dataset


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
        format_param(["json", "csv"]),
        bool_param("bom", "CSV only: add a UTF-8 byte order mark."),
        lang_param(),
    ] + filter_parameters(ds, for_aggregate=True)
    aggregate_content = {
        JSON: {
            "schema": envelope({"type": "array", "items": ref("schemas", f"Aggregate_{ds.id}")})
        },
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
            rows_parameters(ds),
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
            [dataset_id_param()],
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
                dataset_id_param(),
                path_param("ext", "File format.", {"type": "string", "enum": list(FORMATS)}),
                bool_param("bom", "CSV only: add a UTF-8 byte order mark (for Excel)."),
                lang_param(),
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
                dataset_id_param(),
                path_param("ext", "File format.", {"type": "string", "enum": ["json", "csv"]}),
                array_param(
                    "group_by",
                    "Columns to group by, separated by commas (see each "
                    "dataset's `/aggregate` for the choices).",
                    dict(NON_EMPTY),
                    required=True,
                ),
                query_param("measure", "Measure to sum; default: the first.", dict(NON_EMPTY)),
                lang_param(),
                bool_param("bom", "CSV only: add a UTF-8 byte order mark."),
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
                    "application/geo+json": {"schema": ref("schemas", "RegionFeatureCollection")},
                },
            ),
            [
                format_param(["json", "geojson"]),
                query_param(
                    "geometry",
                    "GeoJSON only: `polygon` (region boundaries; the default "
                    "when loaded) or `centre` (the administrative centre as a point). "
                    "Properties are flat, one column each for GIS tools.",
                    {"type": "string", "enum": ["polygon", "centre"]},
                ),
            ],
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
                array_param(
                    "status",
                    "Facility status, separated by commas.",
                    category_items(DATASETS["facilities"], "status"),
                ),
                lang_param(),
                query_param(
                    "near",
                    "LAT,LON (decimal degrees): the nearest facilities first, each with "
                    "`distance_m` (metres, great circle); closed ones only if `status` asks.",
                    {
                        "type": "string",
                        "pattern": r"^[+-]?\d{1,3}(\.\d+)?,[+-]?\d{1,3}(\.\d+)?$",
                        "example": "54.87,69.15",
                    },
                ),
                query_param(
                    "limit",
                    "With `near`: how many facilities (default 10).",
                    {"type": "integer", "minimum": 1, "maximum": 100},
                ),
                format_param(["geojson"]),
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
            [
                query_param(
                    "lang",
                    "Language of the page: kk, ru or en (default).",
                    {"type": "string", "enum": list(LANGS)},
                )
            ],
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
