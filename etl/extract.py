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

The decoding (and ``ExtractError``, which every reader raises) is in ``etl.rawtext``, the
JSON record reader in ``etl.extract_json``; ``extract.ExtractError`` is the same class.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import limits
from etl.arrowtext import STR as STR_DTYPE
from etl.contract import LINE_COLUMN, TABLES
from etl.extract_csv import parse_csv, sniff_delimiter, unread
from etl.extract_json import parse_records
from etl.landing import RefusedFile, open_regular, safe_name
from etl.rawtext import ExtractError, decode, has_line_longer_than, log_decoding
from etl.xlsx import XlsxError, read_first_sheet

log = logging.getLogger("etl")

SUFFIX_PRIORITY = (".csv", ".xlsx", ".json")  # when one table arrives in several shapes
SILENTLY_IGNORED = frozenset({"demo.txt"})
_NEWLINE_BYTES = re.compile(rb"\r\n|\r|\n")
_NON_BLANK_BYTES = re.compile(rb"\S")
_BLANK_LINES = re.compile(rb"[\r\n]*")

UNDECODABLE_LINE = "undecodable_line"  # record reasons given by extract itself
FIELD_TOO_LONG = "field_too_long"


def list_night_files(night_dir: Path) -> tuple[dict[str, Path], list[Path]]:
    """Map each contract table to the file that carries it in ``night_dir``.

    Files are matched by stem, case-insensitively (``Front_Office_Visits.CSV`` is
    ``front_office_visits``). Returns ``(tables, unknown)``: ``unknown`` lists
    files that are not a table of the contract, so they can be reported rather
    than silently lost; so are symlinks, which are never followed (and logged).
    ``DEMO.txt`` (the demo-data marker) and hidden files are skipped without a
    report. If one table arrives in several shapes, the first
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
        if path.is_symlink():
            # never followed: a link to /etc/passwd named facilities.csv is not a delivery
            log.warning("%s/%s refused: a symbolic link", night_dir.name, safe_name(name))
            unknown.append(path)
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


@dataclass
class Extracted:
    """A file as read: its readable records, and the records extract itself refused.

    ``refused`` has ``_line``, ``reason`` and ``field`` (always NA: the column of a refused
    record may be one of a headerless file's values), one row per record that could not be
    read as delivered: a line in neither UTF-8 nor Windows-1251 (or holding NUL bytes), or a
    cell longer than MAX_CELL_CHARS. Every record is in exactly one of the two.
    """

    frame: pd.DataFrame
    refused: pd.DataFrame
    # Every value already trimmed in Arrow and "" made missing, exactly as validate would:
    # it need not do so again (the CSV reader; the others trim in Python, whose idea of
    # whitespace is not quite Arrow's).
    trimmed: bool = False


def read(path: Path, needed: Collection[str] | None = None) -> Extracted:
    """Read a .csv, .xlsx or .json extract within the limits of etl/limits.py.

    `needed`: the columns whose values the caller reads (the table's public columns).
    A CSV's other columns keep their names but come back without values (all missing):
    they are only checked against the limits. None: every column's values.

    Raises ExtractError when the file cannot be read as a table (or breaks a file-wide
    limit); nothing else escapes for any content.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, needed)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".json":
        return _read_json(path)
    raise ExtractError(f"unsupported file type {suffix or '(none)'}")


def read_raw(path: Path) -> pd.DataFrame:
    """Read a .csv, .xlsx or .json extract into a frame of strings plus ``_line``.

    Column names are stripped and lower-cased; every value is a string with
    surrounding whitespace removed, and an empty cell is NA (never ""). Raises
    ExtractError when the file cannot be read as a table. Records extract refuses
    (see ``Extracted``) are left out: use ``read`` to account for them.
    """
    return read(path).frame


def _read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    try:
        with open_regular(path, max_bytes or limits.MAX_FILE_BYTES) as handle:
            return handle.read()
    except RefusedFile as exc:
        raise ExtractError(str(exc)) from None


def _refused(lines: np.ndarray, reasons: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            LINE_COLUMN: lines.astype(np.int64),
            "reason": reasons.astype(object),
            "field": pd.Series([None] * len(lines), dtype=object),
        }
    )


def _no_refusal() -> pd.DataFrame:
    return _refused(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object))


# --------------------------------------------------------------------------- CSV


def _read_csv(path: Path, needed: Collection[str] | None) -> Extracted:
    data = _read_bytes(path)
    if has_line_longer_than(data, limits.MAX_LINE_BYTES):
        raise ExtractError(f"a line longer than {limits.MAX_LINE_BYTES // limits.MiB} MiB")
    decoded = decode(data)
    del data
    log_decoding(path, decoded)
    payload = decoded.payload
    # Blank lines before the header are tolerated (both encodings agree on CR/LF bytes).
    # Offsets, not slices: a slice of a 100 MB payload would be a 100 MB copy.
    start = _BLANK_LINES.match(payload).end()  # type: ignore[union-attr]
    match = _NEWLINE_BYTES.search(payload, start)
    head_end = match.start() if match else len(payload)
    first_line = bytes(payload[start:head_end]).decode(
        "utf-8" if decoded.encoding == "utf8" else "cp1251"
    )
    if not first_line.strip():
        raise ExtractError("no header row")
    if "\ufffd" in first_line and decoded.bad_lines:
        raise ExtractError("cannot decode the header line (binary or UTF-16 file?)")
    delimiter = sniff_delimiter(first_line)
    header = next(csv.reader([first_line], delimiter=delimiter))
    if len(header) > limits.MAX_COLUMNS:
        raise ExtractError(f"more than {limits.MAX_COLUMNS} columns")
    names = _normalise_names(header)
    if _NON_BLANK_BYTES.search(payload, match.end() if match else len(payload)) is None:
        # header only: pyarrow would refuse an "empty" body
        empty = _frame(
            {n: pd.Series([], dtype=STR_DTYPE) for n in names}, np.arange(0, dtype=np.int64)
        )
        return Extracted(empty, _no_refusal(), trimmed=True)
    skipped = set() if needed is None else set(names) - set(needed)
    table = parse_csv(payload, start, names, delimiter, decoded.encoding, skipped)
    check_marks = decoded.bad_lines > 0
    del decoded, payload
    columns = {n: table.column(i) for i, n in enumerate(names)}
    for name in skipped:
        columns[name] = unread(columns[name], check_marks)
    return _refuse_and_frame(
        columns, np.arange(1, table.num_rows + 1, dtype=np.int64), check_marks, trimmed=True
    )


# -------------------------------------------------------------------- XLSX / JSON


def _read_xlsx(path: Path) -> Extracted:
    try:
        sheet = read_first_sheet(path)
    except XlsxError as exc:
        raise ExtractError(str(exc)) from None
    width = max(len(sheet.header), sheet.rows.width)
    header = [("" if v is None else v) for v in sheet.header] + [""] * (width - len(sheet.header))
    names = _normalise_names(header)
    # sheet row 1 is the header, so a record's line is its sheet row - 1
    lines = (
        np.frombuffer(sheet.rows.lines, dtype=np.int64) - 1
        if len(sheet.rows.lines)
        else (np.zeros(0, dtype=np.int64))
    )
    frame = _frame({n: sheet.rows.column(i) for i, n in enumerate(names)}, lines.copy())
    too_long = np.asarray(sheet.too_long, dtype=np.int64) - 1
    return Extracted(
        frame, _refused(too_long, np.full(len(too_long), FIELD_TOO_LONG, dtype=object))
    )


def _read_json(path: Path) -> Extracted:
    decoded = decode(_read_bytes(path, min(limits.MAX_JSON_BYTES, limits.MAX_FILE_BYTES)))
    log_decoding(path, decoded)
    text = decoded.text()
    check_marks = decoded.bad_lines > 0
    del decoded
    keys, chunks, count = parse_records(text)
    del text
    names = _normalise_names(keys)
    columns = {}
    for name, key in zip(names, keys, strict=True):
        parts = [chunk.get(key, pa.nulls(size, pa.string())) for size, chunk in chunks]
        columns[name] = pa.chunked_array(parts, type=pa.string())
    return _refuse_and_frame(columns, np.arange(1, count + 1, dtype=np.int64), check_marks)


def _refuse_and_frame(
    columns: dict[str, pa.ChunkedArray], lines: np.ndarray, check_marks: bool, trimmed: bool = False
) -> Extracted:
    """Split records into readable ones and those extract refuses (undecodable, too long)."""
    reasons = np.full(len(lines), None, dtype=object)
    if check_marks:
        for col in columns.values():
            hit = pc.fill_null(pc.match_substring(col, "\ufffd"), False).to_numpy(
                zero_copy_only=False
            )
            reasons[hit & (reasons == None)] = UNDECODABLE_LINE  # noqa: E711 (elementwise)
    for col in columns.values():
        if (pc.max(pc.binary_length(col)).as_py() or 0) <= limits.MAX_CELL_CHARS:
            continue  # no value has that many bytes, let alone characters
        hit = pc.fill_null(pc.greater(pc.utf8_length(col), limits.MAX_CELL_CHARS), False)
        reasons[hit.to_numpy(zero_copy_only=False) & (reasons == None)] = FIELD_TOO_LONG  # noqa: E711
    refused = reasons != None  # noqa: E711
    if refused.any():
        keep = pa.array(~refused)
        columns = {name: col.filter(keep) for name, col in columns.items()}
    frame = _frame(columns, lines[~refused])
    return Extracted(frame, _refused(lines[refused], reasons[refused]), trimmed)


# ------------------------------------------------------------------------ common


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
        elif n == LINE_COLUMN:
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
