"""Names of every enum value the published datasets carry, in kk/ru/en.

LABELS[kind][value] = {"kk", "ru", "en"}. `CATEGORY_KINDS` says which kind names the values of
a dataset's category column, so tables and filters can label any column they show.
"""

from __future__ import annotations


def _l(kk: str, ru: str, en: str) -> dict[str, str]:
    return {"kk": kk, "ru": ru, "en": en}


OTHER = _l("Басқа", "Другое", "Other")
VANDALISM = _l("Вандализм", "Вандализм", "Vandalism")

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "channel": {
        "walk_in": _l("Жеке келу", "Личный визит", "Walk-in"),
        "video_call_102": _l("«102» бейнеқоңырауы", "Видеозвонок «102»", "Video call via 102"),
        "online": _l("Онлайн", "Онлайн", "Online"),
    },
    "topic": {
        "consultation": _l("Кеңес алу", "Консультация", "Consultation"),
        "statement": _l("Арыз беру", "Заявление", "Statement"),
        "certificate": _l("Анықтама алу", "Справка", "Certificate"),
        "complaint": _l("Шағым", "Жалоба", "Complaint"),
        "lost_documents": _l("Жоғалған құжаттар", "Утерянные документы", "Lost documents"),
        "other_agency_matter": _l(
            "Басқа органның құзыретіндегі мәселе",
            "Вопрос другого ведомства",
            "Matter for another agency",
        ),
        "other": OTHER,
    },
    "outcome": {
        "resolved": _l("Шешілді", "Решено", "Resolved"),
        "referred_internal": _l(
            "Полицияның басқа бөлімшесіне жіберілді",
            "Передано в другое подразделение полиции",
            "Referred within the police",
        ),
        "referred_other_agency": _l(
            "Басқа органға жіберілді", "Передано в другое ведомство", "Referred to another agency"
        ),
        "pending": _l("Қаралуда", "На рассмотрении", "Pending"),
    },
    "sos_category": {
        "emergency": _l("Шұғыл жағдай", "Экстренный случай", "Emergency"),
        "assistance": _l("Көмек сұрау", "Просьба о помощи", "Request for assistance"),
        "consultation": _l("Кеңес", "Консультация", "Consultation"),
        "false_alarm": _l("Жалған шақыру", "Ложный вызов", "False alarm"),
        "test": _l("Тексеру", "Проверка", "Test"),
        "vandalism": VANDALISM,
    },
    "camera_kind": {
        "criminal": _l("Қылмыстық", "Уголовное", "Criminal"),
        "administrative": _l("Әкімшілік", "Административное", "Administrative"),
    },
    "camera_category": {
        "theft": _l("Ұрлық", "Кража", "Theft"),
        "robbery": _l("Тонау", "Грабёж", "Robbery"),
        "hooliganism": _l("Бұзақылық", "Хулиганство", "Hooliganism"),
        "vandalism": VANDALISM,
        "traffic_speeding": _l("Жылдамдықты асыру", "Превышение скорости", "Speeding"),
        "traffic_red_light": _l(
            "Бағдаршамның тыйым салатын белгісіне өту",
            "Проезд на запрещающий сигнал",
            "Running a red light",
        ),
        "traffic_other": _l(
            "Жол қозғалысының басқа бұзушылықтары", "Другие нарушения ПДД", "Other traffic offences"
        ),
        "public_order": _l(
            "Қоғамдық тәртіпті бұзу", "Нарушение общественного порядка", "Public order"
        ),
        "other": OTHER,
    },
    "camera_status": {
        "solved": _l("Ашылды", "Раскрыто", "Solved"),
        "detected": _l("Анықталды", "Выявлено", "Detected"),
        "under_investigation": _l("Тергелуде", "Расследуется", "Under investigation"),
    },
    "facility_type": {
        "front_office": _l("Фронт-офис", "Фронт-офис", "Front office"),
        "modular_post": _l(
            "Модульдік полиция бекеті", "Модульный пост полиции", "Modular police post"
        ),
        "district_point": _l(
            "Учаскелік полиция пункті", "Участковый пункт полиции", "District police point"
        ),
        "sos_button": _l("SOS дабыл түймесі", "Тревожная кнопка SOS", "SOS alarm button"),
        "camera": _l("Бейнекамера", "Видеокамера", "Video camera"),
    },
    "facility_type_plural": {
        "front_office": _l("Фронт-офистер", "Фронт-офисы", "Front offices"),
        "modular_post": _l("Модульдік бекеттер", "Модульные посты", "Modular posts"),
        "district_point": _l("Учаскелік пункттер", "Участковые пункты", "District police points"),
        "sos_button": _l("SOS түймелері", "Тревожные кнопки", "SOS buttons"),
        "camera": _l("Бейнекамералар", "Видеокамеры", "Video cameras"),
    },
    "facility_status": {
        "planned": _l("Жоспарланған", "Запланирован", "Planned"),
        "under_construction": _l("Салынып жатыр", "Строится", "Under construction"),
        "operating": _l("Жұмыс істейді", "Работает", "Operating"),
        "closed": _l("Жабылған", "Закрыт", "Closed"),
    },
    "target_status": {
        "met": _l("Орындалды", "Выполнено", "Met"),
        "on_track": _l("Жоспар бойынша", "По плану", "On track"),
        "behind": _l("Артта қалуда", "Отстаёт", "Behind"),
        "missed": _l("Мерзімінде орындалмады", "Не выполнено в срок", "Missed"),
        "no_data": _l("Деректер жоқ", "Нет данных", "No data"),
    },
    "target_indicator": {
        "front_offices_operating": _l(
            "Жұмыс істеп тұрған фронт-офистер",
            "Действующие фронт-офисы",
            "Front offices in operation",
        ),
        "modular_posts_operating": _l(
            "Жұмыс істеп тұрған модульдік бекеттер",
            "Действующие модульные посты",
            "Modular posts in operation",
        ),
        "district_points_operating": _l(
            "Жұмыс істеп тұрған учаскелік пункттер",
            "Действующие участковые пункты",
            "District police points in operation",
        ),
        "sos_buttons_operating": _l(
            "Жұмыс істеп тұрған SOS түймелері",
            "Действующие тревожные кнопки",
            "SOS buttons in operation",
        ),
        "cameras_operating": _l(
            "Жұмыс істеп тұрған камералар", "Действующие камеры", "Cameras in operation"
        ),
    },
    "indicator": {
        "front_office_visits": _l(
            "Фронт-офистерге келулер", "Посещения фронт-офисов", "Front-office visits"
        ),
        "sos_activations": _l(
            "SOS түймелерін басу", "Срабатывания тревожных кнопок", "SOS button activations"
        ),
        "camera_crimes_solved": _l(
            "Камералар көмегімен ашылған қылмыстар",
            "Преступления, раскрытые с помощью камер",
            "Crimes solved with cameras",
        ),
        "camera_admin_detected": _l(
            "Камералар анықтаған әкімшілік құқық бұзушылықтар",
            "Административные правонарушения, выявленные камерами",
            "Administrative offences detected with cameras",
        ),
    },
    "population_measure": {
        "annual_average": _l("Жылдық орташа", "Среднегодовая", "Annual average"),
        "on_1_january": _l("1 қаңтардағы", "На 1 января", "On 1 January"),
    },
    "cadence": {
        "daily": _l(
            "Күн сайын (түнгі жариялым)",
            "Ежедневно (ночная публикация)",
            "Daily (nightly publication)",
        ),
        "monthly": _l(
            "Ай сайын (ай толық біткен соң)",
            "Ежемесячно (после окончания месяца)",
            "Monthly (once the month is complete)",
        ),
        "on_change": _l("Өзгерген кезде", "При изменении", "When it changes"),
        "static": _l(
            "Анықтамалық (сирек өзгереді)",
            "Справочные (меняются редко)",
            "Reference (rarely changes)",
        ),
    },
    "key_figure_unit": {
        "%": _l("%", "%", "%"),
        "buttons": _l("түйме", "кнопок", "buttons"),
        "cameras": _l("камера", "камер", "cameras"),
        "cases": _l("іс", "дел", "cases"),
        "crimes": _l("қылмыс", "преступлений", "crimes"),
        "district police points": _l(
            "учаскелік пункт", "участковых пунктов", "district police points"
        ),
        "front offices": _l("фронт-офис", "фронт-офисов", "front offices"),
        "offences": _l("құқық бұзушылық", "правонарушений", "offences"),
        "officers per 100 000 residents": _l(
            "100 мың тұрғынға шаққандағы полицейлер",
            "полицейских на 100 тыс. жителей",
            "officers per 100,000 residents",
        ),
        "people per year": _l("адам жылына", "человек в год", "people per year"),
        "posts": _l("бекет", "постов", "posts"),
        "regions": _l("өңір", "регионов", "regions"),
        "visitors": _l("келуші", "посетителей", "visitors"),
    },
    "key_figure_period": {
        "2023": _l("2023 жыл", "2023 год", "2023"),
        "25 February – mid-2019": _l(
            "25 ақпан – 2019 жылдың ортасы",
            "25 февраля – середина 2019 года",
            "25 February – mid-2019",
        ),
        "after the reform": _l("реформадан кейін", "после реформы", "after the reform"),
        "annual": _l("жыл сайын", "ежегодно", "annual"),
        "as reported": _l("жарияланған күйі", "по данным публикации", "as reported"),
        "as reported (c. 2020)": _l(
            "жарияланған күйі (шамамен 2020 ж.)",
            "по данным публикации (около 2020 г.)",
            "as reported (c. 2020)",
        ),
        "as reported (c. 2022)": _l(
            "жарияланған күйі (шамамен 2022 ж.)",
            "по данным публикации (около 2022 г.)",
            "as reported (c. 2022)",
        ),
        "before the reform": _l("реформаға дейін", "до реформы", "before the reform"),
        "by 2023": _l("2023 жылға қарай", "к 2023 году", "by 2023"),
        "next 5 years (c. 2020)": _l(
            "алдағы 5 жыл (шамамен 2020 ж. бастап)",
            "ближайшие 5 лет (примерно с 2020 г.)",
            "next 5 years (c. 2020)",
        ),
        "one year (c. 2022)": _l(
            "бір жыл (шамамен 2022 ж.)", "один год (около 2022 г.)", "one year (c. 2022)"
        ),
        "since the start of the year": _l(
            "жыл басынан бері", "с начала года", "since the start of the year"
        ),
        "three years": _l("үш жыл", "три года", "three years"),
    },
    "publisher": {
        "not stated in the source": _l(
            "дереккөзде көрсетілмеген", "в источнике не указан", "not stated in the source"
        ),
        "Soltústik Qazaqstan (newspaper)": _l(
            "«Солтүстік Қазақстан» газеті",
            "газета «Солтүстік Қазақстан»",
            "Soltústik Qazaqstan (newspaper)",
        ),
    },
    "source_language": {
        "kk": _l("қазақ тілінде", "на казахском языке", "in Kazakh"),
        "ru": _l("орыс тілінде", "на русском языке", "in Russian"),
        "en": _l("ағылшын тілінде", "на английском языке", "in English"),
    },
    "field_type": {
        "string": _l("мәтін", "текст", "text"),
        "integer": _l("бүтін сан", "целое число", "integer"),
        "number": _l("сан", "число", "number"),
        "boolean": _l("иә/жоқ", "да/нет", "true/false"),
        "date": _l("күн", "дата", "date"),
        "datetime": _l("күн мен уақыт", "дата и время", "date and time"),
        "object": _l("JSON нысаны", "объект JSON", "JSON object"),
    },
    "unit": {
        "activations": _l("басу", "срабатываний", "activations"),
        "answers": _l("жауап", "ответов", "answers"),
        "cameras": _l("камера", "камер", "cameras"),
        "degrees": _l("градус", "градусы", "degrees"),
        "minutes": _l("минут", "минуты", "minutes"),
        "offences": _l("құқық бұзушылық", "правонарушений", "offences"),
        "people": _l("адам", "человек", "people"),
        "ratio": _l("үлес (0–1)", "доля (0–1)", "share (0–1)"),
        "score": _l("балл (1–5)", "балл (1–5)", "score (1–5)"),
        "seconds": _l("секунд", "секунды", "seconds"),
        "visits": _l("келу", "посещений", "visits"),
    },
    "region_word": {  # what region_short_name() drops from a region's name in charts
        "suffix": _l(" облысы", " область", " Region"),
    },
    "format": {
        "csv": _l("CSV", "CSV", "CSV"),
        "json": _l("JSON", "JSON", "JSON"),
        "xlsx": _l("Excel (XLSX)", "Excel (XLSX)", "Excel (XLSX)"),
        "geojson": _l("GeoJSON", "GeoJSON", "GeoJSON"),
        "ndjson": _l("NDJSON", "NDJSON", "NDJSON"),
    },
}

# (dataset id, column) → label kind: which names to use for a category column's values.
CATEGORY_KINDS: dict[tuple[str, str], str] = {
    ("region_indicators", "indicator"): "indicator",
    ("front_office_visits_regional", "channel"): "channel",
    ("front_office_visits_regional", "topic"): "topic",
    ("front_office_visits_regional", "outcome"): "outcome",
    ("sos_activations_regional", "category"): "sos_category",
    ("camera_offenses_regional", "kind"): "camera_kind",
    ("camera_offenses_regional", "category"): "camera_category",
    ("camera_offenses_district", "kind"): "camera_kind",
    ("camera_offenses_district", "status"): "camera_status",
    ("facilities", "type"): "facility_type",
    ("facilities", "status"): "facility_status",
    ("cameras_by_district", "status"): "facility_status",
    ("targets", "indicator"): "target_indicator",
    ("targets", "status"): "target_status",
    ("population", "measure"): "population_measure",
}
