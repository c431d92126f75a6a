"""The API's two blueprints and their hooks, attached once where the blueprints are made.

`bp` (/api/v1) is imported by every view module; `health` serves /healthz. Both answer in the
one error shape and pass through the HTTP finalizer (validators, caching, CORS); /api/v1 also
answers repeated publication-bound GETs from the whole-response cache before any view runs.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response
from werkzeug.exceptions import HTTPException

from api import fastpath
from api.errors import error_response, from_http_exception, is_api_request, register_error_handlers
from api.http import check_uri_length, finalize

bp = Blueprint("api", __name__, url_prefix="/api/v1")
health = Blueprint("health", __name__)

for _blueprint in (bp, health):
    _blueprint.before_request(check_uri_length)
    _blueprint.after_request(finalize)
    register_error_handlers(_blueprint)
bp.before_request(fastpath.lookup)


def register_routing_error_handler(server: Flask) -> None:
    """Routing errors (no rule matched) happen before a blueprint is chosen: answer them in
    the JSON shape for API paths only, and leave every other path to Flask or the dashboard.
    The blueprint's after_request does not run here, hence finalize()."""

    @server.errorhandler(HTTPException)
    def _routing_error(exc: HTTPException) -> Response | HTTPException:
        if not is_api_request():
            return exc
        return finalize(error_response(from_http_exception(exc)))
