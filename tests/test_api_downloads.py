"""Downloads that always finish: a slow client under a real gunicorn, byte ranges on the bulk
zip, XLSX refused (413) above Excel's row limit and well-formed below it, Parquet typed and
equal to the CSV, and region GeoJSON with polygons and flat properties."""

from __future__ import annotations

import http.client
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from test_api_support import ensure_bulk, same_cells

from data.catalog import DATASETS, INDICATORS
from data.parquet import ARROW_TYPES
from data.settings import Config
from tests.browser_support import free_port, stop

ROOT = Path(__file__).resolve().parent.parent
VISITS = "/api/v1/datasets/front_office_visits_daily"
SLOW_READ_SECONDS = 9.0  # three times the worker timeout the test server runs with
WORKER_TIMEOUT = 3
SLOW_PATH = f"{VISITS}/rows.ndjson?lang=kk"  # the largest streamed export of the test warehouse


def _send_buffer_max() -> int:
    """Linux grows a socket's send buffer up to tcp_wmem's maximum (4 MiB by default): a
    download smaller than that is swallowed by the kernel and never keeps a worker busy."""
    try:
        return int(Path("/proc/sys/net/ipv4/tcp_wmem").read_text().split()[2])
    except (OSError, IndexError, ValueError):
        return 4 * 1024 * 1024


# ------------------------------------------------------------------ slow client, real gunicorn
@pytest.fixture(scope="module")
def gunicorn_for(
    warehouse_config: Config, app: Flask, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """Start the real app under gunicorn (gunicorn.conf.py + extra args); yields a starter."""
    ensure_bulk(app)
    started: list[subprocess.Popen[bytes]] = []
    workdir = tmp_path_factory.mktemp("download_server")

    def start(*args: str) -> str:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": warehouse_config.database_url,
            "MAP_TILES": "none",
            "RATELIMIT_ENABLED": "false",
            "CACHE_REDIS_URL": "",
            "QUARANTINE_DIR": str(workdir / "quarantine"),
            "EXPORT_DIR": str(warehouse_config.export_dir),
        }
        log = (workdir / f"gunicorn-{port}.log").open("wb")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                *args,
                "app:server",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(proc)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/api/v1/datasets")  # imports and warms the app
                if conn.getresponse().status == 200:
                    return f"127.0.0.1:{port}"
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not start; see {log.name}")

    yield start
    for proc in started:
        stop(proc, grace=30)


def slow_get(address: str, path: str, size_hint: int, seconds: float) -> tuple[int, bytes]:
    """GET with a tiny receive window, reading at size_hint/seconds bytes per second, so
    the server is kept writing for about `seconds` (the socket buffers cannot absorb it)."""
    host, port = address.split(":")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: small window
    sock.settimeout(60)
    sock.connect((host, int(port)))
    conn = http.client.HTTPConnection(host, int(port))
    conn.sock = sock
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = conn.getresponse()
    rate = size_hint / seconds
    body = bytearray()
    start = time.monotonic()
    try:
        while chunk := response.read(2048):
            body += chunk
            ahead = len(body) / rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
    except (http.client.IncompleteRead, ConnectionError) as exc:
        partial = getattr(exc, "partial", b"")
        body += partial
    finally:
        conn.close()
    return response.status, bytes(body)


def test_slow_client_reads_exports_to_the_end(gunicorn_for: Any, client: FlaskClient) -> None:
    """A client slower than the worker timeout still gets every byte (gthread worker)."""
    address = gunicorn_for("--timeout", str(WORKER_TIMEOUT))
    expected = {
        SLOW_PATH: client.get(SLOW_PATH).get_data(),
        "/api/v1/bulk/latest.zip": client.get("/api/v1/bulk/latest.zip").get_data(),
    }
    # The server is still writing after (1 - buffer/size) of the read: past the timeout.
    # (The client's 4 KiB receive window absorbs next to nothing; the control test below
    # proves the export outlasts the kernel's buffers: a sync worker is cut off.)
    assert len(expected[SLOW_PATH]) > _send_buffer_max() + (1 << 20)
    results: dict[str, tuple[int, bytes, float]] = {}

    def fetch(path: str) -> None:
        start = time.monotonic()
        status, body = slow_get(address, path, len(expected[path]), SLOW_READ_SECONDS)
        results[path] = (status, body, time.monotonic() - start)

    threads = [threading.Thread(target=fetch, args=(path,)) for path in expected]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for path, body in expected.items():
        status, received, took = results[path]
        assert status == 200, path
        assert took > 2 * WORKER_TIMEOUT, f"{path} was read in {took:.1f} s: not slow enough"
        assert len(received) == len(body), f"{path}: {len(received)} of {len(body)} bytes"
        assert received == body, path


def test_sync_worker_control_cuts_the_same_slow_client(
    gunicorn_for: Any, client: FlaskClient
) -> None:
    """The control: with gunicorn's default sync worker the same client is cut off at the
    timeout, so the test above really exercises what the worker class fixes."""
    address = gunicorn_for(
        "--timeout", str(WORKER_TIMEOUT), "--worker-class", "sync", "--threads", "1"
    )  # threads > 1 would switch sync to gthread
    body = client.get(SLOW_PATH).get_data()
    _status, received = slow_get(address, SLOW_PATH, len(body), SLOW_READ_SECONDS)
    assert len(received) < len(body)


# ------------------------------------------------------------------ byte ranges
@pytest.fixture(scope="module")
def bulk_bytes(app: Flask) -> bytes:
    return ensure_bulk(app).read_bytes()


def test_bulk_zip_has_length_and_answers_ranges(client: FlaskClient, bulk_bytes: bytes) -> None:
    whole = client.get("/api/v1/bulk/latest.zip")
    assert whole.status_code == 200 and whole.get_data() == bulk_bytes
    assert whole.headers["Content-Length"] == str(len(bulk_bytes))
    assert whole.headers["Accept-Ranges"] == "bytes"
    etag = whole.headers["ETag"]
    assert not etag.startswith("W/")  # If-Range needs a strong validator

    part = client.get("/api/v1/bulk/latest.zip", headers={"Range": "bytes=100-4195"})
    assert part.status_code == 206
    assert part.get_data() == bulk_bytes[100:4196]
    assert part.headers["Content-Range"] == f"bytes 100-4195/{len(bulk_bytes)}"
    assert part.headers["Content-Length"] == "4096"

    tail = client.get("/api/v1/bulk/latest.zip", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.get_data() == bulk_bytes[-10:]

    resumed = client.get(
        "/api/v1/bulk/latest.zip", headers={"Range": "bytes=5000-", "If-Range": etag}
    )
    assert resumed.status_code == 206 and resumed.get_data() == bulk_bytes[5000:]
    changed = client.get(
        "/api/v1/bulk/latest.zip", headers={"Range": "bytes=5000-", "If-Range": '"another-file"'}
    )
    assert changed.status_code == 200 and changed.get_data() == bulk_bytes

    assert client.get("/api/v1/bulk/latest.zip", headers={"If-None-Match": etag}).status_code == 304


def test_bulk_zip_range_outside_the_file_is_416(client: FlaskClient, bulk_bytes: bytes) -> None:
    response = client.get(
        "/api/v1/bulk/latest.zip", headers={"Range": f"bytes={len(bulk_bytes) + 10}-"}
    )
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{len(bulk_bytes)}"
    error = response.get_json()["error"]
    assert error["status"] == 416 and error["code"] == "range_not_satisfiable"


# ------------------------------------------------------------------ XLSX
def test_xlsx_over_excel_limit_is_413_pointing_elsewhere(
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import api.formats
    import api.views.datasets

    assert api.formats.XLSX_MAX_ROWS == 1_048_576 - 1  # the sheet's rows minus the header

    def total(query: str) -> int:
        return client.get(f"{VISITS}/rows?include_total=true&limit=1&{query}").get_json()["meta"][
            "total"
        ]

    everything, one_region = total(""), total("region=KZ-59")
    assert 0 < one_region < everything
    monkeypatch.setattr(api.views.datasets, "XLSX_MAX_ROWS", everything - 1)  # a small Excel
    for method in ("GET", "HEAD"):  # checked before producing anything, for HEAD too
        response = client.open(f"{VISITS}/rows.xlsx?date_from=2026-08-01", method=method)
        assert response.status_code == 413, method
        assert response.mimetype == "application/json"
    error = client.get(f"{VISITS}/rows?format=xlsx").get_json()["error"]
    assert error["status"] == 413
    assert error["code"] == "too_many_rows_for_xlsx" and error["param"] == "format"
    assert f"{everything:,} rows match" in error["message"]
    for hint in (f"{VISITS}/rows.csv", f"{VISITS}/rows.parquet", "/api/v1/bulk/latest.zip"):
        assert hint in error["message"], hint
    link = client.get(f"{VISITS}/rows.xlsx?date_from=2026-08-01").headers["Link"]
    assert "rows.parquet?date_from=2026-08-01" in link
    small = client.get(f"{VISITS}/rows.xlsx?region=KZ-59")
    assert small.status_code == 200  # what fits is still served
    assert (
        load_workbook(io.BytesIO(small.get_data()), read_only=True)[
            "front_office_visits_daily"
        ].max_row
        == one_region + 1
    )


def test_xlsx_is_typed_with_frozen_header_filter_and_widths(client: FlaskClient) -> None:
    response = client.get(f"{VISITS}/rows.xlsx?region=KZ-59")  # a part: openpyxl reads slowly
    assert response.status_code == 200
    data = response.get_data()
    assert response.headers["Content-Length"] == str(len(data))
    book = load_workbook(io.BytesIO(data))  # full mode: panes, filters and widths are read
    sheet = book["front_office_visits_daily"]
    csv_rows = pd.read_csv(
        io.BytesIO(client.get(f"{VISITS}/rows.csv?region=KZ-59").get_data()),
        dtype=str,
        keep_default_na=False,
    )
    names = list(csv_rows.columns)  # the dataset's fields with region_name beside the code
    assert set(DATASETS["front_office_visits_daily"].field_names) < set(names)
    assert [c.value for c in sheet[1]] == names
    assert sheet.max_row == len(csv_rows) + 1
    assert sheet.freeze_panes == "A2"
    assert (
        sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(names)).column_letter}{len(csv_rows) + 1}"
    )
    widths = [
        sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width for i in range(len(names))
    ]
    assert all(w and w >= len(n) for w, n in zip(widths, names, strict=True))
    second = [c.value for c in sheet[2]]
    row = dict(zip(names, second, strict=True))
    assert isinstance(row["id"], int)
    assert row["date"].date().isoformat() == csv_rows.iloc[0]["date"]
    assert isinstance(row["suppressed"], bool)
    meta = {r[0]: r[1] for r in book["metadata"].iter_rows(min_row=2, values_only=True)}
    assert meta["licence"].startswith("Creative Commons") and meta["demo"] == "true"


# ------------------------------------------------------------------ Parquet
@pytest.mark.parametrize(
    "dataset_id",
    ["front_office_visits_daily", "facilities", "publications", "sos_activations_monthly"],
)
def test_parquet_download_has_the_csv_rows_typed(client: FlaskClient, dataset_id: str) -> None:
    base = f"/api/v1/datasets/{dataset_id}"
    response = client.get(f"{base}/rows.parquet")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.apache.parquet"
    assert response.headers["Content-Length"] == str(len(response.get_data()))
    assert response.headers["Content-Disposition"].endswith('-DEMO.parquet"')
    frame = pd.read_parquet(io.BytesIO(response.get_data()), dtype_backend="numpy_nullable")
    csv_frame = pd.read_csv(
        io.BytesIO(client.get(f"{base}/rows.csv").get_data()), dtype=str, keep_default_na=False
    )
    assert len(frame) == len(csv_frame) > 0
    assert same_cells(frame, csv_frame)
    schema = pq.read_schema(io.BytesIO(response.get_data()))
    meta = {k.decode(): v.decode() for k, v in schema.metadata.items()}
    assert meta["licence"] == "CC-BY-4.0" and meta["demo"] == "true"
    assert "demo" in json.loads(meta["demo_note"])["en"]
    for spec in DATASETS[dataset_id].fields:
        assert schema.field(spec.name).type == ARROW_TYPES[spec.type], spec.name
    assert client.get(f"{base}/rows?format=parquet").status_code == 200


def test_parquet_follows_filters_and_fields(client: FlaskClient) -> None:
    url = f"{VISITS}/rows.parquet?region=KZ-59&fields=date,office_id,visits"
    frame = pd.read_parquet(io.BytesIO(client.get(url).get_data()))
    assert list(frame.columns) == ["date", "office_id", "visits", "suppressed"]
    assert set(frame["office_id"].str[3:5]) == {"59"}


# ------------------------------------------------------------------ region GeoJSON
def test_region_geojson_has_polygons_and_flat_properties(client: FlaskClient) -> None:
    body = client.get("/api/v1/regions?format=geojson").get_json()
    assert body["metadata"]["geometry"] == "polygon"  # default once boundaries are loaded
    assert "geokz" in body["metadata"]["boundaries_attribution"]
    features = body["features"]
    assert len(features) == 20
    assert {f["geometry"]["type"] for f in features} == {"MultiPolygon"}
    keys = {tuple(f["properties"]) for f in features}
    assert len(keys) == 1  # the same columns for every region
    for feature in features:
        props = feature["properties"]
        assert all(v is None or isinstance(v, (str, int, float, bool)) for v in props.values())
        assert props["code"] == feature["id"]
        assert {"name_kk", "name_ru", "name_en", "centre_lat", "centre_lon"} <= set(props)
        assert {f"{name}_rate_per_100k" for name in INDICATORS} <= set(props)
    centres = client.get("/api/v1/regions?format=geojson&geometry=centre").get_json()
    assert {f["geometry"]["type"] for f in centres["features"]} == {"Point"}
    assert centres["features"][0]["properties"] == features[0]["properties"]
    bad = client.get("/api/v1/regions?format=geojson&geometry=hexagon")
    assert bad.status_code == 400 and bad.get_json()["error"]["param"] == "geometry"


def test_gdal_reads_region_properties_as_columns(client: FlaskClient, tmp_path: Path) -> None:
    body = client.get("/api/v1/regions?format=geojson").get_data()
    path = tmp_path / "regions.geojson"
    path.write_bytes(body)
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo:
        out = subprocess.run(
            [ogrinfo, "-so", "-al", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        assert "Feature Count: 20" in out
        assert "Geometry: Multi Polygon" in out  # one geometry type for the layer
        for column in (
            "code: String",
            "name_en: String",
            "centre_lat: Real",
            f"{INDICATORS[0]}_rate_per_100k: Real",
        ):
            assert column in out, column
        converted = tmp_path / "regions.csv"
        subprocess.run(
            [shutil.which("ogr2ogr") or "ogr2ogr", "-f", "CSV", str(converted), str(path)],
            check=True,
            timeout=60,
        )
        frame = pd.read_csv(converted)
        assert len(frame) == 20 and "name_ru" in frame.columns
        return
    pyogrio = pytest.importorskip("pyogrio", reason="neither GDAL tools nor pyogrio here")
    info = pyogrio.read_info(path)
    assert info["features"] == 20 and "name_en" in list(info["fields"])
