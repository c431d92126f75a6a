"""/find — the facility finder on its own: near me, search, region and district.

`?q=` and `?region=` prefill the search (links from the finder on /map use them); results come
from one callback over the cached registry (dashboard.map.finder).
"""

from __future__ import annotations

from typing import Any

import dash
from dash import html

from dashboard.i18n import normalise_lang, t
from dashboard.map.finder import ALL, FinderIds, finder, register_finder
from dashboard.pagekit import page_title
from data.reference import normalise_region

PATH = "/find"
IDS = FinderIds("find")
LIMIT = 20  # each result is ~18 components: Dash renders 20 in well under a second

dash.register_page(__name__, path=PATH, name="find", title=page_title("find.title"), order=2)


def layout(
    lang: str | None = None, q: str | None = None, region: str | None = None, **_: Any
) -> html.Div:
    lang = normalise_lang(lang)
    code = normalise_region(region) if region else None
    return html.Div(
        [
            finder(IDS, lang, heading_level=1, query=(q or "")[:100], region=code or ALL),
            html.P(html.A(t("nav.map", lang), href=f"/map?lang={lang}"), className="mt-4"),
        ],
        className="find-page",
    )


def register_callbacks(app: dash.Dash) -> None:
    register_finder(app, IDS, limit=LIMIT, heading_level=1)
