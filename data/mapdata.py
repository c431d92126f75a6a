"""The warehouse reads behind the facility map (dashboard.map), which renders the whole
document inside one cached query and so passes that query's connection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from data import schema
from data.catalog import PUBLIC_FACILITY_TYPES


def facility_rows(
    conn: Connection, kinds: Sequence[str], hidden_statuses: Sequence[str]
) -> list[dict[str, Any]]:
    """Public-facing facilities of the given types, without hidden statuses, in a stable order."""
    t = schema.facilities
    wanted = [k for k in kinds if k in PUBLIC_FACILITY_TYPES]
    if not wanted:
        return []
    stmt = (
        select(t)
        .where(t.c.type.in_(wanted), t.c.status.not_in(hidden_statuses))
        .order_by(t.c.type, t.c.facility_id)
    )
    return [dict(r) for r in conn.execute(stmt).mappings()]


def boundary_rows(conn: Connection) -> list[Any]:
    """(region, geometry GeoJSON text, attribution) of the loaded region polygons."""
    t = schema.region_boundaries
    return list(
        conn.execute(select(t.c.region, t.c.geometry, t.c.attribution).order_by(t.c.region)).all()
    )
