"""Any unknown address: a short notice in the page's language, with a way back."""

from __future__ import annotations

from typing import Any

import dash
from dash import html

from dashboard.i18n import normalise_lang, t
from dashboard.pagekit import page_title

dash.register_page(__name__, path="/404", title=page_title("not_found.title"), name="not found")


def layout(lang: str | None = None, **_: Any) -> html.Div:
    lang = normalise_lang(lang)
    return html.Div(
        [
            html.H1(t("not_found.title", lang)),
            html.P(t("not_found.body", lang)),
            html.A(t("nav.overview", lang), href=f"/?lang={lang}", className="btn btn-primary"),
        ]
    )
