"""What a revision by late nights only tells the attacker: every count can only rise.

A month revised ONLY by nights that were not in its old publication (no published night
re-delivered) counts the same events as before plus the late ones, so every cell of every
breakdown table is at least its old self: new >= old, also where a breakdown does not
decompose into daily cells (office x channel, region x topic x outcome, SOS, cameras). The
audit gets these as inequality relations (etl.audit_lp), next to the equalities. When a
published night is re-delivered, a count may fall, and when the old nights are not known
(no PUBLISHED_NIGHTS in the previous publication), or a known count fell after all, nothing
is assumed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from etl.audit_warehouse import PUBLISHED_NIGHTS, Finding, audit_system, families_of

if TYPE_CHECKING:
    from etl.aggregate_family import Family

OLD = "previous."  # prefix of the old publication's parts in a family's system


def only_late_nights(previous: Mapping[str, pd.DataFrame], changed_days: set[date] | None
                     ) -> bool:
    """True when the revision adds nights and re-delivers none of the published ones."""
    published = previous.get(PUBLISHED_NIGHTS)
    if published is None or not changed_days or not len(published):
        return False  # the ETL cannot tell a late night from a re-delivered one
    old = {pd.Timestamp(d).date() for d in published["night"]}
    return not old & {pd.Timestamp(d).date() for d in changed_days}


def link_growth(fam: Family, previous: Mapping[str, pd.DataFrame],
                changed_days: set[date] | None) -> int:
    """Add new >= old for every cell of the family's count tables that the old publication
    has too (the old publication joins the family's system unless it is there already, as
    the visits family's is, etl.aggregate_visits.link_previous); returns the number of
    inequalities (0 when the revision is not by late nights only)."""
    from etl.aggregate_family import REVISION_KEYS

    if not only_late_nights(previous, changed_days):
        return 0
    old = next((f for _name, f in families_of(previous) if f.frames.keys() == fam.frames.keys()),
               None)
    if old is None:
        return 0
    pairs = []
    for name, frame in fam.frames.items():
        keys = REVISION_KEYS.get(name.partition(".")[0])
        before = old.frames[name]
        if keys is None or not len(frame) or not len(before):
            continue
        both = _as_keys(frame, keys).merge(_as_keys(before, keys), on=keys,
                                           suffixes=("_new", "_old"))
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


def audit_revision(new: Mapping[str, pd.DataFrame], previous: Mapping[str, pd.DataFrame],
                   changed_days: set[date] | None, k: int, period: date) -> list[Finding]:
    """The attacker's audit of a revised month: each family of the new publication with the
    old one (visits: unchanged days tied to their old selves) and, for a revision by late
    nights only, new >= old for every count."""
    from etl.aggregate_visits import link_previous

    findings: list[Finding] = []
    for name, fam in families_of(new):
        if name == "visits":
            link_previous(fam, previous, changed_days)
        link_growth(fam, previous, changed_days)
        findings.extend(audit_system(name, period, fam.system, fam.frames, k)[0])
    return findings
