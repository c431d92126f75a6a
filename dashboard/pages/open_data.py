"""Open data (/open-data): the catalogue with formats and links, bulk files, an API quick start
(curl and pandas), the licence and how to cite. The layout is a skeleton; the content comes from
one callback so that every page's validation layout stays small."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html
from flask import request

from dashboard import data_access, ids
from dashboard.components.downloads import API, format_links
from dashboard.components.tables import definition_list
from dashboard.i18n import (
    dataset_description,
    dataset_title,
    fmt_date,
    fmt_int,
    fmt_month,
    label,
    normalise_lang,
    t,
)
from dashboard.pagekit import page_title, section
from data.catalog import DATASETS, LICENCE

dash.register_page(
    __name__, path="/open-data", title=page_title("open.title"), order=5, name="open-data"
)

GEO_DATASETS = ("facilities", "regions")


def layout(lang: str | None = None, **_: Any) -> html.Div:
    lang = normalise_lang(lang)
    return html.Div(
        [
            dcc.Store(id=ids.OPEN_DATA_LANG, data=lang),
            html.H1(t("open.title", lang)),
            html.P(t("open.lead", lang), className="lead"),
            html.Div(id=ids.OPEN_DATA_CATALOGUE),
        ]
    )


def formats_of(dataset_id: str) -> tuple[str, ...]:
    return (
        ("csv", "xlsx", "json", "geojson")
        if dataset_id in GEO_DATASETS
        else ("csv", "xlsx", "json")
    )


def coverage_text(low: Any, high: Any, lang: str, time_field: str | None) -> str:
    if low is None:
        return t("value.missing", lang)
    if time_field == "year":
        return f"{low} – {high}"
    if time_field == "month":
        return f"{fmt_month(low, lang)} – {fmt_month(high, lang)}"
    return f"{fmt_date(low, lang)} – {fmt_date(high, lang)}"


def dataset_card(dataset_id: str, rows: int | None, coverage: str | None, lang: str) -> dbc.Card:
    dataset = DATASETS[dataset_id]
    facts = [
        (t("open.cadence", lang), label("cadence", dataset.cadence, lang)),
        (t("open.rows", lang), fmt_int(rows, lang)),
    ]
    if coverage:
        facts.append((t("open.coverage", lang), coverage))
    facts.append(
        (
            t("open.suppression", lang),
            t("open.yes", lang) if dataset.suppression else t("open.no", lang),
        )
    )
    heading_id = f"dataset-{dataset_id}"
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(dataset_title(dataset_id, lang), className="h5", id=heading_id),
                html.P(
                    [html.Code(dataset_id), " — ", dataset_description(dataset_id, lang)],
                    className="small",
                ),
                definition_list(facts, class_name="small"),
                html.Div(
                    format_links(dataset_id, [], lang, formats_of(dataset_id)),
                    className="mt-2",
                    role="group",
                    **{"aria-labelledby": heading_id},
                ),
            ]
        ),
        className="h-100",
    )


def catalogue(lang: str) -> html.Section:
    counts = data_access.row_counts() if data_access.publication().exists else {}
    cards = []
    for dataset_id, dataset in DATASETS.items():
        coverage = None
        if dataset.time_field and counts:
            low, high = data_access.time_range(dataset_id)
            coverage = coverage_text(low, high, lang, dataset.time_field)
        cards.append(
            dbc.Col(
                dataset_card(dataset_id, counts.get(dataset_id), coverage, lang),
                xs=12,
                lg=6,
                className="mb-3",
            )
        )
    return section("open-catalogue-heading", t("open.catalogue_heading", lang), dbc.Row(cards))


def bulk(lang: str) -> html.Section:
    items = [
        (f"{API}/bulk/latest.zip", t("open.bulk_link", lang), t("open.bulk_zip", lang)),
        (f"{API}/datapackage.json", "datapackage.json", t("open.datapackage", lang)),
        (f"{API}/catalog.jsonld", "catalog.jsonld", t("open.dcat", lang)),
        (f"{API}/openapi.json", "openapi.json", t("open.openapi", lang)),
        (f"{API}/docs", t("open.api_docs", lang), None),
    ]
    return section(
        "open-bulk-heading",
        t("open.bulk_heading", lang),
        html.Ul(
            [
                html.Li([html.A(text, href=href), *([" — ", note] if note else [])])
                for href, text, note in items
            ]
        ),
    )


def quickstart(host: str, lang: str) -> html.Section:
    base = f"{host}{API}"
    curl = "\n".join(
        [
            t("open.curl_list", lang),
            f'curl "{base}/datasets"',
            "",
            t("open.curl_page", lang),
            f'curl "{base}/datasets/region_indicators/rows?region=KZ-59&date_from=2026-01&limit=100"',
            "",
            t("open.curl_csv", lang),
            f'curl -o kz59.csv "{base}/datasets/region_indicators/rows.csv?region=KZ-59&bom=1"',
        ]
    )
    pandas = "\n".join(
        [
            "import pandas as pd",
            "",
            f'url = "{base}/datasets/region_indicators/rows.csv?region=KZ-59"',
            'df = pd.read_csv(url, parse_dates=["month"])',
            t("open.pandas_comment", lang),
            'print(df.pivot_table(index="month", columns="indicator", values="value"))',
        ]
    )
    return section(
        "open-quickstart-heading",
        t("open.quickstart_heading", lang),
        html.P(t("open.quickstart_lead", lang)),
        html.H3(t("open.curl_heading", lang), className="h6"),
        html.Pre(html.Code(curl), className="code", tabIndex=0),
        html.H3(t("open.pandas_heading", lang), className="h6"),
        html.Pre(html.Code(pandas), className="code", tabIndex=0),
        html.H3(t("open.conventions_heading", lang), className="h6"),
        html.P(t("open.conventions", lang)),
    )


def licence(lang: str) -> html.Section:
    name = LICENCE["title"]
    return section(
        "open-licence-heading",
        t("open.licence_heading", lang),
        html.P(t("open.licence_text", lang, licence=f"{name} ({LICENCE['id']})")),
        html.A(t("open.licence_link", lang), href=LICENCE["url"], rel="license"),
    )


def citation(host: str, lang: str) -> html.Section:
    publication = data_access.publication()
    as_of = data_access.as_of()
    text = t(
        "open.citation",
        lang,
        site=t("site.name", lang),
        dataset=dataset_title("region_indicators", lang),
        publication=publication.id,
        date=fmt_date(as_of, lang),
        url=f"{host}/open-data",
        licence=LICENCE["id"],
    )
    return section(
        "open-cite-heading",
        t("open.cite_heading", lang),
        html.P(t("open.cite_lead", lang)),
        html.Blockquote(html.P(text, className="mb-0"), className="border-start border-3 ps-3"),
    )


def render_open_data(lang: str) -> list[Any]:
    lang = normalise_lang(lang)
    host = request.host_url.rstrip("/")
    return [
        catalogue(lang),
        bulk(lang),
        quickstart(host, lang),
        licence(lang),
        citation(host, lang),
    ]


def register_callbacks(app: dash.Dash) -> None:
    app.callback(Output(ids.OPEN_DATA_CATALOGUE, "children"), Input(ids.OPEN_DATA_LANG, "data"))(
        render_open_data
    )
