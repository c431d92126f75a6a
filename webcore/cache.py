"""Query results memoised per publication: one cache for the API and the dashboard.

Stable interface (the dashboard imports it; keep it that way):

    from webcore.cache import cached_query, current_publication

    cached_query(name: str, fn: Callable[..., T], *args, **kwargs) -> T
        Returns fn(conn, *args, **kwargs), where conn is a connection to the warehouse engine of
        the current Flask app (server.extensions["warehouse"]). The result is cached under
        (name, current publication id, args, kwargs): when the ETL commits a new publication
        the key changes, so every worker sees the new figures on the very next call, with no
        flush and no timer. Needs an app context (any Flask request or Dash callback has one).
        - name: a stable label for fn, unique across the project ("kpis", "region_summary", ...).
        - args/kwargs: values with a stable repr (str, int, float, bool, None, date, tuples of
          those); never DataFrames or connections.
        - the result must be picklable (the Redis backend pickles); None is a valid result.
        If Redis fails (hung or down), a circuit breaker skips it and a small in-process
        cache stands in until it is back (webcore.breaker).

    current_publication() -> Publication
        The latest publication (id, published_at, is_demo, ...), read once per request.
        id == 0 and published_at is None while nothing has been published.

    cache: the flask_caching.Cache instance (an in-process LRU bounded by entries and bytes,
        webcore.memory, by default; RedisCache when CACHE_REDIS_URL is set), bound to the
        app by webcore.init_web().
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_app_context
from flask_caching import Cache
from sqlalchemy import Engine

from data.publications import latest_publication_head, latest_publication_marker
from data.settings import Config
from webcore.breaker import CircuitBreaker, redis_options
from webcore.memory import BoundedMemoryCache

T = TypeVar("T")
log = logging.getLogger(__name__)

cache = Cache()
KEY_PREFIX = "portal:"
FALLBACK_ENTRIES = 1000  # the in-process stand-in while Redis is out: small, per worker
FALLBACK_BYTES = 32_000_000
# One circuit breaker per app using Redis (server.extensions["cache_breaker"]): skips Redis for
# a while after it failed (hung or down), see webcore.breaker. The in-process cache has none.


class _NoBreaker:
    """The in-process cache: always tried; a failure (say, an unpicklable value) is logged."""

    def allow(self) -> bool:
        return True

    def success(self) -> None:
        pass

    def failure(self, exc: BaseException | None = None) -> None:
        log.warning("in-process cache failed: %r", exc)


NO_BREAKER = _NoBreaker()


@dataclass(frozen=True)
class Publication:
    id: int
    published_at: datetime | None
    is_demo: bool
    nights_from: date | None = None
    nights_to: date | None = None

    @property
    def exists(self) -> bool:
        return self.id > 0

    @property
    def tag(self) -> str:
        """What cache keys and ETags carry: the id and the time, so that a warehouse rebuilt
        from scratch (ids starting again at 1) never meets entries of the old one."""
        stamp = int(self.published_at.timestamp()) if self.published_at else 0
        return f"{self.id}.{stamp}"


NO_PUBLICATION = Publication(id=0, published_at=None, is_demo=False)


def init_cache(server: Flask, config: Config) -> None:
    # Keys name the warehouse too: two deployments (or test apps) sharing one Redis never
    # read each other's entries.
    warehouse_id = hashlib.sha1(config.database_url.encode(), usedforsecurity=False)
    settings: dict[str, Any] = {
        "CACHE_DEFAULT_TIMEOUT": config.cache_timeout,
        "CACHE_KEY_PREFIX": f"{KEY_PREFIX}{warehouse_id.hexdigest()[:10]}:",
    }
    if config.cache_redis_url:
        settings.update(
            CACHE_TYPE="RedisCache",
            CACHE_REDIS_URL=config.cache_redis_url,
            # a hung or dead Redis costs one request 20 ms, then the circuit
            # breaker skips it: every call counts as a miss until it is back
            CACHE_OPTIONS=redis_options(),
        )
        server.extensions["cache_breaker"] = CircuitBreaker("redis cache")
        # While Redis is out, a small in-process cache keeps the hottest results (keys carry
        # the publication, so nothing stale is ever served from it).
        server.extensions["cache_fallback"] = BoundedMemoryCache(
            default_timeout=config.cache_timeout,
            max_entries=FALLBACK_ENTRIES,
            max_bytes=FALLBACK_BYTES,
        )
    else:
        settings.update(
            CACHE_TYPE="webcore.memory.BoundedMemoryCache",
            CACHE_THRESHOLD=5000,
            CACHE_MAX_BYTES=128_000_000,
        )
    cache.init_app(server, config=settings)


def warehouse() -> Engine:
    return current_app.extensions["warehouse"]


# engine URL -> (marker, head) of the latest publication this process has seen
_heads: dict[str, tuple[tuple[int, Any], Publication]] = {}


def read_publication(engine: Engine) -> Publication:
    """The latest publication: its id and time are read every time (so a new one shows at
    once), its head only when they differ from what this process saw last."""
    marker = latest_publication_marker(engine)
    key = str(engine.url)
    known = _heads.get(key)
    if known is not None and known[0] == marker:
        return known[1]
    if marker[0] == 0:
        return NO_PUBLICATION
    with engine.connect() as conn:
        row = latest_publication_head(conn)
    if not row:
        return NO_PUBLICATION
    pub = Publication(
        id=int(row["id"]),
        published_at=row["published_at"],
        is_demo=bool(row["is_demo"]),
        nights_from=row.get("nights_from"),
        nights_to=row.get("nights_to"),
    )
    _heads[key] = (marker, pub)
    return pub


def current_publication() -> Publication:
    """The latest publication, read at most once per request (app context)."""
    if not has_app_context():
        raise RuntimeError("current_publication() needs a Flask app context")
    pub = g.get("_webcore_publication")
    if pub is None:
        pub = read_publication(warehouse())
        g._webcore_publication = pub
    return pub


def make_key(name: str, publication_tag: str, *parts: Any) -> str:
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:24]
    return f"{name}:{publication_tag}:{digest}"


_MISSING = object()


def _breaker() -> CircuitBreaker | _NoBreaker:
    return current_app.extensions.get("cache_breaker", NO_BREAKER)


def _fallback_get(key: str) -> Any:
    fallback = current_app.extensions.get("cache_fallback")
    hit = fallback.get(key) if fallback is not None else None
    return hit[0] if isinstance(hit, tuple) and len(hit) == 1 else _MISSING


def _fallback_set(key: str, value: Any, timeout: int | None) -> None:
    fallback = current_app.extensions.get("cache_fallback")
    if fallback is not None:
        fallback.set(key, (value,), timeout=timeout)


def cache_get(key: str) -> Any:
    """The cached value, or _MISSING; a failing backend counts as a miss (and is logged once,
    by the circuit breaker, not once per call)."""
    breaker = _breaker()
    if not breaker.allow():
        return _fallback_get(key)
    try:
        hit = cache.get(key)
    except Exception as exc:  # noqa: BLE001 - Redis down must not take the site down
        breaker.failure(exc)
        return _fallback_get(key)
    breaker.success()
    return hit[0] if isinstance(hit, tuple) and len(hit) == 1 else _MISSING


def cache_set(key: str, value: Any, timeout: int | None = None) -> None:
    breaker = _breaker()
    if not breaker.allow():
        _fallback_set(key, value, timeout)
        return
    try:
        cache.set(key, (value,), timeout=timeout)
    except Exception as exc:  # noqa: BLE001
        breaker.failure(exc)
        _fallback_set(key, value, timeout)
        return
    breaker.success()


def is_missing(value: Any) -> bool:
    return value is _MISSING


def cached_query(name: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(conn, *args, **kwargs), memoised per publication (see the module docstring)."""
    pub = current_publication()
    key = make_key(f"q:{name}", pub.tag, args, sorted(kwargs.items()))
    hit = cache_get(key)
    if hit is not _MISSING:
        return hit  # type: ignore[no-any-return]
    with warehouse().connect() as conn:
        result = fn(conn, *args, **kwargs)
    cache_set(key, result)
    return result
