"""The catalogue of published datasets: one entry per table the public may read.

Titles, descriptions and the data dictionary live here once, in kk/ru/en, so that the API,
the dashboard, the bulk download and the Frictionless/DCAT metadata all say the same thing.
Filters and sorts are allow-lists derived from this catalogue: nothing else reaches SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Table

from data import schema

FieldType = Literal["string", "integer", "number", "boolean", "date", "datetime", "object"]
Role = Literal["key", "time", "region", "district", "facility", "category", "measure", "flag", "attribute"]

LICENCE = {
    "id": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class Text3:
    kk: str
    ru: str
    en: str

    def get(self, lang: str) -> str:
        return getattr(self, lang if lang in ("kk", "ru", "en") else "en")

    def as_dict(self) -> dict[str, str]:
        return {"kk": self.kk, "ru": self.ru, "en": self.en}


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    role: Role
    description: Text3
    unit: str | None = None
    suppressible: bool = False  # null + `suppressed` flag when fewer than k events stand behind
    # The closed list of values a category field takes: the API refuses anything else (400
    # naming them) and the OpenAPI document gives it as an enum. Empty: not a closed list.
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dataset:
    id: str
    table: Table
    title: Text3
    description: Text3
    fields: tuple[Field, ...]
    cadence: Literal["daily", "monthly", "on_change", "static"]
    default_sort: tuple[str, ...]
    suppression: bool
    geo: bool = False  # has lat/lon: available as GeoJSON
    extra_sorts: tuple[str, ...] = field(default=())

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def names_with(self, *roles: Role) -> list[str]:
        return [f.name for f in self.fields if f.role in roles]

    @property
    def time_field(self) -> str | None:
        names = self.names_with("time")
        return names[0] if names else None

    @property
    def category_fields(self) -> list[str]:
        return self.names_with("category", "facility", "district")

    @property
    def measure_fields(self) -> list[str]:
        return self.names_with("measure")

    @property
    def sortable(self) -> list[str]:
        return self.names_with("key", "time", "region", "district", "facility", "category", "measure")


def _t(kk: str, ru: str, en: str) -> Text3:
    return Text3(kk=kk, ru=ru, en=en)


SUPPRESSION_RULE = _t(
    "k-дан аз оқиғаны қамтитын сандар жарияланбайды (null, suppressed=true); жиынтықтардан "
    "қалпына келтіруге болмайтындай қосымша ұяшықтар немесе жиынтықтың өзі де жасырылады. "
    "Күндік кестелер әр түні жарияланады, ал бір рет жарияланған күннің ұяшықтары кейін "
    "өзгермейді; айлық кестелер мен өңірлік жиынтықтар ай толық біткен соң ғана шығады, сондықтан "
    "екі түнгі жариялымның айырмасы жеке оқиғаны ашпайды. Медианалар мен орташа мәндер кемінде k "
    "оқиғада ғана жарияланады.",
    "Числа, за которыми стоит меньше k событий, не публикуются (null, suppressed=true); "
    "дополнительные ячейки или сам итог скрываются, чтобы скрытое нельзя было восстановить по "
    "итогам. Дневные таблицы публикуются каждую ночь, и ячейки уже опубликованного дня потом не "
    "меняются; месячные таблицы и итоги по регионам выходят только после окончания месяца, "
    "поэтому разница двух ночных публикаций не раскрывает отдельное событие. Медианы и средние "
    "публикуются только при не менее чем k событиях.",
    "Counts covering fewer than k events are not published (null, suppressed=true); further "
    "cells, or the total itself, are suppressed so that nothing hidden can be recomputed from "
    "published totals. Daily tables are published every night and a day's cells never change "
    "once published; monthly tables and regional totals appear only once the month is "
    "complete, so the difference between two nights' publications does not single out an "
    "event. Medians and means are published only where at least k events stand behind them.",
)

# Closed value lists of the category fields (the raw extract contract's lists, as published).
CHANNELS = ("walk_in", "video_call_102", "online")
TOPICS = ("consultation", "statement", "certificate", "complaint", "lost_documents",
          "other_agency_matter", "other")
VISIT_OUTCOMES = ("resolved", "referred_internal", "referred_other_agency", "pending")
SOS_CATEGORIES = ("emergency", "assistance", "consultation", "false_alarm", "test", "vandalism")
OFFENSE_KINDS = ("criminal", "administrative")
OFFENSE_CATEGORIES = ("theft", "robbery", "hooliganism", "vandalism", "traffic_speeding",
                      "traffic_red_light", "traffic_other", "public_order", "other")
OFFENSE_STATUSES = ("solved", "detected", "under_investigation")
PUBLIC_FACILITY_TYPES = ("front_office", "modular_post", "district_point", "sos_button")
FACILITY_STATUSES = ("planned", "under_construction", "operating", "closed")
TARGET_INDICATORS = ("front_offices_operating", "modular_posts_operating",
                     "district_points_operating", "sos_buttons_operating", "cameras_operating")
TARGET_STATUSES = ("met", "on_track", "behind", "missed", "no_data")
POPULATION_MEASURES = ("annual_average", "on_1_january")
REGION_INDICATORS = ("front_office_visits", "sos_activations", "camera_crimes_solved",
                     "camera_admin_detected")

# Fields shared by several datasets.
F_REGION = Field("region", "string", "region", _t(
    "Өңір, ISO 3166-2 коды", "Регион, код ISO 3166-2", "Region, ISO 3166-2 code"))
F_DISTRICT = Field("district_kato", "string", "district", _t(
    "Аудан немесе қала, КАТО коды (9 сан)", "Район или город, код КАТО (9 цифр)",
    "District or city, KATO code (9 digits)"))
F_DATE = Field("date", "date", "time", _t("Күн (жергілікті уақыт)", "Дата (местное время)",
                                          "Day (local time)"))
F_MONTH = Field("month", "date", "time", _t("Ай (айдың бірінші күні)",
                                            "Месяц (первый день месяца)",
                                            "Month (first day of the month)"))
F_SUPPRESSED = Field("suppressed", "boolean", "flag", _t(
    "Сан k-дан аз оқиға болғандықтан немесе басқа жасырылған санды қорғау үшін жасырылған",
    "Число скрыто: меньше k событий или защита другого скрытого числа",
    "The count is withheld: fewer than k events, or it would give another hidden count back"))
F_ID = Field("id", "integer", "key", _t("Жол нөмірі (жариялым ішінде)",
                                        "Номер строки (в пределах публикации)",
                                        "Row number (within a publication)"))


DATASETS: dict[str, Dataset] = {}


def _register(ds: Dataset) -> None:
    DATASETS[ds.id] = ds


_register(Dataset(
    id="front_office_visits",
    table=schema.front_office_visits,
    title=_t("Фронт-офистерге келулер", "Посещения фронт-офисов", "Front-office visits"),
    description=_t(
        "Полиция фронт-офистеріне күн сайынғы жүгінулер: арна, тақырып және нәтиже бойынша; "
        "күту уақытының медианасы және қанағаттану бағасы.",
        "Ежедневные обращения во фронт-офисы полиции по каналу, теме и результату; медиана "
        "ожидания и средняя оценка удовлетворённости.",
        "Daily visits to police front offices by channel, topic and outcome, with the median "
        "wait and the mean satisfaction score."),
    fields=(
        F_ID, F_DATE, F_REGION, F_DISTRICT,
        Field("office_id", "string", "facility", _t("Фронт-офис", "Фронт-офис", "Front office")),
        Field("channel", "string", "category", _t("Арна", "Канал", "Channel"),
              values=CHANNELS),
        Field("topic", "string", "category", _t("Тақырып", "Тема", "Topic"), values=TOPICS),
        Field("outcome", "string", "category", _t("Нәтиже", "Результат", "Outcome"),
              values=VISIT_OUTCOMES),
        Field("visits", "integer", "measure", _t("Келулер саны", "Число посещений",
                                                  "Number of visits"), "visits", True),
        F_SUPPRESSED,
        Field("wait_median_min", "number", "attribute", _t(
            "Күту уақытының медианасы", "Медиана времени ожидания", "Median wait"), "minutes"),
        Field("satisfaction_mean", "number", "attribute", _t(
            "Қанағаттанудың орташа бағасы (1–5)", "Средняя оценка удовлетворённости (1–5)",
            "Mean satisfaction score (1–5)"), "score"),
        Field("satisfaction_n", "integer", "attribute", _t(
            "Бағалау жауаптарының саны", "Число ответов с оценкой", "Number of survey answers"),
            "answers", True),
    ),
    cadence="daily",
    default_sort=("date", "id"),
    suppression=True,
))

_register(Dataset(
    id="sos_activations_daily",
    table=schema.sos_activations_daily,
    title=_t("SOS түймелерін басу (күн бойынша)", "Срабатывания тревожных кнопок (по дням)",
             "SOS button activations (daily)"),
    description=_t(
        "«Полиция» дабыл түймелерінің күн сайынғы басылуы, өңір және санат бойынша.",
        "Ежедневные срабатывания тревожных кнопок «полиция» по региону и категории.",
        "Daily activations of police SOS alarm buttons by region and category."),
    fields=(
        F_ID, F_DATE, F_REGION,
        Field("category", "string", "category", _t("Санат", "Категория", "Category"),
              values=SOS_CATEGORIES),
        Field("activations", "integer", "measure", _t("Басу саны", "Число срабатываний",
                                                       "Activations"), "activations", True),
        F_SUPPRESSED,
    ),
    cadence="daily",
    default_sort=("date", "id"),
    suppression=True,
))

_register(Dataset(
    id="sos_activations_monthly",
    table=schema.sos_activations_monthly,
    title=_t("SOS түймелері (ай және түйме бойынша)", "Тревожные кнопки (по месяцам и кнопкам)",
             "SOS buttons (monthly, per button)"),
    description=_t(
        "Әр түйменің айлық басылуы, оператор жауабының және патрульдің келуінің медианасы.",
        "Срабатывания каждой кнопки за месяц, медиана времени ответа оператора и прибытия патруля.",
        "Monthly activations per button, with the median time to an operator's answer and to "
        "patrol arrival."),
    fields=(
        F_ID, F_MONTH, F_REGION, F_DISTRICT,
        Field("button_id", "string", "facility", _t("SOS түймесі", "Тревожная кнопка",
                                                    "SOS button")),
        Field("activations", "integer", "measure", _t("Басу саны", "Число срабатываний",
                                                       "Activations"), "activations", True),
        F_SUPPRESSED,
        Field("answer_median_s", "number", "attribute", _t(
            "Оператор жауабына дейінгі медиана", "Медиана времени до ответа оператора",
            "Median time to an operator's answer"), "seconds"),
        Field("arrival_median_min", "number", "attribute", _t(
            "Патрульдің келуіне дейінгі медиана", "Медиана времени прибытия патруля",
            "Median time to patrol arrival"), "minutes"),
    ),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=True,
))

_register(Dataset(
    id="camera_offenses",
    table=schema.camera_offenses,
    title=_t("Камералар арқылы ашылған құқық бұзушылықтар",
             "Правонарушения, раскрытые с помощью камер",
             "Offences solved or detected with cameras"),
    description=_t(
        "Бейнекамералар көмегімен ашылған қылмыстар мен анықталған әкімшілік құқық "
        "бұзушылықтар, ай, аудан, түр, санат және мәртебе бойынша.",
        "Преступления, раскрытые, и административные правонарушения, выявленные с помощью "
        "видеокамер, по месяцу, району, виду, категории и статусу.",
        "Crimes solved and administrative offences detected with video cameras, by month, "
        "district, kind, category and status."),
    fields=(
        F_ID, F_MONTH, F_REGION, F_DISTRICT,
        Field("kind", "string", "category", _t("Түрі", "Вид", "Kind"), values=OFFENSE_KINDS),
        Field("category", "string", "category", _t("Санат", "Категория", "Category"),
              values=OFFENSE_CATEGORIES),
        Field("status", "string", "category", _t("Мәртебе", "Статус", "Status"),
              values=OFFENSE_STATUSES),
        Field("offenses", "integer", "measure", _t("Құқық бұзушылықтар саны",
                                                    "Число правонарушений",
                                                    "Number of offences"), "offences", True),
        F_SUPPRESSED,
    ),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=True,
))

_register(Dataset(
    id="region_indicators",
    table=schema.region_indicators,
    title=_t("Өңірлік көрсеткіштер (ай бойынша)", "Региональные показатели (по месяцам)",
             "Regional indicators (monthly)"),
    description=_t(
        "Әр өңірдің айлық жиынтығы: фронт-офис келулері, SOS басулары, камералармен ашылған "
        "қылмыстар мен анықталған әкімшілік құқық бұзушылықтар.",
        "Месячные итоги по каждому региону: посещения фронт-офисов, срабатывания SOS-кнопок, "
        "раскрытые с камерами преступления и выявленные административные правонарушения.",
        "Monthly totals per region: front-office visits, SOS activations, crimes solved and "
        "administrative offences detected with cameras."),
    fields=(
        F_ID, F_MONTH, F_REGION,
        Field("indicator", "string", "category", _t("Көрсеткіш", "Показатель", "Indicator"),
              values=REGION_INDICATORS),
        Field("value", "integer", "measure", _t("Мәні", "Значение", "Value"), None, True),
        F_SUPPRESSED,
    ),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=True,
))

_register(Dataset(
    id="facilities",
    table=schema.facilities,
    title=_t("Полиция нысандары", "Объекты полиции", "Police facilities"),
    description=_t(
        "Халыққа қызмет көрсететін нысандар: фронт-офистер, модульдік бекеттер, учаскелік "
        "пункттер, SOS түймелері — орны, мекенжайы, жұмыс уақыты. Камералардың орны жарияланбайды.",
        "Объекты для граждан: фронт-офисы, модульные посты, участковые пункты, тревожные кнопки — "
        "расположение, адрес, часы работы. Расположение камер не публикуется.",
        "Public-facing facilities: front offices, modular posts, district police points, SOS "
        "buttons — location, address, opening hours. Camera locations are not published."),
    fields=(
        F_ID,
        Field("facility_id", "string", "facility", _t("Нысан коды", "Код объекта", "Facility id")),
        Field("type", "string", "category", _t("Түрі", "Тип", "Type"),
              values=PUBLIC_FACILITY_TYPES),
        F_REGION, F_DISTRICT,
        Field("name_kk", "string", "attribute", _t("Атауы (қаз.)", "Название (каз.)",
                                                   "Name (Kazakh)")),
        Field("name_ru", "string", "attribute", _t("Атауы (орыс.)", "Название (рус.)",
                                                   "Name (Russian)")),
        Field("name_en", "string", "attribute", _t("Атауы (ағыл.)", "Название (англ.)",
                                                   "Name (English)")),
        Field("address_kk", "string", "attribute", _t("Мекенжайы (қаз.)", "Адрес (каз.)",
                                                      "Address (Kazakh)")),
        Field("address_ru", "string", "attribute", _t("Мекенжайы (орыс.)", "Адрес (рус.)",
                                                      "Address (Russian)")),
        Field("lat", "number", "attribute", _t("Ендік", "Широта", "Latitude"), "degrees"),
        Field("lon", "number", "attribute", _t("Бойлық", "Долгота", "Longitude"), "degrees"),
        Field("status", "string", "category", _t("Мәртебе", "Статус", "Status"),
              values=FACILITY_STATUSES),
        Field("opened_on", "date", "attribute", _t("Ашылған күні", "Дата открытия",
                                                   "Opened on")),
        Field("hours", "string", "attribute", _t("Жұмыс уақыты", "Часы работы", "Opening hours")),
        Field("phone", "string", "attribute", _t("Кезекші телефон", "Телефон дежурной части",
                                                 "Public desk phone")),
    ),
    cadence="on_change",
    default_sort=("facility_id",),
    suppression=False,
    geo=True,
))

_register(Dataset(
    id="cameras_by_district",
    table=schema.cameras_by_district,
    title=_t("Аудандардағы бейнекамералар", "Видеокамеры по районам", "Cameras per district"),
    description=_t(
        "Аудан бойынша камералар саны. Бұл жабдық саны, адамдар туралы емес, сондықтан "
        "жасырылмайды; орындары жарияланбайды.",
        "Число камер по районам. Это число оборудования, а не людей, поэтому не скрывается; "
        "места установки не публикуются.",
        "Number of cameras per district. These count equipment, not people, so they are not "
        "suppressed; camera locations are not published."),
    fields=(
        F_ID, F_REGION, F_DISTRICT,
        Field("status", "string", "category", _t("Мәртебе", "Статус", "Status"),
              values=FACILITY_STATUSES),
        Field("cameras", "integer", "measure", _t("Камералар саны", "Число камер",
                                                   "Number of cameras"), "cameras"),
    ),
    cadence="on_change",
    default_sort=("district_kato", "id"),
    suppression=False,
))

_register(Dataset(
    id="targets",
    table=schema.targets,
    title=_t("Жоспарлы көрсеткіштер және орындалуы", "Плановые показатели и их выполнение",
             "Targets and progress"),
    description=_t(
        "Өңірлердің жоспарлы көрсеткіштері, нақты мәні және мәртебесі (орындалды / жоспар "
        "бойынша / артта / мерзімі өтті).",
        "Плановые показатели регионов, фактическое значение и статус (выполнено / по плану / "
        "отстаёт / срок истёк).",
        "Regional targets with the actual value and a status (met / on track / behind / missed)."),
    fields=(
        F_ID, F_REGION,
        Field("indicator", "string", "category", _t("Көрсеткіш", "Показатель", "Indicator"),
              values=TARGET_INDICATORS),
        Field("period_end", "date", "time", _t("Мерзімі", "Срок", "Due by")),
        Field("target_value", "number", "measure", _t("Жоспар", "План", "Target")),
        Field("actual_value", "number", "measure", _t("Нақты", "Факт", "Actual")),
        Field("progress", "number", "attribute", _t("Орындалу үлесі", "Доля выполнения",
                                                     "Share of target reached"), "ratio"),
        Field("status", "string", "category", _t("Мәртебе", "Статус", "Status"),
              values=TARGET_STATUSES),
        Field("source", "string", "attribute", _t("Құжат", "Документ", "Source document")),
        Field("as_of", "date", "attribute", _t("Күйі бойынша", "По состоянию на", "As of")),
    ),
    cadence="daily",
    default_sort=("region", "indicator", "period_end"),
    suppression=False,
))

_register(Dataset(
    id="population",
    table=schema.population,
    title=_t("Халық саны", "Численность населения", "Population"),
    description=_t(
        "Өңірлердің халық саны (ҰСБ): жылдық орташа және 1 қаңтардағы. Жан басына шаққандағы "
        "көрсеткіштер үшін.",
        "Численность населения регионов (БНС): среднегодовая и на 1 января. Для расчёта "
        "показателей на душу населения.",
        "Population of the regions (Bureau of National Statistics): annual average and on "
        "1 January. Used for per-capita rates."),
    fields=(
        F_ID, F_REGION,
        Field("year", "integer", "time", _t("Жыл", "Год", "Year")),
        Field("population", "number", "measure", _t("Халық саны", "Население", "Population"),
              "people"),
        Field("measure", "string", "category", _t("Өлшем", "Мера", "Measure"),
              values=POPULATION_MEASURES),
    ),
    cadence="static",
    default_sort=("region", "year"),
    suppression=False,
))

_register(Dataset(
    id="regions",
    table=schema.regions,
    title=_t("Өңірлер", "Регионы", "Regions"),
    description=_t("17 облыс және республикалық маңызы бар 3 қала: кодтар, атаулар, орталықтар.",
                   "17 областей и 3 города республиканского значения: коды, названия, центры.",
                   "17 regions and 3 cities of republican significance: codes, names, centres."),
    fields=(
        Field("iso_code", "string", "region", _t("ISO 3166-2 коды", "Код ISO 3166-2",
                                                 "ISO 3166-2 code")),
        Field("kato_prefix", "string", "attribute", _t("КАТО префиксі", "Префикс КАТО",
                                                       "KATO prefix")),
        Field("name_kk", "string", "attribute", _t("Атауы (қаз.)", "Название (каз.)",
                                                   "Name (Kazakh)")),
        Field("name_ru", "string", "attribute", _t("Атауы (орыс.)", "Название (рус.)",
                                                   "Name (Russian)")),
        Field("name_en", "string", "attribute", _t("Атауы (ағыл.)", "Название (англ.)",
                                                   "Name (English)")),
        Field("centre_kk", "string", "attribute", _t("Орталығы (қаз.)", "Центр (каз.)",
                                                     "Centre (Kazakh)")),
        Field("centre_ru", "string", "attribute", _t("Орталығы (орыс.)", "Центр (рус.)",
                                                     "Centre (Russian)")),
        Field("centre_en", "string", "attribute", _t("Орталығы (ағыл.)", "Центр (англ.)",
                                                     "Centre (English)")),
        Field("centre_lat", "number", "attribute", _t("Орталық ендігі", "Широта центра",
                                                      "Centre latitude"), "degrees"),
        Field("centre_lon", "number", "attribute", _t("Орталық бойлығы", "Долгота центра",
                                                      "Centre longitude"), "degrees"),
    ),
    cadence="static",
    default_sort=("iso_code",),
    suppression=False,
))

_register(Dataset(
    id="key_figures",
    table=schema.key_figures,
    title=_t("Ашық дереккөздердегі негізгі сандар", "Ключевые цифры из открытых источников",
             "Key figures from public sources"),
    description=_t("Реформа туралы жарияланған сандар, дереккөзімен.",
                   "Опубликованные цифры о реформе с указанием источника.",
                   "Published figures about the reform, each with its source."),
    fields=(
        Field("id", "string", "key", _t("Коды", "Код", "Id")),
        Field("scope", "string", "region", _t("Аумақ", "Территория", "Scope")),
        Field("value", "number", "measure", _t("Мәні", "Значение", "Value")),
        Field("unit", "string", "attribute", _t("Бірлік", "Единица", "Unit")),
        Field("period", "string", "attribute", _t("Кезең", "Период", "Period")),
        Field("label_kk", "string", "attribute", _t("Сипаттама (қаз.)", "Описание (каз.)",
                                                    "Label (Kazakh)")),
        Field("label_ru", "string", "attribute", _t("Сипаттама (орыс.)", "Описание (рус.)",
                                                    "Label (Russian)")),
        Field("label_en", "string", "attribute", _t("Сипаттама (ағыл.)", "Описание (англ.)",
                                                    "Label (English)")),
        Field("source_file", "string", "attribute", _t("Дереккөз файлы", "Файл источника",
                                                       "Source file")),
        Field("source_title", "string", "attribute", _t("Мақала", "Статья", "Article")),
        Field("publisher", "string", "attribute", _t("Баспагер", "Издатель", "Publisher")),
        Field("published_on", "date", "attribute", _t("Жарияланған күні", "Дата публикации",
                                                       "Published on")),
        Field("language", "string", "attribute", _t("Тілі", "Язык", "Language")),
    ),
    cadence="static",
    default_sort=("id",),
    suppression=False,
))

_register(Dataset(
    id="publications",
    table=schema.publications,
    title=_t("Жариялымдар журналы", "Журнал публикаций", "Publication log"),
    description=_t("Әр түнгі жариялым: уақыты, қамтылған түндер, өзгерістер.",
                   "Каждая ночная публикация: время, охваченные ночи, изменения.",
                   "Every nightly publication: time, nights covered, what changed."),
    fields=(
        Field("id", "integer", "key", _t("Жариялым нөмірі", "Номер публикации",
                                         "Publication id")),
        Field("published_at", "datetime", "time", _t("Жарияланған уақыты", "Время публикации",
                                                     "Published at")),
        Field("is_demo", "boolean", "flag", _t("Демо деректер", "Демо-данные", "Demo data")),
        Field("nights_from", "date", "attribute", _t("Түндер (басы)", "Ночи (с)",
                                                     "Nights from")),
        Field("nights_to", "date", "attribute", _t("Түндер (соңы)", "Ночи (по)", "Nights to")),
        Field("changes", "object", "attribute", _t("Өзгерістер", "Изменения", "Changes")),
    ),
    cadence="daily",
    default_sort=("id",),
    suppression=False,
))

INDICATORS = REGION_INDICATORS  # the monthly regional indicators the pages show
