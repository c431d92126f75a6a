"""Raw bytes to text: each line in UTF-8 or Windows-1251, and the error every reader raises.

Why apart from extract: deciding the encoding line by line (files stitched from two systems)
is a job of its own, shared by the CSV and the JSON reader; extract only needs the text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from etl import limits
from etl.landing import safe_name

log = logging.getLogger("etl")

UTF8_BOM = b"\xef\xbb\xbf"


class ExtractError(Exception):
    """A file cannot be read at all. The message is one line and holds no cell value."""


def _is_utf8(data: bytes) -> bool:
    """Strict UTF-8 check in Arrow, without building a Python str of the whole file."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    array = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        array.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


@dataclass
class Decoded:
    payload: bytes | bytearray  # the file without BOM, in `encoding`
    encoding: str  # "utf8" or "cp1251" (pyarrow's names)
    fallback_lines: int = 0  # lines read as Windows-1251 in a UTF-8 file
    bad_lines: int = 0  # lines in neither encoding, or with NUL bytes: U+FFFD marks them

    def text(self) -> str:
        return self.payload.decode("utf-8" if self.encoding == "utf8" else "cp1251")


_BLOCK = 1 << 18  # decoding works on runs of whole lines of about this size


def decode(data: bytes) -> Decoded:
    """Decode line by line: UTF-8 where a line is UTF-8, else Windows-1251.

    Why per line and this order: the contract allows both encodings, and files are
    sometimes stitched from two systems (30 Windows-1251 lines inside a UTF-8 facility
    registry rejected 5,185 rows). Strict UTF-8 almost never accepts Cyrillic written in
    Windows-1251 (its letters are bytes 0xC0-0xFF, never followed by the 0x80-0xBF a UTF-8
    sequence needs), while Windows-1251 "decodes" anything, so UTF-8 is tried first on each
    line and nothing decodable is lost. A line that is neither (or holds NUL bytes, which
    no text has) keeps its place in the file with U+FFFD where the bad bytes were; the
    records holding it are quarantined as ``undecodable_line`` rather than guessed.

    For speed the file is checked in blocks of whole lines (C-speed checks); only a block
    holding both kinds of line, or a bad one, is looked at line by line.
    """
    bom = data.startswith(UTF8_BOM)
    body = data[len(UTF8_BOM) :] if bom else data
    if b"\x00" not in body and _is_utf8(body):
        return Decoded(body, "utf8")
    kinds = [(start, end, _block_kind(body[start:end])) for start, end in _blocks(body)]
    if not bom and all(kind == "cp1251" for _, _, kind in kinds):
        return Decoded(body, "cp1251")  # a plain Windows-1251 file: pyarrow transcodes it
    out = bytearray()
    cp1251 = bad = 0
    for start, end, kind in kinds:
        block = body[start:end]
        if kind == "utf8":
            out += block
        elif kind == "cp1251":
            out += block.decode("cp1251").encode("utf-8")
            cp1251 += sum(1 for line in block.splitlines() if not line.isascii())
        else:
            text, cp1251_lines, bad_lines = _decode_mixed(block)
            out += text
            cp1251 += cp1251_lines
            bad += bad_lines
    return Decoded(out, "utf8", fallback_lines=cp1251, bad_lines=bad)


# Bytes no UTF-8 text holds (C0 and C1 would start overlong forms, F5-FF lie past U+10FFFF),
# while Windows-1251 Cyrillic is full of them: "А", "Б", "х"-"я".
def _never_utf8(data: np.ndarray) -> np.ndarray:
    """Per byte: one of those. Compared, not looked up in a table of 256: numpy's fancy
    indexing was 10.7 ms of a 4.7 MB file, the comparisons 2.7 ms."""
    return (data >= 0xF5) | ((data & 0xFE) == 0xC0)


def _decode_mixed(block: bytes) -> tuple[bytes, int, int]:
    """A block holding both kinds of line, each line as _line_kind says: (the block in
    UTF-8, lines read as Windows-1251, bad lines).

    Why not _line_kind on every line: a stitched national visits file mixes ~25,000
    Windows-1251 lines with UTF-8 ones through every block, and trying each as UTF-8 first
    (an exception for most) was 51 ms a file. A line holding a byte UTF-8 never has, and
    neither NUL nor 0x98 (the byte Windows-1251 leaves undefined), is a Windows-1251 line
    for certain: found with numpy, and each run of them transcoded in one call. Only the
    other lines go through _line_kind."""
    data = np.frombuffer(block, dtype=np.uint8)
    ends = np.flatnonzero(data == 0x0A) + 1
    if not len(ends) or ends[-1] != len(data):  # a last line without its line end
        ends = np.append(ends, len(data))
    starts = np.concatenate(([0], ends[:-1]))
    # flag & per line, by reduceat over each line's bytes (no line is empty)
    certain = np.logical_or.reduceat(_never_utf8(data), starts)
    certain &= ~np.logical_or.reduceat((data == 0x00) | (data == 0x98), starts)
    # runs of lines alike: where `certain` changes
    edges = np.flatnonzero(np.diff(certain.astype(np.int8))) + 1
    run_starts = np.concatenate(([0], edges)).tolist()
    run_ends = [*edges.tolist(), len(starts)]
    starts_list, ends_list = starts.tolist(), ends.tolist()
    out = bytearray()
    cp1251 = bad = 0
    for first, last in zip(run_starts, run_ends, strict=True):
        if certain[first]:
            out += block[starts_list[first] : ends_list[last - 1]].decode("cp1251").encode("utf-8")
            cp1251 += last - first
            continue
        for i in range(first, last):
            text, line_kind = line_in_utf8(block[starts_list[i] : ends_list[i]])
            out += text
            cp1251 += line_kind == "cp1251"
            bad += line_kind == "bad"
    return bytes(out), cp1251, bad


def line_in_utf8(line: bytes) -> tuple[bytes, str]:
    """One line in UTF-8, and its kind (_line_kind): as it is, from Windows-1251, or marked
    with U+FFFD where it cannot be read."""
    line_kind = _line_kind(line)
    if line_kind == "cp1251":
        return line.decode("cp1251").encode("utf-8"), line_kind
    if line_kind == "bad":
        return _marked(line).encode("utf-8"), line_kind
    return line, line_kind


def _blocks(body: bytes) -> list[tuple[int, int]]:
    """(start, end) of runs of whole lines, about _BLOCK bytes each."""
    spans, start = [], 0
    while start < len(body):
        end = body.find(b"\n", start + _BLOCK)
        end = len(body) if end < 0 else end + 1
        spans.append((start, end))
        start = end
    return spans


def _block_kind(block: bytes) -> str:
    """utf8 or cp1251 when every line of the block is that; mixed otherwise."""
    if b"\x00" in block:
        return "mixed"
    if block.isascii():
        return "utf8"
    try:
        block.decode("utf-8")
        return "utf8"
    except UnicodeDecodeError:
        pass
    if _has_utf8_sequence(block):
        return "mixed"
    try:
        block.decode("cp1251")
        return "cp1251"
    except UnicodeDecodeError:
        return "mixed"


def _has_utf8_sequence(block: bytes) -> bool:
    """Whether `block` holds a UTF-8 multi-byte sequence (a lead byte C2-DF, E0-EF or F0-F4
    followed by one, two or three bytes 80-BF): a Windows-1251 block without one has no
    UTF-8 line in it. In numpy: a regular expression took ~17 ns a byte to find none in a
    Windows-1251 file (8 ms of a 450 KB camera file, profiled; tests/test_rawtext_lines.py
    holds that expression and compares the two)."""
    data = np.frombuffer(block, dtype=np.uint8)
    follows = (data >= 0x80) & (data <= 0xBF)  # a continuation byte
    for lead_low, lead_high, continued in ((0xC2, 0xDF, 1), (0xE0, 0xEF, 2), (0xF0, 0xF4, 3)):
        n = len(data) - continued
        if n <= 0:
            continue
        found = (data[:n] >= lead_low) & (data[:n] <= lead_high)
        for k in range(1, continued + 1):
            found &= follows[k : k + n]
        if found.any():
            return True
    return False


def _marked(line: bytes) -> str:
    """A bad line's text with U+FFFD where it cannot be read (the mark that quarantines it)."""
    text = line.decode("utf-8" if b"\x00" in line else "cp1251", "replace")
    return text.replace("\x00", "\ufffd")


def _line_kind(line: bytes) -> str:
    if b"\x00" in line:
        return "bad"
    if line.isascii():
        return "utf8"
    try:
        line.decode("utf-8")
        return "utf8"
    except UnicodeDecodeError:
        pass
    try:
        line.decode("cp1251")
        return "cp1251"
    except UnicodeDecodeError:  # 0x98 is the one byte Windows-1251 leaves undefined
        return "bad"


def has_line_longer_than(data: bytes, limit: int) -> bool:
    """Whether a physical line (LF, CR or CRLF ends) is longer than `limit` bytes.

    Why not longest_line() always: finding every line end of a national file cost more than
    parsing parts of it (~14 ms for a 47,000-row facility snapshot, profiled). A line longer
    than `limit` covers a whole aligned block of `limit // 2` bytes, so when every such block
    holds a line end (one C-level search each, stopping at the first end) no line is that
    long; only a block without one needs the exact count."""
    half = max(1, limit // 2)
    for start in range(0, len(data) - half + 1, half):
        end = start + half
        if data.find(b"\n", start, end) < 0 and data.find(b"\r", start, end) < 0:
            return longest_line(data) > limit
    return False


def longest_line(data: bytes) -> int:
    """Length of the longest physical line (LF, CR or CRLF ends), in chunks of bounded memory."""
    bytes_ = np.frombuffer(data, dtype=np.uint8)
    longest, last = 0, -1
    step = 8 * limits.MiB
    for start in range(0, len(bytes_), step):
        chunk = bytes_[start : start + step]
        ends = np.flatnonzero((chunk == 10) | (chunk == 13)) + start
        if len(ends):
            longest = max(longest, int(ends[0]) - last - 1)
            if len(ends) > 1:
                longest = max(longest, int(np.diff(ends).max()) - 1)
            last = int(ends[-1])
    return max(longest, len(bytes_) - last - 1)


def log_decoding(path: Path, decoded: Decoded) -> None:
    if decoded.fallback_lines:
        log.info(
            "%s: %d line(s) not UTF-8 read as Windows-1251",
            safe_name(path.name),
            decoded.fallback_lines,
        )
    if decoded.bad_lines:
        log.warning(
            "%s: %d line(s) in neither UTF-8 nor Windows-1251, their records quarantined",
            safe_name(path.name),
            decoded.bad_lines,
        )
