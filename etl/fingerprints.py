"""The landing's nights' content hashes, cached with their files' stat signatures.

A run compares each night's fingerprint with the one its publication came from (etl.pipeline);
this module only answers "what is this night's fingerprint now" without re-reading files that
did not change. It imports no more than the standard library and etl.landing: the command
line starts hashing (HashingAhead) before it imports the rest of the ETL.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path

from etl.cores import usable_cores
from etl.landing import NIGHT_PATTERN, Night, regular_files

# Hashing threads: hashlib and file reads release the GIL; past four the disk is the limit.
MAX_HASHING_THREADS = 4

FINGERPRINTS = "FINGERPRINTS.json"


class FingerprintCache:
    """Content hashes of the landing's nights, remembered with their files' stat signature.

    Why: every run compares each night's fingerprint with the published one, and hashing
    every file of a year's landing (2.6 GB at national scale) cost more than the new night
    itself. A night is hashed again when any of its files is added, removed, renamed or
    touched: the signature holds size, mtime, ctime (set by the kernel on every write, not
    settable by a copy tool), inode and device of each regular file. Kept in STAGING_DIR
    (operators only): file names and hashes, no content.
    """

    def __init__(self, root: Path, ahead: HashingAhead | None = None) -> None:
        self.path = root / FINGERPRINTS
        try:
            self.entries: dict[str, dict[str, object]] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.entries = {}
        self.changed = False
        self.ahead = ahead

    def fingerprint(self, night: Night) -> str:
        signature = _signature(night.path)
        key = night.day.isoformat()
        known = _known_fingerprint(self.entries.get(key), signature)
        if known is not None:
            return known
        value = self.ahead.take(night, signature) if self.ahead else None
        if value is None:
            value = night.fingerprint()  # hashed after the signature: a write meanwhile shows
        self.entries[key] = {"signature": signature, "fingerprint": value}
        self.changed = True
        return value

    def fingerprints(self, nights: Sequence[Night]) -> dict[date, str]:
        """Every night's fingerprint, hashed on a thread per usable core (up to four).

        Why threads: hashlib and file reads release the GIL, and a backfill's first run
        hashes the whole landing before anything else can start (2.9 s on one core for a
        national year, 1.2 s on two). A night's entry is written by its own thread only."""
        threads = max(1, min(usable_cores(), MAX_HASHING_THREADS))
        with ThreadPoolExecutor(max_workers=threads) as pool:
            return dict(
                zip((n.day for n in nights), pool.map(self.fingerprint, nights), strict=True)
            )

    def save(self, keep: Iterable[date]) -> None:
        """Write the cache (nights no longer in the landing dropped)."""
        wanted = {d.isoformat() for d in keep}
        if set(self.entries) - wanted:
            self.entries = {k: v for k, v in self.entries.items() if k in wanted}
            self.changed = True
        if not self.changed:
            return
        root = self.path.parent
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = tempfile.mkstemp(prefix=".fingerprints.", dir=root)
        with os.fdopen(handle, "w") as out:  # mkstemp: 0600
            json.dump(self.entries, out)
        os.replace(temp, self.path)
        self.changed = False


class HashingAhead:
    """The landing's nights hashed on threads from the start of `etl run`, before the run
    has imported the rest of the ETL and taken its lock; FingerprintCache takes each hash
    whose night has not changed since (the same signature rule as its cache).

    Why: a backfill's first run hashes the whole landing (2.6 GB for a national year, ~1.2 s
    on two cores) before anything else can start, and the ETL's imports (~0.9 s) kept one
    core only. Nights the cache knows as they are now are not hashed again. Only reads:
    what is decided (which nights are pending) is decided under the run's lock."""

    def __init__(self, landing: Path, staging_dir: Path) -> None:
        known = FingerprintCache(staging_dir).entries
        self._pool = ThreadPoolExecutor(
            max_workers=max(1, min(usable_cores(), MAX_HASHING_THREADS))
        )
        self._hashes: dict[date, Future[tuple[list[list[object]], str] | None]] = {}
        try:
            folders = sorted(landing.iterdir())
        except OSError:
            folders = []  # the run says why (etl.landing.discover)
        for folder in folders:
            day = _night_day(folder)
            if day is not None:
                entry = known.get(day.isoformat())
                self._hashes[day] = self._pool.submit(_hashed, Night(day, folder), entry)

    def take(self, night: Night, signature: list[list[object]]) -> str | None:
        """The night's hash, when it was hashed ahead with this signature; else None."""
        hashing = self._hashes.pop(night.day, None)
        if hashing is None:
            return None
        try:
            hashed = hashing.result()
        except Exception:  # noqa: BLE001 - hashed again by the caller, which reports errors
            return None
        if hashed is None or hashed[0] != signature:
            return None
        return hashed[1]

    def close(self) -> None:
        """Stop hashing what nobody took (a run that found another one running)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _night_day(folder: Path) -> date | None:
    """The night a landing entry is, quietly (etl.landing.discover says why it skips one)."""
    if not NIGHT_PATTERN.match(folder.name) or folder.is_symlink() or not folder.is_dir():
        return None
    try:
        return date.fromisoformat(folder.name)
    except ValueError:
        return None


def _hashed(night: Night, known: dict[str, object] | None) -> tuple[list[list[object]], str] | None:
    """(signature, fingerprint) of a night, or None when the cache's entry is current."""
    signature = _signature(night.path)
    if _known_fingerprint(known, signature) is not None:
        return None
    return signature, night.fingerprint()  # hashed after the signature: a write meanwhile shows


def _known_fingerprint(
    entry: dict[str, object] | None, signature: list[list[object]]
) -> str | None:
    """The cache entry's fingerprint, when it was made with this signature (the night's
    files are as they were); else None."""
    if entry and entry.get("signature") == signature:
        return str(entry["fingerprint"])
    return None


def _signature(folder: Path) -> list[list[object]]:
    out: list[list[object]] = []
    for path in regular_files(folder):
        try:
            st = path.lstat()
        except OSError:
            out.append([path.name, None])
            continue
        out.append([path.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev])
    return out
