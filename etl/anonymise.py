"""Anonymise: drop every column that could carry a personal value, right after extract.

Why an allow-list rather than a deny-list: the contract lists the personal columns
we know about, but a source system can add one tomorrow (``visitor_email``...).
Only columns the contract knows AND marks public go on; everything else is dropped
before validation, so no personal value can reach an error message, the
quarantine or the warehouse.

The names of unknown columns are returned so they can be reported. A header is
normally harmless, but when a file arrives without its header row the first
record becomes the header and its "names" are values (an IIN, a person's name).
So a name is reported verbatim only when it looks like an identifier and the
file has at least one column the contract knows; otherwise it is reported by
position (``column_7``).
"""

from __future__ import annotations

import re

import pandas as pd

from etl.contract import LINE_COLUMN, TABLES

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def public_names(table: str) -> frozenset[str]:
    """The columns of `table` whose values go on (the readers read only these)."""
    return frozenset(c.name for c in TABLES[table].public_columns)


def drop_personal(table: str, df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Keep only the contract's public columns (plus ``_line``); report unknown ones.

    Returns ``(frame, extra_column_names)``. Personal columns of the contract are
    dropped silently (they are expected); unknown columns are dropped and listed.
    """
    contract = TABLES[table]
    public = public_names(table)
    known = set(contract.names)
    header_trusted = any(c in known for c in df.columns)
    keep: list[str] = []
    extras: list[str] = []
    for pos, name in enumerate(df.columns, start=1):
        if name in public or name == LINE_COLUMN:
            keep.append(name)
        elif name not in known:
            safe = header_trusted and isinstance(name, str) and bool(_IDENTIFIER.match(name))
            extras.append(name if safe else f"column_{pos}")
    return df.loc[:, keep], extras
