"""initial schema: reference, published and internal tables of the warehouse

Revision ID: 0001
Revises:
Create Date: 2026-11-22 08:09:54.807402+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 64-bit row ids everywhere; plain INTEGER on SQLite so the id is the rowid (as in data/schema.py,
# frozen here: a revision never imports the live schema).
ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # ---------------------------------------------------------------- reference
    op.create_table(
        "regions",
        sa.Column("iso_code", sa.String(length=5), nullable=False),
        sa.Column("kato_prefix", sa.String(length=2), nullable=False),
        sa.Column("name_kk", sa.String(length=80), nullable=False),
        sa.Column("name_ru", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("centre_kk", sa.String(length=80), nullable=False),
        sa.Column("centre_ru", sa.String(length=80), nullable=False),
        sa.Column("centre_en", sa.String(length=80), nullable=False),
        sa.Column("centre_lat", sa.Float(), nullable=False),
        sa.Column("centre_lon", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("iso_code"),
        sa.UniqueConstraint("kato_prefix"),
    )
    op.create_table(
        "population",
        sa.Column("id", ROW_ID, autoincrement=False, nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("population", sa.Float(), nullable=False),
        sa.Column("measure", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region", "year", name="uq_population_region_year"),
    )
    op.create_table(
        "region_boundaries",
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("geometry", sa.Text(), nullable=False),
        sa.Column("attribution", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("region"),
    )
    op.create_table(
        "key_figures",
        sa.Column("id", sa.String(length=60), nullable=False),
        sa.Column("scope", sa.String(length=5), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("label_kk", sa.Text(), nullable=False),
        sa.Column("label_ru", sa.Text(), nullable=False),
        sa.Column("label_en", sa.Text(), nullable=False),
        sa.Column("source_file", sa.String(length=80), nullable=False),
        sa.Column("source_title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # ---------------------------------------------------------------- published aggregates
    op.create_table(
        "front_office_visits",
        sa.Column("id", ROW_ID, autoincrement=False, nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("district_kato", sa.String(length=9), nullable=False),
        sa.Column("office_id", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.Column("wait_median_min", sa.Float(), nullable=True),
        sa.Column("satisfaction_mean", sa.Float(), nullable=True),
        sa.Column("satisfaction_n", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_fov_date", "front_office_visits", ["date"])
    op.create_index("ix_fov_office_date", "front_office_visits", ["office_id", "date"])
    op.create_index("ix_fov_region_date", "front_office_visits", ["region", "date"])
    op.create_table(
        "sos_activations_daily",
        sa.Column("id", ROW_ID, autoincrement=False, nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("activations", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sosd_date", "sos_activations_daily", ["date"])
    op.create_index("ix_sosd_region_date", "sos_activations_daily", ["region", "date"])
    op.create_table(
        "sos_activations_monthly",
        sa.Column("id", ROW_ID, autoincrement=False, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("district_kato", sa.String(length=9), nullable=False),
        sa.Column("button_id", sa.String(length=20), nullable=False),
        sa.Column("activations", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.Column("answer_median_s", sa.Float(), nullable=True),
        sa.Column("arrival_median_min", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sosm_month", "sos_activations_monthly", ["month"])
    op.create_index("ix_sosm_region_month", "sos_activations_monthly", ["region", "month"])
    op.create_table(
        "camera_offenses",
        sa.Column("id", ROW_ID, autoincrement=False, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("district_kato", sa.String(length=9), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("offenses", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_cam_month", "camera_offenses", ["month"])
    op.create_index("ix_cam_region_month", "camera_offenses", ["region", "month"])
    op.create_table(
        "region_indicators",
        sa.Column("id", ROW_ID, autoincrement=False, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("indicator", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("month", "region", "indicator", name="uq_region_indicators"),
    )
    op.create_index("ix_ri_region_month", "region_indicators", ["region", "month"])
    op.create_table(
        "facilities",
        sa.Column("id", ROW_ID, autoincrement=False, nullable=False),
        sa.Column("facility_id", sa.String(length=20), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("district_kato", sa.String(length=9), nullable=False),
        sa.Column("name_kk", sa.Text(), nullable=True),
        sa.Column("name_ru", sa.Text(), nullable=True),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("address_kk", sa.Text(), nullable=True),
        sa.Column("address_ru", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("hours", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("facility_id"),
    )
    op.create_index("ix_fac_region_type", "facilities", ["region", "type"])
    op.create_table(
        "cameras_by_district",
        sa.Column("id", ROW_ID, autoincrement=False, nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("district_kato", sa.String(length=9), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cameras", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("district_kato", "status", name="uq_cameras_by_district"),
    )
    op.create_table(
        "targets",
        sa.Column("id", ROW_ID, autoincrement=False, nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("indicator", sa.String(length=40), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("actual_value", sa.Float(), nullable=True),
        sa.Column("progress", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region", "indicator", "period_end", name="uq_targets"),
    )
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("nights_from", sa.Date(), nullable=True),
        sa.Column("nights_to", sa.Date(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # ---------------------------------------------------------------- internal (never served)
    op.create_table(
        "etl_runs",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("nights", sa.JSON(), nullable=False),
        sa.Column("rows_in", sa.Integer(), nullable=False),
        sa.Column("rows_loaded", sa.Integer(), nullable=False),
        sa.Column("rows_quarantined", sa.Integer(), nullable=False),
        sa.Column("quarantine_reasons", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("publication_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "etl_nights",
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("night"),
    )
    op.create_table(
        "etl_files",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("rows_in", sa.Integer(), nullable=False),
        sa.Column("rows_loaded", sa.Integer(), nullable=False),
        sa.Column("rows_quarantined", sa.Integer(), nullable=False),
        sa.Column("file_error", sa.String(length=200), nullable=True),
        sa.Column("extra_columns", sa.JSON(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("night", "file_name", name="uq_etl_files"),
    )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("night", sa.Date(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_quarantine_night", "quarantine", ["night"])
    op.create_table(
        "facility_index",
        sa.Column("facility_id", sa.String(length=20), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("last_seen", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("facility_id"),
    )


def downgrade() -> None:
    # Dropping a table drops its indexes too.
    op.drop_table("facility_index")
    op.drop_table("quarantine")
    op.drop_table("etl_files")
    op.drop_table("etl_nights")
    op.drop_table("etl_runs")
    op.drop_table("publications")
    op.drop_table("targets")
    op.drop_table("cameras_by_district")
    op.drop_table("facilities")
    op.drop_table("region_indicators")
    op.drop_table("camera_offenses")
    op.drop_table("sos_activations_monthly")
    op.drop_table("sos_activations_daily")
    op.drop_table("front_office_visits")
    op.drop_table("key_figures")
    op.drop_table("region_boundaries")
    op.drop_table("population")
    op.drop_table("regions")
