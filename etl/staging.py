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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from etl.arrowtext import STR
from etl.clean_schema import OUTPUT_SCHEMAS
from etl.contract import EVENT_ID_COLUMN, EVENT_TABLES
from etl.landing import due_months, month_of

# How staged files are written. Why LZ4 without column statistics: the store is private and
# read whole by this code alone, so neither zstd's smaller files nor min/max statistics
# (which nothing reads) pay for their time: a national night's visits 10.7 -> 6.3 ms to
# write, a month of them 85 -> 44 ms to read back (files 174 -> 292 KiB a night). Files
# written with zstd by earlier versions read the same.
PARQUET = {"compression": "lz4", "write_statistics": False}

MANIFEST = "MANIFEST.json"
# Added to every staged row read back: the night it was delivered with (never written to disk).
NIGHT_COLUMN = "_night"
# Everything aggregation reads; `at` (the minute of an event) is not kept.
STAGED_COLUMNS: dict[str, list[str]] = {
    table: [c for c in OUTPUT_SCHEMAS[table] if c != "at"] for table in EVENT_TABLES
}

# What a month's tables are made of: every staged column but the event id (which only the
# duplicate check reads). Decoding a national month's 700,000 visit ids took 0.12 s of a
# day-31 night.
MONTH_COLUMNS: dict[str, list[str]] = {
    table: [c for c in STAGED_COLUMNS[table] if c != EVENT_ID_COLUMN[table]]
    for table in EVENT_TABLES
}

# Text columns besides the event id hold a few hundred distinct values in a month (offices,
# regions, categories): read as Parquet dictionaries they reach pandas as categoricals,
# whose objects aggregation shares instead of making one per event (etl.aggregate_frames).
REPEATED_TEXT: dict[str, list[str]] = {
    table: [
        c
        for c in STAGED_COLUMNS[table]
        if OUTPUT_SCHEMAS[table][c] == STR and c != EVENT_ID_COLUMN[table]
    ]
    for table in EVENT_TABLES
}

# What a day's zero rows need of a facility snapshot: which facilities operated, where.
REGISTRY_COLUMNS = ["type", "kato", "region", "status"]
# Snapshots kept in memory at once (the night's and the month end's).
REGISTRY_SNAPSHOTS_KEPT = 2


class StagingError(Exception):
    """A staged night the warehouse says is published cannot be read."""


def empty_events(table: str) -> pd.DataFrame:
    """No events, with the staged columns and dtypes (so that aggregation never meets an
    untyped empty frame)."""
    dtypes = OUTPUT_SCHEMAS[table]
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in STAGED_COLUMNS[table]})


def read_later(
    pending: Iterable[date], versions: Mapping[date, str], latest_before: date | None
) -> tuple[dict[date, str], dict[date, str]]:
    """The staged nights a run over `pending` will read and cannot change (for
    StagingStore.read_ahead): the other nights of each pending night's month (their event
    ids), and every night of the months the run will aggregate (their rows)."""
    pending = set(pending)
    if not pending:
        return {}, {}
    latest = max([*versions, *pending])
    months = {month_of(d) for d in pending}
    due = set(
        due_months(pending, {**versions, **dict.fromkeys(pending, "")}, latest_before, latest)
    )
    unchanged = {d: v for d, v in versions.items() if d not in pending}
    ids = {d: v for d, v in unchanged.items() if month_of(d) in months}
    rows = {d: v for d, v in unchanged.items() if month_of(d) in due}
    return ids, rows


@dataclass(frozen=True)
class _NightIds:
    """One staged night's ids, with their lowest and highest (None when it has none)."""

    chunks: list[pa.Array]
    lowest: str | None
    highest: str | None

    @classmethod
    def of(cls, chunks: list[pa.Array]) -> _NightIds:
        bounds = pc.min_max(pa.chunked_array(chunks)) if chunks else None
        if bounds is None:
            return cls(chunks, None, None)
        return cls(chunks, bounds["min"].as_py(), bounds["max"].as_py())

    def may_hold(self, within: tuple[str, str]) -> bool:
        """Whether an id of this night can lie within (lowest, highest), ends included."""
        if self.lowest is None or self.highest is None:
            return False  # no ids at all
        return not (self.highest < within[0] or self.lowest > within[1])


class StagingStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._registry_cache: dict[date, pd.DataFrame] = {}
        self._ids_cache: dict[tuple[str, date, str], _NightIds] = {}
        # (table, night, version, columns) -> its rows, being read ahead (read_ahead)
        self._ahead: dict[tuple[str, date, str, tuple[str, ...]], Future[pa.Table | None]] = {}

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
        fresh_ids: dict[str, _NightIds] = {}
        for table in EVENT_TABLES:
            frame = events.get(table)
            frame = empty_events(table) if frame is None or frame.empty else frame
            path = work / f"{table}.parquet"
            # The staged columns taken by Arrow, on this thread: selecting them in pandas
            # first copied the frame, and from_pandas' thread pool cost more than it saved
            # (2.0 -> 0.5 ms for a national night's visits; the same table and metadata).
            staged = pa.Table.from_pandas(
                frame, columns=STAGED_COLUMNS[table], preserve_index=False, nthreads=1
            )
            # Dictionary pages only where values repeat: hashing each night's unique event
            # ids into a dictionary cost time to write and to read back (national visits:
            # 6.7 -> 5.8 ms to write, 2.9 -> 2.0 ms to read).
            pq.write_table(
                staged,
                path,
                use_dictionary=REPEATED_TEXT[table],
                **PARQUET,
            )
            os.chmod(path, 0o600)
            rows[table] = len(frame)
            # The night's ids, for the duplicate check of the month's next nights (ids()),
            # as they would be read back from the file just written.
            staged_ids = staged.column(EVENT_ID_COLUMN[table]).cast(pa.large_string())
            fresh_ids[table] = _NightIds.of(staged_ids.chunks)
        manifest = work / MANIFEST
        manifest.write_text(
            json.dumps({"night": day.isoformat(), "version": version, "rows": rows})
        )
        os.chmod(manifest, 0o600)
        if target.exists():  # a half-written earlier attempt of the same version
            shutil.rmtree(target)
        os.replace(work, target)
        for table, night_ids in fresh_ids.items():
            self._ids_cache[(table, day, version)] = night_ids

    def prune(self, day: date, keep: str) -> None:
        """Remove every other version of a night (after the run that published `keep`)."""
        folder = self._night_dir(day)
        if not folder.is_dir():
            return
        for child in folder.iterdir():
            if child.name != keep:
                shutil.rmtree(child, ignore_errors=True)

    # ------------------------------------------------------------------ read
    def read(
        self, table: str, versions: Mapping[date, str], columns: Iterable[str] | None = None
    ) -> pd.DataFrame:
        """The staged events of `table` for the given nights (day -> version), oldest first,
        with a NIGHT_COLUMN.

        No event id is held by two staged nights of one month: a night is staged only after
        its ids were checked against every other staged night of its month
        (etl.intake.night_events rejects a repeated one as `duplicate_id`), so a month's
        read needs no dedupe of its own (that cost ~0.3 s of a national day-31 night).
        tests/test_staging_ids.py holds the store to that."""
        wanted = list(columns) if columns is not None else STAGED_COLUMNS[table]
        events = self.read_arrow(table, versions, wanted)
        if events is None:
            return empty_events(table)[wanted].assign(**{NIGHT_COLUMN: pd.Series(dtype=object)})
        # Arrow's concat, then one conversion: concat of per-night pandas frames cost
        # several seconds for a national month (profile).
        return events.to_pandas()

    def read_arrow(
        self, table: str, versions: Mapping[date, str], columns: list[str]
    ) -> pa.Table | None:
        """The staged rows (with NIGHT_COLUMN) of these nights as one Arrow table, duplicates
        kept; None when no night has a row."""
        parts = []
        for day in sorted(versions):
            ahead = self._ahead.pop((table, day, versions[day], tuple(columns)), None)
            part = ahead.result() if ahead else self._night_part(table, day, versions[day], columns)
            if part is not None:
                parts.append(part)
        if not parts:
            return None
        return pa.concat_tables(parts, promote_options="permissive") if len(parts) > 1 else parts[0]

    def _night_part(
        self, table: str, day: date, version: str, columns: list[str]
    ) -> pa.Table | None:
        """One staged night's rows of `table` (with NIGHT_COLUMN); None when it has none."""
        folder = self._version_dir(day, version)
        if not (folder / MANIFEST).is_file():
            raise StagingError(
                f"night {day} (version {version[:12]}) is not staged under {self.root}"
            )
        # ParquetFile on this thread: pq.read_table's dataset layer and thread pool cost
        # several times the read of one night's small file.
        repeated = [c for c in REPEATED_TEXT[table] if c in columns]
        with pq.ParquetFile(folder / f"{table}.parquet", read_dictionary=repeated) as handle:
            part = handle.read(columns=columns, use_threads=False)
        if not part.num_rows:
            return None
        return part.append_column(NIGHT_COLUMN, pa.array([day] * part.num_rows, pa.date32()))

    def read_ahead(
        self,
        ids: Mapping[date, str],
        rows: Mapping[date, str],
        row_tables: Iterable[str] = EVENT_TABLES,
    ) -> None:
        """Start reading, on one background thread, staged nights a run will ask for later:
        the event ids of `ids` (the duplicate check), then the MONTH_COLUMNS of `rows`
        (the monthly tables) of the `row_tables` this process aggregates. Only nights the
        run cannot change belong here.

        Why: on a month's last night the month's 30 staged nights were read after everything
        else (0.64 s of a profiled national day 31); Parquet decoding releases the GIL, so on a second core it overlaps
        the night's own files being read and checked. A later read takes each night's result
        (or its error) from here once, so nothing stays in memory after it is used (a night
        never asked for, e.g. of a month a run did not make after all, lasts as long as the
        store: one run)."""
        if not ids and not rows:
            return
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staging-read-ahead")
        id_columns = {table: [EVENT_ID_COLUMN[table]] for table in EVENT_TABLES}
        wanted = ((ids, id_columns, EVENT_TABLES), (rows, MONTH_COLUMNS, tuple(row_tables)))
        for nights, columns_of, tables in wanted:
            for table in tables:
                columns = columns_of[table]
                for day, version in sorted(nights.items()):
                    key = (table, day, version, tuple(columns))
                    self._ahead[key] = pool.submit(self._night_part, table, day, version, columns)
        pool.shutdown(wait=False)

    def ids(
        self,
        table: str,
        versions: Mapping[date, str],
        within: tuple[str, str] | None = None,
    ) -> pa.ChunkedArray:
        """Event ids staged for these nights (for the duplicate check of a new night), as
        Arrow strings: only the id column is read, nothing becomes a Python object.
        `within` (lowest, highest): only the nights whose ids are not all outside that
        range (the new night's own range: no id of the others can equal one of its ids).

        Each night's ids are read once per run and kept while the caller keeps asking for
        that night: a backfill checks each night against every earlier night of its month,
        and reading them again each time cost 18 s of a national year (profile). Why the
        range: ids that carry their day or a sequence number ("FOV-20261030-000209") make
        each night's range apart from the others', and scanning a national month's 700,000
        ids for the night's was ~10 ms a night (profile)."""
        id_column = EVENT_ID_COLUMN[table]
        wanted = {(table, day, version) for day, version in versions.items()}
        for key in [k for k in self._ids_cache if k[0] == table and k not in wanted]:
            del self._ids_cache[key]
        chunks: list[pa.Array] = []
        for day in sorted(versions):
            key = (table, day, versions[day])
            if key not in self._ids_cache:
                staged = self.read_arrow(table, {day: versions[day]}, [id_column])
                self._ids_cache[key] = _NightIds.of(
                    [] if staged is None else staged[id_column].cast(pa.large_string()).chunks
                )
            night = self._ids_cache[key]
            if within is None or night.may_hold(within):
                chunks.extend(night.chunks)
        return pa.chunked_array(chunks) if chunks else pa.chunked_array([], pa.large_string())

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
        columns = ["facility_id", *REGISTRY_COLUMNS]
        frame = snapshot.reset_index()
        if frame[columns].isna().all().any():
            # a column with no value at all is stored as Arrow's null type, as it always was
            table = pa.Table.from_pandas(frame[columns].astype(object), preserve_index=False)
        else:
            # Arrow takes the str columns as they are (through Python objects this was 31 ms
            # of a national snapshot, 9 ms now); they read back as the same frame.
            table = pa.Table.from_pandas(frame, columns=columns, preserve_index=False, nthreads=1)
        work = folder / f".{day.isoformat()}.parquet.tmp"
        pq.write_table(table, work, **PARQUET)
        os.chmod(work, 0o600)
        os.replace(work, folder / f"{day.isoformat()}.parquet")
        self._registry_cache.pop(day, None)

    def registry_as_of(self, day: date) -> pd.DataFrame | None:
        """The newest staged snapshot delivered on or before `day` (index facility_id): empty
        when every staged snapshot is newer (only facilities with events are known then, as
        when that night was first published); None when no snapshot is staged at all."""
        folder = self._registry_dir()
        nights = (
            [
                date.fromisoformat(p.stem)
                for p in folder.glob("*.parquet")
                if not p.name.startswith(".")
            ]
            if folder.is_dir()
            else []
        )
        if not nights:
            return None
        known = [d for d in nights if d <= day]
        if not known:
            return pd.DataFrame(columns=REGISTRY_COLUMNS, index=pd.Index([], name="facility_id"))
        newest = max(known)
        if newest not in self._registry_cache:
            frame = pq.read_table(folder / f"{newest.isoformat()}.parquet").to_pandas()
            # Nights are published in order, so one snapshot serves a week of them; keeping
            # every snapshot a backfill meets held ~10 MB each in memory, 0.5 GB in a year.
            while len(self._registry_cache) >= REGISTRY_SNAPSHOTS_KEPT:
                del self._registry_cache[next(iter(self._registry_cache))]
            self._registry_cache[newest] = frame.set_index("facility_id")
        return self._registry_cache[newest]


def _private_dirs(root: Path, night_dir: Path) -> None:
    """Create root/<month>/<night>, each folder 0700 (operators only)."""
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(root, 0o700)
    for folder in (night_dir.parent, night_dir):
        folder.mkdir(exist_ok=True, mode=0o700)
