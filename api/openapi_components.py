"""Building blocks of the OpenAPI document: component schemas (the envelope, the one error
shape, a row schema per dataset), shared responses and headers, and operation helpers."""

from __future__ import annotations

from typing import Any, get_args

from api.formats import FORMATS
from api.params import MAX_VALUES, group_by_options
from api.regionnames import REGION_NAME, region_field
from data.catalog import DATASETS, Dataset, Role

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


# ------------------------------------------------------------------ schemas
def row_schema(dataset: Dataset) -> dict[str, Any]:
    props = {}
    for f in dataset.fields:
        schema = dict(TYPE_SCHEMA[f.type])
        if dataset.table.c[f.name].nullable:
            schema = nullable(schema)
        schema["description"] = f.description.en + (f" ({f.unit})" if f.unit else "")
        props[f.name] = schema
        if f.name == region_field(dataset):
            props[REGION_NAME] = {
                "type": ["string", "null"],
                "description": "Name of the region in the language asked with `lang`.",
            }
    return {"type": "object", "properties": props, "additionalProperties": False}


def aggregate_schema(dataset: Dataset) -> dict[str, Any]:
    """One group of /aggregate: the columns grouped by (those asked), then the sums."""
    props: dict[str, Any] = {}
    for name in group_by_options(dataset):
        period = name in ("month", "year") and dataset.time_field in ("date", "month")
        if name in dataset.field_names and not period:
            props[name] = {**nullable(TYPE_SCHEMA[dataset.field(name).type]),
                           "description": "Group column."}
        else:
            props[name] = {"type": "string", "description": f"Group column: {name} as text."}
    if region_field(dataset) in props:
        props[REGION_NAME] = {"type": ["string", "null"],
                              "description": "Name of the region in the language asked."}
    props.update(AGGREGATE_SUMS)
    return {"type": "object", "required": list(AGGREGATE_SUMS), "properties": props,
            "additionalProperties": False}


AGGREGATE_SUMS: dict[str, Any] = {
    "value": {
        "type": ["number", "null"],
        "description": "Sum of the published cells of the group; null when every cell is "
        "suppressed.",
    },
    "suppressed": {"type": "boolean"},
    "suppressed_cells": {"type": "integer"},
    "cells": {"type": "integer"},
    "complete": {
        "type": "boolean",
        "description": "false: some cells are suppressed, so the true total is higher than "
        "`value`.",
    },
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


def region_feature_collection() -> dict[str, Any]:
    """/regions as GeoJSON: MultiPolygon boundaries (or Point centres), flat properties."""
    schema = feature_collection()
    feature = schema["properties"]["features"]["items"]
    feature["properties"]["geometry"] = {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {"type": {"enum": ["MultiPolygon", "Point"]},
                       # [lon, lat] for a Point; polygons of rings of positions otherwise
                       "coordinates": {"type": "array", "items": {}}},
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


def catalogue_entry_schema() -> dict[str, Any]:
    return {
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
            "formats": {"type": "array", "items": {"type": "string", "enum": list(FORMATS)}},
            "demo": {"type": "boolean"},
            "suppression": ref("schemas", "Suppression"),
            "links": {"type": "object", "additionalProperties": {"type": "string"}},
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
                "group_by": {"type": "array", "items": {"type": "string"}},
                "measure": {"type": ["string", "null"]},
            },
        },
        "Links": {
            "type": "object",
            "required": ["self", "next"],
            "properties": {"self": {"type": "string"}, "next": {"type": ["string", "null"]}},
        },
        "CatalogueEntry": catalogue_entry_schema(),
        "FieldDescription": {
            "type": "object",
            "required": ["name", "type", "role", "description"],
            "properties": {
                "name": {"type": "string"},
                "type": {"type": "string", "enum": list(TYPE_SCHEMA)},
                "role": {"type": "string", "enum": list(ROLES)},
                "unit": {"type": ["string", "null"]},
                "nullable": {"type": "boolean"},
                "suppressible": {"type": "boolean"},
                "values": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "The closed list of values of a category field (empty: "
                    "not a closed list).",
                },
                "description": ref("schemas", "Text3"),
            },
        },
        "DatasetDetail": dataset_detail_schema(),
        "AggregateGroup": {
            "type": "object",
            "required": list(AGGREGATE_SUMS),
            "properties": AGGREGATE_SUMS,
        },
        "RegionIndicator": {
            "type": "object",
            "required": ["indicator", "value", "suppressed"],
            "properties": {
                "indicator": {"type": "string"},
                "month": {"type": ["string", "null"], "format": "date"},
                "value": {"type": ["number", "null"]},
                "suppressed": {"type": "boolean"},
                "missing": {"type": "boolean"},
                "population": {"type": ["number", "null"]},
                "rate_per_100k": {"type": ["number", "null"]},
                "national_rate_per_100k": {"type": ["number", "null"]},
                "rank": {"type": ["integer", "null"]},
                "ranked_regions": {"type": ["integer", "null"]},
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
                "indicators": {"type": "array", "items": ref("schemas", "RegionIndicator")},
                "links": {
                    "type": "object",
                    "required": ["self"],
                    "properties": {"self": {"type": "string"}},
                },
                "month": {"type": ["string", "null"], "format": "date"},
                "targets": {"type": "array", "items": ref("schemas", "Row_targets")},
                "facilities": {
                    "type": "object",
                    "description": "Facility counts: type -> status -> count.",
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": {"type": "integer"},
                    },
                },
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
                "changes": {
                    "type": "object",
                    "description": "What changed, per dataset (or other published table).",
                    "additionalProperties": ref("schemas", "PublicationChange"),
                },
            },
        },
        "PublicationChange": {
            "type": "object",
            "properties": {
                "rows_before": {"type": "integer"},
                "rows_after": {"type": "integer"},
                "months_replaced": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "Months (YYYY-MM) recomputed by this publication.",
                },
                "days_replaced": {
                    "type": "array",
                    "items": {"type": "string", "format": "date"},
                    "description": "Days whose rows of a daily table this publication replaced "
                                   "(new or re-delivered nights).",
                },
                "new_delivery": {"type": "boolean"},
                "loaded": {"type": "integer"},
            },
        },
        "EtlRun": {
            "type": "object",
            "required": ["id", "status"],
            "properties": {
                "id": {"type": "integer"},
                "status": {"type": "string"},
                "started_at": {"type": ["string", "null"], "format": "date-time"},
                "finished_at": {"type": ["string", "null"], "format": "date-time"},
                "nights": {"type": "array", "items": {"type": "string", "format": "date"}},
                "rows_in": {"type": ["integer", "null"]},
                "rows_loaded": {"type": ["integer", "null"]},
                "rows_quarantined": {"type": ["integer", "null"]},
                "quarantine_reasons": {
                    "type": "object",
                    "additionalProperties": {"type": "integer"},
                },
                "publication_id": {"type": ["integer", "null"]},
            },
        },
        "Status": {
            "type": "object",
            "required": ["publication", "fresh", "last_run", "datasets"],
            "properties": {
                "publication": {"oneOf": [ref("schemas", "Publication"), {"type": "null"}]},
                "data_through": {
                    "type": ["string", "null"], "format": "date",
                    "description": "The latest night published by any publication (a later "
                                   "re-delivery of an old night does not move it back).",
                },
                "age_seconds": {"type": ["number", "null"]},
                "fresh": {"type": "boolean"},
                "last_run": {"oneOf": [ref("schemas", "EtlRun"), {"type": "null"}]},
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
        if ds.measure_fields:
            schemas[f"Aggregate_{ds.id}"] = aggregate_schema(ds)
    return schemas


def dataset_detail_schema() -> dict[str, Any]:
    """GET /datasets/{id}: the catalogue entry plus the data dictionary and what the dataset
    can be filtered, sorted and grouped by."""
    strings = {"type": "array", "items": {"type": "string"}}
    bound = {"type": ["string", "integer", "null"],
             "description": "A date, a timestamp or a year, as the time field is."}
    entry = catalogue_entry_schema()
    entry["required"] = entry["required"] + ["fields", "filters", "sortable", "aggregate"]
    entry["properties"] = {
        **entry["properties"],
        "fields": {"type": "array", "items": ref("schemas", "FieldDescription")},
        "filters": strings,
        "sortable": strings,
        "default_sort": strings,
        "time_field": {"type": ["string", "null"]},
        "time_range": {
            "type": "object",
            "required": ["from", "to"],
            "properties": {"from": bound, "to": bound},
        },
        "aggregate": {
            "type": "object",
            "required": ["group_by", "measures"],
            "properties": {"group_by": strings, "measures": strings},
        },
        "geo": {"type": "boolean"},
    }
    return entry


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
