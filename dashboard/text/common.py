"""Strings shared by every page: the site shell, values, notes, column headers, controls."""

from __future__ import annotations

from dashboard.text.labels import _l

MESSAGES: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- site shell
    "site.name": _l(
        "Полицияның сервистік моделі — ашық деректер",
        "Сервисная модель полиции — открытые данные",
        "Police service model — open data",
    ),
    "site.tagline": _l(
        "Қазақстан полициясының сервистік моделі реформасы туралы ашық деректер",
        "Открытые данные о реформе сервисной модели полиции Казахстана",
        "Open data on the police service-model reform in Kazakhstan",
    ),
    "skip.to_content": _l(
        "Негізгі мазмұнға өту", "Перейти к основному содержанию", "Skip to main content"
    ),
    "nav.label": _l("Негізгі мәзір", "Основное меню", "Main menu"),
    "nav.overview": _l("Шолу", "Обзор", "Overview"),
    "nav.map": _l("Карта", "Карта", "Map"),
    "nav.regions": _l("Өңірлер", "Регионы", "Regions"),
    "nav.indicators": _l("Көрсеткіштер", "Показатели", "Indicators"),
    "nav.open_data": _l("Ашық деректер", "Открытые данные", "Open data"),
    "nav.methodology": _l("Әдістеме", "Методология", "Methodology"),
    "lang.switcher": _l("Тілді таңдау", "Выбор языка", "Choose a language"),
    "lang.kk": _l("Қазақша", "Қазақша", "Қазақша"),
    "lang.ru": _l("Русский", "Русский", "Русский"),
    "lang.en": _l("English", "English", "English"),
    "demo.banner": _l(
        "ДЕМО ДЕРЕКТЕР. Бұл жариялымдағы сандар жасанды, олар нақты статистика емес.",
        "ДЕМО-ДАННЫЕ. Цифры этой публикации искусственные, это не реальная статистика.",
        "DEMO DATA. The figures in this publication are synthetic, not real statistics.",
    ),
    "footer.data_as_of": _l(
        "Деректер {date} жағдай бойынша · жариялым № {publication}",
        "Данные по состоянию на {date} · публикация № {publication}",
        "Data as of {date} · publication {publication}",
    ),
    "footer.published_at": _l(
        "Жарияланған уақыты: {when}", "Опубликовано: {when}", "Published: {when}"
    ),
    "footer.no_publication": _l(
        "Деректер әлі жарияланған жоқ.",
        "Данные ещё не опубликованы.",
        "No data has been published yet.",
    ),
    "footer.licence": _l(
        "Деректер лицензиясы: {licence}", "Лицензия данных: {licence}", "Data licence: {licence}"
    ),
    "footer.api": _l("Деректерге арналған API", "API для данных", "Data API"),
    "footer.methodology": _l(
        "Әдістеме және дереккөздер", "Методология и источники", "Methodology and sources"
    ),
    "loading": _l("Жүктелуде…", "Загрузка…", "Loading…"),
    "noscript": _l(
        "Бұл бет JavaScript-ті қажет етеді. Деректердің өзі API арқылы да қолжетімді: /api/v1/datasets",
        "Для этой страницы нужен JavaScript. Сами данные доступны и через API: /api/v1/datasets",
        "This page needs JavaScript. The data itself is also available from the API: "
        "/api/v1/datasets",
    ),
    "no_data.title": _l("Деректер әлі жоқ", "Данных пока нет", "No data yet"),
    "no_data.body": _l(
        "Түнгі жүктеу әлі бірде-бір жариялым жасаған жоқ.",
        "Ночная загрузка ещё не создала ни одной публикации.",
        "The nightly load has not created any publication yet.",
    ),
    "not_found.title": _l("Бет табылмады", "Страница не найдена", "Page not found"),
    "not_found.body": _l(
        "Мұндай мекенжай жоқ. Басты бетке оралыңыз.",
        "Такого адреса нет. Вернитесь на главную страницу.",
        "There is no page at this address. Go back to the overview.",
    ),
    # ---------------------------------------------------------------- values
    "value.missing": _l("деректер жоқ", "нет данных", "no data"),
    "value.suppressed": _l("жасырылған", "скрыто", "suppressed"),
    "value.no_comparison": _l(
        "салыстыруға деректер жоқ", "нет данных для сравнения", "nothing to compare with"
    ),
    "value.at_least": _l("кемінде {value}", "не менее {value}", "at least {value}"),
    "value.per_100k": _l(
        "100 000 тұрғынға {value}", "{value} на 100 000 жителей", "{value} per 100,000 residents"
    ),
    "unit.per_100k": _l("100 000 тұрғынға", "на 100 000 жителей", "per 100,000 residents"),
    "unit.count": _l("саны", "количество", "count"),
    "month.in_progress": _l("{month} ({date} дейін)", "{month} (по {date})", "{month} (to {date})"),
    "region.national": _l(
        "Қазақстан (ел бойынша)", "Казахстан (по стране)", "Kazakhstan (national)"
    ),
    "region.all_regions": _l("Барлық өңірлер", "Все регионы", "All regions"),
    # ---------------------------------------------------------------- notes on data
    "note.missing": _l(
        "«Деректер жоқ» — осы кезең немесе өңір бойынша жол жарияланбаған. Бұл нөл дегенді "
        "білдірмейді.",
        "«Нет данных» — за этот период или по этому региону строка не опубликована. Это не "
        "означает ноль.",
        "“No data” means that no row was published for this period or region. It does not "
        "mean zero.",
    ),
    "note.suppressed": _l(
        "«Жасырылған» — сан жарияланбайды, себебі оның артында {k} оқиғадан аз тұр (немесе ол "
        "басқа жасырылған санды қорғайды).",
        "«Скрыто» — число не публикуется, так как за ним стоит меньше {k} событий (или оно "
        "защищает другое скрытое число).",
        "“Suppressed” means the count is withheld because fewer than {k} events stand behind "
        "it (or because it protects another withheld count).",
    ),
    "note.partial": _l(
        "«Кемінде» — жиынтыққа кіретін кейбір сандар жасырылған, сондықтан нақты жиынтық "
        "көрсетілгеннен жоғары.",
        "«Не менее» — часть чисел, входящих в итог, скрыта, поэтому настоящий итог выше "
        "показанного.",
        "“At least” means some of the counts in the total are withheld, so the true total is "
        "higher than shown.",
    ),
    "note.rule_link": _l(
        "Жасыру ережесі туралы толығырақ",
        "Подробнее о правиле скрытия",
        "More about the suppression rule",
    ),
    "note.heading": _l("Деректер туралы ескертпе", "Примечание к данным", "About these figures"),
    # ---------------------------------------------------------------- table headers
    "col.month": _l("Ай", "Месяц", "Month"),
    "col.region": _l("Өңір", "Регион", "Region"),
    "col.indicator": _l("Көрсеткіш", "Показатель", "Indicator"),
    "col.value": _l("Мәні", "Значение", "Value"),
    "col.rate": _l("100 000 тұрғынға", "На 100 000 жителей", "Per 100,000 residents"),
    "col.national_rate": _l(
        "Ел бойынша, 100 000 тұрғынға",
        "По стране, на 100 000 жителей",
        "National, per 100,000 residents",
    ),
    "col.compare_rate": _l(
        "{region}, 100 000 тұрғынға",
        "{region}, на 100 000 жителей",
        "{region}, per 100,000 residents",
    ),
    "col.rank": _l("Өңірлер арасындағы орны", "Место среди регионов", "Rank among regions"),
    "col.target": _l("Жоспар", "План", "Target"),
    "col.actual": _l("Нақты", "Факт", "Actual"),
    "col.progress": _l("Орындалуы", "Выполнение", "Progress"),
    "col.status": _l("Мәртебе", "Статус", "Status"),
    "col.due": _l("Мерзімі", "Срок", "Due by"),
    "col.source": _l("Дереккөз", "Источник", "Source"),
    "col.type": _l("Түрі", "Тип", "Type"),
    "col.count": _l("Саны", "Количество", "Number"),
    "col.population": _l("Халық саны", "Население", "Population"),
    "col.field": _l("Өріс", "Поле", "Field"),
    "col.description": _l("Сипаттама", "Описание", "Description"),
    "col.unit": _l("Өлшем бірлігі", "Единица", "Unit"),
    "col.data_type": _l("Деректер түрі", "Тип данных", "Data type"),
    # ---------------------------------------------------------------- charts and tables
    "chart.table_toggle": _l(
        "Диаграмма деректері кесте түрінде",
        "Данные диаграммы в виде таблицы",
        "The chart's data as a table",
    ),
    "chart.aria": _l(
        "Диаграмма: {title}. Дәл сол сандар төмендегі кестеде.",
        "Диаграмма: {title}. Те же числа — в таблице ниже.",
        "Chart: {title}. The same numbers are in the table below.",
    ),
    "chart.download": _l(
        "Диаграмманы {format} түрінде жүктеу: {title}",
        "Скачать диаграмму в формате {format}: {title}",
        "Download the chart as {format}: {title}",
    ),
    "embed.source": _l(
        "Дереккөз: {site}; деректер {date} жағдай бойынша; лицензия {licence}",
        "Источник: {site}; данные по состоянию на {date}; лицензия {licence}",
        "Source: {site}; data as of {date}; licence {licence}",
    ),
    "embed.open": _l("Порталда ашу", "Открыть на портале", "Open on the portal"),
    "chart.empty": _l(
        "Таңдалған сүзгілер бойынша деректер жоқ.",
        "По выбранным фильтрам данных нет.",
        "There is no data for the chosen filters.",
    ),
    "chart.suppressed_marker": _l(
        "жасырылған ұяшықтары бар", "есть скрытые ячейки", "has suppressed cells"
    ),
    "table.scroll": _l(
        "{caption} — кестені көлденең айналдыруға болады",
        "{caption} — таблицу можно прокручивать по горизонтали",
        "{caption} — the table scrolls horizontally",
    ),
    # ---------------------------------------------------------------- downloads
    "download.csv": _l("CSV жүктеу", "Скачать CSV", "Download CSV"),
    "download.xlsx": _l("Excel (XLSX) жүктеу", "Скачать Excel (XLSX)", "Download Excel (XLSX)"),
    "download.json": _l("JSON", "JSON", "JSON"),
    "download.geojson": _l("GeoJSON", "GeoJSON", "GeoJSON"),
    "download.metadata": _l("Метадеректер", "Метаданные", "Metadata"),
    "download.heading": _l("Жүктеу", "Скачать", "Download"),
    "download.shown_note": _l(
        "Файлдарда дәл осы кесте бар: көрсетілген сүзгілер, бірліктер және белгілер.",
        "В файлах — ровно эта таблица: те же фильтры, единицы и пометки.",
        "The files hold exactly this table: the same filters, units and markers.",
    ),
    "download.rows_api": _l(
        "Бастапқы жолдар API арқылы (дәл осы сүзгілермен)",
        "Исходные строки через API (с теми же фильтрами)",
        "Underlying rows from the API (with the same filters)",
    ),
    # ---------------------------------------------------------------- live updates
    "status.updated": _l("Жаңартылды: {what}", "Обновлено: {what}", "Updated: {what}"),
}
