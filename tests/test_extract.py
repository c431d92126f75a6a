"""Extract and anonymise: every accepted shape reads to the same all-string frame.

Why these tests matter: the ministry's exports vary by office (Excel on a Russian
Windows writes cp1251 with semicolons, other systems UTF-8 with commas or tabs),
and a shape we misread silently would drop or corrupt a whole night.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from etl.anonymise import drop_personal
from etl.contract import LINE_COLUMN, TABLES
from etl.extract import ExtractError, list_night_files, read_raw

HEADER = ["visit_id", "visited_at", "office_id", "channel", "visitor_name", "comment"]
ROWS = [
    ["V-001", "2024-03-05T14:07:00", "FO-59-001", "walk_in", "Иванов Иван", "Қош келдіңіз"],
    ["V-002", "05.03.2024 09:30", "FO-59-001", "online", "", "ok"],
    ["007", "2024-03-05 10:00", "FO-59-002", "video_call_102", "Петров", ""],
]


def _csv_bytes(delimiter: str, encoding: str, header: list[str] = HEADER) -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in ROWS]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _assert_standard_frame(df: pd.DataFrame) -> None:
    assert list(df.columns) == [*HEADER, "_line"]
    assert df["_line"].tolist() == [1, 2, 3]
    assert df["_line"].dtype == np.int64
    for col in HEADER:
        assert df[col].dtype == "str", col
    assert df.loc[0, "visitor_name"] == "Иванов Иван"
    assert df.loc[2, "visit_id"] == "007"  # no type inference: leading zeros survive
    assert pd.isna(df.loc[1, "visitor_name"])  # empty cell -> NA, never ""
    assert pd.isna(df.loc[2, "comment"])
    assert not (df[HEADER] == "").any().any()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_every_encoding_and_delimiter(tmp_path: Path, delimiter: str, encoding: str) -> None:
    # cp1251 has no Kazakh letters such as Қ: the cp1251 variant carries Russian text only.
    if encoding == "cp1251":
        data, comment = _cp1251_bytes(delimiter), "Добро пожаловать"
    else:
        data, comment = _csv_bytes(delimiter, encoding), "Қош келдіңіз"
    df = read_raw(_write(tmp_path, "front_office_visits.csv", data))
    _assert_standard_frame(df)
    assert df.loc[0, "comment"] == comment


def _cp1251_bytes(delimiter: str) -> bytes:
    rows = [[v.replace("Қош келдіңіз", "Добро пожаловать") for v in r] for r in ROWS]
    lines = [delimiter.join(HEADER)] + [delimiter.join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def test_cp1251_is_not_mistaken_for_utf8(tmp_path: Path) -> None:
    df = read_raw(_write(tmp_path, "x.csv", _cp1251_bytes(";")))
    assert df.loc[0, "comment"] == "Добро пожаловать"


def test_headers_mixed_case_spaces_and_any_order(tmp_path: Path) -> None:
    data = b" Comment ;VISITED_AT;  Visit_Id\nhello;2024-03-05 10:00;V1\n"
    df = read_raw(_write(tmp_path, "t.csv", data))
    assert list(df.columns) == ["comment", "visited_at", "visit_id", "_line"]
    assert df.loc[0, "visit_id"] == "V1"


def test_quoted_delimiters_and_newlines_keep_record_numbers(tmp_path: Path) -> None:
    data = b'visit_id,comment\nA,"one, two\nthree"\nB,plain\n\nC,  padded  \n'
    df = read_raw(_write(tmp_path, "t.csv", data))
    assert df["visit_id"].tolist() == ["A", "B", "C"]
    assert df["_line"].tolist() == [1, 2, 3]  # records, not physical lines
    assert df.loc[0, "comment"] == "one, two\nthree"
    assert df.loc[2, "comment"] == "padded"


def test_whitespace_only_cells_are_na(tmp_path: Path) -> None:
    df = read_raw(_write(tmp_path, "t.csv", b"a;b\n   ;x\n"))
    assert pd.isna(df.loc[0, "a"])


def test_header_only_gives_empty_frame(tmp_path: Path) -> None:
    df = read_raw(_write(tmp_path, "t.csv", b"visit_id;visited_at\n"))
    assert list(df.columns) == ["visit_id", "visited_at", "_line"]
    assert len(df) == 0


@pytest.mark.parametrize("data", [b"a;b", b"a;b\r\n", b"\r\n\r\na;b\n\n"])
def test_header_only_variants(tmp_path: Path, data: bytes) -> None:
    df = read_raw(_write(tmp_path, "t.csv", data))
    assert list(df.columns) == ["a", "b", "_line"] and len(df) == 0


def test_lone_cr_line_endings(tmp_path: Path) -> None:
    df = read_raw(_write(tmp_path, "t.csv", b"a;b\r1;2\r3;\r"))
    assert df["a"].tolist() == ["1", "3"]
    assert pd.isna(df.loc[1, "b"])


def test_blank_header_cells_are_named_by_position(tmp_path: Path) -> None:
    df = read_raw(_write(tmp_path, "t.csv", b"a;;c\n1;2;3\n"))
    assert list(df.columns) == ["a", "unnamed_2", "c", "_line"]


def test_a_source_column_named_like_our_record_number_is_renamed(tmp_path: Path) -> None:
    """A delivered ``_line`` (any case, padded) must not shadow the record number that every
    rejection points at: it is kept as ``source_line``."""
    path = _write(tmp_path, "v.csv", b"visit_id, _LINE \nA,70\nB,71\n")
    df = read_raw(path)
    assert list(df.columns) == ["visit_id", "source_line", LINE_COLUMN]
    assert df["source_line"].tolist() == ["70", "71"]
    assert df[LINE_COLUMN].tolist() == [1, 2]


def test_xlsx_first_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append([" Visit_ID", "VISITED_AT", "office_id", "wait_minutes", "district_kato", "comment"])
    ws.append(
        [
            "V1",
            dt.datetime(2024, 3, 5, 14, 7),  # noqa: DTZ001 (an Excel cell is naive)
            "FO-59-001",
            5,
            591010000,
            None,
        ]
    )
    ws.append(["V2", "05.03.2024 09:30", "FO-59-001", None, "591010000", "  "])
    ws.append([None, None, None, None, None, None])  # formatted-but-empty rows are dropped
    other = wb.create_sheet("second")
    other.append(["ignored"])
    path = tmp_path / "front_office_visits.xlsx"
    wb.save(path)
    df = read_raw(path)
    assert list(df.columns) == [
        "visit_id",
        "visited_at",
        "office_id",
        "wait_minutes",
        "district_kato",
        "comment",
        "_line",
    ]
    assert df["_line"].tolist() == [1, 2]
    assert df.loc[0, "visited_at"] == "2024-03-05 14:07:00"
    assert df.loc[0, "wait_minutes"] == "5"
    assert df.loc[0, "district_kato"] == "591010000"
    assert pd.isna(df.loc[1, "wait_minutes"])
    assert pd.isna(df.loc[1, "comment"])
    assert all(df[c].dtype == "str" for c in df.columns if c != "_line")


def test_xlsx_values_beyond_the_header_and_empty_workbook(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["a", "b"])
    wb.active.append([1, 2, 3])
    wb.save(tmp_path / "w.xlsx")
    df = read_raw(tmp_path / "w.xlsx")
    assert list(df.columns) == ["a", "b", "unnamed_3", "_line"]
    Workbook().save(tmp_path / "e.xlsx")
    with pytest.raises(ExtractError, match="no header row"):
        read_raw(tmp_path / "e.xlsx")


def test_json_array_of_objects(tmp_path: Path) -> None:
    records = [
        {"Visit_ID": "V1", "district_kato": 591010000, "wait_minutes": 5, "comment": None},
        {"Visit_ID": "V2", "district_kato": "591010000", "wait_minutes": None, "comment": ""},
        {"Visit_ID": "V3", "extra": True},
    ]
    path = _write(tmp_path, "t.json", json.dumps(records, ensure_ascii=False).encode())
    df = read_raw(path)
    assert df["visit_id"].tolist() == ["V1", "V2", "V3"]
    assert df["district_kato"].tolist()[:2] == ["591010000", "591010000"]  # not "591010000.0"
    assert df.loc[0, "wait_minutes"] == "5"
    assert df[["comment"]].isna().all().all()
    assert df["_line"].tolist() == [1, 2, 3]


def test_json_empty_array(tmp_path: Path) -> None:
    df = read_raw(_write(tmp_path, "t.json", b"[]"))
    assert len(df) == 0
    assert list(df.columns) == ["_line"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("t.csv", b"", "no header row"),
        ("t.csv", b"\r\n\r\n  \r\n", "no header row"),
        ("t.csv", b"PK\x03\x04\x00\x00binary", "cannot decode"),
        ("t.csv", "a;b\n".encode("utf-16"), "cannot decode"),
        ("t.csv", b"a,b\n1,2\n3,4,SECRET\n", "malformed CSV"),
        ("t.csv", b"a,A \n1,2\n", "duplicate column names"),
        ("t.json", b'{"a": 1}', "not a JSON array of objects"),
        ("t.json", b"[1, 2]", "not a JSON array of objects"),
        ("t.json", b'[{"a": SECRET', "invalid JSON"),
        ("t.xlsx", b"not a zip at all SECRET", "not a readable xlsx workbook"),
        ("t.txt", b"a,b\n", "unsupported file type"),
    ],
)
def test_extract_error_on_garbage(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(ExtractError) as err:
        read_raw(_write(tmp_path, name, data))
    text = str(err.value)
    assert message in text
    assert "SECRET" not in text
    assert "\n" not in text


def test_malformed_csv_names_the_line_not_the_content(tmp_path: Path) -> None:
    data = b"a,b\n1,2\n3,4,123456789012\n"
    with pytest.raises(ExtractError) as err:
        read_raw(_write(tmp_path, "t.csv", data))
    assert "123456789012" not in str(err.value)
    assert "line 3" in str(err.value)


def test_list_night_files(tmp_path: Path) -> None:
    for name in [
        "Front_Office_Visits.CSV",
        "sos_activations.json",
        "camera_offenses.xlsx",
        "facilities.csv",
        "facilities.json",
        "DEMO.txt",
        ".DS_Store",
        "readme.txt",
        "targets.csv.part",
    ]:
        (tmp_path / name).write_bytes(b"x")
    tables, unknown = list_night_files(tmp_path)
    assert tables == {
        "camera_offenses": tmp_path / "camera_offenses.xlsx",
        "facilities": tmp_path / "facilities.csv",
        "front_office_visits": tmp_path / "Front_Office_Visits.CSV",
        "sos_activations": tmp_path / "sos_activations.json",
    }
    assert sorted(p.name for p in unknown) == ["facilities.json", "readme.txt", "targets.csv.part"]


# ------------------------------------------------------------------ anonymise


def test_no_personal_column_survives_drop_personal(tmp_path: Path) -> None:
    for name, contract in TABLES.items():
        cols = {c: ["x"] for c in contract.names} | {"extra_col": ["y"], "_line": [1]}
        df = pd.DataFrame(cols)
        out, extras = drop_personal(name, df)
        assert not set(contract.personal_names) & set(out.columns)
        assert set(out.columns) == {c.name for c in contract.public_columns} | {"_line"}
        assert extras == ["extra_col"]


def test_drop_personal_after_read_keeps_only_public_values(tmp_path: Path) -> None:
    df = read_raw(_write(tmp_path, "t.csv", _csv_bytes(";", "utf-8")))
    out, extras = drop_personal("front_office_visits", df)
    assert extras == []
    flat = out.astype(str).to_numpy().ravel().tolist()
    assert not any("Иванов" in v or "Қош" in v for v in flat)


def test_headerless_file_does_not_leak_values_as_column_names() -> None:
    # A file that lost its header: its first record became the "column names".
    df = pd.DataFrame(columns=["v-001", "2024-03-05 14:07", "123456789012", "ivanov", "_line"])
    out, extras = drop_personal("front_office_visits", df)
    assert list(out.columns) == ["_line"]
    assert extras == ["column_1", "column_2", "column_3", "column_4"]


def test_non_identifier_extra_names_are_masked() -> None:
    df = pd.DataFrame(columns=["visit_id", "иванов иван", "note_2", "_line"])
    _, extras = drop_personal("front_office_visits", df)
    assert extras == ["column_2", "note_2"]
