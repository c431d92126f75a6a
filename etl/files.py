"""One raw file through extract → anonymise → validate, with its accounting.

Every input row ends up either in `clean` (to be aggregated) or in `rejected` with a reason:
rows_in = rows_loaded + rows_quarantined holds per file. Rejected rows are kept twice: the
warehouse records night, file, line, reason and field (never a value), and the private
quarantine folder (operators only) gets the row's anonymised columns with its reason, so an
operator can fix it without opening the landing file. Personal columns never leave the
landing area: the original row stays there, found again by its line number.
"""

from __future__ import annotations

import logging
import stat
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from etl import anonymise, extract, limits, validate
from etl.contract import LINE_COLUMN
from etl.landing import safe_name
from etl.quarantine_file import keep_rejected_rows

log = logging.getLogger("etl")

UNREADABLE_FILE = "unreadable_file"
UNKNOWN_FILE = "unknown_file"


@dataclass
class FileOutcome:
    night: date
    table: str
    file_name: str
    clean: pd.DataFrame
    rejected: pd.DataFrame  # _line, reason, field
    file_error: str | None = None
    extra_columns: list[str] = field(default_factory=list)
    rows_in: int = 0

    @property
    def rows_quarantined(self) -> int:
        return len(self.rejected)

    @property
    def rows_loaded(self) -> int:
        return self.rows_in - self.rows_quarantined

    def reject(self, mask: pd.Series, reason: str, field_name: str | None = None) -> None:
        """Move clean rows selected by `mask` to the quarantine with `reason`."""
        if not mask.any():
            return
        moved = self.clean.loc[mask, [LINE_COLUMN]].assign(reason=reason, field=field_name)
        self.rejected = pd.concat([self.rejected, moved], ignore_index=True)
        self.clean = self.clean.loc[~mask]


def _empty_rejected() -> pd.DataFrame:
    return pd.DataFrame(
        {
            LINE_COLUMN: pd.Series(dtype="int64"),
            "reason": pd.Series(dtype=object),
            "field": pd.Series(dtype=object),
        }
    )


def _count_lines(path: Path) -> int:
    """Best-effort row count of a file we could not parse (header excluded).

    A file over the size limit, or one that is not a regular file, counts as one row: it is
    not read at all (counting a 50 GB file's lines is not "bounded time").
    """
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limits.MAX_FILE_BYTES:
            return 1
        with path.open("rb") as handle:
            lines = sum(1 for line in handle if line.strip())
        return max(lines - 1, 1)
    except OSError:
        return 1


def _unreadable(table: str, path: Path, night: date, reason: str) -> FileOutcome:
    rows = _count_lines(path)
    rejected = pd.DataFrame(
        {LINE_COLUMN: range(1, rows + 1), "reason": UNREADABLE_FILE, "field": None}
    )
    log.warning("%s/%s rejected: %s", night, safe_name(path.name), reason)
    return FileOutcome(
        night,
        table,
        path.name,
        pd.DataFrame(),
        rejected,
        file_error=f"{UNREADABLE_FILE}: {reason}",
        rows_in=rows,
    )


def _where(exc: BaseException) -> str:
    """Where an unexpected error was raised (module:line), never its message: messages of
    pandas or pyarrow errors may quote a cell value."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno}"


def process_file(
    table: str,
    path: Path,
    night: date,
    *,
    facilities: pd.DataFrame,
    regions: pd.DataFrame,
    quarantine_dir: Path | None,
    clean_columns: Sequence[str] | None = None,
) -> FileOutcome:
    """Read, anonymise and validate one file. Never raises for its content: a file that
    cannot be read, breaks a limit of etl/limits.py or trips an unexpected error becomes
    ``unreadable_file`` with a reason, and the night's other files go on.
    ``clean_columns``: the outcome's clean frame holds only these (validate.validate)."""
    try:
        # Only the public columns' values are read: the others are dropped unread (anonymise).
        extracted = extract.read(path, needed=anonymise.public_names(table))
    except extract.ExtractError as exc:
        return _unreadable(table, path, night, str(exc))
    except (
        Exception
    ) as exc:  # a reader bug (or MemoryError, RecursionError): one file, not the night
        log.error(
            "%s/%s: unexpected error while reading (%s)", night, safe_name(path.name), _where(exc)
        )
        return _unreadable(table, path, night, f"unexpected error while reading ({_where(exc)})")
    try:
        return _check(
            table, path, night, extracted, facilities, regions, quarantine_dir, clean_columns
        )
    except Exception as exc:
        log.error(
            "%s/%s: unexpected error while validating (%s)",
            night,
            safe_name(path.name),
            _where(exc),
        )
        return _unreadable(table, path, night, f"unexpected error while validating ({_where(exc)})")


def _check(
    table: str,
    path: Path,
    night: date,
    extracted: extract.Extracted,
    facilities: pd.DataFrame,
    regions: pd.DataFrame,
    quarantine_dir: Path | None,
    clean_columns: Sequence[str] | None = None,
) -> FileOutcome:
    raw = extracted.frame
    public, extra = anonymise.drop_personal(table, raw)
    result = validate.validate(
        table,
        public,
        night=night,
        facilities=facilities,
        regions=regions,
        trimmed=extracted.trimmed,
        clean_columns=clean_columns,
    )
    rejected = result.rejected.copy()
    if len(extracted.refused):  # records extract could not read as delivered
        rejected = pd.concat([extracted.refused, rejected], ignore_index=True)
    outcome = FileOutcome(
        night,
        table,
        path.name,
        result.clean,
        rejected,
        result.file_error,
        extra,
        rows_in=len(raw) + len(extracted.refused),
    )
    if quarantine_dir is not None and outcome.rows_quarantined:
        keep_rejected_rows(quarantine_dir, night, path.name, public, outcome.rejected)
    return outcome


def unknown_file(night: date, path: Path) -> FileOutcome:
    return FileOutcome(
        night, "", path.name, pd.DataFrame(), _empty_rejected(), file_error=UNKNOWN_FILE, rows_in=0
    )
