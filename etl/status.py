"""`python -m etl status`: what is published and how the last run went."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from data import queries
from etl.runlock import is_held


def collect(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        publication = queries.current_publication(conn)
        run = queries.last_run(conn)
        datasets = queries.dataset_row_counts(conn)
    if run and run["status"] == "running" and not is_held(engine):
        # Nobody holds the ETL lock, so the process that wrote this row is gone (kill -9,
        # power cut): its transaction was rolled back, yesterday's publication stands.
        run = {
            **run,
            "status": "dead",
            "message": "the process ended before committing; nothing of it was published",
        }
    return {
        "publication_id": publication["id"] if publication else None,
        "published_at": publication["published_at"].isoformat() if publication else None,
        "is_demo": bool(publication["is_demo"]) if publication else None,
        "datasets": datasets,
        "last_run": {
            "id": run["id"],
            "status": run["status"],
            "nights": run["nights"],
            "message": run["message"],
        }
        if run
        else None,
        "rows_in": run["rows_in"] if run else 0,
        "rows_loaded": run["rows_loaded"] if run else 0,
        "rows_quarantined": run["rows_quarantined"] if run else 0,
        "quarantine_reasons": run["quarantine_reasons"] if run else {},
    }


def render(status: dict[str, Any]) -> str:
    lines = [
        f"publication: {status['publication_id']} at {status['published_at']}"
        + ("  [DEMO DATA]" if status["is_demo"] else ""),
        "datasets:",
        *[f"  {name:<26} {rows:>12,} rows" for name, rows in status["datasets"].items()],
    ]
    run = status["last_run"]
    if run:
        lines += [
            f"last run {run['id']}: {run['status']} — {run['message'] or ''}",
            (
                f"  rows in {status['rows_in']:,} = loaded {status['rows_loaded']:,}"
                f" + quarantined {status['rows_quarantined']:,}"
            ),
            *[
                f"  quarantined for {reason}: {n:,}"
                for reason, n in status["quarantine_reasons"].items()
            ],
        ]
    return "\n".join(lines)
