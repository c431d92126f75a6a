"""The bulk download: every catalogue dataset as CSV and Parquet + datapackage.json +
SHA256SUMS, one zip.

Built once per publication, right after the ETL commits it (the API only serves the file):

    build_bulk(engine, publication_id, export_dir) -> export_dir/<publication_id>/latest.zip

Rows are streamed from the warehouse into the zip (constant memory); the zip is written to
a temporary file in the same folder and renamed into place, so a reader sees the previous
file or the complete new one, never half a zip. `frictionless validate latest.zip` passes.

This module assembles the zip; the days and months of time-partitioned datasets come from
cached segments (etl.bulk_segments), the Parquet members from etl.bulk_parquet.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from data.catalog import DATASETS, Dataset
from data.packaging import DEMO_NOTE, datapackage, iter_csv_records
from data.publications import begin_snapshot, latest_publication_head, publication_by_id
from data.queries import Filters, iter_rows
from etl.bulk_parquet import parquet_from_pieces, parquet_member
from etl.bulk_segments import PARTITIONED_BY, SegmentCache, csv_segment, prebuild
from etl.helper import Helper, run_here_or_there, submit
from etl.zipwriter import Member, deflate_segment, write_zip

log = logging.getLogger("etl")

# The daily datasets: with a helper, their stale days are shared between the two processes
# (etl.bulk_segments.prebuild); the helper writes the monthly datasets first.
SHARED = [ds.id for ds in DATASETS.values() if ds.time_field == "date"]

BULK_NAME = "latest.zip"
KEEP_PUBLICATIONS = 3  # export folders kept: the current one and a few for downloads in flight


def _header_segment(dataset: Dataset) -> bytes:
    return csv_segment([dataset.field_names])


def _rows_segment(conn: Connection, dataset: Dataset, filters: Filters) -> bytes:
    names = dataset.field_names
    return csv_segment(iter_csv_records(iter_rows(conn, dataset, filters), names))


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
    engine: Engine,
    publication_id: int,
    export_dir: Path,
    *,
    suppression_k: int | None = None,
    helper: Helper | None = None,
) -> Path:
    """Write export_dir/<publication_id>/latest.zip for the publication just committed.

    `suppression_k` is only described in the metadata (the ETL has applied it); by default
    it is read from the SUPPRESSION_K setting. With a `helper` (etl.helper), the monthly
    datasets' new months are written there while this process builds the rest.
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
        prebuilding = submit(
            helper,
            prebuild,
            engine.url.render_as_string(hide_password=False),
            Path(export_dir),
            publication_id,
            [ds.id for ds in DATASETS.values() if ds.time_field == "month"],
            SHARED,
        )
        target = _write_zip(
            conn, publication, Path(export_dir), suppression_k or _suppression_k(), prebuilding
        )
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
    conn: Connection,
    publication: dict[str, Any],
    export_dir: Path,
    suppression_k: int,
    prebuilding: Future[dict[str, list[str]]] | None = None,
) -> Path:
    publication_id = int(publication["id"])
    target_dir = export_dir / str(publication_id)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / BULK_NAME
    cache = SegmentCache(export_dir, conn, publication)
    work = Path(tempfile.mkdtemp(prefix=".parquet-", dir=target_dir))
    csv_of: dict[str, Member] = {}
    parquet_of: dict[str, Member] = {}

    def helper_wrote() -> dict[str, list[str]]:
        """What the helper wrote, once it is done (waited for once)."""
        nonlocal prebuilding
        if prebuilding is not None:
            cache.prebuilt = _prebuilt(prebuilding)
            prebuilding = None
        return cache.prebuilt

    # With a helper: first what only this process builds, then the partitions both share,
    # then the datasets the helper built (the monthly ones).
    def turn(ds: Dataset) -> int:
        if prebuilding is None:
            return 0
        return 2 if ds.time_field == "month" else 1 if ds.id in SHARED else 0

    try:
        for ds in sorted(DATASETS.values(), key=turn):
            if ds.time_field == "month":
                helper_wrote()
            segments: list[Path | bytes] = [_header_segment(ds)]
            if ds.time_field in PARTITIONED_BY:
                shared = helper_wrote if ds.id in SHARED and prebuilding is not None else None
                csv_parts, pieces = cache.segments(conn, ds, shared)
                segments += csv_parts
                parquet_of[ds.id] = parquet_from_pieces(
                    ds, pieces, publication, suppression_k, work
                )
            else:
                segments.append(_rows_segment(conn, ds, Filters()))
                parquet_of[ds.id] = parquet_member(conn, ds, publication, suppression_k, work)
            csv_of[ds.id] = Member(f"data/{ds.id}.csv", segments)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    members = [csv_of[ds_id] for ds_id in DATASETS]
    parquet = [parquet_of[ds_id] for ds_id in DATASETS]
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


def _prebuilt(prebuilding: Future[dict[str, list[str]]]) -> dict[str, list[str]]:
    """What the helper wrote; nothing when it died or failed (this process writes it all)."""
    try:
        return run_here_or_there(prebuilding, dict)
    except Exception:
        log.exception("the helper could not write the new months of the bulk zip; done here")
        return {}


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
