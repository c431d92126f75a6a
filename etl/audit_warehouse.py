"""The warehouse audit: read each published month as the attacker does, bound every
suppressed cell (etl.audit_lp) and render the findings (`python -m etl audit`); and the
previous publication of a month that a revision is audited against."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from etl import aggregate
from etl.aggregate_camera import published_camera_family
from etl.aggregate_family import PUBLISHED_NIGHTS
from etl.aggregate_sos import published_sos_family
from etl.aggregate_visits import published_visit_family
from etl.audit_lp import TOL, bounds
from etl.suppression import System

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from etl.aggregate import Family


@dataclass
class Finding:
    family: str
    period: date
    table: str
    key: str
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


def audit_system(
    family: str,
    period: date,
    system: System,
    labels: dict[str, pd.DataFrame],
    k: int,
    exact: bool = False,
) -> tuple[list[Finding], int]:
    """All hidden cells of one system with their bounds; returns (findings, hidden cells).
    Unless `exact`, a range shown to be at least k-2 wide is not pushed further (the proof
    needs no more; the printed range is then a part of the feasible range)."""
    value, hidden, _fixed, capped = system.arrays()
    b = bounds(
        value,
        hidden,
        capped,
        system.relations,
        k,
        system.floors(hidden),
        stop_at_width=None if exact else k - 2,
        at_least=system.at_least,
    )
    findings: list[Finding] = []
    for name, (start, stop) in system.parts.items():
        rows = np.flatnonzero(hidden[start:stop])
        frame = labels.get(name)
        keys = [""] * len(rows) if frame is None else _keys(frame, rows)
        findings.extend(
            Finding(
                family, period, name, key, float(b.low[start + pos]), float(b.high[start + pos])
            )
            for pos, key in zip(rows, keys, strict=True)
        )
    return findings, int(hidden.sum())


def _keys(frame: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """'column=value, ...' of each row (its identifying columns), all rows at once."""
    skip = {"_pos", "value", "hidden", "id"}
    columns = [c for c in frame.columns if c not in skip and not str(c).startswith("region_name")]
    return [
        ", ".join(f"{c}={v}" for c, v in zip(columns, values, strict=True))
        for values in frame.iloc[rows][columns].itertuples(index=False, name=None)
    ]


def published_families(conn: Connection, month: date) -> list[tuple[str, Family]]:
    """The three families of linked tables of one month, as the attacker reads them from the
    warehouse: published values, NaN where suppressed."""
    return families_of(previous_publication(conn, month))


# Each family, rebuilt from a month's published tables.
REBUILD = {
    "visits": published_visit_family,
    "sos": published_sos_family,
    "camera": published_camera_family,
}


def families_of(tables: Mapping[str, pd.DataFrame]) -> list[tuple[str, Family]]:
    """The three families of linked tables built from a month's published tables (as read
    by `previous_publication`; a missing table counts as empty)."""
    return [(name, rebuild(tables)) for name, rebuild in REBUILD.items()]


def audit_warehouse(
    engine: Engine, k: int, exact: bool = False
) -> tuple[list[Finding], pd.DataFrame]:
    """Bound every suppressed cell of every published month; returns all findings and a
    per-table summary (hidden cells, narrowest range)."""
    from sqlalchemy import select

    from data import schema

    t = schema.region_indicators
    with engine.connect() as conn:
        months = sorted({m for (m,) in conn.execute(select(t.c.month).distinct())})
        findings: list[Finding] = []
        for month in months:
            for family, fam in published_families(conn, month):
                found, _ = audit_system(family, month, fam.system, fam.frames, k, exact)
                findings.extend(found)
    rows = [{"table": f.table.split(".")[0], "width": f.width} for f in findings]
    frame = pd.DataFrame(rows, columns=["table", "width"])
    summary = (
        frame.groupby("table")["width"].agg(hidden="size", narrowest="min").reset_index()
        if len(frame)
        else frame
    )
    return findings, summary


def render(findings: list[Finding], summary: pd.DataFrame, k: int, worst: int = 10) -> str:
    failing = [f for f in findings if f.width < k - 2 - TOL]
    lines = [
        f"audit: {len(findings)} suppressed cells bounded by linear programming "
        f"(k = {k}: every feasible range must be at least {k - 2} wide)"
    ]
    if len(summary):
        lines.append(summary.to_string(index=False))
    ranked = sorted(findings, key=lambda f: f.width)[:worst]
    if ranked:
        lines.append("narrowest cells:")
        lines.extend(
            f"  {f.period:%Y-%m} {f.table} [{f.key}]: {f.low:g} .. {f.high:g}" for f in ranked
        )
    lines.append(
        f"FAILED: {len(failing)} cells pinned to fewer than {k - 1} values"
        if failing
        else "passed: no suppressed cell can be pinned"
    )
    return "\n".join(lines)


def previous_publication(conn: Connection, month: date) -> dict[str, pd.DataFrame]:
    """The month's rows of every daily and monthly table as published now, and under
    PUBLISHED_NIGHTS the month's nights they come from (column `night`): what the pipeline
    passes to aggregate.monthly_tables(previous=...) when it revises a month (the nights
    tell a late night from a re-delivered one, etl.audit_revision). Call it BEFORE
    replacing any of the month's rows (daily ones included) or recording the new nights."""
    from sqlalchemy import select

    from data import schema
    from data.periods import month_end

    last = month_end(month)
    out: dict[str, pd.DataFrame] = {}
    for name in (*aggregate.DAILY_TABLES, *aggregate.MONTHLY_TABLES):
        t = schema.metadata.tables[name]
        column = t.c["date"] if "date" in t.c else t.c["month"]
        # Plain tuples, as registry.FacilityIndex.load: a dict per row cost twice as much.
        rows = conn.execute(select(t).where(column >= month, column <= last)).all()
        out[name] = pd.DataFrame([tuple(r) for r in rows], columns=[c.name for c in t.columns])
    n = schema.etl_nights.c.night
    nights = conn.execute(select(n).where(n >= month, n <= last)).scalars().all()
    out[PUBLISHED_NIGHTS] = pd.DataFrame({"night": list(nights)})
    return out
