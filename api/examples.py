"""Worked examples of the API docs: a journalist's question, in kk/ru/en, and the one URL that
answers it. They are the one place to change when a dataset's grain changes (tests run every
URL on the demo data: tests/test_api_docs.py)."""

from __future__ import annotations

from dataclasses import dataclass

from data.catalog import Text3


@dataclass(frozen=True)
class Example:
    id: str
    question: Text3
    how: Text3  # what the URL does, in the reader's language
    url: str  # path and query, relative to the host
    kind: str  # csv, json or geojson: how the answer is read
    # Why the demo data cannot answer it yet (every cell under k), or None when it can.
    gap: str | None = None


EXAMPLES: tuple[Example, ...] = (
    Example(
        id="sos-per-region-month",
        question=Text3(
            kk="2026 жылы әр өңірде ай сайын SOS түймесі неше рет басылды (CSV)?",
            ru="Сколько раз нажимали SOS-кнопки в каждом регионе по месяцам в 2026 году (CSV)?",
            en="How many SOS button presses per region per month in 2026, as CSV?",
        ),
        how=Text3(
            kk="SOS басулары өңір, ай және санат бойынша (sos_activations_regional), өңір мен "
            "ай бойынша жиынтық; region_name бағаны өңір атауын береді.",
            ru="Срабатывания SOS по региону, месяцу и категории (sos_activations_regional), "
            "сумма по региону и месяцу; столбец region_name даёт название региона.",
            en="SOS activations per region, month and category (sos_activations_regional), "
            "summed by region and month; the region_name column gives the region's name.",
        ),
        url="/api/v1/datasets/sos_activations_regional/aggregate.csv?group_by=region,month"
        "&date_from=2026-01&date_to=2026-12",
        kind="csv",
    ),
    Example(
        id="visits-almaty-by-channel",
        question=Text3(
            kk="Алматы қаласындағы фронт-офистерге келулер арна бойынша (JSON)",
            ru="Посещения фронт-офисов в Алматы по каналам (JSON)",
            en="Front-office visits in Almaty (the city) by channel, as JSON",
        ),
        how=Text3(
            kk="region= атауды қабылдайды: Almaty / Алматы — қала (KZ-75), «Алматы облысы» — "
            "облыс (KZ-19). complete=false болса, кей ұяшықтар жасырылған.",
            ru="region= принимает название: Almaty / Алматы — город (KZ-75), «Алматинская "
            "область» — область (KZ-19). complete=false: часть ячеек скрыта.",
            en='region= takes a name: Almaty / Алматы is the city (KZ-75), "Almaty Region" '
            "the region around it (KZ-19). complete=false: some cells are suppressed.",
        ),
        url="/api/v1/datasets/front_office_visits_regional/aggregate?group_by=channel"
        "&region=Almaty&date_from=2026-01&date_to=2026-12&lang=en",
        kind="json",
    ),
    Example(
        id="modular-posts-geojson",
        question=Text3(
            kk="Барлық модульдік полиция бекеттері картада (GeoJSON)",
            ru="Все модульные посты полиции на карте (GeoJSON)",
            en="All modular police posts on a map, as GeoJSON",
        ),
        how=Text3(
            kk="Нысандар тізілімі, type=modular_post; QGIS, GDAL немесе geojson.io ашады.",
            ru="Реестр объектов, type=modular_post; открывается в QGIS, GDAL или geojson.io.",
            en="The facility register, type=modular_post; opens in QGIS, GDAL or geojson.io.",
        ),
        url="/api/v1/facilities?type=modular_post",
        kind="geojson",
    ),
    Example(
        id="cameras-almaty-region-ru",
        question=Text3(
            kk="Алматы облысындағы камералар аудан бойынша, орысша атаулармен (CSV)",
            ru="Камеры в Алматинской области по районам, с названиями на русском (CSV)",
            en="Cameras in Almaty Region by district, with Russian names, as CSV",
        ),
        how=Text3(
            kk="region= орысша атауды да қабылдайды; lang=ru region_name бағанын орысша береді.",
            ru="region= принимает и русское название; lang=ru даёт region_name по-русски.",
            en="region= also takes the Russian name; lang=ru writes region_name in Russian.",
        ),
        url="/api/v1/datasets/cameras_by_district/rows.csv?region=Алматинская%20область"
        "&status=operating&lang=ru",
        kind="csv",
    ),
)
