"""The facility index writes only what changed (etl.registry.FacilityIndex.save): after any
sequence of snapshots, late ones included, the warehouse holds exactly the index in memory,
on SQLite and on PostgreSQL."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine, select

from data import schema
from etl.registry import INDEX_COLUMNS, FacilityIndex, _last_seen_moves

TYPES = ["front_office", "modular_post", "camera"]
STATUSES = ["operating", "closed"]


def _snapshot(ids: list[str], changed: random.Random | None = None) -> pd.DataFrame:
    """A snapshot of `ids`: each id's usual type and status, or random ones (`changed`)."""
    rngs = [changed or random.Random(i) for i in ids]
    return pd.DataFrame(
        {
            "facility_id": ids,
            "type": [r.choice(TYPES) for r in rngs],
            "kato": ["751110000"] * len(ids),
            "region": ["KZ-75"] * len(ids),
            "status": [r.choice(STATUSES) for r in rngs],
        }
    )


def _stored(engine: Engine) -> pd.DataFrame:
    t = schema.facility_index
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.facility_id, *[t.c[c] for c in INDEX_COLUMNS])).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=["facility_id", *INDEX_COLUMNS])
    return frame.set_index("facility_id").sort_index()


def _same(engine: Engine, index: FacilityIndex) -> None:
    stored = _stored(engine)
    expected = index.frame.sort_index()[INDEX_COLUMNS]
    expected = expected.assign(last_seen=pd.to_datetime(expected["last_seen"]).dt.date)
    assert stored.astype(object).equals(expected.astype(object))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'index.sqlite'}"
    else:
        url = request.getfixturevalue("pg_database")("fidx")
    made = create_engine(url)
    schema.facility_index.create(made)
    yield made
    made.dispose()


def test_a_sequence_of_snapshots_is_stored_exactly(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int]] = []  # (UPDATEs, ids rewritten) of each save

    def counted(stored: pd.DataFrame, current: pd.DataFrame):  # type: ignore[no-untyped-def]
        moves, rewrite = _last_seen_moves(stored, current)
        seen.append((len(moves), len(rewrite)))
        return moves, rewrite

    monkeypatch.setattr("etl.registry._last_seen_moves", counted)
    rng = random.Random(7)
    universe = [f"F{i:05d}" for i in range(400)]
    first = date(2026, 1, 3)
    for run in range(30):
        with engine.begin() as conn:
            index = FacilityIndex.load(conn)
            # this week's snapshot, sometimes a second one, sometimes a late, older one
            nights = [first + timedelta(days=7 * run)]
            if rng.random() < 0.3:
                nights.append(first + timedelta(days=7 * run + 1))
            if rng.random() < 0.3:
                nights.append(first + timedelta(days=7 * rng.randint(0, run)))
            for night in nights:
                if rng.random() < 0.5:  # the whole registry again, most of it unchanged
                    kept = universe
                else:  # a shorter one: facilities left out
                    kept = [i for i in universe[: rng.randint(100, 400)] if rng.random() > 0.05]
                snapshot = _snapshot(kept, rng if rng.random() < 0.3 else None)
                index.update(snapshot, night)
            index.save(conn)
        _same(engine, index)
    # both ways of writing were taken: one UPDATE per night, and ids written again
    assert any(updates for updates, _ in seen)
    assert any(rewritten for _, rewritten in seen)


def test_a_weekly_snapshot_seen_again_moves_last_seen_with_one_update() -> None:
    stored = _snapshot(["A", "B", "C"]).set_index("facility_id")
    stored["last_seen"] = date(2026, 10, 24)
    current = stored.assign(last_seen=date(2026, 10, 31))
    moves, rewrite = _last_seen_moves(stored, current)
    assert moves == [(date(2026, 10, 24), date(2026, 10, 31), [])]
    assert rewrite.empty


def test_an_id_left_out_of_the_new_snapshot_stays_behind_its_nights_update() -> None:
    stored = _snapshot(["A", "B", "C"]).set_index("facility_id")
    stored["last_seen"] = date(2026, 10, 24)
    current = stored.copy()
    current.loc[["A", "B"], "last_seen"] = date(2026, 10, 31)  # C closed down: not seen
    current.loc["D"] = ["camera", "751110000", "KZ-75", "operating", date(2026, 10, 31)]
    moves, rewrite = _last_seen_moves(stored, current)
    assert moves == [(date(2026, 10, 24), date(2026, 10, 31), ["C"])]  # C stays behind
    assert sorted(rewrite) == ["D"]


def test_two_nights_moving_in_one_run_do_not_move_each_other(engine: Engine) -> None:
    """A re-delivered snapshot of 24 October (the ids last seen on the 17th) and a new one
    of the 31st (those last seen on the 24th), saved together: an UPDATE 17th -> 24th run
    before the UPDATE 24th -> 31st would move the first ids twice."""
    w, n, m = date(2026, 10, 17), date(2026, 10, 24), date(2026, 10, 31)
    with engine.begin() as conn:
        index = FacilityIndex.load(conn)
        index.update(_snapshot(["A", "B"]), w)
        index.update(_snapshot(["B"]), n)
        index.save(conn)
    with engine.begin() as conn:
        index = FacilityIndex.load(conn)
        index.update(_snapshot(["A"]), n)
        index.update(_snapshot(["B"]), m)
        index.save(conn)
    _same(engine, index)
    assert _stored(engine)["last_seen"].to_dict() == {"A": n, "B": m}
