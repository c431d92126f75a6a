"""The 20 regional units of the demo world and their districts (names, KATO codes, centres).

Why invented districts: the real district list is only needed for North Kazakhstan (the
brief's 16 front offices stand in its 13 districts); elsewhere districts are drawn from Kazakh
toponyms, enough for events and facilities to carry consistent district codes and names.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data.translit import to_latin
from etl.demo import config as cfg
from etl.demo.spelling import to_russian

REGIONS_CSV = Path(__file__).resolve().parents[2] / "data" / "reference" / "regions.csv"


@dataclass(frozen=True)
class Region:
    """One of the 20 units of regions.csv plus the generator's facts about it."""

    iso: str
    prefix: str
    name_kk: str
    name_ru: str
    name_en: str
    centre_kk: str
    centre_ru: str
    centre_en: str
    lat: float
    lon: float
    facts: cfg.RegionFacts


def load_regions(path: Path = REGIONS_CSV) -> list[Region]:
    """The 20 units from the project's reference file, in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Region(
            r["iso_code"],
            r["kato_prefix"].zfill(2),
            r["name_kk"],
            r["name_ru"],
            r["name_en"],
            r["centre_kk"],
            r["centre_ru"],
            r["centre_en"],
            float(r["centre_lat"]),
            float(r["centre_lon"]),
            cfg.REGION_FACTS[r["iso_code"]],
        )
        for r in rows
    ]


# ---------------------------------------------------------------- districts
def build_districts(rng: np.random.Generator, regions: list[Region]) -> pd.DataFrame:
    """4-15 districts per region, KATO ``{prefix}{dd}00000``; the first is the centre city.

    North Kazakhstan gets its 13 real districts (the brief's 16 front offices are 3 in
    Petropavl and one per district); elsewhere names are invented from Kazakh toponyms.
    """
    frames = []
    for r_idx, region in enumerate(regions):
        names = _district_names(rng, region)
        spread = (
            cfg.CITY_SPREAD_DEG if region.iso in cfg.REPUBLICAN_CITIES else cfg.REGION_SPREAD_DEG
        )
        n = len(names)
        lat = _offset(rng, region.lat, spread, cfg.LAT_RANGE, n)
        lon = _offset(rng, region.lon, spread, cfg.LON_RANGE, n)
        lat[0], lon[0] = region.lat, region.lon
        codes = ["10"] + [f"{20 + 2 * k:02d}" for k in range(n - 1)]
        town_kk = [region.centre_kk] + names[1:]
        town_ru = [region.centre_ru] + [to_russian(s) for s in names[1:]]
        frames.append(
            pd.DataFrame(
                {
                    "region_idx": r_idx,
                    "kato": [f"{region.prefix}{c}00000" for c in codes],
                    "centre": [True] + [False] * (n - 1),
                    "town_kk": town_kk,
                    "town_ru": town_ru,
                    "label_kk": [f"{region.centre_kk} қ."] + [f"{s} ауданы" for s in names[1:]],
                    "label_ru": [f"г. {region.centre_ru}"]
                    + [f"район {to_russian(s)}" for s in names[1:]],
                    "label_en": [f"{region.centre_en} city"]
                    + [f"{to_latin(s, plain=True)} District" for s in names[1:]],
                    "lat": lat,
                    "lon": lon,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _district_names(rng: np.random.Generator, region: Region) -> list[str]:
    """Centre first, then district stems (kk spelling)."""
    if region.iso == cfg.NK_ISO:
        return [region.centre_kk, *cfg.NK_DISTRICTS_KK]
    if region.iso in cfg.REPUBLICAN_CITIES:
        n = int(rng.integers(4, 9))
    else:
        n = int(np.clip(round(4 + region.facts.population_k / 200 + rng.normal(0, 1.5)), 4, 15))
    stems = rng.choice(len(cfg.DISTRICT_STEMS_KK), size=n - 1, replace=False)
    return [region.centre_kk] + [cfg.DISTRICT_STEMS_KK[i] for i in stems]


def _offset(
    rng: np.random.Generator, centre: float, spread: float, bounds: tuple[float, float], n: int
) -> np.ndarray:
    """Uniform offsets within ``spread`` of ``centre``, truncated to stay inside ``bounds``."""
    lo = max(-spread, bounds[0] - centre)
    hi = min(spread, bounds[1] - centre)
    return centre + rng.uniform(lo, hi, n)
