"""The long-line guard of the CSV reader (etl.rawtext.has_line_longer_than) against the exact
longest line, on generated text: the block shortcut must never miss a long line. And the
numpy search for a UTF-8 sequence against the regular expression that defines one."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.rawtext import (
    _decode_mixed,
    _has_utf8_sequence,
    has_line_longer_than,
    line_in_utf8,
    longest_line,
)

# A UTF-8 multi-byte sequence, by definition (etl.rawtext._has_utf8_sequence finds it in numpy)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
    rb"|[\xf0-\xf4][\x80-\xbf]{3}"
)

LINE_ENDS = st.sampled_from([b"\n", b"\r", b"\r\n"])


@st.composite
def text_and_limit(draw: st.DrawFn) -> tuple[bytes, int]:
    lengths = draw(st.lists(st.integers(0, 60), max_size=12))
    ends = [draw(LINE_ENDS) for _ in lengths]
    body = b"".join(b"x" * n + end for n, end in zip(lengths, ends, strict=True))
    body += b"y" * draw(st.integers(0, 60))  # a last line without an end
    return body, draw(st.integers(1, 70))


@settings(max_examples=400, deadline=None)
@given(text_and_limit())
def test_agrees_with_the_exact_longest_line(case: tuple[bytes, int]) -> None:
    data, limit = case
    assert has_line_longer_than(data, limit) == (longest_line(data) > limit)


def test_a_long_line_in_the_middle_of_short_ones_is_found() -> None:
    data = b"a,b\n" * 1000 + b"z" * 101 + b"\n" + b"a,b\r\n" * 1000
    assert has_line_longer_than(data, 100)
    assert not has_line_longer_than(data, 101)
    assert not has_line_longer_than(b"", 1)


# Bytes around every boundary of the UTF-8 lead and continuation ranges, and ASCII.
_EDGE_BYTES = st.sampled_from(
    [
        0x00,
        0x41,
        0x7F,
        0x80,
        0xA8,
        0xBF,
        0xC0,
        0xC1,
        0xC2,
        0xD0,
        0xDF,
        0xE0,
        0xEF,
        0xF0,
        0xF4,
        0xF5,
        0xFF,
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_EDGE_BYTES, st.integers(0, 255)), max_size=12).map(bytes))
def test_utf8_sequence_search_agrees_with_its_definition(block: bytes) -> None:
    assert _has_utf8_sequence(block) == (_UTF8_SEQUENCE.search(block) is not None)


@pytest.mark.parametrize(
    ("block", "found"),
    [
        (b"\xd0\xb8", True),  # Cyrillic in UTF-8
        (b"\xc1\x80", False),  # an overlong lead is not one
        (b"\xe0\x80", False),  # cut short
        (b"\xe0\x80\x80", True),
        (b"\xf4\x8f\xbf\xbf", True),
        (b"\xf5\x80\x80\x80", False),  # past the last lead byte
        (b"\xf0\x80\x80", False),
        ("Привет".encode("cp1251"), False),
        ("Сёмга".encode("cp1251"), True),  # С then ё read as a UTF-8 pair
    ],
)
def test_utf8_sequence_search_examples(block: bytes, found: bool) -> None:
    assert (_UTF8_SEQUENCE.search(block) is not None) == found
    assert _has_utf8_sequence(block) == found


def _line_by_line(block: bytes) -> tuple[bytes, int, int]:
    """The reference: every line through _line_kind, as decode() did before _decode_mixed."""
    out, kinds = bytearray(), []
    for line in io.BytesIO(block):
        text, kind = line_in_utf8(line)
        out += text
        kinds.append(kind)
    return bytes(out), kinds.count("cp1251"), kinds.count("bad")


_LINES = st.one_of(
    st.sampled_from(
        [
            b"visit_id,office\n",
            "Ахметов Ержан, Алматы\n".encode(),
            "Ахметов Ержан, Алматы\n".encode("cp1251"),
            "жёлтый\r\n".encode("cp1251"),
            "Сёмга\n".encode("cp1251"),  # С then ё: reads as a UTF-8 pair
            "Яблоко \ufffd\n".encode(),
            b"a\x00b\n",
            b"\x98\xc0\n",
            b"\xc0\xc1\xf5\n",
            b"\n",
            b"no end",
        ]
    ),
    st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"") + b"\n"),
    st.text(max_size=8).map(lambda s: s.replace("\n", "").encode() + b"\n"),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=30).map(b"".join))
def test_mixed_blocks_decode_as_line_by_line(block: bytes) -> None:
    assert _decode_mixed(block) == _line_by_line(block)
