"""'Data through' is the latest night published over all publications (issue 12).

A re-delivered old night is published on its own (nights_from = nights_to = that night), so the
latest publication's `nights_to` steps back after it; the footer, the KPI headline and the API
must not.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import insert

from data import figures, schema
from data.db import make_engine
from data.figures import History, kpi_panel
from data.indicators import data_through
from tests.conftest import make_config
from tests.dashboard_warehouse import build_url

OCT, SEP = date(2026, 10, 1), date(2026, 9, 1)
REDELIVERED = date(2026, 10, 5)  # an old night, re-delivered after 31 October was published


def test_a_later_redelivery_of_an_old_night_does_not_move_data_through_back() -> None:
    log = [
        {"id": 1, "nights_to": date(2026, 10, 30)},
        {"id": 2, "nights_to": date(2026, 10, 31)},
        {"id": 3, "nights_to": REDELIVERED},
        {"id": 4, "nights_to": None},
    ]
    assert figures.data_through(log) == date(2026, 10, 31)
    assert figures.data_through([]) is None


def test_the_kpi_headline_stays_on_the_complete_month_after_a_redelivery() -> None:
    rows = [
        {
            "month": m,
            "region": "KZ-59",
            "indicator": "front_office_visits",
            "value": v,
            "suppressed": False,
        }
        for m, v in ((SEP, 100), (OCT, 120))
    ]
    population = [{"region": "KZ-59", "year": 2026, "population": 500_000}]
    through = figures.data_through([{"nights_to": date(2026, 10, 31)}, {"nights_to": REDELIVERED}])
    panel = kpi_panel(History(rows), population, through)
    assert panel.month == OCT and panel.data_through == date(2026, 10, 31)
    assert panel.cards[0].running_month is None
    # what the last run's nights_to alone would have said: October still running
    assert kpi_panel(History(rows), population, REDELIVERED).month == SEP


@pytest.fixture(scope="module")
def redelivered_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The dashboard's tiny warehouse (publications through 31 October) plus a later
    publication re-delivering 5 October."""
    from app import create_app

    workdir = tmp_path_factory.mktemp("redelivered")
    url = build_url(f"sqlite:///{workdir / 'tiny.sqlite'}")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            insert(schema.publications),
            [
                {
                    "id": 3,
                    "published_at": datetime(2026, 11, 1, 21, 5, tzinfo=UTC),
                    "run_id": 3,
                    "is_demo": True,
                    "nights_from": REDELIVERED,
                    "nights_to": REDELIVERED,
                    "changes": {"region_indicators": {"updated": 4}},
                }
            ],
        )
    with engine.connect() as conn:
        assert data_through(conn) == date(2026, 10, 31)
    engine.dispose()
    config = make_config(url, workdir)
    server = create_app(config)
    server.config["TESTING"] = True
    return server


def test_footer_and_status_show_the_latest_night_after_a_redelivery(redelivered_app: Flask) -> None:
    from dashboard import data_access
    from dashboard.layout import footer

    with redelivered_app.test_request_context("/"):
        assert data_access.publication().nights_to == REDELIVERED  # the last run's own night
        assert data_access.data_through() == date(2026, 10, 31)
        shown = str(footer("en"))
    assert "31 October 2026" in shown and "5 October 2026" not in shown
    status = redelivered_app.test_client().get("/api/v1/status").get_json()["data"]
    assert status["data_through"] == "2026-10-31"
    assert status["publication"]["nights_to"] == "2026-10-05"


def test_pooled_rate_uses_regions_with_a_value_and_keeps_a_lower_bound() -> None:
    """The one rate per 100,000 behind the national KPI and the explorer's lines."""
    population = {"KZ-59": 500_000.0, "KZ-75": 1_500_000.0, "KZ-10": 600_000.0}
    cells = {
        "KZ-59": figures.Cell(50, figures.OK),
        "KZ-75": figures.Cell(150, figures.PARTIAL),
        "KZ-10": figures.Cell(None, figures.SUPPRESSED),
        "KZ-99": figures.Cell(7),
    }
    assert figures.pooled_rate(cells, population) == figures.Cell(10.0, figures.PARTIAL)
    assert figures.pooled_rate({"KZ-10": cells["KZ-10"]}, population) is None
