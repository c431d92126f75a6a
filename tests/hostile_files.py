"""Hostile landing files, built in code: the probes of issue 9 and the fuzz corpus's pieces.

Shared by tests/test_hostile_input.py and bench/hostile_probe.py (which builds the probes at
their full, measured size; the tests use sizes that still cross every limit but build fast).
Every personal column carries a planted value (PLANTED) that must never reach a log line.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

PLANTED_IIN = "870412300458"  # 12 digits like an IIN; planted in personal columns only
PLANTED_PHONE = "+77015550199"
PLANTED_NAME = "Zhanibekova Planted"
PLANTED = (PLANTED_IIN, PLANTED_PHONE, PLANTED_NAME)

VISIT_HEADER = [
    "visit_id",
    "visited_at",
    "office_id",
    "channel",
    "topic",
    "outcome",
    "wait_minutes",
    "satisfaction",
    "visitor_iin",
    "visitor_name",
    "visitor_phone",
    "comment",
]
FACILITY_HEADER = [
    "facility_id",
    "type",
    "kato",
    "name_kk",
    "name_ru",
    "address_ru",
    "lat",
    "lon",
    "status",
    "opened_on",
    "hours",
    "phone",
]


def visit_row(i: int, night: str = "2024-03-05") -> list[str]:
    return [
        f"V-{i:07d}",
        f"{night}T10:{i % 60:02d}:00",
        "FO-59-001",
        "walk_in",
        "consultation",
        "resolved",
        str(i % 30),
        str(1 + i % 5),
        PLANTED_IIN,
        PLANTED_NAME,
        PLANTED_PHONE,
        f"note {i}",
    ]


def facility_row(i: int) -> list[str]:
    return [
        f"FO-59-{i:04d}",
        "front_office",
        "591010000",
        f"Кеңсе {i}",
        f"Офис номер {i}",
        f"улица Абая {i}",
        "54.87",
        "69.15",
        "operating",
        "2020-01-01",
        "09:00-18:00",
        "+77152000000",
    ]


# --------------------------------------------------------------------- CSV / JSON


def csv_bytes(header: list[str], rows: Iterable[list[str]], encoding: str = "utf-8") -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def mixed_encoding_facilities(rows: int = 5_185, cp1251_rows: int = 30) -> bytes:
    """A UTF-8 facility registry with some Windows-1251 lines spread through it (probe)."""
    step = max(rows // max(cp1251_rows, 1), 1)
    lines = [",".join(FACILITY_HEADER).encode()]
    for i in range(1, rows + 1):
        line = ",".join(facility_row(i))
        odd = i % step == 0 and i // step <= cp1251_rows
        lines.append(line.replace("Кеңсе", "Офис").encode("cp1251" if odd else "utf-8"))
    return b"\n".join(lines) + b"\n"


def wide_csv(columns: int = 20_000, rows: int = 50) -> bytes:
    """The 20,000-column file (probe): the contract's columns, then thousands more."""
    header = VISIT_HEADER + [f"extra_{i}" for i in range(columns - len(VISIT_HEADER))]
    body = (visit_row(i) + ["x"] * (columns - len(VISIT_HEADER)) for i in range(1, rows + 1))
    return csv_bytes(header, body)


def deep_json(depth: int = 1_800, top_level: bool = False) -> bytes:
    """SOS activations with one value nested ``depth`` levels (probe), or a bare deep array."""
    nested = "[" * depth + "]" * depth
    if top_level:
        return nested.encode()
    record = {
        "event_id": "E-1",
        "activated_at": "2024-03-05T10:00:00",
        "button_id": "SOS-59-001",
        "category": "test",
        "answered_after_s": 5,
        "outcome": "no_action",
        "operator_id": PLANTED_IIN,
    }
    text = json.dumps([record, record | {"event_id": "E-2"}])
    return text.replace('"operator_id"', f'"notes": {nested}, "operator_id"', 1).encode()


# --------------------------------------------------------------------------- XLSX

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'sharedStrings+xml"/>'
    b"</Types>"
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'sharedStrings" Target="sharedStrings.xml"/>'
    b"</Relationships>"
)
_SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
_SHEET_CLOSE = b"</sheetData></worksheet>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def inline_row(number: int, values: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{_column(i)}{number}" t="inlineStr"><is><t>{_escape(v)}</t></is></c>'
        for i, v in enumerate(values, start=1)
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def write_xlsx(
    path: Path, rows: Iterable[bytes], shared: Iterable[bytes] | None = None, level: int = 9
) -> Path:
    """A minimal workbook; the sheet's rows and the shared strings' XML are streamed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        _stream(archive, "xl/worksheets/sheet1.xml", _chain([_SHEET_OPEN], rows, [_SHEET_CLOSE]))
        _stream(
            archive,
            "xl/sharedStrings.xml",
            _chain(
                [b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'],
                shared or [],
                [b"</sst>"],
            ),
        )
    return path


def _chain(*parts: Iterable[bytes]) -> Iterator[bytes]:
    for part in parts:
        yield from part


def _stream(archive: zipfile.ZipFile, name: str, blocks: Iterable[bytes]) -> None:
    buffer: list[bytes] = []
    size = 0
    with archive.open(name, "w", force_zip64=True) as member:
        for block in blocks:
            buffer.append(block)
            size += len(block)
            if size > 1 << 20:
                member.write(b"".join(buffer))
                buffer, size = [], 0
        member.write(b"".join(buffer))


def visits_xlsx(path: Path, rows: int = 20) -> Path:
    """An ordinary, valid workbook of visits (the control case)."""
    return write_xlsx(
        path,
        [inline_row(1, VISIT_HEADER)]
        + [inline_row(i + 1, visit_row(i)) for i in range(1, rows + 1)],
    )


def shared_string_bomb(path: Path, string_chars: int = 60_000_000, cells: int = 70) -> Path:
    """Every cell points at one huge shared string (probe: 54 KB on disk, > 4 GB in RSS)."""

    def strings() -> Iterator[bytes]:
        yield b"<si><t>"
        for _ in range(string_chars // 1_000_000):
            yield b"A" * 1_000_000
        yield b"</t></si>"

    rows = [inline_row(1, VISIT_HEADER)] + [
        f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="J{r}" t="s"><v>0</v></c></row>'.encode()
        for r in range(2, cells // 2 + 2)
    ]
    return write_xlsx(path, rows, strings())


def shared_string_amplifier(
    path: Path, rows: int = 200_000, columns: int = 12, string_chars: int = 30_000
) -> Path:
    """A shared string just under the cell limit, referenced by every cell of many rows."""

    def sheet() -> Iterator[bytes]:
        yield inline_row(1, VISIT_HEADER)
        cells = "".join('<c t="s"><v>0</v></c>' for _ in range(columns))
        for r in range(2, rows + 2):
            yield f'<row r="{r}">{cells}</row>'.encode()

    return write_xlsx(path, sheet(), [b"<si><t>" + b"B" * string_chars + b"</t></si>"])


def many_rows_xlsx(path: Path, rows: int = 20_000_000, empty: bool = False) -> Path:
    """Millions of rows in a few MB (probe: 20 M rows in 2.9 MB)."""

    def sheet() -> Iterator[bytes]:
        yield inline_row(1, VISIT_HEADER)
        for r in range(2, rows + 2):
            yield b"<row/>" if empty else f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'.encode()

    return write_xlsx(path, sheet())


def deep_xml_xlsx(path: Path, depth: int = 2_000_000) -> Path:
    """Unknown elements nested deeply inside the sheet data (expat would keep every level)."""
    return write_xlsx(
        path, _chain([inline_row(1, VISIT_HEADER)], [b"<x>" * depth], [b"</x>" * depth])
    )


def entity_xlsx(path: Path) -> Path:
    """A 'billion laughs' document type declaration in the sheet."""
    dtd = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            dtd
            + _SHEET_OPEN[38:]
            + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row>'
            + _SHEET_CLOSE,
        )
        archive.writestr("xl/sharedStrings.xml", b"<sst/>")
    return path
