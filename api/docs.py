"""The human API documentation: plain HTML and CSS generated from the OpenAPI document.

No JavaScript, no CDN, no web fonts: it loads on a slow phone and prints cleanly. The page is
in kk, ru or en (`?lang=`): the introduction, the worked examples (api.examples) and every
heading and label; the reference descriptions come from the OpenAPI document, in English.
At 375 px nothing is wider than the screen: wide tables and code scroll inside their box.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from typing import Any

from api.examples import EXAMPLES, Example
from api.openapi import openapi_document
from api.regionnames import DEFAULT_LANG, LANGS
from data.catalog import DATASETS

# Every label of the page, per language.
UI: dict[str, dict[str, str]] = {
    "title": {
        "kk": "Полицияның сервистік моделі: ашық деректер API",
        "ru": "Сервисная модель полиции: API открытых данных",
        "en": "Police service model in Kazakhstan: open-data API",
    },
    "intro": {
        "kk": "Полиция реформасының анонимделген жиынтық статистикасы, тек оқу үшін. Әр жауапта "
        "meta (жариялым, лицензия, демо белгісі, жасыру ережесі) бар. k-дан аз оқиғаны "
        "қамтитын сандар null және suppressed=true болып беріледі, ешқашан 0 емес. "
        "Белгісіз параметр немесе мән 400 қатесін береді және рұқсат етілгендерін атайды.",
        "ru": "Анонимизированная сводная статистика реформы полиции, только чтение. Каждый ответ "
        "несёт meta (публикация, лицензия, признак демо, правило скрытия). Числа, за "
        "которыми меньше k событий, приходят как null с suppressed=true, никогда не 0. "
        "Неизвестный параметр или значение — ошибка 400 со списком допустимых.",
        "en": "Anonymised aggregate statistics of the police service model reform, read-only. "
        "Every answer carries meta (publication, licence, demo flag, suppression rule). "
        "Counts covering fewer than k events come as null with suppressed=true, never 0. "
        "An unknown parameter or value is a 400 that lists the allowed ones.",
    },
    "machine": {"kk": "Машинаға арналған", "ru": "Для программ", "en": "Machine-readable"},
    "zip": {"kk": "барлығы бір zip-те", "ru": "всё одним zip", "en": "everything as one zip"},
    "licence": {"kk": "Лицензия", "ru": "Лицензия", "en": "Licence"},
    "examples": {
        "kk": "Сұрақтар мен жауаптар",
        "ru": "Вопросы и ответы",
        "en": "Questions and answers",
    },
    "open": {"kk": "Ашу", "ru": "Открыть", "en": "Open"},
    "reference": {
        "kk": "Анықтамалық (ағылшынша сипаттамалар)",
        "ru": "Справочник (описания на английском)",
        "en": "Reference",
    },
    "parameter": {"kk": "параметр", "ru": "параметр", "en": "parameter"},
    "in": {"kk": "қайда", "ru": "где", "en": "in"},
    "values": {"kk": "мәндер", "ru": "значения", "en": "values"},
    "meaning": {"kk": "мағынасы", "ru": "смысл", "en": "meaning"},
    "errors": {"kk": "Қателер", "ru": "Ошибки", "en": "Errors"},
    "endpoints": {"kk": "Нүктелер", "ru": "Методы", "en": "Endpoints"},
    "catalogue": {"kk": "Каталог", "ru": "Каталог", "en": "Catalogue"},
    "data": {"kk": "Деректер", "ru": "Данные", "en": "Data"},
    "downloads": {"kk": "Жүктеу", "ru": "Выгрузки", "en": "Downloads"},
    "regions": {"kk": "Өңірлер", "ru": "Регионы", "en": "Regions"},
    "status": {"kk": "Күйі", "ru": "Состояние", "en": "Status"},
}
LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
# Operation names in kk and ru (en: the OpenAPI summary); per-dataset ones from the catalogue.
SUMMARIES: dict[str, dict[str, str]] = {
    "list_datasets": {"kk": "Деректер жиындарының каталогы", "ru": "Каталог наборов данных"},
    "get_dataset": {
        "kk": "Деректер жиынының сипаттамасы және өрістері",
        "ru": "Описание набора данных и словарь полей",
    },
    "download_rows": {
        "kk": "Деректер жиынын файл ретінде жүктеу",
        "ru": "Выгрузка набора данных файлом",
    },
    "download_aggregate": {"kk": "Жиынтықтарды файл ретінде жүктеу", "ru": "Выгрузка сумм файлом"},
    "list_regions": {
        "kk": "20 өңір және соңғы көрсеткіштері",
        "ru": "20 регионов и их последние показатели",
    },
    "get_region": {"kk": "Бір өңірдің қорытындысы", "ru": "Сводка по одному региону"},
    "facilities": {
        "kk": "Халыққа қызмет көрсететін нысандар (GeoJSON)",
        "ru": "Объекты для граждан (GeoJSON)",
    },
    "publications": {"kk": "Жариялымдар журналы", "ru": "Журнал публикаций"},
    "status": {
        "kk": "Деректердің жаңалығы және соңғы ETL",
        "ru": "Свежесть данных и последний ETL",
    },
    "healthz": {"kk": "Қызметтің және дерекқордың күйі", "ru": "Состояние сервиса и базы"},
    "bulk": {"kk": "Барлық деректер бір zip-те", "ru": "Все наборы одним zip"},
    "datapackage": {"kk": "Frictionless Data Package", "ru": "Frictionless Data Package"},
    "catalog_jsonld": {"kk": "DCAT-AP каталогы (JSON-LD)", "ru": "Каталог DCAT-AP (JSON-LD)"},
    "openapi": {"kk": "Осы құжат (OpenAPI)", "ru": "Этот документ (OpenAPI)"},
    "docs": {"kk": "API құжаттамасы (HTML)", "ru": "Документация API (HTML)"},
}
DATASET_SUMMARIES = {
    "rows": {"kk": "{title}: жолдар", "ru": "{title}: строки"},
    "aggregate": {"kk": "{title}: жиынтықтар", "ru": "{title}: суммы"},
}


def _summary(op: dict[str, Any], lang: str) -> str:
    """The operation's name in the page's language."""
    op_id = op["operationId"]
    if lang == "en":
        return str(op["summary"])
    if op_id in SUMMARIES:
        return SUMMARIES[op_id][lang]
    kind, _, dataset_id = op_id.partition("_")
    if kind in DATASET_SUMMARIES and dataset_id in DATASETS:
        title = DATASETS[dataset_id].title.get(lang)
        return DATASET_SUMMARIES[kind][lang].format(title=title)
    return str(op["summary"])


def _t(key: str, lang: str) -> str:
    return UI[key][lang]


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
code { padding: 0 .25em; overflow-wrap: anywhere; }
pre { padding: .75em; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
main { min-width: 0; } h3 code { font-size: .9em; }
.scroll { overflow-x: auto; max-width: 100%; }
.langs { float: right; } .langs a { margin-left: .5em; }
.example { border-left: 3px solid var(--accent); padding-left: .75em; margin: 1.25em 0; }
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


def _operation(path: str, op: dict[str, Any], host: str, lang: str) -> str:
    parts = [
        f'<h3 id="{_anchor(op["operationId"])}"><span class="method">GET</span>'
        f"<code>{escape(path)}</code></h3>",
        f"<p><strong>{escape(_summary(op, lang))}.</strong> {_inline(op['description'])}</p>",
    ]
    params = op.get("parameters") or []
    if params:
        rows = "".join(
            f"<tr><td><code>{escape(p['name'])}</code>{' *' if p.get('required') else ''}</td>"
            f"<td>{escape(p['in'])}</td><td>{escape(_schema_text(p['schema']))}</td>"
            f"<td>{_inline(p.get('description', ''))}</td></tr>"
            for p in params
        )
        head = "".join(f"<th>{_t(k, lang)}</th>" for k in ("parameter", "in", "values", "meaning"))
        parts.append(
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    ok = op["responses"]["200"]
    types = ", ".join(f"<code>{escape(t)}</code>" for t in ok.get("content", {}))
    parts.append(
        f'<p class="muted">200: {types}. {_t("errors", lang)}: '
        + ", ".join(c for c in op["responses"] if c not in ("200", "304"))
        + ".</p>"
    )
    if "{" not in path:
        parts.append(f"<pre>curl -s '{escape(host.rstrip('/') + path)}'</pre>")
    return "\n".join(parts)


def _example(example: Example, host: str, lang: str) -> str:
    url = host.rstrip("/") + example.url
    return (
        f'<section class="example" id="{escape(example.id)}">'
        f"<h3>{escape(example.question.get(lang))}</h3>"
        f"<p>{_inline(example.how.get(lang))}</p>"
        f'<p><a href="{escape(example.url)}">{_t("open", lang)}</a></p>'
        f"<pre>curl -s '{escape(url)}'</pre></section>"
    )


@lru_cache(maxsize=24)
def docs_html(host: str, lang: str = DEFAULT_LANG) -> str:
    """The page for one host (its curl examples are absolute URLs) in one language."""
    lang = lang if lang in LANGS else DEFAULT_LANG
    doc = openapi_document()
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for path, item in doc["paths"].items():
        op = item["get"]
        groups.setdefault(op["tags"][0], []).append((path, op))
    nav = "".join(
        f'<li><a href="#{_anchor(op["operationId"])}">{escape(_summary(op, lang))}</a></li>'
        for ops in groups.values()
        for _, op in ops
    )
    sections = "".join(
        f"<h2>{escape(_t(tag, lang) if tag in UI else tag.capitalize())}</h2>"
        + "".join(_operation(p, op, host, lang) for p, op in ops)
        for tag, ops in groups.items()
    )
    examples = "".join(_example(e, host, lang) for e in EXAMPLES)
    switch = " ".join(
        f'<a href="/api/v1/docs?lang={code}" hreflang="{code}" lang="{code}"'
        + (' aria-current="page"' if code == lang else "")
        + f">{LANG_NAMES[code]}</a>"
        for code in ("kk", "ru", "en")
    )
    title = _t("title", lang)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="/api/v1/docs.css"></head>
<body><main>
<p class="langs">{switch}</p>
<h1>{escape(title)}</h1>
<p>{_inline(_t("intro", lang))}</p>
<p>{_t("machine", lang)}: <a href="/api/v1/openapi.json">OpenAPI 3.1</a> ·
<a href="/api/v1/datapackage.json">Data Package</a> ·
<a href="/api/v1/catalog.jsonld">DCAT-AP 3.0</a> ·
<a href="/api/v1/bulk/latest.zip">{_t("zip", lang)}</a>.
{_t("licence", lang)}: <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>.</p>
<h2 id="examples">{_t("examples", lang)}</h2>
{examples}
<h2 id="reference">{_t("reference", lang)}</h2>
<nav aria-label="{_t("endpoints", lang)}"><ul>{nav}</ul></nav>
{sections}
</main></body></html>"""
