"""No personal value from the demo input reaches any API response or download.

Every personal or free-text value of the raw demo extracts (IINs, names, phones, plates, notes,
operator ids) is searched for in every endpoint, every export format of every dataset, every
aggregate and every file of the bulk zip. Camera locations must not appear either.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from etl_helpers import TOKEN, personal_values, public_values
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from test_api_support import ensure_bulk

from data.catalog import DATASETS
from data.reference import region_codes

FIXED = [
    "/api/v1/datasets",
    "/api/v1/regions",
    "/api/v1/regions?format=geojson",
    "/api/v1/facilities",
    "/api/v1/publications",
    "/api/v1/status",
    "/healthz",
    "/api/v1/datapackage.json",
    "/api/v1/catalog.jsonld",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/api/v1/",
]


def _text(response_bytes: bytes, mimetype: str) -> str:
    if mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(response_bytes), read_only=True)
        return "\n".join(
            "\t".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if mimetype == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response_bytes)) as zf:
            return "\n".join(
                _text(
                    zf.read(name),
                    "application/vnd.apache.parquet" if name.endswith(".parquet") else "text/plain",
                )
                for name in zf.namelist()
            )
    if mimetype == "application/vnd.apache.parquet":  # cells and metadata as text
        table = pq.read_table(io.BytesIO(response_bytes))
        lines = [f"{k!r}: {v!r}" for k, v in (table.schema.metadata or {}).items()]
        lines += [
            "\t".join("" if v is None else str(v) for v in row.values())
            for row in table.to_pylist()
        ]
        return "\n".join(lines)
    return response_bytes.decode("utf-8")


def _urls() -> Iterator[str]:
    yield from FIXED
    for code in region_codes():
        yield f"/api/v1/regions/{code}"
    for ds_id, ds in DATASETS.items():
        base = f"/api/v1/datasets/{ds_id}"
        yield base
        for ext in ("csv", "ndjson", "parquet"):
            yield f"{base}/rows.{ext}"
        yield f"{base}/rows.xlsx?limit=3000"  # the same writer; whole tables are slow in xlsx
        if ds.geo or ds_id == "regions":
            yield f"{base}/rows.geojson"
        yield f"{base}/rows?limit=10000"
        groups = ds.names_with("region", "district", "category", "facility")
        if ds.measure_fields and groups:
            yield f"{base}/aggregate?group_by={','.join(groups)}"
    yield "/api/v1/bulk/latest.zip"


@pytest.fixture(scope="module")
def everything_served(app: Flask) -> dict[str, str]:
    """URL -> the response as text (headers included)."""
    ensure_bulk(app)
    client: FlaskClient = app.test_client()
    served = {}
    for url in _urls():
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        served[url] = headers + "\n" + _text(response.get_data(), response.mimetype)
    return served


def leaks_in(served: dict[str, str], values: set[str]) -> list[tuple[str, str]]:
    """(url, value) for every personal value found verbatim in a response.

    Each value is looked for only in the responses that contain its longest token, found
    by intersecting token sets: a hundred thousand values against tens of MB stays fast."""
    by_key: dict[str, list[str]] = {}
    for value in values:
        parts = TOKEN.findall(value)
        if parts:
            by_key.setdefault(max(parts, key=len), []).append(value)
    found = []
    for url, text in served.items():
        for key in set(TOKEN.findall(text)) & by_key.keys():
            found += [(url, value) for value in by_key[key] if value in text]
    return found


def test_no_personal_value_in_any_response(
    everything_served: dict[str, str], demo_landing: Path
) -> None:
    values = personal_values(demo_landing) - public_values(demo_landing)
    assert len(values) > 100, "the demo input should carry many personal values"
    leaks = leaks_in(everything_served, values)
    assert not leaks, f"{len(leaks)} personal values served, e.g. {sorted(leaks)[:5]}"


def test_leak_search_finds_a_planted_value(everything_served: dict[str, str]) -> None:
    planted = {**everything_served, "/planted": "note: 870412300123 called +7 701 555 12 34"}
    assert {v for _, v in leaks_in(planted, {"870412300123", "+7 701 555 12 34"})} == {
        "870412300123",
        "+7 701 555 12 34",
    }


def test_no_camera_location_or_personal_column_served(
    everything_served: dict[str, str],
) -> None:
    for url, text in everything_served.items():
        for column in (
            "visitor_iin",
            "visitor_name",
            "visitor_phone",
            "offender_iin",
            "vehicle_plate",
            "operator_id",
        ):
            assert column not in text, (url, column)
        assert '"type":"camera"' not in text, url
        assert "CAM-" not in text, url
