"""Reading the nights' raw files on every core while the main process stages and publishes.

Why: in a backfill (a year of nights, or a week caught up after an outage) most of the time
goes into extract → anonymise → validate of the raw files, one file after another, while the
second core idles. Those steps need nothing that a run changes while it goes: the facility
index is complete before the first event file is read (etl.publish reads every registry
first), and the month's duplicate-id check, staging and loading stay in the main process,
night by night, in order. So worker processes read ahead a bounded number of nights and the
main process takes their outcomes in the nights' order: the publication, the report and the
quarantine files are the same as when one process reads everything, and so are the log's
records, though a worker's may come a little earlier or later (tests/test_etl_workers.py).

Why processes, not threads: validation is pandas and Python code that holds the GIL. Why
`forkserver`: forking the main process itself, whose Arrow and SQLite threads may hold locks,
can deadlock the child; the fork server is a fresh interpreter (started with exec) that
forks the workers. Why only from READ_AHEAD_FROM nights on: starting a worker costs its
imports (~1 s of CPU), more than one night's three files take to read. The registries go
through the same workers first (etl.intake), checked against no index: they are the index.

A worker's log records travel to the main process's loggers through a queue, so the log
(and pytest's caplog) sees them as if the main process had written them.
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import multiprocessing.queues
import os
import pickle
import select
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from etl.contract import EVENT_TABLES
from etl.cores import usable_cores
from etl.files import FileOutcome, process_file
from etl.memory import give_back_arrow_memory, use_slow_purging_arrow_pool

log = logging.getLogger("etl")

# The order a night's files are read in: registries, then events (EVENT_TABLES order).
READ_ORDER = ("facilities", "targets", *EVENT_TABLES)
# A run of fewer nights reads them in the main process (see the module's docstring).
READ_AHEAD_FROM = 8
# Workers when ETL_WORKERS is 0 (auto), however many cores: past two, the main process's own
# work per night (staging, aggregation, loading) is what a backfill waits for (bench/README.md),
# and each worker holds ~130 MB of libraries plus a night's files (the ETL's systemd unit
# caps the whole run at 2 GB).
AUTO_WORKERS_MAX = 2
# Nights read ahead per worker: enough that a worker never waits for the main process,
# few enough that the outcomes waiting in memory stay small (~5 MB per national night).
NIGHTS_AHEAD_PER_WORKER = 2


# What the main process reads of a facility snapshot it does not publish: the facility
# index and the staged registry (etl.intake.read_registries). Names, addresses, hours and
# phones are only published, from the newest snapshot.
SLIM_SNAPSHOT_COLUMNS = ("facility_id", "type", "kato", "region", "status")


@dataclass(frozen=True)
class _Checks:
    """What every file of one read is checked against (etl.files.process_file), where its
    rejected rows are kept, and the nights whose facility snapshot comes back slim (only
    SLIM_SNAPSHOT_COLUMNS of its clean rows)."""

    facilities: pd.DataFrame
    regions: pd.DataFrame
    quarantine_dir: Path | None
    slim_snapshots: frozenset[date] = frozenset()


# In each worker, the checks of the read it serves, by their file (ReadingPool): loaded
# once per read and worker, not sent with every night.
_worker_checks: dict[str, _Checks] = {}


def worker_count(setting: int, nights: int) -> int:
    """How many worker processes read `nights` nights: 0 reads them in the main process.
    `setting` is ETL_WORKERS: 0 for one per usable core up to AUTO_WORKERS_MAX, 1 for none."""
    wanted = min(usable_cores(), AUTO_WORKERS_MAX) if setting <= 0 else setting
    if wanted <= 1 or nights < READ_AHEAD_FROM:
        return 0
    return wanted


def read_nights(
    nights: Sequence[tuple[date, dict[str, Path]]],
    *,
    facilities: pd.DataFrame,
    regions: pd.DataFrame,
    quarantine_dir: Path | None,
    workers: int,
    slim_snapshots: frozenset[date] = frozenset(),
) -> Generator[list[FileOutcome], None, None]:
    """The outcomes of each night's files (READ_ORDER), night by night in the order given;
    read by a pool of `workers` processes of its own ahead of the caller, or here when 0
    (ReadingPool.read)."""
    with ReadingPool(workers) as pool:
        yield from pool.read(
            nights, checks_for(facilities, regions, quarantine_dir, slim_snapshots)
        )


def checks_for(
    facilities: pd.DataFrame,
    regions: pd.DataFrame,
    quarantine_dir: Path | None,
    slim_snapshots: frozenset[date] = frozenset(),
) -> _Checks:
    """What a read's files are checked against: `facilities` (an empty frame for the
    registries, which are the index); the snapshots of `slim_snapshots` nights come back
    slim (_Checks)."""
    return _Checks(facilities, regions, quarantine_dir, slim_snapshots)


def read_all(
    nights: Sequence[tuple[date, dict[str, Path]]],
    facilities: pd.DataFrame,
    regions: pd.DataFrame,
    quarantine_dir: Path | None,
    slim_snapshots: frozenset[date] = frozenset(),
) -> list[list[FileOutcome]]:
    """Every night's outcomes, read here (or in etl.helper's process), as one list."""
    checks = _Checks(facilities, regions, quarantine_dir, slim_snapshots)
    return list(_read_here(nights, checks))


def _read_here(
    nights: Sequence[tuple[date, dict[str, Path]]], checks: _Checks
) -> Iterator[list[FileOutcome]]:
    for day, files in nights:
        yield _read_night(day, files, checks)


def _read_night(day: date, files: dict[str, Path], checks: _Checks) -> list[FileOutcome]:
    return [
        process_file(
            table,
            files[table],
            day,
            facilities=checks.facilities,
            regions=checks.regions,
            quarantine_dir=checks.quarantine_dir,
            # Why slim: a national snapshot's clean rows were 17 MB to pickle and send back,
            # 53 times in a backfill whose registry phase waits on exactly that (slim, ~3 MB);
            # and taking only these columns of the kept rows saves ~15 ms a snapshot.
            clean_columns=SLIM_SNAPSHOT_COLUMNS
            if table == "facilities" and day in checks.slim_snapshots
            else None,
        )
        for table in READ_ORDER
        if table in files
    ]


class ReadingPool:
    """Worker processes that read the landing's files, kept for every read of a run: a
    backfill's facility snapshots, then its events (`read`). `close()` ends them.

    Why one pool for both: a second pool for the events cost a national backfill 1.6 s with
    both cores idle (the workers' imports again). Why a file for the checks: what the files
    are checked against changes between the reads (the snapshots make the facility index
    the events are checked against), and a pool's workers get arguments only with each
    call; each worker loads a read's checks once, the first time one of its calls names
    them, from a folder only this user can read.

    With 0 workers, or where processes cannot be started, every read is done here. A worker
    that dies (the OOM killer, a signal) costs time, not the run: its night and the rest
    are read here, and so is every later read."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._listener: logging.handlers.QueueListener | None = None
        self._records: multiprocessing.queues.Queue[logging.LogRecord] | None = None
        self._folder: Path | None = None
        self._reads = 0

    def __enter__(self) -> ReadingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers now (their imports take ~1 s), so that they are ready when the
        first read comes."""
        pool = self._started()
        if pool is not None:
            for _ in range(self.workers):
                pool.submit(int)

    def read(
        self, nights: Sequence[tuple[date, dict[str, Path]]], checks: _Checks
    ) -> Generator[list[FileOutcome], None, None]:
        """The outcomes of each night's files (READ_ORDER), night by night in the order
        given, read ahead of the caller by the workers."""
        done = 0
        pool = self._started() if nights else None
        if pool is not None:
            try:
                for outcomes in self._read_ahead(pool, nights, checks):
                    done += 1
                    yield outcomes
            except BrokenProcessPool:
                log.warning(
                    "a worker process reading the landing's files ended unexpectedly (out of "
                    "memory, or killed); the main process reads the %d remaining night(s)",
                    len(nights) - done,
                )
                self.close()
                self.workers = 0
        yield from _read_here(nights[done:], checks)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        if self._records is not None:
            self._records.close()
            self._records = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _started(self) -> ProcessPoolExecutor | None:
        if self._pool is not None or self.workers <= 0:
            return self._pool
        context = multiprocessing.get_context("forkserver")
        # Nothing preloaded in the fork server: each worker imports the readers itself (~0.7
        # s of CPU, once per run), and the server stays small. Preloading saved that time but
        # kept a third copy of pandas and Arrow alive all run: a national backfill's summed
        # RSS was 1,063 MiB with it and 1,018 MiB without (bench/README.md).
        context.set_forkserver_preload([])
        try:
            records = context.Queue()
        except (OSError, ImportError) as exc:  # no POSIX semaphores here (a bare container)
            log.warning("no worker processes (%s): the main process reads every night", exc)
            self.workers = 0
            return None
        self._records = records
        self._listener = logging.handlers.QueueListener(records, ToMainLoggers())
        self._listener.start()
        self._folder = Path(tempfile.mkdtemp(prefix="etl-reading-"))  # mode 0700
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=start_child,
            initargs=(records, etl_log_level(), os.getpid()),
        )
        return self._pool

    def _read_ahead(
        self,
        pool: ProcessPoolExecutor,
        nights: Sequence[tuple[date, dict[str, Path]]],
        checks: _Checks,
    ) -> Iterator[list[FileOutcome]]:
        assert self._folder is not None
        self._reads += 1
        checks_file = str(self._folder / f"checks-{self._reads}.pickle")
        with open(checks_file, "wb") as out:
            pickle.dump(checks, out, protocol=pickle.HIGHEST_PROTOCOL)
        queued: deque[Future[str]] = deque()
        try:
            upcoming = iter(nights)
            for day, files in upcoming:
                queued.append(pool.submit(_read_in_worker, checks_file, day, files))
                if len(queued) >= self.workers * NIGHTS_AHEAD_PER_WORKER:
                    break
            while queued:
                outcomes = _taken(queued.popleft().result())
                following = next(upcoming, None)
                if following is not None:
                    queued.append(pool.submit(_read_in_worker, checks_file, *following))
                yield outcomes
        finally:
            for future in queued:  # the caller stopped early: its nights are not wanted
                future.cancel()


def start_child(
    records: multiprocessing.queues.Queue[logging.LogRecord], level: int, main_pid: int
) -> None:
    """Set up a child process of the run (a reading worker, etl.helper's process): Arrow's
    memory pool as the main process's (etl.memory), its log records sent to the main
    process, and its end with the main process's (forward_logs)."""
    use_slow_purging_arrow_pool()
    forward_logs(records, level, main_pid)


def forward_logs(
    records: multiprocessing.queues.Queue[logging.LogRecord], level: int, main_pid: int
) -> None:
    """In a child process (a worker, or etl.helper's): send log records to the main
    process, and end when it ends."""
    threading.Thread(target=_end_with, args=(main_pid,), daemon=True).start()
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(records)]
    root.setLevel(level)


def _end_with(main_pid: int) -> None:
    """End this worker as soon as the main process is gone.

    Why: when the main process is killed (kill -9, the OOM killer, a systemd timeout), a
    pool's workers would wait for work forever, each holding its memory, and keep the fork
    server alive too: they hold the ends of the pipes they wait on. A pidfd becomes readable
    when the process ends; where there is none (not Linux), poll once a second."""
    try:
        watched = os.pidfd_open(main_pid)
    except (AttributeError, OSError):
        while _alive(main_pid):
            time.sleep(1.0)
    else:
        select.select([watched], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: ours ended and its pid was reused
        return False
    return True


def _read_in_worker(checks_file: str, day: date, files: dict[str, Path]) -> str:
    """Read one night; its outcomes go back in a file beside the checks (_taken), and the
    file's name as the result.

    Why a file, not the result itself: a national night's outcomes are ~5.7 MB of pickled
    Arrow buffers, and a pipe moves them 64 KiB at a time, the main process copying each
    piece twice: ~5 ms of the main process's CPU a night, ~1 through a file
    (bench/handover_bench.py). The national backfill, alternated with the pipe: 43.7-45.4
    against 45.8-48.0 s, ~3.5 s less CPU (bench/README.md, fifth session)."""
    checks = _worker_checks.get(checks_file)
    if checks is None:  # the first night of a read in this worker
        with open(checks_file, "rb") as handle:
            checks = pickle.load(handle)
        _worker_checks.clear()
        _worker_checks[checks_file] = checks
    outcomes = _read_night(day, files, checks)
    folder = os.path.dirname(checks_file)  # the read's private folder (mode 0700)
    fd, name = tempfile.mkstemp(prefix=f"night-{day.isoformat()}-", dir=folder)
    with open(fd, "wb") as out:
        # Protocol 5: Arrow's buffers are written as they are, not copied into bytes first.
        pickle.dump(outcomes, out, protocol=5)
    del outcomes
    give_back_arrow_memory()
    return name


def _taken(name: str) -> list[FileOutcome]:
    """A night's outcomes from the file a worker wrote (_read_in_worker), which goes."""
    try:
        with open(name, "rb") as handle:
            outcomes: list[FileOutcome] = pickle.load(handle)
    finally:
        os.unlink(name)
    return outcomes


def etl_log_level() -> int:
    """The level the main process logs the ETL at: a worker drops what would be dropped here
    anyway, and sends the rest."""
    return logging.getLogger("etl").getEffectiveLevel()


class ToMainLoggers(logging.Handler):
    """Hands a worker's record to the main process's logger of the same name."""

    def emit(self, record: logging.LogRecord) -> None:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)
