"""Free-text fields of the demo extracts: visit comments and SOS notes, in Russian and Kazakh.

Why personal data inside free text: real operators type names, phones and IINs into comments,
so the ETL must drop these fields whole; the templates below make sure some rows carry them.
"""

from __future__ import annotations

import numpy as np

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
