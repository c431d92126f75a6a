"""Why a row is rejected: the fixed vocabulary of reasons, and the bookkeeping that keeps
the first reason each row is flagged with.

The vocabulary is fixed because rejections are counted per reason in run reports and
published quality reports (etl.validate applies the rules in order, ``outside_night_window``
last again for events of the day before; etl.intake adds ``duplicate_id`` for an id already
staged for another night)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.arrowtext import to_bool

MISSING_REQUIRED_COLUMN = "missing_required_column"
MISSING_VALUE = "missing_value"
INVALID_TIMESTAMP = "invalid_timestamp"
INVALID_DATE = "invalid_date"
INVALID_NUMBER = "invalid_number"
OUT_OF_RANGE = "out_of_range"
INVALID_CATEGORY = "invalid_category"
INVALID_KATO = "invalid_kato"
UNKNOWN_REGION = "unknown_region"
UNKNOWN_FACILITY = "unknown_facility"
WRONG_FACILITY_TYPE = "wrong_facility_type"
INCONSISTENT_VALUES = "inconsistent_values"
OUTSIDE_NIGHT_WINDOW = "outside_night_window"
DUPLICATE_ROW = "duplicate_row"
DUPLICATE_ID = "duplicate_id"

REASONS = (
    MISSING_REQUIRED_COLUMN,
    MISSING_VALUE,
    INVALID_TIMESTAMP,
    INVALID_DATE,
    INVALID_NUMBER,
    OUT_OF_RANGE,
    INVALID_CATEGORY,
    INVALID_KATO,
    UNKNOWN_REGION,
    UNKNOWN_FACILITY,
    WRONG_FACILITY_TYPE,
    INCONSISTENT_VALUES,
    OUTSIDE_NIGHT_WINDOW,
    DUPLICATE_ROW,
    DUPLICATE_ID,
)


class Verdicts:
    """First-failure bookkeeping: a row keeps the first reason it is flagged with."""

    def __init__(self, n: int) -> None:
        self.bad = np.zeros(n, dtype=bool)
        self.reason = np.full(n, None, dtype=object)
        self.field = np.full(n, None, dtype=object)

    def flag(self, mask: pd.Series | np.ndarray, reason: str, field: str | None) -> None:
        m = to_bool(mask) & ~self.bad
        if m.any():
            self.reason[m] = reason
            self.field[m] = field
            self.bad |= m
