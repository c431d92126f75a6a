"""What the browser tests share: where Chromium is and how it starts, and the app under gunicorn
on a free loopback port (tests/test_browser_pages.py, the fresh-clone and finder tests, CSP;
bench/phone_bench.py and bench/api_bench.py wait for their servers the same way)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# No sandbox (containers), and nothing Chromium would fetch on its own: any request that
# leaves 127.0.0.1 is then the page's.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(
    url: str, proc: subprocess.Popen[bytes], log: Path | None, timeout: float
) -> None:
    see = f"; see {log}" if log else ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode}){see}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer {url} within {timeout:.0f} s{see}")


def stop(proc: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM (gunicorn finishes its requests), SIGKILL after `grace` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def gunicorn(
    cwd: Path, env: dict[str, str], log: Path, workers: int, app: str, probe: str
) -> Iterator[str]:
    """`app` under gunicorn on a free loopback port, output to `log`; yields the base URL once
    `probe` answers 200, and stops the server on exit."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(workers),
                "--timeout",
                "120",
                "--bind",
                f"127.0.0.1:{port}",
                app,
            ],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base + probe, proc, log, timeout=90)
            yield base
        finally:
            stop(proc, grace=20)


@contextmanager
def launched(chromium: Path) -> Iterator[Any]:
    """One headless Chromium, closed on exit. Playwright's sync API allows one running
    instance per thread, so each test module holds its own (module-scoped fixtures)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(chromium), headless=True, args=LAUNCH_ARGS)
        yield instance
        instance.close()
