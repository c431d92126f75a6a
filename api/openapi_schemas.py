"""The component schemas of the OpenAPI document: the envelope's parts, the one error shape,
a row and an aggregate schema per dataset, GeoJSON collections, and the catalogue entries."""

from __future__ import annotations

from typing import Any

from api.formats import FORMATS
from api.openapi_components import (
    ROLES,
    TYPE_SCHEMA,
    feature_collection,
    headers,
    nullable,
    ref,
    region_feature_collection,
    responses,
    text3,
)
from api.params import group_by_options
from api.regionnames import REGION_NAME, region_field
from data.catalog import DATASETS, Dataset


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
            props[name] = {
                **nullable(TYPE_SCHEMA[dataset.field(name).type]),
                "description": "Group column.",
            }
        else:
            props[name] = {"type": "string", "description": f"Group column: {name} as text."}
    if region_field(dataset) in props:
        props[REGION_NAME] = {
            "type": ["string", "null"],
            "description": "Name of the region in the language asked.",
        }
    props.update(AGGREGATE_SUMS)
    return {
        "type": "object",
        "required": list(AGGREGATE_SUMS),
        "properties": props,
        "additionalProperties": False,
    }


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
                    "type": ["string", "null"],
                    "format": "date",
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
    bound = {
        "type": ["string", "integer", "null"],
        "description": "A date, a timestamp or a year, as the time field is.",
    }
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


def components() -> dict[str, Any]:
    return {"schemas": schemas(), "responses": responses(), "headers": headers()}
