"""The body of a CSV extract, parsed by pyarrow within the limits (etl.extract reads the
file, decodes it and finds the header; this parses what follows)."""

from __future__ import annotations

from collections.abc import Collection

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from etl import limits
from etl.rawtext import ExtractError
from etl.trim import trim_to_null

_DELIMITERS = (",", ";", "\t")


def sniff_delimiter(header_line: str) -> str:
    """Pick the delimiter that occurs most often in the header line (ties: , ; tab)."""
    counts = [header_line.count(d) for d in _DELIMITERS]
    best = max(range(len(_DELIMITERS)), key=lambda i: (counts[i], -i))
    return _DELIMITERS[best] if counts[best] else ","


def parse_csv(
    payload: bytes | bytearray,
    start: int,
    names: list[str],
    delimiter: str,
    encoding: str,
    skipped: Collection[str] = (),
) -> pa.Table:
    """Parse the body with pyarrow, batch by batch so that MAX_ROWS stops it early. The
    `skipped` columns are left as raw bytes, untrimmed (unread)."""
    bad_rows: list[str] = []

    def _on_invalid(row: pacsv.InvalidRow) -> str:
        # Called only for malformed records. The text is kept just long enough to
        # locate the first one; it never goes into a message.
        bad_rows.append("" if bad_rows else row.text)
        return "skip"

    batches = []
    rows = 0
    try:
        reader = pacsv.open_csv(
            pa.py_buffer(payload).slice(start),
            read_options=pacsv.ReadOptions(
                column_names=names,
                skip_rows=1,
                encoding=encoding,
                block_size=4 * limits.MAX_LINE_BYTES,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                invalid_row_handler=_on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.binary() if n in skipped else pa.string() for n in names},
                strings_can_be_null=False,
            ),
        )
        for batch in reader:
            rows += batch.num_rows
            if rows > limits.MAX_ROWS:
                raise ExtractError(f"more than {limits.MAX_ROWS:,} rows")
            # cleaned batch by batch, so that the raw and the clean copy of the whole
            # file are never held together
            batches.append(
                pa.RecordBatch.from_arrays(
                    [
                        column if name in skipped else trim_to_null(column)
                        for name, column in zip(names, batch.columns, strict=True)
                    ],
                    schema=batch.schema,
                )
            )
        table = pa.Table.from_batches(batches, schema=reader.schema)
    except (pa.ArrowException, UnicodeDecodeError, StopIteration):
        # pyarrow's own messages quote the offending record: never pass them on.
        raise ExtractError("malformed CSV") from None
    if bad_rows:
        where = ""
        try:
            pos = payload.find(bad_rows[0].encode("utf-8" if encoding == "utf8" else "cp1251"))
        except UnicodeEncodeError:
            pos = -1
        if bad_rows[0] and pos >= 0:
            line = payload.count(b"\n", 0, pos) + 1
            where = f", first at line {line}"
        raise ExtractError(
            f"malformed CSV: {len(bad_rows)} record(s) with a field count different from the header{where}"
        )
    return table


def unread(raw: pa.ChunkedArray, check_marks: bool) -> pa.ChunkedArray:
    """A column the caller does not read (personal, unknown): all missing, unless one of
    its values may be refused (_refuse_and_frame), then read as every column is.

    Why: checking that a column's bytes are UTF-8 and trimming them was half of a national
    visits file's parse (17 -> 9 ms), for columns that anonymise drops next. A value can
    break MAX_CELL_CHARS only with more bytes than that, and a mark of an undecodable line
    only where decoding found one (check_marks)."""
    longest = pc.max(pc.binary_length(raw)).as_py() or 0
    if check_marks or longest > limits.MAX_CELL_CHARS:
        return pa.chunked_array(
            [trim_to_null(chunk.cast(pa.string())) for chunk in raw.chunks],
            type=pa.string(),
        )
    return pa.chunked_array([pa.nulls(len(raw), pa.string())], type=pa.string())
