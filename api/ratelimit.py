"""Per-client rate limit on the API (flask-limiter), answering 429 in the error shape.

RATELIMIT_ENABLED=false switches it off (benchmarks, tests); RATELIMIT_DEFAULT sets the
limit ("600 per minute"), one budget per client across the whole API. Counters live in
Redis when CACHE_REDIS_URL is set, so every gunicorn worker shares them; otherwise in
process memory, where each worker counts on its own.

Redis hung or down: the limit never switches off. Counters go through FailoverStorage: Redis
while it answers; after a failure (20 ms socket timeout at most, no retries) a circuit breaker
(webcore.breaker) sends them to in-process counters with the same budget, so each worker then
enforces RATELIMIT_DEFAULT on its own (a client may get up to workers x budget until Redis is
back), and tries Redis again after 1, 2, 4 ... 30 s. One log line per state change.

Clients are told apart by the remote address: behind a reverse proxy set TRUSTED_PROXIES (the
number of proxies in front, see webcore.proxy) so that it is the client's, not the proxy's.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from limits.storage import MemoryStorage, RedisStorage, Storage

from api.errors import API_PREFIX, ApiError, error_response
from data.settings import Config
from webcore.breaker import CircuitBreaker, redis_options

SCOPE = "api"
SCHEME = "portal+redis"


class FailoverStorage(Storage):
    """limits storage: Redis behind a circuit breaker, in-process counters while it is out.
    Never raises, so flask-limiter never logs a traceback or lets a request through unlimited."""

    STORAGE_SCHEME = [SCHEME, f"{SCHEME}s"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.redis = RedisStorage(uri.replace(SCHEME, "redis", 1), **options)
        self.memory = MemoryStorage()
        self.breaker = CircuitBreaker("rate-limit redis")

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        return ()  # nothing escapes: see _call

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self.breaker.allow():
            try:
                result = getattr(self.redis, name)(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - any Redis failure: count in memory
                self.breaker.failure(exc)
            else:
                self.breaker.success()
                return result
        return getattr(self.memory, name)(*args, **kwargs)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return int(self._call("incr", key, expiry, amount=amount))

    def get(self, key: str) -> int:
        return int(self._call("get", key))

    def get_expiry(self, key: str) -> float:
        return float(self._call("get_expiry", key))

    def check(self) -> bool:
        return bool(self.redis.check())

    def reset(self) -> int | None:
        self.memory.reset()
        return self._call("reset")  # type: ignore[no-any-return]

    def clear(self, key: str) -> None:
        self.memory.clear(key)
        self._call("clear", key)


def _breached(limit: RequestLimit) -> Response:
    return error_response(
        ApiError(429, f"rate limit of {limit.limit} reached; retry later", code="rate_limited")
    )


def _exempt() -> bool:
    return request.method == "OPTIONS"


def init_rate_limit(server: Flask, config: Config, blueprint: Blueprint) -> Limiter | None:
    if not config.ratelimit_enabled:
        return None
    redis_url = config.cache_redis_url
    limiter = Limiter(
        get_remote_address,
        storage_uri=redis_url.replace("redis", SCHEME, 1) if redis_url else "memory://",
        storage_options=redis_options() if redis_url else {},
        headers_enabled=True,
        strategy="fixed-window",
        on_breach=_breached,
        key_prefix="portal-ratelimit",
        swallow_errors=True,  # belt and braces: FailoverStorage itself never raises
    )
    # Only the API is limited (pages and /healthz never wait on the rate-limit storage).
    limiter.request_filter(lambda: not request.path.startswith(API_PREFIX))
    # One budget per client for the whole API, not one per route.
    limiter.shared_limit(config.ratelimit_default, scope=SCOPE, exempt_when=_exempt)(blueprint)
    limiter.init_app(server)
    server.extensions["api_limiter"] = limiter
    return limiter
