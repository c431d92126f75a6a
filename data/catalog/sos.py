"""Catalogue entries of the SOS alarm button aggregates: activations per region and per button,
and the operator's answer and patrol arrival times (etl.aggregate_sos writes them)."""

from __future__ import annotations

from data import schema
from data.catalog.model import Dataset, Field
from data.catalog.model import text3 as _t
from data.catalog.shared import (
    F_ACTIVATIONS,
    F_ANSWER,
    F_ARRIVAL,
    F_DISTRICT,
    F_ID,
    F_ID_MONTH_REGION,
    F_MONTH,
    F_REGION,
    F_SUPPRESSED,
    SOS_CATEGORIES,
    category_field,
)
from data.catalog.shared import with_zeros as _with_zeros

# This module's datasets, in the catalogue's order (data.catalog.aggregates joins the families).
ENTRIES: list[Dataset] = [
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
        fields=(*F_ID_MONTH_REGION, category_field(SOS_CATEGORIES), F_ACTIVATIONS, F_SUPPRESSED),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    ),
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
    ),
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
        fields=(*F_ID_MONTH_REGION, F_ANSWER, F_ARRIVAL),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=False,
    ),
]
