"""The invented world behind the demo extracts: regions, districts, registry, camera rates.

Why a world built once per run: the events of every night must point at facilities that the
registry snapshots list, open on that night, in the district the registry says, and the
targets (drawn in etl.demo.plans) must be set against the same counts that the ETL will find
operating. Building the registry once (a few hundred public-facing facilities and up to
~46,000 cameras) and deriving everything from it keeps those references consistent by
construction. Regions and districts are drawn in ``regions``, the registry in ``facilities``;
this module holds them together and exports the registry night by night (``snapshot``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from etl.demo import config as cfg
from etl.demo.columns import Columns
from etl.demo.facilities import build_registry
from etl.demo.regions import Region, build_districts, load_regions


@dataclass
class World:
    """Everything that stays fixed over the nights of one generator run."""

    regions: list[Region]
    districts: pd.DataFrame
    registry: Columns  # one entry per facility, see build_registry
    crime_per_day: np.ndarray  # criminal camera records per region per day (scaled)
    admin_per_day: np.ndarray  # administrative camera records per region per day (scaled)
    start: date
    end: date

    def open_on(self, day: date, kind: str | None = None) -> np.ndarray:
        """Mask of facilities operating on ``day`` (optionally of one type)."""
        reg = self.registry
        d = np.datetime64(day, "D")
        mask = (reg["opened_on"] <= d) & ~(reg["closed_on"] <= d)
        if kind is not None:
            mask &= reg["type"] == kind
        return mask


def build_world(rng: np.random.Generator, scale: cfg.Scale, start: date, end: date) -> World:
    """Districts, registry and camera-offence rates for the period [start, end]."""
    regions = load_regions()
    districts = build_districts(rng, regions)
    registry = build_registry(rng, regions, districts, scale, start, end)
    crime, admin = camera_rates(rng, regions, scale)
    return World(regions, districts, registry, crime, admin, start, end)


def snapshot(world: World, day: date) -> Columns:
    """The registry as the asset register exports it on ``day`` (contract columns)."""
    reg = world.registry
    d = np.datetime64(day, "D")
    opened = reg["opened_on"]
    status = np.select(
        [reg["closed_on"] <= d, opened <= d, reg["building_from"] <= d],
        ["closed", "operating", "under_construction"],
        "planned",
    ).astype(object)
    frame = {
        c: reg[c]
        for c in (
            "facility_id",
            "type",
            "kato",
            "name_kk",
            "name_ru",
            "name_en",
            "address_kk",
            "address_ru",
            "lat",
            "lon",
        )
    }
    frame["status"] = status
    frame["opened_on"] = np.where(opened <= d, opened, np.datetime64("NaT", "D"))
    frame["hours"] = reg["hours"]
    frame["phone"] = reg["phone"]
    return frame


# ---------------------------------------------------------------- camera rates
def camera_rates(
    rng: np.random.Generator, regions: list[Region], scale: cfg.Scale
) -> tuple[np.ndarray, np.ndarray]:
    """Criminal and administrative camera records per region per day.

    North Kazakhstan follows the brief exactly (272 solved, 3,762 detected a year); others
    in proportion to population with some noise, administrative ones multiplied by the
    density of traffic enforcement (the three big cities make most of the national total).
    """
    pop = np.array([r.facts.population_k for r in regions], dtype=float)
    nk_pop = next(r.facts.population_k for r in regions if r.iso == cfg.NK_ISO)
    is_nk = np.array([r.iso == cfg.NK_ISO for r in regions])
    noise = np.where(is_nk, 1.0, np.clip(rng.lognormal(0, 0.15, len(regions)), 0.8, 1.25))
    multiplier = np.array([r.facts.admin_multiplier for r in regions])
    crime = cfg.NK_CRIMES_SOLVED / cfg.CRIME_SOLVED_SHARE * pop / nk_pop * noise
    admin = cfg.NK_ADMIN_DETECTED / cfg.ADMIN_DETECTED_SHARE * pop / nk_pop * noise * multiplier
    return crime / 365 * scale.crimes, admin / 365 * scale.events
