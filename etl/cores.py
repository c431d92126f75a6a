"""How many cores this process may use (its CPU affinity, as taskset or systemd's
CPUAffinity= set it), in a module of its own so that the command line can ask before it
imports pandas (etl.fingerprints)."""

from __future__ import annotations

import os


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
