"""Every setting of the portal, declared once with its default and help text.

Settings come from environment variables so that the same code runs on a laptop
(SQLite, in-process cache) and in production (PostgreSQL, Redis, gunicorn).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        f"sqlite:///{VAR_DIR / 'warehouse.sqlite'}",
        "SQLAlchemy URL of the warehouse; PostgreSQL in production.",
    ),
    Setting(
        "SUPPRESSION_K",
        "5",
        "Smallest count that may be published; counts of 1..k-1 are suppressed.",
    ),
    Setting(
        "QUARANTINE_DIR",
        str(VAR_DIR / "quarantine"),
        "Private folder (operators only) where the ETL keeps rejected raw rows.",
    ),
    Setting(
        "EXPORT_DIR",
        str(VAR_DIR / "exports"),
        "Folder where the ETL writes the bulk download built once per publication.",
    ),
    Setting(
        "STAGING_DIR",
        str(VAR_DIR / "staging"),
        "Private folder (operators only) where the ETL stages each night's anonymised "
        "events; once a night is staged its landing folder may be purged.",
    ),
    Setting(
        "ETL_WORKERS",
        "0",
        "Processes that read a backfill's raw files (runs of 8 nights or more) beside the "
        "ETL's main process: 0 for one per CPU core (at most 2), 1 to read in the main "
        "process only. On two cores or more a run also has one helper process (forked at "
        "the start of a shorter run, started for a backfill's monthly tables), unless "
        "this is 1.",
    ),
    Setting(
        "BOUNDARIES_PATH",
        "",
        "GeoJSON of region polygons; empty: the project's data/geo/kz_regions_web.geojson.",
    ),
    Setting("CACHE_REDIS_URL", "", "Redis URL for the shared cache; empty: in-process cache."),
    Setting("CACHE_TIMEOUT", "3600", "Seconds a cached query result lives."),
    Setting("MAP_TILES", "osm", "Map tiles: 'osm', 'none', or 'URL_TEMPLATE|attribution'."),
    Setting("RATELIMIT_ENABLED", "true", "Per-client rate limit on the API."),
    Setting("RATELIMIT_DEFAULT", "600 per minute", "Rate limit per client."),
    Setting(
        "PUBLIC_URL",
        "",
        "The site's address as visitors reach it (https://data.example.kz): absolute links "
        "are built from it, never from the Host header. Empty: from the request (dev only).",
    ),
    Setting(
        "TRUSTED_PROXIES",
        "0",
        "Reverse proxies in front of the app (nginx alone: 1) whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed; the rate limit counts per client through them.",
    ),
)


def _env(name: str) -> str:
    declared = {s.name: s.default for s in SETTINGS}
    return os.environ.get(name, declared[name])


def parse_bool(value: str) -> bool:
    """Booleans are parsed explicitly so that 'false' or '0' never count as true."""
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {value!r}")


@dataclass(frozen=True)
class Config:
    database_url: str
    suppression_k: int
    quarantine_dir: Path
    export_dir: Path
    staging_dir: Path
    boundaries_path: str
    cache_redis_url: str
    cache_timeout: int
    map_tiles: str
    ratelimit_enabled: bool
    ratelimit_default: str
    public_url: str = ""
    trusted_proxies: int = 0
    etl_workers: int = 0

    @classmethod
    def from_env(cls, **overrides: Any) -> Config:
        # Any: one value per field, each of its own type, which a dict type cannot say.
        values: dict[str, Any] = {
            "database_url": _env("DATABASE_URL"),
            "suppression_k": int(_env("SUPPRESSION_K")),
            "quarantine_dir": Path(_env("QUARANTINE_DIR")),
            "export_dir": Path(_env("EXPORT_DIR")),
            "staging_dir": Path(_env("STAGING_DIR")),
            "boundaries_path": _env("BOUNDARIES_PATH"),
            "cache_redis_url": _env("CACHE_REDIS_URL"),
            "cache_timeout": int(_env("CACHE_TIMEOUT")),
            "map_tiles": _env("MAP_TILES"),
            "ratelimit_enabled": parse_bool(_env("RATELIMIT_ENABLED")),
            "ratelimit_default": _env("RATELIMIT_DEFAULT"),
            "public_url": _env("PUBLIC_URL"),
            "trusted_proxies": int(_env("TRUSTED_PROXIES")),
            "etl_workers": int(_env("ETL_WORKERS")),
        }
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown settings: {sorted(unknown)}")
        values.update(overrides)
        if int(values["suppression_k"]) < 2:
            raise ValueError("SUPPRESSION_K must be at least 2")
        return cls(**values)
