"""The shell around every page: skip link, header with language switcher, navigation, the demo
banner, main content and the "data as of" footer.

Top-level navigation uses plain links (a full page load): each page then arrives with the right
`<html lang>`, title and focus, which screen readers announce. Pages keep their state in the
query string by writing to the `ids.URL` Location; the language switcher follows that Location,
so switching language keeps the page, region, filters and period.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, dcc, html

from dashboard import data_access, ids
from dashboard.i18n import LANGS, fmt_date, fmt_datetime, lang_from_search, request_lang, t
from data.catalog import LICENCE

NAV_ITEMS = (
    ("/", "nav.overview"),
    ("/map", "nav.map"),
    ("/find", "nav.find"),
    ("/regions", "nav.regions"),
    ("/indicators", "nav.indicators"),
    ("/open-data", "nav.open_data"),
    ("/methodology", "nav.methodology"),
)


def with_lang(path: str, search: str | None, lang: str) -> str:
    """`path` + the current query with `lang` replaced (other parameters kept, in order)."""
    params = [
        (k, v)
        for k, v in parse_qsl((search or "").lstrip("?"), keep_blank_values=True)
        if k != "lang"
    ]
    return f"{path}?{urlencode([('lang', lang), *params], safe=',')}"


def active_section(pathname: str | None) -> str:
    path = (pathname or "/").rstrip("/") or "/"
    for href, _ in NAV_ITEMS[1:]:
        if path == href or path.startswith(href + "/"):
            return href
    return "/"


# ------------------------------------------------------------------ pieces
def brand(lang: str) -> html.A:
    return html.A(
        [
            html.Span(t("site.name", lang), className="site-name d-block"),
            html.Span(t("site.tagline", lang), className="site-tagline d-block"),
        ],
        href=f"/?lang={lang}",
        className="site-brand text-decoration-none",
        id=ids.SITE_NAME,
    )


def language_switcher(pathname: str | None, search: str | None, lang: str) -> html.Nav:
    items = []
    for code in LANGS:
        attrs: dict[str, Any] = {"lang": code, "hrefLang": code}
        if code == lang:
            attrs["aria-current"] = "true"
        items.append(
            html.Li(
                html.A(
                    t(f"lang.{code}", code),
                    href=with_lang(pathname or "/", search, code),
                    className="lang-link" + (" active" if code == lang else ""),
                    **attrs,
                )
            )
        )
    return html.Nav(
        html.Ul(items, className="lang-list list-inline mb-0"),
        **{"aria-label": t("lang.switcher", lang)},
    )


def navigation(pathname: str | None, lang: str) -> html.Ul:
    current = active_section(pathname)
    items = []
    for href, msg_id in NAV_ITEMS:
        attrs = {"aria-current": "page"} if href == current else {}
        items.append(
            html.Li(
                html.A(
                    t(msg_id, lang),
                    href=f"{href}?lang={lang}",
                    className="nav-link" + (" active" if attrs else ""),
                    **attrs,
                ),
                className="nav-item",
            )
        )
    return html.Ul(items, className="nav site-nav-list")


def demo_banner(lang: str) -> tuple[Any, bool]:
    publication = data_access.publication()
    if not publication.is_demo:
        return None, True
    return html.P(t("demo.banner", lang), className="mb-0"), False


def footer(lang: str) -> list[Any]:
    publication = data_access.publication()
    if not publication.exists:
        status: Any = html.P(t("footer.no_publication", lang))
    else:
        as_of = data_access.as_of()
        status = html.P(
            [
                t(
                    "footer.data_as_of",
                    lang,
                    date=fmt_date(as_of, lang, case="locative"),
                    publication=publication.id,
                ),
                html.Br(),
                html.Span(
                    t(
                        "footer.published_at",
                        lang,
                        when=fmt_datetime(publication.published_at, lang),
                    ),
                    className="text-body-secondary small",
                ),
            ],
            className="mb-2",
            id=ids.DATA_AS_OF,
        )
    licence = html.A(LICENCE["id"].replace("-", " "), href=LICENCE["url"], rel="license")
    links = html.Ul(
        [
            html.Li(html.A(t("footer.methodology", lang), href=f"/methodology?lang={lang}")),
            html.Li(html.A(t("nav.open_data", lang), href=f"/open-data?lang={lang}")),
            html.Li(html.A(t("footer.api", lang), href="/api/v1/datasets")),
        ],
        className="list-inline footer-links mb-2",
    )
    return [
        status,
        html.P([t("footer.licence", lang, licence=""), licence], className="mb-2"),
        links,
    ]


# ------------------------------------------------------------------ the shell
def shell(pathname: str = "/", search: str = "") -> html.Div:
    """The app layout; rebuilt per page load in the language of the page (see request_lang).
    Dash calls it without arguments (update_shell then follows the URL); the server-rendered
    first view (dashboard/prerender.py) passes the page's path and query."""
    lang = request_lang()
    banner, banner_hidden = demo_banner(lang)
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            html.A(
                t("skip.to_content", lang),
                id=ids.SKIP_LINK,
                href=f"#{ids.MAIN}",
                className="skip-link",
            ),
            html.Header(
                [
                    dbc.Container(
                        [
                            html.Div(brand(lang), id=ids.HEADER, className="me-auto"),
                            html.Div(
                                language_switcher(pathname, search, lang), id=ids.LANG_SWITCHER
                            ),
                        ],
                        className="d-flex flex-wrap align-items-center gap-2 py-2",
                    ),
                    html.Nav(
                        dbc.Container(navigation(pathname, lang), id=ids.NAV),
                        className="site-nav",
                        id=ids.NAV_LANDMARK,
                        **{"aria-label": t("nav.label", lang)},
                    ),
                    html.Div(
                        dbc.Container(banner),
                        id=ids.DEMO_BANNER,
                        className="demo-banner",
                        hidden=banner_hidden,
                    ),
                ],
                className="site-header",
            ),
            html.Main(
                dbc.Container(dash.page_container, className="py-3"), id=ids.MAIN, tabIndex=-1
            ),
            html.Footer(
                dbc.Container(footer(lang), id=ids.FOOTER, className="py-3"),
                className="site-footer",
            ),
            html.Div(
                id=ids.LIVE_REGION,
                className="visually-hidden",
                role="status",
                **{"aria-live": "polite", "aria-atomic": "true"},
            ),
            html.Div(id=ids.DOC_LANG_SINK, hidden=True),
        ],
        className="portal",
    )


def update_shell(pathname: str | None, search: str | None) -> tuple[Any, ...]:
    """Language switcher and navigation follow the URL (pages rewrite the query string)."""
    lang = lang_from_search(search)
    banner, hidden = demo_banner(lang)
    return (
        t("skip.to_content", lang),
        brand(lang),
        language_switcher(pathname, search, lang),
        navigation(pathname, lang),
        dbc.Container(banner),
        hidden,
        footer(lang),
    )


def register_callbacks(app: dash.Dash) -> None:
    app.callback(
        Output(ids.SKIP_LINK, "children"),
        Output(ids.HEADER, "children"),
        Output(ids.LANG_SWITCHER, "children"),
        Output(ids.NAV, "children"),
        Output(ids.DEMO_BANNER, "children"),
        Output(ids.DEMO_BANNER, "hidden"),
        Output(ids.FOOTER, "children"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
    )(update_shell)
    app.clientside_callback(
        ClientsideFunction(namespace="portal", function_name="setDocumentLang"),
        Output(ids.DOC_LANG_SINK, "children"),
        Input(ids.URL, "search"),
    )
