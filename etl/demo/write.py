"""Rendering and writing raw extracts in every shape the contract accepts.

Why a style per file: the ETL must cope with whatever the ministry's systems export, so each
night's files vary in format (csv/xlsx/json), encoding (UTF-8, UTF-8 with BOM,
Windows-1251), delimiter, header spelling and order, timestamp and date notation. A
``FileStyle`` says how one file is written, is recorded in the manifest, and is applied here
in one place. Values are rendered vectorised into object arrays of str/None ("text tables":
dict column -> array), which the writers emit unchanged, so a dirty cell survives exactly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from etl.demo.spelling import CP1251_LOOKALIKES

TextTable = dict[str, np.ndarray]  # column -> object array of str or None

TIMESTAMP_STYLES = ("iso", "iso_offset", "iso_utc", "dotted", "dotted_seconds", "mixed")
_SINGLE_STYLES = TIMESTAMP_STYLES[:-1]
TZ_SWITCH = np.datetime64("2024-03-01T00:00:00", "s")  # all of Kazakhstan on UTC+5 since

# Columns that a spreadsheet or JSON export carries as numbers.
NUMERIC_COLUMNS = frozenset(
    {
        "wait_minutes",
        "satisfaction",
        "answered_after_s",
        "patrol_arrival_min",
        "lat",
        "lon",
        "target_value",
    }
)
OPTIONAL_DROPS = {
    "front_office_visits": "satisfaction",
    "sos_activations": "patrol_arrival_min",
    "camera_offenses": "vehicle_plate",
    "facilities": "name_en",
}
EXTRA_COLUMNS = ("export_batch", "source_system", "Примечание оператора")


@dataclass(frozen=True)
class FileStyle:
    """How one file is written (recorded per file in the demo manifest)."""

    fmt: str = "csv"  # csv | xlsx | json
    encoding: str = "utf-8"  # utf-8 | utf-8-sig | cp1251 (csv only)
    delimiter: str = ","
    newline: str = "\n"
    header: str = "exact"  # exact | upper | title | padded | mixed
    shuffle: bool = False
    timestamps: str = "iso"
    dates: str = "iso"  # iso | dotted
    extra_column: str | None = None
    drop_optional: str | None = None
    drop_required: str | None = None
    json_nulls: bool = True  # json: empty cells as null, else the key is left out

    def describe(self) -> dict[str, object]:
        info = asdict(self)
        if self.fmt != "csv":
            for key in ("encoding", "delimiter", "newline"):
                info[key] = None
        if self.fmt != "json":
            info["json_nulls"] = None
        return info


def choose_style(
    rng: np.random.Generator, table: str, rows: int, forced: dict[str, object] | None = None
) -> FileStyle:
    """A random style with the contract's variety; ``forced`` fields override the draw."""
    # openpyxl writes ~6,000 rows/s: big national files come as xlsx only when forced.
    xlsx_share = 0.06 if rows < 10_000 else 0.0
    fmt = str(rng.choice(["csv", "xlsx", "json"], p=[0.94 - xlsx_share, xlsx_share, 0.06]))
    encodings = (
        ["utf-8", "utf-8-sig"] if table == "facilities" else ["utf-8", "utf-8-sig", "cp1251"]
    )
    enc_p = [0.7, 0.3] if table == "facilities" else [0.6, 0.2, 0.2]
    encoding = str(rng.choice(encodings, p=enc_p))
    style = FileStyle(
        fmt=fmt,
        encoding=encoding,
        delimiter=str(rng.choice([",", ";", "\t"], p=[0.5, 0.3, 0.2])),
        newline="\r\n" if encoding == "cp1251" or rng.random() < 0.3 else "\n",
        header=str(
            rng.choice(["exact", "upper", "title", "padded", "mixed"], p=[0.6, 0.1, 0.1, 0.1, 0.1])
        ),
        shuffle=bool(rng.random() < 0.25),
        timestamps=str(rng.choice(TIMESTAMP_STYLES, p=[0.35, 0.15, 0.1, 0.15, 0.15, 0.1])),
        dates=str(rng.choice(["iso", "dotted"], p=[0.6, 0.4])),
        extra_column=(str(rng.choice(EXTRA_COLUMNS)) if rng.random() < 0.08 else None),
        drop_optional=(OPTIONAL_DROPS.get(table) if rng.random() < 0.06 else None),
        json_nulls=bool(rng.random() < 0.5),
    )
    if forced:
        extra = forced.get("extra_column")
        drop = forced.get("drop_optional")
        forced = {
            **forced,
            **({"extra_column": EXTRA_COLUMNS[0]} if extra is True else {}),
            **({"drop_optional": OPTIONAL_DROPS.get(table)} if drop is True else {}),
        }
        style = replace(style, **forced)  # type: ignore[arg-type]
    if style.encoding == "cp1251":
        style = replace(style, newline="\r\n")
    return style


# ---------------------------------------------------------------- rendering values
def local_offsets(timestamps: np.ndarray, east: np.ndarray) -> np.ndarray:
    """UTC offset in hours of each local timestamp (UTC+6 in the east before March 2024)."""
    return np.where(east & (timestamps < TZ_SWITCH), 6, 5)


def render_timestamps(
    rng: np.random.Generator, values: np.ndarray, offsets: np.ndarray, style: str
) -> np.ndarray:
    """Local naive datetime64[s] -> contract notations (NaT -> None)."""
    if style == "mixed":
        pick = rng.integers(0, len(_SINGLE_STYLES), len(values))
        out = np.empty(len(values), dtype=object)
        for i, single in enumerate(_SINGLE_STYLES):
            rows = pick == i
            out[rows] = render_timestamps(rng, values[rows], offsets[rows], single)
        return out
    iso = np.datetime_as_string(values, unit="s")
    if style == "iso":
        text = iso
    elif style == "iso_offset":
        text = np.strings.add(iso, np.where(offsets == 6, "+06:00", "+05:00"))
    elif style == "iso_utc":
        utc = values - offsets.astype("timedelta64[h]")
        text = np.strings.add(np.datetime_as_string(utc, unit="s"), "Z")
    else:
        end = 19 if style == "dotted_seconds" else 16
        parts: list[Any] = [
            np.strings.slice(iso, 8, 10),
            ".",
            np.strings.slice(iso, 5, 7),
            ".",
            np.strings.slice(iso, 0, 4),
            " ",
            np.strings.slice(iso, 11, end),
        ]
        text = parts[0]
        for part in parts[1:]:
            text = np.strings.add(text, part)
    out = text.astype(object)
    out[np.isnat(values)] = None
    return out


def render_dates(values: np.ndarray, style: str) -> np.ndarray:
    """datetime64[D] -> YYYY-MM-DD or dd.mm.yyyy (NaT -> None)."""
    iso = np.datetime_as_string(values.astype("datetime64[D]"), unit="D")
    if style == "dotted":
        text = np.strings.add(
            np.strings.add(np.strings.slice(iso, 8, 10), "."),
            np.strings.add(
                np.strings.add(np.strings.slice(iso, 5, 7), "."), np.strings.slice(iso, 0, 4)
            ),
        )
    else:
        text = iso
    out = text.astype(object)
    out[np.isnat(values)] = None
    return out


def render_numbers(values: np.ndarray, decimals: int = 0) -> np.ndarray:
    """Floats with NaN -> "12" / "7.4" / "54.866800" (NaN -> None)."""
    values = np.asarray(values, dtype=float)
    missing = np.isnan(values)
    if decimals == 0:
        text = np.where(missing, 0, values).astype(np.int64).astype(str)
    else:
        text = pd.Series(np.where(missing, 0.0, values)).map(f"{{:.{decimals}f}}".format).to_numpy()
    out = np.asarray(text, dtype=object)
    out[missing] = None
    return out


def text_column(values: np.ndarray) -> np.ndarray:
    """Object array of str/None from an array that may hold NaN or None."""
    out = np.asarray(values, dtype=object).copy()
    out[pd.isna(out)] = None
    return out


# ---------------------------------------------------------------- layout
def layout(
    rng: np.random.Generator, table: TextTable, columns: list[str], style: FileStyle, night: date
) -> tuple[list[str], list[np.ndarray]]:
    """Apply drops, the extra column, shuffling and header spelling: (header, columns)."""
    names = [c for c in columns if c not in (style.drop_optional, style.drop_required)]
    data = [table[c] for c in names]
    n = len(data[0]) if data else 0
    if style.extra_column:
        pos = int(rng.integers(0, len(names) + 1))
        names.insert(pos, style.extra_column)
        data.insert(pos, _extra_values(rng, style.extra_column, n, night))
    if style.shuffle:
        order = rng.permutation(len(names))
        names, data = [names[i] for i in order], [data[i] for i in order]
    return [_spell(rng, name, style.header) for name in names], data


def _extra_values(rng: np.random.Generator, name: str, n: int, night: date) -> np.ndarray:
    if name == "export_batch":
        return np.full(n, f"B{night:%Y%m%d}-{int(rng.integers(1, 4)):02d}", dtype=object)
    if name == "source_system":
        return np.full(n, "ИС «Е-Полиция»", dtype=object)
    return np.full(n, "проверено", dtype=object)  # same in every row: duplicates stay exact


def _spell(rng: np.random.Generator, name: str, header: str) -> str:
    if header == "mixed":
        header = str(rng.choice(["exact", "upper", "title", "padded"]))
    if header == "upper":
        return name.upper()
    if header == "title":
        return "_".join(part.capitalize() for part in name.split("_"))
    if header == "padded":
        return f"  {name} "
    return name


# ---------------------------------------------------------------- writers
def write_file(
    folder: Path,
    stem: str,
    header: list[str],
    data: list[np.ndarray],
    style: FileStyle,
    night: date,
) -> Path:
    """Write one extract; returns its path. Same inputs -> byte-identical file."""
    path = folder / f"{stem}.{style.fmt}"
    if style.fmt == "csv":
        path.write_bytes(_csv_bytes(header, data, style))
    elif style.fmt == "json":
        path.write_bytes(_json_bytes(header, data, style))
    else:
        _write_xlsx(path, header, data, night)
    return path


def _csv_bytes(header: list[str], data: list[np.ndarray], style: FileStyle) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=style.delimiter, lineterminator=style.newline, quoting=csv.QUOTE_MINIMAL
    )
    writer.writerow(header)
    cells = [np.where(np.equal(col, cast(Any, None)), "", col).tolist() for col in data]
    writer.writerows(zip(*cells, strict=True))
    text = buffer.getvalue()
    if style.encoding == "cp1251":
        return to_cp1251(text)
    return text.encode(style.encoding)


def to_cp1251(text: str) -> bytes:
    """Windows-1251 bytes, Kazakh-only letters replaced by their Russian look-alikes.

    ``str.replace`` per letter: on a multi-megabyte export it is far faster than
    ``str.translate`` with a mapping table.
    """
    for kazakh, russian in CP1251_LOOKALIKES.items():
        text = text.replace(kazakh, russian)
    return text.encode("cp1251")


_INT = re.compile(r"-?\d{1,15}")
_FLOAT = re.compile(r"-?\d{1,15}\.\d+")


def _typed_cells(name: str, col: np.ndarray) -> list[object]:
    """Spreadsheet/JSON cell values: numbers for numeric columns when they parse."""
    values = col.tolist()
    if name.strip().lower() not in NUMERIC_COLUMNS:
        return values
    out: list[object] = []
    for v in values:
        if isinstance(v, str) and _INT.fullmatch(v):
            out.append(int(v))
        elif isinstance(v, str) and _FLOAT.fullmatch(v):
            out.append(float(v))
        else:
            out.append(v)
    return out


def _json_bytes(header: list[str], data: list[np.ndarray], style: FileStyle) -> bytes:
    columns = [_typed_cells(h, col) for h, col in zip(header, data, strict=True)]
    if style.json_nulls:
        records = [dict(zip(header, row, strict=True)) for row in zip(*columns, strict=True)]
    else:
        records = [
            {k: v for k, v in zip(header, row, strict=True) if v is not None}
            for row in zip(*columns, strict=True)
        ]
    return json.dumps(records, ensure_ascii=False, indent=None).encode("utf-8")


def _write_xlsx(path: Path, header: list[str], data: list[np.ndarray], night: date) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("export")
    sheet.append(header)
    columns = [_typed_cells(h, col) for h, col in zip(header, data, strict=True)]
    for row in zip(*columns, strict=True):
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = datetime(night.year, night.month, night.day, 23, 30)  # noqa: DTZ001 (xlsx stamps are naive)
    path.write_bytes(_normalise_xlsx(buffer.getvalue(), stamp))


_CORE_STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _normalise_xlsx(payload: bytes, stamp: datetime) -> bytes:
    """Pin the zip entry times and the document dates openpyxl takes from the clock."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(payload))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_STAMP.sub(lambda m: m.group(1) + iso + m.group(3), body)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, body)
    return out.getvalue()
