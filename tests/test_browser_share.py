"""Print, share and language, in headless Chromium (issue 10, items 4 and 5).

- A region scorecard prints on at most two A4 pages in every language, and its first page
  carries the scorecard (not half a page of nothing); the PDF pages are kept as PNG under
  test-artifacts/print/ when pdftoppm is installed.
- The rank column of the scorecard is on screen at 375 px.
- An embeddable chart can be framed by another site; the pages themselves cannot.
- Every page in every language: no text in another script or language where it does not
  belong (Latin words on kk/ru pages other than codes and names, Kazakh letters on ru pages,
  Cyrillic on en pages, Russian words on kk pages), charts and the map included.
"""

from __future__ import annotations

import http.server
import io
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.test_browser_pages import (  # noqa: F401 - fixtures shared with the page tests
    ARTIFACTS,
    LANGS,
    PAGES,
    WAIT_FOR_DASH,
    _with_lang,
    browser,
    chromium,
    live_server,
)

pytestmark = pytest.mark.browser

PRINT_DIR = ARTIFACTS.parent / "print"
MAX_PAGES = 2

CHARTS_DRAWN = """() => {
    if (document.getElementById('prerender')) return false;
    if (document.querySelector('#react-entry-point .lazy-placeholder.portal-graph')) return false;
    for (const g of document.querySelectorAll('#react-entry-point .dash-graph'))
        if (!g.querySelector('.main-svg')) return false;
    return true;
}"""

# Every text node of the document in the page's language: elements that declare another
# language (the language switcher, a cited title) are skipped, so are scripts, styles and code
# (field names and commands are the same in every language).
TEXTS = """() => {
    const lang = document.documentElement.lang;
    const skip = el => el.closest('script, style, noscript, template, code, pre, kbd, samp, '
                                  + '.leaflet-control-scale')
        || [...[el.closest('[lang]')]].some(l => l && l.lang && l.lang !== lang);
    const out = [];
    const walker = document.createTreeWalker(document.body || document.documentElement,
                                             NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const text = node.textContent.replace(/\\s+/g, ' ').trim();
        if (text && node.parentElement && !skip(node.parentElement)) out.push(text);
    }
    return out;
}"""

# Latin words that belong on any page: formats, codes, standards, brands and proper names.
ALLOWED_LATIN = {
    "api",
    "csv",
    "json",
    "xlsx",
    "excel",
    "geojson",
    "sos",
    "cc",
    "by",
    "iso",
    "kato",
    "id",
    "png",
    "svg",
    "url",
    "http",
    "https",
    "www",
    "html",
    "javascript",
    "leaflet",
    "openstreetmap",
    "contributors",
    "dcat",
    "ap",
    "jsonld",
    "ld",
    "zip",
    "utf",
    "bom",
    "ndjson",
    "openapi",
    "geokz",
    "kz",
    "cc-by",
    "pdf",
    "gzip",
    "sql",
    "frictionless",
    "datapackage",
    "bulk",
    "latest",
    "datasets",
    "rows",
    "aggregate",
    "regions",
    "facilities",
    "publications",
    "status",
    "docs",
    "catalog",
    "v1",
    "a4",
    "uk",
    "ltd",
    "licence",
    "license",
    "creative",
    "commons",
    "attribution",
    "international",
    "schema",
    "yyyy",
    "mm",
    "dd",
    "max",
    "min",
    "osce",
    "eu",
    "etl",
    "utc",
    "sha-256",
    "dcat-ap",
    "json-ld",
    "data",
    "package",
    "ocha",
    "cod-ab",
    "python",
    "pandas",
    "curl",
    "r",
    "k",
    "null",
    "true",
    "false",
    "zip-",
    "utf-8",
    "cc-by-4",
    # field names of the published files, quoted in the open-data notes
    "month",
    "suppressed",
    "region",
    "value",
    "rate_per_100k",
    # issue 8's tables and audit, quoted as they are written (field values, the command)
    "breakdown",
    "channel",
    "topic",
    "outcome",
    "category",
    "m",
    "audit",
}
# Known leaks outside this pages: Leaflet's scale bar writes "km"/"mi" (map files).
KNOWN_LEAKS = ".leaflet-control-scale"
KAZAKH_ONLY = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
CYRILLIC = re.compile(r"[А-Яа-яЁё]|[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
RUSSIAN_WORDS = {
    "и",
    "в",
    "для",
    "из",
    "что",
    "или",
    "по",
    "область",
    "года",
    "данные",
    "данных",
    "регион",
    "регионы",
    "показатели",
    "скрыто",
    "нет",
}
URLISH = re.compile(r"(https?://|/api/|/regions/|/assets/|\w+\.\w{2,4}\b|[\w-]+_[\w_]+)\S*")


def _phone_or_desk(browser: Any, width: int = 1280) -> Any:  # noqa: F811 - the fixture
    return browser.new_context(viewport={"width": width, "height": 900})


def _open(context: Any, url: str, charts: bool = True) -> Any:
    page = context.new_page()
    page.goto(url, wait_until="networkidle", timeout=60_000)
    page.wait_for_function(WAIT_FOR_DASH, timeout=30_000)
    if charts:
        page.evaluate("window.portalDrawLazy && window.portalDrawLazy()")
        page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
        page.wait_for_load_state("networkidle")
    return page


# ------------------------------------------------------------------ print
@pytest.mark.parametrize("lang", LANGS)
def test_scorecard_prints_on_two_a4_pages(
    browser: Any,  # noqa: F811
    live_server: str,  # noqa: F811
    lang: str,
) -> None:
    from pypdf import PdfReader

    context = _phone_or_desk(browser)
    try:
        page = _open(context, _with_lang(live_server, "/regions/KZ-59", lang))
        page.wait_for_function(
            "() => document.querySelectorAll('.trend-grid img.print-chart[src]').length >= 4",
            timeout=30_000,
        )
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.wait_for_timeout(500)
        pdf = page.pdf(format="A4", print_background=True)
        h1 = page.locator("h1").first.inner_text()
    finally:
        context.close()
    PRINT_DIR.mkdir(parents=True, exist_ok=True)
    target = PRINT_DIR / f"scorecard-KZ-59-{lang}.pdf"
    target.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(target), str(target.with_suffix(""))], check=True
        )
    reader = PdfReader(io.BytesIO(pdf))
    texts = [p.extract_text() or "" for p in reader.pages]
    assert 1 <= len(reader.pages) <= MAX_PAGES, [len(t) for t in texts]
    first = re.sub(r"\s+", " ", texts[0])
    assert len(first) > 1500, "the first page is (nearly) empty"
    assert re.sub(r"\s+", " ", h1) in first  # the region, on page 1
    for text in texts:
        assert len(text.strip()) > 300, "a page with (nearly) nothing on it"


def test_rank_column_is_on_screen_at_375px(browser: Any, live_server: str) -> None:  # noqa: F811
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = _open(context, _with_lang(live_server, "/regions/KZ-59", "kk"), charts=False)
        box = page.evaluate("""() => {
            const table = document.querySelector('#react-entry-point table.latest-table');
            const heads = [...table.querySelectorAll('thead th')];
            const rank = heads[1].getBoundingClientRect();
            const cell = table.querySelector('tbody tr td').getBoundingClientRect();
            return {head: heads[1].textContent, right: rank.right, cellRight: cell.right,
                    width: innerWidth};
        }""")
    finally:
        context.close()
    assert "орны" in box["head"]  # the rank among regions
    assert box["right"] <= box["width"] and box["cellRight"] <= box["width"], box


# ------------------------------------------------------------------ share
def test_embed_can_be_framed_and_pages_cannot(browser: Any, live_server: str) -> None:  # noqa: F811
    context = _phone_or_desk(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        # A news site on another origin: http://localhost:<other port> (a loopback server of
        # our own; Chromium blocks public pages framing 127.0.0.1, and `frame-ancestors *`
        # does not cover about:blank's opaque origin).
        parent = (
            f"<!DOCTYPE html><title>news</title>"
            f'<iframe id="ok" src="{live_server}/embed/regions/KZ-59/visits?lang=ru" '
            f'width="600" height="560"></iframe>'
            f'<iframe id="no" src="{live_server}/regions/KZ-59?lang=ru" width="600" '
            f'height="300"></iframe>'
        ).encode()
        with _serving(parent) as port:
            page.goto(f"http://localhost:{port}/article", wait_until="load")
            _check_frames(page)
    finally:
        context.close()


@contextmanager
def _serving(body: bytes) -> Iterator[int]:
    """A one-page HTTP server on a free loopback port (another origin than the portal)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _check_frames(page: Any) -> None:
    """The embed draws its chart inside the other site's page; the scorecard is refused."""
    embed = page.frame_locator("#ok")
    embed.locator(".main-svg").first.wait_for(timeout=30_000)
    assert "Северо-Казахстанская" in embed.locator("h1").inner_text()
    page.wait_for_timeout(1000)
    others = [f for f in page.frames if f is not page.main_frame and "/embed/" not in f.url]
    assert others, "the page's frame is missing"
    assert all(f.url.startswith("chrome-error") for f in others), [f.url for f in others]


# ------------------------------------------------------------------ language
def _latin_words(text: str) -> list[str]:
    cleaned = URLISH.sub(" ", text)
    # "SOS-кнопка", "k-дан": a code with a Cyrillic suffix is the code
    words = [w.rstrip("-") for w in re.findall(r"[A-Za-z][A-Za-z0-9-]*", cleaned)]
    return [
        w
        for w in words
        if w.lower() not in ALLOWED_LATIN and not re.fullmatch(r"[A-Z]{1,2}-?\d*", w)
    ]


def language_problems(texts: list[str], lang: str) -> list[str]:
    """Snippets of text that are not in `lang` (see the module docstring for the rules)."""
    problems = []
    for text in texts:
        if lang in ("kk", "ru") and _latin_words(text):
            problems.append(f"latin {_latin_words(text)[:3]}: {text[:80]}")
        if lang == "ru" and KAZAKH_ONLY.search(text):
            problems.append(f"kazakh letters: {text[:80]}")
        if lang == "kk":
            words = {w.lower() for w in re.findall(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+", text)}
            if words & RUSSIAN_WORDS:
                problems.append(f"russian {sorted(words & RUSSIAN_WORDS)}: {text[:80]}")
        if lang == "en" and CYRILLIC.search(text):
            problems.append(f"cyrillic: {text[:80]}")
    return problems


def _texts_of_every_frame(page: Any, attempts: int = 3) -> list[str]:
    """TEXTS of the page and of its frames (the map's too). The overview's map frame is
    mounted once its block nears the screen, so a frame listed a moment ago may have been
    replaced ("Frame was detached", one CI run): read them all again."""
    for attempt in range(attempts):
        try:
            return [text for frame in page.frames for text in frame.evaluate(TEXTS)]
        except Exception as exc:  # noqa: BLE001 - playwright's Error, re-raised below
            if "detached" not in str(exc) or attempt == attempts - 1:
                raise
            page.wait_for_load_state("networkidle")
    raise AssertionError("unreachable")


@pytest.mark.parametrize(("path", "lang"), [(p, lg) for p in PAGES for lg in LANGS])
def test_every_text_is_in_the_page_language(
    browser: Any,  # noqa: F811
    live_server: str,  # noqa: F811
    path: str,
    lang: str,
) -> None:
    context = _phone_or_desk(browser)
    try:
        page = _open(context, _with_lang(live_server, path, lang))
        texts = _texts_of_every_frame(page)
    finally:
        context.close()
    assert len(texts) > 20
    problems = language_problems(texts, lang)
    assert problems == [], "\n".join(sorted(set(problems))[:25])


def test_the_language_rules_catch_leaks() -> None:
    assert language_problems(["Данные по состоянию на 2 декабря"], "kk")
    assert language_problems(["Солтүстік Қазақстан облысы"], "ru")
    assert language_problems(["Северо-Казахстанская область"], "en")
    assert language_problems(["Axis 2k"], "ru")
    assert not language_problems(["CSV, JSON және API: /api/v1/datasets"], "kk")
    assert not language_problems(["2026 жылғы 2 желтоқсандағы жағдай бойынша"], "kk")
