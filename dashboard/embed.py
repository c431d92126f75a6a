"""Charts other sites may put in an <iframe>: `/embed/regions/<ISO code>/<indicator>?lang=kk`.

One self-contained small page per region and indicator: the trend chart (the region against the
country, per 100,000 residents; the same figure as the scorecard's), its numbers as a table,
and a line naming the portal, the data date and the licence with a link to the scorecard.
Everything is served by the portal (plotly.js basic bundle, assets/standalone/embed.js); only
these routes may be framed by other sites (webcore/headers.py, FRAMEABLE_PREFIXES).

Indicators are the catalogue's ids or their short names (visits, sos, crimes, offences).
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from flask import Blueprint, Response, abort, request

from dashboard import data_access, vendor_links
from dashboard.components.static_html import to_html
from dashboard.i18n import fmt_date, label, normalise_lang, region_codes, region_name, t
from data.catalog import INDICATORS, LICENCE
from data.figures import History

ALIASES = {
    "visits": "front_office_visits",
    "sos": "sos_activations",
    "crimes": "camera_crimes_solved",
    "offences": "camera_admin_detected",
}
EMBED_JS = "/assets/standalone/embed.js"
CSS = """
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #212529; background: #fff; }
main { padding: 8px 12px; }
h1 { font-size: 16px; margin: 0 0 4px; }
.chart { height: 340px; }
.demo { background: #fff3cd; color: #7a2e00; font-weight: 700; padding: 4px 8px; margin: 0 0 6px; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { border-bottom: 1px solid #dee2e6; padding: 2px 6px; text-align: left; }
.text-end { text-align: right; } .visually-hidden { position: absolute; left: -9999px; }
.table-caption { font-weight: 600; margin: 0; } .table-responsive { overflow-x: auto; }
.source { font-size: 12px; color: #495057; margin: 6px 0 0; }
a { color: #0b5394; }
"""

blueprint = Blueprint("embed", __name__)


def indicator_id(value: str) -> str | None:
    value = ALIASES.get(value, value)
    return value if value in INDICATORS else None


@blueprint.get("/embed/regions/<region>/<indicator>")
def region_chart(region: str, indicator: str) -> Response:
    code = region.upper()
    chosen = indicator_id(indicator)
    if code not in set(region_codes()) or chosen is None:
        abort(404)
    lang = normalise_lang(request.args.get("lang"))
    publication = data_access.publication()
    if not publication.exists:
        abort(404)
    from dashboard.components.scorecard import trend_parts

    history = History(data_access.indicator_history())
    caption, figure, table = trend_parts(
        history, data_access.population(), chosen, code, None, lang
    )
    title = f"{region_name(code, lang)}: {label('indicator', chosen, lang)}"
    page = render_page(
        title, caption, figure, to_html(table), lang, code, data_access.as_of(), publication.is_demo
    )
    return Response(page, mimetype="text/html")


def render_page(
    title: str,
    caption: str,
    figure: dict[str, Any],
    table_html: str,
    lang: str,
    region: str,
    as_of: Any,
    demo: bool,
) -> str:
    link = f"{request.host_url.rstrip('/')}/regions/{region}?lang={lang}"
    source = t(
        "embed.source",
        lang,
        site=t("site.name", lang),
        date=fmt_date(as_of, lang, case="locative"),
        licence=LICENCE["id"],
    )
    figure_json = json.dumps(figure, ensure_ascii=False).replace("</", "<\\/")
    banner = f'<p class="demo">{escape(t("demo.banner", lang))}</p>' if demo else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{CSS}</style></head>
<body><main>
<h1>{escape(title)}</h1>{banner}
<figure style="margin:0"><figcaption class="visually-hidden">{escape(caption)}</figcaption>
<div id="chart" class="chart" data-filename="{escape(region)}"></div></figure>
<script type="application/json" id="figure">{figure_json}</script>
<details><summary>{escape(t("chart.table_toggle", lang))}</summary>{table_html}</details>
<p class="source">{escape(source)} · <a href="{escape(link)}" target="_blank" rel="noopener">{
        escape(t("embed.open", lang))
    }</a></p>
</main>
<script src="{vendor_links.PLOTLY_JS}"></script><script src="{EMBED_JS}"></script>
</body></html>"""
