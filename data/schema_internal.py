"""Internal tables of the warehouse: ETL book-keeping (runs, nights, files, quarantine) and
the facility index. Never served: neither the API nor the dashboard reads them. Import them
from data.schema like every other table."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from data.schema_metadata import metadata

etl_runs = Table(
    "etl_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("status", String(20), nullable=False),
    Column("nights", JSON, nullable=False),
    Column("rows_in", Integer, nullable=False, default=0),
    Column("rows_loaded", Integer, nullable=False, default=0),
    Column("rows_quarantined", Integer, nullable=False, default=0),
    Column("quarantine_reasons", JSON, nullable=False),
    Column("message", Text, nullable=True),
    Column("publication_id", Integer, nullable=True),
)

etl_nights = Table(
    "etl_nights",
    metadata,
    Column("night", Date, primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("is_demo", Boolean, nullable=False),
    Column("run_id", Integer, nullable=False),
    Column("processed_at", DateTime(timezone=True), nullable=False),
)

etl_files = Table(
    "etl_files",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("night", Date, nullable=False),
    Column("table_name", String(40), nullable=False),
    Column("file_name", String(200), nullable=False),
    Column("rows_in", Integer, nullable=False),
    Column("rows_loaded", Integer, nullable=False),
    Column("rows_quarantined", Integer, nullable=False),
    Column("file_error", String(200), nullable=True),
    Column("extra_columns", JSON, nullable=False),
    Column("run_id", Integer, nullable=False),
    UniqueConstraint("night", "file_name", name="uq_etl_files"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("night", Date, nullable=False),
    Column("file_name", String(200), nullable=False),
    Column("line", Integer, nullable=False),
    Column("reason", String(40), nullable=False),
    Column("field", String(40), nullable=True),
    Column("run_id", Integer, nullable=False),
    Index("ix_quarantine_night", "night"),
)

facility_index = Table(
    "facility_index",
    metadata,
    Column("facility_id", String(20), primary_key=True),
    Column("type", String(20), nullable=False),
    Column("kato", String(9), nullable=False),
    Column("region", String(5), nullable=False),
    Column("status", String(20), nullable=False),
    Column("last_seen", Date, nullable=False),
)
