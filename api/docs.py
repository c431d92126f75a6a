"""The human API documentation: plain HTML and CSS generated from the OpenAPI document.

No JavaScript, no CDN, no web fonts: it loads on a slow phone and prints cleanly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from typing import Any

from api.openapi import openapi_document

CSS = """
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de;
  --code: #f3f4f6; --accent: #0b5cad; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9aa4ae;
  --line: #30363d; --code: #161b22; --accent: #58a6ff; } }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); max-width: 60rem; margin: 0 auto; padding: 1rem; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: var(--code); border-radius: 4px; }
code { padding: 0 .25em; } pre { padding: .75em; overflow-x: auto; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem;
  border-top: 1px solid var(--line); padding-top: 1rem; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
.method { font-weight: 700; color: #fff; background: #1f7a3a; border-radius: 4px;
  padding: 0 .4em; margin-right: .4em; font-size: .9em; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line);
  padding: .35em .5em; }
.muted { color: var(--muted); }
nav ul { columns: 2; padding-left: 1.2em; }
@media (max-width: 40rem) { nav ul { columns: 1; } }
@media print { nav { display: none; } a { color: inherit; } }
"""


def _inline(text: str) -> str:
    html = escape(text)
    html = re.sub(r"`([^`]+)`", r"<code>\1</code>", html)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", html)


def _schema_text(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    kind = schema.get("type", "string")
    text = kind if isinstance(kind, str) else " | ".join(kind)
    if "format" in schema:
        text += f" ({schema['format']})"
    if "minimum" in schema or "maximum" in schema:
        text += f" {schema.get('minimum', '')}–{schema.get('maximum', '')}"
    return text


def _anchor(op_id: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", op_id.lower())


def _operation(path: str, op: dict[str, Any], host: str) -> str:
    parts = [f'<h3 id="{_anchor(op["operationId"])}"><span class="method">GET</span>'
             f"<code>{escape(path)}</code></h3>",
             f"<p><strong>{escape(op['summary'])}.</strong> {_inline(op['description'])}</p>"]
    params = op.get("parameters") or []
    if params:
        rows = "".join(
            f"<tr><td><code>{escape(p['name'])}</code>{' *' if p.get('required') else ''}</td>"
            f"<td>{escape(p['in'])}</td><td>{escape(_schema_text(p['schema']))}</td>"
            f"<td>{_inline(p.get('description', ''))}</td></tr>" for p in params)
        parts.append("<table><thead><tr><th>parameter</th><th>in</th><th>values</th>"
                     f"<th>meaning</th></tr></thead><tbody>{rows}</tbody></table>")
    ok = op["responses"]["200"]
    types = ", ".join(f"<code>{escape(t)}</code>" for t in ok.get("content", {}))
    parts.append(f'<p class="muted">200: {types}. Errors: '
                 + ", ".join(c for c in op["responses"] if c not in ("200", "304")) + ".</p>")
    if "{" not in path:
        parts.append(f"<pre>curl -s '{escape(host.rstrip('/') + path)}'</pre>")
    return "\n".join(parts)


@lru_cache(maxsize=8)
def docs_html(host: str) -> str:
    """The page for one host (its curl examples are absolute URLs)."""
    doc = openapi_document()
    info = doc["info"]
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for path, item in doc["paths"].items():
        op = item["get"]
        groups.setdefault(op["tags"][0], []).append((path, op))
    nav = "".join(
        f'<li><a href="#{_anchor(op["operationId"])}">{escape(op["summary"])}</a></li>'
        for ops in groups.values() for _, op in ops)
    sections = "".join(
        f"<h2>{escape(tag.capitalize())}</h2>" + "".join(_operation(p, op, host) for p, op in ops)
        for tag, ops in groups.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(info['title'])}</title>
<link rel="stylesheet" href="/api/v1/docs.css"></head>
<body><main>
<h1>{escape(info['title'])}</h1>
<p>{_inline(info['summary'])} {_inline(info['description'])}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">OpenAPI 3.1</a> ·
<a href="/api/v1/datapackage.json">Data Package</a> ·
<a href="/api/v1/catalog.jsonld">DCAT-AP</a> ·
<a href="/api/v1/bulk/latest.zip">everything as one zip</a>.
Licence: <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>.</p>
<nav aria-label="Endpoints"><ul>{nav}</ul></nav>
{sections}
</main></body></html>"""
