"""A complete month's tables, made from the staging store and loaded (etl.publish calls it).

The month's three dataset families are protected apart (etl.aggregate.family_tables); when
the run has etl.helper's process, the SOS and camera families are made there, from their
own staged nights, while this process makes the visits family, which is most of the work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection

from data import schema
from data.periods import month_end
from etl import aggregate, audit
from etl.helper import Helper, run_here_or_there, submit
from etl.landing import month_of
from etl.load import replace_period
from etl.staging import MONTH_COLUMNS, StagingStore

log = logging.getLogger("etl")

# The families etl.helper's process makes, when there is one: every one but the visits.
HELPED = ("sos_activations", "camera_offenses")


def load_month(
    conn: Connection,
    staging: StagingStore,
    month: date,
    versions: dict[date, str],
    k: int,
    facilities: pd.DataFrame,
    previous: Any,
    changed_days: list[date],
    helper: Helper | None = None,
) -> None:
    """Replace one complete month's rows of the monthly tables, from the staging store; a
    revision of a published month is audited together with its previous publication."""
    started = time.perf_counter()
    nights = {d: v for d, v in versions.items() if month_of(d) == month}
    if previous is None:
        previous = audit.previous_publication(conn, month)
    how = {
        "month": month,
        "k": k,
        "facilities": facilities,
        "previous": previous,
        "changed_days": set(changed_days) or None,
    }
    there = submit(helper, staged_families, staging.root, HELPED, nights, **how)
    mine = [d for d in aggregate.FAMILY_BUILDERS if d not in HELPED or there is None]
    events = {d: staging.read(d, nights, MONTH_COLUMNS[d]) for d in mine}
    families = {d: aggregate.family_tables(events, d, **how) for d in mine}
    if there is not None:
        helped = run_here_or_there(there, staged_families, staging.root, HELPED, nights, **how)
        families.update(zip(HELPED, helped, strict=True))
    ordered = [families[d] for d in aggregate.FAMILY_BUILDERS]
    frames = aggregate.month_of_families(month, ordered)
    for name, frame in frames.items():
        replace_period(conn, schema.metadata.tables[name], "month", month, month_end(month), frame)
    log.info(
        "month %s: %d visits, %d SOS activations, %d camera offences aggregated in "
        "%.2f s (suppression and audit %.2f s)",
        month.strftime("%Y-%m"),
        *(f.events for f in ordered),
        time.perf_counter() - started,
        sum(f.suppression_seconds for f in ordered),
    )


def staged_families(
    root: Path,
    datasets: tuple[str, ...],
    nights: Mapping[date, str],
    **how: Any,
) -> list[aggregate.FamilyTables]:
    """The monthly tables of `datasets`, each from its own staged nights (run in etl.helper's
    process, or here)."""
    staging = StagingStore(root)
    return [aggregate.family_tables({d: staging.read(d, nights)}, d, **how) for d in datasets]
