"""The attacker's audit of a revised month: the new publication with the old one.

Visits: the unchanged days' daily cells are tied to their old selves. A month revised only
by late nights also tells the attacker that every count can only rise (new >= old, also
where a breakdown does not decompose into daily cells); etl.aggregate_family.link_growth
adds those inequalities, and says when nothing may be assumed (a published night
re-delivered, the old nights unknown, a known count that fell).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from etl.aggregate_family import link_growth
from etl.aggregate_visits import link_previous
from etl.audit_warehouse import REBUILD, Finding, audit_system, families_of


def audit_revision(
    new: Mapping[str, pd.DataFrame],
    previous: Mapping[str, pd.DataFrame],
    changed_days: set[date] | None,
    k: int,
    period: date,
) -> list[Finding]:
    """The attacker's audit of a revised month: each family of the new publication with the
    old one (visits: unchanged days tied to their old selves) and, for a revision by late
    nights only, new >= old for every count."""
    findings: list[Finding] = []
    for name, fam in families_of(new):
        if name == "visits":
            link_previous(fam, previous, changed_days)
        link_growth(fam, previous, changed_days, REBUILD[name])
        findings.extend(audit_system(name, period, fam.system, fam.frames, k)[0])
    return findings
