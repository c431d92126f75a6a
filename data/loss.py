"""Information loss of suppression, as published: per table, the share of cells withheld and
the share of events that stand in withheld cells, over every complete month.

The ETL stores exact per-month figures (the internal suppression_loss table); only shares
over all months, rounded to 0.1 %, leave the warehouse, so that no month's exact hidden sum
(which, set against published totals, would help an attacker) is ever published.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from data import schema


def loss_figures(conn: Connection) -> dict[str, dict[str, Any]]:
    t = schema.suppression_loss
    rows = conn.execute(
        select(
            t.c.table_name,
            func.count(t.c.month),
            func.sum(t.c.cells),
            func.sum(t.c.cells_withheld),
            func.sum(t.c.events),
            func.sum(t.c.events_withheld),
        ).group_by(t.c.table_name)
    ).all()
    out: dict[str, dict[str, Any]] = {}
    for name, months, cells, cells_withheld, events, events_withheld in rows:
        out[str(name)] = {
            "months": int(months),
            "cells_withheld_pct": round(100 * int(cells_withheld) / int(cells), 1)
            if cells
            else None,
            "events_withheld_pct": round(100 * int(events_withheld) / int(events), 1)
            if events
            else None,
        }
    return out
