"""Fake full names for the demo extracts: Kazakh and Russian, matching the sex of the IIN.

Why realistic names: visitor names must look like the ones clerks type (Kazakh letters,
-ұлы/-қызы patronymics, Russian -ович/-овна) so that the ETL's privacy guarantees are tested
against values that could be mistaken for real ones. Vectorised: one call, a night's column.
"""

from __future__ import annotations

import numpy as np

from etl.demo.columns import pick

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


def person_names(
    rng: np.random.Generator, female: np.ndarray, russian_share: np.ndarray | float
) -> np.ndarray:
    """Full names "Surname First Patronymic" matching the sex; Kazakh or Russian.

    Kazakh patronymics use -ұлы/-қызы; surnames in -ов/-ев/-ин take -а for women. One name
    in ten is written "First Surname" without a patronymic, as clerks often do.
    """
    n = len(female)
    russian = rng.random(n) < russian_share
    kk_first = np.where(female, pick(rng, KK_FEMALE, n), pick(rng, KK_MALE, n))
    ru_first = np.where(female, pick(rng, RU_FEMALE, n), pick(rng, RU_MALE, n))
    first = np.where(russian, ru_first, kk_first)
    surname = np.where(russian, pick(rng, RU_SURNAMES, n), pick(rng, KK_SURNAMES, n))
    surname = np.where(female, surname + "а", surname)
    kk_patronymic = pick(rng, KK_MALE, n) + np.where(female, "қызы", "ұлы").astype(object)
    ru_patronymic = np.where(
        female, pick(rng, RU_PATRONYMIC_FEMALE, n), pick(rng, RU_PATRONYMIC_MALE, n)
    )
    patronymic = np.where(russian, ru_patronymic, kk_patronymic)
    full = surname + " " + first + " " + patronymic
    short = first + " " + surname
    return np.where(rng.random(n) < 0.1, short, full).astype(object)
