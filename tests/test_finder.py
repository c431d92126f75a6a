"""The facility finder: transliteration, search, distances, districts, and /api/v1/facilities?near=.

Search and distance rules are checked on a handful of hand-made places (known answers); the API
and the English names on the warehouse the real ETL built from demo extracts.
"""

from __future__ import annotations

from typing import Any

import pytest

from data.finder import districts, find, haversine_m, make_place
from data.translit import english_name, search_key, to_latin

PETROPAVL = (54.8753, 69.1628)


def _row(
    facility_id: str,
    kind: str,
    region: str,
    district: str,
    name_kk: str,
    name_ru: str,
    address_kk: str,
    address_ru: str,
    lat: float,
    lon: float,
    **extra: Any,
) -> dict:
    return {
        "facility_id": facility_id,
        "type": kind,
        "region": region,
        "district_kato": district,
        "name_kk": name_kk,
        "name_ru": name_ru,
        "name_en": extra.get("name_en"),
        "address_kk": address_kk,
        "address_ru": address_ru,
        "lat": lat,
        "lon": lon,
        "status": extra.get("status", "operating"),
        "hours": "24/7",
        "phone": None,
    }


PLACES = [
    make_place(r)
    for r in (
        _row(
            "FO-59-001",
            "front_office",
            "KZ-59",
            "591000000",
            "Полиция фронт-офисі №1",
            "Фронт-офис полиции №1",
            "Петропавл, Абай көшесі, 10",
            "Петропавл, ул. Абая, 10",
            54.8700,
            69.1500,
            name_en="Police front office No. 1 (Petropavl city)",
        ),
        _row(
            "SOS-59-002",
            "sos_button",
            "KZ-59",
            "591000000",
            "SOS түймесі",
            "Кнопка SOS",
            "Петропавл, Жамбыл көшесі, 3",
            "Петропавл, ул. Жамбыла, 3",
            54.9000,
            69.2000,
        ),
        _row(
            "DP-59-003",
            "district_point",
            "KZ-59",
            "593200000",
            "Учаскелік пункт",
            "Участковый пункт",
            "Булаев, Мир көшесі, 1",
            "Булаево, ул. Мира, 1",
            54.9050,
            70.4430,
        ),
        _row(
            "MP-11-001",
            "modular_post",
            "KZ-11",
            "111000000",
            "Модульдік бекет «Сейфуллин»",
            "Модульный пост «Сейфуллин»",
            "Көкшетау, Сейфуллин көшесі, 5",
            "Кокшетау, ул. Сейфуллина, 5",
            53.2833,
            69.3833,
            status="planned",
        ),
        _row(
            "FO-39-001",
            "front_office",
            "KZ-39",
            "391000000",
            "Полиция фронт-офисі №1",
            "Фронт-офис полиции №1",
            "Қостанай, Әл-Фараби даңғылы, 7",
            "Костанай, пр. Аль-Фараби, 7",
            53.2144,
            63.6246,
        ),
    )
]


# ------------------------------------------------------------------ transliteration
def test_english_names_are_latin_transliterations_when_missing() -> None:
    assert to_latin("Қостанай қ.") == "Qostanay q."
    assert to_latin("№3 учаскелік пункт") == "No. 3 uchaskelik punkt"
    # the plain spelling of street signs (the demo's English names): й, ғ as i, g
    assert to_latin("Абай", plain=True) == "Abai"
    assert to_latin("Мағжан Жұмабаев", plain=True) == "Magzhan Zhumabaev"
    assert english_name(None, "Шұғыла ауданы", "район Шугыла") == "Shughyla audany"
    assert english_name("", None, "Щучинск") == "Shchuchinsk"
    assert english_name("Police post", "Бекет", "Пост") == "Police post"  # given wins


@pytest.mark.parametrize(
    "spellings",
    [
        ("Петропавл", "Petropavl", "Petropawl", "ПЕТРОПАВЛ"),
        ("Қостанай", "Костанай", "Kostanai", "Qostanay"),
        ("Шымкент", "Şymkent", "Shymkent", "Chimkent"[:0] + "Shimkent"),
        ("Ақтөбе", "Актобе", "Aqtöbe", "Aktobe"),
        ("Семей", "Semey", "Semei"),
    ],
)
def test_search_key_makes_spellings_meet(spellings: tuple[str, ...]) -> None:
    assert len({search_key(s) for s in spellings}) == 1


# ------------------------------------------------------------------ search
def _ids(hits: list) -> list[str]:
    return [h.place.facility_id for h in hits]


@pytest.mark.parametrize(
    "query", ["Петропавл", "petropavl", "Petropawl", "Петропавел", "петропафл"]
)
def test_search_by_settlement_in_either_script_and_with_typos(query: str) -> None:
    assert set(_ids(find(PLACES, query=query))) == {"FO-59-001", "SOS-59-002"}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("Абай көшесі", "FO-59-001"),  # street, Kazakh
        ("ул. Абая", "FO-59-001"),  # street, Russian
        ("Seifullin", "MP-11-001"),  # name, Latin
        ("Кокшетау", "MP-11-001"),  # settlement, Russian spelling of a Kazakh name
        ("Qostanay front office", "FO-39-001"),  # English name words + Latin settlement
        ("Булаево", "DP-59-003"),
    ],
)
def test_search_by_address_and_name(query: str, expected: str) -> None:
    assert _ids(find(PLACES, query=query))[:1] == [expected]


def test_every_word_must_match_and_nonsense_finds_nothing() -> None:
    assert find(PLACES, query="Петропавл Сейфуллин") == []
    assert find(PLACES, query="zzzzqqq") == []


def test_near_sorts_by_distance_with_metres() -> None:
    hits = find(PLACES, near=PETROPAVL)
    distances = [h.distance_m for h in hits]
    assert distances == sorted(distances)
    assert _ids(hits)[:2] == ["FO-59-001", "SOS-59-002"]
    # FO-59-001 is 0.0053° south and 0.0128° west of the point: ~1 km
    assert 900 < distances[0] < 1100


def test_filters_region_district_type_status() -> None:
    assert set(_ids(find(PLACES, region="KZ-59"))) == {"FO-59-001", "SOS-59-002", "DP-59-003"}
    assert _ids(find(PLACES, region="KZ-59", district="593200000")) == ["DP-59-003"]
    assert _ids(find(PLACES, types=["sos_button"])) == ["SOS-59-002"]
    assert "MP-11-001" not in _ids(find(PLACES, operating_only=True))


def test_districts_are_labelled_by_their_settlement() -> None:
    assert districts(PLACES, "KZ-59", "ru") == [
        ("593200000", "Булаево (593200000)"),
        ("591000000", "Петропавл (591000000)"),
    ]


def test_haversine_known_distance() -> None:
    # Astana – Almaty is ~970 km along a great circle
    metres = float(haversine_m(51.1694, 71.4491, [43.2389], [76.8897])[0])
    assert 960_000 < metres < 980_000


# ------------------------------------------------------------------ warehouse and API
def test_every_published_facility_has_an_english_name(warehouse_url: str) -> None:
    from sqlalchemy import create_engine, func, or_, select

    from data import schema

    t = schema.facilities
    engine = create_engine(warehouse_url)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(t)).scalar()
        empty = conn.execute(
            select(func.count()).select_from(t).where(or_(t.c.name_en.is_(None), t.c.name_en == ""))
        ).scalar()
        cyrillic = [
            n
            for (n,) in conn.execute(select(t.c.name_en))
            if any("\u0400" <= c <= "\u04ff" for c in n)
        ]
    engine.dispose()
    assert total and empty == 0 and cyrillic == []


def test_api_near_returns_nearest_first_with_distance(client: Any) -> None:
    response = client.get("/api/v1/facilities?near=54.87,69.15&limit=5")
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    body = response.get_json()
    features = body["features"]
    assert len(features) == 5
    distances = [f["properties"]["distance_m"] for f in features]
    assert distances == sorted(distances) and all(isinstance(d, int) for d in distances)
    assert body["metadata"]["near"] == {"lat": 54.87, "lon": 69.15}
    # the true nearest of the whole registry, computed independently
    everything = client.get("/api/v1/facilities").get_json()["features"]
    nearest = min(
        everything,
        key=lambda f: float(
            haversine_m(
                54.87, 69.15, [f["geometry"]["coordinates"][1]], [f["geometry"]["coordinates"][0]]
            )[0]
        ),
    )
    assert features[0]["id"] == nearest["id"]
    assert {f["properties"]["type"] for f in features} <= {
        "front_office",
        "modular_post",
        "district_point",
        "sos_button",
    }


def test_api_near_leaves_closed_out_unless_asked(client: Any) -> None:
    near = "/api/v1/facilities?near=54.87,69.15&limit=100"
    statuses = {f["properties"]["status"] for f in client.get(near).get_json()["features"]}
    assert "closed" not in statuses
    closed = client.get(near + "&status=closed").get_json()["features"]
    assert all(f["properties"]["status"] == "closed" for f in closed)


def test_api_near_combines_with_filters(client: Any) -> None:
    body = client.get("/api/v1/facilities?near=54.87,69.15&limit=3&type=front_office").get_json()
    assert [f["properties"]["type"] for f in body["features"]] == ["front_office"] * 3


@pytest.mark.parametrize(
    "query,param,words",
    [
        ("near=91,69", "near", "outside -90..90"),
        ("near=54,181", "near", "outside -180..180"),
        ("near=abc", "near", "LAT,LON"),
        ("near=54.8", "near", "LAT,LON"),
        ("near=1,2,3", "near", "LAT,LON"),
        ("limit=5", "limit", "goes with 'near'"),
        ("near=54,69&limit=0", "limit", "between 1 and 100"),
        ("near=54,69&limit=101", "limit", "between 1 and 100"),
        ("near=54,69&limit=ten", "limit", "integer"),
        ("near=54,69&near=55,70", "near", "more than once"),
    ],
)
def test_api_near_rejects_bad_input(client: Any, query: str, param: str, words: str) -> None:
    response = client.get(f"/api/v1/facilities?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["param"] == param and words in error["message"]


def test_openapi_documents_near(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    names = {p["name"] for p in spec["paths"]["/api/v1/facilities"]["get"]["parameters"]}
    assert {"near", "limit"} <= names
