"""Per-client rate limit on the API (flask-limiter), answering 429 in the error shape.

RATELIMIT_ENABLED=false switches it off (benchmarks, tests); RATELIMIT_DEFAULT sets the
limit ("600 per minute"), one budget per client across the whole API. Counters live in
Redis when CACHE_REDIS_URL is set, so every gunicorn worker shares them; otherwise in
process memory, where each worker counts on its own.

Redis hung or down: the limit never switches off. The first failing call (20 ms socket
timeout at most) moves the limiter to in-process counters with the same budget, so each worker
then enforces RATELIMIT_DEFAULT on its own (a client may get up to workers x budget until Redis
is back); flask-limiter re-checks Redis with a growing interval (1, 2, 4 ... 32 s) and moves
back when it answers. It logs one line when it falls back and one when Redis recovers.

Clients are told apart by the remote address: behind a reverse proxy set TRUSTED_PROXIES (the
number of proxies in front, see webcore.proxy) so that it is the client's, not the proxy's.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, request
from flask_limiter import Limit, Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from api.errors import API_PREFIX, ApiError, error_response
from data.settings import Config
from webcore.breaker import redis_options

SCOPE = "api"


def _breached(limit: RequestLimit) -> Response:
    return error_response(ApiError(429, f"rate limit of {limit.limit} reached; retry later",
                                   code="rate_limited"))


def _exempt() -> bool:
    return request.method == "OPTIONS"


def init_rate_limit(server: Flask, config: Config, blueprint: Blueprint) -> Limiter | None:
    if not config.ratelimit_enabled:
        return None
    # While Redis is out, the same one budget per client, counted in this process.
    fallback = Limit(config.ratelimit_default, key_function=get_remote_address, scope=SCOPE,
                     shared=True, exempt_when=_exempt)
    limiter = Limiter(
        get_remote_address,
        storage_uri=config.cache_redis_url or "memory://",
        storage_options=redis_options() if config.cache_redis_url else {},
        headers_enabled=True,
        strategy="fixed-window",
        on_breach=_breached,
        key_prefix="portal-ratelimit",
        in_memory_fallback_enabled=bool(config.cache_redis_url),
        in_memory_fallback=[fallback] if config.cache_redis_url else None,
        swallow_errors=True,  # errors of the in-memory fallback itself: never take the API down
    )
    # Only the API is limited: the fallback limits would otherwise apply to every route.
    limiter.request_filter(lambda: not request.path.startswith(API_PREFIX))
    # One budget per client for the whole API, not one per route.
    limiter.shared_limit(config.ratelimit_default, scope=SCOPE, exempt_when=_exempt)(blueprint)
    limiter.init_app(server)
    server.extensions["api_limiter"] = limiter
    return limiter
