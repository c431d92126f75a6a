"""etl.bulk.build_bulk on a tiny warehouse: contents, checksums, Frictionless validity,
atomic replacement, and refusal to label data with the wrong publication."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine
from test_api_support import (
    add_publication,
    build_tiny_warehouse,
    make_api_app,
    same_cells,
)

from data.catalog import DATASETS
from data.db import make_engine
from data.parquet import ARROW_TYPES
from etl.bulk import build_bulk


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return make_engine(build_tiny_warehouse(tmp_path / "w.sqlite"))


def test_zip_holds_every_dataset_with_checksums(engine: Engine, tmp_path: Path) -> None:
    path = build_bulk(engine, 1, tmp_path / "exports", suppression_k=7)
    assert path == tmp_path / "exports" / "1" / "latest.zip"
    assert [p.name for p in path.parent.iterdir()] == ["latest.zip"]  # no temp file left
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        assert names == (
            {f"data/{d}.csv" for d in DATASETS}
            | {f"data/{d}.parquet" for d in DATASETS}
            | {"datapackage.json", "SHA256SUMS", "README.txt"}
        )
        sums = dict(
            reversed(line.split("  ", 1)) for line in zf.read("SHA256SUMS").decode().splitlines()
        )
        assert set(sums) == names - {"SHA256SUMS"}
        for member, digest in sums.items():
            assert hashlib.sha256(zf.read(member)).hexdigest() == digest
        package = json.loads(zf.read("datapackage.json"))
        regions = zf.read("data/regions.csv").decode("utf-8")
        visits = zf.read("data/front_office_visits_daily.csv").decode("utf-8").splitlines()
        readme = zf.read("README.txt").decode("utf-8")
    assert package["x-publication-id"] == 1 and package["x-demo"] is True
    assert package["x-suppression"]["k"] == 7
    assert "DEMO" in package["title"] and "demo" in package["description"].lower()
    assert "демонстрационные" in readme
    assert "Северо-Казахстанская область" in regions
    header = visits[0].split(",")
    assert header == DATASETS["front_office_visits_daily"].field_names
    rows = [line.split(",") for line in visits[1:]]
    suppressed = [cells for cells in rows if cells[header.index("suppressed")] == "true"]
    assert suppressed and all(cells[header.index("visits")] == "" for cells in suppressed)
    for resource in package["resources"]:
        assert resource["hash"] == f"sha256:{sums[resource['path']]}"


def test_parquet_members_hold_the_csv_rows_typed(engine: Engine, tmp_path: Path) -> None:
    import pandas as pd
    import pyarrow.parquet as pq

    path = build_bulk(engine, 1, tmp_path / "exports", suppression_k=7)
    with zipfile.ZipFile(path) as zf:
        for dataset_id, dataset in DATASETS.items():
            csv_frame = pd.read_csv(
                io.BytesIO(zf.read(f"data/{dataset_id}.csv")), dtype=str, keep_default_na=False
            )
            raw = zf.read(f"data/{dataset_id}.parquet")
            frame = pd.read_parquet(io.BytesIO(raw), dtype_backend="numpy_nullable")
            assert list(frame.columns) == dataset.field_names
            assert same_cells(frame, csv_frame), dataset_id
            schema = pq.read_schema(io.BytesIO(raw))
            meta = {k.decode(): v.decode() for k, v in schema.metadata.items()}
            assert meta["licence"] == "CC-BY-4.0" and meta["demo"] == "true"
            assert meta["publication_id"] == "1" and meta["suppression_k"] == "7"
            for spec in dataset.fields:  # typed columns, not text
                assert str(schema.field(spec.name).type) == str(ARROW_TYPES[spec.type])
    visits = pd.read_parquet(
        io.BytesIO(zipfile.ZipFile(path).read("data/front_office_visits_daily.parquet"))
    )
    assert visits["suppressed"].dtype == bool
    assert visits.loc[visits["suppressed"], "visits"].isna().all()  # never 0


def _frictionless_validate(path: Path) -> subprocess.CompletedProcess[str]:
    """`frictionless validate` (the venv's command) on the archive, from its folder."""
    frictionless = Path(sys.executable).with_name("frictionless")
    return subprocess.run(
        [str(frictionless), "validate", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_frictionless_validate_passes(engine: Engine, tmp_path: Path) -> None:
    path = build_bulk(engine, 1, tmp_path)
    result = _frictionless_validate(path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "VALID" in result.stdout


def test_frictionless_notices_a_tampered_file(engine: Engine, tmp_path: Path) -> None:
    path = build_bulk(engine, 1, tmp_path)
    tampered = path.with_name("tampered.zip")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "data/regions.csv":
                data = data.replace(b"KZ-59", b"KZ-5X")
            dst.writestr(item, data)
    result = _frictionless_validate(tampered)
    assert result.returncode != 0


def test_rebuild_replaces_the_file_atomically(engine: Engine, tmp_path: Path) -> None:
    first = build_bulk(engine, 1, tmp_path).read_bytes()
    with engine.begin() as conn:
        add_publication(conn, 2)
    second = build_bulk(engine, 2, tmp_path)
    assert second.parent.name == "2"
    assert (tmp_path / "1" / "latest.zip").read_bytes() == first  # earlier ones untouched
    with zipfile.ZipFile(second) as zf:
        assert json.loads(zf.read("datapackage.json"))["x-publication-id"] == 2
    assert not list(tmp_path.rglob("*.tmp"))


def test_refuses_a_publication_that_is_not_current(engine: Engine, tmp_path: Path) -> None:
    with engine.begin() as conn:
        add_publication(conn, 2)
    with pytest.raises(ValueError, match="not the current one"):
        build_bulk(engine, 1, tmp_path)
    with pytest.raises(ValueError, match="does not exist"):
        build_bulk(engine, 9, tmp_path)
    assert not list(tmp_path.rglob("*.zip"))


def test_the_api_serves_the_built_zip(engine: Engine, tmp_path: Path) -> None:
    app = make_api_app(str(engine.url), export_dir=tmp_path)
    client = app.test_client()
    missing = client.get("/api/v1/bulk/latest.zip")
    assert missing.status_code == 503 and missing.headers["Retry-After"]
    path = build_bulk(engine, 1, tmp_path)
    response = client.get("/api/v1/bulk/latest.zip")
    assert response.status_code == 200
    assert response.get_data() == path.read_bytes()
    assert "DEMO" in response.headers["Content-Disposition"]
    assert response.headers["X-Demo-Data"] == "true"
    again = client.get(
        "/api/v1/bulk/latest.zip", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304
