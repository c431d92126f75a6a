"""From clean, anonymised events to the published tables, suppression proven by the audit.

The pipeline calls two functions (see etl.pipeline):
- `daily_tables(events, day=D, ...)` every night D with that day's events: the tables in
  DAILY_TABLES (time column `date`). A day's cells never change once out, so they get
  primary suppression only, computed from that day alone.
- `monthly_tables(events, month=M, ...)` once M is complete, with all of M's events: the
  tables in MONTHLY_TABLES (time column `month`). They are protected together, as linked
  tables (etl.suppression), with the month's daily cells fixed as published, and the
  attacker's linear program (etl.audit) checks the result before it is returned.

Grains are chosen for the questions users ask and so that cells are rarely small at
national scale: visits per office per day (total only); per office per month by channel,
by topic, by outcome (three one-way breakdowns instead of their 84-cell cross product);
per region per month by channel x topic x outcome; SOS per region per month by category and
per button per month; camera offences per district per month by kind x status and per
region per month by kind x category. Every operating facility, and every category, gets a
row: zero is published as 0, so "no row" only ever means "no data".
Medians and means are published only where at least k values stand behind them.

Where the work is done (this module only assembles the month):
- etl.aggregate_visits, etl.aggregate_sos, etl.aggregate_camera: one dataset family each,
  its grains and its family of linked tables;
- etl.aggregate_family: the Family of linked tables, protected together (and revised);
- etl.aggregate_frames: the grids, counts, ids and names every table is built from.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from etl.aggregate_camera import CAMERA_INDICATORS, camera_family, camera_tables
from etl.aggregate_family import SUPPRESSION_SECONDS, Family
from etl.aggregate_frames import Losses, month_ids, shape, with_names
from etl.aggregate_sos import sos_family, sos_tables
from etl.aggregate_visits import daily_table, visit_family, visit_tables

# Names read by etl.pipeline, etl.audit, bench/ and tests/ as `aggregate.NAME`.
__all__ = [
    "CAMERA_INDICATORS",
    "DAILY_TABLES",
    "FAMILY_BUILDERS",
    "MONTHLY_TABLES",
    "SUPPRESSION_SECONDS",
    "Family",
    "FamilyTables",
    "camera_family",
    "daily_tables",
    "family_tables",
    "month_of_families",
    "monthly_tables",
    "sos_family",
    "visit_family",
]

DAILY_TABLES: tuple[str, ...] = ("front_office_visits_daily",)
MONTHLY_TABLES: tuple[str, ...] = (
    "front_office_offices_monthly",
    "front_office_visits_monthly",
    "front_office_visits_regional",
    "sos_activations_regional",
    "sos_activations_monthly",
    "sos_response_regional",
    "camera_offenses_district",
    "camera_offenses_regional",
    "region_indicators",
    "suppression_loss",
)


def daily_tables(
    events: Mapping[str, pd.DataFrame], *, day: date, k: int, facilities: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    return {"front_office_visits_daily": daily_table(events, day, k, facilities)}


@dataclass
class FamilyTables:
    """One dataset's monthly tables, its region totals, its suppression losses and the
    seconds its suppression took (counted where it ran: here, or etl.helper's process)."""

    tables: dict[str, pd.DataFrame]
    totals: pd.DataFrame
    losses: Losses
    suppression_seconds: float
    events: int  # the month's events of the dataset, for the log


# Each event dataset's monthly tables, in the order region_indicators lists them.
FAMILY_BUILDERS: dict[str, Callable[..., tuple[dict[str, pd.DataFrame], pd.DataFrame]]] = {
    "front_office_visits": visit_tables,
    "sos_activations": sos_tables,
    "camera_offenses": camera_tables,
}


def family_tables(
    events: Mapping[str, pd.DataFrame],
    dataset: str,
    *,
    month: date,
    k: int,
    facilities: pd.DataFrame | None = None,
    previous: Mapping[str, pd.DataFrame] | None = None,
    changed_days: set[date] | None = None,
) -> FamilyTables:
    """The monthly tables of one dataset (a key of FAMILY_BUILDERS); needs only
    `events[dataset]`. The families are protected apart: no cell of one is a sum of
    another's (monthly_tables's arguments)."""
    revision = (previous, changed_days) if previous else None
    losses: Losses = []
    started = SUPPRESSION_SECONDS[0]
    build = FAMILY_BUILDERS[dataset]
    tables, totals = build(events, month.replace(day=1), k, losses, facilities, revision=revision)
    seconds = SUPPRESSION_SECONDS[0] - started
    return FamilyTables(tables, totals, losses, seconds, len(events.get(dataset, ())))


def month_of_families(month: date, families: Sequence[FamilyTables]) -> dict[str, pd.DataFrame]:
    """MONTHLY_TABLES from every family (FAMILY_BUILDERS's order): their own tables, and
    region_indicators and suppression_loss made of theirs."""
    month = month.replace(day=1)
    out: dict[str, pd.DataFrame] = {}
    for family in families:
        out.update(family.tables)
    indicators = [f.totals for f in families if len(f.totals)]
    ri = (
        pd.concat(indicators, ignore_index=True)
        if indicators
        else pd.DataFrame(columns=["region", "indicator", "value", "suppressed"])
    )
    ri["month"] = month
    ri["id"] = month_ids(ri, month, ["region", "indicator"])
    out["region_indicators"] = shape(with_names(ri), "region_indicators")
    loss = pd.DataFrame(
        [row for f in families for row in f.losses],
        columns=["table_name", "cells", "cells_withheld", "events", "events_withheld"],
    )
    loss = loss.groupby("table_name", as_index=False).sum()
    loss["month"] = month
    loss["id"] = month_ids(loss, month, ["table_name"])
    out["suppression_loss"] = shape(loss, "suppression_loss")
    return out


def monthly_tables(
    events: Mapping[str, pd.DataFrame],
    *,
    month: date,
    k: int,
    facilities: pd.DataFrame | None = None,
    previous: Mapping[str, pd.DataFrame] | None = None,
    changed_days: set[date] | None = None,
) -> dict[str, pd.DataFrame]:
    """`previous`: the month's rows as published before this run (etl.audit.
    previous_publication, read BEFORE any of the month's rows is replaced), when the month
    is being revised (a re-delivered or late night); `changed_days`: the nights re-delivered
    or added (default: days with no daily row in `previous`). The revision is then protected
    together with the old publication: the attacker has both."""
    families = [
        family_tables(
            events,
            dataset,
            month=month,
            k=k,
            facilities=facilities,
            previous=previous,
            changed_days=changed_days,
        )
        for dataset in FAMILY_BUILDERS
    ]
    return month_of_families(month, families)
