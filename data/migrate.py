"""Bring a warehouse to the current schema with Alembic (`alembic upgrade head`), in process.

The ETL calls `upgrade(url)` before every run, so a production PostgreSQL is upgraded in place
by the first nightly run after a deployment; `alembic upgrade head` on the command line does the
same. On PostgreSQL the whole upgrade is one transaction under an advisory lock, so two processes
starting at once (an ETL run and an operator) never migrate concurrently, and a failed migration
leaves the schema as it was.

A warehouse created before migrations existed (tables made by `metadata.create_all`, no version
table) is adopted: stamped at the initial revision, whose tables it already has, then upgraded.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from data import schema
from data.db import make_engine
from data.settings import PROJECT_ROOT


@contextmanager
def _quiet_alembic() -> Iterator[None]:
    """Alembic logs a handful of INFO lines on every call (context impl, plugins): keep them
    out of the ETL's log, which says in one line when the schema actually changed."""
    alembic_log = logging.getLogger("alembic")
    previous = alembic_log.level
    if not alembic_log.isEnabledFor(logging.DEBUG):
        alembic_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        alembic_log.setLevel(previous)


# Importing alembic's autogenerate logs one INFO line per plugin: not in the ETL's log.
with _quiet_alembic():
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.config import Config as AlembicConfig
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"

# Any 64-bit number unique to this application's migrations (pg_advisory_xact_lock key).
_LOCK_KEY = 7310012018

# The revision that creates the schema from nothing, and the tables it creates: a database with
# exactly these tables and no version table was made by create_all before migrations existed.
BASELINE_REVISION = "0001"
BASELINE_TABLES = frozenset(
    {
        "regions",
        "population",
        "region_boundaries",
        "key_figures",
        "front_office_visits",
        "sos_activations_daily",
        "sos_activations_monthly",
        "camera_offenses",
        "region_indicators",
        "facilities",
        "cameras_by_district",
        "targets",
        "publications",
        "etl_runs",
        "etl_nights",
        "etl_files",
        "quarantine",
        "facility_index",
    }
)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """What autogenerate compares: everything but SQLite's own tables (sqlite_sequence ...)."""
    return not (type_ == "table" and name is not None and name.startswith("sqlite_"))


# Options shared by env.py (migrations, autogenerate) and `schema_diff`.
CONTEXT_OPTIONS: dict[str, Any] = {
    "version_table": VERSION_TABLE,
    "compare_type": True,
    "include_name": include_name,
}


def alembic_config(connection: Connection | None = None) -> AlembicConfig:
    """The project's Alembic configuration; with `connection`, migrations run on it."""
    cfg = AlembicConfig(str(ALEMBIC_INI)) if ALEMBIC_INI.exists() else AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["configure_logger"] = False  # leave the caller's logging alone
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def lock_migrations(connection: Connection) -> None:
    """Serialise migrations on PostgreSQL (held until the transaction ends); SQLite locks the
    whole file on write, which is enough there."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migration revisions found"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(
        connection, opts={"version_table": VERSION_TABLE}
    ).get_current_revision()


def schema_diff(connection: Connection) -> list[Any]:
    """Differences between the database and `data.schema.metadata`, as autogenerate sees them
    (empty when the migrations produce exactly the declared schema)."""
    context = MigrationContext.configure(connection, opts=CONTEXT_OPTIONS)
    return list(compare_metadata(context, schema.metadata))


def _adopt_unversioned(connection: Connection, cfg: AlembicConfig) -> None:
    """Stamp a pre-migrations warehouse at the baseline instead of failing on CREATE TABLE."""
    tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE in tables:
        return
    present = BASELINE_TABLES & tables
    if not present:
        return  # a new, empty database: the baseline revision creates everything
    missing = BASELINE_TABLES - tables
    if missing:
        raise RuntimeError(
            "the database has some warehouse tables but no migration history and lacks "
            f"{sorted(missing)}: restore it or start from an empty database"
        )
    command.stamp(cfg, BASELINE_REVISION)
    log.info("warehouse made before migrations: stamped at revision %s", BASELINE_REVISION)


def upgrade(database_url: str, revision: str = "head") -> None:
    """Run `alembic upgrade <revision>` on `database_url` (creating the schema when empty)."""
    engine = make_engine(database_url)
    try:
        with _quiet_alembic(), engine.begin() as connection:
            lock_migrations(connection)
            cfg = alembic_config(connection)
            _adopt_unversioned(connection, cfg)
            before = current_revision(connection)
            command.upgrade(cfg, revision)
            after = current_revision(connection)
        if before is None:
            log.debug("warehouse schema created at revision %s", after)
        elif before != after:
            log.info("warehouse schema upgraded from revision %s to %s", before, after)
    finally:
        engine.dispose()
