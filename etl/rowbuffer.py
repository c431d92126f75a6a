"""Rows read one by one (xlsx, JSON) gathered into Arrow string columns, a chunk at a time.

Why: a million rows held as Python lists of str cost ~1 KB each (over 1 GB in all); as Arrow
arrays they cost their text plus 4 bytes a cell. Only CHUNK_ROWS rows are ever Python objects.
"""

from __future__ import annotations

from array import array

import pyarrow as pa

CHUNK_ROWS = 20_000


class RowBuffer:
    """Rows of string cells (None = empty) by position; ragged rows are padded with nulls."""

    def __init__(self) -> None:
        self.columns: list[list[pa.Array]] = []
        self.lines = array("q")  # each row's line (record) number
        self._pending: list[list[str | None]] = []

    def add(self, line: int, cells: list[str | None]) -> None:
        self.lines.append(line)
        self._pending.append(cells)
        if len(self._pending) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        rows, self._pending = self._pending, []
        if not rows:
            return
        done = len(self.lines) - len(rows)
        width = max(len(self.columns), max(len(r) for r in rows))
        while len(self.columns) < width:  # a column first seen now: nulls for earlier rows
            self.columns.append([pa.nulls(done, pa.string())] if done else [])
        for index, chunks in enumerate(self.columns):
            chunks.append(
                pa.array([r[index] if index < len(r) else None for r in rows], type=pa.string())
            )

    def column(self, index: int) -> pa.ChunkedArray:
        """Column ``index`` over all rows (nulls when no row reached it)."""
        self.flush()
        if index >= len(self.columns):
            return pa.chunked_array([pa.nulls(len(self.lines), pa.string())])
        return pa.chunked_array(self.columns[index], type=pa.string())

    @property
    def width(self) -> int:
        self.flush()
        return len(self.columns)
