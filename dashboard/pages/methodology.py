"""Methodology and sources (/methodology): definitions, anonymisation and suppression (k from the
settings), update cadence, the revision log (publications) and the key figures with citations,
read from the key_figures dataset. Content comes from one callback (small validation layout)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, dcc, html

from dashboard import data_access, ids
from dashboard.components.tables import data_table
from dashboard.i18n import (
    dataset_title,
    fmt_date,
    fmt_datetime,
    fmt_int,
    fmt_month,
    fmt_num,
    label,
    normalise_lang,
    region_name,
    t,
)
from dashboard.pagekit import page_title, section, suppression_k
from dashboard.text.dates import KAZAKH_ONLY_LETTERS
from data.catalog import DATASETS, INDICATORS, SUPPRESSION_RULE

dash.register_page(
    __name__, path="/methodology", title=page_title("method.title"), order=6, name="methodology"
)

CONTENT = ids.METHODOLOGY_CONTENT
SCROLL_SINK = ids.METHODOLOGY_SCROLL_SINK


def layout(lang: str | None = None, **_: Any) -> html.Div:
    lang = normalise_lang(lang)
    return html.Div(
        [
            dcc.Store(id=ids.METHODOLOGY_LANG, data=lang),
            html.H1(t("method.title", lang)),
            html.P(t("method.lead", lang), className="lead"),
            html.Div(id=CONTENT),
            html.Div(id=SCROLL_SINK, hidden=True),
        ]
    )


# ------------------------------------------------------------------ sections
def definitions(lang: str) -> html.Section:
    blocks: list[Any] = []
    for indicator in INDICATORS:
        blocks += [
            html.H3(label("indicator", indicator, lang), className="h6"),
            html.P(t(f"method.def.{indicator}", lang)),
        ]
    blocks += [
        html.H3(t("method.per_capita_heading", lang), className="h6"),
        html.P(t("method.per_capita", lang)),
        html.H3(t("method.rank_heading", lang), className="h6"),
        html.P(t("region.rank_explained", lang)),
        html.H3(t("method.targets_heading", lang), className="h6"),
        html.P([t("method.targets", lang), " ", t("region.status_explained", lang)]),
    ]
    return section("method-definitions-heading", t("method.indicators_heading", lang), *blocks)


def dictionary(lang: str) -> html.Section:
    details = []
    for dataset_id, dataset in DATASETS.items():
        rows = [
            [
                html.Code(f.name),
                label("field_type", f.type, lang),
                label("unit", f.unit, lang) if f.unit else "—",
                f.description.get(lang),
            ]
            for f in dataset.fields
        ]
        caption = t("method.dictionary_caption", lang, dataset=dataset_title(dataset_id, lang))
        details.append(
            html.Details(
                [
                    html.Summary(dataset_title(dataset_id, lang)),
                    data_table(
                        caption,
                        [
                            t("col.field", lang),
                            t("col.data_type", lang),
                            t("col.unit", lang),
                            t("col.description", lang),
                        ],
                        rows,
                        lang=lang,
                        caption_visible=False,
                    ),
                ],
                className="mb-2",
            )
        )
    return section("method-dictionary-heading", t("method.dictionary_heading", lang), *details)


def privacy(lang: str, k: int) -> html.Section:
    return html.Section(
        [
            html.H2(t("method.privacy_heading", lang), id="suppression", tabIndex=-1),
            html.P(t("method.privacy_personal", lang)),
            html.P(t("method.privacy_cameras", lang)),
            html.H3(t("method.privacy_rule", lang, k=k), className="h6"),
            html.P(SUPPRESSION_RULE.get(lang)),
            html.P(t("method.privacy_display", lang)),
            html.P(t("method.tables", lang)),
            html.P(t("method.audit", lang)),
            *loss(lang),
        ],
        className="mb-5",
        **{"aria-labelledby": "suppression"},
    )


def loss(lang: str) -> list[Any]:
    """The loss table (share of cells and events withheld per dataset), once published."""
    if not data_access.publication().exists:
        return []
    figures = data_access.loss_figures()
    rows = [
        [
            dataset_title(name, lang),
            fmt_num(f["cells_withheld_pct"], lang, 1),
            fmt_num(f["events_withheld_pct"], lang, 1),
        ]
        for name, f in sorted(figures.items())
        if name in DATASETS
    ]
    if not rows:
        return []
    headers = [
        t("method.loss_dataset", lang),
        t("method.loss_cells", lang),
        t("method.loss_events", lang),
    ]
    return [data_table(t("method.loss_caption", lang), headers, rows, lang=lang, numeric=(1, 2))]


def cadence(lang: str) -> html.Section:
    rows = [
        [dataset_title(d, lang), label("cadence", ds.cadence, lang)] for d, ds in DATASETS.items()
    ]
    return section(
        "method-cadence-heading",
        t("method.cadence_heading", lang),
        html.P(t("method.cadence_text", lang)),
        data_table(
            t("method.cadence_caption", lang),
            [t("col.dataset", lang), t("col.cadence", lang)],
            rows,
            lang=lang,
        ),
    )


def change_summary(changes: Mapping[str, Any] | None, lang: str) -> list[str]:
    """Readable lines for a publication's `changes` (only what actually changed)."""
    lines = []
    for name, entry in (changes or {}).items():
        title = (
            dataset_title(name, lang)
            if name in DATASETS
            else (t("method.boundaries", lang) if name == "region_boundaries" else name)
        )
        if not isinstance(entry, Mapping):
            continue
        before, after = entry.get("rows_before"), entry.get("rows_after")
        if before is not None and after is not None and before != after:
            lines.append(
                t(
                    "method.rows_change",
                    lang,
                    dataset=title,
                    before=fmt_int(before, lang),
                    after=fmt_int(after, lang),
                )
            )
        months = entry.get("months_replaced") or sorted(
            {str(d)[:7] for d in entry.get("days_replaced") or []}
        )
        if months:
            shown = ", ".join(fmt_month(m, lang, short=True) for m in months[:6])
            lines.append(
                t(
                    "method.months_replaced",
                    lang,
                    dataset=title,
                    months=shown + (" …" if len(months) > 6 else ""),
                )
            )
        if entry.get("new_delivery"):
            lines.append(t("method.targets_delivered", lang))
        if entry.get("loaded") is not None:
            lines.append(
                t("method.loaded", lang, dataset=title, count=fmt_int(entry["loaded"], lang))
            )
    return lines


def revisions(publications: list[Mapping[str, Any]], lang: str) -> html.Section:
    rows = []
    for pub in publications:
        lines = change_summary(pub.get("changes"), lang) or [t("method.no_changes", lang)]
        nights = (
            f"{fmt_date(pub['nights_from'], lang)} – {fmt_date(pub['nights_to'], lang)}"
            if pub.get("nights_from")
            else t("value.missing", lang)
        )
        rows.append(
            [
                str(pub["id"]),
                fmt_datetime(pub["published_at"], lang),
                nights,
                t("open.yes", lang) if pub["is_demo"] else t("open.no", lang),
                html.Ul([html.Li(line) for line in lines], className="mb-0 ps-3 small"),
            ]
        )
    headers = [
        t("col.publication", lang),
        t("col.published_at", lang),
        t("col.nights", lang),
        t("col.demo", lang),
        t("col.changes", lang),
    ]
    return section(
        "method-revisions-heading",
        t("method.revisions_heading", lang),
        data_table(
            t("method.revisions_caption", lang),
            headers,
            rows,
            lang=lang,
            numeric=(0,),
            class_name="revisions",
        ),
    )


def key_figure_value(row: Mapping[str, Any], lang: str) -> str:
    value = float(row["value"])
    number = fmt_int(value, lang) if value.is_integer() else fmt_num(value, lang, 1)
    unit = label("key_figure_unit", row["unit"], lang)
    return f"{number}{unit}" if row["unit"] == "%" else f"{number} {unit}"


TITLE_MARK = "\u0000"
KAZAKH_NAME = re.compile(f"«[^»]*[{KAZAKH_ONLY_LETTERS}][^»]*»")


def key_figure_source(row: Mapping[str, Any], lang: str) -> list[Any]:
    """The citation; the article's title keeps its own language, marked as such (lang=…), and
    so does a Kazakh newspaper name quoted on a Russian or English page."""
    published = row.get("published_on")
    text = t(
        "method.source_cite",
        lang,
        title=TITLE_MARK,
        publisher=label("publisher", row["publisher"], lang),
        date=fmt_date(published, lang) if published else t("method.date_not_stated", lang),
        file=row["source_file"],
        language=label("source_language", row["language"], lang),
    )
    before, _, after = text.partition(TITLE_MARK)
    title_lang = row["language"] if row["language"] in ("kk", "ru", "en") else None
    title = (
        html.Span(row["source_title"], lang=title_lang)
        if title_lang and title_lang != lang
        else row["source_title"]
    )
    return [*_mark_kazakh_names(before, lang), title, *_mark_kazakh_names(after, lang)]


def _mark_kazakh_names(text: str, lang: str) -> list[Any]:
    if lang == "kk":
        return [text]
    out: list[Any] = []
    last = 0
    for match in KAZAKH_NAME.finditer(text):
        out += [text[last : match.start()], html.Span(match.group(0), lang="kk")]
        last = match.end()
    return [*out, text[last:]]


def key_figures(rows: list[Mapping[str, Any]], lang: str) -> html.Section:
    body = [
        [
            row[f"label_{lang}"],
            key_figure_value(row, lang),
            label("key_figure_period", row["period"], lang),
            region_name(None if row["scope"] == "KZ" else row["scope"], lang),
            key_figure_source(row, lang),
        ]
        for row in rows
    ]
    headers = [
        t("col.indicator", lang),
        t("col.value", lang),
        t("col.period", lang),
        t("col.scope", lang),
        t("col.source", lang),
    ]
    return section(
        "method-key-figures-heading",
        t("method.key_figures_heading", lang),
        html.P(t("method.key_figures_lead", lang)),
        data_table(
            t("method.key_figures_caption", lang),
            headers,
            body,
            lang=lang,
            numeric=(1,),
            class_name="key-figures",
        ),
    )


def sources(lang: str) -> html.Section:
    return section(
        "method-sources-heading",
        t("method.sources_heading", lang),
        html.Ul(
            [
                html.Li(t("method.source_operations", lang)),
                html.Li(t("method.source_population", lang)),
                html.Li(t("method.source_boundaries", lang)),
            ]
        ),
    )


def render_methodology(lang: str) -> list[Any]:
    lang = normalise_lang(lang)
    published = data_access.publication().exists
    parts: list[Any] = [definitions(lang), privacy(lang, suppression_k()), cadence(lang)]
    if published:
        parts += [
            revisions(data_access.publication_log(50), lang),
            key_figures(data_access.key_figures(), lang),
        ]
    parts += [dictionary(lang), sources(lang)]
    return parts


def register_callbacks(app: dash.Dash) -> None:
    app.callback(Output(CONTENT, "children"), Input(ids.METHODOLOGY_LANG, "data"))(
        render_methodology
    )
    app.clientside_callback(  # /methodology#suppression: the target exists once content arrives
        ClientsideFunction(namespace="portal", function_name="scrollToHash"),
        Output(SCROLL_SINK, "children"),
        Input(CONTENT, "children"),
    )
