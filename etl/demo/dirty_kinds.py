"""The kinds of dirty rows the demo writes, and the quarantine reason each should cause.

Why one defect per row: the ETL reports a rejected row with the FIRST rule it fails, so a row
with two defects would be counted under only one of them and the manifest could not predict
the quarantine. Each dirty kind is named after the ETL's rejection reason it should trigger
except ``repeated_previous_night``: the ETL rejects any event not dated on its own night
(etl/files.py) before it looks for ids repeated across nights, so those rows are expected as
``outside_night_window``. The manifest thus doubles as the expected quarantine report.
"""

from __future__ import annotations

from collections import Counter

# kind -> relative weight, per event table
EVENT_KINDS: dict[str, dict[str, float]] = {
    "front_office_visits": {
        "unknown_facility": 12,
        "wrong_facility_type": 6,
        "out_of_range": 10,
        "invalid_number": 5,
        "invalid_timestamp": 10,
        "invalid_category": 10,
        "missing_value": 10,
        "outside_night_window": 5,
        "duplicate_row": 12,
        "duplicate_id": 6,
        "repeated_previous_night": 14,
    },
    "sos_activations": {
        "unknown_facility": 12,
        "wrong_facility_type": 6,
        "out_of_range": 10,
        "invalid_number": 5,
        "invalid_timestamp": 10,
        "invalid_category": 10,
        "missing_value": 10,
        "outside_night_window": 5,
        "duplicate_row": 12,
        "duplicate_id": 6,
        "repeated_previous_night": 14,
    },
    "camera_offenses": {
        "unknown_facility": 12,
        "wrong_facility_type": 6,
        "invalid_timestamp": 10,
        "invalid_category": 10,
        "missing_value": 10,
        "invalid_kato": 6,
        "unknown_region": 4,
        "inconsistent_values": 6,
        "outside_night_window": 5,
        "duplicate_row": 12,
        "duplicate_id": 6,
        "repeated_previous_night": 14,
    },
}
FACILITY_KINDS = (
    "out_of_range",
    "invalid_number",
    "invalid_category",
    "missing_value",
    "invalid_kato",
    "unknown_region",
    "invalid_date",
    "inconsistent_values",
    "duplicate_row",
)
TARGET_KINDS = (
    "unknown_region",
    "invalid_kato",
    "invalid_category",
    "out_of_range",
    "invalid_number",
    "invalid_date",
    "missing_value",
    "duplicate_row",
)
ADDED_KINDS = frozenset({"duplicate_row", "duplicate_id", "repeated_previous_night"})

# The ETL reason each kind should produce (identity except where noted). Rows of night D
# re-delivered in D+1's file carry D's date; were the ETL to accept late rows, they would be
# caught as ``duplicate_id`` across the month's files instead.
EXPECTED_REASON = {"repeated_previous_night": "outside_night_window"}


def expected_reasons(counts: dict[str, int]) -> dict[str, int]:
    """Dirty kinds -> the ETL quarantine reasons they should produce."""
    out: Counter[str] = Counter()
    for kind, k in counts.items():
        out[EXPECTED_REASON.get(kind, kind)] += k
    return dict(sorted(out.items()))
