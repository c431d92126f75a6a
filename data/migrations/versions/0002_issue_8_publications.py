"""issue 8: tables cut for the questions users ask, region names, suppression loss

New published tables (see etl.aggregate), with region names beside the code, and the
internal suppression_loss. The retired tables
(front_office_visits, sos_activations_daily, camera_offenses) stay, no longer written,
so that a downgrade loses nothing; the API answers 410 for them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 09:53:45.389281+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "camera_offenses_district",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("region_name_kk", sa.String(length=80), nullable=True),
        sa.Column("region_name_ru", sa.String(length=80), nullable=True),
        sa.Column("region_name_en", sa.String(length=80), nullable=True),
        sa.Column("district_kato", sa.String(length=9), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("offenses", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("camera_offenses_district", schema=None) as batch_op:
        batch_op.create_index("ix_camd_month", ["month"], unique=False)
        batch_op.create_index("ix_camd_region_month", ["region", "month"], unique=False)

    op.create_table(
        "camera_offenses_regional",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("region_name_kk", sa.String(length=80), nullable=True),
        sa.Column("region_name_ru", sa.String(length=80), nullable=True),
        sa.Column("region_name_en", sa.String(length=80), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("offenses", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("camera_offenses_regional", schema=None) as batch_op:
        batch_op.create_index("ix_camr_month", ["month"], unique=False)
        batch_op.create_index("ix_camr_region_month", ["region", "month"], unique=False)

    op.create_table(
        "front_office_offices_monthly",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("region_name_kk", sa.String(length=80), nullable=True),
        sa.Column("region_name_ru", sa.String(length=80), nullable=True),
        sa.Column("region_name_en", sa.String(length=80), nullable=True),
        sa.Column("district_kato", sa.String(length=9), nullable=False),
        sa.Column("office_id", sa.String(length=20), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.Column("wait_median_min", sa.Float(), nullable=True),
        sa.Column("satisfaction_mean", sa.Float(), nullable=True),
        sa.Column("satisfaction_n", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("front_office_offices_monthly", schema=None) as batch_op:
        batch_op.create_index("ix_foom_month", ["month"], unique=False)
        batch_op.create_index("ix_foom_region_month", ["region", "month"], unique=False)

    op.create_table(
        "front_office_visits_daily",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("region_name_kk", sa.String(length=80), nullable=True),
        sa.Column("region_name_ru", sa.String(length=80), nullable=True),
        sa.Column("region_name_en", sa.String(length=80), nullable=True),
        sa.Column("district_kato", sa.String(length=9), nullable=False),
        sa.Column("office_id", sa.String(length=20), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("front_office_visits_daily", schema=None) as batch_op:
        batch_op.create_index("ix_fovd_date", ["date"], unique=False)
        batch_op.create_index("ix_fovd_office_date", ["office_id", "date"], unique=False)
        batch_op.create_index("ix_fovd_region_date", ["region", "date"], unique=False)

    op.create_table(
        "front_office_visits_monthly",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("region_name_kk", sa.String(length=80), nullable=True),
        sa.Column("region_name_ru", sa.String(length=80), nullable=True),
        sa.Column("region_name_en", sa.String(length=80), nullable=True),
        sa.Column("district_kato", sa.String(length=9), nullable=False),
        sa.Column("office_id", sa.String(length=20), nullable=False),
        sa.Column("breakdown", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("front_office_visits_monthly", schema=None) as batch_op:
        batch_op.create_index("ix_fovm_month", ["month"], unique=False)
        batch_op.create_index("ix_fovm_office_month", ["office_id", "month"], unique=False)
        batch_op.create_index("ix_fovm_region_month", ["region", "month"], unique=False)

    op.create_table(
        "front_office_visits_regional",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("region_name_kk", sa.String(length=80), nullable=True),
        sa.Column("region_name_ru", sa.String(length=80), nullable=True),
        sa.Column("region_name_en", sa.String(length=80), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=30), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("front_office_visits_regional", schema=None) as batch_op:
        batch_op.create_index("ix_fovr_month", ["month"], unique=False)
        batch_op.create_index("ix_fovr_region_month", ["region", "month"], unique=False)

    op.create_table(
        "sos_activations_regional",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("region_name_kk", sa.String(length=80), nullable=True),
        sa.Column("region_name_ru", sa.String(length=80), nullable=True),
        sa.Column("region_name_en", sa.String(length=80), nullable=True),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("activations", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sos_activations_regional", schema=None) as batch_op:
        batch_op.create_index("ix_sosr_month", ["month"], unique=False)
        batch_op.create_index("ix_sosr_region_month", ["region", "month"], unique=False)

    op.create_table(
        "sos_response_regional",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region", sa.String(length=5), nullable=False),
        sa.Column("region_name_kk", sa.String(length=80), nullable=True),
        sa.Column("region_name_ru", sa.String(length=80), nullable=True),
        sa.Column("region_name_en", sa.String(length=80), nullable=True),
        sa.Column("answer_median_s", sa.Float(), nullable=True),
        sa.Column("arrival_median_min", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sos_response_regional", schema=None) as batch_op:
        batch_op.create_index("ix_sosresp_region_month", ["region", "month"], unique=False)

    op.create_table(
        "suppression_loss",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("cells", sa.Integer(), nullable=False),
        sa.Column("cells_withheld", sa.Integer(), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.Column("events_withheld", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("month", "table_name", name="uq_suppression_loss"),
    )


def downgrade() -> None:
    op.drop_table("suppression_loss")
    with op.batch_alter_table("sos_response_regional", schema=None) as batch_op:
        batch_op.drop_index("ix_sosresp_region_month")

    op.drop_table("sos_response_regional")
    with op.batch_alter_table("sos_activations_regional", schema=None) as batch_op:
        batch_op.drop_index("ix_sosr_region_month")
        batch_op.drop_index("ix_sosr_month")

    op.drop_table("sos_activations_regional")
    with op.batch_alter_table("front_office_visits_regional", schema=None) as batch_op:
        batch_op.drop_index("ix_fovr_region_month")
        batch_op.drop_index("ix_fovr_month")

    op.drop_table("front_office_visits_regional")
    with op.batch_alter_table("front_office_visits_monthly", schema=None) as batch_op:
        batch_op.drop_index("ix_fovm_region_month")
        batch_op.drop_index("ix_fovm_office_month")
        batch_op.drop_index("ix_fovm_month")

    op.drop_table("front_office_visits_monthly")
    with op.batch_alter_table("front_office_visits_daily", schema=None) as batch_op:
        batch_op.drop_index("ix_fovd_region_date")
        batch_op.drop_index("ix_fovd_office_date")
        batch_op.drop_index("ix_fovd_date")

    op.drop_table("front_office_visits_daily")
    with op.batch_alter_table("front_office_offices_monthly", schema=None) as batch_op:
        batch_op.drop_index("ix_foom_region_month")
        batch_op.drop_index("ix_foom_month")

    op.drop_table("front_office_offices_monthly")
    with op.batch_alter_table("camera_offenses_regional", schema=None) as batch_op:
        batch_op.drop_index("ix_camr_region_month")
        batch_op.drop_index("ix_camr_month")

    op.drop_table("camera_offenses_regional")
    with op.batch_alter_table("camera_offenses_district", schema=None) as batch_op:
        batch_op.drop_index("ix_camd_region_month")
        batch_op.drop_index("ix_camd_month")

    op.drop_table("camera_offenses_district")
