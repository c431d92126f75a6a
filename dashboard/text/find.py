"""Strings of the facility finder (/find, and the finder on /map)."""

from __future__ import annotations

from dashboard.text.labels import _l

MESSAGES: dict[str, dict[str, str]] = {
    "nav.find": _l("Жақын полиция", "Ближайшая полиция", "Nearest police"),
    "find.title": _l(
        "Жақын полиция нысанын табу",
        "Найти ближайший объект полиции",
        "Find the nearest police point",
    ),
    "find.lead": _l(
        "Фронт-офистер, модульдік бекеттер, учаскелік пункттер және SOS түймелері: өзіңізге "
        "жақынын табыңыз, елді мекен, мекенжай немесе атау бойынша іздеңіз не өңір мен "
        "ауданды таңдаңыз.",
        "Фронт-офисы, модульные посты, участковые пункты и кнопки SOS: найдите ближайший к "
        "вам, ищите по населённому пункту, адресу или названию либо выберите регион и район.",
        "Front offices, modular posts, district police points and SOS buttons: find the one "
        "nearest to you, search by settlement, address or name, or choose a region and "
        "district.",
    ),
    "find.heading": _l(
        "Жақын полиция нысанын табу",
        "Найти ближайший объект полиции",
        "Find the nearest police point",
    ),
    "find.controls": _l("Іздеу параметрлері", "Параметры поиска", "Search settings"),
    "find.near_me": _l("Маған жақын", "Рядом со мной", "Near me"),
    "find.near_me_help": _l(
        "Браузер орныңызды сұрайды. Орныңыз тек тізімді сұрыптау үшін қолданылады және "
        "сақталмайды. Онсыз да іздеуге болады.",
        "Браузер запросит ваше местоположение. Оно используется только для сортировки списка "
        "и не сохраняется. Искать можно и без него.",
        "Your browser will ask for your location. It is used only to sort the list and is not "
        "stored. You can search without it.",
    ),
    "find.query": _l(
        "Елді мекен, мекенжай немесе атау",
        "Населённый пункт, адрес или название",
        "Settlement, address or name",
    ),
    "find.query_help": _l(
        "Қазақша, орысша немесе латынша жазыңыз; қате жазылса да табылады.",
        "Пишите по-казахски, по-русски или латиницей; небольшие опечатки не мешают.",
        "Type in Kazakh, Russian or Latin letters; small typos are fine.",
    ),
    "find.search": _l("Іздеу", "Найти", "Search"),
    "find.region": _l("Өңір", "Регион", "Region"),
    "find.region_all": _l("Барлық өңірлер", "Все регионы", "All regions"),
    "find.district": _l("Аудан", "Район", "District"),
    "find.district_all": _l("Барлық аудандар", "Все районы", "All districts"),
    "find.types": _l("Нысан түрлері", "Типы объектов", "Types of facility"),
    "find.results": _l("Нәтижелер", "Результаты", "Results"),
    "find.prompt": _l(
        "«Маған жақын» батырмасын басыңыз, іздеу сөзін жазыңыз немесе өңірді таңдаңыз.",
        "Нажмите «Рядом со мной», введите запрос или выберите регион.",
        "Press “Near me”, type a search or choose a region.",
    ),
    "find.count": _l("Табылды: {count}.", "Найдено: {count}.", "Found: {count}."),
    "find.count_shown": _l(
        "Табылды: {count}, алғашқы {shown} көрсетілген.",
        "Найдено: {count}, показаны первые {shown}.",
        "Found: {count}, the first {shown} shown.",
    ),
    "find.none": _l(
        "Ештеңе табылмады. Басқаша жазып көріңіз немесе өңірді таңдаңыз.",
        "Ничего не найдено. Попробуйте написать иначе или выберите регион.",
        "Nothing found. Try another spelling or choose a region.",
    ),
    "find.sorted_distance": _l(
        "Қашықтығы бойынша сұрыпталған, ең жақыны бірінші.",
        "Отсортировано по расстоянию, ближайший первым.",
        "Sorted by distance, nearest first.",
    ),
    "find.nearest": _l(
        "Ең жақыны: {name}, {distance}.",
        "Ближайший: {name}, {distance}.",
        "Nearest: {name}, {distance}.",
    ),
    "find.locating": _l(
        "Орныңыз анықталуда…", "Определяем местоположение…", "Finding your location…"
    ),
    "find.located": _l("Орныңыз анықталды.", "Местоположение определено.", "Location found."),
    "find.denied": _l(
        "Орныңызды анықтау мүмкін болмады (рұқсат берілмеді). Елді мекен бойынша іздеңіз "
        "немесе өңірді таңдаңыз.",
        "Не удалось определить местоположение (доступ не разрешён). Ищите по населённому "
        "пункту или выберите регион.",
        "Your location could not be used (permission not given). Search by settlement or "
        "choose a region.",
    ),
    "find.unavailable": _l(
        "Бұл браузер орныңызды анықтай алмайды. Елді мекен бойынша іздеңіз немесе өңірді таңдаңыз.",
        "Этот браузер не может определить местоположение. Ищите по населённому пункту или "
        "выберите регион.",
        "This browser cannot tell your location. Search by settlement or choose a region.",
    ),
    "find.distance": _l("Қашықтығы", "Расстояние", "Distance"),
    "find.type": _l("Түрі", "Тип", "Type"),
    "find.show_on_map": _l("Картадан көрсету", "Показать на карте", "Show on the map"),
    "find.more": _l("Толық іздеу", "Весь поиск", "Full search"),
    "find.m": _l("{value} м", "{value} м", "{value} m"),
    "find.km": _l("{value} км", "{value} км", "{value} km"),
    "find.type.front_office": _l("Фронт-офис", "Фронт-офис", "Front office"),
    "find.type.modular_post": _l(
        "Модульдік полиция бекеті", "Модульный пост полиции", "Modular police post"
    ),
    "find.type.district_point": _l(
        "Учаскелік полиция пункті", "Участковый пункт полиции", "District police point"
    ),
    "find.type.sos_button": _l("SOS дабыл түймесі", "Тревожная кнопка SOS", "SOS alarm button"),
    "find.transliterated": _l("латын әрпімен", "латиницей", "transliterated"),
}
