"""A month revised by late nights only: every count can only rise, and the audit knows it
(new >= old, inequality relations next to the equalities, etl.audit_revision)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from test_publication_grains import (
    DAYS,
    MONTH,
    daily_all,
    events,
    facilities,
    published_without,
)

from etl import aggregate, aggregate_family, audit, suppression

K = 5


def small_revision() -> tuple[suppression.System, np.ndarray, np.ndarray]:
    """Old publication: a, b hidden, their total 10 published. Revision: a' hidden, b' = 6
    published, a' + c' = 7 published (c' hidden, a cell new in the revision)."""
    system = suppression.System()
    a, b, total = system.add(
        "old", pd.Series([4, 6, 10]), pd.Series([True, True, False]), fixed=True
    )
    a2, b2, c2, total2 = system.add(
        "new", pd.Series([5, 6, 2, 7]), pd.Series([True, False, True, False])
    )
    system.relate([total], [a, b])
    system.relate([total2], [a2, c2])
    system.at_least_as([a2], [a])
    system.at_least_as([b2], [b])
    value, hidden, _fixed, _capped = system.arrays()
    return system, np.where(hidden, np.nan, value), hidden


def test_an_inequality_pins_a_cell_that_the_equalities_leave_free() -> None:
    """b <= b' = 6 gives a = 10 - b >= 4, so a' >= a >= 4; with a' <= 7 - 1 the attacker
    narrows a' to [4, 6] (width 2 < k-2): pinned. The equalities alone leave [1, 6]."""
    system, shown, hidden = small_revision()
    capped = np.zeros(len(shown), dtype=bool)
    plain = audit.bounds(shown, hidden, capped, system.relations, K)
    assert (plain.low[3], plain.high[3]) == (1.0, 6.0)
    assert not audit.pinned(shown, hidden, capped, system.relations, K).any()
    known = audit.bounds(shown, hidden, capped, system.relations, K, at_least=system.at_least)
    assert (known.low[3], known.high[3]) == (4.0, 6.0)
    assert (known.low[5], known.high[5]) == (1.0, 3.0)  # c' = 7 - a'
    # ... and the OLD hidden pair with it: a <= a' <= 6, b = 10 - a.
    assert (known.low[0], known.high[0]) == (4.0, 6.0)
    assert (known.low[1], known.high[1]) == (4.0, 6.0)
    assert audit.pinned(
        shown, hidden, capped, system.relations, K, at_least=system.at_least
    ).tolist() == [True, True, False, True, False, True, False]
    # The cached auditor and the warehouse audit see the inequalities too.
    widths = audit.auditor()(shown, hidden, capped, system.relations, K, at_least=system.at_least)
    assert widths[3] == 2.0
    findings, n_hidden = audit.audit_system("t", MONTH, system, {}, K)
    assert n_hidden == 4
    assert sorted(f.table for f in findings if f.width < K - 2 - audit.TOL) == [
        "new",
        "new",
        "old",
        "old",
    ]


def test_suppression_hides_more_until_the_inequalities_pin_nothing() -> None:
    system, _shown, hidden = small_revision()
    protected = suppression.protect(system, K, auditor=audit.auditor())
    value, _h, _f, capped = system.arrays()
    assert protected[:3].tolist() == hidden[:3].tolist()  # the old publication stands
    assert protected.sum() > hidden.sum()  # a published new cell was withheld too
    assert not audit.pinned(
        np.where(protected, np.nan, value),
        protected,
        capped,
        system.relations,
        K,
        at_least=system.at_least,
    ).any()


def test_the_elimination_of_daily_cells_stays_exact_next_to_an_inequality() -> None:
    """Capped daily cells under a hidden total T' (a star) while T' >= T_old = 9 (old,
    published): T' = d1 + d2 + d3 <= 12, so T' in [9, 12] and each daily cell in [1, 4];
    T' itself is pinned to 4 values (width 3 passes) and no cell is misjudged."""
    system = suppression.System()
    (old,) = system.add("old", pd.Series([9]), fixed=True)
    (total,) = system.add("total", pd.Series([10]), pd.Series([True]))
    days = system.add("daily", pd.Series([3, 3, 4]), pd.Series([True] * 3), capped=True)
    system.relate([total], days)
    system.at_least_as([total], [old])
    value, hidden, _f, capped = system.arrays()
    b = audit.bounds(
        np.where(hidden, np.nan, value),
        hidden,
        capped,
        system.relations,
        K,
        at_least=system.at_least,
    )
    assert (b.low[1], b.high[1]) == (9.0, 12.0)
    assert b.low[2:].tolist() == [1.0] * 3 and b.high[2:].tolist() == [4.0] * 3


def _revision(
    monkeypatch: pytest.MonkeyPatch, nights_known: bool, changed: set, lost: date | None = None
) -> tuple[dict, dict, list[int]]:
    """The demo month published without its 10th night, then revised with it (late);
    `lost`: a night whose events the revision no longer has."""
    ev = events()
    late = DAYS[9]
    previous = published_without(ev, late)
    if nights_known:
        previous[audit.PUBLISHED_NIGHTS] = pd.DataFrame({"night": [d for d in DAYS if d != late]})
    added = _spy_on_growth(monkeypatch)
    if lost is not None:
        ev = {t: e[e["date"] != pd.Timestamp(lost)] for t, e in ev.items()}
    revised = aggregate.monthly_tables(
        ev, month=MONTH, k=K, facilities=facilities(), previous=previous, changed_days=changed
    )
    revised["front_office_visits_daily"] = daily_all(ev)
    return revised, previous, added


def _spy_on_growth(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of inequalities each family's protection got (Family.protect calls
    etl.aggregate_family.link_growth)."""
    added: list[int] = []
    real = aggregate_family.link_growth

    def spy(*args: Any, **kwargs: Any) -> int:
        added.append(real(*args, **kwargs))
        return added[-1]

    monkeypatch.setattr(aggregate_family, "link_growth", spy)
    return added


def test_a_late_night_revision_passes_the_audit_with_every_count_at_least_its_old_self(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    late = DAYS[9]
    revised, previous, added = _revision(monkeypatch, True, {late})
    # One call per family (visits, SOS, cameras), each with inequalities for its cells.
    assert len(added) == 3 and all(n > 0 for n in added)
    assert added[0] >= len(previous["front_office_visits_monthly"])
    findings = audit.audit_revision(revised, previous, {late}, K, MONTH)
    assert findings
    assert [f"{f.table} {f.key}" for f in findings if f.width < K - 2 - audit.TOL] == []
    # Counts only rose: no published cell of the revision is below its old published self.
    for table, keys in aggregate_family.REVISION_KEYS.items():
        count = aggregate_family.COUNT_COLUMN[table]
        both = revised[table].merge(
            previous[table],
            on=[*keys, *(["indicator"] if table == "region_indicators" else [])],
            suffixes=("", "_old"),
        )
        rose = pd.to_numeric(both[count]) >= pd.to_numeric(both[f"{count}_old"])
        assert rose[both[count].notna() & both[f"{count}_old"].notna()].all(), table


def test_no_inequality_without_knowing_the_nights_or_for_a_redelivery(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    late = DAYS[9]
    _r, _p, unknown = _revision(monkeypatch, False, {late})
    assert unknown == [0, 0, 0]
    _r, _p, redelivered = _revision(monkeypatch, True, {late, DAYS[3]})  # DAYS[3] was out
    assert redelivered == [0, 0, 0]
    # Nights known and only a late one changed, yet the counts of an office fell (its events
    # of DAYS[3] are gone): the premise does not hold, nothing is assumed for that family.
    _r, _p, fell = _revision(monkeypatch, True, {late}, lost=DAYS[3])
    assert fell[0] == 0


def test_the_nightly_etl_audits_a_late_night_with_the_inequalities(
    demo_landing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real pipeline: September published without its 10th night (October's first
    night completes it), then the late night arrives. The revision knows the nights the old
    publication holds, so every count of September gets new >= old; the joint audit of old
    and new publication (with the inequalities) passes."""
    from data.db import make_engine
    from etl.pipeline import run
    from tests.conftest import make_config

    month, late = date(2026, 9, 1), "2026-09-10"
    nights = sorted(
        p.name
        for p in demo_landing.iterdir()
        if p.is_dir() and "2026-09-01" <= p.name <= "2026-10-01"
    )
    landing = tmp_path / "landing"
    for night in nights:
        if night != late:
            shutil.copytree(demo_landing / night, landing / night)
    # One process: the spy below sees the families made here, not in etl.helper's process
    # (tests/test_etl_helper.py compares this revision made with and without the helper).
    config = make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path, etl_workers=1)
    run(config, landing)
    engine = make_engine(config.database_url)
    try:
        with engine.connect() as conn:
            old = audit.previous_publication(conn, month)
        assert len(old[audit.PUBLISHED_NIGHTS]) == 29  # September without its late night
        added = _spy_on_growth(monkeypatch)
        shutil.copytree(demo_landing / late, landing / late)
        run(config, landing)
        assert len(added) == 3 and all(n > 0 for n in added)
        with engine.connect() as conn:
            new = audit.previous_publication(conn, month)
    finally:
        engine.dispose()
    assert len(new[audit.PUBLISHED_NIGHTS]) == 30
    changed = {date.fromisoformat(late)}
    findings = audit.audit_revision(new, old, changed, K, month)
    assert findings
    assert [f"{f.table} {f.key}" for f in findings if f.width < K - 2 - audit.TOL] == []
