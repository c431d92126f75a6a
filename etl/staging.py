"""The private staging store: each night's validated, anonymised events, written once.

Why: monthly tables need every night of their month, and the ministry's drop zone keeps only
the last days. Once a night is staged no run needs its raw files again, so the landing may be
purged and a published number can only change through a re-delivery of the night it comes
from.

Layout (operators only, like the quarantine; folders 0700, files 0600):

    STAGING_DIR/<YYYY-MM>/<YYYY-MM-DD>/<fingerprint>/<table>.parquet
                                                   /MANIFEST.json   (written last)
    STAGING_DIR/registry/<YYYY-MM-DD>.parquet     (the facility snapshot of that night)

A night's version is named by the fingerprint of its delivery (etl.landing.Night.fingerprint);
the warehouse's `etl_nights` row says which version is published. A run writes the new
version beside the old one and, only after its transaction committed, removes the old one:
a run that dies half-way leaves the published version readable. Only the columns aggregation
needs are kept: no timestamp finer than the day, no free text, no personal field.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from etl.contract import EVENT_TABLES
from etl.validate import OUTPUT_SCHEMAS

MANIFEST = "MANIFEST.json"
# Everything aggregation reads; `at` (the minute of an event) is not kept.
STAGED_COLUMNS: dict[str, list[str]] = {
    table: [c for c in OUTPUT_SCHEMAS[table] if c != "at"] for table in EVENT_TABLES
}


# What a day's zero rows need of a facility snapshot: which facilities operated, where.
REGISTRY_COLUMNS = ["type", "kato", "region", "status"]


class StagingError(Exception):
    """A staged night the warehouse says is published cannot be read."""


def empty_events(table: str) -> pd.DataFrame:
    """No events, with the staged columns and dtypes (so that aggregation never meets an
    untyped empty frame)."""
    dtypes = OUTPUT_SCHEMAS[table]
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in STAGED_COLUMNS[table]})  # type: ignore[call-overload]


class StagingStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._registry_cache: dict[date, pd.DataFrame] = {}

    # ------------------------------------------------------------------ paths
    def _night_dir(self, day: date) -> Path:
        return self.root / day.strftime("%Y-%m") / day.isoformat()

    def _version_dir(self, day: date, version: str) -> Path:
        return self._night_dir(day) / version

    def has(self, day: date, version: str) -> bool:
        return (self._version_dir(day, version) / MANIFEST).is_file()

    # ------------------------------------------------------------------ write
    def write_night(self, day: date, version: str, events: Mapping[str, pd.DataFrame]) -> None:
        """Stage one delivery of a night: every event table (absent = no events)."""
        target = self._version_dir(day, version)
        if (target / MANIFEST).is_file():
            return  # the same delivery, already staged
        parent = self._night_dir(day)
        _private_dirs(self.root, parent)
        work = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=parent))
        rows = {}
        for table in EVENT_TABLES:
            frame = events.get(table)
            frame = empty_events(table) if frame is None or frame.empty else frame
            frame = frame[STAGED_COLUMNS[table]].reset_index(drop=True)
            path = work / f"{table}.parquet"
            pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path,
                           compression="zstd")
            os.chmod(path, 0o600)
            rows[table] = len(frame)
        manifest = work / MANIFEST
        manifest.write_text(json.dumps({"night": day.isoformat(), "version": version,
                                        "rows": rows}))
        os.chmod(manifest, 0o600)
        if target.exists():  # a half-written earlier attempt of the same version
            shutil.rmtree(target)
        os.replace(work, target)

    def prune(self, day: date, keep: str) -> None:
        """Remove every other version of a night (after the run that published `keep`)."""
        folder = self._night_dir(day)
        if not folder.is_dir():
            return
        for child in folder.iterdir():
            if child.name != keep:
                shutil.rmtree(child, ignore_errors=True)

    # ------------------------------------------------------------------ read
    def read(self, table: str, versions: Mapping[date, str],
             columns: Iterable[str] | None = None) -> pd.DataFrame:
        """The staged events of `table` for the given nights (day -> version), oldest first,
        with a `_night` column. An event id that an earlier night already holds is dropped
        (the first delivery wins, as when the nights were first read)."""
        wanted = list(columns) if columns is not None else STAGED_COLUMNS[table]
        frames = []
        for day in sorted(versions):
            folder = self._version_dir(day, versions[day])
            if not (folder / MANIFEST).is_file():
                raise StagingError(f"night {day} (version {versions[day][:12]}) is not staged "
                                   f"under {self.root}")
            frame = pq.read_table(folder / f"{table}.parquet", columns=wanted).to_pandas()
            if len(frame):
                frames.append(frame.assign(_night=day))
        if not frames:
            return empty_events(table)[wanted].assign(_night=pd.Series(dtype=object))
        events = pd.concat(frames, ignore_index=True)
        id_column = STAGED_COLUMNS[table][0]
        if id_column in events.columns:
            events = events[~events.duplicated(subset=[id_column], keep="first")]
        return events.reset_index(drop=True)

    def ids(self, table: str, versions: Mapping[date, str]) -> pd.Series:
        """Event ids staged for these nights (for the duplicate check of a new night)."""
        id_column = STAGED_COLUMNS[table][0]
        return self.read(table, versions, columns=[id_column])[id_column]


    # ------------------------------------------------------------------ registry
    # Why: a day's true zeros (an operating office with no visits publishes 0) must follow
    # the registry in force that day, not the newest one a run happens to know; otherwise a
    # night published before a later snapshot and a clean run over the same deliveries
    # would list different zero rows, and an office that closed later would lose its past
    # zeros in a clean run.
    def _registry_dir(self) -> Path:
        return self.root / "registry"

    def write_registry(self, day: date, snapshot: pd.DataFrame) -> None:
        """Stage a night's facility snapshot (facility_id + REGISTRY_COLUMNS); a re-delivered
        snapshot of the same night replaces it."""
        folder = self._registry_dir()
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        folder.mkdir(exist_ok=True, mode=0o700)
        frame = snapshot.reset_index()[["facility_id", *REGISTRY_COLUMNS]].astype(object)
        work = folder / f".{day.isoformat()}.parquet.tmp"
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), work,
                       compression="zstd")
        os.chmod(work, 0o600)
        os.replace(work, folder / f"{day.isoformat()}.parquet")
        self._registry_cache.pop(day, None)

    def registry_as_of(self, day: date) -> pd.DataFrame | None:
        """The newest staged snapshot delivered on or before `day` (index facility_id): empty
        when every staged snapshot is newer (only facilities with events are known then, as
        when that night was first published); None when no snapshot is staged at all."""
        folder = self._registry_dir()
        nights = ([date.fromisoformat(p.stem) for p in folder.glob("*.parquet")
                   if not p.name.startswith(".")] if folder.is_dir() else [])
        if not nights:
            return None
        known = [d for d in nights if d <= day]
        if not known:
            return pd.DataFrame(columns=REGISTRY_COLUMNS, index=pd.Index([], name="facility_id"))
        newest = max(known)
        if newest not in self._registry_cache:
            frame = pq.read_table(folder / f"{newest.isoformat()}.parquet").to_pandas()
            self._registry_cache[newest] = frame.set_index("facility_id")
        return self._registry_cache[newest]


def _private_dirs(root: Path, night_dir: Path) -> None:
    """Create root/<month>/<night>, each folder 0700 (operators only)."""
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(root, 0o700)
    for folder in (night_dir.parent, night_dir):
        folder.mkdir(exist_ok=True, mode=0o700)
