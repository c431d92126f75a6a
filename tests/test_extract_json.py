"""The JSON reader's two ways (etl.extract_json): a text parsed whole and then checked gives
exactly what the record-by-record reader gives, the same keys, values and count, or the same
refusal for the same first reason, whatever the records hold and whichever limit breaks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import extract_json, limits
from etl.rawtext import ExtractError

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "  ", " a ", "{", "[x]", "Алматы", "2026-10-01T00:02:04", "0012"]),
    st.text(max_size=6),
)
_KEYS = st.sampled_from(["a", "b", "c", "d", "E", "f f", "ж"])
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)),
    max_leaves=6,
)
# Mostly flat objects (as delivered), sometimes nested values or a record that is no object.
_RECORDS = st.one_of(
    st.dictionaries(_KEYS, _SCALARS, max_size=5),
    st.dictionaries(_KEYS, _SCALARS, max_size=5),
    st.dictionaries(_KEYS, _VALUES, max_size=4),
    _SCALARS,
    st.lists(_SCALARS, max_size=2),
)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    records: list[Any] = draw(st.lists(_RECORDS, max_size=12))
    text = json.dumps(records, ensure_ascii=draw(st.booleans()))
    damage = draw(st.integers(0, 9))
    if damage == 0 and len(text) > 2:  # cut short: invalid JSON somewhere after a record
        text = text[: draw(st.integers(1, len(text) - 1))]
    elif damage == 1:
        text += draw(st.sampled_from([" ", "\n", "x", ",", "]", "{}"]))
    elif damage == 2:  # a record nested deeper than the limit
        depth = draw(st.integers(1, 12))
        deep = "[" * depth + "1" + "]" * depth
        text = text[:-1] + ("," if records else "") + '{"a": ' + deep + "}]"
    elif damage == 3:
        text = json.dumps(draw(_VALUES))  # not an array at all, maybe
    return text


def _outcome(read: Any, text: str) -> Any:
    try:
        keys, chunks, count = read(text)
    except ExtractError as exc:
        return ("refused", str(exc))
    return (
        "read",
        keys,
        count,
        [(size, {k: v.to_pylist() for k, v in columns.items()}) for size, columns in chunks],
    )


@settings(max_examples=400, deadline=None)
@given(_documents(), st.integers(1, 8), st.integers(1, 5), st.integers(3, 6))
def test_whole_parse_reads_and_refuses_as_the_stream_does(
    text: str, max_rows: int, max_columns: int, max_depth: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(limits, "MAX_ROWS", max_rows)
        patch.setattr(limits, "MAX_COLUMNS", max_columns)
        patch.setattr(limits, "MAX_JSON_DEPTH", max_depth)
        patch.setattr(extract_json, "CHUNK_ROWS", 3)  # several chunks in a small text
        assert _outcome(extract_json.parse_records, text) == _outcome(
            extract_json._streamed, text
        ), text


def test_a_text_of_many_small_objects_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Twenty million empty rows must stop at the row limit, never be parsed whole."""
    monkeypatch.setattr(limits, "MAX_ROWS", 1000)
    parsed_whole: list[str] = []
    monkeypatch.setattr(extract_json.json, "loads", parsed_whole.append)
    text = "[" + "{}," * (extract_json.WHOLE_PARSE_MAX_CONTAINERS + 1) + "{}]"
    with pytest.raises(ExtractError, match="more than 1,000 rows"):
        extract_json.parse_records(text)
    assert parsed_whole == []


@pytest.mark.parametrize("depth", [40, 5000])
def test_deep_nesting_is_refused_as_the_stream_refuses_it(depth: int) -> None:
    text = '[{"a": 1}, {"b": ' + "[" * depth + "]" * depth + "}]"
    refused = _outcome(extract_json.parse_records, text)
    assert refused == _outcome(extract_json._streamed, text)
    assert refused == ("refused", f"JSON nested deeper than {limits.MAX_JSON_DEPTH} levels")
