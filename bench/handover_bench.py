"""How a worker's result reaches the main process: through a pipe, or through a file.

A national night's outcomes are ~5.7 MB pickled (etl.workers._read_in_worker). This sends
a message of that size 100 times from a fork-server child, each way, and prints the CPU
seconds each side spent per message:

    .venv/bin/python -m bench.handover_bench [--bytes N] [--folder DIR]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from multiprocessing.connection import Connection

MESSAGES = 100


def _sender(conn: Connection, size: int, folder: str | None) -> None:
    payload = os.urandom(size)
    started = time.process_time()
    for i in range(MESSAGES):
        if folder is None:
            conn.send_bytes(payload)
        else:
            path = os.path.join(folder, f"message-{i}")
            with open(path, "wb") as out:
                out.write(payload)
            conn.send(path)
    conn.send(time.process_time() - started)


def _measure(size: int, folder: str | None) -> tuple[float, float, float]:
    """CPU ms per message of the receiver and the sender, and wall ms per message."""
    receiving, sending = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("forkserver").Process(
        target=_sender, args=(sending, size, folder)
    )
    child.start()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(MESSAGES):
        if folder is None:
            receiving.recv_bytes()
        else:
            path = receiving.recv()
            with open(path, "rb") as handle:
                handle.read()
            os.unlink(path)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    sender_cpu = receiving.recv()
    child.join()
    return cpu / MESSAGES * 1000, sender_cpu / MESSAGES * 1000, wall / MESSAGES * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bytes", type=int, default=5_700_000)
    parser.add_argument("--folder", default=None, help="where the files go (default: TMPDIR)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        for name, where in (("pipe", None), ("file", folder)):
            receiver, sender, wall = _measure(args.bytes, where)
            print(
                f"{name}: receiver {receiver:.2f} ms CPU, sender {sender:.2f} ms CPU, "
                f"wall {wall:.2f} ms per message"
            )


if __name__ == "__main__":
    main()
