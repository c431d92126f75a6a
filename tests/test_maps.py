"""The map builders: local assets only, marker counts, choropleth with and without boundaries."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from urllib.parse import parse_qs

import pandas as pd
import pytest
from sqlalchemy import Connection, create_engine, func, insert, select
from sqlalchemy.pool import StaticPool

from dashboard import vendor_links
from dashboard.i18n import LANGS, label, localise_hours
from dashboard.map.build import (
    LAYERS,
    parse_tiles,
    regional_indicator_table,
    render_map_html,
)
from dashboard.map.choropleth import class_breaks, class_labels
from dashboard.map.geometry import count_vertices, simplify_geometry
from dashboard.map.layers import marker_data
from dashboard.map.state import parse_indicator, parse_layers, search_string
from dashboard.text.map import MESSAGES as TEXT
from data import schema
from data.catalog import INDICATORS
from data.reference import load_reference, regions_frame

MONTH = date(2026, 10, 1)
SUPPRESSED_REGION = "KZ-33"
MISSING_REGION = "KZ-62"
HOSTILE = '<img src=x onerror="alert(1)"></script>'


def _facilities() -> list[dict[str, object]]:
    rows, n = [], 0
    statuses = ("operating", "planned", "under_construction", "closed")
    for i, r in enumerate(regions_frame().itertuples(index=False)):
        for k, kind in enumerate(LAYERS * 2):
            n += 1
            rows.append(
                {
                    "id": n,
                    "facility_id": f"F-{r.kato_prefix}-{k:03d}",
                    "type": kind,
                    "region": r.iso_code,
                    "district_kato": f"{r.kato_prefix}0000000",
                    "name_kk": f"{r.centre_kk} {k}",
                    "name_ru": f"{r.centre_ru} {k}",
                    "name_en": HOSTILE if k == 0 else None,
                    "address_kk": None,
                    "address_ru": f"{r.centre_ru}, ул. Абая, {k}",
                    "lat": r.centre_lat + k / 100,
                    "lon": r.centre_lon + k / 100,
                    "status": statuses[(k // 4 + i) % 4],
                    "opened_on": None,
                    "hours": "Mon–Fri 09:00–18:00" if k % 2 else "24/7",
                    "phone": "+7 7152 46-12-00",
                }
            )
    # Cameras are never drawn: their locations are not published.
    rows.append({**rows[0], "id": n + 1, "facility_id": "CAM-1", "type": "camera"})
    return rows


def _indicators() -> list[dict[str, object]]:
    rows, n = [], 0
    for i, r in enumerate(regions_frame().itertuples(index=False)):
        for indicator in INDICATORS:
            n += 1
            if r.iso_code == MISSING_REGION:
                continue
            suppressed = r.iso_code == SUPPRESSED_REGION
            rows.append(
                {
                    "id": n,
                    "month": MONTH,
                    "region": r.iso_code,
                    "indicator": indicator,
                    "value": None if suppressed else 100 + 37 * i,
                    "suppressed": suppressed,
                }
            )
    return rows


def _square(lat: float, lon: float) -> dict[str, object]:
    ring = [
        [lon - 1, lat - 1],
        [lon + 1, lat - 1],
        [lon + 1, lat + 1],
        [lon - 1, lat + 1],
        [lon - 1, lat - 1],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def _boundaries() -> list[dict[str, object]]:
    return [
        {
            "region": r.iso_code,
            "geometry": json.dumps(_square(r.centre_lat, r.centre_lon)),
            "attribution": "Boundaries: test & co <b>",
            "source": "test",
            "loaded_at": datetime.now(UTC),
        }
        for r in regions_frame().itertuples(index=False)
    ]


def _warehouse(boundaries: bool) -> Iterator[Connection]:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        load_reference(conn)
        conn.execute(insert(schema.facilities), _facilities())
        conn.execute(insert(schema.region_indicators), _indicators())
        if boundaries:
            conn.execute(insert(schema.region_boundaries), _boundaries())
    with engine.connect() as conn:
        yield conn
    engine.dispose()


@pytest.fixture(scope="module")
def conn() -> Iterator[Connection]:
    yield from _warehouse(boundaries=True)


@pytest.fixture(scope="module")
def conn_no_boundaries() -> Iterator[Connection]:
    yield from _warehouse(boundaries=False)


def _render(conn: Connection, **kw: object) -> str:
    args: dict[str, object] = {
        "lang": "en",
        "layers": LAYERS,
        "indicator": INDICATORS[0],
        "tiles": "none",
    }
    args.update(kw)
    return render_map_html(conn, **args)  # type: ignore[arg-type]


LAYER_RE = re.compile(
    r"var rows = (\[.*?\]);\s*var labels = \{.*?\};\s*"
    r"var layerName = (\".*?\");",
    re.S,
)


def _layer_rows(document: str) -> dict[str, int]:
    """Rows per facility layer (by layer name), read back from the JSON each layer is built from."""
    return {
        json.loads(m.group(2)): len(json.loads(m.group(1))) for m in LAYER_RE.finditer(document)
    }


# ------------------------------------------------------------------ no external URL
@pytest.mark.parametrize("lang", LANGS)
def test_no_external_url_without_tiles(conn: Connection, lang: str) -> None:
    document = _render(conn, lang=lang)
    assert "http://" not in document and "https://" not in document
    assert "//cdn" not in document
    for url in re.findall(r'(?:src|href)="([^"]+)"', document):
        assert url.startswith(vendor_links.URL_PREFIX + "/"), url
    for expected in (
        vendor_links.LEAFLET_JS,
        vendor_links.LEAFLET_CSS,
        vendor_links.MARKERCLUSTER_JS,
        vendor_links.MARKERCLUSTER_CSS,
    ):
        assert expected in document
    for banned in ("glyphicons", "font-awesome", "fontawesome", "awesome-markers", "bootstrap"):
        assert banned not in document.lower()


def test_only_the_tile_template_leaves_the_site(conn: Connection) -> None:
    template = "https://tiles.example.org/{z}/{x}/{y}.png"
    document = _render(conn, tiles=f"{template}|© Example <Maps>")
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", document))
    assert urls == {template}
    # The operator's text is shown as text: escaped for HTML, then for the script.
    assert "Example \\u0026lt;Maps\\u0026gt;" in document and "<Maps>" not in document
    for url in re.findall(r'(?:src|href)="([^"]+)"', document):
        assert url.startswith(vendor_links.URL_PREFIX + "/"), url


def test_osm_tiles_carry_their_attribution(conn: Connection) -> None:
    document = _render(conn, tiles="osm")
    assert "tile.openstreetmap.org/{z}/{x}/{y}.png" in document
    assert "OpenStreetMap" in document


def test_no_tiles_keeps_zoom_bounded(conn: Connection) -> None:
    document = _render(conn, tiles="none")
    assert '"maxZoom": 18' in document
    assert "L.tileLayer" not in document


@pytest.mark.parametrize(
    "setting", ["https://x/{z}/{y}.png|a", "https://x/{z}/{x}/{y}.png", "mapbox"]
)
def test_bad_tile_settings_are_refused(setting: str) -> None:
    with pytest.raises(ValueError):
        parse_tiles(setting)


def test_document_is_accessible_shell(conn: Connection) -> None:
    document = _render(conn, lang="ru")
    assert document.startswith("<!DOCTYPE html>")
    assert '<html lang="ru">' in document
    assert re.search(r"<title>[^<]*Интерактивная карта", document)
    assert "user-scalable=no" not in document and "maximum-scale" not in document


# ------------------------------------------------------------------ layers
def _db_count(conn: Connection, kind: str) -> int:
    t = schema.facilities
    stmt = select(func.count()).select_from(t).where(t.c.type == kind, t.c.status != "closed")
    return int(conn.execute(stmt).scalar_one())


def test_layer_marker_counts_equal_db_counts(conn: Connection) -> None:
    document = _render(conn, lang="en")
    counts = _layer_rows(document)
    names = {label("facility_type_plural", kind, "en"): kind for kind in LAYERS}
    assert {names[k]: v for k, v in counts.items()} == {k: _db_count(conn, k) for k in LAYERS}
    assert all(v > 0 for v in counts.values())


def test_only_chosen_layers_are_drawn(conn: Connection) -> None:
    document = _render(conn, layers=["sos_button", "camera", "nonsense"])
    counts = _layer_rows(document)
    sos = label("facility_type_plural", "sos_button", "en")
    assert list(counts) == [sos]
    assert counts[sos] == _db_count(conn, "sos_button")
    assert 'layers: { "sos_button":' in re.sub(r"\s+", " ", document)


def test_no_layers_still_draws_regions(conn: Connection) -> None:
    document = _render(conn, layers=[])
    assert _layer_rows(document) == {}
    assert document.count('"type": "Feature"') + document.count('"type":"Feature"') == 20


def test_popup_text_is_data_not_markup(conn: Connection) -> None:
    document = _render(conn, lang="en")
    assert HOSTILE not in document  # JSON in a script escapes <, > and &
    assert "\\u003cimg src=x" in document
    assert "textContent" in document and "innerHTML" not in document


def test_popup_fields_follow_the_language() -> None:
    row = {
        "facility_id": "F-1",
        "name_kk": "Кеңсе",
        "name_ru": "Офис",
        "name_en": None,
        "address_kk": None,
        "address_ru": "ул. Абая, 1",
        "lat": 54.87,
        "lon": 69.15,
        "hours": "Mon–Fri 09:00–18:00",
        "phone": "+7 7152 00",
        "status": "operating",
    }
    kk = marker_data([row], "kk")[0]
    en = marker_data([row], "en")[0]
    assert kk[2:8] == ["Кеңсе", None, "ул. Абая, 1", "ru", "Дс–Жм 09:00–18:00", "+7 7152 00"]
    assert en[2:6] == ["Офис", "ru", "ул. Абая, 1", "ru"]  # marked as Russian for screen readers
    assert en[6] == "Mon–Fri 09:00–18:00"


def test_hours_are_localised() -> None:
    assert localise_hours("24/7", "kk") == "Тәулік бойы"
    assert localise_hours("Sat–Sun 10:00–14:00", "ru") == "Сб–Вс 10:00–14:00"
    assert localise_hours("", "ru") is None


# ------------------------------------------------------------------ choropleth
def test_table_matches_reference_and_marks_gaps(conn: Connection) -> None:
    table = regional_indicator_table(conn, lang="kk", indicator=INDICATORS[1])
    assert len(table) == 20 and table["region"].is_unique
    by_region = table.set_index("region")
    assert by_region.loc[SUPPRESSED_REGION, "status"] == "suppressed"
    assert pd.isna(by_region.loc[SUPPRESSED_REGION, "value"])
    assert by_region.loc[MISSING_REGION, "status"] == "missing"
    assert pd.isna(by_region.loc[MISSING_REGION, "rate_per_100k"])
    ok = table[table["status"] == "ok"]
    assert (ok["rate_per_100k"] > 0).all()
    assert list(ok["rank"]) == sorted(ok["rank"])
    assert list(table["status"][-2:]).count("ok") == 0  # gaps sort last
    expected = (ok["value"] / ok["population"] * 100_000).round(2)
    assert (expected - ok["rate_per_100k"]).abs().max() < 1e-9
    assert by_region.loc["KZ-59", "name"] == "Солтүстік Қазақстан облысы"
    assert set(table["month"]) == {MONTH}


def _features(document: str) -> list[dict[str, object]]:
    match = re.search(r"var data = (\{.*?\});\s*var layer = L.geoJSON", document, re.S)
    assert match
    return json.loads(match.group(1))["features"]


def test_choropleth_with_boundaries_draws_polygons(conn: Connection) -> None:
    document = _render(conn, indicator=INDICATORS[2], lang="en")
    features = _features(document)
    assert len(features) == 20
    assert {f["geometry"]["type"] for f in features} == {"Polygon"}  # type: ignore[index]
    table = regional_indicator_table(conn, lang="en", indicator=INDICATORS[2])
    states = {
        f["properties"]["region"]: f["properties"]["state"]  # type: ignore[index]
        for f in features
    }
    assert states == dict(zip(table["region"], table["status"], strict=True))
    # Tooltips carry the table's numbers, formatted.
    top = table.iloc[0]
    label = next(
        f["properties"]["label"]
        for f in features  # type: ignore[index]
        if f["properties"]["region"] == top["region"]
    )  # type: ignore[index]
    assert label.startswith(f"{top['name']}: ") and "(rank 1)" in label
    # The attribution comes from the table, escaped for HTML (Leaflet inserts it as HTML).
    assert "Boundaries: test \\u0026amp; co \\u0026lt;b\\u0026gt;" in document
    assert 'mode: "polygons"' in document


def test_choropleth_without_boundaries_draws_circles(conn_no_boundaries: Connection) -> None:
    document = _render(conn_no_boundaries, lang="kk")
    features = _features(document)
    assert len(features) == 20
    assert {f["geometry"]["type"] for f in features} == {"Point"}  # type: ignore[index]
    radii = {
        f["properties"]["region"]: f["properties"]["style"]["radius"]  # type: ignore[index]
        for f in features
    }
    table = regional_indicator_table(conn_no_boundaries, lang="kk", indicator=INDICATORS[0])
    ok = table[table["status"] == "ok"]
    biggest, smallest = ok.iloc[0]["region"], ok.iloc[-1]["region"]
    assert radii[biggest] > radii[smallest]
    assert 'mode: "circles"' in document
    assert "Шеңбер ауданы" in document  # legend explains the circles
    assert "Boundaries" not in document


def test_legend_names_suppressed_and_missing(conn: Connection) -> None:
    document = _render(conn, lang="en")
    assert "Suppressed" in document and "No data" in document
    assert "per 100,000 residents (October 2026)" in document


def test_class_breaks() -> None:
    classes = class_breaks([1.0, 2.0, 3.0, 10.0, 20.0, 30.0, 100.0, 250.0, 251.0, 900.0])
    assert len(classes.bounds) == 5 and list(classes.bounds) == sorted(classes.bounds)
    assert classes.bounds[-1] >= 900
    assert classes.colour(1.0) == classes.colours[0]
    assert classes.colour(900.0) == classes.colours[-1]
    assert class_breaks([]).bounds == ()
    assert len(class_breaks([5.0, 5.0]).bounds) == 1
    assert class_labels(class_breaks([1.5, 12.0]), "ru")[0] == "0,0 – 1,5"


def test_simplification_keeps_shape_and_drops_detail() -> None:
    ring = [[50 + i / 1000, 60 + ((-1) ** i) / 100_000] for i in range(1000)]
    ring += [[51, 61], [50, 61], [50, 60.0]]
    ring[-1] = ring[0]
    polygon = {"type": "Polygon", "coordinates": [ring]}
    simple = simplify_geometry(polygon)
    assert count_vertices(simple) < 10
    outer = simple["coordinates"][0]
    assert outer[0] == outer[-1]


def test_every_map_message_has_three_languages() -> None:
    for msg_id, entry in TEXT.items():
        assert set(entry) == set(LANGS), msg_id
        assert all(value.strip() for value in entry.values()), msg_id


# ------------------------------------------------------------------ the view in the URL
def test_layers_from_the_url() -> None:
    assert parse_layers(None) == list(LAYERS)
    assert parse_layers("sos_button,front_office") == ["front_office", "sos_button"]
    assert parse_layers(["sos_button", "modular_post,camera"]) == ["modular_post", "sos_button"]
    assert parse_layers("none") == [] and parse_layers("") == []


def test_indicator_from_the_url_falls_back() -> None:
    assert parse_indicator("sos_activations") == "sos_activations"
    assert parse_indicator("'; drop table--") == INDICATORS[0]
    assert parse_indicator(None) == INDICATORS[0]


@pytest.mark.parametrize("layers", [list(LAYERS), ["sos_button"], []])
def test_search_string_round_trips(layers: list[str]) -> None:
    search = search_string("ru", "camera_crimes_solved", layers)
    query = parse_qs(search.lstrip("?"), keep_blank_values=True)
    assert query["lang"] == ["ru"] and query["indicator"] == ["camera_crimes_solved"]
    assert parse_layers(query.get("layers", [None])[0]) == layers
    if layers == list(LAYERS):
        assert "layers" not in query  # the default view keeps short links


def test_empty_warehouse_renders_a_map_of_gaps() -> None:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        load_reference(conn)
    with engine.connect() as conn:
        table = regional_indicator_table(conn, lang="ru", indicator=INDICATORS[0])
        assert len(table) == 20 and set(table["status"]) == {"missing"}
        document = _render(conn, lang="ru")
    engine.dispose()
    assert _layer_rows(document) == {label("facility_type_plural", k, "ru"): 0 for k in LAYERS}
    assert {f["properties"]["state"] for f in _features(document)} == {"missing"}  # type: ignore[index]
    assert "(нет данных)" in document  # the legend says there is no month


def test_the_geokz_credit_speaks_the_page_language(
    conn_no_boundaries: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dashboard.map.build
    from data.reference import GEOKZ_ATTRIBUTION

    monkeypatch.setattr(
        dashboard.map.build, "boundary_geometries", lambda conn: ({}, GEOKZ_ATTRIBUTION)
    )
    for lang, credit in (
        ("kk", "Шекаралар: geokz (А. Родионов)"),
        ("ru", "Границы: geokz (А. Родионов)"),
        ("en", "Boundaries: geokz (A. Rodionov)"),
    ):
        document = _render(conn_no_boundaries, lang=lang)
        assert credit in json.loads(f'"{_attribution(document)}"'), lang


def _attribution(document: str) -> str:
    return re.search(r'attribution: "((?:[^"\\]|\\.)*)"', document).group(1)  # type: ignore[union-attr]
