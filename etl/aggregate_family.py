"""A family of linked tables for one month, protected together (etl.suppression) and proven
safe by the attacker's linear program (etl.audit).

Why a family: a month's office totals, their breakdowns, the regional cross table and the
region totals add up to each other, so a cell hidden in one table could be recomputed from
the others. They are suppressed as one system of linked cells; etl.aggregate_visits, _sos
and _camera each build theirs (and rebuild them from published tables, for the attacker's
audit and for a revision's new >= old).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import date

import numpy as np
import pandas as pd

from etl import suppression
from etl.audit_lp import auditor

# Seconds spent in suppression.protect (with its audit) by this process: the pipeline logs
# them per month so that a night's cost can be judged without them (bench/night_bench.py).
SUPPRESSION_SECONDS = [0.0]

# A month being revised: its previous publication and the nights re-delivered or added
# (None: every day whose published daily cells differ), see etl.aggregate.monthly_tables.
Revision = tuple[Mapping[str, pd.DataFrame], set[date] | None]

PUBLISHED_NIGHTS = "etl_nights"  # key of a previous publication: the nights it holds
OLD = "previous."  # prefix of the old publication's parts in a family's system

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
COUNT_COLUMN = {
    "front_office_offices_monthly": "visits",
    "front_office_visits_monthly": "visits",
    "front_office_visits_regional": "visits",
    "sos_activations_regional": "activations",
    "sos_activations_monthly": "activations",
    "camera_offenses_district": "offenses",
    "camera_offenses_regional": "offenses",
    "region_indicators": "value",
}


# Builds a family from a month's published tables (e.g. aggregate_sos.published_sos_family).
Rebuild = Callable[[Mapping[str, pd.DataFrame]], "Family"]


class Family:
    """One family of linked tables for one month: the frames and their System."""

    def __init__(self) -> None:
        self.system = suppression.System()
        self.frames: dict[str, pd.DataFrame] = {}

    def add(
        self,
        name: str,
        frame: pd.DataFrame,
        count: str,
        *,
        fixed: bool = False,
        capped: bool = False,
        hidden: pd.Series | None = None,
    ) -> pd.DataFrame:
        frame = frame.reset_index(drop=True)
        if hidden is None and "suppressed" in frame.columns:  # a published table (the audit)
            hidden = frame["suppressed"].astype(bool)
        pos = self.system.add(name, frame[count], hidden, fixed=fixed, capped=capped)
        frame = frame.assign(_pos=pos)
        self.frames[name] = frame
        return frame

    def link(self, a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> None:
        self.system.link(a, b, keys)

    def protect(
        self,
        k: int,
        previous: Mapping[str, pd.DataFrame] | None = None,
        changed_days: set[date] | None = None,
        rebuild: Rebuild | None = None,
    ) -> dict[str, np.ndarray]:
        """The hidden flags per table. A revised month (`previous`) first hides small
        changes and, when `rebuild` can rebuild the old publication's family, adds what a
        revision by late nights only tells the attacker (new >= old)."""
        if previous:
            self._hide_small_changes(previous, k)
            if rebuild is not None:
                link_growth(self, previous, changed_days, rebuild)
        started = time.perf_counter()
        hidden = suppression.protect(self.system, k, auditor=auditor())
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
            change = (
                pd.to_numeric(both[count], errors="coerce")
                - pd.to_numeric(both[f"{count}_old"], errors="coerce")
            ).abs()
            small = ((change >= 1) & (change < k)).fillna(False).to_numpy(dtype=bool)
            self.system.mark(name, small)


# ------------------------------------------------------------------ revisions by late nights
def only_late_nights(previous: Mapping[str, pd.DataFrame], changed_days: set[date] | None) -> bool:
    """True when the revision adds nights and re-delivers none of the published ones."""
    published = previous.get(PUBLISHED_NIGHTS)
    if published is None or not changed_days or not len(published):
        return False  # the ETL cannot tell a late night from a re-delivered one
    old = {pd.Timestamp(d).date() for d in published["night"]}
    return not old & {pd.Timestamp(d).date() for d in changed_days}


def link_growth(
    fam: Family,
    previous: Mapping[str, pd.DataFrame],
    changed_days: set[date] | None,
    rebuild: Rebuild,
) -> int:
    """Add new >= old for every cell of the family's count tables that the old publication
    has too (the old publication joins the family's system unless it is there already, as
    the visits family's is, etl.aggregate_visits.link_previous); returns the number of
    inequalities (0 when the revision is not by late nights only)."""
    if not only_late_nights(previous, changed_days):
        return 0
    old = rebuild(previous)
    if old.frames.keys() != fam.frames.keys():
        return 0
    pairs = []
    for name, frame in fam.frames.items():
        keys = REVISION_KEYS.get(name.partition(".")[0])
        before = old.frames[name]
        if keys is None or not len(frame) or not len(before):
            continue
        both = _as_keys(frame, keys).merge(
            _as_keys(before, keys), on=keys, suffixes=("_new", "_old")
        )
        pairs.append(both[["_pos_new", "_pos_old"]].to_numpy(dtype=np.int64))
    if not pairs:
        return 0
    new_pos, old_pos = np.concatenate(pairs).T
    # A count that fell where both values are known: the premise does not hold (e.g. the
    # registry in force moved a facility to another region); assume nothing rather than a
    # model that contradicts the published numbers.
    new_value, old_value = fam.system.arrays()[0][new_pos], old.system.arrays()[0][old_pos]
    if (new_value < old_value - 1e-9).any():  # NaN (hidden) compares False
        return 0
    offset = _old_offset(fam, old)
    if offset is None:
        offset = fam.system.absorb(old.system, OLD)
    for n, o in zip(new_pos, old_pos, strict=True):
        fam.system.at_least_as([int(n)], [int(o) + offset])
    return len(new_pos)


def _old_offset(fam: Family, old: Family) -> int | None:
    """Where the old publication already sits in the family's system (same parts, same
    sizes), else None."""
    parts = fam.system.parts
    offsets = set()
    for name, (start, stop) in old.system.parts.items():
        there = parts.get(OLD + name)
        if there is None or there[1] - there[0] != stop - start:
            return None
        offsets.add(there[0] - start)
    return offsets.pop() if len(offsets) == 1 else None


def _as_keys(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Keys as text (published and freshly counted frames type them differently)."""
    out = frame[keys].astype(str)
    out["_pos"] = frame["_pos"].to_numpy()
    return out
