"""Issue 8: the published grains, true zeros, and the attacker's audit on small data.

Synthetic events (two regions, a handful of facilities, one month) keep these tests fast; the
audit of a whole demo warehouse is `python -m etl audit` (see README, "The audit").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine, insert, update

from data import schema
from etl import aggregate, aggregate_visits, audit, suppression
from etl.load import records

K = 5
MONTH = date(2026, 10, 1)
DAYS = [MONTH + timedelta(days=i) for i in range(31)]


def facilities() -> pd.DataFrame:
    rows = []
    for region, prefix in (("KZ-59", "59"), ("KZ-71", "71")):
        for n in range(1, 5):
            rows.append(
                (f"FO-{prefix}-00{n}", "front_office", f"{prefix}{n}000000", region, "operating")
            )
        for n in range(1, 4):
            rows.append(
                (f"SOS-{prefix}-00{n}", "sos_button", f"{prefix}1000000", region, "operating")
            )
        for n in range(1, 3):
            rows.append((f"CAM-{prefix}-{n}", "camera", f"{prefix}{n}000000", region, "operating"))
    frame = pd.DataFrame(rows, columns=["facility_id", "type", "kato", "region", "status"])
    return frame.set_index("facility_id")


def events(seed: int = 3) -> dict[str, pd.DataFrame]:
    """FO-59-004 has no visit at all (a true zero); FO-71-004 only 2 visits on one day."""
    rng = np.random.default_rng(seed)
    fac = facilities()
    visits, sos, cam = [], [], []
    for office, row in fac[fac["type"] == "front_office"].iterrows():
        if office == "FO-59-004":
            continue
        for day in DAYS:
            n = 2 if office == "FO-71-004" else int(rng.poisson(30))
            if office == "FO-71-004" and day != DAYS[9]:
                continue
            for i in range(n):
                visits.append(
                    {
                        "visit_id": f"{office}-{day}-{i}",
                        "at": datetime(  # noqa: DTZ001 (local, as extracts give it)
                            day.year,
                            day.month,
                            day.day,
                            10,
                        ),
                        "date": pd.Timestamp(day),
                        "office_id": office,
                        "region": row["region"],
                        "district_kato": row["kato"],
                        "channel": rng.choice(["walk_in", "video_call_102", "online"]),
                        "topic": rng.choice(["consultation", "statement", "certificate"]),
                        "outcome": rng.choice(["resolved", "pending"]),
                        "wait_minutes": int(rng.integers(0, 30)),
                        "satisfaction": int(rng.integers(1, 6)),
                    }
                )
    for button, row in fac[fac["type"] == "sos_button"].iterrows():
        for i in range(int(rng.integers(2, 40))):
            sos.append(
                {
                    "event_id": f"{button}-{i}",
                    "date": pd.Timestamp(rng.choice(DAYS)),
                    "button_id": button,
                    "region": row["region"],
                    "district_kato": row["kato"],
                    "category": rng.choice(["emergency", "assistance", "false_alarm"]),
                    "answered_after_s": int(rng.integers(1, 60)),
                    "patrol_arrival_min": float(rng.integers(3, 30)),
                    "outcome": "advice_given",
                }
            )
    for camera, row in fac[fac["type"] == "camera"].iterrows():
        for i in range(int(rng.integers(3, 60))):
            kind = rng.choice(["criminal", "administrative"])
            cam.append(
                {
                    "record_id": f"{camera}-{i}",
                    "date": pd.Timestamp(rng.choice(DAYS)),
                    "camera_id": camera,
                    "district_kato": row["kato"],
                    "region": row["region"],
                    "kind": kind,
                    "category": "theft" if kind == "criminal" else "traffic_speeding",
                    "status": "solved" if kind == "criminal" else "detected",
                }
            )
    return {
        "front_office_visits": pd.DataFrame(visits),
        "sos_activations": pd.DataFrame(sos),
        "camera_offenses": pd.DataFrame(cam),
    }


def daily_all(ev: dict[str, pd.DataFrame]) -> pd.DataFrame:
    visits = ev["front_office_visits"]
    frames = []
    for day in DAYS:
        mine = {"front_office_visits": visits[visits["date"] == pd.Timestamp(day)]}
        frames.append(
            aggregate.daily_tables(mine, day=day, k=K, facilities=facilities())[
                "front_office_visits_daily"
            ]
        )
    return pd.concat(frames, ignore_index=True)


def published_without(ev: dict[str, pd.DataFrame], late: date) -> dict[str, pd.DataFrame]:
    """The month's tables as published before the night `late` arrived, daily cells included."""
    before = {t: e[e["date"] != pd.Timestamp(late)] for t, e in ev.items()}
    previous = aggregate.monthly_tables(before, month=MONTH, k=K, facilities=facilities())
    daily_old = daily_all(before)
    previous["front_office_visits_daily"] = daily_old[daily_old["date"] != late]
    return previous


@pytest.fixture(scope="module")
def published() -> dict[str, pd.DataFrame]:
    ev = events()
    out = aggregate.monthly_tables(ev, month=MONTH, k=K, facilities=facilities())
    out["front_office_visits_daily"] = daily_all(ev)
    return out


def test_tables_have_exactly_the_schema_columns_and_unique_ids(published) -> None:
    assert set(published) == set(aggregate.DAILY_TABLES) | set(aggregate.MONTHLY_TABLES)
    for name, frame in published.items():
        assert list(frame.columns) == [c.name for c in schema.metadata.tables[name].columns]
        assert frame["id"].is_unique, name
    other_day = aggregate.daily_tables({}, day=DAYS[1], k=K, facilities=facilities())
    first = published["front_office_visits_daily"]
    assert not set(first["id"]) & set(other_day["front_office_visits_daily"]["id"]) - set(
        first.loc[first["date"] == DAYS[1], "id"]
    )


def test_true_zeros_and_region_names(published) -> None:
    daily = published["front_office_visits_daily"]
    zero = daily[daily["office_id"] == "FO-59-004"]
    assert len(zero) == len(DAYS) and (zero["visits"] == 0).all() and not zero["suppressed"].any()
    offices = published["front_office_offices_monthly"].set_index("office_id")
    assert offices.loc["FO-59-004", "visits"] == 0
    assert (published["front_office_visits_regional"]["region_name_en"].notna()).all()
    assert set(published["sos_activations_regional"]["region_name_ru"]) >= {
        "Северо-Казахстанская область"
    }


def test_empty_inputs_give_zero_tables_not_errors() -> None:
    out = aggregate.monthly_tables({}, month=MONTH, k=K, facilities=facilities())
    assert (out["sos_activations_monthly"]["activations"] == 0).all()
    assert len(out["sos_activations_monthly"]) == 6
    empty = aggregate.monthly_tables(
        {"sos_activations": pd.DataFrame()}, month=MONTH, k=K, facilities=None
    )
    assert all(len(f) == 0 for n, f in empty.items() if n != "suppression_loss")
    daily = aggregate.daily_tables({}, day=MONTH, k=K, facilities=None)
    assert len(daily["front_office_visits_daily"]) == 0


def test_a_small_office_month_is_withheld_with_its_breakdown(published) -> None:
    """FO-71-004 has one daily cell of 2: published, its monthly total minus the other days
    would give it back, so the total and every breakdown cell (zeros too) are withheld."""
    daily = published["front_office_visits_daily"]
    small = daily[(daily["office_id"] == "FO-71-004") & daily["suppressed"]]
    assert len(small) == 1 and small["visits"].isna().all()
    offices = published["front_office_offices_monthly"].set_index("office_id")
    assert offices.loc["FO-71-004", "suppressed"]
    breakdown = published["front_office_visits_monthly"]
    assert breakdown.loc[breakdown["office_id"] == "FO-71-004", "suppressed"].all()


def test_medians_only_on_k_values(published) -> None:
    offices = published["front_office_offices_monthly"]
    assert offices.loc[offices["suppressed"], "wait_median_min"].isna().all()
    assert offices.loc[offices["office_id"] == "FO-59-004", "wait_median_min"].isna().all()


def test_the_audit_finds_the_classic_leak() -> None:
    """One hidden cell under a published total is pinned exactly; two hidden cells of 1
    and 2 under it are pinned to a range of 2 < k-2; a cell of >= k beside them frees both."""
    system = suppression.System()
    cells = system.add("t", pd.Series([3, 10, 20, 33]))
    system.relate([cells[3]], cells[:3])
    value, _h, _f, capped = system.arrays()
    hidden = np.array([True, False, False, False])
    assert audit.pinned(
        np.where(hidden, np.nan, value), hidden, capped, system.relations, K
    ).tolist() == [True, False, False, False]
    system2 = suppression.System()
    c2 = system2.add("t", pd.Series([1, 2, 20, 23]))
    system2.relate([c2[3]], c2[:3])
    value2 = system2.arrays()[0]
    hidden2 = np.array([True, True, False, False])
    assert audit.pinned(
        np.where(hidden2, np.nan, value2), hidden2, np.zeros(4, bool), system2.relations, K
    )[:2].all()
    protected = suppression.protect(system2, K, auditor=audit.widths)
    assert protected.tolist() == [True, True, True, False]
    assert not audit.pinned(
        np.where(protected, np.nan, value2), protected, np.zeros(4, bool), system2.relations, K
    ).any()


@pytest.fixture()
def warehouse(tmp_path, published) -> str:
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    engine = create_engine(url)
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        for name, frame in published.items():
            if len(frame):
                conn.execute(insert(schema.metadata.tables[name]), records(frame))
    engine.dispose()
    return url


def test_audit_of_a_published_warehouse_passes_and_catches_tampering(warehouse) -> None:
    engine = create_engine(warehouse)
    findings, summary = audit.audit_warehouse(engine, K)
    assert findings and min(f.width for f in findings) >= K - 2 - audit.TOL
    assert "front_office_visits_daily" in set(summary["table"])
    # Publish FO-71-004's monthly total (2): its one hidden daily cell is then pinned at 2.
    t = schema.front_office_offices_monthly
    with engine.begin() as conn:
        conn.execute(
            update(t).where(t.c.office_id == "FO-71-004").values(visits=2, suppressed=False)
        )
    findings, _ = audit.audit_warehouse(engine, K)
    pinned = [f for f in findings if f.width < K - 2 - audit.TOL]
    assert any(
        f.table == "front_office_visits_daily" and "FO-71-004" in f.key and f.low == f.high == 2
        for f in pinned
    )
    engine.dispose()


def test_retired_ids_answer_gone_with_successors() -> None:
    from api.errors import from_query_error
    from data.catalog import CHANGELOG, RETIRED
    from data.queries import get_dataset
    from data.query_errors import QueryError

    with pytest.raises(QueryError) as caught:
        get_dataset("sos_activations_daily")
    error = from_query_error(caught.value)
    assert error.status == 410 and error.code == "gone"
    assert (
        '</api/v1/datasets/sos_activations_regional>; rel="successor-version"'
        in (error.headers["Link"])
    )
    assert set(CHANGELOG[0]["retired"]) == set(RETIRED)


def _joint_pinned(
    new: dict[str, pd.DataFrame], previous: dict[str, pd.DataFrame], late: date
) -> list[str]:
    """The attacker with both publications: hidden cells pinned below k-2."""

    def pub(name: str) -> pd.DataFrame:
        frame = new[name].copy()
        for c in ("visits", "value"):
            if c in frame.columns:
                frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
        return frame

    ri = pub("region_indicators")
    fam = aggregate.visit_family(
        pub("front_office_visits_daily"),
        pub("front_office_offices_monthly"),
        pub("front_office_visits_monthly"),
        pub("front_office_visits_regional"),
        ri[ri["indicator"] == "front_office_visits"],
    )
    aggregate_visits.link_previous(fam, previous, {late})
    findings, _ = audit.audit_system("visits", MONTH, fam.system, fam.frames, K)
    return [f"{f.table} {f.key}" for f in findings if f.width < K - 2 - audit.TOL]


def test_a_late_night_is_published_as_an_audited_revision() -> None:
    """The late night is FO-71-004's only day with visits (2): against the old publication
    the new one shows the jump of the totals. Published as a revision (the old publication
    in the same linear program, unchanged days tied to their old selves), the audit over
    both publications passes, and the old cells stay as they were published."""
    ev = events()
    late = DAYS[9]
    previous = published_without(ev, late)
    daily_new = daily_all(ev)
    revised = aggregate.monthly_tables(
        ev, month=MONTH, k=K, facilities=facilities(), previous=previous, changed_days={late}
    )
    revised["front_office_visits_daily"] = daily_new
    assert _joint_pinned(revised, previous, late) == []
    offices = revised["front_office_offices_monthly"].set_index("office_id")
    assert offices.loc["FO-71-004", "suppressed"]


def test_etl_audit_command(warehouse, monkeypatch, capsys) -> None:
    from etl.cli import main

    monkeypatch.setenv("DATABASE_URL", warehouse)
    assert main(["audit", "--worst", "3"]) == 0
    out = capsys.readouterr().out
    assert "passed: no suppressed cell can be pinned" in out and "narrowest cells:" in out


def test_a_redelivery_that_moves_one_press_hides_both_buttons() -> None:
    """The issue's case: a re-delivered night moves one press from one button to another;
    both counts change by 1, so both are withheld in the revision (and protected)."""
    ev = events()
    previous = aggregate.monthly_tables(ev, month=MONTH, k=K, facilities=facilities())
    old = previous["sos_activations_monthly"].set_index("button_id")
    published = old[~old["suppressed"]].index
    sos = ev["sos_activations"].copy()
    moved = sos.index[sos["button_id"] == published[0]][0]
    sos.loc[moved, "button_id"] = published[1]
    revised = aggregate.monthly_tables(
        {**ev, "sos_activations": sos}, month=MONTH, k=K, facilities=facilities(), previous=previous
    )
    new = revised["sos_activations_monthly"].set_index("button_id")
    assert new.loc[published[0], "suppressed"] and new.loc[published[1], "suppressed"]
    assert new["suppressed"].sum() >= 2
