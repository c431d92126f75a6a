"""Reading publication heads: the few columns every web request needs, and one by id.

Why not data.queries.current_publication: that one returns the whole row, including the
`changes` JSON; the web layer asks on every request, so it first reads only the latest id
and re-reads the head (five columns) when that id changes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, select

from data import schema

_LATEST = "SELECT id, published_at FROM publications ORDER BY id DESC LIMIT 1"
_HEAD = (
    schema.publications.c.id,
    schema.publications.c.published_at,
    schema.publications.c.is_demo,
    schema.publications.c.nights_from,
    schema.publications.c.nights_to,
)


def latest_publication_marker(engine: Engine) -> tuple[int, Any]:
    """(id, raw published_at) of the latest publication, (0, None) when none: the web
    layer's per-request freshness check (the time also tells a rebuilt warehouse apart).

    Plain DB-API on a pooled connection (tens of microseconds, a tenth of a Core select),
    because every API request and dashboard callback asks it before anything else. On a
    driver error the same query goes through SQLAlchemy, which raises its wrapped error.
    """
    try:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            try:
                cursor.execute(_LATEST)
                row = cursor.fetchone()
            finally:
                cursor.close()
            raw.commit()  # end the read transaction PostgreSQL opened; no-op on SQLite
        finally:
            raw.close()
    except engine.dialect.loaded_dbapi.Error:
        with engine.connect() as conn:
            row = conn.exec_driver_sql(_LATEST).first()
    return (int(row[0]), row[1]) if row else (0, None)


def latest_publication_head(conn: Connection) -> dict[str, Any] | None:
    """id, published_at, is_demo, nights_from, nights_to of the latest publication."""
    row = (
        conn.execute(select(*_HEAD).order_by(schema.publications.c.id.desc()).limit(1))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def publication_by_id(conn: Connection, publication_id: int) -> dict[str, Any] | None:
    row = (
        conn.execute(select(schema.publications).where(schema.publications.c.id == publication_id))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def publication_log(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    """The latest `limit` publications, newest first (whole rows, `changes` included)."""
    rows = conn.execute(
        select(schema.publications).order_by(schema.publications.c.id.desc()).limit(limit)
    ).mappings()
    return [dict(r) for r in rows]


def begin_snapshot(conn: Connection) -> None:
    """Make every later read on `conn` see one publication, even if the ETL commits the next
    one meanwhile: a long export streamed in keyset chunks must not mix two publications.

    Call it first on a fresh connection. SQLite (WAL): an explicit BEGIN pins the snapshot
    at the first read (pysqlite would not begin a transaction for SELECTs by itself).
    PostgreSQL: a REPEATABLE READ, READ ONLY transaction.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
