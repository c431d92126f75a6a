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

This module opens the archive and finds the parts; etl.xlsx_xml parses XML within the limits
(and reads the small parts), etl.xlsx_sheet turns the worksheet into rows, and etl.xlsx_rows
reads the rows of the usual spelling without expat's per-element events (same result).
"""

from __future__ import annotations

import os
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import IO, Any

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from etl import limits
from etl.landing import RefusedFile, open_regular
from etl.xlsx_rows import parse_sheet
from etl.xlsx_sheet import Sheet, SheetReader
from etl.xlsx_xml import (
    BookReader,
    Handler,
    Rels,
    StringsReader,
    StylesReader,
    XlsxError,
    parse_xml,
)

__all__ = ["Sheet", "XlsxError", "read_first_sheet"]

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22


def read_first_sheet(path: os.PathLike[str] | str) -> Sheet:
    """The first worksheet of the workbook at `path`; XlsxError when it cannot be read."""
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
        except (
            zipfile.BadZipFile,
            zlib.error,
            RuntimeError,
            NotImplementedError,
            EOFError,
            OSError,
            KeyError,
            ValueError,
            IndexError,
            struct.error,
            OverflowError,
        ):
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
    entries, cd_size = struct.unpack("<HL", tail[at + 10 : at + 16])
    if entries > limits.MAX_XLSX_MEMBERS or entries == 0xFFFF:
        raise XlsxError(f"more than {limits.MAX_XLSX_MEMBERS} members in the zip")
    if cd_size > limits.MAX_XLSX_CENTRAL_DIRECTORY_BYTES:
        raise XlsxError(
            f"zip index larger than {limits.MAX_XLSX_CENTRAL_DIRECTORY_BYTES // limits.MiB} MiB"
        )


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
            raise XlsxError(
                f"members larger than {limits.MAX_XLSX_TOTAL_BYTES // limits.MiB} MiB decompressed"
            )
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
        reader = SheetReader(strings, dates, durations, epoch)
        self._parse(
            rels[sheet_rid][1], limits.MAX_XLSX_SHEET_BYTES, reader, "the worksheet", parse_sheet
        )
        return reader.finish()

    # -- members

    def _parse(
        self,
        name: str,
        limit: int,
        handler: Handler,
        role: str = "a workbook part",
        parse: Callable[[zipfile.ZipFile, zipfile.ZipInfo, Any], None] = parse_xml,
    ) -> None:
        info = self.members.get(name)
        if info is None:
            raise XlsxError("not a readable xlsx workbook")
        if info.file_size > limit:
            # named by role: member names are chosen by whoever wrote the file
            raise XlsxError(f"{role} larger than {limit // limits.MiB} MiB decompressed")
        parse(self.archive, info, handler)

    def _office_document(self) -> str:
        rels = Rels("")
        if "_rels/.rels" in self.members:
            self._parse("_rels/.rels", limits.MAX_XLSX_OTHER_MEMBER_BYTES, rels)
        book = next((t for kind, t in rels.found.values() if kind == "officeDocument"), None)
        return book or "xl/workbook.xml"

    def _relationships(self, book: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(book)
        rels_path = posixpath.join(folder, "_rels", name + ".rels")
        rels = Rels(folder)
        if rels_path in self.members:
            self._parse(rels_path, limits.MAX_XLSX_OTHER_MEMBER_BYTES, rels)
        return rels.found

    def _first_sheet_id(self, book: str) -> tuple[str | None, bool]:
        handler = BookReader()
        self._parse(book, limits.MAX_XLSX_OTHER_MEMBER_BYTES, handler)
        return handler.first_sheet, handler.date1904

    def _shared_strings(self, name: str) -> list[Any]:
        handler = StringsReader()
        self._parse(name, limits.MAX_XLSX_SHARED_STRINGS_BYTES, handler, "the shared strings")
        return handler.strings

    def _date_styles(self, name: str) -> tuple[set[int], set[int]]:
        handler = StylesReader()
        self._parse(name, limits.MAX_XLSX_OTHER_MEMBER_BYTES, handler)
        dates, durations = set(), set()
        for index, fmt_id in enumerate(handler.xf_formats):
            code = handler.custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "General"))
            if is_date_format(code):
                dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
        return dates, durations
