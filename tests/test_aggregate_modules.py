"""Issue 12: etl.aggregate split into one module per job, callers unchanged.

The dataset families live in etl.aggregate_visits/_sos/_camera; the pipeline, the audit,
bench/ and tests/ still read `aggregate.NAME`. The facility column of each event table is
read from the contract (etl.contract), never written out again in aggregation.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl import aggregate, aggregate_camera, aggregate_family, aggregate_sos, aggregate_visits
from etl.aggregate_frames import sites
from etl.contract import EVENT_FACILITY_COLUMN, EVENT_TABLES, TABLES

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400  # the house limit of tests/test_architecture.py


def test_every_aggregate_module_fits_the_line_limit() -> None:
    modules = sorted((ROOT / "etl").glob("aggregate*.py"))
    assert len(modules) >= 6  # aggregate, _frames, _family, _visits, _sos, _camera
    too_long = {
        p.name: n
        for p in modules
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_callers_names_stay_on_etl_aggregate() -> None:
    """The names etl.pipeline, etl.audit, bench/ and tests/ read are the very objects of
    the modules that own them (SUPPRESSION_SECONDS is a counter the pipeline reads back)."""
    assert aggregate.SUPPRESSION_SECONDS is aggregate_family.SUPPRESSION_SECONDS
    assert aggregate.Family is aggregate_family.Family
    assert aggregate.visit_family is aggregate_visits.visit_family
    assert aggregate.sos_family is aggregate_sos.sos_family
    assert aggregate.camera_family is aggregate_camera.camera_family
    assert aggregate.CAMERA_INDICATORS is aggregate_camera.CAMERA_INDICATORS
    assert aggregate.DAILY_TABLES == ("front_office_visits_daily",)
    assert "region_indicators" in aggregate.MONTHLY_TABLES
    assert set(aggregate.__all__) <= set(dir(aggregate))


def _registry() -> pd.DataFrame:
    rows = [
        ("F-1", "front_office", "591000000", "KZ-59", "operating"),
        ("F-2", "front_office", "711000000", "KZ-71", "closed"),
        ("S-1", "sos_button", "591000000", "KZ-59", "operating"),
        ("C-1", "camera", "711000000", "KZ-71", "operating"),
    ]
    frame = pd.DataFrame(rows, columns=["facility_id", "type", "kato", "region", "status"])
    return frame.set_index("facility_id")


@pytest.mark.parametrize("table", EVENT_TABLES)
def test_sites_are_the_operating_facilities_of_the_tables_type(table: str) -> None:
    column = EVENT_FACILITY_COLUMN[table]
    operating = {
        "front_office_visits": {"F-1"},
        "sos_activations": {"S-1"},
        "camera_offenses": {"C-1"},
    }
    assert TABLES[table].facility_type == _registry().loc[min(operating[table]), "type"]
    out = sites(_registry(), table, pd.DataFrame(columns=[column, "region", "district_kato"]))
    assert list(out.columns) == [column, "region", "district_kato"]
    assert set(out[column]) == operating[table]


def test_a_closed_facility_with_events_still_gets_a_site() -> None:
    """F-2 closed mid-month but reported visits: its row is kept, from its events."""
    seen = pd.DataFrame({"office_id": ["F-2"], "region": ["KZ-71"], "district_kato": ["711000000"]})
    out = sites(_registry(), "front_office_visits", seen).set_index("office_id")
    assert sorted(out.index) == ["F-1", "F-2"]
    assert out.loc["F-2", "region"] == "KZ-71"
    assert out.loc["F-1", "district_kato"] == "591000000"


def test_no_registry_and_no_events_give_no_sites() -> None:
    out = sites(None, "sos_activations", pd.DataFrame())
    assert len(out) == 0
    assert list(out.columns) == ["button_id", "region", "district_kato"]
