"""Catalogue entries of the published aggregates, the tables the nightly ETL writes from the
events: one module a family (visits: front-office visits, sos: SOS buttons, cameras: offences
found with cameras) and, here, the regional indicators that sum the three per region and month."""

from __future__ import annotations

from data import schema
from data.catalog import cameras, sos, visits
from data.catalog.model import Dataset, Field
from data.catalog.model import text3 as _t
from data.catalog.shared import (
    F_ID,
    F_MONTH,
    F_REGION,
    F_SUPPRESSED,
    REGION_INDICATORS,
    indicator_field,
)

_REGION_INDICATORS = Dataset(
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
        indicator_field(REGION_INDICATORS),
        Field("value", "integer", "measure", _t("Мәні", "Значение", "Value"), None, True),
        F_SUPPRESSED,
    ),
    cadence="monthly",
    default_sort=("month", "id"),
    suppression=True,
)

# Every aggregate, in the catalogue's order (data.catalog.DATASETS joins the modules).
ENTRIES: list[Dataset] = [*visits.ENTRIES, *sos.ENTRIES, *cameras.ENTRIES, _REGION_INDICATORS]
