"""Hostile input (issue 9, item 1): the ETL is a hardened parser.

Why: the landing area is written by other systems. One file nested 1,800 levels deep, an
xlsx "bomb", a stray future folder or a symlink to /etc must cost that file (or folder) and
nothing else: no exception out of the reader, no night blocked, memory bounded (<= 1 GiB),
every row accounted for, no personal value in a log line. The probes of the issue are
reproduced here (built by tests/hostile_files.py); bench/hostile_probe.py measures them at
full size. Limits are shrunk with monkeypatch where only the logic is under test, so the
suite stays fast; the memory test runs the real limits in a subprocess.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import hostile_files as hf
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.reference import regions_frame
from etl import anonymise, extract, landing, limits
from etl.files import UNREADABLE_FILE, FileOutcome, process_file

ROOT = Path(__file__).resolve().parent.parent
NIGHT = date(2024, 3, 5)
NO_FACILITIES = pd.DataFrame(columns=["type", "kato"])
REGIONS = regions_frame()[["iso_code", "kato_prefix"]]
OFFICES = pd.DataFrame(
    {"type": ["front_office"], "kato": ["591010000"]},
    index=pd.Index(["FO-59-001"], name="facility_id"),
)


def _process(
    table: str, path: Path, facilities: pd.DataFrame = NO_FACILITIES, quarantine: Path | None = None
) -> FileOutcome:
    return process_file(
        table, path, NIGHT, facilities=facilities, regions=REGIONS, quarantine_dir=quarantine
    )


def _accounted(outcome: FileOutcome) -> None:
    assert outcome.rows_in == outcome.rows_loaded + outcome.rows_quarantined
    assert outcome.rows_loaded == len(outcome.clean)
    assert outcome.rows_loaded >= 0


def _unreadable(outcome: FileOutcome, words: str) -> None:
    assert outcome.file_error is not None and outcome.file_error.startswith(UNREADABLE_FILE)
    assert words in outcome.file_error, outcome.file_error
    assert outcome.rows_loaded == 0
    assert set(outcome.rejected["reason"]) == {UNREADABLE_FILE}
    _accounted(outcome)


def _no_planted_value(text: str) -> None:
    for value in hf.PLANTED:
        assert value not in text


# ------------------------------------------------------------------ the probes


@pytest.mark.parametrize("top_level", [False, True])
def test_json_nested_1800_levels_is_an_unreadable_file(
    tmp_path: Path, top_level: bool, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "sos_activations.json"
    path.write_bytes(hf.deep_json(1_800, top_level=top_level))
    with caplog.at_level(logging.INFO, logger="etl"):
        outcome = _process("sos_activations", path)
    _unreadable(outcome, f"nested deeper than {limits.MAX_JSON_DEPTH} levels")
    _no_planted_value(caplog.text)


def test_json_nested_within_the_limit_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "sos_activations.json"
    path.write_bytes(hf.deep_json(5))
    frame = extract.read_raw(path)
    assert frame.loc[0, "notes"] == "[[[[[]]]]]"  # rendered as JSON text
    assert pd.isna(frame.loc[1, "notes"])
    assert frame["_line"].tolist() == [1, 2]


def test_xlsx_shared_string_bomb_is_refused(tmp_path: Path) -> None:
    path = hf.shared_string_bomb(tmp_path / "front_office_visits.xlsx")
    assert path.stat().st_size < 100_000  # the probe's 54 KB file, > 4 GB in memory before
    outcome = _process("front_office_visits", path)
    _unreadable(outcome, "XML token longer than 1 MiB")


def test_a_cell_longer_than_excel_allows_quarantines_its_row_only(tmp_path: Path) -> None:
    long_string = [b"<si><t>" + b"A" * (limits.MAX_CELL_CHARS + 1) + b"</t></si>"]
    rows = [
        hf.inline_row(1, hf.VISIT_HEADER),
        hf.inline_row(2, hf.visit_row(1)),
        b'<row r="3"><c r="A3" t="s"><v>0</v></c><c r="L3" t="s"><v>0</v></c></row>',
        hf.inline_row(4, hf.visit_row(2)),
        hf.inline_row(5, hf.visit_row(3)),
    ]
    path = hf.write_xlsx(tmp_path / "front_office_visits.xlsx", rows, long_string)
    extracted = extract.read(path)
    assert extracted.frame["_line"].tolist() == [1, 3, 4]
    assert extracted.refused[["_line", "reason"]].values.tolist() == [[2, "field_too_long"]]
    outcome = _process("front_office_visits", path, OFFICES)
    _accounted(outcome)
    assert outcome.rows_in == 4 and outcome.rows_loaded == 3
    assert outcome.rejected["reason"].tolist() == ["field_too_long"]


def test_personal_columns_are_not_read_but_still_refuse_their_rows(tmp_path: Path) -> None:
    """process_file reads only the public columns' values; a personal cell over the limit
    still quarantines its row, as it does when every column is read."""
    rows = [hf.visit_row(i) for i in range(1, 5)]
    rows[1][-1] = "A" * (limits.MAX_CELL_CHARS + 1)  # the last column: personal
    rows[2][hf.VISIT_HEADER.index("visitor_iin")] = f"  {hf.PLANTED_IIN}  "
    path = tmp_path / "front_office_visits.csv"
    path.write_bytes(hf.csv_bytes(hf.VISIT_HEADER, rows))
    public = anonymise.public_names("front_office_visits")
    personal = [c for c in hf.VISIT_HEADER if c not in public]
    assert personal and hf.VISIT_HEADER[-1] in personal
    everything, only_public = extract.read(path), extract.read(path, needed=public)
    pd.testing.assert_frame_equal(everything.refused, only_public.refused)
    assert only_public.refused[["_line", "reason"]].values.tolist() == [[2, "field_too_long"]]
    # A column is read only to refuse a value over the limit (the last); the others not.
    assert only_public.frame[personal[:-1]].isna().all().all()
    assert everything.frame["visitor_iin"].tolist()[1] == hf.PLANTED_IIN  # trimmed
    pd.testing.assert_frame_equal(
        everything.frame[[*sorted(public & set(hf.VISIT_HEADER)), "_line"]],
        only_public.frame[[*sorted(public & set(hf.VISIT_HEADER)), "_line"]],
    )
    outcome = _process("front_office_visits", path, OFFICES)
    _accounted(outcome)
    assert outcome.rows_in == 4 and outcome.rows_loaded == 3
    assert outcome.rejected["reason"].tolist() == ["field_too_long"]


def test_shared_string_amplification_is_bounded_by_the_text_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_XLSX_TEXT_CHARS", 8 * limits.MiB)
    path = hf.shared_string_amplifier(tmp_path / "front_office_visits.xlsx", rows=2_000)
    _unreadable(_process("front_office_visits", path), "of cell text")


@pytest.mark.parametrize("empty", [True, False])
def test_xlsx_with_more_rows_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty: bool
) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 5_000)
    path = hf.many_rows_xlsx(tmp_path / "front_office_visits.xlsx", 20_000, empty=empty)
    _unreadable(_process("front_office_visits", path), "more than 5,000 rows")


def test_xlsx_sheet_over_the_decompressed_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_XLSX_SHEET_BYTES", 1 * limits.MiB)
    path = hf.many_rows_xlsx(tmp_path / "front_office_visits.xlsx", 100_000)
    assert path.stat().st_size < limits.MiB  # small on disk, large inflated
    _unreadable(_process("front_office_visits", path), "larger than 1 MiB decompressed")


@pytest.mark.parametrize(
    ("builder", "words"),
    [
        (hf.deep_xml_xlsx, f"XML nested deeper than {limits.MAX_XML_DEPTH} levels"),
        (hf.entity_xlsx, "document type declaration"),
    ],
)
def test_xml_tricks_in_a_workbook(tmp_path: Path, builder, words: str) -> None:  # type: ignore[no-untyped-def]
    path = builder(tmp_path / "front_office_visits.xlsx")
    _unreadable(_process("front_office_visits", path), words)


def test_too_many_zip_members_refused_from_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_XLSX_MEMBERS", 50)
    path = tmp_path / "front_office_visits.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(60):
            archive.writestr(f"junk/{i}.xml", b"<a/>")
    _unreadable(_process("front_office_visits", path), "more than 50 members")


def test_a_20000_column_csv_is_refused_from_its_header(tmp_path: Path) -> None:
    path = tmp_path / "front_office_visits.csv"
    path.write_bytes(hf.wide_csv(20_000, rows=5))
    _unreadable(_process("front_office_visits", path), f"more than {limits.MAX_COLUMNS} columns")


def test_a_line_longer_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 4096)
    path = tmp_path / "front_office_visits.csv"
    rows = [hf.visit_row(1), hf.visit_row(2)]
    rows[1][-1] = "x" * 5000
    path.write_bytes(hf.csv_bytes(hf.VISIT_HEADER, rows))
    _unreadable(_process("front_office_visits", path), "a line longer than")


def test_csv_row_limit_stops_the_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 1_000)
    path = tmp_path / "front_office_visits.csv"
    path.write_bytes(b"visit_id\n" + b"1\n" * 50_000)
    _unreadable(_process("front_office_visits", path), "more than 1,000 rows")


def test_a_file_over_the_size_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1 * limits.MiB)
    path = tmp_path / "front_office_visits.csv"
    path.write_bytes(hf.csv_bytes(hf.VISIT_HEADER, (hf.visit_row(i) for i in range(20_000))))
    outcome = _process("front_office_visits", path)
    _unreadable(outcome, "file larger than 1 MiB")
    assert outcome.rows_in == 1  # not even counted: reading it is what the limit prevents


def test_cp1251_lines_inside_a_utf8_registry_are_all_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The probe: 30 Windows-1251 lines in a UTF-8 facilities file rejected all 5,185 rows.
    Each line is now decoded on its own (UTF-8, else Windows-1251), so nothing is lost."""
    path = tmp_path / "facilities.csv"
    path.write_bytes(hf.mixed_encoding_facilities(5_185, 30))
    with caplog.at_level(logging.INFO, logger="etl"):
        outcome = _process("facilities", path)
    assert outcome.file_error is None
    assert outcome.rows_in == 5_185 and outcome.rows_loaded == 5_185
    names = set(outcome.clean["name_ru"])
    assert all(n.startswith("Офис номер ") for n in names)  # the cp1251 lines read right
    assert "30 line(s) not UTF-8 read as Windows-1251" in caplog.text


def test_undecodable_lines_are_quarantined_with_a_reason(tmp_path: Path) -> None:
    rows = [hf.visit_row(i) for i in range(1, 6)]
    body = hf.csv_bytes(hf.VISIT_HEADER, rows).split(b"\n")
    body[2] = body[2].replace(b"note 2", b"note \x98\x98")  # 0x98: not UTF-8, not cp1251
    body[4] = body[4].replace(b"note 4", b"no\x00te")  # a NUL byte: no text has one
    path = tmp_path / "front_office_visits.csv"
    path.write_bytes(b"\n".join(body))
    outcome = _process("front_office_visits", path, OFFICES)
    _accounted(outcome)
    assert outcome.rows_in == 5 and outcome.rows_loaded == 3
    assert sorted(outcome.rejected[["_line", "reason"]].values.tolist()) == [
        [2, "undecodable_line"],
        [4, "undecodable_line"],
    ]


def test_a_binary_header_is_still_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "front_office_visits.csv"
    path.write_bytes("visit_id;visited_at\n1;2\n".encode("utf-16"))
    _unreadable(_process("front_office_visits", path), "cannot decode the header line")


def test_an_unexpected_reader_error_costs_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(path: Path, needed: object = None) -> None:
        raise RuntimeError(f"boom {hf.PLANTED_IIN}")

    monkeypatch.setattr(extract, "read", broken)
    path = tmp_path / "front_office_visits.csv"
    path.write_bytes(b"visit_id\n1\n")
    with caplog.at_level(logging.INFO, logger="etl"):
        outcome = _process("front_office_visits", path)
    _unreadable(outcome, "unexpected error while reading (RuntimeError at")
    _no_planted_value(caplog.text + str(outcome.file_error))


# ------------------------------------------------------------------ memory


MEMORY_PROBE = r"""
import resource, sys
from datetime import date
from pathlib import Path
sys.path.insert(0, "tests")
import pandas as pd
import hostile_files as hf
from data.reference import regions_frame
from etl.files import process_file
folder = Path(sys.argv[1])
cases = {
    "front_office_visits.xlsx": lambda p: hf.shared_string_bomb(p),
    "camera_offenses.xlsx": lambda p: hf.shared_string_amplifier(p, rows=150_000),
    "targets.xlsx": lambda p: hf.deep_xml_xlsx(p, 5_000_000),
    "facilities.csv": lambda p: p.write_bytes(hf.wide_csv(20_000, rows=200)),
    "sos_activations.json": lambda p: p.write_bytes(hf.deep_json(100_000)),
}
paths = []
for name, build in cases.items():
    build(folder / name)
    paths.append(folder / name)
regions = regions_frame()[["iso_code", "kato_prefix"]]
empty = pd.DataFrame(columns=["type", "kato"])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
errors = []
for path in paths:
    outcome = process_file(path.stem, path, date(2024, 3, 5), facilities=empty,
                           regions=regions, quarantine_dir=None)
    errors.append(outcome.file_error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before, after)
print("\n".join(str(e) for e in errors))
"""


def test_bombs_stay_under_1_gib_of_memory(tmp_path: Path) -> None:
    """Peak RSS growth while reading the bombs (real limits), measured in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    before, after = (int(v) for v in lines[0].split())
    growth_kib = after - before  # ru_maxrss is in KiB on Linux
    assert growth_kib < 1024 * 1024, f"peak RSS grew by {growth_kib // 1024} MiB"
    assert all(e.startswith(UNREADABLE_FILE) for e in lines[1:]), lines[1:]


# ------------------------------------------------------------------ the landing


def test_discover_skips_what_is_not_a_night(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    land = tmp_path / "landing"
    land.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret-name-facilities.csv").write_text("x")
    today = date(2026, 12, 3)
    for name in [
        "2026-11-30",
        "2026-12-04",
        "2026-12-05",
        "2031-01-01",
        "2024-02-31",
        "not-a-night",
        ".hidden",
    ]:
        (land / name).mkdir()
    (land / "2026-12-01").symlink_to(outside, target_is_directory=True)
    (land / "2026-12-02").symlink_to("/etc", target_is_directory=True)
    (land / "2026-11-29").write_text("a file named like a night")
    with caplog.at_level(logging.INFO, logger="etl"):
        nights = landing.discover(land, today=today)
    # tomorrow (Asia/Almaty) is within the grace day; later dates are not
    assert [n.day.isoformat() for n in nights] == ["2026-11-30", "2026-12-04"]
    assert "2026-12-02 skipped: a symbolic link" in caplog.text
    assert "2031-01-01 skipped: dated in the future" in caplog.text
    assert "2024-02-31 skipped: not a real date" in caplog.text
    assert "not-a-night skipped: its name is not a date" in caplog.text
    assert "secret-name" not in caplog.text and "passwd" not in caplog.text


def test_discover_uses_kazakhstan_today_by_default(tmp_path: Path) -> None:
    land = tmp_path / "landing"
    far = landing.landing_today() + timedelta(days=2)
    (land / far.isoformat()).mkdir(parents=True)
    (land / landing.landing_today().isoformat()).mkdir()
    assert [n.day for n in landing.discover(land)] == [landing.landing_today()]


def test_symlinks_inside_a_night_are_never_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    night = tmp_path / "2024-03-05"
    night.mkdir()
    (night / "targets.csv").write_bytes(b"region,indicator\n")
    outside = tmp_path / "outside.csv"
    outside.write_bytes(hf.csv_bytes(hf.VISIT_HEADER, [hf.visit_row(1)]))
    (night / "front_office_visits.csv").symlink_to(outside)
    (night / "facilities.csv").symlink_to("/etc/passwd")
    before = landing.Night(NIGHT, night).fingerprint()
    with caplog.at_level(logging.INFO, logger="etl"):
        tables, unknown = extract.list_night_files(night)
    assert list(tables) == ["targets"]
    assert {p.name for p in unknown} == {"front_office_visits.csv", "facilities.csv"}
    assert "front_office_visits.csv refused: a symbolic link" in caplog.text
    # the link's target is not part of the night: changing it changes nothing
    outside.write_bytes(b"changed")
    assert landing.Night(NIGHT, night).fingerprint() == before
    # and a reader handed the link anyway refuses it
    with pytest.raises(extract.ExtractError, match="symbolic link"):
        extract.read_raw(night / "facilities.csv")


# ------------------------------------------------------------------ the fuzz corpus

PERSONAL_CELLS = st.sampled_from(hf.PLANTED)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
NASTY = st.sampled_from(
    [
        "",
        " ",
        '"',
        '""',
        "a,b",
        "a;b",
        "\t",
        "\r",
        "\n",
        "\x00",
        "\ufeff",
        "\ufffd",
        "Қош",
        "Добро",
        "0" * 20,
        "9" * 5000,
        "x" * 40_000,
        "2024-03-05T10:00:00",
        "FO-59-001",
        "walk_in",
        "_line",
        "nan",
        "null",
        "[]",
        "{}",
    ]
)
CELL = st.one_of(TEXT, NASTY, PERSONAL_CELLS)


@st.composite
def hostile_csv(draw: st.DrawFn) -> bytes:
    header = list(hf.VISIT_HEADER)
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    width = len(header)
    rows = draw(
        st.lists(st.lists(CELL, min_size=max(width - 2, 0), max_size=width + 2), max_size=8)
    )
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    quote = draw(st.booleans())

    def fmt(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if quote else value

    lines = [delimiter.join(header)] + [delimiter.join(fmt(v) for v in row) for row in rows]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines) + newline
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "mixed"]))
    if encoding == "mixed":
        data = b"".join(
            line.encode("cp1251", "replace") if i % 3 == 2 else line.encode()
            for i, line in enumerate(text.splitlines(keepends=True))
        )
    else:
        data = text.encode(encoding, "replace")
    cut = draw(st.one_of(st.none(), st.integers(0, max(len(data) - 1, 0))))
    return data if cut is None else data[:cut]


@st.composite
def hostile_json(draw: st.DrawFn) -> bytes:
    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), CELL)
    value = st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)
        ),
        max_leaves=10,
    )
    record = st.dictionaries(st.one_of(st.sampled_from(hf.VISIT_HEADER), TEXT), value, max_size=14)
    doc = draw(st.one_of(st.lists(record, max_size=6), value))
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    depth = draw(st.sampled_from([0, 0, 40, 3_000]))
    if depth:
        text = text.replace("[", "[" * depth + "[", 1).replace("]", "]" + "]" * depth, 1)
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251"])), "replace")
    cut = draw(st.one_of(st.none(), st.integers(0, max(len(data) - 1, 0))))
    return data if cut is None else data[:cut]


@st.composite
def hostile_xlsx(draw: st.DrawFn) -> bytes:
    import io

    rows = draw(st.lists(st.lists(CELL, max_size=14), max_size=6))
    xml_rows = [hf.inline_row(1, hf.VISIT_HEADER)] + [
        hf.inline_row(i + 2, [v.replace("\x00", "") for v in row]) for i, row in enumerate(rows)
    ]
    tmp = io.BytesIO()
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", hf._CONTENT_TYPES)
        archive.writestr("_rels/.rels", hf._ROOT_RELS)
        archive.writestr("xl/workbook.xml", hf._WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", hf._WORKBOOK_RELS)
        archive.writestr(
            "xl/worksheets/sheet1.xml", hf._SHEET_OPEN + b"".join(xml_rows) + hf._SHEET_CLOSE
        )
        archive.writestr("xl/sharedStrings.xml", b"<sst/>")
    data = bytearray(tmp.getvalue())
    mutation = draw(st.sampled_from(["none", "truncate", "flip"]))
    if mutation == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif mutation == "flip":
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def _fuzz_one(tmp_path: Path, name: str, data: bytes, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="etl"):
        try:
            extract.read_raw(path)
        except extract.ExtractError as exc:
            _no_planted_value(str(exc))
            assert "\n" not in str(exc)
        outcome = _process(path.stem, path, OFFICES, quarantine=tmp_path / "q")
    _accounted(outcome)
    _no_planted_value(caplog.text + str(outcome.file_error))
    assert "unexpected error" not in str(outcome.file_error)  # a reader bug, not a limit


@FUZZ
@given(data=hostile_csv())
def test_fuzz_csv(tmp_path: Path, caplog: pytest.LogCaptureFixture, data: bytes) -> None:
    _fuzz_one(tmp_path, "front_office_visits.csv", data, caplog)


@FUZZ
@given(data=hostile_json())
def test_fuzz_json(tmp_path: Path, caplog: pytest.LogCaptureFixture, data: bytes) -> None:
    _fuzz_one(tmp_path, "front_office_visits.json", data, caplog)


@FUZZ
@given(data=hostile_xlsx())
def test_fuzz_xlsx(tmp_path: Path, caplog: pytest.LogCaptureFixture, data: bytes) -> None:
    _fuzz_one(tmp_path, "front_office_visits.xlsx", data, caplog)


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".json", ".xlsx"]))
def test_fuzz_random_bytes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, data: bytes, suffix: str
) -> None:
    _fuzz_one(tmp_path, "front_office_visits" + suffix, data, caplog)


# ------------------------------------------------------------------ a whole run


@pytest.mark.slow
def test_a_night_with_hostile_files_and_stray_folders_still_publishes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The issue's failures together: a deep JSON, an xlsx bomb, a future folder, a night
    that is a symlink to /etc and links inside a night. Before: exit 1 and nothing published
    (or /etc file names in etl_files). Now: both real nights publish, the hostile files are
    unreadable_file, and no outside name or planted value is recorded or logged."""
    from sqlalchemy import create_engine, text

    from etl.demo import generate
    from etl.pipeline import run
    from tests.conftest import make_config

    land = tmp_path / "landing"
    generate(land, 2, seed=5, scale="small", end=date(2026, 10, 31))
    night = land / "2026-10-31"
    for old in night.iterdir():
        if old.stem.lower() in ("sos_activations", "camera_offenses"):
            old.unlink()
    (night / "sos_activations.json").write_bytes(hf.deep_json(1_800))
    hf.shared_string_bomb(night / "camera_offenses.xlsx")
    (night / "targets.csv").symlink_to("/etc/passwd")
    (land / "2031-01-01").mkdir()
    (land / "2026-10-29").symlink_to("/etc", target_is_directory=True)
    config = make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path)
    with caplog.at_level(logging.INFO, logger="etl"):
        report = run(config, land)
    assert report.publication_id is not None
    assert [d.isoformat() for d in report.nights] == ["2026-10-30", "2026-10-31"]
    engine = create_engine(config.database_url)
    with engine.connect() as conn:
        files = conn.execute(
            text(
                "select file_name, file_error, rows_in, rows_loaded, "
                "rows_quarantined from etl_files"
            )
        ).all()
    engine.dispose()
    errors = {name: error for name, error, *_ in files}
    assert errors["sos_activations.json"].startswith(UNREADABLE_FILE)
    assert errors["camera_offenses.xlsx"].startswith(UNREADABLE_FILE)
    assert "targets.csv" in errors  # the link is reported, its target never read
    etc = {p.name for p in Path("/etc").iterdir()}
    assert not (set(errors) & etc), "a name from /etc was recorded"
    assert all(rows_in == loaded + quarantined for _, _, rows_in, loaded, quarantined in files)
    assert sum(loaded for *_, loaded, _ in files) > 0  # the other files were published
    _no_planted_value(caplog.text)
