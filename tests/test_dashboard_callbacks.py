"""Dashboard layouts and callbacks called directly (no browser), on two warehouses:

- `tiny_app`: tests/dashboard_warehouse.py — known gaps (Abai's camera crimes suppressed every
  month, Ulytau's camera rows missing), every target status, two demo publications;
- `app` (conftest): the real ETL over the demo extracts — numbers must equal the API's, and
  warm callbacks must answer from the cache.
"""

from __future__ import annotations

import base64
import csv
import importlib
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import dash
import pandas as pd
import pytest
from dash.development.base_component import Component
from flask import Flask

from dashboard import ids
from dashboard.i18n import LANGS, t
from tests.conftest import make_config
from tests.dashboard_warehouse import build_url

MY_PAGES = (
    "overview",
    "regions",
    "region_list",
    "indicators",
    "open_data",
    "methodology",
    "not_found_404",
)
PATHS = ("/", "/regions", "/regions/KZ-59", "/indicators", "/open-data", "/methodology", "/map")


@pytest.fixture(scope="module")
def tiny_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    from app import create_app

    workdir = tmp_path_factory.mktemp("tiny")
    url = build_url(f"sqlite:///{workdir / 'tiny.sqlite'}")
    config = make_config(url, workdir)
    server = create_app(config)
    server.config["TESTING"] = True
    return server


def page(name: str) -> Any:
    return importlib.import_module(f"dashboard.pages.{name}")


def run(server: Flask, fn: Callable[..., Any], *args: Any, path: str = "/") -> Any:
    with server.test_request_context(path):
        return fn(*args)


def walk(node: Any) -> Iterator[Any]:
    if isinstance(node, (list, tuple)):
        for child in node:
            yield from walk(child)
    elif isinstance(node, Component):
        yield node
        yield from walk(getattr(node, "children", None))


def text_of(node: Any) -> str:
    """All text of a component tree, static-HTML blocks included (tags stripped)."""
    parts: list[str] = []

    def visit(item: Any) -> None:
        if isinstance(item, (list, tuple)):
            for child in item:
                visit(child)
        elif isinstance(item, Component):
            children = getattr(item, "children", None)
            static = getattr(item, "data-html", None)
            if isinstance(static, str):
                parts.append(re.sub(r"<[^>]+>", " ", static))
            elif item._type == "Markdown" and isinstance(children, str):
                parts.append(re.sub(r"<[^>]+>", " ", children))
            else:
                visit(children)
        elif isinstance(item, (str, int, float)):
            parts.append(str(item))

    visit(node)
    return re.sub(r"\s+", " ", " ".join(parts)).replace("&amp;", "&")


# ------------------------------------------------------------------ pages and languages
@pytest.mark.parametrize("path", PATHS)
def test_every_page_answers_in_every_language(tiny_app: Flask, path: str) -> None:
    client = tiny_app.test_client()
    for lang in LANGS:
        response = client.get(f"{path}?lang={lang}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert f'<html lang="{lang}"' in html
        assert t("site.name", lang) in html
    assert '<html lang="kk"' in client.get(path).get_data(as_text=True)  # Kazakh by default


def test_index_links_only_local_assets(tiny_app: Flask) -> None:
    html = tiny_app.test_client().get("/?lang=en").get_data(as_text=True)
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    # Dash's scripts are added by the inline loader after the first paint (dashboard/__init__.py)
    loader = re.search(r"var urls = (\[[^\]]*\]);", html)
    assert loader, "no script loader in the index page"
    sources += json.loads(loader.group(1))
    assert sources and all(s.startswith("/") for s in sources), sources
    assert any("dash_renderer" in s for s in sources)
    # Bootstrap is inlined (no stylesheet round trip before the first paint), not linked
    assert "/assets/vendor/bootstrap/bootstrap.min.css" not in sources
    assert html.count("<style>") >= 2 and "--bs-blue" in html


@pytest.mark.parametrize("name", MY_PAGES)
def test_layouts_accept_no_arguments_and_garbage(tiny_app: Flask, name: str) -> None:
    layout = page(name).layout
    run(tiny_app, layout)  # Dash builds the validation layout this way
    hostile = {
        "lang": "xx",
        "region": "'; DROP TABLE regions; --",
        "compare": "<script>",
        "dataset": "../../etc",
        "indicator": "x" * 500,
        "from": "2026-99",
        "to": "nope",
        "by": "region;",
        "per_capita": "maybe",
        "channel": ["walk_in", "evil"],
    }
    tree = run(tiny_app, lambda: layout(**hostile))
    assert "<script>" not in text_of(tree)


def test_page_titles_follow_the_language(tiny_app: Flask) -> None:
    from dashboard.i18n import request_lang

    body = {
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": "/"},
            {"id": "_pages_location", "property": "search", "value": "?lang=en"},
        ]
    }
    with tiny_app.test_request_context("/_dash-update-component", method="POST", json=body):
        assert request_lang() == "en"
        title = dash.page_registry["dashboard.pages.regions"]["title"](region="KZ-59")
        assert title.startswith("North Kazakhstan Region")


# ------------------------------------------------------------------ shell
def test_shell_keeps_path_and_query_when_switching_language(tiny_app: Flask) -> None:
    from dashboard.layout import update_shell

    out = run(tiny_app, update_shell, "/regions/KZ-59", "?lang=ru&compare=KZ-75")
    skip, _brand, switcher, nav, _banner, banner_hidden, footer = out
    hrefs = [a.href for a in walk(switcher) if a._type == "A"]
    assert hrefs == [
        "/regions/KZ-59?lang=kk&compare=KZ-75",
        "/regions/KZ-59?lang=ru&compare=KZ-75",
        "/regions/KZ-59?lang=en&compare=KZ-75",
    ]
    current = [a for a in walk(nav) if a._type == "A" and getattr(a, "aria-current", None)]
    assert [a.href for a in current] == ["/regions?lang=ru"]
    assert skip == t("skip.to_content", "ru")
    assert banner_hidden is False  # the tiny warehouse is demo data
    assert "публикация № 2" in text_of(footer) and "31 октября 2026" in text_of(footer)


def test_demo_banner_only_for_demo_publications(tiny_app: Flask, monkeypatch) -> None:
    from dashboard import data_access, layout
    from webcore.cache import Publication

    real = Publication(id=7, published_at=None, is_demo=False)
    monkeypatch.setattr(data_access, "publication", lambda: real)
    banner, hidden = run(tiny_app, layout.demo_banner, "en")
    assert banner is None and hidden is True


# ------------------------------------------------------------------ overview
def test_overview_kpis_show_gaps_honestly(tiny_app: Flask) -> None:
    kpis, facilities, _map = run(tiny_app, page("overview").render_summary, "en")
    text = text_of(kpis)
    assert "October 2026: national totals" in text
    assert "at least" in text  # Abai's camera crimes are withheld: the total is a lower bound
    assert (
        "Change on the previous month (September 2026): +" in text
        or "Change on the previous month (September 2026): −" in text
    )
    assert "Change on the same period of 2025: nothing to compare with" in text
    assert "Front offices" in text_of(facilities)


def test_overview_ranking_marks_suppressed_and_missing_regions(tiny_app: Flask) -> None:
    overview = page("overview")
    children = run(tiny_app, overview.render_ranking, "camera_crimes_solved", "ru")
    text = text_of(children)
    assert re.search(r"Абайская область .*скрыто", text)
    assert re.search(r"Улытауская область .*нет данных", text)
    graphs = [c for c in walk(children) if c._type == "Graph"]
    assert graphs and {tr["type"] for tr in graphs[0].figure["data"]} == {"bar"}
    assert (
        overview.ranking_query("sos_activations", "ru", "?lang=ru")
        == "?lang=ru&indicator=sos_activations"
    )
    assert (
        overview.ranking_query("sos_activations", "ru", "?lang=ru&indicator=sos_activations")
        is dash.no_update
    )


# ------------------------------------------------------------------ region scorecard
def test_scorecard_compares_and_explains_gaps(tiny_app: Flask) -> None:
    content = run(tiny_app, page("regions").render_scorecard, "KZ-10", "KZ-75", "en")
    text = text_of(content)
    assert "Abay Region" in text and "Almaty, per 100,000 residents" in text
    assert "Crimes solved with cameras: withheld in 15 month(s)" in text
    for status in ("Met", "On track", "Behind", "Missed", "No data"):
        assert status in text
    assert "of 20" in text
    links = [a.href for a in walk(content) if a._type == "A"]
    assert "/api/v1/datasets/region_indicators/rows.csv?region=KZ-10&bom=1" in links
    graphs = [c for c in walk(content) if c._type == "Graph"]
    assert len(graphs) == 4
    assert [tr["name"] for tr in graphs[0].figure["data"]] == [
        "Abay Region",
        "Kazakhstan (national)",
        "Almaty",
    ]


def test_scorecard_says_missing_not_zero(tiny_app: Flask) -> None:
    text = text_of(run(tiny_app, page("regions").render_scorecard, "KZ-62", None, "kk"))
    assert "деректер жоқ" in text
    assert "Камералар көмегімен ашылған қылмыстар: 15 айда деректер жоқ" in text


def test_scorecard_for_an_unknown_region(tiny_app: Flask) -> None:
    regions = page("regions")
    title, content = run(tiny_app, regions.render_scorecard, "KZ-00", None, "en")
    assert text_of(title) == "Regions" and content is None
    tree = run(tiny_app, lambda: regions.layout(region="KZ-00", lang="en"))
    assert "There is no region “KZ-00”" in text_of(tree)


def test_scorecard_writes_region_and_comparison_into_the_url() -> None:
    location = page("regions").scorecard_location
    assert location("KZ-75", "KZ-59", "ru", "/regions/KZ-59", "?lang=ru") == (
        "/regions/KZ-75",
        "?lang=ru&compare=KZ-59",
    )
    assert location("KZ-59", "", "ru", "/regions/KZ-59", "?lang=ru") == (
        dash.no_update,
        dash.no_update,
    )


# ------------------------------------------------------------------ indicators
def series_args(**values: Any) -> list[Any]:
    """Arguments of series_view/series_download in callback order."""
    base = {
        "dataset": "region_indicators",
        "regions": [],
        "start": None,
        "end": None,
        "breakdown": "total",
        "per_capita": False,
    }
    base.update(values)
    categories = [base.get(field) for field in ids.SERIES_CATEGORY_FIELDS]
    return [
        base["dataset"],
        base["regions"],
        base["start"],
        base["end"],
        *categories,
        base["breakdown"],
        base["per_capita"],
    ]


def test_series_view_renders_and_writes_the_url(tiny_app: Flask) -> None:
    args = series_args(
        regions=["KZ-59", "KZ-75"],
        start="2026-01",
        end="2026-10",
        indicator="sos_activations",
        breakdown="region",
        per_capita=True,
    )
    content, search = run(tiny_app, page("indicators").series_view, *args, "en", "?lang=en")
    text = text_of(content)
    assert "SOS button activations per 100,000 residents" in text
    assert search == (
        "?lang=en&dataset=region_indicators&region=KZ-59,KZ-75&from=2026-01"
        "&to=2026-10&indicator=sos_activations&by=region&per_capita=1"
    )
    graph = next(c for c in walk(content) if c._type == "Graph")
    assert [tr["name"] for tr in graph.figure["data"]] == ["North Kazakhstan Region", "Almaty"]
    assert len(graph.figure["data"][0]["x"]) == 10
    links = [a.href for a in walk(content) if a._type == "A"]
    assert any(
        "aggregate.csv?group_by=month,region&measure=value&region=KZ-59,KZ-75"
        "&indicator=sos_activations&date_from=2026-01&date_to=2026-10" in h
        for h in links
    )


def test_series_view_survives_hostile_inputs(tiny_app: Flask) -> None:
    args = series_args(
        dataset="nope",
        regions=["XX"],
        start="2099-99",
        end="x",
        breakdown="evil",
        channel=["walk_in"],
    )
    content, search = run(tiny_app, page("indicators").series_view, *args, "de", "")
    assert search.startswith("?lang=kk&dataset=region_indicators")
    assert text_of(content)


def test_dataset_change_swaps_the_filters(tiny_app: Flask) -> None:
    out = run(tiny_app, page("indicators").dataset_changed, "camera_offenses_regional", "en")
    options, breakdown, start, end, *boxes = out
    assert breakdown == "total" and start == "2026-08" and end == "2026-10"
    assert [o["value"] for o in options] == ["total", "region", "kind", "category"]
    classes = dict(zip(ids.SERIES_CATEGORY_FIELDS, boxes[1::2], strict=True))
    assert {f for f, c in classes.items() if c != "d-none"} == {"kind", "category"}


def download_text(result: dict[str, Any]) -> str:
    raw = (
        base64.b64decode(result["content"]) if result.get("base64") else result["content"].encode()
    )
    assert raw.startswith("\ufeff".encode())
    return raw.decode("utf-8-sig")


def test_download_is_exactly_what_is_shown(tiny_app: Flask) -> None:
    indicators = page("indicators")
    args = series_args(
        indicator="camera_crimes_solved", breakdown="region", start="2026-09", end="2026-10"
    )
    with tiny_app.test_request_context("/"):
        csv_file = indicators.series_file("csv", *args, "en")
        content, _ = indicators.series_view(*args, "en", "")
    assert csv_file["filename"].endswith("-DEMO.csv")
    rows = list(csv.DictReader(io.StringIO(download_text(csv_file))))
    abai = [r for r in rows if r["Region"] == "Abay Region"]
    assert [(r["Value"], r["Status"]) for r in abai] == [("", "suppressed"), ("", "suppressed")]
    ulytau = [r for r in rows if r["Region"] == "Ulytau Region"]
    assert ulytau == []  # no rows at all: not a line of zeros
    shown = text_of(content)
    for row in rows:
        if row["Value"]:
            assert f"{int(float(row['Value'])):,}" in shown


def test_xlsx_download_opens(tiny_app: Flask) -> None:
    from openpyxl import load_workbook

    with tiny_app.test_request_context("/"):
        result = page("indicators").series_file("xlsx", *series_args(), "ru")
    book = load_workbook(io.BytesIO(base64.b64decode(result["content"])))
    sheet = book["region_indicators"]
    assert [c.value for c in sheet[1]] == ["Месяц", "Территория", "Значение", "Статус"]


# ------------------------------------------------------------------ open data, methodology
def test_open_data_lists_every_dataset_with_links(tiny_app: Flask) -> None:
    from data.catalog import DATASETS

    content = run(tiny_app, page("open_data").render_open_data, "ru")
    text = text_of(content)
    for dataset in DATASETS.values():
        assert dataset.title.ru in text
    assert "curl" in text and "pd.read_csv" in text and "CC-BY-4.0" in text
    links = [a.href for a in walk(content) if a._type == "A"]
    assert "/api/v1/datasets/facilities/rows.geojson" in links
    assert "/api/v1/bulk/latest.zip" in links


def test_methodology_reads_rule_and_key_figures_from_the_warehouse(tiny_app: Flask) -> None:
    from sqlalchemy import select

    from data import schema

    text = text_of(run(tiny_app, page("methodology").render_methodology, "en"))
    assert "Suppression rule (k = 5)" in text
    with tiny_app.extensions["warehouse"].connect() as conn:
        figures = conn.execute(select(schema.key_figures)).mappings().all()
    assert figures
    for figure in figures:
        assert figure["label_en"] in text and figure["source_file"] in text
    assert "1,204 cameras" in text
    assert "Publication" in text and "Nights covered" in text  # the revision log


# ------------------------------------------------------------------ structure and hygiene
def test_callback_ids_exist_in_the_layouts(tiny_app: Flask) -> None:
    from dashboard.layout import shell

    known: set[str] = set()
    with tiny_app.test_request_context("/"):
        trees = [shell()] + [p["layout"]() for p in dash.page_registry.values()]
    for tree in trees:
        known |= {c.id for c in walk(tree) if isinstance(getattr(c, "id", None), str)}
    known |= {"_pages_location", "_pages_content", "_pages_store", "_pages_dummy"}
    app = tiny_app.extensions["dash"]
    used = set()
    for callback in app._callback_list:
        for part in (
            [callback["output"]]
            + [i["id"] for i in callback["inputs"]]
            + [s["id"] for s in callback.get("state", [])]
        ):
            used |= {p.split(".")[0].split("@")[0] for p in part.strip(".").split("...")}
    assert used - known == set()


def test_no_dataframes_held_in_module_globals(tiny_app: Flask) -> None:
    run(tiny_app, page("overview").render_summary, "kk")
    for name, module in list(sys.modules.items()):
        if name == "dashboard" or name.startswith("dashboard."):
            for attr, value in vars(module).items():
                assert not isinstance(value, (pd.DataFrame, pd.Series)), f"{name}.{attr}"


# ------------------------------------------------------------------ on the real ETL warehouse
def test_page_totals_equal_the_api(app: Flask) -> None:
    """National monthly totals on /indicators equal the sums of the API's aggregate."""
    indicators = page("indicators")
    args = series_args(indicator="front_office_visits")
    with app.test_request_context("/"):
        csv_file = indicators.series_file("csv", *args, "en")
    shown = {r["Month"]: r["Value"] for r in csv.DictReader(io.StringIO(download_text(csv_file)))}
    response = app.test_client().get(
        "/api/v1/datasets/region_indicators/aggregate"
        "?group_by=month&measure=value&indicator=front_office_visits"
    )
    assert response.status_code == 200
    api = {row["month"]: row["value"] for row in response.get_json()["data"]}
    assert shown and set(shown) == set(api)
    for month, value in api.items():
        assert (float(shown[month]) if shown[month] else None) == value


def test_pages_render_on_the_real_warehouse(app: Flask) -> None:
    with app.test_request_context("/"):
        assert text_of(page("overview").render_summary("ru"))
        assert text_of(page("regions").render_scorecard("KZ-59", "KZ-75", "ru"))
        assert text_of(page("methodology").render_methodology("kk"))
        assert text_of(page("open_data").render_open_data("en"))


def test_warm_callbacks_answer_from_the_cache(app: Flask) -> None:
    """Once warm, a callback reads only the publication marker: its figures come from cached
    queries. (Their speed is measured by bench/dashboard_bench.py, not here.)"""
    from sqlalchemy import event

    cases = {
        "overview.render_summary": (page("overview").render_summary, ("kk",)),
        "overview.render_ranking": (page("overview").render_ranking, ("sos_activations", "ru")),
        "regions.render_scorecard": (page("regions").render_scorecard, ("KZ-59", "KZ-75", "en")),
        "indicators.series_view": (
            page("indicators").series_view,
            (*series_args(breakdown="region", per_capita=True), "kk", ""),
        ),
        "methodology.render_methodology": (page("methodology").render_methodology, ("ru",)),
        "open_data.render_open_data": (page("open_data").render_open_data, ("en",)),
    }
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = app.extensions["warehouse"]
    for name, (fn, args) in cases.items():
        run(app, fn, *args)  # fills the cache
        event.listen(engine, "before_cursor_execute", count)
        try:
            statements.clear()
            run(app, fn, *args)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert len(statements) <= 1, (name, statements)
