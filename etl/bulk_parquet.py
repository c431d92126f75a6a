"""The Parquet members of the bulk zip: the same rows as each CSV member, typed, with the
licence and the demo flag in the file's metadata. Written to a work folder and stored in the
zip as they are (not deflated: Parquet pages are compressed already)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Connection

from data.catalog import Dataset
from data.parquet import (
    COMPRESSION,
    ROW_GROUP_ROWS,
    arrow_schema,
    file_metadata,
    write_parquet,
)
from data.queries import Filters, iter_rows
from etl.zipwriter import Member


def parquet_member(
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


def parquet_from_pieces(
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
