"""The CSV members of the bulk zip as DEFLATE segments, cached per day or month.

A time-partitioned dataset (daily or monthly rows, sorted by time first) is written day by
day (daily datasets) or month by month (monthly ones); each part is one DEFLATE segment
cached under export_dir/segments/ and reused until a publication replaces that day or month
of its table (publications.changes says which: days_replaced, months_replaced). Beside each
segment the cache keeps the same rows as a Parquet piece (etl.bulk_parquet joins them).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from data import schema
from data.catalog import DATASETS, Dataset
from data.db import make_engine
from data.packaging import iter_csv_records
from data.parquet import write_parquet
from data.periods import month_end
from data.publications import begin_snapshot, publication_by_id
from data.queries import Filters, iter_rows
from etl.zipwriter import deflate_segment

SEGMENTS = "segments"
MANIFEST = "MANIFEST.json"
PARTITIONED_BY = ("date", "month")
ROWS_PER_WRITE = 1_000


def csv_segment(records: Iterable[list[str]]) -> bytes:
    """CSV records (CRLF line ends) as one DEFLATE segment of a zip member."""
    return deflate_segment(_csv_bytes(records))


def _csv_bytes(records: Iterable[list[str]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    batch: list[list[str]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= ROWS_PER_WRITE:
            writer.writerows(batch)
            batch = []
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue().encode()


def _partitions(conn: Connection, dataset: Dataset) -> list[tuple[str, date, date]]:
    """(key, first, last) of each partition: a day for daily datasets (a night replaces its
    day only), a month for monthly ones."""
    column = dataset.table.c[dataset.time_field or ""]
    first, last = conn.execute(select(func.min(column), func.max(column))).one()
    if first is None:
        return []
    first, last = _as_date(first), _as_date(last)
    parts = []
    if dataset.time_field == "date":
        while first <= last:
            parts.append((first.isoformat(), first, first))
            first += timedelta(days=1)
        return parts
    first = first.replace(day=1)
    while first <= last:
        parts.append((first.strftime("%Y-%m"), first, month_end(first)))
        first = (first + timedelta(days=32)).replace(day=1)
    return parts


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _changed_partitions(conn: Connection, since: int, until: int) -> dict[str, set[str] | None]:
    """Table -> partition keys (days and months) replaced by the publications after `since`
    up to `until`; None when a publication changed the table without saying which (rebuild
    it whole)."""
    pubs = schema.publications
    changed: dict[str, set[str] | None] = {}
    rows = conn.execute(select(pubs.c.changes).where(pubs.c.id > since, pubs.c.id <= until))
    for (changes,) in rows:
        for table, entry in (changes or {}).items():
            if not isinstance(entry, dict) or changed.get(table, set()) is None:
                continue
            keys = entry.get("days_replaced", []) + entry.get("months_replaced", [])
            said = "days_replaced" in entry or "months_replaced" in entry
            if (
                not said
                and entry.get("rows_before") == entry.get("rows_after")
                and "rows_after" in entry
            ):
                continue  # a table this publication did not touch
            if not said:
                changed[table] = None
                continue
            known = changed.setdefault(table, set())
            assert known is not None
            known.update(keys)
    return changed


class SegmentCache:
    """Compressed months of time-partitioned datasets, valid for one warehouse's history.

    `prebuilt` (set by etl.bulk once known): dataset id -> partition keys whose files another
    process (etl.helper's, by `prebuild`) has just written for this publication; they are
    used as they are."""

    def __init__(self, export_dir: Path, conn: Connection, publication: dict[str, Any]) -> None:
        self.folder = export_dir / SEGMENTS
        self.publication = publication
        self.prebuilt: dict[str, list[str]] = {}
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed: dict[str, set[str] | None] = {}
        manifest = self._read_manifest()
        if manifest and self._same_history(conn, manifest):
            self.entries = manifest["datasets"]
            self.changed = _changed_partitions(
                conn, int(manifest["publication_id"]), int(publication["id"])
            )
        self.next: dict[str, dict[str, Any]] = {}

    def _read_manifest(self) -> dict[str, Any] | None:
        try:
            return json.loads((self.folder / MANIFEST).read_text())
        except (OSError, ValueError):
            return None

    def _same_history(self, conn: Connection, manifest: dict[str, Any]) -> bool:
        built_for = publication_by_id(conn, int(manifest.get("publication_id", -1)))
        return built_for is not None and str(built_for["published_at"]) == manifest.get(
            "published_at"
        )

    def segments(
        self,
        conn: Connection,
        dataset: Dataset,
        shared_with: Callable[[], dict[str, list[str]]] | None = None,
    ) -> tuple[list[Path], list[Path]]:
        """Per partition, its CSV segment and its Parquet piece: reused when no publication
        since the cached one replaced it, else read once from the warehouse and written.

        `shared_with`: the stale partitions are shared with another process (`prebuild`'s
        `shared`): each is written by whichever claims it first, and the call waits for
        what the other wrote (the function returns it; a partition it claimed but did not
        write, because it failed or died, is written here then)."""
        folder = self.folder / dataset.id
        folder.mkdir(parents=True, exist_ok=True)
        parts: dict[str, str] = {}
        pieces: dict[str, str] = {}
        csv_out: list[Path] = []
        parquet_out: list[Path] = []
        prebuilt = set(self.prebuilt.get(dataset.id, ()))
        theirs: list[tuple[str, date, date]] = []
        for key, first, last in _partitions(conn, dataset):
            stem = f"{key}.{self.publication['id']}"
            cached = None if key in prebuilt else self._cached(dataset, key)
            if cached is None and key not in prebuilt:
                if shared_with is None or claim(folder, stem):
                    _write_partition(conn, dataset, folder, stem, first, last)
                else:
                    theirs.append((key, first, last))
            parts[key], pieces[key] = cached or (f"{stem}.deflate", f"{stem}.parquet")
            csv_out.append(folder / parts[key])
            parquet_out.append(folder / pieces[key])
        if shared_with is not None:
            written = set(shared_with().get(dataset.id, ()))
            for key, first, last in theirs:
                if key not in written:
                    _write_partition(
                        conn, dataset, folder, f"{key}.{self.publication['id']}", first, last
                    )
        self.next[dataset.id] = {"fields": dataset.field_names, "parts": parts, "pieces": pieces}
        return csv_out, parquet_out

    def _cached(self, dataset: Dataset, key: str) -> tuple[str, str] | None:
        """A partition's cached segment and piece, when no publication since the cached one
        replaced it and both files are there."""
        entry = self.entries.get(dataset.id)
        changed = self.changed.get(dataset.table.name, set())
        if not entry or entry.get("fields") != dataset.field_names or changed is None:
            return None
        cached, piece = entry["parts"].get(key), entry.get("pieces", {}).get(key)
        folder = self.folder / dataset.id
        if (
            cached
            and piece
            and key not in changed
            and key[:7] not in changed
            and (folder / cached).is_file()
            and (folder / piece).is_file()
        ):
            return cached, piece
        return None

    def stale(self, conn: Connection, dataset: Dataset) -> list[tuple[str, date, date]]:
        """The partitions of `dataset` that `segments` would write again."""
        return [p for p in _partitions(conn, dataset) if self._cached(dataset, p[0]) is None]

    def commit(self) -> None:
        """Record what the new zip was made of; drop segment files nothing refers to."""
        manifest = {
            "publication_id": self.publication["id"],
            "published_at": str(self.publication["published_at"]),
            "datasets": self.next,
        }
        temp = self.folder / f".{MANIFEST}.tmp"
        temp.write_text(json.dumps(manifest))
        os.replace(temp, self.folder / MANIFEST)
        for dataset_id, entry in self.next.items():
            used = set(entry["parts"].values()) | set(entry["pieces"].values())
            for path in (self.folder / dataset_id).glob("*.*"):
                unused = path.suffix in (".deflate", ".parquet") and path.name not in used
                # .tmp: a write that did not finish; .claim: see claim()
                if unused or path.suffix in (".tmp", ".claim"):
                    path.unlink(missing_ok=True)


def _write_partition(
    conn: Connection, dataset: Dataset, folder: Path, stem: str, first: date, last: date
) -> None:
    """One partition's CSV segment and Parquet piece, each written whole or not at all."""
    rows = list(iter_rows(conn, dataset, Filters(date_from=first, date_to=last)))
    names = dataset.field_names
    segment = folder / f"{stem}.deflate"
    temp = folder / f".{stem}.deflate.tmp"
    temp.write_bytes(csv_segment(iter_csv_records(rows, names)))
    os.replace(temp, segment)
    piece_temp = folder / f".{stem}.parquet.tmp"
    write_parquet(rows, dataset, names, piece_temp, metadata={})
    os.replace(piece_temp, folder / f"{stem}.parquet")


def claim(folder: Path, stem: str) -> bool:
    """Take partition `stem` to write: False when the other process building the zip has
    (a file created only if absent, O_EXCL, so exactly one of them gets it). The claims go
    with the next commit of the cache."""
    try:
        os.close(os.open(folder / f".{stem}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return False
    return True


def prebuild(
    database_url: str,
    export_dir: Path,
    publication_id: int,
    dataset_ids: list[str],
    shared: Sequence[str] = (),
) -> dict[str, list[str]]:
    """Write the stale partitions of these datasets for the publication just committed, on
    a connection of this process's own (etl.helper's process, while the main process builds
    the rest of the zip); returns dataset id -> partition keys written.

    Then the `shared` datasets' stale partitions, newest first, each claimed (claim()) as the
    main process claims them oldest first (SegmentCache.segments): they meet in the middle,
    whichever of them is ahead doing more. Why: the daily visits' 365 partitions of a
    national year took the main process ~1.4 s, while this process finished its months in
    ~1.2 s and idled."""
    engine = make_engine(database_url)
    written: dict[str, list[str]] = {}
    try:
        with engine.connect() as conn:
            begin_snapshot(conn)
            publication = publication_by_id(conn, publication_id)
            if publication is None:
                return {}
            cache = SegmentCache(export_dir, conn, publication)
            # Its own datasets whole, oldest first; then the shared ones newest first, each
            # partition claimed, until the main process (coming from the oldest) is met.
            turns = [(d, False) for d in dataset_ids] + [(d, True) for d in shared]
            for dataset_id, shared_turn in turns:
                dataset = DATASETS[dataset_id]
                folder = cache.folder / dataset.id
                folder.mkdir(parents=True, exist_ok=True)
                stale = cache.stale(conn, dataset)
                for key, first, last in reversed(stale) if shared_turn else stale:
                    stem = f"{key}.{publication_id}"
                    if shared_turn and not claim(folder, stem):
                        break  # the main process is here: the older ones are its
                    _write_partition(conn, dataset, folder, stem, first, last)
                    written.setdefault(dataset_id, []).append(key)
    finally:
        engine.dispose()
    return written
