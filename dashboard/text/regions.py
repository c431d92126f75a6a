"""Strings of the region list (/regions) and the region scorecard (/regions/<code>)."""

from __future__ import annotations

from dashboard.text.labels import _l

MESSAGES: dict[str, dict[str, str]] = {
    "regions.title": _l("Өңірлер", "Регионы", "Regions"),
    "regions.lead": _l(
        "Өңірді таңдап, оның есеп парағын ашыңыз: жоспар мен нақты көрсеткіштер, серпін, "
        "өңірлер арасындағы орны, ел бойынша көрсеткішпен салыстыру. Есеп парағын басып шығаруға "
        "ыңғайлы (A4).",
        "Выберите регион, чтобы открыть его карточку: план и факт, динамика, место среди "
        "регионов, сравнение со страной. Карточку удобно распечатать (A4).",
        "Choose a region to open its scorecard: targets and actuals, trends, rank among regions "
        "and comparison with the national rate. Scorecards print on A4.",
    ),
    "regions.list_label": _l(
        "17 облыс және республикалық маңызы бар 3 қала",
        "17 областей и 3 города республиканского значения",
        "17 regions and 3 cities of republican significance",
    ),
    "region.page_title": _l("Өңірдің есеп парағы", "Карточка региона", "Region scorecard"),
    "region.subtitle": _l(
        "Өңірдің есеп парағы · {month}",
        "Карточка региона · {month}",
        "Regional scorecard · {month}",
    ),
    "region.unknown": _l(
        "«{code}» деген өңір жоқ. Тізімнен таңдаңыз.",
        "Региона «{code}» нет. Выберите регион из списка.",
        "There is no region “{code}”. Choose one from the list.",
    ),
    "region.controls": _l(
        "Есеп парағының параметрлері", "Параметры карточки", "Scorecard settings"
    ),
    "region.select": _l("Өңір", "Регион", "Region"),
    "region.compare": _l(
        "Салыстыру үшін екінші өңір", "Второй регион для сравнения", "Second region to compare with"
    ),
    "region.compare_none": _l("Салыстырусыз", "Без сравнения", "No comparison"),
    "region.print": _l("Басып шығару (A4)", "Печать (A4)", "Print (A4)"),
    "region.printed": _l(
        "Жариялым № {publication}; деректер {date} жағдай бойынша; мекенжайы: {url}",
        "Публикация № {publication}; данные по состоянию на {date}; адрес: {url}",
        "Publication {publication}; data as of {date}; address: {url}",
    ),
    "region.latest_heading": _l(
        "{month}: негізгі көрсеткіштер", "{month}: основные показатели", "{month}: key indicators"
    ),
    "region.latest_caption": _l(
        "{region}, {month}: мәні, 100 000 тұрғынға шаққанда, ел бойынша және {total} өңір "
        "арасындағы орны",
        "{region}, {month}: значение, на 100 000 жителей, по стране и место среди {total} регионов",
        "{region}, {month}: value, per 100,000 residents, national rate and rank among {total} "
        "regions",
    ),
    "region.rank_of": _l("{total} ішінен {rank}", "{rank} из {total}", "{rank} of {total}"),
    "region.not_ranked": _l("орын берілмейді", "без места", "not ranked"),
    "region.rank_explained": _l(
        "Орын 100 000 тұрғынға шаққандағы мән бойынша анықталады: 1 — ең жоғары мән. Мәні "
        "жарияланбаған өңірлерге орын берілмейді.",
        "Место определяется по значению на 100 000 жителей: 1 — наибольшее значение. Регионы "
        "без опубликованного значения места не получают.",
        "Rank is by the rate per 100,000 residents: 1 is the highest. Regions without a "
        "published value are not ranked.",
    ),
    "region.targets_heading": _l(
        "Жоспар мен нақты көрсеткіш", "План и факт", "Targets and actuals"
    ),
    "region.targets_caption": _l(
        "{region}: жоспарлы көрсеткіштер, {date} жағдайы бойынша",
        "{region}: плановые показатели по состоянию на {date}",
        "{region}: targets as of {date}",
    ),
    "region.targets_none": _l(
        "Бұл өңір үшін жоспарлы көрсеткіштер жарияланбаған.",
        "Для этого региона плановые показатели не опубликованы.",
        "No targets are published for this region.",
    ),
    "region.status_explained": _l(
        "Мәртебе: «Орындалды» — нақты мән жоспардан кем емес; «Жоспар бойынша» — соңғы жылдағы "
        "біркелкі өсу сызығынан төмен емес; «Артта қалуда» — осы сызықтан төмен; «Мерзімінде "
        "орындалмады» — мерзім өтті, жоспар орындалмады; «Деректер жоқ» — нақты мән белгісіз.",
        "Статус: «Выполнено» — факт не меньше плана; «По плану» — не ниже линии равномерного "
        "роста за последний год; «Отстаёт» — ниже этой линии; «Не выполнено в срок» — срок "
        "прошёл, план не достигнут; «Нет данных» — факт неизвестен.",
        "Status: “Met” — the actual value has reached the target; “On track” — at or above a "
        "straight line over the final year; “Behind” — below that line; “Missed” — the due "
        "date has passed without reaching the target; “No data” — the actual value is unknown.",
    ),
    "region.trends_heading": _l("Көрсеткіштер серпіні", "Динамика показателей", "Trends"),
    "region.trend_caption": _l(
        "{indicator}: ай сайын, 100 000 тұрғынға",
        "{indicator}: по месяцам, на 100 000 жителей",
        "{indicator}: by month, per 100,000 residents",
    ),
    "region.facilities_heading": _l(
        "Өңірдегі нысандар", "Объекты в регионе", "Facilities in the region"
    ),
    "region.facilities_caption": _l(
        "{region}: нысандар түрі мен мәртебесі бойынша",
        "{region}: объекты по типу и статусу",
        "{region}: facilities by type and status",
    ),
    "region.notes_heading": _l(
        "Деректер туралы ескертпелер", "Примечания к данным", "Notes on the data"
    ),
    "region.note_suppressed": _l(
        "{indicator}: {count} айда мән жасырылған ({months}).",
        "{indicator}: значение скрыто за {count} мес. ({months}).",
        "{indicator}: withheld in {count} month(s) ({months}).",
    ),
    "region.note_missing": _l(
        "{indicator}: {count} айда деректер жоқ ({months}).",
        "{indicator}: нет данных за {count} мес. ({months}).",
        "{indicator}: no data for {count} month(s) ({months}).",
    ),
    "region.note_complete": _l(
        "Барлық көрсеткіштер барлық айлар бойынша толық жарияланған.",
        "Все показатели опубликованы полностью за все месяцы.",
        "Every indicator is fully published for every month.",
    ),
    "region.download_heading": _l(
        "Өңір деректерін жүктеу", "Скачать данные региона", "Download this region's data"
    ),
    "region.download_lead": _l(
        "Әр файл осы өңір бойынша сүзілген; CSV файлдары Excel үшін BOM белгісімен беріледі.",
        "Каждый файл отфильтрован по этому региону; CSV отдаются с BOM для Excel.",
        "Every file is filtered to this region; CSV files carry a BOM so Excel shows Cyrillic.",
    ),
}
