"""The bulk download: every catalogue dataset as CSV and Parquet + datapackage.json +
SHA256SUMS, one zip.

Built once per publication, right after the ETL commits it (the API only serves the file):

    build_bulk(engine, publication_id, export_dir) -> export_dir/<publication_id>/latest.zip

Rows are streamed from the warehouse into the zip (constant memory); the zip is written to
a temporary file in the same folder and renamed into place, so a reader sees the previous
file or the complete new one, never half a zip. `frictionless validate latest.zip` passes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Connection, Engine, func, select

from data import schema
from data.catalog import DATASETS, Dataset
from data.packaging import DEMO_NOTE, datapackage, iter_csv_records
from data.parquet import (
    COMPRESSION,
    ROW_GROUP_ROWS,
    arrow_schema,
    file_metadata,
    write_parquet,
)
from data.periods import month_end
from data.publications import begin_snapshot, latest_publication_head, publication_by_id
from data.queries import Filters, iter_rows
from etl.zipwriter import Member, deflate_segment, write_zip

BULK_NAME = "latest.zip"
KEEP_PUBLICATIONS = 3  # export folders kept: the current one and a few for downloads in flight
ROWS_PER_WRITE = 1_000


# ------------------------------------------------------------------ segments
# A time-partitioned dataset (daily or monthly rows, sorted by time first) is written day by
# day (daily datasets) or month by month (monthly ones); each part is one DEFLATE segment
# cached under export_dir/segments/ and reused until a publication replaces that day or month
# of its table (publications.changes says which: days_replaced, months_replaced).
SEGMENTS = "segments"
MANIFEST = "MANIFEST.json"
PARTITIONED_BY = ("date", "month")


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


def _rows_segment(conn: Connection, dataset: Dataset, filters: Filters) -> bytes:
    names = dataset.field_names
    return deflate_segment(_csv_bytes(iter_csv_records(iter_rows(conn, dataset, filters), names)))


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
    """Compressed months of time-partitioned datasets, valid for one warehouse's history."""

    def __init__(self, export_dir: Path, conn: Connection, publication: dict[str, Any]) -> None:
        self.folder = export_dir / SEGMENTS
        self.publication = publication
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

    def segments(self, conn: Connection, dataset: Dataset) -> tuple[list[Path], list[Path]]:
        """Per partition, its CSV segment and its Parquet piece: reused when no publication
        since the cached one replaced it, else read once from the warehouse and written."""
        entry = self.entries.get(dataset.id)
        if not entry or entry.get("fields") != dataset.field_names:
            entry = {"fields": dataset.field_names, "parts": {}, "pieces": {}}
        changed = self.changed.get(dataset.table.name, set())
        folder = self.folder / dataset.id
        folder.mkdir(parents=True, exist_ok=True)
        parts: dict[str, str] = {}
        pieces: dict[str, str] = {}
        csv_out: list[Path] = []
        parquet_out: list[Path] = []
        for key, first, last in _partitions(conn, dataset):
            cached, piece = entry["parts"].get(key), entry.get("pieces", {}).get(key)
            if (
                cached
                and piece
                and changed is not None
                and key not in changed
                and key[:7] not in changed
                and (folder / cached).is_file()
                and (folder / piece).is_file()
            ):
                parts[key], pieces[key] = cached, piece
            else:
                stem = f"{key}.{self.publication['id']}"
                rows = list(iter_rows(conn, dataset, Filters(date_from=first, date_to=last)))
                names = dataset.field_names
                (folder / f"{stem}.deflate").write_bytes(
                    deflate_segment(_csv_bytes(iter_csv_records(rows, names)))
                )
                write_parquet(rows, dataset, names, folder / f"{stem}.parquet", metadata={})
                parts[key], pieces[key] = f"{stem}.deflate", f"{stem}.parquet"
            csv_out.append(folder / parts[key])
            parquet_out.append(folder / pieces[key])
        self.next[dataset.id] = {"fields": dataset.field_names, "parts": parts, "pieces": pieces}
        return csv_out, parquet_out

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
                if path.suffix in (".deflate", ".parquet") and path.name not in used:
                    path.unlink(missing_ok=True)


def _header_segment(dataset: Dataset) -> bytes:
    return deflate_segment(_csv_bytes([dataset.field_names]))


def _readme(publication: dict[str, Any]) -> str:
    lines = [
        "Police service model in Kazakhstan: open data (bulk download)",
        f"Publication {publication['id']}, published {publication['published_at']}.",
        "Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).",
        "Files: data/*.csv (UTF-8), datapackage.json (Frictionless Data Package: field",
        "types, units, descriptions in kk/ru/en), SHA256SUMS (check with `sha256sum -c`).",
        "data/*.parquet: the same rows with typed columns (pandas.read_parquet, DuckDB,",
        "R arrow::read_parquet); licence and demo flag are in each file's metadata.",
        "Empty cells are not published values (suppressed=true: fewer than k events), never 0.",
    ]
    if publication.get("is_demo"):
        lines += ["", *DEMO_NOTE.values()]
    return "\n".join(lines) + "\n"


def build_bulk(
    engine: Engine, publication_id: int, export_dir: Path, *, suppression_k: int | None = None
) -> Path:
    """Write export_dir/<publication_id>/latest.zip for the publication just committed.

    `suppression_k` is only described in the metadata (the ETL has applied it); by default
    it is read from the SUPPRESSION_K setting.
    """
    with engine.connect() as conn:
        begin_snapshot(conn)  # every CSV from the same publication, whatever commits meanwhile
        publication = publication_by_id(conn, publication_id)
        current = latest_publication_head(conn)
        if publication is None:
            raise ValueError(f"publication {publication_id} does not exist")
        if current is None or current["id"] != publication_id:
            raise ValueError(
                f"publication {publication_id} is not the current one; the bulk "
                "download must be built right after its commit"
            )
        target = _write_zip(conn, publication, Path(export_dir), suppression_k or _suppression_k())
    prune_exports(Path(export_dir), keep=KEEP_PUBLICATIONS)
    return target


def prune_exports(export_dir: Path, keep: int) -> list[int]:
    """Remove the export folders of all but the `keep` newest publications. A download in
    flight keeps reading its open file (POSIX); new requests get the current zip."""
    ids = sorted(int(p.name) for p in export_dir.iterdir() if p.is_dir() and p.name.isdigit())
    removed = ids[:-keep] if keep > 0 else ids
    for publication_id in removed:
        shutil.rmtree(export_dir / str(publication_id), ignore_errors=True)
    return removed


def _write_zip(
    conn: Connection, publication: dict[str, Any], export_dir: Path, suppression_k: int
) -> Path:
    publication_id = int(publication["id"])
    target_dir = export_dir / str(publication_id)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / BULK_NAME
    cache = SegmentCache(export_dir, conn, publication)
    work = Path(tempfile.mkdtemp(prefix=".parquet-", dir=target_dir))
    members, parquet = [], []
    try:
        for ds in DATASETS.values():
            segments: list[Path | bytes] = [_header_segment(ds)]
            if ds.time_field in PARTITIONED_BY:
                csv_parts, pieces = cache.segments(conn, ds)
                segments += csv_parts
                parquet.append(_parquet_from_pieces(ds, pieces, publication, suppression_k, work))
            else:
                segments.append(_rows_segment(conn, ds, Filters()))
                parquet.append(_parquet_member(conn, ds, publication, suppression_k, work))
            members.append(Member(f"data/{ds.id}.csv", segments))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    handle, temp_name = tempfile.mkstemp(prefix=".latest-", suffix=".zip.tmp", dir=target_dir)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            data = _measured(members)
            package = datapackage(
                publication,
                suppression_k=suppression_k,
                path_for=lambda ds: f"data/{ds.id}.csv",
                extra=lambda ds: data[f"data/{ds.id}.csv"],
            )
            package["x-built-at"] = datetime.now(UTC).isoformat().replace("+00:00", "Z")
            extras = {
                "datapackage.json": json.dumps(
                    package, ensure_ascii=False, indent=2, default=str
                ).encode(),
                "README.txt": _readme(publication).encode(),
            }
            members += parquet
            hashes = {name: info["hash"] for name, info in data.items()}
            hashes.update({m.name: f"sha256:{m.info().sha256}" for m in parquet})
            for member, blob in extras.items():
                members.append(Member(member, [deflate_segment([blob])]))
                hashes[member] = f"sha256:{hashlib.sha256(blob).hexdigest()}"
            sums = "".join(
                f"{digest.removeprefix('sha256:')}  {member}\n"
                for member, digest in sorted(hashes.items())
            )
            members.append(Member("SHA256SUMS", [deflate_segment([sums.encode()])]))
            write_zip(out, members)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cache.commit()
    _fsync_dir(target_dir)
    return target


def _parquet_member(
    conn: Connection, dataset: Dataset, publication: dict[str, Any], suppression_k: int, work: Path
) -> Member:
    """The same rows as the CSV, typed, with licence and demo flag in the file's metadata
    (stored, not deflated: Parquet pages are compressed already)."""
    path = work / f"{dataset.id}.parquet"
    write_parquet(
        iter_rows(conn, dataset, Filters()),
        dataset,
        dataset.field_names,
        path,
        metadata=file_metadata(dataset, publication, suppression_k),
    )
    return Member(f"data/{dataset.id}.parquet", [path], stored=True)


def _parquet_from_pieces(
    dataset: Dataset,
    pieces: list[Path],
    publication: dict[str, Any],
    suppression_k: int,
    work: Path,
) -> Member:
    """The Parquet member of a partitioned dataset, from its cached per-partition pieces.

    Why pieces: the rows of unchanged days and months are not read from the warehouse and
    turned into Python values again every night (that grew with the history: most of the
    bulk zip's time with a year published). Arrow reads the pieces and writes the member in
    row groups of ROW_GROUP_ROWS, the same file `write_parquet` makes from the rows, with
    this publication's metadata."""
    path = work / f"{dataset.id}.parquet"
    names = dataset.field_names
    metadata = file_metadata(dataset, publication, suppression_k)
    if not pieces:
        write_parquet([], dataset, names, path, metadata=metadata)
        return Member(f"data/{dataset.id}.parquet", [path], stored=True)
    schema = arrow_schema(dataset, names, metadata)
    with pq.ParquetWriter(path, schema, compression=COMPRESSION) as writer:
        pending: list[pa.Table] = []
        rows = written = 0
        for piece in pieces:
            table = _read_piece(piece)
            if not table.num_rows:
                continue
            pending.append(pa.Table.from_arrays(table.columns, schema=schema))
            rows += table.num_rows
            if rows >= ROW_GROUP_ROWS:  # whole row groups out, the remainder kept
                merged = pa.concat_tables(pending)
                whole = rows - rows % ROW_GROUP_ROWS
                for start in range(0, whole, ROW_GROUP_ROWS):
                    writer.write_table(merged.slice(start, ROW_GROUP_ROWS))
                written += whole
                pending, rows = [merged.slice(whole)], rows - whole
        if rows or not written:  # the last, partial group; or the schema of no rows
            writer.write_table(pa.concat_tables(pending) if pending else schema.empty_table())
    return Member(f"data/{dataset.id}.parquet", [path], stored=True)


def _read_piece(path: Path, columns: list[str] | None = None) -> pa.Table:
    """One small Parquet file, read on this thread: pq.read_table's dataset machinery and
    thread pool cost ~5x more per file than the read itself (hundreds of pieces a night)."""
    with pq.ParquetFile(path) as handle:
        return handle.read(columns=columns, use_threads=False)


def _measured(members: list[Member]) -> dict[str, dict[str, Any]]:
    """bytes and hash of each data member, for the datapackage."""
    return {m.name: {"bytes": m.info().size, "hash": f"sha256:{m.info().sha256}"} for m in members}


def _suppression_k() -> int:
    from data.settings import Config

    return Config.from_env().suppression_k


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
