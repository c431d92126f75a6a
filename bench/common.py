"""What the benchmark's baselines share: which files to read, the published grains, reporting.

The baselines deliberately do NOT import the ETL (etl.*): they are what someone would write
without it. They only share the list of files (so every contender reads the same landing)
and the regions reference (KATO prefix -> ISO code), which is a lookup table, not processing.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REGIONS_CSV = ROOT / "data" / "reference" / "regions.csv"
EVENT_TABLES = ("front_office_visits", "sos_activations", "camera_offenses")
NIGHT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHAPES = (".csv", ".xlsx", ".json")


def nights(landing: Path) -> list[Path]:
    return sorted(p for p in landing.iterdir() if p.is_dir() and NIGHT.match(p.name))


def night_tables(night: Path) -> dict[str, Path]:
    """table -> file for one night (csv preferred over xlsx over json, as the ETL does)."""
    found: dict[str, Path] = {}
    for path in sorted(night.iterdir()):
        stem, suffix = path.stem.strip().lower(), path.suffix.lower()
        if not path.is_file() or suffix not in SHAPES:
            continue
        current = found.get(stem)
        if current is None or SHAPES.index(suffix) < SHAPES.index(current.suffix.lower()):
            found[stem] = path
    return found


def event_files(landing: Path) -> tuple[dict[str, list[Path]], list[Path]]:
    """CSV files per event table, and the event files a CSV-only baseline skips (xlsx/json)."""
    files: dict[str, list[Path]] = {t: [] for t in EVENT_TABLES}
    skipped: list[Path] = []
    for night in nights(landing):
        for table, path in night_tables(night).items():
            if table not in files:
                continue
            if path.suffix.lower() == ".csv":
                files[table].append(path)
            else:
                skipped.append(path)
    return files, skipped


def latest_facilities(landing: Path) -> Path | None:
    """The newest facilities snapshot delivered as CSV."""
    for night in reversed(nights(landing)):
        path = night_tables(night).get("facilities")
        if path is not None and path.suffix.lower() == ".csv":
            return path
    return None


def kato_prefix_to_iso() -> dict[str, str]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["kato_prefix"].zfill(2): row["iso_code"] for row in csv.DictReader(handle)}


def sniff(path: Path) -> tuple[str, str]:
    """(encoding, delimiter) from a look at the file: BOM / strict UTF-8 / cp1251; , ; or tab."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1251"
    header = data.lstrip(b"\r\n").split(b"\n", 1)[0].decode(encoding, errors="replace")
    delimiter = max((",", ";", "\t"), key=header.count)
    return encoding, delimiter


def emit(summary: dict[str, Any]) -> None:
    """The last stdout line of a baseline: a JSON summary the harness parses."""
    sys.stdout.write("BENCH-SUMMARY " + json.dumps(summary, default=str) + "\n")
    sys.stdout.flush()
