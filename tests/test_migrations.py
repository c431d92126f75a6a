"""Alembic migrations produce exactly the schema declared in data/schema.py.

A change to data/schema.py without a new revision fails here (`make migration m="..."` writes
one); so does a revision that does not round-trip. SQLite always; PostgreSQL when
TEST_DATABASE_URL is set (always in CI), on a brand-new database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from data import schema
from data.db import make_engine
from data.migrate import (
    BASELINE_REVISION,
    BASELINE_TABLES,
    VERSION_TABLE,
    alembic_config,
    current_revision,
    head_revision,
    schema_diff,
    upgrade,
)


def _sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'warehouse.sqlite'}"


def assert_matches_schema(engine: Engine) -> None:
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        diff = schema_diff(conn)
    assert diff == [], (
        "the migrated database differs from data/schema.py; add a revision with "
        f'`make migration m="..."`:\n{diff}'
    )
    tables = set(inspect(engine).get_table_names())
    assert set(schema.metadata.tables) | {VERSION_TABLE} == tables


def test_one_head_and_a_linear_history() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, "parallel revisions: merge them (alembic merge heads)"
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == BASELINE_REVISION
    assert revisions[-1].down_revision is None


def test_baseline_tables_are_those_of_the_baseline_revision(tmp_path: Path) -> None:
    url = _sqlite_url(tmp_path)
    upgrade(url, BASELINE_REVISION)
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) == BASELINE_TABLES | {VERSION_TABLE}
    finally:
        engine.dispose()


def test_upgrade_fresh_sqlite_matches_schema(tmp_path: Path) -> None:
    url = _sqlite_url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    try:
        assert_matches_schema(engine)
    finally:
        engine.dispose()


def test_upgrade_twice_is_a_no_op(tmp_path: Path) -> None:
    url = _sqlite_url(tmp_path)
    upgrade(url)
    upgrade(url)
    engine = make_engine(url)
    try:
        assert_matches_schema(engine)
    finally:
        engine.dispose()


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    url = _sqlite_url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "base")
        assert set(inspect(engine).get_table_names()) <= {VERSION_TABLE}
    finally:
        engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    try:
        assert_matches_schema(engine)
    finally:
        engine.dispose()


def test_adopts_a_warehouse_made_before_migrations(tmp_path: Path) -> None:
    """Tables from create_all and no version table: stamped at the baseline, not re-created."""
    url = _sqlite_url(tmp_path)
    engine = make_engine(url)
    try:
        schema.metadata.create_all(
            engine, tables=[t for t in schema.metadata.sorted_tables if t.name in BASELINE_TABLES]
        )
        upgrade(url)
        assert_matches_schema(engine)
    finally:
        engine.dispose()


def test_refuses_a_partial_unversioned_warehouse(tmp_path: Path) -> None:
    url = _sqlite_url(tmp_path)
    engine = make_engine(url)
    try:
        schema.metadata.create_all(engine, tables=[schema.regions])
        with pytest.raises(RuntimeError, match="no migration history"):
            upgrade(url)
    finally:
        engine.dispose()


def test_etl_prepare_migrates(tmp_path: Path) -> None:
    """The ETL upgrades the warehouse itself before a run (production is upgraded in place)."""
    from etl.pipeline import prepare

    engine = make_engine(_sqlite_url(tmp_path))
    try:
        prepare(engine)
        assert_matches_schema(engine)
    finally:
        engine.dispose()


def test_offline_sql_for_postgresql(capsys: pytest.CaptureFixture[str]) -> None:
    """`alembic upgrade head --sql` renders PostgreSQL DDL for a DBA to review."""
    cfg = alembic_config()
    cfg.attributes["database_url"] = "postgresql+psycopg://"
    command.upgrade(cfg, "head", sql=True)
    sql = capsys.readouterr().out
    assert "CREATE TABLE front_office_visits" in sql
    assert "BIGINT NOT NULL" in sql
    assert "CREATE TABLE alembic_version" in sql


@pytest.mark.postgres
def test_upgrade_fresh_postgresql_matches_schema(pg_database: Callable[[str], str]) -> None:
    url = pg_database("migrations")
    upgrade(url)
    upgrade(url)  # idempotent
    engine = make_engine(url)
    try:
        assert_matches_schema(engine)
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "base")
        assert set(inspect(engine).get_table_names()) <= {VERSION_TABLE}
    finally:
        engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    try:
        assert_matches_schema(engine)
    finally:
        engine.dispose()
