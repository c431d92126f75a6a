"""Property: whatever a landing area holds (nights, files and rows removed, dirty rows added,
files without a required column, empty nights), the ETL exits normally, accounts for every
row, publishes what a clean from-scratch run over the same input publishes, and no planted
personal value reaches the warehouse, the staging store or the log."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import extract
from etl.contract import LINE_COLUMN, TABLES
from etl.pipeline import NothingToDo, run
from tests.conftest import make_config
from tests.etl_helpers import assert_same_or_more_withheld, published_snapshot

NIGHTS = 5  # across a month boundary, so that a month completes inside the series
ROWS = 40
PLANTED = "PLANTED7701234567"


@pytest.fixture(scope="module")
def base_nights(demo_landing: Path) -> dict[str, dict[str, pd.DataFrame]]:
    """Five demo nights around 1 October, every file as raw strings, events cut to ROWS."""
    names = sorted(p.name for p in demo_landing.iterdir() if p.is_dir())
    start = names.index("2026-09-29")
    nights: dict[str, dict[str, pd.DataFrame]] = {}
    for name in names[start : start + NIGHTS]:
        tables, _ = extract.list_night_files(demo_landing / name)
        frames = {}
        for table, path in tables.items():
            raw = extract.read_raw(path).drop(columns=[LINE_COLUMN])
            frames[table] = raw if table in ("facilities", "targets") else raw.head(ROWS)
        nights[name] = frames
    return nights


@st.composite
def landings(draw: st.DrawFn, base: dict[str, dict[str, pd.DataFrame]]) -> dict:
    nights = {}
    for name, files in base.items():
        if draw(st.integers(0, 9)) == 0:
            continue  # the night never came
        out = {}
        for table, frame in files.items():
            action = draw(
                st.sampled_from(
                    ["keep", "keep", "keep", "drop", "header", "no_required", "subset", "dirty"]
                )
            )
            if table in ("facilities", "targets") and action != "keep":
                action = "keep"  # registries are exercised by the other tests
            if action == "drop":
                continue
            if action == "header":
                frame = frame.iloc[0:0]
            elif action == "no_required":
                required = TABLES[table].required_names
                frame = frame.drop(columns=[draw(st.sampled_from(sorted(required)))])
            elif action == "subset":
                keep = draw(st.lists(st.integers(0, len(frame) - 1), max_size=len(frame)))
                frame = frame.iloc[sorted(set(keep))]
            elif action == "dirty":
                frame = _dirty(frame, table, draw)
            out[table] = frame
        nights[name] = out
    split = draw(st.integers(1, max(len(nights), 1)))
    return {"nights": nights, "split": split}


def _dirty(frame: pd.DataFrame, table: str, draw: st.DrawFn) -> pd.DataFrame:
    """Append copies of rows broken in one way each; plant a personal value in each."""
    if frame.empty:
        return frame
    bad = frame.head(draw(st.integers(1, 5))).copy()
    contract = TABLES[table]
    column = draw(
        st.sampled_from([contract.time_column, contract.facility_column, contract.id_column])
    )
    bad[column] = draw(st.sampled_from(["", "garbage", "2031-13-45T99:99", "UNKNOWN-1"]))
    personal = [c.name for c in contract.columns if c.personal]
    bad[personal[0]] = PLANTED
    return pd.concat([frame, bad], ignore_index=True)


def _write(landing: Path, nights: dict[str, dict[str, pd.DataFrame]]) -> None:
    for name, files in nights.items():
        folder = landing / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "DEMO.txt").write_text("demo data\n")
        for table, frame in files.items():
            frame.to_csv(folder / f"{table}.csv", index=False)


def _run(config, landing: Path) -> None:  # type: ignore[no-untyped-def]
    try:
        report = run(config, landing)
    except NothingToDo:
        return
    assert report.rows_in == report.rows_loaded + report.rows_quarantined
    for outcome in report.files:
        assert outcome.rows_in == outcome.rows_loaded + outcome.rows_quarantined


def _bytes_under(path: Path) -> str:
    import pyarrow.parquet as pq

    texts = []
    for file in path.rglob("*"):
        if file.is_file():
            texts.append(file.read_bytes().decode("utf-8", errors="ignore"))
            if file.suffix == ".parquet":
                texts.append(pq.read_table(file).to_pandas().to_csv())
    return "\n".join(texts)


def test_any_landing_publishes_what_a_clean_run_does(
    base_nights,
    tmp_path_factory,  # type: ignore[no-untyped-def]
    caplog: pytest.LogCaptureFixture,
) -> None:
    @settings(
        max_examples=8,
        deadline=None,
        derandomize=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
    @given(landings(base_nights))
    def check(case: dict) -> None:
        work = tmp_path_factory.mktemp("prop")
        nights = case["nights"]
        names = sorted(nights)
        # Incremental: the nights arrive in two deliveries.
        landing = work / "landing"
        landing.mkdir()
        inc = make_config(f"sqlite:///{work / 'inc.sqlite'}", work / "inc")
        _write(landing, {n: nights[n] for n in names[: case["split"]]})
        _run(inc, landing)
        _write(landing, {n: nights[n] for n in names[case["split"] :]})
        _run(inc, landing)
        # From scratch, the same input at once.
        scratch = make_config(f"sqlite:///{work / 'scratch.sqlite'}", work / "scratch")
        _run(scratch, landing)
        if names:
            assert_same_or_more_withheld(
                published_snapshot(scratch.database_url), published_snapshot(inc.database_url)
            )
        for config in (inc, scratch):
            database = Path(config.database_url.removeprefix("sqlite:///"))
            blob = "".join(
                p.read_bytes().decode("utf-8", errors="ignore")
                for p in database.parent.glob(database.name + "*")
            )
            assert PLANTED not in blob
            assert PLANTED not in _bytes_under(config.staging_dir)
        assert PLANTED not in caplog.text
        shutil.rmtree(work, ignore_errors=True)

    with caplog.at_level(logging.DEBUG):
        check()
