"""Parquet files of a dataset: typed columns, licence and demo flag in the schema metadata.

Shared by the API (`rows.parquet`) and the bulk zip built by the ETL, so both write the same
types and metadata (etl/ must not import api/). Rows are written in row groups of
ROW_GROUP_ROWS, so memory stays bounded whatever the table's size. Parquet needs no seek:
the sink may be a zip member or a temporary file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from data.catalog import LICENCE, SUPPRESSION_RULE, Dataset
from data.packaging import DEMO_NOTE, as_utc, iso_timestamp

ROW_GROUP_ROWS = 32_768
ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us", tz="UTC"),
    "object": pa.string(),  # JSON text, as in the CSV
}
COMPRESSION = "zstd"  # read by pandas/pyarrow, DuckDB, R arrow and polars alike


def file_metadata(
    dataset: Dataset, publication: dict[str, Any], suppression_k: int
) -> dict[str, str]:
    """Key/value pairs stored in the Parquet footer (readable with pq.read_schema)."""
    demo = bool(publication.get("is_demo"))
    meta = {
        "dataset": dataset.id,
        "title": json.dumps(dataset.title.as_dict(), ensure_ascii=False),
        "description": json.dumps(dataset.description.as_dict(), ensure_ascii=False),
        "licence": LICENCE["id"],
        "licence_title": LICENCE["title"],
        "licence_url": LICENCE["url"],
        "publication_id": str(publication.get("id")),
        "published_at": iso_timestamp(publication.get("published_at")) or "",
        "demo": "true" if demo else "false",
        "suppression_k": str(suppression_k),
        "suppression_rule": json.dumps(SUPPRESSION_RULE.as_dict(), ensure_ascii=False),
        "timestamps": "UTC",
    }
    if demo:
        meta["demo_note"] = json.dumps(DEMO_NOTE, ensure_ascii=False)
    return meta


def arrow_schema(dataset: Dataset, names: Sequence[str], metadata: dict[str, str]) -> pa.Schema:
    fields = []
    for name in names:
        if name not in dataset.field_names:  # a column the API adds (region_name): text
            fields.append(
                pa.field(
                    name,
                    pa.string(),
                    nullable=True,
                    metadata={"description": f"{name} (added by the API)"},
                )
            )
            continue
        spec = dataset.field(name)
        field_meta = {
            "description": spec.description.en,
            "description_kk": spec.description.kk,
            "description_ru": spec.description.ru,
        }
        if spec.unit:
            field_meta["unit"] = spec.unit
        if spec.suppressible:
            field_meta["suppressible"] = "true"
        nullable = bool(dataset.table.c[name].nullable) if name in dataset.table.c else True
        fields.append(
            pa.field(name, ARROW_TYPES[spec.type], nullable=nullable, metadata=field_meta)
        )
    return pa.schema(fields, metadata=metadata)


def _column(values: list[Any], kind: str, arrow_type: pa.DataType) -> pa.Array:
    if kind == "object":
        values = [
            None
            if v is None or isinstance(v, str)
            else json.dumps(v, ensure_ascii=False, sort_keys=True)
            for v in values
        ]
    elif kind == "datetime":
        values = [as_utc(v) if isinstance(v, datetime) else v for v in values]
    elif kind == "number":
        values = [None if v is None else float(v) for v in values]
    return pa.array(values, type=arrow_type)


def write_parquet(
    rows: Iterable[dict[str, Any]],
    dataset: Dataset,
    names: Sequence[str],
    sink: Any,
    *,
    metadata: dict[str, str],
) -> int:
    """Write `rows` (dicts) to `sink` (a path or a writable binary file); returns the count."""
    schema = arrow_schema(dataset, names, metadata)
    kinds = [dataset.field(n).type if n in dataset.field_names else "string" for n in names]
    count = 0
    with pq.ParquetWriter(sink, schema, compression=COMPRESSION) as writer:

        def flush(columns: list[list[Any]]) -> None:
            arrays = [
                _column(values, kind, schema.field(i).type)
                for i, (values, kind) in enumerate(zip(columns, kinds, strict=True))
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))

        # Values go straight into per-column lists (the row dicts are not kept).
        columns: list[list[Any]] = [[] for _ in names]
        for row in rows:
            for values, name in zip(columns, names, strict=True):
                values.append(row.get(name))
            count += 1
            if count % ROW_GROUP_ROWS == 0:
                flush(columns)
                columns = [[] for _ in names]
        if columns[0] or count == 0:  # no rows: a file with the schema, not an empty file
            flush(columns)
    return count
