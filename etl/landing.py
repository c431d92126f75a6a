"""The landing area: which nights exist, which changed since they were last published.

The landing is written by other systems, so nothing in it is trusted: a night folder must be
a real directory directly inside the landing (a symlink to ``/etc`` is never read, nor are its
file names recorded), named by a real date that is not in the future. Anything else is logged
and skipped; none of it stops the other nights.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from data.periods import month_end

log = logging.getLogger("etl")

NIGHT_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DEMO_MARKER = "DEMO.txt"
LANDING_TIMEZONE = ZoneInfo("Asia/Almaty")  # the ministry's nights are Kazakhstan's nights
FUTURE_GRACE = timedelta(days=1)  # a night folder may be dated at most tomorrow (clock skew)


def safe_name(name: str, limit: int = 80) -> str:
    """A file or folder name fit for one log line: escaped, shortened, never multi-line."""
    shown = name.encode("unicode_escape").decode("ascii")
    return shown if len(shown) <= limit else shown[:limit] + "..."


def regular_files(folder: Path) -> list[Path]:
    """The regular files directly in ``folder``, sorted; symlinks and the rest left out."""
    return sorted(p for p in folder.iterdir() if _is_regular(p))


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


@dataclass(frozen=True)
class Night:
    day: date
    path: Path

    @property
    def is_demo(self) -> bool:
        return any(p.name.lower() == DEMO_MARKER.lower() for p in regular_files(self.path))

    def fingerprint(self) -> str:
        """Content hash of every regular file in the folder: a re-delivered night changes it.

        Symlinks are not followed (their target is outside this night's content) and files
        are opened with O_NOFOLLOW, so one swapped for a link meanwhile is not read either.
        """
        digest = hashlib.sha256()
        # Read into one buffer (what hashlib.file_digest does): a new bytes object for every
        # MiB read cost ~15 % more CPU on a backfill's 2.6 GB landing.
        buffer = bytearray(1 << 18)
        view = memoryview(buffer)
        for path in regular_files(self.path):
            digest.update(path.name.encode("utf-8", "surrogateescape"))
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except OSError:
                digest.update(b"\0unreadable")
                continue
            with os.fdopen(fd, "rb", buffering=0) as handle:
                while size := handle.readinto(buffer):
                    digest.update(view[:size])
        return digest.hexdigest()


class RefusedFile(Exception):
    """A landing file that is not read: a symlink, not a regular file, or too big."""


def open_regular(path: os.PathLike[str] | str, max_bytes: int) -> BinaryIO:
    """Open a landing file for reading, never through a symlink (O_NOFOLLOW, so a file
    swapped for a link after listing is refused too), refusing files over ``max_bytes``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise RefusedFile("refused: a symbolic link") from None
        raise RefusedFile("cannot open the file") from None
    handle = os.fdopen(fd, "rb")
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        handle.close()
        raise RefusedFile("refused: not a regular file")
    if info.st_size > max_bytes:
        handle.close()
        raise RefusedFile(f"file larger than {max_bytes // (1 << 20)} MiB")
    return handle


def landing_today() -> date:
    return datetime.now(LANDING_TIMEZONE).date()


def discover(landing: Path, *, today: date | None = None) -> list[Night]:
    """Night folders named YYYY-MM-DD, oldest first.

    Skipped, each with one log line (never fatal): entries that are not directories or are
    symlinks, folders resolving outside the landing, names that are not a real date, and
    nights dated after tomorrow in Kazakhstan (``today`` overrides the clock in tests).
    Hidden entries (``.lock``, ``.DS_Store``) are skipped without a word.
    """
    if not landing.is_dir():
        raise FileNotFoundError(f"landing folder not found: {landing}")
    root = landing.resolve()
    latest = (today or landing_today()) + FUTURE_GRACE
    nights = []
    for path in sorted(landing.iterdir()):
        name = path.name
        if name.startswith("."):
            continue
        night = _night_of(path, root, latest)
        if night is not None:
            nights.append(night)
    return sorted(nights, key=lambda n: n.day)


def _night_of(path: Path, root: Path, latest: date) -> Night | None:
    name = safe_name(path.name)
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None  # vanished meanwhile
    if stat.S_ISLNK(mode):
        log.warning("landing: %s skipped: a symbolic link, never followed", name)
        return None
    if not stat.S_ISDIR(mode):
        log.info("landing: %s ignored: not a night folder", name)
        return None
    if path.resolve().parent != root:
        log.warning("landing: %s skipped: resolves outside the landing folder", name)
        return None
    if not NIGHT_PATTERN.match(path.name):
        log.warning("landing: folder %s skipped: its name is not a date (YYYY-MM-DD)", name)
        return None
    try:
        day = date.fromisoformat(path.name)
    except ValueError:
        log.warning("landing: folder %s skipped: not a real date", name)
        return None
    if day > latest:
        log.warning(
            "landing: folder %s skipped: dated in the future (after %s)", name, latest.isoformat()
        )
        return None
    return Night(day, path)


def month_of(day: date) -> date:
    return day.replace(day=1)


def is_complete(month: date, latest_night: date) -> bool:
    """A month is complete once the landing holds a night on or after its last day."""
    return month_end(month) <= latest_night


def due_months(
    staged: set[date], versions: Mapping[date, str], latest_before: date | None, latest: date
) -> list[date]:
    """Months whose monthly tables a run (re)makes: complete months with a staged night, and
    months the calendar completed in this run (their last night may never come)."""
    touched = {month_of(d) for d in staged}
    newly_complete = {
        month_of(d)
        for d in versions
        if (latest_before is None or not is_complete(month_of(d), latest_before))
        and is_complete(month_of(d), latest)
    }
    return sorted(m for m in touched | newly_complete if is_complete(m, latest))
