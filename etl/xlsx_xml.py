"""The XML layer of the bounded XLSX reader (etl.xlsx): expat, event by event, with limits.

Every workbook part is parsed here: no DTD (so no entity expansion), element depth and token
length bounded (etl/limits.py), names matched by local name. The small parts (relationships,
workbook, styles, shared strings) are read whole by the handlers below; the worksheet's
handler, the hot loop, lives in etl.xlsx_sheet.
"""

from __future__ import annotations

import contextlib
import posixpath
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.parsers import expat

from etl import limits

READ_BLOCK = 1 << 16
TOO_LONG = object()  # stands for a shared string longer than a cell may be


class XlsxError(Exception):
    """The workbook cannot be read; the message names a limit or a defect, never a value."""


class Handler:
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


def new_parser(handler: Handler) -> expat.XMLParserType:
    """An expat parser wired to `handler`. No namespace processing: OOXML's names are matched
    by local name, prefix dropped. A document type declaration is refused."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = handler.on_start
    parser.EndElementHandler = handler.on_end
    parser.CharacterDataHandler = handler.text
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    return parser


def checked_blocks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes, block by block, each checked against the token length limit."""
    gap = 0  # bytes since the last '>': a tag or a text run, which expat holds whole
    read = 0
    with archive.open(info) as member:
        while block := member.read(READ_BLOCK):
            read += len(block)
            if read > info.file_size:  # cannot happen with zipfile; cheap to be sure
                raise XlsxError("member larger than declared")
            last = block.rfind(b">")
            gap = gap + len(block) if last < 0 else len(block) - last - 1
            first = block.find(b">")
            if gap > limits.MAX_XML_TOKEN_BYTES or (
                first >= 0 and gap + first > limits.MAX_XML_TOKEN_BYTES
            ):
                raise XlsxError(
                    f"XML token longer than {limits.MAX_XML_TOKEN_BYTES // limits.MiB} MiB"
                )
            yield block


def parse_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, handler: Handler) -> None:
    parser = new_parser(handler)
    try:
        for block in checked_blocks(archive, info):
            parser.Parse(block, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise XlsxError("malformed XML in the workbook") from None


class Rels(Handler):
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


class BookReader(Handler):
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


class StylesReader(Handler):
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


class StringsReader(Handler):
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
