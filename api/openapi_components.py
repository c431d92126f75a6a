"""Building blocks of the OpenAPI document: component schemas (the envelope, the one error
shape, a row schema per dataset), shared responses and headers, and operation helpers."""

from __future__ import annotations

from typing import Any, get_args

from api.params import MAX_VALUES
from data.catalog import Role

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


ROLES: tuple[str, ...] = get_args(Role)


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


def array_param(
    name: str, description: str, items: dict[str, Any], required: bool = False
) -> dict[str, Any]:
    """A multi-value parameter, written comma-separated (`channel=walk_in,online`); the server
    also accepts the parameter repeated."""
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "style": "form",
        "explode": False,
        "schema": {"type": "array", "items": items, "minItems": 1, "maxItems": MAX_VALUES},
    }


def path_param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
    }


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


# ------------------------------------------------------------------ GeoJSON shapes
def region_feature_collection() -> dict[str, Any]:
    """/regions as GeoJSON: MultiPolygon boundaries (or Point centres), flat properties."""
    schema = feature_collection()
    feature = schema["properties"]["features"]["items"]
    feature["properties"]["geometry"] = {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {
            "type": {"enum": ["MultiPolygon", "Point"]},
            # [lon, lat] for a Point; polygons of rings of positions otherwise
            "coordinates": {"type": "array", "items": {}},
        },
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
