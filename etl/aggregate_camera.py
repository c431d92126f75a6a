"""Offences solved or detected with cameras: the month's linked camera tables.

Grains: offences per district per month by kind x status; per region per month by kind x
category; two region totals (region_indicators): crimes solved and administrative offences
detected. Camera locations are never published: cameras only tell which districts exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from etl import suppression
from etl.aggregate_family import Family, Revision
from etl.aggregate_frames import (
    Losses,
    count_cells,
    event_frame,
    finish,
    published_frame,
    published_totals,
    record_loss,
    region_totals,
    sites,
)
from etl.contract import OFFENSE_KINDS

EVENTS = "camera_offenses"
CAMERA_KIND_STATUS = (
    ("administrative", "detected"),
    ("administrative", "under_investigation"),
    ("criminal", "solved"),
    ("criminal", "under_investigation"),
)
CAMERA_CATEGORIES = {
    "criminal": ("hooliganism", "other", "robbery", "theft", "vandalism"),
    "administrative": (
        "other",
        "public_order",
        "traffic_other",
        "traffic_red_light",
        "traffic_speeding",
    ),
}
CAMERA_INDICATORS = {
    "camera_crimes_solved": ("criminal", "solved"),
    "camera_admin_detected": ("administrative", "detected"),
}
assert set(OFFENSE_KINDS) == set(CAMERA_CATEGORIES)


def camera_family(
    district: pd.DataFrame, regional: pd.DataFrame, totals: dict[str, pd.DataFrame]
) -> Family:
    """District and regional offences (both add up per region and kind), and each region
    total tied to the district cells of its kind and status."""
    f = Family()
    d = f.add("camera_offenses_district", district, "offenses")
    g = f.add("camera_offenses_regional", regional, "offenses")
    f.link(d, g, ["region", "kind"])
    for indicator, (kind, status) in CAMERA_INDICATORS.items():
        r = f.add(f"region_indicators.{indicator}", totals[indicator], "value")
        f.link(r, d[(d["kind"] == kind) & (d["status"] == status)], ["region"])
    return f


def published_camera_family(tables: Mapping[str, pd.DataFrame]) -> Family:
    """The camera family rebuilt from a month's published tables."""
    return camera_family(
        published_frame(tables, "camera_offenses_district"),
        published_frame(tables, "camera_offenses_regional"),
        {i: published_totals(tables, i) for i in CAMERA_INDICATORS},
    )


def camera_tables(
    events: Mapping[str, pd.DataFrame],
    month: date,
    k: int,
    losses: Losses,
    facilities: pd.DataFrame | None,
    revision: Revision | None = None,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The month's camera tables, protected as one family, and their region_indicators
    rows."""
    cam = event_frame(events, EVENTS)
    cameras = sites(facilities, EVENTS, cam)
    districts = cameras[["district_kato", "region"]]
    if len(cam):
        districts = pd.concat([districts, cam[["district_kato", "region"]]])
    districts = districts.drop_duplicates("district_kato").dropna().reset_index(drop=True)
    combos = pd.DataFrame(CAMERA_KIND_STATUS, columns=["kind", "status"])
    grid = districts.merge(combos, how="cross")
    district = count_cells(cam, grid, ["district_kato", "kind", "status"], "offenses")

    regions = sorted(districts["region"].unique())
    combos = pd.DataFrame(
        [(kind, cat) for kind, cats in CAMERA_CATEGORIES.items() for cat in cats],
        columns=["kind", "category"],
    )
    grid = pd.DataFrame({"region": regions}).merge(combos, how="cross")
    regional = count_cells(cam, grid, ["region", "kind", "category"], "offenses")

    totals = {}
    for indicator, (kind, status) in CAMERA_INDICATORS.items():
        chosen = district[(district["kind"] == kind) & (district["status"] == status)]
        totals[indicator] = region_totals(chosen, "offenses", regions, indicator)
    fam = camera_family(district, regional, totals)
    previous, changed = revision if revision is not None else (None, None)
    hidden = fam.protect(k, previous, changed, rebuild=published_camera_family)
    tables = {
        "camera_offenses_district": finish(
            fam.frames["camera_offenses_district"],
            "camera_offenses_district",
            "offenses",
            hidden["camera_offenses_district"],
            month,
            ["district_kato", "kind", "status"],
            losses=losses,
        ),
        "camera_offenses_regional": finish(
            fam.frames["camera_offenses_regional"],
            "camera_offenses_regional",
            "offenses",
            hidden["camera_offenses_regional"],
            month,
            ["region", "kind", "category"],
            losses=losses,
        ),
    }
    parts = []
    for indicator in CAMERA_INDICATORS:
        name = f"region_indicators.{indicator}"
        record_loss(losses, "region_indicators", fam.frames[name]["value"], hidden[name])
        parts.append(
            suppression.blank(fam.frames[name].drop(columns=["_pos"]), "value", hidden[name])
        )
    return tables, pd.concat(parts, ignore_index=True)
