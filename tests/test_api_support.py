"""A tiny hand-made warehouse for API unit tests (no ETL needed), and shared helpers.

Importable as `test_api_support` (pytest puts tests/ on sys.path); it holds no tests.
Every suppressed cell here is null with suppressed=true, as the ETL publishes it.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import insert

from data import schema
from data.db import make_engine
from data.reference import load_reference
from data.settings import Config

REGIONS = ("KZ-59", "KZ-75", "KZ-71")
DISTRICT = {"KZ-59": "591000000", "KZ-75": "751000000", "KZ-71": "711000000"}
CHANNELS = ("walk_in", "video_call_102", "online")
TOPICS = ("consultation", "statement", "certificate")
PUBLISHED_AT = datetime(2025, 3, 2, 1, 30, tzinfo=UTC)


def _months() -> list[date]:
    return [date(2024, m, 1) for m in range(1, 13)] + [date(2025, 1, 1), date(2025, 2, 1)]


def tiny_rows() -> dict[Any, list[dict[str, Any]]]:
    rng = random.Random(42)
    fov, sosd, sosm, cam, ri = [], [], [], [], []
    for region in REGIONS:
        office = f"FO-{region[3:]}-001"
        for day in (date(2024, 3, 5), date(2024, 3, 6), date(2025, 2, 10)):
            for channel in CHANNELS:
                for topic in TOPICS:
                    visits = rng.choice([0, 2, 3, 7, 12, 25])
                    hidden = 0 < visits < 5
                    fov.append(
                        {
                            "date": day,
                            "region": region,
                            "district_kato": DISTRICT[region],
                            "office_id": office,
                            "channel": channel,
                            "topic": topic,
                            "outcome": "resolved",
                            "visits": None if hidden else visits,
                            "suppressed": hidden,
                            "wait_median_min": None if visits < 5 else 12.5,
                            "satisfaction_mean": None if visits < 5 else 4.2,
                            "satisfaction_n": None if visits < 5 else visits,
                        }
                    )
            for category in ("emergency", "consultation"):
                n = rng.choice([0, 3, 9])
                sosd.append(
                    {
                        "date": day,
                        "region": region,
                        "category": category,
                        "activations": None if 0 < n < 5 else n,
                        "suppressed": 0 < n < 5,
                    }
                )
        for month in _months():
            n = rng.choice([2, 6, 11])
            sosm.append(
                {
                    "month": month,
                    "region": region,
                    "district_kato": DISTRICT[region],
                    "button_id": f"SOS-{region[3:]}-001",
                    "activations": None if n < 5 else n,
                    "suppressed": n < 5,
                    "answer_median_s": None if n < 5 else 14.0,
                    "arrival_median_min": None if n < 5 else 7.5,
                }
            )
            for kind, category, status in (
                ("criminal", "theft", "solved"),
                ("administrative", "traffic_speeding", "detected"),
            ):
                n = rng.choice([1, 8, 40])
                cam.append(
                    {
                        "month": month,
                        "region": region,
                        "district_kato": DISTRICT[region],
                        "kind": kind,
                        "category": category,
                        "status": status,
                        "offenses": None if n < 5 else n,
                        "suppressed": n < 5,
                    }
                )
            for indicator in (
                "front_office_visits",
                "sos_activations",
                "camera_crimes_solved",
                "camera_admin_detected",
            ):
                n = rng.choice([3, 50, 400])
                ri.append(
                    {
                        "month": month,
                        "region": region,
                        "indicator": indicator,
                        "value": None if n < 5 else n,
                        "suppressed": n < 5,
                    }
                )
    facilities = []
    for i, region in enumerate(REGIONS):
        for kind, prefix in (("front_office", "FO"), ("modular_post", "MP"), ("sos_button", "SOS")):
            facilities.append(
                {
                    "facility_id": f"{prefix}-{region[3:]}-001",
                    "type": kind,
                    "region": region,
                    "district_kato": DISTRICT[region],
                    "name_kk": f"Фронт-офис №{i + 1} (қаз.)",
                    "name_ru": f"Фронт-офис №{i + 1}",
                    "name_en": f"Front office {i + 1}",
                    "address_kk": "Абай көшесі, 1",
                    "address_ru": "ул. Абая, 1",
                    "lat": 50.0 + i,
                    "lon": 70.0 + i,
                    "status": "operating",
                    "opened_on": date(2023, 5, 1),
                    "hours": "24/7",
                    "phone": "+7 7152 00 00 00",
                }
            )
    cameras = [
        {"region": r, "district_kato": DISTRICT[r], "status": "operating", "cameras": 120}
        for r in REGIONS
    ]
    targets = [
        {
            "region": r,
            "indicator": "front_offices_operating",
            "period_end": date(2025, 12, 31),
            "target_value": 5.0,
            "actual_value": 1.0,
            "progress": 0.2,
            "status": "behind",
            "source": "Дорожная карта 2019–2021",
            "as_of": date(2025, 3, 1),
        }
        for r in REGIONS
    ]
    # Issue 8 successors of the retired tables: the same daily cells, office totals only.
    fovd = [
        {k: r[k] for k in ("date", "region", "district_kato", "office_id", "visits", "suppressed")}
        for r in fov
    ]
    sosr = [
        {
            "month": r["date"].replace(day=1),
            "region": r["region"],
            "category": r["category"],
            "activations": r["activations"],
            "suppressed": r["suppressed"],
        }
        for r in sosd
    ]
    return {
        schema.front_office_visits_daily: fovd,
        schema.sos_activations_regional: sosr,
        schema.front_office_visits: fov,
        schema.sos_activations_daily: sosd,
        schema.sos_activations_monthly: sosm,
        schema.camera_offenses: cam,
        schema.region_indicators: ri,
        schema.facilities: facilities,
        schema.cameras_by_district: cameras,
        schema.targets: targets,
    }


def build_tiny_warehouse(path: Path, *, publications: int = 1, demo: bool = True) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        load_reference(conn)
        for table, rows in tiny_rows().items():
            conn.execute(insert(table), [{"id": i, **row} for i, row in enumerate(rows, 1)])
        for pub in range(1, publications + 1):
            add_publication(conn, pub, demo=demo)
        conn.execute(
            insert(schema.etl_runs),
            [
                {
                    "id": 1,
                    "started_at": PUBLISHED_AT,
                    "finished_at": PUBLISHED_AT,
                    "status": "succeeded",
                    "nights": ["2025-03-01"],
                    "rows_in": 100,
                    "rows_loaded": 97,
                    "rows_quarantined": 3,
                    "quarantine_reasons": {"missing_value": 3},
                    "message": None,
                    "publication_id": publications,
                }
            ],
        )
    engine.dispose()
    return url


def make_api_app(url: str, **overrides: Any) -> Flask:
    """create_app() without the dashboard: the API and webcore on a bare Flask server."""
    from api import init_api
    from webcore import init_web

    settings: dict[str, Any] = {"database_url": url, "ratelimit_enabled": False}
    settings.update(overrides)
    config = Config.from_env(**settings)
    server = Flask("api_test", static_folder=None)
    server.config["PORTAL"] = config
    server.extensions["warehouse"] = make_engine(config.database_url)
    init_web(server, config)
    init_api(server, config)
    return server


def ensure_bulk(app: Flask) -> Path:
    """The current publication's bulk zip, built if the ETL has not (e.g. a publication made
    by `load-boundaries`). Writes to the export folder only, never to the warehouse."""
    from etl.bulk import build_bulk
    from webcore.cache import read_publication

    engine = app.extensions["warehouse"]
    config = app.config["PORTAL"]
    pub = read_publication(engine)
    path = Path(config.export_dir) / str(pub.id) / "latest.zip"
    if not path.exists():
        build_bulk(engine, pub.id, config.export_dir, suppression_k=config.suppression_k)
    return path


def add_publication(conn: Any, pub_id: int, *, demo: bool = True) -> None:
    conn.execute(
        insert(schema.publications),
        [
            {
                "id": pub_id,
                "published_at": PUBLISHED_AT.replace(hour=pub_id % 24),
                "run_id": 1,
                "is_demo": demo,
                "nights_from": date(2024, 1, 1),
                "nights_to": date(2025, 3, 1),
                "changes": {"front_office_visits": {"added": 10}},
            }
        ],
    )


def body_json(response: Any) -> Any:
    return json.loads(response.get_data(as_text=True))


def assert_error_shape(response: Any, status: int, param: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = body_json(response)
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "param"}
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if param is not None:
        assert error["param"] == param, error
    text = response.get_data(as_text=True)
    for leak in ("Traceback", "SELECT ", "sqlalchemy", 'File "'):
        assert leak not in text
    return error


def same_cells(frame: Any, csv_frame: Any) -> bool:
    """A frame read from Parquet holds the cells of a CSV read as text (dtype=str, no NA)."""
    import pandas as pd

    from data.packaging import csv_cell

    if list(frame.columns) != list(csv_frame.columns) or len(frame) != len(csv_frame):
        return False
    for name in frame.columns:
        cells = [
            ""
            if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)
            else csv_cell(v)
            for v in frame[name].astype(object).tolist()
        ]
        if cells != csv_frame[name].tolist():
            return False
    return True
