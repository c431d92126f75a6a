"""The first view of a page as plain HTML, in the first response.

Dash draws a page only after its JavaScript (~300 kB compressed), the layout and the page's
route callback have arrived: ~8–10 s on a slow phone, with "Loading…" until then. Instead the
index page carries the shell and the page's own layout (the same component tree Dash will draw,
built by the same functions) serialised to HTML, so the heading and the key numbers are on
screen as soon as the HTML and the stylesheet are. assets/portal.js swaps it for the live page
in one step when Dash has drawn the page (see the `portal-booting` class in assets/portal.css).

Only what can be shown without JavaScript is written: html.* components as they are, the few
layout components of dash-bootstrap-components as the <div>s they render, form controls as
disabled look-alikes, graphs as empty boxes of their height; stores and the rest as nothing.
Element ids are dropped (the live page has them).
"""

from __future__ import annotations

from html import escape
from typing import Any

from dash.development.base_component import Component

from dashboard.components.static_html import VOID, _attribute, _props

PAGES_CONTENT = "_pages_content"


def _col_classes(node: Component) -> str:
    classes = []
    for size in ("xs", "sm", "md", "lg", "xl", "xxl"):
        width = getattr(node, size, None)
        if width is None:
            continue
        infix = "" if size == "xs" else f"-{size}"
        classes.append(f"col{infix}-{width}" if width not in (True, "auto") else f"col{infix}")
    return " ".join(classes) or "col"


BOOTSTRAP_DIVS = {"Container": "container", "Row": "row", "Card": "card", "CardBody": "card-body"}


def _classes(*parts: Any) -> str:
    return " ".join(str(p) for p in parts if p)


def _div(class_name: str, inner: str, style: Any = None) -> str:
    attrs = f' class="{escape(class_name)}"' if class_name else ""
    attrs += _attribute("style", style) if style else ""
    return f"<div{attrs}>{inner}</div>"


def _options(node: Component) -> list[dict[str, Any]]:
    return [
        o if isinstance(o, dict) else {"label": o, "value": o}
        for o in (getattr(node, "options", None) or [])
    ]


def _select(node: Component) -> str:
    value = getattr(node, "value", None)
    chosen = next((o for o in _options(node) if o.get("value") == value), None)
    label = chosen["label"] if chosen else (getattr(node, "placeholder", None) or "")
    return (
        f'<select class="{escape(_classes("form-select", getattr(node, "className", "")))}"'
        f' disabled aria-hidden="true"><option>{escape(str(label))}</option></select>'
    )


def _checklist(node: Component) -> str:
    values = set(getattr(node, "value", None) or [])
    inline = " form-check-inline" if getattr(node, "inline", False) else ""
    items = "".join(
        f'<div class="form-check{inline}"><input class="form-check-input" type="checkbox" '
        f"disabled{' checked' if o.get('value') in values else ''}>"
        f'<label class="form-check-label">{escape(str(o.get("label", "")))}</label></div>'
        for o in _options(node)
    )
    return _div(getattr(node, "className", "") or "", items)


def to_prerender_html(node: Any, content: Any = None) -> str:
    """HTML of a Dash tree for the first view; `content` fills Dash's page container."""
    if node is None or node is False:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(to_prerender_html(child, content) for child in node)
    if isinstance(node, (str, int, float)):
        return escape(str(node)).replace("\n", " ")
    if not isinstance(node, Component):
        return ""
    kind, namespace = node._type, node._namespace
    children = getattr(node, "children", None)
    if getattr(node, "id", None) == PAGES_CONTENT:
        return _div("", to_prerender_html(content))
    if namespace == "dash_html_components":
        static = getattr(node, "data-html", None)
        tag = kind.lower()
        attrs = "".join(
            _attribute(n, v)
            for n, v in _props(node)
            if n not in ("id", "data-html", "data-lazy-store")
        )
        if tag in VOID:
            return f"<{tag}{attrs}>"
        inner = static if isinstance(static, str) else to_prerender_html(children, content)
        return f"<{tag}{attrs}>{inner}</{tag}>"
    if namespace == "dash_bootstrap_components":
        if kind in BOOTSTRAP_DIVS:
            return _div(
                _classes(BOOTSTRAP_DIVS[kind], getattr(node, "className", "")),
                to_prerender_html(children, content),
                getattr(node, "style", None),
            )
        if kind == "Col":
            return _div(
                _classes(_col_classes(node), getattr(node, "className", "")),
                to_prerender_html(children, content),
            )
        if kind == "Label":
            return (
                f'<label class="{escape(getattr(node, "className", "") or "")}">'
                f"{to_prerender_html(children, content)}</label>"
            )
        if kind == "Select":
            return _select(node)
        if kind == "Checklist":
            return _checklist(node)
        return ""
    if kind == "Graph":
        return _div(
            _classes("portal-graph", getattr(node, "className", "")),
            "",
            getattr(node, "style", None),
        )
    if kind == "Loading":
        return to_prerender_html(children, content)
    return ""  # stores, locations, anything interactive: the live page brings them


def page_content(pathname: str, query: dict[str, Any]) -> Any:
    """The layout Dash's router will draw for this path and query (None: not a known page)."""
    import dash

    app = dash.get_app()
    page, variables = _match(app, pathname)
    if not page:
        return None
    layout = page.get("layout")
    return layout(**{**(variables or {}), **query}) if callable(layout) else layout


def _match(app: Any, pathname: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    from dash.dash import _path_to_page

    return _path_to_page(app.strip_relative_path(pathname))


def page_title(pathname: str) -> str:
    """The page's own title (as in <title> once Dash has drawn it), for link previews."""
    import dash

    from dashboard.i18n import request_lang, t

    page, variables = _match(dash.get_app(), pathname)
    title = page.get("title") if page else None
    if callable(title):
        title = title(**(variables or {}))
    return str(title or t("site.name", request_lang()))


def first_view(pathname: str, query: dict[str, Any]) -> str | None:
    """The shell with the page's layout, as HTML; None when there is no such page."""
    from urllib.parse import urlencode

    from dashboard.layout import shell

    content = page_content(pathname, query)
    if content is None:
        return None
    return to_prerender_html(shell(pathname, "?" + urlencode(query)), content)
