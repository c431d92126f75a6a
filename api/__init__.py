"""The read-only open-data API (Flask blueprint under /api/v1) and /healthz.

`init_api(server, config)` registers the routes, the one error shape, HTTP caching and CORS
headers, and the rate limit. The modules each do one job: params (query strings), formats
(negotiation and writers), errors, http (validators, caching, CORS), responses (envelope,
cached bodies, streaming), metadata (catalogue, DCAT), openapi, docs, views/*.
"""

from __future__ import annotations

from flask import Flask

from api import fastpath
from api.blueprint import bp
from api.errors import register_error_handlers, register_routing_error_handler
from api.http import check_uri_length, finalize
from api.ratelimit import init_rate_limit
from api.views import datasets, meta, regions  # noqa: F401 - registers the routes
from api.views.health import health
from data.settings import Config

_hooks_installed = False


def _install_hooks() -> None:
    global _hooks_installed
    if _hooks_installed:  # blueprints are module-level: hook them once per process
        return
    for blueprint in (bp, health):
        blueprint.before_request(check_uri_length)
        blueprint.after_request(finalize)
        register_error_handlers(blueprint)
    bp.before_request(fastpath.lookup)
    _hooks_installed = True


def init_api(server: Flask, config: Config) -> None:
    _install_hooks()
    init_rate_limit(server, config, bp)
    server.register_blueprint(bp)
    server.register_blueprint(health)
    register_routing_error_handler(server)
