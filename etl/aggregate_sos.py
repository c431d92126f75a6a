"""SOS button activations: the month's linked SOS tables and the regional response times.

Grains: activations per region per month by category; per button per month, with the median
answer and patrol arrival times; the region totals (region_indicators). Response times per
region (sos_response_regional) hold no counts and are not part of the family.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from etl import suppression
from etl.aggregate_family import Family, Revision
from etl.aggregate_frames import (
    Losses,
    attach_stats,
    count_cells,
    cross,
    event_frame,
    finish,
    gated,
    month_ids,
    published_frame,
    published_totals,
    record_loss,
    region_totals,
    shape,
    sites,
    with_names,
)
from etl.contract import EVENT_FACILITY_COLUMN, SOS_CATEGORIES

EVENTS = "sos_activations"
# The activations' button column (etl.contract); sos_activations_monthly keeps its name.
BUTTON = EVENT_FACILITY_COLUMN[EVENTS]
# Each median published, and the number of values behind it (which gates it).
MEDIANS = (("answer_median_s", "answer_n"), ("arrival_median_min", "arrival_n"))


def sos_family(regional: pd.DataFrame, buttons: pd.DataFrame, totals: pd.DataFrame) -> Family:
    """Regional categories, buttons and region totals: both add up to the totals."""
    f = Family()
    s = f.add("sos_activations_regional", regional, "activations")
    b = f.add("sos_activations_monthly", buttons, "activations")
    r = f.add("region_indicators.sos_activations", totals, "value")
    f.link(r, s, ["region"])
    f.link(r, b, ["region"])
    return f


def published_sos_family(tables: Mapping[str, pd.DataFrame]) -> Family:
    """The SOS family rebuilt from a month's published tables."""
    return sos_family(
        published_frame(tables, "sos_activations_regional"),
        published_frame(tables, "sos_activations_monthly"),
        published_totals(tables, "sos_activations"),
    )


def _medians(sos: pd.DataFrame, key: str) -> pd.DataFrame:
    """Median answer and arrival times per `key`, with the number of values behind each."""
    return sos.groupby(key, observed=True).agg(
        answer_median_s=("answered_after_s", "median"),
        answer_n=("answered_after_s", "count"),
        arrival_median_min=("patrol_arrival_min", "median"),
        arrival_n=("patrol_arrival_min", "count"),
    )


def sos_tables(
    events: Mapping[str, pd.DataFrame],
    month: date,
    k: int,
    losses: Losses,
    facilities: pd.DataFrame | None,
    revision: Revision | None = None,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The month's SOS tables, the activation counts protected as one family, and their
    region_indicators rows."""
    sos = event_frame(events, EVENTS)
    buttons = sites(facilities, EVENTS, sos)
    regions = sorted(buttons["region"].unique())
    grid = cross(pd.DataFrame({"region": regions}), category=sorted(SOS_CATEGORIES))
    regional = count_cells(sos, grid, ["region", "category"], "activations")

    per_button = count_cells(sos, buttons, [BUTTON], "activations")
    per_button = attach_stats(per_button, _medians(sos, BUTTON), BUTTON)
    for median, n in MEDIANS:
        per_button[median] = gated(per_button[median].astype(float), per_button[n].fillna(0), k)

    response = pd.DataFrame({"region": regions})
    response = attach_stats(response, _medians(sos, "region"), "region")
    for median, n in MEDIANS:
        response[n] = response[n].fillna(0).astype("int64")
        response[median] = gated(response[median].astype(float), response[n], k)
    # The numbers of values behind the medians are counts too: published only as "at least
    # k" (the median itself is null below k), never as a number.
    response["month"] = month
    response["id"] = month_ids(response, month, ["region"])

    totals = region_totals(regional, "activations", regions, "sos_activations")
    fam = sos_family(regional, per_button, totals)
    previous, changed = revision if revision is not None else (None, None)
    hidden = fam.protect(k, previous, changed, rebuild=published_sos_family)
    tables = {
        "sos_activations_regional": finish(
            fam.frames["sos_activations_regional"],
            "sos_activations_regional",
            "activations",
            hidden["sos_activations_regional"],
            month,
            ["region", "category"],
            losses=losses,
        ),
        "sos_activations_monthly": finish(
            fam.frames["sos_activations_monthly"],
            "sos_activations_monthly",
            "activations",
            hidden["sos_activations_monthly"],
            month,
            [BUTTON],
            ("answer_median_s", "arrival_median_min"),
            losses,
        ),
        "sos_response_regional": shape(with_names(response), "sos_response_regional"),
    }
    ri = fam.frames["region_indicators.sos_activations"].drop(columns=["_pos"])
    record_loss(
        losses, "region_indicators", ri["value"], hidden["region_indicators.sos_activations"]
    )
    ri = suppression.blank(ri, "value", hidden["region_indicators.sos_activations"])
    return tables, ri
