"""Output formats: choosing one, and writing rows in it without holding a table in memory.

Every writer takes an iterator of row dicts and yields bytes in chunks; xlsx, which cannot be
streamed by construction, goes through openpyxl's write-only mode into a temporary file that
is streamed back and deleted.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from flask import Request
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from api.errors import ApiError, bad_param
from data.packaging import as_utc, csv_cell, plain_value


@dataclass(frozen=True)
class Format:
    name: str
    mimetype: str
    download: bool  # sent as an attachment with a file name


FORMATS: dict[str, Format] = {
    "json": Format("json", "application/json", False),
    "ndjson": Format("ndjson", "application/x-ndjson", True),
    "csv": Format("csv", "text/csv", True),
    "xlsx": Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   True),
    "geojson": Format("geojson", "application/geo+json", True),
}
CHUNK_ROWS = 500


def negotiate(request: Request, allowed: Sequence[str], extension: str | None = None) -> Format:
    """The extension (`rows.csv`) or `format=` wins; otherwise the Accept header decides."""
    asked = request.args.getlist("format")
    if len(asked) > 1:
        raise bad_param("format", "'format' is given more than once")
    name = asked[0].strip().lower() if asked else None
    if extension and name and name != extension:
        raise bad_param("format", f"format={name} contradicts the .{extension} extension")
    name = extension or name
    if name is not None:
        if name not in allowed:
            raise bad_param("format", f"format '{name}' is not available here; "
                                      f"choose one of: {', '.join(allowed)}")
        return FORMATS[name]
    accept = request.accept_mimetypes
    if not accept or accept.best == "*/*" or not request.headers.get("Accept"):
        return FORMATS[allowed[0]]
    offered = [FORMATS[n].mimetype for n in allowed]
    best = accept.best_match(offered)
    if best is None and "geojson" in allowed and accept.best_match(["application/json"]):
        best = FORMATS["geojson"].mimetype  # GeoJSON is JSON
    if best is None:
        raise ApiError(406, "none of the formats in the Accept header is available here; "
                            f"this endpoint offers: {', '.join(offered)}")
    return next(FORMATS[n] for n in allowed if FORMATS[n].mimetype == best)


def accepts_json(request: Request, mimetype: str = "application/json") -> None:
    """406 unless the client accepts the JSON (or JSON-LD, GeoJSON) this endpoint returns."""
    if not request.headers.get("Accept"):
        return
    accept = request.accept_mimetypes
    if accept.best_match([mimetype, "application/json"]) is None:
        raise ApiError(406, f"this endpoint answers {mimetype} only")


# ------------------------------------------------------------------ JSON
def _default(value: Any) -> Any:
    plain = plain_value(value)
    if plain is value:
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")
    return plain


def to_json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=_default,
                      allow_nan=False).encode()


def to_plain(obj: Any) -> Any:
    """Deep copy with NaN -> None and numpy scalars -> Python, for pandas-built results."""
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if obj is pd.NA or obj is pd.NaT:
        return None
    return plain_value(obj)


# ------------------------------------------------------------------ streamed writers
def _batched(rows: Iterable[Any], size: int = CHUNK_ROWS) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def csv_stream(rows: Iterable[dict[str, Any]], names: list[str], *, bom: bool) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    yield ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()
    for batch in _batched(rows):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([csv_cell(row.get(n)) for n in names] for row in batch)
        yield buffer.getvalue().encode()


def ndjson_stream(rows: Iterable[dict[str, Any]], names: list[str]) -> Iterator[bytes]:
    for batch in _batched(rows):
        yield b"".join(to_json({n: row.get(n) for n in names}) + b"\n" for row in batch)


def geojson_stream(rows: Iterable[dict[str, Any]], names: list[str], *, lat: str, lon: str,
                   id_field: str | None, metadata: dict[str, Any]) -> Iterator[bytes]:
    """A FeatureCollection of points; `metadata` is a foreign member next to `features`."""
    yield b'{"type":"FeatureCollection","metadata":' + to_json(metadata) + b',"features":['
    first = True
    for batch in _batched(rows):
        parts = []
        for row in batch:
            if row.get(lat) is None or row.get(lon) is None:
                continue
            feature: dict[str, Any] = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row[lon], row[lat]]},
                "properties": {n: row.get(n) for n in names if n not in (lat, lon)},
            }
            if id_field:
                feature["id"] = row.get(id_field)
            parts.append(to_json(feature))
        if parts:
            yield (b"" if first else b",") + b",".join(parts)
            first = False
    yield b"]}"


def geo_columns(field_names: Sequence[str]) -> tuple[str, str] | None:
    for lat, lon in (("lat", "lon"), ("centre_lat", "centre_lon")):
        if lat in field_names and lon in field_names:
            return lat, lon
    return None


# ------------------------------------------------------------------ xlsx
def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).replace(tzinfo=None)  # Excel has no time zones: UTC
    if isinstance(value, date):
        return value
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    value = plain_value(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_xlsx(rows: Iterable[dict[str, Any]], names: list[str], *, sheet: str,
               metadata: list[tuple[str, Any]]) -> Path:
    """Rows into a temporary .xlsx (write-only mode: constant memory); the caller deletes it."""
    workbook = Workbook(write_only=True)
    data_sheet = workbook.create_sheet(sheet[:31])
    data_sheet.append(names)
    for row in rows:
        data_sheet.append([_xlsx_cell(row.get(n)) for n in names])
    meta_sheet = workbook.create_sheet("metadata")
    meta_sheet.append(["key", "value"])
    for key, value in metadata:
        meta_sheet.append([key, _xlsx_cell(value)])
    handle, name = tempfile.mkstemp(prefix="api-export-", suffix=".xlsx")
    os.close(handle)
    path = Path(name)
    try:
        workbook.save(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def file_stream(path: Path, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """Stream a temporary file and delete it, even when the client goes away early."""
    handle = path.open("rb")
    path.unlink(missing_ok=True)  # the open handle keeps the data until closed
    try:
        while data := handle.read(chunk):
            yield data
    finally:
        handle.close()
