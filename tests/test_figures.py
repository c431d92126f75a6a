"""Pure figure builders and the view models behind them: gaps stay gaps, never 0."""

from __future__ import annotations

import csv
import io
from datetime import date

import plotly.graph_objects as go
import pytest

from dashboard import cells
from dashboard.exports import long_rows, to_csv_bytes, to_xlsx_bytes
from dashboard.figures import Trace, line_figure, ranking_figure, series_figure
from dashboard.i18n import t
from dashboard.series import BY_REGION, TOTAL, SeriesState, build_series
from data import figures
from data.figures import (
    MISSING,
    OK,
    PARTIAL,
    SUPPRESSED,
    Cell,
    History,
    RankRow,
    kpi_panel,
    ranking,
)
from data.reference import region_codes

OCT, SEP = date(2026, 10, 1), date(2026, 9, 1)
POPULATION = [
    {"region": "KZ-59", "year": 2026, "population": 500_000},
    {"region": "KZ-75", "year": 2026, "population": 2_000_000},
    {"region": "KZ-10", "year": 2025, "population": 600_000},
]


def valid(figure: dict) -> go.Figure:
    """The dict a builder returns is a valid plotly figure (go.Figure validates every key)."""
    return go.Figure(figure)


def row(month: date, region: str, value: int | None, indicator: str = "front_office_visits"):
    return {
        "month": month,
        "region": region,
        "indicator": indicator,
        "value": value,
        "suppressed": value is None,
    }


# ------------------------------------------------------------------ figures
def test_line_figure_leaves_gaps_for_withheld_and_missing_values() -> None:
    values = [Cell(10, OK), Cell(None, SUPPRESSED), Cell(None, MISSING), Cell(12, PARTIAL)]
    months = [date(2026, m, 1) for m in (7, 8, 9, 10)]
    figure = valid(line_figure(months, [Trace("A", values)], lang="en", y_title="visits"))
    trace = figure.data[0]
    assert list(trace.y) == [10, None, None, 12]
    assert trace.connectgaps is False
    assert list(trace.marker.symbol) == ["circle", "circle", "circle", "circle-open"]
    assert list(trace.customdata) == [
        "10",
        t("value.suppressed", "en"),
        t("value.missing", "en"),
        t("value.at_least", "en", value="12"),
    ]


def test_line_figure_speaks_the_page_language() -> None:
    figure = valid(
        line_figure([OCT], [Trace("A", [Cell(1234.5, OK)])], lang="kk", y_title="у", digits=1)
    )
    assert list(figure.data[0].x) == ["2026 ж. қаз."]
    assert figure.data[0].customdata[0] == "1\u00a0234,5"
    assert figure.layout.separators == ",\u00a0"
    assert figure.layout.yaxis.title.text == "у"


def test_figures_are_cartesian_only() -> None:
    rows = [RankRow("KZ-59", Cell(5, OK), Cell(1.0, OK), 1)]
    for figure in (
        line_figure([OCT], [Trace("A", [Cell(1, OK)])], lang="en", y_title=""),
        ranking_figure(rows, Cell(1.0, OK), lang="en"),
    ):
        assert {trace.type for trace in valid(figure).data} <= {"scatter", "bar"}


def test_ranking_figure_orders_regions_and_explains_unranked_ones() -> None:
    rows = [
        RankRow("KZ-75", Cell(300, OK), Cell(15.0, OK), 1),
        RankRow("KZ-59", Cell(50, OK), Cell(10.0, OK), 2),
        RankRow("KZ-10", Cell(None, SUPPRESSED), Cell(None, SUPPRESSED), None),
    ]
    figure = valid(ranking_figure(rows, Cell(12.0, OK), lang="en", highlight="KZ-59"))
    bars = figure.data[0]
    assert list(bars.y) == ["Abay", "North Kazakhstan", "Almaty"]  # top = last; short names
    assert list(bars.x) == [None, 10.0, 15.0]
    assert bars.marker.color[1] != bars.marker.color[2]
    notes = [a.text for a in figure.layout.annotations]
    assert t("value.suppressed", "en") in notes
    assert any("National: 12.0" in (a.text or "") for a in figure.layout.annotations)


def test_series_figure_names_lines_by_breakdown() -> None:
    state = SeriesState.from_query({"dataset": "front_office_visits_regional", "by": "channel"})
    groups = [
        {
            "month": "2026-10",
            "region": "KZ-59",
            "channel": "walk_in",
            "value": 20,
            "cells": 2,
            "suppressed_cells": 0,
        },
        {
            "month": "2026-10",
            "region": "KZ-59",
            "channel": "online",
            "value": 0,
            "cells": 1,
            "suppressed_cells": 1,
        },
    ]
    data = build_series(groups, state, POPULATION)
    figure = valid(series_figure(data, state, lang="ru", y_title=""))
    assert [tr.name for tr in figure.data] == ["Личный визит", "Онлайн"]
    assert list(figure.data[1].y) == [None]  # all cells withheld: a gap, not 0


# ------------------------------------------------------------------ cells
def test_cells_sum_published_values_and_keep_their_state() -> None:
    assert figures.from_rows([]) == figures.MISSING_CELL
    assert figures.from_rows([{"value": None, "suppressed": True}]).state == SUPPRESSED
    partial = figures.from_rows(
        [{"value": 7, "suppressed": False}, {"value": None, "suppressed": True}]
    )
    assert partial == Cell(7.0, PARTIAL)
    assert figures.from_aggregate({"value": 0, "cells": 3, "suppressed_cells": 3}).value is None
    assert figures.combine([Cell(1, OK), Cell(None, SUPPRESSED)]) == Cell(1, PARTIAL)
    assert figures.combine([figures.MISSING_CELL]).state == MISSING
    assert figures.per_100k(Cell(50, PARTIAL), 500_000) == Cell(10.0, PARTIAL)
    assert figures.change(Cell(110, OK), Cell(100, OK)) == pytest.approx(0.1)
    assert figures.change(Cell(110, PARTIAL), Cell(100, OK)) is None
    assert cells.text(Cell(None, SUPPRESSED), "kk") == t("value.suppressed", "kk")
    assert cells.text(figures.MISSING_CELL, "en") == t("value.missing", "en")


def test_population_uses_the_nearest_year_preferring_the_later() -> None:
    records = [
        {"region": "A", "year": 2023, "population": 1},
        {"region": "A", "year": 2025, "population": 3},
    ]
    assert figures.population_by_region(records, 2024) == {"A": 3.0}
    assert figures.population_by_region(records, 2020) == {"A": 1.0}


# ------------------------------------------------------------------ KPIs and ranking
def test_kpi_panel_changes_only_between_complete_totals() -> None:
    rows = [
        row(SEP, "KZ-59", 100),
        row(OCT, "KZ-59", 120),
        row(SEP, "KZ-75", 50),
        row(OCT, "KZ-75", 60),
        row(SEP, "KZ-59", 10, "sos_activations"),
        row(OCT, "KZ-59", None, "sos_activations"),
    ]
    panel = kpi_panel(History(rows), POPULATION, through=date(2026, 10, 31))
    visits, sos = panel.cards[0], panel.cards[1]
    assert panel.month == OCT and not panel.headline_in_progress
    assert visits.value == Cell(180.0, OK)
    assert visits.change_vs_previous == pytest.approx(180 / 150 - 1)
    assert visits.ytd_previous.state == MISSING and visits.change_vs_last_year is None
    assert sos.value.state == SUPPRESSED and sos.change_vs_previous is None
    assert visits.rate == Cell(round(180 / 2_500_000 * 100_000, 2), OK)


def test_kpi_headline_is_the_latest_complete_month() -> None:
    rows = [row(SEP, "KZ-59", 100), row(OCT, "KZ-59", 20)]
    panel = kpi_panel(History(rows), POPULATION, through=date(2026, 10, 9))
    card = panel.cards[0]
    assert panel.month == SEP and not panel.headline_in_progress
    assert card.value == Cell(100.0, OK)
    assert card.running_month == OCT and card.running_value == Cell(20.0, OK)


def test_kpi_panel_with_only_a_month_in_progress_compares_nothing() -> None:
    panel = kpi_panel(History([row(OCT, "KZ-59", 20)]), POPULATION, through=date(2026, 10, 9))
    assert panel.month == OCT and panel.headline_in_progress
    assert panel.cards[0].change_vs_previous is None and panel.cards[0].running_month is None


def test_ranking_ties_share_a_rank_and_unpublished_regions_come_last() -> None:
    rows = [row(OCT, "KZ-59", 50), row(OCT, "KZ-75", 200), row(OCT, "KZ-10", None)]
    ranked = ranking(History(rows), POPULATION, "front_office_visits", region_codes())
    assert [(r.region, r.rank) for r in ranked[:3]] == [("KZ-59", 1), ("KZ-75", 1), ("KZ-10", None)]
    assert len(ranked) == 20
    assert all(r.rank is None for r in ranked[2:])


# ------------------------------------------------------------------ indicator series
def test_series_state_keeps_only_allow_listed_values() -> None:
    state = SeriesState.from_query(
        {
            "dataset": "camera_offenses; DROP TABLE",
            "region": "KZ-59,XX-1,KZ-75",
            "indicator": "evil",
            "from": "2026-13",
            "to": "2026-10",
            "by": "nonsense",
            "per_capita": "1",
        }
    )
    assert state.dataset == "region_indicators"
    assert state.regions == ("KZ-59", "KZ-75")
    assert state.chosen("indicator") == ("front_office_visits",)
    assert state.start is None and state.end == "2026-10"
    assert state.breakdown == TOTAL and state.per_capita


def test_series_state_round_trips_through_the_url() -> None:
    from urllib.parse import parse_qs

    state = SeriesState.from_query(
        {
            "dataset": "front_office_visits_regional",
            "region": "KZ-59",
            "channel": "walk_in,online",
            "from": "2026-08",
            "to": "2026-10",
            "by": "region",
            "per_capita": "1",
        }
    )
    query = state.to_query("ru")
    parsed = {k: v[0] for k, v in parse_qs(query[1:]).items()}
    assert parsed["lang"] == "ru"
    assert SeriesState.from_query(parsed) == state
    assert ("channel", "walk_in,online") in state.api_params()


def test_build_series_fills_every_month_and_computes_rates_over_published_regions() -> None:
    state = SeriesState.from_query(
        {
            "dataset": "region_indicators",
            "from": "2026-08",
            "to": "2026-10",
            "by": "region",
            "region": "KZ-59,KZ-75",
        }
    )
    groups = [
        {"month": "2026-10", "region": "KZ-59", "value": 50, "cells": 1, "suppressed_cells": 0},
        {"month": "2026-10", "region": "KZ-75", "value": 0, "cells": 1, "suppressed_cells": 1},
    ]
    data = build_series(groups, state, POPULATION)
    assert data.months == (date(2026, 8, 1), SEP, OCT)
    by_key = {line.key: line for line in data.lines}
    assert by_key["KZ-59"].counts == (figures.MISSING_CELL, figures.MISSING_CELL, Cell(50.0, OK))
    assert by_key["KZ-59"].rates[2] == Cell(10.0, OK)
    assert by_key["KZ-75"].counts[2].state == SUPPRESSED
    total = build_series(
        groups, SeriesState.from_query({"from": "2026-10", "to": "2026-10"}), POPULATION
    )
    assert total.lines[0].counts == (Cell(50.0, PARTIAL),)
    assert total.lines[0].rates == (Cell(10.0, OK),)  # over the region that published


def test_breakdown_by_region_is_allowed_but_not_by_a_single_valued_category() -> None:
    assert SeriesState.from_query({"by": "region"}).breakdown == BY_REGION
    assert SeriesState.from_query({"by": "indicator"}).breakdown == TOTAL


# ------------------------------------------------------------------ downloads
def test_exports_write_numbers_with_a_status_never_zero() -> None:
    rows = long_rows(
        ["2026-09", "2026-10"], [("Almaty", [Cell(None, SUPPRESSED), Cell(12.0, PARTIAL)])], "ru"
    )
    data = to_csv_bytes(["month", "line", "value", "status"], rows)
    assert data.startswith("\ufeff".encode())
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert read[1] == ["2026-09", "Almaty", "", t("value.suppressed", "ru")]
    assert read[2][2] == "12"

    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(to_xlsx_bytes(["a", "b", "c", "d"], rows, sheet="x", notes=["note"]))
    )
    assert book["x"].cell(row=2, column=3).value is None
    assert book["about"].cell(row=1, column=1).value == "note"
