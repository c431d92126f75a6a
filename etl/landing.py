"""The landing area: which nights exist, which changed since they were last published."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from data.periods import month_end

NIGHT_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DEMO_MARKER = "DEMO.txt"


@dataclass(frozen=True)
class Night:
    day: date
    path: Path

    @property
    def is_demo(self) -> bool:
        return any(p.name.lower() == DEMO_MARKER.lower() for p in self.path.iterdir())

    def fingerprint(self) -> str:
        """Content hash of every file in the folder: a re-delivered night changes it."""
        digest = hashlib.sha256()
        for path in sorted(p for p in self.path.iterdir() if p.is_file()):
            digest.update(path.name.encode())
            with path.open("rb") as handle:
                for block in iter(lambda h=handle: h.read(1 << 20), b""):
                    digest.update(block)
        return digest.hexdigest()


def discover(landing: Path) -> list[Night]:
    """Night folders named YYYY-MM-DD, oldest first; anything else in the landing is ignored."""
    if not landing.is_dir():
        raise FileNotFoundError(f"landing folder not found: {landing}")
    nights = []
    for path in landing.iterdir():
        if path.is_dir() and NIGHT_PATTERN.match(path.name):
            try:
                nights.append(Night(date.fromisoformat(path.name), path))
            except ValueError:
                continue  # e.g. 2024-02-31: not a night
    return sorted(nights, key=lambda n: n.day)


def month_of(day: date) -> date:
    return day.replace(day=1)


def is_complete(month: date, latest_night: date) -> bool:
    """A month is complete once the landing holds a night on or after its last day."""
    return month_end(month) <= latest_night
