"""Column kinds shared by the schema modules (data.schema, data.schema_aggregates): the
deterministic row id and the region names written beside a region code."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, String

# 64-bit everywhere; on SQLite plain INTEGER so the id is the rowid.
RowId = BigInteger().with_variant(Integer(), "sqlite")


def row_id() -> Column:
    """Deterministic row id set by the ETL (period index × 10^7 + rank within the period),
    so a re-run and a clean run publish identical rows, ids included."""
    return Column("id", RowId, primary_key=True, autoincrement=False)


def region_names() -> list[Column]:
    """Region names beside the ISO code, so a downloaded file reads on its own."""
    return [Column(f"region_name_{lang}", String(80), nullable=True) for lang in ("kk", "ru", "en")]
