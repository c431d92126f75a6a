"""Output formats: choosing one, and writing rows in it without holding a table in memory.

Every text writer takes an iterator of row dicts and yields bytes in chunks. XLSX and Parquet
cannot be streamed by construction (a zip directory, a footer at the end): they are written
into a temporary file in bounded memory, then streamed back with its Content-Length and
deleted.

XLSX uses xlsxwriter in constant_memory mode, not openpyxl's write-only mode. Measured on
front_office_visits at national scale (318,970 rows x 13 columns, bench/README.md), both with
the generic per-cell write: 35 s vs 49 s, the same flat peak RSS; and xlsxwriter keeps no
shared-strings table (openpyxl holds every distinct string in memory until the end). Each
column is written with its typed method (write_number, write_string, write_datetime) chosen
from the catalogue: the whole download then costs 27.7 CPU s against 57.7 s before, and a text
cell that starts with "=" stays text.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from flask import Request
from xlsxwriter import Workbook

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
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", True
    ),
    "geojson": Format("geojson", "application/geo+json", True),
    "parquet": Format("parquet", "application/vnd.apache.parquet", True),
}
# Excel's sheet holds 1,048,576 rows, the header included: more answers 413 (see datasets.py).
XLSX_MAX_ROWS = 1_048_575
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
            raise bad_param(
                "format",
                f"format '{name}' is not available here; choose one of: {', '.join(allowed)}",
            )
        return FORMATS[name]
    accept = request.accept_mimetypes
    if not accept or accept.best == "*/*" or not request.headers.get("Accept"):
        return FORMATS[allowed[0]]
    offered = [FORMATS[n].mimetype for n in allowed]
    best = accept.best_match(offered)
    if best is None and "geojson" in allowed and accept.best_match(["application/json"]):
        best = FORMATS["geojson"].mimetype  # GeoJSON is JSON
    if best is None:
        raise ApiError(
            406,
            "none of the formats in the Accept header is available here; "
            f"this endpoint offers: {', '.join(offered)}",
        )
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
    return json.dumps(
        obj, ensure_ascii=False, separators=(",", ":"), default=_default, allow_nan=False
    ).encode()


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


def geojson_stream(
    rows: Iterable[dict[str, Any]],
    names: list[str],
    *,
    lat: str,
    lon: str,
    id_field: str | None,
    metadata: dict[str, Any],
) -> Iterator[bytes]:
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


def feature_collection(
    features: Iterable[tuple[Any, bytes, dict[str, Any]]], metadata: dict[str, Any]
) -> Iterator[bytes]:
    """A FeatureCollection of (id, geometry as GeoJSON bytes, properties): stored geometries
    (region polygons) are passed through as they are, not parsed and re-serialised."""
    yield b'{"type":"FeatureCollection","metadata":' + to_json(metadata) + b',"features":['
    for number, (feature_id, geometry, properties) in enumerate(features):
        yield (
            (b"," if number else b"")
            + b'{"type":"Feature","id":'
            + to_json(feature_id)
            + b',"geometry":'
            + geometry
            + b',"properties":'
            + to_json(properties)
            + b"}"
        )
    yield b"]}"


def geo_columns(field_names: Sequence[str]) -> tuple[str, str] | None:
    for lat, lon in (("lat", "lon"), ("centre_lat", "centre_lon")):
        if lat in field_names and lon in field_names:
            return lat, lon
    return None


# ------------------------------------------------------------------ xlsx
WIDTH_SAMPLE_ROWS = 200  # column widths are guessed from the header and the first rows
MIN_WIDTH, MAX_WIDTH = 8, 60
TYPE_WIDTH = {"date": 11, "datetime": 20}
XLSX_OPTIONS = {
    "constant_memory": True,  # each row goes to disk once the next one starts
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}
Writer = Callable[[int, int, Any], Any]


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(plain_value(value))


def _cell_writers(sheet: Any, types: Sequence[str], date_fmt: Any, time_fmt: Any) -> list[Writer]:
    """One typed writer per column: Excel gets numbers, booleans and dates, not text."""

    def number(r: int, c: int, v: Any) -> None:
        v = v if type(v) in (int, float) else plain_value(v)
        if (
            isinstance(v, (int, float))
            and not isinstance(v, bool)
            and v == v
            and abs(v) != float("inf")
        ):
            sheet.write_number(r, c, v)
        elif v is not None:
            sheet.write_string(r, c, _text(v))

    def boolean(r: int, c: int, v: Any) -> None:
        sheet.write_boolean(r, c, bool(v))

    def day(r: int, c: int, v: Any) -> None:
        if isinstance(v, date):
            sheet.write_datetime(r, c, v, date_fmt)
        else:
            sheet.write_string(r, c, _text(v))

    def moment(r: int, c: int, v: Any) -> None:
        if isinstance(v, datetime):  # Excel has no time zones: UTC, as the metadata says
            sheet.write_datetime(r, c, as_utc(v).replace(tzinfo=None), time_fmt)
        else:
            day(r, c, v)

    def text(r: int, c: int, v: Any) -> None:
        sheet.write_string(r, c, v if type(v) is str else _text(v))

    chosen = {
        "integer": number,
        "number": number,
        "boolean": boolean,
        "date": day,
        "datetime": moment,
    }
    return [chosen.get(t, text) for t in types]


def _widths(
    names: Sequence[str], types: Sequence[str], sample: Sequence[dict[str, Any]]
) -> list[int]:
    widths = []
    for name, kind in zip(names, types, strict=True):
        longest = max(
            [len(name), TYPE_WIDTH.get(kind, 0)]
            + [len(_text(row[name])) for row in sample if row.get(name) is not None]
        )
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return widths


def write_xlsx(
    rows: Iterable[dict[str, Any]],
    names: list[str],
    *,
    sheet: str,
    metadata: list[tuple[str, Any]],
    types: dict[str, str] | None = None,
) -> Path:
    """Rows into a temporary .xlsx in constant memory; the caller streams and deletes it.

    The first sheet holds the data (bold frozen header, autofilter, column widths), the second
    the metadata (licence, publication, demo flag, field descriptions). `types` maps a column
    to its catalogue type (string, integer, number, boolean, date, datetime, object).
    """
    kinds = [(types or {}).get(n, "string") for n in names]
    handle, name = tempfile.mkstemp(prefix="api-export-", suffix=".xlsx")
    os.close(handle)
    path = Path(name)
    try:
        workbook = Workbook(str(path), {**XLSX_OPTIONS, "tmpdir": str(path.parent)})
        bold = workbook.add_format({"bold": True})
        date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd"})
        time_fmt = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        data = workbook.add_worksheet(sheet[:31])
        iterator = iter(rows)
        head = list(itertools.islice(iterator, WIDTH_SAMPLE_ROWS))
        for col, width in enumerate(_widths(names, kinds, head)):
            data.set_column(col, col, width)  # before any row: constant_memory needs it
        data.write_row(0, 0, names, bold)
        data.freeze_panes(1, 0)
        writers = list(enumerate(_cell_writers(data, kinds, date_fmt, time_fmt)))
        count = 0
        for count, row in enumerate(itertools.chain(head, iterator), start=1):
            values = [row.get(n) for n in names]
            for col, write in writers:
                if values[col] is not None:
                    write(count, col, values[col])
        data.autofilter(0, 0, max(count, 1), len(names) - 1)
        meta = workbook.add_worksheet("metadata")
        meta.set_column(0, 0, 24)
        meta.set_column(1, 1, 100)
        meta.write_row(0, 0, ["key", "value"], bold)
        for line, (key, value) in enumerate(metadata, start=1):
            meta.write_string(line, 0, key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                meta.write_number(line, 1, value)
            elif value is not None:
                meta.write_string(line, 1, _text(value))
        workbook.close()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def file_stream(path: Path, chunk: int = 256 * 1024) -> Iterator[bytes]:
    """Stream a temporary file and delete it, even when the client goes away early."""
    handle = path.open("rb")
    path.unlink(missing_ok=True)  # the open handle keeps the data until closed
    try:
        while data := handle.read(chunk):
            yield data
    finally:
        handle.close()


def temporary_file_body(path: Path) -> tuple[Iterator[bytes], int]:
    """The chunks of a finished temporary file (deleted as it is sent) and its length."""
    size = path.stat().st_size
    return file_stream(path), size
