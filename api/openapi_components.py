"""Building blocks of the OpenAPI document: component schemas (the envelope, the one error
shape, a row schema per dataset), shared responses and headers, and operation helpers."""

from __future__ import annotations

from typing import Any

from api.formats import FORMATS
from data.catalog import DATASETS, Dataset

REF = "#/components"
JSON = "application/json"
ERROR_STATUSES = {
    "400": "Invalid or unknown parameter (`error.param` names it).",
    "404": "No such dataset, region or resource.",
    "406": "None of the formats in the Accept header is available.",
    "413": "Too many rows for XLSX (Excel's 1,048,575): the message links CSV, Parquet "
           "and the bulk zip.",
    "414": "The request URI is too long.",
    "416": "The Range asked for lies outside the file (`Content-Range: bytes */size`).",
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


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    out = dict(schema)
    out["type"] = [schema["type"], "null"]
    return out


def ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"{REF}/{kind}/{name}"}


def text3() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["kk", "ru", "en"],
        "properties": {lang: {"type": "string"} for lang in ("kk", "ru", "en")},
    }


def query_param(
    name: str, description: str, schema: dict[str, Any] | None = None, required: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def path_param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
    }


# ------------------------------------------------------------------ schemas
def row_schema(dataset: Dataset) -> dict[str, Any]:
    props = {}
    for f in dataset.fields:
        schema = dict(TYPE_SCHEMA[f.type])
        if dataset.table.c[f.name].nullable:
            schema = nullable(schema)
        schema["description"] = f.description.en + (f" ({f.unit})" if f.unit else "")
        props[f.name] = schema
    return {"type": "object", "properties": props, "additionalProperties": False}


def envelope(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["data", "meta", "links"],
        "properties": {
            "data": data,
            "meta": ref("schemas", "Meta"),
            "links": ref("schemas", "Links"),
        },
    }


def region_feature_collection() -> dict[str, Any]:
    """/regions as GeoJSON: MultiPolygon boundaries (or Point centres), flat properties."""
    schema = feature_collection()
    feature = schema["properties"]["features"]["items"]
    feature["properties"]["geometry"] = {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {"type": {"enum": ["MultiPolygon", "Point"]},
                       "coordinates": {"type": "array"}},
    }
    return schema


def feature_collection() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection"},
            "metadata": ref("schemas", "Meta"),
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "geometry", "properties"],
                    "properties": {
                        "type": {"const": "Feature"},
                        "id": {"type": ["string", "null"]},
                        "geometry": {
                            "type": "object",
                            "required": ["type", "coordinates"],
                            "properties": {
                                "type": {"const": "Point"},
                                "coordinates": {
                                    "type": "array",
                                    "items": {"type": "number"},
                                    "minItems": 2,
                                    "maxItems": 2,
                                },
                            },
                        },
                        "properties": {"type": "object"},
                    },
                },
            },
        },
    }


def schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["status", "code", "message", "param"],
                    "additionalProperties": False,
                    "properties": {
                        "status": {"type": "integer"},
                        "code": {"type": "string"},
                        "message": {"type": "string"},
                        "param": {"type": ["string", "null"]},
                    },
                }
            },
        },
        "Text3": text3(),
        "Licence": {
            "type": "object",
            "required": ["id", "title", "url"],
            "properties": {k: {"type": "string"} for k in ("id", "title", "url")},
        },
        "Suppression": {
            "type": "object",
            "required": ["applied", "k", "rule"],
            "properties": {
                "applied": {"type": "boolean"},
                "k": {"type": "integer"},
                "flag_field": {"type": "string"},
                "rule": ref("schemas", "Text3"),
            },
        },
        "Meta": {
            "type": "object",
            "required": [
                "dataset",
                "publication_id",
                "last_updated",
                "licence",
                "demo",
                "suppression",
            ],
            "properties": {
                "dataset": {"type": ["string", "null"]},
                "publication_id": {"type": "integer"},
                "last_updated": {"type": ["string", "null"], "format": "date-time"},
                "licence": ref("schemas", "Licence"),
                "demo": {"type": "boolean"},
                "suppression": ref("schemas", "Suppression"),
                "count": {"type": "integer"},
                "total": {"type": ["integer", "null"]},
                "fields": {"type": "array", "items": {"type": "string"}},
            },
        },
        "Links": {
            "type": "object",
            "required": ["self", "next"],
            "properties": {"self": {"type": "string"}, "next": {"type": ["string", "null"]}},
        },
        "CatalogueEntry": {
            "type": "object",
            "required": [
                "id",
                "title",
                "description",
                "licence",
                "cadence",
                "last_updated",
                "publication_id",
                "rows",
                "formats",
                "demo",
                "links",
            ],
            "properties": {
                "id": {"type": "string", "enum": list(DATASETS)},
                "title": ref("schemas", "Text3"),
                "description": ref("schemas", "Text3"),
                "licence": ref("schemas", "Licence"),
                "cadence": {"type": "string", "enum": ["daily", "monthly", "on_change", "static"]},
                "last_updated": {"type": ["string", "null"], "format": "date-time"},
                "publication_id": {"type": "integer"},
                "rows": {"type": ["integer", "null"]},
                "formats": {"type": "array", "items": {"enum": list(FORMATS)}},
                "demo": {"type": "boolean"},
                "suppression": ref("schemas", "Suppression"),
                "links": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
        "FieldDescription": {
            "type": "object",
            "required": ["name", "type", "role", "description"],
            "properties": {
                "name": {"type": "string"},
                "type": {"type": "string"},
                "role": {"type": "string"},
                "unit": {"type": ["string", "null"]},
                "nullable": {"type": "boolean"},
                "suppressible": {"type": "boolean"},
                "description": ref("schemas", "Text3"),
            },
        },
        "AggregateGroup": {
            "type": "object",
            "required": ["value", "suppressed", "suppressed_cells", "cells", "complete"],
            "properties": {
                "value": {
                    "type": ["number", "null"],
                    "description": "Sum of the published cells of the group; null when "
                    "every cell is suppressed.",
                },
                "suppressed": {"type": "boolean"},
                "suppressed_cells": {"type": "integer"},
                "cells": {"type": "integer"},
                "complete": {
                    "type": "boolean",
                    "description": "false: some cells are suppressed, so the true "
                    "total is higher than `value`.",
                },
            },
        },
        "RegionIndicator": {
            "type": "object",
            "required": ["indicator", "value", "suppressed"],
            "properties": {
                "indicator": {"type": "string"},
                "month": {"type": ["string", "null"], "format": "date"},
                "value": {"type": ["number", "null"]},
                "suppressed": {"type": "boolean"},
                "population": {"type": ["number", "null"]},
                "rate_per_100k": {"type": ["number", "null"]},
                "rank": {"type": ["integer", "null"]},
            },
        },
        "Region": {
            "type": "object",
            "required": ["code", "kato_prefix", "name", "centre"],
            "properties": {
                "code": {"type": "string"},
                "kato_prefix": {"type": "string"},
                "name": ref("schemas", "Text3"),
                "centre": {
                    "type": "object",
                    "properties": {
                        "name": ref("schemas", "Text3"),
                        "lat": {"type": "number"},
                        "lon": {"type": "number"},
                    },
                },
                "indicators": {"type": "array", "items": {"type": "object"}},
                "links": {"type": "object"},
                "month": {"type": ["string", "null"], "format": "date"},
                "targets": {"type": "array", "items": {"type": "object"}},
                "facilities": {"type": "object"},
            },
        },
        "Publication": {
            "type": "object",
            "required": ["id", "published_at", "is_demo"],
            "properties": {
                "id": {"type": "integer"},
                "published_at": {"type": "string", "format": "date-time"},
                "run_id": {"type": ["integer", "null"]},
                "is_demo": {"type": "boolean"},
                "nights_from": {"type": ["string", "null"], "format": "date"},
                "nights_to": {"type": ["string", "null"], "format": "date"},
                "changes": {"type": ["object", "array", "null"]},
            },
        },
        "Status": {
            "type": "object",
            "required": ["publication", "fresh", "last_run", "datasets"],
            "properties": {
                "publication": {"oneOf": [ref("schemas", "Publication"), {"type": "null"}]},
                "age_seconds": {"type": ["number", "null"]},
                "fresh": {"type": "boolean"},
                "last_run": {"type": ["object", "null"]},
                "datasets": {"type": "object", "additionalProperties": {"type": "integer"}},
            },
        },
        "Health": {
            "type": "object",
            "required": ["status", "database"],
            "properties": {
                "status": {"const": "ok"},
                "database": {"const": "ok"},
                "publication_id": {"type": "integer"},
            },
        },
        "FeatureCollection": feature_collection(),
        "RegionFeatureCollection": region_feature_collection(),
    }
    for ds in DATASETS.values():
        schemas[f"Row_{ds.id}"] = row_schema(ds)
    return schemas


def responses() -> dict[str, Any]:
    out: dict[str, Any] = {
        str(status): {"description": text, "content": {JSON: {"schema": ref("schemas", "Error")}}}
        for status, text in ERROR_STATUSES.items()
    }
    out["304"] = {
        "description": "Not modified: the representation named by If-None-Match "
        "(or newer than If-Modified-Since) is still current."
    }
    return out


def headers() -> dict[str, Any]:
    return {
        "ETag": {
            "description": "Changes with every publication.",
            "required": True,
            "schema": {"type": "string"},
        },
        "Last-Modified": {
            "description": "Time of the publication.",
            "required": True,
            "schema": {"type": "string"},
        },
        "Cache-Control": {"description": "Caching rules.", "schema": {"type": "string"}},
    }


def ok_response(description: str, content: dict[str, Any]) -> dict[str, Any]:
    headers = {name: ref("headers", name) for name in ("ETag", "Last-Modified", "Cache-Control")}
    return {"description": description, "headers": headers, "content": content}


def operation(
    op_id: str,
    summary: str,
    description: str,
    ok: dict[str, Any],
    parameters: list[dict[str, Any]] | None = None,
    tag: str = "data",
    errors: tuple[str, ...] = ("400", "404", "406", "414", "429", "500", "503"),
) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": ok, "304": ref("responses", "304")}
    responses.update({code: ref("responses", code) for code in errors})
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "description": description,
            "tags": [tag],
            "parameters": parameters or [],
            "responses": responses,
        }
    }


def components() -> dict[str, Any]:
    return {"schemas": schemas(), "responses": responses(), "headers": headers()}
