"""Catalogue entries of the offences solved or detected with video cameras, per district and
per region (etl.aggregate_camera writes them)."""

from __future__ import annotations

from data import schema
from data.catalog.model import Dataset
from data.catalog.model import text3 as _t
from data.catalog.shared import (
    F_DISTRICT,
    F_ID_MONTH_REGION,
    F_KIND,
    F_OFFENSES,
    F_SUPPRESSED,
    OFFENSE_CATEGORIES,
    OFFENSE_STATUSES,
    category_field,
    status_field,
)
from data.catalog.shared import with_zeros as _with_zeros

# This module's datasets, in the catalogue's order (data.catalog.aggregates joins the families).
ENTRIES: list[Dataset] = [
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
            *F_ID_MONTH_REGION,
            F_DISTRICT,
            F_KIND,
            status_field(OFFENSE_STATUSES),
            F_OFFENSES,
            F_SUPPRESSED,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    ),
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
            *F_ID_MONTH_REGION,
            F_KIND,
            category_field(OFFENSE_CATEGORIES),
            F_OFFENSES,
            F_SUPPRESSED,
        ),
        cadence="monthly",
        default_sort=("month", "id"),
        suppression=True,
    ),
]
