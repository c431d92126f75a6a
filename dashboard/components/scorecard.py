"""Sections of the region scorecard, built from cached query results (no queries here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from dash import html

from dashboard import cells
from dashboard.components.charts import chart_with_table
from dashboard.components.downloads import format_links
from dashboard.components.lazy import watch
from dashboard.components.tables import data_table
from dashboard.figures import Trace, line_figure
from dashboard.i18n import (
    dataset_title,
    fmt_date,
    fmt_int,
    fmt_month,
    fmt_pct,
    fmt_period_month,
    label,
    region_name,
    t,
)
from dashboard.pagekit import section
from dashboard.text.sources import translate_source
from data.catalog import FACILITY_TYPES, INDICATORS
from data.figures import MISSING, MISSING_CELL, OK, SUPPRESSED, Cell, History, per_100k_series

FACILITY_STATUSES = ("operating", "under_construction", "planned", "closed")
CHARTS_VISIBLE = "region-charts-visible"  # store: true once the trend charts are near the screen
REGION_DATASETS = (
    ("region_indicators", ("csv", "xlsx", "json")),
    ("targets", ("csv", "xlsx")),
    ("facilities", ("csv", "geojson")),
    ("front_office_offices_monthly", ("csv", "xlsx")),
    ("sos_activations_regional", ("csv", "xlsx")),
    ("camera_offenses_district", ("csv", "xlsx")),
)


def summary_cell(item: Mapping[str, Any]) -> Cell:
    if item.get("missing"):
        return MISSING_CELL
    if item.get("suppressed") or item.get("value") is None:
        return Cell(None, SUPPRESSED)
    return Cell(float(item["value"]), OK)


def rate_cell(item: Mapping[str, Any] | None, key: str = "rate_per_100k") -> Cell:
    if item is None:
        return MISSING_CELL
    value = item.get(key)
    if value is None:
        return Cell(None, summary_cell(item).state if key == "rate_per_100k" else MISSING)
    return Cell(float(value), OK)


def rank_text(item: Mapping[str, Any], lang: str) -> str:
    if item.get("rank") is None:
        return t("region.not_ranked", lang)
    return t("region.rank_of", lang, rank=item["rank"], total=item["ranked_regions"])


def latest_section(
    summary: Mapping[str, Any],
    compare: Mapping[str, Any] | None,
    lang: str,
    data_through: date | None = None,
) -> html.Section:
    month = summary["month"]
    month_text = fmt_period_month(month, lang, data_through)
    by_indicator = {i["indicator"]: i for i in summary["indicators"]}
    other = {i["indicator"]: i for i in compare["indicators"]} if compare else {}
    # The rank comes right after the indicator: on a 375 px phone the table scrolls sideways,
    # and the rank is what a council member looks for first.
    headers = [
        t("col.indicator", lang),
        t("col.rank", lang),
        t("col.value", lang),
        t("col.rate", lang),
        t("col.national_rate", lang),
    ]
    if compare:
        headers.append(t("col.compare_rate", lang, region=region_name(compare["region"], lang)))
    rows = []
    for indicator in INDICATORS:
        item = by_indicator.get(indicator, {"missing": True})
        row: list[Any] = [
            label("indicator", indicator, lang),
            rank_text(item, lang),
            cells.text(summary_cell(item), lang),
            cells.rate_text(rate_cell(item), lang),
            cells.rate_text(rate_cell(item, "national_rate_per_100k"), lang),
        ]
        if compare:
            row.append(cells.rate_text(rate_cell(other.get(indicator)), lang))
        rows.append(row)
    caption = t(
        "region.latest_caption",
        lang,
        region=region_name(summary["region"], lang),
        month=month_text,
        total=20,
    )
    return section(
        "region-latest-heading",
        t("region.latest_heading", lang, month=month_text),
        data_table(
            caption,
            headers,
            rows,
            lang=lang,
            numeric=range(2, len(headers)),
            class_name="latest-table",
        ),
        html.P(t("region.rank_explained", lang), className="small"),
        class_name="mb-4 scorecard-block",
    )


def status_badge(status: str, lang: str) -> html.Span:
    return html.Span(
        label("target_status", status, lang), className=f"status-badge status-{status}"
    )


def progress_cell(progress: float | None, lang: str) -> Any:
    if progress is None:
        return t("value.missing", lang)
    width = f"{max(0.0, min(progress, 1.0)) * 100:.0f}%"
    return html.Div(
        [
            html.Span(fmt_pct(progress, lang)),
            html.Div(
                html.Div(className="progress-fill", style={"width": width}),
                className="progress-track",
                **{"aria-hidden": "true"},
            ),
        ],
        className="progress-cell",
    )


def source_cell(source: str | None, lang: str) -> Any:
    """The plan document in the page's language; the original wording as a tooltip."""
    if not source:
        return t("value.missing", lang)
    shown = translate_source(source, lang)
    if shown == source:
        return source
    return html.Span(shown, title=source)


def targets_section(targets: Sequence[Mapping[str, Any]], region: str, lang: str) -> html.Section:
    heading = t("region.targets_heading", lang)
    if not targets:
        return section(
            "region-targets-heading",
            heading,
            html.P(t("region.targets_none", lang)),
            class_name="mb-4",
        )
    as_of = max(row["as_of"] for row in targets)
    headers = [
        t("col.indicator", lang),
        t("col.due", lang),
        t("col.target", lang),
        t("col.actual", lang),
        t("col.progress", lang),
        t("col.status", lang),
        t("col.source", lang),
    ]
    rows = [
        [
            label("target_indicator", row["indicator"], lang),
            fmt_date(row["period_end"], lang, short=True),
            fmt_int(row["target_value"], lang),
            fmt_int(row["actual_value"], lang)
            if row["actual_value"] is not None
            else t("value.missing", lang),
            progress_cell(row["progress"], lang),
            status_badge(row["status"], lang),
            source_cell(row.get("source"), lang),
        ]
        for row in targets
    ]
    caption = t(
        "region.targets_caption", lang, region=region_name(region, lang), date=fmt_date(as_of, lang)
    )
    return section(
        "region-targets-heading",
        heading,
        data_table(caption, headers, rows, lang=lang, numeric=(2, 3), class_name="targets-table"),
        html.P(t("region.status_explained", lang), className="small"),
        class_name="mb-4 scorecard-block",
    )


def trend_parts(
    history: History,
    population: Sequence[Mapping[str, Any]],
    indicator: str,
    region: str,
    compare: str | None,
    lang: str,
) -> tuple[str, dict, Any]:
    """(caption, figure, table) of one indicator's trend: the region against the country (and
    a second region). Shared by the scorecard and the embeddable chart (dashboard/embed.py)."""
    mine = per_100k_series(history, population, indicator, region)
    national = per_100k_series(history, population, indicator, None)
    months = [m for m, _, _ in mine]
    traces = [
        Trace(region_name(region, lang), [r for _, _, r in mine], emphasis=True),
        Trace(region_name(None, lang), [r for _, _, r in national]),
    ]
    headers = [t("col.month", lang), region_name(region, lang), region_name(None, lang)]
    columns = [[r for _, _, r in mine], [r for _, _, r in national]]
    if compare:
        theirs = per_100k_series(history, population, indicator, compare)
        traces.append(Trace(region_name(compare, lang), [r for _, _, r in theirs]))
        headers.append(region_name(compare, lang))
        columns.append([r for _, _, r in theirs])
    rows = [
        [fmt_month(month, lang)] + [cells.rate_text(col[i], lang) for col in columns]
        for i, month in enumerate(months)
    ]
    caption = t("region.trend_caption", lang, indicator=label("indicator", indicator, lang))
    figure = line_figure(months, traces, lang=lang, y_title=t("unit.per_100k", lang), digits=1)
    table = data_table(caption, headers, rows, lang=lang, numeric=range(1, len(headers)))
    return caption, figure, table


def trend_block(
    history: History,
    population: Sequence[Mapping[str, Any]],
    indicator: str,
    region: str,
    compare: str | None,
    lang: str,
    lazy: bool = False,
) -> html.Div:
    caption, figure, table = trend_parts(history, population, indicator, region, compare, lang)
    return html.Div(
        [
            html.H3(label("indicator", indicator, lang), className="h5"),
            chart_with_table(
                None,
                figure,
                table,
                title=caption,
                lang=lang,
                lazy=lazy,
                filename=f"{region}-{indicator}",
            ),
        ],
        className="scorecard-block trend-block",
    )


def trends_section(
    history: History,
    population: Sequence[Mapping[str, Any]],
    region: str,
    compare: str | None,
    lang: str,
    lazy: bool = False,
) -> html.Section:
    """The four trend charts; `lazy`: boxes until scrolled near (components/lazy.py)."""
    blocks = [trend_block(history, population, i, region, compare, lang, lazy) for i in INDICATORS]
    return section(
        "region-trends-heading",
        t("region.trends_heading", lang),
        html.Div(blocks, className="trend-grid", **watch(CHARTS_VISIBLE)),
        class_name="mb-4 trends-section",
    )


def facilities_section(
    counts: Mapping[str, Mapping[str, int]], region: str, lang: str
) -> html.Section:
    headers = [t("col.type", lang)] + [label("facility_status", s, lang) for s in FACILITY_STATUSES]
    rows = [
        [label("facility_type_plural", kind, lang)]
        + [fmt_int(counts.get(kind, {}).get(s, 0), lang) for s in FACILITY_STATUSES]
        for kind in FACILITY_TYPES
    ]
    caption = t("region.facilities_caption", lang, region=region_name(region, lang))
    return section(
        "region-facilities-heading",
        t("region.facilities_heading", lang),
        data_table(caption, headers, rows, lang=lang, numeric=range(1, 5)),
        class_name="mb-4 scorecard-block",
    )


def gap_notes(history: History, region: str, lang: str) -> list[str]:
    """One sentence per indicator whose monthly value is withheld or missing somewhere."""
    notes = []
    for indicator in INDICATORS:
        by_state: dict[str, list[date]] = {SUPPRESSED: [], MISSING: []}
        for month in history.months:
            state = history.cell(month, indicator, region).state
            if state in by_state:
                by_state[state].append(month)
        name = label("indicator", indicator, lang)
        for state, msg_id in (
            (SUPPRESSED, "region.note_suppressed"),
            (MISSING, "region.note_missing"),
        ):
            months = by_state[state]
            if months:
                notes.append(
                    t(
                        msg_id,
                        lang,
                        indicator=name,
                        count=len(months),
                        months=month_span(months, lang),
                    )
                )
    return notes


def month_span(months: Sequence[date], lang: str) -> str:
    """The months themselves when few; otherwise the first and last with an ellipsis."""
    if len(months) <= 6:
        return ", ".join(fmt_month(m, lang, short=True) for m in months)
    return f"{fmt_month(months[0], lang, short=True)} … {fmt_month(months[-1], lang, short=True)}"


def notes_section(history: History, region: str, lang: str, k: int) -> html.Section:
    from dashboard.components.notes import state_notes

    sentences = gap_notes(history, region, lang)
    states = set()
    for indicator in INDICATORS:
        states |= {history.cell(m, indicator, region).state for m in history.months}
    body: list[Any] = [
        html.Ul([html.Li(s) for s in sentences])
        if sentences
        else html.P(t("region.note_complete", lang))
    ]
    explained = state_notes(states, lang=lang, k=k)
    if explained:
        body.append(explained)
    return section(
        "region-notes-heading",
        t("region.notes_heading", lang),
        *body,
        class_name="mb-4 scorecard-block",
    )


def downloads_section(region: str, lang: str) -> html.Section:
    blocks = [
        html.Div(
            [
                html.H3(dataset_title(dataset, lang), className="h6 mb-1"),
                format_links(dataset, [("region", region)], lang, formats),
            ],
            className="mb-2",
        )
        for dataset, formats in REGION_DATASETS
    ]
    return section(
        "region-download-heading",
        t("region.download_heading", lang),
        html.P(t("region.download_lead", lang), className="small"),
        *blocks,
        class_name="mb-4 no-print",
    )
