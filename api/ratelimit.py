"""Per-client rate limit on the API (flask-limiter), answering 429 in the error shape.

RATELIMIT_ENABLED=false switches it off (benchmarks, tests); RATELIMIT_DEFAULT sets the
limit ("600 per minute"), one budget per client across the whole API. Counters live in
Redis when CACHE_REDIS_URL is set, so every gunicorn worker shares them; otherwise in
process memory, where each worker counts on its own. Clients are told apart by the remote
address: behind a reverse proxy, wrap the app in werkzeug's ProxyFix so that it is the
client's, not the proxy's.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address

from api.errors import ApiError, error_response
from data.settings import Config


def _breached(limit: RequestLimit) -> Response:
    return error_response(ApiError(429, f"rate limit of {limit.limit} reached; retry later",
                                   code="rate_limited"))


def init_rate_limit(server: Flask, config: Config, blueprint: Blueprint) -> Limiter | None:
    if not config.ratelimit_enabled:
        return None
    limiter = Limiter(
        get_remote_address,
        storage_uri=config.cache_redis_url or "memory://",
        storage_options=({"socket_timeout": 0.25, "socket_connect_timeout": 0.25}
                         if config.cache_redis_url else {}),
        headers_enabled=True,
        strategy="fixed-window",
        on_breach=_breached,
        key_prefix="portal-ratelimit",
        swallow_errors=True,  # a Redis outage must not take the API down
    )
    # One budget per client for the whole API, not one per route.
    limiter.shared_limit(config.ratelimit_default, scope="api",
                         exempt_when=lambda: request.method == "OPTIONS")(blueprint)
    limiter.init_app(server)
    server.extensions["api_limiter"] = limiter
    return limiter
