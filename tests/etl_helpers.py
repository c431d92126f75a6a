"""Helpers for ETL tests: snapshot published tables, collect personal values."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine, select

from data import schema
from data.settings import Config
from etl import extract
from etl.contract import TABLES

ROOT = Path(__file__).resolve().parent.parent


def etl_process(args: list[str], config: Config, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m etl ARGS` in its own process (as cron starts it) on `config`'s warehouse
    and folders, with `env` added to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": config.database_url,
            "QUARANTINE_DIR": str(config.quarantine_dir),
            "EXPORT_DIR": str(config.export_dir),
            "STAGING_DIR": str(config.staging_dir),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


PUBLISHED_CONTENT = [t for t in schema.PUBLISHED_TABLES if t.name != "publications"]


def published_snapshot(database_url: str) -> dict[str, pd.DataFrame]:
    """Every published table (publications log excluded), in id order, as DataFrames."""
    engine = create_engine(database_url)
    out = {}
    with engine.connect() as conn:
        for table in PUBLISHED_CONTENT:
            order = [table.c.id] if "id" in table.c else list(table.primary_key.columns)
            frame = pd.DataFrame(
                conn.execute(select(table).order_by(*order)).mappings().all(),
                columns=[c.name for c in table.columns],
            )
            out[table.name] = frame.reset_index(drop=True)
    engine.dispose()
    return out


def assert_same_publication(
    left: dict[str, pd.DataFrame],
    right: dict[str, pd.DataFrame],
    ignore: tuple[str, ...] = ("as_of",),
) -> None:
    assert left.keys() == right.keys()
    for name in left:
        a = left[name].drop(columns=[c for c in ignore if c in left[name]])
        b = right[name].drop(columns=[c for c in ignore if c in right[name]])
        pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=name)


def personal_values(landing: Path) -> set[str]:
    """Every value of every PERSONAL or free-text column in the raw extracts."""
    values: set[str] = set()
    for night in sorted(p for p in landing.iterdir() if p.is_dir()):
        tables, _ = extract.list_night_files(night)
        for table, path in tables.items():
            personal = [c.name for c in TABLES[table].columns if c.personal]
            try:
                raw = extract.read_raw(path)
            except extract.ExtractError:
                continue
            for column in personal:
                if column in raw.columns:
                    values.update(str(v).strip() for v in raw[column].dropna().unique())
    return {v for v in values if len(v) >= 5}


def public_values(landing: Path) -> set[str]:
    """Values of public columns (facility phones, names...) — not leaks if they coincide."""
    values: set[str] = set()
    for night in sorted(p for p in landing.iterdir() if p.is_dir()):
        tables, _ = extract.list_night_files(night)
        if "facilities" in tables:
            try:
                raw = extract.read_raw(tables["facilities"])
            except extract.ExtractError:
                continue
            for column in raw.columns:
                values.update(str(v).strip() for v in raw[column].dropna().unique())
    return values


TOKEN = re.compile(r"[\w+\-.@]+")


def find_leaks(haystack: str, values: set[str]) -> list[str]:
    """Personal values found verbatim in `haystack` (a token pre-filter keeps it fast)."""
    tokens = set(TOKEN.findall(haystack))
    leaks = []
    for value in values:
        parts = TOKEN.findall(value)
        if not parts:
            continue
        if max(parts, key=len) not in tokens:
            continue
        if value in haystack:
            leaks.append(value)
    return leaks


def assert_same_or_more_withheld(
    clean: dict[str, pd.DataFrame], revised: dict[str, pd.DataFrame]
) -> int:
    """Both publications have the same rows, and every number both show is the same (a
    revision is audited together with the previous publication, issue 8, so it may withhold
    other cells than a clean run). Returns how many suppressible cells were compared, so a
    caller with enough data can check the comparison was not vacuous."""
    assert clean.keys() == revised.keys()
    compared = 0
    for name, a in clean.items():
        b = revised[name]
        # True zeros follow the snapshot in force on their day (etl.staging registry), so
        # zero rows are compared too.
        a, b = _without_ids(a), _without_ids(b)
        assert a.shape == b.shape and list(a.columns) == list(b.columns), name
        if "suppressed" not in a.columns:
            pd.testing.assert_frame_equal(
                a.drop(columns=["as_of"], errors="ignore"),
                b.drop(columns=["as_of"], errors="ignore"),
                check_dtype=False,
                obj=name,
            )
            continue
        # Each publication is audited on its own; a revision may choose other complementary
        # cells. What must hold: a number both publish is the same number.
        shown = ~b["suppressed"].astype(bool) & ~a["suppressed"].astype(bool)
        compared += int(shown.sum())
        keys = [
            c
            for c in a.columns
            if c not in ("id", "suppressed")
            and a[c].dtype == object
            and not pd.api.types.is_numeric_dtype(a[c])
        ]
        pd.testing.assert_frame_equal(
            a.loc[shown, keys], b.loc[shown, keys], check_dtype=False, obj=name
        )
        for column in a.columns:
            if pd.api.types.is_numeric_dtype(a[column]) and column != "id":
                assert (a.loc[shown, column].fillna(-1) == b.loc[shown, column].fillna(-1)).all(), (
                    name,
                    column,
                )
    return compared


def _without_ids(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["id"], errors="ignore").reset_index(drop=True)
