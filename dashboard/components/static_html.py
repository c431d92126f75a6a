"""Static Dash html trees as one component.

Dash 4.4's renderer mounts components in roughly quadratic time (1,000 table cells took ~12 s
in headless Chromium here, 250 took 0.7 s), so large static blocks — tables above all — are
serialised to escaped HTML and carried by one empty <div data-html="…">, which assets/portal.js
fills (innerHTML) as soon as it is rendered. dcc.Markdown did the same job but costs its parser
and highlight.js (~110 kB compressed) on every page. Only the html.* components and attributes
listed here are converted; text is always escaped. The same serialiser writes the server-rendered
first view of a page (dashboard/prerender.py).
"""

from __future__ import annotations

from html import escape
from typing import Any

from dash import html
from dash.development.base_component import Component

VOID = {"br", "hr", "img", "wbr"}
ATTRIBUTES = {  # Dash prop -> HTML attribute
    "id": "id",
    "className": "class",
    "href": "href",
    "title": "title",
    "role": "role",
    "rel": "rel",
    "lang": "lang",
    "hrefLang": "hreflang",
    "scope": "scope",
    "tabIndex": "tabindex",
    "hidden": "hidden",
    "colSpan": "colspan",
    "rowSpan": "rowspan",
    "download": "download",
    "target": "target",
    "open": "open",
}


class UnsupportedComponent(TypeError):
    """Only plain html.* components (no callbacks, no state) can become static HTML."""


def to_html(node: Any) -> str:
    if node is None or node is False:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(to_html(child) for child in node)
    if isinstance(node, Component) and getattr(node, "data-html", None) is not None:
        inner = getattr(node, "data-html")  # a static block inside a static tree
        attrs = "".join(_attribute(n, v) for n, v in _props(node) if n != "data-html")
        return f"<div{attrs}>{inner}</div>"
    if isinstance(node, (str, int, float)):
        return escape(str(node)).replace("\n", " ")
    if not isinstance(node, Component) or node._namespace != "dash_html_components":
        raise UnsupportedComponent(f"cannot serialise {type(node).__name__}")
    tag = node._type.lower()
    attrs = "".join(_attribute(name, value) for name, value in _props(node))
    if tag in VOID:
        return f"<{tag}{attrs}>"
    return f"<{tag}{attrs}>{to_html(getattr(node, 'children', None))}</{tag}>"


def _props(node: Component) -> list[tuple[str, Any]]:
    out = []
    for name in node._prop_names:
        if name == "children":
            continue
        value = getattr(node, name, None)
        if value is not None:
            out.append((name, value))
    for name, value in vars(node).items():  # aria-* and data-* wildcards
        if name.startswith(("aria-", "data-")) and value is not None:
            out.append((name, value))
    return out


def _attribute(name: str, value: Any) -> str:
    if name == "style" and isinstance(value, dict):
        css = ";".join(f"{_kebab(k)}:{v}" for k, v in value.items())
        return f' style="{escape(css)}"'
    html_name = ATTRIBUTES.get(name) or (name if name.startswith(("aria-", "data-")) else None)
    if html_name is None:
        return ""
    if value is True:
        return f" {html_name}"
    if value is False:
        return ""
    return f' {html_name}="{escape(str(value), quote=True)}"'


def _kebab(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name)


def static_block(tree: Any, class_name: str = "") -> html.Div:
    """One component showing `tree` (html.* only) as static HTML (filled by assets/portal.js)."""
    return html.Div(className=f"static-html {class_name}".strip(), **{"data-html": to_html(tree)})
