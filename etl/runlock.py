"""One ETL writer at a time, decided before anything else is.

Why before: the nights to publish and the run's row are decided from the warehouse; a second
run (cron and an operator) that decided them while the first was still writing would mark the
live run "abandoned" and republish stale work.

PostgreSQL: a session advisory lock on a connection held for the whole run (the lock goes with
the process, whatever kills it). SQLite: an exclusive `flock` on a file beside the database
(released by the kernel when the process dies).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

LOCK_KEY = 724242  # any constant shared by every ETL process of this warehouse


class AnotherRun(Exception):
    """Another ETL run holds the lock."""


def _lock_file(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        return Path(os.environ.get("TMPDIR", "/tmp")) / f"portal-etl-{os.getpid()}.lock"
    return Path(f"{database}.etl-lock")


@contextmanager
def run_lock(engine: Engine, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the ETL lock for the block; raise AnotherRun if it is not free within `wait`
    seconds (0: do not wait)."""
    deadline = time.monotonic() + wait
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            while not conn.execute(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}
            ).scalar_one():
                conn.rollback()
                if time.monotonic() >= deadline:
                    raise AnotherRun("another run is in progress")
                time.sleep(0.5)
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                conn.commit()
        return
    path = _lock_file(engine)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a")
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise AnotherRun("another run is in progress") from None
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def is_held(engine: Engine) -> bool:
    """Is some ETL run holding the lock right now? (For `etl status`: a run row that says
    'running' while nobody holds the lock belongs to a process that died.)"""
    try:
        with run_lock(engine):
            return False
    except AnotherRun:
        return True
