"""Issue 10, items 3–5 without a browser: Kazakh dates, axis numbers, target sources, link
previews, the embed route and its framing headers, and the server-rendered first view."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from dashboard.figures import Trace, axis_ticks, line_figure
from dashboard.i18n import LANGS, fmt_date, fmt_month, fmt_month_name, fmt_period_month
from dashboard.share import CARDS_DIR, PAGES, card_path
from dashboard.text.sources import translate_source

ROOT = Path(__file__).resolve().parent.parent
KAZAKH_ONLY = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


# ------------------------------------------------------------------ Kazakh dates
def test_kazakh_months_and_dates_follow_kazakh_grammar() -> None:
    day = date(2026, 12, 2)
    assert fmt_month(date(2026, 11, 1), "kk") == "2026 жылғы қараша"
    assert fmt_month(date(2026, 11, 1), "kk", short=True) == "2026 ж. қар."
    assert fmt_date(day, "kk") == "2026 жылғы 2 желтоқсан"
    assert fmt_date(day, "kk", case="locative") == "2026 жылғы 2 желтоқсандағы"
    assert fmt_date(day, "kk", case="dative") == "2026 жылғы 2 желтоқсанға"
    assert fmt_date(date(2026, 9, 5), "kk", case="locative").endswith("қыркүйектегі")
    assert fmt_date(date(2026, 7, 5), "kk", case="dative").endswith("шілдеге")
    # Russian and English keep Babel's forms
    assert fmt_date(day, "ru", case="locative") == fmt_date(day, "ru")
    assert fmt_month(date(2026, 11, 1), "en") == "November 2026"


def test_month_names_inside_phrases_are_lowercase() -> None:
    assert fmt_month_name(date(2026, 11, 1), "kk") == "қараша"
    assert fmt_month_name(date(2026, 11, 1), "ru") == "ноябрь"
    assert fmt_month_name(date(2026, 11, 1), "en") == "November"


def test_running_month_says_until_when_in_the_dative() -> None:
    running = fmt_period_month(date(2026, 12, 1), "kk", date(2026, 12, 2))
    assert running == "2026 жылғы желтоқсан (2026 жылғы 2 желтоқсанға дейін)"


# ------------------------------------------------------------------ chart axes
@pytest.mark.parametrize(("lang", "word"), [("kk", "мың"), ("ru", "тыс."), ("en", "k")])
def test_axis_thousands_are_localised(lang: str, word: str) -> None:
    ticks = axis_ticks([24_000, 5_000, None], lang)
    assert ticks["tickvals"][0] == 0 and ticks["tickvals"][-1] >= 24_000
    assert all(label == "0" or label.endswith(word) for label in ticks["ticktext"])
    if lang != "en":
        assert not any(re.search(r"\dk\b", label) for label in ticks["ticktext"])


def test_line_figure_carries_its_own_tick_labels() -> None:
    from data.figures import OK, Cell

    figure = line_figure(
        [date(2026, 10, 1), date(2026, 11, 1)],
        [Trace("x", [Cell(12_000.0, OK), Cell(31_000.0, OK)])],
        lang="ru",
        y_title="",
    )
    assert figure["layout"]["yaxis"]["tickmode"] == "array"
    assert "30 тыс." in figure["layout"]["yaxis"]["ticktext"]
    assert figure["data"][0]["x"] == ["Окт. 2026", "Нояб. 2026"]


# ------------------------------------------------------------------ target sources
def test_every_demo_target_source_is_shown_in_the_page_language(warehouse_url: str) -> None:
    engine = create_engine(warehouse_url)
    with engine.connect() as conn:
        sources = [r[0] for r in conn.execute(text("SELECT DISTINCT source FROM targets"))]
    engine.dispose()
    assert sources
    for source in sources:
        ru, kk, en = (translate_source(source, lg) for lg in ("ru", "kk", "en"))
        assert not KAZAKH_ONLY.search(ru), ru
        assert not re.search(r"[А-Яа-яЁё]", en), en
        assert kk != ru
        assert " и " not in f" {kk} " and " о " not in f" {kk} ", kk


def test_unknown_source_is_kept_as_it_came() -> None:
    assert translate_source("Some other plan", "kk") == "Some other plan"
    assert translate_source(None, "ru") is None


# ------------------------------------------------------------------ link previews
@pytest.mark.parametrize(
    "path", ["/", "/map", "/regions/KZ-59", "/indicators", "/open-data", "/methodology"]
)
def test_link_preview_tags_per_page_and_language(client: FlaskClient, path: str) -> None:
    for lang in LANGS:
        html = client.get(f"{path}?lang={lang}").get_data(as_text=True)
        tags = dict(
            re.findall(
                r'<meta (?:property|name)="((?:og|twitter):[a-z:]+)" '
                r'content="([^"]*)"',
                html,
            )
        )
        assert tags["og:title"] and tags["og:description"], tags
        assert tags["og:locale"].startswith(lang)
        image = tags["og:image"]
        assert image.startswith("http://localhost/assets/cards/") and image.endswith(f"-{lang}.png")
        assert (ROOT / image.removeprefix("http://localhost/")).is_file()
        assert html.count('property="og:title"') == 1  # Dash's empty ones are gone


def test_every_card_image_exists() -> None:
    for page in PAGES:
        for lang in LANGS:
            card = CARDS_DIR / Path(card_path(page, lang)).name
            assert card.is_file() and card.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", card


# ------------------------------------------------------------------ embed and framing
def test_embed_route_may_be_framed_by_anyone(client: FlaskClient) -> None:
    response = client.get("/embed/regions/KZ-59/visits?lang=en")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    body = response.get_data(as_text=True)
    assert '<html lang="en">' in body and "North Kazakhstan" in body
    assert '<script type="application/json" id="figure">' in body
    assert "/assets/vendor/plotly/plotly-basic.min.js" in body
    assert not re.search(r'(src|href)="https?://(?!localhost)', body)  # nothing from elsewhere


def test_other_pages_are_not_framable(client: FlaskClient) -> None:
    for path in ("/regions/KZ-59", "/", "/api/v1/datasets"):
        response = client.get(path)
        assert response.headers.get("X-Frame-Options") == "SAMEORIGIN", path
        assert "frame-ancestors *" not in response.headers.get("Content-Security-Policy", "")


def test_embed_rejects_unknown_region_or_indicator(client: FlaskClient) -> None:
    assert client.get("/embed/regions/KZ-00/visits").status_code == 404
    assert client.get("/embed/regions/KZ-59/nonsense").status_code == 404
    assert client.get("/embed/regions/kz-59/sos_activations").status_code == 200


# ------------------------------------------------------------------ first view
def test_first_html_carries_the_key_numbers(client: FlaskClient) -> None:
    overview = client.get("/?lang=kk").get_data(as_text=True)
    first = overview.split('<div id="prerender">', 1)[1].split('id="react-entry-point"', 1)[0]
    assert 'class="kpi-value' in first and re.search(r"kpi-value[^>]*>[\d\s\u00a0]+<", first)
    scorecard = client.get("/regions/KZ-59?lang=en").get_data(as_text=True)
    first = scorecard.split('<div id="prerender">', 1)[1].split('id="react-entry-point"', 1)[0]
    assert "North Kazakhstan" in first and "latest-table" in first and " of 20" in first
    assert 'class="portal-booting"' in scorecard  # the live page takes over when drawn


def test_plotly_is_linked_from_no_page(client: FlaskClient) -> None:
    html = client.get("/regions/KZ-59?lang=en").get_data(as_text=True)
    assert "plotly" not in " ".join(re.findall(r"var urls = (\[[^\]]*\])", html))
    assert '<meta name="portal-plotly" content="/assets/vendor/plotly/plotly-basic.min.js' in html
