"""Every user-visible string of the map (page, legend, popups) in kk, ru and en.

Kept here until the messages move into dashboard.i18n; its translation test scans this module
too, so each entry must carry all three languages. Look-ups fall back to Kazakh, the default
language of the portal, never to an empty string.
"""

from __future__ import annotations

import re

LANGS = ("kk", "ru", "en")
DEFAULT_LANG = "kk"

TEXT: dict[str, dict[str, str]] = {
    # page
    "map.title": {"kk": "Полиция нысандарының картасы", "ru": "Карта объектов полиции",
                  "en": "Map of police facilities"},
    "map.intro": {
        "kk": "Фронт-офистер, модульдік бекеттер, учаскелік пункттер және SOS түймелері, сондай-ақ "
              "таңдалған көрсеткіштің 100\u00a0000 тұрғынға шаққандағы өңірлік мәні.",
        "ru": "Фронт-офисы, модульные посты, участковые пункты и кнопки SOS, а также "
              "региональное значение выбранного показателя на 100\u00a0000 жителей.",
        "en": "Front offices, modular posts, district police points and SOS buttons, with the "
              "regional value of the chosen indicator per 100,000 residents."},
    # the credit stored by `etl load-boundaries` for the geokz file, as each language says it
    "map.attribution_geokz": {
        "kk": "Шекаралар: geokz (А. Родионов), CC BY 4.0, OCHA COD-AB негізінде",
        "ru": "Границы: geokz (А. Родионов), CC BY 4.0, на основе OCHA COD-AB",
        "en": "Boundaries: geokz (A. Rodionov), CC BY 4.0, based on OCHA COD-AB"},
    "map.controls": {"kk": "Карта параметрлері", "ru": "Параметры карты",
                     "en": "Map settings"},
    "map.indicator_label": {"kk": "Өңірлер бойынша көрсеткіш", "ru": "Показатель по регионам",
                            "en": "Indicator by region"},
    "map.layers_label": {"kk": "Картадағы нысандар", "ru": "Объекты на карте",
                         "en": "Facilities on the map"},
    "map.iframe_title": {
        "kk": "Интерактивті карта: нысандар және {indicator} (100\u00a0000 тұрғынға)",
        "ru": "Интерактивная карта: объекты и {indicator} (на 100\u00a0000 жителей)",
        "en": "Interactive map: facilities and {indicator} (per 100,000 residents)"},
    "map.skip": {"kk": "Картаны өткізіп, кестеге өту", "ru": "Пропустить карту и перейти к таблице",
                 "en": "Skip the map and go to the table"},
    "map.table_caption": {
        "kk": "{indicator}, {month}: өңірлер бойынша, 100\u00a0000 тұрғынға шаққанда",
        "ru": "{indicator}, {month}: по регионам, на 100\u00a0000 жителей",
        "en": "{indicator}, {month}: by region, per 100,000 residents"},
    "map.table_note": {"kk": "Картадағы сандар — осы кестедегі сандар.",
                       "ru": "Числа на карте — это числа из этой таблицы.",
                       "en": "The numbers on the map are the numbers in this table."},
    "map.table_rank": {"kk": "Орны", "ru": "Место", "en": "Rank"},
    "map.table_heading": {"kk": "Өңірлер бойынша сандар", "ru": "Числа по регионам",
                          "en": "The numbers by region"},
    "map.no_month": {"kk": "дерек жоқ", "ru": "нет данных", "en": "no data"},
    # states of a number
    "value.suppressed": {"kk": "Жасырылған", "ru": "Скрыто", "en": "Suppressed"},
    "value.missing": {"kk": "Дерек жоқ", "ru": "Нет данных", "en": "No data"},
    # legend
    "legend.title": {"kk": "Шартты белгілер", "ru": "Условные обозначения", "en": "Legend"},
    "legend.rate": {"kk": "{indicator}, 100\u00a0000 тұрғынға ({month})",
                    "ru": "{indicator}, на 100\u00a0000 жителей ({month})",
                    "en": "{indicator} per 100,000 residents ({month})"},
    "legend.circles": {"kk": "Шеңбер ауданы мәнге пропорционал",
                       "ru": "Площадь круга пропорциональна значению",
                       "en": "Circle area is proportional to the value"},
    "legend.facilities": {"kk": "Нысандар", "ru": "Объекты", "en": "Facilities"},
    "legend.cluster": {"kk": "Сан — топтағы нысандар саны; жақындату үшін басыңыз",
                       "ru": "Число — сколько объектов в группе; нажмите, чтобы приблизить",
                       "en": "A number counts the facilities in a group; select it to zoom in"},
    "legend.faded": {"kk": "Бозғылт белгі — жоспарланған немесе салынып жатқан нысан",
                     "ru": "Бледный значок — объект запланирован или строится",
                     "en": "A faded symbol: planned or under construction"},
    "legend.closed": {"kk": "Жабылған нысандар көрсетілмейді",
                      "ru": "Закрытые объекты не показаны",
                      "en": "Closed facilities are not shown"},
    "region.tooltip": {"kk": "{name}: {rate} (орны {rank})", "ru": "{name}: {rate} (место {rank})",
                       "en": "{name}: {rate} (rank {rank})"},
    "region.tooltip_none": {"kk": "{name}: {state}", "ru": "{name}: {state}",
                            "en": "{name}: {state}"},
    # facility layers
    "layer.front_office": {"kk": "Фронт-офистер", "ru": "Фронт-офисы", "en": "Front offices"},
    "layer.modular_post": {"kk": "Модульдік полиция бекеттері", "ru": "Модульные посты полиции",
                           "en": "Modular police posts"},
    "layer.district_point": {"kk": "Учаскелік полиция пункттері",
                             "ru": "Участковые пункты полиции", "en": "District police points"},
    "layer.sos_button": {"kk": "SOS дабыл түймелері", "ru": "Тревожные кнопки SOS",
                         "en": "SOS alarm buttons"},
    # popup fields
    "popup.address": {"kk": "Мекенжайы", "ru": "Адрес", "en": "Address"},
    "popup.hours": {"kk": "Жұмыс уақыты", "ru": "Часы работы", "en": "Opening hours"},
    "popup.phone": {"kk": "Телефон", "ru": "Телефон", "en": "Phone"},
    "popup.status": {"kk": "Мәртебесі", "ru": "Статус", "en": "Status"},
    "popup.unknown": {"kk": "көрсетілмеген", "ru": "не указано", "en": "not stated"},
    "status.operating": {"kk": "Жұмыс істейді", "ru": "Работает", "en": "Operating"},
    "status.under_construction": {"kk": "Салынуда", "ru": "Строится",
                                  "en": "Under construction"},
    "status.planned": {"kk": "Жоспарланған", "ru": "Запланирован", "en": "Planned"},
    "status.closed": {"kk": "Жабық", "ru": "Закрыт", "en": "Closed"},
    # indicators
    "indicator.front_office_visits": {"kk": "Фронт-офистерге келулер",
                                      "ru": "Посещения фронт-офисов",
                                      "en": "Front-office visits"},
    "indicator.sos_activations": {"kk": "SOS түймелерінің басылуы",
                                  "ru": "Срабатывания кнопок SOS",
                                  "en": "SOS button activations"},
    "indicator.camera_crimes_solved": {"kk": "Камералар көмегімен ашылған қылмыстар",
                                       "ru": "Преступления, раскрытые с помощью камер",
                                       "en": "Crimes solved with cameras"},
    "indicator.camera_admin_detected": {
        "kk": "Камералар анықтаған әкімшілік құқық бұзушылықтар",
        "ru": "Административные правонарушения, выявленные камерами",
        "en": "Administrative offences detected by cameras"},
    # opening hours
    "hours.24_7": {"kk": "Тәулік бойы", "ru": "Круглосуточно", "en": "24/7"},
}

# Opening hours arrive in English abbreviations ("Mon–Fri 09:00–18:00"): translate the days.
_DAYS = {
    "Mon": {"kk": "Дс", "ru": "Пн"}, "Tue": {"kk": "Сс", "ru": "Вт"},
    "Wed": {"kk": "Ср", "ru": "Ср"}, "Thu": {"kk": "Бс", "ru": "Чт"},
    "Fri": {"kk": "Жм", "ru": "Пт"}, "Sat": {"kk": "Сб", "ru": "Сб"},
    "Sun": {"kk": "Жс", "ru": "Вс"},
}
_DAY_RE = re.compile(r"\b(" + "|".join(_DAYS) + r")\b")
_ALWAYS_RE = re.compile(r"^\s*24\s*/\s*7\s*$")


def norm_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


# Names every page shares (indicators, facility types, statuses) come from dashboard.i18n when
# it knows them, so the map calls things what the other pages call them.
_SHARED_LABELS = {"indicator": "indicator", "layer": "facility_type_plural",
                  "status": "facility_status"}


def _shared_label(msg_id: str, lang: str) -> str | None:
    kind, _, value = msg_id.partition(".")
    if kind not in _SHARED_LABELS:
        return None
    try:
        from dashboard.i18n import LABELS, label
    except ImportError:
        return None
    if value not in LABELS.get(_SHARED_LABELS[kind], {}):
        return None
    return label(_SHARED_LABELS[kind], value, norm_lang(lang))


def text(msg_id: str, lang: str, **values: object) -> str:
    """The message in `lang` (Kazakh when unknown), with `{name}` placeholders filled."""
    entry = TEXT[msg_id]
    message = _shared_label(msg_id, lang) or entry.get(norm_lang(lang)) or entry[DEFAULT_LANG]
    return message.format(**values) if values else message


def localise_hours(hours: str | None, lang: str) -> str | None:
    """'24/7' and English day abbreviations in the reader's language; other text unchanged."""
    if hours is None or not hours.strip():
        return None
    if _ALWAYS_RE.match(hours):
        return text("hours.24_7", lang)
    if norm_lang(lang) == "en":
        return hours
    return _DAY_RE.sub(lambda m: _DAYS[m.group(1)][norm_lang(lang)], hours)


_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}


def fmt_number(value: float | int | None, lang: str, decimals: int = 0) -> str | None:
    """A number in the reader's locale (Babel); None stays None so callers show it as missing."""
    if value is None:
        return None
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_LOCALES[norm_lang(lang)])


def fmt_month(month: object, lang: str) -> str:
    """'Қазан 2026', 'Октябрь 2026', 'October 2026'; "no data" when there is no month."""
    if month is None:
        return text("map.no_month", lang)
    from babel.dates import format_date

    label = format_date(month, "LLLL yyyy", locale=_LOCALES[norm_lang(lang)])
    return label[:1].upper() + label[1:]
