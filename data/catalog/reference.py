"""Catalogue entries of the reference and programme tables: facilities, cameras per district,
targets, population, regions, key figures and the publication log."""

from __future__ import annotations

from data import schema
from data.catalog.model import Dataset, Field
from data.catalog.model import text3 as _t
from data.catalog.shared import (
    F_DISTRICT,
    F_ID,
    F_REGION,
    FACILITY_STATUSES,
    POPULATION_MEASURES,
    PUBLIC_FACILITY_TYPES,
    TARGET_INDICATORS,
    TARGET_STATUSES,
    closed_list,
    indicator_field,
    per_language,
    status_field,
)

# This module's datasets, in the catalogue's order (data.catalog.DATASETS joins the modules).
ENTRIES: list[Dataset] = [
    Dataset(
        id="facilities",
        table=schema.facilities,
        title=_t("Полиция нысандары", "Объекты полиции", "Police facilities"),
        description=_t(
            "Халыққа қызмет көрсететін нысандар: фронт-офистер, модульдік бекеттер, учаскелік "
            "пункттер, SOS түймелері — орны, мекенжайы, жұмыс уақыты. Камералардың орны жарияланбайды.",
            "Объекты для граждан: фронт-офисы, модульные посты, участковые пункты, тревожные кнопки — "
            "расположение, адрес, часы работы. Расположение камер не публикуется.",
            "Public-facing facilities: front offices, modular posts, district police points, SOS "
            "buttons — location, address, opening hours. Camera locations are not published.",
        ),
        fields=(
            F_ID,
            Field(
                "facility_id", "string", "facility", _t("Нысан коды", "Код объекта", "Facility id")
            ),
            closed_list("type", _t("Түрі", "Тип", "Type"), PUBLIC_FACILITY_TYPES),
            F_REGION,
            F_DISTRICT,
            *per_language("name", _t("Атауы", "Название", "Name")),
            *per_language("address", _t("Мекенжайы", "Адрес", "Address"), ("kk", "ru")),
            Field("lat", "number", "attribute", _t("Ендік", "Широта", "Latitude"), "degrees"),
            Field("lon", "number", "attribute", _t("Бойлық", "Долгота", "Longitude"), "degrees"),
            status_field(FACILITY_STATUSES),
            Field(
                "opened_on", "date", "attribute", _t("Ашылған күні", "Дата открытия", "Opened on")
            ),
            Field(
                "hours", "string", "attribute", _t("Жұмыс уақыты", "Часы работы", "Opening hours")
            ),
            Field(
                "phone",
                "string",
                "attribute",
                _t("Кезекші телефон", "Телефон дежурной части", "Public desk phone"),
            ),
        ),
        cadence="on_change",
        default_sort=("facility_id",),
        suppression=False,
        geo=True,
    ),
    Dataset(
        id="cameras_by_district",
        table=schema.cameras_by_district,
        title=_t("Аудандардағы бейнекамералар", "Видеокамеры по районам", "Cameras per district"),
        description=_t(
            "Аудан бойынша камералар саны. Бұл жабдық саны, адамдар туралы емес, сондықтан "
            "жасырылмайды; орындары жарияланбайды.",
            "Число камер по районам. Это число оборудования, а не людей, поэтому не скрывается; "
            "места установки не публикуются.",
            "Number of cameras per district. These count equipment, not people, so they are not "
            "suppressed; camera locations are not published.",
        ),
        fields=(
            F_ID,
            F_REGION,
            F_DISTRICT,
            status_field(FACILITY_STATUSES),
            Field(
                "cameras",
                "integer",
                "measure",
                _t("Камералар саны", "Число камер", "Number of cameras"),
                "cameras",
            ),
        ),
        cadence="on_change",
        default_sort=("district_kato", "id"),
        suppression=False,
    ),
    Dataset(
        id="targets",
        table=schema.targets,
        title=_t(
            "Жоспарлы көрсеткіштер және орындалуы",
            "Плановые показатели и их выполнение",
            "Targets and progress",
        ),
        description=_t(
            "Өңірлердің жоспарлы көрсеткіштері, нақты мәні және мәртебесі (орындалды / жоспар "
            "бойынша / артта / мерзімі өтті).",
            "Плановые показатели регионов, фактическое значение и статус (выполнено / по плану / "
            "отстаёт / срок истёк).",
            "Regional targets with the actual value and a status (met / on track / behind / missed).",
        ),
        fields=(
            F_ID,
            F_REGION,
            indicator_field(TARGET_INDICATORS),
            Field("period_end", "date", "time", _t("Мерзімі", "Срок", "Due by")),
            Field("target_value", "number", "measure", _t("Жоспар", "План", "Target")),
            Field("actual_value", "number", "measure", _t("Нақты", "Факт", "Actual")),
            Field(
                "progress",
                "number",
                "attribute",
                _t("Орындалу үлесі", "Доля выполнения", "Share of target reached"),
                "ratio",
            ),
            status_field(TARGET_STATUSES),
            Field("source", "string", "attribute", _t("Құжат", "Документ", "Source document")),
            Field("as_of", "date", "attribute", _t("Күйі бойынша", "По состоянию на", "As of")),
        ),
        cadence="daily",
        default_sort=("region", "indicator", "period_end"),
        suppression=False,
    ),
    Dataset(
        id="population",
        table=schema.population,
        title=_t("Халық саны", "Численность населения", "Population"),
        description=_t(
            "Өңірлердің халық саны (ҰСБ): жылдық орташа және 1 қаңтардағы. Жан басына шаққандағы "
            "көрсеткіштер үшін.",
            "Численность населения регионов (БНС): среднегодовая и на 1 января. Для расчёта "
            "показателей на душу населения.",
            "Population of the regions (Bureau of National Statistics): annual average and on "
            "1 January. Used for per-capita rates.",
        ),
        fields=(
            F_ID,
            F_REGION,
            Field("year", "integer", "time", _t("Жыл", "Год", "Year")),
            Field(
                "population",
                "number",
                "measure",
                _t("Халық саны", "Население", "Population"),
                "people",
            ),
            closed_list("measure", _t("Өлшем", "Мера", "Measure"), POPULATION_MEASURES),
        ),
        cadence="static",
        default_sort=("region", "year"),
        suppression=False,
    ),
    Dataset(
        id="regions",
        table=schema.regions,
        title=_t("Өңірлер", "Регионы", "Regions"),
        description=_t(
            "17 облыс және республикалық маңызы бар 3 қала: кодтар, атаулар, орталықтар.",
            "17 областей и 3 города республиканского значения: коды, названия, центры.",
            "17 regions and 3 cities of republican significance: codes, names, centres.",
        ),
        fields=(
            Field(
                "iso_code",
                "string",
                "region",
                _t("ISO 3166-2 коды", "Код ISO 3166-2", "ISO 3166-2 code"),
            ),
            Field(
                "kato_prefix",
                "string",
                "attribute",
                _t("КАТО префиксі", "Префикс КАТО", "KATO prefix"),
            ),
            *per_language("name", _t("Атауы", "Название", "Name")),
            *per_language("centre", _t("Орталығы", "Центр", "Centre")),
            Field(
                "centre_lat",
                "number",
                "attribute",
                _t("Орталық ендігі", "Широта центра", "Centre latitude"),
                "degrees",
            ),
            Field(
                "centre_lon",
                "number",
                "attribute",
                _t("Орталық бойлығы", "Долгота центра", "Centre longitude"),
                "degrees",
            ),
        ),
        cadence="static",
        default_sort=("iso_code",),
        suppression=False,
    ),
    Dataset(
        id="key_figures",
        table=schema.key_figures,
        title=_t(
            "Ашық дереккөздердегі негізгі сандар",
            "Ключевые цифры из открытых источников",
            "Key figures from public sources",
        ),
        description=_t(
            "Реформа туралы жарияланған сандар, дереккөзімен.",
            "Опубликованные цифры о реформе с указанием источника.",
            "Published figures about the reform, each with its source.",
        ),
        fields=(
            Field("id", "string", "key", _t("Коды", "Код", "Id")),
            Field("scope", "string", "region", _t("Аумақ", "Территория", "Scope")),
            Field("value", "number", "measure", _t("Мәні", "Значение", "Value")),
            Field("unit", "string", "attribute", _t("Бірлік", "Единица", "Unit")),
            Field("period", "string", "attribute", _t("Кезең", "Период", "Period")),
            *per_language("label", _t("Сипаттама", "Описание", "Label")),
            Field(
                "source_file",
                "string",
                "attribute",
                _t("Дереккөз файлы", "Файл источника", "Source file"),
            ),
            Field("source_title", "string", "attribute", _t("Мақала", "Статья", "Article")),
            Field("publisher", "string", "attribute", _t("Баспагер", "Издатель", "Publisher")),
            Field(
                "published_on",
                "date",
                "attribute",
                _t("Жарияланған күні", "Дата публикации", "Published on"),
            ),
            Field("language", "string", "attribute", _t("Тілі", "Язык", "Language")),
        ),
        cadence="static",
        default_sort=("id",),
        suppression=False,
    ),
    Dataset(
        id="publications",
        table=schema.publications,
        title=_t("Жариялымдар журналы", "Журнал публикаций", "Publication log"),
        description=_t(
            "Әр түнгі жариялым: уақыты, қамтылған түндер, өзгерістер.",
            "Каждая ночная публикация: время, охваченные ночи, изменения.",
            "Every nightly publication: time, nights covered, what changed.",
        ),
        fields=(
            Field(
                "id", "integer", "key", _t("Жариялым нөмірі", "Номер публикации", "Publication id")
            ),
            Field(
                "published_at",
                "datetime",
                "time",
                _t("Жарияланған уақыты", "Время публикации", "Published at"),
            ),
            Field("is_demo", "boolean", "flag", _t("Демо деректер", "Демо-данные", "Demo data")),
            Field(
                "nights_from", "date", "attribute", _t("Түндер (басы)", "Ночи (с)", "Nights from")
            ),
            Field("nights_to", "date", "attribute", _t("Түндер (соңы)", "Ночи (по)", "Nights to")),
            Field("changes", "object", "attribute", _t("Өзгерістер", "Изменения", "Changes")),
        ),
        cadence="daily",
        default_sort=("id",),
        suppression=False,
    ),
]
