"""Strings of the open-data page (/open-data)."""

from __future__ import annotations

from dashboard.text.labels import _l

MESSAGES: dict[str, dict[str, str]] = {
    "open.title": _l("Ашық деректер", "Открытые данные", "Open data"),
    "open.lead": _l(
        "Порталдағы әрбір сан машина оқитын түрде тегін қолжетімді: CSV, JSON, Excel, GeoJSON "
        "және API арқылы. Деректер CC BY 4.0 лицензиясымен таратылады.",
        "Каждое число портала бесплатно доступно в машиночитаемом виде: CSV, JSON, Excel, "
        "GeoJSON и через API. Данные распространяются по лицензии CC BY 4.0.",
        "Every number on the portal is free to reuse in machine-readable form: CSV, JSON, Excel, "
        "GeoJSON and an API. The data is licensed under CC BY 4.0.",
    ),
    "open.catalogue_heading": _l("Деректер жиындары", "Наборы данных", "Datasets"),
    "open.cadence": _l("Жаңарту жиілігі", "Частота обновления", "Updated"),
    "open.rows": _l("Жолдар саны", "Число строк", "Rows"),
    "open.coverage": _l("Кезең", "Период", "Period covered"),
    "open.suppression": _l(
        "Шағын сандарды жасыру", "Скрытие малых чисел", "Small counts suppressed"
    ),
    "open.yes": _l("иә", "да", "yes"),
    "open.no": _l("жоқ", "нет", "no"),
    "open.formats": _l("Жүктеу", "Скачать", "Download"),
    "open.bulk_heading": _l(
        "Бәрін бірге жүктеу және метадеректер",
        "Всё одним архивом и метаданные",
        "Everything at once, and metadata",
    ),
    "open.bulk_zip": _l(
        "Барлық деректер жиыны бір ZIP мұрағатында: CSV файлдары, datapackage.json және SHA-256 "
        "бақылау сомалары (әр жариялымға бір рет жасалады).",
        "Все наборы одним ZIP-архивом: CSV, datapackage.json и контрольные суммы SHA-256 "
        "(собирается один раз на каждую публикацию).",
        "Every dataset in one ZIP file: CSV files, datapackage.json and SHA-256 checksums (built "
        "once per publication).",
    ),
    "open.bulk_link": _l("ZIP мұрағатын жүктеу", "Скачать ZIP-архив", "Download the ZIP file"),
    "open.datapackage": _l(
        "Frictionless Data Package сипаттамасы",
        "Описание Frictionless Data Package",
        "Frictionless Data Package descriptor",
    ),
    "open.dcat": _l(
        "DCAT-AP каталогы (JSON-LD)", "Каталог DCAT-AP (JSON-LD)", "DCAT-AP catalogue (JSON-LD)"
    ),
    "open.openapi": _l(
        "OpenAPI 3.1 сипаттамасы", "Спецификация OpenAPI 3.1", "OpenAPI 3.1 description"
    ),
    "open.api_docs": _l("API құжаттамасы", "Документация API", "API documentation"),
    "open.quickstart_heading": _l("API: жылдам бастау", "API: быстрый старт", "API quick start"),
    "open.quickstart_lead": _l(
        "API тек оқуға арналған және тіркелуді қажет етпейді. JSON жауаптарында беттер "
        "«links.next» сілтемесімен жалғасады (бір бетте 10 000 жолға дейін); CSV, XLSX және "
        "NDJSON файлдары толық кестені береді.",
        "API только для чтения и не требует регистрации. Ответы JSON разбиты на страницы со "
        "ссылкой «links.next» (до 10 000 строк на странице); файлы CSV, XLSX и NDJSON отдают "
        "таблицу целиком.",
        "The API is read-only and needs no key. JSON responses come in pages linked by "
        "“links.next” (up to 10,000 rows a page); CSV, XLSX and NDJSON files give the whole "
        "table.",
    ),
    "open.curl_heading": _l(
        "Командалық жолдан (curl)", "Из командной строки (curl)", "From the command line (curl)"
    ),
    "open.curl_list": _l(
        "# деректер жиындарының тізімі", "# список наборов данных", "# the list of datasets"
    ),
    "open.curl_page": _l(
        "# бір өңір, 2026 жылдан бастап, JSON, 100 жол",
        "# один регион с 2026 года, JSON, 100 строк",
        "# one region since 2026, JSON, 100 rows",
    ),
    "open.curl_csv": _l(
        "# Excel үшін толық CSV (BOM белгісімен)",
        "# весь CSV для Excel (с BOM)",
        "# the whole CSV for Excel (with a BOM)",
    ),
    "open.pandas_heading": _l("Python (pandas)", "Python (pandas)", "Python (pandas)"),
    "open.pandas_comment": _l(
        "# жасырылған сандар бос (NaN) және suppressed == True — ешқашан 0 емес",
        "# скрытые числа пустые (NaN) и suppressed == True — никогда не 0",
        "# suppressed counts are empty (NaN) with suppressed == True — never 0",
    ),
    "open.conventions_heading": _l("Келісімдер", "Соглашения", "Conventions"),
    "open.conventions": _l(
        "Кодтау UTF-8; күндер ISO 8601 (ЖЖЖЖ-АА-КК); өңірлер ISO 3166-2 кодтарымен (KZ-59), "
        "аудандар КАТО кодтарымен (9 сан); айлық жолдардың «month» өрісі — айдың бірінші күні. "
        "Жасырылған сан бос, «suppressed» жалаушасы true; жарияланбаған жол мүлде жоқ.",
        "Кодировка UTF-8; даты ISO 8601 (ГГГГ-ММ-ДД); регионы — коды ISO 3166-2 (KZ-59), районы "
        "— коды КАТО (9 цифр); поле «month» месячных строк — первый день месяца. Скрытое "
        "число пустое, флаг «suppressed» равен true; неопубликованной строки нет вовсе.",
        "Encoding UTF-8; dates ISO 8601 (YYYY-MM-DD); regions as ISO 3166-2 codes (KZ-59), "
        "districts as KATO codes (9 digits); the “month” of monthly rows is its first day. A "
        "suppressed count is empty with the “suppressed” flag true; an unpublished row is "
        "simply absent.",
    ),
    "open.licence_heading": _l("Лицензия", "Лицензия", "Licence"),
    "open.licence_text": _l(
        "Деректерді {licence} лицензиясы бойынша кез келген мақсатта, оның ішінде коммерциялық "
        "мақсатта, көшіруге, таратуға және өзгертуге болады — дереккөзді көрсету шартымен.",
        "Данные можно копировать, распространять и изменять для любых целей, в том числе "
        "коммерческих, по лицензии {licence} — с указанием источника.",
        "You may copy, share and adapt the data for any purpose, including commercially, under "
        "{licence} — provided you credit the source.",
    ),
    "open.licence_link": _l("Лицензия мәтіні", "Текст лицензии", "Licence text"),
    "open.cite_heading": _l("Қалай сілтеме жасау керек", "Как цитировать", "How to cite"),
    "open.cite_lead": _l(
        "Сандардың қай нұсқасын пайдаланғаныңызды көрсету үшін жариялым нөмірін келтіріңіз "
        "(әр жауап пен файлда бар).",
        "Указывайте номер публикации, чтобы было ясно, какой версией чисел вы пользовались (он "
        "есть в каждом ответе и файле).",
        "Quote the publication number so that readers know which version of the figures you "
        "used (every response and file carries it).",
    ),
    "open.citation": _l(
        "«{site}» порталы. {dataset}. Жариялым № {publication}, {date}. {url}. Лицензия: "
        "{licence}.",
        "Портал «{site}». {dataset}. Публикация № {publication} от {date}. {url}. Лицензия: "
        "{licence}.",
        "{site}. {dataset}. Publication {publication}, {date}. {url}. Licence: {licence}.",
    ),
}
