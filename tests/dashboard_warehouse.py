"""A tiny, deterministic warehouse for the dashboard tests (no ETL needed).

Fifteen months of regional indicators for the 20 units with suppressed cells and missing rows,
targets with every status, facilities, and a few months of the detailed tables. Used by the
dashboard tests and, as `python tests/dashboard_warehouse.py sqlite:///var/dev.sqlite`, to run
the app locally before a real publication exists.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data import schema  # noqa: E402
from data.catalog import INDICATORS  # noqa: E402
from data.db import make_engine  # noqa: E402
from data.reference import load_reference, region_codes  # noqa: E402

FIRST_MONTH = date(2025, 8, 1)
LAST_MONTH = date(2026, 10, 1)
MISSING_REGION = "KZ-62"  # Ulytau: no camera rows published at all (missing, not zero)
SUPPRESSED_REGION = "KZ-10"  # Abai: camera crimes below k every month
K = 5


def months() -> list[date]:
    out, current = [], FIRST_MONTH
    while current <= LAST_MONTH:
        out.append(current)
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def _region_indicator_rows(rng: random.Random) -> list[dict]:
    base = {
        "front_office_visits": 900,
        "sos_activations": 60,
        "camera_crimes_solved": 25,
        "camera_admin_detected": 400,
    }
    rows, row_id = [], 0
    for m_index, month in enumerate(months()):
        for r_index, region in enumerate(region_codes()):
            for indicator in INDICATORS:
                camera = indicator.startswith("camera_")
                if region == MISSING_REGION and camera:
                    continue
                value = int(
                    base[indicator]
                    * (0.5 + r_index / 20)
                    * (1 + m_index / 30)
                    * rng.uniform(0.85, 1.15)
                )
                suppressed = region == SUPPRESSED_REGION and indicator == "camera_crimes_solved"
                row_id += 1
                rows.append(
                    {
                        "id": row_id,
                        "month": month,
                        "region": region,
                        "indicator": indicator,
                        "value": None if suppressed else value,
                        "suppressed": suppressed,
                    }
                )
    return rows


def _target_rows() -> list[dict]:
    statuses = ("met", "on_track", "behind", "missed", "no_data")
    indicators = (
        "front_offices_operating",
        "modular_posts_operating",
        "district_points_operating",
        "sos_buttons_operating",
        "cameras_operating",
    )
    rows, row_id = [], 0
    for r_index, region in enumerate(region_codes()):
        for i_index, indicator in enumerate(indicators):
            status = statuses[(r_index + i_index) % len(statuses)]
            target = 10.0 + i_index * 5
            actual = {
                "met": target + 1,
                "on_track": target * 0.9,
                "behind": target * 0.4,
                "missed": target * 0.5,
                "no_data": None,
            }[status]
            period_end = date(2025, 12, 31) if status == "missed" else date(2026, 12, 31)
            row_id += 1
            rows.append(
                {
                    "id": row_id,
                    "region": region,
                    "indicator": indicator,
                    "period_end": period_end,
                    "target_value": target,
                    "actual_value": actual,
                    "progress": None if actual is None else round(actual / target, 3),
                    "status": status,
                    "source": "Roadmap 2024–2026, annex 2",
                    "as_of": date(2026, 10, 31),
                }
            )
    return rows


def _facility_rows(rng: random.Random) -> tuple[list[dict], list[dict]]:
    from data.reference import regions_frame

    facilities, cameras, row_id = [], [], 0
    kinds = (
        ("front_office", "FO"),
        ("modular_post", "MP"),
        ("district_point", "DP"),
        ("sos_button", "SOS"),
    )
    for region in regions_frame().itertuples(index=False):
        district = f"{region.kato_prefix}0000000"
        for kind, prefix in kinds:
            for n in range(1, 4):
                row_id += 1
                facilities.append(
                    {
                        "id": row_id,
                        "facility_id": f"{prefix}-{region.kato_prefix}-{n:03d}",
                        "type": kind,
                        "region": region.iso_code,
                        "district_kato": district,
                        "name_kk": f"{region.centre_kk} {n}",
                        "name_ru": f"{region.centre_ru} {n}",
                        "name_en": f"{region.centre_en} {n}",
                        "address_kk": region.centre_kk,
                        "address_ru": region.centre_ru,
                        "lat": region.centre_lat + rng.uniform(-0.05, 0.05),
                        "lon": region.centre_lon + rng.uniform(-0.05, 0.05),
                        "status": "operating" if n < 3 else "planned",
                        "opened_on": date(2024, 1, n) if n < 3 else None,
                        "hours": "24/7" if kind == "modular_post" else "Mon–Fri 09:00–18:00",
                        "phone": "+7 7152 00 00 00",
                    }
                )
        cameras.append(
            {
                "id": len(cameras) + 1,
                "region": region.iso_code,
                "district_kato": district,
                "status": "operating",
                "cameras": rng.randint(40, 400),
            }
        )
    return facilities, cameras


def _detail_rows(rng: random.Random) -> dict[str, list[dict]]:
    visits, sos, camera = [], [], []
    regions = ("KZ-59", "KZ-71", "KZ-75")
    day = date(2026, 8, 1)
    while day <= date(2026, 10, 31):
        for region in regions:
            kato = {"KZ-59": "59", "KZ-71": "71", "KZ-75": "75"}[region]
            for channel in ("walk_in", "video_call_102", "online"):
                count = rng.randint(2, 30)
                hidden = count < K
                visits.append(
                    {
                        "id": len(visits) + 1,
                        "date": day,
                        "region": region,
                        "district_kato": f"{kato}0000000",
                        "office_id": f"FO-{kato}-001",
                        "channel": channel,
                        "topic": rng.choice(
                            ("consultation", "statement", "certificate", "complaint")
                        ),
                        "outcome": rng.choice(("resolved", "pending")),
                        "visits": None if hidden else count,
                        "suppressed": hidden,
                        "wait_median_min": None if hidden else 12.0,
                        "satisfaction_mean": None,
                        "satisfaction_n": None,
                    }
                )
            for category in ("emergency", "assistance", "false_alarm"):
                count = rng.randint(0, 12)
                if count == 0:
                    continue
                sos.append(
                    {
                        "id": len(sos) + 1,
                        "date": day,
                        "region": region,
                        "category": category,
                        "activations": None if count < K else count,
                        "suppressed": count < K,
                    }
                )
        day += timedelta(days=1)
    for month in months()[-3:]:
        for region in regions:
            kato = {"KZ-59": "59", "KZ-71": "71", "KZ-75": "75"}[region]
            for kind, status, category in (
                ("criminal", "solved", "theft"),
                ("administrative", "detected", "traffic_speeding"),
            ):
                count = rng.randint(3, 80)
                camera.append(
                    {
                        "id": len(camera) + 1,
                        "month": month,
                        "region": region,
                        "district_kato": f"{kato}0000000",
                        "kind": kind,
                        "category": category,
                        "status": status,
                        "offenses": None if count < K else count,
                        "suppressed": count < K,
                    }
                )
    return {"front_office_visits": visits, "sos_activations_daily": sos, "camera_offenses": camera}


def _issue8_rows(details: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The tables of issue 8 (monthly regional grains) from the same detail rows."""
    camera = [
        {
            "id": r["id"],
            "month": r["month"],
            "region": r["region"],
            "kind": r["kind"],
            "category": r["category"],
            "offenses": r["offenses"],
            "suppressed": r["suppressed"],
        }
        for r in details["camera_offenses"]
    ]
    sos: dict[tuple, int] = {}
    visits: dict[tuple, int] = {}
    for r in details["sos_activations_daily"]:
        key = (r["date"].replace(day=1), r["region"], r["category"])
        sos[key] = sos.get(key, 0) + (r["activations"] or 1)
    for r in details["front_office_visits"]:
        key = (r["date"].replace(day=1), r["region"], r["channel"], r["topic"], r["outcome"])
        visits[key] = visits.get(key, 0) + (r["visits"] or 1)
    return {
        "camera_offenses_regional": camera,
        "sos_activations_regional": [
            {
                "id": i,
                "month": m,
                "region": reg,
                "category": c,
                "activations": v,
                "suppressed": False,
            }
            for i, ((m, reg, c), v) in enumerate(sorted(sos.items()), 1)
        ],
        "front_office_visits_regional": [
            {
                "id": i,
                "month": m,
                "region": reg,
                "channel": ch,
                "topic": t,
                "outcome": o,
                "visits": v,
                "suppressed": False,
            }
            for i, ((m, reg, ch, t, o), v) in enumerate(sorted(visits.items()), 1)
        ],
    }


def build(engine: Engine, *, demo: bool = True) -> None:
    """Create every table and fill it; replaces an existing tiny warehouse."""
    rng = random.Random(42)
    schema.metadata.drop_all(engine)
    schema.metadata.create_all(engine)
    facilities, cameras = _facility_rows(rng)
    with engine.begin() as conn:
        load_reference(conn)
        conn.execute(insert(schema.region_indicators), _region_indicator_rows(rng))
        conn.execute(insert(schema.targets), _target_rows())
        conn.execute(insert(schema.facilities), facilities)
        conn.execute(insert(schema.cameras_by_district), cameras)
        details = _detail_rows(rng)
        for name, rows in details.items():
            if rows:
                conn.execute(insert(schema.metadata.tables[name]), rows)
        for name, rows in _issue8_rows(details).items():
            conn.execute(insert(schema.metadata.tables[name]), rows)
        conn.execute(
            insert(schema.publications),
            [
                {
                    "id": 1,
                    "published_at": datetime(2026, 10, 30, 21, 5, tzinfo=UTC),
                    "run_id": 1,
                    "is_demo": demo,
                    "nights_from": date(2025, 8, 1),
                    "nights_to": date(2026, 10, 30),
                    "changes": {"region_indicators": {"added": 1000}},
                },
                {
                    "id": 2,
                    "published_at": datetime(2026, 10, 31, 21, 5, tzinfo=UTC),
                    "run_id": 2,
                    "is_demo": demo,
                    "nights_from": date(2026, 10, 31),
                    "nights_to": date(2026, 10, 31),
                    "changes": {"region_indicators": {"updated": 80}},
                },
            ],
        )


def build_url(url: str, *, demo: bool = True) -> str:
    engine = make_engine(url)
    build(engine, demo=demo)
    engine.dispose()
    return url


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{ROOT / 'var' / 'dev.sqlite'}"
    print(build_url(target))
