"""Contract tests of every API endpoint and format, on the warehouse the real ETL builds.

They run once on the session's SQLite warehouse, once more with the Redis cache backend when
TEST_REDIS_URL is set (mark `redis`), and once on PostgreSQL when TEST_DATABASE_URL is set.
Assertions are about shapes and invariants, not about the demo generator's numbers.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate as validate_openapi
from openpyxl import load_workbook
from test_api_support import assert_error_shape, body_json

from api.regionnames import with_region_name
from data.catalog import DATASETS, LICENCE

META_KEYS = {"dataset", "publication_id", "last_updated", "licence", "demo", "suppression"}
FOV = "/api/v1/datasets/front_office_visits_daily"
CYRILLIC = re.compile("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
KZ_BBOX = (46.0, 40.0, 88.0, 56.0)  # lon min, lat min, lon max, lat max


@pytest.fixture(
    scope="module",
    params=[
        "sqlite",
        pytest.param("redis", marks=pytest.mark.redis),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ],
)
def api_app(request: pytest.FixtureRequest) -> Flask:
    if request.param == "redis":
        server: Flask = request.getfixturevalue("redis_app")
        from webcore.cache import cache

        with server.app_context():
            cache.clear()  # a previous run's entries for the same publication id
        return server
    if request.param == "postgres":
        from app import create_app

        return create_app(request.getfixturevalue("pg_warehouse_config"))
    return request.getfixturevalue("app")


@pytest.fixture
def api(api_app: Flask) -> FlaskClient:
    return api_app.test_client()


@pytest.fixture
def not_redis(request: pytest.FixtureRequest) -> None:
    """Whole-table exports and files on disk do not depend on the cache backend: run them on
    the SQLite and PostgreSQL warehouses only."""
    if "redis" in request.node.callspec.id:
        pytest.skip("independent of the cache backend")


def get_json(api: FlaskClient, url: str, status: int = 200) -> Any:
    response = api.get(url)
    assert response.status_code == status, f"{url}: {response.get_data(as_text=True)[:500]}"
    return body_json(response)


def walk(api: FlaskClient, url: str, max_pages: int = 500) -> Iterator[dict[str, Any]]:
    """Every row of a paginated listing, following links.next."""
    for _ in range(max_pages):
        body = get_json(api, url)
        yield from body["data"]
        url = body["links"]["next"]
        if not url:
            return
    raise AssertionError("pagination does not end")


def read_csv(api: FlaskClient, url: str) -> pd.DataFrame:
    response = api.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/csv"
    return pd.read_csv(
        io.BytesIO(response.get_data()), encoding="utf-8", dtype=str, keep_default_na=False
    )


def check_meta(meta: dict[str, Any], dataset: str | None) -> None:
    assert set(meta) >= META_KEYS
    assert meta["dataset"] == dataset
    assert isinstance(meta["publication_id"], int) and meta["publication_id"] > 0
    assert meta["last_updated"].endswith("Z")
    assert meta["licence"] == LICENCE
    assert isinstance(meta["demo"], bool)
    assert meta["suppression"]["k"] >= 2 and meta["suppression"]["rule"]["kk"]


# ------------------------------------------------------------------ catalogue
def test_catalogue_lists_every_dataset(api: FlaskClient) -> None:
    body = get_json(api, "/api/v1/datasets")
    check_meta(body["meta"], None)
    entries = {e["id"]: e for e in body["data"]}
    assert set(entries) == set(DATASETS)
    for ds_id, entry in entries.items():
        for lang in ("kk", "ru", "en"):
            assert entry["title"][lang] and entry["description"][lang]
        assert entry["licence"]["id"] == "CC-BY-4.0"
        assert entry["cadence"] in {"daily", "monthly", "on_change", "static"}
        assert entry["publication_id"] == body["meta"]["publication_id"]
        assert entry["last_updated"] == body["meta"]["last_updated"]
        assert entry["demo"] is body["meta"]["demo"]
        assert isinstance(entry["rows"], int) and entry["rows"] >= 0
        assert {"json", "csv", "ndjson", "xlsx"} <= set(entry["formats"])
        assert entry["links"]["csv"].endswith(f"/datasets/{ds_id}/rows.csv")
    assert "geojson" in entries["facilities"]["formats"]
    assert entries["front_office_visits_daily"]["rows"] > 0


@pytest.mark.parametrize("ds_id", list(DATASETS))
def test_dataset_metadata_and_dictionary(api: FlaskClient, ds_id: str) -> None:
    body = get_json(api, f"/api/v1/datasets/{ds_id}")
    check_meta(body["meta"], ds_id)
    data = body["data"]
    assert [f["name"] for f in data["fields"]] == DATASETS[ds_id].field_names
    for field in data["fields"]:
        assert field["type"] in {
            "string",
            "integer",
            "number",
            "boolean",
            "date",
            "datetime",
            "object",
        }
        assert field["description"]["ru"]
    assert data["suppression"]["applied"] is DATASETS[ds_id].suppression


# ------------------------------------------------------------------ rows (JSON)
@pytest.mark.parametrize("ds_id", list(DATASETS))
def test_rows_envelope(api: FlaskClient, ds_id: str) -> None:
    body = get_json(api, f"/api/v1/datasets/{ds_id}/rows")
    assert set(body) == {"data", "meta", "links"}
    check_meta(body["meta"], ds_id)
    assert set(body["links"]) == {"self", "next"}
    assert len(body["data"]) <= 100
    for row in body["data"]:
        assert set(row) == set(with_region_name(DATASETS[ds_id], DATASETS[ds_id].field_names))


def test_pagination_walks_the_whole_filtered_table(api: FlaskClient) -> None:
    total = get_json(api, f"{FOV}/rows?limit=1&include_total=1")["meta"]["total"]
    assert total > 0
    limit = max(1, total // 7)
    ids = [r["id"] for r in walk(api, f"{FOV}/rows?limit={limit}&fields=id")]
    assert len(ids) == total == len(set(ids))
    csv_ids = read_csv(api, f"{FOV}/rows.csv?fields=id")["id"].astype(int).tolist()
    assert csv_ids == ids  # the download holds every row, in the same order


def test_limit_bounds(api: FlaskClient) -> None:
    assert len(get_json(api, f"{FOV}/rows?limit=10000")["data"]) <= 10_000
    assert_error_shape(api.get(f"{FOV}/rows?limit=10001"), 400, "limit")


def test_region_filter_accepts_iso_and_kato(api: FlaskClient) -> None:
    region = get_json(api, f"{FOV}/rows?limit=1")["data"][0]["region"]
    prefix = region[3:]
    results = [
        get_json(api, f"{FOV}/rows?limit=500&region={code}")["data"]
        for code in (region, prefix, f"{prefix}0000000")
    ]
    assert results[0] == results[1] == results[2]
    assert results[0] and all(r["region"] == region for r in results[0])


def test_date_district_facility_and_category_filters(api: FlaskClient) -> None:
    first = get_json(api, f"{FOV}/rows?limit=1")["data"][0]
    day = first["date"]
    rows = list(walk(api, f"{FOV}/rows?limit=1000&date_from={day}&date_to={day}"))
    assert rows and {r["date"] for r in rows} == {day}
    rows = get_json(
        api,
        f"{FOV}/rows?limit=200&district={first['district_kato']}&facility_id={first['office_id']}",
    )["data"]
    assert rows
    for row in rows:
        assert (row["district_kato"], row["office_id"]) == (
            first["district_kato"],
            first["office_id"],
        )
    monthly = "/api/v1/datasets/front_office_visits_monthly"
    some = get_json(api, f"{monthly}/rows?limit=1&breakdown=channel")["data"][0]
    rows = get_json(api, f"{monthly}/rows?limit=200&breakdown=channel&category={some['category']}")[
        "data"
    ]
    assert rows and all(r["category"] == some["category"] for r in rows)
    month = date.fromisoformat(day).strftime("%Y-%m")
    rows = get_json(api, f"{FOV}/rows?limit=50&date_from={month}&date_to={month}")["data"]
    assert rows and all(r["date"].startswith(month) for r in rows)


def test_sort_and_fields(api: FlaskClient) -> None:
    rows = get_json(api, f"{FOV}/rows?limit=500&sort=-visits&fields=date,visits")["data"]
    assert set(rows[0]) == {"date", "visits", "suppressed"}  # the flag travels with counts
    values = [r["visits"] for r in rows]
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True)
    assert values[: len(known)] == known  # nulls last


@pytest.mark.parametrize("ds_id", [d.id for d in DATASETS.values() if d.suppression])
def test_suppressed_cells_are_null_with_a_flag(api: FlaskClient, ds_id: str) -> None:
    suppressible = [f.name for f in DATASETS[ds_id].fields if f.suppressible]
    frame = read_csv(api, f"/api/v1/datasets/{ds_id}/rows.csv")
    assert set(frame["suppressed"]) <= {"true", "false"}
    hidden = frame[frame["suppressed"] == "true"]
    for name in suppressible:
        assert (hidden[name] == "").all(), f"{ds_id}.{name}: suppressed cell not empty"
    shown = frame[frame["suppressed"] == "false"]
    measure = DATASETS[ds_id].measure_fields[0]
    assert (shown[measure] != "").all()
    rows = get_json(api, f"/api/v1/datasets/{ds_id}/rows?limit=10000")["data"]
    for row in rows:
        if row["suppressed"]:
            assert all(row[n] is None for n in suppressible)


def test_demo_data_has_suppressed_cells(api: FlaskClient) -> None:
    frame = read_csv(api, f"{FOV}/rows.csv?fields=suppressed")
    assert (frame["suppressed"] == "true").any()


# ------------------------------------------------------------------ downloads
def test_csv_keeps_cyrillic_and_bom_option(api: FlaskClient) -> None:
    frame = read_csv(api, "/api/v1/datasets/regions/rows.csv")
    assert "Северо-Казахстанская область" in set(frame["name_ru"])
    assert "Солтүстік Қазақстан облысы" in set(frame["name_kk"])
    plain = api.get("/api/v1/datasets/regions/rows.csv").get_data()
    with_bom = api.get("/api/v1/datasets/regions/rows.csv?bom=1")
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert with_bom.get_data() == b"\xef\xbb\xbf" + plain
    frame_bom = pd.read_csv(io.BytesIO(with_bom.get_data()), encoding="utf-8-sig", dtype=str)
    assert list(frame_bom.columns) == DATASETS["regions"].field_names


def test_csv_download_headers_and_demo_flag(api: FlaskClient) -> None:
    meta = get_json(api, f"{FOV}/rows?limit=1")["meta"]
    response = api.get(f"{FOV}/rows.csv?region=KZ-59")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".csv" in disposition
    assert ("X-Demo-Data" in response.headers) is meta["demo"]
    if meta["demo"]:
        assert response.headers["X-Demo-Data"] == "true"
        assert "DEMO" in disposition
    assert api.get(f"{FOV}/rows?format=csv&region=KZ-59").get_data() == response.get_data()


def test_region_year_csv_export_is_complete(api: FlaskClient) -> None:
    first = get_json(api, f"{FOV}/rows?limit=1")["data"][0]
    year = first["date"][:4]
    url = f"{FOV}/rows?region={first['region']}&date_from={year}-01-01&date_to={year}-12-31"
    total = get_json(api, f"{url}&limit=1&include_total=1")["meta"]["total"]
    frame = read_csv(api, url + "&format=csv")
    assert len(frame) == total
    assert set(frame["region"]) == {first["region"]}


def test_ndjson(api: FlaskClient) -> None:
    response = api.get(f"{FOV}/rows.ndjson?region=KZ-59")
    assert response.mimetype == "application/x-ndjson"
    lines = response.get_data(as_text=True).splitlines()
    total = get_json(api, f"{FOV}/rows?region=KZ-59&limit=1&include_total=1")["meta"]["total"]
    assert len(lines) == total
    daily = DATASETS["front_office_visits_daily"]
    assert set(json.loads(lines[0])) == set(with_region_name(daily, daily.field_names))


def test_xlsx_opens_with_data_and_metadata_sheets(api: FlaskClient, not_redis: None) -> None:
    response = api.get("/api/v1/datasets/facilities/rows.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    assert book.sheetnames == ["facilities", "metadata"]
    rows = list(book["facilities"].iter_rows(values_only=True))
    assert list(rows[0]) == with_region_name(
        DATASETS["facilities"], DATASETS["facilities"].field_names
    )
    total = get_json(api, "/api/v1/datasets/facilities/rows?limit=1&include_total=1")["meta"]
    assert len(rows) - 1 == total["total"]
    name_ru = list(rows[0]).index("name_ru")
    assert any(CYRILLIC.search(row[name_ru] or "") for row in rows[1:])
    meta = {k: v for k, v in book["metadata"].iter_rows(min_row=2, values_only=True)}
    assert meta["title_ru"] == DATASETS["facilities"].title.ru
    assert meta["licence"].startswith(LICENCE["title"])
    assert meta["demo"] == ("true" if total["demo"] else "false")
    assert meta["publication_id"] == total["publication_id"]
    assert meta["suppression_rule_en"]


def test_xlsx_of_a_suppressed_dataset_keeps_nulls(api: FlaskClient, not_redis: None) -> None:
    response = api.get(f"{FOV}/rows.xlsx?fields=visits&region=KZ-59")
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    rows = list(book["front_office_visits_daily"].iter_rows(values_only=True))
    assert rows[0] == ("visits", "suppressed")
    assert all(visits is None for visits, hidden in rows[1:] if hidden)


def _check_feature_collection(body: dict[str, Any]) -> list[dict[str, Any]]:
    assert body["type"] == "FeatureCollection"
    for feature in body["features"]:
        assert feature["type"] == "Feature"
        lon, lat = feature["geometry"]["coordinates"]
        assert KZ_BBOX[0] <= lon <= KZ_BBOX[2] and KZ_BBOX[1] <= lat <= KZ_BBOX[3]
    return body["features"]


def test_geojson_of_facilities_and_regions(api: FlaskClient) -> None:
    response = api.get("/api/v1/datasets/facilities/rows.geojson")
    assert response.mimetype == "application/geo+json"
    features = _check_feature_collection(body_json(response))
    assert features and all(f["properties"]["type"] != "camera" for f in features)
    regions = _check_feature_collection(
        body_json(api.get("/api/v1/regions?format=geojson&geometry=centre"))
    )
    assert len(regions) == 20
    # the default carries the boundary polygons when they are loaded (tests/test_api_downloads)
    shapes = body_json(api.get("/api/v1/regions?format=geojson"))["features"]
    assert len(shapes) == 20 and all(
        f["geometry"]["type"] in ("Point", "MultiPolygon") for f in shapes
    )
    centres = _check_feature_collection(body_json(api.get("/api/v1/datasets/regions/rows.geojson")))
    assert len(centres) == 20
    assert_error_shape(api.get(f"{FOV}/rows.geojson"), 400, "format")


# ------------------------------------------------------------------ aggregate
def test_aggregate_sums_published_cells_only(api: FlaskClient) -> None:
    body = get_json(api, f"{FOV}/aggregate?group_by=region&measure=visits")
    check_meta(body["meta"], "front_office_visits_daily")
    rows = read_csv(api, f"{FOV}/rows.csv?fields=region,visits")
    rows["visits_n"] = pd.to_numeric(rows["visits"].replace("", None))
    for group in body["data"]:
        mine = rows[rows["region"] == group["region"]]
        assert group["cells"] == len(mine)
        assert group["suppressed_cells"] == int((mine["suppressed"] == "true").sum())
        assert group["complete"] is (group["suppressed_cells"] == 0)
        if group["suppressed_cells"] == group["cells"]:
            assert group["value"] is None and group["suppressed"] is True
        else:
            assert group["value"] == int(mine["visits_n"].sum())


def test_aggregate_by_month_year_and_csv(api: FlaskClient) -> None:
    by_month = get_json(api, f"{FOV}/aggregate?group_by=year,month&measure=rows")["data"]
    assert by_month and all(len(g["month"]) == 7 and len(g["year"]) == 4 for g in by_month)
    total = get_json(api, f"{FOV}/rows?limit=1&include_total=1")["meta"]["total"]
    assert sum(g["value"] for g in by_month) == total
    frame = read_csv(
        api, "/api/v1/datasets/front_office_visits_regional/aggregate.csv?group_by=channel"
    )
    assert list(frame.columns) == [
        "channel",
        "value",
        "suppressed",
        "suppressed_cells",
        "cells",
        "complete",
    ]


# ------------------------------------------------------------------ regions and facilities
def test_regions_list(api: FlaskClient) -> None:
    body = get_json(api, "/api/v1/regions")
    check_meta(body["meta"], None)
    assert len(body["data"]) == 20
    for region in body["data"]:
        assert region["code"].startswith("KZ-") and region["name"]["kk"]
        for item in region["indicators"]:
            assert item["rank"] is None or 1 <= item["rank"] <= 20
            if item["suppressed"]:
                assert item["value"] is None


def test_region_summary_by_iso_or_kato(api: FlaskClient) -> None:
    by_iso = get_json(api, "/api/v1/regions/KZ-59")["data"]
    assert get_json(api, "/api/v1/regions/59")["data"] == by_iso
    assert get_json(api, "/api/v1/regions/590000000")["data"] == by_iso
    assert by_iso["code"] == "KZ-59"
    assert by_iso["name"]["ru"] == "Северо-Казахстанская область"
    for item in by_iso["indicators"]:
        assert {"value", "rate_per_100k", "national_rate_per_100k", "rank"} <= set(item)
    for target in by_iso["targets"]:
        assert target["status"] and "target_value" in target


def test_facilities_geojson_and_filters(api: FlaskClient) -> None:
    body = body_json(api.get("/api/v1/facilities"))
    features = _check_feature_collection(body)
    assert features
    assert {f["properties"]["type"] for f in features} <= {
        "front_office",
        "modular_post",
        "district_point",
        "sos_button",
    }
    check_meta(body["metadata"], "facilities")
    kind, region = features[0]["properties"]["type"], features[0]["properties"]["region"]
    some = body_json(api.get(f"/api/v1/facilities?type={kind}&region={region}"))["features"]
    assert some and all(
        f["properties"]["type"] == kind and f["properties"]["region"] == region for f in some
    )
    status = features[0]["properties"]["status"]
    some = body_json(api.get(f"/api/v1/facilities?status={status}"))["features"]
    assert some and all(f["properties"]["status"] == status for f in some)


# ------------------------------------------------------------------ publications, status
def test_publications_status_and_health(api: FlaskClient) -> None:
    pubs = get_json(api, "/api/v1/publications")
    current = pubs["meta"]["publication_id"]
    assert pubs["data"][0]["id"] == current
    assert [p["id"] for p in pubs["data"]] == sorted((p["id"] for p in pubs["data"]), reverse=True)
    status = get_json(api, "/api/v1/status")["data"]
    assert status["publication"]["id"] == current
    assert status["last_run"]["status"]
    assert status["datasets"]["front_office_visits_daily"] > 0
    assert "message" not in status["last_run"]
    health = get_json(api, "/healthz")
    assert health == {"status": "ok", "database": "ok", "publication_id": current}


# ------------------------------------------------------------------ metadata documents
def test_openapi_is_valid_and_documents_every_route(api: FlaskClient, api_app: Flask) -> None:
    doc = get_json(api, "/api/v1/openapi.json")
    validate_openapi(doc)
    assert doc["openapi"].startswith("3.1")
    documented = set(doc["paths"])
    for rule in api_app.url_map.iter_rules():
        path = rule.rule
        if not (path.startswith("/api/v1/") or path == "/healthz"):
            continue
        if rule.endpoint in {"api.not_routed", "api.index", "api.docs_css"}:
            continue
        template = path.replace("<dataset_id>", "{dataset_id}").replace("<code>", "{code}")
        template = template.replace("<ext>", "{ext}")
        concrete = [
            template.replace("{dataset_id}", d)
            for d, ds in DATASETS.items()
            if ds.measure_fields or not template.endswith("/aggregate")
        ]
        assert template in documented or all(c in documented for c in concrete), path


def test_docs_page_has_no_external_assets(api: FlaskClient) -> None:
    response = api.get("/api/v1/docs")
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<script" not in html
    for attribute in ("src=", 'rel="stylesheet" href='):
        for part in html.split(attribute)[1:]:
            assert part.lstrip("\"'").startswith("/"), part[:80]
    assert "/api/v1/datasets/front_office_visits_daily/rows" in html
    assert api.get("/api/v1/docs.css").mimetype == "text/css"


def test_datapackage_descriptor(api: FlaskClient) -> None:
    from frictionless import Package

    body = get_json(api, "/api/v1/datapackage.json")
    assert {r["name"] for r in body["resources"]} == set(DATASETS)
    assert body["x-demo"] is get_json(api, "/api/v1/datasets")["meta"]["demo"]
    for resource in body["resources"]:
        assert resource["path"].endswith(f"/datasets/{resource['name']}/rows.csv")
    package = Package.from_descriptor(body)
    assert len(package.resources) == len(DATASETS)


def test_dcat_catalog(api: FlaskClient) -> None:
    response = api.get("/api/v1/catalog.jsonld")
    assert response.mimetype == "application/ld+json"
    body = body_json(response)
    assert {"dcat", "dct"} <= set(body["@context"])
    catalog = body["@graph"][0]  # the catalogue first, then the nodes it shares
    assert catalog["@type"] == "dcat:Catalog"
    assert len(catalog["dcat:dataset"]) == len(DATASETS)
    first = catalog["dcat:dataset"][0]
    assert {t["@language"] for t in first["dct:title"]} == {"kk", "ru", "en"}
    urls = {
        d["dcat:downloadURL"]["@id"]
        for ds in catalog["dcat:dataset"]
        for d in ds["dcat:distribution"]
    }
    for url in sorted(urls)[:8]:
        path = url.split("://", 1)[1].split("/", 1)[1]
        assert api.head(f"/{path}").status_code == 200, url


def test_bulk_zip(
    api: FlaskClient, api_app: Flask, tmp_path_factory: pytest.TempPathFactory, not_redis: None
) -> None:
    import hashlib
    import subprocess
    import sys
    import zipfile
    from pathlib import Path

    from etl.bulk import build_bulk

    meta = get_json(api, "/api/v1/datasets")["meta"]
    config = api_app.config["PORTAL"]
    if not (config.export_dir / str(meta["publication_id"]) / "latest.zip").exists():
        # e.g. a publication made by `load-boundaries`, which does not rebuild the zip
        build_bulk(api_app.extensions["warehouse"], meta["publication_id"], config.export_dir)
    response = api.get("/api/v1/bulk/latest.zip")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/zip"
    assert response.headers["ETag"]
    folder = tmp_path_factory.mktemp("bulk")
    (folder / "latest.zip").write_bytes(response.get_data())
    with zipfile.ZipFile(folder / "latest.zip") as zf:
        names = set(zf.namelist())
        assert {f"data/{d}.csv" for d in DATASETS} | {"datapackage.json", "SHA256SUMS"} <= names
        for line in zf.read("SHA256SUMS").decode().splitlines():
            digest, member = line.split("  ", 1)
            assert hashlib.sha256(zf.read(member)).hexdigest() == digest, member
        package = json.loads(zf.read("datapackage.json"))
        assert package["x-publication-id"] == meta["publication_id"]
        assert package["x-demo"] is meta["demo"]
        regions = zf.read("data/regions.csv").decode("utf-8")
        assert "Северо-Казахстанская область" in regions
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(frictionless), "validate", "latest.zip"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_csv_module_reads_every_download(api: FlaskClient, not_redis: None) -> None:
    """Every dataset's CSV parses with the csv module and has the declared header."""
    for ds_id, ds in DATASETS.items():
        text = api.get(f"/api/v1/datasets/{ds_id}/rows.csv").get_data(as_text=True)
        header = next(csv.reader(io.StringIO(text)))
        assert header == with_region_name(ds, ds.field_names)
