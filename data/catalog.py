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
    "1–(k−1) оқиғаны қамтитын сан жарияланбайды (null, suppressed=true); нөл жарияланады. "
    "Байланысты кестелердің (жиынтықтар, шеттік қосындылар, өңірлік көрсеткіштер) кез келген "
    "қосындысынан жасырылған санды k−1 мәннен аз аралыққа дейін шектеуге болмайтындай қосымша "
    "ұяшықтар жасырылады; мұны әр жариялым алдында сызықтық бағдарламалау аудиті (python -m etl "
    "audit) дәлелдейді. Күндік ұяшықтар жарияланғаннан кейін өзгермейді. Медианалар мен "
    "орташа мәндер кемінде k мәнде ғана жарияланады.",
    "Число, за которым стоит от 1 до k−1 событий, не публикуется (null, suppressed=true); ноль "
    "публикуется. Дополнительные ячейки скрываются так, чтобы никакая сумма связанных таблиц "
    "(итоги, маргиналы, региональные показатели) не сужала скрытое число до менее чем k−1 "
    "возможных значений; это доказывает аудит линейным программированием (python -m etl audit) "
    "перед каждой публикацией. Ячейки дня после публикации не меняются. Медианы и средние "
    "публикуются только при не менее чем k значениях.",
    "A count of 1 to k−1 events is not published (null, suppressed=true); zero is published. "
    "Further cells are suppressed so that no sum over the linked tables (totals, margins, "
    "regional indicators) narrows a hidden count to fewer than k−1 possible values; a linear-"
    "programming audit (python -m etl audit) proves this before every publication. A day's "
    "cells never change once published. Medians and means are published only where at least "
    "k values stand behind them.",
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
FACILITY_TYPES = (*PUBLIC_FACILITY_TYPES, "camera")  # cameras: counted, never located
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


F_REGION_NAMES = (
    Field("region_name_kk", "string", "attribute", _t("Өңір атауы (қаз.)",
                                                      "Название региона (каз.)",
                                                      "Region name (Kazakh)")),
    Field("region_name_ru", "string", "attribute", _t("Өңір атауы (орыс.)",
                                                      "Название региона (рус.)",
                                                      "Region name (Russian)")),
    Field("region_name_en", "string", "attribute", _t("Өңір атауы (ағыл.)",
                                                      "Название региона (англ.)",
                                                      "Region name (English)")),
)
F_OFFICE = Field("office_id", "string", "facility", _t("Фронт-офис", "Фронт-офис",
                                                       "Front office"))
F_VISITS = Field("visits", "integer", "measure", _t("Келулер саны", "Число посещений",
                                                    "Number of visits"), "visits", True)
F_ACTIVATIONS = Field("activations", "integer", "measure", _t(
    "Басу саны", "Число срабатываний", "Activations"), "activations", True)
F_OFFENSES = Field("offenses", "integer", "measure", _t(
    "Құқық бұзушылықтар саны", "Число правонарушений", "Number of offences"), "offences", True)
F_KIND = Field("kind", "string", "category", _t("Түрі", "Вид", "Kind"), values=OFFENSE_KINDS)
F_ANSWER = Field("answer_median_s", "number", "attribute", _t(
    "Оператор жауабына дейінгі медиана", "Медиана времени до ответа оператора",
    "Median time to an operator's answer"), "seconds")
F_ARRIVAL = Field("arrival_median_min", "number", "attribute", _t(
    "Патрульдің келуіне дейінгі медиана", "Медиана времени прибытия патруля",
    "Median time to patrol arrival"), "minutes")
ZEROS = _t(" Жұмыс істейтін әр нысан мен әр санаттың жолы бар: нөл 0 болып жарияланады.",
           " Строка есть у каждого действующего объекта и каждой категории: ноль публикуется "
           "как 0.",
           " Every operating facility and every category has a row: zero is published as 0.")


def _with_zeros(text: Text3) -> Text3:
    return _t(text.kk + ZEROS.kk, text.ru + ZEROS.ru, text.en + ZEROS.en)


_register(Dataset(
    id="front_office_visits_daily",
    table=schema.front_office_visits_daily,
    title=_t("Фронт-офистерге келулер (күн бойынша)", "Посещения фронт-офисов (по дням)",
             "Front-office visits (daily, per office)"),
    description=_with_zeros(_t(
        "Әр фронт-офиске күн сайынғы келулердің жалпы саны (барлық арналар).",
        "Ежедневное общее число посещений каждого фронт-офиса (все каналы).",
        "Daily number of visits to each front office (all channels).")),
    fields=(F_ID, F_DATE, F_REGION, *F_REGION_NAMES, F_DISTRICT, F_OFFICE, F_VISITS,
            F_SUPPRESSED),
    cadence="daily",
    default_sort=("date", "id"),
    suppression=True,
))

_register(Dataset(
    id="front_office_offices_monthly",
    table=schema.front_office_offices_monthly,
    title=_t("Фронт-офистер (ай бойынша): келулер, күту, қанағаттану",
             "Фронт-офисы (по месяцам): посещения, ожидание, удовлетворённость",
             "Front offices (monthly): visits, waiting time, satisfaction"),
    description=_with_zeros(_t(
        "Әр фронт-офистің айлық келулері, күту уақытының медианасы және қанағаттанудың орташа "
        "бағасы.",
        "Посещения каждого фронт-офиса за месяц, медиана ожидания и средняя оценка "
        "удовлетворённости.",
        "Monthly visits per front office, with the median wait and the mean satisfaction "
        "score.")),
    fields=(
        F_ID, F_MONTH, F_REGION, *F_REGION_NAMES, F_DISTRICT, F_OFFICE, F_VISITS, F_SUPPRESSED,
        Field("wait_median_min", "number", "attribute", _t(
            "Күту уақытының медианасы", "Медиана времени ожидания", "Median wait"), "minutes"),
        Field("satisfaction_mean", "number", "attribute", _t(
            "Қанағаттанудың орташа бағасы (1–5)", "Средняя оценка удовлетворённости (1–5)",
            "Mean satisfaction score (1–5)"), "score"),
        Field("satisfaction_n", "integer", "attribute", _t(
            "Бағалау жауаптарының саны", "Число ответов с оценкой", "Number of survey answers"),
            "answers", True),
    ),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=True,
))

_register(Dataset(
    id="front_office_visits_monthly",
    table=schema.front_office_visits_monthly,
    title=_t("Фронт-офистерге келулер (ай бойынша): арна, тақырып, нәтиже",
             "Посещения фронт-офисов (по месяцам): канал, тема, результат",
             "Front-office visits (monthly) by channel, by topic, by outcome"),
    description=_with_zeros(_t(
        "Әр фронт-офистің айлық келулері үш бөлек бөлініспен: breakdown=channel, topic немесе "
        "outcome, category — оның мәні. Бір бөліністің жолдарын ғана қосыңыз.",
        "Посещения каждого фронт-офиса за месяц в трёх отдельных разбивках: breakdown=channel, "
        "topic или outcome, category — её значение. Суммируйте строки одной разбивки.",
        "Monthly visits per front office in three separate breakdowns: breakdown=channel, "
        "topic or outcome, and category its value. Sum the rows of one breakdown only.")),
    fields=(
        F_ID, F_MONTH, F_REGION, *F_REGION_NAMES, F_DISTRICT, F_OFFICE,
        Field("breakdown", "string", "category", _t("Бөлініс", "Разбивка", "Breakdown"),
              values=("channel", "topic", "outcome")),
        Field("category", "string", "category", _t("Санат", "Категория", "Category"),
              values=tuple(dict.fromkeys(CHANNELS + TOPICS + VISIT_OUTCOMES))),
        F_VISITS, F_SUPPRESSED,
    ),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=True,
))

_register(Dataset(
    id="front_office_visits_regional",
    table=schema.front_office_visits_regional,
    title=_t("Фронт-офистерге келулер (өңір, ай): арна × тақырып × нәтиже",
             "Посещения фронт-офисов (регион, месяц): канал × тема × результат",
             "Front-office visits (region, month): channel × topic × outcome"),
    description=_with_zeros(_t(
        "Өңірдегі барлық фронт-офистердің айлық келулері, арна, тақырып және нәтиже бойынша.",
        "Посещения всех фронт-офисов региона за месяц по каналу, теме и результату.",
        "Monthly visits to all front offices of a region by channel, topic and outcome.")),
    fields=(
        F_ID, F_MONTH, F_REGION, *F_REGION_NAMES,
        Field("channel", "string", "category", _t("Арна", "Канал", "Channel"),
              values=CHANNELS),
        Field("topic", "string", "category", _t("Тақырып", "Тема", "Topic"), values=TOPICS),
        Field("outcome", "string", "category", _t("Нәтиже", "Результат", "Outcome"),
              values=VISIT_OUTCOMES),
        F_VISITS, F_SUPPRESSED,
    ),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=True,
))

_register(Dataset(
    id="sos_activations_regional",
    table=schema.sos_activations_regional,
    title=_t("SOS түймелерін басу (өңір, ай, санат)",
             "Срабатывания тревожных кнопок (регион, месяц, категория)",
             "SOS button activations (region, month, category)"),
    description=_with_zeros(_t(
        "«Полиция» дабыл түймелерінің айлық басылуы, өңір және санат бойынша.",
        "Срабатывания тревожных кнопок «полиция» за месяц по региону и категории.",
        "Monthly activations of police SOS alarm buttons by region and category.")),
    fields=(
        F_ID, F_MONTH, F_REGION, *F_REGION_NAMES,
        Field("category", "string", "category", _t("Санат", "Категория", "Category"),
              values=SOS_CATEGORIES),
        F_ACTIVATIONS, F_SUPPRESSED,
    ),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=True,
))

_register(Dataset(
    id="sos_activations_monthly",
    table=schema.sos_activations_monthly,
    title=_t("SOS түймелері (ай және түйме бойынша)", "Тревожные кнопки (по месяцам и кнопкам)",
             "SOS buttons (monthly, per button)"),
    description=_with_zeros(_t(
        "Әр түйменің айлық басылуы, оператор жауабының және патрульдің келуінің медианасы.",
        "Срабатывания каждой кнопки за месяц, медиана времени ответа оператора и прибытия патруля.",
        "Monthly activations per button, with the median time to an operator's answer and to "
        "patrol arrival.")),
    fields=(
        F_ID, F_MONTH, F_REGION, F_DISTRICT,
        Field("button_id", "string", "facility", _t("SOS түймесі", "Тревожная кнопка",
                                                    "SOS button")),
        F_ACTIVATIONS, F_SUPPRESSED, F_ANSWER, F_ARRIVAL,
    ),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=True,
))

_register(Dataset(
    id="sos_response_regional",
    table=schema.sos_response_regional,
    title=_t("SOS: жауап және келу уақыты (өңір, ай)",
             "SOS: время ответа и прибытия (регион, месяц)",
             "SOS: answer and arrival times (region, month)"),
    description=_t(
        "Өңірдегі барлық басулар бойынша оператор жауабына және патрульдің келуіне дейінгі "
        "медиана (кемінде k мән болғанда ғана).",
        "Медиана времени до ответа оператора и до прибытия патруля по всем срабатываниям "
        "региона (только при не менее чем k значениях).",
        "Median time to an operator's answer and to patrol arrival over all activations of a "
        "region (only where at least k values stand behind it)."),
    fields=(F_ID, F_MONTH, F_REGION, *F_REGION_NAMES, F_ANSWER, F_ARRIVAL),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=False,
))

_register(Dataset(
    id="camera_offenses_district",
    table=schema.camera_offenses_district,
    title=_t("Камералар арқылы ашылған құқық бұзушылықтар (аудан, ай)",
             "Правонарушения, раскрытые с помощью камер (район, месяц)",
             "Offences solved or detected with cameras (district, month)"),
    description=_with_zeros(_t(
        "Бейнекамералар көмегімен ашылған қылмыстар мен анықталған әкімшілік құқық "
        "бұзушылықтар, аудан, түр және мәртебе бойынша.",
        "Преступления, раскрытые, и административные правонарушения, выявленные с помощью "
        "видеокамер, по району, виду и статусу.",
        "Crimes solved and administrative offences detected with video cameras, by district, "
        "kind and status.")),
    fields=(
        F_ID, F_MONTH, F_REGION, *F_REGION_NAMES, F_DISTRICT, F_KIND,
        Field("status", "string", "category", _t("Мәртебе", "Статус", "Status"),
              values=OFFENSE_STATUSES),
        F_OFFENSES, F_SUPPRESSED,
    ),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=True,
))

_register(Dataset(
    id="camera_offenses_regional",
    table=schema.camera_offenses_regional,
    title=_t("Камералар арқылы ашылған құқық бұзушылықтар (өңір, ай, санат)",
             "Правонарушения, раскрытые с помощью камер (регион, месяц, категория)",
             "Offences solved or detected with cameras (region, month, category)"),
    description=_with_zeros(_t(
        "Бейнекамералар көмегімен ашылған құқық бұзушылықтар, өңір, түр және санат бойынша.",
        "Правонарушения, раскрытые или выявленные с помощью видеокамер, по региону, виду и "
        "категории.",
        "Offences solved or detected with video cameras, by region, kind and category.")),
    fields=(
        F_ID, F_MONTH, F_REGION, *F_REGION_NAMES, F_KIND,
        Field("category", "string", "category", _t("Санат", "Категория", "Category"),
              values=OFFENSE_CATEGORIES),
        F_OFFENSES, F_SUPPRESSED,
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

INDICATORS = ("front_office_visits", "sos_activations", "camera_crimes_solved",
              "camera_admin_detected")


@dataclass(frozen=True)
class Retired:
    """A dataset id that no longer publishes: the API answers 410 Gone with its successors."""

    id: str
    retired_on: str
    successors: tuple[str, ...]
    reason: Text3


_RETIRED_REASON = _t(
    "Тым ұсақ бөлініс: ұяшықтардың көбі жасырылған еді, ал жиынтықтар жасырылған сандарды "
    "ашатын. Орнына сұрақтарға арналған кестелер жарияланады.",
    "Слишком мелкая разбивка: большинство ячеек было скрыто, а итоги раскрывали скрытые "
    "числа. Вместо неё публикуются таблицы, нарезанные под вопросы пользователей.",
    "Too fine a grain: most cells were withheld and the totals gave hidden counts back. "
    "Replaced by tables cut for the questions users ask.")

RETIRED: dict[str, Retired] = {r.id: r for r in (
    Retired("front_office_visits", "2026-12-03",
            ("front_office_visits_daily", "front_office_offices_monthly",
             "front_office_visits_monthly", "front_office_visits_regional"), _RETIRED_REASON),
    Retired("sos_activations_daily", "2026-12-03",
            ("sos_activations_regional", "sos_response_regional"), _RETIRED_REASON),
    Retired("camera_offenses", "2026-12-03",
            ("camera_offenses_district", "camera_offenses_regional"), _RETIRED_REASON),
)}

# The changelog of the catalogue, newest first: what a user of an older id needs to know.
CHANGELOG: tuple[dict[str, object], ...] = (
    {"date": "2026-12-03",
     "retired": {r.id: list(r.successors) for r in RETIRED.values()},
     "added": ["front_office_visits_daily", "front_office_offices_monthly",
               "front_office_visits_monthly", "front_office_visits_regional",
               "sos_activations_regional", "sos_response_regional",
               "camera_offenses_district", "camera_offenses_regional"],
     "changed": {"sos_activations_monthly": "every operating button has a row (0 published)",
                 "region_indicators": "zero published for regions with facilities"},
     "note": _t("Ескі идентификаторлар 410 Gone қайтарады және мұрагерлерін көрсетеді.",
                "Старые идентификаторы отвечают 410 Gone и указывают преемников.",
                "Retired ids answer 410 Gone with a pointer to their successors.").as_dict()},
)
