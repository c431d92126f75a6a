"""The read-only open-data API (Flask blueprint under /api/v1) and /healthz.

`init_api(server, config)` registers the routes, the one error shape, HTTP caching and CORS
headers, and the rate limit. The modules each do one job: params (query strings), formats
(negotiation and writers), errors, http (validators, caching, CORS), responses (envelope,
cached bodies, streaming), metadata (catalogue, DCAT), openapi, docs, views/*.
"""

from __future__ import annotations

from flask import Flask

from api.blueprint import bp, health, register_routing_error_handler
from api.ratelimit import init_rate_limit
from api.views import datasets, meta, regions  # noqa: F401 - registers the routes
from api.views import health as health_routes  # noqa: F401 - registers /healthz
from data.settings import Config


def init_api(server: Flask, config: Config) -> None:
    init_rate_limit(server, config, bp)
    server.register_blueprint(bp)
    server.register_blueprint(health)
    register_routing_error_handler(server)
