"""Catalogue entries of the front-office visit aggregates: per office by day and by month, and
per region by channel, topic and outcome (etl.aggregate_visits writes them)."""

from __future__ import annotations

from data import schema
from data.catalog.model import Dataset, Field
from data.catalog.model import text3 as _t
from data.catalog.shared import (
    CHANNELS,
    F_DATE,
    F_DISTRICT,
    F_ID,
    F_ID_MONTH_REGION,
    F_OFFICE,
    F_REGION,
    F_REGION_NAMES,
    F_SUPPRESSED,
    F_VISITS,
    TOPICS,
    VISIT_OUTCOMES,
    category_field,
    closed_list,
)
from data.catalog.shared import with_zeros as _with_zeros

# This module's datasets, in the catalogue's order (data.catalog.aggregates joins the families).
ENTRIES: list[Dataset] = [
    Dataset(
        id="front_office_visits_daily",
        table=schema.front_office_visits_daily,
        title=_t(
            "Фронт-офистерге келулер (күн бойынша)",
            "Посещения фронт-офисов (по дням)",
            "Front-office visits (daily, per office)",
        ),
        description=_with_zeros(
            _t(
                "Әр фронт-офиске күн сайынғы келулердің жалпы саны (барлық арналар).",
                "Ежедневное общее число посещений каждого фронт-офиса (все каналы).",
                "Daily number of visits to each front office (all channels).",
            )
        ),
        fields=(
            F_ID,
            F_DATE,
            F_REGION,
            *F_REGION_NAMES,
            F_DISTRICT,
            F_OFFICE,
            F_VISITS,
            F_SUPPRESSED,
        ),
        cadence="daily",
        default_sort=("date", "id"),
        suppression=True,
    ),
    Dataset(
        id="front_office_offices_monthly",
        table=schema.front_office_offices_monthly,
        title=_t(
            "Фронт-офистер (ай бойынша): келулер, күту, қанағаттану",
            "Фронт-офисы (по месяцам): посещения, ожидание, удовлетворённость",
            "Front offices (monthly): visits, waiting time, satisfaction",
        ),
        description=_with_zeros(
            _t(
                "Әр фронт-офистің айлық келулері, күту уақытының медианасы және қанағаттанудың орташа "
                "бағасы.",
                "Посещения каждого фронт-офиса за месяц, медиана ожидания и средняя оценка "
                "удовлетворённости.",
                "Monthly visits per front office, with the median wait and the mean satisfaction "
                "score.",
            )
        ),
        fields=(
            *F_ID_MONTH_REGION,
            F_DISTRICT,
            F_OFFICE,
            F_VISITS,
            F_SUPPRESSED,
            Field(
                "wait_median_min",
                "number",
                "attribute",
                _t("Күту уақытының медианасы", "Медиана времени ожидания", "Median wait"),
                "minutes",
            ),
            Field(
                "satisfaction_mean",
                "number",
                "attribute",
                _t(
                    "Қанағаттанудың орташа бағасы (1–5)",
                    "Средняя оценка удовлетворённости (1–5)",
                    "Mean satisfaction score (1–5)",
                ),
                "score",
            ),
            Field(
                "satisfaction_n",
                "integer",
                "attribute",
                _t(
                    "Бағалау жауаптарының саны",
                    "Число ответов с оценкой",
                    "Number of survey answers",
                ),
                "answers",
                True,
            ),
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    ),
    Dataset(
        id="front_office_visits_monthly",
        table=schema.front_office_visits_monthly,
        title=_t(
            "Фронт-офистерге келулер (ай бойынша): арна, тақырып, нәтиже",
            "Посещения фронт-офисов (по месяцам): канал, тема, результат",
            "Front-office visits (monthly) by channel, by topic, by outcome",
        ),
        description=_with_zeros(
            _t(
                "Әр фронт-офистің айлық келулері үш бөлек бөлініспен: breakdown=channel, topic немесе "
                "outcome, category — оның мәні. Бір бөліністің жолдарын ғана қосыңыз.",
                "Посещения каждого фронт-офиса за месяц в трёх отдельных разбивках: breakdown=channel, "
                "topic или outcome, category — её значение. Суммируйте строки одной разбивки.",
                "Monthly visits per front office in three separate breakdowns: breakdown=channel, "
                "topic or outcome, and category its value. Sum the rows of one breakdown only.",
            )
        ),
        fields=(
            *F_ID_MONTH_REGION,
            F_DISTRICT,
            F_OFFICE,
            closed_list(
                "breakdown",
                _t("Бөлініс", "Разбивка", "Breakdown"),
                ("channel", "topic", "outcome"),
            ),
            category_field(tuple(dict.fromkeys(CHANNELS + TOPICS + VISIT_OUTCOMES))),
            F_VISITS,
            F_SUPPRESSED,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    ),
    Dataset(
        id="front_office_visits_regional",
        table=schema.front_office_visits_regional,
        title=_t(
            "Фронт-офистерге келулер (өңір, ай): арна × тақырып × нәтиже",
            "Посещения фронт-офисов (регион, месяц): канал × тема × результат",
            "Front-office visits (region, month): channel × topic × outcome",
        ),
        description=_with_zeros(
            _t(
                "Өңірдегі барлық фронт-офистердің айлық келулері, арна, тақырып және нәтиже бойынша.",
                "Посещения всех фронт-офисов региона за месяц по каналу, теме и результату.",
                "Monthly visits to all front offices of a region by channel, topic and outcome.",
            )
        ),
        fields=(
            *F_ID_MONTH_REGION,
            closed_list("channel", _t("Арна", "Канал", "Channel"), CHANNELS),
            closed_list("topic", _t("Тақырып", "Тема", "Topic"), TOPICS),
            closed_list("outcome", _t("Нәтиже", "Результат", "Outcome"), VISIT_OUTCOMES),
            F_VISITS,
            F_SUPPRESSED,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    ),
]
