"""Region polygons for the maps.

The project carries its own web-sized file, data/geo/kz_regions_web.geojson (derived from geokz,
CC BY 4.0, by scripts/derive_boundaries.py): a fresh warehouse gets it on its first `etl run`,
so maps have polygons on any machine. `BOUNDARIES_PATH` or `etl load-boundaries PATH` replace it
with another GeoJSON; without any polygons the map falls back to circles.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, delete, func, insert, select

from data import schema
from data.reference import GEOKZ_ATTRIBUTION, normalise_region
from data.settings import PROJECT_ROOT

BUNDLED = PROJECT_ROOT / "data" / "geo" / "kz_regions_web.geojson"

CODE_PROPERTIES = ("ISO3166_2_2023", "iso_code", "region")


def read_boundaries(path: Path) -> dict[str, dict]:
    """region ISO code → GeoJSON geometry; refuses a file that does not cover all 20 units."""
    document = json.loads(path.read_text(encoding="utf-8"))
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        # A ValueError: the file's content is wrong, not the caller's types.
        raise ValueError(f"{path.name} is not a GeoJSON FeatureCollection")  # noqa: TRY004
    found: dict[str, dict] = {}
    for feature in features:
        properties = feature.get("properties") or {}
        code = next((properties[p] for p in CODE_PROPERTIES if properties.get(p)), None)
        region = normalise_region(str(code)) if code else None
        if region and feature.get("geometry"):
            found[region] = feature["geometry"]
    if len(found) != 20:
        raise ValueError(
            f"{path.name} covers {len(found)} of the 20 units "
            f"(expected property {CODE_PROPERTIES[0]})"
        )
    return found


def store_boundaries(
    conn: Connection, geometries: dict[str, dict], source: str, attribution: str = GEOKZ_ATTRIBUTION
) -> None:
    now = datetime.now(UTC)
    conn.execute(delete(schema.region_boundaries))
    conn.execute(
        insert(schema.region_boundaries),
        [
            {
                "region": code,
                "geometry": json.dumps(geometry, separators=(",", ":")),
                "attribution": attribution,
                "source": source,
                "loaded_at": now,
            }
            for code, geometry in sorted(geometries.items())
        ],
    )


def default_path(setting: str = "") -> Path:
    """BOUNDARIES_PATH when set, otherwise the file the project carries."""
    return Path(setting) if setting.strip() else BUNDLED


def has_boundaries(conn: Connection) -> bool:
    t = schema.region_boundaries
    return bool(conn.execute(select(func.count()).select_from(t)).scalar())


def load_if_missing(conn: Connection, setting: str = "") -> int:
    """Store the default boundaries when the warehouse has none; returns how many were stored.

    Never replaces polygons already loaded (an operator's `load-boundaries` wins).
    """
    if has_boundaries(conn):
        return 0
    path = default_path(setting)
    geometries = read_boundaries(path)
    store_boundaries(conn, geometries, source=path.name)
    return len(geometries)
