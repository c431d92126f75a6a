"""A second process for the independent steps of a run, on a machine with two cores.

Why: a run of a night or two is one process, and the second core idles (a national night's
CPU seconds were ~1.15x its wall). The night that completes a month, or that brings the
weekly facility snapshot, does steps that need nothing from each other: the snapshot file is
read and checked while the main process loads the facility index and the month's previous
publication, and the SOS and camera families of the month are aggregated while the main
process aggregates the visits, and after the commit it writes the monthly datasets' new month
for the bulk zip while the main process builds the rest of it (bench/README.md, "a night's
cost").

Why `fork`, and why at the start of a run: forked before the run reads anything, the child
has every module already loaded (a fresh interpreter would spend ~0.7 s of CPU importing
them, more than the steps it takes over), and no Arrow or SQLite thread exists yet that
could hold a lock the child would then wait on forever. The threads a process has by then,
OpenBLAS's and jemalloc's, re-initialise themselves in a forked child. A process with other
Python threads (a test server, a log listener) gets no helper. etl.workers, for backfills,
uses a fork server instead: it starts its workers later, from a busy process. The child
never touches the connections it inherits (it opens its own to read the committed
publication), and it ends before the run lock is released (etl.pipeline), so the lock's
inherited file descriptor never outlives the run.

A backfill (READ_AHEAD_FROM nights or more) gets its helper late (`Helper.start_late`): its
files are read by etl.workers' processes, which have both cores until the last night, and then
its monthly tables are made one month after another while one core idled. So the helper is a
child of the workers' fork server, started when the first month is handed to it (the workers
have ended by then: memory stays under the backfill's peak); it makes whole months while the
main process makes the others (etl.month.load_months), and it writes the bulk zip's new
months.

Everything submitted here also runs without the helper (`run_here_or_there`): on one core,
with ETL_WORKERS=1, before a backfill's helper is wanted (its worker processes have the
second core), or after the helper died (the OOM killer, a signal). The result is the
same either way (tests/test_etl_helper.py).
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import multiprocessing.queues
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from etl import workers

log = logging.getLogger("etl")
T = TypeVar("T")


class Helper:
    """One process that runs submitted calls in order; `close()` ends it."""

    def __init__(self, pool: ProcessPoolExecutor, listener: logging.handlers.QueueListener) -> None:
        self._pool = pool
        self._listener = listener

    @classmethod
    def start(cls, setting: int, nights: int) -> Helper | None:
        """A helper for a run of `nights` nights, or None when the run should not have one
        (see the module's docstring). `setting` is ETL_WORKERS."""
        if setting == 1 or nights >= workers.READ_AHEAD_FROM or workers.usable_cores() < 2:
            return None
        if threading.active_count() > 1:
            return None
        made = _one_process_pool("fork")
        if made is None:
            return None
        pool, listener = made
        # With `fork`, the first submit forks the child, before this process starts any
        # thread of its own (the pool's manager thread, the log listener).
        try:
            pool.submit(int).result()
        except (OSError, BrokenProcessPool) as exc:
            pool.shutdown(wait=False, cancel_futures=True)
            log.info("no helper process (%s)", exc)
            return None
        listener.start()
        log.info("a helper process takes the run's independent steps (second core)")
        return cls(pool, listener)

    @classmethod
    def start_late(cls, setting: int) -> Helper | None:
        """A backfill's helper: started from the fork server (etl.workers) when the first
        call is submitted, which is when the run's worker processes have ended and its
        monthly tables are made (one core would idle otherwise). None with ETL_WORKERS=1 or
        one core."""
        if setting == 1 or workers.usable_cores() < 2:
            return None
        multiprocessing.get_context("forkserver").set_forkserver_preload([])  # as etl.workers
        made = _one_process_pool("forkserver")  # no process yet: it starts on submit
        if made is None:
            return None
        pool, listener = made
        listener.start()
        return cls(pool, listener)

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T] | None:
        """`fn(*args, **kwargs)` in the helper; None when the helper is gone."""
        try:
            return self._pool.submit(fn, *args, **kwargs)
        except (BrokenProcessPool, RuntimeError):
            return None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._listener.stop()


def _one_process_pool(
    method: str,
) -> tuple[ProcessPoolExecutor, logging.handlers.QueueListener] | None:
    """A pool of one process started by `method`, whose log records reach this process's
    loggers through the (not yet started) listener; None where the platform has no POSIX
    semaphores (a bare container)."""
    context = multiprocessing.get_context(method)
    try:
        records: multiprocessing.queues.Queue[logging.LogRecord] = context.Queue()
    except (OSError, ImportError) as exc:
        log.info("no helper process (%s)", exc)
        return None
    listener = logging.handlers.QueueListener(records, workers.ToMainLoggers())
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=context,
        initializer=workers.start_child,
        initargs=(records, workers.etl_log_level(), os.getpid()),
    )
    return pool, listener


@contextmanager
def helper_for(setting: int, nights: int) -> Iterator[Helper | None]:
    """A helper for the run, closed when the run ends, whatever happens: forked at its
    start for a short run (Helper.start), started late for a backfill (Helper.start_late)."""
    short = nights < workers.READ_AHEAD_FROM
    helper = Helper.start(setting, nights) if short else Helper.start_late(setting)
    try:
        yield helper
    finally:
        if helper is not None:
            helper.close()


def submit(
    helper: Helper | None, fn: Callable[..., T], /, *args: Any, **kwargs: Any
) -> Future[T] | None:
    """`fn` started in the helper, if there is one."""
    return helper.submit(fn, *args, **kwargs) if helper is not None else None


def run_here_or_there(
    future: Future[T] | None, fn: Callable[..., T], /, *args: Any, **kwargs: Any
) -> T:
    """The helper's result for `fn(*args, **kwargs)`, submitted as `future`; computed here
    when there was no helper or it died before answering. An exception `fn` raised in the
    helper is raised here, as if it had run here."""
    if future is not None:
        try:
            return future.result()
        except BrokenProcessPool:
            log.warning("the ETL's helper process ended unexpectedly; its step runs here")
    return fn(*args, **kwargs)
