"""Strings of the indicators explorer (/indicators)."""

from __future__ import annotations

from dashboard.text.labels import _l

MESSAGES: dict[str, dict[str, str]] = {
    "series.title": _l(
        "Көрсеткіштер уақыт бойынша", "Показатели во времени", "Indicators over time"
    ),
    "series.lead": _l(
        "Деректер жиынын, өңірлерді, кезеңді және санаттарды таңдаңыз. Әр диаграмманың астында "
        "оның кестесі бар; көрсетілгенін CSV немесе Excel түрінде жүктеуге болады. Сілтеме "
        "таңдалған күйді сақтайды.",
        "Выберите набор данных, регионы, период и категории. Под каждой диаграммой — её "
        "таблица; показанное можно скачать в CSV или Excel. Ссылка сохраняет выбранный вид.",
        "Choose a dataset, regions, a period and categories. Every chart has its table "
        "underneath, and what is shown can be downloaded as CSV or Excel. The link keeps the "
        "view you chose.",
    ),
    "series.controls": _l("Сүзгілер", "Фильтры", "Filters"),
    "series.dataset": _l("Деректер жиыны", "Набор данных", "Dataset"),
    "series.dataset_help": _l(
        "«Өңірлік көрсеткіштер» — толық айлық жиынтықтар. Егжей-тегжейлі жиындар бөлуге "
        "мүмкіндік береді, бірақ олардағы шағын сандардың көбі жасырылған.",
        "«Региональные показатели» — полные месячные итоги. Подробные наборы позволяют "
        "разбивку, но больше их малых чисел скрыто.",
        "“Regional indicators” hold complete monthly totals. The detailed datasets allow "
        "breakdowns, but more of their small counts are withheld.",
    ),
    "series.regions": _l("Өңірлер", "Регионы", "Regions"),
    "series.regions_help": _l(
        "Бос қалдырсаңыз — барлық өңірлер (ел бойынша).",
        "Пусто — все регионы (вся страна).",
        "Leave empty for every region (national).",
    ),
    "series.from": _l("Кезең басы", "Начало периода", "From"),
    "series.to": _l("Кезең соңы", "Конец периода", "To"),
    "series.breakdown": _l("Бөліп көрсету", "Разбивка", "Break down by"),
    "series.breakdown_total": _l("Жиынтық (бір сызық)", "Итог (одна линия)", "Total (one line)"),
    "series.breakdown_region": _l("Өңірлер бойынша", "По регионам", "By region"),
    "series.breakdown_category": _l("Бөлу: {field}", "Разбивка: {field}", "By: {field}"),
    "series.per_capita": _l(
        "100 000 тұрғынға шаққанда", "На 100 000 жителей", "Per 100,000 residents"
    ),
    "series.per_capita_help": _l(
        "Тек мәні жарияланған өңірлердің халқына бөлінеді (ҰСБ деректері, ең жақын жыл).",
        "Делится на население регионов с опубликованным значением (данные БНС, ближайший год).",
        "Divided by the population of the regions with a published value (Bureau of National "
        "Statistics, nearest year).",
    ),
    "series.category_all": _l(
        "Ештеңе белгіленбесе — барлық мәндер.",
        "Ничего не отмечено — все значения.",
        "Nothing ticked means every value.",
    ),
    "series.selected_regions": _l("Таңдалған өңірлер", "Выбранные регионы", "Selected regions"),
    "series.caption": _l(
        "{measure} — {scope}, {start} – {end}",
        "{measure} — {scope}, {start} – {end}",
        "{measure} — {scope}, {start} – {end}",
    ),
    "series.caption_per_capita": _l(
        "{measure}, 100 000 тұрғынға — {scope}, {start} – {end}",
        "{measure}, на 100 000 жителей — {scope}, {start} – {end}",
        "{measure} per 100,000 residents — {scope}, {start} – {end}",
    ),
    "series.filters_applied": _l("Сүзгілер: {filters}", "Фильтры: {filters}", "Filters: {filters}"),
    "series.scope": _l("Аумақ", "Территория", "Scope"),
    "series.download_heading": _l(
        "Көрсетілгенді жүктеу", "Скачать показанное", "Download what is shown"
    ),
    "series.download_note": _l(
        "CSV және Excel файлдарында дәл осы кестенің сандары: әр ай мен сызыққа бір жол, "
        "мәртебе бағанымен.",
        "В файлах CSV и Excel — числа этой таблицы: по строке на месяц и линию, со столбцом "
        "статуса.",
        "The CSV and Excel files hold the numbers of this table: one row per month and line, "
        "with a status column.",
    ),
    "series.api_aggregate": _l(
        "Осы жиынтықтар API арқылы (CSV)",
        "Те же итоги через API (CSV)",
        "The same totals from the API (CSV)",
    ),
    "series.api_rows": _l(
        "Бастапқы жолдар API арқылы (CSV)",
        "Исходные строки через API (CSV)",
        "The underlying rows from the API (CSV)",
    ),
    "series.status": _l("Мәртебе", "Статус", "Status"),
    "series.status_ok": _l("жарияланған", "опубликовано", "published"),
    "series.status_partial": _l(
        "кемінде: кейбір сандар жасырылған",
        "не менее: часть чисел скрыта",
        "at least: some counts withheld",
    ),
    "series.updated": _l("диаграмма мен кесте", "диаграмма и таблица", "chart and table"),
}
