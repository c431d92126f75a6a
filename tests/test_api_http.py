"""HTTP behaviour of the API on a tiny hand-made warehouse: errors, validators, caching,
CORS, compression, rate limit, and a new publication showing at once."""

from __future__ import annotations

import gzip
import random
from datetime import date
from pathlib import Path

import brotli
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, text
from test_api_support import (
    add_publication,
    assert_error_shape,
    body_json,
    build_tiny_warehouse,
    make_api_app,
)

from data import schema
from data.queries import iter_rows

ROWS = "/api/v1/datasets/front_office_visits_daily/rows"


@pytest.fixture(scope="module")
def tiny_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_tiny_warehouse(tmp_path_factory.mktemp("tiny") / "w.sqlite")


@pytest.fixture(scope="module")
def tiny_app(tiny_url: str) -> Flask:
    return make_api_app(tiny_url)


@pytest.fixture
def http(tiny_app: Flask) -> FlaskClient:
    return tiny_app.test_client()


# ------------------------------------------------------------------ the one error shape
@pytest.mark.parametrize(
    ("url", "param"),
    [
        (f"{ROWS}?regoin=KZ-59", "regoin"),
        (f"{ROWS}?date_from=2024-13-01", "date_from"),
        (f"{ROWS}?date_from=yesterday", "date_from"),
        (f"{ROWS}?date_from=2025-01-01&date_to=2024-01-01", "date_from"),
        (f"{ROWS}?limit=0", "limit"),
        (f"{ROWS}?limit=10001", "limit"),
        (f"{ROWS}?limit=ten", "limit"),
        (f"{ROWS}?limit=5&limit=6", "limit"),
        (f"{ROWS}?region=Narnia", "region"),
        (f"{ROWS}?district=59", "district"),
        (f"{ROWS}?sort=visitor_iin", "sort"),
        (f"{ROWS}?fields=visitor_name", "fields"),
        (f"{ROWS}?fields=", "fields"),
        (f"{ROWS}?cursor=not-a-cursor", "cursor"),
        (f"{ROWS}?include_total=maybe", "include_total"),
        (f"{ROWS}?format=xml", "format"),
        (f"{ROWS}.csv?format=json", "format"),
        (f"{ROWS}?channel=%3Cscript%3E", "channel"),
        ("/api/v1/datasets/front_office_visits_daily/aggregate", "group_by"),
        ("/api/v1/datasets/front_office_visits_daily/aggregate?group_by=visitor_iin", "group_by"),
        (
            "/api/v1/datasets/front_office_visits_daily/aggregate?group_by=region&measure=wait",
            "measure",
        ),
        ("/api/v1/datasets/regions/rows?date_from=2024-01-01", "date_from"),
        ("/api/v1/datasets?lang=ru", "lang"),
        ("/api/v1/facilities?type=camera", "type"),
        ("/api/v1/publications?limit=-1", "limit"),
        ("/healthz?verbose=1", "verbose"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(
    http: FlaskClient, url: str, param: str
) -> None:
    error = assert_error_shape(http.get(url), 400, param)
    assert error["code"] in {"invalid_parameter", "unknown_parameter", "missing_parameter"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/datasets/visitors",
        "/api/v1/datasets/visitors/rows",
        "/api/v1/nothing",
        "/api/v1/regions/KZ-99",
        "/api/v1/regions/Atlantis",
        f"{ROWS}.pdf",
        "/api/v1/datasets/front_office_visits_daily/aggregate.xlsx?group_by=region",
    ],
)
def test_not_found(http: FlaskClient, url: str) -> None:
    assert_error_shape(http.get(url), 404)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE"])
@pytest.mark.parametrize(
    "url", ["/api/v1/datasets", ROWS, "/api/v1/regions/KZ-59", "/api/v1/", "/healthz"]
)
def test_read_only_other_methods_get_405(http: FlaskClient, method: str, url: str) -> None:
    response = http.open(url, method=method)
    assert_error_shape(response, 405)
    assert "GET" in response.headers["Allow"]


def test_unknown_path_with_a_write_method_is_404_not_405(http: FlaskClient) -> None:
    assert_error_shape(http.post("/api/v1/no/such/thing"), 404)


def test_406_when_accept_excludes_every_format(http: FlaskClient) -> None:
    assert_error_shape(http.get(ROWS, headers={"Accept": "application/xml"}), 406)
    assert_error_shape(http.get("/api/v1/datasets", headers={"Accept": "text/csv"}), 406)
    assert http.get(ROWS, headers={"Accept": "text/csv"}).mimetype == "text/csv"
    assert http.get(ROWS, headers={"Accept": "*/*"}).mimetype == "application/json"


def test_414_for_a_very_long_uri(http: FlaskClient) -> None:
    assert_error_shape(http.get(f"{ROWS}?region={'KZ-59,' * 500}KZ-59"), 414)


def test_500_is_json_without_a_trace(tiny_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_api_app(tiny_url)

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("SELECT secret FROM visitors -- boom")

    monkeypatch.setattr("api.views.datasets.fetch_page", explode)
    error = assert_error_shape(app.test_client().get(f"{ROWS}?limit=3"), 500)
    assert "secret" not in error["message"]


def test_503_when_nothing_is_published(tmp_path: Path) -> None:
    url = build_tiny_warehouse(tmp_path / "w.sqlite", publications=0)
    client = make_api_app(url).test_client()
    response = client.get(ROWS)
    assert_error_shape(response, 503)
    assert response.headers["Retry-After"]
    assert client.get("/healthz").status_code == 200
    assert body_json(client.get("/api/v1/status"))["data"]["publication"] is None


def test_503_when_the_warehouse_is_unreachable() -> None:
    client = make_api_app("postgresql+psycopg://nobody@127.0.0.1:9/none").test_client()
    for url in (ROWS, "/healthz", "/api/v1/datasets"):
        error = assert_error_shape(client.get(url), 503)
        assert "psycopg" not in error["message"].lower()


# ------------------------------------------------------------------ validators and caching
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/datasets",
        "/api/v1/datasets/front_office_visits_daily",
        f"{ROWS}?limit=5",
        f"{ROWS}.csv",
        f"{ROWS}.ndjson",
        f"{ROWS}.xlsx",
        "/api/v1/datasets/facilities/rows.geojson",
        "/api/v1/datasets/front_office_visits_daily/aggregate?group_by=region",
        "/api/v1/regions",
        "/api/v1/regions/KZ-59",
        "/api/v1/facilities",
        "/api/v1/publications",
        "/api/v1/status",
        "/healthz",
        "/api/v1/datapackage.json",
        "/api/v1/catalog.jsonld",
        "/api/v1/openapi.json",
        "/api/v1/docs",
    ],
)
def test_etag_last_modified_and_304(http: FlaskClient, url: str) -> None:
    first = http.get(url)
    assert first.status_code == 200, first.get_data(as_text=True)[:300]
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified and first.headers["Cache-Control"]
    again = http.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    assert again.get_data() == b""
    if "p1-" in etag:  # publication-bound: If-Modified-Since works too
        assert "max-age" in first.headers["Cache-Control"]
        since = http.get(url, headers={"If-Modified-Since": modified})
        assert since.status_code == 304
    assert http.get(url, headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_new_publication_is_visible_at_once(tmp_path: Path) -> None:
    url = build_tiny_warehouse(tmp_path / "w.sqlite")
    app = make_api_app(url)
    client = app.test_client()
    first = client.get(f"{ROWS}?limit=3")
    meta = body_json(first)["meta"]
    assert meta["publication_id"] == 1
    assert body_json(client.get(f"{ROWS}?limit=3"))["meta"]["publication_id"] == 1  # cached
    engine = app.extensions["warehouse"]
    with engine.begin() as conn:
        add_publication(conn, 2)
        conn.execute(text("UPDATE front_office_visits_daily SET visits = 999 WHERE id = 1"))
    second = client.get(f"{ROWS}?limit=3")
    body = body_json(second)
    assert body["meta"]["publication_id"] == 2
    assert body["data"][0]["visits"] == 999
    assert second.headers["ETag"] != first.headers["ETag"]
    assert (
        client.get(f"{ROWS}?limit=3", headers={"If-None-Match": first.headers["ETag"]}).status_code
        == 200
    )
    csv_text = client.get(f"{ROWS}.csv").get_data(as_text=True)
    assert ",999," in csv_text


def test_cursor_from_an_older_publication_is_refused(tmp_path: Path) -> None:
    app = make_api_app(build_tiny_warehouse(tmp_path / "w.sqlite"))
    client = app.test_client()
    next_url = body_json(client.get(f"{ROWS}?limit=2"))["links"]["next"]
    with app.extensions["warehouse"].begin() as conn:
        add_publication(conn, 2)
    error = assert_error_shape(client.get(next_url), 400, "cursor")
    assert error["code"] == "cursor_expired"


# ------------------------------------------------------------------ CORS, compression, headers
def test_cors_for_get_and_preflight(http: FlaskClient) -> None:
    response = http.get(ROWS, headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = http.options(
        ROWS, headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("encoding", "decode"), [("gzip", gzip.decompress), ("br", brotli.decompress)]
)
@pytest.mark.parametrize("url", ["/api/v1/datasets", f"{ROWS}.csv"])
def test_compression(http: FlaskClient, encoding: str, decode: object, url: str) -> None:
    plain = http.get(url).get_data()
    response = http.get(url, headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert decode(response.get_data()) == plain  # type: ignore[operator]
    assert "Accept-Encoding" in response.headers["Vary"]


def test_security_headers(http: FlaskClient) -> None:
    for url in (ROWS, "/api/v1/docs", "/api/v1/nothing"):
        headers = http.get(url).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]
        assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_head_answers_like_get_without_a_body(http: FlaskClient) -> None:
    get, head = http.get(f"{ROWS}.csv"), http.head(f"{ROWS}.csv")
    assert head.status_code == 200
    assert head.get_data() == b""
    assert head.headers["ETag"] == get.headers["ETag"]


# ------------------------------------------------------------------ rate limit
def test_rate_limit_429_with_headers(tiny_url: str) -> None:
    client = make_api_app(
        tiny_url, ratelimit_enabled=True, ratelimit_default="3 per minute"
    ).test_client()
    for _ in range(3):
        ok = client.get("/api/v1/datasets")
        assert ok.status_code == 200
        assert ok.headers["X-RateLimit-Limit"] == "3"
        assert "X-RateLimit-Remaining" in ok.headers
    limited = client.get("/api/v1/datasets")
    error = assert_error_shape(limited, 429)
    assert error["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert client.get("/healthz").status_code == 200  # health checks are never limited


def test_rate_limit_off_by_setting(tiny_url: str) -> None:
    client = make_api_app(
        tiny_url, ratelimit_enabled=False, ratelimit_default="1 per minute"
    ).test_client()
    for _ in range(3):
        response = client.get("/api/v1/datasets")
        assert response.status_code == 200
        assert "X-RateLimit-Limit" not in response.headers


def test_suppressed_cells_are_null_never_zero(http: FlaskClient) -> None:
    rows = body_json(http.get(f"{ROWS}?limit=10000&fields=visits"))["data"]
    hidden = [r for r in rows if r["suppressed"]]
    assert hidden, "the tiny warehouse has suppressed cells"
    assert all(r["visits"] is None for r in hidden)
    assert set(rows[0]) == {"visits", "suppressed"}  # the flag travels with the count


def test_aggregate_of_only_suppressed_cells_is_null(tmp_path: Path) -> None:
    app = make_api_app(build_tiny_warehouse(tmp_path / "w.sqlite"))
    with app.extensions["warehouse"].begin() as conn:
        conn.execute(
            insert(schema.front_office_visits_daily),
            [
                {
                    "id": 10_000,
                    "date": date(2024, 7, 1),
                    "region": "KZ-10",
                    "district_kato": "101000000",
                    "office_id": "FO-10-001",
                    "visits": None,
                    "suppressed": True,
                }
            ],
        )
    client = app.test_client()
    groups = body_json(
        client.get(
            "/api/v1/datasets/front_office_visits_daily/aggregate?group_by=region&region=KZ-10"
        )
    )["data"]
    assert groups == [
        {
            "region": "KZ-10",
            "region_name": "Abay Region",
            "value": None,
            "suppressed": True,
            "suppressed_cells": 1,
            "cells": 1,
            "complete": False,
        }
    ]


@pytest.mark.parametrize(
    "sort", ["-visits", "visits", "office_id,-visits", "-date,visits", "region,-id"]
)
def test_keyset_pages_equal_the_full_export(http: FlaskClient, sort: str) -> None:
    """Walking pages (NULLs last, ties broken by id) gives exactly the download's rows."""
    ids, url = [], f"{ROWS}?limit=7&sort={sort}&fields=id"
    while url:
        body = body_json(http.get(url))
        ids += [r["id"] for r in body["data"]]
        url = body["links"]["next"]
    export = http.get(f"{ROWS}.csv?sort={sort}&fields=id").get_data(as_text=True)
    assert ids == [int(x) for x in export.split()[1:]]
    assert (
        len(ids)
        == len(set(ids))
        == body_json(http.get(f"{ROWS}?limit=1&include_total=1"))["meta"]["total"]
    )


def test_a_dead_redis_costs_the_cache_not_the_answers(tiny_url: str) -> None:
    client = make_api_app(
        tiny_url, cache_redis_url="redis://127.0.0.1:9/0", ratelimit_enabled=True
    ).test_client()
    for _ in range(2):
        response = client.get(f"{ROWS}?limit=5")
        assert response.status_code == 200
        assert len(body_json(response)["data"]) == 5
    assert client.get("/api/v1/regions/KZ-59").status_code == 200


@pytest.mark.redis
def test_rate_limit_counters_shared_in_redis(tiny_url: str, redis_url: str) -> None:
    """Two app instances (two gunicorn workers) share one budget through Redis."""
    apps = [
        make_api_app(
            tiny_url,
            cache_redis_url=redis_url,
            ratelimit_enabled=True,
            ratelimit_default="4 per minute",
        )
        for _ in range(2)
    ]
    client_ip = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(256)}"
    statuses = [
        apps[i % 2]
        .test_client()
        .get("/api/v1/datasets", environ_base={"REMOTE_ADDR": client_ip})
        .status_code
        for i in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]


@pytest.mark.parametrize(
    ("method", "url"),
    [("POST", "/healthz"), ("PUT", "/api/v1/"), ("GET", f"{ROWS}?limit=0"), ("GET", "/api/v1/x")],
)
def test_errors_carry_validators_and_cors(http: FlaskClient, method: str, url: str) -> None:
    response = http.open(url, method=method)
    assert response.status_code >= 400
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_download_is_one_publication_even_if_the_next_lands_midway(tmp_path: Path) -> None:
    app = make_api_app(build_tiny_warehouse(tmp_path / "w.sqlite"))
    engine = app.extensions["warehouse"]
    with engine.begin() as conn:  # more rows than one keyset chunk (5,000)
        existing = conn.execute(text("SELECT count(*) FROM sos_activations_regional")).scalar()
        conn.execute(
            insert(schema.sos_activations_regional),
            [
                {
                    "id": 100 + i,
                    "month": date(2023, 1, 1),
                    "region": "KZ-10",
                    "category": "test",
                    "activations": 7,
                    "suppressed": False,
                }
                for i in range(12_000)
            ],
        )
    response = app.test_client().get(
        "/api/v1/datasets/sos_activations_regional/rows.csv", buffered=False
    )
    assert response.status_code == 200
    with engine.begin() as conn:  # the ETL publishes while the file is being sent
        add_publication(conn, 2)
        conn.execute(text("UPDATE sos_activations_regional SET activations = 999"))
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == 1 + 12_000 + existing
    assert not any(",999," in line for line in lines)
    assert response.headers["X-Publication-Id"] == "1"


@pytest.mark.parametrize("query", ["fields=visitor_iin", "sort=comment", "date_from=x"])
def test_head_of_a_bad_download_is_400_too(http: FlaskClient, query: str) -> None:
    assert http.head(f"{ROWS}.csv?{query}").status_code == 400
    assert_error_shape(http.get(f"{ROWS}.xlsx?{query}"), 400)


def test_response_cache_hits_answer_exactly_like_the_first(tiny_url: str) -> None:
    app = make_api_app(tiny_url, ratelimit_enabled=True, ratelimit_default="5 per minute")
    # five requests in all: the budget is per client across the whole API
    client = app.test_client()
    for url in (f"{ROWS}?limit=4&region=KZ-75", f"{ROWS}.csv?region=KZ-75"):
        first, second = client.get(url), client.get(url)
        assert second.get_data() == first.get_data()
        for name in (
            "ETag",
            "Last-Modified",
            "Content-Type",
            "Cache-Control",
            "Access-Control-Allow-Origin",
            "X-Demo-Data",
        ):
            assert second.headers[name] == first.headers[name], name
        if url.endswith("75") and ".csv" in url:
            third = client.get(url)  # the streamed first answer was kept whole
            assert third.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    limited = client.get(f"{ROWS}?limit=4&region=KZ-75")  # a cache hit is still counted
    assert_error_shape(limited, 429)


@pytest.mark.parametrize(
    "url",
    [
        f"{ROWS}.csv?region=KZ-71",
        f"{ROWS}?region=KZ-71&limit=3",
        "/api/v1/datasets/regions/rows.ndjson",
    ],
)
def test_head_first_then_get_still_has_the_body(tiny_url: str, url: str) -> None:
    client = make_api_app(tiny_url).test_client()
    assert client.head(url).get_data() == b""
    body = client.get(url).get_data()
    assert body and client.get(url).get_data() == body


@pytest.mark.parametrize("url", [f"{ROWS}.csv?region=KZ-59", "/api/v1/facilities"])
def test_a_small_download_is_streamed_once_then_cached(
    tiny_url: str, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.responses

    calls = []

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return iter_rows(*args, **kwargs)

    monkeypatch.setattr(api.responses, "iter_rows", counting)
    client = make_api_app(tiny_url).test_client()
    bodies = [client.get(url).get_data() for _ in range(3)]
    assert bodies[0] and bodies[0] == bodies[1] == bodies[2]
    assert len(calls) == 1
