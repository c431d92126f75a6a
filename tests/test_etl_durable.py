"""The durable ETL: a staged night never needs its landing folder again, empty is normal,
local time is each region's own, one run at a time, every publication has its bulk zip."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select, update

from data import schema
from data.db import make_engine
from data.reference import regions_frame
from etl import aggregate, validate
from etl.pipeline import KeptNights, NothingToDo, run
from etl.runlock import AnotherRun, run_lock
from etl.staging import REGISTRY_COLUMNS, STAGED_COLUMNS
from etl.status import collect
from tests.conftest import BOUNDARIES, make_config
from tests.etl_helpers import (
    assert_same_or_more_withheld,
    assert_same_publication,
    etl_process,
    find_leaks,
    personal_values,
    public_values,
    published_snapshot,
)


def _nights(landing: Path) -> list[str]:
    return sorted(p.name for p in landing.iterdir() if p.is_dir())


def _copy(source: Path, target: Path, nights: list[str]) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for night in nights:
        shutil.copytree(source / night, target / night)
    return target


def _correct_visits(night: Path) -> None:
    """A correction of one night: its visits CSV loses its last third of rows."""
    visits = next(p for p in night.iterdir() if p.name.lower() == "front_office_visits.csv")
    lines = visits.read_bytes().splitlines(keepends=True)
    visits.write_bytes(b"".join(lines[: len(lines) * 2 // 3]))


def _csv_visits_night(landing: Path, nights: list[str]) -> str:
    return next(
        n
        for n in nights
        if any(p.name.lower() == "front_office_visits.csv" for p in (landing / n).iterdir())
    )


def _etl(args: list[str], config, workdir: Path) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return etl_process(args, config)


def _without_ids(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["id"], errors="ignore").reset_index(drop=True)


def _same_outside(
    before: dict[str, pd.DataFrame],
    after: dict[str, pd.DataFrame],
    names: Iterable[str],
    column: str,
    touched: set[date],
) -> None:
    """Each table's rows whose `column` (a date or a month) is not touched are unchanged."""
    for name in names:
        old, new = before[name], after[name]
        keep_old = ~pd.to_datetime(old[column]).dt.date.isin(touched)
        keep_new = ~pd.to_datetime(new[column]).dt.date.isin(touched)
        assert keep_old.sum() > 0, name
        pd.testing.assert_frame_equal(
            _without_ids(old[keep_old]), _without_ids(new[keep_new]), check_dtype=False, obj=name
        )


# ---------------------------------------------------------------- the landing may be purged
def test_purged_landing_keeps_every_published_number(demo_landing: Path, tmp_path: Path) -> None:
    """Publish 46 nights (18 August to 2 October); delete the first 30 folders; deliver a new
    night and re-deliver one night of the oldest month: only rows derived from those two
    nights change (September stays as it was), and the result equals a clean run over the
    same deliveries."""
    nights = _nights(demo_landing)
    landing = _copy(demo_landing, tmp_path / "landing", nights[:46])
    config = make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path / "w")
    run(config, landing)
    before = published_snapshot(config.database_url)

    corrected_night = _csv_visits_night(landing, nights[:10])
    full = _copy(demo_landing, tmp_path / "full", nights[:47])  # what was ever delivered
    _correct_visits(full / corrected_night)
    for night in nights[:30]:
        shutil.rmtree(landing / night)
    shutil.copytree(full / corrected_night, landing / corrected_night)
    shutil.copytree(demo_landing / nights[46], landing / nights[46])
    report = run(config, landing)
    assert sorted(d.isoformat() for d in report.nights) == sorted([corrected_night, nights[46]])
    after = published_snapshot(config.database_url)

    touched_days = {date.fromisoformat(corrected_night), date.fromisoformat(nights[46])}
    touched_months = {d.replace(day=1) for d in touched_days}
    _same_outside(before, after, aggregate.DAILY_TABLES, "date", touched_days)
    # suppression_loss is internal (not published as rows), hence not in the snapshot
    monthly = [name for name in aggregate.MONTHLY_TABLES if name in before]
    _same_outside(before, after, monthly, "month", touched_months)
    assert not after["front_office_visits_daily"].equals(before["front_office_visits_daily"])

    # A clean run over the same deliveries publishes the same numbers. The revision of August
    # is audited against its previous publication (issue 8), so it may withhold more cells
    # than a clean run; it never publishes a different number.
    clean = make_config(f"sqlite:///{tmp_path / 'clean.sqlite'}", tmp_path / "c")
    run(clean, full)
    compared = assert_same_or_more_withheld(published_snapshot(clean.database_url), after)
    assert compared > 1000  # 46 small-scale nights: most event-bearing cells are published


def test_staging_store_holds_no_personal_value(demo_landing: Path, warehouse_config) -> None:  # type: ignore[no-untyped-def]
    values = personal_values(demo_landing) - public_values(demo_landing)
    files = sorted(Path(warehouse_config.staging_dir).rglob("*.parquet"))
    assert files, "the run staged its nights"
    texts = []
    for path in files:
        assert path.stat().st_mode & 0o077 == 0, f"{path} is readable by others"
        table = pq.read_table(path)
        expected = (
            ["facility_id", *REGISTRY_COLUMNS]
            if path.parent.name == "registry"
            else STAGED_COLUMNS[path.stem]
        )
        assert table.column_names == expected, path
        texts.append(table.to_pandas().to_csv(index=False))
        texts.append(path.read_bytes().decode("utf-8", errors="ignore"))
    assert not find_leaks("\n".join(texts), values)


# ---------------------------------------------------------------- empty is normal
def test_an_empty_month_of_sos_does_not_crash(demo_landing: Path, tmp_path: Path) -> None:
    """A month whose only SOS files lack a required column publishes the other tables."""
    nights = [n for n in _nights(demo_landing) if n >= "2026-09-25"][:10]  # to 2026-10-04
    landing = _copy(demo_landing, tmp_path / "landing", nights)
    for night in nights:
        for path in (landing / night).iterdir():
            if path.stem.lower() == "sos_activations":
                path.unlink()
                (landing / night / "sos_activations.csv").write_text(
                    "event_id,button_id,category,outcome\n1,SOS-01-001,test,no_action\n"
                )
    config = make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path / "w")
    report = run(config, landing)
    assert report.rows_in == report.rows_loaded + report.rows_quarantined
    snapshot = published_snapshot(config.database_url)
    for name in ("sos_activations_regional", "sos_activations_monthly"):
        # September is complete and had no SOS row: true zeros (or no row), nothing else
        assert (snapshot[name]["activations"].fillna(0) == 0).all(), name
    assert snapshot["sos_response_regional"]["answer_median_s"].isna().all()
    assert len(snapshot["front_office_visits_daily"]) > 0
    assert len(snapshot["region_indicators"]) > 0


def test_aggregation_of_nothing_gives_empty_tables() -> None:
    day = date(2026, 3, 31)
    for name, frame in {
        **aggregate.daily_tables({}, day=day, k=5, facilities=None),
        **aggregate.monthly_tables({}, month=day.replace(day=1), k=5, facilities=None),
    }.items():
        if name != "suppression_loss":  # its rows say "0 events, 0 withheld"
            counts = [c for c in ("visits", "activations", "offenses", "value") if c in frame]
            assert frame.empty or (frame[counts].fillna(0) == 0).all().all(), name
        assert list(frame.columns) == [c.name for c in schema.metadata.tables[name].columns]


def test_a_night_with_only_the_registry_and_an_empty_night(
    demo_landing: Path, tmp_path: Path
) -> None:
    nights = _nights(demo_landing)[-6:]
    landing = _copy(demo_landing, tmp_path / "landing", nights)
    for path in (landing / nights[2]).iterdir():
        if path.stem.lower() not in {"facilities", "targets", "demo"}:
            path.unlink()
    for path in (landing / nights[3]).iterdir():
        path.unlink()
    config = make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path / "w")
    report = run(config, landing)
    assert report.publication_id is not None
    visits = published_snapshot(config.database_url)["front_office_visits_daily"]
    visited = visits[visits["visits"].fillna(1) > 0]  # true zeros aside
    days = set(pd.to_datetime(visited["date"]).dt.date.astype(str))
    assert nights[2] not in days and nights[3] not in days and nights[4] in days


# ---------------------------------------------------------------- re-delivered with nothing
def test_a_published_night_emptied_keeps_its_publication(
    demo_landing: Path, tmp_path: Path
) -> None:
    nights = _nights(demo_landing)[-5:]
    landing = _copy(demo_landing, tmp_path / "landing", nights)
    config = make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path / "w")
    run(config, landing)
    before = published_snapshot(config.database_url)
    for path in (landing / nights[1]).iterdir():
        path.unlink()
    (landing / nights[1] / "notes.txt").write_text("half-copied")
    with pytest.raises(KeptNights):
        run(config, landing)
    assert_same_publication(before, published_snapshot(config.database_url))
    result = _etl(["run", "--landing", str(landing)], config, tmp_path)
    assert result.returncode == 3, result.stderr
    assert "publication is kept" in result.stderr


# ---------------------------------------------------------------- local time per region
def _sos_frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": [f"E{i}" for i in range(len(rows))],
            "activated_at": [at for at, _b, _ in rows],
            "button_id": [b for _a, b, _ in rows],
            "category": "assistance",
            "outcome": "advice_given",
        },
        dtype="str",
    )


@pytest.mark.parametrize(
    ("at", "button", "local_day"),
    [
        # East (Almaty city): UTC+6 until 2024-03-01, UTC+5 after.
        ("2024-02-29T00:15+06:00", "SOS-75", "2024-02-29"),
        ("2024-02-28T18:15Z", "SOS-75", "2024-02-29"),
        ("2024-03-01T00:15+05:00", "SOS-75", "2024-03-01"),
        ("2024-02-29T00:15", "SOS-75", "2024-02-29"),  # no offset: local time already
        # West (Mangystau): UTC+5 throughout.
        ("2024-02-29T00:15+06:00", "SOS-47", "2024-02-28"),
        ("2024-02-28T19:15Z", "SOS-47", "2024-02-29"),
        ("2024-03-01T00:15+05:00", "SOS-47", "2024-03-01"),
        ("2024-02-29T23:59", "SOS-47", "2024-02-29"),
    ],
)
def test_an_event_day_is_its_regions_local_date(at: str, button: str, local_day: str) -> None:
    facilities = pd.DataFrame(
        {"type": ["sos_button", "sos_button"], "kato": ["751110000", "471010000"]},
        index=pd.Index(["SOS-75", "SOS-47"], name="facility_id"),
    )
    regions = regions_frame()[["iso_code", "kato_prefix"]]
    night = date.fromisoformat(local_day)
    result = validate.validate(
        "sos_activations",
        _sos_frame([(at, button, "")]),
        night=night,
        facilities=facilities,
        regions=regions,
    )
    assert result.rejected.empty, result.rejected
    assert result.clean["date"].dt.date.tolist() == [night]


# ---------------------------------------------------------------- one run at a time
def _database_urls(tmp_path: Path) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'lock.sqlite'}"]
    if os.environ.get("TEST_DATABASE_URL"):
        urls.append(os.environ["TEST_DATABASE_URL"])
    return urls


def test_a_second_run_exits_while_one_is_running(demo_landing: Path, tmp_path: Path) -> None:
    landing = _copy(demo_landing, tmp_path / "landing", _nights(demo_landing)[-2:])
    for url in _database_urls(tmp_path):
        config = make_config(url, tmp_path / "w")
        engine = make_engine(url)
        try:
            from etl.pipeline import prepare

            prepare(engine)
            with run_lock(engine):
                with pytest.raises(AnotherRun):
                    run(config, landing)
                result = _etl(["run", "--landing", str(landing)], config, tmp_path)
                assert result.returncode == 0, result.stderr
                assert "another run is in progress" in result.stdout
        finally:
            engine.dispose()


def test_status_tells_a_dead_run_from_a_live_one(tmp_path: Path) -> None:
    for url in _database_urls(tmp_path):
        engine = make_engine(url)
        try:
            from etl.pipeline import prepare

            prepare(engine)
            with engine.begin() as conn:
                conn.execute(schema.etl_runs.delete())
                conn.execute(
                    schema.etl_runs.insert().values(
                        id=1,
                        started_at=pd.Timestamp("2026-12-01", tz="UTC").to_pydatetime(),
                        status="running",
                        nights=[],
                        quarantine_reasons={},
                    )
                )
            assert collect(engine)["last_run"]["status"] == "dead"
            with run_lock(engine):
                assert collect(engine)["last_run"]["status"] == "running"
            with engine.begin() as conn:
                conn.execute(update(schema.etl_runs).values(status="abandoned"))
                conn.execute(schema.etl_runs.delete())
        finally:
            engine.dispose()


# ---------------------------------------------------------------- bulk zip for every publication
@pytest.mark.skipif(not BOUNDARIES.exists(), reason="needs ../shared/geo boundaries")
def test_every_publication_has_its_bulk_zip(demo_landing: Path, tmp_path: Path) -> None:
    landing = _copy(demo_landing, tmp_path / "landing", _nights(demo_landing)[-3:])
    config = make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path / "w")
    first = run(config, landing)
    assert (config.export_dir / str(first.publication_id) / "latest.zip").is_file()
    result = _etl(["load-boundaries", str(BOUNDARIES)], config, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (config.export_dir / str(first.publication_id + 1) / "latest.zip").is_file()
    result = _etl(["rebuild-bulk"], config, tmp_path)
    assert result.returncode == 0, result.stderr
    for _ in range(4):
        _etl(["load-boundaries", str(BOUNDARIES)], config, tmp_path)
    kept = sorted(int(p.name) for p in config.export_dir.iterdir() if p.name.isdigit())
    assert len(kept) == 3 and kept[-1] == first.publication_id + 5
    with pytest.raises(NothingToDo):
        run(config, landing)
    engine = make_engine(config.database_url)
    with engine.connect() as conn:
        latest = (
            conn.execute(select(schema.publications.c.id).order_by(schema.publications.c.id.desc()))
            .scalars()
            .first()
        )
    engine.dispose()
    assert latest == kept[-1]
    assert np.all(np.diff(kept) == 1)


def test_bulk_zip_reuses_unchanged_months_and_equals_a_full_build(
    demo_landing: Path, tmp_path: Path
) -> None:
    import zipfile

    from etl.bulk import build_bulk
    from etl.bulk_segments import SEGMENTS

    nights = _nights(demo_landing)
    landing = _copy(demo_landing, tmp_path / "landing", nights[-40:-1])
    config = make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path / "w")
    run(config, landing)
    segments = config.export_dir / SEGMENTS / "front_office_visits_daily"
    before = {p.name: p.stat().st_mtime_ns for p in segments.glob("*.*")}
    assert len(before) >= 4
    shutil.copytree(demo_landing / nights[-1], landing / nights[-1])
    report = run(config, landing)
    after = {p.name: p.stat().st_mtime_ns for p in segments.glob("*.*")}
    day = nights[-1]  # daily datasets are cached day by day: only the new day is made
    reused = {n for n in before if n in after}
    assert reused and all(not n.startswith(day) for n in reused)
    assert all(after[n] == before[n] for n in reused)  # not written again
    # CSV segment and Parquet piece alike
    assert {n.split(".", 1)[1].split(".")[-1] for n in reused} == {"deflate", "parquet"}
    assert {n.split(".")[0] for n in set(after) - set(before)} == {day}

    incremental = config.export_dir / str(report.publication_id) / "latest.zip"
    engine = make_engine(config.database_url)
    full = build_bulk(engine, report.publication_id, tmp_path / "full-exports")
    engine.dispose()
    with zipfile.ZipFile(incremental) as a, zipfile.ZipFile(full) as b:
        assert a.testzip() is None
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name not in ("datapackage.json", "SHA256SUMS"):
                assert a.read(name) == b.read(name), name
        # The Parquet member assembled from cached pieces is the file the rows make.
        _assert_parquet_as_from_rows(
            a.read("data/front_office_visits_daily.parquet"), config, report.publication_id
        )


def _assert_parquet_as_from_rows(blob: bytes, config, publication_id: int) -> None:  # type: ignore[no-untyped-def]
    import io

    import pyarrow.parquet as pq

    from data.catalog import DATASETS
    from data.parquet import file_metadata, write_parquet
    from data.publications import publication_by_id
    from data.queries import Filters, iter_rows

    dataset = DATASETS["front_office_visits_daily"]
    engine = make_engine(config.database_url)
    with engine.connect() as conn:
        publication = publication_by_id(conn, publication_id)
        sink = io.BytesIO()
        count = write_parquet(
            iter_rows(conn, dataset, Filters()),
            dataset,
            dataset.field_names,
            sink,
            metadata=file_metadata(dataset, publication, config.suppression_k),
        )
    engine.dispose()
    got, want = pq.ParquetFile(io.BytesIO(blob)), pq.ParquetFile(io.BytesIO(sink.getvalue()))
    assert count > 0 and got.metadata.num_rows == count
    assert got.schema_arrow.equals(want.schema_arrow, check_metadata=True)
    assert got.read().equals(want.read())
    assert [got.metadata.row_group(i).num_rows for i in range(got.num_row_groups)] == [
        want.metadata.row_group(i).num_rows for i in range(want.num_row_groups)
    ]


def test_fingerprint_cache_hashes_a_night_again_only_when_its_files_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    from datetime import date

    from etl.fingerprints import FingerprintCache
    from etl.landing import Night

    folder = tmp_path / "landing" / "2026-10-01"
    folder.mkdir(parents=True)
    (folder / "sos_activations.csv").write_text("event_id\n1\n")
    night = Night(date(2026, 10, 1), folder)
    first = FingerprintCache(tmp_path / "staging").fingerprint(night)
    cache = FingerprintCache(tmp_path / "staging")
    cache.fingerprint(night)
    cache.save([night.day])
    assert oct(os.stat(tmp_path / "staging" / "FINGERPRINTS.json").st_mode & 0o777) == "0o600"

    calls = []
    real = Night.fingerprint
    monkeypatch.setattr(Night, "fingerprint", lambda self: calls.append(1) or real(self))
    assert FingerprintCache(tmp_path / "staging").fingerprint(night) == first
    assert calls == []  # unchanged files: not hashed again

    # Same size, mtime put back: the content changed, so the kernel's ctime did too.
    stat = (folder / "sos_activations.csv").stat()
    (folder / "sos_activations.csv").write_text("event_id\n2\n")
    os.utime(folder / "sos_activations.csv", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = FingerprintCache(tmp_path / "staging").fingerprint(night)
    assert calls == [1]
    assert again == real(night) != first


def test_nights_hashed_ahead_give_the_same_fingerprints_and_a_changed_one_is_hashed_again(
    tmp_path: Path,
) -> None:
    """etl run hashes the landing while it imports (HashingAhead): a hash is used only while
    its night's files are as they were, nights the cache knows are not hashed ahead, and a
    folder that is not a night is left alone."""
    import os
    from datetime import date

    from etl.fingerprints import FingerprintCache, HashingAhead
    from etl.landing import Night

    landing = tmp_path / "landing"
    nights = []
    for day in (1, 2, 3):
        folder = landing / f"2026-10-0{day}"
        folder.mkdir(parents=True)
        (folder / "sos_activations.csv").write_text(f"event_id\n{day}\n")
        nights.append(Night(date(2026, 10, day), folder))
    (landing / "2026-02-30").mkdir()  # not a real date
    (landing / "notes.txt").write_text("not a night")
    plain = {n.day: n.fingerprint() for n in nights}
    known = FingerprintCache(tmp_path / "staging")
    known.fingerprint(nights[0])
    known.save([nights[0].day])

    ahead = HashingAhead(landing, tmp_path / "staging")
    try:
        assert sorted(ahead._hashes) == [n.day for n in nights]
        assert ahead._hashes[nights[0].day].result() is None  # the cache knows it as it is
        ahead._hashes[nights[2].day].result()
        # changed after it was hashed ahead: same size, mtime put back (ctime moves)
        changed = nights[2].path / "sos_activations.csv"
        stat = changed.stat()
        changed.write_text("event_id\n9\n")
        os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        got = FingerprintCache(tmp_path / "staging", ahead).fingerprints(nights)
    finally:
        ahead.close()
    assert got[nights[0].day] == plain[nights[0].day]
    assert got[nights[1].day] == plain[nights[1].day]
    assert got[nights[2].day] == nights[2].fingerprint() != plain[nights[2].day]
    assert list(ahead._hashes) == [nights[0].day]  # the others taken, once


# ---------------------------------------------------------------- true zeros follow their day
def test_true_zeros_follow_the_registry_in_force_that_day(
    demo_landing: Path, tmp_path: Path
) -> None:
    """A snapshot that closes every front office on 27 October removes the zero rows from
    that day on, and leaves the earlier days' zero rows as they were: a day's zeros come
    from the snapshot in force that day, not from the newest one the run knows (which made
    a clean run and a night-by-night publication list different zero rows)."""
    nights = [n for n in _nights(demo_landing) if n >= "2026-10-13"]
    published = {}
    for variant in ("as_delivered", "closed"):
        landing = _copy(demo_landing, tmp_path / variant, nights)
        if variant == "closed":
            path = landing / "2026-10-27" / "facilities.csv"
            registry = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
            registry.loc[registry["type"] == "front_office", "status"] = "closed"
            registry.to_csv(path, sep=";", index=False)
        config = make_config(f"sqlite:///{tmp_path / variant}.sqlite", tmp_path / f"w-{variant}")
        run(config, landing)
        visits = published_snapshot(config.database_url)["front_office_visits_daily"]
        visits["date"] = pd.to_datetime(visits["date"]).dt.date.astype(str)
        published[variant] = visits.drop(columns=["id"])
    before, after = (
        published[v][published[v]["date"] < "2026-10-27"] for v in ("as_delivered", "closed")
    )
    assert (before["visits"] == 0).sum() > 0  # the small demo has offices without visits
    pd.testing.assert_frame_equal(before.reset_index(drop=True), after.reset_index(drop=True))
    late = published["closed"][published["closed"]["date"] >= "2026-10-27"]
    assert len(late) and not (late["visits"] == 0).any()
