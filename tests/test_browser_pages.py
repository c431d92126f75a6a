"""Every page in every language in headless Chromium, served by gunicorn over the test warehouse.

Each (page, language) is loaded once, in a fresh browser context (cold cache, like a first
visit), with `Accept-Encoding: gzip`; everything the tests assert is recorded during that visit:
console errors, every request (map iframe included), bytes transferred, axe-core violations and a
screenshot under test-artifacts/browser/. Tiles are off (MAP_TILES=none), so any request to
another host is a bug.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import create_engine, func, select

from dashboard import vendor
from data import schema
from data.settings import Config
from tests.browser_support import ARTIFACTS, CHROMIUM, ROOT, gunicorn, launched

pytestmark = pytest.mark.browser

WSGI_APP = os.environ.get("BROWSER_TEST_APP", "app:server")  # what gunicorn serves
PAGES = ("/", "/map", "/regions/KZ-59", "/indicators", "/open-data", "/methodology")
LANGS = ("kk", "ru", "en")
BUDGET_BYTES = 1_500_000  # first load of any page, compressed, everything included
BLOCKING = ("serious", "critical")
LAYERS = ("front_office", "modular_post", "district_point", "sos_button")
CASES = [pytest.param(path, lang, id=f"{path}-{lang}") for path in PAGES for lang in LANGS]

WAIT_FOR_DASH = """() => {
    const content = document.getElementById('_pages_content');
    if (!content || content.children.length === 0) return false;
    if (document.querySelector('[data-dash-is-loading="true"]')) return false;
    for (const graph of document.querySelectorAll('.dash-graph')) {
        if (!graph.querySelector('.main-svg')) return false;
    }
    const frame = document.getElementById('map-frame');
    if (frame && !(frame.contentWindow && frame.contentWindow.portalMap)) return false;
    return true;
}"""

MAP_COUNTS = """() => {
    const m = window.portalMap;
    const layers = {};
    for (const [kind, layer] of Object.entries(m.layers)) layers[kind] = layer.getLayers().length;
    let clustered = 0;
    for (const badge of document.querySelectorAll('.cluster-badge')) clustered += +badge.textContent;
    return {
        mode: m.mode, layers: layers, regions: m.regions.getLayers().length,
        region_paths: document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length,
        rendered_markers: clustered + document.querySelectorAll('.facility-marker').length,
    };
}"""

AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
    }));
}"""


# ------------------------------------------------------------------ server and browser
@pytest.fixture(scope="session")
def chromium() -> Path:
    """Checked first, so a machine without Chromium skips before the warehouse is built."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} not installed (browser tests run in CI)")
    absent = vendor.missing()
    if absent:
        pytest.fail(f"vendored assets missing ({', '.join(absent)}): python -m dashboard.vendor")
    return CHROMIUM


@pytest.fixture(scope="session")
def live_server(
    chromium: Path, warehouse_config: Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The real app under gunicorn (2 workers) on a free loopback port; its base URL."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    workdir = tmp_path_factory.mktemp("browser_server")
    env = {
        **os.environ,
        "DATABASE_URL": warehouse_config.database_url,
        "MAP_TILES": "none",
        "RATELIMIT_ENABLED": "false",
        "CACHE_REDIS_URL": "",
        "QUARANTINE_DIR": str(workdir / "quarantine"),
        "EXPORT_DIR": str(warehouse_config.export_dir),
        "PYTHONUNBUFFERED": "1",
    }
    with gunicorn(ROOT, env, ARTIFACTS / "gunicorn.log", 2, WSGI_APP, "/?lang=kk") as base:
        yield base


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    """One Chromium per test module (other modules import this fixture, or start their own)."""
    with launched(chromium) as instance:
        yield instance


# ------------------------------------------------------------------ one visit per page × language
@dataclass
class Visit:
    path: str
    lang: str
    url: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    uncompressed: list[str] = field(default_factory=list)
    transferred: dict[str, int] = field(default_factory=dict)  # url -> encoded body + headers
    h1: str = ""
    html_lang: str = ""
    error_text: str = ""
    screenshot: Path | None = None
    axe: list[dict[str, Any]] = field(default_factory=list)
    map_counts: dict[str, Any] | None = None
    load_error: str | None = None

    @property
    def total_bytes(self) -> int:
        return sum(self.transferred.values())


def _slug(path: str) -> str:
    return path.strip("/").replace("/", "_") or "overview"


def _with_lang(base: str, path: str, lang: str) -> str:
    return f"{base}{path}?lang={lang}"


def _record_sizes(visit: Visit, request: Any) -> None:
    response = request.response()
    if response is None:
        return
    sizes = request.sizes()
    visit.transferred[request.url] = max(sizes["responseBodySize"], 0) + max(
        sizes["responseHeadersSize"], 0
    )
    kind = (response.headers.get("content-type") or "").split(";")[0]
    textual = kind.startswith("text/") or kind in ("application/javascript", "application/json")
    if (
        textual
        and sizes["responseBodySize"] > 1024
        and response.headers.get("content-encoding") != "gzip"
    ):
        visit.uncompressed.append(f"{request.url} ({kind}, {sizes['responseBodySize']} B)")


def _load(browser: Any, base: str, path: str, lang: str) -> Visit:
    visit = Visit(path, lang, _with_lang(base, path, lang))
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, extra_http_headers={"Accept-Encoding": "gzip"}
    )
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda e: visit.console_errors.append(f"pageerror: {e}"))
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("requestfailed", lambda r: visit.failed.append(f"{r.url} ({r.failure})"))
    page.on("requestfinished", lambda r: _record_sizes(visit, r))
    page.on("response", lambda r: r.status >= 400 and visit.failed.append(f"{r.url} {r.status}"))
    try:
        response = page.goto(visit.url, wait_until="networkidle", timeout=60_000)
        visit.status = response.status if response else None
        page.wait_for_function(WAIT_FOR_DASH, timeout=90_000)  # the first visit meets a cold server
        page.wait_for_load_state("networkidle")
        visit.h1 = page.locator("h1").first.inner_text(timeout=5_000).strip()
        visit.html_lang = page.evaluate("document.documentElement.lang")
        visit.error_text = page.evaluate(
            "(document.body.innerText.match(/Error loading (layout|dependencies)|Callback error"
            "|Traceback/) || [''])[0]"
        )
        if path == "/map":
            handle = page.locator("#map-frame").element_handle()
            frame = handle.content_frame() if handle else None
            assert frame is not None, "no map iframe"
            visit.map_counts = frame.evaluate(MAP_COUNTS)
        visit.screenshot = ARTIFACTS / f"{_slug(path)}-{lang}.png"
        page.screenshot(path=str(visit.screenshot), full_page=True)
        axe_source = vendor.VENDOR_DIR / "axe" / "axe.min.js"
        for frame in page.frames:
            frame.add_script_tag(path=str(axe_source))
        visit.axe = [v for v in page.evaluate(AXE_RUN) if v["impact"] in BLOCKING]
    except Exception as exc:  # noqa: BLE001 - every test of this visit reports it
        visit.load_error = f"{type(exc).__name__}: {exc}"
    finally:
        context.close()
    return visit


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str) -> Iterator[Callable[[str, str], Visit]]:
    cache: dict[tuple[str, str], Visit] = {}

    def get(path: str, lang: str) -> Visit:
        if (path, lang) not in cache:
            cache[(path, lang)] = _load(browser, live_server, path, lang)
        return cache[(path, lang)]

    yield get
    weights = {f"{p}?lang={lang}": v.total_bytes for (p, lang), v in sorted(cache.items())}
    (ARTIFACTS / "page-weights.json").write_text(json.dumps(weights, indent=2) + "\n")


def _loaded(v: Visit) -> Visit:
    assert v.load_error is None, f"{v.url}: {v.load_error}"
    return v


# ------------------------------------------------------------------ every page × language
@pytest.mark.parametrize(("path", "lang"), CASES)
def test_page_renders(visit: Callable[[str, str], Visit], path: str, lang: str) -> None:
    v = _loaded(visit(path, lang))
    assert v.status == 200
    assert v.h1, "no visible <h1>"
    assert v.html_lang == lang
    assert not v.error_text, v.error_text
    assert v.screenshot is not None and v.screenshot.stat().st_size > 10_000


@pytest.mark.parametrize(("path", "lang"), CASES)
def test_console_is_clean(visit: Callable[[str, str], Visit], path: str, lang: str) -> None:
    v = _loaded(visit(path, lang))
    assert v.console_errors == []
    assert v.failed == []


@pytest.mark.parametrize(("path", "lang"), CASES)
def test_no_request_leaves_the_app(
    visit: Callable[[str, str], Visit], live_server: str, path: str, lang: str
) -> None:
    v = _loaded(visit(path, lang))
    own = urlsplit(live_server).netloc
    foreign = [
        u
        for u in v.requests
        if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).netloc != own
    ]
    assert foreign == []
    assert len(v.requests) > 5  # the recorder saw the page's own requests


@pytest.mark.parametrize(("path", "lang"), CASES)
def test_first_load_weight(visit: Callable[[str, str], Visit], path: str, lang: str) -> None:
    v = _loaded(visit(path, lang))
    with (ARTIFACTS / "page-weight.tsv").open("a", encoding="utf-8") as report:  # for the notes
        report.write(f"{path}\t{lang}\t{v.total_bytes}\t{len(v.transferred)} responses\n")
    heaviest = sorted(v.transferred.items(), key=lambda item: -item[1])[:5]
    assert v.total_bytes <= BUDGET_BYTES, f"{v.total_bytes} B; heaviest: {heaviest}"
    assert v.uncompressed == [], "text responses sent without gzip"
    assert not any("plotly.min.js" in u or "plotly-2" in u for u in v.requests), (
        "the full plotly bundle was loaded"
    )


@pytest.mark.parametrize(("path", "lang"), CASES)
def test_axe_no_serious_violations(
    visit: Callable[[str, str], Visit], path: str, lang: str
) -> None:
    v = _loaded(visit(path, lang))
    assert v.axe == [], json.dumps(v.axe, indent=1, ensure_ascii=False)


# ------------------------------------------------------------------ the map
def _facility_counts(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    t = schema.facilities
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.c.type, func.count())
            .where(t.c.type.in_(LAYERS), t.c.status != "closed")
            .group_by(t.c.type)
        ).all()
    engine.dispose()
    return {kind: int(n) for kind, n in rows}


@pytest.mark.parametrize("lang", LANGS)
def test_map_draws_every_marker_and_region(
    visit: Callable[[str, str], Visit], warehouse_url: str, lang: str
) -> None:
    counts = _loaded(visit("/map", lang)).map_counts
    assert counts is not None
    expected = _facility_counts(warehouse_url)
    assert sum(expected.values()) > 0, "the test warehouse has no facilities to draw"
    assert counts["layers"] == {kind: expected.get(kind, 0) for kind in LAYERS}
    # Clusters plus single markers on screen account for every facility (the view is the country).
    assert counts["rendered_markers"] == sum(expected.values())
    assert counts["regions"] == 20
    assert counts["region_paths"] == 20


# ------------------------------------------------------------------ keyboard and phone
def _focused(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName, id: el.id || '', type: el.type || '', value: el.value || '',
                href: el.getAttribute('href') || '', role: el.getAttribute('role') || ''};
    }""")


def test_keyboard_reaches_language_switcher_and_map_controls(
    browser: Any, live_server: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(_with_lang(live_server, "/map", "en"), wait_until="networkidle")
        page.wait_for_function(WAIT_FOR_DASH, timeout=30_000)
        seen: list[dict[str, Any]] = []
        for _ in range(400):
            page.keyboard.press("Tab")
            seen.append(_focused(page))
            if seen[-1]["id"] == "" and seen[-1]["role"] == "region":
                break  # the table under the map: past every control of the page
        langs = {
            parse_qs(urlsplit(s["href"]).query).get("lang", [""])[0]
            for s in seen
            if s["tag"] == "A"
        }
        assert {"kk", "ru"} <= langs, "language switcher not reachable by Tab"
        assert any(s["id"] == "map-indicator" for s in seen)
        checked = {s["value"] for s in seen if s["type"] == "checkbox"}
        assert set(LAYERS) <= checked, f"layer checkboxes reached: {checked}"
        assert any(s["tag"] == "IFRAME" for s in seen), "the map is not reachable"
        assert seen[-1]["role"] == "region", "the table under the map is not reachable"

        # The controls work from the keyboard and write the view into the URL.
        page.focus("#map-indicator")
        page.keyboard.press("ArrowDown")
        page.wait_for_function("() => location.search.includes('indicator=sos_activations')")
        page.locator("#map-layers input[type=checkbox][value=sos_button]").focus()
        page.keyboard.press("Space")
        page.wait_for_function("() => /layers=[a-z_,]+/.test(location.search)")
        assert "sos_button" not in parse_qs(urlsplit(page.url).query)["layers"][0]
    finally:
        context.close()


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(("path", "lang"), CASES)
def test_phone_width_has_no_horizontal_scroll(
    phone: Any, live_server: str, path: str, lang: str
) -> None:
    phone.goto(_with_lang(live_server, path, lang), wait_until="networkidle")
    phone.wait_for_function(WAIT_FOR_DASH, timeout=30_000)
    phone.screenshot(path=str(ARTIFACTS / f"{_slug(path)}-{lang}-375.png"), full_page=True)
    widths = phone.evaluate("""() => ({doc: document.documentElement.scrollWidth,
                                       body: document.body.scrollWidth, view: innerWidth})""")
    # For the failure message: HTML elements sticking out (SVG internals are clipped by their
    # <svg>, wide tables and the map scroll inside their own boxes).
    wide = phone.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => !el.closest('svg, .table-responsive, .leaflet-container')
                      && el.getBoundingClientRect().right > innerWidth + 1)
        .slice(0, 5).map(el => el.tagName + '#' + el.id + '.' + el.getAttribute('class'))""")
    assert widths["view"] == 375, (widths, wide)
    assert max(widths["doc"], widths["body"]) <= widths["view"], (widths, wide)
