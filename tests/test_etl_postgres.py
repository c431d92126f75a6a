"""The same ETL on PostgreSQL (the production engine) publishes exactly what SQLite does."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from etl.pipeline import NothingToDo, run
from tests.etl_helpers import (
    assert_same_publication,
    find_leaks,
    personal_values,
    public_values,
    published_snapshot,
)

pytestmark = pytest.mark.postgres


def test_postgres_publishes_what_sqlite_publishes(
    pg_warehouse_url: str, warehouse_url: str
) -> None:
    assert_same_publication(published_snapshot(warehouse_url), published_snapshot(pg_warehouse_url))


def test_postgres_rerun_is_a_no_op(pg_warehouse_config, demo_landing: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NothingToDo):
        run(pg_warehouse_config, demo_landing)


def test_no_personal_value_in_any_postgres_table(pg_warehouse_url: str, demo_landing: Path) -> None:
    values = personal_values(demo_landing) - public_values(demo_landing)
    engine = create_engine(pg_warehouse_url)
    chunks = []
    with engine.connect() as conn:
        tables = (
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            .scalars()
            .all()
        )
        for table in tables:
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608
            chunks.append("\n".join("\t".join(map(str, r)) for r in rows))
    engine.dispose()
    assert not find_leaks("\n".join(chunks), values)
