"""The warehouse schema (SQLAlchemy Core).

Three kinds of tables:
- reference: the 20 units, population, boundaries, key figures from public sources;
- published: anonymised, suppressed aggregates — the only tables the API and the dashboard read.
  The aggregates of events are declared in data.schema_aggregates; the facilities, cameras,
  targets and publications here;
- internal: ETL book-keeping (runs, nights, files, quarantine, facility index), declared in
  data.schema_internal. No personal value is stored anywhere: the ETL drops personal columns
  before anything is written.

Every table is read as data.schema.<name>, wherever it is declared: this module re-exports them.
Every published table has an integer `id` so that keyset pagination has a unique tie-breaker.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Re-exported: every table is read as data.schema.<name>, wherever it is declared.
from data.schema_aggregates import (
    camera_offenses,
    camera_offenses_district,
    camera_offenses_regional,
    front_office_offices_monthly,
    front_office_visits,
    front_office_visits_daily,
    front_office_visits_monthly,
    front_office_visits_regional,
    region_indicators,
    sos_activations_daily,
    sos_activations_monthly,
    sos_activations_regional,
    sos_response_regional,
)
from data.schema_columns import row_id
from data.schema_internal import etl_files, etl_nights, etl_runs, facility_index, quarantine
from data.schema_metadata import metadata

# ---------------------------------------------------------------- reference
regions = Table(
    "regions",
    metadata,
    Column("iso_code", String(5), primary_key=True),
    Column("kato_prefix", String(2), nullable=False, unique=True),
    Column("name_kk", String(80), nullable=False),
    Column("name_ru", String(80), nullable=False),
    Column("name_en", String(80), nullable=False),
    Column("centre_kk", String(80), nullable=False),
    Column("centre_ru", String(80), nullable=False),
    Column("centre_en", String(80), nullable=False),
    Column("centre_lat", Float, nullable=False),
    Column("centre_lon", Float, nullable=False),
)

population = Table(
    "population",
    metadata,
    row_id(),
    Column("region", String(5), nullable=False),
    Column("year", Integer, nullable=False),
    Column("population", Float, nullable=False),
    Column("measure", String(20), nullable=False),
    UniqueConstraint("region", "year", name="uq_population_region_year"),
)

region_boundaries = Table(
    "region_boundaries",
    metadata,
    Column("region", String(5), primary_key=True),
    Column("geometry", Text, nullable=False),
    Column("attribution", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

key_figures = Table(
    "key_figures",
    metadata,
    Column("id", String(60), primary_key=True),
    Column("scope", String(5), nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String(30), nullable=False),
    Column("period", String(40), nullable=False),
    Column("label_kk", Text, nullable=False),
    Column("label_ru", Text, nullable=False),
    Column("label_en", Text, nullable=False),
    Column("source_file", String(80), nullable=False),
    Column("source_title", Text, nullable=False),
    Column("publisher", Text, nullable=False),
    Column("published_on", Date, nullable=True),
    Column("language", String(2), nullable=False),
)


# What suppression cost, per table and complete month (internal: the catalogue publishes
# shares over all months, rounded, never a month's exact hidden sum).
suppression_loss = Table(
    "suppression_loss",
    metadata,
    row_id(),
    Column("month", Date, nullable=False),
    Column("table_name", String(40), nullable=False),
    Column("cells", Integer, nullable=False),
    Column("cells_withheld", Integer, nullable=False),
    Column("events", BigInteger, nullable=False),
    Column("events_withheld", BigInteger, nullable=False),
    UniqueConstraint("month", "table_name", name="uq_suppression_loss"),
)

facilities = Table(
    "facilities",
    metadata,
    row_id(),
    Column("facility_id", String(20), nullable=False, unique=True),
    Column("type", String(20), nullable=False),
    Column("region", String(5), nullable=False),
    Column("district_kato", String(9), nullable=False),
    Column("name_kk", Text, nullable=True),
    Column("name_ru", Text, nullable=True),
    Column("name_en", Text, nullable=True),
    Column("address_kk", Text, nullable=True),
    Column("address_ru", Text, nullable=True),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("status", String(20), nullable=False),
    Column("opened_on", Date, nullable=True),
    Column("hours", Text, nullable=True),
    Column("phone", String(40), nullable=True),
    Index("ix_fac_region_type", "region", "type"),
)

cameras_by_district = Table(
    "cameras_by_district",
    metadata,
    row_id(),
    Column("region", String(5), nullable=False),
    Column("district_kato", String(9), nullable=False),
    Column("status", String(20), nullable=False),
    Column("cameras", Integer, nullable=False),
    UniqueConstraint("district_kato", "status", name="uq_cameras_by_district"),
)

targets = Table(
    "targets",
    metadata,
    row_id(),
    Column("region", String(5), nullable=False),
    Column("indicator", String(40), nullable=False),
    Column("period_end", Date, nullable=False),
    Column("target_value", Float, nullable=False),
    Column("actual_value", Float, nullable=True),
    Column("progress", Float, nullable=True),
    Column("status", String(20), nullable=False),
    Column("source", Text, nullable=True),
    Column("as_of", Date, nullable=False),
    UniqueConstraint("region", "indicator", "period_end", name="uq_targets"),
)

publications = Table(
    "publications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("run_id", Integer, nullable=True),
    Column("is_demo", Boolean, nullable=False),
    Column("nights_from", Date, nullable=True),
    Column("nights_to", Date, nullable=True),
    Column("changes", JSON, nullable=False),
)

PUBLISHED_TABLES = (
    regions,
    population,
    key_figures,
    front_office_visits_daily,
    front_office_offices_monthly,
    front_office_visits_monthly,
    front_office_visits_regional,
    sos_activations_regional,
    sos_activations_monthly,
    sos_response_regional,
    camera_offenses_district,
    camera_offenses_regional,
    region_indicators,
    facilities,
    cameras_by_district,
    targets,
    publications,
)
# Retired by issue 8 (their grain left most cells withheld, and their margins leaked): no
# longer written; the API answers 410 with a pointer to the successors (data.catalog.RETIRED).
RETIRED_TABLES = (front_office_visits, sos_activations_daily, camera_offenses)
INTERNAL_TABLES = (
    etl_runs,
    etl_nights,
    etl_files,
    quarantine,
    facility_index,
    region_boundaries,
    suppression_loss,
)
