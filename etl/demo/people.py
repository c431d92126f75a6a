"""Fake personal data for the demo extracts: IINs, names, phones, plates, free text.

Why so careful about fake values: the raw extracts must look like the real ones (a
12-digit IIN with a valid control digit, Kazakh and Russian names, mobile numbers) so that
the ETL's privacy guarantees are tested against values that could be mistaken for real
ones, and distinctive enough that a privacy test can grep the warehouse for them.
Everything is vectorised: one call produces a whole night's column.
"""

from __future__ import annotations

import numpy as np

# ---------------------------------------------------------------- transliteration
# Windows-1251 has no Kazakh letters except і: exporters replace them by look-alikes.
CP1251_LOOKALIKES = {
    "ә": "а",
    "Ә": "А",
    "ғ": "г",
    "Ғ": "Г",
    "қ": "к",
    "Қ": "К",
    "ң": "н",
    "Ң": "Н",
    "ө": "о",
    "Ө": "О",
    "ұ": "у",
    "Ұ": "У",
    "ү": "у",
    "Ү": "У",
    "һ": "х",
    "Һ": "Х",
}
KK_TO_RU = str.maketrans({**CP1251_LOOKALIKES, "і": "и", "І": "И"})
_LATIN = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ф": "f",
    "х": "kh",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "і": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}


def to_russian(text: str) -> str:
    """Kazakh spelling → Russian spelling of a proper name (Ақсу → Аксу)."""
    return text.translate(KK_TO_RU)


def to_latin(text: str) -> str:
    """Kazakh/Russian Cyrillic → simple Latin transliteration for English names."""
    out = []
    for ch in text:
        low = ch.lower()
        if low in _LATIN:
            latin = _LATIN[low]
            out.append(latin.capitalize() if ch != low else latin)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------- IIN
IIN_WEIGHTS_1 = np.arange(1, 12)
IIN_WEIGHTS_2 = np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])


def iin_control(digits: np.ndarray) -> np.ndarray:
    """Control digit of IINs given their first 11 digits (n x 11); 10 means "none exists".

    The Kazakh algorithm: weighted sum with weights 1..11 modulo 11; if that is 10, a
    second pass with weights 3..11,1,2; if that is 10 again the number is not issued.
    """
    first = digits @ IIN_WEIGHTS_1 % 11
    second = digits @ IIN_WEIGHTS_2 % 11
    return np.where(first == 10, second, first)


def iin_is_valid(iin: str) -> bool:
    """True when ``iin`` is 12 digits with a plausible birth date and a correct control digit."""
    if len(iin) != 12 or not iin.isdigit():
        return False
    digits = np.array([int(c) for c in iin])
    month, day = int(iin[2:4]), int(iin[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1 <= digits[6] <= 6):
        return False
    control = int(iin_control(digits[:11][None, :])[0])
    return control != 10 and control == digits[11]


def iins(
    rng: np.random.Generator, n: int, first_year: int = 1945, last_year: int = 2006
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` valid IINs and a boolean array "female" (the 7th digit carries the sex)."""
    lo = np.datetime64(f"{first_year}-01-01", "D").astype(np.int64)
    hi = np.datetime64(f"{last_year}-12-31", "D").astype(np.int64)
    birth = rng.integers(lo, hi, n).astype("datetime64[D]")
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    month = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    female = rng.random(n) < 0.5
    century = np.where(year >= 2000, 5, 3) + female
    serial = rng.integers(0, 10_000, n)
    head = np.stack(
        [year % 100 // 10, year % 10, month // 10, month % 10, day // 10, day % 10, century], axis=1
    )
    while True:
        tail = np.stack(
            [serial // 1000, serial // 100 % 10, serial // 10 % 10, serial % 10], axis=1
        )
        digits = np.concatenate([head, tail], axis=1)
        control = iin_control(digits)
        unusable = control == 10
        if not unusable.any():
            break
        serial = np.where(unusable, (serial + 1) % 10_000, serial)
    number = digits @ (10 ** np.arange(11, 0, -1, dtype=np.int64)) + control
    return zfill(number, 12), female


def zfill(values: np.ndarray, width: int) -> np.ndarray:
    """Non-negative integers → zero-padded strings (object array)."""
    return np.char.zfill(np.asarray(values, dtype=np.int64).astype(str), width).astype(object)


# ---------------------------------------------------------------- names
KK_MALE = np.array(
    [
        "Нұрлан",
        "Ерлан",
        "Асқар",
        "Дәурен",
        "Бауыржан",
        "Ержан",
        "Серік",
        "Мұрат",
        "Арман",
        "Талғат",
        "Қайрат",
        "Ғалым",
        "Әділет",
        "Жандос",
        "Бекзат",
        "Ілияс",
        "Нұрсұлтан",
        "Данияр",
        "Ерболат",
        "Санжар",
        "Әлібек",
        "Темірлан",
        "Мейрам",
        "Ғабит",
    ],
    dtype=object,
)
KK_FEMALE = np.array(
    [
        "Айгүл",
        "Гүлнар",
        "Әсел",
        "Жанар",
        "Динара",
        "Мадина",
        "Ақмарал",
        "Салтанат",
        "Айнұр",
        "Гүлмира",
        "Назерке",
        "Жұлдыз",
        "Аружан",
        "Перизат",
        "Томирис",
        "Қарлығаш",
        "Әйгерім",
        "Іңкәр",
        "Балжан",
        "Сәуле",
    ],
    dtype=object,
)
KK_SURNAMES = np.array(
    [
        "Серікбаев",
        "Әбдірахманов",
        "Жұмабеков",
        "Нұрпейісов",
        "Тоқтаров",
        "Қасымов",
        "Бекмағанбетов",
        "Омаров",
        "Сәрсенбаев",
        "Ахметов",
        "Жақсылықов",
        "Исабеков",
        "Мұқанов",
        "Байжанов",
        "Төлеуов",
        "Құрманғалиев",
        "Оспанов",
        "Есенжолов",
        "Қалиев",
        "Дүйсенбаев",
        "Тұрсынов",
        "Әлімжанов",
        "Сұлтанбеков",
        "Шәкенов",
    ],
    dtype=object,
)
RU_MALE = np.array(
    [
        "Александр",
        "Дмитрий",
        "Сергей",
        "Андрей",
        "Алексей",
        "Владимир",
        "Игорь",
        "Николай",
        "Евгений",
        "Виктор",
        "Павел",
        "Олег",
        "Михаил",
        "Константин",
    ],
    dtype=object,
)
RU_FEMALE = np.array(
    [
        "Елена",
        "Ольга",
        "Наталья",
        "Татьяна",
        "Ирина",
        "Светлана",
        "Анна",
        "Мария",
        "Юлия",
        "Екатерина",
        "Людмила",
        "Валентина",
        "Оксана",
        "Галина",
    ],
    dtype=object,
)
RU_SURNAMES = np.array(
    [
        "Иванов",
        "Петров",
        "Смирнов",
        "Кузнецов",
        "Попов",
        "Васильев",
        "Соколов",
        "Михайлов",
        "Новиков",
        "Фёдоров",
        "Морозов",
        "Волков",
        "Лебедев",
        "Козлов",
        "Степанов",
        "Никитин",
        "Захаров",
        "Белоусов",
        "Гончаров",
        "Шевченков",
    ],
    dtype=object,
)
RU_PATRONYMICS = (  # (male, female)
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
    ("Андреевич", "Андреевна"),
    ("Владимирович", "Владимировна"),
    ("Игоревич", "Игоревна"),
    ("Викторович", "Викторовна"),
    ("Павлович", "Павловна"),
    ("Олегович", "Олеговна"),
    ("Михайлович", "Михайловна"),
    ("Константинович", "Константиновна"),
    ("Иванович", "Ивановна"),
    ("Петрович", "Петровна"),
)
RU_PATRONYMIC_MALE = np.array([m for m, _ in RU_PATRONYMICS], dtype=object)
RU_PATRONYMIC_FEMALE = np.array([f for _, f in RU_PATRONYMICS], dtype=object)


def _pick(rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
    return pool[rng.integers(0, len(pool), n)]


def person_names(
    rng: np.random.Generator, female: np.ndarray, russian_share: np.ndarray | float
) -> np.ndarray:
    """Full names "Surname First Patronymic" matching the sex; Kazakh or Russian.

    Kazakh patronymics use -ұлы/-қызы; surnames in -ов/-ев/-ин take -а for women. One name
    in ten is written "First Surname" without a patronymic, as clerks often do.
    """
    n = len(female)
    russian = rng.random(n) < russian_share
    kk_first = np.where(female, _pick(rng, KK_FEMALE, n), _pick(rng, KK_MALE, n))
    ru_first = np.where(female, _pick(rng, RU_FEMALE, n), _pick(rng, RU_MALE, n))
    first = np.where(russian, ru_first, kk_first)
    surname = np.where(russian, _pick(rng, RU_SURNAMES, n), _pick(rng, KK_SURNAMES, n))
    surname = np.where(female, surname + "а", surname)
    kk_patronymic = _pick(rng, KK_MALE, n) + np.where(female, "қызы", "ұлы").astype(object)
    ru_patronymic = np.where(
        female, _pick(rng, RU_PATRONYMIC_FEMALE, n), _pick(rng, RU_PATRONYMIC_MALE, n)
    )
    patronymic = np.where(russian, ru_patronymic, kk_patronymic)
    full = surname + " " + first + " " + patronymic
    short = first + " " + surname
    return np.where(rng.random(n) < 0.1, short, full).astype(object)


# ---------------------------------------------------------------- contacts and vehicles
MOBILE_CODES = np.array(
    ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"],
    dtype=object,
)
PLATE_LETTERS = np.array(list("ABCDEFGHKLMNOPRSTUVXYZ"), dtype=object)


def mobile_phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """Kazakh mobile numbers written "+7 7xx xxx xx xx"."""
    code = _pick(rng, MOBILE_CODES, n)
    return (
        "+7 "
        + code
        + " "
        + zfill(rng.integers(0, 1000, n), 3)
        + " "
        + zfill(rng.integers(0, 100, n), 2)
        + " "
        + zfill(rng.integers(0, 100, n), 2)
    )


def plates(rng: np.random.Generator, region_codes: np.ndarray) -> np.ndarray:
    """Vehicle plates like 123ABC02; one car in eight is registered in another region."""
    n = len(region_codes)
    elsewhere = np.array([f"{c:02d}" for c in range(1, 21)], dtype=object)
    code = np.where(rng.random(n) < 0.125, _pick(rng, elsewhere, n), region_codes)
    letters = (
        _pick(rng, PLATE_LETTERS, n) + _pick(rng, PLATE_LETTERS, n) + _pick(rng, PLATE_LETTERS, n)
    )
    return zfill(rng.integers(1, 1000, n), 3) + letters + code


def operator_ids(rng: np.random.Generator, kato_prefixes: np.ndarray) -> np.ndarray:
    """Staff ids of the operational control centre, e.g. OP-59-017 (20 operators a region)."""
    return (
        "OP-"
        + kato_prefixes.astype(object)
        + "-"
        + zfill(rng.integers(1, 21, len(kato_prefixes)), 3)
    )


def street_addresses_kk(rng: np.random.Generator, streets_kk: np.ndarray, n: int) -> np.ndarray:
    """ "Абай көшесі, 12" style street addresses (for free text)."""
    return (
        _pick(rng, streets_kk, n) + " көшесі, " + rng.integers(1, 160, n).astype(str).astype(object)
    )


# ---------------------------------------------------------------- free text
# Templates by the kind of record; {name}, {phone}, {iin} and {street} are filled with
# generated values, so some free text carries personal data, as real notes do.
VISIT_COMMENTS = (
    "Обратился по поводу утери удостоверения личности, ИИН {iin}",
    "Гражданин {name} жалуется на шум соседей, адрес: {street}",
    "Просит перезвонить на номер {phone}",
    "Консультация по справке о несудимости",
    "Вопрос по ЖКХ передан в акимат, заявитель {name}",
    "Заявление о краже велосипеда; контакт {phone}",
    "Повторное обращение, ранее обращался {name} ({phone})",
    "Видеозвонок прервался, перезвонили заявителю",
    "Онлайн-заявка: спор с соседом из-за парковки, {street}",
    "Жеке куәлік жоғалды, ЖСН {iin}",
    "{name} көршілерінің шуына шағымданды",
    "{phone} нөміріне қайта хабарласуды сұрады",
    "Соттылығы жоқ туралы анықтама бойынша кеңес берілді",
    "Мәселе әкімдікке жіберілді, өтініш беруші {name}",
    "Велосипед ұрланғаны туралы арыз, байланыс: {phone}",
    "Азамат {name} (ЖСН {iin}) учаскелік инспекторға жазылды",
    "Көшеде жарық жоқ: {street}",
    "Спасибо сотрудникам, помогли быстро",
)
SOS_NOTES = {
    "emergency": (
        "Сообщили о драке у остановки, направлен наряд, заявитель {name}",
        "Женщине стало плохо, вызвана скорая, контакт {phone}",
        "Аялдамада төбелес, жасақ жіберілді, хабарлаған {name}",
        "Жол апаты, жедел жәрдем шақырылды, байланыс {phone}",
    ),
    "assistance": (
        "Потерялся ребёнок, приметы переданы наряду; мать {name}, {phone}",
        "Көлік бұзылды, жүргізуші {name} көмек сұрады",
        "Просили помочь пожилому мужчине, {street}",
    ),
    "consultation": (
        "Спрашивали дорогу до ЦОНа",
        "Вопрос о режиме работы фронт-офиса",
        "ХҚКО-ға жол сұрады",
        "Консультация по штрафу, перезвонить {phone}",
    ),
    "false_alarm": (
        "Нажата ребёнком, ложный вызов",
        "Бала басып қалған, жалған шақыру",
        "Случайное нажатие, извинились",
    ),
    "test": (
        "Плановая проверка кнопки, связь в норме",
        "Түйме сынақтан өтті, байланыс қалыпты",
    ),
    "vandalism": (
        "Повреждён динамик кнопки, заявка в сервис",
        "Камера түймесі сындырылған, патруль жіберілді",
        "Кнопка залита краской, {street}",
    ),
}


def fill_templates(
    rng: np.random.Generator, templates: tuple[str, ...], n: int, values: dict[str, np.ndarray]
) -> np.ndarray:
    """One template per row, its {slots} filled from ``values`` (arrays of length n).

    Vectorised by template: each template is split at its slots once and the pieces are
    concatenated column-wise for all the rows that use it.
    """
    choice = rng.integers(0, len(templates), n)
    out = np.empty(n, dtype=object)
    for t, template in enumerate(templates):
        rows = np.flatnonzero(choice == t)
        if rows.size:
            out[rows] = _fill_one(template, rows, values)
    return out


def _fill_one(template: str, rows: np.ndarray, values: dict[str, np.ndarray]) -> np.ndarray:
    text = np.full(rows.size, "", dtype=object)
    rest = template
    while "{" in rest:
        before, _, after = rest.partition("{")
        slot, _, rest = after.partition("}")
        text = text + before + values[slot][rows]
    return text + rest
