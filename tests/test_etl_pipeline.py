"""The nightly ETL end to end on SQLite: accounting, suppression, idempotency, re-delivery,
atomicity under kill -9, and privacy of the warehouse file."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, func, select

from data import schema
from data.db import make_engine
from etl.pipeline import NothingToDo, run
from etl.status import collect
from tests.conftest import ROOT, make_config
from tests.etl_helpers import (
    assert_same_or_more_withheld,
    assert_same_publication,
    find_leaks,
    personal_values,
    public_values,
    published_snapshot,
)


def _status(database_url: str) -> dict:
    engine = make_engine(database_url)
    try:
        return collect(engine)
    finally:
        engine.dispose()


def _etl(args: list[str], database_url: str, workdir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "QUARANTINE_DIR": str(workdir / "quarantine"),
        "EXPORT_DIR": str(workdir / "exports"),
        "STAGING_DIR": str(workdir / "staging"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "etl", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _copy_landing(source: Path, target: Path, nights: list[str] | None = None) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for night in sorted(p for p in source.iterdir() if p.is_dir()):
        if nights is None or night.name in nights:
            shutil.copytree(night, target / night.name)
    return target


def _nights(landing: Path) -> list[str]:
    return sorted(p.name for p in landing.iterdir() if p.is_dir())


# ---------------------------------------------------------------- accounting and status
def test_every_row_is_loaded_or_quarantined(warehouse_url: str) -> None:
    status = _status(warehouse_url)
    assert status["rows_in"] > 0
    assert status["rows_in"] == status["rows_loaded"] + status["rows_quarantined"]
    assert sum(status["quarantine_reasons"].values()) == status["rows_quarantined"]
    engine = create_engine(warehouse_url)
    with engine.connect() as conn:
        files = pd.DataFrame(conn.execute(select(schema.etl_files)).mappings().all())
        quarantined = conn.execute(select(func.count()).select_from(schema.quarantine))
        assert quarantined.scalar_one() == files["rows_quarantined"].sum()
    assert (files["rows_in"] == files["rows_loaded"] + files["rows_quarantined"]).all()


def test_dirty_rows_are_quarantined_with_their_reason(warehouse_url: str) -> None:
    reasons = _status(warehouse_url)["quarantine_reasons"]
    expected = {
        "unknown_facility",
        "out_of_range",
        "invalid_timestamp",
        "invalid_category",
        "missing_value",
        "duplicate_row",
        "duplicate_id",
        "missing_required_column",
    }
    assert expected <= set(reasons), reasons


def test_status_cli_json_has_the_documented_keys(warehouse_url: str, tmp_path: Path) -> None:
    proc = _etl(["status", "--json"], warehouse_url, tmp_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    status = json.loads(out)
    for key in (
        "publication_id",
        "published_at",
        "datasets",
        "rows_in",
        "rows_loaded",
        "rows_quarantined",
        "quarantine_reasons",
    ):
        assert key in status
    assert status["datasets"]["front_office_visits_daily"] > 0


def test_published_counts_are_never_small(warehouse_config) -> None:  # type: ignore[no-untyped-def]
    """Every published count is 0 (a true zero) or at least k; a withheld one is empty."""
    k = warehouse_config.suppression_k
    snapshot = published_snapshot(warehouse_config.database_url)
    for name, measure in (
        ("front_office_visits_daily", "visits"),
        ("front_office_visits_monthly", "visits"),
        ("front_office_visits_regional", "visits"),
        ("sos_activations_regional", "activations"),
        ("sos_activations_monthly", "activations"),
        ("camera_offenses_district", "offenses"),
        ("camera_offenses_regional", "offenses"),
        ("region_indicators", "value"),
    ):
        frame = snapshot[name]
        assert len(frame), name
        shown = frame.loc[~frame["suppressed"].astype(bool), measure]
        assert ((shown == 0) | (shown >= k)).all(), name
        assert frame.loc[frame["suppressed"].astype(bool), measure].isna().all(), name


def test_the_attack_pins_no_suppressed_cell(warehouse_config) -> None:  # type: ignore[no-untyped-def]
    """The attacker's linear programs over every published table, margin and total of the
    demo warehouse bound no suppressed cell to fewer than k-1 possible values."""
    from etl.audit import TOL, audit_warehouse

    k = warehouse_config.suppression_k
    engine = make_engine(warehouse_config.database_url)
    try:
        findings, _summary = audit_warehouse(engine, k, False)
    finally:
        engine.dispose()
    assert findings, "the demo warehouse has suppressed cells to attack"
    pinned = [f for f in findings if f.width < k - 2 - TOL]
    assert not pinned, pinned[:5]


def test_a_month_in_progress_publishes_daily_tables_only(
    fresh,
    demo_landing: Path,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """Monthly cells and totals wait for the month's end; a day's daily cells, once
    published, never change as later nights arrive (two nights' publications differ only by
    the new days, so their difference gives nothing hidden back)."""
    nights = _nights(demo_landing)
    october = [n for n in nights if n.startswith("2026-10")]
    landing = _copy_landing(demo_landing, tmp_path / "landing", nights[: nights.index(october[14])])
    run(fresh, landing)
    early = published_snapshot(fresh.database_url)
    for name in ("region_indicators", "sos_activations_monthly", "camera_offenses_district"):
        assert not (early[name]["month"].astype(str) == "2026-10-01").any(), name
        assert (early[name]["month"].astype(str) == "2026-09-01").any(), name
    for name in ("front_office_visits_daily",):
        assert (early[name]["date"].astype(str) >= "2026-10-01").any(), name

    for night in nights[nights.index(october[14]) :]:
        shutil.copytree(demo_landing / night, landing / night)
    run(fresh, landing)
    late = published_snapshot(fresh.database_url)
    assert (late["region_indicators"]["month"].astype(str) == "2026-10-01").any()
    for name in ("front_office_visits_daily",):
        columns = [c for c in early[name].columns if c != "id"]
        before = early[name][columns]
        after = late[name][late[name]["date"].isin(set(before["date"]))][columns]
        pd.testing.assert_frame_equal(
            before.reset_index(drop=True), after.reset_index(drop=True), obj=name
        )


def test_a_month_is_published_when_the_calendar_moves_on(
    fresh,
    demo_landing: Path,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """September's last night never arrives: September is published once October starts."""
    nights = [n for n in _nights(demo_landing) if n != "2026-09-30"]
    september = nights.index("2026-09-29")
    landing = _copy_landing(demo_landing, tmp_path / "landing", nights[: september + 1])
    run(fresh, landing)
    months = published_snapshot(fresh.database_url)["region_indicators"]["month"].astype(str)
    assert "2026-09-01" not in set(months)
    shutil.copytree(demo_landing / nights[september + 1], landing / nights[september + 1])
    report = run(fresh, landing)
    assert report.nights == [date.fromisoformat(nights[september + 1])]
    months = published_snapshot(fresh.database_url)["region_indicators"]["month"].astype(str)
    assert "2026-09-01" in set(months)


def test_cameras_and_personal_columns_never_published(warehouse_url: str) -> None:
    engine = create_engine(warehouse_url)
    with engine.connect() as conn:
        types = {r[0] for r in conn.execute(select(schema.facilities.c.type).distinct())}
    assert "camera" not in types
    published = {c.name for t in schema.PUBLISHED_TABLES for c in t.columns}
    for personal in (
        "visitor_iin",
        "visitor_name",
        "visitor_phone",
        "comment",
        "operator_id",
        "notes",
        "vehicle_plate",
        "offender_iin",
    ):
        assert personal not in published


def test_publication_is_flagged_as_demo(warehouse_url: str) -> None:
    assert _status(warehouse_url)["is_demo"] is True


# ---------------------------------------------------------------- privacy
def test_no_personal_value_in_the_warehouse_file(warehouse_url: str, demo_landing: Path) -> None:
    values = personal_values(demo_landing) - public_values(demo_landing)
    assert len(values) > 1000  # IINs, names, phones, plates, notes were generated
    engine = create_engine(warehouse_url)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    path = Path(warehouse_url.removeprefix("sqlite:///"))
    blob = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert not find_leaks(blob.decode("utf-8", errors="ignore"), values)


def test_quarantine_folder_holds_no_personal_value(warehouse_config, demo_landing: Path) -> None:  # type: ignore[no-untyped-def]
    values = personal_values(demo_landing) - public_values(demo_landing)
    files = list(Path(warehouse_config.quarantine_dir).rglob("*.csv"))
    assert files, "rejected rows are kept for operators"
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    assert not find_leaks(text, values)


# ---------------------------------------------------------------- idempotency and re-delivery
@pytest.fixture
def fresh(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_config(f"sqlite:///{tmp_path / 'w.sqlite'}", tmp_path)


def test_rerun_is_a_no_op_and_date_rerun_changes_nothing(fresh, demo_landing: Path) -> None:  # type: ignore[no-untyped-def]
    first = run(fresh, demo_landing)
    before = published_snapshot(fresh.database_url)
    with pytest.raises(NothingToDo):
        run(fresh, demo_landing)
    night = pd.Timestamp(_nights(demo_landing)[40]).date()
    again = run(fresh, demo_landing, only=night)
    assert again.publication_id == first.publication_id + 1
    assert_same_publication(before, published_snapshot(fresh.database_url))


def test_incremental_nights_equal_one_clean_run(
    fresh,
    demo_landing: Path,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    nights = _nights(demo_landing)
    landing = _copy_landing(demo_landing, tmp_path / "landing", nights[:50])
    run(fresh, landing)
    for night in nights[50:]:  # the rest arrives night by night, one late (backfill)
        if night != nights[55]:
            shutil.copytree(demo_landing / night, landing / night)
            run(fresh, landing)
    shutil.copytree(demo_landing / nights[55], landing / nights[55])
    run(fresh, landing)
    clean = make_config(f"sqlite:///{tmp_path / 'clean.sqlite'}", tmp_path / "c")
    run(clean, demo_landing)
    # The late night revises a month already published: it is audited together with that
    # publication (issue 8), so it may withhold more; it never publishes another number.
    assert_same_or_more_withheld(
        published_snapshot(clean.database_url), published_snapshot(fresh.database_url)
    )


def test_corrected_redelivery_replaces_the_night(
    fresh,
    demo_landing: Path,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    landing = _copy_landing(demo_landing, tmp_path / "landing")
    run(fresh, landing)
    before = published_snapshot(fresh.database_url)
    # The newest night whose visits came as CSV (the demo mixes in xlsx and json nights).
    visits = next(
        p
        for night in reversed(_nights(landing)[:-1])
        for p in (landing / night).iterdir()
        if p.name.lower() == "front_office_visits.csv"
    )
    night = visits.parent
    corrected = tmp_path / "corrected"
    _copy_landing(landing, corrected)
    lines = visits.read_bytes().splitlines(keepends=True)
    assert len(lines) > 3, "too few visits that night to correct"
    # The correction drops the last third of the night's rows.
    (corrected / night.name / visits.name).write_bytes(b"".join(lines[: len(lines) * 2 // 3]))
    shutil.rmtree(night)
    shutil.copytree(corrected / night.name, night)
    report = run(fresh, landing)
    assert report.nights == [date.fromisoformat(night.name)]
    clean = make_config(f"sqlite:///{tmp_path / 'clean.sqlite'}", tmp_path / "c")
    run(clean, corrected)
    after = published_snapshot(fresh.database_url)
    assert_same_or_more_withheld(published_snapshot(clean.database_url), after)
    assert not after["front_office_visits_daily"].equals(before["front_office_visits_daily"])


# ---------------------------------------------------------------- atomicity
def test_kill_9_mid_run_keeps_the_previous_publication(demo_landing: Path, tmp_path: Path) -> None:
    nights = _nights(demo_landing)
    landing = _copy_landing(demo_landing, tmp_path / "landing", nights[:20])
    db = tmp_path / "w.sqlite"
    url = f"sqlite:///{db}"
    config = make_config(url, tmp_path)
    run(config, landing)
    before = published_snapshot(url)
    publication = _status(url)["publication_id"]
    for night in nights[20:]:
        shutil.copytree(demo_landing / night, landing / night)

    killed_mid_run = False
    for _attempt in range(4):
        wal = db.with_name(db.name + "-wal")
        baseline = wal.stat().st_size if wal.exists() else 0
        proc = _etl(["run", "--landing", str(landing)], url, tmp_path)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > baseline + 64 * 1024:
                break  # the big transaction is writing
            time.sleep(0.01)
        if proc.poll() is None:
            helpers = _descendants(proc.pid)  # the file-reading workers (etl.workers)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            _assert_all_end(helpers)
            status = _status(url)
            assert status["publication_id"] == publication
            assert_same_publication(before, published_snapshot(url))
            killed_mid_run = True
            break
        proc.communicate()
    assert killed_mid_run, "the run always finished before it could be killed"

    resumed = run(config, landing)  # the next run completes the work
    assert resumed.publication_id == publication + 1
    clean = make_config(f"sqlite:///{tmp_path / 'clean.sqlite'}", tmp_path / "c")
    run(clean, landing)
    assert_same_or_more_withheld(published_snapshot(clean.database_url), published_snapshot(url))
    assert _status(url)["last_run"]["status"] == "succeeded"


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


def _assert_all_end(pids: list[int]) -> None:
    """A killed run leaves no worker behind holding memory (they end within seconds)."""
    deadline = time.monotonic() + 15
    left = pids
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = [p for p in left if Path(f"/proc/{p}").exists() and not _zombie(p)]
    assert not left, f"processes of the killed run still alive: {left}"


def _zombie(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_failed_run_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    """One line for the operator, then the log's ERROR record: where it failed, frame by
    frame (file:line in function), and nothing else."""
    proc = _etl(
        ["run", "--landing", str(tmp_path / "missing")], f"sqlite:///{tmp_path}/w.db", tmp_path
    )
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    first, *log = err.strip().splitlines()
    assert first.startswith("error: FileNotFoundError: landing folder not found")
    assert "ERROR run failed: FileNotFoundError" in log[0]
    assert log[1] == "FileNotFoundError raised at:"
    assert all(re.fullmatch(r"  \S+\.py:\d+ in \w+", line) for line in log[2:]), log
    assert any(line.endswith(" in discover") for line in log)
