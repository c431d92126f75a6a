"""The catalogue of published datasets: one entry per table the public may read.

Titles, descriptions and the data dictionary live here once, in kk/ru/en, so that the API,
the dashboard, the bulk download and the Frictionless/DCAT metadata all say the same thing.
Filters and sorts are allow-lists derived from this catalogue: nothing else reaches SQL.

Rooms: `model` (Dataset, Field, Text3), `shared` (the suppression rule, closed value lists,
recurring fields and the helpers that declare them), the entries in `visits`, `sos` and
`cameras` (joined with the regional indicators by `aggregates`) and `reference`, `changes`
(retired ids and the changelog). Import from here: `from data.catalog import DATASETS, Dataset`.
"""

from __future__ import annotations

from data.catalog import aggregates, reference
from data.catalog.changes import CHANGELOG, RETIRED, Retired
from data.catalog.model import LICENCE, Dataset, Field, FieldType, Role, Text3
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
    FACILITY_STATUSES,
    FACILITY_TYPES,
    INDICATORS,
    OFFENSE_CATEGORIES,
    OFFENSE_KINDS,
    OFFENSE_STATUSES,
    POPULATION_MEASURES,
    PUBLIC_FACILITY_TYPES,
    REGION_INDICATORS,
    SOS_CATEGORIES,
    SUPPRESSION_RULE,
    TARGET_INDICATORS,
    TARGET_STATUSES,
    TOPICS,
    VISIT_OUTCOMES,
    ZEROS,
)

# Every published dataset by id, in the order the API, the OpenAPI document and the bulk
# download list them: the aggregates, then the reference tables.
DATASETS: dict[str, Dataset] = {ds.id: ds for ds in (*aggregates.ENTRIES, *reference.ENTRIES)}

__all__ = [
    "CHANGELOG",
    "CHANNELS",
    "DATASETS",
    "FACILITY_STATUSES",
    "FACILITY_TYPES",
    "F_ACTIVATIONS",
    "F_ANSWER",
    "F_ARRIVAL",
    "F_DATE",
    "F_DISTRICT",
    "F_ID",
    "F_KIND",
    "F_MONTH",
    "F_OFFENSES",
    "F_OFFICE",
    "F_REGION",
    "F_REGION_NAMES",
    "F_SUPPRESSED",
    "F_VISITS",
    "INDICATORS",
    "LICENCE",
    "OFFENSE_CATEGORIES",
    "OFFENSE_KINDS",
    "OFFENSE_STATUSES",
    "POPULATION_MEASURES",
    "PUBLIC_FACILITY_TYPES",
    "REGION_INDICATORS",
    "RETIRED",
    "SOS_CATEGORIES",
    "SUPPRESSION_RULE",
    "TARGET_INDICATORS",
    "TARGET_STATUSES",
    "TOPICS",
    "VISIT_OUTCOMES",
    "ZEROS",
    "Dataset",
    "Field",
    "FieldType",
    "Retired",
    "Role",
    "Text3",
]
