"""Client errors answered as 4xx and a dead warehouse as 503, for the dashboard's routes.

The API has its own error shape (api.errors); this module covers what Dash serves on the same
Flask server, where hostile or broken requests used to end in 500 or in a soft 404:

- request bodies over MAX_CONTENT_LENGTH: 413 (werkzeug raises it when the body is read);
- callback bodies that are not a Dash callback request (`{}`, `[]`, nesting too deep, an unknown
  output, inputs that do not match the callback): 400 JSON, checked before Dash sees them;
- `/_dash-component-suites/` paths Dash does not serve: 404;
- page paths that are no page of the dashboard (`/.env`, `/.git/config`, any unknown path):
  the app shell, which renders the 404 page in the visitor's language, with status 404
  (the known paths come from Dash's page registry);
- the warehouse unreachable (PostgreSQL down): 503 with Retry-After, JSON for Dash's own
  requests (callbacks, `/_dash-layout`) and a short page in kk/ru/en for page loads;
- OPTIONS: `Allow` names the methods the route really serves.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from html import escape
from typing import Any

from flask import Flask, Response, current_app, request
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import BadRequest, HTTPException

log = logging.getLogger(__name__)

MAX_CONTENT_LENGTH = 1_000_000  # bytes; the largest real callback body is a few kB
CALLBACK_PATH = "/_dash-update-component"
SUITES_RULE = "/_dash-component-suites/"
DASH_JSON_PATHS = (CALLBACK_PATH, "/_dash-layout", "/_dash-dependencies")
INDEX_RULES = ("/", "/<path:path>")
NOT_FOUND_PAGE = "/404"
RETRY_AFTER = "30"
API_ALLOW = "GET, HEAD, OPTIONS"
CALLBACK_ALLOW = "OPTIONS, POST"
# Errors that mean "the warehouse cannot be reached", not "this query is wrong".
UNREACHABLE = (OperationalError, InterfaceError, PoolTimeoutError)
UNREACHABLE_LOG_EVERY = 30.0  # seconds: one line per outage-ish, not one traceback per request
_last_unreachable_log = [0.0]
_unreachable_lock = threading.Lock()


def note_unreachable(exc: BaseException) -> None:
    """Log that the warehouse is unreachable: one line, at most every 30 s per process (a
    10-second PostgreSQL stop used to write thousands of tracebacks)."""
    now = time.monotonic()
    with _unreachable_lock:
        if now - _last_unreachable_log[0] < UNREACHABLE_LOG_EVERY:
            return
        _last_unreachable_log[0] = now
    reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    log.warning("warehouse unreachable (%s: %s); answering 503", type(exc).__name__, reason)


UNAVAILABLE_TEXT = {
    "kk": (
        "Портал уақытша қолжетімсіз",
        "Қазір деректерді оқу мүмкін емес. Бір минуттан кейін қайта көріңіз.",
    ),
    "ru": (
        "Портал временно недоступен",
        "Сейчас не удаётся прочитать данные. Попробуйте ещё раз через минуту.",
    ),
    "en": (
        "The portal is briefly unavailable",
        "The figures cannot be read right now. Please try again in a minute.",
    ),
}


# ------------------------------------------------------------------ known page paths
def _page_patterns() -> list[re.Pattern[str]]:
    """One regex per page of Dash's registry (`/regions/<region>` matches one segment)."""
    import dash

    patterns = []
    for page in dash.page_registry.values():
        template = page.get("path_template") or page["path"]
        if template == NOT_FOUND_PAGE:
            continue
        parts = re.split(r"(<[^>]+>)", template.rstrip("/") or "/")
        regex = "".join("[^/]+" if p.startswith("<") else re.escape(p) for p in parts)
        patterns.append(re.compile(f"{regex}/?"))
    return patterns


def is_known_page(path: str) -> bool:
    patterns = current_app.extensions.get("web_page_patterns")
    if patterns is None:
        patterns = current_app.extensions["web_page_patterns"] = _page_patterns()
    return any(p.fullmatch(path) for p in patterns)


def _is_index() -> bool:
    return request.url_rule is not None and request.url_rule.rule in INDEX_RULES


# ------------------------------------------------------------------ callback bodies
MAX_JSON_DEPTH = 32  # a real callback body nests 6 or 7 levels


def json_depth_ok(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Nesting depth of a parsed JSON value at most `limit` (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            if depth > limit:
                return False
            stack.extend((child, depth + 1) for child in item)
    return True


def _is_prop(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("property"), str) and "id" in item


def _props_ok(items: Any, expected: int) -> bool:
    """A list of `expected` dependencies, each a {id, property, ...} or, for pattern-matching
    ones, a list of those."""
    if not isinstance(items, list) or len(items) != expected:
        return False
    return all(_is_prop(i) or (isinstance(i, list) and all(_is_prop(j) for j in i)) for i in items)


def output_specs(output: str) -> list[str]:
    """The "component.property" outputs named by a callback key ("..a.b...c.d.." or "a.b")."""
    return output.strip(".").split("...") if output.startswith("..") else [output]


def _outputs_ok(outputs: Any, output: str) -> bool:
    """`outputs` as Dash sends them for the callback keyed `output`: one {id, property} (or a
    list of them for a pattern-matching output), or, for a multi-output key ("..a.b...c.d.."),
    a list with one such entry per output. Anything else used to reach Dash and end in a 500."""
    if output.startswith(".."):
        return _props_ok(outputs, len(output_specs(output)))
    return _is_prop(outputs) or (isinstance(outputs, list) and all(_is_prop(o) for o in outputs))


def callback_body_problem(body: Any, callback_map: dict[str, Any]) -> str | None:
    """Why `body` is not a callback request this app can run, or None when it is."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "unknown callback output"
    spec = callback_map[output]
    if not _props_ok(body.get("inputs"), len(spec.get("inputs", []))):
        return "inputs do not match the callback"
    if not _props_ok(body.get("state", []), len(spec.get("state", []))):
        return "state does not match the callback"
    if not _outputs_ok(body.get("outputs"), output):
        return "outputs do not match the callback"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "malformed changedPropIds"
    return None


def json_error(status: int, code: str, message: str, **headers: str) -> Response:
    body = json.dumps({"error": {"status": status, "code": code, "message": message}})
    return Response(body, status=status, mimetype="application/json", headers=headers)


def _check_callback_body() -> Response | None:
    if request.path != CALLBACK_PATH or request.method != "POST":
        return None
    request.get_data(cache=True)  # 413 beyond MAX_CONTENT_LENGTH, before any parsing
    try:
        body = request.get_json(silent=False)  # parsed once: Dash reuses the cached value
    except BadRequest:
        return json_error(400, "invalid_callback", "the body is not JSON")
    except RecursionError:
        return json_error(400, "invalid_callback", "the body is nested too deeply")
    if not json_depth_ok(body):
        return json_error(400, "invalid_callback", "the body is nested too deeply")
    dash_app = current_app.extensions.get("dash")
    problem = callback_body_problem(body, dash_app.callback_map if dash_app else {})
    if problem:
        return json_error(400, "invalid_callback", problem)
    return None


# ------------------------------------------------------------------ warehouse down
def unavailable_page(lang: str) -> str:
    title, body = UNAVAILABLE_TEXT.get(lang, UNAVAILABLE_TEXT["en"])
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        '<link rel="stylesheet" href="/assets/vendor/bootstrap/bootstrap.min.css"></head>'
        f'<body><main class="container py-5"><h1>{escape(title)}</h1>'
        f"<p>{escape(body)}</p></main></body></html>\n"
    )


def _request_lang() -> str:
    from dashboard.i18n import request_lang

    try:
        return request_lang()
    except Exception:  # noqa: BLE001 - a malformed request still gets a page
        return "kk"


def warehouse_unavailable(exc: BaseException | None = None) -> Response:
    """503 for a dashboard request while the warehouse cannot be reached."""
    if exc is not None:
        note_unreachable(exc)
    if request.path in DASH_JSON_PATHS or request.is_json:
        return json_error(
            503,
            "warehouse_unavailable",
            "the warehouse is unavailable; retry later",
            **{"Retry-After": RETRY_AFTER, "Cache-Control": "no-store"},
        )
    return Response(
        unavailable_page(_request_lang()),
        status=503,
        mimetype="text/html",
        headers={"Retry-After": RETRY_AFTER, "Cache-Control": "no-store"},
    )


def _probe_warehouse() -> Response | None:
    """Page loads: read the publication marker (one small query, also what the page's layout
    needs first) so that a dead warehouse gets the 503 page instead of an empty shell."""
    if request.method not in ("GET", "HEAD") or not _is_index():
        return None
    if not is_known_page(request.path):
        return None
    from webcore.cache import current_publication

    try:
        current_publication()
    except UNREACHABLE as exc:
        return warehouse_unavailable(exc)
    return None


# ------------------------------------------------------------------ responses
def _finish(response: Response) -> Response:
    if request.method == "OPTIONS":
        if request.path.startswith("/api/"):
            response.headers["Allow"] = API_ALLOW
        elif request.path == CALLBACK_PATH:
            response.headers["Allow"] = CALLBACK_ALLOW
    elif _is_index() and response.status_code == 200 and not is_known_page(request.path):
        # Dash answers every path with its shell; its router then shows the 404 page.
        response.status_code = 404
        response.headers["Cache-Control"] = "no-cache"
    return response


def _dash_error(exc: Exception) -> Response:
    """Exceptions of non-API routes: a dead warehouse is 503, a component-suite file Dash does
    not serve is 404, anything else a logged 500 (in JSON for Dash's own requests)."""
    if isinstance(exc, HTTPException):
        return exc  # type: ignore[return-value]
    if isinstance(exc, UNREACHABLE):
        return warehouse_unavailable(exc)
    rule = request.url_rule.rule if request.url_rule is not None else ""
    if rule.startswith(SUITES_RULE):
        return Response("not found\n", status=404, mimetype="text/plain")
    log.exception("unexpected error on %s", request.path)
    if request.path in DASH_JSON_PATHS:
        return json_error(500, "internal_error", "internal error; it has been logged")
    return Response("internal error\n", status=500, mimetype="text/plain")


def init_guards(server: Flask) -> None:
    server.config["MAX_CONTENT_LENGTH"] = MAX_CONTENT_LENGTH
    server.before_request(_check_callback_body)
    server.before_request(_probe_warehouse)
    server.after_request(_finish)
    server.register_error_handler(Exception, _dash_error)
