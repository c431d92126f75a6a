"""webcore: the per-publication query cache the API and the dashboard share, the large-body
LRU, and the headers every page of the server gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from test_api_support import add_publication, build_tiny_warehouse, make_api_app

from webcore.cache import cached_query, current_publication
from webcore.largecache import LargeBodyCache


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    server = make_api_app(build_tiny_warehouse(tmp_path / "w.sqlite"))

    @server.get("/page")
    def page() -> str:  # stands for a dashboard page
        return "<html><body>" + "x" * 2000 + "</body></html>"

    return server


def test_cached_query_is_keyed_by_publication(app: Flask) -> None:
    calls: list[tuple[Any, ...]] = []

    def count_regions(conn: Any, prefix: str, *, limit: int = 99) -> int:
        calls.append((prefix, limit))
        return int(conn.exec_driver_sql(
            "SELECT count(*) FROM regions WHERE iso_code LIKE ?", (prefix + "%",)).scalar())

    with app.test_request_context("/"):
        assert cached_query("t.count", count_regions, "KZ-1") == 4
        assert current_publication().id == 1
    with app.test_request_context("/"):
        assert cached_query("t.count", count_regions, "KZ-1") == 4  # from the cache
        assert cached_query("t.count", count_regions, "KZ-1", limit=3) == 4  # other kwargs
    assert calls == [("KZ-1", 99), ("KZ-1", 3)]
    with app.extensions["warehouse"].begin() as conn:
        add_publication(conn, 2)
    with app.test_request_context("/"):
        assert current_publication().id == 2
        assert cached_query("t.count", count_regions, "KZ-1") == 4
    assert len(calls) == 3  # the new publication was visible at once


def test_cached_query_caches_none_results(app: Flask) -> None:
    calls = []

    def nothing(conn: Any) -> None:
        calls.append(1)

    for _ in range(3):
        with app.test_request_context("/"):
            assert cached_query("t.none", nothing) is None
    assert calls == [1]


def test_large_body_cache_stays_within_its_budget() -> None:
    lru = LargeBodyCache(1000)
    lru.set("a", b"a" * 200)
    lru.set("b", b"b" * 200)
    lru.set("big", b"x" * 300)  # over a quarter of the budget: not kept
    assert lru.get("big") is None
    assert lru.get("a") == b"a" * 200  # "a" is now the most recently used
    for key in "cdef":
        lru.set(key, key.encode() * 200)
    assert lru.size == 1000
    assert lru.get("b") is None  # least recently used went first
    assert lru.get("a") == b"a" * 200
    lru.set("g", b"g" * 200)
    assert lru.get("c") is None and lru.get("g") == b"g" * 200


def test_every_page_gets_security_headers_and_compression(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/page", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers
    secure = client.get("/page", base_url="https://portal.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    api = client.get("/api/v1/datasets")
    assert "default-src 'none'" in api.headers["Content-Security-Policy"]


def test_non_api_errors_keep_flask_behaviour(app: Flask) -> None:
    response = app.test_client().get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"  # the dashboard's own pages, not the API shape
