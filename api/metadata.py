"""Describing datasets: catalogue entries, data dictionaries and Table Schemas (DCAT-AP:
api.dcat).

Everything is derived from data.catalog, the single place where titles, descriptions and
fields are written, so the API, the bulk download and the dashboard describe data alike.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from api.context import suppression_block
from api.formats import geo_columns
from api.params import filter_params, group_by_options
from api.regionnames import REGION_NAME, region_field
from data.catalog import LICENCE, Dataset
from data.packaging import DEMO_NOTE, iso_timestamp, table_schema
from webcore.cache import Publication


def formats_for(dataset: Dataset) -> list[str]:
    names = ["json", "csv", "ndjson", "xlsx", "parquet"]
    if geo_columns(dataset.field_names):
        names.append("geojson")
    return names


def _url(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, _external=True, **values)


def download_links(dataset: Dataset) -> dict[str, str]:
    links = {
        "self": _url("api.dataset_detail", dataset_id=dataset.id),
        "rows": _url("api.rows", dataset_id=dataset.id),
    }
    for name in formats_for(dataset):
        if name != "json":
            links[name] = _url("api.rows_ext", dataset_id=dataset.id, ext=name)
    return links


def catalogue_entry(dataset: Dataset, pub: Publication, rows: int | None) -> dict[str, Any]:
    return {
        "id": dataset.id,
        "title": dataset.title.as_dict(),
        "description": dataset.description.as_dict(),
        "licence": LICENCE,
        "cadence": dataset.cadence,
        "last_updated": iso_timestamp(pub.published_at),
        "publication_id": pub.id,
        "rows": rows,
        "formats": formats_for(dataset),
        "demo": pub.is_demo,
        "suppression": suppression_block(dataset),
        "links": download_links(dataset),
    }


def data_dictionary(dataset: Dataset) -> list[dict[str, Any]]:
    return [
        {
            "name": f.name,
            "type": f.type,
            "role": f.role,
            "unit": f.unit,
            "nullable": bool(dataset.table.c[f.name].nullable),
            "suppressible": f.suppressible,
            "values": list(f.values),
            "description": f.description.as_dict(),
        }
        for f in dataset.fields
    ]


def dataset_detail(
    dataset: Dataset, pub: Publication, rows: int | None, time_range: tuple[Any, Any]
) -> dict[str, Any]:
    entry = catalogue_entry(dataset, pub, rows)
    entry.update(
        {
            "fields": data_dictionary(dataset),
            "filters": sorted(filter_params(dataset)),
            "sortable": dataset.sortable,
            "default_sort": list(dataset.default_sort),
            "time_field": dataset.time_field,
            "time_range": {"from": time_range[0], "to": time_range[1]},
            "aggregate": {
                "group_by": group_by_options(dataset),
                "measures": dataset.measure_fields + ["rows"],
            },
            "geo": geo_columns(dataset.field_names) is not None,
        }
    )
    return entry


def xlsx_metadata(dataset: Dataset, pub: Publication, k: int) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("dataset", dataset.id),
        ("title_kk", dataset.title.kk),
        ("title_ru", dataset.title.ru),
        ("title_en", dataset.title.en),
        ("description_en", dataset.description.en),
        ("licence", f"{LICENCE['title']} ({LICENCE['id']}) {LICENCE['url']}"),
        ("publication_id", pub.id),
        ("last_updated", iso_timestamp(pub.published_at)),
        ("demo", "true" if pub.is_demo else "false"),
    ]
    if pub.is_demo:
        rows += [
            ("demo_note_kk", DEMO_NOTE["kk"]),
            ("demo_note_ru", DEMO_NOTE["ru"]),
            ("demo_note_en", DEMO_NOTE["en"]),
        ]
    rule = suppression_block(dataset)
    rows += [
        ("suppression_applied", "true" if rule["applied"] else "false"),
        ("suppression_k", k),
        ("suppression_rule_kk", rule["rule"]["kk"]),
        ("suppression_rule_ru", rule["rule"]["ru"]),
        ("suppression_rule_en", rule["rule"]["en"]),
    ]
    rows += [
        (f"field:{f.name}", f.description.en + (f" ({f.unit})" if f.unit else ""))
        for f in dataset.fields
    ]
    return rows


def api_table_schema(dataset: Dataset) -> dict[str, Any]:
    """The Table Schema of the API's CSV of a dataset: the bulk file's, plus the
    `region_name` column the API writes next to the region code."""
    schema = table_schema(dataset)
    field = region_field(dataset)
    if field is None:
        return schema
    names = [f["name"] for f in schema["fields"]]
    fields = list(schema["fields"])
    fields.insert(
        names.index(field) + 1,
        {
            "name": REGION_NAME,
            "type": "string",
            "title": "Region name",
            "description": "Name of the region in the language asked with lang= (default en).",
        },
    )
    return {**schema, "fields": fields}
