"""How a dirty row is broken: one bad cell per kind (see ``dirty_kinds``), per table.

Why per-kind functions over text: a defect is written into the rendered text table (strings as
they will stand in the file), so a value no typed column could hold ("10 мин", "31.02.2025",
a KATO with a letter O) reaches the file exactly. Event rows are broken in place through
``MUTATIONS``; registry and plan rows are bogus copies broken by ``facility_defect`` and
``target_defect``.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from etl.contract import EVENT_FACILITY_COLUMN as FACILITY_COLUMN
from etl.contract import EVENT_TIME_COLUMN as TIME_COLUMN
from etl.contract import TABLES as CONTRACT_TABLES
from etl.demo.columns import Columns
from etl.demo.write import TextTable, render_dates

# Columns a ``missing_value`` row may lose: the contract's required ones, in contract order.
REQUIRED = {name: contract.required_names for name, contract in CONTRACT_TABLES.items()}
OUT_OF_RANGE: dict[str, dict[str, tuple[str, ...]]] = {
    "front_office_visits": {"wait_minutes": ("-3", "-15", "-1"), "satisfaction": ("9", "0", "6")},
    "sos_activations": {"answered_after_s": ("-1", "-30"), "patrol_arrival_min": ("-2.5", "-10")},
}
BAD_NUMBERS = {
    "front_office_visits": {
        "wait_minutes": ("10 мин", "н/д", "ten", "12.5"),
        "satisfaction": ("хорошо", "5 баллов", "4.5"),
    },
    "sos_activations": {
        "answered_after_s": ("5 сек", "~10", "1.5"),
        "patrol_arrival_min": ("семь", "10 мин"),
    },
}
BAD_CATEGORIES = {
    "front_office_visits": {
        "channel": ("telegram", "лично", "whatsapp"),
        "topic": ("parking", "жалоба", "traffic"),
        "outcome": ("closed", "в работе"),
    },
    "sos_activations": {"category": ("prank", "тест", "unknown"), "outcome": ("resolved", "отказ")},
    "camera_offenses": {
        "kind": ("civil", "уголовное"),
        "category": ("jaywalking", "drunk_driving", "littering"),
        "status": ("closed", "в производстве"),
    },
}
WRONG_TYPES = {
    "front_office_visits": ("district_point", "modular_post"),
    "sos_activations": ("front_office",),
    "camera_offenses": ("sos_button", "front_office"),
}
UNKNOWN_PREFIXES = ("90", "95", "99", "01", "07")


# ---------------------------------------------------------------- cell mutations
def _choose(
    rng: np.random.Generator, options: tuple[str, ...] | list[str], size: int
) -> np.ndarray:
    return np.array(options, dtype=object)[rng.integers(0, len(options), size)]


def _set_in_columns(
    rng: np.random.Generator, text: TextTable, rows: np.ndarray, values: dict[str, tuple[str, ...]]
) -> None:
    """Put one bad value into one of ``values``' columns (those present) of each row."""
    columns = [c for c in values if c in text]
    which = rng.integers(0, len(columns), rows.size)
    for i, column in enumerate(columns):
        sel = rows[which == i]
        text[column][sel] = _choose(rng, values[column], sel.size)


def _mut_out_of_range(
    rng: np.random.Generator,
    table: str,
    text: TextTable,
    rows: np.ndarray,
    registry: Columns | None,
    day: date,
) -> None:
    _set_in_columns(rng, text, rows, OUT_OF_RANGE[table])


def _mut_invalid_number(
    rng: np.random.Generator,
    table: str,
    text: TextTable,
    rows: np.ndarray,
    registry: Columns | None,
    day: date,
) -> None:
    _set_in_columns(rng, text, rows, BAD_NUMBERS[table])


def _mut_invalid_category(
    rng: np.random.Generator,
    table: str,
    text: TextTable,
    rows: np.ndarray,
    registry: Columns | None,
    day: date,
) -> None:
    _set_in_columns(rng, text, rows, BAD_CATEGORIES[table])


def _mut_missing_value(
    rng: np.random.Generator,
    table: str,
    text: TextTable,
    rows: np.ndarray,
    registry: Columns | None,
    day: date,
) -> None:
    columns = [c for c in REQUIRED[table] if c in text]
    which = rng.integers(0, len(columns), rows.size)
    for i, column in enumerate(columns):
        text[column][rows[which == i]] = None


def _mut_invalid_timestamp(
    rng: np.random.Generator,
    table: str,
    text: TextTable,
    rows: np.ndarray,
    registry: Columns | None,
    day: date,
) -> None:
    options = (
        f"{day:%d.%m.%Y} 25:61",
        f"31.02.{day:%Y} 10:15",
        f"{day:%Y/%m/%d} 14:30",
        "вчера 14:30",
        f"{day:%d.%m.%Y}",
        "n/a",
        f"{day:%Y-%m-%d}T24:75:00",
        "#VALUE!",
    )
    text[TIME_COLUMN[table]][rows] = _choose(rng, options, rows.size)


def _mut_unknown_facility(
    rng: np.random.Generator,
    table: str,
    text: TextTable,
    rows: np.ndarray,
    registry: Columns | None,
    day: date,
) -> None:
    """Ids that no registry lists: numbers 9xx (9xxx for cameras) are never issued, and no
    region has the KATO prefix 99."""
    column = FACILITY_COLUMN[table]
    out = []
    for fid in text[column][rows]:
        kind, prefix, number = str(fid).split("-")
        prefix = "99" if rng.random() < 0.2 else prefix
        out.append(
            f"{kind}-{prefix}-9{int(rng.integers(0, 10 ** (len(number) - 1))):0{len(number) - 1}d}"
        )
    text[column][rows] = np.array(out, dtype=object)


def _mut_wrong_facility_type(
    rng: np.random.Generator,
    table: str,
    text: TextTable,
    rows: np.ndarray,
    registry: Columns | None,
    day: date,
) -> None:
    """A real facility of another type (a camera id in the visits log...)."""
    assert registry is not None
    pool = registry["facility_id"][np.isin(registry["type"], WRONG_TYPES[table])]
    text[FACILITY_COLUMN[table]][rows] = pool[rng.integers(0, len(pool), rows.size)]


def _mut_invalid_kato(
    rng: np.random.Generator,
    table: str,
    text: TextTable,
    rows: np.ndarray,
    registry: Columns | None,
    day: date,
) -> None:
    column = "district_kato" if table == "camera_offenses" else "kato"
    kato = text[column][rows].astype(str)
    variants = np.stack(
        [
            np.strings.slice(kato, 0, 8),
            np.strings.add(kato, "0"),
            np.strings.add(np.strings.slice(kato, 0, 4), "-00000"),
            np.strings.replace(kato, "0", "O", 1),
        ]
    )
    text[column][rows] = variants[rng.integers(0, 4, rows.size), np.arange(rows.size)].astype(
        object
    )


def _mut_unknown_region(
    rng: np.random.Generator,
    table: str,
    text: TextTable,
    rows: np.ndarray,
    registry: Columns | None,
    day: date,
) -> None:
    column = "district_kato" if table == "camera_offenses" else "kato"
    kato = text[column][rows].astype(str)
    prefix = _choose(rng, UNKNOWN_PREFIXES, rows.size).astype(str)
    text[column][rows] = np.strings.add(prefix, np.strings.slice(kato, 2, 9)).astype(object)


def _mut_inconsistent_values(
    rng: np.random.Generator,
    table: str,
    text: TextTable,
    rows: np.ndarray,
    registry: Columns | None,
    day: date,
) -> None:
    """Camera: an administrative offence "solved", a crime "detected"."""
    criminal = text["kind"][rows] == "criminal"
    text["status"][rows] = np.where(criminal, "detected", "solved").astype(object)


MUTATIONS = {
    "out_of_range": _mut_out_of_range,
    "invalid_number": _mut_invalid_number,
    "invalid_category": _mut_invalid_category,
    "missing_value": _mut_missing_value,
    "invalid_timestamp": _mut_invalid_timestamp,
    "unknown_facility": _mut_unknown_facility,
    "wrong_facility_type": _mut_wrong_facility_type,
    "invalid_kato": _mut_invalid_kato,
    "unknown_region": _mut_unknown_region,
    "inconsistent_values": _mut_inconsistent_values,
}


# ---------------------------------------------------------------- registry and plan rows
def bogus_ids(rng: np.random.Generator, ids: np.ndarray) -> np.ndarray:
    out = []
    for fid in ids:
        kind, prefix, number = str(fid).split("-")
        out.append(
            f"{kind}-{prefix}-8{int(rng.integers(0, 10 ** (len(number) - 1))):0{len(number) - 1}d}"
        )
    return np.array(out, dtype=object)


def facility_defect(
    rng: np.random.Generator, kind: str, rows: TextTable, day: date, date_style: str
) -> None:
    k = len(rows["facility_id"])
    idx = np.arange(k)
    if kind == "out_of_range":  # a lost digit or a lost sign
        lat = rows["lat"].astype(float)
        rows["lat"] = np.array(
            [f"{v / 10:.6f}" if i % 2 else f"{-v:.6f}" for i, v in enumerate(lat)], dtype=object
        )
    elif kind == "invalid_number":
        rows["lon"] = np.array([f"{v.replace('.', ',')},5" for v in rows["lon"]], dtype=object)
    elif kind == "invalid_category":
        _set_in_columns(
            rng, rows, idx, {"type": ("police_box", "пост"), "status": ("active", "работает")}
        )
    elif kind == "missing_value":
        _mut_missing_value(rng, "facilities", rows, idx, None, day)
    elif kind == "invalid_kato":
        _mut_invalid_kato(rng, "facilities", rows, idx, None, day)
    elif kind == "unknown_region":
        _mut_unknown_region(rng, "facilities", rows, idx, None, day)
    elif kind == "invalid_date":
        bad = (
            ("2025-02-30", "2024-13-01", "2023-04-31")
            if date_style == "iso"
            else ("30.02.2025", "31.04.2024", "15.13.2024")
        )
        rows["opened_on"] = _choose(rng, bad, k)
    elif kind == "inconsistent_values":  # operating, but opening only in the future
        future = np.datetime64(day, "D") + rng.integers(30, 300, k).astype("timedelta64[D]")
        rows["status"] = np.full(k, "operating", dtype=object)
        rows["opened_on"] = render_dates(future, date_style)


def target_defect(rng: np.random.Generator, kind: str, rows: TextTable) -> None:
    k = len(rows["region"])
    options: dict[str, tuple[str, ...]] = {
        "unknown_region": ("KZ-98", "KZ-00", "Северная область"),
        "invalid_kato": ("59000000", "5900000000"),
        "invalid_category": ("police_cars_operating", "патрули"),
        "out_of_range": ("-5", "-120"),
        "invalid_number": ("двадцать", "12 шт", "1 200"),
        "invalid_date": ("2026-12-32", "31.13.2026", "конец года"),
    }
    column = {
        "unknown_region": "region",
        "invalid_kato": "region",
        "invalid_category": "indicator",
        "out_of_range": "target_value",
        "invalid_number": "target_value",
        "invalid_date": "period_end",
    }
    if kind == "missing_value":
        _mut_missing_value(rng, "targets", rows, np.arange(k), None, date.min)
    elif kind in options:
        rows[column[kind]] = _choose(rng, options[kind], k)
