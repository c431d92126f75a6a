"""The long-line guard of the CSV reader (etl.rawtext.has_line_longer_than) against the exact
longest line, on generated text: the block shortcut must never miss a long line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.rawtext import has_line_longer_than, longest_line

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
