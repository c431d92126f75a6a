"""/healthz: is the process up and does the warehouse answer? Never cached, never limited."""

from __future__ import annotations

from flask import Response, request
from sqlalchemy import text

from api.blueprint import health
from api.formats import accepts_json
from api.params import check_known
from api.responses import engine, json_response
from webcore.cache import current_publication


@health.get("/healthz")
def healthz() -> Response:
    check_known(request.args, ())
    accepts_json(request)
    with engine().connect() as conn:
        conn.execute(text("SELECT 1"))
    pub = current_publication()
    return json_response({"status": "ok", "database": "ok", "publication_id": pub.id})
