"""/regions: the 20 units, each linking to its scorecard."""

from __future__ import annotations

from typing import Any

import dash
from dash import html

from dashboard.i18n import normalise_lang, region_options, t
from dashboard.pagekit import page_title

dash.register_page(
    __name__, path="/regions", title=page_title("regions.title"), order=3, name="regions"
)


def layout(lang: str | None = None, **_: Any) -> html.Div:
    lang = normalise_lang(lang)
    links = [
        html.Li(html.A(option["label"], href=f"/regions/{option['value']}?lang={lang}"))
        for option in region_options(lang)
    ]
    return html.Div(
        [
            html.H1(t("regions.title", lang)),
            html.P(t("regions.lead", lang), className="lead"),
            html.H2(t("regions.list_label", lang), className="h5", id="regions-list-heading"),
            html.Ul(links, className="region-list", **{"aria-labelledby": "regions-list-heading"}),
        ]
    )
