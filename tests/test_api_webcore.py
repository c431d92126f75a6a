"""webcore: the per-publication query cache the API and the dashboard share, the large-body
LRU, and the headers every page of the server gets."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from test_api_support import add_publication, build_tiny_warehouse, make_api_app

from webcore.cache import cached_query, current_publication
from webcore.memory import BoundedMemoryCache


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
        return int(
            conn.exec_driver_sql(
                "SELECT count(*) FROM regions WHERE iso_code LIKE ?", (prefix + "%",)
            ).scalar()
        )

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


def test_memory_cache_is_bounded_by_entries_and_bytes() -> None:
    lru = BoundedMemoryCache(max_entries=4, max_bytes=8_000)
    assert not lru.set("huge", b"x" * 1_500)  # over an eighth of the budget: refused
    for key in "abcd":
        assert lru.set(key, key.encode() * 900)
    assert lru.get("a") == b"a" * 900  # "a" becomes the most recently used
    lru.set("e", b"e" * 900)  # a fifth entry: the least recently used ("b") goes
    assert lru.get("b") is None and lru.get("a") is not None
    lru.max_entries = 100  # now the byte budget binds
    for key in "fghijklmnopq":
        assert lru.set(key, key.encode() * 900)
    assert lru.size_bytes <= 8_000
    assert lru.get("q") == b"q" * 900 and lru.get("f") is None


def test_memory_cache_expiry_copies_and_api(monkeypatch: pytest.MonkeyPatch) -> None:
    lru = BoundedMemoryCache(default_timeout=300)
    frame = {"rows": [1, 2]}
    lru.set("k", frame)
    lru.get("k")["rows"].append(3)  # a caller mutating its copy
    assert lru.get("k") == {"rows": [1, 2]}
    assert lru.add("k", 1) is False and lru.has("k")
    lru.set("short", 1, timeout=5)
    now = time.monotonic()
    monkeypatch.setattr("webcore.memory.time.monotonic", lambda: now + 6)
    assert lru.get("short") is None and not lru.has("short")
    assert lru.delete("k") and not lru.delete("k")
    assert lru.set("n", None) and lru.has("n")
    assert lru.clear() and lru.size_bytes == 0


def test_a_full_cache_evicts_the_least_recently_used(app: Flask) -> None:
    """Past its capacity the cache drops the entry used longest ago, one per insert (its speed
    is not asserted here: an OrderedDict pop, not SimpleCache's sort of every entry)."""
    from webcore.cache import cache

    with app.app_context():
        assert isinstance(cache.cache, BoundedMemoryCache)  # the app's default backend
    lru = BoundedMemoryCache(max_entries=3)
    for key in ("a", "b", "c"):
        lru.set(key, key)
    assert lru.get("a") == "a"  # "a" is now the most recently used
    for key in ("d", "e"):
        lru.set(key, key)
    assert [lru.get(k) for k in "abcde"] == ["a", None, None, "d", "e"]
    assert len(lru._items) == 3


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
