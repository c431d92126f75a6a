"""A family of linked tables for one month, protected together (etl.suppression) and proven
safe by the attacker's linear program (etl.audit).

Why a family: a month's office totals, their breakdowns, the regional cross table and the
region totals add up to each other, so a cell hidden in one table could be recomputed from
the others. They are suppressed as one system of linked cells; etl.aggregate_visits, _sos
and _camera each build theirs, and etl.audit rebuilds them from published tables.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from etl import audit, suppression

# Seconds spent in suppression.protect (with its audit) by this process: the pipeline logs
# them per month so that a night's cost can be judged without them (bench/night_bench.py).
SUPPRESSION_SECONDS = [0.0]

# A month being revised: its previous publication and the nights re-delivered or added
# (None: every day whose published daily cells differ), see etl.aggregate.monthly_tables.
Revision = tuple[Mapping[str, pd.DataFrame], set[date] | None]

# The key of a published cell within its table and month, and the count it publishes: how
# a revised cell is matched with its previous publication.
REVISION_KEYS = {
    "front_office_offices_monthly": ["office_id"],
    "front_office_visits_monthly": ["office_id", "breakdown", "category"],
    "front_office_visits_regional": ["region", "channel", "topic", "outcome"],
    "sos_activations_regional": ["region", "category"],
    "sos_activations_monthly": ["button_id"],
    "camera_offenses_district": ["district_kato", "kind", "status"],
    "camera_offenses_regional": ["region", "kind", "category"],
    "region_indicators": ["region"],
}
COUNT_COLUMN = {"front_office_offices_monthly": "visits", "front_office_visits_monthly": "visits",
                "front_office_visits_regional": "visits", "sos_activations_regional": "activations",
                "sos_activations_monthly": "activations", "camera_offenses_district": "offenses",
                "camera_offenses_regional": "offenses", "region_indicators": "value"}


class Family:
    """One family of linked tables for one month: the frames and their System."""

    def __init__(self) -> None:
        self.system = suppression.System()
        self.frames: dict[str, pd.DataFrame] = {}

    def add(self, name: str, frame: pd.DataFrame, count: str, *, fixed: bool = False,
            capped: bool = False, hidden: pd.Series | None = None) -> pd.DataFrame:
        frame = frame.reset_index(drop=True)
        if hidden is None and "suppressed" in frame.columns:  # a published table (the audit)
            hidden = frame["suppressed"].astype(bool)
        pos = self.system.add(name, frame[count], hidden, fixed=fixed, capped=capped)
        frame = frame.assign(_pos=pos)
        self.frames[name] = frame
        return frame

    def link(self, a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
        self.system.link(a, b, keys)

    def protect(self, k: int, previous: Mapping[str, pd.DataFrame] | None = None,
                changed_days: set[date] | None = None) -> dict[str, np.ndarray]:
        if previous:
            self._hide_small_changes(previous, k)
            audit.link_growth(self, previous, changed_days)  # late nights only: new >= old
        started = time.perf_counter()
        hidden = suppression.protect(self.system, k, auditor=audit.auditor())
        SUPPRESSION_SECONDS[0] += time.perf_counter() - started
        return {name: self.system.part(name, hidden) for name in self.frames}

    def _hide_small_changes(self, previous: Mapping[str, pd.DataFrame], k: int) -> None:
        """A revised month: a cell published before whose count moves by 1..k-1 is hidden
        (the change itself would single out the re-delivered or late events, e.g. one press
        moved from one button to another), then protected like a primary cell."""
        for name, frame in self.frames.items():
            table, _, indicator = name.partition(".")
            old = previous.get(table)
            keys = REVISION_KEYS.get(table)
            if old is None or not len(old) or keys is None:
                continue
            if indicator:
                old = old[old["indicator"] == indicator]
            count = COUNT_COLUMN[table]
            old = old[~old["suppressed"].astype(bool)][[*keys, count]]
            both = frame[keys + [count]].merge(old, on=keys, how="left", suffixes=("", "_old"))
            change = (pd.to_numeric(both[count], errors="coerce")
                      - pd.to_numeric(both[f"{count}_old"], errors="coerce")).abs()
            small = ((change >= 1) & (change < k)).fillna(False).to_numpy(dtype=bool)
            self.system.mark(name, small)
