"""The worksheet's usual rows read by regex (etl.xlsx_rows) read exactly as expat reads them.

Every generated worksheet mixes rows of the usual shape with rows and documents the fast
reader must hand to expat (entities, CDATA, comments, carriage returns, prefixed names, other
encodings, a "<sheetData>" in a comment...), read in blocks of random sizes and under shrunk
limits; the result, or the error, must be the same as expat's alone.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import etl.xlsx as xlsx
from etl import limits, xlsx_xml
from etl.xlsx import XlsxError, read_first_sheet
from etl.xlsx_rows import parse_sheet
from etl.xlsx_sheet import SheetReader

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "_rels/.rels": f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
    f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
    '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC}/styles" Target="styles.xml"/></Relationships>',
    "xl/sharedStrings.xml": f'<sst xmlns="{_MAIN}"><si><t>shared</t></si>'
    "<si><t> spaced </t></si><si><t>Қазақ</t></si></sst>",
    # style 1 is a date format, so a number in it becomes a datetime
    "xl/styles.xml": f'<styleSheet xmlns="{_MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
    '<xf numFmtId="14"/></cellXfs></styleSheet>',
}

# Most cells are of the usual shape, so that the fast reader reads most rows and meets the odd
# one somewhere: a row's odd cell hands it and the rest to expat.
_PLAIN = st.lists(st.sampled_from([*"ab Z09.-+:TЖқ€\t\n>", "\u00a0", "Р°"]), max_size=8)
_SPECIAL = st.lists(
    # "Р°" in cp1251 is valid UTF-8 ("а"); "]]>" is the one ">" XML refuses in text
    st.sampled_from(["\r", "&amp;", "&#65;", "&lt;", "]]", ">", "\ufffe", "a"]),
    min_size=1,
    max_size=4,
)
_TEXT = st.one_of(*[_PLAIN] * 39, _SPECIAL).map("".join)
_NUMBER = st.sampled_from(
    ["0", "7", "007", "1.5", "1e3", "-2", "45000.25", "2", "1"] * 3 + ["", "x"]
)
_SHARED = st.sampled_from(["0", "1", "2"] * 20 + ["7", "x"])  # the workbook has three


@st.composite
def _cell(draw: st.DrawFn, row: int) -> str:
    ref = draw(st.sampled_from(["A", "B", "C", "AA", "D"] * 30 + ["", "a", "$B$", "A0"]))
    attrs = f' r="{ref}{row}"' if ref and ref != "A0" else (' r="A"' if ref == "A0" else "")
    style = draw(st.sampled_from(["", ' s="1"', ' s="0"', ' s="9"']))
    kind = draw(st.sampled_from(["", "inlineStr", "n", "s", "b", "str"]))
    shape = draw(st.sampled_from(["v", "is"] * 8 + ["space", "empty", "self", "rich", "odd"]))
    text = draw(_TEXT)
    if shape == "v":
        value = {"": _NUMBER, "n": _NUMBER, "s": _SHARED}.get(kind)
        inner = f"<v>{draw(value) if value is not None else text}</v>"
    elif shape == "is":
        inner = f"<is><t>{text}</t></is>"
    elif shape == "space":
        inner = f'<is><t xml:space="preserve">{text}</t></is>'
    elif shape == "rich":
        inner = f"<is><r><t>{text}</t></r><rPh><t>x</t></rPh></is>"
    elif shape == "odd":
        inner = draw(st.sampled_from(["<v><![CDATA[1]]></v>", "<!-- c --><v>1</v>", " <v>1</v>"]))
    else:
        inner = ""
    kind = f' t="{kind}"' if kind else ""
    if shape == "self":
        return f"<c{attrs}{style}{kind}/>"
    return f"<c{attrs}{style}{kind}>{inner}</c>"


@st.composite
def _row(draw: st.DrawFn, number: int) -> str:
    cells = "".join(draw(st.lists(_cell(number), min_size=1, max_size=6)))
    tag = draw(
        st.sampled_from(
            [f'<row r="{number}">'] * 16
            + [f'<row r="{number}" spans="1:4">', "<row>", f'<row r="{number}" x="1">']
        )
    )
    end = draw(st.sampled_from(["</row>"] * 16 + ["</row>\n", " </row>"]))
    if draw(st.sampled_from([False] * 30 + [True])):
        return f'<row r="{number}"/>'
    return tag + cells + end


@st.composite
def _worksheet(draw: st.DrawFn) -> bytes:
    rows = [
        draw(_row(number))
        for number in draw(
            st.lists(st.integers(1, 30), min_size=2, max_size=30).map(lambda ns: [1, *sorted(ns)])
        )
    ]
    start = draw(
        st.sampled_from(
            [
                "",
                "",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
                "<?xml version='1.0' encoding='utf-8'?>",
                '<?xml version="1.0"?>',
                '<?xml version="1.0" encoding="windows-1251"?>',
                "\ufeff",
            ]
        )
    )
    before = draw(
        st.sampled_from(
            [
                "",
                "",
                "",
                "<sheetViews/>",
                "<!-- <sheetData> -->",
                '<!-- <sheetData><row r="1"><c r="A1"><v>1</v></c></row> -->',
            ]
        )
    )
    data = draw(st.sampled_from(["sheetData"] * 5 + ["x:sheetData"]))
    xmlns = f' xmlns:x="{_MAIN}"' if data.startswith("x:") else ""
    body = "".join(rows)
    text = f'{start}<worksheet xmlns="{_MAIN}"{xmlns}>{before}<{data}>{body}</{data}></worksheet>'
    return text.encode("cp1251", "replace") if "1251" in start else text.encode("utf-8")


def _workbook(sheet: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def _read(path: Path) -> object:
    """Everything the reader hands on, or its error."""
    try:
        sheet = read_first_sheet(path)
    except XlsxError as exc:
        return f"XlsxError: {exc}"
    columns = [sheet.rows.column(i).to_pylist() for i in range(sheet.rows.width)]
    return sheet.header, columns, list(sheet.rows.lines), sheet.too_long


def _both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = _read(path)
    monkeypatch.setattr(xlsx, "parse_sheet", xlsx_xml.parse_xml)
    slow = _read(path)
    monkeypatch.setattr(xlsx, "parse_sheet", parse_sheet)
    return fast, slow


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sheet=_worksheet(),
    block=st.sampled_from([1, 3, 7, 16, 64, 1 << 16]),
    cell_chars=st.sampled_from([limits.MAX_CELL_CHARS, 3]),
    columns=st.sampled_from([limits.MAX_COLUMNS, 2]),
    rows=st.sampled_from([limits.MAX_ROWS, 4]),
    text_chars=st.sampled_from([limits.MAX_XLSX_TEXT_CHARS, 12]),
)
def test_a_worksheet_reads_as_expat_alone_reads_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sheet: bytes,
    block: int,
    cell_chars: int,
    columns: int,
    rows: int,
    text_chars: int,
) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(_workbook(sheet))
    with monkeypatch.context() as patch:
        patch.setattr(xlsx_xml, "READ_BLOCK", block)
        patch.setattr(limits, "MAX_CELL_CHARS", cell_chars)
        patch.setattr(limits, "MAX_COLUMNS", columns)
        patch.setattr(limits, "MAX_ROWS", rows)
        patch.setattr(limits, "MAX_XLSX_TEXT_CHARS", text_chars)
        fast, slow = _both_ways(path, patch)
    assert fast == slow


@pytest.mark.parametrize("block", [5, 1 << 16])
def test_usual_rows_skip_the_expat_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """The point of the fast reader: an ordinary workbook's rows never become expat events
    (only the few elements around sheetData do), and it reads the same."""
    cells = '<c r="A{n}" t="inlineStr"><is><t>V{n}</t></is></c><c r="B{n}" t="n"><v>{n}</v></c>'
    rows = "".join(f'<row r="{n}">{cells.format(n=n)}</row>' for n in range(1, 200))
    sheet = f'<worksheet xmlns="{_MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    path = tmp_path / "w.xlsx"
    path.write_bytes(_workbook(sheet.encode()))
    events = []
    seen = SheetReader.on_start
    monkeypatch.setattr(
        SheetReader,
        "on_start",
        lambda self, name, attrs: (events.append(name), seen(self, name, attrs)),
    )
    monkeypatch.setattr(xlsx_xml, "READ_BLOCK", block)
    fast = _read(path)
    assert len(events) == 2  # worksheet, sheetData
    events.clear()
    monkeypatch.setattr(xlsx, "parse_sheet", xlsx_xml.parse_xml)
    assert _read(path) == fast
    assert len(events) > 199 * 5
    assert fast[1][1][:3] == ["2", "3", "4"]  # type: ignore[index]


_ROW_OF = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{text}</t></is></c></row>'


_HIDDEN = '<!-- <sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData> -->'


@pytest.mark.parametrize(
    ("declaration", "before", "text", "encoding"),
    [
        ('<?xml version="1.0" encoding="windows-1251"?>', "", "Р°", "cp1251"),  # valid UTF-8 too
        ("", "", "a]]>b", "utf-8"),  # the one ">" XML refuses in text
        ("", "", "a&amp;b&#1046;", "utf-8"),
        ("", "", "a\r\nb", "utf-8"),
        ("", "", "a\ufffeb", "utf-8"),
        ("", "", "a\x01b", "utf-8"),
        ("", _HIDDEN, "a", "utf-8"),  # rows in a comment are no rows
    ],
)
@pytest.mark.parametrize("block", [1, 7, 1 << 16])
def test_rows_the_fast_reader_must_leave_to_expat(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    declaration: str,
    before: str,
    text: str,
    encoding: str,
    block: int,
) -> None:
    rows = _ROW_OF.format(n=1, text="head") + _ROW_OF.format(n=2, text=text)
    sheet = (
        f'{declaration}<worksheet xmlns="{_MAIN}">{before}<sheetData>{rows}</sheetData></worksheet>'
    )
    path = tmp_path / "w.xlsx"
    path.write_bytes(_workbook(sheet.encode(encoding)))
    monkeypatch.setattr(xlsx_xml, "READ_BLOCK", block)
    fast, slow = _both_ways(path, monkeypatch)
    assert fast == slow
    if not isinstance(fast, str):  # read, not refused: the header is the real first row
        assert fast[0] == ["head"]  # type: ignore[index]
