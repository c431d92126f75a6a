"""The public dashboard: a Dash multi-page app on the portal's Flask server.

`init_dashboard(server, config)` is called by app.create_app(). Everything is served by the app
itself (serve_locally, local Bootstrap CSS, assets/ next to the project root); pages live in
dashboard/pages (one module per page) and register their callbacks on this app explicitly, so
two apps in one process (tests) never share callbacks.
"""

from __future__ import annotations

import importlib
import logging
import re
from html import escape
from pathlib import Path
from typing import Any

import dash
from flask import Flask

from data.settings import PROJECT_ROOT, Config

PAGES_FOLDER = Path(__file__).resolve().parent / "pages"
ASSETS_FOLDER = PROJECT_ROOT / "assets"

__all__ = ["PortalDash", "init_dashboard"]

log = logging.getLogger(__name__)

# Dash's default page wraps its scripts in a <footer>: a second contentinfo landmark next to the
# portal's own footer. Same placeholders, no landmark.
INDEX_TEMPLATE = """<!DOCTYPE html>
<html>
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


class PortalDash(dash.Dash):
    """Dash whose index page carries the language of the request in <html lang> and <title>."""

    def interpolate_index(self, **kwargs: Any) -> str:
        from dashboard.i18n import request_lang, t

        lang = request_lang()
        kwargs["title"] = escape(t("site.name", lang))
        first = _first_view()
        booting = ' class="portal-booting"' if first else ""
        kwargs["app_entry"] = (
            (f'<div id="prerender">{first}</div>' if first else "")
            + f'<div id="react-entry-point"{booting}><div class="_dash-loading" role="status">'
            f"{escape(t('loading', lang))}</div></div>"
            f'<noscript><p class="container py-3">{escape(t("noscript", lang))}</p></noscript>'
        )
        html = super().interpolate_index(**kwargs)
        return re.sub(r"<html(\s|>)", f'<html lang="{lang}"\\1', html, count=1)


def _first_view() -> str | None:
    """The page's first view as HTML (dashboard/prerender.py); None if it cannot be built,
    and the page then simply starts with "Loading…"."""
    from flask import request

    from dashboard.prerender import first_view

    try:
        return first_view(request.path, request.args.to_dict())
    except Exception:  # noqa: BLE001 - an optimisation must never break the page
        log.warning("first view of %s not rendered", request.path, exc_info=True)
        return None


def init_dashboard(server: Flask, config: Config) -> dash.Dash:
    from dashboard import layout, vendor
    from dashboard.i18n import DEFAULT_LANG, t

    app = PortalDash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(PAGES_FOLDER),
        assets_folder=str(ASSETS_FOLDER),
        assets_path_ignore=vendor.ASSETS_PATH_IGNORE,  # vendored files are linked explicitly
        url_base_pathname="/",
        compress=True,
        serve_locally=True,
        external_stylesheets=vendor.page_stylesheets(),  # local Bootstrap 5
        external_scripts=vendor.page_scripts(),
        title=t("site.name", DEFAULT_LANG),
        update_title=None,
        index_string=INDEX_TEMPLATE,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "color-scheme", "content": "light"},
            vendor.plotly_meta_tag(),  # plotly.js on demand (see assets/portal.js)
        ],
    )
    app.layout = layout.shell
    layout.register_callbacks(app)
    for page in dash.page_registry.values():
        module = importlib.import_module(page["module"])
        register = getattr(module, "register_callbacks", None)
        if register is not None:
            register(app)
    server.extensions["dash"] = app
    return app
