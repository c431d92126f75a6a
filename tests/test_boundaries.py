"""The region boundaries the project carries (data/geo/): size, validity, topology, licence, how a
fresh warehouse gets them, and that BOUNDARIES_PATH / `etl load-boundaries` still replace them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from data import schema
from data.db import make_engine
from etl.boundaries import BUNDLED, has_boundaries, load_if_missing, read_boundaries
from tests.conftest import BOUNDARIES, ROOT, make_config

shapely = pytest.importorskip("shapely")
from shapely.geometry import shape  # noqa: E402


def _shapes() -> dict[str, object]:
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return {f["properties"]["iso_code"]: shape(f["geometry"]) for f in document["features"]}


def test_bundled_file_is_small_and_credited() -> None:
    assert BUNDLED.stat().st_size <= 300_000
    folder = BUNDLED.parent
    assert "Attribution 4.0 International" in (folder / "LICENSE-CC-BY-4.0.md").read_text()
    readme = (folder / "README.md").read_text()
    assert "geokz (A. Rodionov), CC BY 4.0, based on" in readme
    assert "scripts/derive_boundaries.py" in readme
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    assert document["license"] == "CC-BY-4.0" and "geokz" in document["attribution"]


def test_bundled_file_covers_the_20_units_with_valid_polygons() -> None:
    geometries = read_boundaries(BUNDLED)
    assert len(geometries) == 20
    shapes = _shapes()
    assert all(s.is_valid and not s.is_empty for s in shapes.values())
    # topology kept: neighbours share their borders exactly, nothing overlaps
    assert shapely.coverage_is_valid(list(shapes.values()))
    ordered = list(shapes.values())
    overlap = sum(a.intersection(b).area for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    assert overlap < 1e-9
    # North Kazakhstan borders Akmola along a shared line, not a gap
    assert shapes["KZ-59"].intersection(shapes["KZ-11"]).length > 1


@pytest.mark.skipif(not BOUNDARIES.exists(), reason="the geokz source lives in ../shared")
def test_derivation_script_reproduces_the_file(tmp_path: Path) -> None:
    out = tmp_path / "derived.geojson"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "derive_boundaries.py"),
            str(BOUNDARIES),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == BUNDLED.read_bytes()
    source_area = sum(
        shape(f["geometry"]).area for f in json.loads(BOUNDARIES.read_text())["features"]
    )
    derived_area = sum(s.area for s in _shapes().values())
    assert abs(derived_area - source_area) / source_area < 0.005


@pytest.fixture(scope="module")
def small_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.demo import generate

    out = tmp_path_factory.mktemp("landing_boundaries")
    generate(out, 2, seed=3, scale="small", end=date(2026, 10, 31))
    return out


def test_a_fresh_warehouse_gets_the_bundled_boundaries(small_landing: Path, tmp_path: Path) -> None:
    from etl.pipeline import run

    config = make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path)
    run(config, small_landing)
    engine = make_engine(config.database_url)
    t = schema.region_boundaries
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.region, t.c.source, t.c.attribution)).all()
    engine.dispose()
    assert len(rows) == 20
    assert {r.source for r in rows} == {BUNDLED.name}
    assert all("geokz" in r.attribution for r in rows)


def test_boundaries_path_and_load_boundaries_replace_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etl.cli import main
    from etl.pipeline import prepare

    # another file: the bundled one with every polygon replaced by a small square
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    for feature in document["features"]:
        feature["geometry"] = {
            "type": "Polygon",
            "coordinates": [[[60, 45], [61, 45], [61, 46], [60, 46], [60, 45]]],
        }
    other = tmp_path / "other.geojson"
    other.write_text(json.dumps(document), encoding="utf-8")

    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    engine = make_engine(url)
    prepare(engine)
    with engine.begin() as conn:
        assert not has_boundaries(conn)
        assert load_if_missing(conn, str(other)) == 20  # BOUNDARIES_PATH wins over the bundle
        assert load_if_missing(conn, "") == 0  # never replaces what is loaded
        sources = {s for (s,) in conn.execute(select(schema.region_boundaries.c.source))}
    assert sources == {"other.geojson"}

    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("BOUNDARIES_PATH", raising=False)
    assert main(["load-boundaries"]) == 0  # no PATH: the bundled file
    with engine.connect() as conn:
        sources = {s for (s,) in conn.execute(select(schema.region_boundaries.c.source))}
    assert sources == {BUNDLED.name}
    assert main(["load-boundaries", str(other)]) == 0
    with engine.connect() as conn:
        sources = {s for (s,) in conn.execute(select(schema.region_boundaries.c.source))}
    engine.dispose()
    assert sources == {"other.geojson"}
