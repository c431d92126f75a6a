"""Questions in the journalist's words: regions by name in kk/ru/en, region names in the
requested language in every row format, and category filters that refuse unknown values
with the list of the allowed ones (never an empty answer that looks like zero)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from api.params import filter_params
from api.regionnames import lookup_region
from data.catalog import DATASETS
from data.settings import Config

FOV = "/api/v1/datasets/front_office_visits_daily"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Almaty", "KZ-75"),
        ("almaty", "KZ-75"),
        ("Алматы", "KZ-75"),
        ("г. Алматы", "KZ-75"),
        ("Almaty Region", "KZ-19"),
        ("ALMATY REGION", "KZ-19"),
        ("Алматинская область", "KZ-19"),
        ("Алматы облысы", "KZ-19"),
        ("алматы облысы", "KZ-19"),
        ("North Kazakhstan Region", "KZ-59"),
        ("Северо-Казахстанская область", "KZ-59"),
        ("Солтүстік Қазақстан облысы", "KZ-59"),
        ("Karaganda", "KZ-35"),
        ("Астана", "KZ-71"),
        ("Шымкент", "KZ-79"),
        ("Абай облысы", "KZ-10"),
        ("Ұлытау облысы", "KZ-62"),
        ("KZ-59", "KZ-59"),
        ("59", "KZ-59"),
        ("590000000", "KZ-59"),
    ],
)
def test_region_names_in_three_languages(name: str, code: str) -> None:
    assert lookup_region(name) == code


def test_every_reference_name_resolves_to_its_own_region() -> None:
    from data.reference import regions_frame

    for row in regions_frame().to_dict("records"):
        for lang in ("kk", "ru", "en"):
            assert lookup_region(row[f"name_{lang}"]) == row["iso_code"], row[f"name_{lang}"]


def test_region_filter_by_name_equals_the_code(client: Any) -> None:
    by_code = client.get(f"{FOV}/rows?region=KZ-19&limit=50&fields=id").get_json()["data"]
    by_name = client.get(f"{FOV}/rows?region=Алматинская%20область&limit=50&fields=id")
    assert by_name.status_code == 200 and by_name.get_json()["data"] == by_code
    city = client.get(f"{FOV}/rows?region=Almaty&limit=5").get_json()["data"]
    assert city and {r["region"] for r in city} == {"KZ-75"}


def test_unknown_region_name_is_a_400_with_a_hint(client: Any) -> None:
    response = client.get(f"{FOV}/rows?region=Atlantis")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["param"] == "region" and "name in kk/ru/en" in error["message"]


@pytest.mark.parametrize(
    ("lang", "name"),
    [("en", "Almaty Region"), ("ru", "Алматинская область"), ("kk", "Алматы облысы")],
)
def test_rows_carry_region_names_in_the_language_asked(client: Any, lang: str, name: str) -> None:
    body = client.get(f"{FOV}/rows?region=KZ-19&limit=3&lang={lang}").get_json()
    assert {r["region_name"] for r in body["data"]} == {name}
    fields = body["meta"]["fields"]
    assert fields[fields.index("region") + 1] == "region_name"
    text = client.get(f"{FOV}/rows.csv?region=KZ-19&limit=3&lang={lang}").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {r["region_name"] for r in rows} == {name}
    header = text.splitlines()[0].split(",")
    assert header[header.index("region") + 1] == "region_name"
    lines = (
        client.get(f"{FOV}/rows.ndjson?region=KZ-19&limit=3&lang={lang}")
        .get_data(as_text=True)
        .splitlines()
    )
    assert {json.loads(line)["region_name"] for line in lines} == {name}
    groups = client.get(f"{FOV}/aggregate?group_by=region&region=KZ-19&lang={lang}").get_json()
    assert groups["data"][0]["region_name"] == name


def test_an_unknown_language_is_refused(client: Any) -> None:
    response = client.get(f"{FOV}/rows?lang=de")
    assert response.status_code == 400 and response.get_json()["error"]["param"] == "lang"


def _category_filters() -> list[tuple[str, str, str]]:
    return [
        (ds_id, param, name)
        for ds_id, ds in DATASETS.items()
        for param, name in filter_params(ds).items()
        if name in ds.names_with("category")
    ]


@pytest.mark.parametrize(("ds_id", "param", "field_name"), _category_filters())
def test_every_category_filter_refuses_unknown_values(
    client: Any, ds_id: str, param: str, field_name: str
) -> None:
    values = DATASETS[ds_id].field(field_name).values
    assert values, f"{ds_id}.{field_name} has no closed value list"
    response = client.get(f"/api/v1/datasets/{ds_id}/rows?{param}=no_such_value")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["param"] == param and ", ".join(values) in error["message"]
    ok = client.get(f"/api/v1/datasets/{ds_id}/rows?{param}={values[0]}&limit=1")
    assert ok.status_code == 200


def test_published_values_are_within_the_declared_lists(warehouse_config: Config) -> None:
    """The catalogue's lists follow what the ETL publishes (a new value fails here first)."""
    engine = create_engine(warehouse_config.database_url)
    with engine.connect() as conn:
        for ds_id, _, field_name in _category_filters():
            ds = DATASETS[ds_id]
            column = ds.table.c[field_name]
            found = {v for (v,) in conn.execute(select(column).distinct()) if v is not None}
            if ds_id == "facilities":
                found.discard("camera")  # in the warehouse, never served
            assert found <= set(ds.field(field_name).values), (ds_id, field_name, found)
    engine.dispose()


def test_facility_type_takes_several_values(client: Any) -> None:
    both = client.get("/api/v1/facilities?type=modular_post,sos_button").get_json()
    assert {f["properties"]["type"] for f in both["features"]} == {"modular_post", "sos_button"}
    assert client.get("/api/v1/facilities?type=camera").status_code == 400
    assert client.get("/api/v1/facilities?type=").status_code == 400


def test_facilities_geojson_names_the_region(client: Any) -> None:
    body = client.get("/api/v1/facilities?type=modular_post&region=Almaty&lang=kk").get_json()
    assert body["features"]
    assert {f["properties"]["region_name"] for f in body["features"]} == {"Алматы"}
