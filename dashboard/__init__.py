"""The public dashboard: a Dash multi-page app on the portal's Flask server.

`init_dashboard(server, config)` is called by app.create_app(). Everything is served by the app
itself (serve_locally, local Bootstrap CSS, assets/ next to the project root); pages live in
dashboard/pages (one module per page) and register their callbacks on this app explicitly, so
two apps in one process (tests) never share callbacks.
"""

from __future__ import annotations

import importlib
import json
import logging
import re
import threading
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
    """Dash whose index page carries the language of the request in <html lang> and <title>,
    and whose first-request set-up is safe under threaded workers."""

    _set_up = False
    _set_up_lock = threading.Lock()

    def _setup_server(self) -> None:
        """Dash's first-request set-up, finished before any request is served.

        Dash runs it in a before_request hook that marks itself done *before* it lists the
        component scripts. Under gunicorn's threaded workers a request arriving meanwhile was
        served half set up: dash_bootstrap_components' bundle answered 404 and the page never
        came alive (about one cold start in five; CI runs 4 and 6). Here other requests wait
        for it, and the scripts are listed even when the set-up fails part-way.
        """
        if self._set_up:
            return
        with self._set_up_lock:
            if self._set_up:
                return
            try:
                super()._setup_server()  # type: ignore[no-untyped-call]
            except Exception:
                self._generate_scripts_html()  # listing them is what makes them servable
                self._generate_css_dist_html()
                raise
            finally:
                self._set_up = True

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
        kwargs["css"] = inline_stylesheets(kwargs["css"])
        kwargs["scripts"], kwargs["renderer"] = boot_after_paint(
            kwargs["scripts"], kwargs["renderer"]
        )
        try:
            kwargs["metas"] = _share_metas(kwargs["metas"], lang)
        except Exception:  # noqa: BLE001 - link previews must never break the page
            log.warning("share tags of %s not written", _path(), exc_info=True)
        html = super().interpolate_index(**kwargs)
        return re.sub(r"<html(\s|>)", f'<html lang="{lang}"\\1', html, count=1)


STYLESHEET = re.compile(r'<link rel="stylesheet" href="/assets/([^"?]+)(?:\?[^"]*)?">')
_inlined: dict[Path, tuple[float, str]] = {}


def inline_stylesheets(css: str) -> str:
    """The page's own stylesheets (Bootstrap and assets/*.css, ~36 kB compressed) written into
    the HTML: on a slow phone a separate stylesheet costs one more round trip (~0.6 s on "Fast
    3G") before anything can be painted. Read once per file change; anything else is kept."""

    def inline(match: re.Match[str]) -> str:
        path = (ASSETS_FOLDER / match.group(1)).resolve()
        if ASSETS_FOLDER.resolve() not in path.parents or not path.is_file():
            return match.group(0)
        mtime = path.stat().st_mtime
        cached = _inlined.get(path)
        if cached is None or cached[0] != mtime:
            text = path.read_text(encoding="utf-8").replace("</", "<\\/")
            text = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", text)
            cached = _inlined[path] = (mtime, text)
        return f"<style>{cached[1]}</style>"

    return STYLESHEET.sub(inline, css)


SCRIPT_SRC = re.compile(r'<script src="([^"]+)"></script>')


def boot_after_paint(scripts: str, renderer: str) -> tuple[str, str]:
    """Dash's scripts, fetched only once the first view is painted.

    As plain <script> tags they are fetched together with the stylesheet and share a slow
    phone's bandwidth with it, and running them delays the first paint (~2.4 s instead of
    ~1.5 s on "Fast 3G", 4x CPU). Here one small inline script adds them after the next frame,
    in order (async=false: downloaded in parallel, run in order) and starts the renderer when the
    last one has run. Without JavaScript nothing changes: the first view is the page. Dash's
    inline scripts (clientside callback functions: plain assignments) stay where they are.
    """
    urls = SCRIPT_SRC.findall(scripts)
    inline = SCRIPT_SRC.sub("", scripts).strip()
    if not urls or re.search(r"<script[^>]*\ssrc=", inline):
        return scripts, renderer  # not the shape we know: leave Dash's own tags alone
    loader = (
        "(function () {"
        f" var urls = {json.dumps(urls)};"
        " function boot() {"
        "  urls.forEach(function (url, i) {"
        "   var s = document.createElement('script'); s.src = url; s.async = false;"
        "   if (i === urls.length - 1) {"
        "    s.onload = function () { window.renderer = new DashRenderer(); }; }"
        "   document.body.appendChild(s); }); }"
        " if (document.readyState === 'complete') { boot(); }"
        " else { window.addEventListener('load', function () { setTimeout(boot, 0); }); }"
        "})();"
    )
    # Dash checks that the index names its renderer's script (src="…dash-renderer…").
    named = next((u for u in urls if "dash-renderer" in u or "dash_renderer" in u), "")
    return inline, (
        f'<script id="_dash-renderer" data-src="{named}" '
        f'type="application/javascript">{loader}</script>'
    )


def _path() -> str:
    from flask import request

    return request.path


def _share_metas(metas: str, lang: str) -> str:
    """og:/twitter: tags of this page (dashboard/share.py) instead of Dash's empty ones."""
    from flask import request

    from dashboard.prerender import page_title
    from dashboard.share import share_metas

    return share_metas(
        metas,
        path=request.path,
        url=request.url,
        root=request.host_url,
        title=page_title(request.path),
        lang=lang,
    )


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
    from dashboard import layout, vendor_links
    from dashboard.i18n import DEFAULT_LANG, t

    app = PortalDash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder=str(PAGES_FOLDER),
        assets_folder=str(ASSETS_FOLDER),
        assets_path_ignore=vendor_links.ASSETS_PATH_IGNORE,  # vendored files are linked explicitly
        url_base_pathname="/",
        compress=True,
        serve_locally=True,
        external_stylesheets=vendor_links.page_stylesheets(),  # local Bootstrap 5
        external_scripts=vendor_links.page_scripts(),
        title=t("site.name", DEFAULT_LANG),
        update_title=None,
        index_string=INDEX_TEMPLATE,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "color-scheme", "content": "light"},
            vendor_links.plotly_meta_tag(),  # plotly.js on demand (see assets/portal.js)
        ],
    )
    from dashboard.embed import blueprint as embed_blueprint

    server.register_blueprint(embed_blueprint)
    app.layout = layout.shell
    layout.register_callbacks(app)
    for page in dash.page_registry.values():
        module = importlib.import_module(page["module"])
        register = getattr(module, "register_callbacks", None)
        if register is not None:
            register(app)
    _set_up_before_the_first_request(app, server)
    server.extensions["dash"] = app
    return app


def _set_up_before_the_first_request(app: dash.Dash, server: Flask) -> None:
    """Dash's first-request set-up, done as the worker starts (see PortalDash._setup_server).
    With the warehouse unreachable the layout cannot be built: the pages answer 503 until it
    is back, and the component scripts are listed all the same."""
    try:
        with server.test_request_context("/"):
            app._setup_server()  # noqa: SLF001 - Dash's own set-up, made eager
    except Exception as exc:  # noqa: BLE001 - a worker must start without its warehouse
        log.warning("dashboard set up without its layout check (%s)", type(exc).__name__)
