"""Validate: every reject reason, the accounting invariant, and typed clean output.

Why: a rule that silently lets a bad row through inflates a published count; a
rule that silently swallows a good one deflates it. Each reason is pinned here
with the smallest row that triggers it, and the invariant (clean + rejected ==
input) is checked on random garbage.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import timestamps
from etl.anonymise import drop_personal
from etl.clean_schema import OUTPUT_SCHEMAS
from etl.contract import TABLES
from etl.extract import read_raw
from etl.reasons import REASONS
from etl.validate import Validated, validate

NIGHT = dt.date(2024, 3, 5)
REGIONS = pd.DataFrame(
    {
        "iso_code": ["KZ-59", "KZ-71", "KZ-75"],
        "kato_prefix": ["59", "71", "75"],
    }
)
FACILITIES = pd.DataFrame(
    {
        "type": ["front_office", "sos_button", "camera", "camera", "front_office"],
        "kato": ["591010000", "711110000", "591010000", "751110000", "990000000"],
    },
    index=pd.Index(
        ["FO-59-001", "SOS-71-001", "CAM-59-0101", "CAM-75-0001", "FO-99-001"], name="facility_id"
    ),
)

GOOD: dict[str, dict[str, str]] = {
    "front_office_visits": {
        "visit_id": "V1",
        "visited_at": "2024-03-05T10:00:00",
        "office_id": "FO-59-001",
        "channel": "walk_in",
        "topic": "consultation",
        "outcome": "resolved",
        "wait_minutes": "5",
        "satisfaction": "4",
    },
    "sos_activations": {
        "event_id": "E1",
        "activated_at": "2024-03-05 01:02:03",
        "button_id": "SOS-71-001",
        "category": "emergency",
        "answered_after_s": "12",
        "patrol_arrival_min": "7,5",
        "outcome": "patrol_dispatched",
    },
    "camera_offenses": {
        "record_id": "R1",
        "recorded_at": "05.03.2024 23:10",
        "camera_id": "CAM-59-0101",
        "district_kato": "591010000",
        "kind": "criminal",
        "category": "theft",
        "status": "solved",
    },
    "facilities": {
        "facility_id": "FO-59-001",
        "type": "front_office",
        "kato": "591010000",
        "name_kk": "Фронт-офис",
        "name_ru": "Фронт-офис",
        "name_en": "Front office",
        "address_kk": "көше 1",
        "address_ru": "ул. 1",
        "lat": "54.87",
        "lon": "69.14",
        "status": "operating",
        "opened_on": "2023-01-15",
        "hours": "24/7",
        "phone": "+7 7152 000000",
    },
    "targets": {
        "region": "KZ-59",
        "indicator": "front_offices_operating",
        "period_end": "2025-12-31",
        "target_value": "16",
        "source": "Roadmap 2024-2025",
    },
}


def raw(table: str, *overrides: dict[str, Any]) -> pd.DataFrame:
    """A read_raw-like frame: one good row per override dict, values as str, plus _line."""
    rows = [{**GOOD[table], **o} for o in overrides] if overrides else [GOOD[table]]
    df = pd.DataFrame(rows).astype("str")
    df = df.mask(df.isin(["None"]))  # None in an override means an empty cell
    df["_line"] = np.arange(1, len(df) + 1, dtype=np.int64)
    return df


def run(table: str, df: pd.DataFrame, night: dt.date = NIGHT) -> Validated:
    return validate(table, df, night=night, facilities=FACILITIES, regions=REGIONS)


def only_reason(table: str, **override: Any) -> tuple[str, str | None]:
    res = run(table, raw(table, override))
    assert len(res.clean) == 0, "row unexpectedly accepted"
    assert len(res.rejected) == 1
    row = res.rejected.iloc[0]
    return row["reason"], (None if pd.isna(row["field"]) else row["field"])


# ----------------------------------------------------------------- happy path


@pytest.mark.parametrize("table", list(TABLES))
def test_good_row_is_clean_with_exact_schema(table: str) -> None:
    res = run(table, raw(table))
    assert res.file_error is None
    assert len(res.rejected) == 0
    assert list(res.clean.columns) == [*OUTPUT_SCHEMAS[table], "_line"]
    for col, dtype in OUTPUT_SCHEMAS[table].items():
        assert res.clean[col].dtype == dtype, col
    assert res.clean["_line"].tolist() == [1]


@pytest.mark.parametrize("table", list(TABLES))
def test_empty_input(table: str) -> None:
    res = run(table, raw(table).iloc[0:0])
    assert len(res.clean) == 0 and len(res.rejected) == 0
    assert list(res.clean.columns) == [*OUTPUT_SCHEMAS[table], "_line"]


def test_front_office_derived_columns() -> None:
    c = run("front_office_visits", raw("front_office_visits")).clean.iloc[0]
    assert c["at"] == pd.Timestamp("2024-03-05 10:00")
    assert c["date"] == pd.Timestamp("2024-03-05")
    assert c["region"] == "KZ-59"
    assert c["district_kato"] == "591010000"
    assert c["wait_minutes"] == 5 and c["satisfaction"] == 4


def test_enums_are_case_insensitive_and_trimmed() -> None:
    df = raw("front_office_visits", {"channel": "  Video_Call_102 ", "topic": "STATEMENT"})
    c = run("front_office_visits", df).clean.iloc[0]
    assert c["channel"] == "video_call_102" and c["topic"] == "statement"


def test_decimal_comma_and_optional_empty() -> None:
    c = run("sos_activations", raw("sos_activations")).clean.iloc[0]
    assert c["patrol_arrival_min"] == 7.5
    df = raw("sos_activations", {"patrol_arrival_min": None, "answered_after_s": "12,0"})
    c = run("sos_activations", df).clean.iloc[0]
    assert pd.isna(c["patrol_arrival_min"])  # not recorded, never zero
    assert c["answered_after_s"] == 12


def test_missing_optional_column_is_added_as_na() -> None:
    df = raw("front_office_visits").drop(columns=["satisfaction", "wait_minutes"])
    res = run("front_office_visits", df)
    assert len(res.clean) == 1
    assert res.clean["satisfaction"].isna().all()
    assert res.clean["satisfaction"].dtype == "Int64"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05T14:07:00", "2024-03-05 14:07:00"),
        ("2024-03-05T14:07", "2024-03-05 14:07:00"),
        ("2024-03-05 14:07:30.250", "2024-03-05 14:07:30.250"),
        ("2024-03-05T14:07:00+05:00", "2024-03-05 14:07:00"),
        ("2024-03-05T14:07:00+06:00", "2024-03-05 13:07:00"),  # old eastern zone -> UTC+5
        ("2024-03-05T14:07:00+0600", "2024-03-05 13:07:00"),
        ("2024-03-05T14:07:00+06", "2024-03-05 13:07:00"),
        ("2024-03-05T14:07:00Z", "2024-03-05 19:07:00"),
        ("2024-03-04T23:30:00-03:30", "2024-03-05 08:00:00"),
        ("05.03.2024 14:07", "2024-03-05 14:07:00"),
        ("05.03.2024 14:07:09", "2024-03-05 14:07:09"),
        ("5.3.2024 9:07", "2024-03-05 09:07:00"),
    ],
)
def test_timestamp_formats_and_offsets(text: str, expected: str) -> None:
    got = timestamps.parse_timestamps(pd.Series([text], dtype="str"))
    assert got.dtype == "datetime64[us]"
    assert got.iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-05",
        "2024-02-30T10:00",
        "2024-03-05T25:00",
        "05.03.2024",
        "yesterday",
        "2024-03-05T14:07:00+25:00",
        "2024/03/05 14:07",
        "1709633220",
        "05.03.2024 14:07 extra",
        # other scripts' digits in the offset: once a float cast error, the file unreadable
        "2024-03-05T14:07:00+٠٦:٠٠",
        "2024-03-05T14:07:00+0６",
        # pandas reads these as the moment it runs: the answer would depend on the day
        "now",
        "today",
        "n/a",
    ],
)
def test_invalid_timestamps(text: str) -> None:
    got = timestamps.parse_timestamps(pd.Series([text, "2024-03-05T14:07:00Z"], dtype="str"))
    assert pd.isna(got.iloc[0])
    assert got.iloc[1] == pd.Timestamp("2024-03-05 19:07:00")  # the column's others still read


def test_dates() -> None:
    got = timestamps.parse_dates(
        pd.Series(
            [
                "2024-03-05",
                "05.03.2024",
                "2024-03-05 00:00:00",
                "2024-13-01",
                "2024-03-05 10:00",
                None,
                "today",  # pandas would read it as the day the ETL runs
                "now",
            ],
            dtype="str",
        )
    )
    assert got.iloc[:3].tolist() == [pd.Timestamp("2024-03-05")] * 3
    assert got.iloc[3:].isna().all()


def test_targets_region_from_iso_or_kato() -> None:
    df = raw(
        "targets",
        {"region": "kz-71"},
        {"region": "591010000", "indicator": "cameras_operating"},
        {"region": "750000000", "target_value": "0"},
    )
    res = run("targets", df)
    assert res.clean["region"].tolist() == ["KZ-71", "KZ-59", "KZ-75"]


def test_facilities_outputs_region_and_coordinates() -> None:
    c = run("facilities", raw("facilities", {"opened_on": None, "status": "planned"})).clean.iloc[0]
    assert c["region"] == "KZ-59"
    assert c["lat"] == pytest.approx(54.87)
    assert pd.isna(c["opened_on"])


# ------------------------------------------------------------ every reject reason


@pytest.mark.parametrize(
    ("table", "override", "reason", "field"),
    [
        ("front_office_visits", {"visit_id": None}, "missing_value", "visit_id"),
        ("front_office_visits", {"visited_at": "   "}, "missing_value", "visited_at"),
        ("front_office_visits", {"visited_at": "2024-03-05"}, "invalid_timestamp", "visited_at"),
        ("front_office_visits", {"wait_minutes": "5 min"}, "invalid_number", "wait_minutes"),
        ("front_office_visits", {"wait_minutes": "2.5"}, "invalid_number", "wait_minutes"),
        ("front_office_visits", {"wait_minutes": "nan"}, "invalid_number", "wait_minutes"),
        # digits of other scripts: a number cast cannot read them (once, the whole file failed)
        ("front_office_visits", {"wait_minutes": "٣"}, "invalid_number", "wait_minutes"),
        (
            "sos_activations",
            {"patrol_arrival_min": "１.５"},
            "invalid_number",
            "patrol_arrival_min",
        ),
        ("front_office_visits", {"wait_minutes": "-1"}, "out_of_range", "wait_minutes"),
        ("front_office_visits", {"satisfaction": "6"}, "out_of_range", "satisfaction"),
        ("front_office_visits", {"satisfaction": "0"}, "out_of_range", "satisfaction"),
        ("front_office_visits", {"channel": "fax"}, "invalid_category", "channel"),
        ("front_office_visits", {"office_id": "FO-00-000"}, "unknown_facility", "office_id"),
        ("front_office_visits", {"office_id": "CAM-59-0101"}, "wrong_facility_type", "office_id"),
        ("front_office_visits", {"office_id": "FO-99-001"}, "unknown_region", "office_id"),
        (
            "front_office_visits",
            {"visited_at": "2024-03-03T23:59:59"},
            "outside_night_window",
            "visited_at",
        ),
        (
            "front_office_visits",
            {"visited_at": "2024-03-06T00:00:00"},
            "outside_night_window",
            "visited_at",
        ),
        (
            "front_office_visits",
            {"visited_at": "2024-03-05T20:00:00Z"},
            "outside_night_window",
            "visited_at",
        ),
        ("sos_activations", {"category": "prank"}, "invalid_category", "category"),
        ("sos_activations", {"patrol_arrival_min": "-0,5"}, "out_of_range", "patrol_arrival_min"),
        ("sos_activations", {"patrol_arrival_min": "1e3"}, "invalid_number", "patrol_arrival_min"),
        ("sos_activations", {"button_id": "FO-59-001"}, "wrong_facility_type", "button_id"),
        ("camera_offenses", {"district_kato": "59101000"}, "invalid_kato", "district_kato"),
        ("camera_offenses", {"district_kato": "5910100001"}, "invalid_kato", "district_kato"),
        ("camera_offenses", {"district_kato": "991010000"}, "unknown_region", "district_kato"),
        (
            "camera_offenses",
            {"status": "solved", "kind": "administrative"},
            "inconsistent_values",
            "status",
        ),
        (
            "camera_offenses",
            {"status": "detected", "kind": "criminal"},
            "inconsistent_values",
            "status",
        ),
        (
            "camera_offenses",
            {"recorded_at": "31.02.2024 10:00"},
            "invalid_timestamp",
            "recorded_at",
        ),
        ("facilities", {"lat": "39.9"}, "out_of_range", "lat"),
        ("facilities", {"lon": "88,0"}, "out_of_range", "lon"),
        ("facilities", {"lat": "54°52'"}, "invalid_number", "lat"),
        ("facilities", {"type": "kiosk"}, "invalid_category", "type"),
        ("facilities", {"kato": "abc"}, "invalid_kato", "kato"),
        ("facilities", {"opened_on": "2023-02-30"}, "invalid_date", "opened_on"),
        ("facilities", {"opened_on": "2024-03-06"}, "inconsistent_values", "opened_on"),
        ("facilities", {"name_ru": None}, "missing_value", "name_ru"),
        ("targets", {"region": "KZ-99"}, "unknown_region", "region"),
        ("targets", {"region": "Astana"}, "unknown_region", "region"),
        ("targets", {"region": "5910"}, "invalid_kato", "region"),
        ("targets", {"period_end": "end of 2025"}, "invalid_date", "period_end"),
        ("targets", {"target_value": "-3"}, "out_of_range", "target_value"),
        ("targets", {"indicator": "happiness"}, "invalid_category", "indicator"),
    ],
)
def test_reject_reason(table: str, override: dict[str, Any], reason: str, field: str) -> None:
    assert reason in REASONS
    assert only_reason(table, **override) == (reason, field)


def test_window_bounds_are_inclusive() -> None:
    df = raw(
        "front_office_visits",
        {"visit_id": "a", "visited_at": "2024-03-05T00:00:00"},
        {"visit_id": "b", "visited_at": "2024-03-05T23:59:59"},
    )
    assert len(run("front_office_visits", df).clean) == 2


def test_a_row_of_the_day_before_belongs_to_that_night() -> None:
    """Within the window (the night and the day before, in local time) but not the night's
    own day: rejected too, on its date, after the duplicate checks (a night's folder holds
    that day's events; the row belongs to the previous night's extract)."""
    df = raw(
        "front_office_visits",
        {"visit_id": "a", "visited_at": "2024-03-04T00:00:00"},
        {"visit_id": "b", "visited_at": "2024-03-05T10:00:00"},
        {"visit_id": "a", "visited_at": "2024-03-05T11:00:00"},
    )
    res = run("front_office_visits", df)
    assert res.clean["visit_id"].tolist() == ["b"]
    assert res.rejected[["_line", "reason", "field"]].values.tolist() == [
        [1, "outside_night_window", "date"],
        [3, "duplicate_id", "visit_id"],
    ]


def test_first_failing_rule_wins() -> None:
    # Missing id (column 1) beats an invalid category (column 4) and an unknown office.
    df = raw("front_office_visits", {"visit_id": None, "channel": "fax", "office_id": "nope"})
    assert run("front_office_visits", df).rejected["reason"].tolist() == ["missing_value"]


def test_missing_required_column_rejects_the_file() -> None:
    df = raw("front_office_visits", {}, {"visit_id": "V2"}).drop(columns=["visited_at"])
    res = run("front_office_visits", df)
    assert res.file_error == "missing_required_column:visited_at"
    assert len(res.clean) == 0
    assert list(res.clean.columns) == [*OUTPUT_SCHEMAS["front_office_visits"], "_line"]
    assert res.rejected["reason"].tolist() == ["missing_required_column"] * 2
    assert res.rejected["field"].tolist() == ["visited_at"] * 2
    assert res.rejected["_line"].tolist() == [1, 2]


def test_duplicate_row_and_duplicate_id_keep_the_first() -> None:
    df = raw(
        "front_office_visits",
        {"visit_id": "A"},
        {"visit_id": "A"},  # exact duplicate of line 1
        {"visit_id": "A", "topic": "other"},  # same id, different content
        {"visit_id": "B"},
    )
    res = run("front_office_visits", df)
    assert res.clean["_line"].tolist() == [1, 4]
    assert res.rejected[["_line", "reason"]].values.tolist() == [
        [2, "duplicate_row"],
        [3, "duplicate_id"],
    ]
    assert pd.isna(res.rejected.iloc[0]["field"])
    assert res.rejected.iloc[1]["field"] == "visit_id"


def test_a_broken_record_does_not_shadow_a_valid_one() -> None:
    df = raw("front_office_visits", {"visit_id": "A", "visited_at": "garbage"}, {"visit_id": "A"})
    res = run("front_office_visits", df)
    assert res.clean["_line"].tolist() == [2]
    assert res.rejected["reason"].tolist() == ["invalid_timestamp"]


def test_targets_duplicate_key_across_iso_and_kato() -> None:
    df = raw("targets", {"region": "KZ-59"}, {"region": "590000000", "target_value": "20"})
    res = run("targets", df)
    assert res.rejected[["_line", "reason", "field"]].values.tolist() == [
        [2, "duplicate_id", "region,indicator,period_end"],
    ]


def test_facility_index_may_be_a_plain_frame() -> None:
    fac = FACILITIES.reset_index()
    res = validate(
        "front_office_visits",
        raw("front_office_visits"),
        night=NIGHT,
        facilities=fac,
        regions=REGIONS,
    )
    assert len(res.clean) == 1


def test_rejected_has_only_line_reason_field_and_no_values() -> None:
    secret = "123456789012"
    df = raw("front_office_visits", {"visit_id": secret, "wait_minutes": secret + "x"})
    res = run("front_office_visits", df)
    assert list(res.rejected.columns) == ["_line", "reason", "field"]
    assert res.rejected["_line"].dtype == np.int64
    assert secret not in res.rejected.to_string()


# ----------------------------------------------------------------- invariants

_cell = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "",
            " ",
            "x",
            "-1",
            "5",
            "2,5",
            "1e3",
            "KZ-59",
            "591010000",
            "2024-03-05T10:00",
            "05.03.2024 10:00",
            "2024-03-05",
            "FO-59-001",
            "walk_in",
            "solved",
            "criminal",
            "SOS-71-001",
        ]
    ),
    st.text(max_size=6),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), table=st.sampled_from(list(TABLES)))
def test_every_row_ends_in_exactly_one_place(data: st.DataObject, table: str) -> None:
    cols = [c.name for c in TABLES[table].public_columns]
    n = data.draw(st.integers(min_value=0, max_value=12))
    rows = [{c: data.draw(_cell) for c in cols} for _ in range(n)]
    df = pd.DataFrame(rows, columns=cols).astype("str")
    df = df.mask(df.isin(["None", "nan"]))
    df["_line"] = np.arange(1, n + 1, dtype=np.int64)
    res = run(table, df)
    assert len(res.clean) + len(res.rejected) == n
    lines = sorted([*res.clean["_line"].tolist(), *res.rejected["_line"].tolist()])
    assert lines == list(range(1, n + 1))
    assert set(res.rejected["reason"]) <= set(REASONS)


def test_read_anonymise_validate_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "front_office_visits.csv"
    path.write_bytes(
        "VISIT_ID;visited_at;office_id;channel;topic;outcome;wait_minutes;satisfaction;"
        "visitor_iin;visitor_name;comment;new_field\n"
        "V1;2024-03-05T10:00:00+06:00;FO-59-001;walk_in;consultation;resolved;5;4;"
        "900101300123;Асанов Асан;позвонить 8 701 000 00 00;1\n"
        "V2;2024-03-05T10:00:00;FO-59-001;walk_in;consultation;resolved;abc;4;"
        "900101300124;Петров;;2\n".encode("cp1251")
    )
    df, extras = drop_personal("front_office_visits", read_raw(path))
    assert extras == ["new_field"]
    res = run("front_office_visits", df)
    assert res.clean["at"].tolist() == [pd.Timestamp("2024-03-05 09:00")]
    assert res.rejected[["_line", "reason", "field"]].values.tolist() == [
        [2, "invalid_number", "wait_minutes"]
    ]
    dumped = res.clean.to_string() + res.rejected.to_string()
    for personal in ("900101300123", "900101300124", "Асанов", "Петров", "позвонить"):
        assert personal not in dumped


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", None]),
            st.sampled_from(["x", "y", None]),
            st.sampled_from(["1", "2"]),
        ),
        max_size=40,
    ),
    taken=st.lists(st.booleans(), min_size=40, max_size=40),
)
def test_repeated_rows_are_exactly_the_duplicated_rows(
    rows: list[tuple], taken: list[bool]
) -> None:
    """The duplicate-row check, among the rows still taken, compares only rows whose value
    in one column repeats: the same answer as hashing every column of every taken row
    (missing values alike, first one kept)."""
    from etl.arrowtext import STR
    from etl.validate import _repeated_rows, _value_codes

    frame = pd.DataFrame(rows, columns=["id", "p", "q"]).astype(STR)
    subset = np.array(taken[: len(frame)], dtype=bool)
    expected = frame[subset].duplicated(keep="first").tolist()
    columns = {c: frame[c] for c in frame.columns}
    for narrow in frame.columns:
        assert _repeated_rows(columns, subset, _value_codes(frame[narrow])).tolist() == expected
