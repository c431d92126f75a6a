"""A small ZIP writer whose members are made of pre-compressed DEFLATE segments.

Why not `zipfile`: the bulk download is rebuilt after every publication, but a night changes
one month of one or two tables. Each month of a table is compressed once, as a raw DEFLATE
segment that ends on a byte boundary (Z_SYNC_FLUSH, not final); a member is the
concatenation of its segments plus one empty final block, which any inflater reads as one
stream. `zipfile` can only write what it compresses itself, so unchanged months would be
deflated again every night (most of the build's time at national scale).

The CRC-32 and the uncompressed size of a member are computed by inflating its segments
once (far cheaper than deflating); SHA-256 of the member comes from the same pass. No ZIP64:
a member or archive past 4 GiB raises (the national year is ~100 MB compressed).
"""

from __future__ import annotations

import hashlib
import struct
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

LEVEL = 6
_LIMIT = 0xFFFFFFFF
_FINAL_BLOCK = zlib.compressobj(LEVEL, zlib.DEFLATED, -15).flush()  # an empty final block


def deflate_segment(chunks: Iterable[bytes]) -> bytes:
    """Raw DEFLATE of `chunks`, ending on a byte boundary without a final block."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    parts = [compressor.compress(chunk) for chunk in chunks]
    parts.append(compressor.flush(zlib.Z_SYNC_FLUSH))
    return b"".join(parts)


@dataclass(frozen=True)
class MemberInfo:
    crc: int
    size: int  # uncompressed
    sha256: str
    compressed: int


@dataclass
class Member:
    name: str
    segments: list[Path | bytes]  # files holding segments, or segments in memory
    stored: bool = False  # True: the segments are the file's bytes, not compressed (Parquet)
    _info: MemberInfo | None = field(default=None, repr=False)

    def _blobs(self) -> Iterator[bytes]:
        for segment in self.segments:
            yield segment if isinstance(segment, bytes) else segment.read_bytes()

    def info(self) -> MemberInfo:
        """CRC-32, sizes and SHA-256, by inflating the segments once (cached)."""
        if self._info is None:
            self._info = _measure(self)
        return self._info


# struct format of the fields a local file header and its central directory entry share.
_SHARED = "HHHHHIIIHH"


def _dos_time(when: float) -> tuple[int, int]:
    t = time.gmtime(when)
    return (
        (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2),
        ((t.tm_year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday,
    )


def write_zip(target: BinaryIO, members: list[Member]) -> None:
    """Write the archive to `target`."""
    dos_time, dos_date = _dos_time(time.time())
    central = []
    offset = 0
    for member in members:
        info = member.info()
        crc, size, compressed = info.crc, info.size, info.compressed
        name = member.name.encode()
        if max(size, compressed, offset) > _LIMIT:
            raise ValueError(f"{member.name}: past 4 GiB, ZIP64 is not supported")
        method = 0 if member.stored else 8
        # Version needed, flags (UTF-8 name), method, time, date, CRC-32, compressed size,
        # size, name length, extra length: the local header and the central entry share them.
        shared = (20, 0x800, method, dos_time, dos_date, crc, compressed, size, len(name), 0)
        header = struct.pack("<I" + _SHARED, 0x04034B50, *shared)
        target.write(header + name)
        for blob in member._blobs():
            target.write(blob)
        if not member.stored:
            target.write(_FINAL_BLOCK)
        central.append(
            struct.pack(
                "<IH" + _SHARED + "HHHII",
                0x02014B50,
                0x031E,
                *shared,
                0,  # comment length
                0,  # disk number
                0,  # internal attributes
                0o100644 << 16,
                offset,
            )
            + name
        )
        offset += len(header) + len(name) + compressed
    directory = b"".join(central)
    if offset + len(directory) > _LIMIT:
        raise ValueError("archive past 4 GiB, ZIP64 is not supported")
    target.write(directory)
    target.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0
        )
    )


def _measure(member: Member) -> MemberInfo:
    if member.stored:
        crc, size, sha = 0, 0, hashlib.sha256()
        for blob in member._blobs():
            crc, size = zlib.crc32(blob, crc), size + len(blob)
            sha.update(blob)
        return MemberInfo(crc, size, sha.hexdigest(), size)
    inflater = zlib.decompressobj(-15)
    crc, size, compressed = 0, 0, 0
    sha = hashlib.sha256()
    for blob in member._blobs():
        compressed += len(blob)
        data = inflater.decompress(blob)
        crc = zlib.crc32(data, crc)
        size += len(data)
        sha.update(data)
    data = inflater.decompress(_FINAL_BLOCK) + inflater.flush()
    crc, size = zlib.crc32(data, crc), size + len(data)
    sha.update(data)
    return MemberInfo(crc, size, sha.hexdigest(), compressed + len(_FINAL_BLOCK))
