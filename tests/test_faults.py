"""Fault suite (marker `faults`): hostile input and failing dependencies end in a 4xx or a
friendly 503, quickly, with one log line per outage, never a 500, a stall or a leak.

The probes of issue 9 that reproduce without extra services run everywhere: a "hung" Redis is
a socket that accepts connections and never answers (what SIGSTOP looks like to a client), a
dead PostgreSQL is a closed port. The real SIGSTOP of a real redis-server runs where one is
installed (CI). The nginx + gunicorn recipe has its own test (tests/test_proxy.py).
"""

from __future__ import annotations

import base64
import json
import logging
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from test_api_support import body_json, build_tiny_warehouse, make_api_app

from data.settings import Config
from webcore.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from webcore.guards import output_specs

pytestmark = pytest.mark.faults

ROWS = "/api/v1/datasets/front_office_visits_daily/rows"
DEAD_PG = "postgresql+psycopg://nobody@127.0.0.1:9/none"


# ------------------------------------------------------------------ helpers
@pytest.fixture(scope="module")
def tiny_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_tiny_warehouse(tmp_path_factory.mktemp("tiny") / "w.sqlite")


@pytest.fixture
def hung_redis() -> Iterator[str]:
    """A TCP port that completes the handshake and then never answers: a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    finally:
        server.close()


def b64(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def dashboard_app(config: Config) -> Flask:
    from app import create_app

    server = create_app(config)
    server.config["TESTING"] = True
    return server


# ------------------------------------------------------------------ circuit breaker
def test_breaker_states_and_one_log_line_per_change(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    breaker = CircuitBreaker("redis", first_cooldown=1, max_cooldown=4, clock=lambda: now[0])
    caplog.set_level(logging.INFO, logger="webcore.breaker")
    assert breaker.allow() and breaker.state == CLOSED
    breaker.failure(ConnectionError("refused"))
    assert breaker.state == OPEN
    assert [breaker.allow() for _ in range(100)] == [False] * 100  # skipped at no cost
    for _ in range(50):
        breaker.failure(ConnectionError("late"))  # calls that were already in flight
    now[0] = 1.0
    assert breaker.allow() and breaker.state == HALF_OPEN
    assert not breaker.allow()  # one trial at a time
    breaker.failure(TimeoutError("still hung"))
    assert breaker.state == OPEN
    now[0] = 2.5
    assert not breaker.allow()  # the cool-down doubled to 2 s
    now[0] = 3.0
    assert breaker.allow()
    breaker.success()
    assert breaker.state == CLOSED
    states = [r.getMessage().split()[3].rstrip(":") for r in caplog.records]
    assert states == [OPEN, HALF_OPEN, OPEN, HALF_OPEN, CLOSED]


@pytest.mark.parametrize("kind", ["hung", "refused"])
def test_a_failing_redis_costs_at_most_one_short_timeout(
    tiny_url: str, hung_redis: str, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    redis_url = hung_redis if kind == "hung" else "redis://127.0.0.1:9/0"
    client = make_api_app(
        tiny_url,
        cache_redis_url=redis_url,
        ratelimit_enabled=True,
        ratelimit_default="1000 per minute",
    ).test_client()
    caplog.set_level(logging.INFO)
    durations = []
    for i in range(40):
        started = time.perf_counter()
        response = client.get(f"{ROWS}?limit={i + 1}")  # a new URL each time: no cached body
        durations.append(time.perf_counter() - started)
        assert response.status_code == 200
        assert len(body_json(response)["data"]) == i + 1
    # The first request pays the socket timeout(s) (40 ms each: cache and rate limit); the
    # others skip Redis. Generous bounds: the machine is shared.
    assert durations[0] < 1.0
    assert sorted(durations)[len(durations) // 2] < 0.2
    assert not any(r.exc_info for r in caplog.records), "no traceback per call"
    outage_lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert 1 <= len(outage_lines) <= 3, [r.getMessage() for r in outage_lines]


def test_an_in_process_cache_stands_in_while_redis_hangs(tiny_url: str, hung_redis: str) -> None:
    from webcore.cache import cached_query

    app = make_api_app(tiny_url, cache_redis_url=hung_redis)
    calls: list[int] = []

    def query(conn: object, n: int) -> int:
        calls.append(n)
        return n * 2

    for _ in range(3):
        with app.test_request_context("/"):
            assert cached_query("fault_probe", query, 21) == 42
    assert calls == [21]  # computed once: Redis skipped, the stand-in served the rest
    assert app.extensions["cache_breaker"].state == OPEN


def test_rate_limit_stays_on_while_redis_hangs(tiny_url: str, hung_redis: str) -> None:
    client = make_api_app(
        tiny_url,
        cache_redis_url=hung_redis,
        ratelimit_enabled=True,
        ratelimit_default="3 per minute",
    ).test_client()
    statuses = [client.get("/api/v1/datasets").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]  # per-process counters, never "off"


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed")
def test_real_redis_sigstop_and_sigcont(
    tiny_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        app = make_api_app(
            tiny_url,
            cache_redis_url=f"redis://127.0.0.1:{port}/0",
            ratelimit_enabled=True,
            ratelimit_default="1000 per minute",
        )
        client = app.test_client()
        assert client.get(f"{ROWS}?limit=3").status_code == 200
        caplog.set_level(logging.INFO)
        proc.send_signal(signal.SIGSTOP)
        worst = 0.0
        for i in range(30):
            started = time.perf_counter()
            assert client.get(f"{ROWS}?limit={i + 1}").status_code == 200
            worst = max(worst, time.perf_counter() - started) if i else 0.0
        assert worst < 0.5  # after the first request Redis is skipped
        assert app.extensions["cache_breaker"].state == OPEN
        proc.send_signal(signal.SIGCONT)
        time.sleep(1.2)  # the first cool-down
        for i in range(3):
            assert client.get(f"{ROWS}?limit={i + 40}").status_code == 200
        assert app.extensions["cache_breaker"].state == CLOSED
        assert not any(r.exc_info for r in caplog.records)
    finally:
        proc.send_signal(signal.SIGCONT)
        proc.terminate()
        proc.wait(10)


# ------------------------------------------------------------------ warehouse unreachable
@pytest.fixture(scope="module")
def dead_pg_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    from tests.conftest import make_config

    workdir = tmp_path_factory.mktemp("deadpg")
    return dashboard_app(make_config(DEAD_PG, workdir))


@pytest.mark.parametrize(
    ("lang", "words"), [("kk", "уақытша"), ("ru", "временно"), ("en", "unavailable")]
)
def test_pages_answer_503_in_the_visitors_language(
    dead_pg_app: Flask, lang: str, words: str
) -> None:
    client = dead_pg_app.test_client()
    for path in ("/", "/map", "/regions/KZ-59", "/open-data", "/methodology"):
        response = client.get(f"{path}?lang={lang}")
        assert response.status_code == 503, path
        assert response.headers["Retry-After"]
        assert response.mimetype == "text/html"
        text = response.get_data(as_text=True)
        assert f'<html lang="{lang}"' in text and words in text
        assert "psycopg" not in text.lower() and "Traceback" not in text


def _outputs_of(output: str) -> list[dict[str, str]] | dict[str, str]:
    """The `outputs` of a callback request, from Dash's key ("..a.b...c.d.." or "a.b")."""
    outputs = [
        dict(zip(("id", "property"), spec.rsplit(".", 1), strict=True))
        for spec in output_specs(output)
    ]
    return outputs if output.startswith("..") else outputs[0]


def test_dash_requests_answer_503_json(dead_pg_app: Flask) -> None:
    client = dead_pg_app.test_client()
    layout = client.get("/_dash-layout")
    assert layout.status_code == 503 and layout.headers["Retry-After"]
    assert layout.get_json()["error"]["code"] == "warehouse_unavailable"
    app = dead_pg_app.extensions["dash"]
    # The region page's callback: it reads the warehouse.
    output = next(k for k in app.callback_map if "region-content.children" in k)
    spec = app.callback_map[output]
    values = {"region-select": "KZ-59", "region-compare": "none", "region-lang": "en"}
    body = {
        "output": output,
        "outputs": _outputs_of(output),
        "inputs": [{**d, "value": values.get(d["id"])} for d in spec["inputs"]],
        "state": [{**d, "value": values.get(d["id"])} for d in spec["state"]],
        "changedPropIds": ["region-select.value"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.headers["Retry-After"]
    assert response.get_json()["error"]["code"] == "warehouse_unavailable"
    assert make_api_app(DEAD_PG).test_client().get(ROWS).status_code == 503


# ------------------------------------------------------------------ client errors are 4xx
@pytest.fixture(scope="module")
def page_client(warehouse_config: Config) -> FlaskClient:
    return dashboard_app(warehouse_config).test_client()


def test_forged_cursors_are_400(tiny_url: str) -> None:
    client = make_api_app(tiny_url).test_client()
    real = body_json(client.get(f"{ROWS}?limit=2"))["links"]["next"]
    cursor = real.split("cursor=")[1].split("&")[0]
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    pub, values = payload["p"], payload["v"]
    forged = [
        "abc",
        "true",
        b64(True),
        b64("x"),
        b64([1]),
        b64({"p": pub}),
        b64(10**40),
        b64({"p": pub, "v": [True] * len(values)}),
        b64({"p": pub, "v": ["x" * 10] * len(values)}),
        b64({"p": pub, "v": [10**40] * len(values)}),
        b64({"p": pub, "v": [{"a": 1}] * len(values)}),
        b64({"p": pub, "v": [[1]] * len(values)}),
        b64({"p": pub, "v": values + [1]}),
    ]
    for value in forged:
        response = client.get(f"{ROWS}?limit=2&cursor={value}")
        assert response.status_code == 400, (value, response.status_code)
        assert response.get_json()["error"]["param"] == "cursor"
    assert client.get(real).status_code == 200


@pytest.mark.postgres
def test_forged_cursors_are_400_on_postgresql(pg_warehouse_url: str) -> None:
    client = make_api_app(pg_warehouse_url).test_client()
    url = "/api/v1/datasets/facilities/rows?limit=2"
    real = body_json(client.get(url))["links"]["next"]
    cursor = real.split("cursor=")[1].split("&")[0]
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    for values in (
        ["x"] * len(payload["v"]),
        [10**40] * len(payload["v"]),
        [True] * len(payload["v"]),
    ):
        forged = b64({"p": payload["p"], "v": values})
        assert client.get(f"{url}&cursor={forged}").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/dash/../../etc/passwd",
    ],
)
def test_unknown_component_suite_files_are_404(page_client: FlaskClient, path: str) -> None:
    assert page_client.get(path).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        b"{}",
        b"[]",
        b"null",
        b"not json",
        b"[" * 5000 + b"]" * 5000,
        b'{"a": ' + b"[" * 40 + b"]" * 40 + b"}",
        json.dumps({"output": "nope.children", "inputs": []}).encode(),
    ],
)
def test_malformed_callback_bodies_are_400(page_client: FlaskClient, body: bytes) -> None:
    response = page_client.post(
        "/_dash-update-component", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_callback"


def test_callback_with_wrong_inputs_is_400(page_client: FlaskClient) -> None:
    app = page_client.application.extensions["dash"]
    output = next(iter(app.callback_map))
    response = page_client.post(
        "/_dash-update-component", json={"output": output, "outputs": [], "inputs": [1, 2, 3]}
    )
    assert response.status_code == 400


def test_callback_with_wrong_outputs_is_400(page_client: FlaskClient) -> None:
    app = page_client.application.extensions["dash"]
    output = next(k for k in app.callback_map if k.startswith(".."))  # a multi-output one
    spec = app.callback_map[output]
    base = {
        "output": output,
        "inputs": [{**d, "value": None} for d in spec["inputs"]],
        "state": [{**d, "value": None} for d in spec["state"]],
    }
    for outputs in ([], [{"id": "x", "property": "y"}], "x", None, [[1]]):
        response = page_client.post("/_dash-update-component", json={**base, "outputs": outputs})
        assert response.status_code == 400, outputs
        assert response.get_json()["error"]["code"] == "invalid_callback"


def test_bodies_over_one_megabyte_are_413(page_client: FlaskClient) -> None:
    response = page_client.post(
        "/_dash-update-component", data=b"x" * 2_000_000, content_type="application/json"
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "path",
    ["/.env", "/.git/config", "/wp-login.php", "/no/such/page", "/404", "/regions/KZ-59/extra"],
)
def test_unknown_page_paths_are_a_real_404(page_client: FlaskClient, path: str) -> None:
    response = page_client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert 'id="react-entry-point"' in response.get_data(as_text=True)  # renders the 404 page


@pytest.mark.parametrize(
    "path", ["/", "/map", "/regions", "/regions/KZ-59", "/indicators", "/open-data", "/methodology"]
)
def test_known_pages_are_200(page_client: FlaskClient, path: str) -> None:
    assert page_client.get(f"{path}?lang=en").status_code == 200


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/api/v1/datasets", {"GET", "HEAD", "OPTIONS"}),
        ("/api/v1/", {"GET", "HEAD", "OPTIONS"}),
        ("/", {"GET", "HEAD", "OPTIONS"}),
        ("/_dash-update-component", {"POST", "OPTIONS"}),
    ],
)
def test_options_allow_is_truthful(page_client: FlaskClient, path: str, allow: set[str]) -> None:
    response = page_client.options(path)
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allow


# ------------------------------------------------------------------ proxy awareness
def test_links_come_from_public_url_never_from_host(warehouse_config: Config) -> None:
    config = replace(warehouse_config, public_url="https://data.example.kz", trusted_proxies=1)
    client = dashboard_app(config).test_client()
    hostile = {
        "Host": "evil.example",
        "X-Forwarded-Host": "evil.example",
        "X-Forwarded-Proto": "http",
    }
    for path in (
        "/api/v1/",
        "/api/v1/datasets/facilities/rows?limit=2",
        "/api/v1/datapackage.json",
        "/api/v1/catalog.jsonld",
        "/regions/KZ-59?lang=en",
        "/open-data?lang=en",
    ):
        response = client.get(path, headers=hostile)
        text = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert "evil.example" not in text, path
        assert "https://data.example.kz/" in text, path
    nxt = body_json(client.get("/api/v1/datasets/facilities/rows?limit=2", headers=hostile))[
        "links"
    ]["next"]
    assert nxt.startswith("https://data.example.kz/api/v1/")


def test_public_url_must_be_a_host_root(warehouse_config: Config) -> None:
    for bad in ("data.example.kz", "ftp://x", "https://x/portal"):
        with pytest.raises(ValueError):
            dashboard_app(replace(warehouse_config, public_url=bad))


def test_rate_limit_per_client_behind_trusted_proxies(tiny_url: str) -> None:
    client = make_api_app(
        tiny_url, ratelimit_enabled=True, ratelimit_default="2 per minute", trusted_proxies=1
    ).test_client()

    def get(forwarded_for: str) -> int:
        return client.get(
            "/api/v1/datasets",
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
            headers={"X-Forwarded-For": forwarded_for},
        ).status_code

    assert [get("203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert [get("203.0.113.2") for _ in range(2)] == [200, 200]  # another client, own budget
    # A client cannot escape by forging the header: only the last hop (our proxy's) counts.
    assert get("198.51.100.9, 203.0.113.1") == 429


def test_forwarded_headers_ignored_without_trusted_proxies(tiny_url: str) -> None:
    client = make_api_app(
        tiny_url, ratelimit_enabled=True, ratelimit_default="2 per minute"
    ).test_client()
    statuses = [
        client.get("/api/v1/datasets", headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]
