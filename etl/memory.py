"""How the ETL's processes hand memory back to the system: one policy for the main process,
its reading workers (etl.workers) and its helper (etl.helper).

Two allocators hold a run's memory. Arrow's buffers come from its memory pool; everything
else (pandas' and numpy's arrays, Python objects) from the C library's malloc. Each keeps
freed pages for reuse, which is fast but holds a process's largest night for the rest of
the run; giving pages back costs page faults when they are needed again. So:

- Arrow's pool is jemalloc that returns freed pages after 10 s, not pyarrow's default
  mimalloc, which returns them within milliseconds (`use_slow_purging_arrow_pool`).
- After each night, a worker's unused Arrow pages go back (`give_back_arrow_memory`); the
  main process gives back Arrow's and the C library's every few nights
  (`give_back_freed_memory`, etl.publish.NIGHTS_PER_GIVE_BACK).

Measured on a national backfill (bench/README.md): 60 nights read in one worker took 1.28 s
of system time with mimalloc and malloc_trim after each night, 0.21 s with jemalloc and no
malloc_trim, at a lower peak RSS (252 against 273 MiB).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

import pyarrow as pa


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return library if library is not None and hasattr(library, "malloc_trim") else None


_LIBC = _libc()  # glibc's malloc_trim; None elsewhere (musl, macOS)


def use_slow_purging_arrow_pool() -> None:
    """Arrow buffers from jemalloc returning freed pages after 10 s, instead of pyarrow's
    default mimalloc, which gives them back within milliseconds.

    Why: a night reads hundreds of small staged and bulk Parquet files, and that purging
    (madvise, then page faults to get the pages back) cost a national day-31 night 1.4-2.2 s
    of system time; this way 0.7-1.3 s, and peak RSS ~520 -> ~445 MiB (bench/README.md, "A
    night's cost"). Not the C library's malloc: it saved as much on a night, but a year's
    backfill in one process grew to 1.1 GiB, over the 1 GiB goal. ARROW_DEFAULT_MEMORY_POOL,
    when set, decides."""
    if "ARROW_DEFAULT_MEMORY_POOL" in os.environ:
        return
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc: keep its default
        return
    pa.jemalloc_set_decay_ms(10_000)
    pa.set_memory_pool(pool)


def give_back_arrow_memory() -> None:
    """Return the pages Arrow's pool freed to the system (a reading worker after each
    night). The C library's are left to it: trimming them after every night made the next
    night fault them all in again (~4,000 page faults a night, most of a worker's system
    time), and a worker's heap stays small without it."""
    pa.default_memory_pool().release_unused()


def give_back_freed_memory() -> None:
    """Return the pages that nights freed to the system, Arrow's and the C library's (the
    main process after staging and loading every few nights).

    Why: the C library keeps freed heap pages for reuse, and Arrow's allocator its own, so
    the main process held its largest night's memory for the rest of the run: with two
    workers, a national backfill's summed RSS stayed over 1 GiB. Every few nights, not
    after every allocation (purging often is what made mimalloc cost system time) nor after
    every night (the next night faulted the pages in again)."""
    give_back_arrow_memory()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
