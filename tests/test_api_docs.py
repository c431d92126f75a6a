"""/api/v1/docs: in kk, ru and en; its worked examples answer on the demo data; readable on a
375 px phone (nothing wider than the screen, checked in headless Chromium)."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import threading
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from api.examples import EXAMPLES, Example

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
PHONE_WIDTH = 375


def _answer_values(example: Example, body: bytes) -> list[Any]:
    """The answer's rows (non-empty) and the numbers or features they carry."""
    if example.kind == "csv":
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows, example.id
        measure = (
            "value"
            if "value" in rows[0]
            else next(
                name for name in ("cameras", "activations", "visits", "offenses") if name in rows[0]
            )
        )
        return [row[measure] or None for row in rows]
    data = json.loads(body)
    if example.kind == "geojson":
        assert data["features"], example.id
        return [f["geometry"] for f in data["features"]]
    assert data["data"], example.id
    return [group["value"] for group in data["data"]]


@pytest.mark.parametrize(
    "example",
    [
        pytest.param(
            e, id=e.id, marks=[pytest.mark.xfail(reason=e.gap, strict=True)] if e.gap else []
        )
        for e in EXAMPLES
    ],
)
def test_worked_example_answers_on_the_demo_data(client: Any, example: Example) -> None:
    response = client.get(example.url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    values = _answer_values(example, response.get_data())
    assert values and any(v is not None for v in values), f"{example.id}: only nulls"


def test_examples_are_read_the_way_the_question_says(client: Any) -> None:
    by_id = {e.id: e for e in EXAMPLES}
    sos = client.get(by_id["sos-per-region-month"].url)
    rows = list(csv.DictReader(io.StringIO(sos.get_data(as_text=True))))
    assert {r["month"][:4] for r in rows} == {"2026"}
    assert {"region", "region_name", "month", "value"} <= set(rows[0])
    visits = json.loads(client.get(by_id["visits-almaty-by-channel"].url).get_data())
    assert {g["channel"] for g in visits["data"]} <= {"walk_in", "video_call_102", "online"}
    posts = json.loads(client.get(by_id["modular-posts-geojson"].url).get_data())
    assert {f["properties"]["type"] for f in posts["features"]} == {"modular_post"}
    cameras = client.get(by_id["cameras-almaty-region-ru"].url).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(cameras)))
    assert {r["region"] for r in rows} == {"KZ-19"}
    assert {r["region_name"] for r in rows} == {"Алматинская область"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_docs_in_each_language(client: Any, lang: str) -> None:
    response = client.get(f"/api/v1/docs?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = unescape(response.get_data(as_text=True))
    assert f'<html lang="{lang}">' in html
    for example in EXAMPLES:
        assert example.question.get(lang) in html
        assert example.url in html
    assert "<script" not in html
    others = {
        "kk": "Сұрақтар мен жауаптар",
        "ru": "Вопросы и ответы",
        "en": "Questions and answers",
    }
    assert others[lang] in html
    assert all(text not in html for code, text in others.items() if code != lang)


def test_docs_refuse_an_unknown_language(client: Any) -> None:
    response = client.get("/api/v1/docs?lang=de")
    assert response.status_code == 400
    assert json.loads(response.get_data())["error"]["param"] == "lang"


# ------------------------------------------------------------------ 375 px, in Chromium
@pytest.fixture(scope="module")
def served(app: Flask) -> Iterator[str]:
    """The app on a loopback port (werkzeug, in a thread) for the browser."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_docs_fit_a_375px_phone(served: str, lang: str) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI")
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
            ],
        )
        try:
            page = browser.new_page(
                viewport={"width": PHONE_WIDTH, "height": 812},
                is_mobile=True,
                device_scale_factor=2,
            )
            outside: list[str] = []
            page.on(
                "request", lambda r: outside.append(r.url) if not r.url.startswith(served) else None
            )
            page.goto(f"{served}/api/v1/docs?lang={lang}", wait_until="load")
            width = page.evaluate("document.scrollingElement.scrollWidth")
            wide = page.evaluate(f"""[...document.querySelectorAll('main > *')]
                .filter(e => e.getBoundingClientRect().right > {PHONE_WIDTH} + 0.5)
                .map(e => e.tagName + ' ' + e.textContent.slice(0, 60))""")
        finally:
            browser.close()
    assert width <= PHONE_WIDTH, (width, wide)
    assert not outside


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_operation_is_named_in_the_page_language(lang: str) -> None:
    from api.docs import _summary
    from api.openapi import openapi_document

    for item in openapi_document()["paths"].values():
        op = item["get"]
        if op["operationId"] in ("datapackage",):  # a proper name in every language
            continue
        assert _summary(op, lang) != op["summary"], op["operationId"]
