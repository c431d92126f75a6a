"""Extract: find a night's files and read any accepted shape into all-string frames.

This stage does I/O only. It deliberately does not interpret values (no type
inference): a KATO code or an id must reach validation exactly as delivered,
leading zeros and all, so every cell comes back as a string. What it does
normalise is what the contract says carries no meaning: the encoding, the
delimiter, header case and surrounding spaces, and empty cells (→ NA, "not
recorded"). Each record keeps ``_line`` (1-based, first data record = 1) so a
rejected row can be found again in the landing file.

Error messages never contain a cell value: files hold personal data and the
messages end up in logs and reports.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl.contract import TABLES

LINE_COLUMN = "_line"
SUFFIX_PRIORITY = (".csv", ".xlsx", ".json")  # when one table arrives in several shapes
SILENTLY_IGNORED = frozenset({"demo.txt"})
STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)  # what pandas 3 calls "str"

_UTF8_BOM = b"\xef\xbb\xbf"
_DELIMITERS = (",", ";", "\t")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_NON_BLANK = re.compile(r"\S")


class ExtractError(Exception):
    """A file cannot be read at all. The message is one line and holds no cell value."""


def list_night_files(night_dir: Path) -> tuple[dict[str, Path], list[Path]]:
    """Map each contract table to the file that carries it in ``night_dir``.

    Files are matched by stem, case-insensitively (``Front_Office_Visits.CSV`` is
    ``front_office_visits``). Returns ``(tables, unknown)``: ``unknown`` lists
    files that are not a table of the contract, so they can be reported rather
    than silently lost. ``DEMO.txt`` (the demo-data marker) and hidden files are
    skipped without a report. If one table arrives in several shapes, the first
    of csv, xlsx, json wins and the others are returned in ``unknown`` too, so
    the ambiguity is visible but the night is still processed deterministically.
    """
    night_dir = Path(night_dir)
    candidates: dict[str, list[Path]] = {}
    unknown: list[Path] = []
    for path in sorted(night_dir.iterdir()):
        name = path.name
        if name.startswith(".") or name.lower() in SILENTLY_IGNORED:
            continue
        if not path.is_file():
            unknown.append(path)
            continue
        stem, suffix = path.stem.strip().lower(), path.suffix.lower()
        if stem in TABLES and suffix in SUFFIX_PRIORITY:
            candidates.setdefault(stem, []).append(path)
        else:
            unknown.append(path)
    tables: dict[str, Path] = {}
    for table, paths in candidates.items():
        paths.sort(key=lambda p: (SUFFIX_PRIORITY.index(p.suffix.lower()), p.name))
        tables[table] = paths[0]
        unknown.extend(paths[1:])
    return dict(sorted(tables.items())), sorted(unknown)


def read_raw(path: Path) -> pd.DataFrame:
    """Read a .csv, .xlsx or .json extract into a frame of strings plus ``_line``.

    Column names are stripped and lower-cased; every value is a string with
    surrounding whitespace removed, and an empty cell is NA (never ""). Raises
    ExtractError when the file cannot be read as a table.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".json":
        return _read_json(path)
    raise ExtractError(f"unsupported file type {suffix or '(none)'}")


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes) -> tuple[str, str, bytes]:
    """Return (text, encoding for pyarrow, payload without BOM).

    Detection order is the contract's: a BOM means UTF-8; otherwise strict UTF-8
    is tried first because cp1251 would "successfully" decode UTF-8 bytes into
    mojibake, while the reverse almost never succeeds on real Cyrillic text.
    """
    if b"\x00" in data:
        # UTF-16 exports and binary files (an xlsx renamed to .csv) land here.
        raise ExtractError("cannot decode: NUL bytes (binary or UTF-16 file)")
    if data.startswith(_UTF8_BOM):
        payload = data[len(_UTF8_BOM):]
        try:
            return payload.decode("utf-8"), "utf8", payload
        except UnicodeDecodeError:
            raise ExtractError("cannot decode: invalid UTF-8 after a UTF-8 BOM") from None
    try:
        return data.decode("utf-8"), "utf8", data
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251"), "cp1251", data
    except UnicodeDecodeError:
        raise ExtractError("cannot decode: neither UTF-8 nor Windows-1251") from None


def _sniff_delimiter(header_line: str) -> str:
    """Pick the delimiter that occurs most often in the header line (ties: , ; tab)."""
    counts = [header_line.count(d) for d in _DELIMITERS]
    best = max(range(len(_DELIMITERS)), key=lambda i: (counts[i], -i))
    return _DELIMITERS[best] if counts[best] else ","


def _read_csv(path: Path) -> pd.DataFrame:
    original, encoding, payload = _decode(path.read_bytes())
    # Blank lines before the header are tolerated (both encodings agree on CR/LF bytes).
    text, payload = original.lstrip("\r\n"), payload.lstrip(b"\r\n")
    first_line, rest = _split_first_line(text)
    if not first_line.strip():
        raise ExtractError("no header row")
    delimiter = _sniff_delimiter(first_line)
    header = next(csv.reader([first_line], delimiter=delimiter))
    names = _normalise_names(header)
    if _NON_BLANK.search(rest) is None:  # header only: pyarrow would refuse an "empty" body
        return _frame({n: pd.Series([], dtype=STR_DTYPE) for n in names}, np.arange(0, dtype=np.int64))
    bad_rows: list[str] = []

    def _on_invalid(row: pacsv.InvalidRow) -> str:
        # Called only for malformed records. The text is kept just long enough to
        # locate the first one; it never goes into a message.
        if not bad_rows:
            bad_rows.append(row.text)
        else:
            bad_rows.append("")
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.py_buffer(payload),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, encoding=encoding),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                invalid_row_handler=_on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, UnicodeDecodeError):
        # pyarrow's own messages quote the offending record: never pass them on.
        raise ExtractError("malformed CSV") from None
    if bad_rows:
        pos = original.find(bad_rows[0]) if bad_rows[0] else -1
        where = f", first at line {original.count(chr(10), 0, pos) + 1}" if pos >= 0 else ""
        raise ExtractError(
            f"malformed CSV: {len(bad_rows)} record(s) with a field count different from the header{where}"
        )
    columns = {n: _clean_arrow_strings(table.column(i)) for i, n in enumerate(names)}
    return _frame(columns, np.arange(1, table.num_rows + 1, dtype=np.int64))


def _split_first_line(text: str) -> tuple[str, str]:
    """Header line and the rest, whatever the line ending (LF, CRLF or a lone CR)."""
    match = _NEWLINE.search(text)
    if match is None:
        return text, ""
    return text[: match.start()], text[match.end():]


def _clean_arrow_strings(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """Trim whitespace and turn empty strings into nulls, in Arrow (vectorised)."""
    trimmed = pc.utf8_trim_whitespace(col)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


# -------------------------------------------------------------------- XLSX / JSON


def _read_xlsx(path: Path) -> pd.DataFrame:
    # openpyxl reads cell by cell in Python by nature; xlsx is the slow, rare path.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ExtractError("not a readable xlsx workbook") from None
    try:
        if not wb.worksheets:
            raise ExtractError("no header row")
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
    except ExtractError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, AttributeError, IndexError):
        # openpyxl raises a zoo of exception types on corrupt sheets
        raise ExtractError("not a readable xlsx workbook") from None
    finally:
        wb.close()
    if not rows or all(v is None or str(v).strip() == "" for v in rows[0]):
        raise ExtractError("no header row")
    # Ragged rows (a short row, or cells beyond the header) are padded with None by hand:
    # pandas is deprecating doing it for us.
    width = max(len(row) for row in rows)
    body = pd.DataFrame([row + (None,) * (width - len(row)) for row in rows[1:]],
                        columns=range(width), dtype=object)
    header = [("" if v is None else str(v)) for v in rows[0]] + [""] * (width - len(rows[0]))
    names = _normalise_names(header)
    lines = np.arange(1, len(body) + 1, dtype=np.int64)  # sheet row = _line + 1
    columns = {n: _objects_to_str(body[i]) for i, n in enumerate(names)}
    df = _frame(columns, lines)
    # Formatted-but-empty rows are an Excel artefact, not records.
    data_cols = [c for c in df.columns if c != LINE_COLUMN]
    if data_cols:
        df = df[df[data_cols].notna().any(axis=1)].reset_index(drop=True)
    return df


def _read_json(path: Path) -> pd.DataFrame:
    data = path.read_bytes()
    text = _decode(data)[0]
    try:
        records = json.loads(text)
    except ValueError:
        raise ExtractError("invalid JSON") from None
    if not isinstance(records, list) or (records and set(map(type, records)) != {dict}):
        raise ExtractError("not a JSON array of objects")
    # dtype=object: no inference, so 591010000 stays "591010000" and not "591010000.0".
    body = pd.DataFrame(records, dtype=object) if records else pd.DataFrame()
    names = _normalise_names([str(c) for c in body.columns])
    columns = {n: _objects_to_str(body.iloc[:, i]) for i, n in enumerate(names)}
    return _frame(columns, np.arange(1, len(body) + 1, dtype=np.int64))


def _objects_to_str(values: pd.Series) -> pd.Series:
    """Render Python cell values (int, float, datetime, str...) as trimmed strings.

    Missing values stay NA; "" and whitespace-only become NA, as in CSV.
    """
    s = values.astype(STR_DTYPE).str.strip()
    return s.mask(s == "")


# ------------------------------------------------------------------------ common

_SAFE_RENAME = re.compile(r"^_line$")


def _normalise_names(raw: list[str]) -> list[str]:
    """Strip and lower-case header names; name blank headers; refuse ambiguity.

    Two columns that differ only by case or spaces are ambiguous (which one is
    ``visit_id``?), so the file is refused rather than guessed.
    """
    names: list[str] = []
    for pos, name in enumerate(raw, start=1):
        n = str(name).replace("\ufeff", "").strip().lower()
        if not n:
            n = f"unnamed_{pos}"
        elif _SAFE_RENAME.match(n):
            n = f"source{LINE_COLUMN}"  # never shadow our own record number
        names.append(n)
    if len(set(names)) != len(names):
        raise ExtractError("duplicate column names in header (after ignoring case and spaces)")
    return names


def _frame(columns: dict[str, pa.ChunkedArray | pd.Series], lines: np.ndarray) -> pd.DataFrame:
    """Assemble the output frame: str columns in source order, then ``_line``."""
    out: dict[str, pd.Series] = {}
    for name, col in columns.items():
        if isinstance(col, pd.Series):
            out[name] = col.reset_index(drop=True).astype(STR_DTYPE)
        else:
            out[name] = pd.Series(pd.array(col, dtype=STR_DTYPE))
    df = pd.DataFrame(out, index=pd.RangeIndex(len(lines)))
    df[LINE_COLUMN] = lines
    return df
