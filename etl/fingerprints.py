"""The landing's nights' content hashes, cached with their files' stat signatures.

A run compares each night's fingerprint with the one its publication came from (etl.pipeline);
this module only answers "what is this night's fingerprint now" without re-reading files that
did not change.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from etl.landing import Night, regular_files
from etl.workers import usable_cores

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

    def __init__(self, root: Path) -> None:
        self.path = root / FINGERPRINTS
        try:
            self.entries: dict[str, dict[str, object]] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.entries = {}
        self.changed = False

    def fingerprint(self, night: Night) -> str:
        signature = _signature(night.path)
        key = night.day.isoformat()
        entry = self.entries.get(key)
        if entry and entry.get("signature") == signature:
            return str(entry["fingerprint"])
        value = night.fingerprint()  # hashed after the signature: a write meanwhile shows
        self.entries[key] = {"signature": signature, "fingerprint": value}
        self.changed = True
        return value

    def fingerprints(self, nights: Sequence[Night]) -> dict[date, str]:
        """Every night's fingerprint, hashed on a thread per usable core (up to four).

        Why threads: hashlib and file reads release the GIL, and a backfill's first run
        hashes the whole landing before anything else can start (2.9 s on one core for a
        national year, 1.2 s on two). A night's entry is written by its own thread only."""
        threads = max(1, min(usable_cores(), 4))
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
