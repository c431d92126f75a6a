"""What every part of the web server shares: cache, compression, security headers, guards.

`init_web(server, config)` is called by app.create_app() before the API and the dashboard
register themselves. The query memoiser both use lives in webcore.cache; its signature is
documented there and re-exported here:

    from webcore import cached_query, current_publication
    cached_query(name, fn, *args, **kwargs)  # fn(conn, *args, **kwargs), keyed by publication id
"""

from __future__ import annotations

from flask import Flask
from flask_compress import Compress

from data.settings import Config
from webcore.cache import cache, cached_query, current_publication, init_cache
from webcore.guards import init_guards
from webcore.headers import init_security_headers
from webcore.proxy import init_proxy
from webcore.static import init_static_cache

__all__ = ["cache", "cached_query", "current_publication", "init_web"]

COMPRESSED_MIMETYPES = [
    "application/json",
    "application/geo+json",
    "application/ld+json",
    "application/x-ndjson",
    "application/javascript",
    "text/javascript",
    "text/css",
    "text/html",
    "text/plain",
    "text/csv",
    "image/svg+xml",
]

compress = Compress()


def init_web(server: Flask, config: Config) -> None:
    init_cache(server, config)
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_ALGORITHM_STREAMING=["br", "gzip"],
        COMPRESS_MIMETYPES=COMPRESSED_MIMETYPES,
        COMPRESS_MIN_SIZE=500,
        COMPRESS_BR_LEVEL=4,
        COMPRESS_LEVEL=6,
    )
    compress.init_app(server)
    init_security_headers(server, config)
    init_guards(server)  # 4xx for client errors, 503 while the warehouse is unreachable
    init_proxy(server, config)  # TRUSTED_PROXIES, PUBLIC_URL
    init_static_cache(server)  # immutable fingerprinted assets
