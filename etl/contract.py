"""The raw extract contract (shared/CONTRACTS.md) expressed as data.

Why data and not prose: extract, anonymise and validate must all agree on which
columns exist, which are personal and what a valid value is. Keeping that in one
frozen structure means a column cannot be "known" to the validator while being
forgotten by the anonymiser (which would let a personal value through).

Decisions the contract leaves open, taken here and relied upon downstream:

* ``required`` means both "the column must be present" (else the whole file is
  rejected) and "the cell must not be empty" (else the row is rejected with
  ``missing_value``). Optional columns may be absent or empty: empty means "not
  recorded", never zero.
* The contract marks only a few fields optional explicitly (``satisfaction``,
  ``patrol_arrival_min``, ``name_en``, ``opened_on``). Measurements that a source
  may legitimately not record (``wait_minutes``, ``answered_after_s``) and
  descriptive registry fields that make no sense for every facility type
  (addresses, ``hours`` and ``phone`` of a camera or an SOS button) are optional
  too, because rejecting a facility row for a missing phone number would make
  every event of that facility an ``unknown_facility``. ``targets.source`` is
  optional for the same reason (metadata, not a figure).
* Personal and free-text columns are listed (``personal=True``) so that they are
  recognised, dropped and never reported as "unknown extra columns".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from data import value_lists as shared  # the catalogue's lists, without the catalogue

# Every record read from a raw file keeps its 1-based record number in this column, from
# extract through anonymise and validate to the quarantine, so that a rejected row can be
# found again in the landing file. Its name can never clash with a contract column.
LINE_COLUMN = "_line"

Kind = Literal["id", "text", "timestamp", "date", "int", "number", "kato", "region", "enum"]


@dataclass(frozen=True)
class Column:
    """One column of a raw extract and the rule its values must satisfy."""

    name: str
    kind: Kind
    required: bool
    personal: bool = (
        False  # PERSONAL or free-text: dropped by anonymise, never validated, never echoed
    )
    allowed: frozenset[str] | None = None  # enum vocabulary (lower-case)
    min: float | None = None  # inclusive bounds for int / number
    max: float | None = None


@dataclass(frozen=True)
class TableContract:
    """One raw table: its columns and the roles some of them play."""

    name: str
    columns: tuple[Column, ...]
    id_column: str | None
    time_column: str | None
    facility_column: str | None
    facility_type: str | None
    # Columns whose combination must be unique within a file. Equal to
    # (id_column,) when there is one; targets have no id but a natural key.
    key: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """All column names the contract knows (personal ones included)."""
        return tuple(c.name for c in self.columns)

    @property
    def public_columns(self) -> tuple[Column, ...]:
        """Columns that survive anonymisation."""
        return tuple(c for c in self.columns if not c.personal)

    @property
    def personal_names(self) -> tuple[str, ...]:
        """Columns that must never leave the extract stage."""
        return tuple(c.name for c in self.columns if c.personal)

    @property
    def required_names(self) -> tuple[str, ...]:
        """Columns whose absence rejects the whole file."""
        return tuple(c.name for c in self.columns if c.required and not c.personal)

    def column(self, name: str) -> Column:
        """Look a column up by name (KeyError when the contract does not know it)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


# The closed value lists are the catalogue's (data.value_lists, published by data.catalog);
# the contract checks raw rows against the same lists, as sets.
CHANNELS = frozenset(shared.CHANNELS)
TOPICS = frozenset(shared.TOPICS)
VISIT_OUTCOMES = frozenset(shared.VISIT_OUTCOMES)
SOS_CATEGORIES = frozenset(shared.SOS_CATEGORIES)
# Not published as a category field, so it is declared here only.
SOS_OUTCOMES = frozenset(("patrol_dispatched", "ambulance_called", "advice_given", "no_action"))
OFFENSE_KINDS = frozenset(shared.OFFENSE_KINDS)
OFFENSE_CATEGORIES = frozenset(shared.OFFENSE_CATEGORIES)
OFFENSE_STATUSES = frozenset(shared.OFFENSE_STATUSES)
FACILITY_TYPES = frozenset(shared.FACILITY_TYPES)
FACILITY_STATUSES = frozenset(shared.FACILITY_STATUSES)
INDICATORS = frozenset(shared.TARGET_INDICATORS)

# Kazakhstan's bounding box (decimal degrees), used to catch swapped or garbled coordinates.
LAT_MIN, LAT_MAX = 40.5, 55.5
LON_MIN, LON_MAX = 46.4, 87.4

# Timestamps without an offset are local time where the event happened. Offsets are folded
# to UTC+5 first (the whole country since 1 March 2024), then moved to the region's own zone:
# until 1 March 2024 the east (Asia/Almaty, Asia/Qostanay) was UTC+6. IANA zones from the
# pinned `tzdata` package, so a future change of the law is a package update.
LOCAL_UTC_OFFSET_HOURS = 5
DEFAULT_ZONE = "Asia/Almaty"
REGION_ZONES = {
    "KZ-39": "Asia/Qostanay",  # Kostanay
    "KZ-15": "Asia/Aqtobe",  # Aktobe
    "KZ-27": "Asia/Oral",  # West Kazakhstan
    "KZ-23": "Asia/Atyrau",  # Atyrau
    "KZ-47": "Asia/Aqtau",  # Mangystau
    "KZ-43": "Asia/Qyzylorda",  # Kyzylorda
}  # every other region: DEFAULT_ZONE


def region_zone(iso_code: str) -> str:
    return REGION_ZONES.get(iso_code, DEFAULT_ZONE)


def _personal(name: str) -> Column:
    return Column(name, "text", required=False, personal=True)


FRONT_OFFICE_VISITS = TableContract(
    name="front_office_visits",
    columns=(
        Column("visit_id", "id", required=True),
        Column("visited_at", "timestamp", required=True),
        Column("office_id", "id", required=True),
        Column("channel", "enum", required=True, allowed=CHANNELS),
        Column("topic", "enum", required=True, allowed=TOPICS),
        Column("outcome", "enum", required=True, allowed=VISIT_OUTCOMES),
        Column("wait_minutes", "int", required=False, min=0),
        Column("satisfaction", "int", required=False, min=1, max=5),
        _personal("visitor_iin"),
        _personal("visitor_name"),
        _personal("visitor_phone"),
        _personal("comment"),
    ),
    id_column="visit_id",
    time_column="visited_at",
    facility_column="office_id",
    facility_type="front_office",
    key=("visit_id",),
)

SOS_ACTIVATIONS = TableContract(
    name="sos_activations",
    columns=(
        Column("event_id", "id", required=True),
        Column("activated_at", "timestamp", required=True),
        Column("button_id", "id", required=True),
        Column("category", "enum", required=True, allowed=SOS_CATEGORIES),
        Column("answered_after_s", "int", required=False, min=0),
        Column("patrol_arrival_min", "number", required=False, min=0),
        Column("outcome", "enum", required=True, allowed=SOS_OUTCOMES),
        _personal("operator_id"),
        _personal("notes"),
    ),
    id_column="event_id",
    time_column="activated_at",
    facility_column="button_id",
    facility_type="sos_button",
    key=("event_id",),
)

CAMERA_OFFENSES = TableContract(
    name="camera_offenses",
    columns=(
        Column("record_id", "id", required=True),
        Column("recorded_at", "timestamp", required=True),
        Column("camera_id", "id", required=True),
        Column("district_kato", "kato", required=True),
        Column("kind", "enum", required=True, allowed=OFFENSE_KINDS),
        Column("category", "enum", required=True, allowed=OFFENSE_CATEGORIES),
        Column("status", "enum", required=True, allowed=OFFENSE_STATUSES),
        _personal("vehicle_plate"),
        _personal("offender_iin"),
    ),
    id_column="record_id",
    time_column="recorded_at",
    facility_column="camera_id",
    facility_type="camera",
    key=("record_id",),
)

FACILITIES = TableContract(
    name="facilities",
    columns=(
        Column("facility_id", "id", required=True),
        Column("type", "enum", required=True, allowed=FACILITY_TYPES),
        Column("kato", "kato", required=True),
        Column("name_kk", "text", required=True),
        Column("name_ru", "text", required=True),
        Column("name_en", "text", required=False),
        Column("address_kk", "text", required=False),
        Column("address_ru", "text", required=False),
        Column("lat", "number", required=True, min=LAT_MIN, max=LAT_MAX),
        Column("lon", "number", required=True, min=LON_MIN, max=LON_MAX),
        Column("status", "enum", required=True, allowed=FACILITY_STATUSES),
        Column("opened_on", "date", required=False),
        Column("hours", "text", required=False),
        Column("phone", "text", required=False),  # public desk phone, not personal
    ),
    id_column="facility_id",
    time_column=None,
    facility_column=None,
    facility_type=None,
    key=("facility_id",),
)

TARGETS = TableContract(
    name="targets",
    columns=(
        Column("region", "region", required=True),
        Column("indicator", "enum", required=True, allowed=INDICATORS),
        Column("period_end", "date", required=True),
        Column("target_value", "number", required=True, min=0),
        Column("source", "text", required=False),
    ),
    id_column=None,
    time_column=None,
    facility_column=None,
    facility_type=None,
    # Two plan figures for the same region, indicator and due date contradict each other.
    key=("region", "indicator", "period_end"),
)

TABLES: dict[str, TableContract] = {
    t.name: t for t in (FRONT_OFFICE_VISITS, SOS_ACTIVATIONS, CAMERA_OFFENSES, FACILITIES, TARGETS)
}
EVENT_TABLES = ("front_office_visits", "sos_activations", "camera_offenses")


def _event_role(role: str) -> dict[str, str]:
    """Table -> its column playing ``role`` (a TableContract field), for every event table.

    Derived from the contracts above, never written out again elsewhere: the generator, the
    pipeline and the tests read the roles here. Every event table has all three roles.
    """
    columns = {table: getattr(TABLES[table], role) for table in EVENT_TABLES}
    if None in columns.values():
        raise ValueError(f"an event table has no {role}")  # a contract bug
    return columns


EVENT_ID_COLUMN = _event_role("id_column")
EVENT_TIME_COLUMN = _event_role("time_column")
EVENT_FACILITY_COLUMN = _event_role("facility_column")
