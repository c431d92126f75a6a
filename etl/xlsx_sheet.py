"""The worksheet of an .xlsx workbook, row by row (the hot loop of the reader in etl.xlsx).

Cells come out as openpyxl's ``data_only`` reader would give them, each rendered as a trimmed
string (extract does no type inference): shared and inline strings, numbers as int or float,
numbers in a date format as datetimes of the workbook's calendar, booleans, formula results.
Row, column and cell-text limits (etl/limits.py) are checked while reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils.datetime import from_excel, from_ISO8601

from etl import limits
from etl.rowbuffer import RowBuffer
from etl.xlsx_xml import TOO_LONG, Handler, XlsxError

_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


@dataclass
class Sheet:
    """What the reader hands back: the header row, the data rows (by sheet row number), and
    the row numbers of rows refused because a cell is longer than a cell may be."""

    header: list[str | None]
    rows: RowBuffer = field(default_factory=RowBuffer)
    too_long: list[int] = field(default_factory=list)


class SheetReader(Handler):
    """The worksheet, row by row; only the current row is held, the rest goes to ``Sheet``.

    This is the hot loop (a handful of events per cell), hence the inlined bookkeeping. Rows
    of the usual spelling skip the events: etl.xlsx_rows calls start_row, add_cell and end_row.
    """

    def __init__(
        self, strings: list[Any], dates: set[int], durations: set[int], epoch: Any
    ) -> None:
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
            self.start_row(attrs.get("r"))
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
            self.end_row()
        elif name == "is":
            self.in_inline = False
        elif name == "rPh":
            self.in_phonetic = False
        elif name == "sheetData":
            self.in_sheet_data = False

    # -- rows and cells

    def start_row(self, r: str | None) -> None:
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
            self._place(column_index(match.group(1)))
        else:
            self._place(None)
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
        self._keep("".join(self.parts))

    def add_cell(self, column: int | None, kind: str, style: int, text: str) -> None:
        """A whole cell at once (etl.xlsx_rows): what the events of ``<c>`` (its column, or
        None for the next one), the text of its ``<v>`` or inline ``<t>``, and ``</c>`` do."""
        self._place(column)
        self.cell_type, self.cell_style = kind, style
        if len(text) > limits.MAX_CELL_CHARS:
            self.row_too_long = True
            return
        self._keep(text)

    def _place(self, column: int | None) -> None:
        self.column = self.column + 1 if column is None else column
        if self.column > limits.MAX_COLUMNS:
            raise XlsxError(f"more than {limits.MAX_COLUMNS} columns")

    def _keep(self, raw: str) -> None:
        value = self._render(raw)
        if value is TOO_LONG:
            self.row_too_long = True
            return
        if value is not None:
            self.text_chars += len(value)
            if self.text_chars > limits.MAX_XLSX_TEXT_CHARS:
                raise XlsxError(
                    "more than "
                    f"{limits.MAX_XLSX_TEXT_CHARS // limits.MiB} Mi characters "
                    "of cell text"
                )
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
            number: int | float = (
                int(text)
                if text.isdigit()
                else (float(text) if "." in text or "e" in text or "E" in text else int(text))
            )
        except ValueError:
            raise XlsxError("malformed number in a cell") from None
        if self.cell_style in self.dates:
            try:
                return from_excel(number, self.epoch, timedelta=self.cell_style in self.durations)
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl: a date out of range is an error value
        return number

    def end_row(self) -> None:
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


def column_index(letters: str) -> int:
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
