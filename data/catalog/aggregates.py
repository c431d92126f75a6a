"""Catalogue entries of the published aggregates: front-office visits, SOS buttons, cameras
and the regional indicators (the tables the nightly ETL writes from the events)."""

from __future__ import annotations

from data import schema
from data.catalog.model import Dataset, Field
from data.catalog.model import text3 as _t
from data.catalog.shared import (
    CHANNELS,
    F_ACTIVATIONS,
    F_ANSWER,
    F_ARRIVAL,
    F_DATE,
    F_DISTRICT,
    F_ID,
    F_KIND,
    F_MONTH,
    F_OFFENSES,
    F_OFFICE,
    F_REGION,
    F_REGION_NAMES,
    F_SUPPRESSED,
    F_VISITS,
    OFFENSE_CATEGORIES,
    OFFENSE_STATUSES,
    REGION_INDICATORS,
    SOS_CATEGORIES,
    TOPICS,
    VISIT_OUTCOMES,
)
from data.catalog.shared import with_zeros as _with_zeros

# This module's datasets, in the catalogue's order (data.catalog.DATASETS joins the modules).
ENTRIES: list[Dataset] = []


def _register(ds: Dataset) -> None:
    ENTRIES.append(ds)


_register(
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
    )
)

_register(
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
            F_ID,
            F_MONTH,
            F_REGION,
            *F_REGION_NAMES,
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
    )
)

_register(
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
            F_ID,
            F_MONTH,
            F_REGION,
            *F_REGION_NAMES,
            F_DISTRICT,
            F_OFFICE,
            Field(
                "breakdown",
                "string",
                "category",
                _t("Бөлініс", "Разбивка", "Breakdown"),
                values=("channel", "topic", "outcome"),
            ),
            Field(
                "category",
                "string",
                "category",
                _t("Санат", "Категория", "Category"),
                values=tuple(dict.fromkeys(CHANNELS + TOPICS + VISIT_OUTCOMES)),
            ),
            F_VISITS,
            F_SUPPRESSED,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    )
)

_register(
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
            F_ID,
            F_MONTH,
            F_REGION,
            *F_REGION_NAMES,
            Field("channel", "string", "category", _t("Арна", "Канал", "Channel"), values=CHANNELS),
            Field("topic", "string", "category", _t("Тақырып", "Тема", "Topic"), values=TOPICS),
            Field(
                "outcome",
                "string",
                "category",
                _t("Нәтиже", "Результат", "Outcome"),
                values=VISIT_OUTCOMES,
            ),
            F_VISITS,
            F_SUPPRESSED,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    )
)

_register(
    Dataset(
        id="sos_activations_regional",
        table=schema.sos_activations_regional,
        title=_t(
            "SOS түймелерін басу (өңір, ай, санат)",
            "Срабатывания тревожных кнопок (регион, месяц, категория)",
            "SOS button activations (region, month, category)",
        ),
        description=_with_zeros(
            _t(
                "«Полиция» дабыл түймелерінің айлық басылуы, өңір және санат бойынша.",
                "Срабатывания тревожных кнопок «полиция» за месяц по региону и категории.",
                "Monthly activations of police SOS alarm buttons by region and category.",
            )
        ),
        fields=(
            F_ID,
            F_MONTH,
            F_REGION,
            *F_REGION_NAMES,
            Field(
                "category",
                "string",
                "category",
                _t("Санат", "Категория", "Category"),
                values=SOS_CATEGORIES,
            ),
            F_ACTIVATIONS,
            F_SUPPRESSED,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    )
)

_register(
    Dataset(
        id="sos_activations_monthly",
        table=schema.sos_activations_monthly,
        title=_t(
            "SOS түймелері (ай және түйме бойынша)",
            "Тревожные кнопки (по месяцам и кнопкам)",
            "SOS buttons (monthly, per button)",
        ),
        description=_with_zeros(
            _t(
                "Әр түйменің айлық басылуы, оператор жауабының және патрульдің келуінің медианасы.",
                "Срабатывания каждой кнопки за месяц, медиана времени ответа оператора и прибытия патруля.",
                "Monthly activations per button, with the median time to an operator's answer and to "
                "patrol arrival.",
            )
        ),
        fields=(
            F_ID,
            F_MONTH,
            F_REGION,
            F_DISTRICT,
            Field(
                "button_id",
                "string",
                "facility",
                _t("SOS түймесі", "Тревожная кнопка", "SOS button"),
            ),
            F_ACTIVATIONS,
            F_SUPPRESSED,
            F_ANSWER,
            F_ARRIVAL,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    )
)

_register(
    Dataset(
        id="sos_response_regional",
        table=schema.sos_response_regional,
        title=_t(
            "SOS: жауап және келу уақыты (өңір, ай)",
            "SOS: время ответа и прибытия (регион, месяц)",
            "SOS: answer and arrival times (region, month)",
        ),
        description=_t(
            "Өңірдегі барлық басулар бойынша оператор жауабына және патрульдің келуіне дейінгі "
            "медиана (кемінде k мән болғанда ғана).",
            "Медиана времени до ответа оператора и до прибытия патруля по всем срабатываниям "
            "региона (только при не менее чем k значениях).",
            "Median time to an operator's answer and to patrol arrival over all activations of a "
            "region (only where at least k values stand behind it).",
        ),
        fields=(F_ID, F_MONTH, F_REGION, *F_REGION_NAMES, F_ANSWER, F_ARRIVAL),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=False,
    )
)

_register(
    Dataset(
        id="camera_offenses_district",
        table=schema.camera_offenses_district,
        title=_t(
            "Камералар арқылы ашылған құқық бұзушылықтар (аудан, ай)",
            "Правонарушения, раскрытые с помощью камер (район, месяц)",
            "Offences solved or detected with cameras (district, month)",
        ),
        description=_with_zeros(
            _t(
                "Бейнекамералар көмегімен ашылған қылмыстар мен анықталған әкімшілік құқық "
                "бұзушылықтар, аудан, түр және мәртебе бойынша.",
                "Преступления, раскрытые, и административные правонарушения, выявленные с помощью "
                "видеокамер, по району, виду и статусу.",
                "Crimes solved and administrative offences detected with video cameras, by district, "
                "kind and status.",
            )
        ),
        fields=(
            F_ID,
            F_MONTH,
            F_REGION,
            *F_REGION_NAMES,
            F_DISTRICT,
            F_KIND,
            Field(
                "status",
                "string",
                "category",
                _t("Мәртебе", "Статус", "Status"),
                values=OFFENSE_STATUSES,
            ),
            F_OFFENSES,
            F_SUPPRESSED,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    )
)

_register(
    Dataset(
        id="camera_offenses_regional",
        table=schema.camera_offenses_regional,
        title=_t(
            "Камералар арқылы ашылған құқық бұзушылықтар (өңір, ай, санат)",
            "Правонарушения, раскрытые с помощью камер (регион, месяц, категория)",
            "Offences solved or detected with cameras (region, month, category)",
        ),
        description=_with_zeros(
            _t(
                "Бейнекамералар көмегімен ашылған құқық бұзушылықтар, өңір, түр және санат бойынша.",
                "Правонарушения, раскрытые или выявленные с помощью видеокамер, по региону, виду и "
                "категории.",
                "Offences solved or detected with video cameras, by region, kind and category.",
            )
        ),
        fields=(
            F_ID,
            F_MONTH,
            F_REGION,
            *F_REGION_NAMES,
            F_KIND,
            Field(
                "category",
                "string",
                "category",
                _t("Санат", "Категория", "Category"),
                values=OFFENSE_CATEGORIES,
            ),
            F_OFFENSES,
            F_SUPPRESSED,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    )
)

_register(
    Dataset(
        id="region_indicators",
        table=schema.region_indicators,
        title=_t(
            "Өңірлік көрсеткіштер (ай бойынша)",
            "Региональные показатели (по месяцам)",
            "Regional indicators (monthly)",
        ),
        description=_t(
            "Әр өңірдің айлық жиынтығы: фронт-офис келулері, SOS басулары, камералармен ашылған "
            "қылмыстар мен анықталған әкімшілік құқық бұзушылықтар.",
            "Месячные итоги по каждому региону: посещения фронт-офисов, срабатывания SOS-кнопок, "
            "раскрытые с камерами преступления и выявленные административные правонарушения.",
            "Monthly totals per region: front-office visits, SOS activations, crimes solved and "
            "administrative offences detected with cameras.",
        ),
        fields=(
            F_ID,
            F_MONTH,
            F_REGION,
            Field(
                "indicator",
                "string",
                "category",
                _t("Көрсеткіш", "Показатель", "Indicator"),
                values=REGION_INDICATORS,
            ),
            Field("value", "integer", "measure", _t("Мәні", "Значение", "Value"), None, True),
            F_SUPPRESSED,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    )
)
