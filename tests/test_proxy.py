"""The production recipe of deploy/, run for real: nginx (deploy/nginx/portal-locations.conf and
portal-upstreams.conf) in front of two gunicorn instances (deploy/gunicorn.conf.py: `web` and
`downloads`), one PostgreSQL and one Redis.

Clients are told apart by their source address (127.0.0.2, 127.0.0.3 ... all reach 127.0.0.1
on Linux), as real visitors would be behind the proxy. Markers: proxy, faults, postgres, redis.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from data.settings import Config

pytestmark = [
    pytest.mark.proxy,
    pytest.mark.faults,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
]

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PUBLIC_URL = "https://data.example.kz"
RATE = 5  # requests per minute per client in this test


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, path: str = "/healthz", timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"nothing answered on 127.0.0.1:{port}{path}")


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Stack:
    port: int
    logs: Path

    def request(
        self,
        path: str,
        *,
        client: str = "127.0.0.10",
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        timeout: float = 120,
    ) -> Reply:
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=timeout, source_address=(client, 0)
        )
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            conn.close()


def _nginx_conf(tmp: Path, port: int, web: int, downloads: int) -> str:
    upstreams = (DEPLOY / "nginx" / "portal-upstreams.conf").read_text()
    upstreams = upstreams.replace("127.0.0.1:8050", f"127.0.0.1:{web}")
    upstreams = upstreams.replace("127.0.0.1:8051", f"127.0.0.1:{downloads}")
    user = "user root root;" if os.geteuid() == 0 else ""
    temp = " ".join(
        f"{name}_temp_path {tmp / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {tmp}/nginx-access.log;
    {temp}
    {upstreams}
    server {{
        listen 127.0.0.1:{port};
        server_name data.example.kz;
        include {DEPLOY / "nginx" / "portal-locations.conf"};
    }}
}}
"""


@pytest.fixture(scope="module")
def stack(pg_warehouse_config: Config) -> Iterator[Stack]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed in CI (scripts/test.sh installs it)")
        pytest.skip("nginx not installed")
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("TEST_REDIS_URL not set")
    import redis

    redis_url = re.sub(r"/\d+$", "", redis_url) + "/7"  # a database of this test's own
    redis.Redis.from_url(redis_url).flushdb()
    tmp = Path(tempfile.mkdtemp(prefix="portal-proxy-"))
    tmp.chmod(0o755)
    port, web, downloads = _free_port(), _free_port(), _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": pg_warehouse_config.database_url,
        "QUARANTINE_DIR": str(pg_warehouse_config.quarantine_dir),
        "EXPORT_DIR": str(pg_warehouse_config.export_dir),
        "CACHE_REDIS_URL": redis_url,
        "RATELIMIT_ENABLED": "true",
        "RATELIMIT_DEFAULT": f"{RATE} per minute",
        "PUBLIC_URL": PUBLIC_URL,
        "TRUSTED_PROXIES": "1",
        "MAP_TILES": "none",
        "PORTAL_WORKERS": "2",
        "PORTAL_THREADS": "4",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for name, bind in (("web", web), ("downloads", downloads)):
            log = open(tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
            procs.append(
                subprocess.Popen(
                    [gunicorn, "-c", str(DEPLOY / "gunicorn.conf.py")],
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env={
                        **env,
                        "PORTAL_BIND": f"127.0.0.1:{bind}",
                        "PORTAL_ACCESS_LOG": str(tmp / f"{name}-access.log"),
                    },
                )
            )
        conf = tmp / "nginx.conf"
        conf.write_text(_nginx_conf(tmp, port, web, downloads))
        procs.append(
            subprocess.Popen(
                [nginx, "-c", str(conf), "-p", str(tmp)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
        )
        _wait_for(web)
        _wait_for(downloads)
        _wait_for(port)
        yield Stack(port, tmp)
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def test_rate_limit_is_per_client_behind_nginx(stack: Stack) -> None:
    first = [stack.request("/api/v1/datasets", client="127.0.0.2").status for _ in range(RATE)]
    assert first == [200] * RATE
    limited = stack.request("/api/v1/datasets", client="127.0.0.2")
    assert limited.status == 429 and int(limited.headers["Retry-After"]) > 0
    # A forged X-Forwarded-For does not buy a new budget: nginx replaces the header.
    forged = stack.request(
        "/api/v1/datasets", client="127.0.0.2", headers={"X-Forwarded-For": "198.51.100.7"}
    )
    assert forged.status == 429
    # Another visitor behind the same proxy keeps a budget of its own.
    assert stack.request("/api/v1/datasets", client="127.0.0.3").status == 200
    assert stack.request("/healthz", client="127.0.0.2").status == 200  # never limited


def test_links_come_from_public_url_not_host(stack: Stack) -> None:
    hostile = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    pages = [
        "/api/v1/",
        "/api/v1/datasets/facilities/rows?limit=2",
        "/api/v1/datapackage.json",
        "/regions/KZ-59?lang=en",
    ]
    for i, path in enumerate(pages):
        reply = stack.request(path, client=f"127.0.0.{30 + i}", headers=hostile)
        assert reply.status == 200, path
        assert "evil.example" not in reply.text, path
        assert f"{PUBLIC_URL}/" in reply.text, path
    rows = json.loads(stack.request(pages[1], client="127.0.0.40", headers=hostile).body)
    assert rows["links"]["next"].startswith(f"{PUBLIC_URL}/api/v1/")


def test_fingerprinted_static_files_are_immutable(stack: Stack) -> None:
    page = stack.request("/?lang=en", client="127.0.0.50")
    assert page.status == 200
    urls = re.findall(
        r'(?:src|href|content)="(/(?:_dash-component-suites|assets)/[^"]+)"', page.text
    )
    suites = [u for u in urls if u.startswith("/_dash-component-suites/")]
    vendored = [u for u in urls if u.startswith("/assets/vendor/") and "?v=" in u]
    assert suites and vendored, urls
    for url in suites[:3] + vendored:
        reply = stack.request(url.replace("&amp;", "&"), client="127.0.0.50")
        assert reply.status == 200, url
        assert "immutable" in reply.headers["Cache-Control"], url
        assert "max-age=31536000" in reply.headers["Cache-Control"], url


def test_client_errors_through_the_proxy(stack: Stack) -> None:
    assert stack.request("/.env", client="127.0.0.60").status == 404
    assert stack.request("/.git/config", client="127.0.0.60").status == 404
    big = stack.request(
        "/_dash-update-component",
        client="127.0.0.60",
        method="POST",
        body=b"x" * 2_000_000,
        headers={"Content-Type": "application/json"},
    )
    assert big.status == 413
    options = stack.request("/api/v1/datasets", client="127.0.0.61", method="OPTIONS")
    assert {m.strip() for m in options.headers["Allow"].split(",")} == {"GET", "HEAD", "OPTIONS"}


def test_downloads_do_not_hold_the_page_workers(stack: Stack) -> None:
    """Four whole-table downloads at once: /healthz keeps answering from the web instance.
    (Timing figures belong in bench/; here only a generous bound and where requests went.)"""
    urls = [
        "/api/v1/datasets/front_office_visits_daily/rows.xlsx",
        "/api/v1/datasets/front_office_visits_regional/rows.csv",
        "/api/v1/datasets/sos_activations_regional/rows.xlsx",
        "/api/v1/datasets/camera_offenses_district/rows.csv",
    ]
    results: dict[str, int] = {}

    def download(i: int, url: str) -> None:
        results[url] = stack.request(url, client=f"127.0.0.{70 + i}", timeout=300).status

    threads = [threading.Thread(target=download, args=(i, u)) for i, u in enumerate(urls)]
    for thread in threads:
        thread.start()
    latencies = []
    while any(t.is_alive() for t in threads) or len(latencies) < 5:
        started = time.perf_counter()
        assert stack.request("/healthz", client="127.0.0.80").status == 200
        latencies.append(time.perf_counter() - started)
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    assert results == dict.fromkeys(urls, 200)
    assert max(latencies) < 5.0, latencies  # generous: 2 shared cores; see bench/ for figures
    downloads_log = (stack.logs / "downloads-access.log").read_text()
    web_log = (stack.logs / "web-access.log").read_text()
    assert all(url in downloads_log for url in urls)
    assert not any(url in web_log for url in urls)
    assert "/healthz" in web_log
