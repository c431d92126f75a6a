"""Shared fixtures: a real warehouse built by the real ETL from small demo extracts.

- `demo_landing`: raw demo extracts (personal values included) — privacy tests read them.
- `warehouse_config` / `warehouse_url`: a SQLite warehouse after `etl run` (+ boundaries).
- `app` / `client`: the whole product on that warehouse, rate limit off.
- `pg_database`: a factory of fresh PostgreSQL databases (skips when TEST_DATABASE_URL is
  unset); `pg_warehouse_url`: the same warehouse built on PostgreSQL.
Everything is built once per session; tests must not modify these warehouses (build your own
with `build_warehouse` when a test needs to write).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from data.settings import Config

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BOUNDARIES = SHARED / "geo" / "kz_adm1_2024.geojson"
DEMO_END = date(2026, 10, 31)
DEMO_DAYS = 75  # three calendar months: August (partial), September, October
DEMO_SEED = 7


def make_config(database_url: str, workdir: Path, **overrides: object) -> Config:
    return Config.from_env(
        database_url=database_url,
        quarantine_dir=workdir / "quarantine",
        export_dir=workdir / "exports",
        staging_dir=workdir / "staging",
        ratelimit_enabled=False,
        cache_redis_url="",
        map_tiles="none",
        **overrides,
    )


def build_warehouse(config: Config, landing: Path, *, boundaries: bool = True) -> None:
    """Run the real nightly ETL (and the boundaries load) into `config.database_url`."""
    from data.db import make_engine
    from etl.boundaries import read_boundaries, store_boundaries
    from etl.pipeline import new_publication, run

    run(config, landing)
    if boundaries and BOUNDARIES.exists():
        engine = make_engine(config.database_url)
        with engine.begin() as conn:
            store_boundaries(conn, read_boundaries(BOUNDARIES), source=BOUNDARIES.name)
            new_publication(conn, {"region_boundaries": {"loaded": 20}})
        engine.dispose()


@pytest.fixture(scope="session")
def demo_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from etl.demo import generate

    out = tmp_path_factory.mktemp("landing")
    generate(out, DEMO_DAYS, seed=DEMO_SEED, scale="small", end=DEMO_END)
    return out


@pytest.fixture(scope="session")
def warehouse_config(demo_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Config:
    workdir = tmp_path_factory.mktemp("warehouse")
    config = make_config(f"sqlite:///{workdir / 'warehouse.sqlite'}", workdir)
    build_warehouse(config, demo_landing)
    return config


@pytest.fixture(scope="session")
def warehouse_url(warehouse_config: Config) -> str:
    return warehouse_config.database_url


@pytest.fixture(scope="session")
def app(warehouse_config: Config):  # type: ignore[no-untyped-def]
    from app import create_app

    server = create_app(warehouse_config)
    server.config["TESTING"] = True
    return server


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("TEST_DATABASE_URL is not set in CI: PostgreSQL tests would be skipped")
        pytest.skip("TEST_DATABASE_URL not set (PostgreSQL tests run in CI)")
    return url


@pytest.fixture(scope="session")
def pg_database(pg_admin_url: str):  # type: ignore[no-untyped-def]
    """Factory: `pg_database("name")` → URL of a brand-new empty database, dropped at exit."""
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    created: list[str] = []

    def fresh(prefix: str = "t") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)

    yield fresh
    with admin.connect() as conn:
        for name in created:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_warehouse_config(
    pg_database,
    demo_landing: Path,  # type: ignore[no-untyped-def]
    tmp_path_factory: pytest.TempPathFactory,
) -> Config:
    workdir = tmp_path_factory.mktemp("pg_warehouse")
    config = make_config(pg_database("warehouse"), workdir)
    build_warehouse(config, demo_landing)
    return config


@pytest.fixture(scope="session")
def pg_warehouse_url(pg_warehouse_config: Config) -> str:
    return pg_warehouse_config.database_url


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("TEST_REDIS_URL is not set in CI")
        pytest.skip("TEST_REDIS_URL not set (Redis tests run in CI)")
    return url


@pytest.fixture(scope="session")
def redis_app(warehouse_config: Config):  # type: ignore[no-untyped-def]
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL not set")
    from app import create_app

    return create_app(replace(warehouse_config, cache_redis_url=url))
