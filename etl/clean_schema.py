"""Clean rows: the exact columns and dtypes of each raw table once validated.

etl.validate returns them (plus ``_line``), etl.staging stores them and the aggregation reads
them; a column renamed or retyped here changes all three."""

from __future__ import annotations

from typing import Any

from etl.arrowtext import STR
from etl.timestamps import DATETIME

OUTPUT_SCHEMAS: dict[str, dict[str, Any]] = {
    "front_office_visits": {
        "visit_id": STR,
        "at": DATETIME,
        "date": DATETIME,
        "office_id": STR,
        "region": STR,
        "district_kato": STR,
        "channel": STR,
        "topic": STR,
        "outcome": STR,
        "wait_minutes": "Int64",
        "satisfaction": "Int64",
    },
    "sos_activations": {
        "event_id": STR,
        "at": DATETIME,
        "date": DATETIME,
        "button_id": STR,
        "region": STR,
        "district_kato": STR,
        "category": STR,
        "answered_after_s": "Int64",
        "patrol_arrival_min": "Float64",
        "outcome": STR,
    },
    "camera_offenses": {
        "record_id": STR,
        "at": DATETIME,
        "date": DATETIME,
        "camera_id": STR,
        "district_kato": STR,
        "region": STR,
        "kind": STR,
        "category": STR,
        "status": STR,
    },
    "facilities": {
        "facility_id": STR,
        "type": STR,
        "kato": STR,
        "region": STR,
        "name_kk": STR,
        "name_ru": STR,
        "name_en": STR,
        "address_kk": STR,
        "address_ru": STR,
        "lat": "Float64",
        "lon": "Float64",
        "status": STR,
        "opened_on": DATETIME,
        "hours": STR,
        "phone": STR,
    },
    "targets": {
        "region": STR,
        "indicator": STR,
        "period_end": DATETIME,
        "target_value": "Float64",
        "source": STR,
    },
}
