"""The one error shape of the API, and the handlers that produce it.

    {"error": {"status": 400, "code": "invalid_parameter", "message": "...", "param": "date_from"}}

Whatever goes wrong, a client gets this shape: never a stack trace, never SQL, never an
HTML page. Unexpected exceptions are logged server-side with their traceback.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Flask, Response, request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException

from data.catalog import RETIRED
from data.query_errors import QueryError
from webcore.guards import UNREACHABLE, note_unreachable

log = logging.getLogger(__name__)

API_PREFIX = "/api/"

# Default codes for HTTP statuses; a raised ApiError may be more specific.
STATUS_CODES: dict[int, str] = {
    400: "invalid_parameter",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    410: "gone",
    414: "uri_too_long",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}
QUERY_ERROR_STATUS = {"not_found": 404, "gone": 410}


class ApiError(Exception):
    """An error the API answers on purpose; `param` names the offending parameter."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or STATUS_CODES.get(status, "error")
        self.message = message
        self.param = param
        self.headers = headers or {}


def bad_param(param: str, message: str, code: str = "invalid_parameter") -> ApiError:
    return ApiError(400, message, code=code, param=param)


def error_body(status: int, code: str, message: str, param: str | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message, "param": param}}


def error_response(error: ApiError) -> Response:
    body = json.dumps(
        error_body(error.status, error.code, error.message, error.param), ensure_ascii=False
    )
    response = Response(body, status=error.status, mimetype="application/json")
    for name, value in error.headers.items():
        response.headers[name] = value
    response.headers["Cache-Control"] = "no-store"
    return response


def from_query_error(exc: QueryError) -> ApiError:
    status = QUERY_ERROR_STATUS.get(exc.code, 400)
    headers: dict[str, str] = {}
    if exc.code == "gone":  # a retired dataset id: point to its successors (RFC 8288 links)
        retired = next((r for r in RETIRED.values() if f"'{r.id}'" in str(exc)), None)
        if retired:
            headers["Link"] = ", ".join(
                f'</api/v1/datasets/{s}>; rel="successor-version"' for s in retired.successors
            )
    return ApiError(status, str(exc), code=exc.code, param=exc.param, headers=headers)


def from_http_exception(exc: HTTPException) -> ApiError:
    status = exc.code or 500
    if status not in STATUS_CODES:
        status = 500 if status >= 500 else 400
    messages = {
        404: "no such resource; see /api/v1/docs",
        405: f"{request.method} is not allowed: this API is read-only (GET, HEAD, OPTIONS)",
        406: "none of the formats in the Accept header is available here",
        414: "the request URI is too long",
        429: "too many requests; slow down and retry later",
    }
    message = messages.get(status) or (exc.description or exc.name)
    headers: dict[str, str] = {}
    if status == 405:
        headers["Allow"] = "GET, HEAD, OPTIONS"
    return ApiError(status, message, headers=headers)


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX) or request.path == "/healthz"


def register_error_handlers(target: Flask | Blueprint) -> None:
    """Handlers for everything raised inside the API's views."""

    @target.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return error_response(exc)

    @target.errorhandler(QueryError)
    def _query_error(exc: QueryError) -> Response:
        return error_response(from_query_error(exc))

    @target.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        if exc.code == 429 and exc.response is not None:  # flask-limiter's prepared answer
            return exc.response
        return error_response(from_http_exception(exc))

    @target.errorhandler(DBAPIError)
    @target.errorhandler(PoolTimeoutError)
    def _database_error(exc: Exception) -> Response:
        if isinstance(exc, UNREACHABLE):
            note_unreachable(exc)  # one line now and then, not a traceback per request
        else:
            log.exception("warehouse error on %s", request.path)
        return error_response(
            ApiError(
                503,
                "the warehouse is unavailable; retry later",
                code="warehouse_unavailable",
                headers={"Retry-After": "30"},
            )
        )

    @target.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.path)
        return error_response(ApiError(500, "internal error; it has been logged"))
