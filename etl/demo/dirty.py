"""Dirty rows: one defect per row, of every kind the contract forbids, counted exactly.

Why one defect per row: the ETL reports a rejected row with the FIRST rule it fails, so a row
with two defects would be counted under only one of them and the manifest could not predict
the quarantine. Each dirty kind is named after the ETL's rejection reason it should trigger
except ``repeated_previous_night``: the ETL rejects any event not dated on its own night
(etl/files.py) before it looks for ids repeated across nights, so those rows are expected as
``outside_night_window``. The manifest thus doubles as the expected quarantine report.

Row-level kinds either change one cell of a clean row (in place) or add a row: an exact copy
(``duplicate_row``), a copy with the same id but a different time (``duplicate_id``), or a
row of the previous night with its id (``repeated_previous_night``). Added rows always come
after their original in the file, since the ETL keeps the first occurrence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from etl.contract import EVENT_FACILITY_COLUMN as FACILITY_COLUMN
from etl.contract import EVENT_TIME_COLUMN as TIME_COLUMN
from etl.contract import TABLES as CONTRACT_TABLES
from etl.demo import config as cfg
from etl.demo.columns import Columns, n_rows, take
from etl.demo.write import TextTable, render_dates

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


@dataclass
class Dirty:
    """The rows to write and what was done to them."""

    text: TextTable
    counts: Counter[str]
    untouched: np.ndarray  # indices of typed rows written unchanged (tomorrow's repeat candidates)


Render = Callable[[Columns], TextTable]


# ---------------------------------------------------------------- event files
def plan_counts(
    rng: np.random.Generator, table: str, n: int, forced: str | None, can_repeat: bool
) -> Counter[str]:
    """How many rows of each kind: ~DIRTY_RATE of the rows plus one of the forced kind."""
    weights = EVENT_KINDS[table]
    kinds = list(weights)
    p = np.array([weights[k] for k in kinds], dtype=float)
    total = int(rng.binomial(n, cfg.DIRTY_RATE)) if n else 0
    counts: Counter[str] = Counter(
        dict(zip(kinds, rng.multinomial(total, p / p.sum()).tolist(), strict=True))
    )
    if forced:
        counts[forced] += 1
    if not can_repeat:
        counts["duplicate_row"] += counts.pop("repeated_previous_night", 0)
    budget = n // 2  # never touch more than half of a (tiny) file
    for kind in kinds:
        if kind != "repeated_previous_night":  # those rows come from yesterday's file
            counts[kind] = min(counts.get(kind, 0), budget)
            budget -= counts[kind]
    return +counts


def inject_events(
    rng: np.random.Generator,
    table: str,
    typed: Columns,
    previous: Columns | None,
    render: Render,
    counts: Counter[str],
    registry: Columns,
    day: date,
) -> Dirty:
    """Render ``typed`` with the planned dirty rows injected; returns rows in file order."""
    n = n_rows(typed)
    in_place = [k for k in counts if k not in ADDED_KINDS for _ in range(counts[k])]
    n_src = counts.get("duplicate_row", 0) + counts.get("duplicate_id", 0)
    picked = rng.choice(n, size=len(in_place) + n_src, replace=False) if n else np.array([], int)
    mutated, sources = picked[: len(in_place)], picked[len(in_place) :]
    kinds_of = np.array(in_place, dtype=object)

    time_col = TIME_COLUMN[table]
    base = dict(typed)
    stale = mutated[kinds_of == "outside_night_window"]
    if stale.size:  # before the window [night - 1, night]: 2-10 days earlier
        shift = rng.integers(2, 11, stale.size).astype("timedelta64[D]").astype("timedelta64[s]")
        col = base[time_col].copy()
        col[stale] = col[stale] - shift
        base[time_col] = col
    text = render(base)
    for kind in sorted(set(in_place) - {"outside_night_window"}):
        rows = mutated[kinds_of == kind]
        MUTATIONS[kind](rng, table, text, rows, registry, day)

    parts: list[tuple[TextTable, np.ndarray]] = [(text, np.arange(n, dtype=float))]
    dup_rows, dup_ids = np.split(sources, [counts.get("duplicate_row", 0)])
    if dup_rows.size:
        parts.append(({c: v[dup_rows] for c, v in text.items()}, _after(rng, dup_rows, n)))
    if dup_ids.size:
        parts.append(
            (render(_retimed(rng, take(typed, dup_ids), time_col, day)), _after(rng, dup_ids, n))
        )
    repeats = counts.get("repeated_previous_night", 0)
    if repeats and previous is not None and n_rows(previous):
        size = min(repeats, n_rows(previous))
        chosen = take(previous, np.sort(rng.choice(n_rows(previous), size=size, replace=False)))
        counts["repeated_previous_night"] = size
        parts.append((render(chosen), -1.0 + np.linspace(0, 0.5, size)))
    untouched = np.setdiff1d(np.arange(n), mutated)
    return Dirty(_assemble(parts), +counts, untouched)


def _after(rng: np.random.Generator, sources: np.ndarray, n: int) -> np.ndarray:
    """Sort keys that place each copy after its original (and before the file end)."""
    room = np.maximum(n - 1 - sources, 0.5)
    return sources + rng.uniform(0.01, 1, sources.size) * np.minimum(room, 40)


def _retimed(rng: np.random.Generator, rows: Columns, time_col: str, day: date) -> Columns:
    """Same ids, a different time on the same day: a conflicting second record."""
    rows = dict(rows)
    ts = rows[time_col]
    minutes = rng.integers(3, 30, len(ts)).astype("timedelta64[m]").astype("timedelta64[s]")
    late = ts + minutes
    end_of_day = np.datetime64(day + timedelta(days=1), "s")
    rows[time_col] = np.where(late < end_of_day, late, ts - minutes)
    return rows


def _assemble(parts: list[tuple[TextTable, np.ndarray]]) -> TextTable:
    order = np.argsort(np.concatenate([keys for _, keys in parts]), kind="stable")
    columns = parts[0][0].keys()
    return {c: np.concatenate([t[c] for t, _ in parts])[order] for c in columns}


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


# ---------------------------------------------------------------- registries
def inject_facilities(
    rng: np.random.Generator, text: TextTable, day: date, date_style: str
) -> tuple[TextTable, Counter[str]]:
    """Bogus registry rows (ids numbered 8xx/8xxx, never referenced by events) with one defect
    each, plus exact duplicates of real rows: the real facilities always stay valid, so no
    event becomes an unknown facility because of registry dirt."""
    n = len(text["facility_id"])
    counts = _registry_counts(
        rng, FACILITY_KINDS, max(1, int(rng.binomial(n, cfg.FACILITY_DIRTY_RATE)))
    )
    parts: list[tuple[TextTable, np.ndarray]] = [(text, np.arange(n, dtype=float))]
    for kind, k in sorted(counts.items()):
        src = rng.choice(n, size=k, replace=False)
        rows = {c: v[src].copy() for c, v in text.items()}
        if kind != "duplicate_row":
            rows["facility_id"] = _bogus_ids(rng, rows["facility_id"])
            _facility_defect(rng, kind, rows, day, date_style)
        parts.append((rows, _after(rng, src, n)))
    return _assemble(parts), counts


def _registry_counts(rng: np.random.Generator, kinds: tuple[str, ...], total: int) -> Counter[str]:
    """One row of every kind, the rest spread at random."""
    extra = rng.multinomial(max(total - len(kinds), 0), np.full(len(kinds), 1 / len(kinds)))
    return Counter({k: 1 + int(e) for k, e in zip(kinds, extra, strict=True)})


def _bogus_ids(rng: np.random.Generator, ids: np.ndarray) -> np.ndarray:
    out = []
    for fid in ids:
        kind, prefix, number = str(fid).split("-")
        out.append(
            f"{kind}-{prefix}-8{int(rng.integers(0, 10 ** (len(number) - 1))):0{len(number) - 1}d}"
        )
    return np.array(out, dtype=object)


def _facility_defect(
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


def inject_targets(rng: np.random.Generator, text: TextTable) -> tuple[TextTable, Counter[str]]:
    """Bogus plan rows with one defect each, plus an exact duplicate."""
    n = len(text["region"])
    counts = _registry_counts(rng, TARGET_KINDS, cfg.TARGET_DIRTY_ROWS)
    parts: list[tuple[TextTable, np.ndarray]] = [(text, np.arange(n, dtype=float))]
    for kind, k in sorted(counts.items()):
        src = rng.choice(n, size=k, replace=False)
        rows = {c: v[src].copy() for c, v in text.items()}
        _target_defect(rng, kind, rows)
        parts.append((rows, _after(rng, src, n)))
    return _assemble(parts), counts


def _target_defect(rng: np.random.Generator, kind: str, rows: TextTable) -> None:
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


def expected_reasons(counts: dict[str, int]) -> dict[str, int]:
    """Dirty kinds -> the ETL quarantine reasons they should produce."""
    out: Counter[str] = Counter()
    for kind, k in counts.items():
        out[EXPECTED_REASON.get(kind, kind)] += k
    return dict(sorted(out.items()))
