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
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from data.catalog import DATASETS, Dataset
from data.packaging import DEMO_NOTE, datapackage, iter_csv_records
from data.parquet import file_metadata, write_parquet
from data.publications import begin_snapshot, latest_publication_head, publication_by_id
from data.queries import Filters, iter_rows

BULK_NAME = "latest.zip"
ROWS_PER_WRITE = 1_000


class _HashingWriter(io.RawIOBase):
    """Counts and hashes what goes through it into a zip member."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def tell(self) -> int:  # pyarrow asks where it is; a zip member cannot seek
        return self.size

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.sha256.update(chunk)
        self.size += len(chunk)
        self.target.write(chunk)
        return len(chunk)


def _write_csv(zf: zipfile.ZipFile, member: str, conn: Connection,
               dataset: Dataset) -> tuple[int, str, int]:
    """Stream one dataset into the zip; returns (bytes, sha256 hex, rows)."""
    names = dataset.field_names
    rows = 0
    with zf.open(member, "w", force_zip64=True) as raw:
        sink = _HashingWriter(raw)
        text = io.TextIOWrapper(sink, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(names)
        batch: list[list[str]] = []
        for record in iter_csv_records(iter_rows(conn, dataset, Filters()), names):
            batch.append(record)
            rows += 1
            if len(batch) >= ROWS_PER_WRITE:
                writer.writerows(batch)
                batch = []
        writer.writerows(batch)
        text.flush()
        text.detach()
    return sink.size, sink.sha256.hexdigest(), rows


def _write_parquet(zf: zipfile.ZipFile, member: str, conn: Connection, dataset: Dataset,
                   publication: dict[str, Any], suppression_k: int) -> tuple[int, str]:
    """The same rows as the CSV, typed, with licence and demo flag in the file's metadata."""
    with zf.open(member, "w", force_zip64=True) as raw:
        sink = _HashingWriter(raw)
        write_parquet(iter_rows(conn, dataset, Filters()), dataset, dataset.field_names, sink,
                      metadata=file_metadata(dataset, publication, suppression_k))
    return sink.size, sink.sha256.hexdigest()


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


def build_bulk(engine: Engine, publication_id: int, export_dir: Path, *,
               suppression_k: int | None = None) -> Path:
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
            raise ValueError(f"publication {publication_id} is not the current one; the bulk "
                             "download must be built right after its commit")
        return _write_zip(conn, publication, Path(export_dir),
                          suppression_k or _suppression_k())


def _write_zip(conn: Connection, publication: dict[str, Any], export_dir: Path,
               suppression_k: int) -> Path:
    publication_id = int(publication["id"])
    target_dir = export_dir / str(publication_id)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / BULK_NAME
    handle, temp_name = tempfile.mkstemp(prefix=".latest-", suffix=".zip.tmp", dir=target_dir)
    os.close(handle)
    temp = Path(temp_name)
    try:
        files: dict[str, dict[str, Any]] = {}
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=6) as zf:
            for ds in DATASETS.values():
                member = f"data/{ds.id}.csv"
                size, digest, _rows = _write_csv(zf, member, conn, ds)
                files[member] = {"bytes": size, "hash": f"sha256:{digest}"}
                member = f"data/{ds.id}.parquet"
                size, digest = _write_parquet(zf, member, conn, ds, publication, suppression_k)
                files[member] = {"bytes": size, "hash": f"sha256:{digest}"}
            package = datapackage(
                publication, suppression_k=suppression_k,
                path_for=lambda ds: f"data/{ds.id}.csv",
                extra=lambda ds: files[f"data/{ds.id}.csv"])
            package["x-built-at"] = datetime.now(UTC).isoformat().replace("+00:00", "Z")
            extras = {
                "datapackage.json": json.dumps(package, ensure_ascii=False, indent=2,
                                               default=str).encode(),
                "README.txt": _readme(publication).encode(),
            }
            for member, data in extras.items():
                zf.writestr(member, data)
                files[member] = {"hash": f"sha256:{hashlib.sha256(data).hexdigest()}"}
            sums = "".join(f"{info['hash'].removeprefix('sha256:')}  {member}\n"
                           for member, info in sorted(files.items()))
            zf.writestr("SHA256SUMS", sums)
        with temp.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(target_dir)
    return target


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
