"""The worksheet's rows in their usual spelling, read by regex rather than event by event.

Why: expat calls back about seven times a cell (``<c>``, ``<is>``, ``<t>``, the text and
their ends), and those Python calls were ~75 % of reading a workbook: ~175 ms for a national
night's camera workbook (43,000 cells), ~5 s of CPU over the national year's 43 workbooks
(profiled). openpyxl, Excel and LibreOffice spell rows and cells the same few ways, so a row
of such a shape is matched whole and handed to the same SheetReader methods the events call.

What goes where, so that a workbook reads exactly as expat alone reads it:
- expat reads everything up to and including ``<sheetData>``, and everything from the first
  byte that is not a row of the shape below (normally ``</sheetData>``) to the end;
- the rows in between are matched here. Only a strict subset of well-formed XML matches: the
  attributes expected, in their usual order and in double quotes; text without entities,
  CDATA, carriage returns (expat would rewrite them), ``>`` or a character XML refuses. Such
  a row means to expat what it means here, so the first row that does not match, and
  everything after it, go to expat as before;
- only a UTF-8 worksheet is matched (the bytes are decoded here), and only when the bytes
  ``sheetData`` first appear as expat's own ``<sheetData>`` start tag (not in a comment, a
  CDATA section or a prefixed name) and rows fit within the depth limit;
- the limits of etl/limits.py are checked as before: the token length on every block, the
  rest by the SheetReader methods.

One difference, in files broken twice: a row is read once its end tag has arrived, so an
error in a row cut by a block's end (a limit, a malformed number) is raised after the next
block's token-length check; a file that breaks both is refused either way, for the other of
its two reasons.
"""

from __future__ import annotations

import re
import zipfile
from xml.parsers import expat

from etl import limits
from etl.xlsx_sheet import SheetReader, column_index
from etl.xlsx_xml import XlsxError, checked_blocks, new_parser

_START = b"sheetData"
_ROW_DEPTH = 4  # <row>, <c>, <is>, <t> below <sheetData>
# a row not finished within this many bytes goes to expat (a hostile row is unbounded)
_MAX_PENDING = 4 * limits.MiB
# the encoding is decided from the document's first bytes: a declaration not closed within
# these goes to expat
_DECLARATION_BYTES = 1024

# Characters no matched row may hold anywhere: an entity or character reference, a carriage
# return (expat rewrites line ends), or a character XML refuses.
_FORBIDDEN = re.compile("[&\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ROW_TAG = re.compile(r'[ \t\n]*<row(?: r="([0-9]{1,9})")?(?: spans="[0-9]{1,5}:[0-9]{1,5}")?')
_CELL_TAG = re.compile(
    r'[ \t\n]*<c(?: r="([A-Z]{1,3})[0-9]{1,7}")?(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?'
)
# a cell's content: its value, or its inline string; (start, end) around the text
_CONTENTS = (
    ("<v>", "</v>"),
    ("<is><t>", "</t></is>"),
    ('<is><t xml:space="preserve">', "</t></is>"),
)
_BOM = b"\xef\xbb\xbf"
_DECLARATION = re.compile(rb"<\?xml[^>]*?\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")

Tag = tuple[int | None, str, int]  # column (None: the next), kind, style
Cell = tuple[int | None, str, int, str]  # the tag's, then the text
_UNSEEN = object()


def parse_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, reader: SheetReader) -> None:
    """Parse the worksheet member `info` into `reader`, as etl.xlsx_xml.parse_xml does."""
    parser = new_parser(reader)
    rows = _Rows(parser, reader)
    try:
        for block in checked_blocks(archive, info):
            rows.feed(block)
        rows.finish()
    except expat.ExpatError:
        raise XlsxError("malformed XML in the workbook") from None


class _Rows:
    """Routes the member's bytes: to expat, or (the rows of sheetData) matched here."""

    def __init__(self, parser: expat.XMLParserType, reader: SheetReader) -> None:
        self.parser, self.reader = parser, reader
        self.state = "first"  # first block, then "before" the rows, "rows", or "expat"
        self.pending = b""

    def feed(self, block: bytes) -> None:
        if self.state == "expat":
            self.parser.Parse(block, False)
            return
        self.pending += block
        if self.state == "first":
            utf8 = _utf8(self.pending)
            if utf8 is None and len(self.pending) < _DECLARATION_BYTES:
                return  # the declaration, if any, is not all here yet
            if not utf8:
                self._to_expat()
                return
            self.state = "before"
        if self.state == "before":
            self._before_rows()
        if self.state == "rows":
            self._rows()

    def finish(self) -> None:
        if self.state == "rows":
            self._rows(last=True)
        self._to_expat()
        self.parser.Parse(b"", True)

    def _to_expat(self) -> None:
        """From here on everything goes to expat."""
        self.parser.Parse(self.pending, False)
        self.pending = b""
        self.state = "expat"

    def _before_rows(self) -> None:
        at = self.pending.find(_START)
        if at < 0:  # expat takes all but what may be the start of the name
            cut = max(0, len(self.pending) - len(_START))
            self.parser.Parse(self.pending[:cut], False)
            self.pending = self.pending[cut:]
            return
        end = at + len(_START) + 1
        if end > len(self.pending):
            return  # the tag's end is in the next block
        if at == 0 or self.pending[at - 1 : end] != b"<" + _START + b">":
            self._to_expat()
            return
        self.parser.Parse(self.pending[:end], False)
        self.pending = self.pending[end:]
        # These bytes are the first "sheetData" of the document, so if expat has just
        # started a sheetData element, it was this start tag, now behind it.
        in_rows = self.reader.in_sheet_data
        if not in_rows or self.reader.depth + _ROW_DEPTH > limits.MAX_XML_DEPTH:
            self._to_expat()
        else:
            self.state = "rows"

    def _rows(self, last: bool = False) -> None:
        end = self.pending.rfind(b"</row>")
        end = len(self.pending) if last else (end + len(b"</row>") if end >= 0 else 0)
        try:
            text = self.pending[:end].decode("utf-8")
        except UnicodeDecodeError:
            self._to_expat()
            return
        read = _read_rows(text, self.reader)
        if read < len(text):  # a row of another shape, or the end of sheetData
            self.pending = text[read:].encode("utf-8") + self.pending[end:]
            self._to_expat()
            return
        self.pending = self.pending[end:]
        if len(self.pending) > _MAX_PENDING:
            self._to_expat()


def _read_rows(text: str, reader: SheetReader) -> int:
    """Hand the rows at the start of `text` to `reader`, up to the first thing that is not a
    row of the expected shape; how many characters were read.

    Split at the end tags rather than matched by one regex: str.split finds them at C
    speed, where re walked every character (~65 ms of a camera workbook's 2.4 MB)."""
    forbidden = _FORBIDDEN.search(text)
    if forbidden is not None:
        text = text[: forbidden.start()]
    pos = 0
    tags: dict[str, Tag | None] = {}
    for row in text.split("</row>")[:-1]:
        tag, _, content = row.partition(">")
        head = _ROW_TAG.fullmatch(tag)
        cells = _cells(content, tags) if head is not None else None
        if cells is None:
            break
        reader.start_row(head.group(1))  # type: ignore[union-attr]
        for cell in cells:
            reader.add_cell(*cell)
        reader.end_row()
        pos += len(row) + len("</row>")
    return pos


def _cells(content: str, tags: dict[str, Tag | None]) -> list[Cell] | None:
    """The cells of a row's content, or None if any part of it is of another shape.
    `tags`: what each cell tag already met means (_cell_tag)."""
    *cells, rest = content.split("</c>")
    if rest.strip(" \t\n"):
        return None
    out: list[Cell] = []
    for cell in cells:
        tag, _, inner = cell.partition(">")
        # the tag without its row number: the same in every row of a column
        ref_end = tag.find('"', 6) if tag.startswith('<c r="') else -1
        if ref_end > 0:
            letters = tag[6:ref_end].rstrip("0123456789")
            if len(letters) + 6 == ref_end or ref_end - len(letters) - 6 > 7:
                return None  # no row number, or too long a one
            key = letters + tag[ref_end:]
        else:
            key = tag
        meaning = tags.get(key, _UNSEEN)
        if meaning is _UNSEEN:
            meaning = tags[key] = _cell_tag(tag)
        if meaning is None:
            return None
        if inner:
            for start, end in _CONTENTS:
                if inner.startswith(start) and inner.endswith(end):
                    inner = inner[len(start) : -len(end)]
                    break
            else:
                return None
            if "<" in inner or ">" in inner:
                return None
        out.append((*meaning, inner))  # type: ignore[misc]
    return out


def _cell_tag(tag: str) -> Tag | None:
    """(column or None, kind, style) of a cell's start tag, None if of another shape. Any row
    number in its reference means the same (_cells reads them as ASCII digits, at most 7)."""
    head = _CELL_TAG.fullmatch(tag)
    if head is None:
        return None
    letters, style, kind = head.groups()
    column = column_index(letters) if letters is not None else None
    return column, kind or "n", int(style) if style else 0


def _utf8(start: bytes) -> bool | None:
    """Whether the document is UTF-8 by its declaration (none, or one naming UTF-8); None
    while its first bytes may still be the start of one."""
    if start.startswith(_BOM):
        start = start[len(_BOM) :]
    elif _BOM.startswith(start):
        return None
    if start.startswith(b"<?xml"):
        declaration = _DECLARATION.match(start)
        if declaration is None:
            return None  # not closed yet (or never: then expat says what is wrong)
        encoding = _ENCODING.search(declaration.group())
        return encoding is None or encoding.group(1).lower() == b"utf-8"
    if b"<?xml".startswith(start):
        return None
    return not start.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16 marks
