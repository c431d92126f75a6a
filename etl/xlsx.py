"""A bounded, streaming reader for the first worksheet of an .xlsx workbook.

Why not openpyxl's reader: an .xlsx is a zip of XML, and openpyxl trusts both. A 54 KB file
whose cells all point at one huge shared string grew to more than 4 GB; 20 million empty rows
in 2.9 MB ran for minutes; elements it does not know are kept in memory until the sheet ends.
This reader parses the few members it needs with expat, event by event, keeping only the row
being read, and checks etl/limits.py before and while reading: zip index size and member
count, declared decompressed sizes, XML depth and token length (no DTD, so no entity
expansion), rows, columns, one cell's length and all cell text together.

Values come out as openpyxl would give them (``data_only``): shared and inline strings,
numbers as int or float, numbers in a date format as datetimes (the workbook's 1900 or 1904
calendar), booleans, formula results; each rendered as a string, since extract does no type
inference. openpyxl's format tables and date conversion are reused for that.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from etl import limits
from etl.landing import RefusedFile, open_regular
from etl.rowbuffer import RowBuffer

READ_BLOCK = 1 << 16
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
TOO_LONG = object()  # stands for a shared string longer than a cell may be


class XlsxError(Exception):
    """The workbook cannot be read; the message names a limit or a defect, never a value."""


@dataclass
class Sheet:
    """What the reader hands back: the header row, the data rows (by sheet row number), and
    the row numbers of rows refused because a cell is longer than a cell may be."""

    header: list[str | None]
    rows: RowBuffer = field(default_factory=RowBuffer)
    too_long: list[int] = field(default_factory=list)


def read_first_sheet(path: os.PathLike[str] | str) -> Sheet:
    try:
        handle = open_regular(path, limits.MAX_FILE_BYTES)
    except RefusedFile as exc:
        raise XlsxError(str(exc)) from None
    with handle:
        _check_zip_index(handle)
        try:
            with zipfile.ZipFile(handle) as archive:
                return _Workbook(archive).first_sheet()
        except XlsxError:
            raise
        except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError,
                OSError, KeyError, ValueError, IndexError, struct.error, OverflowError):
            # encrypted members, unknown compression, bad CRC, truncated data...
            raise XlsxError("not a readable xlsx workbook") from None


def _check_zip_index(handle: IO[bytes]) -> None:
    """Refuse a zip whose central directory is too big before zipfile parses all of it."""
    size = handle.seek(0, os.SEEK_END)
    tail_size = min(size, _EOCD_SIZE + 0xFFFF)  # the record, then at most a 64 KiB comment
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    handle.seek(0)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        raise XlsxError("not a readable xlsx workbook")
    # end of central directory: signature, disk numbers, entries here, entries, size, offset
    entries, cd_size = struct.unpack("<HL", tail[at + 10: at + 16])
    if entries > limits.MAX_XLSX_MEMBERS or entries == 0xFFFF:
        raise XlsxError(f"more than {limits.MAX_XLSX_MEMBERS} members in the zip")
    if cd_size > limits.MAX_XLSX_CENTRAL_DIRECTORY_BYTES:
        raise XlsxError("zip index larger than "
                        f"{limits.MAX_XLSX_CENTRAL_DIRECTORY_BYTES // limits.MiB} MiB")


# ------------------------------------------------------------------ the workbook


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        members = archive.infolist()
        if len(members) > limits.MAX_XLSX_MEMBERS:
            raise XlsxError(f"more than {limits.MAX_XLSX_MEMBERS} members in the zip")
        # zipfile never inflates a member past its declared size (it stops, then fails the
        # CRC), so the declared sizes bound what is read.
        total = sum(m.file_size for m in members)
        if total > limits.MAX_XLSX_TOTAL_BYTES:
            raise XlsxError("members larger than "
                            f"{limits.MAX_XLSX_TOTAL_BYTES // limits.MiB} MiB decompressed")
        self.members = {m.filename.lstrip("/"): m for m in members}

    def first_sheet(self) -> Sheet:
        book = self._office_document()
        rels = self._relationships(book)
        sheet_rid, date1904 = self._first_sheet_id(book)
        if sheet_rid is None or sheet_rid not in rels:
            raise XlsxError("no header row")  # a workbook without a worksheet
        strings_path = next((t for kind, t in rels.values() if kind == "sharedStrings"), None)
        styles_path = next((t for kind, t in rels.values() if kind == "styles"), None)
        strings = self._shared_strings(strings_path) if strings_path else []
        dates, durations = self._date_styles(styles_path) if styles_path else (set(), set())
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        reader = _SheetReader(strings, dates, durations, epoch)
        self._parse(rels[sheet_rid][1], limits.MAX_XLSX_SHEET_BYTES, reader, "the worksheet")
        return reader.finish()

    # -- members

    def _parse(self, name: str, limit: int, handler: _Handler,
               role: str = "a workbook part") -> None:
        info = self.members.get(name)
        if info is None:
            raise XlsxError("not a readable xlsx workbook")
        if info.file_size > limit:
            # named by role: member names are chosen by whoever wrote the file
            raise XlsxError(f"{role} larger than {limit // limits.MiB} MiB decompressed")
        _parse_xml(self.archive, info, handler)

    def _office_document(self) -> str:
        rels = _Rels("")
        if "_rels/.rels" in self.members:
            self._parse("_rels/.rels", limits.MAX_XLSX_OTHER_MEMBER_BYTES, rels)
        book = next((t for kind, t in rels.found.values() if kind == "officeDocument"), None)
        return book or "xl/workbook.xml"

    def _relationships(self, book: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(book)
        rels_path = posixpath.join(folder, "_rels", name + ".rels")
        rels = _Rels(folder)
        if rels_path in self.members:
            self._parse(rels_path, limits.MAX_XLSX_OTHER_MEMBER_BYTES, rels)
        return rels.found

    def _first_sheet_id(self, book: str) -> tuple[str | None, bool]:
        handler = _BookReader()
        self._parse(book, limits.MAX_XLSX_OTHER_MEMBER_BYTES, handler)
        return handler.first_sheet, handler.date1904

    def _shared_strings(self, name: str) -> list[Any]:
        handler = _StringsReader()
        self._parse(name, limits.MAX_XLSX_SHARED_STRINGS_BYTES, handler, "the shared strings")
        return handler.strings

    def _date_styles(self, name: str) -> tuple[set[int], set[int]]:
        handler = _StylesReader()
        self._parse(name, limits.MAX_XLSX_OTHER_MEMBER_BYTES, handler)
        dates, durations = set(), set()
        for index, fmt_id in enumerate(handler.xf_formats):
            code = handler.custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "General"))
            if is_date_format(code):
                dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
        return dates, durations


# ------------------------------------------------------------------ XML events


class _Handler:
    """Receives local element names (prefix dropped) and attributes, depth-checked."""

    def __init__(self) -> None:
        self.depth = 0
        self.names: dict[str, str] = {}

    def local(self, name: str) -> str:
        local = self.names.get(name)
        if local is None:
            local = self.names[name] = name.rpartition(":")[2]
        return local

    def on_start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > limits.MAX_XML_DEPTH:
            raise XlsxError(f"XML nested deeper than {limits.MAX_XML_DEPTH} levels")
        self.start(self.local(name), attrs)

    def on_end(self, name: str) -> None:
        self.depth -= 1
        self.end(self.local(name))

    def start(self, name: str, attrs: dict[str, str]) -> None:
        pass

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def _refuse_dtd(*_: object) -> None:
    raise XlsxError("XML with a document type declaration (entities are not accepted)")


def _parse_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, handler: _Handler) -> None:
    # No namespace processing: OOXML's names are matched by local name, prefix dropped.
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = handler.on_start
    parser.EndElementHandler = handler.on_end
    parser.CharacterDataHandler = handler.text
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    gap = 0  # bytes since the last '>': a tag or a text run, which expat holds whole
    read = 0
    try:
        with archive.open(info) as member:
            while block := member.read(READ_BLOCK):
                read += len(block)
                if read > info.file_size:  # cannot happen with zipfile; cheap to be sure
                    raise XlsxError("member larger than declared")
                last = block.rfind(b">")
                gap = gap + len(block) if last < 0 else len(block) - last - 1
                first = block.find(b">")
                if gap > limits.MAX_XML_TOKEN_BYTES or (
                        first >= 0 and gap + first > limits.MAX_XML_TOKEN_BYTES):
                    raise XlsxError("XML token longer than "
                                    f"{limits.MAX_XML_TOKEN_BYTES // limits.MiB} MiB")
                parser.Parse(block, False)
            parser.Parse(b"", True)
    except expat.ExpatError:
        raise XlsxError("malformed XML in the workbook") from None


class _Rels(_Handler):
    """A relationships part: id -> (kind, member path)."""

    def __init__(self, folder: str) -> None:
        super().__init__()
        self.folder = folder
        self.found: dict[str, tuple[str, str]] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name != "Relationship" or attrs.get("TargetMode") == "External":
            return
        target, rid = attrs.get("Target", ""), attrs.get("Id", "")
        kind = attrs.get("Type", "").rpartition("/")[2]
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(self.folder, target))
        self.found[rid] = (kind, path)


class _BookReader(_Handler):
    def __init__(self) -> None:
        super().__init__()
        self.first_sheet: str | None = None
        self.date1904 = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")
        elif name == "sheet" and self.first_sheet is None:
            # the relationship id is the only namespaced "id" attribute of <sheet>
            self.first_sheet = next((v for k, v in attrs.items() if k.endswith(":id")), None)


class _StylesReader(_Handler):
    def __init__(self) -> None:
        super().__init__()
        self.custom: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self._in_cell_xfs = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "numFmt":
            with contextlib.suppress(ValueError):  # a malformed id: the format is ignored
                self.custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            self._in_cell_xfs = True
        elif name == "xf" and self._in_cell_xfs:
            try:
                self.xf_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                self.xf_formats.append(0)

    def end(self, name: str) -> None:
        if name == "cellXfs":
            self._in_cell_xfs = False


class _Text:
    """Text of one element, collected up to MAX_CELL_CHARS, then only counted."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def add(self, data: str) -> None:
        self.size += len(data)
        if self.size <= limits.MAX_CELL_CHARS:
            self.parts.append(data)

    def value(self) -> Any:
        return TOO_LONG if self.size > limits.MAX_CELL_CHARS else "".join(self.parts)


class _StringsReader(_Handler):
    """sharedStrings: each <si> is the text of its <t> elements, phonetic runs left out."""

    def __init__(self) -> None:
        super().__init__()
        self.strings: list[Any] = []
        self._text: _Text | None = None
        self._in_t = False
        self._in_phonetic = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "si":
            self._text = _Text()
        elif name == "rPh":
            self._in_phonetic = True
        elif name == "t" and self._text is not None and not self._in_phonetic:
            self._in_t = True

    def end(self, name: str) -> None:
        if name == "t":
            self._in_t = False
        elif name == "rPh":
            self._in_phonetic = False
        elif name == "si" and self._text is not None:
            self.strings.append(self._text.value())
            self._text = None

    def text(self, data: str) -> None:
        if self._in_t and self._text is not None:
            self._text.add(data)


class _SheetReader(_Handler):
    """The worksheet, row by row; only the current row is held, the rest goes to ``Sheet``.

    This is the hot loop (a handful of events per cell), hence the inlined bookkeeping.
    """

    def __init__(self, strings: list[Any], dates: set[int], durations: set[int],
                 epoch: Any) -> None:
        super().__init__()
        self.strings, self.dates, self.durations, self.epoch = strings, dates, durations, epoch
        self.sheet = Sheet(header=[])
        self.header_seen = False
        self.text_chars = 0
        self.row_number = 0
        self.row: dict[int, str | None] = {}
        self.row_too_long = False
        self.column = 0
        self.cell_type = "n"
        self.cell_style = 0
        self.collecting = False  # inside <v>, or inside <t> of an inline string
        self.in_inline = False
        self.in_phonetic = False
        self.parts: list[str] = []
        self.size = 0
        self.in_sheet_data = False

    def on_start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > limits.MAX_XML_DEPTH:
            raise XlsxError(f"XML nested deeper than {limits.MAX_XML_DEPTH} levels")
        name = self.names.get(name) or self.local(name)
        if not self.in_sheet_data:
            self.in_sheet_data = name == "sheetData"
        elif name == "c":
            self._start_cell(attrs)
        elif name == "v":
            self.collecting = True
        elif name == "row":
            self._start_row(attrs.get("r"))
        elif name == "is":
            self.in_inline = True
        elif name == "rPh":
            self.in_phonetic = True
        elif name == "t" and self.in_inline and not self.in_phonetic:
            self.collecting = True

    def text(self, data: str) -> None:
        if self.collecting:
            self.size += len(data)
            if self.size <= limits.MAX_CELL_CHARS:
                self.parts.append(data)

    def on_end(self, name: str) -> None:
        self.depth -= 1
        if not self.in_sheet_data:
            return
        name = self.names.get(name) or self.local(name)
        if name == "v" or name == "t":
            self.collecting = False
        elif name == "c":
            self._end_cell()
        elif name == "row":
            self._end_row()
        elif name == "is":
            self.in_inline = False
        elif name == "rPh":
            self.in_phonetic = False
        elif name == "sheetData":
            self.in_sheet_data = False

    # -- rows and cells

    def _start_row(self, r: str | None) -> None:
        number = self.row_number + 1
        if r is not None:
            try:
                number = max(int(r), number)  # out of order or repeated: keep lines unique
            except ValueError:
                raise XlsxError("malformed row number") from None
        if number > limits.MAX_ROWS + 1:
            raise XlsxError(f"more than {limits.MAX_ROWS:,} rows")
        self.row_number, self.row, self.row_too_long, self.column = number, {}, False, 0

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref:
            match = _CELL_REF.match(ref)
            if match is None:
                raise XlsxError("malformed cell reference")
            self.column = _column_index(match.group(1))
        else:
            self.column += 1
        if self.column > limits.MAX_COLUMNS:
            raise XlsxError(f"more than {limits.MAX_COLUMNS} columns")
        self.cell_type = attrs.get("t", "n")
        style = attrs.get("s")
        self.cell_style = int(style) if style and style.isdigit() else 0
        self.parts, self.size = [], 0
        self.collecting = self.in_inline = False

    def _end_cell(self) -> None:
        self.collecting = self.in_inline = False
        if self.size > limits.MAX_CELL_CHARS:
            self.row_too_long = True
            return
        value = self._render("".join(self.parts))
        if value is TOO_LONG:
            self.row_too_long = True
            return
        if value is not None:
            self.text_chars += len(value)
            if self.text_chars > limits.MAX_XLSX_TEXT_CHARS:
                raise XlsxError("more than "
                                f"{limits.MAX_XLSX_TEXT_CHARS // limits.MiB} Mi characters "
                                "of cell text")
            self.row[self.column] = value

    def _render(self, raw: str) -> Any:
        """The cell as openpyxl's data_only reader would give it, as a trimmed string."""
        kind = self.cell_type
        if not raw:
            return None
        if kind == "s":
            try:
                value = self.strings[int(raw)]
            except (ValueError, IndexError):
                raise XlsxError("shared string index out of range") from None
            if value is TOO_LONG:
                return TOO_LONG
        elif kind == "b":
            value = str(raw.strip() not in ("0", "false", ""))
        elif kind == "d":
            value = from_ISO8601(raw)
        elif kind in ("str", "e", "inlineStr"):
            value = raw
        else:
            value = self._number(raw)
        if value is None:
            return None
        text = str(value).strip()
        return text or None

    def _number(self, raw: str) -> Any:
        text = raw.strip()
        if len(text) > 64:  # no real number is that long; int() of 4,300+ digits refuses anyway
            raise XlsxError("malformed number in a cell")
        try:
            number: int | float = int(text) if text.isdigit() else (
                float(text) if "." in text or "e" in text or "E" in text else int(text))
        except ValueError:
            raise XlsxError("malformed number in a cell") from None
        if self.cell_style in self.dates:
            try:
                return from_excel(number, self.epoch,
                                  timedelta=self.cell_style in self.durations)
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl: a date out of range is an error value
        return number

    def _end_row(self) -> None:
        cells = self.row
        if not self.header_seen:
            self.header_seen = True
            if self.row_number != 1:
                raise XlsxError("no header row")
            self.sheet.header = _as_list(cells)
            return
        if self.row_too_long:
            self.sheet.too_long.append(self.row_number)
        elif cells:
            self.sheet.rows.add(self.row_number, _as_list(cells))
        self.row = {}

    def finish(self) -> Sheet:
        if not self.header_seen or not any(v for v in self.sheet.header):
            raise XlsxError("no header row")
        self.sheet.rows.flush()
        return self.sheet


def _column_index(letters: str) -> int:
    index = 0
    for char in letters.upper():
        index = index * 26 + (ord(char) - 64)
    return index


def _as_list(cells: dict[int, str | None]) -> list[str | None]:
    if not cells:
        return []
    out: list[str | None] = [None] * max(cells)
    for column, value in cells.items():
        out[column - 1] = value
    return out

