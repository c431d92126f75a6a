"""Published aggregates of events: front-office visits, SOS activations, camera offences and
regional indicators, each cell suppressed below k by the ETL. The grains published since issue 8
are here, and the three tables issue 8 retired (data.schema.RETIRED_TABLES), still declared so
that the migrations keep them. Read them as data.schema.<name> like every other table.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Float, Index, Integer, String, Table, UniqueConstraint

from data.schema_columns import region_names, row_id
from data.schema_metadata import metadata

# ---------------------------------------------------------------- published aggregates
front_office_visits = Table(
    "front_office_visits",
    metadata,
    row_id(),
    Column("date", Date, nullable=False),
    Column("region", String(5), nullable=False),
    Column("district_kato", String(9), nullable=False),
    Column("office_id", String(20), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("topic", String(30), nullable=False),
    Column("outcome", String(30), nullable=False),
    Column("visits", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Column("wait_median_min", Float, nullable=True),
    Column("satisfaction_mean", Float, nullable=True),
    Column("satisfaction_n", Integer, nullable=True),
    Index("ix_fov_region_date", "region", "date"),
    Index("ix_fov_date", "date"),
    Index("ix_fov_office_date", "office_id", "date"),
)

sos_activations_daily = Table(
    "sos_activations_daily",
    metadata,
    row_id(),
    Column("date", Date, nullable=False),
    Column("region", String(5), nullable=False),
    Column("category", String(20), nullable=False),
    Column("activations", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Index("ix_sosd_region_date", "region", "date"),
    Index("ix_sosd_date", "date"),
)

sos_activations_monthly = Table(
    "sos_activations_monthly",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("region", String(5), nullable=False),
    Column("district_kato", String(9), nullable=False),
    Column("button_id", String(20), nullable=False),
    Column("activations", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Column("answer_median_s", Float, nullable=True),
    Column("arrival_median_min", Float, nullable=True),
    Index("ix_sosm_region_month", "region", "month"),
    Index("ix_sosm_month", "month"),
)

camera_offenses = Table(
    "camera_offenses",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("region", String(5), nullable=False),
    Column("district_kato", String(9), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("category", String(30), nullable=False),
    Column("status", String(30), nullable=False),
    Column("offenses", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Index("ix_cam_region_month", "region", "month"),
    Index("ix_cam_month", "month"),
)

region_indicators = Table(
    "region_indicators",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("region", String(5), nullable=False),
    Column("indicator", String(40), nullable=False),
    Column("value", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    UniqueConstraint("month", "region", "indicator", name="uq_region_indicators"),
    Index("ix_ri_region_month", "region", "month"),
)


# ---------------------------------------------------------------- publications of issue 8
# Grains chosen for the questions users ask (see etl.aggregate); region names beside codes.
front_office_visits_daily = Table(
    "front_office_visits_daily",
    metadata,
    row_id(),
    Column("date", Date, nullable=False),
    Column("region", String(5), nullable=False),
    *region_names(),
    Column("district_kato", String(9), nullable=False),
    Column("office_id", String(20), nullable=False),
    Column("visits", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Index("ix_fovd_region_date", "region", "date"),
    Index("ix_fovd_date", "date"),
    Index("ix_fovd_office_date", "office_id", "date"),
)

front_office_offices_monthly = Table(
    "front_office_offices_monthly",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("region", String(5), nullable=False),
    *region_names(),
    Column("district_kato", String(9), nullable=False),
    Column("office_id", String(20), nullable=False),
    Column("visits", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Column("wait_median_min", Float, nullable=True),
    Column("satisfaction_mean", Float, nullable=True),
    Column("satisfaction_n", Integer, nullable=True),
    Index("ix_foom_region_month", "region", "month"),
    Index("ix_foom_month", "month"),
)

front_office_visits_monthly = Table(
    "front_office_visits_monthly",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("region", String(5), nullable=False),
    *region_names(),
    Column("district_kato", String(9), nullable=False),
    Column("office_id", String(20), nullable=False),
    Column("breakdown", String(10), nullable=False),
    Column("category", String(30), nullable=False),
    Column("visits", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Index("ix_fovm_region_month", "region", "month"),
    Index("ix_fovm_month", "month"),
    Index("ix_fovm_office_month", "office_id", "month"),
)

front_office_visits_regional = Table(
    "front_office_visits_regional",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("region", String(5), nullable=False),
    *region_names(),
    Column("channel", String(20), nullable=False),
    Column("topic", String(30), nullable=False),
    Column("outcome", String(30), nullable=False),
    Column("visits", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Index("ix_fovr_region_month", "region", "month"),
    Index("ix_fovr_month", "month"),
)

sos_activations_regional = Table(
    "sos_activations_regional",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("region", String(5), nullable=False),
    *region_names(),
    Column("category", String(20), nullable=False),
    Column("activations", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Index("ix_sosr_region_month", "region", "month"),
    Index("ix_sosr_month", "month"),
)

sos_response_regional = Table(
    "sos_response_regional",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("region", String(5), nullable=False),
    *region_names(),
    Column("answer_median_s", Float, nullable=True),
    Column("arrival_median_min", Float, nullable=True),
    Index("ix_sosresp_region_month", "region", "month"),
)

camera_offenses_district = Table(
    "camera_offenses_district",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("region", String(5), nullable=False),
    *region_names(),
    Column("district_kato", String(9), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("status", String(30), nullable=False),
    Column("offenses", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Index("ix_camd_region_month", "region", "month"),
    Index("ix_camd_month", "month"),
)

camera_offenses_regional = Table(
    "camera_offenses_regional",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("region", String(5), nullable=False),
    *region_names(),
    Column("kind", String(20), nullable=False),
    Column("category", String(30), nullable=False),
    Column("offenses", Integer, nullable=True),
    Column("suppressed", Boolean, nullable=False),
    Index("ix_camr_region_month", "region", "month"),
    Index("ix_camr_month", "month"),
)
