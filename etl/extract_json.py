"""JSON extracts: an array of objects read record by record, every value as a string.

Why record by record with ``raw_decode`` and not ``json.loads``: the limits (rows, columns,
nesting) stop a hostile file early, and records are turned into Arrow string columns in
chunks so that the Python objects of a whole file are never held at once.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd
import pyarrow as pa

from etl import limits
from etl.arrowtext import STR, arrow_strings
from etl.rawtext import ExtractError
from etl.rowbuffer import CHUNK_ROWS
from etl.trim import trim_to_null

_JSON_SPACE = re.compile(r"[ \t\n\r]*")

Chunk = tuple[int, dict[str, pa.Array]]  # records in the chunk, Arrow column per key


# A text with at most this many objects and arrays (counted as its "{" and "[", an upper
# bound) is parsed whole by json.loads, at C speed, then checked record by record exactly as
# the streaming reader checks it (a national camera file: 57 -> ~20 ms, a visits file of
# 30,000 records ~2x faster). The bound keeps the Python objects of a whole file about what
# the streaming reader holds in one chunk of CHUNK_ROWS records; a text of many small objects
# (20 million empty rows) is streamed and stopped at the row limit.
WHOLE_PARSE_MAX_CONTAINERS = 2 * CHUNK_ROWS


def parse_records(text: str) -> tuple[list[str], list[Chunk], int]:
    """A JSON array of objects, record by record within the limits: (every key in first-seen
    order, the records as chunks of Arrow string columns, how many records)."""
    braces, brackets = text.count("{"), text.count("[")
    if braces + brackets <= WHOLE_PARSE_MAX_CONTAINERS:
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            pass  # the streaming reader meets the same error, and names it as before
        else:
            if not isinstance(document, list):
                raise ExtractError("not a JSON array of objects")
            # One "[" (the array) and one "{" per record, every record an object: no value
            # can be nested.
            flat = (
                brackets == 1
                and braces == len(document)
                and all(isinstance(record, dict) for record in document)
            )
            return _checked(document, flat)
    return _streamed(text)


class _Records:
    """The records read so far, within the limits, in chunks of CHUNK_ROWS: the checks both
    readers make of each record, in one order (so a file is refused for the same first
    reason whichever reads it)."""

    def __init__(self) -> None:
        self.keys: dict[str, None] = {}  # every key seen, in first-seen order
        self.chunks: list[Chunk] = []
        self.pending: list[dict[str, Any]] = []
        self.count = 0

    def add(self, record: Any, may_nest: bool) -> None:
        """One decoded record; `may_nest`: it may hold an object or an array."""
        if not isinstance(record, dict):
            raise ExtractError("not a JSON array of objects")
        self.count += 1
        if self.count > limits.MAX_ROWS:
            raise ExtractError(f"more than {limits.MAX_ROWS:,} rows")
        if not record.keys() <= self.keys.keys():
            self.keys.update(dict.fromkeys(record))
            if len(self.keys) > limits.MAX_COLUMNS:
                raise ExtractError(f"more than {limits.MAX_COLUMNS} columns")
        if may_nest:
            record = _flatten_nested(record)
        self.pending.append(record)
        if len(self.pending) >= CHUNK_ROWS:
            self.chunks.append(_json_chunk(self.pending))
            self.pending = []

    def result(self) -> tuple[list[str], list[Chunk], int]:
        if self.pending:
            self.chunks.append(_json_chunk(self.pending))
            self.pending = []
        return list(self.keys), self.chunks, self.count


def _checked(document: list[Any], flat: bool) -> tuple[list[str], list[Chunk], int]:
    """parse_records of a document parsed whole. `flat`: no record holds an object or an
    array."""
    records = _Records()
    for record in document:
        may_nest = (
            not flat
            and isinstance(record, dict)
            and any(isinstance(value, (dict, list)) for value in record.values())
        )
        records.add(record, may_nest)
    return records.result()


def _streamed(text: str) -> tuple[list[str], list[Chunk], int]:
    """parse_records one record at a time (raw_decode), stopping at the first limit broken."""
    decoder = json.JSONDecoder()
    pos = _JSON_SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] != "[":
        _json_fail(text, pos, decoder)
    pos = _JSON_SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    records = _Records()
    done = text[pos : pos + 1] == "]"
    if done:
        pos += 1
    while not done:
        start = pos
        try:
            record, pos = decoder.raw_decode(text, pos)
        except RecursionError:
            raise ExtractError(f"JSON nested deeper than {limits.MAX_JSON_DEPTH} levels") from None
        except ValueError:
            raise ExtractError("invalid JSON") from None
        # rare: brackets in a value, maybe nested ones
        may_nest = text.find("[", start + 1, pos) >= 0 or text.find("{", start + 1, pos) >= 0
        records.add(record, may_nest)
        pos = _JSON_SPACE.match(text, pos).end()  # type: ignore[union-attr]
        sep = text[pos : pos + 1]
        if sep == ",":
            pos = _JSON_SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
        elif sep == "]":
            pos, done = pos + 1, True
        else:
            raise ExtractError("invalid JSON")
    if _JSON_SPACE.match(text, pos).end() != len(text):  # type: ignore[union-attr]
        raise ExtractError("invalid JSON")
    return records.result()


def _json_chunk(records: list[dict[str, Any]]) -> Chunk:
    """Records as Arrow string columns, rendered as pandas renders them (vectorised)."""
    # dtype=object: no inference, so 591010000 stays "591010000" and not "591010000.0".
    body = pd.DataFrame(records, dtype=object)
    out = {}
    for index, key in enumerate(body.columns):
        out[key] = _objects_to_str(body.iloc[:, index])
    return len(records), out


def _flatten_nested(record: dict[str, Any]) -> dict[str, Any]:
    """Nested values (objects, arrays) as compact JSON text, refusing the too deep."""
    flat = {}
    for key, value in record.items():
        if isinstance(value, (dict, list)):
            if _json_depth(value) > limits.MAX_JSON_DEPTH - 2:  # the array and the record
                raise ExtractError(f"JSON nested deeper than {limits.MAX_JSON_DEPTH} levels")
            value = json.dumps(value, ensure_ascii=False)
        flat[key] = value
    return flat


def _json_fail(text: str, pos: int, decoder: json.JSONDecoder) -> None:
    """The document is not an array: say whether it is JSON at all."""
    try:
        decoder.raw_decode(text, pos)
    except RecursionError:
        raise ExtractError(f"JSON nested deeper than {limits.MAX_JSON_DEPTH} levels") from None
    except ValueError:
        raise ExtractError("invalid JSON") from None
    raise ExtractError("not a JSON array of objects")


def _json_depth(value: Any) -> int:
    """Nesting depth of a decoded JSON value, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > limits.MAX_JSON_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return deepest


def _objects_to_str(values: pd.Series) -> pa.Array:
    """Python cell values (int, float, datetime, str...) rendered as pandas renders them, as
    trimmed Arrow strings. Missing values stay missing; "" and whitespace-only become
    missing, as in CSV (etl.trim)."""
    # the Arrow strings behind the rendered Series (through Python objects: a third of the chunk)
    rendered = arrow_strings(values.astype(STR)).combine_chunks()
    return trim_to_null(rendered).cast(pa.string())
