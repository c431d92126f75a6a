"""What several datasets share: the suppression rule, the closed value lists of the category
fields and the fields that recur (region, district, day, month, flags, measures)."""

from __future__ import annotations

from data import value_lists
from data.catalog.model import Field, Text3
from data.catalog.model import text3 as _t

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

# The closed value lists of the category fields live in data.value_lists (etl.contract checks
# raw rows against them without importing the catalogue); the catalogue publishes them.
CHANNELS = value_lists.CHANNELS
TOPICS = value_lists.TOPICS
VISIT_OUTCOMES = value_lists.VISIT_OUTCOMES
SOS_CATEGORIES = value_lists.SOS_CATEGORIES
OFFENSE_KINDS = value_lists.OFFENSE_KINDS
OFFENSE_CATEGORIES = value_lists.OFFENSE_CATEGORIES
OFFENSE_STATUSES = value_lists.OFFENSE_STATUSES
PUBLIC_FACILITY_TYPES = value_lists.PUBLIC_FACILITY_TYPES
FACILITY_TYPES = value_lists.FACILITY_TYPES
FACILITY_STATUSES = value_lists.FACILITY_STATUSES
TARGET_INDICATORS = value_lists.TARGET_INDICATORS
TARGET_STATUSES = value_lists.TARGET_STATUSES
POPULATION_MEASURES = value_lists.POPULATION_MEASURES
REGION_INDICATORS = value_lists.REGION_INDICATORS

# How each language names a language, after a column's label: "Name (Kazakh)", "Атауы (қаз.)".
_LANGUAGE_NAMES = {
    "kk": _t("қаз.", "каз.", "Kazakh"),
    "ru": _t("орыс.", "рус.", "Russian"),
    "en": _t("ағыл.", "англ.", "English"),
}


def per_language(
    stem: str, label: Text3, languages: tuple[str, ...] = ("kk", "ru", "en")
) -> tuple[Field, ...]:
    """One text column per language (`<stem>_kk`, ...), described as "<label> (<language>)"."""
    fields = []
    for lang in languages:
        name = _LANGUAGE_NAMES[lang]
        description = _t(
            f"{label.kk} ({name.kk})", f"{label.ru} ({name.ru})", f"{label.en} ({name.en})"
        )
        fields.append(Field(f"{stem}_{lang}", "string", "attribute", description))
    return tuple(fields)


def closed_list(name: str, label: Text3, values: tuple[str, ...]) -> Field:
    """A category column that takes only `values`: the API refuses anything else."""
    return Field(name, "string", "category", label, values=values)


def status_field(values: tuple[str, ...]) -> Field:
    return closed_list("status", _t("Мәртебе", "Статус", "Status"), values)


def category_field(values: tuple[str, ...]) -> Field:
    return closed_list("category", _t("Санат", "Категория", "Category"), values)


def indicator_field(values: tuple[str, ...]) -> Field:
    return closed_list("indicator", _t("Көрсеткіш", "Показатель", "Indicator"), values)


# Fields shared by several datasets.
F_REGION = Field(
    "region",
    "string",
    "region",
    _t("Өңір, ISO 3166-2 коды", "Регион, код ISO 3166-2", "Region, ISO 3166-2 code"),
)
F_DISTRICT = Field(
    "district_kato",
    "string",
    "district",
    _t(
        "Аудан немесе қала, КАТО коды (9 сан)",
        "Район или город, код КАТО (9 цифр)",
        "District or city, KATO code (9 digits)",
    ),
)
F_DATE = Field(
    "date", "date", "time", _t("Күн (жергілікті уақыт)", "Дата (местное время)", "Day (local time)")
)
F_MONTH = Field(
    "month",
    "date",
    "time",
    _t("Ай (айдың бірінші күні)", "Месяц (первый день месяца)", "Month (first day of the month)"),
)
F_SUPPRESSED = Field(
    "suppressed",
    "boolean",
    "flag",
    _t(
        "Сан k-дан аз оқиға болғандықтан немесе басқа жасырылған санды қорғау үшін жасырылған",
        "Число скрыто: меньше k событий или защита другого скрытого числа",
        "The count is withheld: fewer than k events, or it would give another hidden count back",
    ),
)
F_ID = Field(
    "id",
    "integer",
    "key",
    _t(
        "Жол нөмірі (жариялым ішінде)",
        "Номер строки (в пределах публикации)",
        "Row number (within a publication)",
    ),
)
F_REGION_NAMES = per_language("region_name", _t("Өңір атауы", "Название региона", "Region name"))
# The columns most monthly aggregates open with: row number, month, region and its names.
F_ID_MONTH_REGION = (F_ID, F_MONTH, F_REGION, *F_REGION_NAMES)
F_OFFICE = Field("office_id", "string", "facility", _t("Фронт-офис", "Фронт-офис", "Front office"))
F_VISITS = Field(
    "visits",
    "integer",
    "measure",
    _t("Келулер саны", "Число посещений", "Number of visits"),
    "visits",
    True,
)
F_ACTIVATIONS = Field(
    "activations",
    "integer",
    "measure",
    _t("Басу саны", "Число срабатываний", "Activations"),
    "activations",
    True,
)
F_OFFENSES = Field(
    "offenses",
    "integer",
    "measure",
    _t("Құқық бұзушылықтар саны", "Число правонарушений", "Number of offences"),
    "offences",
    True,
)
F_KIND = closed_list("kind", _t("Түрі", "Вид", "Kind"), OFFENSE_KINDS)
F_ANSWER = Field(
    "answer_median_s",
    "number",
    "attribute",
    _t(
        "Оператор жауабына дейінгі медиана",
        "Медиана времени до ответа оператора",
        "Median time to an operator's answer",
    ),
    "seconds",
)
F_ARRIVAL = Field(
    "arrival_median_min",
    "number",
    "attribute",
    _t(
        "Патрульдің келуіне дейінгі медиана",
        "Медиана времени прибытия патруля",
        "Median time to patrol arrival",
    ),
    "minutes",
)
ZEROS = _t(
    " Жұмыс істейтін әр нысан мен әр санаттың жолы бар: нөл 0 болып жарияланады.",
    " Строка есть у каждого действующего объекта и каждой категории: ноль публикуется как 0.",
    " Every operating facility and every category has a row: zero is published as 0.",
)


def with_zeros(text: Text3) -> Text3:
    return _t(text.kk + ZEROS.kk, text.ru + ZEROS.ru, text.en + ZEROS.en)


INDICATORS = (
    "front_office_visits",
    "sos_activations",
    "camera_crimes_solved",
    "camera_admin_detected",
)
