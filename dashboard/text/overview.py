"""Strings of the overview page (/) and its KPI cards."""

from __future__ import annotations

from dashboard.text.labels import _l

MESSAGES: dict[str, dict[str, str]] = {
    "overview.title": _l(
        "Полицияның сервистік моделі: негізгі көрсеткіштер",
        "Сервисная модель полиции: основные показатели",
        "Police service model: key figures",
    ),
    "overview.lead": _l(
        "Фронт-офистер, модульдік бекеттер, SOS түймелері және бейнекамералар туралы ай сайынғы "
        "ашық статистика. Барлық сандар иесіздендіріліп, тек жиынтық түрде жарияланады.",
        "Ежемесячная открытая статистика о фронт-офисах, модульных постах, тревожных кнопках и "
        "видеокамерах. Все цифры обезличены и публикуются только в виде итогов.",
        "Monthly open statistics on police front offices, modular posts, SOS buttons and video "
        "cameras. Every figure is anonymised and published as totals only.",
    ),
    "overview.kpi_heading": _l(
        "{month}: ел бойынша", "{month}: по всей стране", "{month}: national totals"
    ),
    "overview.facilities_heading": _l(
        "Халыққа қызмет көрсететін нысандар", "Объекты для граждан", "Facilities serving the public"
    ),
    "overview.facilities_caption": _l(
        "Нысандар түрі мен мәртебесі бойынша (қазіргі тізілім). Камералардың орны жарияланбайды.",
        "Объекты по типу и статусу (текущий реестр). Места установки камер не публикуются.",
        "Facilities by type and status (current register). Camera locations are not published.",
    ),
    "overview.map_heading": _l("Өңірлер картасы", "Карта регионов", "Map of the regions"),
    "overview.map_frame_title": _l(
        "Өңірлер картасы: {indicator}, 100 000 тұрғынға",
        "Карта регионов: {indicator}, на 100 000 жителей",
        "Map of the regions: {indicator} per 100,000 residents",
    ),
    "overview.map_unavailable": _l(
        "Карта әзірге қолжетімсіз. Дәл сол сандар төмендегі «Өңірлерді салыстыру» бөлімінде.",
        "Карта пока недоступна. Те же числа — ниже, в разделе «Сравнение регионов».",
        "The map is not available yet. The same numbers are below, under “Regions compared”.",
    ),
    "overview.map_open": _l("Толық картаны ашу", "Открыть полную карту", "Open the full map"),
    "overview.ranking_heading": _l("Өңірлерді салыстыру", "Сравнение регионов", "Regions compared"),
    "overview.ranking_caption": _l(
        "{indicator}, {month}: өңірлер бойынша 100 000 тұрғынға",
        "{indicator}, {month}: на 100 000 жителей по регионам",
        "{indicator}, {month}: per 100,000 residents by region",
    ),
    "overview.explore_heading": _l("Толығырақ", "Подробнее", "Explore further"),
    "overview.explore_regions": _l(
        "Өңірдің есеп парағы: жоспар мен нақты көрсеткіш, серпін, өңірлер арасындағы орны",
        "Карточка региона: план и факт, динамика, место среди регионов",
        "Region scorecards: targets and actuals, trends, rank among regions",
    ),
    "overview.explore_indicators": _l(
        "Көрсеткіштерді сүзгілермен зерттеу және көрсетілгенін жүктеу",
        "Показатели с фильтрами и выгрузкой показанного",
        "Indicators with filters, and downloads of what is shown",
    ),
    "overview.explore_open_data": _l(
        "Деректер жиындары, API, лицензия және дәйексөз",
        "Наборы данных, API, лицензия и цитирование",
        "Datasets, API, licence and how to cite",
    ),
    "overview.explore_methodology": _l(
        "Анықтамалар, жасыру ережелері, жаңарту кестесі",
        "Определения, правила скрытия, график обновления",
        "Definitions, suppression rules, update cadence",
    ),
    "chart.national_line": _l("Ел бойынша: {value}", "По стране: {value}", "National: {value}"),
    # ---------------------------------------------------------------- KPI cards
    "kpi.change_previous": _l(
        "Алдыңғы аймен ({month}) салыстырғанда: {change}",
        "К предыдущему месяцу ({month}): {change}",
        "Change on the previous month ({month}): {change}",
    ),
    "kpi.ytd": _l(
        "{year} жылғы қаңтар–{month}: {value}",
        "Январь–{month} {year}: {value}",
        "January–{month} {year}: {value}",
    ),
    "kpi.so_far": _l(
        "{month} (деректер {date} дейін): {value}",
        "{month} (данные по {date}): {value}",
        "{month} so far (to {date}): {value}",
    ),
    "kpi.change_last_year": _l(
        "{year} жылдың сол кезеңімен салыстырғанда: {change}",
        "К тому же периоду {year} года: {change}",
        "Change on the same period of {year}: {change}",
    ),
    "kpi.partial_month": _l(
        "Ай әлі аяқталған жоқ: деректер {date} дейін.",
        "Месяц ещё не завершён: данные по {date}.",
        "The month is not over yet: data up to {date}.",
    ),
    "kpi.change_note": _l(
        "Өзгеріс тек толық жарияланған екі жиынтықты салыстырғанда көрсетіледі.",
        "Изменение показывается, только когда оба сравниваемых итога опубликованы полностью.",
        "A change is shown only when both totals compared are fully published.",
    ),
}
