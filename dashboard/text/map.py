"""The map's strings (page, legend, tooltips, popups) in kk, ru and en, for dashboard.i18n.

Indicator, facility-type and status names are the shared LABELS (dashboard.i18n.label), so the
map calls things what the other pages call them.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # page
    "map.title": {
        "kk": "Полиция нысандарының картасы",
        "ru": "Карта объектов полиции",
        "en": "Map of police facilities",
    },
    "map.intro": {
        "kk": "Фронт-офистер, модульдік бекеттер, учаскелік пункттер және SOS түймелері, сондай-ақ "
        "таңдалған көрсеткіштің 100\u00a0000 тұрғынға шаққандағы өңірлік мәні.",
        "ru": "Фронт-офисы, модульные посты, участковые пункты и кнопки SOS, а также "
        "региональное значение выбранного показателя на 100\u00a0000 жителей.",
        "en": "Front offices, modular posts, district police points and SOS buttons, with the "
        "regional value of the chosen indicator per 100,000 residents.",
    },
    # the credit stored by `etl load-boundaries` for the geokz file, as each language says it
    "map.attribution_geokz": {
        "kk": "Шекаралар: geokz (А. Родионов), CC BY 4.0, OCHA COD-AB негізінде",
        "ru": "Границы: geokz (А. Родионов), CC BY 4.0, на основе OCHA COD-AB",
        "en": "Boundaries: geokz (A. Rodionov), CC BY 4.0, based on OCHA COD-AB",
    },
    "map.controls": {"kk": "Карта параметрлері", "ru": "Параметры карты", "en": "Map settings"},
    "map.indicator_label": {
        "kk": "Өңірлер бойынша көрсеткіш",
        "ru": "Показатель по регионам",
        "en": "Indicator by region",
    },
    "map.layers_label": {
        "kk": "Картадағы нысандар",
        "ru": "Объекты на карте",
        "en": "Facilities on the map",
    },
    "map.iframe_title": {
        "kk": "Интерактивті карта: нысандар және {indicator} (100\u00a0000 тұрғынға)",
        "ru": "Интерактивная карта: объекты и {indicator} (на 100\u00a0000 жителей)",
        "en": "Interactive map: facilities and {indicator} (per 100,000 residents)",
    },
    "map.skip": {
        "kk": "Картаны өткізіп, кестеге өту",
        "ru": "Пропустить карту и перейти к таблице",
        "en": "Skip the map and go to the table",
    },
    "map.table_caption": {
        "kk": "{indicator}, {month}: өңірлер бойынша, 100\u00a0000 тұрғынға шаққанда",
        "ru": "{indicator}, {month}: по регионам, на 100\u00a0000 жителей",
        "en": "{indicator}, {month}: by region, per 100,000 residents",
    },
    "map.table_note": {
        "kk": "Картадағы сандар — осы кестедегі сандар.",
        "ru": "Числа на карте — это числа из этой таблицы.",
        "en": "The numbers on the map are the numbers in this table.",
    },
    "map.table_rank": {"kk": "Орны", "ru": "Место", "en": "Rank"},
    "map.table_heading": {
        "kk": "Өңірлер бойынша сандар",
        "ru": "Числа по регионам",
        "en": "The numbers by region",
    },
    # states of a number (capitalised: legend entries)
    "map.value_suppressed": {"kk": "Жасырылған", "ru": "Скрыто", "en": "Suppressed"},
    "map.value_missing": {"kk": "Дерек жоқ", "ru": "Нет данных", "en": "No data"},
    # legend
    "map.legend_title": {"kk": "Шартты белгілер", "ru": "Условные обозначения", "en": "Legend"},
    "map.legend_rate": {
        "kk": "{indicator}, 100\u00a0000 тұрғынға ({month})",
        "ru": "{indicator}, на 100\u00a0000 жителей ({month})",
        "en": "{indicator} per 100,000 residents ({month})",
    },
    "map.legend_circles": {
        "kk": "Шеңбер ауданы мәнге пропорционал",
        "ru": "Площадь круга пропорциональна значению",
        "en": "Circle area is proportional to the value",
    },
    "map.legend_facilities": {"kk": "Нысандар", "ru": "Объекты", "en": "Facilities"},
    "map.legend_cluster": {
        "kk": "Сан — топтағы нысандар саны; жақындату үшін басыңыз",
        "ru": "Число — сколько объектов в группе; нажмите, чтобы приблизить",
        "en": "A number counts the facilities in a group; select it to zoom in",
    },
    "map.legend_faded": {
        "kk": "Бозғылт белгі — жоспарланған немесе салынып жатқан нысан",
        "ru": "Бледный значок — объект запланирован или строится",
        "en": "A faded symbol: planned or under construction",
    },
    "map.legend_closed": {
        "kk": "Жабылған нысандар көрсетілмейді",
        "ru": "Закрытые объекты не показаны",
        "en": "Closed facilities are not shown",
    },
    "map.tooltip": {
        "kk": "{name}: {rate} (орны {rank})",
        "ru": "{name}: {rate} (место {rank})",
        "en": "{name}: {rate} (rank {rank})",
    },
    "map.tooltip_none": {"kk": "{name}: {state}", "ru": "{name}: {state}", "en": "{name}: {state}"},
    # popup fields
    "map.popup_address": {"kk": "Мекенжайы", "ru": "Адрес", "en": "Address"},
    "map.popup_hours": {"kk": "Жұмыс уақыты", "ru": "Часы работы", "en": "Opening hours"},
    "map.popup_phone": {"kk": "Телефон", "ru": "Телефон", "en": "Phone"},
    "map.popup_status": {"kk": "Мәртебесі", "ru": "Статус", "en": "Status"},
    "map.popup_unknown": {"kk": "көрсетілмеген", "ru": "не указано", "en": "not stated"},
    # opening hours
    "map.hours_24_7": {"kk": "Тәулік бойы", "ru": "Круглосуточно", "en": "24/7"},
}

# Opening hours arrive in English abbreviations ("Mon–Fri 09:00–18:00"): the days in kk and ru.
DAY_ABBREVIATIONS: dict[str, dict[str, str]] = {
    "Mon": {"kk": "Дс", "ru": "Пн"},
    "Tue": {"kk": "Сс", "ru": "Вт"},
    "Wed": {"kk": "Ср", "ru": "Ср"},
    "Thu": {"kk": "Бс", "ru": "Чт"},
    "Fri": {"kk": "Жм", "ru": "Пт"},
    "Sat": {"kk": "Сб", "ru": "Сб"},
    "Sun": {"kk": "Жс", "ru": "Вс"},
}
