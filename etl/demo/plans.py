"""Regional plan figures (the ``targets`` table) of the demo world.

Why apart from the world: the plans are drawn last, from a registry snapshot, and only to
give the portal's progress view every state (met, on track, behind, missed).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from etl.demo.columns import Columns
from etl.demo.regions import Region
from etl.demo.world import World

INDICATOR_TYPE = {
    "front_offices_operating": "front_office",
    "modular_posts_operating": "modular_post",
    "district_points_operating": "district_point",
    "sos_buttons_operating": "sos_button",
    "cameras_operating": "camera",
}

SOURCES = (
    "Дорожная карта по внедрению сервисной модели полиции на 2024–2026 годы (приказ МВД РК № 112)",
    "Полицияның сервистік моделін енгізу жөніндегі жол картасы (ІІМ бұйрығы № 112)",
    "План развития инфраструктуры ДП {region_ru} на {year} год",
    "Постановление акимата ({region_ru}) № {num} о развитии сети объектов полиции",
)


def targets(rng: np.random.Generator, world: World, registry_day: date) -> Columns:
    """Regional plan figures due at year ends, set so that some regions meet them, some are
    on track and some miss. The ETL compares them with the counts operating in the latest
    registry snapshot (``registry_day``) and judges progress at the last night (world.end).
    """
    years = range(world.start.year - 1, world.end.year + 2)
    rows = []
    for r_idx, region in enumerate(world.regions):
        for indicator, kind in INDICATOR_TYPE.items():
            actual = int(world.open_on(registry_day, kind)[_region_mask(world, r_idx)].sum())
            for year in years:
                period_end = date(year, 12, 31)
                value = _target_value(rng, actual, period_end, world.end)
                rows.append(
                    {
                        "region": _region_code(rng, region),
                        "indicator": indicator,
                        "period_end": np.datetime64(period_end, "D"),
                        "target_value": value,
                        "source": _source(rng, region, year),
                    }
                )
    return {
        c: np.array([r[c] for r in rows], dtype=object if c != "period_end" else "datetime64[D]")
        for c in rows[0]
    }


def _region_mask(world: World, r_idx: int) -> np.ndarray:
    return world.registry["region_idx"] == r_idx


def _target_value(rng: np.random.Generator, actual: int, period_end: date, as_of: date) -> int:
    """A target that is met (≤ actual), on track (above actual but under the straight line
    from the start of the final year) or behind/missed, as the ETL will judge it."""
    if period_end < as_of:
        outcome = rng.choice(["met", "missed"])
    else:
        outcome = rng.choice(["met", "on_track", "behind"], p=[0.35, 0.4, 0.25])
    if outcome == "met":
        return max(1, int(actual * rng.uniform(0.75, 1.0)))
    year_start = period_end - timedelta(days=365)
    elapsed = min(max((as_of - year_start).days / 365, 0.05), 1.0)
    ceiling = actual / elapsed  # the most a target can be while actual is on the line
    if outcome == "on_track" and ceiling - actual >= 1:
        return actual + 1 + int((ceiling - actual - 1) * rng.uniform(0, 1))
    return int(np.ceil(max(ceiling, actual + 1) * rng.uniform(1.15, 1.5))) + 1


def _region_code(rng: np.random.Generator, region: Region) -> str:
    """ISO 3166-2 mostly; one plan in ten names the region by its 9-digit KATO."""
    return f"{region.prefix}0000000" if rng.random() < 0.1 else region.iso


def _source(rng: np.random.Generator, region: Region, year: int) -> str:
    template = SOURCES[int(rng.integers(0, len(SOURCES)))]
    return template.format(region_ru=region.name_ru, year=year, num=int(rng.integers(10, 400)))
